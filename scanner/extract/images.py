"""Images (jpg, png, tiff, bmp, webp, heic) and scanned pages: their text read by OCR
(scanner/ocr.py), and what their layout says they are.

``--ocr auto`` reads an image whose path names a document (身份证复印件.jpg, scans/…, see
``file_names.names_a_document``) or whose proportions are a card's (85.6 × 54 mm, ID and bank
cards) or an A-series page's (a flatbed scan); other images are listed as skipped, with the
reason. An image larger than ``OcrOptions.max_pixels`` is a decompression bomb: an error, never
decoded.

The layout of what was read tells the kind of document (``document_kind``). An ID card's front
holds a face photo: it is reported as BIOMETRIC whenever the front is recognised (by its layout
words; no face detector, the card's layout puts a face there). Each kind is also evidence of the
number it carries (ID, card, USCC), reported when OCR could not read the number itself.
"""

import re
from collections.abc import Iterator
from functools import cache
from typing import BinaryIO

from PIL import Image
from stdnum import luhn

from scanner.extract import Item, Problem, TextPart
from scanner.file_names import names_a_document
from scanner.model import Evidence
from scanner.ocr import MAX_SIDE, OCR_PART, OcrOptions, PageText, read_text

CARD_RATIO = 85.6 / 54  # ISO/IEC 7810 ID-1: resident ID cards and bank cards
PAGE_RATIO = 2**0.5  # A4 and the other A-series pages
_RATIO_TOLERANCE = 0.04
MIN_SIDE = 200  # pixels: an icon or a thumbnail holds no readable document

_ID_FRONT_LABELS = ("姓名", "性别", "民族", "出生", "住址")
_CARD_WORDS = re.compile(r"银联|UnionPay|储蓄卡|借记卡|信用卡|VALID|THRU|银行", re.IGNORECASE)
_CARD_NUMBER = re.compile(r"(?<![0-9])[0-9](?:[ -]?[0-9]){15,18}(?![0-9])")
_LAYOUT_SCORE = 0.85  # layout words read by OCR: strong, not a checked value
_EVIDENCE = {  # kind → what it is evidence of: (entity, shown, always)
    "id_card_front": (("BIOMETRIC", "身份证人像", True), ("CN_RESIDENT_ID", "居民身份证", False)),
    "id_card_back": (("CN_RESIDENT_ID", "居民身份证背面", False),),
    "bank_card": (("CN_BANK_CARD", "银行卡", False),),
    "business_licence": (("CN_USCC", "营业执照", False),),
}


def extract_image(stream: BinaryIO, name: str, options: OcrOptions) -> Iterator[Item]:
    """The text of one image, or why it was not read. Pillow reads the header first: the size is
    known before a pixel is decoded."""
    _register_heif()
    try:
        image = Image.open(stream)
    except Image.DecompressionBombError:
        yield _bomb(None, options)
        return
    with image:
        if image.width * image.height > options.max_pixels:
            yield _bomb(image.width * image.height, options)
            return
        if reason := _why_not_read(options, name, image.size):
            yield Problem("not-ocred", f"image ({reason})")
            return
        image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # a JPEG decodes straight at a fraction of its size
        yield from ocr_items(image, options, "image")


def ocr_items(image: Image.Image, options: OcrOptions, where: str, page: int | None = None) -> Iterator[Item]:
    """What OCR reads in ``image`` as a text part (with the evidence its layout gives), and an
    error if the time limit cut the reading short."""
    read = read_text(image, options.page_seconds)
    kind = document_kind(read, image.size)
    evidence = tuple(
        Evidence(entity, f"{kind}_image", shown, _LAYOUT_SCORE, always, page)
        for entity, shown, always in _EVIDENCE.get(kind, ())
    )
    yield TextPart(read.text, page=page, part=OCR_PART, evidence=evidence)
    if not read.complete:
        yield Problem("limit", f"ocr: {where} took longer than {options.page_seconds:g} s: read in part")


def document_kind(read: PageText, size: tuple[int, int]) -> str | None:
    """The kind of document the text's layout shows, or None."""
    text = read.text
    if "公民身份号" in text or sum(label in text for label in _ID_FRONT_LABELS) >= 3:
        return "id_card_front"
    if "居民身份证" in text and ("签发机关" in text or "有效期限" in text):
        return "id_card_back"
    if "营业执照" in text and "统一社会信用代码" in text:
        return "business_licence"
    numbers = [re.sub("[ -]", "", m.group()) for m in _CARD_NUMBER.finditer(text)]
    if any(luhn.is_valid(number) for number in numbers) and (
        _CARD_WORDS.search(text) or _shaped(size, CARD_RATIO)
    ):
        return "bank_card"
    return None


def _why_not_read(options: OcrOptions, name: str, size: tuple[int, int]) -> str | None:
    if options.mode == "never":
        return "--ocr never"
    if min(size) < MIN_SIDE:
        return f"smaller than {MIN_SIDE} pixels a side"
    if options.mode == "auto" and not (
        names_a_document(name) or _shaped(size, CARD_RATIO) or _shaped(size, PAGE_RATIO)
    ):
        return "--ocr auto reads images named or shaped like documents; --ocr always reads every image"
    return None


def _shaped(size: tuple[int, int], ratio: float) -> bool:
    return abs(max(size) / max(min(size), 1) / ratio - 1) <= _RATIO_TOLERANCE


def _bomb(pixels: int | None, options: OcrOptions) -> Problem:
    size = f"{pixels / 1e6:.0f} megapixels" if pixels else "too many pixels"
    return Problem(
        "limit", f"image: {size}, above the limit of {options.max_pixels / 1e6:.0f} (a decompression bomb?)"
    )


@cache
def _register_heif() -> None:
    """HEIC/HEIF photos (iPhones) are read by pi-heif, libheif's decoder without its encoder
    (pillow-heif's wheels bundle the GPL x265 encoder; nothing here writes HEIF)."""
    from pi_heif import register_heif_opener

    register_heif_opener()
