"""End-to-end tests of the command line: the real ``piplscan`` run as a subprocess.

Every value written here comes from ``tests/synthetic.py`` with a seeded generator: fake,
checksum-valid numbers, never real data. Expected locations are computed from the text the
test writes (``line.index(value) + 1``), independently of the product.
"""

import hashlib
import hmac
import json
import os
import random
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests import synthetic

_SCRIPT = Path(sys.executable).with_name("piplscan")
CLI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-c", "from scanner.cli import main; main()"]

# The entity types the README promises, each served in Chinese and English text.
BUILTIN_ENTITIES = {
    "CN_RESIDENT_ID", "CN_MOBILE_PHONE", "CN_LANDLINE_PHONE", "PHONE_NUMBER", "CN_BANK_CARD", "CREDIT_CARD",
    "CN_USCC", "CN_PASSPORT", "CN_HK_MACAU_PERMIT", "CN_TAIWAN_PERMIT", "HK_ID_CARD", "MO_ID_CARD", "TW_ID_CARD",
    "CN_LICENSE_PLATE", "EMAIL_ADDRESS", "IP_ADDRESS", "MAC_ADDRESS", "IBAN_CODE", "PERSON", "CN_ADDRESS",
    "CN_MILITARY_ID", "CN_SOCIAL_SECURITY", "CN_DRIVER_LICENSE", "CN_BANK_ACCOUNT", "CN_POSTCODE",
    "DATE_OF_BIRTH", "LOCATION_COORDINATES", "DEVICE_ID",
    "HEALTH_INFO", "RELIGION", "CN_ETHNICITY", "MARITAL_HISTORY", "SEXUAL_ORIENTATION", "CRIMINAL_RECORD", "BIOMETRIC",
    "CREDENTIAL",
}
# Rows of `piplscan recognizers` per language: one per recognizer and entity type, two for DEVICE_ID,
# and those of the types a field's name classifies (recognizers/data/field_names.yaml).
FIELD_ENTITIES = {"HEALTH_INFO", "RELIGION", "CN_ETHNICITY", "MARITAL_HISTORY", "SEXUAL_ORIENTATION", "CRIMINAL_RECORD",
                  "BIOMETRIC", "LOCATION_COORDINATES"}
BUILTIN_RECOGNIZER_COUNT = len(BUILTIN_ENTITIES) + 1 + len(FIELD_ENTITIES)

EMPLOYEE_YAML = """\
recognizers:
  - name: EmployeeIdRecognizer
    supported_entity: EMPLOYEE_ID
    patterns:
      - {name: employee id, regex: "(?<![0-9A-Za-z])EMP-[0-9]{6}(?![0-9A-Za-z])", score: 0.6}
    context: [工号, employee]
"""


