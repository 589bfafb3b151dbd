"""Scanning a PostgreSQL database: the default sample against --full, next to a plain read.

Creates the schema ``piplscan_bench`` in the database at $PIPLSCAN_TEST_POSTGRES_URL (default
postgresql+psycopg://postgres@127.0.0.1:5432/test) with --tables tables of --rows rows each, mixed
personal and other columns (synthetic, checksum-valid values), then times through the CLI:

- a plain read of every row with psycopg (the floor: what the server and the driver cost);
- ``piplscan scan URL --include 'piplscan_bench.*'`` (10,000 rows a table, TABLESAMPLE);
- the same with ``--full``.

The scanner reads tables in --workers processes (default: one per core), each with its own
connection; the plain read uses one.
Prints wall time (the sample's: a median of --repeat runs), rows/s and peak RSS of each.
Run: python benchmarks/database_scan.py [--keep] [--repeat 3]
"""

import argparse
import io
import json
import os
import random
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.column_reference import compare  # noqa: E402
from benchmarks.git_scan import measure  # noqa: E402  (wall time and peak RSS of a command)
from scanner.sources.database import DatabaseOptions  # noqa: E402
from tests import synthetic  # noqa: E402

URL = os.environ.get("PIPLSCAN_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SCHEMA = "piplscan_bench"
PIPLSCAN = str(Path(sys.executable).with_name("piplscan"))
# Each table takes a rotating subset of these; id, amount and created are never personal.
COLUMNS = {
    "xm": "text", "sfzh": "varchar(18)", "sjh": "bigint", "yhkh": "varchar(19)", "email": "text",
    "remark": "text", "amount": "numeric(12,2)", "created": "date", "order_no": "varchar(16)",
}


def create(connection: psycopg.Connection, tables: int, rows: int, rng: random.Random) -> None:
    """One base table loaded with COPY, the others copied from it server-side (fast to build)."""
    connection.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    connection.execute(f"CREATE SCHEMA {SCHEMA}")
    columns = ", ".join(f"{name} {kind}" for name, kind in COLUMNS.items())
    connection.execute(f"CREATE TABLE {SCHEMA}.base (id bigint PRIMARY KEY, {columns})")
    buffer = io.StringIO()
    for i in range(1, rows + 1):
        person = synthetic.customer_row(rng)
        remark = f"客户来电 {synthetic.mobile(rng)} 要求回访" if i % 5 == 0 else synthetic.prose_line(rng, 40)
        buffer.write("\t".join([str(i), person["name"], person["id"], person["mobile"], person["card"], person["email"], remark,
                                f"{rng.randrange(10**6) / 100:.2f}", "2025-01-01", f"DD{rng.randrange(10**10):010d}"]) + "\n")
    with connection.cursor().copy(f"COPY {SCHEMA}.base FROM STDIN") as copy:
        copy.write(buffer.getvalue())
    names = list(COLUMNS)
    for index in range(tables):
        chosen = ["id"] + [names[(index + k) % len(names)] for k in range(5)]
        connection.execute(f"CREATE TABLE {SCHEMA}.t{index:03d} AS SELECT {', '.join(dict.fromkeys(chosen))} FROM {SCHEMA}.base")
    connection.execute(f"DROP TABLE {SCHEMA}.base")
    connection.execute("ANALYZE")


def plain_read(tables: int) -> tuple[float, int]:
    started, count = time.perf_counter(), 0
    with psycopg.connect(URL.replace("postgresql+psycopg", "postgresql")) as connection:
        for index in range(tables):
            with connection.cursor(name=f"read{index}") as cursor:
                cursor.execute(f"SELECT * FROM {SCHEMA}.t{index:03d}")
                while batch := cursor.fetchmany(10_000):
                    count += len(batch)
    return time.perf_counter() - started, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=100)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--keep", action="store_true", help="Leave the schema for another run.")
    parser.add_argument("--repeat", type=int, default=3, help="Runs of the sampled scan (its median wall time is printed).")
    parser.add_argument("--reference-tables", type=int, default=3,
                        help="Tables read whole by both the column engine and the reference path, to compare.")
    args = parser.parse_args()
    plain_url = URL.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(plain_url, autocommit=True) as connection:
        exists = connection.execute("SELECT count(*) FROM pg_tables WHERE schemaname = %s", (SCHEMA,)).fetchone()[0]
        if exists != args.tables or not args.keep:
            started = time.perf_counter()
            create(connection, args.tables, args.rows, random.Random(100))
            print(f"created {args.tables} tables x {args.rows} rows in {time.perf_counter() - started:.0f} s")
        size = connection.execute("SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) FROM pg_class c "
                                  "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s", (SCHEMA,)).fetchone()[0]
    total = args.tables * args.rows
    print(f"database: {args.tables} tables x {args.rows:,} rows = {total:,} rows, {size}")
    read_s, read_rows = plain_read(args.tables)
    print(f"{'run':<38} {'wall s':>8} {'rows read':>11} {'rows/s':>10} {'peak RSS MiB':>13}")
    print(f"{'plain read (psycopg, all rows)':<38} {read_s:>8.1f} {read_rows:>11,} {read_rows / read_s:>10,.0f} {'':>13}")
    # A shared machine's runs of the same scan differ by a tenth: the sample's wall is a median.
    for label, extra, repeat in ((f"piplscan scan (sampled, median of {args.repeat})", [], args.repeat),
                                 ("piplscan scan --full", ["--full"], 1)):
        output = Path(f"/tmp/piplscan-bench-{os.getpid()}.json")
        wall, rss, _ = measure([PIPLSCAN, "scan", plain_url, "--include", f"{SCHEMA}.*", "--output", str(output), *extra],
                               Path.cwd(), repeat)
        report = json.loads(output.read_text(encoding="utf-8"))
        output.unlink()
        rows = report["stats"]["rows_sampled"]
        print(f"{label:<38} {wall:>8.1f} {rows:>11,} {rows / wall:>10,.0f} {rss:>13.0f}")
        columns = {(c["table"], c["column_name"]) for c in report["columns"]}
        print(f"  {len(columns)} columns with personal information, {len(report['errors'])} errors, "
              f"people (risk): {report['risk']['people']:,}")
    # A sample is drawn at random: the comparison reads whole tables, so both paths see the same rows.
    tables = tuple(f"{SCHEMA}.t{index:03d}" for index in range(min(args.reference_tables, args.tables)))
    same = compare([plain_url], DatabaseOptions(full=True, include=tables))
    print(f"{len(tables)} tables read whole: {same}")
    if not args.keep:
        with psycopg.connect(plain_url, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA {SCHEMA} CASCADE")


if __name__ == "__main__":
    main()
