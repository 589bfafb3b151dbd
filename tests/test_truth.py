"""The report tells the truth at any scale (issue 13): business numbers are not personal data,
every count comes from the tallies and is the same in every format, ratings grow with the data,
and a target that could not be read fails the scan."""

import csv
import io
import json
import random
import subprocess
import sys
import uuid
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy

from reports import RENDERERS
from reports.reasons import reason_zh
from scanner.model import Document, TextChunk
from scanner.pipeline import Scanner
from scanner.sources.files import FileSource, WalkOptions
from tests import synthetic
from tests.test_database import MARIADB_URL, POSTGRES_URL
from tests.test_database_scan import _server_or_skip

CLI = [str(Path(sys.executable).with_name("piplscan"))]
ENV = {"PIPLSCAN_FINGERPRINT_KEY": "truth-test-key", "PATH": "/usr/bin:/bin"}


def scan(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + ["scan", *args], capture_output=True, text=True, cwd=cwd, env=ENV, timeout=300)


def report_of(*args: str) -> dict:
    result = scan(*args, "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _order_rows(rng: random.Random, rows: int) -> list[tuple[str, str]]:
    """Random 18-digit order numbers and 11-digit amounts: some pass Luhn, GB 32100 or a mobile
    number plan by chance."""
    return [(str(rng.randrange(10**17, 10**18)), str(rng.randrange(10**10, 10**11))) for _ in range(rows)]


@pytest.mark.parametrize("header", [("订单号", "金额"), ("order_no", "amount"), ("id", "value")])
def test_an_order_export_holds_no_personal_data(tmp_path, header):
    rows = _order_rows(random.Random(13), 1000)
    with (tmp_path / "orders.csv").open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([header, *rows])
    report = report_of(str(tmp_path / "orders.csv"))
    assert report["findings"] == [] and report["assets"] == []
    assert report["risk"]["level"] == "low" and report["risk"]["people"] == 0
    rejected = {(c["column_name"], c["entity_type"]) for c in report["columns_rejected"]}
    assert (header[0], "CREDIT_CARD") in rejected and (header[1], "CN_MOBILE_PHONE") in rejected
    assert all(not c["taken"] and "not taken" in c["why_en"] and "不采信" in c["why_zh"] for c in report["columns_rejected"])
    assert scan(str(tmp_path / "orders.csv"), "--fail-on", "any", "--format", "json").returncode == 0


def test_a_card_column_with_a_few_typos_is_still_a_card_column(tmp_path):
    rng = random.Random(7)
    cards = [synthetic.unionpay_card(rng) for _ in range(200)]
    typos = {3, 50, 120}  # a mistyped digit fails Luhn
    cards = [c[:-1] + str((int(c[-1]) + 1) % 10) if i in typos else c for i, c in enumerate(cards)]
    with (tmp_path / "cards.csv").open("w", encoding="utf-8") as stream:
        stream.write("卡号\n" + "\n".join(cards) + "\n")
    report = report_of(str(tmp_path / "cards.csv"))
    [column] = report["columns"]
    assert (column["entity_type"], column["matching_rows"], column["taken"]) == ("CN_BANK_CARD", 197, True)
    assert report["summary"]["by_entity"] == {"CN_BANK_CARD": 197} and report["assets"][0]["values"] == 197


def test_prose_business_numbers_are_not_judged_as_columns(tmp_path):
    """A remarks column of free text keeps its one phone number: there is no column shape to judge."""
    rng = random.Random(8)
    phone = synthetic.mobile(rng)
    lines = ["备注"] + [f"已处理第{i}单" for i in range(99)] + [f"客户要求回电 {phone}"]
    (tmp_path / "notes.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = report_of(str(tmp_path / "notes.csv"))
    assert [(f["entity_type"], f["location"]["cell"]) for f in report["findings"]] == [("CN_MOBILE_PHONE", "A101")]


# --- tables in real databases --------------------------------------------------------------

def _customers(rng: random.Random, rows: int, children: int) -> list[dict]:
    """Customers with an ID (the first ``children`` of them under 14), a card, a phone, an
    address, and a phone column already masked."""
    today = date.today()
    people = []
    for i in range(rows):
        born = date(today.year - 8, 1, 1) if i < children else date(1960 + i % 40, 1 + i % 12, 1 + i % 28)
        phone = synthetic.mobile(rng)
        people.append({"id": i + 1, "sfzh": synthetic.resident_id(rng, born), "yhkh": synthetic.unionpay_card(rng),
                       "sjh": phone, "dz": f"浙江省杭州市西湖区文三路{i % 500 + 1}号", "sjh_masked": phone[:3] + "****" + phone[7:]})
    return people


def _load(engine: sqlalchemy.Engine, table: str, rows: list[dict]) -> None:
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text(f"CREATE TABLE {table} (id INT PRIMARY KEY, sfzh VARCHAR(18), yhkh VARCHAR(19), "
                                           "sjh VARCHAR(11), dz VARCHAR(64), sjh_masked VARCHAR(11))"))
        connection.execute(sqlalchemy.text(f"INSERT INTO {table} VALUES (:id, :sfzh, :yhkh, :sjh, :dz, :sjh_masked)"), rows)


def test_counts_and_ratings_come_from_the_tallies_in_mariadb(tmp_path):
    engine = _server_or_skip(MARIADB_URL)
    prefix = f"truth_{uuid.uuid4().hex[:8]}"
    rows = _customers(random.Random(3000), 3000, children=248)
    try:
        _load(engine, f"{prefix}_all", rows)
        _load(engine, f"{prefix}_half", rows[:1500])
        (tmp_path / "one.txt").write_text(f"客户身份证 {rows[0]['sfzh']} 手机 {rows[0]['sjh']}\n", encoding="utf-8")
        report = report_of(MARIADB_URL, str(tmp_path / "one.txt"), "--include", f"test.{prefix}_*", "--full")
    finally:
        with engine.begin() as connection:
            for table in ("all", "half"):
                connection.execute(sqlalchemy.text(f"DROP TABLE IF EXISTS {prefix}_{table}"))
    assets = {a["path"]: a for a in report["assets"]}
    whole, half, one = (next(a for path, a in assets.items() if path.endswith(end)) for end in ("_all", "_half", "one.txt"))
    assert whole["entities"] == {"CN_RESIDENT_ID": 3000, "CN_BANK_CARD": 3000, "CN_MOBILE_PHONE": 3000, "CN_ADDRESS": 3000}
    children = len({row["sfzh"] for row in rows[:248]})  # a generated child's ID may repeat another's
    assert (whole["values"], whole["people"], whole["minors"], whole["estimate"]) == (12000, 3000, children, False)
    assert whole["masked_values"] == 3000
    masked = next(f for f in whole["factors"] if f["code"] == "masked")
    assert masked["en"] == "3000 value(s) already masked (12000 in plaintext)" and masked["points"] == 0
    # The half table's values are all in the whole one, the one-person file's too.
    distinct = sum(len({row[column] for row in rows[:1500]}) for column in ("sfzh", "yhkh", "sjh", "dz"))
    copies = next(f for f in half["factors"] if f["code"] == "copies")
    assert copies["en"] == f"{distinct} value(s) also found in other assets" and half["copies"] == distinct > 4900
    # one person (ID and phone, copied in the tables, world-readable): high, below the tables
    assert (whole["risk"]["level"], half["risk"]["level"], one["risk"]["level"]) == ("critical", "critical", "high")
    assert whole["risk"]["score"] >= half["risk"]["score"] > one["risk"]["score"]
    assert report["summary"]["values"] == whole["values"] + half["values"] + one["values"] == 18002
    assert report["risk"]["people"] == 3000 and report["risk"]["minors"] == children
    assert len([f for f in report["findings"] if f["location"].get("table", "").endswith("_all")]) == 4 * 20  # examples


def test_an_order_number_column_in_postgres_is_not_a_card_column():
    engine = _server_or_skip(POSTGRES_URL)
    table = f"orders_{uuid.uuid4().hex[:8]}"
    rows = _order_rows(random.Random(99), 1000)
    try:
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text(f"CREATE TABLE {table} (order_no VARCHAR(18), amount VARCHAR(11))"))
            connection.execute(sqlalchemy.text(f"INSERT INTO {table} VALUES (:o, :a)"), [{"o": o, "a": a} for o, a in rows])
        report = report_of(POSTGRES_URL, "--include", f"public.{table}")
    finally:
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text(f"DROP TABLE IF EXISTS {table}"))
    assert report["findings"] == [] and report["assets"] == [] and report["advice"] == []
    assert {c["entity_type"] for c in report["columns_rejected"] if c["column_name"] == "order_no"} >= {"CREDIT_CARD"}


