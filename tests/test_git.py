"""Git sources against real repositories made in a temp dir: the tree, a range's added lines,
the index, and the history; end to end through the CLI for diff, history, baselines and
suppressions."""

import io
import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from scanner.model import Commit
from scanner.pipeline import Scanner, sources_for
from scanner.sources.files import WalkOptions
from scanner.sources.git import GitDiffSource, GitError, GitHistorySource, GitSelection, GitTreeSource, parse_patches
from tests import synthetic

CLI = [str(Path(sys.executable).with_name("piplscan"))]
KEY = "git-test-key"
# Tests must not depend on the machine's git configuration.
GIT_ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "PIPLSCAN_FINGERPRINT_KEY": KEY}


class Repo:
    def __init__(self, path: Path):
        self.path = path
        path.mkdir(exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Test Author")
        self.git("config", "user.email", "author@example.com")

    def git(self, *args: str, env: dict | None = None) -> str:
        result = subprocess.run(["git", *args], cwd=self.path, env={**GIT_ENV, **(env or {})}, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def write(self, name: str, text: str | bytes) -> None:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))

    def commit(self, message: str, date: str = "2024-03-01T10:00:00+08:00", **files: str) -> str:
        for name, text in files.items():
            self.write(name, text)
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, env={"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})
        return self.git("rev-parse", "HEAD")


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + list(args), cwd=cwd, env=GIT_ENV, capture_output=True, text=True, timeout=300)


def located(result: subprocess.CompletedProcess) -> list[tuple]:
    report = json.loads(result.stdout)
    return [(f["entity_type"], f["location"]["path"], f["location"].get("line"), f["location"].get("commit"),
             f.get("present_at_head")) for f in report["findings"]]


@pytest.fixture
def values():
    rng = random.Random(606)
    return {"id": [synthetic.resident_id(rng) for _ in range(4)], "mobile": [synthetic.mobile(rng) for _ in range(4)]}


def scan(engine, sources, history: GitHistorySource | None = None):
    scanner = Scanner(engine, KEY.encode())
    return scanner.scan_history(["repo"], history) if history else scanner.scan(["repo"], sources)


# --- the patch parser ------------------------------------------------------------------------

def test_parser_follows_hunk_counts_not_line_prefixes():
    patch = (b"diff --git a/x.txt b/x.txt\n--- a/x.txt\n+++ b/x.txt\n@@ -1,3 +1,4 @@\n keep\n-gone\n+++ looks like a header\n"
             b"+second\n context\n@@ -9 +11 @@\n-old\n+new\n")
    (parsed,) = parse_patches(patch.splitlines(keepends=True))
    assert parsed.path == "x.txt"
    assert [(s.first_line, s.context, s.lines) for s in parsed.segments] == [
        (2, b"keep", [b"++ looks like a header", b"second"]), (11, None, [b"new"])]


def test_parser_reads_commits_quoted_paths_renames_and_binaries():
    log = (b"\x00" + b"a" * 40 + b" 2024-01-02T03:04:05+08:00\n\n"
           b'diff --git "a/t\\tab.txt" "b/t\\tab.txt"\n--- /dev/null\n+++ "b/t\\tab.txt"\n@@ -0,0 +1 @@\n+x\n'
           b"diff --git a/sp ace.txt b/sp ace.txt\n--- a/sp ace.txt\t\n+++ b/sp ace.txt\t\n@@ -1 +1 @@\n-a\n+b\n"
           b"diff --git a/old.txt b/new.txt\nsimilarity index 90%\nrename from old.txt\nrename to new.txt\n"
           b"diff --git a/\xe5\x9b\xbe.png b/\xe5\x9b\xbe.png\nBinary files a/\xe5\x9b\xbe.png and b/\xe5\x9b\xbe.png differ\n"
           b"diff --git a/d.txt b/d.txt\ndeleted file mode 100644\n--- a/d.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n")
    items = list(parse_patches(log.splitlines(keepends=True)))
    assert items[0] == Commit("a" * 40, "2024-01-02T03:04:05+08:00")
    assert [(p.path, p.binary, p.deleted, len(p.segments)) for p in items[1:]] == [
        ("t\tab.txt", False, False, 1), ("sp ace.txt", False, False, 1), ("new.txt", False, False, 0),
        ("图.png", True, False, 0), ("d.txt", False, True, 0)]


