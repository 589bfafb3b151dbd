"""Hostile and broken input at the command line: secrets in URLs, malformed URLs and settings.
Error paths run in-process through click's runner (fast); the message and the exit code are
what a user sees."""

import pytest
from click.testing import CliRunner

from scanner.cli import main
from scanner.redaction import redact_secrets

SECRET = "S3cr3t-pw"


def piplscan(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize(("url", "message"), [
    (f"POSTGRESQL://u:{SECRET}@127.0.0.1/test",
     "Error: unsupported URL scheme 'POSTGRESQL' in POSTGRESQL://u@127.0.0.1/test: "
     "give a path, or a database URL (sqlite, postgresql, mysql or mariadb, in lower case)"),
    (f"mssql://u:{SECRET}@db/crm",
     "Error: unsupported URL scheme 'mssql' in mssql://u@db/crm: "
     "give a path, or a database URL (sqlite, postgresql, mysql or mariadb, in lower case)"),
    (f"postgresql://u:{SECRET}@127.0.0.1:99999/test", "Error: port 99999 is out of range in postgresql://u@127.0.0.1:99999/test"),
    (f"postgresql://u:{SECRET}@127.0.0.1:abc/test",
     "Error: malformed database URL postgresql://u@127.0.0.1:abc/test: "
     "expected dialect://user@host:port/database or sqlite:///file"),
    (f"postgresql://u:{SECRET}@[::1/test",
     "Error: malformed database URL postgresql://u@[::1/test: expected dialect://user@host:port/database or sqlite:///file"),
    (f"postgresql+nodriver://u:{SECRET}@db/crm",
     "Error: unknown driver 'nodriver' in postgresql+nodriver://u@db/crm: leave it out (postgresql://) for the default"),
    (f"mysql://root:{SECRET}@127.0.0.1/test?charset=nosuch",
     "Error: unknown charset 'nosuch' in mysql://root@127.0.0.1/test?charset=nosuch"),
])
def test_a_bad_url_is_one_line_exit_2_and_never_shows_the_password(url, message):
    result = piplscan("scan", url, "--format", "json")
    assert (result.exit_code, result.stderr, result.stdout) == (2, message + "\n", "")


@pytest.mark.parametrize(("text", "redacted"), [
    ("path not found: POSTGRESQL://u:p%40ss@h/db", "path not found: POSTGRESQL://u@h/db"),
    ("x://user:p@ss@host/db and y", "x://user@host/db and y"),
    ("mssql://:only-password@host", "mssql://@host"),
    ("redis://h/0?password=hunter2&db=1 ok", "redis://h/0?password=***&db=1 ok"),
    ("no url here: a:b@c", "no url here: a:b@c"),
])
def test_anything_that_looks_like_a_url_loses_its_password(text, redacted):
    assert redact_secrets(text) == redacted


def test_one_failing_format_leaves_the_others_written_and_exits_2(tmp_path, monkeypatch):
    from reports import RENDERERS

    def broken(report, lang):
        raise ValueError("a value 13812345678 quoted by a library")

    monkeypatch.setattr(RENDERERS["xlsx"], "chunks", broken)
    (tmp_path / "a.txt").write_text("手机 13812345678\n", encoding="utf-8")
    out = tmp_path / "out"
    result = piplscan("scan", str(tmp_path / "a.txt"), "--format", "json,xlsx,csv,text", "--output-dir", str(out), "-q")
    assert (result.exit_code, result.stderr) == (2, "Error: cannot render the xlsx report (ValueError)\n")
    assert sorted(p.name for p in out.iterdir()) == ["piplscan-report.csv", "piplscan-report.json", "piplscan-report.txt"]


def test_a_fatal_error_never_sends_a_control_sequence_to_the_terminal(tmp_path):
    result = piplscan("scan", str(tmp_path / "gone\x1b[2J\n.txt"))
    assert (result.exit_code, result.stderr) == (2, f"Error: path not found: {tmp_path}/gone\\x1b[2J\\n.txt\n")
