"""What every built-in recognizer shares: score levels, digit-run boundaries, and for span
recognizers their base class and an ordered set of spans.

Scores follow presidio's idiom: ``validate_result`` returning True lifts a match to
1.0, False drops it, None keeps the pattern's own score. Context words found on the
match's line or the line before add 0.35 and lift to at least 0.4 (the default
``min_score``), so a pattern scored ``CONTEXT_REQUIRED`` is reported only next to
one of its context words.
"""

import bisect
import re
import string
from collections.abc import Callable
from pathlib import Path

import yaml
from ahocorasick_rs import AhoCorasick, MatchKind
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult

from scanner.candidates import Expression, LiteralLines

FORMAT_ONLY = 0.4  # the format is specific enough to report on its own
WEAK_FORMAT = 0.3  # a plausible format that needs a context word before it is reported
CONTEXT_REQUIRED = 0.05  # any digit run could look like this; only context makes it a finding
SCREENED_RANGE = 4096  # characters from which a lexicon reads only the lines Hyperscan finds a word on

# Boundaries written as lookarounds rather than presidio's ``\b``: ``\b`` sees no
# boundary between a Chinese character and a digit (both are \w), so ``卡号6222…``
# would never match. Values may touch Chinese text and punctuation, never a Latin
# letter or digit.
NO_ALNUM_BEFORE = r"(?<![0-9A-Za-z])"
NO_ALNUM_AFTER = r"(?![0-9A-Za-z])"


def bounded(first: str, rest: str, after: str = NO_ALNUM_AFTER) -> str:
    """A value starting with a character of class ``first``, touching no letter or digit on
    either side. The left boundary is tested after that first character (``(?<![0-9A-Za-z].)``
    sees the two characters before the position) because the ``regex`` module scans fast for
    a leading character class and slowly for a leading lookbehind: 8x on the card pattern."""
    return first + r"(?<![0-9A-Za-z].)" + rest + after


# A run of 8 to 25 digits, in groups of four (one kind of separator), or 2-6-6-1 as an IMEI is
# printed: the one pattern of the context-required numbers without a shape of their own (social
# security, driver licence, bank account, device numbers). Each says in ``validate_result``
# which runs it takes; sharing the expression, they share one scan of the text (scanner/engine.py).
NUMBER_RUN = bounded("[0-9]", "(?:[0-9]{7,24}|[0-9]{3}(?: [0-9]{4}){2,5}(?: [0-9]{1,4})?"
                              "|[0-9]{3}(?:-[0-9]{4}){2,5}(?:-[0-9]{1,4})?|[0-9]-[0-9]{6}-[0-9]{6}-[0-9])")

_NOT_A_DIGIT = re.compile(r"\D")


def digits_only(text: str) -> str:
    return _NOT_A_DIGIT.sub("", text)


class DeclaredRecognizer(PatternRecognizer):
    """A pattern recognizer declared by its class attributes: the entity it reports, its
    patterns and its context words (and, optionally, ``negative_context`` labels)."""

    ENTITY = ""
    PATTERNS: list[Pattern] = []
    CONTEXT: list[str] = []

    def __init__(self, supported_language: str = "zh"):
        super().__init__(
            supported_entity=self.ENTITY, patterns=self.PATTERNS, context=self.CONTEXT,
            supported_language=supported_language,
        )


class SpanRecognizer(EntityRecognizer):
    """A recognizer that reads raw text itself (a lexicon, a gazetteer) instead of one regular
    expression plus presidio's context words: person names and postal addresses.

    ``find(text, context)`` returns final results: it weighs its own context words (on the
    value's line and the line before, and ``context``, words that hold for the whole text
    such as a column's name) and marks each result as already enhanced, so presidio's context
    enhancer leaves its score alone. It needs no NLP artifacts, so the engine calls it
    directly on whole chunks and its results are the same as through presidio's ``analyze``.
    """

    def load(self) -> None:
        pass

    def find(self, text: str, context: tuple[str, ...] = ()) -> list[RecognizerResult]:
        raise NotImplementedError

    def cues(self) -> list[Expression] | None:
        """Expressions one of which matches wherever ``find`` can find anything in an ASCII text
        of its language read without context (``scanner/prescreen.py`` clears a text none
        matches without loading presidio); None: no such list, every text must be read."""
        return None

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None, context=None) -> list[RecognizerResult]:
        return [r for r in self.find(text, tuple(context or ())) if r.entity_type in entities]

    def result(self, entity_type: str, start: int, end: int, score: float) -> RecognizerResult:
        return RecognizerResult(entity_type, start, end, score, recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
        })