def run(*args, cwd: Path, key: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``piplscan ARGS`` with stdout and stderr piped (so stdout is not a terminal)."""
    environment = {k: v for k, v in os.environ.items() if k != "PIPLSCAN_FINGERPRINT_KEY"}
    if key is not None:
        environment["PIPLSCAN_FINGERPRINT_KEY"] = key
    environment.update(env or {})
    return subprocess.run(
        CLI + [str(a) for a in args], cwd=cwd, env=environment, capture_output=True, encoding="utf-8", timeout=300,
    )


def report_of(result: subprocess.CompletedProcess) -> dict:
    assert result.stderr == ""
    return json.loads(result.stdout)


def located(report: dict) -> list[tuple[str, str, int, int]]:
    """(entity, path, line, column) of every finding, in report order."""
    return [(f["entity_type"], f["location"]["path"], f["location"]["line"], f["location"]["column"]) for f in report["findings"]]


def assert_fatal(result: subprocess.CompletedProcess, *names: str) -> None:
    """Exit 2, nothing on stdout, exactly one line on stderr that names the problem."""
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for name in names:
        assert name in lines[0], (name, lines[0])


def column_of(line: str, value: str) -> int:
    assert line.count(value) == 1, (line, value)
    return line.index(value) + 1


def keep(value: str, head: int, tail: int) -> str:
    return value[:head] + "*" * (len(value) - head - tail) + value[-tail:]


@dataclass
class Share:
    """A folder of files with synthetic values and the findings a scan must report."""

    root: Path
    values: dict[str, str] = field(default_factory=dict)
    expected: list[tuple[str, str, int, int]] = field(default_factory=list)  # (entity, path, line, column)

    def write(self, relative: str, lines: list[str], found: list[tuple[str, str]], encoding: str = "utf-8") -> None:
        """Write ``lines`` to ``relative``; ``found`` lists (entity, value) expected in it."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding=encoding)
        for entity, value in found:
            [(number, line)] = [(n, line) for n, line in enumerate(lines, 1) if value in line]
            self.expected.append((entity, relative, number, column_of(line, value)))
        self.expected.sort(key=lambda item: (item[1], item[2], item[3], item[0]))


def customer_lines(rng: random.Random) -> tuple[list[str], dict[str, str]]:
    values = {
        "id": synthetic.resident_id(rng),
        "mobile": synthetic.mobile(rng),
        "card": synthetic.unionpay_card(rng),
        "email": synthetic.email(rng),
    }
    lines = [
        "客户资料（合成数据，仅供测试）",
        f"身份证号码：{values['id']}",
        f"手机 {values['mobile']}",
        "",
        f"银行卡号 {values['card']}",
        f"邮箱：{values['email']}",
        "",
        synthetic.prose_line(rng, 60),
    ]
    return lines, values


CUSTOMER_ENTITIES = [("CN_RESIDENT_ID", "id"), ("CN_MOBILE_PHONE", "mobile"), ("CN_BANK_CARD", "card"), ("EMAIL_ADDRESS", "email")]


@pytest.fixture(scope="module")
def share(tmp_path_factory) -> Share:
    """share/客户.txt with an ID, a mobile, a UnionPay card and an e-mail; share/notes.md with none."""
    rng = random.Random(20261124)
    root = tmp_path_factory.mktemp("cli") / "share"
    share = Share(root)
    lines, values = customer_lines(rng)
    share.values = values
    share.write("客户.txt", lines, [(entity, values[name]) for entity, name in CUSTOMER_ENTITIES])
    share.write("notes.md", ["# 会议纪要", synthetic.prose_line(rng, 100), synthetic.prose_line(rng, 80)], [])
    return share


@pytest.fixture(scope="module")
def default_scan(share) -> subprocess.CompletedProcess:
    return run("scan", "share", cwd=share.root.parent, key="module-key")


@pytest.fixture(scope="module")
def show_data_scan(share) -> subprocess.CompletedProcess:
    return run("scan", "share", "--show-data", cwd=share.root.parent, key="module-key")


# --- output ------------------------------------------------------------------------------


def test_piped_stdout_is_the_json_report(default_scan, share):
    assert default_scan.returncode == 1
    report = report_of(default_scan)
    assert report["schema_version"] == 1
    assert report["tool"]["name"] == "piplscan"
    assert report["targets"] == ["share"]
    assert located(report) == share.expected
    assert [f["recognizer"] for f in report["findings"]] == [
        "CnResidentIdRecognizer", "CnMobilePhoneRecognizer", "CnBankCardRecognizer", "EmailRecognizer"]
    assert report["stats"]["files_scanned"] == 2
    assert report["stats"]["files_skipped"] == 0
    assert report["errors"] == []
    by_entity = {"CN_BANK_CARD": 1, "CN_MOBILE_PHONE": 1, "CN_RESIDENT_ID": 1, "EMAIL_ADDRESS": 1}
    assert report["summary"] == {"values": 4, "by_entity": by_entity, "findings": 4, "findings_by_entity": by_entity,
                                 "estimate": False, "partial_assets": 0}


def test_a_file_given_directly_is_reported_under_the_path_as_given(share):
    result = run("scan", "share/客户.txt", cwd=share.root.parent)
    assert result.returncode == 1
    report = report_of(result)
    assert report["targets"] == ["share/客户.txt"]
    assert located(report) == [(entity, "share/客户.txt", line, column) for entity, _, line, column in share.expected]


def test_output_file_gets_the_report_and_nothing_else_is_left_behind(share, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.json").write_text("an older report\n", encoding="utf-8")
    result = run("scan", share.root, "--output", out / "report.json", cwd=tmp_path, key="module-key")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == ""
    assert sorted(p.name for p in out.iterdir()) == ["report.json"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["targets"] == [str(share.root)]
    assert located(report) == share.expected


def test_output_file_matches_the_stdout_report(default_scan, share, tmp_path):
    result = run("scan", "share", "-o", tmp_path / "r.json", cwd=share.root.parent, key="module-key")
    assert result.returncode == 1
    written = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    piped = report_of(default_scan)
    for volatile in ("started_at", "finished_at", "stats"):
        written.pop(volatile), piped.pop(volatile)
    assert written == piped


def test_output_to_a_pipe_writes_through_it_and_leaves_it_a_pipe(share, tmp_path):
    """--output /dev/null or a FIFO: renaming a temp file over it would replace the device."""
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run("scan", share.root, "--output", fifo, cwd=tmp_path, key="module-key")
    reader.join(timeout=60)
    assert result.returncode == 1, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert located(json.loads(received[0])) == share.expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_report_that_fails_half_way_leaves_the_old_file_and_no_temporary(tmp_path):
    """Reports are written in pieces; one that fails between two leaves what was there before."""
    from scanner.cli import write_atomically

    def pieces():
        yield b'{"findings": ['
        raise RuntimeError("renderer failed")

    report = tmp_path / "report.json"
    report.write_bytes(b"previous report")
    with pytest.raises(RuntimeError):
        write_atomically(report, pieces())
    assert report.read_bytes() == b"previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_output_into_a_missing_folder_is_one_line_and_creates_nothing(share, tmp_path):
    result = run("scan", share.root, "--output", tmp_path / "missing" / "r.json", cwd=tmp_path)
    assert_fatal(result, "r.json")
    assert list(tmp_path.iterdir()) == []


def test_markdown_format(share, tmp_path):
    result = run("scan", "share", "--format", "markdown", cwd=share.root.parent)
    assert result.returncode == 1
    assert result.stderr == ""
    text = result.stdout
    lines = text.splitlines()
    assert lines[0].startswith("# piplscan: 发现 4 ")
    assert not text.lstrip().startswith("{")
    for entity in ("CN_RESIDENT_ID", "CN_MOBILE_PHONE", "CN_BANK_CARD", "EMAIL_ADDRESS"):
        assert lines.count(f"| {entity} | 1 |") == 1
    assert len([line for line in lines if line.startswith("| 客户.txt |")]) == 1
    assert not [line for line in lines if line.startswith("| notes.md |")]
    for raw in share.values.values():
        assert raw not in text

    written = run("scan", "share", "--format", "markdown", "--output", tmp_path / "r.md", cwd=share.root.parent)
    assert written.returncode == 1
    assert written.stdout == ""
    assert (tmp_path / "r.md").read_text(encoding="utf-8").splitlines()[0] == lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]


def test_markdown_without_findings(tmp_path):
    (tmp_path / "a.txt").write_text(synthetic.prose_line(random.Random(1), 90) + "\n", encoding="utf-8")
    result = run("scan", "a.txt", "--format", "markdown", cwd=tmp_path)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("# piplscan: 发现 0 ")
    assert not [line for line in lines if line.startswith("| ")]


def _on_a_terminal(args: list[str], cwd: Path, stream: str = "stdout") -> tuple[int, str, str]:
    """Run the CLI with ``stream`` (stdout or stderr) on a pseudo-terminal: the exit code, what the
    terminal received (escapes removed) and, with stdout on the terminal, stderr."""
    import pty

    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "PIPLSCAN_FINGERPRINT_KEY"}
    environment["COLUMNS"] = "200"
    outputs = {"stdout": follower, "stderr": subprocess.PIPE} if stream == "stdout" else {"stdout": subprocess.DEVNULL, "stderr": follower}
    process = subprocess.Popen(CLI + args, cwd=cwd, env=environment, stdin=subprocess.DEVNULL, **outputs)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO once the child has closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    stderr = ""
    if stream == "stdout":
        stderr = process.stderr.read().decode("utf-8")
        process.stderr.close()
    code = process.wait(timeout=300)
    return code, re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode("utf-8", "replace")), stderr


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_on_a_terminal_scan_prints_a_summary_not_the_report(share):
    code, screen, stderr = _on_a_terminal(["scan", "share"], share.root.parent)
    assert code == 1
    assert stderr == ""
    assert "4 value(s) found in 2 file(s)" in screen
    assert re.search(r"Overall risk: (低 / low|中 / medium|高 / high|严重 / critical) \(\d+/100", screen)
    assert re.search(r"客户\.txt\s+│ \S+ \w+\s+│\s+\d+ │\s+4 │\s+1 │", screen)  # the riskiest asset: four values, one person
    assert '"findings"' not in screen
    for raw in share.values.values():
        assert raw not in screen


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_bar_on_a_terminal_and_none_when_quiet(share, tmp_path):
    code, screen, _ = _on_a_terminal(["scan", "share", "--output", str(tmp_path / "r.json")], share.root.parent, "stderr")
    assert code == 1
    assert re.search(r"2 files, 0\.0 MB, 4 findings", screen)
    for raw in share.values.values():
        assert raw not in screen
    code, screen, _ = _on_a_terminal(["scan", "share", "--quiet", "--output", str(tmp_path / "r.json")], share.root.parent,
                                     "stderr")
    assert (code, screen) == (1, "")


