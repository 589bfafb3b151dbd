"""PDF text layers, page by page, with pypdf."""

from collections.abc import Iterator
from typing import BinaryIO

from pypdf import PdfReader

from scanner.extract import Item, Problem, TextPart, corrupt


def extract_pdf(stream: BinaryIO) -> Iterator[Item]:
    reader = PdfReader(stream)
    # Many PDFs are encrypted only to restrict printing or copying: they open without a password.
    if reader.is_encrypted and not reader.decrypt(""):
        yield Problem("encrypted", "pdf: needs a password to open")
        return
    pages = len(reader.pages)
    blank, scanned = 0, 0
    for number, page in enumerate(reader.pages, 1):
        try:
            text = page.extract_text()
            images = bool(page.images) if not text.strip() else False
        except Exception as exc:  # one broken page content stream: the other pages still read
            yield corrupt(f"pdf page {number}", exc)
            continue
        if text.strip():
            yield TextPart(text, page=number)
        else:
            blank += 1
            scanned += images
    # A page of images and no text is most likely a scan: its personal data can't be read here.
    if scanned or (pages and blank == pages):
        yield Problem("no-text-layer", f"pdf: {blank} of {pages} pages have no text layer")
