"""Line arithmetic shared by the chunker, the engine and the context enhancer."""

import regex

# Where a value's context words may sit: from the start of the line before it, but no more than
# CONTEXT_BEFORE characters back, to the end of its own line, but no more than CONTEXT_AFTER
# characters on. The bound in characters makes a value's cost the same on a 50 MB line as on a
# short one, and both engine paths read the same window, so their findings stay identical.
CONTEXT_BEFORE = 128
CONTEXT_AFTER = 64
_CUT_REACH = 256  # characters searched beyond a context window for a place to cut the text
# Where tokenization starts afresh: after any character jieba does not join into a word (its
# re_han_default), or after a space for spaCy's rule tokenizer. A carriage return is no such
# place: jieba keeps "\r\n" as one token.
_TOKEN_BREAK = {"zh": regex.compile(r"[^\u4E00-\u9FD5a-zA-Z0-9+#&._%\-\r]"), "en": regex.compile(r"[^\S\r]")}
_TOKEN_BREAK_BEFORE = {language: regex.compile(pattern.pattern, regex.REVERSE) for language, pattern in _TOKEN_BREAK.items()}


def previous_line_start(text: str, position: int) -> int:
    """Offset where the line before the one holding ``position`` starts (0 on the first two lines)."""
    line_start = text.rfind("\n", 0, position) + 1
    return text.rfind("\n", 0, line_start - 1) + 1 if line_start else 0


def context_span(text: str, start: int, end: int) -> tuple[int, int]:
    """(earliest, latest): the part of ``text`` where the context words of text[start:end] may
    sit. Costs the same whatever the length of the lines."""
    floor = max(0, start - CONTEXT_BEFORE)
    newline = text.rfind("\n", floor, start)
    if newline < 0:
        earliest = floor
    else:
        before = text.rfind("\n", floor, newline)
        earliest = floor if before < 0 else before + 1
    ceiling = min(len(text), end + CONTEXT_AFTER)
    line_end = text.find("\n", end, ceiling)
    return earliest, ceiling if line_end < 0 else line_end


def tokens_restart(text: str, start: int, end: int, language: str) -> bool:
    """Whether the token holding text[end] begins at or after ``start``: ``start`` is a line
    start, or a token break lies in text[start:end]."""
    return start == 0 or text[start - 1] == "\n" or _TOKEN_BREAK[language].search(text, start, end) is not None


def token_cut(text: str, earliest: int, latest: int, language: str) -> tuple[int, int]:
    """A span around text[earliest:latest] whose tokens there are those of the whole text: it
    starts at a line start or after a token break, and ends with a token break or a line end
    (so that text after it is never read as a value's continuation).
    Where none is near (a run of letters longer than ``_CUT_REACH``), the lines are taken whole."""
    start = earliest
    if earliest > 0 and text[earliest - 1] != "\n":
        found = _TOKEN_BREAK_BEFORE[language].search(text, max(0, earliest - _CUT_REACH), earliest)
        start = found.end() if found else text.rfind("\n", 0, earliest) + 1
    end = latest
    if latest < len(text) and text[latest] != "\n":
        found = _TOKEN_BREAK[language].search(text, latest, latest + _CUT_REACH)
        end = found.start() if found else text.find("\n", latest)
    return start, len(text) if end < 0 else min(len(text), end + 1)


def position_after(text: str, end: int, line: int, column: int) -> tuple[int, int]:
    """1-based line and column of text[end], given those of text[0]."""
    newlines = text.count("\n", 0, end)
    if not newlines:
        return line, column + end
    return line + newlines, end - text.rfind("\n", 0, end)