# --- the tree, a range, the index -------------------------------------------------------------

def test_tree_reads_committed_workbooks_and_databases_as_a_walk_does(engine, tmp_path, values):
    repo = Repo(tmp_path / "repo")
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "身份证号"])
    workbook.active.append(["张伟", values["id"][0]])
    workbook.save(repo.path / "customers.xlsx")
    with sqlite3.connect(repo.path / "crm.db") as connection:
        connection.execute("CREATE TABLE users (mobile TEXT)")
        connection.execute("INSERT INTO users VALUES (?)", (values["mobile"][0],))
    connection.close()
    repo.commit("exports")
    report = scan(engine, [GitTreeSource(repo.path, WalkOptions())])
    found = sorted((f.entity_type, f.location.path, f.location.cell, f.location.table) for f in report.findings)
    assert ("CN_RESIDENT_ID", "customers.xlsx", "B2", None) in found
    assert ("CN_MOBILE_PHONE", "crm.db", None, "users") in found
    assert report.skipped == () and report.errors == ()
    assert {asset.asset.container for asset in report.assets} == {"git_repository", "database"}

def test_tree_scans_tracked_and_unignored_files_not_ignored_ones(engine, tmp_path, values):
    repo = Repo(tmp_path / "repo")
    repo.commit("one", **{"tracked.txt": f"身份证 {values['id'][0]}\n", ".gitignore": "exports/\n",
                          ".fixtures/users.csv": f"mobile\n{values['mobile'][0]}\n"})
    repo.write("untracked.txt", f"手机 {values['mobile'][1]}\n")
    repo.write("exports/dump.txt", f"身份证 {values['id'][1]}\n")
    report = scan(engine, [GitTreeSource(repo.path / ".fixtures", WalkOptions())])  # any folder of the work tree
    assert [(f.entity_type, f.location.path, f.location.line) for f in report.findings] == [
        ("CN_MOBILE_PHONE", ".fixtures/users.csv", 2), ("CN_RESIDENT_ID", "tracked.txt", 1),
        ("CN_MOBILE_PHONE", "untracked.txt", 1)]
    assert {asset.asset.container for asset in report.assets} == {"git_repository"}


def test_diff_reports_only_added_lines_with_the_commit_that_added_them(engine, tmp_path, values):
    repo = Repo(tmp_path / "repo")
    repo.commit("base", **{"a.txt": f"header\n身份证 {values['id'][0]}\nfooter\n"})
    repo.git("checkout", "-q", "-b", "feature")
    first = repo.commit("add a phone", "2024-04-01T09:00:00+08:00",
                        **{"a.txt": f"header\n身份证 {values['id'][0]}\n手机 {values['mobile'][0]}\nfooter\n"})
    second = repo.commit("add a file", "2024-04-02T09:00:00+00:00", **{"b.txt": f"x\n\n证件号 {values['id'][1]}\n"})
    report = scan(engine, sources_for([], WalkOptions(), GitSelection(repo.path, "main...feature")))
    assert [(f.entity_type, f.location.path, f.location.line, f.location.column, f.location.commit, f.location.author_date)
            for f in report.findings] == [
        ("CN_MOBILE_PHONE", "a.txt", 3, 4, first, "2024-04-01T09:00:00+08:00"),
        ("CN_RESIDENT_ID", "b.txt", 3, 5, second, "2024-04-02T09:00:00+00:00")]
    since = scan(engine, [GitDiffSource(repo.path, WalkOptions(), f"{first}...HEAD")])
    assert [(f.location.path, f.location.commit) for f in since.findings] == [("b.txt", second)]


