"""Every renderer copes with every string a name can hold: control characters, lone surrogates
(bytes of a file name that are not UTF-8), newlines, very long names, Markdown and HTML
metacharacters. Reports are built from findings with arbitrary names (no engine: fast), rated
by the real scorer and rendered in every format."""

import io
import json
import re
from datetime import date

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from reports import RENDERERS
from reports.json_report import indented
from reports.terminal import print_summary
from scanner.model import Asset, ColumnStats, Finding, Location, Report, ScanError, Skipped, Stats
from scanner.risk import RiskScorer, advice_rules, risk_model

TODAY = date(2026, 11, 24)
# Every code point, surrogates included, favouring the ones that act on terminals and Markdown.
NAME = st.one_of(
    st.text(st.characters(codec=None, exclude_categories=()), min_size=1, max_size=40),
    st.text(st.sampled_from("\x1b[31m\r\n\t\x00\x7f\x9b\u202e\udcff[]()!*_`#<>&|\\/.-+=@\"'"), min_size=1, max_size=40),
    st.builds(lambda head, tail: head * 3000 + tail, st.sampled_from("a长\n"), st.text(max_size=5)),
)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202e\ud800-\udfff]")


def report_with(names: list[str]) -> Report:
    path, member, sheet, table, column = (names * 5)[:5]
    findings = [
        Finding("CN_MOBILE_PHONE", 1.0, "r", Location(path, 1, 4, 15, member=member), "138****5678", "f1"),
        Finding("CN_RESIDENT_ID", 1.0, "r", Location(path, sheet=sheet, cell="B2", column_name=column), "110101********123X", "f2"),
        Finding("CN_RESIDENT_ID", 1.0, "r", Location(path, table=table, column_name=column), "110101********123X", "f3"),
    ]
    assets = list({f.location.asset: Asset(f.location.asset) for f in findings}.values())
    columns = [ColumnStats(path, inner, column, "CN_RESIDENT_ID", 10, 10, 10, False, 0, 10, 10, False, 1.0,
                           ("110101********123X",), "every row", sheet=None if inner else sheet) for inner in (table, None)]
    rated, risk = RiskScorer(risk_model(), advice_rules(), TODAY).rate(assets, findings, columns)
    return Report("1", "2026-11-24T10:00:00+08:00", "2026-11-24T10:00:01+08:00", (path,), Stats(1, 10, 1, 0.1, 1, 10),
                  tuple(findings), (ScanError(member, column),), (Skipped(sheet, table),), tuple(rated), risk, (), tuple(columns))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NAME, min_size=1, max_size=5), st.sampled_from(["zh", "en"]))
def test_every_format_renders_every_name(names, lang):
    report = report_with(names)
    for name, renderer in RENDERERS.items():
        document = renderer(report, lang)
        assert isinstance(document, bytes) and document, name
        if name in ("json", "sarif"):
            json.loads(document.decode("utf-8"))
        elif name == "xlsx":
            openpyxl.load_workbook(io.BytesIO(document))
        elif name in ("text", "markdown", "csv"):
            assert not CONTROL.search(document.decode("utf-8-sig")), name
    text = RENDERERS["text"](report, "en").decode("utf-8").splitlines()
    # one line per finding outside a database table (2), per column, per error, and the summary
    assert len(text) == 2 + len(report.columns) + len(report.errors) + 1
    console = Console(file=io.StringIO(), width=100, force_terminal=True, color_system=None)
    print_summary(report, console)
    assert "\x1b" not in console.file.getvalue()


def test_a_name_cannot_forge_a_line_color_the_terminal_or_become_a_markdown_link():
    hostile = "a\nb.txt:1:1: CN_RESIDENT_ID 1\x1b[31m ![x](http://e/x.png) [y](http://e)"
    report = report_with([hostile])
    text = RENDERERS["text"](report, "en").decode("utf-8")
    assert text.splitlines()[0] == ("a\\nb.txt:1:1: CN_RESIDENT_ID 1\\x1b[31m ![x](http://e/x.png) [y](http://e):1:4: "
                                    "CN_MOBILE_PHONE 138****5678 (member a\\nb.txt:1:1: CN_RESIDENT_ID 1\\x1b[31m "
                                    "![x](http://e/x.png) [y](http://e))")
    markdown = RENDERERS["markdown"](report, "en").decode("utf-8")
    assert not re.search(r"(?<!\\)\]\(|(?<!\\)!\[", markdown)  # every bracket escaped: no link, no image
    assert r"a\\nb.txt:1:1: CN\_RESIDENT\_ID 1\\x1b\[31m \!\[x\](http://e/x.png)" in markdown


JSON_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | NAME,
                          lambda inner: st.lists(inner, max_size=4) | st.dictionaries(NAME, inner, max_size=4), max_leaves=20)


@given(JSON_VALUE, st.sampled_from(["", "    "]))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_findings_are_encoded_as_json_dumps_indents(value, indent):
    """The JSON report's own encoder of findings writes what ``json.dumps(indent=2)`` writes,
    for any value, string (surrogates, controls) and nesting."""
    assert indented(value, indent) == json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)
