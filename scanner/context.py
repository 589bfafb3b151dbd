"""Context words, looked for on the match's line and the line before (within ``lines.CONTEXT_BEFORE``
and ``CONTEXT_AFTER`` characters); negative context on its own line.

presidio's ``LemmaContextAwareEnhancer`` collects single tokens and tests each context word
as a substring of one token. jieba splits many context words (澳門身份證 → 澳門/身份/證,
id_no → id/_/no), so here the window is returned as text: from the fifth word before the
value to the second after, never past the start of the previous line or the end of the
value's line, nor further than a bound in characters (``scanner/lines.py``). That bound is what a reader means by context (``身份证号：`` on the line above
a value, or before it on the same line), and it lets the engine analyse only the lines
around candidates with exactly the result of analysing everything.

Negative context vetoes a match: a label of its own that says it is no personal data
(``订单号：``, ``order_id=``, ``blk_-``, ``size of``), a unit after it (``bytes``), or identifier
glue (a value joined by ``_`` to a word, inside a run of ``-``-joined hex groups or of short
digit groups, after ``0x``, in a decimal number, or itself a lower-case hex token, unless the
recognizer's values are such tokens). A recognizer's own context words never veto it (``imei``
vetoes a card, and makes a DEVICE_ID). Only the value's own line is read, so the
fast path, which gives presidio whole lines, vetoes exactly what analysing everything does.
"""

import bisect
import copy
import unicodedata
from functools import lru_cache
from importlib import resources

import regex
import yaml
from presidio_analyzer import EntityRecognizer, PatternRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts

from scanner.lines import CONTEXT_BEFORE, context_span, tokens_restart

_LABEL_REACH = 64  # characters before a value searched for its label: a label and its suffixes fit
_UNIT_REACH = 16
# Expressions that end where the value starts run backwards (regex.REVERSE): tried from the value
# leftwards, a miss costs one comparison instead of a trial at every position (100x).
_LABEL_GLUE = r"[\s\"'`=:：#＃_.\-/|,，(（\[<>{*]*"
# Identifier glue: a value joined to an identifier is a piece of it.
_GLUED_BEFORE = regex.compile(
    r"(?:0[xX][0-9A-Fa-f]*"  # 0x7f3a…
    r"|[0-9A-Za-z]_-?"  # task_200811092030…, blk_-1608…
    r"|[0-9]\."  # 0.13812345678
    r"|[0-9A-Za-z_]+-[A-Za-z_]+-"  # hb-fuzzer-6264… (one word and '-' may be a label: tel-138…)
    r"|[0-9A-Za-z]_[0-9A-Za-z_]*-"  # harfbuzz_fuzzer-5163…
    r")\Z", regex.REVERSE)
_GLUED_AFTER = regex.compile(r"_[0-9A-Za-z]|\.[0-9]")  # …_0001, 138….25
# A lower-case token of hex digits is a hash or commit id (ef9650170), not a document number:
# those are printed in capitals (presidio matches without case).
_LOWER_HEX = regex.compile(r"(?=[0-9a-f]*[a-f])(?=[a-f]*[0-9])[0-9a-f]+")
# Groups of a UUID or hex run (550e8400-e29b-…), and short digit groups around a number
# (110105 19840207 2859): a value among them is a piece of something longer.
_HEX_GROUPS_BEFORE = regex.compile(r"(?:(?<![0-9A-Za-z])[0-9A-Fa-f]+-)+\Z", regex.REVERSE)
_HEX_GROUPS_AFTER = regex.compile(r"(?:-[0-9A-Fa-f]+(?![0-9A-Za-z]))+")
_DIGIT_GROUP_BEFORE = regex.compile(r"(?<![0-9A-Za-z:.-])[0-9]{1,6}[ -]\Z", regex.REVERSE)
_DIGIT_GROUP_AFTER = regex.compile(r"[ -][0-9]{1,6}[Xx]?(?![0-9A-Za-z:.-])")  # an ID's last group may end in X


def _alternation(words) -> str:
    """Longest first; the words of a phrase may be joined by nothing, a space, _ , - or . (request_id, requestId)."""
    phrases = {r"[ \t_.\-]?".join(regex.escape(part) for part in word.split()) for word in words}
    return "|".join(sorted(phrases, key=lambda phrase: (-len(phrase), phrase)))


