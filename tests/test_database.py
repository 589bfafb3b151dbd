"""The read-only database reader against real servers: SQLite, PostgreSQL and MariaDB, no mocks.

The servers answer on 127.0.0.1 (.ci/databases.sh starts them); their URLs come from
PIPLSCAN_TEST_POSTGRES_URL and PIPLSCAN_TEST_MARIADB_URL. Without a server its tests are
skipped, except in CI (the CI variable set), where that is a failure. Each fixture creates its
own schema / database and role, filled with synthetic customers, and drops them afterwards.
"""

import json
import os
import random
import re
import sqlite3
import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest
import sqlalchemy
from sqlalchemy import JSON, BigInteger, Column, Date, Double, LargeBinary, MetaData, Numeric, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from reports.html_report import sampling_zh
from scanner.pipeline import Scanner, sources_for
from scanner.sources import database
from scanner.sources.database import DatabaseError, DatabaseOptions, DatabaseReader, Table, TableProblem, redact_url
from scanner.sources.files import WalkOptions
from tests import synthetic

POSTGRES_URL = os.environ.get("PIPLSCAN_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
MARIADB_URL = os.environ.get("PIPLSCAN_TEST_MARIADB_URL", "mysql+pymysql://root@127.0.0.1:3306/test")
BIG_ROWS = 40_000
PEOPLE = 2_000  # distinct synthetic people, repeated over the big table: generating is the slow part
CHINESE_TABLE = '客户 "联系" 表'
ENGLISH_WORD = re.compile(r"\b(?!TABLESAMPLE|SYSTEM|LIMIT)[A-Za-z]+\b")
LIMITED_PASSWORD = "limited-s3cret-pw"
USER_HOSTS = ("%", "localhost")  # MariaDB
CUSTOMER_COLUMNS = [("id", "number"), ("name", "text"), ("resident_id", "text"), ("mobile", "number"),
                    ("card", "number"), ("email", "text"), ("profile", "json")]
CUSTOMER_TYPES = {
    "sqlite": ["BIGINT", "VARCHAR(32)", "VARCHAR(18)", "BIGINT", "NUMERIC(19, 0)", "VARCHAR(64)", "JSON"],
    "postgresql": ["bigint", "character varying(32)", "character varying(18)", "bigint", "numeric(19,0)",
                   "character varying(64)", "json"],
    "mysql": ["bigint(20)", "varchar(32)", "varchar(18)", "bigint(20)", "decimal(19,0)", "varchar(64)", "longtext"],
}


@dataclass(frozen=True)
class Target:
    dialect: str
    url: str  # what the reader is given
    prefix: str  # of qualified names: "schema." or ""
    admin: sqlalchemy.Engine  # read-write, for checks behind the reader's back
    limited_url: str | None = None  # a user without SELECT on "secrets"


@pytest.fixture(scope="module")
def data() -> dict[str, list[dict]]:
    rng = random.Random(20261124)
    people = [synthetic.customer_row(rng) for _ in range(PEOPLE)]
    customers = []
    for i in range(1, BIG_ROWS + 1):
        p = people[i % PEOPLE]
        customers.append({"id": i, "name": p["name"], "resident_id": p["id"], "mobile": int(p["mobile"]), "card": p["card"],
                          "email": p["email"], "profile": json.dumps({"姓名": p["name"], "手机": p["mobile"]}, ensure_ascii=False),
                          "amount": "99.50", "born": "1990-01-01", "photo": b"\x89PNG\r\n"})
    customers[0]["mobile"] = 13812345678
    contacts = [{"编号": i, "手机号": int(p["mobile"]), "电话": float(p["mobile"]), "备注": f"{p['name']} 身份证 {p['id']}",
                 "扩展": json.dumps({"联系人": p["name"]}, ensure_ascii=False)} for i, p in enumerate(people[:50], 1)]
    contacts[0]["手机号"] = contacts[0]["电话"] = 13812345678
    secrets = [{"holder": p["name"], "resident_id": p["id"]} for p in people[:20]]
    return {"customers": customers, CHINESE_TABLE: contacts, "secrets": secrets}


def _server(url: str) -> sqlalchemy.Engine:
    engine = sqlalchemy.create_engine(url)
    try:
        engine.connect().close()
    except DBAPIError as exc:
        engine.dispose()
        message = f"no database server at {redact_url(url)}: {str(exc.orig).strip().splitlines()[0]}"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (CI runs .ci/databases.sh first)")
        pytest.skip(message)
    return engine


def _fill(engine: sqlalchemy.Engine, schema: str | None, data: dict[str, list[dict]]) -> None:
    """The same tables and rows everywhere, through portable SQLAlchemy types."""
    metadata = MetaData(schema=schema)
    sqlalchemy.Table("customers", metadata, Column("id", BigInteger, primary_key=True, autoincrement=False),
                     Column("name", String(32)), Column("resident_id", String(18)), Column("mobile", BigInteger),
                     Column("card", Numeric(19, 0)), Column("email", String(64)), Column("profile", JSON),
                     Column("amount", Numeric(10, 2)), Column("born", Date), Column("photo", LargeBinary))
    sqlalchemy.Table(CHINESE_TABLE, metadata, Column("编号", BigInteger, primary_key=True, autoincrement=False),
                     Column("手机号", BigInteger), Column("电话", Double), Column("备注", Text),
                     Column("扩展", JSON().with_variant(JSONB, "postgresql")))
    sqlalchemy.Table("secrets", metadata, Column("holder", String(32)), Column("resident_id", String(18)))
    metadata.create_all(engine)
    quote = engine.dialect.identifier_preparer.quote
    prefix = f"{quote(schema)}." if schema else ""
    with engine.begin() as connection:
        for name, rows in data.items():
            # Untyped columns: the JSON text goes in exactly as generated, not re-serialised.
            untyped = sqlalchemy.table(name, *map(sqlalchemy.column, rows[0]), schema=schema)
            connection.execute(untyped.insert(), rows)
        connection.execute(text(f"CREATE VIEW {prefix}contacts AS SELECT name, mobile FROM {prefix}customers WHERE id <= 100"))


@pytest.fixture(scope="module")
def sqlite(data, tmp_path_factory) -> Target:
    path = tmp_path_factory.mktemp("sqlite") / "客户 data.db"
    admin = sqlalchemy.create_engine(f"sqlite:///{path}")
    _fill(admin, None, data)
    with admin.begin() as connection:
        connection.execute(text("ANALYZE"))  # creates sqlite_stat1, which must not be listed
    yield Target("sqlite", f"sqlite:///{path}", "", admin)
    admin.dispose()


@pytest.fixture(scope="module")
def postgres(data) -> Target:
    admin = _server(POSTGRES_URL)
    schema = f"piplscan_{uuid.uuid4().hex[:12]}"
    role = f"{schema}_reader"
    quote = admin.dialect.identifier_preparer.quote
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        _fill(admin, schema, data)
        with admin.begin() as connection:
            for statement in (
                f'CREATE TABLE "{schema}".orders (id bigint, buyer_mobile bigint) PARTITION BY RANGE (id)',
                f'CREATE TABLE "{schema}".orders_1 PARTITION OF "{schema}".orders FOR VALUES FROM (0) TO (150)',
                f'CREATE TABLE "{schema}".orders_2 PARTITION OF "{schema}".orders FOR VALUES FROM (150) TO (300)',
                f'INSERT INTO "{schema}".orders SELECT i, 13800000000 + i FROM generate_series(0, 299) i',
                f'ANALYZE "{schema}".customers, "{schema}".orders_1, "{schema}".orders_2',  # not secrets
                f'CREATE ROLE "{role}" LOGIN',
                f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"',
                f'GRANT SELECT ON "{schema}".customers, "{schema}".{quote(CHINESE_TABLE)}, '
                f'"{schema}".contacts, "{schema}".orders TO "{role}"',
            ):
                connection.execute(text(statement))
        limited = make_url(POSTGRES_URL).set(username=role).render_as_string(hide_password=False)
        yield Target("postgresql", POSTGRES_URL, f"{schema}.", admin, limited)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        admin.dispose()


@pytest.fixture(scope="module")
def mariadb(data) -> Target:
    admin = _server(MARIADB_URL)
    name = f"piplscan_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
    try:
        _fill(admin, name, data)
        with admin.begin() as connection:
            # A client on 127.0.0.1 may be matched as localhost, where an anonymous user would win over '%'.
            for account in USER_HOSTS:
                connection.execute(text(f"CREATE USER '{name}'@'{account}' IDENTIFIED BY '{LIMITED_PASSWORD}'"))
                for table in ("customers", CHINESE_TABLE, "contacts"):
                    connection.execute(text(f"GRANT SELECT ON `{name}`.`{table}` TO '{name}'@'{account}'"))
                connection.execute(text(f"GRANT INSERT ON `{name}`.secrets TO '{name}'@'{account}'"))  # listed, not readable
        url = make_url(MARIADB_URL).set(database=name)
        limited = url.set(username=name, password=LIMITED_PASSWORD).render_as_string(hide_password=False)
        yield Target("mysql", url.render_as_string(hide_password=False), f"{name}.", admin, limited)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP DATABASE `{name}`"))
            for account in USER_HOSTS:
                connection.execute(text(f"DROP USER IF EXISTS '{name}'@'{account}'"))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgres", "mariadb"])
def target(request) -> Target:
    return request.getfixturevalue(request.param)


@pytest.fixture(params=["postgres", "mariadb"])
def server(request) -> Target:
    return request.getfixturevalue(request.param)


def listing(reader: DatabaseReader, target: Target, include: tuple[str, ...] = ("*",),
            exclude: tuple[str, ...] = ()) -> dict[str, Table | TableProblem]:
    items = reader.tables(tuple(target.prefix + pattern for pattern in include),
                          tuple(target.prefix + pattern for pattern in exclude))
    return {(item.table if isinstance(item, TableProblem) else item.qualified).removeprefix(target.prefix): item
            for item in items}


def test_lists_tables_and_views_but_no_system_tables(target):
    with DatabaseReader(target.url) as reader:
        tables = listing(reader, target)
        extra = {"orders"} if target.dialect == "postgresql" else set()  # partitions are not listed apart
        assert set(tables) == {"customers", CHINESE_TABLE, "contacts", "secrets"} | extra
        assert {name: table.kind for name, table in tables.items()} == {
            "customers": "table", CHINESE_TABLE: "table", "contacts": "view", "secrets": "table"} | {
            name: "table" for name in extra}
        assert reader.dialect == target.dialect
        system = {"sqlite": ("sqlite_*",), "postgresql": ("pg_catalog.*", "information_schema.*", "pg_toast.*"),
                  "mysql": ("mysql.*", "sys.*", "performance_schema.*", "information_schema.*")}[target.dialect]
        assert list(reader.tables(include=system)) == []


def test_mariadb_without_a_database_lists_every_user_database(mariadb):
    url = make_url(mariadb.url)._replace(database=None).render_as_string(hide_password=False)
    with DatabaseReader(url) as reader:
        assert {table.qualified for table in reader.tables(include=(mariadb.prefix + "c*",))} == {
            mariadb.prefix + "customers", mariadb.prefix + "contacts"}
        assert list(reader.tables(include=("mysql.*", "sys.*", "performance_schema.*", "information_schema.*"))) == []


def test_include_and_exclude_globs(target):
    with DatabaseReader(target.url) as reader:
        assert set(listing(reader, target, include=("c*",))) == {"customers", "contacts"}
        assert set(listing(reader, target, include=("c*",), exclude=("*tacts",))) == {"customers"}
        assert set(listing(reader, target, include=("客户*", "secrets"))) == {CHINESE_TABLE, "secrets"}


def test_columns_that_can_hold_personal_values_and_their_kinds(target):
    with DatabaseReader(target.url) as reader:
        tables = listing(reader, target)
    customers = tables["customers"]
    # amount (NUMERIC(10,2)) is too narrow for an identifier; born (DATE) and photo (BLOB) hold none.
    assert [(column.name, column.kind) for column in customers.columns] == CUSTOMER_COLUMNS
    assert [column.type_name for column in customers.columns] == CUSTOMER_TYPES[target.dialect]
    assert [(column.name, column.kind) for column in tables[CHINESE_TABLE].columns] == [
        ("编号", "number"), ("手机号", "number"), ("电话", "number"), ("备注", "text"), ("扩展", "json")]
    if target.dialect == "postgresql":
        assert tables[CHINESE_TABLE].columns[-1].type_name == "jsonb"
    assert [(column.name, column.kind) for column in tables["contacts"].columns] == [("name", "text"), ("mobile", "number")]


def test_row_counts_exact_when_small_estimated_when_large(target, monkeypatch):
    with DatabaseReader(target.url) as reader:
        tables = listing(reader, target)
        counts = {name: (table.row_count, table.row_count_estimated) for name, table in tables.items()}
        assert counts["customers"] == (BIG_ROWS, False)
        assert counts[CHINESE_TABLE] == (50, False) and counts["secrets"] == (20, False)
        assert counts["contacts"] == (None, False)  # views are not counted
        monkeypatch.setattr(database, "EXACT_COUNT_LIMIT", 10)
        tables = listing(reader, target)
    customers = tables["customers"]
    if target.dialect == "sqlite":  # no statistics: always counted
        assert (customers.row_count, customers.row_count_estimated) == (BIG_ROWS, False)
        return
    assert customers.row_count_estimated and 0.5 * BIG_ROWS < customers.row_count < 1.5 * BIG_ROWS
    if target.dialect == "postgresql":
        assert (tables["orders"].row_count, tables["orders"].row_count_estimated) == (300, True)  # leaf partitions
        # never analysed and more rows than the count bound: unknown rather than a wrong number
        assert (tables["secrets"].row_count, tables["secrets"].row_count_estimated) == (None, True)


def test_sample_returns_the_requested_rows_or_all_of_a_small_table(target):
    with DatabaseReader(target.url) as reader:
        tables = listing(reader, target)
        customers, contacts = tables["customers"], tables[CHINESE_TABLE]
        for rows in (10, 1000):
            sample = list(reader.sample(customers, rows))
            assert len(sample) == rows and len({row[0] for row in sample}) == rows
            assert all(len(row) == len(CUSTOMER_COLUMNS) for row in sample)
        assert len(list(reader.sample(contacts, 1000))) == 50
        assert reader.sampling_method(contacts, 1000, False) == "all 50 rows" + (
            " by primary key, 1000 per query" if target.dialect == "mysql" else "")
        assert len(list(reader.sample(tables["contacts"], 30))) == 30
        assert len(list(reader.sample(customers, 10, full=True))) == BIG_ROWS


def test_sampling_strategy_per_database(target):
    with DatabaseReader(target.url) as reader:
        tables = listing(reader, target)
        customers = tables["customers"]
        method = reader.sampling_method(customers, 1000, False)
        ids = sorted(int(row[0]) for row in reader.sample(customers, 2500))
        methods = {method, reader.sampling_method(customers, 10, True), reader.sampling_method(tables["contacts"], 10, False)}
        assert [m for m in methods if ENGLISH_WORD.search(sampling_zh(m))] == []  # the Chinese report says each in Chinese
        if target.dialect == "postgresql":
            assert method.startswith("TABLESAMPLE SYSTEM (") and "of ~40000 rows, 1000 of them at random" in method
            assert ids[0] < BIG_ROWS / 4 and ids[-1] > BIG_ROWS * 3 / 4  # spread over the whole table
            assert reader.sampling_method(tables["contacts"], 10, False) == "the first 10 rows (LIMIT, no spread)"
            assert reader.sampling_method(customers, 30_000, False) == "the first 30000 rows (LIMIT, no spread)"
            assert reader.sampling_method(customers, 10, True) == "all rows, streamed"
        elif target.dialect == "mysql":
            assert method == "the first 1000 rows by primary key, 1000 per query"
            assert ids == list(range(1, 2501))  # three pages, the last one partial
            assert reader.sampling_method(customers, 10, True) == "all rows by primary key, 1000 per query"
            assert reader.sampling_method(tables["secrets"], 10, False) == "the first 10 rows (LIMIT, no spread)"
        else:
            assert method == "the first 1000 rows (LIMIT, no spread)"
            assert ids == list(range(1, 2501))


def test_values_are_stringified_exactly(target, data):
    with DatabaseReader(target.url) as reader:
        tables = listing(reader, target)
        everything = list(reader.sample(tables["customers"], full=True))
        contact = next(row for row in reader.sample(tables[CHINESE_TABLE], full=True) if row[0] == "1")
    first = next(row for row in everything if row[0] == "1")
    assert first[3] == "13812345678"  # BIGINT
    assert first[6] == data["customers"][0]["profile"]  # JSON: the stored text
    assert contact[:3] == ("1", "13812345678", "13812345678")  # BIGINT, DOUBLE: no ".0", no exponent
    assert all(row[4].isdigit() and len(row[4]) == 19 for row in everything)  # DECIMAL(19,0): no ".0"


def test_same_values_from_every_database(sqlite, postgres, mariadb, data):
    expected = {(str(row["id"]), row["name"], row["resident_id"], str(row["mobile"]), row["card"], row["email"],
                 row["profile"]) for row in data["customers"]}
    for target in (sqlite, postgres, mariadb):
        with DatabaseReader(target.url) as reader:
            tables = listing(reader, target)
            assert set(reader.sample(tables["customers"], full=True)) == expected, target.dialect
            assert set(reader.sample(tables[CHINESE_TABLE], full=True)) == {
                (str(row["编号"]), str(row["手机号"]), str(int(row["电话"])), row["备注"], row["扩展"])
                for row in data[CHINESE_TABLE]}, target.dialect


def test_writes_through_the_readers_own_connection_fail(target):
    quote = target.admin.dialect.identifier_preparer.quote
    schema = f"{quote(target.prefix.rstrip('.'))}." if target.prefix else ""
    with DatabaseReader(target.url) as reader:
        for statement in (f"INSERT INTO {schema}customers (id) VALUES (-1)", f"DELETE FROM {schema}customers",
                          f"CREATE TABLE {schema}intruder (a int)"):
            with pytest.raises(DBAPIError), reader.engine.connect() as connection:
                connection.execute(text(statement))
                connection.commit()
    with target.admin.connect() as connection:
        assert connection.execute(text(f"SELECT count(*) FROM {schema}customers")).scalar() == BIG_ROWS


def test_statement_timeout_is_set_on_every_session(server):
    probe, default, short, sleep = {
        "postgresql": ("SHOW statement_timeout", "30s", "250ms", "SELECT pg_sleep(3)"),
        "mysql": ("SELECT @@max_statement_time", 30.0, 0.25, "SELECT SLEEP(3)"),  # MariaDB: seconds
    }[server.dialect]
    with DatabaseReader(server.url) as reader, reader.engine.connect() as connection:
        assert connection.execute(text(probe)).scalar() == default
    with DatabaseReader(server.url, statement_timeout_s=0.25) as reader:
        with reader.engine.connect() as connection:
            assert connection.execute(text(probe)).scalar() == short
        with pytest.raises(DBAPIError, match="statement timeout|max_statement_time"), reader.engine.connect() as connection:
            connection.execute(text(sleep))


def test_a_failed_read_is_a_database_error_naming_the_table(server):
    quote = server.admin.dialect.identifier_preparer.quote
    schema = quote(server.prefix.rstrip("."))
    sleep = "pg_sleep(0.5)::text" if server.dialect == "postgresql" else "SLEEP(0.5)"
    with server.admin.begin() as connection:
        connection.execute(text(f"CREATE VIEW {schema}.slow AS SELECT concat({sleep}, name) AS name FROM {schema}.customers"))
    try:
        with DatabaseReader(server.url, statement_timeout_s=0.2) as reader:
            (slow,) = listing(reader, server, include=("slow",)).values()  # listing reads no row
            with pytest.raises(DatabaseError) as caught:
                list(reader.sample(slow, 5))
        assert str(caught.value) == f"cannot read {server.prefix}slow: statement timeout"
    finally:
        with server.admin.begin() as connection:
            connection.execute(text(f"DROP VIEW {schema}.slow"))


def test_table_without_permission_is_a_problem_and_the_others_are_read(server, monkeypatch):
    with DatabaseReader(server.limited_url) as reader:
        assert LIMITED_PASSWORD not in reader.redacted_url
        tables = listing(reader, server)
        assert tables["secrets"] == TableProblem(server.prefix + "secrets", "permission denied")
        assert all(isinstance(tables[name], Table) for name in ("customers", CHINESE_TABLE, "contacts"))
        assert len(list(reader.sample(tables["customers"], 100))) == 100
    if server.dialect == "mysql":  # the password from the environment when the URL has none
        monkeypatch.setenv("PIPLSCAN_DB_PASSWORD", LIMITED_PASSWORD)
        with DatabaseReader(make_url(server.limited_url)._replace(password=None).render_as_string(False)) as reader:
            assert isinstance(listing(reader, server)["customers"], Table)


@pytest.mark.parametrize(("url", "reason"), [
    ("postgresql+psycopg://postgres:pw-s3cret@127.0.0.1:1/test", "connection refused"),
    ("mysql+pymysql://root:pw-s3cret@127.0.0.1:1/test", "connection refused"),
])
def test_unreachable_server(url, reason):
    with pytest.raises(DatabaseError) as caught:
        DatabaseReader(url, connect_timeout_s=2)
    assert str(caught.value) == f"cannot connect to {url.replace(':pw-s3cret', '')}: {reason}"


def test_bad_credentials_and_unknown_databases(server):
    url = make_url(server.url)
    bad_user = url.set(password="pw-s3cret") if server.dialect == "mysql" else url.set(  # trust auth: any password
        username="piplscan_no_such_role", password="pw-s3cret")
    for wrong, reason in ((bad_user, "authentication failed"),
                          (url.set(database="piplscan_no_such_database"), "unknown database")):
        wrong = wrong.render_as_string(hide_password=False)
        with pytest.raises(DatabaseError) as caught:
            DatabaseReader(wrong)
        assert str(caught.value) == f"cannot connect to {redact_url(wrong)}: {reason}"
        assert "s3cret" not in str(caught.value) and caught.value.__cause__ is None


def test_sqlite_files_are_never_created_or_mistaken(tmp_path):
    missing = tmp_path / "missing.db"
    with pytest.raises(DatabaseError, match=r"^cannot connect to sqlite:///.*missing\.db: cannot open the file$"):
        DatabaseReader(f"sqlite:///{missing}")
    assert not missing.exists()
    (tmp_path / "notes.db").write_text("not a database", encoding="utf-8")
    with pytest.raises(DatabaseError, match="not an SQLite database$"):
        DatabaseReader(f"sqlite:///{tmp_path / 'notes.db'}")
    with pytest.raises(DatabaseError, match="needs a file"):
        DatabaseReader("sqlite://")


def test_broken_sqlite_view_is_a_problem_and_the_rest_is_listed(tmp_path):
    path = tmp_path / "broken.db"
    connection = sqlite3.connect(path)
    connection.executescript("CREATE TABLE gone (a TEXT); CREATE VIEW orphan AS SELECT a FROM gone; DROP TABLE gone;"
                             "CREATE TABLE kept (phone TEXT, at DATE)")
    connection.close()
    with DatabaseReader(f"sqlite:///{path}") as reader:
        assert list(reader.tables()) == [Table(None, "kept", "table", 0, False, (database.Column("phone", "TEXT", "text"),)),
                                         TableProblem("orphan", "a view refers to a table or column that does not exist")]


def test_sqlite_file_is_unchanged_by_a_scan(sqlite):
    path = make_url(sqlite.url).database
    before = open(path, "rb").read()
    with DatabaseReader(sqlite.url) as reader:
        for table in reader.tables():
            list(reader.sample(table, full=True))
    assert open(path, "rb").read() == before


@pytest.mark.parametrize(("url", "redacted"), [
    ("postgresql://scanner:p%40ss%2Fword@db.example.com:5432/crm", "postgresql://scanner@db.example.com:5432/crm"),
    ("mysql+pymysql://root:hunter2@127.0.0.1/test?charset=utf8mb4", "mysql+pymysql://root@127.0.0.1/test?charset=utf8mb4"),
    ("postgresql://scanner@db/crm?password=hunter2&sslmode=require", "postgresql://scanner@db/crm?sslmode=require"),
    ("postgresql://scanner@db/crm", "postgresql://scanner@db/crm"),
    ("sqlite:////srv/data/客户.db", "sqlite:////srv/data/客户.db"),
    ("scanner:hunter2@db/crm", "(not a database URL)"),
])
def test_redact_url_removes_the_password(url, redacted):
    assert redact_url(url) == redacted


def test_numbers_keep_their_digits():
    assert [database._text(value) for value in (
        Decimal("1.3812345678E+10"), Decimal("6222021234567890123"), Decimal("12.50"), 13812345678.0, 1e-7, 12, b"\xe5\xbc\xa0")
    ] == ["13812345678", "6222021234567890123", "12.50", "13812345678", "0.0000001", "12", "张"]



RAISING_FUNCTION = {  # a function whose error message is the value it was given, as a stored procedure's may be
    "postgresql": "CREATE FUNCTION {schema}.{name}(x text) RETURNS text LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION '%', x; END$$",
    "mysql": "CREATE FUNCTION {schema}.{name}(x VARCHAR(64)) RETURNS VARCHAR(64) DETERMINISTIC "
             "BEGIN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = x; RETURN x; END",
}


def test_a_driver_message_quoting_a_value_never_reaches_the_error(server, data):
    """Views that fail on read with a row's ID in the driver's message: the error keeps our own
    reason, or the error class with its SQLSTATE (PostgreSQL) or error number (MySQL/MariaDB)."""
    quote = server.admin.dialect.identifier_preparer.quote
    schema = quote(server.prefix.rstrip("."))
    function = f"piplscan_raise_{uuid.uuid4().hex[:8]}"
    views = {"raising": f"SELECT {schema}.{function}(resident_id) AS resident_id FROM {schema}.customers"}
    expected = {"raising": "OperationalError (SQLSTATE 45000, MySQL error 1644)"}
    if server.dialect == "postgresql":
        views["casting"] = f"SELECT CAST('ID ' || resident_id AS bigint) AS mobile FROM {schema}.customers"
        expected = {"raising": "RaiseException (SQLSTATE P0001)",
                    "casting": "a value does not convert to the type the query asks for"}
    with server.admin.begin() as connection:
        connection.execute(text(RAISING_FUNCTION[server.dialect].format(schema=schema, name=function)))
        for name, query in views.items():
            connection.execute(text(f"CREATE VIEW {schema}.{name} AS {query}"))
    try:
        with DatabaseReader(server.url) as reader:
            for name, table in listing(reader, server, include=tuple(views)).items():
                with pytest.raises(DatabaseError) as caught:
                    list(reader.sample(table, 5))
                assert str(caught.value) == f"cannot read {server.prefix}{name}: {expected[name]}"
                assert data["customers"][0]["resident_id"][:6] not in str(caught.value)
    finally:
        with server.admin.begin() as connection:
            for name in views:
                connection.execute(text(f"DROP VIEW {schema}.{name}"))
            connection.execute(text(f"DROP FUNCTION {schema}.{function}"))


def test_columns_hold_what_sample_reads(target):
    """``columns`` (ADBC into Arrow on PostgreSQL) gives the values ``sample`` gives, one array a column."""
    with DatabaseReader(target.url) as reader:
        tables = listing(reader, target)
        for name, rows in (("customers", BIG_ROWS), (CHINESE_TABLE, 1000), ("contacts", 1000)):
            expected = set(reader.sample(tables[name], full=True))
            batches = list(reader.columns(tables[name], rows, batch_rows=15_000))
            assert [len(batch[0]) for batch in batches] == [min(15_000, len(expected) - start) for start in range(0, len(expected), 15_000)]
            assert {row for batch in batches for row in zip(*(column.to_pylist() for column in batch))} == expected, name


# Types that hold personal values in a form of their own: read as the database's text of them.
TEXT_LIKE_COLUMNS = {  # name, type, the value inserted
    "postgresql": [
        ("phones", "text[]", "ARRAY['{mobile}', 'x y']"), ("codes", "varchar(20)[]", "ARRAY['{resident_id}']"),
        ("numbers", "bigint[]", "ARRAY[{mobile}, 7]"), ("doc", "xml", "'<客户><身份证>{resident_id}</身份证></客户>'"),
        ("ip", "inet", "'58.246.12.7'"), ("net", "cidr", "'58.246.12.0/24'"), ("mac", "macaddr", "'3c:52:82:1a:2b:4c'"),
        ("mac8", "macaddr8", "'3c:52:82:ff:fe:1a:2b:4c'"), ("kv", "{schema}.hstore", "'手机=>{mobile}'"),
        ("small", "int[]", "ARRAY[1]"), ("words", "tsvector", "'{mobile}'"), ("token", "uuid", "gen_random_uuid()"),
        ("blobs", "bytea[]", "ARRAY[convert_to('{mobile}', 'UTF8')]")],
    "mysql": [("ip6", "INET6", "'::ffff:58.246.12.7'"), ("ip4", "INET4", "'58.246.12.7'"),
              ("state", "ENUM('a', 'b')", "'a'")],
}
TEXT_LIKE_FOUND = {  # column: what a scan finds in it
    "postgresql": {"phones": "CN_MOBILE_PHONE", "codes": "CN_RESIDENT_ID", "numbers": "CN_MOBILE_PHONE",
                   "doc": "CN_RESIDENT_ID", "ip": "IP_ADDRESS", "mac": "MAC_ADDRESS", "kv": "CN_MOBILE_PHONE"},
    "mysql": {"ip6": "IP_ADDRESS", "ip4": "IP_ADDRESS"},
}


def test_arrays_markup_and_addresses_are_read_as_the_databases_text(server, engine):
    """A text[] of phone numbers, an XML document, an inet or a MAC address holds personal values
    as much as a text column does; a network (cidr), an EUI-64, an int[] (too narrow), a tsvector
    (derived), a uuid, an array of binary values or an enum does not."""
    schema = server.prefix.rstrip(".")
    rng = random.Random(5)
    mobile, resident_id = synthetic.mobile(rng), synthetic.resident_id(rng)
    columns = TEXT_LIKE_COLUMNS[server.dialect]
    quote = server.admin.dialect.identifier_preparer.quote
    with server.admin.begin() as connection:
        if server.dialect == "postgresql":
            connection.execute(text(f"CREATE EXTENSION IF NOT EXISTS hstore SCHEMA {schema}"))
        connection.execute(text(f"CREATE TABLE {schema}.typed ({', '.join(f'{quote(n)} {t}' for n, t, _ in columns)})"
                                .replace("{schema}", schema)))
        values = ", ".join(value.format(mobile=mobile, resident_id=resident_id) for _, _, value in columns)
        connection.execute(text(f"INSERT INTO {schema}.typed VALUES ({values})"))
    try:
        with DatabaseReader(server.url) as reader:
            typed = listing(reader, server, include=("typed",))["typed"]
            unread = ("net", "mac8", "small", "words", "token", "blobs", "state")
            read = [name for name, _, _ in columns if name not in unread]
            assert [(column.name, column.kind) for column in typed.columns] == [(name, "cast") for name in read]
            (row,) = reader.sample(typed, full=True)
            assert [cells.to_pylist() for cells in next(reader.columns(typed, 10))] == [[value] for value in row]
        as_text = "TEXT" if server.dialect == "postgresql" else "CHAR"
        with server.admin.connect() as connection:  # the database's own text of each value
            own = connection.execute(text(f"SELECT {', '.join(f'CAST({quote(n)} AS {as_text})' for n in read)} "
                                          f"FROM {schema}.typed")).one()
        assert row == tuple(own)
        options = DatabaseOptions(full=True, include=(f"{schema}.typed",))
        report = Scanner(engine, b"key").scan([server.url], sources_for([server.url], WalkOptions(), database=options))
        assert report.errors == ()
        assert {c.column: c.entity_type for c in report.columns} == TEXT_LIKE_FOUND[server.dialect]
    finally:
        with server.admin.begin() as connection:
            connection.execute(text(f"DROP TABLE {schema}.typed"))


def test_the_arrow_reads_session_is_read_only_and_time_limited(postgres):
    """A view whose reading would write (a function that inserts) fails on the ADBC session, and
    its table is unchanged; a slow one hits the statement timeout."""
    schema = postgres.prefix.rstrip(".")
    with postgres.admin.begin() as connection:
        connection.execute(text(f"CREATE TABLE {schema}.intruded (a int)"))
        connection.execute(text(f"CREATE FUNCTION {schema}.intrude() RETURNS text LANGUAGE sql VOLATILE AS "
                                f"'INSERT INTO {schema}.intruded VALUES (1) RETURNING ''x'''"))
        connection.execute(text(f"CREATE VIEW {schema}.writing AS SELECT {schema}.intrude() AS name"))
        connection.execute(text(f"CREATE VIEW {schema}.sleepy AS SELECT concat(pg_sleep(0.5)::text, name) AS name "
                                f"FROM {schema}.customers"))
    try:
        with DatabaseReader(postgres.url, statement_timeout_s=0.2) as reader:
            tables = listing(reader, postgres, include=("writing", "sleepy"))
            with pytest.raises(DatabaseError) as caught:
                list(reader.columns(tables["writing"], 5))
            assert str(caught.value) == f"cannot read {postgres.prefix}writing: ProgrammingError (SQLSTATE 25006)"
            with pytest.raises(DatabaseError) as caught:
                list(reader.columns(tables["sleepy"], 5))
            assert str(caught.value) == f"cannot read {postgres.prefix}sleepy: statement timeout"
        with postgres.admin.connect() as connection:
            assert connection.execute(text(f"SELECT count(*) FROM {schema}.intruded")).scalar() == 0
    finally:
        with postgres.admin.begin() as connection:
            connection.execute(text(f"DROP VIEW {schema}.writing, {schema}.sleepy"))
            connection.execute(text(f"DROP FUNCTION {schema}.intrude()"))
            connection.execute(text(f"DROP TABLE {schema}.intruded"))


def test_a_columns_values_are_one_a_line_as_splitlines_joins_them():
    import pyarrow as pa

    from scanner.sources.database import _column_text

    values = ["a\nb", "a\r\nb", "a\rb\n", "a\n\n", "\n", "", None, "x\x0by\x0cz\x1c\x1d\x1e", "p\x85q\u2028r\u2029",
              "ends\r\n", "ends\n\r", "tab\tkept", "张三\n李四"]
    assert _column_text(pa.array(values, pa.large_string())) == "\n".join(
        " ".join(value.splitlines()) for value in values if value is not None)
