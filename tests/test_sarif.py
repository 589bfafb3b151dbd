"""SARIF 2.1.0 output: valid against the official OASIS schema, exact results for planted values,
and never a raw value, because SARIF files are uploaded to third-party services.

``tests/data/sarif-schema-2.1.0.json`` is the OASIS TC's schema, byte for byte
(oasis-tcs/sarif-spec, Schemata/sarif-schema-2.1.0.json, commit 85971b3e048f61a6d643b95fc6233d073302f5b8;
the same file github/codeql-action ships as src/sarif-schema-2.1.0.json). It declares JSON Schema
2020-12; the file was draft-07 until that revision and uses only keywords both drafts share, so
every log is checked with the declared dialect and with Draft 7. The schema is not passed to
``check_schema``: the official file has two known defects (region's ``anyOf`` sits inside
``properties``, and run.language's pattern starts ``^(?i)``, which Python's ``re`` rejects, so the
renderer emits no ``language``).
"""

import copy
import hashlib
import json
import os
import random
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest

from reports import RENDERERS
from reports.json_report import render_json
from scanner.model import RISK_LEVELS, ScanError
from scanner.pipeline import Scanner
from scanner.sources.files import FileSource, WalkOptions
from scanner.values import mask
from tests import synthetic

SCHEMA_FILE = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "ad389db5a66fad5c131178b0e1f18600ac625616cd5ea20a00ee8ee246dc7069"
TODAY = date(2026, 11, 24)

CRITICAL_FILE = "客户 资料/名单#1.txt"
# Written out by hand (UTF-8 bytes of 客户, space, 资料, 名单, "#"), not computed with the code under test.
CRITICAL_URI = "%E5%AE%A2%E6%88%B7%20%E8%B5%84%E6%96%99/%E5%90%8D%E5%8D%95%231.txt"
# RFC 3986 URI-reference characters: unreserved, reserved, and complete percent-escapes.
URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})*$")


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def schema_errors(log: dict, schema: dict) -> list[str]:
    """Every violation, under the dialect the schema declares and under Draft 7."""
    declared = jsonschema.validators.validator_for(schema)
    errors = []
    for validator_class in dict.fromkeys((declared, jsonschema.Draft7Validator)):
        validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
        errors += [f"{validator_class.__name__}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
                   for e in validator.iter_errors(log)]
    return errors


def sarif(report, lang: str = "en") -> tuple[dict, str]:
    text = RENDERERS["sarif"](report, lang).decode("utf-8")
    return json.loads(text), text


@pytest.fixture(scope="module")
def share(tmp_path_factory):
    """Four files whose risk levels (tests/test_calibration.py) are set by what they hold, by their
    mode bits and their age: ten customers' identity kits, world-readable and untouched for years →
    critical; ten identity kits with cards, 0600 → high; two identifiers, 0600 → medium; an e-mail
    address, 0600 → low."""
    rng = random.Random(20261124)
    root = tmp_path_factory.mktemp("sarif-share")
    customers = {name: [synthetic.customer_row(rng) for _ in range(10)] for name in (CRITICAL_FILE, "high.txt")}
    values = {"id3": synthetic.resident_id(rng), "passport": synthetic.passport(rng), "email": synthetic.email(rng)}
    for name, rows in customers.items():
        kept = ("name", "id", "mobile") + (("card",) if name == "high.txt" else ())
        values.update({f"{name}:{i}:{key}": row[key] for i, row in enumerate(rows) for key in kept})
    files = {
        CRITICAL_FILE: (0o644, [synthetic.prose_line(rng, 40)] + [f"姓名：{r['name']}，身份证号：{r['id']}，手机 {r['mobile']}"
                                                                 for r in customers[CRITICAL_FILE]]),
        "high.txt": (0o600, [f"姓名：{r['name']}，{r['id']},{r['mobile']},{r['card']}" for r in customers["high.txt"]]),
        "medium.txt": (0o600, [f"证件 {values['id3']}", f"护照号码 {values['passport']}"]),
        "low.txt": (0o600, [f"邮箱 {values['email']}"]),
    }
    for name, (mode, lines) in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.chmod(path, mode)
    os.utime(root / CRITICAL_FILE, (1_577_836_800, 1_577_836_800))  # 2020-01-01: stale

    def at(name: str, value: str) -> tuple[int, int, int]:
        lines = files[name][1]
        number = next(i for i, line in enumerate(lines, 1) if value in line)
        column = lines[number - 1].index(value) + 1
        return number, column, column + len(value)

    planted = [  # (path, entity type, value, expected level)
        ("medium.txt", "CN_RESIDENT_ID", values["id3"], "medium"),
        ("medium.txt", "CN_PASSPORT", values["passport"], "medium"),
        ("low.txt", "EMAIL_ADDRESS", values["email"], "low"),
    ]
    kinds = {"name": "PERSON", "id": "CN_RESIDENT_ID", "mobile": "CN_MOBILE_PHONE", "card": "CN_BANK_CARD"}
    for name, level in ((CRITICAL_FILE, "critical"), ("high.txt", "high")):
        for row in customers[name]:
            planted += [(name, kinds[key], row[key], level) for key in kinds if key != "card" or name == "high.txt"]
    expected = [(path, entity, *at(path, value), level) for path, entity, value, level in planted]
    assert len(mask("EMAIL_ADDRESS", values["email"])) != len(values["email"])  # the end is the value's, not the mask's
    return root, values, expected