def _is_glued(text: str, start: int, end: int, before: str, after: str, lower_case_hex: bool) -> bool:
    if _GLUED_BEFORE.search(before) or _GLUED_AFTER.match(after):
        return True
    if not lower_case_hex and _LOWER_HEX.fullmatch(text, start, end):
        return True
    hex_before, hex_after = _HEX_GROUPS_BEFORE.search(before), _HEX_GROUPS_AFTER.match(after)
    if (hex_before.group().count("-") if hex_before else 0) + (hex_after.group().count("-") if hex_after else 0) >= 2:
        return True
    return text[start:end].isdigit() and bool(_DIGIT_GROUP_BEFORE.search(before) and _DIGIT_GROUP_AFTER.match(after))


class NegativeContext:
    """Labels, label suffixes and units (``recognizers/data/negative_context.yaml``) that mark a
    number as no personal data. The label must be adjacent to the value (only suffixes and
    punctuation between), so a positive word closer to the value (客户手机) always wins."""

    def __init__(self, labels, label_suffixes, units, lower_case_hex: bool = False):
        """``lower_case_hex``: the values are hex printed in lower case by nature (an Android ID),
        so a lower-case hex token is not taken for a hash."""
        self._lower_case_hex = lower_case_hex
        self._label = regex.compile(
            r"(?:(?<![A-Za-z])|(?<=[a-z])(?=[A-Z]))(?i:" + _alternation(labels) + r")(?i:s)?"
            + r"(?:[ \t_.\-/]*(?i:" + _alternation(label_suffixes) + "))*" + _LABEL_GLUE + r"\Z", regex.REVERSE)
        self._unit = regex.compile(r"[ \t]?(?i:" + _alternation(units) + r")(?![A-Za-z])")

    @classmethod
    def builtin(cls, extra_labels: tuple[str, ...] = (), own_context: tuple[str, ...] = (),
                lower_case_hex: bool = False) -> "NegativeContext":
        """The shared words plus ``extra_labels``, less the recognizer's ``own_context``: ``imei``
        says a number is no card or phone, and is what makes it a DEVICE_ID."""
        data = _vocabulary()
        own = {_folded(word) for word in own_context}
        labels = [label for label in data["labels"] + list(extra_labels) if _folded(label) not in own]
        return cls(labels, data["label_suffixes"], data["units"], lower_case_hex)

    def vetoes(self, text: str, start: int, end: int) -> bool:
        """Whether text[start:end] is labelled as no personal data, or glued into an identifier,
        judged on its own line only."""
        line_start = text.rfind("\n", max(0, start - _LABEL_REACH), start) + 1  # searched no further than read
        line_end = text.find("\n", end, end + _UNIT_REACH)
        before = text[max(line_start, start - _LABEL_REACH):start]
        after = text[end:min(end + _UNIT_REACH, len(text) if line_end < 0 else line_end)]
        return (_is_glued(text, start, end, before, after, self._lower_case_hex)
                or bool(self._label.search(before) or self._unit.match(after)))


@lru_cache(maxsize=1)
def _vocabulary() -> dict:
    """``negative_context.yaml``, parsed once: each recognizer's vocabulary is built from it, and
    parsing it again for each was most of a scan's first second."""
    return yaml.safe_load(resources.files("recognizers").joinpath("data/negative_context.yaml").read_text(encoding="utf-8"))


def _folded(word: str) -> str:
    """A word as labels are matched: case and the joints of a phrase (device id, device_id) ignored."""
    return regex.sub(r"[ \t_.\-]", "", word.lower())


@lru_cache(maxsize=None)
def _negative_context(extra_labels: tuple[str, ...], own_context: tuple[str, ...],
                      lower_case_hex: bool) -> NegativeContext:
    return NegativeContext.builtin(extra_labels, own_context, lower_case_hex)


def negative_context_of(recognizer: EntityRecognizer) -> NegativeContext | None:
    """The shared vocabulary plus the recognizer's own ``negative_context`` labels, less its own
    context words, for pattern recognizers; None for span recognizers (names and addresses weigh
    their own context)."""
    if not isinstance(recognizer, PatternRecognizer):
        return None
    own_labels = tuple(getattr(recognizer, "negative_context", None) or ())
    lower_case_hex = bool(getattr(recognizer, "lower_case_hex", False))
    return _negative_context(own_labels, tuple(recognizer.context or ()), lower_case_hex)


class _CopiedShallowly(list):
    """presidio deep-copies every result (metadata, explanation, recognizer references) before
    adjusting scores; on a table column of thousands of values that copy was a third of the scan.
    Scoring replaces a result's score and edits its explanation and metadata: copies of those do."""

    def __deepcopy__(self, memo) -> list:
        copies = []
        for result in self:
            duplicate = copy.copy(result)
            duplicate.analysis_explanation = copy.copy(result.analysis_explanation)
            duplicate.recognition_metadata = dict(result.recognition_metadata or {})
            copies.append(duplicate)
        return copies


