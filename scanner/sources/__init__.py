"""Sources: each turns a scan target into Documents (plus Skipped and ScanError entries).

A source is anything with ``items() -> Iterator[Document | Skipped | ScanError]``. A source whose
inputs can be read apart (a share's files, a database's tables) is also a ``PlannedSource``: the
pipeline plans its inputs, reads them here or in worker processes, and merges them in plan order.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from scanner.model import Document, ScanError, Skipped


LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # where str.splitlines splits a cell ("\r\n" is one)
BINARY_VALUE = "[binary]"  # what a database reader selects for a binary cell, which it does not read


def binary_cell(row: int) -> str:
    """A binary cell as a column chunk holds it: numbered by row, each counts as a value of its
    own (a face template is one person's; the database is not asked to compare them). The field
    recognizer (recognizers/fields.py) reads these."""
    return f"[binary {row}]"


class Source(Protocol):
    def items(self) -> Iterator[Document | Skipped | ScanError]: ...


@runtime_checkable
class PlannedSource(Protocol):
    """``tasks`` plans: each input to read as (what, its name in the report), in report order, and
    what planning itself skipped or could not do. ``read(*task)`` reads one input, in whichever
    process it runs. ``close`` releases what reading opened in this process."""

    def tasks(self) -> Iterator[tuple[object, str] | Skipped | ScanError]: ...

    def read(self, what, display: str) -> Iterator[Document | Skipped | ScanError]: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class DatabaseOptions:
    """How databases are read (scanner/sources/database.py), here so that a walk that meets none
    never imports SQLAlchemy."""

    sample_rows: int = 10_000
    full: bool = False
    include: tuple[str, ...] = ()  # globs on schema.table
    exclude: tuple[str, ...] = ()
    statement_timeout_s: float = 30
    batch_rows: int = 10_000  # rows per chunk: memory stays flat when --full reads a large table
    # Which binary columns (BLOB, bytea) count by their name (face templates): each filled cell is
    # yielded as BINARY_VALUE, and never read.
    binary_columns: Callable[[str], bool] = lambda name: False