# --- exit codes ----------------------------------------------------------------------------


def test_exit_0_without_findings(tmp_path):
    rng = random.Random(2)
    (tmp_path / "plain.txt").write_text("\n".join(synthetic.prose_line(rng, 100) for _ in range(5)) + "\n", encoding="utf-8")
    result = run("scan", ".", cwd=tmp_path)
    assert result.returncode == 0
    report = report_of(result)
    assert report["findings"] == []
    assert report["stats"]["files_scanned"] == 1


def test_exit_1_with_findings_and_0_with_fail_on_never(share, default_scan):
    assert default_scan.returncode == 1
    never = run("scan", "share", "--fail-on", "never", cwd=share.root.parent)
    assert never.returncode == 0
    assert located(report_of(never)) == share.expected


@pytest.fixture
def fatal_case(tmp_path):
    """A folder with one finding, a broken YAML file and a few broken config files."""
    (tmp_path / "a.txt").write_text(f"手机 {synthetic.mobile(random.Random(3))}\n", encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("recognizers:\n  - name: X\n   supported_entity: [\n", encoding="utf-8")
    (tmp_path / "badregex.yaml").write_text(
        "recognizers:\n  - name: BadRegex\n    supported_entity: X_THING\n    patterns:\n"
        "      - {name: p, regex: \"([0-9]\", score: 0.5}\n", encoding="utf-8")
    (tmp_path / "empty.yaml").write_text("something: else\n", encoding="utf-8")
    (tmp_path / "broken.toml").write_text("exclude = [\"a\"\nmin-score = \n", encoding="utf-8")
    (tmp_path / "unknown.toml").write_text("entities = [\"CN_MOBILE_PHONE\"]\nno-such-setting = 1\n", encoding="utf-8")
    (tmp_path / "badvalue.toml").write_text("exclude = 5\n", encoding="utf-8")
    (tmp_path / "badsize.toml").write_text("max-file-size = \"lots\"\n", encoding="utf-8")
    (tmp_path / "badfail.toml").write_text("fail-on = \"sometimes\"\n", encoding="utf-8")
    (tmp_path / "badscore.toml").write_text("min-score = 5\n", encoding="utf-8")
    (tmp_path / "boolscore.toml").write_text("min-score = true\n", encoding="utf-8")
    (tmp_path / "negsize.toml").write_text("max-file-size = -5\n", encoding="utf-8")
    (tmp_path / "lower.yaml").write_text(
        "recognizers:\n  - name: Lower\n    supported_entity: employee_id\n    patterns:\n"
        "      - {name: p, regex: \"EMP-[0-9]{6}\", score: 0.5}\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["scan", "no-such-folder"], ["no-such-folder"]),
        (["scan", "a.txt", "missing.txt"], ["missing.txt"]),
        (["scan", "a.txt", "--entities", "CN_MOBILE_PHONE,NOT_AN_ENTITY"], ["NOT_AN_ENTITY"]),
        (["scan", "a.txt", "--entities", "cn_mobile_phone"], ["cn_mobile_phone"]),
        (["scan", "a.txt", "--recognizers", "broken.yaml"], ["broken.yaml"]),
        (["scan", "a.txt", "--recognizers", "badregex.yaml"], ["badregex.yaml", "BadRegex"]),
        (["scan", "a.txt", "--recognizers", "empty.yaml"], ["empty.yaml"]),
        (["scan", "a.txt", "--recognizers", "absent.yaml"], ["absent.yaml"]),
        (["recognizers", "--recognizers", "broken.yaml"], ["broken.yaml"]),
        (["scan", "a.txt", "--config", "broken.toml"], ["broken.toml"]),
        (["scan", "a.txt", "--config", "unknown.toml"], ["unknown.toml", "no-such-setting"]),
        (["scan", "a.txt", "--config", "badvalue.toml"], ["exclude"]),
        (["scan", "a.txt", "--config", "badsize.toml"], ["lots"]),
        (["scan", "a.txt", "--config", "badfail.toml"], ["sometimes"]),
        (["scan", "a.txt", "--config", "badscore.toml"], ["badscore.toml", "min-score"]),
        (["scan", "a.txt", "--config", "boolscore.toml"], ["boolscore.toml", "min-score"]),
        (["scan", "a.txt", "--config", "negsize.toml"], ["negsize.toml", "-5"]),
        (["scan", "a.txt", "--recognizers", "lower.yaml"], ["lower.yaml", "employee_id"]),
        (["scan", "a.txt", "--config", "absent.toml"], ["absent.toml"]),
        (["recognizers", "--config", "unknown.toml"], ["no-such-setting"]),
        (["scan", "a.txt", "--max-file-size", "12Q"], ["12Q"]),
        (["scan", "a.txt", "--max-file-size", "1.5M"], ["1.5M"]),
        (["scan", "a.txt", "--max-file-size", "-1"], ["-1"]),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) and value and value[0] in ("scan", "recognizers") else None,
)
def test_fatal_errors_exit_2_with_one_line(fatal_case, args, names):
    assert_fatal(run(*args, cwd=fatal_case), *names)


