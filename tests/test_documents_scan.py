"""Office documents, PDFs, mail and archives in a scanned share: each planted value is found at
its page, part, sheet and cell, inside its member; a column's header is context for its cells;
what cannot be read (encrypted, no text layer, corrupt) is reported, and the scan goes on."""

import io
import random
import zipfile
from pathlib import Path

import pytest
import pyzipper
from openpyxl import Workbook

from scanner.pipeline import Scanner
from scanner.sources.files import FileSource, WalkOptions
from tests.test_extract import ARCHIVES, FILES, _archive_members, _combined, _saved, pdf_bytes, write

from tests import synthetic

DOCUMENT_FORMATS = sorted(FILES)


def scan(engine, folder: Path):
    return Scanner(engine, b"documents-key", show_data=True).scan([str(folder)], [FileSource(folder, WalkOptions())])


def places(report, value: str) -> tuple:
    """Where the scanner found ``value``, in the shape of the extract samples' ``where``."""
    found = []
    for finding in report.findings:
        if finding.value == value:
            where = finding.location
            found.append((where.member, where.sheet, where.cell) if where.cell else (where.member, where.part, where.page))
    return tuple(sorted(found, key=str))


@pytest.mark.parametrize("fmt", DOCUMENT_FORMATS)
def test_each_format_finds_every_planted_value_where_it_was_put(engine, tmp_path, rng, fmt):
    sample = FILES[fmt](rng)
    write(tmp_path, sample)
    report = scan(engine, tmp_path)
    assert report.errors == () and report.skipped == ()
    assert report.stats.files_scanned == 1
    for value, expected in sample.where.items():
        if "@" in value:
            continue  # e-mail addresses in mail headers are found too, but the samples plant them as senders
        assert places(report, value) == tuple(sorted(expected, key=str)), value


@pytest.mark.parametrize("fmt", ["zip", "tar.gz"])
def test_archive_members_are_assets_of_their_own(engine, tmp_path, rng, fmt):
    name, build = ARCHIVES[fmt]
    members = [(member, sample) for member, sample in _archive_members(rng) if not member.endswith(".txt")]
    sample = _combined(name, build(members), members)
    write(tmp_path, sample)
    report = scan(engine, tmp_path)
    for value, expected in sample.where.items():
        assert places(report, value) == tuple(sorted(expected, key=str)), value
    assert {rated.asset.path for rated in report.assets} == {f"{name}#{member}" for member, _ in members}
    assert {rated.asset.container for rated in report.assets} == {"backup_archive"}


def test_a_header_is_context_for_its_column(engine, tmp_path):
    """Bare 11-digit landlines (010 + 8 digits in one run) need a context word: the header 固话 is
    one for every cell below it; 编号 is not."""
    rng = random.Random(5)
    landlines = [f"010{rng.randrange(2 * 10**7, 9 * 10**7)}" for _ in range(3)]
    book = Workbook()
    sheet = book.active
    sheet.title = "通讯录"
    sheet.append(["编号", "固话"])
    for landline in landlines:
        sheet.append([landline, landline])
    (tmp_path / "通讯录.xlsx").write_bytes(_saved(book))
    report = scan(engine, tmp_path)
    assert [(f.entity_type, f.location.sheet, f.location.cell, f.location.column_name) for f in report.findings] == [
        ("CN_LANDLINE_PHONE", "通讯录", f"B{row}", "固话") for row in (2, 3, 4)]


