"""The expat sheet reader (scanner/extract/sheet_xml.py) against openpyxl's own sheet parser: every
cell's column, value, type and style the same, on sheets written by openpyxl, by xlsxwriter (shared
and inline strings, rich text, cached formula values) and by hand (no references, prefixes,
phonetic runs, every cell type)."""

import datetime
import io
import random
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet._reader import WorkSheetParser

from scanner.extract import Problem, extract
from scanner.extract.sheet_xml import SheetRows
from tests import synthetic

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _reference(xml: bytes, shared: list[str]) -> list:
    rows = WorkSheetParser(io.BytesIO(xml), shared, data_only=True).parse()
    return [(number, [(cell["column"] - 1, cell["value"], cell["data_type"] if cell["value"] is not None else None,
                       cell["style_id"]) for cell in cells]) for number, cells in rows]


def _ours(xml: bytes, shared: list[str]) -> list:
    return [(number, [(column, value, kind if value is not None else None, style) for column, value, kind, style in cells])
            for number, cells in SheetRows(io.BytesIO(xml), shared)]


def _sheets(path: Path) -> list[tuple[bytes, list[str]]]:
    workbook = load_workbook(path, read_only=True)
    try:
        with zipfile.ZipFile(path) as archive:
            return [(archive.read(sheet._worksheet_path), sheet._shared_strings) for sheet in workbook.worksheets]
    finally:
        workbook.close()


def _openpyxl_book(path: Path, rng: random.Random) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "手机号", "身份证号", "金额", "在职", "入职日期", "错误"])
    for _ in range(200):
        sheet.append([synthetic.person_name(rng), int(synthetic.mobile(rng)), synthetic.resident_id(rng),
                      rng.randint(1, 10**6) / 100, rng.random() < 0.5, datetime.datetime(2020, 1, rng.randint(1, 28)), "#N/A"])
    sheet.cell(row=5000, column=300, value="远处")
    book.create_sheet("空表")
    book.save(path)


def _xlsxwriter_book(path: Path, rng: random.Random, constant_memory: bool) -> None:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
    sheet = book.add_worksheet("客户")
    bold, when = book.add_format({"bold": True}), book.add_format({"num_format": "yyyy-mm-dd"})
    for row in range(300):
        sheet.write_string(row, 0, synthetic.person_name(rng))
        sheet.write_number(row, 1, int(synthetic.mobile(rng)), when)  # a phone in a date format stays a number here
        sheet.write_rich_string(row, 2, bold, "邮箱：", synthetic.email(rng))
        sheet.write_formula(row, 3, f"=B{row + 1}*2", None, row * 2)
        sheet.write_formula(row, 4, '="x"&"y"', None, "xy")
        sheet.write_boolean(row, 5, row % 2 == 0)
        sheet.write_datetime(row, 6, datetime.datetime(2021, 3, 1 + row % 28), when)
        sheet.write_blank(row, 7, None, bold)
    book.close()


@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter", "xlsxwriter-inline"])
def test_cells_as_openpyxls_parser_reads_them(tmp_path, writer):
    rng, path = random.Random(writer), tmp_path / "book.xlsx"
    if writer == "openpyxl":
        _openpyxl_book(path, rng)
    else:
        _xlsxwriter_book(path, rng, constant_memory=writer.endswith("inline"))
    cells = 0
    for xml, shared in _sheets(path):
        reference = _reference(xml, shared)
        assert _ours(xml, shared) == reference
        cells += sum(len(row) for _, row in reference)
    assert cells >= 200 * 7  # the books' rows were read, not two empty lists compared


HAND_WRITTEN = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="{MAIN}"><x:dimension ref="A1:C9"/><x:sheetData>
<x:row r="2"><x:c r="B2" t="s"><x:v>1</x:v></x:c><x:c t="str"><x:f>A1</x:f><x:v>公式</x:v></x:c></x:row>
<x:row><x:c><x:v>1.5E3</x:v></x:c><x:c t="b"><x:v>0</x:v></x:c><x:c t="e"><x:v>#DIV/0!</x:v></x:c></x:row>
<x:row r="7.0"><x:c r="C7" t="inlineStr" s="3"><x:is><x:r><x:t>张</x:t></x:r><x:r><x:t xml:space="preserve"> 三</x:t></x:r>
<x:rPh sb="0" eb="1"><x:t>ちょう</x:t></x:rPh></x:is></x:c><x:c r="D7" t="d"><x:v>2024-02-29T10:00:00</x:v></x:c>
<x:c r="E7"><x:v></x:v></x:c><x:c r="F7" t="inlineStr"/><x:c r="G7" t="s"><x:v>0</x:v></x:c></x:row>
</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A1:B1"/></x:mergeCells></x:worksheet>""".encode()


def test_a_hand_written_sheet_with_prefixes_implied_references_and_phonetic_runs():
    shared = ["共享一", "共享二"]
    ours = _ours(HAND_WRITTEN, shared)
    assert ours == _reference(HAND_WRITTEN, shared)
    assert ours[2][1][0] == (2, "张 三", "s", 3)  # the phonetic reading is no part of the text
    assert [number for number, _ in ours] == [2, 3, 7]


def test_a_document_type_declaration_is_refused_as_corrupt(tmp_path):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            + f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>'.encode())
    path = tmp_path / "a.xlsx"
    _openpyxl_book(path, random.Random(1))
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["xl/worksheets/sheet1.xml"] = bomb
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    assert list(extract(path)) == [Problem("corrupt", "xlsx: ValueError")]
