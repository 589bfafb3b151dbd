"""A file share of mixed formats: files/s, MB/s and peak RSS with 1 and 2 workers, next to the
text path over the same content already extracted.

Generates --files files (xlsx, docx, pdf, csv, txt in turn; about --mb MB in all; synthetic,
checksum-valid values) in a temp dir, plus a second folder holding each file's extracted text
as .txt, then times through the CLI:

- ``piplscan scan share --workers 1`` and ``--workers 2``;
- ``piplscan scan text --workers 1``: the foundation's text path alone (the baseline).

Run: python benchmarks/share_scan.py [--files 2000 --mb 500]
"""

import argparse
import io
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from docx import Document as DocxDocument
from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.git_scan import measure  # noqa: E402  (wall time and peak RSS of a command)
from scanner.extract import TablePart, extract  # noqa: E402
from tests import synthetic  # noqa: E402
from tests.test_extract import pdf_bytes  # noqa: E402

PIPLSCAN = str(Path(sys.executable).with_name("piplscan"))


def _rows(rng: random.Random, count: int) -> list[list[str]]:
    rows = []
    for _ in range(count):
        person = synthetic.customer_row(rng)
        rows.append([person["name"], person["id"], person["mobile"], person["email"], synthetic.prose_line(rng, 30)])
    return rows


def _file(kind: str, rng: random.Random, size: int) -> bytes:
    rows = _rows(rng, max(size // 120, 5))
    if kind == "xlsx":
        book = Workbook(write_only=True)
        sheet = book.create_sheet("客户")
        sheet.append(["姓名", "身份证号", "手机", "邮箱", "备注"])
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    if kind == "docx":
        document = DocxDocument()
        for row in rows[: max(len(rows) // 4, 5)]:
            document.add_paragraph(f"客户{row[0]}，身份证号 {row[1]}，联系电话 {row[2]}。{row[4]}")
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
    if kind == "pdf":
        lines = [b"BT /F1 9 Tf 40 %d Td (ID %s Tel %s) Tj ET" % (800 - 12 * (i % 60), r[1].encode(), r[2].encode())
                 for i, r in enumerate(rows[:600])]
        return pdf_bytes([b"\n".join(lines[i:i + 60]) for i in range(0, len(lines), 60)])
    text = "\n".join(",".join(row) for row in rows) + "\n"
    return ("姓名,身份证号,手机,邮箱,备注\n" + text if kind == "csv" else text.replace(",", " ")).encode("utf-8")


def _extracted_text(path: Path) -> str:
    parts = []
    for item in extract(path):
        if isinstance(item, TablePart):
            parts += ["\t".join(cell or "" for cell in cells) for _, cells in item.rows()]
        elif hasattr(item, "text"):
            parts.append(item.text)
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--mb", type=float, default=500)
    args = parser.parse_args()
    rng = random.Random(3)
    kinds = ["xlsx", "docx", "pdf", "csv", "txt"]
    with tempfile.TemporaryDirectory() as folder:
        share, text = Path(folder) / "share", Path(folder) / "text"
        started, total = time.perf_counter(), 0
        per_file = int(args.mb * 1e6 / args.files)
        for index in range(args.files):
            kind = kinds[index % len(kinds)]
            target = share / f"dept{index % 40:02d}" / f"file{index:05d}.{kind}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_file(kind, rng, per_file))
            total += target.stat().st_size
            plain = text / target.relative_to(share).with_suffix(".txt")
            plain.parent.mkdir(parents=True, exist_ok=True)
            plain.write_text(_extracted_text(target), encoding="utf-8")
        text_bytes = sum(p.stat().st_size for p in text.rglob("*.txt"))
        print(f"share: {args.files} files, {total / 1e6:.0f} MB ({', '.join(kinds)} in turn); extracted text "
              f"{text_bytes / 1e6:.0f} MB; generated in {time.perf_counter() - started:.0f} s")
        print(f"{'run':<40} {'wall s':>8} {'files/s':>8} {'MB/s':>7} {'peak RSS MiB':>13} {'findings':>9}")
        results = {}
        for label, target, workers in (("share, 1 worker", share, 1), ("share, 2 workers", share, 2),
                                       ("extracted text, 1 worker (baseline)", text, 1)):
            output = Path(folder) / "report.json"
            wall, rss, _ = measure([PIPLSCAN, "scan", str(target), "--workers", str(workers), "--output", str(output)],
                                   Path(folder), 1)
            findings = len(json.loads(output.read_text(encoding="utf-8"))["findings"])
            size = total if target == share else text_bytes
            results[label] = wall
            print(f"{label:<40} {wall:>8.1f} {args.files / wall:>8.1f} {size / 1e6 / wall:>7.2f} {rss:>13.0f} {findings:>9,}")
        one, two = results["share, 1 worker"], results["share, 2 workers"]
        baseline = results["extracted text, 1 worker (baseline)"]
        print(f"2 workers: {one / two:.2f}x one; one worker over the share takes {one / baseline:.2f}x the text path "
              f"over the extracted text")


if __name__ == "__main__":
    main()
