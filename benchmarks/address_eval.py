"""Precision and recall of the CN_ADDRESS recognizer on a labelled set.

    python benchmarks/address_eval.py [--data benchmarks/data/addresses.jsonl] [--cli] [--speed]

``benchmarks/data/addresses.jsonl``: one object a line, ``text``, ``expected`` (is there a postal
address in it: a division AND a street-level part), ``source`` (owner/repo@commit:path, or
"our design" for negatives made here) and optionally ``context`` (words that hold for the text,
like a column name: a road-first address counts only with one). A positive is a hit when the
recognizer reports a CN_ADDRESS on the text; "exact" counts the hits whose span is the whole
address as a reader would mark it (the text itself for the bare address strings). A negative is
a false positive when anything is reported.

``--cli`` also runs ``piplscan scan`` on the texts (one a line, without context) and counts a
line as found when the report has a CN_ADDRESS on it. ``--speed`` measures ``find()`` in MB/s
on Chinese prose from ``tests/synthetic.py`` and on address-dense text.
"""

import argparse
import collections
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recognizers.address import CnAddressRecognizer  # noqa: E402


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def report(title: str, rows: list[dict], found: list[bool]) -> None:
    tp = sum(f and r["expected"] for r, f in zip(rows, found))
    fp = sum(f and not r["expected"] for r, f in zip(rows, found))
    fn = sum(not f and r["expected"] for r, f in zip(rows, found))
    tn = len(rows) - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"{title}: TP {tp}  FN {fn}  FP {fp}  TN {tn}  precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")


def run_cli(rows: list[dict]) -> list[bool]:
    with tempfile.TemporaryDirectory() as tmp:
        cases = Path(tmp, "cases.txt")
        cases.write_text("".join(r["text"] + "\n" for r in rows), encoding="utf-8")
        out = Path(tmp, "report.json")
        exe = Path(sys.executable).with_name("piplscan")
        subprocess.run([str(exe), "scan", str(cases), "--format", "json", "--output", str(out)], capture_output=True, check=False)
        findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    lines = {f["location"]["line"] for f in findings if f["entity_type"] == "CN_ADDRESS"}
    return [i + 1 in lines for i in range(len(rows))]


def speed(recognizer: CnAddressRecognizer, rows: list[dict]) -> None:
    from tests import synthetic

    rng = random.Random(7)
    prose = "\n".join(synthetic.prose_line(rng) for _ in range(8000))
    addresses = [r["text"] for r in rows if r["expected"]]
    dense = "\n".join(rng.choice(addresses) for _ in range(20000))
    recognizer.find("预热")
    for label, text in (("Chinese prose (synthetic.prose_line)", prose), ("address-dense (one address a line)", dense)):
        size = len(text.encode("utf-8"))
        start = time.perf_counter()
        for _ in range(3):
            count = len(recognizer.find(text))
        seconds = (time.perf_counter() - start) / 3
        print(f"speed, {label}: {size / 1e6:.2f} MB in {seconds:.3f} s = {size / 1e6 / seconds:.1f} MB/s ({count} addresses)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT / "benchmarks" / "data" / "addresses.jsonl")
    ap.add_argument("--cli", action="store_true", help="also score the piplscan CLI on the texts")
    ap.add_argument("--speed", action="store_true", help="measure find() in MB/s")
    a = ap.parse_args()

    rows = load(a.data)
    recognizer = CnAddressRecognizer()
    found, exact = [], 0
    misses = []
    for r in rows:
        results = [x for x in recognizer.find(r["text"], tuple(r.get("context", ()))) if x.score >= 0.4]
        found.append(bool(results))
        spans = [r["text"][x.start:x.end] for x in results]
        if r["expected"] and not results:
            misses.append(("FN", r["text"], r["source"]))
        elif not r["expected"] and results:
            misses.append(("FP", r["text"] + "  -> " + " | ".join(spans), r["source"]))
        elif r["expected"] and spans == [r["text"].strip()]:
            exact += 1

    by_source = collections.Counter((r["source"].split("@")[0].split(" (")[0], r["expected"]) for r in rows)
    print(f"{len(rows)} labelled texts: {sum(r['expected'] for r in rows)} addresses, {sum(not r['expected'] for r in rows)} non-addresses")
    for (source, expected), n in sorted(by_source.items()):
        print(f"  {source:45s} {'address' if expected else 'non-address':12s} {n}")
    report("recognizer", rows, found)
    print(f"exact span (whole text) on {exact} of the hits")
    for kind, text, source in misses:
        print(f"  {kind}  {text}   [{source.split('@')[0]}]")
    if a.cli:
        report("piplscan CLI (no context)", rows, run_cli(rows))
    if a.speed:
        speed(recognizer, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
