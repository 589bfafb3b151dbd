"""Context words, looked for on the match's line and the line before.

presidio's ``LemmaContextAwareEnhancer`` walks back over the whole document until it has
collected five keywords, testing each against a list (quadratic on a large chunk). Here
the walk stops at the start of the previous line. That bound is what a reader means by
context (``身份证号：`` on the line above a value, or before it on the same line), and it
lets the engine analyse only the lines around candidates with exactly the result of
analysing everything.
"""

from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts

from scanner.lines import previous_line_start


class LineContextEnhancer(LemmaContextAwareEnhancer):
    def __init__(self):
        super().__init__(context_prefix_count=5, context_suffix_count=2)

    def _extract_surrounding_words(self, nlp_artifacts: NlpArtifacts, word: str, start: int) -> list[str]:
        doc = nlp_artifacts.tokens
        if not doc:
            return [""]
        text = doc.text
        earliest = previous_line_start(text, start)
        line_end = text.find("\n", start + len(word))
        latest = len(text) if line_end < 0 else line_end
        index = self._find_index_of_match_token(word, start, doc, nlp_artifacts.tokens_indices)
        before = self._collect(doc, range(index, -1, -1), self.context_prefix_count + 1, lambda t: t.idx >= earliest)
        after = self._collect(doc, range(index, len(doc)), self.context_suffix_count + 1, lambda t: t.idx < latest)
        return list(set(before + after))

    @staticmethod
    def _collect(doc, indices, limit, within) -> list[str]:
        words = []
        for i in indices:
            token = doc[i]
            if not within(token) or len(words) >= limit:
                break
            if not (token.is_space or token.is_punct or token.is_stop):
                words.append(token.lower_)
        return words
