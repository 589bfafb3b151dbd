"""Every report the CLI writes validates against reports/report.schema.json (Draft 2020-12,
formats checked), and the schema rejects reports that break the contract."""

import copy
import json
import os
import random
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import jsonschema
import pytest
from jsonschema import Draft202012Validator, FormatChecker

from tests import synthetic

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "reports" / "report.schema.json"
_SCRIPT = Path(sys.executable).with_name("piplscan")
CLI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-c", "from scanner.cli import main; main()"]

# RFC 3339 date-time: jsonschema checks "date-time" only when rfc3339-validator is installed,
# so without it this stricter-than-nothing check is registered instead.
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$")


def _format_checker() -> FormatChecker:
    checker = Draft202012Validator.FORMAT_CHECKER
    if "date-time" in checker.checkers:
        return checker
    checker = FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value) -> bool:
        if not isinstance(value, str):
            return True
        if not _RFC3339.match(value):
            return False
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))  # raises on 2026-02-30 and the like
        return True

    return checker


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=_format_checker())


def scan(*args, cwd: Path) -> tuple[int, dict]:
    environment = {k: v for k, v in os.environ.items() if k != "PIPLSCAN_FINGERPRINT_KEY"}
    result = subprocess.run(CLI + ["scan", *map(str, args)], cwd=cwd, env=environment, capture_output=True,
                            encoding="utf-8", timeout=300)
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr == ""
    return result.returncode, json.loads(result.stdout)


def errors_of(validator: Draft202012Validator, report: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(report)]


@pytest.fixture(scope="module")
def share(tmp_path_factory) -> Path:
    rng = random.Random(20261124)
    root = tmp_path_factory.mktemp("schema")
    share = root / "share"
    (share / "财务部").mkdir(parents=True)
    rows = ["姓名,身份证号,手机,银行卡,邮箱"]
    for _ in range(3):
        row = synthetic.customer_row(rng)
        rows.append(",".join([row["name"], row["id"], row["mobile"], row["card"], row["email"]]))
    (share / "财务部" / "客户名单.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (share / "运维.log").write_text(
        f"2026-11-24 08:00:01 login ok client 192.0.2.{rng.randrange(1, 255)} mac 02:00:5e:10:00:{rng.randrange(16, 255):02x}\n"
        f"2026-11-24 08:00:02 tel +852 {rng.randrange(5, 10)}{rng.randrange(10**7):07d} 港澳通行证 C{rng.randrange(10**8):08d}\n",
        encoding="utf-8")
    (share / "银行.txt").write_text(f"IBAN {synthetic.iban_de(rng)}\n统一社会信用代码 {synthetic.uscc(rng)}\n", encoding="utf-8")
    return share


@pytest.fixture(scope="module")
def with_findings(share) -> dict:
    code, report = scan("share", cwd=share.parent)
    assert code == 1
    return report


def test_report_with_findings_is_valid(validator, with_findings):
    assert len(with_findings["findings"]) >= 12
    assert {f["entity_type"] for f in with_findings["findings"]} >= {
        "CN_RESIDENT_ID", "CN_MOBILE_PHONE", "CN_BANK_CARD", "EMAIL_ADDRESS", "IP_ADDRESS", "IBAN_CODE", "CN_USCC"}
    assert errors_of(validator, with_findings) == []


def test_report_with_show_data_is_valid(validator, share):
    code, report = scan("share", "--show-data", cwd=share.parent)
    assert code == 1
    assert report["findings"] and all("value" in f for f in report["findings"])
    assert errors_of(validator, report) == []


def test_empty_report_is_valid(validator, tmp_path):
    (tmp_path / "empty").mkdir()
    code, report = scan("empty", cwd=tmp_path)
    assert code == 0
    assert report["findings"] == [] and report["errors"] == [] and report["stats"]["files_scanned"] == 0
    assert errors_of(validator, report) == []


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="needs symbolic links")
def test_report_with_errors_and_skipped_entries_is_valid(validator, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "ok.txt").write_text(f"手机 {synthetic.mobile(random.Random(1))}\n", encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")  # truncated
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # Word 97: not read
    (folder / "dangling.txt").symlink_to(tmp_path / "does-not-exist.txt")
    code, report = scan("mixed", "--follow-symlinks", cwd=tmp_path)
    assert code == 1
    assert [e["path"] for e in report["errors"]] == ["dangling.txt", "scan.pdf"]
    assert [s["path"] for s in report["skipped"]] == ["old.doc"]
    assert report["stats"]["files_skipped"] == 1
    assert report["stats"]["files_scanned"] == 1
    assert errors_of(validator, report) == []


@pytest.mark.parametrize(
    "breakage",
    [
        "drop findings", "drop stats", "drop schema_version", "drop tool version", "drop finding fingerprint",
        "drop finding masked", "drop location path", "short fingerprint", "upper-case fingerprint",
        "not a date-time", "line 0", "score above 1", "lower-case entity", "error without message", "schema_version 2",
    ],
)
def test_schema_rejects_a_broken_report(validator, with_findings, breakage):
    report = copy.deepcopy(with_findings)
    finding = report["findings"][0]
    if breakage == "drop findings":
        del report["findings"]
    elif breakage == "drop stats":
        del report["stats"]
    elif breakage == "drop schema_version":
        del report["schema_version"]
    elif breakage == "drop tool version":
        del report["tool"]["version"]
    elif breakage == "drop finding fingerprint":
        del finding["fingerprint"]
    elif breakage == "drop finding masked":
        del finding["masked"]
    elif breakage == "drop location path":
        del finding["location"]["path"]
    elif breakage == "short fingerprint":
        finding["fingerprint"] = finding["fingerprint"][:40]
    elif breakage == "upper-case fingerprint":
        finding["fingerprint"] = finding["fingerprint"].upper().replace("A", "F").replace("0", "A")
    elif breakage == "not a date-time":
        report["started_at"] = "24.11.2026 08:00"
    elif breakage == "line 0":
        finding["location"]["line"] = 0
    elif breakage == "score above 1":
        finding["score"] = 1.5
    elif breakage == "lower-case entity":
        finding["entity_type"] = "cn_resident_id"
    elif breakage == "error without message":
        report["errors"] = [{"path": "x.txt", "error": ""}]
    elif breakage == "schema_version 2":
        report["schema_version"] = 2
    assert errors_of(validator, with_findings) == []
    assert errors_of(validator, report) != []
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(report)


def test_the_packaged_schema_is_the_one_in_the_repository():
    from reports.json_report import load_schema

    assert load_schema() == json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
