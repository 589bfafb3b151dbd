"""PDF text layers, page by page, with pypdf; pages without one (scans) read by OCR."""

from collections.abc import Iterator
from typing import BinaryIO

from pypdf import PageObject, PdfReader

from scanner.extract import Item, Problem, TextPart, corrupt
from scanner.extract.images import MIN_SIDE, ocr_items
from scanner.ocr import OcrOptions

_IMAGES_PER_PAGE = 8  # a scanned page is one image, sometimes a few strips; more is a page of icons


def extract_pdf(stream: BinaryIO, ocr: OcrOptions = OcrOptions()) -> Iterator[Item]:
    reader = PdfReader(stream)
    # Many PDFs are encrypted only to restrict printing or copying: they open without a password.
    if reader.is_encrypted and not reader.decrypt(""):
        yield Problem("encrypted", "pdf: needs a password to open")
        return
    pages = len(reader.pages)
    blank, unread, read_by_ocr, images_only = 0, 0, 0, 0
    for number, page in enumerate(reader.pages, 1):
        try:
            text = page.extract_text()
            images = page.images.keys() if not text.strip() else []
            readable = [image for image in images if min(_declared_size(page, image)) >= MIN_SIDE]
        except Exception as exc:  # one broken page content stream: the other pages still read
            yield corrupt(f"pdf page {number}", exc)
            continue
        if text.strip():
            yield TextPart(text, page=number)
        elif not readable:  # no text and no image large enough to hold any
            blank += 1
            images_only += bool(images)
        elif ocr.mode == "never" or (ocr.mode == "auto" and read_by_ocr >= ocr.auto_pages):
            unread += 1
        else:
            read_by_ocr += 1
            yield from _ocr_page(page, readable, number, ocr)
    # A page of images and no text is most likely a scan: what OCR did not read is reported.
    if unread:
        why = (
            "--ocr never"
            if ocr.mode == "never"
            else f"--ocr auto reads {ocr.auto_pages} a file; --ocr always reads all"
        )
        yield Problem(
            "no-text-layer",
            f"pdf: {unread} of {pages} pages have no text layer and were not read by OCR ({why})",
        )
    elif images_only or (pages and blank == pages):
        yield Problem("no-text-layer", f"pdf: {blank} of {pages} pages have no text layer")


def _ocr_page(page: PageObject, images: list, number: int, ocr: OcrOptions) -> Iterator[Item]:
    """Each image of a page without text; one whose declared size is a decompression bomb is an
    error, never decoded, and the others are still read."""
    for index, image_id in enumerate(images[:_IMAGES_PER_PAGE]):
        where = f"page {number}" if len(images) == 1 else f"page {number} image {index + 1}"
        try:
            width, height = _declared_size(page, image_id)
            if (pixels := width * height) > ocr.max_pixels:
                yield Problem(
                    "limit",
                    f"pdf {where}: {pixels / 1e6:.0f} megapixels, above the limit of "
                    f"{ocr.max_pixels / 1e6:.0f} (a decompression bomb?)",
                )
                continue
            image = page.images[image_id].image
        except Exception as exc:  # an image stream pypdf cannot decode
            yield corrupt(f"pdf {where}", exc)
            continue
        yield from ocr_items(image, ocr, where, number)


def _declared_size(page: PageObject, image_id: str | list[str]) -> tuple[int, int]:
    """Width and height as the image's dictionary declares them, before anything is decoded
    ((0, 0) for an inline image: those are small)."""
    objects = page
    for name in [image_id] if isinstance(image_id, str) else image_id:
        found = objects.get("/Resources", {}).get("/XObject", {}).get(name)
        if found is None:
            return 0, 0
        objects = found.get_object()
    return int(objects.get("/Width", 0)), int(objects.get("/Height", 0))
