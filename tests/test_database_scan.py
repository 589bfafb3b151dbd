"""Scanning databases end to end: the same generated customers in SQLite, PostgreSQL and MariaDB
give the same column tallies; columns are read with their names as context; the report never
carries a password; an unreachable server is an error entry and the scan goes on."""

import json
import os
import random
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy.exc import DBAPIError

from scanner.pipeline import Scanner, sources_for
from scanner.sources import database
from scanner.sources.database import DatabaseOptions
from scanner.sources.files import WalkOptions
from tests import synthetic
from tests.test_database import MARIADB_URL, POSTGRES_URL

CLI = [str(Path(sys.executable).with_name("piplscan"))]
ROWS = 1_200
KEY = b"database-scan-key"


def _broken_id(rng: random.Random) -> str:
    """18 characters shaped like an ID whose check character is wrong."""
    valid = synthetic.resident_id(rng)
    return valid[:17] + ("0" if valid[17] != "0" else "1")


@pytest.fixture(scope="module")
def tables() -> dict[str, list[tuple]]:
    rng = random.Random(404)
    customers = []
    for i in range(1, ROWS + 1):
        row = synthetic.customer_row(rng)
        note = f"客户要求回电 {synthetic.mobile(rng)}" if i % 4 == 0 else "已处理"
        customers.append((i, row["name"], row["id"], int(row["mobile"]), note, json.dumps({"email": row["email"]})))
    # A header that says 身份证号 over values failing the check: not an ID column.
    imports = [(i, _broken_id(rng), f"ORD{rng.randrange(10**8):08d}") for i in range(1, 301)]
    return {"customers": customers, "imports": imports}


CREATE = {
    "customers": "CREATE TABLE {q}customers (id BIGINT PRIMARY KEY, xm VARCHAR(32), sfzh VARCHAR(18), sjh BIGINT, "
                 "remark VARCHAR(200), profile TEXT)",
    "imports": "CREATE TABLE {q}imports (id BIGINT PRIMARY KEY, 身份证号 VARCHAR(18), order_no VARCHAR(16))",
}


def _fill(engine: sqlalchemy.Engine, prefix: str, tables: dict[str, list[tuple]], quote: str) -> None:
    with engine.begin() as connection:
        for name, rows in tables.items():
            connection.execute(sqlalchemy.text(CREATE[name].format(q=prefix).replace("身份证号", f"{quote}身份证号{quote}")))
            marks = ", ".join(f":c{i}" for i in range(len(rows[0])))
            connection.execute(sqlalchemy.text(f"INSERT INTO {prefix}{name} VALUES ({marks})"),
                               [{f"c{i}": v for i, v in enumerate(row)} for row in rows])


def _server_or_skip(url: str) -> sqlalchemy.Engine:
    engine = sqlalchemy.create_engine(url)
    try:
        engine.connect().close()
    except DBAPIError:
        engine.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"no database server for {url.split('@')[-1]} (CI runs .ci/databases.sh first)")
        pytest.skip(f"no database server at {url.split('@')[-1]}")
    return engine


@pytest.fixture(scope="module")
def sqlite_url(tables, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("sqlite") / "crm.db"
    engine = sqlalchemy.create_engine(f"sqlite:///{path}")
    _fill(engine, "", tables, '"')
    engine.dispose()
    return f"sqlite:///{path}"


def _own_namespace(server_url: str, tables, create: str, drop: str, quote: str):
    """A schema (PostgreSQL) or database (MariaDB) of this module's own, filled, then dropped."""
    engine = _server_or_skip(server_url)
    name = f"scan_{uuid.uuid4().hex[:8]}"
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text(create.format(name=name)))
    _fill(engine, f"{name}.", tables, quote)
    yield engine, name
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text(drop.format(name=name)))
    engine.dispose()


@pytest.fixture(scope="module")
def postgres_url(tables):
    for engine, schema in _own_namespace(POSTGRES_URL, tables, "CREATE SCHEMA {name}", "DROP SCHEMA {name} CASCADE", '"'):
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text(f"ANALYZE {schema}.customers"))  # TABLESAMPLE plans from statistics
        yield POSTGRES_URL, schema


@pytest.fixture(scope="module")
def mariadb_url(tables):
    for _, database in _own_namespace(MARIADB_URL, tables, "CREATE DATABASE {name} CHARACTER SET utf8mb4",
                                      "DROP DATABASE {name}", "`"):
        yield MARIADB_URL.rsplit("/", 1)[0] + f"/{database}", database


