"""The scan cache and the per-file time limit, on real files: an unchanged file is not read
again and gives the same report; a changed one is; the cache holds no raw value; a file that
takes too long is reported as scanned in part and the scan goes on."""

import random
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from reports.json_report import report_to_dict
from scanner.cache import CACHE_FILE, ScanCache, scope_of
from scanner.pipeline import Scanner
from scanner.sources.files import FileSource, WalkOptions
from tests import synthetic
from tests.test_cli import report_of, run

KEY = b"cache-test-key"
TODAY = date(2026, 11, 24)


class CountingScanner(Scanner):
    """The real scanner, noting which files it had to read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read = []

    def _read_task(self, source, task):
        self.read.append(task[1])
        return super()._read_task(source, task)


@pytest.fixture
def share(tmp_path):
    rng = random.Random(31)
    root = tmp_path / "share"
    root.mkdir()
    values = {"ids": [synthetic.resident_id(rng) for _ in range(3)], "mobile": synthetic.mobile(rng)}
    (root / "a.txt").write_text(f"身份证号 {values['ids'][0]}\n手机 {values['mobile']}\n", encoding="utf-8")
    (root / "客户.csv").write_text("姓名,身份证号\n" + "".join(f"客户{n},{v}\n" for n, v in enumerate(values["ids"][1:])), encoding="utf-8")
    (root / "empty.txt").write_text("nothing here\n", encoding="utf-8")
    return root, values


def scan(engine, root: Path, cache_dir: Path, today: date = TODAY, key: bytes = KEY, workers: int = 1):
    cache = ScanCache(cache_dir, scope_of(key, {"test": 1}), today)
    scanner = CountingScanner(engine, key, today=today, cache=cache)
    report = scanner.scan([str(root)], [FileSource(root, WalkOptions())], workers)
    return scanner.read, report_to_dict(report)


def comparable(report: dict) -> dict:
    return {k: v for k, v in report.items() if k not in ("started_at", "finished_at", "stats")} | {
        "files": report["stats"]["files_scanned"], "bytes": report["stats"]["bytes_scanned"]}


def test_an_unchanged_share_is_not_read_again_and_reports_the_same(engine, share, tmp_path):
    root, _ = share
    first_read, first = scan(engine, root, tmp_path / "cache")
    again_read, again = scan(engine, root, tmp_path / "cache")
    assert first_read == ["a.txt", "empty.txt", "客户.csv"]
    assert again_read == []
    assert comparable(again) == comparable(first)
    assert len(first["findings"]) == 4 and len(first["columns"]) == 1


def test_a_changed_file_is_read_again_and_a_touched_one_is_not(engine, share, tmp_path):
    root, _ = share
    scan(engine, root, tmp_path / "cache")
    (root / "a.txt").write_text("手机 " + synthetic.mobile(random.Random(2)) + "\n", encoding="utf-8")
    data = (root / "empty.txt").read_bytes()
    (root / "empty.txt").write_bytes(data)  # a new modification time, the same content
    (root / "客户.csv").chmod(0o600)
    read, report = scan(engine, root, tmp_path / "cache")
    assert read == ["a.txt"]
    assert [f["entity_type"] for f in report["findings"] if f["location"]["path"] == "a.txt"] == ["CN_MOBILE_PHONE"]
    assert {a["path"]: a["mode"] for a in report["assets"]}["客户.csv"] == "0600"  # the mode as it is now


def test_the_cache_holds_no_raw_value(engine, share, tmp_path):
    root, values = share
    scan(engine, root, tmp_path / "cache")
    stored = (tmp_path / "cache" / CACHE_FILE).read_bytes()
    assert b"CN_RESIDENT_ID" in stored  # it holds the findings …
    for value in values["ids"] + [values["mobile"]]:
        assert value.encode() not in stored  # … masked and fingerprinted only
    assert (tmp_path / "cache" / CACHE_FILE).stat().st_mode & 0o777 == 0o600


def test_another_key_or_another_day_with_minors_reads_again(engine, tmp_path):
    root = tmp_path / "share"
    root.mkdir()
    child = synthetic.resident_id(random.Random(4), born=date(2020, 5, 1))
    (root / "kid.txt").write_text(f"身份证 {child}\n", encoding="utf-8")
    (root / "other.txt").write_text(f"身份证 {synthetic.resident_id(random.Random(5))}\n", encoding="utf-8")
    scan(engine, root, tmp_path / "cache")
    assert scan(engine, root, tmp_path / "cache", key=b"another key")[0] == ["kid.txt", "other.txt"]
    scan(engine, root, tmp_path / "cache")
    read, report = scan(engine, root, tmp_path / "cache", today=date(2026, 11, 25))
    assert read == ["kid.txt"]  # a minor's flag depends on the date; the adult's does not
    assert [f["flags"] for f in report["findings"] if f["location"]["path"] == "kid.txt"] == [["minor"]]


def test_a_file_with_an_error_is_read_again(engine, tmp_path):
    root = tmp_path / "share"
    root.mkdir()
    (root / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (root / "a.txt").write_text(f"身份证 {synthetic.resident_id(random.Random(6))}\n", encoding="utf-8")
    first_read, first = scan(engine, root, tmp_path / "cache")
    again_read, again = scan(engine, root, tmp_path / "cache")
    assert [e["path"] for e in first["errors"]] == [e["path"] for e in again["errors"]] == ["broken.xlsx"]
    assert again_read == ["broken.xlsx"]


def test_workers_use_the_cache_too(engine, tmp_path):
    root = tmp_path / "share"
    root.mkdir()
    rng = random.Random(8)
    for number in range(8):
        (root / f"f{number}.txt").write_text(f"手机 {synthetic.mobile(rng)}\n", encoding="utf-8")
    first_read, first = scan(engine, root, tmp_path / "cache", workers=2)
    (root / "f3.txt").write_text(f"手机 {synthetic.mobile(rng)}\n", encoding="utf-8")
    again_read, again = scan(engine, root, tmp_path / "cache", workers=2)
    assert first_read == []  # read by the workers, not here
    assert len(again["findings"]) == 8
    assert [f["fingerprint"] for f in again["findings"]][:3] == [f["fingerprint"] for f in first["findings"]][:3]
    with sqlite3.connect(tmp_path / "cache" / CACHE_FILE) as db:
        assert db.execute("SELECT count(*) FROM files").fetchone() == (8,)


def test_the_cli_needs_a_stable_key_and_skips_the_cache_with_show_data(share, tmp_path):
    root, _ = share
    refused = run("scan", root, "--cache", tmp_path / "c", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines()[-1].startswith("Error: --cache needs a stable key")
    shown = run("scan", root, "--cache", tmp_path / "c", "--show-data", "--format", "json", cwd=tmp_path)
    assert "the cache is not used" in shown.stderr
    assert not (tmp_path / "c").exists()
    first = report_of(run("scan", root, "--cache", tmp_path / "c", "--format", "json", cwd=tmp_path, key="k1"))
    again = report_of(run("scan", root, "--cache", tmp_path / "c", "--format", "json", cwd=tmp_path, key="k1"))
    assert comparable(again) == comparable(first)


def test_a_file_over_the_time_limit_is_reported_in_part_and_the_scan_goes_on(engine, tmp_path):
    root = tmp_path / "share"
    root.mkdir()
    rng = random.Random(9)
    lines = [f"身份证号 {synthetic.resident_id(rng)} 手机 {synthetic.mobile(rng)}" for _ in range(1000)] * 400
    # 22 MB of dense records: seconds at any speed the engine reaches; the limit lets a loaded
    # machine read a few of its small chunks
    (root / "a_big.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "b_small.txt").write_text(lines[0] + "\n", encoding="utf-8")
    options = WalkOptions(chunk_chars=1 << 12)  # findings are kept chunk by chunk
    report = Scanner(engine, KEY, file_time_limit=1.5).scan([str(root)], [FileSource(root, options)])
    assert [(e.path, e.error) for e in report.errors] == [("a_big.txt", "time limit of 1.5 s reached: scanned in part")]
    assert sorted(f.entity_type for f in report.findings if f.location.path == "b_small.txt") == ["CN_MOBILE_PHONE", "CN_RESIDENT_ID"]
    big = [f for f in report.findings if f.location.path == "a_big.txt"]
    assert 0 < len(big) < 2 * len(lines)  # what it found before the limit is kept
    assert "a_big.txt" in {rated.asset.path for rated in report.assets}


def test_the_cache_folder_and_time_limit_come_from_the_config(share, tmp_path):
    root, _ = share
    (tmp_path / "piplscan.toml").write_text('cache = "state/cache"\nfile-time-limit = 60\n', encoding="utf-8")
    report_of(run("scan", root, "--format", "json", cwd=tmp_path, key="k1"))
    assert (tmp_path / "state" / "cache" / CACHE_FILE).is_file()


def test_a_scanner_showing_data_leaves_the_cache_alone(engine, share, tmp_path):
    root, values = share
    cache = ScanCache(tmp_path / "cache", scope_of(KEY, {"test": 1}), TODAY)
    report = Scanner(engine, KEY, show_data=True, today=TODAY, cache=cache).scan([str(root)], [FileSource(root, WalkOptions())])
    assert {f.value for f in report.findings} >= set(values["ids"])
    with sqlite3.connect(tmp_path / "cache" / CACHE_FILE) as db:
        assert db.execute("SELECT count(*) FROM files").fetchone() == (0,)
