"""Renderers, keyed by format name. Each takes the whole Report and a language ("zh" or "en");
calling it returns the document's bytes, ``chunks`` yields them piece by piece."""

from collections.abc import Iterator
from importlib import import_module

from scanner.model import Report


class Renderer:
    """One format, its module imported on first use: openpyxl and jinja2 would add a fifth of a
    second to the start-up of every CI job, most of which write only JSON, SARIF or text.

    A renderer function returns its document (str or bytes) or yields it in pieces; the JSON
    renderer yields a few hundred findings at a time, so a report of a million findings is never
    whole in memory on its way to a file (the document itself weighs several times the findings)."""

    def __init__(self, module: str, function: str, takes_lang: bool = True):
        self.module, self.function, self.takes_lang = module, function, takes_lang

    def chunks(self, report: Report, lang: str) -> Iterator[bytes]:
        render = getattr(import_module(f"reports.{self.module}"), self.function)
        rendered = render(report, lang) if self.takes_lang else render(report)
        for piece in (rendered,) if isinstance(rendered, (str, bytes)) else rendered:
            # backslashreplace: a lone surrogate (a name's byte that is not UTF-8) left in a string becomes
            # "\\udcff", a valid escape inside a JSON string and visible text in HTML, instead of a crash.
            yield piece.encode("utf-8", "backslashreplace") if isinstance(piece, str) else piece

    def __call__(self, report: Report, lang: str) -> bytes:
        return b"".join(self.chunks(report, lang))


RENDERERS: dict[str, Renderer] = {
    "json": Renderer("json_report", "json_chunks", takes_lang=False),
    "html": Renderer("html_report", "render_html"),
    "markdown": Renderer("markdown_report", "render_markdown"),
    "csv": Renderer("csv_report", "render_csv"),
    "xlsx": Renderer("xlsx_report", "render_xlsx"),
    "sarif": Renderer("sarif_report", "render_sarif"),
    "text": Renderer("text_report", "render_text"),
}
