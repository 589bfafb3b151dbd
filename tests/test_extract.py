"""Extractors: real files of every format, made here, with planted synthetic values found exactly
where they were put (part, sheet and cell, page, member), and bad inputs reported as problems."""

import base64
import bz2
import csv
import gzip
import io
import lzma
import random
import tarfile
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import msoffcrypto.format.ooxml
import pytest
import pyzipper
import xlwt
from docx import Document
from odf import table as odf_table
from odf import text as odf_text
from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText
from openpyxl import Workbook
from pptx import Presentation
from pptx.util import Inches
from pypdf import PdfReader, PdfWriter

from scanner.extract import (EXTRACTED_SUFFIXES, ExtractionError, Limits, Problem, TablePart, TextPart, cell_name,
                             extract)
from scanner.extract.office import cell_text
from tests import synthetic


@dataclass(frozen=True)
class Sample:
    """A file's bytes and what extract() must make of it: the items' layout (no content) and,
    for each planted value, every place it appears."""

    name: str
    data: bytes
    layout: tuple[tuple, ...]  # ("text", member, part, page) | ("table", member, sheet, header) | ("problem", kind, member)
    where: dict[str, tuple[tuple, ...]]  # value -> ((member, part or sheet, page or cell), ...)

    def inside(self, member: str) -> "Sample":
        def moved(entry: tuple, at: int) -> tuple:
            return entry[:at] + (member if entry[at] is None else f"{member}/{entry[at]}",) + entry[at + 1:]

        return replace(self, layout=tuple(moved(entry, 1) for entry in self.layout),
                       where={value: tuple(moved(entry, 0) for entry in places) for value, places in self.where.items()})


def read(path: Path, limits: Limits = Limits()) -> list:
    """extract() as plain tuples; a table's rows are read while it is the current item."""
    items = []
    for item in extract(path, limits=limits):
        if isinstance(item, TablePart):
            rows = tuple((number, dense(cells)) for number, cells in item.rows())
            items.append(("table", item.member, item.sheet, dense(item.header, ""), rows, item.first_column))
        elif isinstance(item, TextPart):
            items.append(("text", item.member, item.part, item.page, item.text))
        else:
            assert isinstance(item, Problem) and item.detail.isprintable()
            items.append(("problem", item.kind, item.member))
    return items


def dense(cells: dict[int, str], empty=None) -> tuple:
    """A row's filled cells by column as the tuple of every cell up to the last filled one."""
    return tuple(cells.get(index, empty) for index in range(max(cells, default=-1) + 1))


def layout(items: list) -> tuple:
    return tuple(item[:4] for item in items)


def where(items: list, value: str) -> tuple:
    places = []
    for item in items:
        if item[0] == "text":
            places += [(item[1], item[2], item[3])] * item[4].count(value)
        elif item[0] == "table":
            for number, cells in item[4]:
                places += [(item[1], item[2], cell_name(number, item[5] + index))
                           for index, cell in enumerate(cells) if cell is not None and value in cell]
    return tuple(places)


def check(path: Path, sample: Sample, limits: Limits = Limits()) -> list:
    items = read(path, limits)
    assert layout(items) == sample.layout
    for value, places in sample.where.items():
        assert where(items, value) == places, value
    return items


def write(tmp_path: Path, sample: Sample) -> Path:
    path = tmp_path / sample.name
    path.write_bytes(sample.data)
    return path


def _saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- one builder per format: each draws its own values, so samples combine in archives -----------

def xlsx_sample(rng: random.Random, name: str = "客户.xlsx") -> Sample:
    person, phone, landline_as_float = synthetic.resident_id(rng), synthetic.mobile(rng), synthetic.mobile(rng)
    book = Workbook()
    customers = book.active
    customers.title = "客户"
    customers.append(["姓名", "身份证号", "手机"])
    customers.append([synthetic.person_name(rng), person, int(phone)])
    notes = book.create_sheet("备注")  # data from row 2, a number stored as a float
    notes["B2"], notes["B3"] = "联系电话", float(landline_as_float)
    book.create_sheet("空")
    return Sample(name, _saved(book),
                  (("table", None, "客户", ("姓名", "身份证号", "手机")), ("table", None, "备注", ("", "联系电话"))),
                  {person: ((None, "客户", "B2"),), phone: ((None, "客户", "C2"),),
                   landline_as_float: ((None, "备注", "B3"),)})


