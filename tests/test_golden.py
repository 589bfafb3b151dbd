"""A golden test of the full JSON report (findings, assets, risk, advice) for the example share.

Regenerate after an intended change with ``PIPLSCAN_UPDATE_GOLDEN=1 pytest tests/test_golden.py``
and review the diff like code.
"""

import json
import os
import shutil
from datetime import date, datetime
from pathlib import Path

from reports.json_report import render_json
from scanner.pipeline import Scanner
from scanner.sources.files import FileSource, WalkOptions

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "share"
GOLDEN = Path(__file__).resolve().parent / "golden" / "example-share.json"
MODIFIED = datetime(2022, 6, 1, 12, 0).timestamp()  # old enough to be stale on the scan date


def stable_report(engine, tmp_path: Path) -> dict:
    share = tmp_path / "share"
    shutil.copytree(EXAMPLES, share)
    for path in share.rglob("*"):
        if path.is_file():
            path.chmod(0o640)
            os.utime(path, (MODIFIED, MODIFIED))
    report = Scanner(engine, b"golden-key", today=date(2026, 11, 24)).scan(["share"], [FileSource(share, WalkOptions())])
    data = json.loads(render_json(report))
    data["started_at"] = data["finished_at"] = "2026-11-24T00:00:00+00:00"
    data["stats"]["duration_s"] = 0
    return data


def test_example_share_report_matches_golden(engine, tmp_path):
    data = stable_report(engine, tmp_path)
    if os.environ.get("PIPLSCAN_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert data == json.loads(GOLDEN.read_text(encoding="utf-8"))
