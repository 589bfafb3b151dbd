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

DOCUMENT_FORMATS = sorted(set(FILES) - {"csv", "tsv", "csv;"})  # CSV files are read as text by the walk


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