def test_diff_of_the_index_has_no_commit(engine, tmp_path, values):
    repo = Repo(tmp_path / "repo")
    repo.commit("base", **{"a.txt": "hello\n"})
    repo.write("a.txt", f"hello\n手机 {values['mobile'][0]}\n")
    repo.git("add", "a.txt")
    repo.write("a.txt", f"hello\n手机 {values['mobile'][0]}\n身份证 {values['id'][0]}\n")  # not staged
    report = scan(engine, [GitDiffSource(repo.path, WalkOptions())])
    assert [(f.entity_type, f.location.line, f.location.commit) for f in report.findings] == [("CN_MOBILE_PHONE", 2, None)]


def test_diff_skips_binaries_deletions_and_pure_renames(engine, tmp_path, values):
    repo = Repo(tmp_path / "repo")
    repo.commit("base", **{"keep.txt": f"身份证 {values['id'][0]}\n", "gone.txt": f"身份证 {values['id'][1]}\n"})
    repo.git("mv", "keep.txt", "moved.txt")
    repo.git("rm", "-q", "gone.txt")
    repo.write("photo.bin", b"\x00\x01" + values["mobile"][0].encode() + b"\x00")
    repo.commit("move, delete, add a binary")
    report = scan(engine, [GitDiffSource(repo.path, WalkOptions(), "HEAD~1..HEAD")])
    assert report.findings == ()
    assert [(s.path, s.reason) for s in report.skipped] == [("photo.bin", "binary content")]


def test_bad_revisions_and_non_repositories_are_one_line_errors(tmp_path):
    repo = Repo(tmp_path / "repo")
    repo.commit("base", **{"a.txt": "x\n"})
    with pytest.raises(GitError) as caught:
        GitDiffSource(repo.path, WalkOptions(), "nosuchbranch...HEAD")
    assert str(caught.value) == "unknown revision 'nosuchbranch' in nosuchbranch...HEAD: not a commit of this repository"
    with pytest.raises(GitError, match=r"^unknown revision 'HEAD~5' in main\.\.HEAD~5: "):
        GitDiffSource(repo.path, WalkOptions(), "main..HEAD~5")
    with pytest.raises(GitError, match="needs a range"):
        GitDiffSource(repo.path, WalkOptions(), "main")
    with pytest.raises(GitError, match="not a git repository"):
        GitTreeSource(tmp_path, WalkOptions())
    with pytest.raises(GitError, match="--output"):
        GitHistorySource(repo.path, WalkOptions(), "--all --output=/tmp/x")


# --- history ----------------------------------------------------------------------------------

@pytest.fixture
def history_repo(tmp_path, values) -> tuple[Repo, dict[str, str]]:
    """main: a value added then deleted, a value copied later, one kept; a side branch adds one."""
    repo = Repo(tmp_path / "repo")
    ids, mobiles = values["id"], values["mobile"]
    commits = {
        "first": repo.commit("first", "2023-01-01T00:00:00+08:00",
                             **{"users.csv": f"name,id\nA,{ids[0]}\nB,{ids[1]}\n"}),
        "removal": repo.commit("remove B", "2023-02-01T00:00:00+08:00", **{"users.csv": f"name,id\nA,{ids[0]}\n"}),
        "copy": repo.commit("copy A", "2023-03-01T00:00:00+08:00", **{"copy.txt": f"身份证 {ids[0]}\n"}),
    }
    repo.git("checkout", "-q", "-b", "side")
    commits["side"] = repo.commit("side", "2023-04-01T00:00:00+08:00", **{"side.txt": f"手机 {mobiles[0]}\n"})
    repo.git("checkout", "-q", "main")
    return repo, commits


def test_history_reports_each_value_once_at_its_first_commit(engine, history_repo):
    repo, commits = history_repo
    report = scan(engine, [], GitHistorySource(repo.path, WalkOptions()))
    assert [(f.entity_type, f.location.path, f.location.line, f.location.commit, f.present_at_head) for f in report.findings] == [
        ("CN_MOBILE_PHONE", "side.txt", 1, commits["side"], False),  # only on a side branch: not at HEAD
        ("CN_RESIDENT_ID", "users.csv", 2, commits["first"], True),  # copied later: still once
        ("CN_RESIDENT_ID", "users.csv", 3, commits["first"], False),  # deleted in "remove B"
    ]
    assert report.findings[1].location.author_date == "2023-01-01T00:00:00+08:00"
    only_main = scan(engine, [], GitHistorySource(repo.path, WalkOptions(), "main"))
    assert [f.entity_type for f in only_main.findings] == ["CN_RESIDENT_ID", "CN_RESIDENT_ID"]


