"""Precision and recall of the sensitive categories and credentials, per category, on a labelled
set: ``benchmarks/data/categories.jsonl`` (written by ``categories_build.py``, which says where each
line comes from: statutes, the UDHR, policy, news, advertisement, form and configuration lines
written to look like each type, and synthetic records).

    python benchmarks/categories.py [--data benchmarks/data/categories.jsonl] [--show-misses]

Every built-in recognizer runs (the real engine), so a record's name, ID or phone ties its
values as in a scan. A finding counts as a true positive when its type and value are expected
on that line; anything else of these types is a false positive; an expected value not found is
a false negative. False positives are also given by kind of line (a policy, the news …), and the
engine's speed, beside the same engine without the two record recognizers, on the set and on two
synthetic texts (tests/synthetic.py): Chinese prose without values, and record lines with an ID
and a phone each (every line is then a record the recognizers read).
"""

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recognizers import load_recognizers  # noqa: E402
from tests import synthetic  # noqa: E402
from recognizers.base import RecordRecognizer  # noqa: E402
from scanner.engine import DetectionEngine  # noqa: E402

CATEGORIES = ["HEALTH_INFO", "RELIGION", "CN_ETHNICITY", "MARITAL_HISTORY", "SEXUAL_ORIENTATION", "CRIMINAL_RECORD",
              "BIOMETRIC", "CREDENTIAL"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "benchmarks" / "data" / "categories.jsonl")
    parser.add_argument("--show-misses", action="store_true", help="print each false positive and negative (synthetic values)")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    recognizers = [item.recognizer for item in load_recognizers()]
    engine = DetectionEngine(recognizers, 0.4)
    baseline = DetectionEngine([r for r in recognizers if not isinstance(r, RecordRecognizer)], 0.4)
    for warm in (engine, baseline):  # lexicons and NLP pipelines load on first use, in each language
        for text in ("姓名：张三 宗教信仰：佛教 密码：abc123", "name: Anna, religion: Buddhist, password: abc123"):
            warm.analyze(text)

    tp, fp, fn = Counter(), Counter(), Counter()
    fp_by_kind = Counter()
    misses = []
    started = time.perf_counter()
    for row in rows:
        text = row["text"]
        found = Counter((r.entity_type, text[r.start:r.end]) for r in engine.analyze(text) if r.entity_type in CATEGORIES)
        expected = Counter(tuple(pair) for pair in row["expected"])
        for (entity, value), n in (found & expected).items():
            tp[entity] += n
        for (entity, value), n in (found - expected).items():
            fp[entity] += n
            fp_by_kind[(row["kind"], entity)] += n
            misses.append(("FP", entity, value, text))
        for (entity, value), n in (expected - found).items():
            fn[entity] += n
            misses.append(("FN", entity, value, text))
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    for row in rows:
        baseline.analyze(row["text"])
    baseline_seconds = time.perf_counter() - started

    kinds = Counter(row["kind"] for row in rows)
    print(f"{len(rows)} lines: " + ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items())))
    print(f"{'category':<20} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>7}")
    for entity in CATEGORIES + ["all"]:
        t, f, n = (sum(c.values()) for c in (tp, fp, fn)) if entity == "all" else (tp[entity], fp[entity], fn[entity])
        precision = f"{t / (t + f):.3f}" if t + f else "-"
        recall = f"{t / (t + n):.3f}" if t + n else "-"
        print(f"{entity:<20} {t:>4} {f:>4} {n:>4} {precision:>10} {recall:>7}")
    negatives = [k for k in kinds if k != "record"]
    print("false positives on lines that hold no one's data: "
          + ", ".join(f"{kind} {sum(n for (k, _), n in fp_by_kind.items() if k == kind)}/{kinds[kind]} lines" for kind in sorted(negatives)))
    size = sum(len(row["text"].encode()) for row in rows)
    print(f"engine over the set: {seconds:.2f} s with the record recognizers, {baseline_seconds:.2f} s without "
          f"({size / 1024:.0f} KB)")
    rng = random.Random(9)
    texts = {"prose": "".join(synthetic.prose_line(rng, 100) + "\n" for _ in range(5000)),
             "records": "".join(f"身份证号 {synthetic.resident_id(rng)} 手机 {synthetic.mobile(rng)}\n" for _ in range(2000))}
    for name, text in texts.items():
        speeds = []
        for measured in (engine, baseline):
            measured.analyze(text)  # warm: the engines share their recognizers' validation caches
            best = float("inf")
            for _ in range(3):
                started = time.perf_counter()
                measured.analyze(text)
                best = min(best, time.perf_counter() - started)
            speeds.append(len(text.encode()) / best / 1e6)
        print(f"{name}: {speeds[0]:.2f} MB/s with the record recognizers, {speeds[1]:.2f} MB/s without")
    if args.show_misses:
        for kind, entity, value, text in misses:
            print(f"  {kind} {entity} {value!r} in {text[:90]!r}")


if __name__ == "__main__":
    main()