class Spans:
    """Non-overlapping (start, end, score) spans in text order, as a span recognizer collects
    them. Their ends are then in order too, so an overlap test is one bisection; a linear test
    made a column of 10,000 names quadratic."""

    def __init__(self, spans: list[tuple[int, int, float]] = ()):
        """``spans``: already in text order and not overlapping."""
        self._spans = list(spans)
        self._starts = [start for start, _, _ in self._spans]

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self._starts, end) - 1
        return before >= 0 and self._spans[before][1] > start

    def end_covering(self, position: int) -> int | None:
        """The end of the span ``position`` falls in, if any."""
        at = bisect.bisect_right(self._starts, position) - 1
        return self._spans[at][1] if at >= 0 and self._spans[at][1] > position else None

    def add(self, start: int, end: int, score: float) -> None:
        at = bisect.bisect_left(self._starts, start)
        self._starts.insert(at, start)
        self._spans.insert(at, (start, end, score))

    def __iter__(self):
        return iter(self._spans)


def trie_pattern(words) -> str:
    """A regular expression (for ``re`` or ``regex``) matching any of ``words``, the longest at a
    position: an alternation factored by common prefixes, much faster to scan than a flat one."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if ends else body

    return "(?:" + build(tree) + ")"


def words_pattern(words) -> str:
    """A regular expression for ``words`` as labels and lexicon entries are written: Chinese ones
    anywhere; English ones as whole words whose parts may be joined by a space, ``_`` or ``-`` or
    nothing (marital_status, maritalStatus with re.IGNORECASE), not inside an identifier (font-face,
    db.password)."""
    chinese = [w for w in words if not w.isascii()]
    english = [r"[ _\-]?".join(re.escape(part) for part in w.lower().split()) for w in words if w.isascii()]
    parts = [trie_pattern(chinese)] if chinese else []
    if english:
        parts.append(r"(?<![A-Za-z0-9_.\-])(?:" + "|".join(sorted(english, key=lambda word: (-len(word), word))) + r")(?![A-Za-z0-9])")
    return "|".join(parts)


_ASCII_LOWER = bytes.maketrans(string.ascii_uppercase.encode(), string.ascii_lowercase.encode())
_NOT_BEFORE_WORD = re.compile(r"[A-Za-z0-9_.\-]")  # a word inside an identifier (font-face, db.password)
_NOT_AFTER_WORD = re.compile(r"[A-Za-z0-9]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def lowered(text: str) -> str:
    """``text`` with ASCII letters in lower case, one character for one, so offsets hold. On its
    UTF-8 bytes (an ASCII byte is never part of another character's): ten times faster than
    ``str.translate`` on Chinese text."""
    return text.encode("utf-8", "surrogatepass").translate(_ASCII_LOWER).decode("utf-8", "surrogatepass")


def word_forms(word: str) -> set[str]:
    """How a lexicon's word may be written, in lower case: an English one's parts joined by a
    space, ``_``, ``-`` or nothing; any other as it is."""
    parts = word.lower().split()
    return {joiner.join(parts) for joiner in (" ", "_", "-", "")} if word.isascii() else {word.lower()}


def literal_cue(forms, after: str = "", whole_words: bool = False) -> Expression:
    """An expression matching any of ``forms`` (lower case), case ignored, followed by ``after``;
    with ``whole_words`` an ASCII form only where ``Terms`` and ``words_pattern`` find an English
    word, not inside an identifier (written without lookarounds, which Hyperscan's prefilter drops)."""
    def alternation(items) -> str:
        return "|".join(re.escape(form) for form in sorted(items, key=lambda form: (-len(form), form)))

    forms = list(forms)
    english = [form for form in forms if whole_words and form.isascii()]
    anywhere = [form for form in forms if not (whole_words and form.isascii())]
    parts = ([alternation(anywhere)] if anywhere else []) + (
        [rf"(?:^|[^A-Za-z0-9_.\-])(?:{alternation(english)})(?:[^A-Za-z0-9]|$)"] if english else [])
    return Expression(f"(?:{'|'.join(parts)}){after}", re.IGNORECASE)


# What re's and regex's IGNORECASE match to ASCII letters besides them (İ ı ſ K): Hyperscan's caseless does not.
IGNORECASE_TO_ASCII = "\u0130\u0131\u017f\u212a"


def word_lines(words) -> LiteralLines:
    """A screen for an expression, case ignored, each of whose matches lies in one line and holds
    one of ``words`` (as ``words_pattern`` writes them); none where a word has non-ASCII letters
    with a case."""
    if any(not word.isascii() and (word.lower() != word or word.upper() != word) for word in words):
        return LiteralLines(())
    return LiteralLines({form for word in words for form in word_forms(word)} | set(IGNORECASE_TO_ASCII))


def screened_ranges(lines: LiteralLines, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """What a reader of ``lines``' words reads of text[start:end]: in a range longer than
    SCREENED_RANGE, the lines a word stands on (each with its line break, so lookarounds see what
    they see in the whole text); else, or with no screen, the range itself."""
    found = lines.lines(text, start, end) if end - start > SCREENED_RANGE else None
    return [(start, end)] if found is None else found


def finditer_on_lines(expression, lines: LiteralLines, text: str):
    """``expression.finditer(text)``, read on ``screened_ranges``."""
    for start, end in screened_ranges(lines, text, 0, len(text)):
        yield from expression.finditer(text, start, end)


class LongestWords:
    """The longest of some words in a text, left to right, not overlapping (leftmost-longest), by
    an Aho-Corasick automaton (ahocorasick-rs, a DFA in Rust). pyahocorasick's ``iter_long`` read
    Chinese text at about 2 M characters/s (a linear search among thousands of first characters at
    every character), and after the start of a longer word it could miss the word that followed
    (白 of 蛋白 in 复方胃蛋白酶颗钩虫病)."""

    def __init__(self, words):
        """``words``: distinct, non-empty, in the case they are matched in."""
        self.words = list(words)
        self._automaton = AhoCorasick(self.words, matchkind=MatchKind.LeftmostLongest) if self.words else None

    def spans(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, int]]:
        """(start, end, index into ``words``) of each word in ``lowered(text[start:end])``, offsets
        into ``text``. On the slice: a word never reaches past the range it was read in."""
        end = len(text) if end is None else end
        if self._automaton is None or start >= end:
            return []
        low = lowered(text[start:end])
        try:
            found = self._automaton.find_matches_as_indexes(low)
        except UnicodeEncodeError:  # a lone surrogate (undecodable bytes): in no word, one character for one
            found = self._automaton.find_matches_as_indexes(_SURROGATE.sub("\ufffd", low))
        return [(start + first, start + last, index) for index, first, last in found]


class Terms:
    """Words found in one pass of an Aho-Corasick automaton (``LongestWords``): Chinese ones
    anywhere, English ones as whole words, case ignored, their parts joined by a space, ``_`` or
    ``-`` or nothing (marital status, marital_status, maritalStatus). Thousands of words cost what
    a few do, where a regular expression's alternation tries a branch per word at every position
    of Chinese text (1 MB/s for 200 labels). In a long range it reads only the lines Hyperscan
    finds a word on (``LiteralLines``): no word holds a line break, so the automaton leaves each
    line as it entered it, with nothing pending, and the lines give what the range gives."""

    def __init__(self, words: dict[str, object], screened: bool = True):
        """``words``: word -> what a match of it carries. ``screened``: long ranges are read on the
        lines Hyperscan finds a word on (Hyperscan takes seconds to compile thousands of words)."""
        forms = {form: (word, payload, word.isascii()) for word, payload in words.items() for form in word_forms(word)}
        self._words = LongestWords(forms)
        self._found_as = list(forms.values())
        self._lines = LiteralLines(forms if screened else ())

    def cues(self) -> list[Expression]:
        """What any of the words matches, as ``literal_cue`` writes it."""
        return [literal_cue(self._words.words, whole_words=True)] if self._words.words else []

    def inner_parts(self, wanted: Callable[[object], bool]) -> frozenset[str]:
        """Every shorter part of a word whose payload ``wanted`` accepts, in the lower case it is
        matched in: a text that is none of them lies inside no such word."""
        return frozenset(form[first:last] for form, (_, payload, _) in zip(self._words.words, self._found_as) if wanted(payload)
                         for first in range(len(form)) for last in range(first + 1, len(form) + 1) if last - first < len(form))

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str, object]]:
        """(start, end, word, payload) of the longest words in text[start:end], left to right, not
        overlapping."""
        end = len(text) if end is None else end
        if not self._words.words or start >= end:
            return []
        return [word for first, last in screened_ranges(self._lines, text, start, end) for word in self._found(text, first, last)]

    def _found(self, text: str, start: int, end: int) -> list[tuple[int, int, str, object]]:
        found = []
        for first, last, index in self._words.spans(text, start, end):
            word, payload, english = self._found_as[index]
            if english and ((first > 0 and _NOT_BEFORE_WORD.match(text, first - 1)) or _NOT_AFTER_WORD.match(text, last)):
                continue
            found.append((first, last, word, payload))
        return found