@pytest.mark.parametrize(
    ("filename", "content", "names"),
    [
        ("piplscan.toml", "min-score = [\n", ["piplscan.toml"]),
        ("piplscan.toml", "colour = \"red\"\n", ["piplscan.toml", "colour"]),
        ("pyproject.toml", "[project]\nname = \"x\"\n\n[tool.piplscan]\nfail_on_everything = true\n", ["pyproject.toml", "fail_on_everything"]),
        ("piplscan.toml", "file-time-limit = -5\n", ["piplscan.toml", "file-time-limit"]),
        ("piplscan.toml", "cache = 3\n", ["piplscan.toml", "cache"]),
        ("piplscan.toml", "person-model = \"bert\"\n", ["piplscan.toml", "person-model"]),
    ],
)
def test_invalid_discovered_config_exits_2(tmp_path, filename, content, names):
    (tmp_path / "a.txt").write_text("nothing here\n", encoding="utf-8")
    (tmp_path / filename).write_text(content, encoding="utf-8")
    assert_fatal(run("scan", "a.txt", cwd=tmp_path), *names)


# --- selecting what is reported ---------------------------------------------------------------


def test_entities_restrict_findings_exactly(share):
    result = run("scan", "share", "--entities", "CN_RESIDENT_ID,CN_MOBILE_PHONE", cwd=share.root.parent)
    assert result.returncode == 1
    report = report_of(result)
    assert located(report) == [item for item in share.expected if item[0] in ("CN_RESIDENT_ID", "CN_MOBILE_PHONE")]
    assert report["summary"]["by_entity"] == {"CN_MOBILE_PHONE": 1, "CN_RESIDENT_ID": 1}

    spaced = report_of(run("scan", "share", "--entities", " EMAIL_ADDRESS , CN_BANK_CARD ", cwd=share.root.parent))
    assert located(spaced) == [item for item in share.expected if item[0] in ("CN_BANK_CARD", "EMAIL_ADDRESS")]


def test_entities_without_a_match_in_the_files_exit_0(share):
    result = run("scan", "share", "--entities", "IBAN_CODE", cwd=share.root.parent)
    assert result.returncode == 0
    assert report_of(result)["findings"] == []


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Share:
    """One resident ID in each of a.txt, logs/app.log, sub/b.sql and sub/deep/c.txt."""
    rng = random.Random(4)
    share = Share(tmp_path_factory.mktemp("tree") / "tree")
    for relative in ("a.txt", "logs/app.log", "sub/b.sql", "sub/deep/c.txt"):
        rid = synthetic.resident_id(rng)
        share.write(relative, ["2026-11-24 08:00:00 INFO 开户", f"证件号 {rid}"], [("CN_RESIDENT_ID", rid)])
    return share


