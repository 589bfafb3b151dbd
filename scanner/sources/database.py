"""Read-only access to SQL databases (SQLite, PostgreSQL, MySQL/MariaDB): list tables, sample rows.

Read-only at every level, so that pointing the scanner at production cannot change it:
- PostgreSQL: every session runs ``SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY`` and
  ``SET statement_timeout``;
- MySQL/MariaDB: ``SET SESSION TRANSACTION READ ONLY`` and ``max_statement_time`` (MariaDB,
  seconds) or ``max_execution_time`` (MySQL, milliseconds);
- SQLite: the file is opened as ``file:…?mode=ro`` with ``PRAGMA query_only=ON``; having no statement
  timeout, its progress handler interrupts a statement after that long inside SQLite.
Errors are reported in our own words or by error class and code, never by the driver's message
(which may quote a row's value). Only SELECTs on the catalogue and on the tables are issued: no DDL, no temporary tables.

Sampling, the cheapest correct way per database (``sampling_method`` says which one was used):
- PostgreSQL tables: ``TABLESAMPLE SYSTEM (p) ORDER BY random() LIMIT rows``, with ``p`` aimed at
  twice the requested rows plus 20 pages from ``reltuples``/``relpages`` (summed over the leaf
  partitions of a partitioned table), so that the sample spans the whole table and is almost surely
  full. When ``p`` would reach 50 % a plain ``LIMIT`` is as cheap; a table never analysed (no
  estimate), a view or a materialised view gets ``LIMIT`` too. Such a bounded read goes through
  ADBC when it is installed (binary COPY into Arrow, no Python object per cell; 3x less time than
  psycopg's rows, measured beside psycopg's binary COPY and connectorx), fetched whole, on a
  session that libpq's ``options`` make read-only and time-limited from its start; ``--full``
  reads arrive through a server-side cursor, whose fetches the statement timeout bounds one by one.
- MySQL/MariaDB: ``LIMIT`` (the first rows, no spread). Their statement timeout covers a whole
  streamed SELECT, a slow reader included, so a table with a single-column primary key is read in
  pages of ``BATCH_ROWS`` ordered by that key, each page a short query; other tables are one
  streamed statement, which the timeout bounds.
- SQLite: ``LIMIT`` (the first rows, no spread), streamed.
``full=True`` reads every row, streamed or paged the same way.

Row counts: a table whose catalogue estimate (``pg_class.reltuples``, ``information_schema.TABLES``)
is at most ``EXACT_COUNT_LIMIT`` rows, or unknown, is counted with a bounded ``count(*)``; larger
ones report the estimate. SQLite tables are always counted. Views are not counted.

Tables are planned from the catalogue, then each is examined and read where the pipeline runs it:
here, or in a forked worker with a connection of its own (``DatabaseSource``).

Credentials come from the URL. When it names a user but no password, the ``PIPLSCAN_DB_PASSWORD``
environment variable supplies it, which keeps the password out of the command line and the reports.
"""

import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from decimal import Decimal
from fnmatch import fnmatchcase
from itertools import islice
from pathlib import Path
from urllib.parse import quote

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pymysql.charset
import sqlalchemy
from sqlalchemy import Select, Text, case, cast, event, func, literal, literal_column, null, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.sql.elements import ColumnElement, quoted_name

from scanner.model import ColumnSample, Document, ScanError, Skipped, SourceError, TextChunk, asset_name
from scanner.sources import BINARY_VALUE, LINE_BREAKS, DatabaseOptions, binary_cell
from scanner.redaction import redact_secrets

PASSWORD_ENV = "PIPLSCAN_DB_PASSWORD"
EXACT_COUNT_LIMIT = 100_000
BATCH_ROWS = 1000  # rows per fetch from a server-side cursor, and per MySQL page
MAX_SAMPLE_PERCENT = 50  # from here on TABLESAMPLE reads about as much as a LIMIT
OVERSAMPLE = 2
MIN_SAMPLE_PAGES = 20  # SYSTEM picks whole pages: a few more keep small samples from falling short
MIN_DIGITS = 11  # a mobile number; a narrower number column cannot hold an identifier

