"""CSV: one row per asset with rating, factors and advice (UTF-8 with BOM so Excel reads Chinese)."""

import csv
import io

from reports.rows import asset_rows, neutralise_formula
from scanner.model import Report


def render_csv(report: Report, lang: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in asset_rows(report, lang):
        writer.writerow([neutralise_formula(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")