def xls_sample(rng: random.Random, name: str = "名单.xls") -> Sample:
    person, phone = synthetic.resident_id(rng), synthetic.mobile(rng)
    book = xlwt.Workbook()
    sheet = book.add_sheet("名单")
    for column, (heading, value) in enumerate([("姓名", synthetic.person_name(rng)), ("身份证号", person),
                                               ("手机", float(phone))]):
        sheet.write(0, column, heading)
        sheet.write(1, column, value)  # xls keeps every number as a float
    return Sample(name, _saved(book), (("table", None, "名单", ("姓名", "身份证号", "手机")),),
                  {person: ((None, "名单", "B2"),), phone: ((None, "名单", "C2"),)})


def docx_sample(rng: random.Random, name: str = "报告.docx") -> Sample:
    in_text, in_table, phone, merged, in_header = (synthetic.resident_id(rng), synthetic.resident_id(rng),
                                                   synthetic.mobile(rng), synthetic.mobile(rng), synthetic.mobile(rng))
    document = Document()
    document.add_paragraph(f"客户身份证号：{in_text}")
    table = document.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, ["姓名", "身份证号", "手机"]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, [synthetic.person_name(rng), in_table, phone]):
        cell.text = text
    table.cell(2, 0).merge(table.cell(2, 2)).text = f"备用 {merged}"  # one cell over three columns
    section = document.sections[0]
    section.header.paragraphs[0].text = f"联系人电话 {in_header}"
    section.footer.paragraphs[0].text = "内部资料"
    return Sample(name, _saved(document),
                  (("text", None, "body", None), ("text", None, "header", None), ("text", None, "footer", None)),
                  {in_text: ((None, "body", None),), in_table: ((None, "body", None),), phone: ((None, "body", None),),
                   merged: ((None, "body", None),), in_header: ((None, "header", None),)})


def pptx_sample(rng: random.Random, name: str = "培训.pptx") -> Sample:
    on_slide, in_table, in_notes = synthetic.resident_id(rng), synthetic.mobile(rng), synthetic.resident_id(rng)
    presentation = Presentation()
    first = presentation.slides.add_slide(presentation.slide_layouts[5])
    first.shapes.title.text = "员工信息"
    first.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(1)).text_frame.text = f"身份证号 {on_slide}"
    second = presentation.slides.add_slide(presentation.slide_layouts[6])
    table = second.shapes.add_table(2, 2, Inches(1), Inches(1), Inches(6), Inches(2)).table
    table.cell(0, 0).text, table.cell(0, 1).text = "姓名", "手机"
    table.cell(1, 0).text, table.cell(1, 1).text = synthetic.person_name(rng), in_table
    second.notes_slide.notes_text_frame.text = f"核对 {in_notes}"
    presentation.slides.add_slide(presentation.slide_layouts[6])  # empty: no part
    return Sample(name, _saved(presentation),
                  (("text", None, None, 1), ("text", None, None, 2), ("text", None, "notes", 2)),
                  {on_slide: ((None, None, 1),), in_table: ((None, None, 2),), in_notes: ((None, "notes", 2),)})


