"""The bundled example share is reproducible and scans to the findings it was built with."""

import importlib.util
import sqlite3
from collections import Counter
from pathlib import Path

from scanner.pipeline import Scanner
from scanner.sources.files import FileSource, WalkOptions

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _generator():
    spec = importlib.util.spec_from_file_location("generate_examples", EXAMPLES / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _content(path: Path) -> bytes | list[str]:
    """A file's bytes; a SQLite database's SQL dump (its bytes depend on the SQLite version)."""
    if path.suffix == ".db":
        with sqlite3.connect(path) as database:
            return list(database.iterdump())
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
    assert report.stats.files_scanned == 8
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
    assert notes == ["CN_LANDLINE_PHONE", "CN_MOBILE_PHONE", "CN_PASSPORT", "CN_TAIWAN_PERMIT"]
    # Six log lines with e-mail, IP and MAC each; the build number and request id are not findings.
    log = Counter(f.entity_type for f in report.findings if f.location.path == "运维/app.log")
    assert log == {"EMAIL_ADDRESS": 6, "IP_ADDRESS": 6, "MAC_ADDRESS": 6}
    utf16 = sorted(f.entity_type for f in report.findings if f.location.path == "客服/通话记录_UTF16.txt")
    assert utf16 == ["CN_MOBILE_PHONE", "CREDIT_CARD"]
    # The CRM database: twelve customers under pinyin column names, a third with a phone in the
    # free-text remark; the orders table holds nothing personal.
    assert report.stats.tables_scanned == 2
    assert [(c.path, c.table, c.column, c.entity_type, c.matching_rows, c.rows_sampled) for c in report.columns] == [
        ("信息部/crm.db", "kehu", "bz", "CN_MOBILE_PHONE", 4, 12),
        ("信息部/crm.db", "kehu", "sfzh", "CN_RESIDENT_ID", 12, 12),
        ("信息部/crm.db", "kehu", "sjh", "CN_MOBILE_PHONE", 12, 12),
        ("信息部/crm.db", "kehu", "yhkh", "CN_BANK_CARD", 12, 12),
    ]