def scan(engine, url: str, **options):
    return Scanner(engine, KEY).scan([url], sources_for([url], WalkOptions(), database=DatabaseOptions(**options)))


def tallies(report) -> list[tuple]:
    return [(c.table.rsplit(".", 1)[-1], c.column, c.entity_type, c.rows_sampled, c.matching_rows, c.distinct_values)
            for c in report.columns]


def expected_tallies(tables) -> list[tuple]:
    calls = sum(1 for row in tables["customers"] if row[0] % 4 == 0)
    return [("customers", "xm", "PERSON", ROWS, ROWS, len({row[1] for row in tables["customers"]})),
            ("customers", "remark", "CN_MOBILE_PHONE", ROWS, calls, calls),
            ("customers", "sfzh", "CN_RESIDENT_ID", ROWS, ROWS, len({row[2] for row in tables["customers"]})),
            ("customers", "sjh", "CN_MOBILE_PHONE", ROWS, ROWS, len({row[3] for row in tables["customers"]})),
            ("customers", "profile", "EMAIL_ADDRESS", ROWS, ROWS, len({row[5] for row in tables["customers"]}))]


def _sorted(rows):
    return sorted(rows, key=lambda r: (r[0], r[1], r[2]))


def test_sqlite_postgres_and_mariadb_give_the_same_column_tallies(engine, tables, sqlite_url, postgres_url, mariadb_url):
    expected = _sorted(expected_tallies(tables))
    for url, namespace in ((sqlite_url, ""), (postgres_url[0], f"{postgres_url[1]}."), (mariadb_url[0], f"{mariadb_url[1]}.")):
        # this module's own schema: another run's tables in the shared database are not ours
        report = scan(engine, url, full=True, include=(f"{namespace}customers", f"{namespace}imports"))
        assert _sorted(tallies(report)) == expected, url
        assert report.errors == ()
        assert report.stats.tables_scanned == 2
        assert report.stats.rows_sampled == ROWS + 300


def test_a_column_is_a_tally_its_findings_are_examples_and_the_table_is_the_asset(engine, tables, sqlite_url):
    report = scan(engine, sqlite_url, full=True)
    ids = [f for f in report.findings if f.entity_type == "CN_RESIDENT_ID"]
    assert len(ids) == 20
    assert {(f.location.path, f.location.table, f.location.column_name, f.location.line) for f in ids} == {
        (sqlite_url, "customers", "sfzh", None)}
    (customers,) = [a for a in report.assets if a.asset.path == f"{sqlite_url}#customers"]
    assert customers.asset.container == "database"
    # distinct phones (the column's and those in remarks), not the 20 examples
    phones = {str(row[3]) for row in tables["customers"]} | {row[4].split()[-1] for row in tables["customers"] if row[4] != "已处理"}
    assert customers.people == len(phones) > ROWS
    assert dict(customers.entities)["CN_RESIDENT_ID"] == ROWS
    sfzh = next(c for c in report.columns if c.column == "sfzh")
    assert (sfzh.table_rows, sfzh.estimated_rows, sfzh.estimate, sfzh.match_ratio, sfzh.confidence) == (ROWS, ROWS, False, 1.0, 1.0)
    assert all("*" in masked for masked in sfzh.samples) and len(sfzh.samples) == 3


def test_sampling_estimates_the_rows_of_the_whole_table(engine, tables, postgres_url):
    url, schema = postgres_url
    report = scan(engine, url, sample_rows=400, include=(f"{schema}.customers",))
    remark = next(c for c in report.columns if c.column == "remark")
    assert remark.rows_sampled == 400 and remark.table_rows == ROWS and remark.estimate
    assert remark.estimated_rows == round(ROWS * remark.matching_rows / 400)
    assert 0.1 < remark.match_ratio < 0.4  # a quarter of the rows, sampled at random
    sjh = next(c for c in report.columns if c.column == "sjh")
    assert (sjh.rows_sampled, sjh.matching_rows, sjh.estimated_rows) == (400, 400, ROWS)


def test_include_and_exclude_select_tables(engine, sqlite_url):
    assert {c.table for c in scan(engine, sqlite_url, include=("cust*",)).columns} == {"customers"}
    assert scan(engine, sqlite_url, exclude=("customers",)).columns == ()


