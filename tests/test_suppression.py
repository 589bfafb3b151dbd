"""Inline allow comments, .piplscanignore, baselines and --fail-on levels, through the CLI."""

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests import synthetic

CLI = [str(Path(sys.executable).with_name("piplscan"))]


def run(*args, cwd: Path, key: str | None = "suppression-test-key") -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "PIPLSCAN_FINGERPRINT_KEY"}
    if key:
        environment["PIPLSCAN_FINGERPRINT_KEY"] = key
    return subprocess.run(CLI + list(args), cwd=cwd, env=environment, capture_output=True, text=True, timeout=300)


def findings(result) -> list[tuple[str, str, int]]:
    return [(f["entity_type"], f["location"]["path"], f["location"]["line"]) for f in json.loads(result.stdout)["findings"]]


@pytest.fixture
def values():
    rng = random.Random(101)
    return {"id": synthetic.resident_id(rng), "mobile": synthetic.mobile(rng), "email": synthetic.email(rng), "other": synthetic.mobile(rng)}


def test_inline_allow_and_allow_next_line(tmp_path, values):
    (tmp_path / "a.py").write_text(
        f'ID = "{values["id"]}"\n'
        f'PHONE = "{values["mobile"]}"  # piplscan:allow\n'
        "# piplscan:allow-next-line\n"
        f'EMAIL = "{values["email"]}"\n'
        f'OTHER = "{values["other"]}"  # piplscan:allow-next-line does not allow its own line\n',
        encoding="utf-8")
    result = run("scan", "a.py", cwd=tmp_path)
    assert findings(result) == [("CN_RESIDENT_ID", "a.py", 1), ("CN_MOBILE_PHONE", "a.py", 5)]
    assert json.loads(result.stdout)["suppressed"]["by_reason"] == {"inline": 2}


def test_ignore_file_paths_and_fingerprints(tmp_path, values):
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "f.txt").write_text(f"手机 {values['mobile']}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(f"身份证 {values['id']}\n邮箱 {values['email']}\n", encoding="utf-8")
    before = json.loads(run("scan", ".", cwd=tmp_path).stdout)
    email_fingerprint = next(f["fingerprint"] for f in before["findings"] if f["entity_type"] == "EMAIL_ADDRESS")
    (tmp_path / ".piplscanignore").write_text(f"# test data\nfixtures/*\n{email_fingerprint}  # a shared mailbox\n", encoding="utf-8")
    result = run("scan", ".", cwd=tmp_path)
    assert findings(result) == [("CN_RESIDENT_ID", "a.txt", 1)]
    assert json.loads(result.stdout)["suppressed"]["by_entity"] == {"CN_MOBILE_PHONE": 1, "EMAIL_ADDRESS": 1}


def test_baseline_reports_only_new_findings(tmp_path, values):
    (tmp_path / "a.txt").write_text(f"身份证 {values['id']}\n手机 {values['mobile']}\n", encoding="utf-8")
    created = run("baseline", "create", ".", "--output", "base.json", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    baseline_text = (tmp_path / "base.json").read_text(encoding="utf-8")
    assert len(json.loads(baseline_text)["entries"]) == 2
    assert values["id"] not in baseline_text and values["mobile"] not in baseline_text

    assert run("scan", ".", "--baseline", "base.json", cwd=tmp_path).returncode == 0  # nothing new
    # Moving lines does not make old findings new; a new value, and an old value in a new file, are new.
    (tmp_path / "a.txt").write_text(f"新的一行\n\n手机 {values['mobile']}\n身份证 {values['id']}\n邮箱 {values['email']}\n", encoding="utf-8")
    (tmp_path / "copy.txt").write_text(f"{values['id']}\n", encoding="utf-8")
    result = run("scan", ".", "--baseline", "base.json", cwd=tmp_path)
    assert result.returncode == 1
    assert findings(result) == [("EMAIL_ADDRESS", "a.txt", 5), ("CN_RESIDENT_ID", "copy.txt", 1)]
    assert json.loads(result.stdout)["suppressed"]["by_reason"] == {"baseline": 2}


@pytest.mark.parametrize("args, key, names", [
    (["baseline", "create", "."], None, ["PIPLSCAN_FINGERPRINT_KEY"]),
    (["scan", ".", "--baseline", "base.json"], None, ["PIPLSCAN_FINGERPRINT_KEY"]),
    (["scan", ".", "--baseline", "base.json"], "another-key", ["base.json", "another fingerprint key"]),
    (["scan", ".", "--baseline", "broken.json"], "suppression-test-key", ["broken.json"]),
])
def test_baseline_errors_are_one_line(tmp_path, values, args, key, names):
    (tmp_path / "a.txt").write_text(f"身份证 {values['id']}\n", encoding="utf-8")
    assert run("baseline", "create", ".", "-o", "base.json", cwd=tmp_path).returncode == 0
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    result = run(*args, cwd=tmp_path, key=key)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and all(name in lines[0] for name in names)


@pytest.fixture
def rated_shares(tmp_path, values) -> Path:
    """low/: an e-mail in a private file (rated low); critical/: a thousand customers' names, IDs and
    phones, world-readable (tests/test_calibration.py)."""
    low, critical = tmp_path / "low", tmp_path / "critical"
    low.mkdir(), critical.mkdir()
    (low / "a.txt").write_text(f"邮箱 {values['email']}\n", encoding="utf-8")
    rng = random.Random(1000)
    rows = [synthetic.customer_row(rng) for _ in range(1000)]
    (critical / "b.txt").write_text("".join(f"姓名：{r['name']} 身份证 {r['id']} 手机 {r['mobile']}\n" for r in rows), encoding="utf-8")
    (low / "a.txt").chmod(0o600)
    (critical / "b.txt").chmod(0o644)
    return tmp_path


def test_the_two_shares_rate_low_and_critical(rated_shares):
    assert [a["risk"]["level"] for a in json.loads(run("scan", "low", cwd=rated_shares).stdout)["assets"]] == ["low"]
    assert [a["risk"]["level"] for a in json.loads(run("scan", "critical", cwd=rated_shares).stdout)["assets"]] == ["critical"]


@pytest.mark.parametrize("fail_on, exit_low, exit_critical", [
    ("any", 1, 1), ("low", 1, 1), ("medium", 0, 1), ("high", 0, 1), ("critical", 0, 1), ("never", 0, 0),
])
def test_fail_on_risk_levels(rated_shares, fail_on, exit_low, exit_critical):
    assert run("scan", "low", "--fail-on", fail_on, cwd=rated_shares).returncode == exit_low
    assert run("scan", "critical", "--fail-on", fail_on, cwd=rated_shares).returncode == exit_critical
