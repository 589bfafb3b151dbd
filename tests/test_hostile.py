"""Damaged and hostile files (issue 14): every input ends scanned, skipped or an error; libraries
stay quiet; cells, fields and rows of any size are read with memory bounded."""

import bz2
import csv
import gzip
import io
import json
import logging
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
import warnings
from datetime import date
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest
from openpyxl import Workbook

from scanner.extract import ExtractionError, Limits, Problem, TextPart, extract
from scanner.cache import ScanCache
from scanner.model import ScanError
from scanner.pipeline import Scanner
from scanner.sources.files import FileSource, WalkOptions, examine_file
from tests import synthetic

PIPLSCAN = [str(Path(sys.executable).with_name("piplscan"))]


def scan(engine, folder: Path, **options):
    return Scanner(engine, b"hostile-key", show_data=True, **options).scan([str(folder)], [FileSource(folder, WalkOptions())])


def found(report) -> dict[str, tuple]:
    """value → (asset, cell or line) of each finding."""
    return {f.value: (f.location.asset, f.location.cell or f.location.line) for f in report.findings}


def test_a_date_formatted_cell_holding_a_number_is_read_as_the_number_and_nothing_is_printed(engine, tmp_path, rng, capfd):
    phone, card = synthetic.mobile(rng), synthetic.unionpay_card(rng, 16)
    book = Workbook()
    sheet = book.active
    sheet.append(["手机", "卡号"])
    sheet.append([int(phone), int(card)])
    sheet["A2"].number_format = sheet["B2"].number_format = "yyyy-mm-dd"
    book.save(tmp_path / "客户.xlsx")
    filters, handlers = list(warnings.filters), list(logging.getLogger().handlers)
    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("always")
        report = scan(engine, tmp_path)
    assert shown == []
    assert found(report)[phone] == ("客户.xlsx", "A2")
    assert found(report)[card] == ("客户.xlsx", "B2")
    assert phone not in capfd.readouterr().err
    assert (warnings.filters, logging.getLogger().handlers) == (filters, handlers)  # nothing left changed


def test_library_logs_and_warnings_never_reach_the_terminal(tmp_path, rng):
    """A PDF pypdf repairs (it logs) and the xlsx above (openpyxl warns), through the CLI."""
    phone = synthetic.mobile(rng)
    book = Workbook()
    book.active.append(["手机"])
    book.active.append([int(phone)])
    book.active["A2"].number_format = "yyyy-mm-dd"
    book.save(tmp_path / "a.xlsx")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n" + phone.encode())
    run = subprocess.run([*PIPLSCAN, "scan", str(tmp_path), "--workers", "1"], capture_output=True, text=True, timeout=120)
    assert run.returncode in (0, 1), run.stderr
    assert run.stderr.strip() == "", run.stderr


# --- every input accounted for -----------------------------------------------------------------

def accounted(report) -> dict[str, str]:
    """Each path the report names → "error", "skipped" or "scanned" (an error wins: what a file gave
    before failing is kept, and the error says it was read in part)."""
    outcome = {}
    for name in report.scanned:
        outcome[name] = "scanned"
    for skipped in report.skipped:
        assert outcome.get(skipped.path) != "scanned", f"{skipped.path} both scanned and skipped"
        outcome[skipped.path] = "skipped"
    for error in report.errors:
        assert outcome.get(error.path) != "skipped", f"{error.path} both skipped and an error"
        outcome[error.path] = "error"
    return outcome


def _zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def _mail(path: Path, attachments: dict[str, bytes]) -> None:
    message = EmailMessage()
    message["Subject"] = "附件"
    message.set_content("见附件")
    for name, data in attachments.items():
        message.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    path.write_bytes(message.as_bytes())


