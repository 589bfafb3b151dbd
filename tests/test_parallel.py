"""--workers: a share read by several processes gives the report one process gives."""

import random
import sqlite3

from reports.json_report import report_to_dict
from scanner.pipeline import Scanner
from scanner.sources.files import FileSource, WalkOptions
from tests import synthetic
from tests.test_extract import FILES, write


def _comparable(report) -> dict:
    data = report_to_dict(report)
    for volatile in ("started_at", "finished_at"):
        data.pop(volatile)
    data["stats"].pop("duration_s")
    return data


def test_two_workers_write_the_report_one_writes(engine, tmp_path):
    rng = random.Random(31)
    share = tmp_path / "share"
    for index in range(6):
        (share / f"部门{index}").mkdir(parents=True)
        (share / f"部门{index}" / "名单.txt").write_text(
            "\n".join(f"客户 {synthetic.resident_id(rng)} 手机 {synthetic.mobile(rng)}" for _ in range(20)), encoding="utf-8")
    for fmt in ("xlsx", "docx", "pdf", "eml"):
        write(share, FILES[fmt](rng))
    with sqlite3.connect(share / "crm.db") as database:
        database.execute("CREATE TABLE kehu (sfzh TEXT)")
        database.executemany("INSERT INTO kehu VALUES (?)", [(synthetic.resident_id(rng),) for _ in range(50)])
    (share / "坏.pdf").write_bytes(b"%PDF-1.4\n")
    (share / "blob.bin").write_bytes(bytes(range(256)) * 4)
    scanner = Scanner(engine, b"parallel-key")
    one = scanner.scan(["share"], [FileSource(share, WalkOptions())], workers=1)
    two = scanner.scan(["share"], [FileSource(share, WalkOptions())], workers=2)
    assert _comparable(two) == _comparable(one)
    assert one.stats.files_scanned == 10 and one.stats.tables_scanned == 1
    assert [e.path for e in one.errors] == ["坏.pdf"] and [s.path for s in one.skipped] == ["blob.bin"]
    assert len(one.findings) > 250