def test_a_sqlite_file_in_a_share_is_scanned_as_a_database(engine, sqlite_url, tmp_path):
    share = tmp_path / "share"
    (share / "CRM").mkdir(parents=True)
    (share / "CRM" / "crm.db").write_bytes(Path(sqlite_url.removeprefix("sqlite:///")).read_bytes())
    (share / "CRM" / "not-sqlite.db").write_bytes(b"\x00\x01binary")
    report = Scanner(engine, KEY).scan(["share"], sources_for([str(share)], WalkOptions(), database=DatabaseOptions(full=True)))
    assert {(c.path, c.table, c.column) for c in report.columns} >= {("CRM/crm.db", "customers", "sfzh")}
    assert {a.asset.path for a in report.assets} == {"CRM/crm.db#customers"}
    assert [(s.path, s.reason) for s in report.skipped] == [("CRM/not-sqlite.db", ".db files are not extracted yet")]


def test_cli_reports_an_unreachable_server_without_its_password_and_goes_on(sqlite_url, tmp_path):
    unreachable = "postgresql://scanner:Sup3r-Secret@127.0.0.1:1/crm"
    result = subprocess.run(CLI + ["scan", unreachable, sqlite_url, "--full", "--format", "json"], capture_output=True,
                            text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 2  # a target could not be read at all
    assert result.stderr == ("error: could not read postgresql://scanner@127.0.0.1:1/crm: "
                             "cannot connect to postgresql://scanner@127.0.0.1:1/crm: connection refused\n")
    assert "Sup3r-Secret" not in result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["targets"] == ["postgresql://scanner@127.0.0.1:1/crm", sqlite_url]
    assert report["errors"] == [{"path": "postgresql://scanner@127.0.0.1:1/crm",
                                 "error": "cannot connect to postgresql://scanner@127.0.0.1:1/crm: connection refused"}]
    assert {(c["table"], c["column_name"], c["entity_type"]) for c in report["columns"]} >= {("customers", "sfzh", "CN_RESIDENT_ID")}
    kept_going = subprocess.run(CLI + ["scan", unreachable, sqlite_url, "--full", "--format", "json", "--keep-going"],
                                capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert kept_going.returncode == 1 and json.loads(kept_going.stdout)["unread_targets"] == report["unread_targets"]
    text = subprocess.run(CLI + ["scan", sqlite_url, "--full", "--format", "text", "--lang", "en", "--include", "customers"],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path).stdout.splitlines()
    assert [line.split(": ")[0] for line in text[:-1]] == [f"{sqlite_url}#customers.{c}" for c in ("profile", "remark", "sfzh", "sjh", "xm")]
    assert text[2].startswith(f"{sqlite_url}#customers.sfzh: CN_RESIDENT_ID in {ROWS} of {ROWS} rows read (100%) ")
    assert text[-1] == f"{4 * ROWS + 300} value(s) found in 0 file(s) and 1 table(s); risk critical"  # every value, not 20 examples a column


def test_a_column_name_is_context_for_its_values(engine, tmp_path):
    """Bare 11-digit landlines (010 + 8 digits in one run) are reported only with a context word;
    a column named for them is one, in pinyin or English."""
    rng = random.Random(9)
    landlines = [f"010{rng.randrange(2 * 10**7, 9 * 10**7)}" for _ in range(30)]
    path = tmp_path / "context.db"
    with sqlite3.connect(path) as database:
        database.execute("CREATE TABLE contacts (lxdh TEXT, code TEXT, office_tel TEXT)")
        database.executemany("INSERT INTO contacts VALUES (?, ?, ?)", zip(landlines, landlines, landlines))
    report = scan(engine, f"sqlite:///{path}", full=True)
    assert [(c.column, c.entity_type, c.matching_rows) for c in report.columns] == [
        ("lxdh", "CN_LANDLINE_PHONE", 30), ("office_tel", "CN_LANDLINE_PHONE", 30)]
    (table,) = report.tables
    assert (table.table, table.row_count, table.row_count_estimated, table.rows_read, table.columns) == (
        "contacts", 30, False, 30, ("lxdh", "code", "office_tel"))


def test_distinct_values_are_exact_up_to_k_then_estimated():
    from scanner.tally import DistinctValues
    from scanner.values import fingerprint

    small = DistinctValues(k=100)
    for i in range(80):
        small.add(fingerprint(KEY, "CN_MOBILE_PHONE", str(i)))
        small.add(fingerprint(KEY, "CN_MOBILE_PHONE", str(i)))  # repeats count once
    assert small.count() == (80, False)
    sketch = DistinctValues(k=1024)
    for i in range(50_000):
        sketch.add(fingerprint(KEY, "CN_MOBILE_PHONE", str(i % 20_000)))
    estimate, estimated = sketch.count()
    assert estimated and abs(estimate - 20_000) < 20_000 * 0.1  # k = 1024: a few per cent
    assert len(sketch.kept) == 1024


def _corrupt_schema_sqlite(path: Path) -> None:
    """An SQLite file whose view definition holds a byte that is not UTF-8: SQLite's own error
    message then cannot be decoded, and the driver raises UnicodeDecodeError."""
    with sqlite3.connect(path) as database:
        database.execute("CREATE TABLE t (phone TEXT)")
        database.execute("CREATE VIEW vw AS SELECT phone FROM t")
    data = path.read_bytes()
    at = data.index(b"CREATE VIEW vw AS SELECT phone FROM t") + len("CREATE VIEW vw AS SELECT pho")
    path.write_bytes(data[:at] + b"\xff" + data[at + 1:])


@pytest.mark.parametrize("workers", [1, 2])
def test_a_corrupt_sqlite_file_is_an_error_and_the_scan_goes_on(engine, tmp_path, workers):
    share = tmp_path / "share"
    share.mkdir()
    _corrupt_schema_sqlite(share / "broken.db")
    for i in range(4):  # enough files for the workers to start
        (share / f"note{i}.txt").write_text(f"手机 {synthetic.mobile(random.Random(i))}\n", encoding="utf-8")
    report = Scanner(engine, KEY).scan(["share"], sources_for([str(share)], WalkOptions(), database=DatabaseOptions()), workers)
    assert [(e.path, e.error) for e in report.errors] == [("broken.db#vw", "text that is not valid in its encoding")]
    assert len(report.findings) == 4


def test_a_sqlite_view_that_never_ends_is_stopped_by_the_statement_timeout(engine, tmp_path):
    """SQLite has no statement timeout: its progress handler is the one, for every read."""
    path = tmp_path / "forever.db"
    with sqlite3.connect(path) as database:
        database.execute("CREATE TABLE t (phone TEXT)")
        database.execute("CREATE VIEW forever AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
                         "SELECT CAST(n AS TEXT) AS phone FROM r WHERE n < 0")
    assert path.stat().st_size <= 8192
    started = time.monotonic()
    report = Scanner(engine, KEY).scan(["forever.db"], sources_for([f"sqlite:///{path}"], WalkOptions(),
                                                                   database=DatabaseOptions(statement_timeout_s=0.5)))
    assert time.monotonic() - started < 5
    assert [(e.path, e.error) for e in report.errors] == [(f"sqlite:///{path}#forever", "cannot read forever: statement timeout")]


def test_any_failure_of_a_database_is_its_error_entry(engine, sqlite_url, monkeypatch):
    def failing(*args, **kwargs):
        raise RuntimeError("a driver's message quoting 13812345678")

    monkeypatch.setattr(database.DatabaseReader, "catalogue", failing)
    report = scan(engine, sqlite_url)
    assert [(e.path, e.error) for e in report.errors] == [(sqlite_url, "cannot read the database (RuntimeError)")]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_table_whose_examination_fails_is_its_error_entry_and_the_others_are_read(engine, tmp_path, monkeypatch,
                                                                                    workers):
    path = tmp_path / "four.db"
    with sqlite3.connect(path) as connection:
        for name in ("a", "b", "c", "d"):
            connection.execute(f"CREATE TABLE {name} (mobile TEXT)")
            connection.execute(f"INSERT INTO {name} VALUES ('13812345678')")
    examine = database.DatabaseReader.examine

    def failing_on_b(reader, table):
        if table.name == "b":
            raise RuntimeError("a driver's message quoting 13812345678")
        return examine(reader, table)

    monkeypatch.setattr(database.DatabaseReader, "examine", failing_on_b)
    url = f"sqlite:///{path}"
    report = Scanner(engine, KEY).scan([url], sources_for([url], WalkOptions(), database=DatabaseOptions()), workers)
    assert [(e.path, e.error) for e in report.errors] == [(f"{url}#b", "cannot read the database (RuntimeError)")]
    assert [(f.location.table, f.entity_type) for f in report.findings] == [(name, "CN_MOBILE_PHONE") for name in "acd"]
    assert report.stats.rows_sampled == 3
