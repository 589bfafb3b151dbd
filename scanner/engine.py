"""The detection engine: presidio's AnalyzerEngine behind a prescan of candidates.

Running every recognizer and jieba over all text is slow (well under 1 MB/s on Chinese
prose). Instead, every pattern's matches are found first, by one Hyperscan pass over the text
and the exact ``regex`` expression only around its candidates (``scanner/candidates.py``),
with the same engine and flags presidio uses. Each match is judged by presidio's own rule: a
value that fails validation, or scores below ``min_score`` with no context word in its context
window (its line and the line before, bounded in characters: ``scanner/lines.py``), cannot
become a finding. Only the context windows of the matches that can, cut where tokenization
starts afresh (so their tokens are those of the whole text), are given to presidio, joined in
batches, and only presidio's results that are such matches are kept. Where every match of a
window passed its check (score 1.0, which no context word changes), has no context word near
it (its pattern's score stands) or has one so close before it that presidio's enhancer finds it
whatever jieba's tokens (``LineContextEnhancer.surely_supports``: its supported score), the
result is built from the prescan without running presidio or jieba. Patterns match within a bounded width and context is
bounded to that window (see ``context.py``), so the findings are exactly those of analysing the
whole text, and a file's cost does not depend on its line length; the benchmark checks that on
every run. Negative context (``context.py``) reads only the value's own line and
vetoes a match the same way in both: here a vetoed match is dropped, in presidio its score goes
to zero. Both paths first fold full-width digits and letters to ASCII (``１３８…`` → ``138…``),
one character for one, so offsets into the text stay true. ``SpanRecognizer``s (names,
addresses) read raw text themselves and weigh their own context, so they are called directly
on the whole text, beside the prescan. ``RecordRecognizer``s (sensitive categories, credentials) are called last,
in both paths, with what the others found: a diagnosis counts beside a name and an ID. Any other recognizer without
patterns cannot be prescanned, and while one is active every chunk is analysed whole by presidio.
"""

import bisect
from dataclasses import dataclass
from functools import cached_property, lru_cache

import regex
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, PatternRecognizer, RecognizerRegistry, RecognizerResult

from recognizers import LANGUAGES
from recognizers.base import RecordRecognizer, SpanRecognizer
from scanner.candidates import Expression, LiteralLines, MultiPattern
from scanner.context import LineContextEnhancer, NegativeContext, negative_context_of
from scanner.lines import CONTEXT_AFTER, CONTEXT_BEFORE, context_span, token_cut
from scanner.nlp import BlankSpacyNlpEngine
from scanner.values import half_width

_CJK = regex.compile(r"[\u3400-\u9fff]")
BATCH_CHARS = 1 << 16  # presidio's duplicate removal is quadratic in the results of one call


def language_of(text: str) -> str:
    return "zh" if _CJK.search(text) else "en"


@dataclass(frozen=True)
class _Use:
    """One pattern of one recognizer, and what presidio would need to report its match."""

    recognizer: PatternRecognizer
    score: float
    context: regex.Pattern | None  # context words of the recognizer, lower case
    negative: NegativeContext  # its negative context (``negative_context_of``), looked up once

    def judge(self, text: str, match: regex.Match, earliest: int | None, surroundings, min_score: float, language: str,
              enhancer: LineContextEnhancer) -> tuple[str, float]:
        """presidio's own rule, ahead of presidio: (verdict, score). Validation False or negative
        context drops a match ("drop"); True scores it 1.0, which context cannot change
        ("certain"); otherwise, with a context word in its surroundings, its score and whether it
        is reported depend on where presidio's enhancer finds it ("context"), unless the word is
        so close before it that the enhancer finds it whatever the tokens (its supported score,
        "fixed"); without one, it keeps its pattern's score, reported if that reaches
        ``min_score`` ("fixed"), dropped if not. ``surroundings`` is None where no context word is near."""
        value = match.group()
        verdict = self.recognizer.validate_result(value)
        if verdict is False or self.recognizer.invalidate_result(value):
            return "drop", 0.0
        # Context words before negative context: a match too weak without them is dropped
        # either way, and looking for them costs one search where the veto costs several.
        supported = (verdict is None and self.context is not None and surroundings is not None
                     and self.context.search(surroundings().lower()) is not None)
        if verdict is None and not supported and self.score < min_score:
            return "drop", 0.0
        if self.negative.vetoes(text, match.start(), match.end()):
            return "drop", 0.0
        if verdict:
            return "certain", EntityRecognizer.MAX_SCORE
        score = self.score
        if supported:
            if not enhancer.surely_supports(text, match.start(), earliest, self.context, language):
                return "context", score
            score = enhancer.supported_score(score)
        return ("fixed", score) if score >= min_score else ("drop", 0.0)