def _is_punctuation(character: str) -> bool:
    return unicodedata.category(character).startswith("P")  # spaCy's is_punct, for one character


class LineContextEnhancer(LemmaContextAwareEnhancer):
    def __init__(self):
        super().__init__(context_prefix_count=5, context_suffix_count=2)

    def surely_supports(self, text: str, start: int, earliest: int, words: regex.Pattern, language: str) -> bool:
        """Whether this enhancer, over any tokens of ``text``, finds one of ``words`` (lower case)
        before the value at ``start`` whose context reaches back to ``earliest``, so that jieba
        need not run to say so: an occurrence that starts with a character that is no punctuation,
        with no more than ``context_prefix_count`` such characters from it to the value (each
        word token holds one, so the words read before the value reach it), and no token
        holding its start begins before ``earliest`` (whose tokens are not read)."""
        position, countable = start, 0
        while position > earliest and countable < self.context_prefix_count:
            position -= 1
            countable += not _is_punctuation(text[position])
        near = text[position:start]
        lowered = near.lower()
        found = words.search(lowered) if len(lowered) == len(near) else None  # a letter lower-cased to two shifts offsets
        if found is None or _is_punctuation(near[found.start()]):
            return False
        return tokens_restart(text, earliest, position + found.start(), language)

    def supported_score(self, score: float) -> float:
        """A score a context word supports, as ``enhance_using_context`` computes it."""
        return min(max(score + self.context_similarity_factor, self.min_score_with_context_similarity), self.MAX_SCORE)

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        results = super().enhance_using_context(text, _CopiedShallowly(raw_results), nlp_artifacts, recognizers, context)
        by_id = {recognizer.id: recognizer for recognizer in recognizers}
        for result in results:
            recognizer = by_id.get((result.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            negative = negative_context_of(recognizer) if recognizer else None
            if negative and negative.vetoes(text, result.start, result.end):
                result.score = 0.0  # below any threshold: presidio drops it before removing duplicates
        return results

    def _extract_surrounding_words(self, nlp_artifacts: NlpArtifacts, word: str, start: int) -> list[str]:
        doc = nlp_artifacts.tokens
        if not doc:
            return [""]
        text = getattr(nlp_artifacts, "text", "") or doc.text
        earliest, latest = context_span(text, start, start + len(word))
        end = start + len(word)
        index = self._find_index_of_match_token(word, start, doc, nlp_artifacts.tokens_indices)
        # presidio counts the words after from the value's first token; a value of several
        # tokens (1990年1月2日) would then have none after it (出生).
        last = self._find_index_of_match_token(word, end - 1, doc, nlp_artifacts.tokens_indices)
        # A token at or after ``earliest`` is among the CONTEXT_BEFORE tokens before the value (each
        # is a character at least): reading only those, one by one, keeps a value's cost flat.
        nearby = (doc[i] for i in range(index - 1, max(0, index - CONTEXT_BEFORE) - 1, -1))
        before = [t for t in self._words(nearby, self.context_prefix_count) if t.idx >= earliest]
        after = [t for t in self._words(doc[last + 1:], self.context_suffix_count) if t.idx < latest]
        own, own_last = doc[index], doc[last]  # a token holding the value may start with its label (id_no=…)
        window_start = before[-1].idx if before else min(own.idx, start)
        window_end = after[-1].idx + len(after[-1]) if after else max(own_last.idx + len(own_last), end)
        window_start = max(window_start, earliest)
        return [text[window_start:start].lower(), text[end:min(window_end, latest)].lower()]

    @staticmethod
    def _find_index_of_match_token(word, start, tokens, tokens_indices) -> int:
        """presidio scans every token from the start for each match (quadratic over a chunk);
        the same token, the first that ends after ``start``, by bisection."""
        index = max(bisect.bisect_right(tokens_indices, start) - 1, 0)
        if tokens_indices[index] + len(tokens[index]) <= start and index + 1 < len(tokens):
            index += 1
        return index

    @staticmethod
    def _words(tokens, count: int) -> list:
        """Tokens in order until ``count`` words (not spaces or punctuation) have been passed."""
        taken = []
        for token in tokens:
            if count == 0:
                break
            taken.append(token)
            if not (token.is_space or token.is_punct):
                count -= 1
        return taken
