"""A file share of mixed formats: files/s, MB/s and peak RSS with 1 and 2 workers, next to the
text path over the same content already extracted.

Generates --files files (about --mb MB in all; synthetic, checksum-valid values) in a temp dir,
as a share handed over in a transfer looks: by count mostly office files, by bytes mostly
customer exports. In turn: csv (a customer export, 10 columns: most bytes), xlsx (a customer
list), docx (a contract with a few customers' details), pdf (a signed form), txt (meeting notes,
sparse values) and eml (a complaint with an attachment). A second folder holds the extracted
text of the first ``--baseline-files`` files as .txt. Then it times:

- ``piplscan scan share --workers 1`` and ``--workers 2`` (the CLI);
- the baseline, over the first ``--baseline-files`` files (every kind in proportion; the text
  path over all of it takes over an hour), side by side with a scan of those files: the
  foundation's text path over the extracted text, detection only (the files
  decoded and chunked as a text scan reads them, every chunk through the same engine, results
  counted). The CLI over the extracted text would spend its time and memory on the millions of
  findings of the exports' rows (the share's tables are tallied, 20 examples a column), which
  would measure the report, not the reading.

Run: python benchmarks/share_scan.py [--files 2000 --mb 500]
"""

import argparse
import io
import json
import random
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

from docx import Document as DocxDocument
from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.git_scan import measure  # noqa: E402  (wall time and peak RSS of a command)
from scanner.extract import TablePart, extract  # noqa: E402
from tests import synthetic  # noqa: E402
from tests.test_extract import pdf_bytes  # noqa: E402

PIPLSCAN = str(Path(sys.executable).with_name("piplscan"))


KINDS = ("csv", "xlsx", "docx", "pdf", "txt", "xlsx", "docx", "csv", "txt", "eml")  # by count
WEIGHT = {"csv": 5.0, "xlsx": 1.0, "docx": 0.4, "pdf": 0.3, "txt": 0.3, "eml": 0.2}  # relative size


def _customers(rng: random.Random, count: int) -> list[list[str]]:
    rows = []
    for number in range(count):
        person = synthetic.customer_row(rng)
        rows.append([f"C{number:07d}", person["name"], person["id"], person["mobile"], person["email"],
                     f"{rng.randint(1, 99999)}.{rng.randint(0, 99):02d}", f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                     f"SKU-{rng.randint(10**5, 10**6 - 1)}", synthetic.prose_line(rng, 30)])
    return rows


HEADER = ["客户编号", "姓名", "身份证号", "手机", "邮箱", "金额", "日期", "产品编码", "备注"]


def _prose(rng: random.Random, size: int, rows: list[list[str]]) -> list[str]:
    """Paragraphs of prose with a customer's details every few of them."""
    paragraphs, length, customers = [], 0, iter(rows)
    while length < size:
        text = synthetic.prose_line(rng, 110)
        if rng.random() < 0.15:
            row = next(customers, None)
            if row:
                text += f"客户{row[1]}，身份证号 {row[2]}，联系电话 {row[3]}。"
        paragraphs.append(text)
        length += len(text.encode("utf-8"))
    return paragraphs