def cells(text: str):
    """(start, end) of each line's content without surrounding spaces, for the lines that have
    any: the cells of a column chunk, one value a line."""
    position = 0
    for line in text.split("\n"):
        start, end = position + len(line) - len(line.lstrip()), position + len(line.rstrip())
        position += len(line) + 1
        if start < end:
            yield start, end


# What identifies the person a record is about: a value of one of these types on the record
# ties the record's other values to that person. PERSON counts only beside a label or in a named
# column (its score), not in news prose, nor at its record score, which rests on a number shaped
# like a phone or an ID that it does not validate (a real one is an anchor itself); addresses and
# landlines can be a business's.
IDENTIFYING = frozenset({
    "PERSON", "CN_RESIDENT_ID", "CN_PASSPORT", "CN_HK_MACAU_PERMIT", "CN_TAIWAN_PERMIT", "HK_ID_CARD", "MO_ID_CARD",
    "TW_ID_CARD", "CN_MILITARY_ID", "CN_SOCIAL_SECURITY", "CN_DRIVER_LICENSE", "CN_MOBILE_PHONE", "PHONE_NUMBER",
    "EMAIL_ADDRESS", "CN_BANK_CARD", "CREDIT_CARD", "CN_BANK_ACCOUNT", "IBAN_CODE",
})
RECORDED_PERSON_SCORE = 0.85  # PersonRecognizer's score for a name beside a label
FORM_LINE = 40  # a line this short is a field of a form: its neighbours belong to the same record
FORM_REACH = 2  # lines before and after a form line that count as its record
_BLANK_LINE = re.compile(r"^[^\S\n]*$", re.MULTILINE)


