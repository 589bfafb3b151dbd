"""One large CSV export: peak RSS must stay under 500 MB however large the file, and the wall
time, CPU seconds and cells per CPU second are printed next to a plain read of the same file with
Python's csv module (and, with --before, next to another installation's piplscan on the same file,
whose report must be the same).

The file is a customer export (synthetic, checksum-valid values): customer number, name, ID
number, mobile, e-mail, address, amount, date, product code and a remark, every row a customer.
Values come from pools built once (so the file is written at disk speed); the pools are large
enough that distinct counts go past the exact range into the estimate.

    /work/venv/bin/python benchmarks/big_csv.py [--mb 1000] [--workers 1] [--before OTHER/bin/piplscan]
"""

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.column_reference import compare  # noqa: E402
from benchmarks.git_scan import ENV, run_measured  # noqa: E402  (wall, CPU time and peak RSS of a command)
from tests import synthetic  # noqa: E402

PIPLSCAN = str(Path(sys.executable).with_name("piplscan"))
RSS_LIMIT_MIB = 500
POOL = 200_000
ROADS = ("科技园路", "建国路", "中山大道", "人民路", "解放街", "南京西路", "滨河大道")
CITIES = ("广东省深圳市南山区", "北京市朝阳区", "上海市静安区", "浙江省杭州市西湖区", "四川省成都市武侯区")
# What must not change between two installations' reports (not their times).
SAME = ("findings", "columns", "columns_rejected", "summary", "risk", "advice", "assets", "errors", "skipped")
HEADER = "客户编号,姓名,身份证号,手机号,邮箱,地址,金额,日期,产品编码,备注\n"


def write_export(path: Path, size: int, rng: random.Random) -> int:
    names = [synthetic.person_name(rng) for _ in range(POOL // 10)]
    ids = [synthetic.resident_id(rng) for _ in range(POOL)]
    mobiles = [synthetic.mobile(rng) for _ in range(POOL)]
    emails = [synthetic.email(rng) for _ in range(POOL // 4)]
    addresses = [f"{rng.choice(CITIES)}{rng.choice(ROADS)}{rng.randint(1, 999)}号{rng.randint(1, 30)}栋{rng.randint(101, 2999)}室"
                 for _ in range(POOL // 4)]
    remarks = [synthetic.prose_line(rng, rng.randint(10, 40)) for _ in range(1000)]
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as stream:
        stream.write(HEADER)
        written = len(HEADER.encode("utf-8"))
        while written < size:
            block = []
            for _ in range(10_000):
                block.append(f"C{rows:09d},{rng.choice(names)},{rng.choice(ids)},{rng.choice(mobiles)},{rng.choice(emails)},"
                             f"{rng.choice(addresses)},{rng.randint(1, 99999)}.{rng.randint(0, 99):02d},"
                             f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d},SKU-{rng.randint(10**5, 10**6 - 1)},"
                             f"{rng.choice(remarks)}\n")
                rows += 1
            text = "".join(block)
            stream.write(text)
            written += len(text.encode("utf-8"))
    return rows


def plain_read(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as stream:
        return sum(1 for _ in csv.reader(stream))


def scan(piplscan: str, export: Path, workers: int, output: Path) -> tuple[tuple[float, float, float, int], dict]:
    """(wall s, CPU s, peak RSS MiB, exit code) and the report; one fingerprint key for both installations."""
    env = {**ENV, "PIPLSCAN_FINGERPRINT_KEY": "big-csv-benchmark"}
    measured = run_measured([piplscan, "scan", str(export), "--workers", str(workers), "--file-time-limit", "0",
                             "--output", str(output)], output.parent, env)
    return measured, json.loads(output.read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--reference-mb", type=float, default=5, help="Size of the export compared with the reference path.")
    parser.add_argument("--before", help="another installation's piplscan, run beside this one on the same export")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "客户导出.csv"
        started = time.perf_counter()
        rows = write_export(export, int(args.mb * 1e6), random.Random(1000))
        size, cells = export.stat().st_size, rows * 10
        print(f"export: {size / 1e6:.0f} MB, {rows:,} rows of 10 columns; written in {time.perf_counter() - started:.0f} s")
        started, cpu = time.perf_counter(), time.process_time()
        plain_read(export)
        plain = (time.perf_counter() - started, time.process_time() - cpu, 0.0, 0)
        runs = {"csv module, read every row": (plain, None)}
        if args.before:
            runs["piplscan scan (before)"] = scan(args.before, export, args.workers, Path(folder) / "before.json")
        runs["piplscan scan"] = scan(PIPLSCAN, export, args.workers, Path(folder) / "report.json")
        print(f"{'run':<28} {'wall s':>8} {'CPU s':>8} {'MB/CPU s':>9} {'cells/CPU s':>12} {'peak RSS MiB':>13}")
        for label, ((wall, cpu_s, rss, _), _) in runs.items():
            peak = f"{rss:.0f}" if rss else ""
            print(f"{label:<28} {wall:>8.1f} {cpu_s:>8.1f} {size / 1e6 / cpu_s:>9.2f} {cells / cpu_s:>12,.0f}"
                  f" {peak:>13}")
        (wall, cpu_s, rss, _), report = runs["piplscan scan"]
        print(f"piplscan takes {cpu_s / plain[1]:.0f}x a plain read's CPU; findings listed: {len(report['findings'])}; "
              f"errors: {len(report['errors'])}")
        for column in report["columns"]:
            print(f"  {column['column_name']:<6} {column['entity_type']:<18} {column['matching_rows']:>11,} of {column['rows_sampled']:,} rows, "
                  f"{'≈' if column['distinct_estimated'] else ''}{column['distinct_values']:,} distinct")
        verdict = "under" if rss < RSS_LIMIT_MIB else "OVER"
        print(f"peak RSS {rss:.0f} MiB: {verdict} the {RSS_LIMIT_MIB} MiB limit")
        same_as_before = True
        if args.before:
            before = runs["piplscan scan (before)"][1]
            differing = [key for key in SAME if before[key] != report[key]]
            same_as_before = not differing
            verdict = "identical" if same_as_before else f"DIFFERENT ({', '.join(differing)})"
            print(f"report vs before's: {verdict}")
        small = Path(folder) / "小导出.csv"
        write_export(small, int(args.reference_mb * 1e6), random.Random(1001))
        same = compare([str(small)])
        print(f"{args.reference_mb:g} MB export: {same}")
        if rss >= RSS_LIMIT_MIB or "identical" not in same or not same_as_before:
            sys.exit(1)


if __name__ == "__main__":
    main()
