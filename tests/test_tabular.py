"""CSV, XLSX and Markdown renderers, and re-rendering a saved JSON report."""

import csv
import io
import json
import random
from datetime import date

import pytest
from openpyxl import load_workbook

from reports import RENDERERS
from reports.json_report import render_json, report_from_dict, report_to_dict
from scanner.pipeline import Scanner
from scanner.sources.files import FileSource, WalkOptions
from tests import synthetic

HOSTILE = "=HYPERLINK(1)+2.csv"


@pytest.fixture(scope="module")
def report(engine, tmp_path_factory):
    rng = random.Random(91)
    share = tmp_path_factory.mktemp("tabular")
    rows = [synthetic.customer_row(rng) for _ in range(3)]
    (share / "客户.csv").write_text("".join(f"{r['id']},{r['mobile']},{r['card']}\n" for r in rows), encoding="utf-8")
    (share / HOSTILE).write_text(f"邮箱 {synthetic.email(rng)}\n", encoding="utf-8")
    (share / "clean.txt").write_text("没有个人信息\n", encoding="utf-8")
    return Scanner(engine, b"k", today=date(2026, 11, 24)).scan([str(share)], [FileSource(share, WalkOptions())])


def test_csv_one_row_per_asset_with_rating_factors_and_advice(report):
    text = RENDERERS["csv"](report, "en").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Path", "Risk", "Score"]
    assert [row[0] for row in rows[1:]] == [a.asset.path if a.asset.path != HOSTILE else "'" + HOSTILE for a in report.assets]
    customers = next(row for row in rows if row[0] == "客户.csv")
    assert customers[7] == "9"  # findings: three people, three values each
    assert customers[8:10] == ["no", "no"]  # counted exactly, read whole
    assert "CN_RESIDENT_ID 3" in customers[10] and customers[11] == "Financial accounts; Identity documents"
    assert "(+" in customers[12] and "PIPL" in customers[13]


def test_xlsx_sheets_and_formula_neutralised(report):
    workbook = load_workbook(io.BytesIO(RENDERERS["xlsx"](report, "zh")))
    assert workbook.sheetnames[:2] == ["风险资产", "处置计划"]
    assert set(workbook.sheetnames[2:]) == {"CN_RESIDENT_ID", "CN_MOBILE_PHONE", "CN_BANK_CARD", "EMAIL_ADDRESS"}
    assets = workbook["风险资产"]
    paths = [assets.cell(row, 1).value for row in range(2, assets.max_row + 1)]
    assert "'" + HOSTILE in paths and HOSTILE not in paths  # a leading = would run as a formula
    assert all(cell.data_type != "f" for row in assets.iter_rows() for cell in row)
    ids = workbook["CN_RESIDENT_ID"]
    assert [ids.cell(2, column).value for column in (1, 2)] == ["客户.csv", 3]  # the asset's values of the type
    plan = workbook["处置计划"]
    assert plan.cell(2, 1).value == "P1" and plan.max_row == len(report.risk.action_plan) + 1


def test_markdown_names_the_rating_and_escapes_names(report):
    text = RENDERERS["markdown"](report, "en").decode()
    assert text.splitlines()[0].startswith(f"# piplscan: {report.counts.total} values found, overall risk **")
    assert "| =HYPERLINK(1)+2.csv |" in text and "## Action plan" in text


def _cells(data: bytes) -> dict:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in book}


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_every_format_renders_the_same_from_saved_json(report, name):
    saved = report_from_dict(json.loads(render_json(report)))
    again, original = RENDERERS[name](saved, "zh"), RENDERERS[name](report, "zh")
    if name == "xlsx":  # the zip container carries timestamps: compare the cells
        assert _cells(again) == _cells(original)
    else:
        assert again == original


@pytest.mark.parametrize("lines", [0, 1, 1201])
def test_json_written_in_pieces_is_the_whole_document(engine, tmp_path, lines):
    """The JSON renderer yields findings 500 at a time; joined, the pieces are exactly the
    document ``json.dumps`` makes of the whole report, with 0, 1 and several pieces of findings."""
    rng = random.Random(lines)
    (tmp_path / "客户.txt").write_text("".join(f"手机 {synthetic.mobile(rng)}\n" for _ in range(lines)) or "无\n", encoding="utf-8")
    report = Scanner(engine, b"k", today=date(2026, 11, 24)).scan([str(tmp_path)], [FileSource(tmp_path, WalkOptions())])
    assert len(report.findings) == lines
    pieces = list(RENDERERS["json"].chunks(report, "zh"))
    assert len(pieces) == (1 if lines == 0 else 2 + -(-lines // 500))
    assert b"".join(pieces) == (json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
