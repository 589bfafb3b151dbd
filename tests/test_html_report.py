"""The HTML risk report: one offline file locked down by a hash-based CSP, bilingual, escaping every
untrusted string, showing raw values only with --show-data; and, in a real headless Chromium,
sorting, filtering and switching language without errors or CSP violations."""

import base64
import dataclasses
import hashlib
import os
import random
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reports import RENDERERS
from reports.html_report import render_html, sampling_zh
from scanner.model import Advice, Asset, AssetCounts, AssetRisk, Factor, Report, ScanCounts, ScanError, ScanRisk, Skipped, Stats
from scanner.pipeline import Scanner
from scanner.sources.files import FileSource, WalkOptions
from tests import synthetic

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCREENSHOT = ROOT / "docs" / "report-screenshot.png"
TODAY = date(2026, 11, 24)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
# A '/' cannot be part of a file name: this one is a folder "<script>window.__pwned=1<" holding
# "script>.txt", whose relative path is the whole string.
XSS_SCRIPT = "<script>window.__pwned=1</script>.txt"
XSS_IMG = '"><img src=x onerror=alert(1)>.txt'


# --- reports -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def share_report(engine) -> Report:
    report = Scanner(engine, b"key", today=TODAY).scan(["share"], [FileSource(EXAMPLES / "share", WalkOptions())])
    # Fixed times, so the committed screenshot only changes when the report does.
    return dataclasses.replace(report, started_at="2026-11-24T10:00:00+08:00", finished_at="2026-11-24T10:00:02+08:00",
                               stats=dataclasses.replace(report.stats, duration_s=1.52))


@pytest.fixture(scope="module")
def synthetic_share(tmp_path_factory) -> tuple[Path, set[str]]:
    """Customers, a child's ID and two files with hostile names; returns the folder and every raw value."""
    rng = random.Random(20261124)
    root = tmp_path_factory.mktemp("share")
    raw: set[str] = set()
    lines = ["姓名,身份证号,手机,银行卡,邮箱"]
    for _ in range(6):
        row = synthetic.customer_row(rng)
        lines.append(",".join(row.values()))
        raw |= {row["name"], row["id"], row["mobile"], row["card"], row["email"]}
    (root / "customers.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    child = synthetic.resident_id(rng, born=date(2016, 5, 1))
    (root / "学生名单.txt").write_text(f"学生身份证号 {child}\n", encoding="utf-8")
    raw.add(child)
    for name in (XSS_SCRIPT, XSS_IMG):
        value = synthetic.resident_id(rng)
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"身份证号：{value}\n", encoding="utf-8")
        raw.add(value)
    return root, raw


def _scan(engine, root: Path, show_data: bool) -> Report:
    return Scanner(engine, b"key", show_data=show_data, today=TODAY).scan([root.name], [FileSource(root, WalkOptions())])


@pytest.fixture(scope="module")
def masked_report(engine, synthetic_share) -> Report:
    return _scan(engine, synthetic_share[0], show_data=False)


@pytest.fixture(scope="module")
def raw_report(engine, synthetic_share) -> Report:
    return _scan(engine, synthetic_share[0], show_data=True)