def test_damaged_and_mislabelled_inputs_each_end_scanned_skipped_or_an_error(engine, tmp_path, rng):
    phone, other, third = synthetic.mobile(rng), synthetic.mobile(rng), synthetic.mobile(rng)
    damaged = bytearray(gzip.compress(f"手机 {phone}\n".encode()))
    damaged[0] ^= 0xFF  # the gzip magic: no longer recognised as gzip
    (tmp_path / "a.csv.gz").write_bytes(bytes(damaged))
    text_with_bad_bytes = f"第一行\n客户手机 {other}\n".encode() + b"\xff\xfe\x80 bad\n"
    _zip(tmp_path / "b.zip", {"notes.txt": text_with_bad_bytes, "empty.txt": b"", "blank.csv": b"\n\n"})
    (tmp_path / "c.txt.bz2").write_bytes(bz2.compress(b"\x81" + f"手机 {third}\n".encode()))
    _mail(tmp_path / "d.eml", {"scan.pdf": os.urandom(3000), "readme.pdf": b"plain text saved as pdf\n"})
    Workbook().save(tmp_path / "e.xlsx")  # no cell at all
    with sqlite3.connect(tmp_path / "g.sqlite") as database:  # no table
        database.execute("PRAGMA user_version = 1")
    database.close()
    (tmp_path / "f.bin").write_bytes(os.urandom(5000))
    report = scan(engine, tmp_path)
    assert accounted(report) == {
        "a.csv.gz": "error", "b.zip#notes.txt": "scanned", "b.zip#empty.txt": "scanned", "b.zip#blank.csv": "scanned",
        "c.txt.bz2#c.txt": "scanned", "d.eml": "scanned", "d.eml#scan.pdf": "error", "d.eml#readme.pdf": "scanned",
        "e.xlsx": "scanned", "f.bin": "skipped", "g.sqlite": "scanned"}
    assert {e.path: e.error for e in report.errors} == {"a.csv.gz": "corrupt: gz: not a gz file",
                                                        "d.eml#scan.pdf": "corrupt: pdf: not a pdf file"}
    assert found(report)[other] == ("b.zip#notes.txt", 2)
    assert found(report)[third] == ("c.txt.bz2#c.txt", 1)
    assert report.stats.files_scanned == 5  # b.zip, c.txt.bz2, d.eml, e.xlsx, g.sqlite


def test_text_with_a_nul_byte_or_a_few_bad_bytes_is_read_around_them_and_binary_is_still_skipped(engine, tmp_path, rng):
    phones = [synthetic.mobile(rng) for _ in range(3)]
    filler = "".join(synthetic.prose_line(rng, 60) + "\n" for _ in range(50)).encode()
    (tmp_path / "nul.log").write_bytes(filler + b"\x00" + f"\n电话 {phones[0]}\n".encode())
    (tmp_path / "bad.txt").write_bytes(filler + b"\xff\xc0" + f" 电话 {phones[1]}\n".encode())
    (tmp_path / "gbk.txt").write_bytes(filler.decode().encode("gbk") + b"\xff" + f"\n电话 {phones[2]}\n".encode("gbk"))
    (tmp_path / "blob.bin").write_bytes(b"\x01\x02" + os.urandom(4000))  # images: test_ocr.py
    (tmp_path / "program").write_bytes(b"\x7fELF" + bytes(range(256)) * 20)
    report = scan(engine, tmp_path)
    assert {value: where for value, where in found(report).items() if value in phones} == {
        phones[0]: ("nul.log", 52), phones[1]: ("bad.txt", 51), phones[2]: ("gbk.txt", 52)}
    assert {(s.path, s.reason) for s in report.skipped} == {("blob.bin", "binary content"),
                                                            ("program", "binary content")}


def test_any_failure_reading_a_file_is_that_files_error_and_quotes_nothing(engine, tmp_path, rng, monkeypatch):
    phone, secret = synthetic.mobile(rng), synthetic.resident_id(rng)
    (tmp_path / "a.txt").write_text(f"电话 {phone}\n")
    (tmp_path / "b.txt").write_text("x\n")

    def examine(path, display, *rest):
        if display == "b.txt":
            raise RuntimeError(f"bad value {secret}")
        return examine_file(path, display, *rest)

    monkeypatch.setattr("scanner.sources.files.examine_file", examine)
    report = scan(engine, tmp_path)
    assert report.errors == (ScanError("b.txt", "read failed: RuntimeError"),)
    assert found(report)[phone] == ("a.txt", 1)


def test_mail_whose_headers_and_html_make_the_parsers_quadratic_is_read_at_once(engine, tmp_path, rng):
    """Each of these took 20 s to 2 minutes with the standard library's parsers."""
    in_subject, in_body = synthetic.mobile(rng), synthetic.mobile(rng)
    (tmp_path / "from.eml").write_bytes(f"Subject: 电话 {in_subject}\r\n".encode() + b"From: " + b'"a' * 20_000
                                        + f"\r\n\r\n电话 {in_body}\r\n".encode())
    (tmp_path / "type.eml").write_bytes(b"Content-Type: multipart/mixed; " + b'a="b"; ' * 20_000 + b"\r\n\r\nx\r\n")
    (tmp_path / "html.eml").write_bytes(b"Content-Type: text/html\r\n\r\n" + b"<a " * 30_000)
    report = scan(engine, tmp_path, file_time_limit=15)
    assert report.errors == ()
    assert {found(report)[in_subject], found(report)[in_body]} == {("from.eml", 1)}
    assert set(report.scanned) == {"from.eml", "type.eml#part-1", "html.eml"}  # no boundary: one part


# --- tables of any shape ------------------------------------------------------------------------