# --- the same numbers in every format ----------------------------------------------------------

def test_every_format_shows_the_same_counts(tmp_path):
    rng = random.Random(5)
    with (tmp_path / "客户.csv").open("w", encoding="utf-8") as stream:
        stream.write("身份证号,手机\n")
        for _ in range(300):
            stream.write(f"{synthetic.resident_id(rng)},{synthetic.mobile(rng)}\n")
    out = tmp_path / "out"
    result = scan(str(tmp_path / "客户.csv"), "--format", "json,csv,xlsx,markdown,sarif,text", "--output-dir", str(out), "--lang", "en",
                  "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "piplscan-report.json").read_text(encoding="utf-8"))
    [asset] = report["assets"]
    assert asset["entities"] == {"CN_RESIDENT_ID": 300, "CN_MOBILE_PHONE": 300} and asset["values"] == 600 and asset["people"] == 300
    assert report["summary"]["values"] == 600 and len(report["findings"]) == 40  # 20 examples a column
    [row] = list(csv.DictReader(io.StringIO((out / "piplscan-report.csv").read_text(encoding="utf-8-sig"))))
    assert (row["Values"], row["People"]) == ("600", "300")
    workbook = openpyxl.load_workbook(out / "piplscan-report.xlsx")
    assert [[c.value for c in r] for r in workbook["CN_RESIDENT_ID"].iter_rows(min_row=2)][0][:2] == [asset["path"], 300]
    sarif = json.loads((out / "piplscan-report.sarif").read_text(encoding="utf-8"))
    assert (sarif["runs"][0]["properties"]["values"], sarif["runs"][0]["properties"]["people"]) == (600, 300)
    assert "| CN_RESIDENT_ID | 300 |" in (out / "piplscan-report.md").read_text(encoding="utf-8")
    assert "600 value(s) found in 1 file(s)" in (out / "piplscan-report.txt").read_text(encoding="utf-8")


# --- errors decide the exit code -----------------------------------------------------------------

@pytest.mark.parametrize("url", [
    POSTGRES_URL.replace("postgres@", "nosuchuser:wrong@"),
    POSTGRES_URL.rsplit("/", 1)[0] + "/no_such_database",
    "postgresql+psycopg://u@127.0.0.1:1/test",
])
def test_a_target_that_cannot_be_read_fails_the_scan(url, tmp_path):
    (tmp_path / "a.txt").write_text("nothing personal\n", encoding="utf-8")
    result = scan(url, str(tmp_path / "a.txt"), "--fail-on", "any", "--format", "json")
    assert result.returncode == 2
    assert result.stderr.startswith("error: could not read postgresql") and "wrong" not in result.stderr
    report = json.loads(result.stdout)
    assert [t["path"].split("@")[-1] for t in report["unread_targets"]] == [url.split("@")[-1]]
    assert report["risk"]["level"] == "low"
    kept = scan(url, str(tmp_path / "a.txt"), "--fail-on", "any", "--format", "json", "--keep-going")
    assert kept.returncode == 0


def test_a_document_read_in_part_says_so_in_every_format(engine, tmp_path):
    """A document that fails half-way keeps what it gave, and every format says it was read in part."""
    rng = random.Random(11)
    ids = [synthetic.resident_id(rng) for _ in range(30)]

    def chunks():
        text = "".join(f"身份证 {v}\n" for v in ids)
        yield TextChunk(text, 0, 0, len(text), 1, 1)
        raise ValueError("the second part is corrupt")

    document = Document("share/big.txt", 4096, chunks, mode=0o100644, modified="2026-10-01")
    report = Scanner(engine, b"key", today=date(2026, 11, 24)).scan(["share"], [_Listed([document])])
    [asset] = report.assets
    assert (asset.counts.partial, asset.counts.total, report.counts.partial_assets) == (True, 30, 1)
    assert report.errors[0].path == "share/big.txt" and "partial" in [f.code for f in asset.factors]
    unmarked = Scanner(engine, b"key", today=date(2026, 11, 24)).scan(["share"], [_Listed([replace(document, chunks=lambda: iter(
        [next(chunks())]))])])
    assert (unmarked.assets[0].level, unmarked.assets[0].score) == (asset.level, asset.score)  # marked, never lowered
    assert json.loads(RENDERERS["json"](report, "en"))["assets"][0]["partial"] is True
    assert "read in part" in RENDERERS["html"](report, "en").decode()
    [row] = list(csv.DictReader(io.StringIO(RENDERERS["csv"](report, "en").decode("utf-8-sig"))))
    assert row["Read in part"] == "yes"
    assert "read in part" in RENDERERS["text"](report, "en").decode()
    assert "read in part" in RENDERERS["markdown"](report, "en").decode()
    sarif = json.loads(RENDERERS["sarif"](report, "en"))
    assert all(result["properties"]["assetReadInPart"] for result in sarif["runs"][0]["results"])


class _Listed:
    def __init__(self, items):
        self._items = items

    def items(self):
        return iter(self._items)


@pytest.mark.parametrize("english, chinese", [
    ("corrupt: tar: ReadError", "文件损坏: tar: ReadError"),
    ("larger than the size limit (1024 bytes)", "超过大小上限（1024 字节）"),
    ("time limit of 0.5 s reached: scanned in part", "达到 0.5 秒的时间上限：仅部分扫描"),
    ("no text layer: pdf: 2 of 3 pages have no text layer", "无文本层: pdf: 3 页中有 2 页无文本层"),
    ("cannot connect to postgresql://u@h/db: connection refused", "无法连接 postgresql://u@h/db: 连接被拒绝"),
    ("binary content", "二进制内容"),
    ("git cat-file could not read the file", "git cat-file 无法读取该文件"),
    ("cannot list directory: Permission denied", "无法列出目录：Permission denied"),
])
def test_reasons_are_in_chinese_in_the_chinese_report(english, chinese):
    assert reason_zh(english) == chinese


def test_the_chinese_html_report_words_errors_and_skips_in_chinese(engine, tmp_path):
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "image.bin").write_bytes(bytes(range(256)) * 64)
    report = Scanner(engine, b"key").scan([str(tmp_path)], [FileSource(tmp_path, WalkOptions())])
    assert report.errors and report.skipped
    html = RENDERERS["html"](report, "zh").decode()
    text = RENDERERS["text"](report, "zh").decode()
    assert '<span class="lang-zh">二进制内容</span>' in html and "文件损坏" in html and "文件损坏" in text



def test_an_archive_member_is_rated_with_its_own_size(tmp_path):
    rng = random.Random(12)
    small = f"手机 {synthetic.mobile(rng)}\n".encode()
    large = ("备注\n" * 2000 + f"身份证 {synthetic.resident_id(rng)}\n").encode()
    with zipfile.ZipFile(tmp_path / "backup.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", small)
        archive.writestr("b.txt", large)
    report = report_of(str(tmp_path / "backup.zip"))
    sizes = {a["path"].rsplit("#", 1)[1]: a["size"] for a in report["assets"]}
    assert sizes == {"a.txt": len(small), "b.txt": len(large)}
    assert report["stats"]["bytes_scanned"] == (tmp_path / "backup.zip").stat().st_size
