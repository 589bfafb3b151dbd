"""Renderers, keyed by format name. Each takes the whole Report and a language ("zh" or "en")
and returns the document's bytes."""

from collections.abc import Callable

from reports.csv_report import render_csv
from reports.html_report import render_html
from reports.json_report import render_json
from reports.markdown_report import render_markdown
from reports.sarif_report import render_sarif
from reports.xlsx_report import render_xlsx
from scanner.model import Report

Renderer = Callable[[Report, str], bytes]

RENDERERS: dict[str, Renderer] = {
    "json": lambda report, lang: render_json(report).encode("utf-8"),
    "html": lambda report, lang: render_html(report, lang).encode("utf-8"),
    "markdown": lambda report, lang: render_markdown(report, lang).encode("utf-8"),
    "csv": render_csv,
    "xlsx": render_xlsx,
    "sarif": render_sarif,
}
