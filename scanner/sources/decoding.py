"""Deciding how a file's bytes become text, and reading it as overlapping chunks.

Detection order: a byte-order mark; NUL bytes (UTF-16 without a BOM; else binary if control
bytes are more than a few); strict UTF-8; strict GB18030 (a superset of GBK and GB2312) when
the result reads as Chinese; the same two with a few bytes that do not decode (a log with one
damaged byte is text: it is read around them, as ``strings`` would); charset-normalizer for the rest. Trying the two encodings Chinese files actually
use before a statistical guesser is what makes short files right: on a 20-byte GBK line a
guesser picks anything. Detection reads a sample; a file that is ASCII through the sample
and GBK after it switches to GB18030 where strict UTF-8 first fails.
"""

import codecs
from collections.abc import Iterator
from typing import BinaryIO

from scanner.lines import position_after, previous_line_start
from scanner.model import TextChunk

SAMPLE_BYTES = 1 << 20
READ_BYTES = 1 << 20
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_CONTROL = bytes(sorted(set(range(32)) - set(b"\t\n\v\f\r\x1b")))  # bytes no text holds (but ESC: colour codes)


def _decodes(sample: bytes, encoding: str, complete: bool) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)("strict").decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_bom(sample: bytes) -> str | None:
    """Mostly-ASCII UTF-16 has NUL in every other byte, on one side only."""
    even, odd = sample[0::2], sample[1::2]
    if not even or not odd:
        return None
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _reads_as_chinese(sample: bytes, complete: bool) -> bool:
    """GB18030 decodes most Latin-1 text too (an accented byte and the next letter form a
    pair); Chinese text decoded from GBK is mostly the 6,763 common characters of GB2312."""
    text = codecs.getincrementaldecoder("gb18030")("replace").decode(sample, final=complete)
    wide = [ch for ch in text if ord(ch) > 0x7F and ch != "\ufffd"]
    common = 0
    for ch in wide:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return not wide or common / len(wide) >= 0.8


def _few(count: int, sample: bytes) -> bool:
    """Few enough bad bytes for the rest to be text: one in a hundred, or four in a short file."""
    return count <= max(4, len(sample) // 100)


def _control_bytes(sample: bytes) -> int:
    return len(sample) - len(sample.translate(None, _CONTROL))


def _decodes_mostly(sample: bytes, encoding: str, complete: bool) -> bool:
    """Decodes but for a few bytes, and holds characters only this encoding makes (Latin-1 text
    with a few accented letters is no UTF-8 with errors)."""
    text = codecs.getincrementaldecoder(encoding)("replace").decode(sample, final=complete)
    return _few(text.count("\ufffd") + _control_bytes(sample), sample) and not text.replace("\ufffd", "").isascii()


def detect_encoding(sample: bytes, complete: bool) -> str | None:
    """The encoding of a file starting with ``sample``, or None for binary content.

    ``complete`` says the sample is the whole file, so a multi-byte character may not
    be cut at its end.
    """
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding
    if b"\x00" in sample:
        utf16 = _utf16_without_bom(sample)
        if utf16 or not _few(_control_bytes(sample), sample):
            return utf16
    if _decodes(sample, "utf-8", complete):
        return "utf-8"
    if _decodes(sample, "gb18030", complete) and _reads_as_chinese(sample, complete):
        return "gb18030"
    if _decodes_mostly(sample, "utf-8", complete):
        return "utf-8"
    if _decodes_mostly(sample, "gb18030", complete) and _reads_as_chinese(sample, complete):
        return "gb18030"
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return best.encoding if best else None


class _Utf8ThenGb18030:
    """UTF-8, strictly, until a byte fails: then GB18030 if every block before was ASCII (a
    GBK file whose first megabyte is ASCII), else UTF-8 with replacement characters (also for a
    bad byte in the first block: the sample detection judged UTF-8 with a few bad bytes)."""

    def __init__(self):
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self._strict = True
        self._ascii_so_far = None  # None until a block is read: the first is the sample detection judged

    def decode(self, block: bytes, final: bool = False) -> str:
        if not self._strict:
            return self._decoder.decode(block, final)
        try:
            text = self._decoder.decode(block, final)
        except UnicodeDecodeError:
            pending, _ = self._decoder.getstate()  # bytes held back from the previous block
            self._strict = False
            self._decoder = codecs.getincrementaldecoder("gb18030" if self._ascii_so_far else "utf-8")("replace")
            return self._decoder.decode(pending + block, final)
        self._ascii_so_far = self._ascii_so_far is not False and text.isascii()
        return text


def read_chunks(stream: BinaryIO, encoding: str, chunk_chars: int = 1 << 20, overlap: int = 1024) -> Iterator[TextChunk]:
    """Decode a stream into chunks of about ``chunk_chars`` characters, memory flat in file size.

    A chunk ends at a line end when there is one in its second half; the next one
    starts with the line before its own text (context for the detector). A line longer
    than a chunk is cut, and the cut chunk runs ``overlap`` characters past its end so
    that no value starting before the cut is split.
    """
    decoder = _Utf8ThenGb18030() if encoding == "utf-8" else codecs.getincrementaldecoder(encoding)(errors="replace")
    buffer = ""  # text from buffer_offset on; buffer[:own_start] is context already owned
    buffer_offset, own_start = 0, 0
    line, column = 1, 1  # position of buffer[0]
    exhausted = False
    while True:
        while not exhausted and len(buffer) < own_start + chunk_chars + overlap:
            block = stream.read(READ_BYTES)
            exhausted = not block
            buffer += decoder.decode(block, final=exhausted)
        if own_start >= len(buffer):
            return
        limit = own_start + chunk_chars
        if exhausted and len(buffer) <= limit:
            cut, end = len(buffer), len(buffer)
        else:
            newline = buffer.rfind("\n", own_start + chunk_chars // 2, limit)
            cut = newline + 1 if newline >= 0 else limit
            end = cut if newline >= 0 else min(len(buffer), cut + overlap)
        yield TextChunk(
            text=buffer[:end],
            offset=buffer_offset,
            own_start=buffer_offset + own_start,
            own_end=buffer_offset + cut,
            first_line=line,
            first_column=column,
        )
        context_start = max(previous_line_start(buffer, cut), cut - overlap)
        line, column = position_after(buffer, context_start, line, column)
        buffer = buffer[context_start:]
        buffer_offset += context_start
        own_start = cut - context_start
