"""A worksheet's cells (SpreadsheetML ``sheetData``) read with expat, a row at a time.

Written by hand because neither library that reads them does it right for a scan: openpyxl's
sheet parser builds an element tree and descriptor objects for every cell (2-3x slower than this
reader; ``benchmarks/xlsx_read.py``), and python-calamine reads a whole sheet into a dense
grid (a cell at XFD1048576 makes it allocate 512 GB and abort the process). This keeps what
openpyxl's parser reads with ``data_only`` (its values and types, the cached value of a formula) and
nothing else, in memory bounded by the longest row.
"""

from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import BinaryIO
from xml.parsers import expat

from openpyxl.utils.datetime import from_ISO8601

Cell = tuple[int, object, str, int]  # 0-based column, value, type ("n", "s", "b", "e", "d"), style id

_READ_SIZE = 1 << 16  # rows come as they are read: a sheet corrupt midway yields its first part


@lru_cache(maxsize=None)  # at most 16,384 column names in a sheet; 3 letters at most are read
def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index


def _column_of(reference: str) -> int:
    """The 1-based column of a cell reference such as ``AB12``."""
    letters = reference.rstrip("0123456789")
    if not 0 < len(letters) <= 3 or not letters.isupper() or not letters.isascii() or len(letters) == len(reference):
        raise ValueError("not a cell reference")
    return _column_index(letters)


@lru_cache(maxsize=64)  # the few names of a sheet's elements, with or without a prefix
def _local(name: str) -> str:
    return name[name.find(":") + 1:]


def _row_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        number = float(text)  # openpyxl takes "3.0"
        if not number.is_integer():
            raise
        return int(number)


def _number(text: str) -> int | float:
    return float(text) if "." in text or "E" in text or "e" in text else int(text)


class SheetRows:
    """Iterates (row number, [cell, …]) over a worksheet's XML stream, as openpyxl's sheet parser
    numbers and types them: a row or cell without its reference follows the one before it."""

    def __init__(self, source: BinaryIO, shared_strings: Sequence[str]):
        self._source = source
        self._shared = shared_strings
        self._done: list[tuple[int, list[Cell]]] = []
        self._in_data = False
        self._row = 0
        self._cells: list[Cell] = []
        self._column = 0
        self._cell: tuple[str, int] | None = None  # type and style of the open cell
        self._value: str | None = None  # its <v>
        self._inline: list[str] | None = None  # its <is>, once met
        self._text: list[str] | None = None  # characters being collected
        self._phonetic = False  # inside <rPh>: a reading aid, not the cell's text

    def __iter__(self) -> Iterator[tuple[int, list[Cell]]]:
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.buffer_size = 1 << 16
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._characters
        parser.StartDoctypeDeclHandler = self._refuse_doctype
        while block := self._source.read(_READ_SIZE):
            parser.Parse(block, False)
            yield from self._completed()
        parser.Parse(b"", True)
        yield from self._completed()

    def _completed(self) -> list[tuple[int, list[Cell]]]:
        done, self._done = self._done, []
        return done

    @staticmethod
    def _refuse_doctype(*_) -> None:
        raise ValueError("a worksheet has no document type declaration")  # entities could expand without bound

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        name = _local(name)  # a prefixed name (x:c) is the same element
        if not self._in_data:
            self._in_data = name == "sheetData"
        elif name == "c":
            reference = attributes.get("r")
            self._column = _column_of(reference) if reference else self._column + 1
            style = attributes.get("s")
            self._cell = (attributes.get("t", "n"), int(style) if style else 0)
            self._value = self._inline = None
        elif self._cell is None:
            if name == "row":
                number = attributes.get("r")
                self._row = _row_number(number) if number else self._row + 1
                self._column = 0
        elif name == "v" and self._inline is None:
            self._text = []
        elif name == "is" and self._inline is None:
            self._inline = []
        elif name == "rPh":
            self._phonetic = True
        elif name == "t" and self._inline is not None and not self._phonetic:
            self._text = []

    def _characters(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def _end(self, name: str) -> None:
        name = _local(name)
        if not self._in_data:
            return
        if self._cell is None:
            if name == "row":
                self._done.append((self._row, self._cells))
                self._cells = []
            elif name == "sheetData":
                self._in_data = False
        elif name == "c":
            self._cells.append(self._typed())
            self._cell = None
        elif self._text is not None and name in ("v", "t"):
            text, self._text = "".join(self._text), None
            if name == "v" and self._value is None:
                self._value = text
            elif name == "t" and self._inline is not None:
                self._inline.append(text)
        elif name == "rPh":
            self._phonetic = False

    def _typed(self) -> Cell:
        kind, style = self._cell
        column = self._column - 1
        if kind == "inlineStr":
            return column, None if self._inline is None else "".join(self._inline), "s", style
        value = self._value or None
        if value is None:
            return column, None, kind, style
        if kind == "n":
            return column, _number(value), kind, style
        if kind == "s":
            return column, self._shared[int(value)], kind, style
        if kind == "b":
            return column, bool(int(value)), kind, style
        if kind == "d":
            return column, from_ISO8601(value), kind, style
        return column, value, "s" if kind == "str" else kind, style
