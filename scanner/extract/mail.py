"""E-mail (.eml): headers, bodies in their declared charset, attachments extracted in turn."""

import codecs
import io
import mimetypes
from collections.abc import Iterator
from email.policy import EmailPolicy
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.parser import BytesParser
from itertools import count
from typing import BinaryIO

from lxml import etree
from lxml import html as lxml_html

from scanner.extract import Context, Item, LimitReached, Problem, TextPart, extract_member
from scanner.sources.decoding import detect_encoding

_HEADERS = ("Subject", "From", "To", "Cc")
_MIME_TYPES = mimetypes.MimeTypes()  # the built-in table only: the same names on every machine
# Mail labelled gb2312 or gbk is routinely written with characters only GB18030 (their superset) has.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030"}


class _BoundedHeaders(EmailPolicy):
    """``policy.default``, but a header is parsed from its first ``_HEADER_PARSE_CHARS`` only: the
    parser takes time in the square of a header's length (20 s for a Content-Type of 20,000
    parameters, 33 s for a From of 40 KB of '"a'). The headers read as text are decoded from their
    raw values, whole (``_header_text``): a long recipient list loses nothing."""

    def header_fetch_parse(self, name, value):
        return super().header_fetch_parse(name, value if hasattr(value, "name") else value[:_HEADER_PARSE_CHARS])


_HEADER_PARSE_CHARS = 2048
_POLICY = _BoundedHeaders()


def extract_eml(stream: BinaryIO, context: Context) -> Iterator[Item]:
    message = BytesParser(policy=_POLICY).parse(stream)
    raw = [(key.lower(), value) for key, value in message.raw_items()]
    headers = "\n".join(f"{key}: {_header_text(value)}" for key in _HEADERS for name, value in raw if name == key.lower())
    if headers:
        yield TextPart(headers, part="headers")
    yield from _walk(message, context, count(1))


def _walk(message: EmailMessage, context: Context, numbers: Iterator[int]) -> Iterator[Item]:
    content_type = message.get_content_type()
    if message.is_attachment() or message.get_filename() or content_type == "message/rfc822":
        yield from _attachment(message, context, next(numbers))
    elif message.is_multipart():
        parts = message.get_payload()
        if content_type == "multipart/alternative":  # the same text twice: read the plainest
            parts = sorted(parts, key=lambda part: part.get_content_type() != "text/plain")[:1]
        for part in parts:
            yield from _walk(part, context, numbers)
    elif content_type in ("text/plain", "text/html"):
        text = _decode(message.get_payload(decode=True) or b"", message.get_content_charset())
        text = _html_text(text) if content_type == "text/html" else text
        if text.strip():
            yield TextPart(text, part="body")
    else:
        yield from _attachment(message, context, next(numbers))


def _attachment(part: EmailMessage, context: Context, number: int) -> Iterator[Item]:
    if part.get_content_type() == "message/rfc822":
        data = part.get_payload(0).as_bytes()
    else:
        data = part.get_payload(decode=True) or b""
    name = part.get_filename() or f"part-{number}{_MIME_TYPES.guess_extension(part.get_content_type()) or ''}"
    try:
        yield from extract_member(context, name, lambda: io.BytesIO(data), "eml", size=len(data))
    except LimitReached as exc:
        yield Problem("limit", str(exc), name)


def _header_text(raw: str) -> str:
    """A header as its reader sees it: unfolded, encoded words decoded, 8-bit bytes in their
    detected encoding (the parser keeps those as surrogates)."""
    unfolded = "".join(raw.splitlines())
    if not unfolded.isascii():
        return _decode(unfolded.encode("utf-8", "surrogateescape"), None)
    try:
        return str(make_header(decode_header(unfolded)))
    except (HeaderParseError, LookupError, UnicodeError):
        return unfolded


def _decode(payload: bytes, charset: str | None) -> str:
    try:
        encoding = codecs.lookup(charset).name if charset else None
    except LookupError:
        encoding = None  # a charset Python does not know: judge the bytes instead
    encoding = encoding or detect_encoding(payload, complete=True) or "utf-8"
    return payload.decode(_SUPERSETS.get(encoding, encoding), "replace")


_BLOCKS = frozenset("p div br li tr h1 h2 h3 h4 h5 h6 table ul ol blockquote pre".split())
_HTML_PARSER = lxml_html.HTMLParser(encoding="utf-8")


def _html_text(markup: str) -> str:
    """The text a reader sees: no markup, scripts or styles; blocks on lines of their own and table
    cells after a tab, so that a label and its value share a line as they do on screen. Parsed by
    libxml2 (lxml, which python-docx requires): html.parser takes minutes on a page of unclosed
    "<a " (time in the square of its length)."""
    try:
        root = lxml_html.document_fromstring(markup.encode("utf-8"), parser=_HTML_PARSER)
    except etree.ParserError:  # nothing but blanks or comments
        return ""
    for hidden in list(root.iter("script", "style")):
        hidden.drop_tree()
    for element in root.iter(etree.Element):
        if element.tag in ("td", "th"):
            element.text = "\t" + (element.text or "")
        elif element.tag in _BLOCKS:
            element.text, element.tail = "\n" + (element.text or ""), "\n" + (element.tail or "")
    return root.text_content()
