"""Images and scanned PDFs: read by OCR (RapidOCR's models from its wheel, offline), ID cards
recognised by their layout, names of unreadable files as evidence, and hostile images.

OCR is slow: three images in all are read here (a scanned page, a photographed ID card, and a
page cut short by the time limit); speed and accuracy are measured in benchmarks/ocr.py."""

import io
import json
import random
import struct
import subprocess
import sys
import zipfile
import zlib

import pytest

from scanner.config import ConfigError, from_table
from scanner.extract.images import document_kind
from scanner.file_names import name_evidence, names_a_document
from scanner.ocr import OcrLine, OcrOptions, PageText
from scanner.pipeline import Scanner
from scanner.sources.files import FileSource, WalkOptions
from tests import images, synthetic
from tests.test_cli import report_of, run
from tests.test_offline import GUARDED_CLI

pytestmark = pytest.mark.skipif(
    images.cjk_font_file() is None, reason="no CJK font (apt install fonts-noto-cjk)"
)


def scan(engine, folder, mode="auto", seconds=60.0):
    options = WalkOptions(ocr=OcrOptions(mode, seconds))
    return Scanner(engine, b"k" * 32, show_data=True).scan([str(folder)], [FileSource(folder, options)])


def found(report) -> list[tuple]:
    where = lambda f: (f.location.path, f.location.page, f.location.line, f.location.part)  # noqa: E731
    return sorted((f.entity_type, f.recognizer, f.value, *where(f)) for f in report.findings)


@pytest.fixture(scope="module")
def person():
    rng = random.Random(15)
    return synthetic.person_name(rng), synthetic.resident_id(rng)


@pytest.fixture(scope="module")
def scanned_pdf(tmp_path_factory, person):
    """A page of text as a scanner gives it, in a PDF with no text layer (Pillow writes the image only)."""
    name, number = person
    folder = tmp_path_factory.mktemp("scans")
    page = images.scanned_page(
        ["开户申请表", f"客户姓名：{name}", f"身份证号码：{number}", "以上信息仅用于开户审核。"]
    )
    page.save(folder / "身份证复印件.pdf", "PDF", resolution=150)
    return folder


@pytest.fixture(scope="module")
def card_photo(tmp_path_factory, person):
    """A phone's photo of an ID card's front, turned and noisy; its name says nothing."""
    name, number = person
    folder = tmp_path_factory.mktemp("photos")
    images.photographed(images.id_card_front(name, number), random.Random(3)).save(
        folder / "IMG_2041.jpg", quality=85
    )
    return folder


def test_a_scanned_pdf_is_read_by_ocr(engine, scanned_pdf, person):
    name, number = person
    report = scan(engine, scanned_pdf)
    assert found(report) == [
        ("CN_RESIDENT_ID", "CnResidentIdRecognizer", number, "身份证复印件.pdf", 1, 3, "ocr"),
        ("PERSON", "PersonRecognizer", name, "身份证复印件.pdf", 1, 2, "ocr"),
    ]
    assert report.skipped == () and report.errors == ()  # the ID read: the name's evidence is not added


def test_a_photographed_id_card_is_an_id_document_and_a_face(engine, card_photo, person):
    name, number = person
    report = scan(engine, card_photo)  # --ocr auto reads it: a card's proportions
    born = f"{number[6:10]}年{int(number[10:12])}月{int(number[12:14])}日"
    assert found(report) == [
        ("BIOMETRIC", "id_card_front_image", None, "IMG_2041.jpg", None, None, "ocr"),
        ("CN_ADDRESS", "CnAddressRecognizer", "北京市东城区景山前街4号", "IMG_2041.jpg", None, 4, "ocr"),
        ("CN_ETHNICITY", "SensitiveInfoRecognizer", "汉", "IMG_2041.jpg", None, 2, "ocr"),  # 民族 on the card
        ("CN_RESIDENT_ID", "CnResidentIdRecognizer", number, "IMG_2041.jpg", None, 5, "ocr"),
        ("DATE_OF_BIRTH", "DateOfBirthRecognizer", born, "IMG_2041.jpg", None, 3, "ocr"),
        ("PERSON", "PersonRecognizer", name, "IMG_2041.jpg", None, 1, "ocr"),
    ]
    [rated] = report.assets
    assert {"BIOMETRIC", "CN_RESIDENT_ID", "PERSON"} <= dict(rated.entities).keys()


class _Progress:
    def __init__(self):
        self.ocr_started, self.ocr_pages = [], 0

    def started(self, name: str, ocr: bool = False) -> None:
        if ocr:
            self.ocr_started.append(name)

    def finished(self, size: int, findings: int, ocr_pages: int = 0) -> None:
        self.ocr_pages += ocr_pages