@pytest.mark.parametrize(
    ("excludes", "left"),
    [
        ([], ["a.txt", "logs/app.log", "sub/b.sql", "sub/deep/c.txt"]),
        (["*.log"], ["a.txt", "sub/b.sql", "sub/deep/c.txt"]),
        (["sub"], ["a.txt", "logs/app.log"]),
        (["sub/deep/*"], ["a.txt", "logs/app.log", "sub/b.sql"]),
        (["*.log", "*.sql"], ["a.txt", "sub/deep/c.txt"]),
    ],
)
def test_exclude(tree, excludes, left):
    args = [arg for pattern in excludes for arg in ("--exclude", pattern)]
    report = report_of(run("scan", "tree", *args, cwd=tree.root.parent))
    assert located(report) == [item for item in tree.expected if item[1] in left]
    assert report["stats"]["files_scanned"] == len(left)


@pytest.fixture(scope="module")
def scored(tmp_path_factory) -> Share:
    """An 18-digit ID (1.0), an IP address without context (0.6), a 15-digit ID without context (0.4)."""
    rng = random.Random(5)
    share = Share(tmp_path_factory.mktemp("scores"))
    rid, legacy = synthetic.resident_id(rng), synthetic.legacy_resident_id(rng)
    share.write("s.txt", [f"身份证 {rid}", "", "备注 无", "服务器 192.0.2.45", "", f"编号 {legacy}"],
                [("CN_RESIDENT_ID", rid), ("IP_ADDRESS", "192.0.2.45"), ("CN_RESIDENT_ID", legacy)])
    return share


@pytest.mark.parametrize(
    ("min_score", "lines"),
    [(None, [1, 4, 6]), ("0.4", [1, 4, 6]), ("0.5", [1, 4]), ("0.7", [1]), ("1", [1])],
)
def test_min_score(scored, min_score, lines):
    args = ["--min-score", min_score] if min_score else []
    report = report_of(run("scan", "s.txt", *args, cwd=scored.root))
    assert located(report) == [item for item in scored.expected if item[2] in lines]
    assert all(f["score"] >= float(min_score or 0.4) for f in report["findings"])


# --- values: masking, --show-data, fingerprints -------------------------------------------------


def test_without_show_data_no_raw_value_appears_anywhere(share, default_scan, tmp_path):
    report = report_of(default_scan)
    assert all("value" not in finding for finding in report["findings"])
    written = run("scan", "share", "--output", tmp_path / "r.json", cwd=share.root.parent)
    markdown = run("scan", "share", "--format", "markdown", cwd=share.root.parent)
    outputs = [default_scan.stdout, default_scan.stderr, written.stdout, written.stderr,
               (tmp_path / "r.json").read_text(encoding="utf-8"), markdown.stdout, markdown.stderr]
    for raw in share.values.values():
        for text in outputs:
            assert raw not in text
    local_part = share.values["email"].split("@")[0]
    assert all(local_part not in f["masked"] for f in report["findings"])


def test_show_data_adds_the_raw_text_at_the_location(share, show_data_scan):
    assert show_data_scan.returncode == 1
    report = report_of(show_data_scan)
    assert located(report) == share.expected
    by_entity = {f["entity_type"]: f["value"] for f in report["findings"]}
    assert by_entity == {entity: share.values[name] for entity, name in CUSTOMER_ENTITIES}
    for finding in report["findings"]:
        location = finding["location"]
        line = (share.root / location["path"]).read_text(encoding="utf-8").splitlines()[location["line"] - 1]
        start = location["column"] - 1
        assert line[start:start + len(finding["value"])] == finding["value"]


def test_show_data_leaves_everything_else_unchanged(default_scan, show_data_scan):
    plain, shown = report_of(default_scan), report_of(show_data_scan)
    assert [{k: v for k, v in f.items() if k != "value"} for f in shown["findings"]] == plain["findings"]


def test_masked_values_follow_the_contract(share, default_scan):
    masked = {f["entity_type"]: f["masked"] for f in report_of(default_scan)["findings"]}
    values = share.values
    assert masked["CN_RESIDENT_ID"] == keep(values["id"], 6, 4)
    assert masked["CN_MOBILE_PHONE"] == keep(values["mobile"], 3, 4)
    assert masked["CN_BANK_CARD"] == keep(values["card"], 6, 4)
    local, domain = values["email"].split("@")
    assert re.fullmatch(re.escape(local[0]) + r"\*+@" + re.escape(domain), masked["EMAIL_ADDRESS"])