def test_a_csv_field_longer_than_the_csv_modules_limit_is_read_with_the_rows_around_it(engine, tmp_path, rng):
    before, inside, after = synthetic.mobile(rng), synthetic.mobile(rng), synthetic.mobile(rng)
    long_field = "x " * 100_000 + f"电话 {inside} " + "y " * 10_000
    (tmp_path / "a.csv").write_text(f"备注,手机\n甲,{before}\n\"{long_field}\",\n乙,{after}\n", encoding="utf-8")
    limit = csv.field_size_limit()
    report = scan(engine, tmp_path)
    assert report.errors == ()
    assert {v: found(report)[v] for v in (before, inside, after)} == {
        before: ("a.csv", "B2"), inside: ("a.csv", "A3"), after: ("a.csv", "B4")}
    assert csv.field_size_limit() == limit  # put back: the process's other readers keep theirs


def test_a_quoted_field_longer_than_the_field_limit_loses_neither_its_values_nor_the_rows_after(engine, tmp_path, rng,
                                                                                               monkeypatch):
    monkeypatch.setattr("scanner.extract.tables.MAX_FIELD_CHARS", 5000)  # the same as 16 MB, quicker
    monkeypatch.setattr("scanner.extract.tables.LINE_PIECE_CHARS", 1000)
    inside, after = synthetic.mobile(rng), synthetic.mobile(rng)
    long_field = ("x, " * 1000 + f"电话 {inside}\n") * 3
    (tmp_path / "a.csv").write_text(f"备注,手机\n\"{long_field}\",\n乙,{after}\n", encoding="utf-8")
    report = scan(engine, tmp_path)
    assert inside in found(report) and after in found(report)  # where: reading starts again inside the field
    assert report.errors == ()


def test_a_csv_that_makes_the_delimiter_sniffer_backtrack_is_read_at_once(engine, tmp_path, rng):
    phone = synthetic.mobile(rng)
    (tmp_path / "a.csv").write_text('"a,' * 20_000 + f"\n手机,{phone}\n", encoding="utf-8")
    report = scan(engine, tmp_path, file_time_limit=20)
    assert report.errors == () and phone in found(report)


def test_a_single_line_of_megabytes_is_read_whole(engine, tmp_path, rng):
    phones = [synthetic.mobile(rng) for _ in range(4)]
    pieces = [f"tel {phone}," + "ab," * 150_000 for phone in phones]  # 1.8 MB, no line end
    (tmp_path / "one.csv").write_text("".join(pieces), encoding="ascii")
    (tmp_path / "one.txt").write_text(" ".join(pieces).replace(",", " "), encoding="utf-8")
    report = scan(engine, tmp_path)
    assert report.errors == ()
    assert sorted(f.value for f in report.findings if f.location.path == "one.csv") == sorted(phones)
    assert sorted(f.value for f in report.findings if f.location.path == "one.txt") == sorted(phones)


def _xlsx_with_rows(path: Path, rows: dict[int, dict[str, str]]) -> None:
    """An xlsx whose sheet XML is written here: row numbers and columns openpyxl will not write."""
    book = Workbook()
    book.active.append(["x"])
    buffer = io.BytesIO()
    book.save(buffer)
    cells = "".join(f'<row r="{number}">' + "".join(f'<c r="{column}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
                                                   for column, text in row.items()) + "</row>" for number, row in rows.items())
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f"<dimension ref=\"A1\"/><sheetData>{cells}</sheetData></worksheet>")
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, sheet if info.filename == "xl/worksheets/sheet1.xml" else source.read(info))


def test_an_xlsx_row_numbered_a_billion_is_read_at_once_with_the_rows_before(engine, tmp_path, rng):
    early, late = synthetic.mobile(rng), synthetic.mobile(rng)
    _xlsx_with_rows(tmp_path / "a.xlsx", {1: {"A": "手机"}, 2: {"A": early}, 10**9: {"A": late}})
    report = scan(engine, tmp_path, file_time_limit=60)
    assert report.errors == ()
    assert {v: found(report)[v] for v in (early, late)} == {early: ("a.xlsx", "A2"), late: ("a.xlsx", f"A{10**9}")}


