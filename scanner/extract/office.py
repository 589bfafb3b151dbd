"""Word, PowerPoint and Excel files: python-docx, python-pptx, openpyxl and xlrd."""

import io
from collections.abc import Iterator
from decimal import Decimal
from functools import partial
from typing import BinaryIO

import xlrd
from docx import Document
from docx.table import Table
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from xlrd.compdoc import CompDoc

from scanner.extract import Item, Problem, Row, TablePart, TextPart, guarded, row_cells
from scanner.extract.sheet_xml import SheetRows

# What an OLE compound file holds, told by the name of one of its streams.
_OLE_STREAMS = (
    ("EncryptedPackage", Problem("encrypted", "office: password-protected document")),
    ("WordDocument", Problem("unsupported", "doc: legacy Word format not extracted")),
    ("PowerPoint Document", Problem("unsupported", "ppt: legacy PowerPoint format not extracted")),
    ("__properties_version1.0", Problem("unsupported", "msg: Outlook message not extracted")),
)


def cell_text(value: object) -> str | None:
    """A cell as the digits a person typed: a phone or ID stored as a number is often a float
    (13812345678.0) and must not come out as "13812345678.0" or "1.3812345678e+10"."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    return str(value)


def extract_docx(stream: BinaryIO) -> Iterator[Item]:
    document = Document(stream)
    body = "\n".join(_block_lines(document))
    if body.strip():
        yield TextPart(body, part="body")
    seen = set()
    for section in document.sections:
        for label, items in (
            ("header", (section.first_page_header, section.header, section.even_page_header)),
            ("footer", (section.first_page_footer, section.footer, section.even_page_footer)),
        ):
            for item in items:
                if item.is_linked_to_previous:  # no content of its own
                    continue
                text = "\n".join(_block_lines(item))
                if text.strip() and (label, text) not in seen:  # sections often repeat the same one
                    seen.add((label, text))
                    yield TextPart(text, part=label)


def _block_lines(container) -> Iterator[str]:
    """Paragraphs and tables in document order. A table row is one line with its cells
    tab-separated, so that a value's label sits on its line or the line before."""
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            seen = set()
            for row in block.rows:
                cells = []
                for cell in row.cells:
                    if cell._tc not in seen:  # a merged cell comes back for each grid cell it spans
                        seen.add(cell._tc)
                        cells.append(" ".join(_block_lines(cell)))
                yield "\t".join(cells)
        else:
            yield block.text


def extract_pptx(stream: BinaryIO) -> Iterator[Item]:
    for number, slide in enumerate(Presentation(stream).slides, 1):
        text = "\n".join(_shape_lines(slide.shapes))
        if text.strip():
            yield TextPart(text, page=number)
        notes = slide.notes_slide.notes_text_frame if slide.has_notes_slide else None
        if notes is not None and notes.text.strip():
            yield TextPart(_lines(notes.text), page=number, part="notes")


def _shape_lines(shapes) -> Iterator[str]:
    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _shape_lines(shape.shapes)
        elif shape.has_text_frame:
            yield _lines(shape.text_frame.text)
        elif shape.has_table:
            for row in shape.table.rows:
                yield "\t".join(_lines(cell.text) for cell in row.cells if not cell.is_spanned)


def _lines(text: str) -> str:
    return text.replace("\v", "\n")  # python-pptx's line break inside a paragraph


def extract_xlsx(stream: BinaryIO) -> Iterator[Item]:
    workbook = load_workbook(stream, read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            yield from _table(guarded("xlsx", partial(_xlsx_rows, workbook, sheet)), sheet.title)
    finally:
        workbook.close()


def _xlsx_rows(workbook, sheet) -> Iterator[Row]:
    """The cells as the sheet stores them (no filled-in rows or cells: a row numbered 10⁹ comes
    next, a cell in column XFD costs one cell). Numbers in a date format are turned into dates
    here: a phone number in a date-formatted cell is no date, and stays a number."""
    text = partial(_xlsx_cell, workbook)
    with sheet._get_source() as source:
        for number, cells in SheetRows(source, sheet._shared_strings):
            row = row_cells((column, text(value, kind, style)) for column, value, kind, style in cells)
            if row:
                yield number, row


def _xlsx_cell(workbook, value: object, kind: str, style: int) -> str | None:
    if kind == "n" and style in workbook._date_formats and value is not None:
        try:
            return str(from_excel(value, workbook.epoch, timedelta=style in workbook._timedelta_formats))
        except (OverflowError, ValueError):
            pass  # out of a date's range: show the number
    return cell_text(value)


def _table(rows, sheet: str) -> Iterator[TablePart]:
    first = next(rows(), None)
    if first is not None:
        yield TablePart(first[1], rows, sheet=sheet)


def extract_ole(stream: BinaryIO) -> Iterator[Item]:
    """A compound file: an .xls workbook, an encrypted .docx/.xlsx/.pptx, or a legacy format.
    Both readers need the whole file in memory; these formats predate large files."""
    data = stream.read()
    streams = {entry.name for entry in CompDoc(data, logfile=io.StringIO()).dirlist}
    problem = next((problem for marker, problem in _OLE_STREAMS if marker in streams), None)
    if problem is not None:
        yield problem
    elif streams & {"Workbook", "Book"}:
        yield from _xls(data)
    else:
        yield Problem("unsupported", "ole: compound document of an unknown kind")


def _xls(data: bytes) -> Iterator[Item]:
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc):
            yield Problem("encrypted", "xls: password-protected workbook")
            return
        raise
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            yield from _table(guarded("xls", partial(_xls_rows, sheet, book.datemode)), sheet.name)
            book.unload_sheet(index)
    finally:
        book.release_resources()


def _xls_rows(sheet, datemode: int) -> Iterator[Row]:
    for index in range(sheet.nrows):
        cells = row_cells(enumerate(_xls_cell(cell, datemode) for cell in sheet.row(index)))
        if cells:
            yield index + 1, cells


def _xls_cell(cell, datemode: int) -> str | None:
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(cell.value))
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return str(xlrd.xldate.xldate_as_datetime(cell.value, datemode))
        except xlrd.xldate.XLDateError:
            pass  # out of a date's range: show the number
    return cell_text(cell.value)
