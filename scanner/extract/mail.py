"""E-mail (.eml): headers, bodies in their declared charset, attachments extracted in turn."""

import codecs
import io
import mimetypes
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser
from itertools import count
from typing import BinaryIO

from scanner.extract import Context, Item, LimitReached, Problem, TextPart, extract_member
from scanner.sources.decoding import detect_encoding

_HEADERS = ("Subject", "From", "To", "Cc")
_MIME_TYPES = mimetypes.MimeTypes()  # the built-in table only: the same names on every machine
# Mail labelled gb2312 or gbk is routinely written with characters only GB18030 (their superset) has.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030"}


def extract_eml(stream: BinaryIO, context: Context) -> Iterator[Item]:
    message = BytesParser(policy=policy.default).parse(stream)
    headers = "\n".join(f"{key}: {value}" for key in _HEADERS for value in message.get_all(key, ()))
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


def _decode(payload: bytes, charset: str | None) -> str:
    try:
        encoding = codecs.lookup(charset).name if charset else None
    except LookupError:
        encoding = None  # a charset Python does not know: judge the bytes instead
    encoding = encoding or detect_encoding(payload, complete=True) or "utf-8"
    return payload.decode(_SUPERSETS.get(encoding, encoding), "replace")


class _HtmlText(HTMLParser):
    """The text a reader sees: no markup, scripts or styles; block ends become line ends and
    table cells tabs, so that a label and its value share a line as they do on screen."""

    _BLOCKS = frozenset("p div br li tr h1 h2 h3 h4 h5 h6 table ul ol blockquote pre".split())

    def __init__(self):
        super().__init__()
        self.pieces: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        elif tag in ("td", "th"):
            self.pieces.append("\t")
        elif tag in self._BLOCKS:
            self.pieces.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden = max(0, self._hidden - 1)
        elif tag in self._BLOCKS:
            self.pieces.append("\n")

    def handle_data(self, data):
        if not self._hidden:
            self.pieces.append(data)


def _html_text(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    return "".join(parser.pieces)
