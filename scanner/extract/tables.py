"""CSV and TSV as tables, other text as text parts: both decoded by scanner.sources.decoding."""

import csv
import io
from collections import deque
from collections.abc import Iterator
from functools import partial
from typing import BinaryIO

from scanner.extract import Item, Problem, Row, TablePart, TextPart, guarded, row_cells
from scanner.sources.decoding import SAMPLE_BYTES, detect_encoding, read_chunks

TEXT_PART_CHARS = 1 << 22  # a text file comes in parts of this size, cut at line ends
_CSV_CHUNK_CHARS = 1 << 20  # small: each chunk is split into a list of lines
_SNIFF_CHARS = 1 << 12  # csv.Sniffer's regular expressions take time in the square of this: 36 s for 64 KB of '"a,'
LINE_PIECE_CHARS = 1 << 16  # a longer line reaches the csv module in pieces: memory stays bounded
MAX_FIELD_CHARS = 1 << 24  # a quoted field (a piece cannot end inside it) the csv module reads whole
MAX_CSV_COLUMNS = 1024  # a wider line is a dump without line ends, not a table: the rest is its last column
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


def extract_text(stream: BinaryIO, binary_format: str | None = None) -> Iterator[Item]:
    """``binary_format``: the format the file's name promises (a .pdf, a .gz) if it is not text."""
    encoding = _encoding(stream)
    if encoding is None:
        yield Problem("corrupt", f"{binary_format}: not a {binary_format} file") if binary_format else Problem("binary", "")
        return
    for line, text in _own_texts(stream, encoding, TEXT_PART_CHARS):
        if text.strip():
            yield TextPart(text, first_line=line)


def extract_table(stream: BinaryIO, delimiter: str | None) -> Iterator[Item]:
    """``delimiter`` None: sniffed from the start of the file, "," if that fails."""
    encoding = _encoding(stream)
    if encoding is None:
        yield Problem("binary", "")
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
        yield TablePart(first[1], rows)


def _records(stream: BinaryIO, encoding: str, delimiter: str) -> Iterator[Row]:
    """Numbered as a spreadsheet would show them: a quoted field may span lines, a record not.

    A line longer than ``LINE_PIECE_CHARS`` reaches the csv module in pieces cut after a delimiter,
    each read as a record: its cells keep their row and columns, and memory stays bounded. A quoted
    field longer than ``MAX_FIELD_CHARS`` is one the csv module refuses: reading starts again after
    the piece it stopped in, so that the rest of the field and the rows after it are still read."""
    lines = _Lines(_own_texts(stream, encoding, _CSV_CHUNK_CHARS), delimiter)
    number, column = 1, 0
    while True:
        records = csv.reader(lines, delimiter=delimiter)
        try:
            for record in _with_field_limit(records):
                cells = row_cells(enumerate(record, column), MAX_CSV_COLUMNS)
                if cells:
                    yield number, cells
                if lines.cut:  # the line goes on in the next piece: its last field too
                    column += len(record) - 1
                else:
                    number, column = number + 1, 0
            return
        except csv.Error:
            if lines.done:
                return


def _with_field_limit(records) -> Iterator[list[str]]:
    """``records`` read with the csv module's field limit (process-wide state) raised from its
    131,072 characters, and put back between records: other code in the process keeps its own."""
    while True:
        previous = csv.field_size_limit(MAX_FIELD_CHARS)
        try:
            record = next(records, None)
        finally:
            csv.field_size_limit(previous)
        if record is None:
            return
        yield record


class _Lines:
    """Lines with their ends, as the csv module wants them, from texts cut at line ends (but in a
    line longer than a chunk). A line longer than ``LINE_PIECE_CHARS`` comes in pieces cut after
    a delimiter where there is one; ``cut`` says the last line handed out was such a piece. The
    start of a long line is kept as a list of texts joined once per piece: the cost stays linear."""

    def __init__(self, texts: Iterator[tuple[int, str]], delimiter: str):
        self._texts, self._delimiter = texts, delimiter
        self._ready: deque[tuple[str, bool]] = deque()  # (line or piece, is a piece)
        self._pending: list[str] = []  # the start of a line that goes on in the next text
        self._pending_chars = 0
        self.cut = self.done = False

    def __iter__(self):
        return self

    def __next__(self) -> str:
        while not self._ready:
            text = next(self._texts, None)
            if text is None:
                self.done = True
                if not self._pending:
                    raise StopIteration
                self._ready.append((self._take_pending(), False))
            else:
                self._add(text[1])
        line, self.cut = self._ready.popleft()
        return line

    def _add(self, text: str) -> None:
        for line in io.StringIO(text, newline="").readlines():
            self._pending.append(line)
            self._pending_chars += len(line)
            if line.endswith(("\n", "\r")):
                self._queue(self._take_pending(), ended=True)
        if self._pending_chars > LINE_PIECE_CHARS:
            self._pending = [self._queue(self._take_pending(), ended=False)]
            self._pending_chars = len(self._pending[0])

    def _queue(self, line: str, ended: bool) -> str:
        """Queue ``line`` in pieces of at most ``LINE_PIECE_CHARS``, each cut after its last
        delimiter if it has one; a line not ``ended`` keeps its last piece back: it is returned."""
        start = 0
        while len(line) - start > LINE_PIECE_CHARS:
            end = start + LINE_PIECE_CHARS
            cut = line.rfind(self._delimiter, start, end) + 1 or end
            self._ready.append((line[start:cut], True))
            start = cut
        if not ended:
            return line[start:]
        self._ready.append((line[start:], False))
        return ""

    def _take_pending(self) -> str:
        text = "".join(self._pending)
        self._pending, self._pending_chars = [], 0
        return text
