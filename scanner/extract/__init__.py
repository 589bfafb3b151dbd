"""Turning office documents, PDFs, mail and archives into text and tables.

``extract(path)`` yields what a file holds: ``TextPart`` (prose), ``TablePart`` (a sheet or a
CSV, read column-wise by the caller) and ``Problem`` (what the report must show). The family is
chosen by magic bytes where a format has them, else by the name's suffix. Archives and mail hand
each member to ``extract_member``, which reads it within ``Limits`` (text as it decompresses,
other formats from a spool) and dispatches it again: nothing is ever written to disk under a
member's name.

A ``TablePart``'s ``rows()`` reads from a source that stays open only while the part is the
current item: call it (as often as needed) before asking ``extract()`` for the next one.
"""

import io
import logging
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from scanner.model import Evidence, SourceError
from scanner.ocr import OcrOptions


@dataclass(frozen=True)
class TextPart:
    """Prose: a document body, header or footer, a slide, a PDF page, a mail body, a text file."""

    text: str
    page: int | None = None  # PDF page or presentation slide, 1-based
    member: str | None = None  # path inside an archive or attachment name, nested ones joined with "/"
    part: str | None = None  # "headers", "body", "header", "footer", "notes"
    first_line: int = 1  # line of text[0] in its file: a long text file comes in several parts
    size: int | None = None  # bytes of the member it is in, when the archive or mail says
    evidence: tuple[Evidence, ...] = ()  # what an image's layout shows beyond its text (extract/images.py)


Row = tuple[int, dict[int, str]]
MAX_COLUMNS = 16_384  # a spreadsheet's widest row (Excel's XFD, LibreOffice's too)


@dataclass(frozen=True)
class TablePart:
    """A sheet or a CSV. Each call of ``rows()`` reads it again from the start, one reading at a
    time, and yields each non-empty row from the header row on (the header too: a sheet without a
    header row starts with data) as (1-based row number, {0-based column index: text} of the
    filled cells only: a row with one cell in its last column costs one cell, see ``row_cells``).
    It raises ``ExtractionError`` if the table turns out corrupt midway."""

    header: dict[int, str]
    rows: Callable[[], Iterator[Row]]
    sheet: str | None = None
    member: str | None = None
    first_column: int = 1
    size: int | None = None  # bytes of the member it is in, when the archive or mail says


@dataclass(frozen=True)
class Problem:
    """Something the report must show. ``detail`` is one line that never quotes content."""

    kind: str  # "encrypted", "no-text-layer", "not-ocred", "binary", "corrupt", "limit", "unsupported"
    detail: str
    member: str | None = None


Item = TextPart | TablePart | Problem


@dataclass(frozen=True)
class Limits:
    max_depth: int = 3  # containers (archives, mails) opened inside containers: a zip in a zip in a zip
    max_total_bytes: int = 2 << 30  # uncompressed bytes read out of one top-level file
    max_ratio: int = 200  # uncompressed / compressed size of one member
    max_members: int = 10_000  # members and attachments read from one top-level file
    max_member_bytes: int = 256 << 20  # of a member that must be copied to be read (not text); the rest is reported


class ExtractionError(SourceError):
    """A table failed while its rows were read: the message names the format and the error class."""


class LimitReached(Exception):
    """One member hit a limit: the container that read it reports it and goes on if it can."""


class BudgetSpent(Exception):
    """The top-level file's byte or member budget is spent: nothing more is read from it."""

    def __init__(self, detail: str, member: str | None = None):
        super().__init__(detail)
        self.detail, self.member = detail, member


@dataclass
class _Budget:
    bytes_left: int
    members_left: int


@dataclass(frozen=True)
class Context:
    limits: Limits
    budget: _Budget  # shared by everything read out of one top-level file
    depth: int = 0  # containers the current file is inside
    ocr: OcrOptions = OcrOptions()


_OFFICE_SUFFIXES = {".docx": "docx", ".pptx": "pptx", ".pptm": "pptx", ".xlsx": "xlsx", ".xlsm": "xlsx",
                    ".odt": "odt", ".odp": "odt", ".ods": "ods"}
_TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
_BY_SUFFIX = {".eml": "eml", ".csv": "csv", ".tsv": "tsv"}
# Formats that may well hold personal data but that no extractor here reads: reported, not guessed at.
UNSUPPORTED_SUFFIXES = frozenset(
    ".doc .dot .ppt .pps .rtf .msg .wps .7z .rar .mdb .accdb .sqlite .sqlite3 .db .pst .ost".split()
)
IMAGE_SUFFIXES = frozenset(".jpg .jpeg .png .tif .tiff .bmp .webp .heic .heif".split())
EXTRACTED_SUFFIXES = frozenset(
    [*_OFFICE_SUFFIXES, *_BY_SUFFIX, *IMAGE_SUFFIXES, ".xls", ".pdf", ".zip", ".tar", ".tgz", ".tbz2", ".txz",
     ".gz", ".bz2", ".xz"]
)
_BINARY_FORMATS = EXTRACTED_SUFFIXES - set(_BY_SUFFIX)
_CONTAINERS = frozenset("eml zip tar gzip bz2 xz".split())
_COMPRESSED = ((b"\x1f\x8b", "gzip"), (b"BZh", "bz2"), (b"\xfd7zXZ\x00", "xz"))
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*")  # JPEG, PNG, TIFF
_HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1")
_OOXML_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "ppt/presentation.xml": "pptx"}
_HEAD_BYTES = 1024
_SPOOL_MEMORY = 16 << 20  # a member larger than this is spooled to a temporary file
_BLOCK = 1 << 16
_REPLAY_BYTES = 4 << 20  # of a member read as it decompresses, kept to read again from the start
RATIO_FLOOR = 1 << 20  # below this size any ratio is harmless: a page of blank CSV compresses 1000:1


def cell_name(row: int, column_index: int) -> str:
    """Spreadsheet name of a cell: ``cell_name(12, 3) == "C12"``."""
    letters = ""
    while column_index:
        column_index, remainder = divmod(column_index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return f"{letters}{row}"


def member_name(raw: bytes) -> str:
    """A name stored in an archive, as bytes in whatever encoding its tool used: zip tools on
    Chinese Windows write GBK and do not say so. Undecodable bytes are shown as \\xNN."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    return raw.decode("utf-8", "backslashreplace")


def row_cells(cells: Iterable[tuple[int, str | None]], max_columns: int = MAX_COLUMNS) -> dict[int, str]:
    """A row's filled cells by 0-based column. A row wider than ``max_columns`` (a CSV line of a
    million fields) keeps its columns from there on in its last column, one line of text: every
    value is still read, and a table has no more columns to tally (each costs an analysis a batch)."""
    row: dict[int, str] = {}
    last, overflow = max_columns - 1, []
    for index, text in cells:
        if text and index >= last:
            overflow.append(text)
        elif text:
            row[index] = text
    if overflow:
        row[last] = " ".join(overflow)
    return row


@contextmanager
def quiet():
    """Parsers warn and log about what they repair, sometimes quoting the file (openpyxl: "Cell A2
    is marked as a date but the serial value 1380013800 is outside the limits"); what matters
    reaches the report as a ``Problem``. Silenced while a parser runs, restored when it returns."""
    disabled = logging.root.manager.disable
    logging.disable(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logging.disable(disabled)


_END = object()  # what quietly's next() gives when the items are done


def quietly(items: Iterator) -> Iterator:
    """``items`` with each step taken ``quiet()``: the caller's own code between the steps (the
    analysis of what a step gave) runs with the warnings and logging it set up."""
    while True:
        with quiet():
            item = next(items, _END)
        if item is _END:
            return
        yield item


def corrupt(fmt: str, exc: BaseException, member: str | None = None) -> Problem:
    """Exception messages may quote the file's content: only the class is reported."""
    return Problem("corrupt", f"{fmt}: {type(exc).__name__}", member)


def guarded(fmt: str, rows: Callable[[], Iterator[Row]]) -> Callable[[], Iterator[Row]]:
    """``rows`` whose failures become an ``ExtractionError`` that quotes no content."""

    def read() -> Iterator[Row]:
        try:
            yield from rows()
        except Exception as exc:
            raise ExtractionError(f"{fmt}: {type(exc).__name__}") from exc

    return read


def extract(path: Path, name: str | None = None, *, limits: Limits = Limits(), ocr: OcrOptions = OcrOptions()
            ) -> Iterator[Item]:
    """What the file at ``path`` holds. ``name`` (default: the file's; a path with its folders
    tells --ocr auto more) chooses the format when the content does not. Raises ``OSError`` if
    the file cannot be opened."""
    context = Context(limits, _Budget(limits.max_total_bytes, limits.max_members), ocr=ocr)
    with Path(path).open("rb") as stream:
        try:
            yield from _dispatch(stream, name or Path(path).name, context)
        except BudgetSpent as exc:
            yield Problem("limit", exc.detail, exc.member)