class RecordRecognizer(SpanRecognizer):
    """A span recognizer whose values count only as part of a record about a person (a diagnosis
    beside a name and an ID, a password beside an account): the engine calls ``find(text,
    context, found)`` after every other recognizer, with what they found in the same text."""

    def find(self, text: str, context: tuple[str, ...] = (), found: tuple[RecognizerResult, ...] = ()) -> list[RecognizerResult]:
        raise NotImplementedError


class Records:
    """Which places of a text lie on the record of an identified person: the same line as an
    identifying value, or, for a short line of a form (``诊断：糖尿病``), up to ``FORM_REACH``
    lines around it without a blank line between. Lines are counted only when first asked."""

    def __init__(self, text: str, found, entities: frozenset[str] = IDENTIFYING, extra=()):
        """``found``: the other recognizers' results; ``extra``: more positions that identify a
        person or an account (a label with its value, such as 用户名：zhang3)."""
        self.text = text
        self._anchors = sorted([r.start for r in found if r.entity_type in entities
                                and (r.entity_type != "PERSON" or r.score >= RECORDED_PERSON_SCORE)] + list(extra))
        self._line_starts: list[int] | None = None

    def __bool__(self) -> bool:
        return bool(self._anchors)

    def _line(self, position: int) -> int:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        return bisect.bisect_right(self._line_starts, position) - 1

    def _bounds(self, line: int) -> tuple[int, int]:
        starts = self._line_starts
        return starts[line], (starts[line + 1] - 1 if line + 1 < len(starts) else len(self.text))

    def _blank(self, line: int) -> bool:
        start, end = self._bounds(line)
        return not self.text[start:end].strip()

    def _form_lines(self, line: int) -> range:
        """The lines up to ``FORM_REACH`` before and after ``line`` without a blank line between."""
        low, high = line, line
        while low > 0 and line - low < FORM_REACH and not self._blank(low - 1):
            low -= 1
        while high + 1 < len(self._line_starts) and high - line < FORM_REACH and not self._blank(high + 1):
            high += 1
        return range(low, high + 1)

    def tied(self, position: int) -> bool:
        """Whether ``position`` is on the record of an identifying value."""
        if not self._anchors:
            return False
        line = self._line(position)
        start, end = self._bounds(line)
        lines = self._form_lines(line) if end - start <= FORM_LINE else range(line, line + 1)
        first = bisect.bisect_left(self._anchors, self._bounds(lines[0])[0])
        return first < len(self._anchors) and self._anchors[first] < self._bounds(lines[-1])[1]

    def regions(self, reach: int) -> list[tuple[int, int]]:
        """(start, end) of the text on the records of identifying values, in order, not
        overlapping: each one's line (within ``reach`` characters of it), and the short lines of
        a form around it. In numpy, all anchors at once: a column of records has one a line."""
        if not self._anchors:
            return []
        import numpy as np

        text = self.text
        breaks = np.flatnonzero(np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32) == ord("\n"))
        line_starts, line_ends = np.concatenate(([0], breaks + 1)), np.append(breaks, len(text))
        blank = np.zeros(len(line_starts), bool)  # lines of white space only, as str.strip sees it
        blank[np.searchsorted(line_starts, [m.start() for m in _BLANK_LINE.finditer(text)])] = True
        short = line_ends - line_starts <= FORM_LINE
        anchors = np.array(self._anchors, np.int64)
        lines = np.searchsorted(line_starts, anchors, "right") - 1
        begins = [np.maximum(line_starts[lines], anchors - reach)]
        finishes = [np.minimum(line_ends[lines], anchors + reach)]
        for step in (-1, 1):  # up to FORM_REACH lines each way, stopping at a blank line
            near = np.unique(lines)
            for _ in range(FORM_REACH):
                near = near + step
                near = near[(near >= 0) & (near < len(line_starts))]
                near = near[~blank[near]]
                begins.append(line_starts[near[short[near]]])
                finishes.append(line_ends[near[short[near]]])
        begin, finish = np.concatenate(begins), np.concatenate(finishes)
        order = np.lexsort((finish, begin))
        begin, finish = begin[order], np.maximum.accumulate(finish[order])
        # A span starting past every end before it, and past the next character, starts a region.
        first = np.flatnonzero(np.concatenate(([True], begin[1:] > finish[:-1] + 1)))
        last = np.append(first[1:] - 1, len(begin) - 1)
        return list(zip(begin[first].tolist(), finish[last].tolist()))