def _file(kind: str, rng: random.Random, size: int) -> bytes:
    if kind == "csv":
        rows = _customers(rng, max(size // 150, 5))
        return ("\n".join(",".join(row) for row in [HEADER] + rows) + "\n").encode("utf-8")
    if kind == "xlsx":
        book = Workbook(write_only=True)
        sheet = book.create_sheet("客户")
        sheet.append(HEADER)
        for row in _customers(rng, max(size // 60, 5)):
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    paragraphs = _prose(rng, size if kind in ("txt", "eml") else size * 3, _customers(rng, 50))
    if kind == "docx":
        document = DocxDocument()
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
    if kind == "pdf":  # the text layer is ASCII: the built-in font has no Chinese glyphs
        rows = _customers(rng, 40)
        lines = [b"BT /F1 9 Tf 40 %d Td (Applicant ID %s Tel %s) Tj ET" % (800 - 12 * (i % 60), r[2].encode(), r[3].encode())
                 for i, r in enumerate(rows)]
        return pdf_bytes([b"\n".join(lines[i:i + 20]) for i in range(0, len(lines), 20)])
    if kind == "eml":
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "kefu@example.cn", "fawu@example.cn", "客户投诉"
        message.set_content("\n".join(paragraphs))
        attachment = "\n".join(",".join(row) for row in [HEADER] + _customers(rng, 20)) + "\n"
        message.add_attachment(attachment.encode("utf-8"), maintype="text", subtype="csv", filename="明细.csv")
        return message.as_bytes()
    return ("\n".join(paragraphs) + "\n").encode("utf-8")


def _extracted_text(path: Path) -> str:
    parts = []
    for item in extract(path):
        if isinstance(item, TablePart):
            parts += ["\t".join(cell or "" for cell in cells) for _, cells in item.rows()]
        elif hasattr(item, "text"):
            parts.append(item.text)
    return "\n".join(parts)


def text_baseline(folder: Path, output: Path) -> None:
    """The text path's detection over every extracted file: decoded and chunked as a scan reads
    text, each chunk through the engine. Writes the number of results as a report's length."""
    from recognizers import load_recognizers
    from scanner.engine import DetectionEngine
    from scanner.sources.files import FileSource, WalkOptions

    engine = DetectionEngine([item.recognizer for item in load_recognizers()], 0.4)
    results = 0
    for document in FileSource(folder, WalkOptions()).items():
        for chunk in document.chunks():
            results += sum(1 for r in engine.analyze(chunk.text) if chunk.own_start <= chunk.offset + r.start < chunk.own_end)
    output.write_text(json.dumps({"findings": [None] * results}), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--mb", type=float, default=500)
    parser.add_argument("--baseline-files", type=int, default=200,
                        help="the baseline and its side-by-side share run use the first N files (every kind in proportion)")
    parser.add_argument("--text-baseline", nargs=2, type=Path, help=argparse.SUPPRESS)  # the baseline's own process
    args = parser.parse_args()
    if args.text_baseline:
        text_baseline(*args.text_baseline)
        return
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as folder:
        share, text, subset = Path(folder) / "share", Path(folder) / "text", Path(folder) / "subset"
        started = time.perf_counter()
        unit = args.mb * 1e6 / sum(WEIGHT[KINDS[index % len(KINDS)]] for index in range(args.files))
        for index in range(args.files):
            kind = KINDS[index % len(KINDS)]
            relative = Path(f"dept{index % 40:02d}") / f"file{index:05d}.{kind}"
            data = _file(kind, rng, int(unit * WEIGHT[kind]))
            for root in (share, subset) if index < args.baseline_files else (share,):
                (root / relative).parent.mkdir(parents=True, exist_ok=True)
                (root / relative).write_bytes(data)
            if index < args.baseline_files:
                plain = text / relative.with_suffix(".txt")
                plain.parent.mkdir(parents=True, exist_ok=True)
                plain.write_text(_extracted_text(share / relative), encoding="utf-8")
        sizes = {root: sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) for root in (share, subset, text)}
        counts = {kind: sum(1 for p in share.rglob(f"*.{kind}")) for kind in WEIGHT}
        print(f"share: {args.files} files, {sizes[share] / 1e6:.0f} MB ({', '.join(f'{n} {kind}' for kind, n in counts.items())}); "
              f"the first {args.baseline_files}: {sizes[subset] / 1e6:.0f} MB, extracted text {sizes[text] / 1e6:.0f} MB; "
              f"generated in {time.perf_counter() - started:.0f} s")
        print(f"{'run':<46} {'wall s':>8} {'files/s':>8} {'MB/s':>7} {'peak RSS MiB':>13} {'findings':>9}")
        results = {}
        runs = (("share, 1 worker", share, 1, args.files), ("share, 2 workers", share, 2, args.files),
                (f"first {args.baseline_files} files, 1 worker", subset, 1, args.baseline_files),
                ("their extracted text, text path (baseline)", text, 1, args.baseline_files))
        for label, target, workers, files in runs:
            output = Path(folder) / "report.json"
            if target == text:
                command = [sys.executable, __file__, "--text-baseline", str(target), str(output)]
            else:
                command = [PIPLSCAN, "scan", str(target), "--workers", str(workers), "--output", str(output)]
            wall, rss, _ = measure(command, Path(folder), 1)
            findings = len(json.loads(output.read_text(encoding="utf-8"))["findings"])
            results[target, workers] = wall
            print(f"{label:<46} {wall:>8.1f} {files / wall:>8.1f} {sizes[target] / 1e6 / wall:>7.2f} {rss:>13.0f} {findings:>9,}", flush=True)
        print("(findings: listed in the report; the baseline's are every result, tables' values included)")
        print(f"2 workers: {results[share, 1] / results[share, 2]:.2f}x one; one worker over the first {args.baseline_files} files "
              f"takes {results[subset, 1] / results[text, 1]:.2f}x the text path over their extracted text")


if __name__ == "__main__":
    main()