def extract_member(context: Context, name: str, open_member: Callable[[], BinaryIO], fmt: str, *,
                   size: int | None = None, compressed: Callable[[], int] | None = None,
                   streams: bool = True) -> Iterator[Item]:
    """Read one member of an archive or a mail and extract it, items labelled with its name.

    ``size`` is the declared size, if any; ``compressed`` tells how many compressed bytes reading
    it consumed so far; ``streams`` False: the member is copied even if it is text (a tar read as a
    stream decompresses what a reader leaves of a member to reach the next, out of the limits' sight).
    Raises ``LimitReached`` for this member's limits, ``BudgetSpent`` for
    the top-level file's.
    """
    try:
        yield from _read_member(context, name, open_member, fmt, size, compressed, streams)
    except BudgetSpent as exc:
        raise BudgetSpent(exc.detail, _join(name, exc.member)) from None


def _read_member(context: Context, name: str, open_member: Callable[[], BinaryIO], fmt: str,
                 size: int | None, compressed: Callable[[], int] | None, streams: bool) -> Iterator[Item]:
    """Text and tables are read as the member decompresses (``_Metered``; not in a tar), any size within the
    file's byte budget; other formats need to seek, and are copied into a spool first, up to
    ``max_member_bytes``. A member that yields nothing (an empty file, a sheet without cells) is
    still a member read: it is yielded as an empty text, so that every member ends scanned,
    skipped or an error."""
    limits, budget = context.limits, context.budget
    if budget.members_left <= 0:
        raise BudgetSpent(f"more than {limits.max_members} members")
    budget.members_left -= 1
    if size is not None and size > budget.bytes_left:
        raise LimitReached(f"{fmt}: member larger than the bytes left to read ({limits.max_total_bytes} per file)")
    cut, yielded = False, False
    try:
        with open_member() as source:
            member = _Metered(source, context, compressed, fmt)
            head = member.read(_HEAD_BYTES)
            member.seek(0)
            if not (streams and _is_text(head, name)):
                member, cut = _spool(member, limits.max_member_bytes)
            with member:
                for item in _dispatch(member, name, replace(context, depth=context.depth + 1)):
                    yielded = True
                    own = item if isinstance(item, Problem) or item.member else replace(item, size=size)  # nested: its own
                    yield replace(own, member=_join(name, item.member))
    except (BudgetSpent, LimitReached):
        raise
    except NotImplementedError:
        yield Problem("unsupported", f"{fmt}: compression method not supported", name)
        return
    except Exception as exc:  # a bad CRC, a truncated stream: the decompressors' errors share no base class
        yield corrupt(fmt, exc, name)
        return
    if not yielded:
        yield TextPart("", member=name, size=size)
    if cut:
        yield Problem("limit", f"{fmt}: member larger than {limits.max_member_bytes} bytes: read in part", name)


def _join(name: str, inner: str | None) -> str:
    return f"{name}/{inner}" if inner else name


def _is_text(head: bytes, name: str) -> bool:
    return not head.startswith((b"PK\x03\x04", b"PK\x05\x06")) and _kind(head, name, None) in ("text", "csv", "tsv")


class _Metered(io.RawIOBase):
    """A member's bytes as they are read, charged to the file's byte budget and checked against
    the compression ratio. Reading starts again from the start (``seek(0)``) only while nothing
    past the first ``_REPLAY_BYTES`` was read, which are kept: enough for the text and table
    readers, which go back while they detect the encoding and read the header row."""

    def __init__(self, source: BinaryIO, context: Context, compressed: Callable[[], int] | None, fmt: str):
        self._source, self._context, self._compressed, self._fmt = source, context, compressed, fmt
        self._kept = bytearray()
        self._read = 0  # bytes read from the source
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._read == len(self._kept)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence != io.SEEK_SET or offset > len(self._kept) or not self.seekable():
            raise io.UnsupportedOperation("a member is read once, past its first bytes")
        self._position = offset
        return offset

    def tell(self) -> int:
        return self._position

    def readinto(self, buffer) -> int:
        if self._position < len(self._kept):
            data = self._kept[self._position:self._position + len(buffer)]
        else:
            data = self._source.read(len(buffer))
            self._charge(len(data))
            if self.seekable() and len(self._kept) + len(data) <= _REPLAY_BYTES:
                self._kept += data
            self._read += len(data)
        buffer[:len(data)] = data
        self._position += len(data)
        return len(data)

    def _charge(self, size: int) -> None:
        limits, budget = self._context.limits, self._context.budget
        budget.bytes_left -= size
        if budget.bytes_left < 0:
            raise BudgetSpent(f"more than {limits.max_total_bytes} bytes to read")
        read = self._read + size
        if self._compressed and read > RATIO_FLOOR and read > limits.max_ratio * self._compressed():
            raise LimitReached(f"{self._fmt}: compression ratio above {limits.max_ratio}")