def test_the_progress_bar_hears_of_ocr_from_worker_processes(engine, card_photo, tmp_path):
    folder = tmp_path / "share"
    folder.mkdir()
    (folder / "IMG_2041.jpg").write_bytes((card_photo / "IMG_2041.jpg").read_bytes())
    for number in range(4):  # enough files for two workers
        (folder / f"note{number}.txt").write_text("无个人信息\n", encoding="utf-8")
    progress = _Progress()
    Scanner(engine, b"k" * 32, progress=progress).scan([str(folder)], [FileSource(folder, WalkOptions())], workers=2)
    assert (progress.ocr_started, progress.ocr_pages) == (["IMG_2041.jpg"], 1)


def test_ocr_past_its_time_limit_keeps_the_page_as_read_in_part(engine, card_photo):
    report = scan(engine, card_photo, seconds=1e-6)
    assert [(e.path, e.error) for e in report.errors] == [
        ("IMG_2041.jpg", "limit: ocr: image took longer than 1e-06 s: read in part")
    ]
    assert (
        report.scanned == ("IMG_2041.jpg",) and report.findings == ()
    )  # the time was up before a line was read


def test_ocr_never_skips_images_and_scans_with_the_reason(scanned_pdf, card_photo, tmp_path):
    for folder in (scanned_pdf, card_photo):
        for path in folder.iterdir():
            (tmp_path / path.name).write_bytes(path.read_bytes())
    report = report_of(run("scan", tmp_path, "--ocr", "never", "--fail-on", "never", cwd=tmp_path))
    assert report["skipped"] == [
        {"path": "IMG_2041.jpg", "reason": "not read by OCR: image (--ocr never)"},
        {
            "path": "身份证复印件.pdf",
            "reason": "no text layer: pdf: 1 of 1 pages have no text layer and were not read by OCR "
            "(--ocr never)",
        },
    ]
    # What the scan's name says stands in for the unread scan; the photo's name says nothing.
    assert [
        (f["entity_type"], f["recognizer"], f["location"], f["masked"], f["flags"])
        for f in report["findings"]
    ] == [("CN_RESIDENT_ID", "file_name", {"path": "身份证复印件.pdf", "part": "name"}, "身份证", ["file_name"])]


def test_names_of_unread_files_are_evidence_of_what_they_hold(engine, tmp_path):
    (tmp_path / "人脸照片").mkdir()
    images.id_card_back().resize((120, 76)).save(tmp_path / "人脸照片" / "u1001.png")  # too small to read
    (tmp_path / "人脸照片" / "说明.txt").write_text(
        "采集说明：见附件。", encoding="utf-8"
    )  # text speaks for itself
    (tmp_path / "体检报告.pdf").write_bytes(b"%PDF-1.4 truncated")
    (tmp_path / "护照扫描件.7z").write_bytes(b"7z\xbc\xaf\x27\x1c" + bytes(64))
    (tmp_path / "surface.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")  # no rule: no evidence
    photo = io.BytesIO()
    images.bank_card(synthetic.unionpay_card(random.Random(4))).save(photo, "PNG")
    with zipfile.ZipFile(tmp_path / "附件.zip", "w") as archive:  # a member goes the same way as a file
        archive.writestr("银行卡照片.png", photo.getvalue())
    report = scan(engine, tmp_path, mode="never")
    where = lambda f: (f.location.path, f.location.member, f.location.part)  # noqa: E731
    assert sorted((f.entity_type, f.recognizer, *where(f), f.masked, f.flags) for f in report.findings) == [
        ("BIOMETRIC", "file_name", "人脸照片/u1001.png", None, "name", "人脸", ("file_name",)),
        ("CN_BANK_CARD", "file_name", "附件.zip", "银行卡照片.png", "name", "银行卡", ("file_name",)),
        ("CN_PASSPORT", "file_name", "护照扫描件.7z", None, "name", "护照", ("file_name",)),
        ("HEALTH_INFO", "file_name", "体检报告.pdf", None, "name", "体检", ("file_name",)),
    ]
    assert [(e.path, e.error.split(":")[0]) for e in report.errors] == [
        ("surface.png", "corrupt"),
        ("体检报告.pdf", "corrupt"),
    ]
    assert [(s.path, s.reason) for s in report.skipped] == [
        ("人脸照片/u1001.png", "not read by OCR: image (--ocr never)"),
        ("护照扫描件.7z", ".7z files are not extracted yet"),
        ("附件.zip#银行卡照片.png", "not read by OCR: image (--ocr never)"),
    ]


