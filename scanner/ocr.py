"""Text in images, read offline with RapidOCR: Baidu's PP-OCRv6 Chinese detection and recognition
models as ONNX files inside the ``rapidocr`` wheel, run by ONNX Runtime. Nothing is downloaded:
each model is given by its path in the installed package (RapidOCR fetches a model only when
given none).

Why RapidOCR and not Tesseract (``chi_sim``): on our synthetic ID-card photos Tesseract lost the
name and the layout words that tell an ID card (benchmarks/ocr.py measures both), it needs
Debian packages beside the wheel, and RapidOCR's speed is the same order.

A page is read in two steps, detection of the text lines over the whole image, then recognition
line by line, so that its time can be bounded: past ``seconds`` the lines read so far are kept
and the page is marked read in part.
"""

import time
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

OCR_PART = "ocr"  # Document.part and Location.part of text read by OCR
# The detector sees the image scaled to this longest side (PaddleOCR's default); lines are read at full size.
DETECTION_SIDE = 960
MAX_SIDE = 4096  # larger images are scaled down first: A4 at 300 dpi stays whole
_BATCH = 6  # lines recognised at a time (RapidOCR's batch); the time limit is checked between batches
_MIN_SCORE = 0.5  # RapidOCR's own threshold: a line recognised with less confidence is noise


@dataclass(frozen=True)
class OcrOptions:
    """Which files OCR reads (``mode``: never, auto or always, see extract/images.py) and how long
    a page may take."""

    mode: str = "auto"
    page_seconds: float = (
        60.0  # per page or image; past it, what was read is kept and the page is read in part
    )
    auto_pages: int = 20  # --ocr auto: pages without text read per PDF; the rest are listed as skipped
    max_pixels: int = (
        1024 * 1024 * 1024 // 4 // 3
    )  # larger: a decompression bomb, an error (Pillow's MAX_IMAGE_PIXELS)


@dataclass(frozen=True)
class OcrLine:
    """A line of text as read: its words joined by spaces, and its box in the image's pixels."""

    text: str
    box: tuple[int, int, int, int]  # left, top, right, bottom


@dataclass(frozen=True)
class PageText:
    lines: tuple[OcrLine, ...]
    complete: bool  # False: the time limit stopped the reading

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@cache
def _engine():
    """Loaded once a process, on the first image (about a second): a scan without images never pays it."""
    from rapidocr import RapidOCR

    models = resources.files("rapidocr") / "models"
    paths = {
        step: models / name
        for step, name in (
            ("Det", "PP-OCRv6_det_small.onnx"),
            ("Rec", "PP-OCRv6_rec_small.onnx"),
            ("Cls", "ch_ppocr_mobile_v2.0_cls_mobile.onnx"),
        )
    }
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:  # never let RapidOCR download them instead
        raise FileNotFoundError(f"OCR models missing from the rapidocr package: {', '.join(missing)}")
    return RapidOCR(
        params={
            "Global.log_level": "critical",
            "Det.limit_type": "max",
            "Det.limit_side_len": DETECTION_SIDE,
            **{f"{step}.model_path": str(path) for step, path in paths.items()},
        }
    )


def read_text(image: "Image.Image", seconds: float) -> PageText:
    """The text of ``image`` in reading order (rows top to bottom, words left to right), within
    ``seconds`` (0: no limit)."""
    import numpy
    from rapidocr.utils.process_img import get_rotate_crop_image

    deadline = time.monotonic() + seconds if seconds else None
    image = image.convert("RGB")
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    pixels = numpy.asarray(image)[:, :, ::-1].copy()  # OpenCV's channel order
    engine = _engine()
    found = engine(pixels, use_det=True, use_cls=False, use_rec=False)
    boxes = [] if found.boxes is None else [box.astype(numpy.float32) for box in found.boxes]
    lines: list[tuple[str, tuple[int, int, int, int]]] = []
    for start in range(0, len(boxes), _BATCH):
        if deadline is not None and time.monotonic() > deadline:
            return PageText(_rows(lines), complete=False)
        batch = boxes[start : start + _BATCH]
        upright, _ = engine.cls_and_rotate([get_rotate_crop_image(pixels, box.copy()) for box in batch])
        read = engine.recognize_txt(upright)
        for box, text, score in zip(batch, read.txts, read.scores):
            if text.strip() and score >= _MIN_SCORE:
                xs, ys = box[:, 0], box[:, 1]
                lines.append((text.strip(), (int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max()))))
    return PageText(_rows(lines), complete=True)


def _rows(pieces: list[tuple[str, tuple[int, int, int, int]]]) -> tuple[OcrLine, ...]:
    """Pieces of text on one row (a label and its value are often two boxes: 姓名 | 张伟) joined
    left to right; rows top to bottom. A piece belongs to a row when its vertical middle lies
    within the row's first piece."""
    rows: list[list[tuple[str, tuple[int, int, int, int]]]] = []
    for piece in sorted(pieces, key=lambda p: (p[1][1] + p[1][3]) / 2):
        middle = (piece[1][1] + piece[1][3]) / 2
        if rows and rows[-1][0][1][1] <= middle <= rows[-1][0][1][3]:
            rows[-1].append(piece)
        else:
            rows.append([piece])
    lines = []
    for row in rows:
        row.sort(key=lambda p: p[1][0])
        boxes = [box for _, box in row]
        lines.append(
            OcrLine(
                " ".join(text for text, _ in row),
                (
                    min(b[0] for b in boxes),
                    min(b[1] for b in boxes),
                    max(b[2] for b in boxes),
                    max(b[3] for b in boxes),
                ),
            )
        )
    return tuple(lines)