def _scan(engine, root: Path, show_data: bool = False, options: WalkOptions = WalkOptions()):
    return Scanner(engine, b"sarif-test-key", show_data=show_data, today=TODAY).scan([str(root)], [FileSource(root, options)])


@pytest.fixture(scope="module")
def report(engine, share):
    return _scan(engine, share[0])


@pytest.fixture(scope="module")
def shown(engine, share):
    return _scan(engine, share[0], show_data=True)


def test_schema_file_is_the_official_sarif_2_1_0(schema):
    assert hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest() == SCHEMA_SHA256
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert schema["$id"] == "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    assert "message" in schema["definitions"]["result"]["required"]


def test_fixture_files_have_the_intended_risk_levels(report, share):
    levels = {rated.asset.path: RISK_LEVELS[rated.level][1] for rated in report.assets}
    assert levels == {path: level for path, _, _, _, _, level in share[2]}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_validates_against_the_official_schema(report, schema, lang):
    log, text = sarif(report, lang)
    assert schema_errors(log, schema) == []
    assert log["$schema"] == schema["$id"] and log["version"] == "2.1.0"
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "piplscan" and driver["version"] == report.tool_version
    assert "informationUri" not in driver and "http" not in text.replace(log["$schema"], "")
    assert run["invocations"] == [{"executionSuccessful": True, "startTimeUtc": run["invocations"][0]["startTimeUtc"],
                                   "endTimeUtc": run["invocations"][0]["endTimeUtc"]}]
    assert run["invocations"][0]["startTimeUtc"].endswith("Z")
    assert run["properties"]["riskLevel"] == "critical" and run["properties"]["score"] == report.risk.score
    assert run["properties"]["findings"] == len(run["results"]) == len(report.findings)


def test_exact_results_for_planted_values(report, share):
    log, _ = sarif(report)
    [run] = log["runs"]
    results = run["results"]
    got = []
    for result in results:
        physical = result["locations"][0]["physicalLocation"]
        region = physical["region"]
        got.append((unquote(physical["artifactLocation"]["uri"]), result["ruleId"], region["startLine"],
                    region["startColumn"], region["endColumn"], result["level"]))
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    levels = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
    expected = [(path, entity, line, column, end, levels[level]) for path, entity, line, column, end, level in share[2]]
    assert sorted(got) == sorted(expected)
    for finding, result in zip(report.findings, results):
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["snippet"] == {"text": finding.masked}
        assert finding.masked in result["message"]["text"] and finding.entity_type in result["message"]["text"]
        rated = next(a for a in report.assets if a.asset.path == finding.location.path)
        assert result["properties"]["score"] == rated.score
        assert result["properties"]["riskLevel"] == RISK_LEVELS[rated.level][1]