def test_history_through_the_cli_with_text_output(history_repo):
    repo, commits = history_repo
    result = cli("scan", "--git", ".", "--history", "--format", "text", "--lang", "en", cwd=repo.path)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        f"side.txt:1:4: CN_MOBILE_PHONE {lines[0].split()[2]} [commit {commits['side'][:12]} 2023-04-01T00:00:00+08:00] (no longer at HEAD)",
        f"users.csv:2:3: CN_RESIDENT_ID {lines[1].split()[2]} [commit {commits['first'][:12]} 2023-01-01T00:00:00+08:00]",
        f"users.csv:3:3: CN_RESIDENT_ID {lines[2].split()[2]} [commit {commits['first'][:12]} 2023-01-01T00:00:00+08:00] (no longer at HEAD)",
    ]
    assert "*" in lines[0].split()[2]  # masked
    assert lines[3].startswith("3 value(s) found in ")


# --- end to end through the CLI: diff, baseline, suppressions --------------------------------

def test_pull_request_diff_baseline_and_suppressions(tmp_path, values):
    repo = Repo(tmp_path / "repo")
    ids, mobiles = values["id"], values["mobile"]
    repo.commit("base", **{"fixtures/a.txt": f"身份证 {ids[0]}\n手机 {mobiles[0]}\n"})
    assert cli("baseline", "create", "--git", ".", "--output", ".piplscan-baseline.json", cwd=repo.path).returncode == 0
    repo.commit("baseline", **{})
    repo.git("checkout", "-q", "-b", "pr")
    added = repo.commit("pull request", **{
        # the old values swap places (the diff adds the ID's line again), a new one arrives, two are allowed inline
        "fixtures/a.txt": f"手机 {mobiles[0]}\n# moved\n身份证 {ids[0]}\n手机 {mobiles[1]}\n"
                          f"手机 {mobiles[2]}  # piplscan:allow\n# piplscan:allow-next-line\n身份证 {ids[1]}\n"})
    plain = cli("scan", "--diff", "main...pr", cwd=repo.path)
    assert plain.returncode == 1
    assert located(plain) == [("CN_RESIDENT_ID", "fixtures/a.txt", 3, added, None),
                              ("CN_MOBILE_PHONE", "fixtures/a.txt", 4, added, None)]
    assert json.loads(plain.stdout)["suppressed"]["by_reason"] == {"inline": 2}
    with_baseline = cli("scan", "--diff", "main...pr", "--baseline", ".piplscan-baseline.json", cwd=repo.path)
    assert located(with_baseline) == [("CN_MOBILE_PHONE", "fixtures/a.txt", 4, added, None)]
    assert json.loads(with_baseline.stdout)["suppressed"]["by_reason"] == {"baseline": 1, "inline": 2}
    sarif = json.loads(cli("scan", "--since", "main", "--baseline", ".piplscan-baseline.json", "--format", "sarif",
                           cwd=repo.path).stdout)
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in sarif["runs"][0]["results"]] == [4]