def test_ocr_reads_offline_from_the_models_in_its_wheel(tmp_path):
    number = synthetic.unionpay_card(random.Random(5))
    share, home = tmp_path / "share", tmp_path / "home"
    share.mkdir(), home.mkdir()
    images.bank_card(number).save(share / "卡.png")
    command = [sys.executable, "-c", GUARDED_CLI, "scan", str(share), "--show-data", "--fail-on", "never"]
    result = subprocess.run(command, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "HOME": str(home)})
    assert result.returncode == 0, result.stderr
    grouped = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    assert [(f["entity_type"], f["value"], f["location"]) for f in json.loads(result.stdout)["findings"]] == [
        ("CN_BANK_CARD", grouped, {"path": "卡.png", "line": 2, "column": 1, "end_column": 24, "part": "ocr"}),
        # the card's expiry (VALID THRU 08/29) beside its number is a credential (JR/T 0171 C3)
        ("CREDENTIAL", "08/29", {"path": "卡.png", "line": 3, "column": 12, "end_column": 17, "part": "ocr"}),
    ]
    assert [path.name for path in share.iterdir()] == ["卡.png"]  # the scanned folder is left as it was


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares its size and holds no pixels: all a decompression bomb needs to be opened."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "side, shown", [(10_000, "100 megapixels"), (30_000, "too many pixels")]
)  # above Pillow's 2x: its own error
def test_a_decompression_bomb_is_an_error_never_decoded(engine, tmp_path, side, shown):
    (tmp_path / "scan.png").write_bytes(_png_header(side, side))
    report = scan(engine, tmp_path, mode="always")
    assert [(e.path, e.error) for e in report.errors] == [
        ("scan.png", f"limit: image: {shown}, above the limit of 89 (a decompression bomb?)")
    ]
    assert report.findings == ()


def test_a_corrupt_image_is_an_error_and_the_scan_goes_on(engine, tmp_path):
    (tmp_path / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(200))
    (tmp_path / "note.txt").write_text("联系电话 13812345678", encoding="utf-8")
    report = scan(engine, tmp_path, mode="always")
    assert [(e.path, e.error) for e in report.errors] == [
        ("scan.jpg", "corrupt: image: UnidentifiedImageError")
    ]
    assert [f.entity_type for f in report.findings] == ["CN_MOBILE_PHONE"]


def _page(*lines: str) -> PageText:
    return PageText(tuple(OcrLine(text, (0, 0, 1, 1)) for text in lines), True)


CARD = images.CARD_SIZE
PORTRAIT = (900, 1200)


@pytest.mark.parametrize(
    "lines, size, kind",
    [
        (
            (
                "姓名 王伟",
                "性别 男 民族 汉",
                "出生 1990年1月1日",
                "住址 北京市东城区",
                "公民身份号码 110101199001011234",
            ),
            CARD,
            "id_card_front",
        ),
        (
            ("姓名王伟", "性别男民族汉", "住址北京市东城区"),
            PORTRAIT,
            "id_card_front",
        ),  # the number unreadable: the labels tell
        (
            ("中华人民共和国", "居民身份证", "签发机关 北京市公安局", "有效期限 2016.05.01-2036.05.01"),
            CARD,
            "id_card_back",
        ),
        (("中国工商银行 储蓄卡", "6217 0090 8301 6613 185", "银联 UnionPay"), PORTRAIT, "bank_card"),
        (("6217009083016613185",), CARD, "bank_card"),  # no words, but a card's shape
        (
            ("营业执照", "统一社会信用代码 91320102MA1XXXXX0X", "法定代表人 王伟"),
            PORTRAIT,
            "business_licence",
        ),
        # Look-alikes: prose about ID cards, an order number that fails Luhn on a card, Luhn digits on a page.
        (("办理时请携带居民身份证原件。", "姓名须与证件一致。"), PORTRAIT, None),
        (("会员卡", "6217 0090 8301 6613 186"), CARD, None),
        (("订单号 6217009083016613185",), PORTRAIT, None),
        (("营业执照办理指南",), PORTRAIT, None),
    ],
)
def test_document_kinds_are_told_by_their_layout(lines, size, kind):
    assert document_kind(_page(*lines), size) == kind


@pytest.mark.parametrize(
    "name, entities, document",
    [
        ("客户资料/身份证复印件.jpg", ["CN_RESIDENT_ID"], True),
        ("身份证正面.png", ["CN_RESIDENT_ID"], True),
        ("人脸照片/u1001.jpg", ["BIOMETRIC"], True),
        ("face_0001.JPG", ["BIOMETRIC"], True),
        ("2023/体检报告.pdf", ["HEALTH_INFO"], True),
        ("护照扫描件.pdf", ["CN_PASSPORT"], True),
        ("银行卡照片.png", ["CN_BANK_CARD"], True),
        ("scans/page_001.png", [], True),
        ("surface.png", [], False),
        ("interface/logo.png", [], False),
        ("IMG_2041.jpg", [], False),
        ("faceless/sky.jpg", [], False),
    ],
)
def test_file_names_say_what_a_file_holds(name, entities, document):
    assert [evidence.entity_type for evidence in name_evidence(name)] == entities
    assert names_a_document(name) is document


@pytest.mark.parametrize(
    "table, error",
    [
        ({"ocr": "sometimes"}, "ocr must be one of never, auto, always"),
        ({"ocr-page-time-limit": 0}, "ocr-page-time-limit must be a positive number"),
        ({"ocr-page-time-limit": "1m"}, "ocr-page-time-limit must be a positive number"),
    ],
)
def test_ocr_settings_are_validated(tmp_path, table, error):
    with pytest.raises(ConfigError, match=error):
        from_table(table, tmp_path / "piplscan.toml")
    assert (
        from_table(
            {"ocr": "always", "ocr-page-time-limit": 5}, tmp_path / "piplscan.toml"
        ).ocr_page_time_limit
        == 5.0
    )