def pdf_bytes(pages: list[bytes], image: bool = False) -> bytes:
    """A minimal valid PDF: Helvetica as /F1 and, as /F2, the Adobe CJK font STSong-Light that
    readers know without embedding (strings in UTF-16BE), as reportlab writes Chinese."""
    kids = b" ".join(b"%d 0 R" % (7 + 2 * index) for index in range(len(pages)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>",
               b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
               b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 6 0 R >>",
               b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
               b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"]
    image_ref = 7 + 2 * len(pages)
    for index, content in enumerate(pages):
        xobject = b" /XObject << /Im1 %d 0 R >>" % image_ref if image else b""
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >>%s >> >>" % (8 + 2 * index, xobject))
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    if image:
        objects.append(b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
                       b"/BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_sample(rng: random.Random, name: str = "证明.pdf") -> Sample:
    latin, phone, chinese = synthetic.resident_id(rng), synthetic.mobile(rng), synthetic.resident_id(rng)
    pages = [b"BT /F1 12 Tf 72 760 Td (ID %s Tel %s) Tj ET" % (latin.encode(), phone.encode()),
             b"BT /F2 12 Tf 72 760 Td <%s> Tj ET" % f"身份证号{chinese}".encode("utf-16-be").hex().encode(),
             b""]  # a blank page: no part, and no problem while others have text
    return Sample(name, pdf_bytes(pages), (("text", None, None, 1), ("text", None, None, 2)),
                  {latin: ((None, None, 1),), phone: ((None, None, 1),), chinese: ((None, None, 2),)})


def csv_sample(rng: random.Random, name: str = "名单.csv", encoding: str = "gbk", delimiter: str = ",") -> Sample:
    person, phone = synthetic.resident_id(rng), synthetic.mobile(rng)
    rows = [["姓名", "地址", "身份证号", "手机"],
            [synthetic.person_name(rng), "北京市\n朝阳区", "", ""],  # a quoted field over two lines: still row 2
            [synthetic.person_name(rng), "", person, phone]]
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return Sample(name, text.getvalue().encode(encoding), (("table", None, None, ("姓名", "地址", "身份证号", "手机")),),
                  {person: ((None, None, "C3"),), phone: ((None, None, "D3"),)})


def text_sample(rng: random.Random, name: str = "notes.txt") -> Sample:
    phone = synthetic.mobile(rng)
    return Sample(name, f"{synthetic.prose_line(rng, 40)}\n回访电话 {phone}\n".encode(), (("text", None, None, None),),
                  {phone: ((None, None, None),)})


def eml_sample(rng: random.Random, name: str = "来信.eml") -> Sample:
    in_body, in_csv = synthetic.resident_id(rng), synthetic.mobile(rng)
    address = synthetic.email(rng)

    def b64(data: bytes) -> str:
        return base64.encodebytes(data).decode()

    attachment = f"姓名,手机\n王伟,{in_csv}\n".encode()
    inner = csv_sample(rng, "证件.csv")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("inner/证件.csv", inner.data)
    # Labelled gb2312, written in GBK: 镕 is not in GB2312.
    body = f"朱镕基同志：\n身份证号 {in_body}\n".encode("gbk")
    message = f"""From: =?utf-8?b?{b64('张三'.encode()).strip()}?= <{address}>
To: records@example.com
Subject: =?utf-8?b?{b64('客户资料'.encode()).strip()}?=
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="OUTER"

--OUTER
Content-Type: multipart/alternative; boundary="ALT"

--ALT
Content-Type: text/plain; charset="gb2312"
Content-Transfer-Encoding: base64

{b64(body)}
--ALT
Content-Type: text/html; charset="utf-8"

<p>the same text as HTML: {in_body}</p>
--ALT--
--OUTER
Content-Type: text/csv; charset="utf-8"
Content-Disposition: attachment; filename*=utf-8''%E5%AE%A2%E6%88%B7.csv
Content-Transfer-Encoding: base64

{b64(attachment)}
--OUTER
Content-Type: application/zip
Content-Disposition: attachment; filename="附件.zip"
Content-Transfer-Encoding: base64

{b64(archive.getvalue())}
--OUTER--
"""
    inner = inner.inside("附件.zip/inner/证件.csv")
    return Sample(name, message.encode(),
                  (("text", None, "headers", None), ("text", None, "body", None),
                   ("table", "客户.csv", None, ("姓名", "手机")), *inner.layout),
                  {address: ((None, "headers", None),), in_body: ((None, "body", None),),
                   in_csv: (("客户.csv", None, "B2"),), **inner.where})


def odf_saved(document) -> bytes:
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def odf_table_of(name: str, rows: list[tuple[list[str | None], int]]) -> odf_table.Table:
    """An OpenDocument table: each row's cell texts (None: an empty cell) and how often it repeats."""
    table = odf_table.Table(name=name)
    for values, repeat in rows:
        row = odf_table.TableRow(numberrowsrepeated=repeat) if repeat > 1 else odf_table.TableRow()
        for value in values:
            cell = odf_table.TableCell()
            if value is not None:
                cell.addElement(odf_text.P(text=value))
            row.addElement(cell)
        table.addElement(row)
    return table


def odt_sample(rng: random.Random, name: str = "合同.odt") -> Sample:
    """A text document written by odfpy: a heading, paragraphs, a table (its cells are paragraphs)."""
    in_text, in_table, phone = synthetic.resident_id(rng), synthetic.resident_id(rng), synthetic.mobile(rng)
    document = OpenDocumentText()
    document.text.addElement(odf_text.H(outlinelevel=1, text="授权书"))
    document.text.addElement(odf_text.P(text=f"本人身份证号：{in_text}，联系电话 {phone}"))
    document.text.addElement(odf_table_of("名单", [(["姓名", "身份证号"], 1), ([synthetic.person_name(rng), in_table], 1)]))
    return Sample(name, odf_saved(document), (("text", None, "body", None),),
                  {in_text: ((None, "body", None),), phone: ((None, "body", None),), in_table: ((None, "body", None),)})


def ods_sample(rng: random.Random, name: str = "名单.ods") -> Sample:
    """A spreadsheet written by odfpy: two sheets, a repeated empty row and a repeated filled one."""
    person, phone, repeated = synthetic.resident_id(rng), synthetic.mobile(rng), synthetic.mobile(rng)
    document = OpenDocumentSpreadsheet()
    document.spreadsheet.addElement(odf_table_of("客户", [(["姓名", "身份证号", "手机"], 1), ([synthetic.person_name(rng), person, phone], 1),
                                                        ([None, None, None], 5), ([None, None, repeated], 2)]))
    document.spreadsheet.addElement(odf_table.Table(name="空"))
    return Sample(name, odf_saved(document), (("table", None, "客户", ("姓名", "身份证号", "手机")),),
                  {person: ((None, "客户", "B2"),), phone: ((None, "客户", "C2"),),
                   repeated: ((None, "客户", "C8"), (None, "客户", "C9"))})


FILES = {"xlsx": xlsx_sample, "xls": xls_sample, "docx": docx_sample, "pptx": pptx_sample, "pdf": pdf_sample,
         "odt": odt_sample, "ods": ods_sample,
         "csv": csv_sample, "tsv": lambda rng: csv_sample(rng, "名单.tsv", "utf-8", "\t"),
         "csv;": lambda rng: csv_sample(rng, "名单.csv", "utf-8-sig", ";"), "eml": eml_sample}


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_each_format_yields_its_parts_and_values_where_they_were_put(tmp_path, rng, fmt):
    sample = FILES[fmt](rng)
    check(write(tmp_path, sample), sample)


def _archive_members(rng: random.Random) -> list[tuple[str, Sample]]:
    return [("表格/客户.xlsx", xlsx_sample(rng)), ("docs/报告.docx", docx_sample(rng)),
            ("名单.csv", csv_sample(rng)), ("logs/notes.txt", text_sample(rng))]


def _tar(members: list[tuple[str, Sample]], mode: str) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:
        directory = tarfile.TarInfo("docs")
        directory.type = tarfile.DIRTYPE
        archive.addfile(directory)
        for name, sample in members:
            info = tarfile.TarInfo(name)
            info.size = len(sample.data)
            archive.addfile(info, io.BytesIO(sample.data))
    return buffer.getvalue()


def _zip(members: list[tuple[str, Sample]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.mkdir("docs")
        for name, sample in members:
            archive.writestr(name, sample.data)
    return buffer.getvalue()


ARCHIVES = {"zip": ("a.zip", _zip), "tar": ("a.tar", lambda m: _tar(m, "w")),
            "tar.gz": ("a.tar.gz", lambda m: _tar(m, "w:gz")), "tgz": ("a.tgz", lambda m: _tar(m, "w:gz")),
            "tar.bz2": ("a.tar.bz2", lambda m: _tar(m, "w:bz2")), "tar.xz": ("a.tar.xz", lambda m: _tar(m, "w:xz")),
            "gz named .bak": ("a.bak", lambda m: gzip.compress(_tar(m, "w")))}


def _combined(name: str, data: bytes, members: list[tuple[str, Sample]]) -> Sample:
    inner = [sample.inside(member) for member, sample in members]
    return Sample(name, data, tuple(entry for sample in inner for entry in sample.layout),
                  {value: places for sample in inner for value, places in sample.where.items()})


@pytest.mark.parametrize("fmt", sorted(ARCHIVES))
def test_archives_yield_every_member_labelled_with_its_path(tmp_path, rng, fmt):
    name, build = ARCHIVES[fmt]
    members = _archive_members(rng)
    sample = _combined(name, build(members), members)
    if fmt == "gz named .bak":  # the tar inside the gzip stream is a member named after the file
        sample = _combined(name, sample.data, [("a", replace(sample, name="a"))])
    check(write(tmp_path, sample), sample)


@pytest.mark.parametrize("fmt, compress", [("gz", gzip.compress), ("bz2", bz2.compress), ("xz", lzma.compress)])
def test_single_compressed_file_is_one_member_named_without_the_suffix(tmp_path, rng, fmt, compress):
    inner = csv_sample(rng, "客户.csv")
    sample = _combined(f"客户.csv.{fmt}", compress(inner.data), [("客户.csv", inner)])
    check(write(tmp_path, sample), sample)


def test_suffix_that_lies_is_overruled_by_the_content(tmp_path, rng):
    workbook, document, text = xlsx_sample(rng), docx_sample(rng), text_sample(rng)
    members = [("export.dat", workbook), ("报告", document), ("notes.xls", text)]  # an .xls that is text
    sample = _combined("backup.zip.bak", _zip(members), members)
    check(write(tmp_path, sample), sample)


def test_table_rows_are_numbered_streamed_and_rereadable(tmp_path, rng):
    path = write(tmp_path, xlsx_sample(rng))
    items = extract(path)
    table = next(items)
    assert table.sheet == "客户" and table.first_column == 1
    first, again = list(table.rows()), list(table.rows())
    assert first == again and [number for number, _ in first] == [1, 2]
    assert first[0] == (1, {0: "姓名", 1: "身份证号", 2: "手机"})


@pytest.mark.parametrize("value, text", [(13812345678.0, "13812345678"), (1.3812345678e10, "13812345678"),
                                         (110101199003071234, "110101199003071234"), (0.5, "0.5"),
                                         (1e-7, "0.0000001"), (1.5e20, "150000000000000000000"),
                                         (True, "TRUE"), ("", None), (None, None), ("0138", "0138")])
def test_numbers_come_out_as_the_digits_a_person_typed(value, text):
    assert cell_text(value) == text


def test_docx_table_row_is_one_line_with_tab_separated_cells(tmp_path, rng):
    sample = docx_sample(rng)
    body = next(item for item in read(write(tmp_path, sample)) if item[2] == "body")[4]
    person, phone = list(sample.where)[1:3]  # the table's ID and mobile
    assert any(line.endswith(f"\t{person}\t{phone}") for line in body.splitlines())


def test_html_mail_body_becomes_text_with_cells_on_one_line(tmp_path, rng):
    person = synthetic.resident_id(rng)
    message = (f"Subject: x\nContent-Type: text/html; charset=utf-8\n\n<html><style>p {{}}</style>"
               f"<table><tr><td>身份证号</td><td>{person}</td></tr></table><script>var a = 1;</script></html>\n")
    path = tmp_path / "m.eml"
    path.write_text(message, encoding="utf-8")
    items = read(path)
    assert layout(items) == (("text", None, "headers", None), ("text", None, "body", None))
    assert f"\t身份证号\t{person}" in items[1][4] and "var a" not in items[1][4] and "{" not in items[1][4]


def test_forwarded_mail_is_read_as_an_attached_message(tmp_path, rng):
    person = synthetic.resident_id(rng)
    message = ("Subject: Fwd\nContent-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\n\nsee below\n"
               f"--B\nContent-Type: message/rfc822\n\nSubject: inner\nContent-Type: text/plain\n\nID {person}\n--B--\n")
    path = tmp_path / "fwd.eml"
    path.write_text(message, encoding="utf-8")
    items = read(path)
    assert layout(items) == (("text", None, "headers", None), ("text", None, "body", None),
                             ("text", "part-1.eml", "headers", None), ("text", "part-1.eml", "body", None))
    assert where(items, person) == (("part-1.eml", "body", None),)


def test_csv_with_one_column_falls_back_to_a_comma(tmp_path, rng):
    people = [synthetic.resident_id(rng) for _ in range(3)]
    path = tmp_path / "ids.csv"
    path.write_text("身份证号\n" + "\n".join(people) + "\n", encoding="utf-8")
    items = read(path)
    assert layout(items) == (("table", None, None, ("身份证号",)),)
    assert [where(items, person) for person in people] == [((None, None, f"A{row}"),) for row in (2, 3, 4)]


def test_pdf_with_images_and_no_text_is_reported_as_without_text_layer(tmp_path):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(pdf_bytes([b"q 100 0 0 100 72 600 cm /Im1 Do Q"], image=True))
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(pdf_bytes([b"", b""]))
    assert read(scan) == [("problem", "no-text-layer", None)]
    assert read(empty) == [("problem", "no-text-layer", None)]


def _encrypted_pdf(sample: Sample, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(sample.data)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_needing_a_password_is_encrypted_and_one_restricting_copying_is_read(tmp_path, rng):
    sample = pdf_sample(rng)
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(_encrypted_pdf(sample, "s3cret"))
    assert read(locked) == [("problem", "encrypted", None)]
    check(write(tmp_path, replace(sample, name="restricted.pdf", data=_encrypted_pdf(sample, ""))), sample)


def test_password_protected_office_file_is_encrypted(tmp_path, rng):
    path = tmp_path / "加密.xlsx"
    with io.BytesIO(xlsx_sample(rng).data) as plain, path.open("wb") as out:
        msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt("s3cret", out)
    assert read(path) == [("problem", "encrypted", None)]


def test_encrypted_zip_member_is_a_problem_and_the_others_are_read(tmp_path, rng):
    plain = csv_sample(rng)
    locked = io.BytesIO()
    with pyzipper.AESZipFile(locked, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as archive:
        archive.setpassword(b"s3cret")
        archive.writestr("secret.csv", csv_sample(rng).data)
    path = tmp_path / "mixed.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("locked.zip", locked.getvalue())
        archive.writestr("plain.csv", plain.data)
    items = read(path)
    assert layout(items) == (("problem", "encrypted", "locked.zip/secret.csv"), *plain.inside("plain.csv").layout)


def test_zip_member_names_are_labels_never_paths_written_to(tmp_path, rng):
    sample = csv_sample(rng)
    path = tmp_path / "work" / "evil.zip"
    path.parent.mkdir()
    _zip_with(path, [("../../evil.csv", sample.data), ("/etc/evil.txt", b"13812345678\n")])
    items = read(path)
    assert layout(items) == (*sample.inside("../../evil.csv").layout, ("text", "/etc/evil.txt", None, None))
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["evil.zip", "work"]


def test_member_names_written_in_gbk_are_read_as_chinese(tmp_path, rng):
    sample = text_sample(rng)
    stand_in, gbk = b"abcd.txt", "客户.txt".encode("gbk")  # same length: the archive stays valid
    zipped = tmp_path / "gbk.zip"
    _zip_with(zipped, [(stand_in.decode(), sample.data)])
    zipped.write_bytes(zipped.read_bytes().replace(stand_in, gbk))  # no UTF-8 flag, as Chinese Windows tools write
    tarred = tmp_path / "gbk.tar"
    with tarfile.open(tarred, "w", format=tarfile.GNU_FORMAT, encoding="gbk") as archive:  # made in a GBK locale
        info = tarfile.TarInfo("客户.txt")
        info.size = len(sample.data)
        archive.addfile(info, io.BytesIO(sample.data))
    assert gbk in tarred.read_bytes()
    for path in (zipped, tarred):
        assert layout(read(path)) == (("text", "客户.txt", None, None),)


def _zip_with(path: Path, members: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)


def test_zip_bomb_member_is_stopped_before_it_is_read(tmp_path, rng):
    sample = text_sample(rng)
    path = tmp_path / "bomb.zip"
    _zip_with(path, [("zeros.txt", bytes(64 << 20)), ("notes.txt", sample.data)])
    assert layout(read(path)) == (("problem", "limit", "zeros.txt"), *sample.inside("notes.txt").layout)


@pytest.mark.parametrize("name, compress", [("zeros.txt.gz", gzip.compress), ("zeros.txt.bz2", bz2.compress),
                                            ("zeros.txt.xz", lzma.compress)])
def test_compressed_stream_bomb_is_stopped_while_reading(tmp_path, name, compress):
    path = tmp_path / name
    path.write_bytes(compress(b"0" * (64 << 20)))  # text: read as it decompresses, until the ratio gives it away
    assert read(path) == [("problem", "limit", "zeros.txt")]


def test_tar_bomb_ends_the_tar_at_the_member(tmp_path, rng):
    sample = text_sample(rng)
    members = [("notes.txt", sample), ("zeros.bin", replace(sample, data=bytes(64 << 20))), ("after.txt", sample)]
    path = tmp_path / "bomb.tgz"
    path.write_bytes(_tar(members, "w:gz"))
    assert layout(read(path)) == (*sample.inside("notes.txt").layout, ("problem", "limit", "zeros.bin"))


def test_tar_links_and_devices_are_skipped(tmp_path, rng):
    sample = text_sample(rng)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, kind in [("link", tarfile.SYMTYPE), ("hard", tarfile.LNKTYPE), ("tty", tarfile.CHRTYPE),
                           ("fifo", tarfile.FIFOTYPE)]:
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, "/etc/passwd"
            archive.addfile(info)
        info = tarfile.TarInfo("notes.txt")
        info.size = len(sample.data)
        archive.addfile(info, io.BytesIO(sample.data))
    path = tmp_path / "links.tar"
    path.write_bytes(buffer.getvalue())
    check(path, _combined("links.tar", b"", [("notes.txt", sample)]))


def test_nesting_deeper_than_the_limit_is_a_problem_at_that_member(tmp_path, rng):
    sample = csv_sample(rng)
    data = _zip([("x.csv", sample)])
    for level in (4, 3, 2, 1):
        data = _zip([(f"l{level}.zip", replace(sample, data=data)), ("x.csv", sample)])
    path = tmp_path / "deep.zip"
    path.write_bytes(data)
    # deep.zip opens l1.zip, which opens l2.zip, which opens no more: l3.zip is three levels down.
    readable = ["l1.zip/l2.zip/", "l1.zip/", ""]
    assert layout(read(path)) == (("problem", "limit", "l1.zip/l2.zip/l3.zip"),
                                  *(entry for prefix in readable for entry in sample.inside(f"{prefix}x.csv").layout))


def test_member_budget_stops_the_file(tmp_path, rng):
    sample = text_sample(rng)
    path = tmp_path / "many.zip"
    _zip_with(path, [(f"m{index}.txt", sample.data) for index in range(5)])
    items = read(path, Limits(max_members=3))
    assert layout(items) == (*(("text", f"m{index}.txt", None, None) for index in range(3)),
                             ("problem", "limit", "m3.txt"))


def test_byte_budget_skips_members_declared_too_large(tmp_path):
    path = tmp_path / "big.zip"
    _zip_with(path, [("big.txt", b"x" * 5000)] + [(f"f{index}.txt", b"y" * 900) for index in range(3)],
              zipfile.ZIP_STORED)
    assert layout(read(path, Limits(max_total_bytes=2000))) == (
        ("problem", "limit", "big.txt"), ("text", "f0.txt", None, None), ("text", "f1.txt", None, None),
        ("problem", "limit", "f2.txt"))


def test_byte_budget_spent_while_reading_a_stream_stops_the_file(tmp_path, rng):
    text = "".join(f"{synthetic.mobile(rng)}\n" for _ in range(500)).encode()
    path = tmp_path / "big.zip"
    _zip_with(path, [("logs/a.log.gz", gzip.compress(text)), ("b.txt", text)])
    assert read(path, Limits(max_total_bytes=len(text))) == [("problem", "limit", "logs/a.log.gz/a.log")]


def test_unsupported_and_binary_members(tmp_path, rng):
    sample = text_sample(rng)
    path = tmp_path / "mixed.zip"
    # other.xls: a compound file whose one stream is neither a workbook nor anything else known
    unknown = xls_sample(rng).data.replace("Workbook".encode("utf-16-le"), "Unknown!".encode("utf-16-le"))
    _zip_with(path, [("old.doc", b"\x00" * 64), ("db.sqlite", b"SQLite format 3\x00"),
                     ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256))), ("blob.bin", bytes(range(256))),
                     ("other.xls", unknown), ("notes.txt", sample.data)])
    assert layout(read(path)) == (("problem", "unsupported", "old.doc"), ("problem", "unsupported", "db.sqlite"),
                                  ("problem", "corrupt", "photo.png"),  # an image Pillow cannot decode
                                  ("problem", "binary", "blob.bin"), ("problem", "unsupported", "other.xls"),
                                  ("text", "notes.txt", None, None))


def test_a_corrupt_member_never_stops_the_rest(tmp_path, rng):
    good, bad = csv_sample(rng), xlsx_sample(rng)
    path = tmp_path / "mixed.zip"
    _zip_with(path, [("bad.xlsx", bad.data[: len(bad.data) // 2]), ("good.csv", good.data)])
    assert layout(read(path)) == (("problem", "corrupt", "bad.xlsx"), *good.inside("good.csv").layout)


def _half(data: bytes) -> int:
    return len(data) // 2


TRUNCATED = {  # csv and text files have no end to miss: a cut one is a shorter file
    "xlsx": (xlsx_sample, _half, [("problem", "corrupt", None)]),
    "xls": (xls_sample, _half, [("problem", "corrupt", None)]),
    "docx": (docx_sample, _half, [("problem", "corrupt", None)]),
    "pptx": (pptx_sample, _half, [("problem", "corrupt", None)]),
    "pdf": (pdf_sample, _half, [("problem", "corrupt", None)]),
    "odt": (odt_sample, _half, [("problem", "corrupt", None)]),
    "ods": (ods_sample, _half, [("problem", "corrupt", None)]),
    "zip": (lambda rng: _combined("a.zip", _zip(m := _archive_members(rng)), m), _half, [("problem", "corrupt", None)]),
    # Cut inside the docx, by far the largest member: what came before is read, then the stream ends.
    "tar.gz": (lambda rng: _combined("a.tar.gz", _tar([("名单.csv", csv_sample(rng)), ("报告.docx", docx_sample(rng))],
                                                      "w:gz"), []), _half,
               [("table", "名单.csv", None, ("姓名", "地址", "身份证号", "手机")), ("problem", "corrupt", "报告.docx"),
                ("problem", "corrupt", None)]),
    "gz": (lambda rng: _combined("a.csv.gz", gzip.compress(csv_sample(rng).data), []), _half,
           [("problem", "corrupt", "a.csv")]),
    "bz2": (lambda rng: _combined("a.csv.bz2", bz2.compress(csv_sample(rng).data), []), _half,
            [("problem", "corrupt", "a.csv")]),
    "xz": (lambda rng: _combined("a.csv.xz", lzma.compress(csv_sample(rng).data), []), _half,
           [("problem", "corrupt", "a.csv")]),
    # Mail has no end to miss either: cut inside the zip attachment, the zip is what is corrupt.
    "eml": (eml_sample, lambda data: data.index(b"--OUTER--") - 200,
            [("text", None, "headers", None), ("text", None, "body", None), ("table", "客户.csv", None, ("姓名", "手机")),
             ("problem", "corrupt", "附件.zip")]),
}


@pytest.mark.parametrize("fmt", sorted(TRUNCATED))
def test_truncated_file_is_corrupt_after_what_could_be_read(tmp_path, rng, fmt):
    build, cut, expected = TRUNCATED[fmt]
    sample = build(rng)
    path = tmp_path / sample.name
    path.write_bytes(sample.data[: cut(sample.data)])
    assert layout(read(path)) == tuple(expected)


def test_extracted_suffixes_cover_the_formats():
    assert {".docx", ".pptx", ".xlsx", ".xls", ".pdf", ".eml", ".zip", ".tar", ".tgz", ".gz", ".bz2", ".xz",
            ".csv", ".tsv", ".odt", ".ods", ".odp"} <= EXTRACTED_SUFFIXES
    assert not {".doc", ".msg", ".txt", ".rtf"} & EXTRACTED_SUFFIXES