def test_staged_changes_block_a_commit_through_the_cli(tmp_path, values):
    repo = Repo(tmp_path / "repo")
    repo.commit("base", **{"a.txt": "hello\n"})
    repo.write("a.txt", f"hello\n卡号 {synthetic.unionpay_card(random.Random(3))}\n")
    repo.git("add", "a.txt")
    result = cli("scan", "--staged", "--format", "text", "--lang", "en", cwd=repo.path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("a.txt:2:4: CN_BANK_CARD ")
    repo.git("commit", "-q", "-m", "now committed")
    clean = cli("scan", "--staged", "--format", "text", "--lang", "en", cwd=repo.path)
    assert (clean.returncode, clean.stdout) == (0, "no personal information found (0 file(s))\n")


def _workbook(rows: list[list[str]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def test_a_workbook_a_change_adds_is_read_whole_from_its_revision(engine, tmp_path, values):
    repo = Repo(tmp_path / "repo")
    repo.commit("base", **{"a.txt": "hello\n"})
    repo.git("checkout", "-q", "-b", "pr")
    repo.write("exports/客户.xlsx", _workbook([["姓名", "身份证号"], ["张伟", values["id"][0]]]))
    repo.commit("an export")
    repo.write("exports/客户.xlsx", _workbook([["手机"], [values["mobile"][0]]]))  # the work tree differs: not read
    ranged = scan(engine, [GitDiffSource(repo.path, WalkOptions(), "main...pr")])
    assert [(f.entity_type, f.location.path, f.location.cell) for f in ranged.findings] == [
        ("PERSON", "exports/客户.xlsx", "A2"), ("CN_RESIDENT_ID", "exports/客户.xlsx", "B2")]
    assert {asset.asset.container for asset in ranged.assets} == {"git_repository"}
    repo.git("add", "-A")
    staged = scan(engine, [GitDiffSource(repo.path, WalkOptions())])
    assert [(f.entity_type, f.location.path, f.location.cell) for f in staged.findings] == [
        ("CN_MOBILE_PHONE", "exports/客户.xlsx", "A2")]
    assert staged.skipped == () and staged.errors == ()


@pytest.mark.parametrize("args, message", [
    (["--git", "."], "not a git repository"),
    (["--diff", "nosuch...HEAD"], "unknown revision 'nosuch' in nosuch...HEAD"),
    (["--since", "nosuch"], "unknown revision 'nosuch' in nosuch...HEAD"),
    (["--history", "--log-opts", "--output=x"], "may not redirect"),
    (["--staged", "--history"], "cannot be combined"),
    (["--log-opts", "--all"], "goes with --history"),
])
def test_git_usage_errors_exit_2_with_one_line(tmp_path, args, message):
    folder = tmp_path / ("plain" if args == ["--git", "."] else "repo")
    if folder.name == "repo":
        Repo(folder).commit("base", **{"a.txt": "x\n"})
    else:
        folder.mkdir()
    result = cli("scan", *args, cwd=folder)
    assert result.returncode == 2
    last = result.stderr.strip().splitlines()[-1]  # usage errors come after click's usage hint
    assert last.startswith("Error: ") and message in last and "Traceback" not in result.stderr


def test_sarif_of_a_diff_carries_each_results_commit(engine, tmp_path, values):
    from reports.sarif_report import sarif_log

    repo = Repo(tmp_path / "repo")
    repo.commit("base", **{"a.txt": "header\n"})
    repo.git("checkout", "-q", "-b", "feature")
    added = repo.commit("add a phone", "2024-04-01T09:00:00+08:00", **{"a.txt": f"header\n手机 {values['mobile'][0]}\n"})
    run = sarif_log(scan(engine, sources_for([], WalkOptions(), GitSelection(repo.path, "main...feature"))), "en")["runs"][0]
    (result,) = run["results"]
    assert result["partialFingerprints"]["commitSha"] == result["properties"]["commit"] == added
    assert result["properties"]["authorDate"] == "2024-04-01T09:00:00+08:00"
    assert run["versionControlProvenance"] == [{"repositoryUri": "repo"}]


def test_sarif_of_a_diff_through_the_cli_names_the_revision_scanned(tmp_path, values):
    repo = Repo(tmp_path / "repo")
    repo.commit("base", **{"a.txt": "header\n"})
    repo.git("checkout", "-q", "-b", "feature")
    added = repo.commit("add a phone", **{"a.txt": f"header\n手机 {values['mobile'][0]}\n"})
    repo.git("checkout", "-q", "main")
    result = cli("scan", "--diff", "main...feature", "--format", "sarif", cwd=repo.path)
    assert result.returncode == 1, result.stderr
    run = json.loads(result.stdout)["runs"][0]
    assert run["versionControlProvenance"] == [{"repositoryUri": ".", "revisionId": added}]
    assert run["results"][0]["partialFingerprints"]["commitSha"] == added
