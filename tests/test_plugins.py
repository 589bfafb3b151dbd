"""A real third-party recognizer plugin, end to end: a tiny setuptools distribution that
registers a presidio PatternRecognizer under the ``piplscan.recognizers`` entry-point group,
installed with pip (offline, no build isolation) into a throw-away virtualenv that inherits
piplscan and presidio from the running interpreter."""

import importlib.metadata
import importlib.util
import json
import os
import random
import re
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pytest

from recognizers import BUILTIN_RECOGNIZERS
from tests import synthetic


def _wheel_builder_missing() -> str | None:
    """Why setuptools cannot build the plugin here, or None if it can (checked without importing it)."""
    if importlib.util.find_spec("setuptools") is None:
        return "setuptools is not importable: the plugin distribution cannot be built (pip install 'setuptools>=70.1')"
    try:
        version = importlib.metadata.version("setuptools")
    except importlib.metadata.PackageNotFoundError:
        return None  # importable but unregistered: let the build decide
    # pip builds a wheel; setuptools has its own bdist_wheel from 70.1, before that it needs the 'wheel' package.
    major_minor = tuple(int(part) for part in re.findall(r"[0-9]+", version)[:2])
    if major_minor < (70, 1) and importlib.util.find_spec("wheel") is None:
        return f"setuptools {version} cannot build a wheel without the 'wheel' package (pip install 'setuptools>=70.1' or wheel)"
    return None


pytestmark = pytest.mark.skipif(_wheel_builder_missing() is not None, reason=str(_wheel_builder_missing()))

RUN_CLI = "from scanner.cli import main; main()"
PLUGIN_DIST = "piplscan-test-employee"
BROKEN_DIST = "piplscan-test-broken"


def write_distribution(root: Path, dist_name: str, package: str, entry_points: dict[str, str], module: str) -> Path:
    root.mkdir(parents=True)
    (root / package).mkdir()
    (root / package / "__init__.py").write_text("", encoding="utf-8")
    (root / package / "recognizers.py").write_text(textwrap.dedent(module), encoding="utf-8")
    points = "\n".join(f'{name} = "{target}"' for name, target in entry_points.items())
    (root / "pyproject.toml").write_text(textwrap.dedent(f"""\
        [build-system]
        requires = ["setuptools>=61"]
        build-backend = "setuptools.build_meta"

        [project]
        name = "{dist_name}"
        version = "0.0.1"
        description = "Test plugin for piplscan (synthetic)"
        dependencies = ["presidio-analyzer"]

        [tool.setuptools]
        packages = ["{package}"]

        [project.entry-points."piplscan.recognizers"]
        """) + points + "\n", encoding="utf-8")
    return root


EMPLOYEE_MODULE = '''\
from presidio_analyzer import Pattern, PatternRecognizer


class EmployeeIdRecognizer(PatternRecognizer):
    """EMPLOYEE_ID: EMP- and six digits."""

    def __init__(self, supported_language: str = "zh"):
        super().__init__(
            supported_entity="EMPLOYEE_ID",
            patterns=[Pattern("employee id", r"(?<![0-9A-Za-z])EMP-[0-9]{6}(?![0-9A-Za-z])", 0.6)],
            context=["工号", "employee"],
            supported_language=supported_language,
        )

    def validate_result(self, pattern_text):
        return None if pattern_text[4:] != "000000" else False
'''


def make_venv(where: Path, dist: Path) -> Path:
    """A virtualenv that sees everything the running interpreter sees, with ``dist`` installed; returns its python."""
    have_pip = importlib.util.find_spec("pip") is not None
    venv.EnvBuilder(system_site_packages=True, with_pip=not have_pip, symlinks=os.name != "nt").create(where)
    python = where / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # --system-site-packages gives the base installation's packages; when this interpreter is
    # itself a virtualenv (the usual case) its site-packages, with piplscan's editable-install
    # hook, are added by a .pth file. addsitedir also runs the .pth files found there.
    parent_sites = [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages") and Path(p).is_dir()]
    site_packages = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                   capture_output=True, text=True, check=True).stdout.strip()
    (Path(site_packages) / "_piplscan_test_parent.pth").write_text(
        "import site; " + "; ".join(f"site.addsitedir({p!r})" for p in parent_sites) + "\n", encoding="utf-8")
    install = subprocess.run(
        [python, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index", "--disable-pip-version-check",
         "--no-input", "--quiet", str(dist)],
        capture_output=True, text=True, timeout=600, env=clean_env(),
    )
    assert install.returncode == 0, install.stdout + install.stderr
    return python


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PIPLSCAN_FINGERPRINT_KEY", "PYTHONPATH", "PYTHONHOME")}


