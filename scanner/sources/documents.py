"""Office documents, PDFs, mail and archives met in a walk, as Documents.

``scanner.extract`` turns a file into parts; each part becomes a Document:
- prose (a document body, a slide, a PDF page, a mail body) is one chunk, located by page and
  by member (inside an archive or a mail: each member or attachment is an asset of its own);
- a table (a sheet, a CSV or TSV file) is read as columns, one cell a line in batches of rows,
  with the column's header as context; each finding is located by sheet and cell, and the
  pipeline tallies each column (like a database column).
- an image or a scanned page is the text OCR read in it (part "ocr"), with the evidence its
  layout gives (scanner/extract/images.py).
An encrypted file or member, a PDF without a text layer or an image not read by OCR is listed as
skipped with the reason (a reviewer must know what could not be read); a corrupt part or a limit
reached is an error. Where the content is not text (an image, a scan, a file skipped or failed),
the name is evidence of what it holds (scanner/file_names.py): an empty Document carries it after
the asset's other parts.
"""

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path

from scanner.extract import EXTRACTED_SUFFIXES, Problem, Row, TablePart, TextPart, extract, is_image, quietly
from scanner.file_names import name_evidence
from scanner.model import Document, ScanError, SheetColumn, Skipped, TextChunk, asset_name
from scanner.ocr import OCR_PART, OcrOptions
from scanner.sources import LINE_BREAKS

TABLE_BATCH_ROWS = 10_000  # rows per chunk of a column: memory stays flat in the size of a sheet
TABLE_BATCH_CELLS = 1_000_000  # and cells: a wide sheet's batch is fewer rows
TABLE_BATCH_CHARS = 1 << 24  # and characters: a batch of long cells (a line without line ends) too
_OTHER_LINE_BREAK = re.compile("[" + LINE_BREAKS.replace("\n", "") + "]")  # str.splitlines breaks there too
_SKIPPED_KINDS = {"encrypted": "encrypted", "no-text-layer": "no text layer", "unsupported": "format not extracted",
                  "binary": "binary content", "not-ocred": "not read by OCR"}


# What a renamed container starts with (a backup named .bak, a report saved as .dat).
_MAGIC = (b"PK\x03\x04", b"%PDF", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def is_document(path: Path) -> bool:
    return path.suffix.lower() in EXTRACTED_SUFFIXES


def starts_like_a_document(sample: bytes) -> bool:
    return sample.startswith(_MAGIC) or is_image(sample)


def document_items(path: Path, display: str, container: str, mode: int | None, modified: str | None,
                   size: int, ocr: OcrOptions = OcrOptions()) -> Iterator[Document | Skipped | ScanError]:
    """The file's parts as Documents, consumed one at a time: a table's rows can be read only
    while it is the current part. The first Document carries the file's ``size`` (what the scan
    read), the others none. The parsers run ``quietly``: their warnings never reach the user."""
    opaque: dict[str | None, None] = {}  # the file (None) or members whose content is no text: names speak
    try:
        for item in quietly(extract(path, display, ocr=ocr)):
            unread = isinstance(item, Problem) and item.kind != "limit"
            if unread or isinstance(item, TextPart) and item.part == OCR_PART:
                opaque.setdefault(item.member)
            for document in _as_documents(item, display, container, mode, modified):
                if isinstance(document, Document):
                    document, size = replace(document, size=size), 0
                yield document
    except OSError as exc:
        yield ScanError(display, f"cannot read: {exc.strerror}")
        opaque.setdefault(None)
    except Exception as exc:  # an extractor's bug on a strange file must not stop the scan
        yield ScanError(display, f"extraction failed: {type(exc).__name__}")
        opaque.setdefault(None)
    for member in opaque:
        if evidence := evidence_document(display, container, mode, modified, size, member):
            size = 0
            yield evidence


def evidence_document(display: str, container: str, mode: int | None, modified: str | None, size: int,
                      member: str | None = None) -> Document | None:
    """An empty Document carrying what the name of a file or member whose content could not be
    read as text says it holds; None if the name says nothing."""
    evidence = name_evidence(asset_name(display, member))
    if not evidence:
        return None
    return Document(display, size, partial(iter, ()), container=container, mode=mode, modified=modified,
                    member=member, evidence=evidence)


def _as_documents(item, display: str, container: str, mode: int | None, modified: str | None
                  ) -> Iterator[Document | Skipped | ScanError]:
    if isinstance(item, Problem):
        where = asset_name(display, item.member)
        if item.kind in _SKIPPED_KINDS:
            reason = _SKIPPED_KINDS[item.kind]
            yield Skipped(where, f"{reason}: {item.detail}" if item.detail else reason)
        else:
            yield ScanError(where, f"{item.kind}: {item.detail}")
    elif isinstance(item, TextPart):
        yield Document(display, 0, partial(_quiet_chunks, _prose, item), container=container, mode=mode,
                       modified=modified, member=item.member, member_size=item.size, page=item.page,
                       part=item.part, evidence=item.evidence)
    else:
        yield Document(display, 0, partial(_quiet_chunks, _columns, item), container=container, mode=mode,
                       modified=modified, member=item.member, member_size=item.size)


def _quiet_chunks(chunks, part) -> Iterator[TextChunk]:
    return quietly(chunks(part))


def _prose(part: TextPart) -> Iterator[TextChunk]:
    if part.text:
        yield TextChunk(part.text, 0, 0, len(part.text), part.first_line, 1)


def _columns(table: TablePart) -> Iterator[TextChunk]:
    """Each column of each batch of rows as a chunk: cells one a line (a line break inside a cell
    would make two), the header row included (a sheet may have no header: its first row is data).
    A batch ends at ``TABLE_BATCH_ROWS`` rows, ``TABLE_BATCH_CELLS`` cells or ``TABLE_BATCH_CHARS``
    characters, whichever comes first."""
    rows = table.rows()
    header_row = None
    while batch := _batch(rows):
        header_row = batch[0][0] if header_row is None else header_row
        rows_read = sum(1 for number, _ in batch if number != header_row)
        numbers = tuple(number for number, _ in batch)
        filled_rows = [cells for _, cells in batch]
        for index in sorted(set().union(*filled_rows)):
            column = [cells.get(index) for cells in filled_rows]
            filled = numbers
            if None in column:  # a sparse column: only its filled cells are lines
                filled = tuple(number for number, cell in zip(numbers, column) if cell is not None)
                column = [cell for cell in column if cell is not None]
            text = _one_a_line(column)
            yield TextChunk(text, 0, 0, len(text), 1, 1,
                            cells=SheetColumn(table.sheet, table.header.get(index, ""), table.first_column + index,
                                              filled, rows_read))


def _one_a_line(cells: list[str]) -> str:
    """The cells one a line, each as ``" ".join(cell.splitlines())`` writes it. Joined whole
    first: cells without a line break (nearly all) cost no Python call each."""
    text = "\n".join(cells)
    if text.count("\n") == len(cells) - 1 and not _OTHER_LINE_BREAK.search(text):
        return text
    return "\n".join(" ".join(cell.splitlines()) for cell in cells)


def _batch(rows: Iterator[Row]) -> list[Row]:
    batch, cells, chars = [], 0, 0
    for row in rows:
        batch.append(row)
        cells += len(row[1])
        chars += sum(map(len, row[1].values()))
        if len(batch) == TABLE_BATCH_ROWS or cells >= TABLE_BATCH_CELLS or chars >= TABLE_BATCH_CHARS:
            break
    return batch
