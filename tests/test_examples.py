"""The bundled example share is reproducible and scans to the findings it was built with."""

import importlib.util
import sqlite3
from collections import Counter
from pathlib import Path

from scanner.extract import TablePart, extract
from scanner.pipeline import Scanner
from scanner.sources.documents import is_document
from scanner.sources.files import FileSource, WalkOptions

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _generator():
    spec = importlib.util.spec_from_file_location("generate_examples", EXAMPLES / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _content(path: Path) -> bytes | list:
    """A file's bytes; a SQLite database's SQL dump and an office file's or archive's extracted
    parts (their bytes carry timestamps and library versions)."""
    if path.suffix == ".db":
        with sqlite3.connect(path) as database:
            return list(database.iterdump())
    if is_document(path):
        return [(item.header, item.sheet, item.member, list(item.rows())) if isinstance(item, TablePart) else item
                for item in extract(path)]
    return path.read_bytes()


def test_committed_share_equals_generator_output(tmp_path):
    _generator().write(tmp_path)
    generated = {p.relative_to(tmp_path).as_posix(): _content(p) for p in tmp_path.rglob("*") if p.is_file()}
    committed = {p.relative_to(EXAMPLES / "share").as_posix(): _content(p) for p in (EXAMPLES / "share").rglob("*") if p.is_file()}
    assert generated == committed


def test_example_share_findings(engine):
    report = Scanner(engine, b"k").scan(["share"], [FileSource(EXAMPLES / "share", WalkOptions())])
    by_file = Counter((f.location.path, f.entity_type) for f in report.findings)
    assert report.errors == () and report.skipped == ()
    assert report.stats.files_scanned == 19
    # Eight customers in the UTF-8 list, four in the GBK export, each with its values.
    assert by_file[("财务部/客户名单.csv", "CN_RESIDENT_ID")] == 8
    assert by_file[("财务部/客户名单.csv", "CN_MOBILE_PHONE")] == 8
    assert by_file[("财务部/客户名单.csv", "CN_BANK_CARD")] == 8
    assert by_file[("财务部/客户名单.csv", "EMAIL_ADDRESS")] == 8
    assert by_file[("财务部/旧系统导出_GBK.csv", "CN_RESIDENT_ID")] == 4
    assert by_file[("财务部/旧系统导出_GBK.csv", "CN_LANDLINE_PHONE")] == 4
    # The contract notes: one mobile (3-4-4), one landline, one passport, one permit with context;
    # the hotlines, order number and masked number are not findings.
    notes = sorted(f.entity_type for f in report.findings if f.location.path == "法务部/合同备注.txt")
    assert notes == ["CN_ADDRESS", "CN_LANDLINE_PHONE", "CN_MOBILE_PHONE", "CN_PASSPORT", "CN_TAIWAN_PERMIT", "PERSON"]
    # Six log lines with e-mail, IP and MAC each; the build number and request id are not findings.
    log = Counter(f.entity_type for f in report.findings if f.location.path == "运维/app.log")
    assert log == {"EMAIL_ADDRESS": 6, "IP_ADDRESS": 6, "MAC_ADDRESS": 6}
    utf16 = sorted(f.entity_type for f in report.findings if f.location.path == "客服/通话记录_UTF16.txt")
    assert utf16 == ["CN_MOBILE_PHONE", "CREDIT_CARD"]
    # One file of each extracted format; the sign-up sheet's landlines are one digit run each,
    # found because the column is headed 固话.
    sheet = [(f.entity_type, f.location.sheet, f.location.cell) for f in report.findings if f.location.path == "市场部/活动报名.xlsx"]
    assert sheet == [(entity, "报名表", f"{column}{row}") for row in range(2, 7)
                     for entity, column in (("PERSON", "A"), ("CN_RESIDENT_ID", "B"), ("CN_MOBILE_PHONE", "C"), ("CN_LANDLINE_PHONE", "D"))]
    inside = sorted(((f.location.path, f.location.member, f.location.part, f.location.page, f.location.cell, f.entity_type)
                     for f in report.findings if f.location.path.endswith((".docx", ".pdf", ".eml", ".zip"))), key=str)
    assert inside == sorted([
        ("客服/投诉邮件.eml", None, "body", None, None, "CN_MOBILE_PHONE"),
        ("客服/投诉邮件.eml", None, "headers", None, None, "EMAIL_ADDRESS"),
        ("客服/投诉邮件.eml", None, "headers", None, None, "EMAIL_ADDRESS"),
        ("客服/投诉邮件.eml", "通话记录.csv", None, None, "A2", "PERSON"),
        ("客服/投诉邮件.eml", "通话记录.csv", None, None, "B2", "CN_MOBILE_PHONE"),
        ("归档/2024导出.zip", "导出/客户.csv", None, None, "A2", "PERSON"),
        ("归档/2024导出.zip", "导出/客户.csv", None, None, "B2", "CN_MOBILE_PHONE"),
        ("法务部/授权书.docx", None, "body", None, None, "PERSON"),
        ("法务部/授权书.docx", None, "body", None, None, "CN_RESIDENT_ID"),
        ("法务部/授权书.docx", None, "header", None, None, "CN_MOBILE_PHONE"),
        ("法务部/授权书扫描.pdf", None, None, 1, None, "CN_RESIDENT_ID"),
    ], key=str)
    # The other formats, one file each: notes of a slide, an xls, an OpenDocument sheet and text
    # (with an address), a TSV, a log inside a tar.gz.
    more = sorted(((f.location.path, f.location.member, f.location.sheet, f.location.cell, f.location.part, f.location.line, f.entity_type)
                   for f in report.findings if f.location.path.endswith((".pptx", ".xls", ".ods", ".odt", ".tsv", ".tar.gz"))), key=str)
    assert more == sorted([
        ("培训部/安全培训签到.pptx", None, None, None, "notes", 1, "PERSON"),
        ("培训部/安全培训签到.pptx", None, None, None, "notes", 1, "CN_MOBILE_PHONE"),
        ("财务部/2019对账.xls", None, "对账", "A2", None, None, "PERSON"),
        ("财务部/2019对账.xls", None, "对账", "B2", None, None, "CN_RESIDENT_ID"),
        ("行政部/通讯录.ods", None, "通讯录", "A2", None, None, "PERSON"),
        ("行政部/通讯录.ods", None, "通讯录", "B2", None, None, "CN_MOBILE_PHONE"),
        ("法务部/租赁合同.odt", None, None, None, "body", 1, "PERSON"),
        ("法务部/租赁合同.odt", None, None, None, "body", 1, "CN_RESIDENT_ID"),
        ("法务部/租赁合同.odt", None, None, None, "body", 2, "CN_ADDRESS"),
        ("市场部/问卷.tsv", None, None, "A2", None, None, "PERSON"),
        ("市场部/问卷.tsv", None, None, "B2", None, None, "CN_MOBILE_PHONE"),
        ("归档/日志备份.tar.gz", "app.log", None, None, None, 1, "EMAIL_ADDRESS"),
    ], key=str)
    # The CRM database: twelve customers under pinyin column names, a third with a phone in the
    # free-text remark; the orders table holds nothing personal.
    assert report.stats.tables_scanned == 2
    database = [(c.path, c.table, c.column, c.entity_type, c.matching_rows, c.rows_sampled) for c in report.columns if c.table]
    assert database == [
        ("信息部/crm.db", "kehu", "bz", "CN_MOBILE_PHONE", 4, 12),
        ("信息部/crm.db", "kehu", "sfzh", "CN_RESIDENT_ID", 12, 12),
        ("信息部/crm.db", "kehu", "sjh", "CN_MOBILE_PHONE", 12, 12),
        ("信息部/crm.db", "kehu", "xm", "PERSON", 12, 12),
        ("信息部/crm.db", "kehu", "yhkh", "CN_BANK_CARD", 12, 12),
    ]
    # Sheets and CSV files are tallied by column too, every row read; a CSV's values sit in cells.
    sheets = [(c.asset, c.sheet, c.column, c.entity_type, c.matching_rows, c.rows_sampled, c.estimate) for c in report.columns if not c.table]
    assert sheets == [
        ("客服/投诉邮件.eml#通话记录.csv", None, "姓名", "PERSON", 1, 1, False),
        ("客服/投诉邮件.eml#通话记录.csv", None, "手机", "CN_MOBILE_PHONE", 1, 1, False),
        ("市场部/活动报名.xlsx", "报名表", "固话", "CN_LANDLINE_PHONE", 5, 5, False),
        ("市场部/活动报名.xlsx", "报名表", "姓名", "PERSON", 5, 5, False),
        ("市场部/活动报名.xlsx", "报名表", "手机", "CN_MOBILE_PHONE", 5, 5, False),
        ("市场部/活动报名.xlsx", "报名表", "身份证号", "CN_RESIDENT_ID", 5, 5, False),
        ("市场部/问卷.tsv", None, "姓名", "PERSON", 1, 1, False),
        ("市场部/问卷.tsv", None, "手机", "CN_MOBILE_PHONE", 1, 1, False),
        ("归档/2024导出.zip#导出/客户.csv", None, "姓名", "PERSON", 1, 1, False),
        ("归档/2024导出.zip#导出/客户.csv", None, "手机", "CN_MOBILE_PHONE", 1, 1, False),
        ("行政部/通讯录.ods", "通讯录", "姓名", "PERSON", 1, 1, False),
        ("行政部/通讯录.ods", "通讯录", "手机", "CN_MOBILE_PHONE", 1, 1, False),
        ("财务部/2019对账.xls", "对账", "户名", "PERSON", 1, 1, False),
        ("财务部/2019对账.xls", "对账", "证件号码", "CN_RESIDENT_ID", 1, 1, False),
        ("财务部/客户名单.csv", None, "姓名", "PERSON", 8, 8, False),
        ("财务部/客户名单.csv", None, "手机号", "CN_MOBILE_PHONE", 8, 8, False),
        ("财务部/客户名单.csv", None, "身份证号", "CN_RESIDENT_ID", 8, 8, False),
        ("财务部/客户名单.csv", None, "邮箱", "EMAIL_ADDRESS", 8, 8, False),
        ("财务部/客户名单.csv", None, "银行卡号", "CN_BANK_CARD", 8, 8, False),
        ("财务部/旧系统导出_GBK.csv", None, "姓名", "PERSON", 4, 4, False),
        ("财务部/旧系统导出_GBK.csv", None, "联系电话", "CN_LANDLINE_PHONE", 4, 4, False),
        ("财务部/旧系统导出_GBK.csv", None, "证件号码", "CN_RESIDENT_ID", 4, 4, False),
    ]
    gbk = [(f.entity_type, f.location.cell) for f in report.findings if f.location.path == "财务部/旧系统导出_GBK.csv"]
    assert sorted(gbk) == sorted([(entity, f"{column}{row}") for row in range(2, 6)
                                  for entity, column in (("PERSON", "B"), ("CN_RESIDENT_ID", "C"), ("CN_LANDLINE_PHONE", "D"))])