class DataFileError(Exception):
    """A recognizer's or a dictionary's file cannot be read; the message is one line for the user."""


def read_yaml(path: Path, kind: str) -> object:
    """The YAML document of ``path`` (a ``kind`` file, as the error names it)."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFileError(f"cannot read {kind} file {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise DataFileError(f"{kind} file {path} is not valid YAML{where}") from None


class LineIndex:
    """Line bounds of one text by bisection over its line breaks, found once when first asked.
    Searching for a line's ends from each candidate costs the line's length each time: on a
    file of one long line (a JSON dump), the square of its size."""

    def __init__(self, text: str):
        self.text = text
        self._breaks: list[int] | None = None

    def _line_breaks(self) -> list[int]:
        if self._breaks is None:
            self._breaks = [m.start() for m in re.finditer("\n", self.text)]
        return self._breaks

    def bounds(self, position: int) -> tuple[int, int]:
        """(start, end) of the line holding ``position``, without its line break."""
        breaks = self._line_breaks()
        at = bisect.bisect_left(breaks, position)
        return (breaks[at - 1] + 1 if at else 0), (breaks[at] if at < len(breaks) else len(self.text))

    def previous_start(self, line_start: int) -> int:
        """Where the line before the one starting at ``line_start`` starts (0 for the first)."""
        return self.bounds(line_start - 1)[0] if line_start else 0
