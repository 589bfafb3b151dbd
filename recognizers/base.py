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

from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult

FORMAT_ONLY = 0.4  # the format is specific enough to report on its own
WEAK_FORMAT = 0.3  # a plausible format that needs a context word before it is reported
CONTEXT_REQUIRED = 0.05  # any digit run could look like this; only context makes it a finding

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
