"""Sources: each turns a scan target into Documents (plus Skipped and ScanError entries).

A source is anything with ``items() -> Iterator[Document | Skipped | ScanError]``.
"""

from collections.abc import Iterator
from typing import Protocol

from scanner.model import Document, ScanError, Skipped


class Source(Protocol):
    def items(self) -> Iterator[Document | Skipped | ScanError]: ...
