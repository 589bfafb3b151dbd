"""Reading a dense xlsx export's cells: our expat reader (scanner/extract/sheet_xml.py) beside
openpyxl's sheet parser (what it replaced), python-calamine where installed (not a dependency: it
reads a whole sheet into a dense grid), and the physical limit of inflating the sheet's XML. Every
reader's cells are checked against openpyxl's. CPU seconds of this process, one core.

The export is synthetic (tests/synthetic.py values): 10 columns of customer data, written once with
shared strings (as Excel saves) and once with inline strings (as streaming writers do).

    .venv/bin/python benchmarks/xlsx_read.py [--rows 100000]
"""

import argparse
import io
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import xlsxwriter
from openpyxl import load_workbook
from openpyxl.worksheet._reader import WorkSheetParser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scanner.extract.sheet_xml import SheetRows  # noqa: E402
from tests import synthetic  # noqa: E402


def write(path: Path, rows: int, inline: bool) -> None:
    rng = random.Random(7)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": inline})
    sheet = book.add_worksheet("客户")
    for row in range(rows):
        values = (f"C{row:09d}", synthetic.person_name(rng), synthetic.resident_id(rng), synthetic.mobile(rng),
                  synthetic.email(rng), synthetic.prose_line(rng, 20), f"2025-{rng.randint(1, 12):02d}-01",
                  f"SKU-{rng.randint(10**5, 10**6 - 1)}", synthetic.bank_account(rng))
        for column, value in enumerate(values):
            sheet.write_string(row, column, value)
        sheet.write_number(row, len(values), rng.randint(1, 10**7) / 100)
    book.close()


def cells_of(rows) -> list:
    return [(number, [cell[:2] for cell in cells]) for number, cells in rows]


def timed(read) -> tuple[float, list]:
    started = time.process_time()
    result = read()
    return time.process_time() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for inline in (False, True):
            path = Path(folder) / f"export-{inline}.xlsx"
            write(path, args.rows, inline)
            workbook = load_workbook(path, read_only=True)
            [sheet] = workbook.worksheets
            shared, member = sheet._shared_strings, sheet._worksheet_path
            with zipfile.ZipFile(path) as archive:
                xml = archive.read(member)
            cells = args.rows * 10
            inflate, _ = timed(lambda: zipfile.ZipFile(path).read(member))
            reference_s, reference = timed(lambda: [(n, [(c["column"] - 1, c["value"]) for c in cs]) for n, cs in
                                                    WorkSheetParser(io.BytesIO(xml), shared, data_only=True).parse()])
            ours_s, ours = timed(lambda: cells_of(SheetRows(io.BytesIO(xml), shared)))
            print(f"{path.stat().st_size / 1e6:.0f} MB xlsx, {len(xml) / 1e6:.0f} MB sheet XML, {cells:,} cells, "
                  f"{'inline' if inline else 'shared'} strings")
            print(f"  {'reader':<28} {'CPU s':>7} {'cells/s':>12}")
            print(f"  {'inflate the XML (limit)':<28} {inflate:>7.2f} {cells / inflate:>12,.0f}")
            print(f"  {'openpyxl sheet parser':<28} {reference_s:>7.2f} {cells / reference_s:>12,.0f}")
            print(f"  {'expat reader (ours)':<28} {ours_s:>7.2f} {cells / ours_s:>12,.0f}   "
                  f"{reference_s / ours_s:.1f}x openpyxl; cells {'identical' if ours == reference else 'DIFFER'}")
            try:
                from python_calamine import CalamineWorkbook
            except ImportError:
                print("  python-calamine: not installed")
            else:
                calamine_s, grid = timed(lambda: CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python())
                print(f"  {'python-calamine (dense grid)':<28} {calamine_s:>7.2f} {cells / calamine_s:>12,.0f}")
            workbook.close()
            if ours != reference:
                sys.exit(1)


if __name__ == "__main__":
    main()
