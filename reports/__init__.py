"""Renderers, keyed by format name. Each takes the whole Report and a language ("zh" or "en")
and returns the document's bytes."""

from collections.abc import Callable
from importlib import import_module

from scanner.model import Report

Renderer = Callable[[Report, str], bytes]


def _on_first_use(module: str, function: str, returns_text: bool = False, takes_lang: bool = True) -> Renderer:
    """Import a renderer's module when it is used: openpyxl and jinja2 would add a fifth of a
    second to the start-up of every CI job, most of which write only JSON, SARIF or text."""

    def render(report: Report, lang: str) -> bytes:
        rendered = getattr(import_module(f"reports.{module}"), function)(*((report, lang) if takes_lang else (report,)))
        return rendered.encode("utf-8") if returns_text else rendered

    return render


RENDERERS: dict[str, Renderer] = {
    "json": _on_first_use("json_report", "render_json", returns_text=True, takes_lang=False),
    "html": _on_first_use("html_report", "render_html", returns_text=True),
    "markdown": _on_first_use("markdown_report", "render_markdown", returns_text=True),
    "csv": _on_first_use("csv_report", "render_csv"),
    "xlsx": _on_first_use("xlsx_report", "render_xlsx"),
    "sarif": _on_first_use("sarif_report", "render_sarif"),
    "text": _on_first_use("text_report", "render_text"),
}
