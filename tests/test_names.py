"""Names are text: a file, member, sheet, table or column named with a personal value shows it
masked everywhere (reports, cache) and reports it as a finding located at the name itself."""

import json
import os
import random
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scanner.pipeline import Scanner, sources_for
from scanner.sources.database import DatabaseOptions
from scanner.sources.files import WalkOptions
from scanner.values import mask
from tests import synthetic

CLI = [str(Path(sys.executable).with_name("piplscan"))]
KEY = b"names-key"
FORMATS = "json,html,markdown,csv,xlsx,sarif,text"


@pytest.fixture
def named(tmp_path) -> tuple[Path, dict[str, str]]:
    """A share whose names hold values: a file, an archive member, a table and a column."""
    rng = random.Random(14)
    values = {"file": synthetic.resident_id(rng), "member": synthetic.resident_id(rng), "table": synthetic.mobile(rng),
              "column": synthetic.resident_id(rng), "content": synthetic.mobile(rng)}
    share = tmp_path / "share"
    share.mkdir()
    (share / f"简历{values['file']}.txt").write_text(f"电话 {values['content']}\n", encoding="utf-8")
    with zipfile.ZipFile(share / "归档.zip", "w") as archive:
        archive.writestr(f"{values['member']}.txt", "无\n")
    for index in range(4):  # enough files for two workers to start
        (share / f"note{index}.txt").write_text("无\n", encoding="utf-8")
    with sqlite3.connect(share / "crm.db") as database:
        database.execute(f'CREATE TABLE "客户{values["table"]}" ("{values["column"]}" TEXT, phone TEXT)')
        database.execute(f'INSERT INTO "客户{values["table"]}" VALUES (\'x\', \'{values["content"]}\')')
    return share, values


def _scan(engine, share: Path, show_data: bool = False, workers: int = 1):
    sources = sources_for([str(share)], WalkOptions(), database=DatabaseOptions())
    return Scanner(engine, KEY, show_data=show_data).scan(["share"], sources, workers)


@pytest.mark.parametrize("workers", [1, 2])
def test_values_in_names_are_masked_and_reported_at_the_name(engine, named, workers):
    share, values = named
    report = _scan(engine, share, workers=workers)
    masked = {kind: mask("CN_MOBILE_PHONE" if kind in ("table", "content") else "CN_RESIDENT_ID", value)
              for kind, value in values.items()}
    name_findings = sorted((f.entity_type, json.dumps(f.location.to_dict(), sort_keys=True))
                           for f in report.findings if f.location.part == "name")
    assert name_findings == sorted((entity, json.dumps(where, sort_keys=True)) for entity, where in [
        ("CN_RESIDENT_ID", {"path": f"简历{masked['file']}.txt", "part": "name"}),
        ("CN_RESIDENT_ID", {"path": "归档.zip", "member": f"{masked['member']}.txt", "part": "name"}),
        ("CN_MOBILE_PHONE", {"path": "crm.db", "table": f"客户{masked['table']}", "part": "name"}),
        ("CN_RESIDENT_ID", {"path": "crm.db", "table": f"客户{masked['table']}", "column_name": masked["column"], "part": "name"}),
    ])
    assert {a.asset.path for a in report.assets} >= {f"简历{masked['file']}.txt", f"crm.db#客户{masked['table']}"}
    assert [t.columns for t in report.tables] == [(masked["column"], "phone")]
    raw = repr(report)
    assert not [kind for kind, value in values.items() if value in raw]


def test_show_data_shows_names_as_they_are(engine, named):
    share, values = named
    report = _scan(engine, share, show_data=True)
    assert {f.value for f in report.findings if f.location.part == "name"} == {
        values["file"], values["member"], values["table"], values["column"]}
    assert f"简历{values['file']}.txt" in {a.asset.path for a in report.assets}


def test_no_raw_value_of_a_name_in_any_format_or_the_cache(named, tmp_path):
    share, values = named
    environment = {**os.environ, "PIPLSCAN_FINGERPRINT_KEY": "k"}
    for _ in range(2):  # the second run reads from the cache
        result = subprocess.run(CLI + ["scan", str(share), "--format", FORMATS, "--output-dir", str(tmp_path / "out"),
                                       "--cache", str(tmp_path / "cache"), "-q", "--workers", "1"],
                                capture_output=True, text=True, timeout=300, env=environment)
        assert result.returncode == 1, result.stderr
        written = [path.read_bytes() for path in (tmp_path / "out").iterdir()]
        with zipfile.ZipFile(tmp_path / "out" / "piplscan-report.xlsx") as workbook:
            written += [workbook.read(name) for name in workbook.namelist()]
        written += [path.read_bytes() for path in (tmp_path / "cache").rglob("*") if path.is_file()]
        for value in values.values():
            assert not [text for text in written + [result.stderr.encode()] if value.encode() in text]
    report = json.loads((tmp_path / "out" / "piplscan-report.json").read_text(encoding="utf-8"))
    assert sum(f["location"].get("part") == "name" for f in report["findings"]) == 4


def test_a_file_name_in_gbk_is_decoded_and_bytes_that_are_neither_are_escaped(engine, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    phone = synthetic.mobile(random.Random(3))
    for name in ("客户名单.txt".encode("gbk"), b"\xff\xfe.txt"):
        (share / os.fsdecode(name)).write_text(f"手机 {phone}\n", encoding="utf-8")
    report = Scanner(engine, KEY).scan(["share"], sources_for([str(share)], WalkOptions()))
    assert sorted(f.location.path for f in report.findings) == ["\\xff\\xfe.txt", "客户名单.txt"]
