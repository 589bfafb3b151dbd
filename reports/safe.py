"""Untrusted text (file, member, sheet, table and column names, error messages) made safe to
show: names come from whoever can write to a share, and may hold anything a file system allows.

``printable`` is for every format a person reads as text (the terminal, ``--format text``,
Markdown, CSV, XLSX): control characters (ESC starts a terminal's CSI sequences; a newline or
carriage return forges a line), Unicode line separators and bidirectional overrides (which
reorder what is shown) become visible escapes. A lone surrogate (a byte of a file name that was
not UTF-8, as Python decodes it) is shown as that byte, ``\\xff``, as the name module shows it."""

import re

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    character = match.group()
    if character in _NAMED:
        return _NAMED[character]
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every character that could act on a terminal or a line-based reader escaped."""
    return _UNSAFE.sub(_escape, text)


# The characters that act inside a line (a name is never at the start of one): emphasis, code,
# links and images, table cells, strikethrough, HTML and entities.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]!|~<>&])")


def markdown_text(text: str) -> str:
    """Untrusted text in Markdown: printable, and every character Markdown (or inline HTML) could
    act on backslash-escaped, as CommonMark allows for any ASCII punctuation: no link, image,
    emphasis, table cell break or tag can come from a name."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", printable(text))
