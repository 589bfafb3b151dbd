"""The detection engine: presidio's AnalyzerEngine behind a prescan of candidate lines.

Running every recognizer and jieba over all text is slow (well under 1 MB/s on Chinese
prose). Instead, the regular expressions of every pattern recognizer are joined into
one prescan, run with the same ``regex`` engine and flags presidio uses. A line where no
pattern matches cannot hold a finding, so only lines with a match, each with the line
before it (where its context words may sit), are joined and given to presidio in one
call. Patterns match within a line and context is bounded to the line before (see
``context.py``), so the findings are exactly those of analysing the whole text; the
benchmark checks that on every run. Recognizers without patterns cannot be prescanned,
and while one is active every chunk is analysed whole.
"""

import bisect
from functools import cached_property

import regex
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, PatternRecognizer, RecognizerRegistry, RecognizerResult

from recognizers import LANGUAGES
from scanner.context import LineContextEnhancer
from scanner.lines import previous_line_start
from scanner.nlp import BlankSpacyNlpEngine

_CJK = regex.compile(r"[\u3400-\u9fff]")


def language_of(text: str) -> str:
    return "zh" if _CJK.search(text) else "en"


def _prescan_expressions(recognizers: list[EntityRecognizer]) -> list[regex.Pattern]:
    """One alternation per set of regex flags; patterns with groups are kept apart
    because joining would renumber their back-references."""
    by_flags: dict[int, list[str]] = {}
    apart = []
    for recognizer in recognizers:
        for pattern in recognizer.patterns:
            flags = recognizer.global_regex_flags
            if regex.compile(pattern.regex, flags).groups:
                apart.append(regex.compile(pattern.regex, flags))
            elif pattern.regex not in by_flags.setdefault(flags, []):
                by_flags[flags].append(pattern.regex)
    joined = [regex.compile("|".join(f"(?:{p})" for p in exprs), flags) for flags, exprs in by_flags.items()]
    return joined + apart


class DetectionEngine:
    def __init__(self, recognizers: list[EntityRecognizer], min_score: float):
        self.recognizers = recognizers
        self.min_score = min_score
        screenable = [r for r in recognizers if isinstance(r, PatternRecognizer)]
        self._screens_everything = len(screenable) == len(recognizers)
        self._prescan = _prescan_expressions(screenable)

    @cached_property
    def analyzer(self) -> AnalyzerEngine:
        """Built on first use: loading jieba's dictionary costs most of a second."""
        registry = RecognizerRegistry(recognizers=list(self.recognizers), supported_languages=list(LANGUAGES))
        return AnalyzerEngine(
            registry=registry,
            nlp_engine=BlankSpacyNlpEngine(LANGUAGES),
            supported_languages=list(LANGUAGES),
            context_aware_enhancer=LineContextEnhancer(),
            default_score_threshold=self.min_score,
        )

    def analyze_everything(self, text: str) -> list[RecognizerResult]:
        """Every recognizer over the whole text: the reference the fast path must equal."""
        if not text.strip():
            return []
        return self.analyzer.analyze(text, language_of(text), score_threshold=self.min_score)

    def analyze(self, text: str) -> list[RecognizerResult]:
        if not self._screens_everything:
            return self.analyze_everything(text)
        windows = self._candidate_windows(text)
        if not windows:
            return []
        joined = "".join(text[start:end] for start, end in windows)
        starts_in_joined = []
        position = 0
        for start, end in windows:
            starts_in_joined.append(position)
            position += end - start
        results = []
        for result in self.analyzer.analyze(joined, language_of(text), score_threshold=self.min_score):
            index = bisect.bisect_right(starts_in_joined, result.start) - 1
            window_start, window_end = windows[index]
            shift = window_start - starts_in_joined[index]
            if result.end + shift > window_end:
                continue  # spans the seam between two windows: text that is not adjacent in the file
            result.start += shift
            result.end += shift
            results.append(result)
        return results

    def _candidate_windows(self, text: str) -> list[tuple[int, int]]:
        """Merged (start, end) spans: each line touched by a prescan match, with the line before."""
        spans = []
        for expression in self._prescan:
            for match in expression.finditer(text):
                line_end = text.find("\n", match.end())
                spans.append((previous_line_start(text, match.start()), len(text) if line_end < 0 else line_end + 1))
        spans.sort()
        merged: list[tuple[int, int]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return merged