DEFAULT_DRIVERS = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg", "mysql": "mysql+pymysql", "mariadb": "mariadb+pymysql"}
MYSQL_SYSTEM_SCHEMAS = ("mysql", "performance_schema", "sys", "information_schema")
TEXT_TYPES = frozenset("char varchar bpchar text citext tinytext mediumtext longtext".split())
JSON_TYPES = frozenset({"json", "jsonb"})
BINARY_TYPES = frozenset("bytea blob tinyblob mediumblob longblob binary varbinary".split())
WIDE_NUMBERS = frozenset({"bigint", "int8", "double", "float8"})
DECIMALS = frozenset({"numeric", "decimal"})
# Read as the database writes them as text: a host's address, markup, key-value pairs (and, in
# PostgreSQL, arrays of anything above: a text[] of phone numbers). Not cidr (a network's) nor
# macaddr8 (EUI-64, whose text is also an IPv6 address's).
TEXT_LIKE_TYPES = frozenset("xml inet macaddr hstore inet4 inet6".split())
SECRET_QUERY_KEYS = re.compile(r"pass|pwd|secret|token", re.IGNORECASE)
# UnicodeDecodeError: MySQL text in the wrong charset, or an SQLite error message quoting a schema that is not UTF-8.
DRIVER_FAILURES = (DBAPIError, UnicodeDecodeError)
SQLITE_STEPS = 10_000  # virtual machine instructions between two looks at the clock (a few milliseconds at most)
# A longer gap between two looks is taken for time the reader spent outside SQLite (analysing the
# rows fetched); a single instruction that long (a big sort) is not counted either, so the bound is
# on SQLite's loops, which is what never ends.
CONSUMER_PAUSE_S = 0.05
_LINE_BREAK = f"(?:\r\n|[{LINE_BREAKS}])"  # RE2 over Arrow strings

# Driver messages may quote a row's value or a secret, so none reaches a report: a message that
# matches one of these is reported in our words (the first that matches), any other by its error class.
REASONS = (
    (r"connection refused", "connection refused"),
    (r"could not translate host name|name or service not known|nodename nor servname|getaddrinfo"
     r"|name resolution", "unknown host"),
    (r"password authentication failed|authentication failed|access denied for user|no password supplied"
     r"|role \".*\" does not exist", "authentication failed"),
    (r"database \".*\" does not exist|unknown database", "unknown database"),
    (r"statement timeout|max_statement_time|max_execution_time|maximum statement execution time|^interrupted$",
     "statement timeout"),
    (r"permission denied|command denied", "permission denied"),
    (r"timeout expired|timed out", "timed out"),
    (r"unable to open database file", "cannot open the file"),
    (r"file is not a database", "not an SQLite database"),
    (r"malformed|corrupt", "the database file is corrupt"),
    (r"could not decode|codec can't decode|invalid byte sequence", "text that is not valid in its encoding"),
    (r"invalid input syntax|invalid input value|out of range|truncated incorrect|incorrect \w+ value",
     "a value does not convert to the type the query asks for"),
    (r"division by zero", "division by zero"),
    (r"no such (table|column)|does not exist|doesn't exist|unknown (table|column)",
     "a view refers to a table or column that does not exist"),
)

PG_RELATIONS = text("""
    SELECT n.nspname, c.relname, c.relkind, c.oid
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition
      AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
      AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
""")
# Domains are classified by their base type, arrays by their element's.
PG_COLUMNS = text("""
    SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), b.typname, e.typname
    FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
    JOIN pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
    LEFT JOIN pg_type e ON e.oid = b.typelem AND b.typcategory = 'A'
    WHERE a.attrelid = ANY(:oids) AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY a.attrelid, a.attnum
""")
# A partitioned table holds no rows itself: its leaf partitions do. reltuples < 0: never analysed.
PG_STATS = text("""
    WITH r AS (SELECT to_regclass(format('%I.%I', CAST(:schema AS text), CAST(:name AS text))) AS oid)
    SELECT CASE WHEN bool_and(c.reltuples >= 0) THEN sum(c.reltuples)::bigint END, sum(c.relpages)::bigint
    FROM pg_class c
    WHERE c.relkind <> 'p' AND c.oid IN (SELECT oid FROM r UNION ALL SELECT relid FROM r, pg_partition_tree(r.oid))
""")
MYSQL_SCHEMAS = text("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA")
MYSQL_TABLES = text("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES "
                    "WHERE TABLE_SCHEMA IN :schemas").bindparams(sqlalchemy.bindparam("schemas", expanding=True))
MYSQL_COLUMNS = text("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, DATA_TYPE "
                     "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN :schemas "
                     "ORDER BY ORDINAL_POSITION").bindparams(sqlalchemy.bindparam("schemas", expanding=True))
# MariaDB stores JSON as LONGTEXT with an automatic CHECK (json_valid(`column`)).
MARIADB_JSON_CHECKS = text("SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
                           "WHERE CONSTRAINT_SCHEMA IN :schemas AND CHECK_CLAUSE LIKE 'json_valid(%'"
                           ).bindparams(sqlalchemy.bindparam("schemas", expanding=True))
MYSQL_ESTIMATE = text("SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = :schema AND TABLE_NAME = :name")
MYSQL_PRIMARY_KEY = text("SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE "
                         "WHERE TABLE_SCHEMA = :schema AND TABLE_NAME = :name AND CONSTRAINT_NAME = 'PRIMARY'")