def cli(python: Path, *args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), "-c", RUN_CLI, *map(str, args)], cwd=cwd, env=clean_env(),
                          capture_output=True, encoding="utf-8", timeout=300)


@pytest.fixture(scope="module")
def plugin_python(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("plugin")
    dist = write_distribution(root / "dist", PLUGIN_DIST, "piplscan_test_employee",
                              {"employee_id": "piplscan_test_employee.recognizers:EmployeeIdRecognizer"}, EMPLOYEE_MODULE)
    return make_venv(root / "venv", dist)


def test_plugin_is_installed_in_the_venv_only(plugin_python, tmp_path):
    probe = "from importlib.metadata import entry_points; print(sorted(e.name for e in entry_points(group='piplscan.recognizers')))"
    inside = subprocess.run([str(plugin_python), "-c", probe], capture_output=True, text=True, env=clean_env(), cwd=tmp_path)
    assert inside.stdout.strip() == "['employee_id']", inside.stderr
    assert importlib.util.find_spec("piplscan_test_employee") is None  # the test interpreter is left as it was


def test_recognizers_lists_the_plugin_with_its_origin(plugin_python, tmp_path):
    result = cli(plugin_python, "recognizers", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    rows = [tuple(line.split(maxsplit=3)) for line in result.stdout.splitlines()]
    origin = f"plugin {PLUGIN_DIST}:employee_id"
    assert sorted(row for row in rows if row[3].startswith("plugin ")) == [
        ("EMPLOYEE_ID", "EmployeeIdRecognizer", "en", origin),
        ("EMPLOYEE_ID", "EmployeeIdRecognizer", "zh", origin),
    ]
    # one row per built-in recognizer and entity type, in two languages (DEVICE_ID has two recognizers)
    per_language = sum(len(cls(supported_language="zh").supported_entities) for cls in BUILTIN_RECOGNIZERS)
    assert len([row for row in rows if row[3] == "built-in"]) == 2 * per_language


def test_scan_finds_the_plugin_entity_at_its_location(plugin_python, tmp_path):
    rng = random.Random(20261124)
    rid = synthetic.resident_id(rng)
    employee = f"EMP-{rng.randrange(1, 10**6):06d}"
    name = synthetic.person_name(rng)
    lines = ["员工档案（合成数据）", synthetic.prose_line(rng, 40), f"姓名 {name}，工号：{employee}，身份证 {rid}",
             "", "作废工号 EMP-000000"]
    (tmp_path / "staff").mkdir()
    (tmp_path / "staff" / "员工.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli(plugin_python, "scan", "staff", "--show-data", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    findings = json.loads(result.stdout)["findings"]
    assert [(f["entity_type"], f["location"], f["recognizer"], f["value"]) for f in findings] == [
        ("PERSON", {"path": "员工.txt", "line": 3, "column": lines[2].index(name) + 1, "end_column": lines[2].index(name) + 1 + len(name)}, "PersonRecognizer", name),
        ("EMPLOYEE_ID", {"path": "员工.txt", "line": 3, "column": lines[2].index(employee) + 1, "end_column": lines[2].index(employee) + 1 + len(employee)}, "EmployeeIdRecognizer", employee),
        ("CN_RESIDENT_ID", {"path": "员工.txt", "line": 3, "column": lines[2].index(rid) + 1, "end_column": lines[2].index(rid) + 1 + len(rid)}, "CnResidentIdRecognizer", rid),
    ]

    only = cli(plugin_python, "scan", "staff", "--entities", "EMPLOYEE_ID", cwd=tmp_path)
    assert only.returncode == 1, only.stderr
    assert [(f["entity_type"], f["location"]["line"], f["location"]["column"]) for f in json.loads(only.stdout)["findings"]] == [
        ("EMPLOYEE_ID", 3, lines[2].index(employee) + 1)]
    assert employee not in only.stdout


def test_a_broken_plugin_stops_the_cli_with_one_line_naming_it(tmp_path):
    dist = write_distribution(tmp_path / "dist", BROKEN_DIST, "piplscan_test_broken",
                              {"broken_one": "piplscan_test_broken.recognizers:NoSuchRecognizer"},
                              "from presidio_analyzer import PatternRecognizer\n")
    python = make_venv(tmp_path / "venv", dist)
    (tmp_path / "a.txt").write_text(f"手机 {synthetic.mobile(random.Random(1))}\n", encoding="utf-8")
    for args in (["recognizers"], ["scan", "a.txt"]):
        result = cli(python, *args, cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert f"plugin {BROKEN_DIST}:broken_one" in lines[0]
        assert "NoSuchRecognizer" in lines[0]