def test_a_csv_is_tallied_by_column_and_lists_examples_by_cell(engine, tmp_path):
    """12,000 customers (two batches of rows): every ID and phone is counted in its column, the
    findings keep 20 examples of each, at their cells; a 身份证号 column whose numbers fail the
    check is not an ID column; a 固话 header makes bare landlines findings."""
    rng = random.Random(11)
    rows, ids, landlines, phones = 12_000, set(), set(), 0
    lines = ["编号,身份证号,手机号,固话,旧证件号"]
    for number in range(rows):
        rid = synthetic.resident_id(rng)
        ids.add(rid)
        mobile = synthetic.mobile(rng) if number % 3 == 0 else ""
        phones += bool(mobile)
        broken = rid[:-1] + ("0" if rid[-1] != "0" else "1")  # the check character is wrong
        landline = f"0106{rng.randrange(10**6, 10**7)}"
        landlines.add(landline)
        lines.append(f"C{number:05d},{rid},{mobile},{landline},{broken}")
    (tmp_path / "客户.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = scan(engine, tmp_path)
    assert report.errors == ()
    assert [(c.column, c.entity_type, c.matching_rows, c.rows_sampled, c.distinct_values, c.estimated_rows, c.estimate)
            for c in report.columns] == [
        ("固话", "CN_LANDLINE_PHONE", rows, rows, len(landlines), rows, False),
        ("手机号", "CN_MOBILE_PHONE", phones, rows, phones, phones, False),
        ("身份证号", "CN_RESIDENT_ID", rows, rows, len(ids), rows, False),
    ]
    by_column = {}
    for finding in report.findings:
        by_column.setdefault((finding.entity_type, finding.location.cell[0]), []).append(int(finding.location.cell[1:]))
    assert by_column == {
        ("CN_RESIDENT_ID", "B"): list(range(2, 22)),
        ("CN_MOBILE_PHONE", "C"): [row for row in range(2, rows + 2) if (row - 2) % 3 == 0][:20],
        ("CN_LANDLINE_PHONE", "D"): list(range(2, 22)),
    }
    assert {f.location.column_name for f in report.findings if f.entity_type == "CN_RESIDENT_ID"} == {"身份证号"}
    [rated] = report.assets
    assert rated.people == rows  # the column's count, not the twenty examples
    assert dict(rated.entities)["CN_RESIDENT_ID"] == rows


def test_a_headerless_tsv_counts_its_first_row_as_data(engine, tmp_path):
    rng = random.Random(12)
    values = [synthetic.resident_id(rng) for _ in range(3)]
    (tmp_path / "ids.tsv").write_text("".join(f"{n}\t{value}\n" for n, value in enumerate(values, 1)), encoding="utf-8")
    report = scan(engine, tmp_path)
    assert [(f.value, f.location.cell, f.location.column_name) for f in report.findings] == [
        (value, f"B{row}", None) for row, value in enumerate(values, 1)]
    assert [(c.column, c.matching_rows, c.rows_sampled) for c in report.columns] == [("B", 3, 3)]  # a value is no column name


def test_what_cannot_be_read_is_reported_and_the_scan_goes_on(engine, tmp_path, rng):
    good = FILES["docx"](rng)
    write(tmp_path, good)
    (tmp_path / "扫描件.pdf").write_bytes(pdf_bytes([b"q 1 0 0 1 0 0 cm /Im1 Do Q"], image=True))
    (tmp_path / "坏表.xlsx").write_bytes(_saved(Workbook())[:300])  # truncated
    locked = io.BytesIO()
    with pyzipper.AESZipFile(locked, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as archive:
        archive.setpassword(b"s3cret")
        archive.writestr("客户.csv", "身份证号\n".encode())
    (tmp_path / "加密.zip").write_bytes(locked.getvalue())
    report = scan(engine, tmp_path)
    assert [(s.path, s.reason.split(":")[0]) for s in report.skipped] == [
        ("加密.zip#客户.csv", "encrypted"), ("扫描件.pdf", "no text layer")]
    assert [(e.path, e.error.split(":")[0]) for e in report.errors] == [("坏表.xlsx", "corrupt")]
    for value, expected in good.where.items():
        assert places(report, value) == tuple(sorted(expected, key=str))


def test_a_zip_renamed_to_bak_is_still_opened(engine, tmp_path, rng):
    sample = FILES["xlsx"](rng)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("客户.xlsx", sample.data)
    (tmp_path / "备份.bak").write_bytes(buffer.getvalue())
    report = scan(engine, tmp_path)
    assert {(f.location.path, f.location.member, f.location.sheet) for f in report.findings} == {
        ("备份.bak", "客户.xlsx", "客户"), ("备份.bak", "客户.xlsx", "备注")}


def test_a_tables_columns_are_its_cells_one_a_line_as_splitlines_joins_them():
    from scanner.extract import TablePart
    from scanner.sources.documents import _columns

    breaks = ["a\nb", "a\r\nb", "a\rb\n", "\n", "x\x0by\x0cz\x1c\x1d\x1e", "p\x85q\u2028r\u2029", "tab\tkept", "张三\n李四"]
    rows = [(1, {0: "姓名", 1: "备注"}), (2, {0: "张三", 1: "plain"}), (4, {1: "only B"}),
            *((5 + i, {0: "x", 1: value}) for i, value in enumerate(breaks))]
    chunks = list(_columns(TablePart(rows[0][1], lambda: iter(rows))))
    assert [(c.cells.index, c.cells.header, c.cells.rows, c.cells.rows_read) for c in chunks] == [
        (1, "姓名", (1, 2, *range(5, 13)), 10), (2, "备注", (1, 2, 4, *range(5, 13)), 10)]
    assert chunks[0].text == "\n".join(["姓名", "张三"] + ["x"] * len(breaks))
    assert chunks[1].text == "\n".join(["备注", "plain", "only B", "a b", "a b", "a b", "", "x y z  ", "p q r", "tab\tkept", "张三 李四"])
