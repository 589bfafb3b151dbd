"""Order-like columns against genuine ones: false positives per 10,000 values of business
numbers (random 16-19 digit order numbers, 11-digit amounts, serials) and the recall on card, ID
and phone columns of the same size (with 1 % typos), through the CLI, one CSV a column.

Each column is written twice: under a neutral header (``col``) and under its own header
(订单号, 金额, 卡号 …), since column judgement weighs both. Run:

    python benchmarks/order_columns.py [--rows 10000]
"""

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.column_reference import compare  # noqa: E402
from tests import synthetic  # noqa: E402

CLI = str(Path(sys.executable).with_name("piplscan"))


def _typo(value: str, rng: random.Random) -> str:
    last = value[-1]
    return value[:-1] + ("0" if last != "0" else "1") if last.isdigit() else value[:-1] + "0"


def columns(rng: random.Random, rows: int) -> list[tuple[str, str, bool, list[str]]]:
    """(name, its own header, genuine, values)."""
    business = [(f"order {n} digits", "订单号", False, [str(rng.randrange(10 ** (n - 1), 10 ** n)) for _ in range(rows)])
                for n in (16, 17, 18, 19)]
    business += [("amount 11 digits", "金额", False, [str(rng.randrange(10**10, 10**11)) for _ in range(rows)]),
                 ("serial 12-15 digits", "序列号", False, [str(rng.randrange(10**11, 10**15)) for _ in range(rows)])]
    genuine = [("UnionPay card", "卡号", synthetic.unionpay_card), ("resident ID", "身份证号", synthetic.resident_id),
               ("mobile", "手机号", synthetic.mobile)]
    made = []
    for name, header, make in genuine:
        values = [make(rng) for _ in range(rows)]
        made.append((name, header, True, [_typo(v, rng) if i % 100 == 0 else v for i, v in enumerate(values)]))
    return business + made


def scan(path: Path) -> dict:
    result = subprocess.run([CLI, "scan", str(path), "--format", "json", "--fail-on", "never", "--workers", "1"],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    rows = parser.parse_args().rows
    rng = random.Random(20261203)
    print(f"{'column':22} {'header':8} {'values':>7} {'found':>7} {'FP/10k':>8} {'recall':>7}  rejected as")
    with tempfile.TemporaryDirectory() as folder:
        for name, own_header, genuine, values in columns(rng, rows):
            for header in ("col", own_header):
                path = Path(folder) / "column.csv"
                path.write_text(header + "\n" + "\n".join(values) + "\n", encoding="utf-8")
                report = scan(path)
                found = report["summary"]["values"]
                rejected = ", ".join(sorted({c["entity_type"] for c in report["columns_rejected"]})) or "-"
                expected = sum(1 for i in range(rows) if i % 100)  # the values without a typo
                fp = "" if genuine else f"{found * 10_000 / rows:8.2f}"
                recall = f"{min(found, expected) / expected:7.3f}" if genuine else ""
                print(f"{name:22} {header:8} {rows:7,} {found:7,} {fp:>8} {recall:>7}  {rejected}")
        # Every column under both headers in one table, through the column engine and the reference path.
        made = columns(random.Random(20261203), rows)
        table = Path(folder) / "all.csv"
        lines = [",".join(header for _, own, _, _ in made for header in ("col", own))]
        lines += [",".join(values[i] for _, _, _, values in made for _ in range(2)) for i in range(rows)]
        table.write_text("\n".join(lines) + "\n", encoding="utf-8")
        same = compare([str(table)])
        print(same)
        if "identical" not in same:
            sys.exit(1)


if __name__ == "__main__":
    main()
