"""The prescreen (scanner/prescreen.py): a text it clears gives the engine nothing, and a scan
that finds nothing runs without importing presidio, spaCy or jieba, to the same report."""

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import regex
from presidio_analyzer import PatternRecognizer

from scanner.pipeline import Scanner
from scanner.prescreen import DeferredEngine, Prescreen
from scanner.sources.files import FileSource, WalkOptions
from tests import test_address, test_catalogue, test_log_noise, test_person, test_recognizers, test_sensitive
from tests.test_git import GIT_ENV, Repo

HEAVY = ("presidio_analyzer", "spacy", "jieba")
# Runs the CLI, then says which of the heavy modules the process imported.
WRAPPER = ("import sys\nfrom scanner.cli import main\ntry:\n    main(sys.argv[1:])\nfinally:\n"
           f"    print('imported:', *[m for m in {HEAVY!r} if m in sys.modules], file=sys.stderr)\n")

ENGLISH = [  # what each recognizer reads in English, beside the test files' cases
    "Dear Mr Smith, thanks", "Name: John Smith", "Attn: Mary Jones", "customer = Ann Lee",
    "user: alice\npassword: S3cr3t!x9", "login alice@example.com pwd=Tr0ub4dor&3", "api_key: sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    "diagnosis: asthma", "religion = Buddhist", "marital status: divorced", "Discharge Summary\nName: Ann Lee\n",
    "patient_diagnosis: hypertension", "faceFeature: 0a1b2c3d4e5f60718293a4b5c6d7e8f9", "zjxy = 1",
    "ping 10.12.14.16 from 00:1a:2b:3c:4d:5e", "IBAN GB82 WEST 1234 5698 7654 32", "imei 490154203237518",
    "born 1990-01-02", "dob: 02/01/1990", "lat 39.9042, lon 116.4074", "card 4111 1111 1111 1111 exp 09/27 cvc 123",
    "def handle(request):\n    return service.lookup(request.args['id'], limit=20)\n", "SELECT name FROM users WHERE id = 7;",
]


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (tuple, list)):
        return [text for item in value for text in _strings(item)]
    return _strings(list(value.values)) if hasattr(value, "values") else []


def corpus() -> list[str]:
    """Every string of the recognizer test files' cases, and its ASCII part (a Chinese case's
    value and Latin labels without the Chinese around them), and the English texts above."""
    texts = list(ENGLISH)
    for module in (test_recognizers, test_person, test_address, test_catalogue, test_sensitive, test_log_noise):
        for name, cases in vars(module).items():
            if name.isupper() and isinstance(cases, list):
                texts += [text for case in cases for text in _strings(case)]
    texts += [text.encode("ascii", "ignore").decode() for text in texts]
    return list(dict.fromkeys(text for text in texts if text.strip()))


def test_a_text_the_prescreen_clears_gives_no_finding(engine):
    """Of the engine, and of each recognizer that reads such a text (English ones: a cleared
    text is ASCII): a pattern's expression does not match it, a span or record recognizer finds
    nothing in it (a record recognizer with nothing found beside it, as the others found nothing)."""
    prescreen = Prescreen(engine.cues())
    english = [r for r in engine.recognizers if r.supported_language == "en"]
    cleared = found = 0
    for text in corpus():
        results = engine.analyze(text)
        if prescreen.clears(text):
            cleared += 1
            assert results == [], f"{text!r}: the prescreen cleared it, the engine finds {[r.entity_type for r in results]}"
            for recognizer in english:
                if isinstance(recognizer, PatternRecognizer):
                    assert not any(regex.search(p.regex, text, recognizer.global_regex_flags) for p in recognizer.patterns), recognizer.name
                else:
                    assert recognizer.find(text) == [], recognizer.name
        elif text.isascii() and results:
            found += 1
    assert cleared >= 200 and found >= 100  # neither side empty: the corpus tests the cues


@pytest.mark.parametrize("text, context", [("mail bob@example.com", ()), ("退货", ()), ("plain words", ("email",))])
def test_the_deferred_engine_is_built_by_the_first_text_it_cannot_clear(engine, text, context):
    builds = []
    deferred = DeferredEngine(Prescreen(engine.cues()), lambda: builds.append(1) or engine)
    assert deferred.analyze("return service.lookup(request)") == [] and not deferred.built
    assert deferred.analyze(text, context) == engine.analyze(text, context) and deferred.built
    assert deferred.analyze("return service.lookup(request)") == [] and deferred.analyze("mail a@b.cn") and builds == [1]


def _run(args: list[str], cwd: Path, cache: Path) -> tuple[subprocess.CompletedProcess, list[str]]:
    result = subprocess.run([sys.executable, "-c", WRAPPER, *args], cwd=cwd, env={**GIT_ENV, "XDG_CACHE_HOME": str(cache)},
                            capture_output=True, text=True, timeout=300)
    imported = [line for line in result.stderr.splitlines() if line.startswith("imported:")][-1].split()[1:]
    return result, imported


def _without_times(report: dict) -> dict:
    for key in ("started_at", "finished_at"):
        report.pop(key)
    report["stats"].pop("duration_s")
    return report


@pytest.fixture
def pull_request(tmp_path) -> Repo:
    repo = Repo(tmp_path / "repo")
    repo.commit("base", **{"README.md": "service\n"})
    repo.git("checkout", "-q", "-b", "pr")
    repo.commit("code", **{f"app/handler_{i}.py": f"def handle_{i}(request):\n    \"\"\"Look the request up.\"\"\"\n"
                                                     f"    return service.lookup(request.args['id'], limit={i})\n" for i in range(5)})
    return repo


