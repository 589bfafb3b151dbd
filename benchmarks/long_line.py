"""Files of one line without a line end, of growing size: wall time, MB/s and peak RSS of
``piplscan scan`` over each, so that the cost can be seen to grow linearly and memory to stay flat.

Two shapes, each at --sizes MB: a CSV of comma-separated values (a dump written without line
ends) and a text file of space-separated values. One value in a thousand is a synthetic mobile
number; the rest are digits and words that match nothing. The count of findings is printed too
(a CSV line is one row: its columns are tallied, 20 examples a column are listed).

Then the same customer records as one JSON array on one line and as JSON Lines (a record a
line): the issue asks the one-line file to cost at most 1.5 times its JSONL form (``--json-mb``).

Run: python benchmarks/long_line.py [--sizes 25,50,100,200] [--json-mb 50]
"""

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.git_scan import measure  # noqa: E402  (wall time and peak RSS of a command)
from tests import synthetic  # noqa: E402

PIPLSCAN = str(Path(sys.executable).with_name("piplscan"))


def write_line(path: Path, megabytes: int, separator: str, rng: random.Random) -> None:
    phones = [synthetic.mobile(rng) for _ in range(200)]
    block = separator.join(rng.choice(phones) if index % 1000 == 0 else f"v{index % 997}x" for index in range(100_000))
    block = (block + separator).encode()
    with path.open("wb") as stream:
        for _ in range(megabytes * (1 << 20) // len(block) + 1):
            stream.write(block)


def write_records(folder: Path, megabytes: int, rng: random.Random) -> tuple[Path, Path]:
    """The same records as one JSON array on one line, and as JSON Lines."""
    records = [json.dumps({**synthetic.customer_row(rng), "address": f"北京市朝阳区建国路{rng.randint(1, 200)}号",
                           "note": "客户回访：诊断：高血压，已随访。", "amount": f"{rng.randrange(10**6)}.00"}, ensure_ascii=False)
               for _ in range(2000)]
    repeats = megabytes * (1 << 20) // sum(len(r.encode()) + 1 for r in records) + 1
    one_line, lines = folder / "records.json", folder / "records.jsonl"
    one_line.write_text("[" + ",".join(records * repeats) + "]", encoding="utf-8")
    lines.write_text("\n".join(records * repeats) + "\n", encoding="utf-8")
    return one_line, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="25,50,100,200")
    parser.add_argument("--json-mb", type=int, default=50)
    arguments = parser.parse_args()
    rng = random.Random(8)
    print(f"{'file':<10} {'MB':>6} {'seconds':>9} {'MB/s':>7} {'peak RSS MB':>12}")
    with tempfile.TemporaryDirectory() as folder:
        for name, separator in (("line.csv", ","), ("line.txt", " ")):
            for megabytes in map(int, arguments.sizes.split(",")):
                path = Path(folder) / name
                write_line(path, megabytes, separator, rng)
                size = path.stat().st_size / (1 << 20)
                wall, peak, _ = measure([PIPLSCAN, "scan", str(path), "--format", "json", "-o", str(Path(folder) / "r.json"),
                                         "--file-time-limit", "0"], Path(folder), 1)
                print(f"{name:<10} {size:6.0f} {wall:9.1f} {size / wall:7.2f} {peak:12.0f}", flush=True)
        if arguments.json_mb:
            walls = {}
            for path in write_records(Path(folder), arguments.json_mb, rng):
                size = path.stat().st_size / (1 << 20)
                walls[path.suffix], peak, _ = measure([PIPLSCAN, "scan", str(path), "--format", "json", "-o", str(Path(folder) / "r.json"),
                                                       "--file-time-limit", "0"], Path(folder), 1)
                print(f"{path.name:<13} {size:6.0f} {walls[path.suffix]:9.1f} {size / walls[path.suffix]:7.2f} {peak:12.0f}", flush=True)
            print(f"one line / JSON Lines: {walls['.json'] / walls['.jsonl']:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