def test_one_rule_per_entity_type_with_security_severity_and_advice(report):
    for lang in ("zh", "en"):
        log, _ = sarif(report, lang)
        rules = log["runs"][0]["tool"]["driver"]["rules"]
        assert [r["id"] for r in rules] == sorted({f.entity_type for f in report.findings})
        severity = {r["id"]: r["properties"]["security-severity"] for r in rules}
        assert severity == {"CN_BANK_CARD": "7.0", "CN_MOBILE_PHONE": "9.5", "CN_PASSPORT": "5.0",
                            "CN_RESIDENT_ID": "9.5", "EMAIL_ADDRESS": "3.0", "PERSON": "9.5"}
        for rule in rules:
            assert {"privacy", "PIPL"} <= set(rule["properties"]["tags"])
            assert rule["name"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
            holders = [a for a in report.assets if rule["id"] in dict(a.entities)]
            advice = {a.id: a for rated in holders for a in rated.advice}
            assert advice, rule["id"]
            text, markdown = rule["help"]["text"], rule["help"]["markdown"]
            positions = []
            for item in advice.values():
                words = item.zh if lang == "zh" else item.en
                assert text.count(words) == 1, (rule["id"], item.id)  # each rule once
                assert item.basis in text and item.basis.split(";")[0] in markdown
                positions.append((text.index(words), item.priority))
            assert [p for _, p in sorted(positions)] == sorted(p for _, p in positions)  # most urgent first
    # The e-mail address sits only in the low-risk file: none of the other files' advice applies to it.
    log, _ = sarif(report, "en")
    email = next(r for r in log["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "EMAIL_ADDRESS")
    assert "chmod" not in email["help"]["text"] and "encrypt" not in email["help"]["text"]


def test_partial_fingerprints_are_the_report_fingerprints(report):
    log, _ = sarif(report)
    assert [r["partialFingerprints"] for r in log["runs"][0]["results"]] == \
        [{"piplscan/v1": f.fingerprint} for f in report.findings]


def test_no_raw_value_even_with_show_data(shown, share, schema):
    _, values, _ = share
    assert all(f.value for f in shown.findings)
    assert all(value in render_json(shown) for value in values.values())  # the leak the test must catch
    for lang in ("zh", "en"):
        log, text = sarif(shown, lang)
        assert schema_errors(log, schema) == []
        leaked = [name for name, value in values.items() if value in text]
        leaked += [f.entity_type for f in shown.findings if f.value in text]
        assert leaked == []


def test_scan_error_makes_execution_unsuccessful(engine, tmp_path, schema):
    rng = random.Random(5)
    (tmp_path / "ok.txt").write_text(f"邮箱 {synthetic.email(rng)}\n", encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")  # a dangling link: reading it fails
    report = _scan(engine, tmp_path, options=WalkOptions(follow_symlinks=True))
    assert [e.path for e in report.errors] == ["gone.txt"]
    log, _ = sarif(report)
    assert schema_errors(log, schema) == []
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["message"]["text"] == f"gone.txt: {report.errors[0].error}"
    assert "\n" not in notification["message"]["text"]
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "gone.txt"
    assert len(log["runs"][0]["results"]) == 1  # the rest of the scan still reports


def test_multiline_error_becomes_one_line(report, schema):
    broken = replace(report, errors=(ScanError("a b/坏.txt", "cannot read:\nInput/output\terror"),))
    log, _ = sarif(broken)
    assert schema_errors(log, schema) == []
    [notification] = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notification["message"]["text"] == "a b/坏.txt: cannot read: Input/output error"
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a%20b/%E5%9D%8F.txt"


def test_empty_report_is_valid_with_zero_results(engine, tmp_path, schema):
    (tmp_path / "clean.txt").write_text("没有个人信息\n", encoding="utf-8")
    report = _scan(engine, tmp_path)
    assert report.findings == () and report.errors == ()
    for lang in ("zh", "en"):
        log, _ = sarif(report, lang)
        assert schema_errors(log, schema) == []
        [run] = log["runs"]
        assert run["results"] == [] and run["tool"]["driver"]["rules"] == []
        assert run["invocations"][0]["executionSuccessful"] is True
        assert run["properties"]["riskLevel"] == "low" and run["properties"]["findings"] == 0


def test_paths_with_spaces_and_chinese_are_percent_encoded(report, schema):
    log, _ = sarif(report)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]]
    assert CRITICAL_URI in uris
    assert all(URI_REFERENCE.match(uri) for uri in uris), uris
    assert sorted({unquote(uri) for uri in uris}) == sorted({a.asset.path for a in report.assets})
    assert schema_errors(log, schema) == []


def _without_message(log: dict) -> None:
    del log["runs"][0]["results"][0]["message"]


def _unknown_level(log: dict) -> None:
    log["runs"][0]["results"][0]["level"] = "critical"


def _line_zero(log: dict) -> None:
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0


def _unknown_property(log: dict) -> None:
    log["runs"][0]["results"][0]["value"] = "not allowed here"


def _wrong_version(log: dict) -> None:
    log["version"] = "2.0.0"


@pytest.mark.parametrize("breakage", [_without_message, _unknown_level, _line_zero, _unknown_property, _wrong_version])
def test_a_broken_log_fails_the_schema(report, schema, breakage):
    log, _ = sarif(report)
    assert schema_errors(log, schema) == []
    broken = copy.deepcopy(log)
    breakage(broken)
    errors = schema_errors(broken, schema)
    assert {e.split(":")[0] for e in errors} == {"Draft202012Validator", "Draft7Validator"}  # each dialect catches it