# Besides A-Z, the characters whose str.lower() holds an ASCII letter (İ, the Kelvin sign): context
# words are looked for in lower-cased surroundings, Hyperscan's caseless reads ASCII letters only.
LOWER_TO_ASCII = "\u0130\u212a"


def remove_duplicates(results: list[RecognizerResult]) -> list[RecognizerResult]:
    """presidio's ``EntityRecognizer.remove_duplicates``, in its order (score first), with no
    result dropped where none can be: no zero score or empty span, and no two results of a type
    overlapping (a column of names, one a line). presidio hashes each result through a formatted
    string, most of the time of a column of names; any other list goes to presidio."""
    by_type = sorted(results, key=lambda r: (str(r.entity_type), r.start))
    for before, after in zip(by_type, by_type[1:]):
        if before.entity_type == after.entity_type and after.start < before.end:
            return EntityRecognizer.remove_duplicates(results)
    if any(r.score == 0 or r.end <= r.start for r in results):
        return EntityRecognizer.remove_duplicates(results)
    return sorted(by_type, key=lambda r: (-r.score, r.start, -(r.end - r.start)))


def _context_words(recognizers: list[PatternRecognizer]) -> LiteralLines:
    """Where the context words of any recognizer may stand, found by one Hyperscan pass: a match
    with none near has none in its surroundings, and is judged without reading them. No screen
    unless every word is ASCII or Chinese (a CJK character is no other's lower case)."""
    words = {word.lower() for recognizer in recognizers for word in recognizer.context or []}
    if not all(c.isascii() or "\u3400" <= c <= "\u9fff" for word in words for c in word):
        return LiteralLines(())
    return LiteralLines(words | set(LOWER_TO_ASCII) if words else ())


def _none_near(words: list[int], start: int, end: int) -> bool:
    """Whether no context word ends where the context window of text[start:end] may reach
    (``context_span``: at most CONTEXT_BEFORE characters before it, CONTEXT_AFTER after)."""
    index = bisect.bisect_left(words, start - CONTEXT_BEFORE)
    return index == len(words) or words[index] >= end + CONTEXT_AFTER


def _screens(recognizers: list[PatternRecognizer]) -> dict[Expression, list[_Use]]:
    """Each distinct (regex, flags) once, with every recognizer pattern that uses it."""
    screens: dict[Expression, list[_Use]] = {}
    for recognizer in recognizers:
        words = sorted({word.lower() for word in recognizer.context or []})
        context = regex.compile("|".join(regex.escape(word) for word in words)) if words else None
        negative = negative_context_of(recognizer)
        for pattern in recognizer.patterns:
            uses = screens.setdefault(Expression(pattern.regex, recognizer.global_regex_flags), [])
            uses.append(_Use(recognizer, pattern.score, context, negative))
    return screens


