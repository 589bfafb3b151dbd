"""Renderers, keyed by format name. Each takes the whole Report and returns the text to write."""

from collections.abc import Callable

from reports.json_report import render_json
from reports.markdown_report import render_markdown
from scanner.model import Report

RENDERERS: dict[str, Callable[[Report], str]] = {
    "json": render_json,
    "markdown": render_markdown,
}
