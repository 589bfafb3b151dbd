"""OpenDocument text (odt) and spreadsheets (ods): a zip holding ``content.xml``.

Read with the standard library, streaming: ``iterparse`` over ``content.xml`` and each element
cleared once read, so a large spreadsheet costs a row at a time. A spreadsheet stores runs of
identical rows and cells once with a repeat count (an empty sheet says "1,048,576 empty rows"):
empty runs only move the row number on, and filled runs are written out up to ``MAX_REPEAT``.
"""

import zipfile
from collections.abc import Iterator
from functools import partial
from typing import BinaryIO
from xml.etree.ElementTree import Element, iterparse

from scanner.extract import MAX_COLUMNS, Item, Row, TablePart, TextPart, guarded, row_cells

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_PARAGRAPHS = (_TEXT + "p", _TEXT + "h")
MAX_REPEAT = 1000  # copies of one filled row or cell written out; more is a template, not data


def _content(stream: BinaryIO) -> zipfile.ZipExtFile:
    return zipfile.ZipFile(stream).open("content.xml")


def extract_odt(stream: BinaryIO) -> Iterator[Item]:
    """Every paragraph and heading (tables' cells are paragraphs too), one a line."""
    lines = []
    with _content(stream) as content:
        for _, element in iterparse(content):
            if element.tag in _PARAGRAPHS:
                lines.append(" ".join("".join(element.itertext()).splitlines()))
                element.clear()
    text = "\n".join(lines)
    if text.strip():
        yield TextPart(text, part="body")


def extract_ods(stream: BinaryIO) -> Iterator[Item]:
    """Each sheet as a table; its rows are read again from the file each time they are asked for."""
    sheets = [element.get(_TABLE + "name") for event, element in _elements(stream) if event == "start" and element.tag == _TABLE + "table"]
    for index, sheet in enumerate(sheets):
        rows = guarded("ods", partial(_rows, stream, index))
        first = next(rows(), None)
        if first is not None:
            yield TablePart(first[1], rows, sheet=sheet)


def _elements(stream: BinaryIO) -> Iterator[tuple[str, Element]]:
    """``iterparse`` events of ``content.xml``; a row is dropped from the tree once it has been
    seen, so memory holds one row, however long the sheet."""
    stream.seek(0)
    parents: list[Element] = []
    with _content(stream) as content:
        for event, element in iterparse(content, events=("start", "end")):
            if event == "start":
                parents.append(element)
                yield event, element
                continue
            parents.pop()
            yield event, element
            if element.tag == _TABLE + "table-row" and parents:
                parents[-1].remove(element)


def _rows(stream: BinaryIO, wanted: int) -> Iterator[Row]:
    """The non-empty rows of the ``wanted``-th sheet, numbered as the spreadsheet shows them. A
    repeated cell is written out once past ``MAX_COLUMNS`` (into the last column, see ``row_cells``)."""
    sheet, number, column, cells = -1, 0, 0, []
    for event, element in _elements(stream):
        if event == "start":
            sheet += element.tag == _TABLE + "table"
            continue
        if sheet != wanted:
            continue
        if element.tag in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
            text = "\n".join("".join(p.itertext()) for p in element.iter(_TEXT + "p"))
            repeat = int(element.get(_TABLE + "number-columns-repeated", "1"))
            if text:
                cells += [(column + copy, text) for copy in range(min(repeat, MAX_REPEAT, max(1, MAX_COLUMNS - column)))]
            column += repeat
        elif element.tag == _TABLE + "table-row":
            repeat = int(element.get(_TABLE + "number-rows-repeated", "1"))
            row = row_cells(cells)
            written = min(repeat, MAX_REPEAT) if row else 0
            for _ in range(written):
                number += 1
                yield number, row
            number += repeat - written
            column, cells = 0, []
        elif element.tag == _TABLE + "table":
            return