class DetectionEngine:
    def __init__(self, recognizers: list[EntityRecognizer], min_score: float, entities: frozenset[str] | None = None):
        """``entities``: the types to report, when fewer than the recognizers find (a record
        recognizer's identifying neighbours run, and are not reported)."""
        self.recognizers = recognizers
        self.min_score = min_score
        self.entities = entities
        self._enhancer = LineContextEnhancer()
        screenable = [r for r in recognizers if isinstance(r, PatternRecognizer)]
        for recognizer in screenable:
            # The prescan validates each candidate, then presidio validates it again: remember.
            if type(recognizer).validate_result is not PatternRecognizer.validate_result:
                recognizer.validate_result = lru_cache(maxsize=1 << 14)(recognizer.validate_result)
        self._record_recognizers = [r for r in recognizers if isinstance(r, RecordRecognizer)]
        self._span_recognizers = [r for r in recognizers if isinstance(r, SpanRecognizer) and not isinstance(r, RecordRecognizer)]
        self._screens_everything = len(screenable) + len(self._span_recognizers) + len(self._record_recognizers) == len(recognizers)
        # presidio runs only the recognizers of the text's language, so only theirs are judged.
        self._screens = {language: _screens([r for r in screenable if r.supported_language == language]) for language in LANGUAGES}
        self._expressions = list(dict.fromkeys(e for screens in self._screens.values() for e in screens))
        self._candidates = MultiPattern(self._expressions)
        self._context_words = _context_words(screenable)

    def cues(self) -> list[Expression] | None:
        """Expressions one of which matches every ASCII text in which ``analyze`` without context
        finds anything (``scanner/prescreen.py``); None if there is no such list (a recognizer
        only presidio runs). ASCII text is English, so only English recognizers read it, and
        nothing folds it: their expressions and the span and record recognizers' own cues."""
        if not self._screens_everything:
            return None
        cues = list(self._screens["en"])
        for recognizer in self._span_recognizers + self._record_recognizers:
            if recognizer.supported_language == "en":
                own = recognizer.cues()
                if own is None:
                    return None
                cues += own
        return list(dict.fromkeys(cues))

    @cached_property
    def analyzer(self) -> AnalyzerEngine:
        """Every recognizer but the record recognizers, which read its results: the reference path."""
        return self._presidio([r for r in self.recognizers if not isinstance(r, RecordRecognizer)])

    @cached_property
    def _pattern_analyzer(self) -> AnalyzerEngine:
        """The pattern recognizers only, for the prescan's windows (span recognizers read the whole text)."""
        return self._presidio([r for r in self.recognizers if not isinstance(r, SpanRecognizer)])

    def _presidio(self, recognizers: list[EntityRecognizer]) -> AnalyzerEngine:
        """Built on first use; its NLP pipelines (jieba) load only when a window needs context words."""
        registry = RecognizerRegistry(recognizers=list(recognizers), supported_languages=list(LANGUAGES))
        return AnalyzerEngine(
            registry=registry,
            nlp_engine=BlankSpacyNlpEngine(LANGUAGES),
            supported_languages=list(LANGUAGES),
            context_aware_enhancer=self._enhancer,
            default_score_threshold=self.min_score,
        )

    def analyze_everything(self, text: str, context: tuple[str, ...] = ()) -> list[RecognizerResult]:
        """Every recognizer over the whole text: the reference the fast path must equal."""
        if not text.strip():
            return []
        text = half_width(text)
        language = language_of(text)
        with self.analyzer.nlp_engine.memory_zone(language):
            found = self.analyzer.analyze(text, language, score_threshold=self.min_score, context=list(context) or None)
        return self._with_records(text, context, language, found)

    def _with_records(self, text: str, context: tuple[str, ...], language: str,
                      found: list[RecognizerResult]) -> list[RecognizerResult]:
        """``found`` plus what the record recognizers find beside it, each seeing what those before
        it found (a field's name adds only the values the sensitive recognizer left)."""
        records: list[RecognizerResult] = []
        for recognizer in self._record_recognizers:
            if recognizer.supported_language == language:
                records += [result for result in recognizer.find(text, context, tuple(found + records))
                            if result.score >= self.min_score]
        results = remove_duplicates(found + records) if records else found
        return results if self.entities is None else [r for r in results if r.entity_type in self.entities]

    def analyze(self, text: str, context: tuple[str, ...] = ()) -> list[RecognizerResult]:
        """``context``: words that hold for every value of the text, such as the name of the
        table column it came from (presidio's own ``context`` argument)."""
        if not self._screens_everything:
            return self.analyze_everything(text, context)
        text = half_width(text)
        language = language_of(text)
        windows, certain, reportable = self._candidate_windows(text, " ".join(context), language)
        results = self._certain_results(certain, [w[:2] for w in windows if not w[2]])
        for batch in self._batches([w[:2] for w in windows if w[2]]):
            results += [result for result in self._analyze_batch(text, batch, language, context)
                        if (result.start, result.end, result.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY]) in reportable]
        spans = [result for recognizer in self._span_recognizers if recognizer.supported_language == language
                 for result in recognizer.find(text, context) if result.score >= self.min_score]
        found = remove_duplicates(results + spans) if spans else results
        return self._with_records(text, context, language, found)

    @staticmethod
    def _certain_results(certain: list[tuple[int, int, PatternRecognizer, float]], windows: list[tuple[int, int]]) -> list[RecognizerResult]:
        """What presidio would report for windows whose every match is certain or keeps its
        pattern's score, without running it: each match at 1.0 (a passed check) or that score,
        then presidio's own duplicate removal.
        Presidio over such windows re-ran every pattern and built an explanation per match, most
        of the time of a table column, where every value is a candidate."""
        starts = [start for start, _ in windows]
        results = []
        for start, end, recognizer, score in certain:
            index = bisect.bisect_right(starts, start) - 1
            if index >= 0 and end <= windows[index][1]:
                results.append(RecognizerResult(recognizer.supported_entities[0], start, end, score,
                                                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
                                                                      RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id}))
        return remove_duplicates(results)

    def _analyze_batch(self, text: str, batch: list[tuple[int, int]], language: str,
                       context: tuple[str, ...] = ()) -> list[RecognizerResult]:
        joined = "".join(text[start:end] for start, end in batch)
        starts_in_joined = []
        position = 0
        for start, end in batch:
            starts_in_joined.append(position)
            position += end - start
        results = []
        with self._pattern_analyzer.nlp_engine.memory_zone(language):
            found = self._pattern_analyzer.analyze(joined, language, score_threshold=self.min_score, context=list(context) or None)
        for result in found:
            index = bisect.bisect_right(starts_in_joined, result.start) - 1
            window_start, window_end = batch[index]
            shift = window_start - starts_in_joined[index]
            if result.end + shift > window_end:
                continue  # spans the seam between two windows: text that is not adjacent in the file
            result.start += shift
            result.end += shift
            results.append(result)
        return results

    @staticmethod
    def _batches(windows: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
        batches: list[list[tuple[int, int]]] = []
        size = BATCH_CHARS
        for window in windows:
            if size + window[1] - window[0] > BATCH_CHARS:
                batches.append([])
                size = 0
            batches[-1].append(window)
            size += window[1] - window[0]
        return batches

    def _candidate_windows(self, text: str, context: str, language: str) -> tuple[list[tuple[int, int, bool]], list, set]:
        """Merged (start, end, needs_context) spans: the context window of each match of
        ``language``'s recognizers that may be reported, cut where tokens start and end as in the
        whole text; needs_context if a match's score depends on its context words. ``context``
        counts as part of every window. Also the matches whose score is known, (start, end,
        recognizer, score), and every match that may be reported, (start, end, recognizer id)."""
        spans, certain, reportable = [], [], set()
        screens = self._screens[language]
        words = None if context else self._context_words.positions(text)
        for expression, matches in zip(self._expressions, self._candidates.matches(text)):
            uses = screens.get(expression)
            for match in matches if uses else ():
                if words is not None and _none_near(words, match.start(), match.end()):
                    earliest = latest = surroundings = None
                else:
                    earliest, latest = context_span(text, match.start(), match.end())
                    surroundings = lambda: f"{context}\n{text[earliest:latest]}"  # noqa: E731 - only sliced when needed
                verdicts = set()
                for use in uses:
                    verdict, score = use.judge(text, match, earliest, surroundings, self.min_score, language, self._enhancer)
                    verdicts.add(verdict)
                    if verdict in ("certain", "fixed"):
                        certain.append((match.start(), match.end(), use.recognizer, score))
                    if verdict != "drop":
                        reportable.add((match.start(), match.end(), use.recognizer.id))
                if verdicts != {"drop"}:
                    if earliest is None:
                        earliest, latest = context_span(text, match.start(), match.end())
                    spans.append((*token_cut(text, earliest, latest, language), "context" in verdicts))
        spans.sort()
        merged: list[tuple[int, int, bool]] = []
        for start, end, needs_context in spans:
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end), merged[-1][2] or needs_context)
            else:
                merged.append((start, end, needs_context))
        return merged, certain, reportable