@pytest.mark.parametrize("args, scanned", [(["--diff", "main...pr"], 5), ([f"app/handler_{i}.py" for i in range(5)], 5),
                                           (["app"], 5), (["--git", "."], 6)], ids=["diff", "files", "folder", "tree"])
def test_a_scan_with_no_candidate_never_imports_presidio_and_reports_the_same(pull_request, tmp_path, args, scanned):
    full, imported = _run(["scan", *args], pull_request.path, tmp_path / "cache")
    assert full.returncode == 0 and "presidio_analyzer" in imported  # no manifest yet: the engine, which writes it
    fast, imported = _run(["scan", *args], pull_request.path, tmp_path / "cache")
    assert fast.returncode == 0 and imported == []
    report = json.loads(fast.stdout)
    assert report["findings"] == [] and len(report["scanned"]) == scanned
    assert _without_times(report) == _without_times(json.loads(full.stdout))


def test_a_diff_with_a_value_is_scanned_with_the_engine(pull_request, tmp_path):
    _run(["scan", "--diff", "main...pr"], pull_request.path, tmp_path / "cache")  # writes the manifest
    pull_request.commit("contact", **{"app/contact.py": "SUPPORT = 'support'\nOWNER = 'zhang.wei@example.com'\n"})
    result, imported = _run(["scan", "--diff", "main...pr"], pull_request.path, tmp_path / "cache")
    assert result.returncode == 1 and "presidio_analyzer" in imported
    assert [(f["entity_type"], f["location"]["path"], f["location"]["line"]) for f in json.loads(result.stdout)["findings"]] == [
        ("EMAIL_ADDRESS", "app/contact.py", 2)]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_folder_with_a_value_builds_the_engine_where_a_text_needs_it(pull_request, tmp_path, workers):
    _run(["scan", "app"], pull_request.path, tmp_path / "cache")  # writes the manifest
    (pull_request.path / "app" / "contact.py").write_text("SUPPORT = 'support'\nOWNER = 'zhang.wei@example.com'\n")
    result, imported = _run(["scan", "app", "--workers", workers], pull_request.path, tmp_path / "cache")
    assert result.returncode == 1 and ("presidio_analyzer" in imported) == (workers == "1")  # else a worker built it
    report = json.loads(result.stdout)
    assert [(f["entity_type"], f["location"]["path"], f["location"]["line"]) for f in report["findings"]] == [
        ("EMAIL_ADDRESS", "contact.py", 2)]
    assert sorted(report["scanned"]) == sorted(os.listdir(pull_request.path / "app"))


def test_databases_with_no_column_to_read_never_import_presidio(pull_request, tmp_path):
    """An unreachable server and an SQLite file whose only table holds dates: nothing reaches the engine."""
    with sqlite3.connect(pull_request.path / "app" / "ledger.db") as database:
        database.execute("CREATE TABLE entries (booked DATE)")
    args = ["scan", "app", "postgresql+psycopg://u@localhost:1/test", "--keep-going"]  # an IP address would be a cue
    _run(args, pull_request.path, tmp_path / "cache")  # writes the manifest
    result, imported = _run(args, pull_request.path, tmp_path / "cache")
    assert result.returncode == 0 and imported == []
    report = json.loads(result.stdout)
    assert [(s["path"], s["reason"]) for s in report["skipped"]] == [
        ("ledger.db#entries", "no column that can hold personal information")]
    assert len(report["unread_targets"]) == 1 and report["findings"] == []


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["scan", "--help"]])
def test_commands_that_scan_nothing_never_import_presidio(args, tmp_path):
    result, imported = _run(args, tmp_path, tmp_path / "cache")
    assert result.returncode == 0 and imported == []


def test_rendering_a_saved_report_never_imports_presidio(pull_request, tmp_path):
    saved = tmp_path / "report.json"
    saved.write_text(_run(["scan", "--diff", "main...pr"], pull_request.path, tmp_path / "cache")[0].stdout)
    result, imported = _run(["report", str(saved), "--format", "markdown"], tmp_path, tmp_path / "cache")
    assert result.returncode == 0 and "piplscan" in result.stdout.lower() and imported == []


def test_building_the_engine_is_no_part_of_a_files_time_limit(engine, tmp_path):
    (tmp_path / "contact.txt").write_text("mail zhang.wei@example.com\n", encoding="utf-8")

    def slow_build():
        time.sleep(1.5)
        return engine

    deferred = DeferredEngine(Prescreen(engine.cues()), slow_build)
    report = Scanner(deferred, b"k", file_time_limit=1).scan([str(tmp_path)], [FileSource(tmp_path, WalkOptions())])
    assert report.errors == () and [f.entity_type for f in report.findings] == ["EMAIL_ADDRESS"]
    slow = Scanner(engine, b"k", file_time_limit=0.5).scan([str(tmp_path)], [FileSource(tmp_path, WalkOptions())])
    assert slow.errors == ()  # the file itself reads well within the limit



def test_cues_are_written_alike_in_every_process():
    """A cue made of a set of words lists them in one order whatever the process's hash seed: the
    prescreen's manifest and Hyperscan's databases in the cache directory are keyed by them."""
    script = ("import hashlib\nfrom recognizers import load_recognizers\n"
              "cues = [(c.pattern, c.flags) for item in load_recognizers() for c in getattr(item.recognizer, 'cues', list)() or ()]\n"
              "print(len(cues), hashlib.sha256(repr(cues).encode()).hexdigest())")
    printed = {subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True,
                              text=True, check=True, timeout=120).stdout for seed in ("1", "2", "3")}
    assert len(printed) == 1 and int(next(iter(printed)).split()[0]) > 10
