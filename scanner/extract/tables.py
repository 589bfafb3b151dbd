"""CSV and TSV as tables, other text as text parts: both decoded by scanner.sources.decoding."""

import csv
import io
from collections.abc import Iterator
from functools import partial
from typing import BinaryIO

from scanner.extract import Item, Problem, Row, TablePart, TextPart, guarded
from scanner.sources.decoding import SAMPLE_BYTES, detect_encoding, read_chunks

TEXT_PART_CHARS = 1 << 22  # a text file comes in parts of this size, cut at line ends
_CSV_CHUNK_CHARS = 1 << 20  # small: each chunk is split into a list of lines
_SNIFF_CHARS = 1 << 16
_DELIMITERS = ",\t;|"


def _encoding(stream: BinaryIO) -> str | None:
    sample = stream.read(SAMPLE_BYTES)
    complete = not stream.read(1)
    stream.seek(0)
    return detect_encoding(sample, complete)


def _own_texts(stream: BinaryIO, encoding: str, chunk_chars: int) -> Iterator[tuple[int, str]]:
    """(line number, text) of each chunk less the context it repeats from the one before."""
    stream.seek(0)
    for chunk in read_chunks(stream, encoding, chunk_chars):
        start = chunk.own_start - chunk.offset
        yield chunk.first_line + chunk.text.count("\n", 0, start), chunk.text[start:chunk.own_end - chunk.offset]


def extract_text(stream: BinaryIO) -> Iterator[Item]:
    encoding = _encoding(stream)
    if encoding is None:
        return  # binary: an image, an executable; nothing a text scan could read
    for line, text in _own_texts(stream, encoding, TEXT_PART_CHARS):
        if text.strip():
            yield TextPart(text, first_line=line)


def extract_table(stream: BinaryIO, delimiter: str | None) -> Iterator[Item]:
    """``delimiter`` None: sniffed from the start of the file, "," if that fails."""
    encoding = _encoding(stream)
    if encoding is None:
        yield Problem("unsupported", "csv: binary content")
        return
    if delimiter is None:
        sample = next(_own_texts(stream, encoding, _SNIFF_CHARS), (1, ""))[1]
        try:
            delimiter = csv.Sniffer().sniff(sample, _DELIMITERS).delimiter
        except csv.Error:
            delimiter = ","
    rows = guarded("csv", partial(_records, stream, encoding, delimiter))
    first = next(rows(), None)
    if first is not None:
        yield TablePart(tuple(cell or "" for cell in first[1]), rows)


def _records(stream: BinaryIO, encoding: str, delimiter: str) -> Iterator[Row]:
    """Numbered as a spreadsheet would show them: a quoted field may span lines, a record not."""
    records = csv.reader(_lines(stream, encoding), delimiter=delimiter)
    for number, record in enumerate(records, 1):
        cells = tuple(value or None for value in record)
        if any(cells):
            yield number, cells


def _lines(stream: BinaryIO, encoding: str) -> Iterator[str]:
    """Lines with their ends, as the csv module wants them; chunks are cut at line ends except
    in a line longer than a chunk, which is joined back here."""
    pending = ""
    for _, text in _own_texts(stream, encoding, _CSV_CHUNK_CHARS):
        lines = io.StringIO(pending + text, newline="").readlines()
        pending = lines.pop() if lines and not lines[-1].endswith(("\n", "\r")) else ""
        yield from lines
    if pending:
        yield pending