def _spool(source: BinaryIO, limit: int) -> tuple[BinaryIO, bool]:
    """The bytes of ``source`` up to ``limit`` in a temporary file, and whether it was cut there."""
    spool = tempfile.SpooledTemporaryFile(_SPOOL_MEMORY)
    read = 0
    try:
        while block := source.read(min(_BLOCK, limit + 1 - read)):
            if read + len(block) > limit:
                break
            read += len(block)
            spool.write(block)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool, bool(block)


def _kind(head: bytes, name: str, stream: BinaryIO) -> str:
    lower = name.lower()
    suffix = PurePosixPath(lower).suffix
    if b"%PDF-" in head:
        return "pdf"
    if is_image(head) or (suffix == ".bmp" and head.startswith(b"BM")):  # BMP's two bytes say too little alone
        return "image"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _OFFICE_SUFFIXES.get(suffix) or _ooxml_inside(stream) or "zip"
    if head.startswith(_OLE):
        return "ole"
    if lower.endswith(_TAR_SUFFIXES) or head[257:262] == b"ustar":
        return "tar"
    for magic, kind in _COMPRESSED:
        if head.startswith(magic):
            return kind
    if suffix in UNSUPPORTED_SUFFIXES:
        return "unsupported"
    return _BY_SUFFIX.get(suffix, "text")


def is_image(head: bytes) -> bool:
    """An image by its first bytes (a photo renamed .dat, a member without a suffix)."""
    return (head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
            or (head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS))


def _ooxml_inside(stream: BinaryIO) -> str | None:
    """A .docx renamed, or a member without a suffix, is still an Office document."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError):
        return None  # the zip extractor reports it
    finally:
        stream.seek(0)
    return next((kind for part, kind in _OOXML_PARTS.items() if part in names), None)


def _dispatch(stream: BinaryIO, name: str, context: Context) -> Iterator[Item]:
    """Extract a seekable stream. Parsers of untrusted files fail in many ways: whatever one raises
    becomes a "corrupt" problem of this file, after the items it gave before failing."""
    # Imported here, when first needed: the libraries are slow to load and many scans meet none.
    from scanner.extract import archives, images, mail, office, opendocument, pdf, tables

    head = stream.read(_HEAD_BYTES)
    stream.seek(0)
    kind = _kind(head, name, stream)
    families: dict[str, Callable[[], Iterator[Item]]] = {
        "pdf": partial(pdf.extract_pdf, stream, context.ocr),
        "image": partial(images.extract_image, stream, name, context.ocr),
        "docx": partial(office.extract_docx, stream),
        "pptx": partial(office.extract_pptx, stream),
        "xlsx": partial(office.extract_xlsx, stream),
        "odt": partial(opendocument.extract_odt, stream),
        "ods": partial(opendocument.extract_ods, stream),
        "ole": partial(office.extract_ole, stream),
        "eml": partial(mail.extract_eml, stream, context),
        "zip": partial(archives.extract_zip, stream, context),
        "tar": partial(archives.extract_tar, stream, context),
        "gzip": partial(archives.extract_compressed, stream, name, context, "gzip"),
        "bz2": partial(archives.extract_compressed, stream, name, context, "bz2"),
        "xz": partial(archives.extract_compressed, stream, name, context, "xz"),
        "csv": partial(tables.extract_table, stream, None),
        "tsv": partial(tables.extract_table, stream, "\t"),
    }
    suffix = PurePosixPath(name.lower()).suffix[1:]
    # Bytes that are no text under a name that promises a format are that format, damaged.
    families["text"] = partial(tables.extract_text, stream, suffix if f".{suffix}" in _BINARY_FORMATS else None)
    if kind == "unsupported":
        yield Problem("unsupported", f"{suffix}: format not extracted")
    elif kind in _CONTAINERS and context.depth >= context.limits.max_depth:
        yield Problem("limit", f"{kind}: nested deeper than {context.limits.max_depth} levels")
    else:
        try:
            yield from families[kind]()
        except (BudgetSpent, LimitReached):
            raise
        except Exception as exc:
            yield corrupt(suffix if kind == "ole" and suffix else kind, exc)  # "xls", "doc" say more than "ole"