def _rated(path: str, level: int, score: int, impact: int, likelihood: int, people: int, findings: int,
           sensitive: tuple[str, ...] = ()) -> AssetRisk:
    return AssetRisk(
        asset=Asset(path, 2048, "shared_folder", 0o100640, "2021-03-01"),
        impact=impact, likelihood=likelihood, level=level, score=score,
        counts=AssetCounts((("CN_RESIDENT_ID", findings - findings // 2), ("CN_MOBILE_PHONE", findings // 2)), people, 0, 0, 0),
        samples=(("CN_RESIDENT_ID", "110101********123X"), ("CN_MOBILE_PHONE", "138****5678")),
        factors=(Factor("sensitivity", "impact", 3, "最敏感的信息类型：CN_RESIDENT_ID（敏感度 3/3）", "Most sensitive type present: CN_RESIDENT_ID (sensitivity 3/3)"),
                 Factor("group_readable", "likelihood", 1, "同组用户可读（权限 640）", "Readable by the group (mode 640)"),
                 Factor("encrypted", "likelihood", -2, "位于加密归档中", "Inside an encrypted archive")),
        advice=(Advice("fix-permissions", 1, "PIPL Art. 51(3)", "收紧访问权限。", "Restrict access."),),
        sensitive=sensitive,
    )


# In the order the scorer gives: score descending, then path (客 U+5BA2 sorts before 法 U+6CD5).
UI_ASSETS = (
    _rated("财务部/客户名单.csv", 3, 97, 3, 3, 1000, 4000, ("financial", "identity_document")),
    _rated("HR/Employees.json", 3, 80, 2, 3, 120, 360, ("health", "identity_document")),
    _rated("客服/通话记录.txt", 2, 60, 2, 2, 2, 2),
    _rated("法务部/合同.txt", 2, 60, 1, 3, 9, 12, ("religion",)),
    _rated("运维/app.log", 1, 41, 0, 3, 0, 18),
    _rated("archive/old.csv", 0, 5, 0, 0, 30, 30),
)


@pytest.fixture(scope="module")
def ui_report() -> Report:
    """A hand-built report: the page's behaviour is tested independently of the risk weights."""
    return Report(
        tool_version="0.1.0", started_at="2026-11-24T10:00:00+08:00", finished_at="2026-11-24T10:00:05+08:00",
        targets=("share",), stats=Stats(7, 10_000, 1, 5.0), findings=(),
        errors=(ScanError("坏<b>文件</b>.xlsx", "not a zip file <i>x</i>"),),
        skipped=(Skipped("big&large.bin", "larger than <max-file-size>"),),
        assets=UI_ASSETS,
        counts=ScanCounts((("CN_RESIDENT_ID", 2212), ("CN_MOBILE_PHONE", 2210)), 1000, 0),
        risk=ScanRisk(3, 97, (1, 1, 2, 2), (Advice("notify-transfer", 1, "PIPL Art. 22", "告知接收方。", "Tell the recipient."),)),
    )


# --- the rendered string -------------------------------------------------------------------

class Page(HTMLParser):
    """Every start tag with its attributes, the CSP meta content and the inline script/style bodies."""

    def __init__(self, document: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.blocks: dict[str, list[str]] = {"script": [], "style": []}
        self._open: str | None = None
        self.feed(document)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in self.blocks:
            self._open = tag
            self.blocks[tag].append("")

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == self._open:
            self._open = None

    def handle_data(self, data):
        if self._open:
            self.blocks[self._open][-1] += data

    def csp(self) -> dict[str, list[str]]:
        metas = [a["content"] for t, a in self.tags if t == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"]
        assert len(metas) == 1
        return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in metas[0].split(";")) if d}


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


URL_ATTRIBUTES = {"src", "href", "xlink:href", "action", "formaction", "data", "poster", "srcset", "background", "manifest", "ping"}


@pytest.mark.parametrize("which", ["share_report", "masked_report", "raw_report", "ui_report"])
def test_nothing_is_loaded_from_outside(which, request):
    html = render_html(request.getfixturevalue(which), "zh")
    assert "http://" not in html and "https://" not in html
    assert "url(" not in html and "@import" not in html
    page = Page(html)
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            if name in URL_ATTRIBUTES:
                assert value is not None and (value.startswith("#") or value.startswith("data:")), (tag, name, value)
    assert not [a for t, a in page.tags if t == "script" and "src" in a]
    assert not [t for t, a in page.tags if t in ("iframe", "object", "embed", "base", "form")]


@pytest.mark.parametrize("which", ["share_report", "masked_report", "raw_report", "ui_report"])
def test_csp_allows_exactly_the_inline_blocks(which, request):
    html = render_html(request.getfixturevalue(which), "en")
    page = Page(html)
    csp = page.csp()
    assert csp["default-src"] == ["'none'"]
    assert csp["img-src"] == ["data:"]
    assert len(page.blocks["script"]) == 1 and len(page.blocks["style"]) == 1
    assert csp["script-src"] == [_sha256(body) for body in page.blocks["script"]]
    assert csp["style-src"] == [_sha256(body) for body in page.blocks["style"]]
    assert "'unsafe-inline'" not in html and "'unsafe-eval'" not in html
    # The CSP would block them, so there must be none: no inline handlers, no style attributes.
    offending = [(t, n) for t, a in page.tags for n in a if n == "style" or n.startswith("on")]
    assert offending == []
    # The meta comes before anything a file name could put into the document.
    assert html.index("Content-Security-Policy") < html.index("<title")


def test_both_languages_are_in_the_file_and_lang_picks_the_first(ui_report):
    zh, en = render_html(ui_report, "zh"), render_html(ui_report, "en")
    for html in (zh, en):
        for chinese, english in (("处置计划", "Action plan"), ("资产清单", "Assets"), ("总体风险等级", "Overall risk"),
                                 ("告知接收方。", "Tell the recipient."), ("同组用户可读（权限 640）", "Readable by the group (mode 640)")):
            assert chinese in html and english in html
        assert 'id="lang-toggle"' in html
    assert '<html lang="zh-CN" class="show-zh">' in zh
    assert '<html lang="en" class="show-en">' in en
    assert 'placeholder="按路径筛选…"' in zh and 'placeholder="Filter by path…"' in en
    assert RENDERERS["html"](ui_report, "en") == en.encode("utf-8")
    assert RENDERERS["html"](ui_report, "zh") == zh.encode("utf-8")


def test_summary_and_each_asset_section(ui_report):
    html = render_html(ui_report, "zh")
    assert '<div class="value" id="kpi-people">1,000</div>' in html
    assert '<div class="value" id="kpi-files">7</div>' in html
    assert '<div class="verdict lvl-3" id="overall">' in html
    for index, rated in enumerate(UI_ASSETS, 1):
        assert f'<td class="path"><a href="#asset-{index}">{rated.asset.path}</a></td>' in html
        start = html.index(f'id="asset-{index}"')
        section = html[start:html.index("</section>", start)]
        # Each factor with its axis and points, in both languages, the entity codes given names.
        assert '<li class="factor" data-code="sensitivity"><span class="pts">+3</span><span><span class="lang-zh">最敏感的信息类型：居民身份证号（敏感度 3/3）</span>' in section
        assert 'Most sensitive type present: Resident ID number (sensitivity 3/3)' in section
        assert '<span class="pts neg">-2</span><span><span class="lang-zh">位于加密归档中</span>' in section
        assert section.index('class="axis axis-impact"') < section.index('data-code="sensitivity"') < section.index('class="axis axis-likelihood"') < section.index('data-code="group_readable"')
        assert "110101********123X" in section and "138****5678" in section
        assert "收紧访问权限" in section and "PIPL Art. 51(3)" in section and "#advice-fix-permissions" in section  # its headline; the plan has it whole
        assert f"{rated.score}</b> / 100" in section


def test_empty_report_renders():
    report = Report("0.1.0", "2026-11-24T10:00:00+08:00", "2026-11-24T10:00:01+08:00", ("empty",), Stats(0, 0, 0, 0.1), (), (), ())
    html = render_html(report, "zh")
    assert "未发现含个人信息的资产。" in html and 'id="asset-table"' not in html
    assert '<div class="verdict lvl-0" id="overall">' in html


def test_no_raw_value_without_show_data(masked_report, raw_report, synthetic_share):
    _, raw = synthetic_share
    # The scan found every value (so their absence below means something) ...
    assert {f.value for f in raw_report.findings} == raw
    assert all(f.value is None for f in masked_report.findings)
    html = render_html(masked_report, "zh") + render_html(masked_report, "en")
    # ... and none of them, nor a long enough piece of one to use, reaches the page.
    assert [value for value in raw if value in html] == []
    assert 'id="raw-notice"' not in html
    assert sorted(m for m in {f.masked for f in masked_report.findings} if m not in html) == []


def test_raw_values_only_with_show_data(raw_report, synthetic_share):
    _, raw = synthetic_share
    html = render_html(raw_report, "zh")
    assert sorted(value for value in raw if value not in html) == []
    assert 'id="raw-notice"' in html
    finding = next(f for f in raw_report.findings if f.location.path == "customers.txt" and f.location.line == 2)
    assert (f'<tr><td class="num">2</td><td class="num">{finding.location.column}</td>' in html)
    assert f'<td class="mono raw">{finding.value}</td>' in html


def test_hostile_file_names_and_error_texts_are_escaped(masked_report, ui_report):
    assert {XSS_SCRIPT, XSS_IMG} <= {rated.asset.path for rated in masked_report.assets}
    html = render_html(masked_report, "zh")
    assert XSS_SCRIPT not in html and "<img" not in html and "window.__pwned=1</script>" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;.txt" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;.txt" in html
    assert Page(html).blocks["script"][0].count("__pwned") == 0
    errors = render_html(ui_report, "en")
    assert "坏&lt;b&gt;文件&lt;/b&gt;.xlsx" in errors and "not a zip file &lt;i&gt;x&lt;/i&gt;" in errors
    assert "big&amp;large.bin" in errors and "larger than &lt;max-file-size&gt;" in errors
    assert "<b>文件" not in errors and "<i>x" not in errors


def test_children_are_counted(masked_report):
    html = render_html(masked_report, "zh")
    assert masked_report.counts.minors == 1
    assert '<div class="value" id="kpi-minors">1</div>' in html


# --- a real browser ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    required = bool(os.environ.get("CI"))
    if not os.path.exists(CHROMIUM):
        if required:
            pytest.fail(f"{CHROMIUM} is missing and CI is set: the browser tests must run in CI")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); with CI set this is a failure")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if required:
            raise
        pytest.skip("the playwright package is not installed (pip install -e .[test])")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


# Records CSP violations from the page's first instant (init scripts are not subject to the CSP).
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""


class Opened:
    def __init__(self, browser, html: str, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "report.html"
        path.write_text(html, encoding="utf-8")
        self.url = path.as_uri()
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda message: self.console.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.add_init_script(WATCH_CSP)
        self.page.goto(self.url, wait_until="load")

    def problems(self) -> dict:
        return {"console": self.console, "errors": self.errors, "csp": self.page.evaluate("window.__cspViolations"),
                "requests": [url for url in self.requests if url != self.url]}

    def rows(self) -> list[str]:
        return self.page.eval_on_selector_all("#asset-table tbody tr", "rows => rows.map(r => r.getAttribute('data-path'))")

    def visible_rows(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "#asset-table tbody tr", "rows => rows.filter(r => r.getClientRects().length > 0).map(r => r.querySelector('td.path').innerText)")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_page(browser, tmp_path):
    opened: list[Opened] = []

    def run(report: Report, lang: str = "zh", html: str | None = None) -> Opened:
        page = Opened(browser, html if html is not None else render_html(report, lang), tmp_path / f"page{len(opened)}")
        opened.append(page)
        return page

    yield run
    for page in opened:
        page.close()


CLEAN = {"console": [], "errors": [], "csp": [], "requests": []}
# Whether two characters, drawn in the page's font, give different pixels (missing glyphs are identical boxes).
DISTINCT_GLYPHS = """([first, second]) => {
    const draw = (character) => {
        const canvas = document.createElement("canvas");
        canvas.width = canvas.height = 48;
        const context = canvas.getContext("2d");
        context.font = "40px " + getComputedStyle(document.body).fontFamily;
        context.fillText(character, 0, 40);
        return canvas.toDataURL();
    };
    return draw(first) !== draw(second);
}"""


def test_browser_example_share_report_and_screenshot(open_page, share_report, tmp_path):
    opened = open_page(share_report)
    page = opened.page
    assert page.inner_text("#plan-heading") == "处置计划"
    assert opened.rows() == [rated.asset.path for rated in share_report.assets]
    assert page.locator("section.asset").count() == len(share_report.assets)
    # Without a CJK font every character is the same empty box: a screenshot of boxes is a failure.
    assert page.evaluate(DISTINCT_GLYPHS, ["处", "置"]), "no CJK font: the report's Chinese text renders as boxes"
    shot = page.screenshot(full_page=True)
    assert shot[:8] == b"\x89PNG\r\n\x1a\n"
    # Tests never write to the checkout: docs/report-screenshot.png is refreshed by hand from this file.
    (tmp_path / SCREENSHOT.name).write_bytes(shot)
    assert opened.problems() == CLEAN


def test_browser_sorts_by_score_and_people_numerically(open_page, ui_report):
    opened = open_page(ui_report)
    page = opened.page
    report_order = ["财务部/客户名单.csv", "HR/Employees.json", "客服/通话记录.txt", "法务部/合同.txt", "运维/app.log", "archive/old.csv"]
    assert opened.rows() == report_order
    score = page.locator('th[data-key="score"] button')
    score.click()  # numeric: 5 < 41, where text would put "41" before "5"; ties keep the report's order
    assert opened.rows() == ["archive/old.csv", "运维/app.log", "客服/通话记录.txt", "法务部/合同.txt", "HR/Employees.json", "财务部/客户名单.csv"]
    assert page.get_attribute('th[data-key="score"]', "aria-sort") == "ascending"
    score.click()
    assert opened.rows() == report_order
    assert page.get_attribute('th[data-key="score"]', "aria-sort") == "descending"
    page.locator('th[data-key="people"] button').click()  # 0, 2, 9, 30, 120, 1000
    assert opened.rows() == ["运维/app.log", "客服/通话记录.txt", "法务部/合同.txt", "archive/old.csv", "HR/Employees.json", "财务部/客户名单.csv"]
    assert page.get_attribute('th[data-key="score"]', "aria-sort") is None
    page.locator('th[data-key="findings"] button').click()
    page.locator('th[data-key="findings"] button').click()  # 4000, 360, 30, 18, 12, 2
    assert opened.rows() == ["财务部/客户名单.csv", "HR/Employees.json", "archive/old.csv", "运维/app.log", "法务部/合同.txt", "客服/通话记录.txt"]
    assert opened.problems() == CLEAN


def test_browser_filters_by_path_and_level(open_page, ui_report):
    opened = open_page(ui_report)
    page = opened.page
    page.fill("#asset-filter", "部/")
    assert opened.visible_rows() == ["财务部/客户名单.csv", "法务部/合同.txt"]
    page.fill("#asset-filter", "hr/emp")  # case-insensitive
    assert opened.visible_rows() == ["HR/Employees.json"]
    page.fill("#asset-filter", "")
    page.select_option("#level-filter", "2")
    assert opened.visible_rows() == ["客服/通话记录.txt", "法务部/合同.txt"]
    assert page.inner_text(".controls .count") == "显示 2 / 6"
    page.fill("#asset-filter", ".csv")
    assert opened.visible_rows() == []
    assert page.is_visible("#no-match")
    page.select_option("#level-filter", "")
    assert opened.visible_rows() == ["财务部/客户名单.csv", "archive/old.csv"]
    assert not page.is_visible("#no-match")
    # Sorting keeps the filter.
    page.locator('th[data-key="score"] button').click()
    assert opened.visible_rows() == ["archive/old.csv", "财务部/客户名单.csv"]
    assert opened.problems() == CLEAN


def test_browser_filters_by_sensitive_category(open_page, ui_report):
    opened = open_page(ui_report)
    page = opened.page
    # Only the kinds present are offered, in PIPL Art. 28's order, with the assets holding each.
    assert page.eval_on_selector_all("#category-filter option", "os => os.map(o => o.value)") == [
        "", "religion", "health", "financial", "identity_document"]
    assert page.inner_text('#sensitive-summary [data-category="identity_document"]') == "身份证件 2 个资产"
    page.select_option("#category-filter", "identity_document")
    assert opened.visible_rows() == ["财务部/客户名单.csv", "HR/Employees.json"]
    page.select_option("#level-filter", "3")
    page.select_option("#category-filter", "health")
    assert opened.visible_rows() == ["HR/Employees.json"]
    assert page.inner_text(".controls .count") == "显示 1 / 6"
    page.select_option("#level-filter", "")
    page.select_option("#category-filter", "religion")
    assert opened.visible_rows() == ["法务部/合同.txt"]
    page.select_option("#category-filter", "")
    assert len(opened.visible_rows()) == 6
    assert opened.problems() == CLEAN


def test_browser_language_switch(open_page, ui_report):
    opened = open_page(ui_report)
    page = opened.page
    headings = ["#summary-heading", "#plan-heading", "#assets-heading", "#details-heading"]
    chinese = ["总体结论", "处置计划", "资产清单", "逐项说明"]
    english = ["Summary", "Action plan", "Assets", "Asset details"]
    assert [page.inner_text(h) for h in headings] == chinese
    assert page.inner_text("#overall .level") == "严重"
    page.click("#lang-toggle")
    assert [page.inner_text(h) for h in headings] == english
    assert page.inner_text("#overall .level") == "Critical"
    assert page.get_attribute("html", "lang") == "en"
    assert page.get_attribute("#asset-filter", "placeholder") == "Filter by path…"
    assert page.inner_text('#level-filter option[value="3"]') == "critical"
    assert page.title() == "Personal information risk report · piplscan"
    page.click("#lang-toggle")
    assert [page.inner_text(h) for h in headings] == chinese
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert page.title() == "个人信息风险评估报告 · piplscan"
    english_first = open_page(ui_report, "en")
    assert [english_first.page.inner_text(h) for h in headings] == english
    assert opened.problems() == CLEAN and english_first.problems() == CLEAN


def test_browser_hostile_file_names_stay_text(open_page, masked_report):
    opened = open_page(masked_report)
    page = opened.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img").count() == 0
    assert XSS_SCRIPT in opened.visible_rows() and XSS_IMG in opened.visible_rows()
    assert page.locator("section.asset h3 .path", has_text="window.__pwned=1").inner_text() == XSS_SCRIPT
    assert page.inner_text("#kpi-minors") == "1"
    assert opened.problems() == CLEAN


def test_browser_harness_sees_csp_violations_and_errors(open_page, ui_report):
    """The checks above can fail: an injected style attribute and inline script are reported."""
    html = render_html(ui_report, "zh").replace('<h2 id="plan-heading">', '<h2 id="plan-heading" style="color:red">', 1)
    html = html.replace("</body>", "<script>window.__ran = 1;</script></body>", 1)
    opened = open_page(ui_report, html=html)
    assert opened.page.evaluate("typeof window.__ran") == "undefined"
    problems = opened.problems()
    assert sorted(v.split()[0] for v in problems["csp"]) == ["script-src-elem", "style-src-attr"]
    assert len(problems["console"]) == 2


def test_a_sheet_and_a_database_table_show_their_columns(share_report):
    """A sheet's columns are counted over every row; a database table's caption says how it was sampled."""
    html = render_html(share_report, "en")
    sheet = html[html.index('<span class="path">市场部/活动报名.xlsx</span></h3>'):]
    sheet = sheet[:sheet.index("</section>")]
    assert "Every row of the table read" in sheet
    assert '<td class="mono">报名表!身份证号</td>' in sheet
    database = html[html.index('<span class="path">信息部/crm.db#kehu</span></h3>'):]
    database = database[:database.index("</section>")]
    assert "Rows in the table" in database and "Every row of the table read" not in database
    assert '<span class="lang-zh">全部 12 行</span><span class="lang-en">all 12 rows</span></caption>' in database


@pytest.mark.parametrize("sampling, chinese", [
    ("all rows, streamed", "全部行，流式读取"),
    ("all 50 rows", "全部 50 行"),
    ("all 50 rows by primary key, 1000 per query", "全部 50 行，按主键顺序分批读取，每次 1000 行"),
    ("the first 1000 rows by primary key, 1000 per query", "前 1000 行，按主键顺序分批读取，每次 1000 行"),
    ("TABLESAMPLE SYSTEM (2.5%) of ~40000 rows, 1000 of them at random",
     "TABLESAMPLE SYSTEM 抽取约 2.5% 的数据页（表约 40000 行），从中随机取 1000 行"),
    ("the first 10 rows (LIMIT, no spread)", "前 10 行（LIMIT，未随机分布）"),
    ("rows chosen some new way", "rows chosen some new way"),  # unknown: shown as written
])
def test_sampling_of_a_database_table_in_chinese(sampling, chinese):
    assert sampling_zh(sampling) == chinese
