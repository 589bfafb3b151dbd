"""XLSX for reviewers who live in Excel: assets, the action plan, and one sheet per entity type."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from reports.rows import asset_rows, entity_rows, neutralise_formula, plan_rows
from scanner.model import Report

_LEVEL_FILLS = {0: "E8F5E9", 1: "FFF8E1", 2: "FFE0B2", 3: "FFCDD2"}
_SHEET_TITLES = {"zh": ("风险资产", "处置计划"), "en": ("Assets", "Action plan")}


def _fill(sheet, rows: list[list], widths: list[int]) -> None:
    for row in rows:
        sheet.append([neutralise_formula(cell) for cell in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGHIJK", widths):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def render_xlsx(report: Report, lang: str) -> bytes:
    workbook = Workbook()
    assets = workbook.active
    assets.title = _SHEET_TITLES[lang][0]
    _fill(assets, asset_rows(report, lang), [48, 10, 8, 10, 12, 10, 10, 10, 8, 8, 40, 80, 100])
    for row_number, rated in enumerate(report.assets, start=2):
        assets.cell(row_number, 2).fill = PatternFill("solid", fgColor=_LEVEL_FILLS[rated.level])
        for column in (11, 12, 13):
            assets.cell(row_number, column).alignment = Alignment(wrap_text=True, vertical="top")
    _fill(workbook.create_sheet(_SHEET_TITLES[lang][1]), plan_rows(report, lang), [10, 100, 40])
    for entity, rows in entity_rows(report, lang).items():
        _fill(workbook.create_sheet(entity[:31]), rows, [48, 10, 60])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
