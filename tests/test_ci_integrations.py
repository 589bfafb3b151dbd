"""The shipped CI integrations, run for real: the pre-commit hook through the pre-commit tool in
a temporary repository, and the commands of the GitHub Actions and GitLab CI examples in docs/."""

import json
import os
import random
import re
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests import synthetic
from tests.test_git import GIT_ENV, Repo
from tests.test_sarif import schema_errors

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SARIF_SCHEMA = json.loads((PROJECT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _project_snapshot(target: Path) -> str:
    """The project as it is now (uncommitted edits included), committed in a repository of its
    own: pre-commit installs hooks from a git revision."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=PROJECT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = PROJECT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    snapshot = Repo(target)
    return snapshot.commit("snapshot")


def test_pre_commit_hook_blocks_a_staged_value_and_lets_a_clean_commit_through(tmp_path):
    revision = _project_snapshot(tmp_path / "piplscan")
    repo = Repo(tmp_path / "work")
    repo.write(".pre-commit-config.yaml", f"repos:\n- repo: {tmp_path / 'piplscan'}\n  rev: {revision}\n  hooks:\n  - id: piplscan\n")
    repo.commit("configure pre-commit")
    # pre-commit installs the hook's repository (this project) into an environment of its own; its
    # dependencies, already installed here, are lent to it (a minute of installing saved).
    env = {**GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
           "PIP_NO_DEPS": "1", "PYTHONPATH": os.pathsep.join(site.getsitepackages())}
    subprocess.run([BIN / "pre-commit", "install"], cwd=repo.path, env=env, check=True, capture_output=True)

    value = synthetic.resident_id(random.Random(77))
    repo.write("customers.txt", f"客户 身份证号 {value}\n")
    repo.git("add", "customers.txt")
    blocked = subprocess.run(["git", "commit", "-m", "add customers"], cwd=repo.path, env=env, capture_output=True, text=True,
                             timeout=900)
    assert blocked.returncode != 0
    assert re.search(r"^customers\.txt:1:9: CN_RESIDENT_ID \d{6}\*{8}\d{3}[\dX]$", blocked.stdout + blocked.stderr, re.M)
    assert value not in blocked.stdout + blocked.stderr
    assert repo.git("rev-list", "--count", "HEAD") == "1"  # nothing committed

    repo.write("customers.txt", "客户 身份证号 见系统\n")
    repo.git("add", "customers.txt")
    passed = subprocess.run(["git", "commit", "-m", "add customers"], cwd=repo.path, env=env, capture_output=True, text=True,
                            timeout=900)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert repo.git("rev-list", "--count", "HEAD") == "2"


@pytest.fixture
def pull_request(tmp_path):
    """A clone whose origin/main is the base, checked out on a branch that adds one new value."""
    origin = Repo(tmp_path / "origin")
    rng = random.Random(78)
    known, new = synthetic.mobile(rng), synthetic.resident_id(rng)
    origin.commit("base", **{"app/fixtures.txt": f"手机 {known}\n"})
    subprocess.run(["git", "clone", "-q", str(origin.path), str(tmp_path / "clone")], env=GIT_ENV, check=True)
    clone = Repo(tmp_path / "clone")
    baseline = subprocess.run([BIN / "piplscan", "baseline", "create", "--git", "."], cwd=clone.path, env=GIT_ENV,
                              capture_output=True, text=True)
    assert baseline.returncode == 0, baseline.stderr
    clone.git("checkout", "-q", "-b", "feature")
    # the known value's line is edited (so the diff adds it again: the baseline knows it), a new value arrives
    clone.commit("feature", **{"app/fixtures.txt": f"手机号 {known}\n身份证 {new}\n"})
    return clone


def _piplscan_commands(lines: list[str], variables: dict[str, str]) -> list[str]:
    commands = [line for line in lines if line.startswith("piplscan ")]
    for name, value in variables.items():
        commands = [command.replace(name, value) for command in commands]
    return commands


@pytest.mark.parametrize("example, variables", [
    ("github-actions.yml", {"${{ github.base_ref }}": "main"}),
    ("gitlab-ci.yml", {"$CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}),
])
def test_ci_examples_fail_the_pull_request_on_its_new_value_only(pull_request, example, variables):
    document = yaml.safe_load((PROJECT / "docs" / "ci" / example).read_text(encoding="utf-8"))
    if example == "github-actions.yml":
        lines = [step["run"] for step in document["jobs"]["piplscan"]["steps"] if "run" in step]
    else:
        lines = document["piplscan"]["script"]
    (command,) = _piplscan_commands(lines, variables)
    env = {**GIT_ENV, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["bash", "-c", command], cwd=pull_request.path, env=env, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    out = pull_request.path / "piplscan-out"
    text = (out / "piplscan-report.txt").read_text(encoding="utf-8").splitlines()
    assert text[0].startswith("app/fixtures.txt:2:5: CN_RESIDENT_ID ")
    assert len(text) == 3  # the finding, the summary, the count suppressed by the baseline
    sarif = json.loads((out / "piplscan-report.sarif").read_text(encoding="utf-8"))
    assert schema_errors(sarif, SARIF_SCHEMA) == []
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["CN_RESIDENT_ID"]
