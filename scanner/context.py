"""Context words, looked for on the match's line and the line before.

presidio's ``LemmaContextAwareEnhancer`` collects single tokens and tests each context word
as a substring of one token. jieba splits many context words (澳門身份證 → 澳門/身份/證,
id_no → id/_/no), so here the window is returned as text: from the fifth word before the
value to the second after, never past the start of the previous line or the end of the
value's line. That bound is what a reader means by context (``身份证号：`` on the line above
a value, or before it on the same line), and it lets the engine analyse only the lines
around candidates with exactly the result of analysing everything.
"""

import bisect
import copy

from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts

from scanner.lines import previous_line_start


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


class LineContextEnhancer(LemmaContextAwareEnhancer):
    def __init__(self):
        super().__init__(context_prefix_count=5, context_suffix_count=2)

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        return super().enhance_using_context(text, _CopiedShallowly(raw_results), nlp_artifacts, recognizers, context)

    def _extract_surrounding_words(self, nlp_artifacts: NlpArtifacts, word: str, start: int) -> list[str]:
        doc = nlp_artifacts.tokens
        if not doc:
            return [""]
        text = getattr(nlp_artifacts, "text", "") or doc.text
        end = start + len(word)
        earliest = previous_line_start(text, start)
        line_end = text.find("\n", end)
        latest = len(text) if line_end < 0 else line_end
        index = self._find_index_of_match_token(word, start, doc, nlp_artifacts.tokens_indices)
        before = [t for t in self._words(reversed(doc[:index]), self.context_prefix_count) if t.idx >= earliest]
        after = [t for t in self._words(doc[index + 1:], self.context_suffix_count) if t.idx < latest]
        own = doc[index]  # a token holding the value may start with its label (id_no=…)
        window_start = before[-1].idx if before else min(own.idx, start)
        window_end = after[-1].idx + len(after[-1]) if after else max(own.idx + len(own), end)
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