def test_a_table_corrupt_midway_raises_an_extraction_error_that_quotes_no_content(tmp_path):
    path = tmp_path / "a.xlsx"
    _xlsx_with_rows(path, {number: {"A": "秘密" * 20} for number in range(1, 3000)})
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet[:len(sheet) // 2] + b"<<<\x00"
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    items = extract(path)  # rows() reads while its table is the current item: keep the generator
    table = next(items)
    with pytest.raises(ExtractionError, match=r"^xlsx: \w+$"):
        list(table.rows())


# --- memory ---------------------------------------------------------------------------------------

def _peak_extra_memory(path: Path, value: str) -> int:
    """Bytes of peak memory that extracting ``path`` (reading every table) adds, in a fresh process,
    which checks that ``value`` was read."""
    script = textwrap.dedent(f"""
        import resource
        from pathlib import Path
        from scanner.sources.documents import document_items
        import scanner.extract.office, scanner.extract.opendocument, scanner.extract.archives, scanner.extract.tables
        before, seen = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, False
        for document in document_items(Path({str(path)!r}), "x", "shared_folder", None, None, 0):
            for chunk in getattr(document, "chunks", lambda: ())():
                seen = seen or {value!r} in chunk.text
        assert seen
        print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024)
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return int(run.stdout)


def test_an_ods_repeating_a_cell_fifty_million_times_costs_little_memory(tmp_path, rng):
    phone = synthetic.mobile(rng)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
               '<table:table table:name="s"><table:table-row>'
               '<table:table-cell table:number-columns-repeated="50000000"/>'
               f'<table:table-cell><text:p>{phone}</text:p></table:table-cell>'
               '</table:table-row><table:table-row><table:table-cell table:number-columns-repeated="50000000">'
               '<text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>'
               '</office:document-content>')
    with zipfile.ZipFile(tmp_path / "a.ods", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    assert _peak_extra_memory(tmp_path / "a.ods", phone) < 200 << 20


def test_an_xlsx_with_a_cell_in_the_last_column_of_every_row_costs_little_memory(tmp_path, rng):
    phone = synthetic.mobile(rng)
    _xlsx_with_rows(tmp_path / "a.xlsx", {number: {"A": "a", "XFD": phone} for number in range(1, 10_001)})
    assert _peak_extra_memory(tmp_path / "a.xlsx", phone) < 200 << 20


def test_a_text_member_is_read_as_it_decompresses_and_another_up_to_the_member_limit(tmp_path, rng):
    """No copy of a text member: a gz of any size within the file's byte budget is read whole."""
    first, last = synthetic.mobile(rng), synthetic.mobile(rng)
    filler = b"".join(os.urandom(1 << 19).hex().encode() + b"\n" for _ in range(6))  # 6 MB of lines
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(f"电话 {first}\n".encode() + filler + f"电话 {last}\n".encode()))
    texts = [item for item in extract(tmp_path / "a.txt.gz", limits=Limits(max_member_bytes=1 << 20))]
    assert all(isinstance(item, TextPart) and item.member == "a.txt" for item in texts)
    assert first in texts[0].text and last in texts[-1].text
    (tmp_path / "b.pdf.gz").write_bytes(gzip.compress(b"%PDF-1.4\n" + filler))
    assert list(extract(tmp_path / "b.pdf.gz", limits=Limits(max_member_bytes=1 << 20))) == [
        Problem("corrupt", "pdf: PdfStreamError", "b.pdf"),
        Problem("limit", f"gzip: member larger than {1 << 20} bytes: read in part", "b.pdf")]


# --- the cache ------------------------------------------------------------------------------------

def test_the_cache_hashes_a_file_within_the_time_limit(engine, tmp_path, rng, monkeypatch):
    """A regular file whose reading blocks (a hung network mount) cannot be made here: its hash is."""
    phone = synthetic.mobile(rng)
    (tmp_path / "share").mkdir()
    (tmp_path / "share" / "a.txt").write_text(f"电话 {phone}\n")
    monkeypatch.setattr("scanner.cache._regular_file_digest", lambda path: time.sleep(60))
    cache = ScanCache(tmp_path / "cache", "scope", date(2026, 12, 1))
    started = time.monotonic()
    report = Scanner(engine, b"k", file_time_limit=1, cache=cache).scan(  # no --show-data: the cache is used
        [str(tmp_path / "share")], [FileSource(tmp_path / "share", WalkOptions())])
    assert time.monotonic() - started < 20
    assert [(f.entity_type, f.location.path, f.location.line) for f in report.findings] == [("CN_MOBILE_PHONE", "a.txt", 1)]


def test_the_cache_hashes_regular_files_only(tmp_path, rng):
    phone = synthetic.mobile(rng)
    share = tmp_path / "share"
    share.mkdir()
    (share / "a.txt").write_text(f"电话 {phone}\n")
    os.mkfifo(share / "pipe")
    (share / "zero").symlink_to("/dev/zero")
    run = subprocess.run([*PIPLSCAN, "scan", str(share), "--cache", str(tmp_path / "cache"), "--follow-symlinks", "--workers", "1"],
                         capture_output=True, text=True, timeout=120, env={**os.environ, "PIPLSCAN_FINGERPRINT_KEY": "k"})
    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout)
    assert {(s["path"], s["reason"]) for s in report["skipped"]} == {("pipe", "not a regular file"), ("zero", "not a regular file")}
    assert report["summary"]["findings"] == 1