@pytest.fixture(scope="module")
def variants(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The same ID, mobile and card, each written in several ways."""
    rng = random.Random(6)
    rid = next(v for v in iter(lambda: synthetic.resident_id(rng), None) if v.endswith("X"))
    mobile, card = synthetic.mobile(rng), synthetic.unionpay_card(rng, 19)
    grouped = " ".join(card[i:i + 4] for i in range(0, len(card), 4))
    root = tmp_path_factory.mktemp("variants")
    lines = [
        f"身份证 {rid}", "", f"身份证 {rid[:-1]}x", "",
        f"手机 {mobile}", "", f"手机 +86 {mobile[:3]} {mobile[3:7]} {mobile[7:]}", "", f"电话 {mobile[:3]}-{mobile[3:7]}-{mobile[7:]}", "",
        f"卡号 {card}", "", f"卡号 {grouped}",
    ]
    (root / "v.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root, {"id": rid, "mobile": mobile, "card": card}


def test_one_value_written_differently_has_one_fingerprint_and_one_mask(variants):
    root, values = variants
    report = report_of(run("scan", "v.txt", cwd=root, key="variant-key"))
    assert [(f["entity_type"], f["location"]["line"]) for f in report["findings"]] == [
        ("CN_RESIDENT_ID", 1), ("CN_RESIDENT_ID", 3),
        ("CN_MOBILE_PHONE", 5), ("CN_MOBILE_PHONE", 7), ("CN_MOBILE_PHONE", 9),
        ("CN_BANK_CARD", 11), ("CN_BANK_CARD", 13),
    ]
    normalised = {"CN_RESIDENT_ID": values["id"], "CN_MOBILE_PHONE": values["mobile"], "CN_BANK_CARD": values["card"]}
    for finding in report["findings"]:
        value = normalised[finding["entity_type"]]
        assert finding["fingerprint"] == hmac.new(b"variant-key", value.encode("utf-8"), hashlib.sha256).hexdigest()
    masks = {(f["entity_type"], f["masked"]) for f in report["findings"]}
    assert masks == {
        ("CN_RESIDENT_ID", keep(values["id"], 6, 4)),
        ("CN_MOBILE_PHONE", keep(values["mobile"], 3, 4)),
        ("CN_BANK_CARD", keep(values["card"], 6, 4)),
    }


def test_fingerprints_are_hmac_sha256_of_the_value_under_the_given_key(share, default_scan):
    for finding, (_, name) in zip(report_of(default_scan)["findings"], CUSTOMER_ENTITIES, strict=True):
        expected = hmac.new(b"module-key", share.values[name].encode("utf-8"), hashlib.sha256).hexdigest()
        assert finding["fingerprint"] == expected


def test_fingerprint_key_makes_fingerprints_stable_across_scans(share, default_scan):
    fingerprints = [f["fingerprint"] for f in report_of(default_scan)["findings"]]
    again = [f["fingerprint"] for f in report_of(run("scan", "share", cwd=share.root.parent, key="module-key"))["findings"]]
    other = [f["fingerprint"] for f in report_of(run("scan", "share", cwd=share.root.parent, key="another-key"))["findings"]]
    assert len(fingerprints) == 4
    assert again == fingerprints
    assert len(set(other)) == 4
    assert not set(other) & set(fingerprints)


def test_without_a_key_each_scan_uses_its_own(share):
    first = report_of(run("scan", "share", cwd=share.root.parent))["findings"]
    second = report_of(run("scan", "share", cwd=share.root.parent))["findings"]
    assert len(first) == len(second) == 4
    assert not {f["fingerprint"] for f in first} & {f["fingerprint"] for f in second}


def test_columns_count_characters_in_every_encoding(tmp_path):
    rng = random.Random(7)
    share = Share(tmp_path / "enc")
    for relative, encoding in (("gbk.txt", "gb18030"), ("utf16.txt", "utf-16"), ("bom.txt", "utf-8-sig")):
        rid, mobile, name = synthetic.resident_id(rng), synthetic.mobile(rng), synthetic.person_name(rng)
        share.write(relative, ["姓名,身份证号,手机号", f"{name},{rid},{mobile}"],
                    [("PERSON", name), ("CN_RESIDENT_ID", rid), ("CN_MOBILE_PHONE", mobile)], encoding=encoding)
    report = report_of(run("scan", "enc", cwd=tmp_path))
    assert located(report) == share.expected


# --- configuration ----------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path):
    """tmp_path/data/a.txt with four findings and data/big.log (> 2 KiB) with one ID; the test adds a config."""
    rng = random.Random(8)
    share = Share(tmp_path / "data")
    lines, values = customer_lines(rng)
    share.values = values
    share.write("a.txt", lines, [(entity, values[name]) for entity, name in CUSTOMER_ENTITIES])
    rid = synthetic.resident_id(rng)
    share.write("big.log", [synthetic.prose_line(rng, 100) for _ in range(12)] + [f"身份证 {rid}"], [("CN_RESIDENT_ID", rid)])
    assert (share.root / "big.log").stat().st_size > 2048
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    return share


def entities_of(report: dict) -> list[str]:
    return [f["entity_type"] for f in report["findings"]]


def test_piplscan_toml_in_the_current_folder_is_read(project):
    root = project.root.parent
    (root / "piplscan.toml").write_text('entities = ["CN_MOBILE_PHONE"]\n', encoding="utf-8")
    report = report_of(run("scan", "data", cwd=root))
    assert located(report) == [item for item in project.expected if item[0] == "CN_MOBILE_PHONE"]


def test_config_is_found_from_a_subfolder_and_pyproject_without_a_table_is_passed_over(project):
    root = project.root.parent
    (root / "piplscan.toml").write_text('entities = ["CN_MOBILE_PHONE"]\n', encoding="utf-8")
    (root / "sub" / "pyproject.toml").write_text('[project]\nname = "unrelated"\n', encoding="utf-8")
    report = report_of(run("scan", root / "data", cwd=root / "sub" / "deeper"))
    assert entities_of(report) == ["CN_MOBILE_PHONE"]


def test_tool_piplscan_in_pyproject_is_read(project):
    root = project.root.parent
    (root / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.piplscan]\nfail-on = "never"\nexclude = ["*.log"]\nentities = ["CN_RESIDENT_ID", "EMAIL_ADDRESS"]\n',
        encoding="utf-8")
    result = run("scan", "data", cwd=root)
    assert result.returncode == 0
    report = report_of(result)
    assert located(report) == [item for item in project.expected if item[0] in ("CN_RESIDENT_ID", "EMAIL_ADDRESS") and item[1] == "a.txt"]


def test_command_line_options_win_over_the_config(project):
    root = project.root.parent
    (root / "pyproject.toml").write_text(
        '[tool.piplscan]\nfail-on = "never"\nentities = ["CN_MOBILE_PHONE"]\nmin-score = 0.9\nmax-file-size = "2K"\n',
        encoding="utf-8")
    configured = run("scan", "data", cwd=root)
    assert configured.returncode == 0
    report = report_of(configured)
    assert located(report) == [item for item in project.expected if item[0] == "CN_MOBILE_PHONE"]
    assert [s["path"] for s in report["skipped"]] == ["big.log"]

    overridden = run("scan", "data", "--fail-on", "any", "--entities", "CN_RESIDENT_ID", "--max-file-size", "1M", cwd=root)
    assert overridden.returncode == 1
    report = report_of(overridden)
    assert located(report) == [item for item in project.expected if item[0] == "CN_RESIDENT_ID"]
    assert report["skipped"] == []


def test_min_score_on_the_command_line_wins_over_the_config(scored, tmp_path):
    (tmp_path / "s.txt").write_bytes((scored.root / "s.txt").read_bytes())
    (tmp_path / "piplscan.toml").write_text("min-score = 0.9\n", encoding="utf-8")
    assert located(report_of(run("scan", "s.txt", cwd=tmp_path))) == scored.expected[:1]
    assert located(report_of(run("scan", "s.txt", "--min-score", "0.4", cwd=tmp_path))) == scored.expected


def test_explicit_config_file_is_used_instead_of_the_nearest(project, tmp_path):
    root = project.root.parent
    (root / "piplscan.toml").write_text('entities = ["CN_MOBILE_PHONE"]\n', encoding="utf-8")
    (root / "other.toml").write_text('entities = ["CN_BANK_CARD"]\n', encoding="utf-8")
    report = report_of(run("scan", "data", "--config", "other.toml", cwd=root))
    assert entities_of(report) == ["CN_BANK_CARD"]


def test_recognizer_files_in_the_config_are_relative_to_it(project):
    root = project.root.parent
    (root / "emp.yaml").write_text(EMPLOYEE_YAML, encoding="utf-8")
    (root / "piplscan.toml").write_text('recognizers = ["emp.yaml"]\nentities = ["EMPLOYEE_ID"]\n', encoding="utf-8")
    (project.root / "staff.txt").write_text("工号 EMP-204817 入职\n", encoding="utf-8")
    report = report_of(run("scan", root / "data", cwd=root / "sub" / "deeper"))
    assert located(report) == [("EMPLOYEE_ID", "staff.txt", 1, 4)]
    listed = parse_listing(run("recognizers", cwd=root / "sub" / "deeper"))
    employee = sorted(row for row in listed if row[0] == "EMPLOYEE_ID")
    assert [(row[2], row[3].startswith("yaml "), Path(row[3][5:]).resolve()) for row in employee] == [
        ("en", True, (root / "emp.yaml").resolve()), ("zh", True, (root / "emp.yaml").resolve())]


# --- recognizers ----------------------------------------------------------------------------------


def parse_listing(result: subprocess.CompletedProcess) -> list[tuple[str, str, str, str]]:
    """`piplscan recognizers` rows: (entity, recognizer, language, origin)."""
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    rows = []
    for line in result.stdout.splitlines():
        entity, name, language, origin = line.split(maxsplit=3)
        rows.append((entity, name, language, origin))
    return rows


def test_recognizers_lists_every_builtin_in_both_languages(tmp_path):
    rows = parse_listing(run("recognizers", cwd=tmp_path))
    builtin = [row for row in rows if row[3] == "built-in"]
    assert {(entity, language) for entity, _, language, _ in builtin} == {
        (entity, language) for entity in BUILTIN_ENTITIES for language in ("zh", "en")}
    assert len(builtin) == 2 * BUILTIN_RECOGNIZER_COUNT
    assert not [row for row in rows if row[3].startswith("yaml")]


def test_recognizers_lists_a_yaml_recognizer_with_its_file(tmp_path):
    (tmp_path / "emp.yaml").write_text(EMPLOYEE_YAML, encoding="utf-8")
    relative = parse_listing(run("recognizers", "--recognizers", "emp.yaml", cwd=tmp_path))
    assert sorted(row for row in relative if row[0] == "EMPLOYEE_ID") == [
        ("EMPLOYEE_ID", "EmployeeIdRecognizer", "en", "yaml emp.yaml"),
        ("EMPLOYEE_ID", "EmployeeIdRecognizer", "zh", "yaml emp.yaml"),
    ]
    assert len([row for row in relative if row[3] == "built-in"]) == 2 * BUILTIN_RECOGNIZER_COUNT
    absolute = parse_listing(run("recognizers", "--recognizers", tmp_path / "emp.yaml", cwd=tmp_path))
    assert sorted(row[3] for row in absolute if row[0] == "EMPLOYEE_ID") == [f"yaml {tmp_path / 'emp.yaml'}"] * 2


def test_yaml_recognizer_with_a_language_serves_only_that_language(tmp_path):
    (tmp_path / "en.yaml").write_text(EMPLOYEE_YAML.replace("    context:", "    supported_language: en\n    context:"), encoding="utf-8")
    rows = parse_listing(run("recognizers", "--recognizers", "en.yaml", cwd=tmp_path))
    assert [row for row in rows if row[0] == "EMPLOYEE_ID"] == [("EMPLOYEE_ID", "EmployeeIdRecognizer", "en", "yaml en.yaml")]


@pytest.fixture
def staff(tmp_path) -> Share:
    rng = random.Random(9)
    (tmp_path / "emp.yaml").write_text(EMPLOYEE_YAML, encoding="utf-8")
    share = Share(tmp_path / "staff")
    rid, mobile = synthetic.resident_id(rng), synthetic.mobile(rng)
    share.write("员工.txt", ["员工名册", f"工号：EMP-{rng.randrange(10**6):06d}，身份证 {rid}", "", f"联系电话 {mobile}"],
                [("CN_RESIDENT_ID", rid), ("CN_MOBILE_PHONE", mobile)])
    share.write("en.txt", ["Staff list", "", f"employee EMP-{rng.randrange(10**6):06d} joined"], [])
    for relative, text in (("员工.txt", "EMP-"), ("en.txt", "EMP-")):
        lines = (share.root / relative).read_text(encoding="utf-8").splitlines()
        [(number, line)] = [(n, line) for n, line in enumerate(lines, 1) if text in line]
        share.expected.append(("EMPLOYEE_ID", relative, number, line.index(text) + 1))
    share.expected.sort(key=lambda item: (item[1], item[2], item[3], item[0]))
    return share


def test_yaml_recognizer_finds_its_entity_in_a_scan(staff):
    result = run("scan", "staff", "--recognizers", "emp.yaml", "--show-data", cwd=staff.root.parent)
    assert result.returncode == 1
    report = report_of(result)
    assert located(report) == staff.expected
    custom = [f for f in report["findings"] if f["entity_type"] == "EMPLOYEE_ID"]
    assert [f["recognizer"] for f in custom] == ["EmployeeIdRecognizer"] * 2
    assert all(re.fullmatch(r"EMP-[0-9]{6}", f["value"]) for f in custom)


def test_yaml_entity_can_be_selected_with_entities(staff):
    report = report_of(run("scan", "staff", "--recognizers", "emp.yaml", "--entities", "EMPLOYEE_ID", cwd=staff.root.parent))
    assert located(report) == [item for item in staff.expected if item[0] == "EMPLOYEE_ID"]
    assert_fatal(run("scan", "staff", "--entities", "EMPLOYEE_ID", cwd=staff.root.parent), "EMPLOYEE_ID")


def test_undecodable_file_names_are_reported_escaped(tmp_path):
    mobile = synthetic.mobile(random.Random(81))
    folder = tmp_path / "nb"
    folder.mkdir()
    (folder / os.fsdecode(b"f\xff.txt")).write_text(f"手机 {mobile}\n", encoding="utf-8")
    result = run("scan", "nb", "--fail-on", "never", "-o", "out.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [(f["entity_type"], f["location"]["path"]) for f in report["findings"]] == [("CN_MOBILE_PHONE", "f\\xff.txt")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nb", "out.json"]


def test_command_line_exclude_replaces_the_config_list(tmp_path):
    rng = random.Random(82)
    (tmp_path / "piplscan.toml").write_text('exclude = ["*.log"]\n', encoding="utf-8")
    (tmp_path / "a.log").write_text(f"手机 {synthetic.mobile(rng)}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"手机 {synthetic.mobile(rng)}\n", encoding="utf-8")
    by_config = json.loads(run("scan", ".", cwd=tmp_path).stdout)
    by_option = json.loads(run("scan", ".", "--exclude", "*.txt", cwd=tmp_path).stdout)
    assert [f["location"]["path"] for f in by_config["findings"]] == ["b.txt"]
    assert [f["location"]["path"] for f in by_option["findings"]] == ["a.log"]


def test_risk_weights_come_from_the_config(tmp_path):
    (tmp_path / "a.txt").write_text(f"身份证 {synthetic.resident_id(random.Random(83))}\n", encoding="utf-8")
    default = json.loads(run("scan", "a.txt", cwd=tmp_path).stdout)
    (tmp_path / "piplscan.toml").write_text(
        "[risk.likelihood]\nplaintext_points = 0\n\n[risk.likelihood.container_points]\nshared_folder = 3\n", encoding="utf-8")
    tuned = json.loads(run("scan", "a.txt", cwd=tmp_path).stdout)
    points = lambda report: {f["code"]: f["points"] for f in report["assets"][0]["factors"]}  # noqa: E731
    assert points(default)["shared_folder"] == 1 and points(default)["plaintext"] == 1
    assert points(tuned)["shared_folder"] == 3 and points(tuned)["plaintext"] == 0


def test_person_model_lac_tags_names_in_prose(tmp_path):
    """The optional LAC tagger (installed with the test extras), chosen on the command line."""
    text = "昨天下午，柴文博和邬雅琴在会上交流了经验。\n"
    (tmp_path / "纪要.txt").write_text(text, encoding="utf-8")
    report = report_of(run("scan", "纪要.txt", "--person-model", "lac", "--show-data", "--format", "json", cwd=tmp_path))
    assert [(f["entity_type"], f["location"]["column"], f["value"]) for f in report["findings"]] == [
        ("PERSON", text.index(name) + 1, name) for name in ("柴文博", "邬雅琴")]