MYSQL_KINDS = {"BASE TABLE": "table", "SYSTEM VERSIONED": "table", "VIEW": "view"}
SQLITE_RELATIONS = text("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') "
                        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
SQLITE_COLUMNS = text("SELECT name, type FROM pragma_table_info(:name)")


class DatabaseError(SourceError):
    """A database could not be reached or read. One line; never a password or a row value."""


@dataclass(frozen=True)
class Column:
    name: str
    type_name: str  # as the database reports it, e.g. "character varying(32)", "bigint(20)", "JSON"
    kind: str  # "text", "json", "number", "binary" or "cast" (read as the database's text of it)


@dataclass(frozen=True)
class Table:
    schema: str | None  # None for SQLite; the database for MySQL/MariaDB
    name: str
    kind: str  # "table" or "view" (a PostgreSQL materialised view counts as a view)
    row_count: int | None  # None: a view, or a table larger than its stale statistics say
    row_count_estimated: bool
    columns: tuple[Column, ...]  # only those that can hold a personal value, in table order

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema is not None else self.name


@dataclass(frozen=True)
class TableProblem:
    """One table could not be read; the scan goes on with the others."""

    table: str
    error: str


@dataclass(frozen=True)
class _Plan:
    description: str
    statement: Select
    key: ColumnElement | None = None  # MySQL: read in pages ordered by this single-column primary key


def redact_url(url: str) -> str:
    """The URL without its password (not even a mask, which would tell its length) or secret
    query parameters."""
    try:
        parsed = make_url(url)
        parsed.port  # noqa: B018 - parsing the port is what finds a malformed one
    except (ArgumentError, ValueError):
        return redact_secrets(url) if "://" in url else "(not a database URL)"
    if parsed.get_backend_name() == "sqlite":  # a file path, shown as typed rather than percent-encoded
        return f"{parsed.drivername}:///{parsed.database or ''}"
    parsed = parsed._replace(password=None).difference_update_query(
        [key for key in parsed.query if SECRET_QUERY_KEYS.search(key)])
    return parsed.render_as_string(hide_password=False)


def parse_url(url: str) -> URL:
    """The URL, checked before any connection: a malformed one is a usage error, never a traceback."""
    shown = redact_url(url)
    try:
        parsed = make_url(url)
        port = parsed.port
    except (ArgumentError, ValueError):
        raise DatabaseError(f"malformed database URL {shown}: expected dialect://user@host:port/database or sqlite:///file") from None
    parsed = parsed.set(drivername=DEFAULT_DRIVERS.get(parsed.drivername, parsed.drivername))
    if parsed.get_backend_name() not in ("sqlite", "postgresql", "mysql", "mariadb"):
        raise DatabaseError(f"unsupported database in {shown}: use sqlite, postgresql, mysql or mariadb")
    if port is not None and not 0 < port < 65536:
        raise DatabaseError(f"port {port} is out of range in {shown}")
    try:
        parsed.get_dialect().import_dbapi()
    except (NoSuchModuleError, ImportError):
        raise DatabaseError(f"unknown driver {parsed.get_driver_name()!r} in {shown}: leave it out "
                            f"({parsed.get_backend_name()}://) for the default") from None
    charset = parsed.query.get("charset")
    if parsed.get_backend_name() in ("mysql", "mariadb") and charset is not None and (
            not isinstance(charset, str) or pymysql.charset.charset_by_name(charset) is None):
        raise DatabaseError(f"unknown charset {charset!r} in {shown}")
    return parsed


def _sqlite_kind(declared: str) -> str | None:
    """SQLite's type affinity rules (datatype3.html §3.1) on the declared type, JSON first."""
    upper = declared.upper()
    if "JSON" in upper:
        return "json"
    if "INT" in upper:
        return "number"  # SQLite integers are 64-bit whatever the declared size
    if any(word in upper for word in ("CHAR", "CLOB", "TEXT")) or not upper:
        return "text"  # an untyped column holds whatever was put in it
    if "BLOB" in upper:
        return "binary"
    if any(word in upper for word in ("DATE", "TIME", "BOOL")):
        return None
    return _kind("decimal", declared)  # REAL, FLOAT, DOUBLE, NUMERIC, DECIMAL(p, s)


def _pg_kind(base: str, element: str | None, type_name: str) -> str | None:
    """``_kind`` of a PostgreSQL column: an array is read as its text where its elements would be
    read (a text[] of phone numbers), never where they are binary."""
    if element is None:
        return _kind(base, type_name)
    return "cast" if _kind(element, type_name) not in (None, "binary") else None


def _kind(base: str, type_name: str) -> str | None:
    """Whether a column of this base type can hold a personal value, and as what."""
    if base in JSON_TYPES:
        return "json"
    if base in TEXT_LIKE_TYPES:
        return "cast"
    if base in TEXT_TYPES:
        return "text"
    if base in BINARY_TYPES:
        return "binary"
    if base in WIDE_NUMBERS:
        return "number"
    if base in DECIMALS:
        precision = re.search(r"\((\d+)", type_name)
        return "number" if precision is None or int(precision[1]) >= MIN_DIGITS else None
    return None


def _text(value: object) -> str | None:
    """A value as the scanner reads it: numbers in plain digits, without exponent or ".0"."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", "replace")  # SQLite: a blob in a text column
    return str(value)


def _adbc_error() -> type[Exception]:
    """ADBC's error class (an ImportError is none: ADBC is optional)."""
    try:
        from adbc_driver_manager import Error
    except ImportError:
        return ImportError
    return Error


def _arrow_text(cells: pa.ChunkedArray) -> pa.Array:
    """A column ADBC read, as ``_text`` reads values: strings as they are (an unknown type's
    text, e.g. numeric, comes as an extension over strings), integers in digits, the rest
    (floats) through ``_text`` itself."""
    cells = cells.combine_chunks()
    if isinstance(cells.type, pa.ExtensionType):
        cells = cells.storage
    if pa.types.is_string(cells.type) or pa.types.is_large_string(cells.type) or pa.types.is_integer(cells.type):
        return pc.cast(cells, pa.large_string())
    return pa.array([_text(value) for value in cells.to_pylist()], pa.large_string())


def _column_text(cells: pa.Array) -> str:
    """A column's values one a line, as ``" ".join(value.splitlines())`` writes each (a line
    break inside a value would split it into two rows), in RE2 over the whole column."""
    cells = pc.replace_substring_regex(cells.drop_null(), _LINE_BREAK + r"\z", "", max_replacements=1)
    return "\n".join(pc.replace_substring_regex(cells, _LINE_BREAK, " ").to_pylist())


def _selected(qualified: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> bool:
    return ((not include or any(fnmatchcase(qualified, pattern) for pattern in include))
            and not any(fnmatchcase(qualified, pattern) for pattern in exclude))


class _TimedSqlite(sqlite3.Connection):
    """SQLite has no statement timeout, and its C code cannot be interrupted by a signal: its
    progress handler is the timeout. Only time spent inside SQLite counts, so that a streamed
    read is not cut short by the scanner analysing the rows already fetched."""

    def limit_statements(self, seconds: float) -> None:
        self.limit_s, self.spent_s, self.last_look = seconds, 0.0, time.monotonic()
        self.set_progress_handler(self._over_time, SQLITE_STEPS)

    def start_statement(self) -> None:
        self.spent_s, self.last_look = 0.0, time.monotonic()

    def _over_time(self) -> bool:
        """Called by SQLite every ``SQLITE_STEPS`` instructions; True interrupts the statement."""
        now = time.monotonic()
        if now - self.last_look < CONSUMER_PAUSE_S:
            self.spent_s += now - self.last_look
        self.last_look = now
        return self.spent_s > self.limit_s


def _start_sqlite_statement(connection, _cursor, _statement, _parameters, _context, _executemany) -> None:
    connection.connection.dbapi_connection.start_statement()


class DatabaseReader:
    """One database, read-only. Use as a context manager; the connections close on exit."""

    def __init__(self, url: str, *, statement_timeout_s: float = 30, connect_timeout_s: float = 10):
        parsed = parse_url(url)
        self.redacted_url = redact_url(url)
        backend = parsed.get_backend_name()
        self.dialect = "mysql" if backend == "mariadb" else backend
        if parsed.username and parsed.password is None and os.environ.get(PASSWORD_ENV):
            parsed = parsed.set(password=os.environ[PASSWORD_ENV])
        self._password = parsed.password
        self._statement_timeout_s = statement_timeout_s
        self._connect_timeout_s = max(1, round(connect_timeout_s))
        self.engine = self._create_engine(parsed, connect_timeout_s)  # public for checks and extra queries
        try:
            with self.engine.connect() as connection:
                # SQLite opens files lazily: reading the schema is what finds a non-database file.
                connection.execute(text("SELECT count(*) FROM sqlite_master" if self.dialect == "sqlite" else "SELECT 1"))
        except DRIVER_FAILURES as exc:
            self.engine.dispose()
            raise DatabaseError(f"cannot connect to {self.redacted_url}: {self._reason(exc)}") from None

    def __enter__(self) -> "DatabaseReader":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        if "_arrow_connection" in self.__dict__:
            self._arrow_connection.close()
        self.engine.dispose()

    @cached_property
    def _arrow_connection(self):
        """PostgreSQL through ADBC (libpq, binary COPY into Arrow: no Python object per cell), or
        None without the driver. Read-only and time-limited by the server from the session's
        start: ``default_transaction_read_only`` and ``statement_timeout`` in libpq's ``options``."""
        try:
            import adbc_driver_postgresql.dbapi
        except ImportError:
            return None
        url = self.engine.url
        options = " ".join(filter(None, [url.query.get("options"), "-c default_transaction_read_only=on",
                                         f"-c statement_timeout={round(self._statement_timeout_s * 1000)}"]))
        # libpq reads %20 as a space in a URI's parameters, not the "+" SQLAlchemy writes.
        query = {**url.query, "options": options, "connect_timeout": str(self._connect_timeout_s)}
        parameters = "&".join(f"{quote(key, safe='')}={quote(value, safe='')}" for key, values in query.items()
                              for value in ([values] if isinstance(values, str) else values))
        base = url.set(drivername="postgresql", query={}).render_as_string(hide_password=False)
        return adbc_driver_postgresql.dbapi.connect(f"{base}?{parameters}")

    def _create_engine(self, url: URL, connect_timeout_s: float) -> sqlalchemy.Engine:
        if self.dialect == "sqlite":
            if not url.database or url.database == ":memory:":
                raise DatabaseError("an sqlite URL needs a file: sqlite:///path/to/file.db")
            path = Path(url.database).resolve()

            def connect() -> sqlite3.Connection:
                connection = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, factory=_TimedSqlite,
                                             timeout=connect_timeout_s, check_same_thread=False)
                connection.limit_statements(self._statement_timeout_s)
                connection.execute("PRAGMA query_only = ON")
                return connection

            engine = sqlalchemy.create_engine(url, creator=connect, hide_parameters=True)
            event.listen(engine, "before_cursor_execute", _start_sqlite_statement)
            return engine
        # hide_parameters: no bound value (a key read from a row) can reach an error message or a log.
        engine = sqlalchemy.create_engine(url, hide_parameters=True,
                                          connect_args={"connect_timeout": max(1, round(connect_timeout_s))})
        event.listen(engine, "connect", self._start_session)
        return engine

    def _start_session(self, dbapi_connection, _record) -> None:
        """Make every new server session read-only and time-limited before anything else runs on it."""
        cursor = dbapi_connection.cursor()
        if self.dialect == "postgresql":
            statements = ("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
                          f"SET statement_timeout = {round(self._statement_timeout_s * 1000)}")
        else:
            cursor.execute("SELECT VERSION()")
            timeout = (f"max_statement_time = {self._statement_timeout_s:.6f}" if "mariadb" in cursor.fetchone()[0].lower()
                       else f"max_execution_time = {round(self._statement_timeout_s * 1000)}")
            statements = ("SET SESSION TRANSACTION READ ONLY", f"SET SESSION {timeout}")
        for statement in statements:
            cursor.execute(statement)
        cursor.close()
        dbapi_connection.commit()  # a rolled-back SET would be undone (PostgreSQL)

    def _reason(self, exc: BaseException) -> str:
        """Our words for a failure (``REASONS``), or its error class and code: never the driver's
        message, which may quote the value it choked on or the password."""
        original = getattr(exc, "orig", None) or exc
        message = str(original)
        for pattern, reason in REASONS:
            if re.search(pattern, message, re.IGNORECASE | re.MULTILINE):
                return reason
        codes = [f"SQLSTATE {code}" for code in [getattr(original, "sqlstate", None)] if code]  # psycopg, PyMySQL
        if self.dialect == "mysql" and original.args and isinstance(original.args[0], int):  # PyMySQL: (errno, message)
            codes.append(f"MySQL error {original.args[0]}")
        codes += [code for code in [getattr(original, "sqlite_errorname", None)] if code]
        return f"{type(original).__name__} ({', '.join(codes)})" if codes else type(original).__name__

    def tables(self, include: tuple[str, ...] = (), exclude: tuple[str, ...] = (),
               binary_columns: Callable[[str], bool] = lambda name: False) -> Iterator[Table | TableProblem]:
        """``catalogue``'s tables, each examined (``examine``)."""
        for table in self.catalogue(include, exclude, binary_columns):
            yield table if isinstance(table, TableProblem) else self.examine(table)

    def catalogue(self, include: tuple[str, ...] = (), exclude: tuple[str, ...] = (),
                  binary_columns: Callable[[str], bool] = lambda name: False) -> list[Table | TableProblem]:
        """The user tables and views, sorted, not yet examined; ``include``/``exclude`` are globs
        on ``qualified``; of the binary columns only those ``binary_columns`` accepts by name."""
        try:
            with self.engine.connect() as connection:
                catalogue = {"postgresql": self._pg_catalogue, "mysql": self._mysql_catalogue,
                             "sqlite": self._sqlite_catalogue}[self.dialect](connection, include, exclude)
        except DRIVER_FAILURES as exc:
            raise DatabaseError(f"cannot list the tables of {self.redacted_url}: {self._reason(exc)}") from None
        return [table if isinstance(table, TableProblem)
                else replace(table, columns=tuple(c for c in table.columns if c.kind != "binary" or binary_columns(c.name)))
                for table in sorted(catalogue, key=lambda item: item.table if isinstance(item, TableProblem) else item.qualified)]

    def _pg_catalogue(self, connection, include, exclude) -> list[Table]:
        relations = {oid: (schema, name, "table" if kind in ("r", "p") else "view")
                     for schema, name, kind, oid in connection.execute(PG_RELATIONS)
                     if _selected(f"{schema}.{name}", include, exclude)}
        columns: dict[int, list[Column]] = {oid: [] for oid in relations}
        for oid, name, type_name, base, element in connection.execute(PG_COLUMNS, {"oids": list(relations)}):
            if column_kind := _pg_kind(base, element, type_name):
                columns[oid].append(Column(name, type_name, column_kind))
        return [Table(schema, name, kind, None, False, tuple(columns[oid]))
                for oid, (schema, name, kind) in relations.items()]

    def _mysql_catalogue(self, connection, include, exclude) -> list[Table]:
        if connection.engine.url.database:
            schemas = [connection.engine.url.database]
        else:
            schemas = [name for (name,) in connection.execute(MYSQL_SCHEMAS)
                       if name.lower() not in MYSQL_SYSTEM_SCHEMAS]
        relations = {(schema, name): MYSQL_KINDS[kind]
                     for schema, name, kind in connection.execute(MYSQL_TABLES, {"schemas": schemas})
                     if kind in MYSQL_KINDS and _selected(f"{schema}.{name}", include, exclude)}
        json_checks = set()
        if self.engine.dialect.is_mariadb:
            json_checks = {(schema, table, clause) for schema, table, clause
                           in connection.execute(MARIADB_JSON_CHECKS, {"schemas": schemas})}
        columns: dict[tuple[str, str], list[Column]] = {key: [] for key in relations}
        for schema, table, name, type_name, base in connection.execute(MYSQL_COLUMNS, {"schemas": schemas}):
            if (schema, table) not in relations:
                continue
            is_json = (schema, table, f"json_valid(`{name.replace('`', '``')}`)") in json_checks
            if column_kind := _kind("json" if is_json else base, type_name):
                columns[schema, table].append(Column(name, type_name, column_kind))
        return [Table(schema, name, kind, None, False, tuple(columns[schema, name]))
                for (schema, name), kind in relations.items()]

    def _sqlite_catalogue(self, connection, include, exclude) -> list[Table | TableProblem]:
        found: list[Table | TableProblem] = []
        for name, kind in connection.execute(SQLITE_RELATIONS).all():
            if not _selected(name, include, exclude):
                continue
            try:
                declared = connection.execute(SQLITE_COLUMNS, {"name": name}).all()
            except DRIVER_FAILURES as exc:  # a view over a table that is gone
                found.append(TableProblem(name, self._reason(exc)))
                continue
            columns = tuple(Column(column, type_name, column_kind) for column, type_name in declared
                            if (column_kind := _sqlite_kind(type_name)))
            found.append(Table(None, name, kind, None, False, columns))
        return found

    def _relation(self, table: Table, key: str | None = None) -> sqlalchemy.TableClause:
        """The table with its columns (and a paging key), every identifier quoted."""
        names = [column.name for column in table.columns]
        if key is not None and key not in names:
            names.append(key)
        return sqlalchemy.table(quoted_name(table.name, True), *(sqlalchemy.column(quoted_name(name, True)) for name in names),
                                schema=quoted_name(table.schema, True) if table.schema is not None else None)

    def _values(self, source: sqlalchemy.FromClause, table: Table) -> list[ColumnElement]:
        # psycopg parses json/jsonb (and arrays, addresses) into Python objects: ask for the database's
        # own text instead. A binary cell is counted, never read: the database says only whether it is filled.
        values = []
        for column in table.columns:
            value = source.c[column.name]
            if column.kind == "binary":
                value = case((value.is_(None), null()), else_=literal(BINARY_VALUE, Text))
            elif column.kind == "cast" or (column.kind == "json" and self.dialect == "postgresql"):
                value = cast(value, Text)
            values.append(value)
        return values

    def _estimate(self, connection, table: Table) -> tuple[int | None, int | None]:
        """The catalogue's row estimate and page count, when the database keeps them."""
        parameters = {"schema": table.schema, "name": table.name}
        if self.dialect == "postgresql":
            return tuple(connection.execute(PG_STATS, parameters).one())
        if self.dialect == "mysql":
            return connection.execute(MYSQL_ESTIMATE, parameters).scalar(), None
        return None, None

    def examine(self, table: Table) -> Table | TableProblem:
        """Check that the table can be read and count its rows."""
        relation = self._relation(table)
        try:
            with self.engine.connect() as connection:
                # LIMIT 0 plans without reading: it checks the SELECT privilege on exactly these columns.
                connection.execute(select(*(self._values(relation, table) or [literal_column("1")]))
                                   .select_from(relation).limit(0))
                if table.kind == "view":
                    return table
                estimate, _ = self._estimate(connection, table)
                if estimate is not None and estimate > EXACT_COUNT_LIMIT:
                    return replace(table, row_count=estimate, row_count_estimated=True)
                bound = None if self.dialect == "sqlite" else EXACT_COUNT_LIMIT + 1
                rows = select(literal_column("1")).select_from(relation).limit(bound).subquery()
                counted = connection.execute(select(func.count()).select_from(rows)).scalar_one()
        except DRIVER_FAILURES as exc:
            return TableProblem(table.qualified, self._reason(exc))
        if bound is not None and counted >= bound:  # statistics far behind: more rows than the bound
            return replace(table, row_count=None, row_count_estimated=True)
        return replace(table, row_count=counted)

    def _primary_key(self, connection, table: Table) -> str | None:
        keys = connection.execute(MYSQL_PRIMARY_KEY, {"schema": table.schema, "name": table.name}).scalars().all()
        return keys[0] if len(keys) == 1 else None

    def _plan(self, connection, table: Table, rows: int, full: bool) -> _Plan:
        small = table.row_count is not None and not table.row_count_estimated and table.row_count <= rows
        limit = None if full else rows
        if self.dialect == "mysql" and table.kind == "table" and (key := self._primary_key(connection, table)):
            relation = self._relation(table, key)
            statement = select(relation.c[key], *self._values(relation, table)).order_by(relation.c[key])
            reach = "all rows" if full else f"all {table.row_count} rows" if small else f"the first {rows} rows"
            return _Plan(f"{reach} by primary key, {BATCH_ROWS} per query", statement, relation.c[key])
        relation = self._relation(table)
        if full or small:
            return _Plan("all rows, streamed" if full else f"all {table.row_count} rows",
                         select(*self._values(relation, table)).limit(limit))
        if self.dialect == "postgresql" and table.kind == "table":
            tuples, pages = self._estimate(connection, table)
            if tuples and pages:
                percent = 100 * (OVERSAMPLE * rows / tuples + MIN_SAMPLE_PAGES / pages)
                if percent < MAX_SAMPLE_PERCENT:
                    sampled = sqlalchemy.tablesample(relation, func.system(percent), name="sampled")
                    return _Plan(f"TABLESAMPLE SYSTEM ({percent:.3g}%) of ~{tuples} rows, {rows} of them at random",
                                 select(*self._values(sampled, table)).order_by(func.random()).limit(rows))
        return _Plan(f"the first {rows} rows (LIMIT, no spread)", select(*self._values(relation, table)).limit(limit))

    def sampling_method(self, table: Table, rows: int, full: bool) -> str:
        """How ``sample`` reads this table, in a few words for the report."""
        try:
            with self.engine.connect() as connection:
                return self._plan(connection, table, rows, full).description
        except DRIVER_FAILURES as exc:
            raise DatabaseError(f"cannot read {table.qualified}: {self._reason(exc)}") from None

    def sample(self, table: Table, rows: int = 10_000, full: bool = False) -> Iterator[tuple[str | None, ...]]:
        """Rows of ``table.columns``, in that order, as text; streamed, never a whole table in memory."""
        if not table.columns:
            return
        try:
            with self.engine.connect() as connection:
                plan = self._plan(connection, table, rows, full)
                if plan.key is None:
                    for row in connection.execution_options(yield_per=BATCH_ROWS).execute(plan.statement):
                        yield tuple(map(_text, row))
                else:
                    yield from self._pages(connection, plan, None if full else rows)
        except DRIVER_FAILURES as exc:
            raise DatabaseError(f"cannot read {table.qualified}: {self._reason(exc)}") from None

    def columns(self, table: Table, rows: int = 10_000, full: bool = False,
                batch_rows: int = 10_000) -> Iterator[list[pa.Array]]:
        """``sample`` as Arrow string arrays, one per column, ``batch_rows`` rows at a time. A
        PostgreSQL read that is one bounded query (a sample, or a table of at most ``rows`` rows)
        goes through ADBC, fetched whole so that the statement timeout bounds the server's work
        and never the scanner's; any other read converts ``sample``'s rows."""
        if not table.columns:
            return
        if self.dialect == "postgresql" and not full and (read := self._arrow_read(table, rows)) is not None:
            for start in range(0, read.num_rows, batch_rows):
                yield [_arrow_text(cells) for cells in read.slice(start, batch_rows).columns]
            return
        sampled = self.sample(table, rows, full)
        while batch := list(islice(sampled, batch_rows)):
            yield [pa.array(cells, pa.large_string()) for cells in zip(*batch)]

    def _arrow_read(self, table: Table, rows: int) -> pa.Table | None:
        """The bounded read of ``table`` through ADBC, or None without the driver."""
        try:
            if self._arrow_connection is None:
                return None
            with self.engine.connect() as connection:
                plan = self._plan(connection, table, rows, False)
            statement = str(plan.statement.compile(dialect=postgresql.dialect(paramstyle="named"),
                                                   compile_kwargs={"literal_binds": True}))
            try:
                with self._arrow_connection.cursor() as cursor:
                    cursor.execute(statement)
                    return cursor.fetch_arrow_table()
            finally:
                self._arrow_connection.rollback()  # ends the read-only transaction ADBC opened, or a failed one
        except DRIVER_FAILURES + (_adbc_error(),) as exc:
            raise DatabaseError(f"cannot read {table.qualified}: {self._reason(exc)}") from None

    def _pages(self, connection, plan: _Plan, limit: int | None) -> Iterator[tuple[str | None, ...]]:
        """Keyset pagination: each page is its own short query, so a slow reader never hits the
        statement timeout, and no page rereads what the previous ones read."""
        last = None
        while limit is None or limit > 0:
            size = BATCH_ROWS if limit is None else min(BATCH_ROWS, limit)
            statement = plan.statement if last is None else plan.statement.where(plan.key > last)
            page = connection.execute(statement.limit(size)).all()
            for _key, *values in page:
                yield tuple(map(_text, values))
            if len(page) < size:
                return
            last = page[-1][0]
            limit = None if limit is None else limit - size


def _failure(exc: Exception) -> str:
    """A DatabaseError is worded to be shown; any other exception only by its class (its message could quote a value)."""
    return str(exc) if isinstance(exc, DatabaseError) else f"cannot read the database ({type(exc).__name__})"


class DatabaseSource:
    """One database: a Document per table (the table is the asset), whose chunks are its
    columns, one sampled value a line, the column's name as context for every value. A planned
    source: its tables can be read in worker processes, each with its own connection."""

    def __init__(self, url: str, options: DatabaseOptions, display: str | None = None):
        self.url = url
        self.options = options
        self.display = display  # a SQLite file found in a share: its path there, not a URL
        self.path = display or redact_url(url)
        self._opened: tuple[int, DatabaseReader] | None = None  # (pid, reader): a process reads with its own

    def items(self) -> Iterator[Document | Skipped | ScanError]:
        try:
            for task in self.tasks():
                yield from self.read(*task) if isinstance(task, tuple) else (task,)
        finally:
            self.close()

    def tasks(self) -> Iterator[tuple[Table, str] | Skipped | ScanError]:
        """The catalogue, read with a connection closed before any table is: a worker forked
        later must never share a connection with this process."""
        try:
            with DatabaseReader(self.url, statement_timeout_s=self.options.statement_timeout_s) as reader:
                tables = reader.catalogue(self.options.include, self.options.exclude, self.options.binary_columns)
        except Exception as exc:  # whatever a driver raises, this database is an error entry and the scan goes on
            yield ScanError(self.path, _failure(exc))
            return
        for table in tables:
            if isinstance(table, TableProblem):
                yield ScanError(asset_name(self.path, table.table), table.error)
            elif not table.columns:
                yield Skipped(asset_name(self.path, table.qualified), "no column that can hold personal information")
            else:
                yield table, asset_name(self.path, table.qualified)

    def read(self, table: Table, display: str) -> Iterator[Document | ScanError]:
        """One table, examined (readable, rows counted) and read with this process's connection."""
        try:
            reader = self._reader()
            examined = reader.examine(table)
        except Exception as exc:
            yield ScanError(display, _failure(exc))
            return
        if isinstance(examined, TableProblem):
            yield ScanError(display, examined.error)
        else:
            yield Document(self.path, 0, lambda: self._chunks(reader, examined), container="database",
                           table=examined.qualified)

    def _reader(self) -> DatabaseReader:
        """This process's reader, opened at its first table (a forked worker opens its own)."""
        if self._opened is None or self._opened[0] != os.getpid():
            self._opened = (os.getpid(), DatabaseReader(self.url, statement_timeout_s=self.options.statement_timeout_s))
        return self._opened[1]

    def close(self) -> None:
        """Closes the connection this process opened. The pipeline closes a source once its tables
        are read, so no connection is open when it forks workers for the next source."""
        if self._opened is not None and self._opened[0] == os.getpid():
            self._opened[1].close()
            self._opened = None

    def _chunks(self, reader: DatabaseReader, table: Table) -> Iterator[TextChunk]:
        sampling = reader.sampling_method(table, self.options.sample_rows, self.options.full)
        read = 0
        for batch in reader.columns(table, self.options.sample_rows, self.options.full, self.options.batch_rows):
            rows = len(batch[0])
            for column, cells in zip(table.columns, batch):
                if column.kind == "binary":
                    filled = np.flatnonzero(cells.is_valid().to_numpy(zero_copy_only=False)) + read + 1
                    text = "\n".join(map(binary_cell, filled.tolist()))
                else:
                    text = _column_text(cells)
                yield TextChunk(text, 0, 0, len(text), 1, 1, column=ColumnSample(
                    table.qualified, column.name, rows, table.row_count, table.row_count_estimated, sampling))
            read += rows
