"""--workers: a share, or a database, read by several processes gives the report one process gives."""

import random
import sqlite3
import uuid

import pytest
import sqlalchemy

from reports.json_report import report_to_dict
from scanner.pipeline import Scanner, sources_for
from scanner.sources import DatabaseOptions
from scanner.sources.files import FileSource, WalkOptions
from tests import synthetic
from tests.test_database import MARIADB_URL, POSTGRES_URL, _server
from tests.test_extract import FILES, write


def _comparable(report) -> dict:
    data = report_to_dict(report)
    for volatile in ("started_at", "finished_at"):
        data.pop(volatile)
    data["stats"].pop("duration_s")
    return data


def test_two_workers_write_the_report_one_writes(engine, tmp_path):
    rng = random.Random(31)
    share = tmp_path / "share"
    for index in range(6):
        (share / f"部门{index}").mkdir(parents=True)
        (share / f"部门{index}" / "名单.txt").write_text(
            "\n".join(f"客户 {synthetic.resident_id(rng)} 手机 {synthetic.mobile(rng)}" for _ in range(20)), encoding="utf-8")
    for fmt in ("xlsx", "docx", "pdf", "eml"):
        write(share, FILES[fmt](rng))
    with sqlite3.connect(share / "crm.db") as database:
        database.execute("CREATE TABLE kehu (sfzh TEXT)")
        database.executemany("INSERT INTO kehu VALUES (?)", [(synthetic.resident_id(rng),) for _ in range(50)])
    (share / "坏.pdf").write_bytes(b"%PDF-1.4\n")
    (share / "blob.bin").write_bytes(bytes(range(256)) * 4)
    scanner = Scanner(engine, b"parallel-key")
    one = scanner.scan(["share"], [FileSource(share, WalkOptions())], workers=1)
    two = scanner.scan(["share"], [FileSource(share, WalkOptions())], workers=2)
    assert _comparable(two) == _comparable(one)
    assert one.stats.files_scanned == 10 and one.stats.tables_scanned == 1
    assert [e.path for e in one.errors] == ["坏.pdf"] and [s.path for s in one.skipped] == ["blob.bin"]
    assert len(one.findings) > 250


NAMESPACES = {  # URL, then how a schema (PostgreSQL) or database (MariaDB) of the test's own is made and dropped
    "postgresql": (POSTGRES_URL, "CREATE SCHEMA {}", "DROP SCHEMA {} CASCADE"),
    "mariadb": (MARIADB_URL, "CREATE DATABASE {}", "DROP DATABASE {}"),
}
CUSTOMERS = "CREATE TABLE {}t{} (xm VARCHAR(16), sfzh VARCHAR(18), sjh VARCHAR(11), remark VARCHAR(80))"


@pytest.fixture(params=["sqlite", "postgresql", "mariadb"])
def database_url(request, tmp_path):
    """Five small customer tables (read whole, so both scans read the same rows) in a database,
    schema or file of this test's own; in PostgreSQL also a view whose reading would write."""
    rng = random.Random(5)
    namespace = f"parallel_{uuid.uuid4().hex[:8]}"
    if request.param == "sqlite":
        url, prefix, drop = f"sqlite:///{tmp_path / 'crm.db'}", "", None
        admin = sqlalchemy.create_engine(url)
    else:
        server, create, drop = NAMESPACES[request.param]
        admin, prefix = _server(server), f"{namespace}."
        url = server if request.param == "postgresql" else f"{server.rsplit('/', 1)[0]}/{namespace}"
        with admin.begin() as connection:
            connection.execute(sqlalchemy.text(create.format(namespace)))
    with admin.begin() as connection:
        for index in range(5):
            connection.execute(sqlalchemy.text(CUSTOMERS.format(prefix, index)))
            rows = [{"xm": synthetic.person_name(rng), "sfzh": synthetic.resident_id(rng), "sjh": synthetic.mobile(rng),
                     "remark": f"客户来电 {synthetic.mobile(rng)}" if i % 3 else "已处理"} for i in range(200)]
            connection.execute(sqlalchemy.text(f"INSERT INTO {prefix}t{index} VALUES (:xm, :sfzh, :sjh, :remark)"), rows)
        if request.param == "postgresql":
            connection.execute(sqlalchemy.text(f"CREATE TABLE {prefix}intruded (a int)"))
            connection.execute(sqlalchemy.text(f"CREATE FUNCTION {prefix}intrude() RETURNS text LANGUAGE sql VOLATILE AS "
                                               f"'INSERT INTO {prefix}intruded VALUES (1) RETURNING ''x'''"))
            connection.execute(sqlalchemy.text(f"CREATE VIEW {prefix}writing AS SELECT {prefix}intrude() AS xm"))
    try:
        yield url, prefix, admin
    finally:
        if drop:
            with admin.begin() as connection:
                connection.execute(sqlalchemy.text(drop.format(namespace)))
        admin.dispose()


def test_a_databases_tables_read_by_two_workers_give_the_report_one_gives(engine, database_url):
    url, prefix, admin = database_url
    options = DatabaseOptions(include=(f"{prefix}*",))
    scanner = Scanner(engine, b"parallel-key")
    one = scanner.scan([url], sources_for([url], WalkOptions(), database=options), workers=1)
    two = scanner.scan([url], sources_for([url], WalkOptions(), database=options), workers=2)
    assert _comparable(two) == _comparable(one)
    assert one.stats.tables_scanned == 5 and one.stats.rows_sampled == 1000
    assert sorted({(c.table, c.column) for c in one.columns}) == [
        (f"{prefix}t{index}", column) for index in range(5) for column in ("remark", "sfzh", "sjh", "xm")]
    if url.startswith("postgresql"):  # each worker's own session is read-only, as the planning one is
        assert [(e.path, e.error) for e in one.errors] == [
            (f"{url}#{prefix}writing",
             f"cannot read {prefix}writing: ProgrammingError (SQLSTATE 25006)")]
        with admin.connect() as connection:
            assert connection.execute(sqlalchemy.text(f"SELECT count(*) FROM {prefix}intruded")).scalar() == 0
    else:
        assert one.errors == ()
