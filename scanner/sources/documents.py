"""Office documents, PDFs, mail and archives met in a walk, as Documents.

``scanner.extract`` turns a file into parts; each part becomes a Document:
- prose (a document body, a slide, a PDF page, a mail body) is one chunk, located by page and
  by member (inside an archive or a mail: each member or attachment is an asset of its own);
- a table (a sheet, a CSV or TSV file) is read as columns, one cell a line in batches of rows,
  with the column's header as context; each finding is located by sheet and cell, and the
  pipeline tallies each column (like a database column).
An encrypted file or member, or a PDF without a text layer, is listed as skipped with the reason
(a reviewer must know what could not be read); a corrupt part or a limit reached is an error.
"""

from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from itertools import islice
from pathlib import Path

from scanner.extract import EXTRACTED_SUFFIXES, Problem, TablePart, TextPart, extract
from scanner.model import Document, ScanError, SheetColumn, Skipped, TextChunk, asset_name

TABLE_BATCH_ROWS = 10_000  # rows per chunk of a column: memory stays flat in the size of a sheet
_SKIPPED_KINDS = {"encrypted": "encrypted", "no-text-layer": "no text layer", "unsupported": "format not extracted"}


# What a renamed container starts with (a backup named .bak, a report saved as .dat).
_MAGIC = (b"PK\x03\x04", b"%PDF", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def is_document(path: Path) -> bool:
    return path.suffix.lower() in EXTRACTED_SUFFIXES


def starts_like_a_document(sample: bytes) -> bool:
    return sample.startswith(_MAGIC)


def document_items(path: Path, display: str, container: str, mode: int | None, modified: str | None, size: int
                   ) -> Iterator[Document | Skipped | ScanError]:
    """The file's parts as Documents, consumed one at a time: a table's rows can be read only
    while it is the current part. The first Document carries the file's ``size`` (what the scan
    read), the others none."""
    try:
        for item in extract(path):
            for document in _as_documents(item, display, container, mode, modified):
                if isinstance(document, Document):
                    document, size = replace(document, size=size), 0
                yield document
    except OSError as exc:
        yield ScanError(display, f"cannot read: {exc.strerror}")
    except Exception as exc:  # an extractor's bug on a strange file must not stop the scan
        yield ScanError(display, f"extraction failed: {type(exc).__name__}")


def _as_documents(item, display: str, container: str, mode: int | None, modified: str | None
                  ) -> Iterator[Document | Skipped | ScanError]:
    if isinstance(item, Problem):
        where = asset_name(display, item.member)
        if item.kind in _SKIPPED_KINDS:
            yield Skipped(where, f"{_SKIPPED_KINDS[item.kind]}: {item.detail}")
        else:
            yield ScanError(where, f"{item.kind}: {item.detail}")
    elif isinstance(item, TextPart):
        yield Document(display, 0, partial(_prose, item), container=container, mode=mode,
                       modified=modified, member=item.member, page=item.page, part=item.part)
    else:
        yield Document(display, 0, partial(_columns, item), container=container, mode=mode, modified=modified,
                       member=item.member)


def _prose(part: TextPart) -> Iterator[TextChunk]:
    yield TextChunk(part.text, 0, 0, len(part.text), part.first_line, 1)


def _columns(table: TablePart) -> Iterator[TextChunk]:
    """Each column of each batch of rows as a chunk: cells one a line (a line break inside a cell
    would make two), the header row included (a sheet may have no header: its first row is data)."""
    rows = table.rows()
    header_row = None
    while batch := list(islice(rows, TABLE_BATCH_ROWS)):
        header_row = batch[0][0] if header_row is None else header_row
        rows_read = sum(1 for number, _ in batch if number != header_row)
        width = max(len(cells) for _, cells in batch)
        for index in range(width):
            filled = [(number, cells[index]) for number, cells in batch if index < len(cells) and cells[index]]
            if not filled:
                continue
            text = "\n".join(" ".join(cell.splitlines()) for _, cell in filled)
            header = table.header[index] if index < len(table.header) else ""
            yield TextChunk(text, 0, 0, len(text), 1, 1,
                            cells=SheetColumn(table.sheet, header, table.first_column + index, tuple(n for n, _ in filled),
                                              rows_read))
