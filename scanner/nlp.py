"""presidio's NLP layer over spaCy *blank* pipelines: nothing is downloaded, ever.

presidio's own ``SpacyNlpEngine`` loads (and downloads) a trained model. Detection here
needs only tokens for context words, so blank pipelines do: ``zh`` segmented by jieba,
``en`` by spaCy's rule tokenizer. Blank pipelines have no lemmatizer, so the lemma
presidio compares context words against is the lower-cased token text (Chinese has no
inflection to undo).
"""

import logging
from contextlib import contextmanager

import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
from spacy.errors import Errors
from spacy.tokens import Doc


class _Artifacts(NlpArtifacts):
    text = ""  # the analysed text; spaCy's Doc.text rebuilds it from every token on each access

    @staticmethod
    def set_keywords(nlp_engine, lemmas, language):
        # presidio filters every token of the text up front; LineContextEnhancer judges
        # only the few tokens around a match, so the up-front list would be wasted work.
        return []


class _JiebaTokenizer:
    """spaCy's Chinese tokenizer with jieba, its words aligned with the text in one pass."""

    def __init__(self, vocab, jieba_tokenizer):
        self.vocab = vocab
        self._jieba = jieba_tokenizer

    def __call__(self, text: str) -> Doc:
        words, spaces = words_and_spaces([word for word in self._jieba.cut(text, cut_all=False) if word], text)
        return Doc(self.vocab, words=words, spaces=spaces)


def words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    """``spacy.util.get_words_and_spaces``: the same words and spaces, in one pass. spaCy's
    searches a copy of the rest of the text for each word, quadratic in the length of a batch of
    windows (most of the time of a file dense with context words)."""
    if "".join("".join(words).split()) != "".join(text.split()):
        raise ValueError(Errors.E194.format(text=text, words=words))
    text_words: list[str] = []
    text_spaces: list[bool] = []
    position = 0
    for word in words:
        if word.isspace():
            continue
        start = text.find(word, position)
        if start < 0:
            raise ValueError(Errors.E194.format(text=text, words=words))
        if start > position:
            text_words.append(text[position:start])
            text_spaces.append(False)
        text_words.append(word)
        text_spaces.append(False)
        position = start + len(word)
        if position < len(text) and text[position] == " ":
            text_spaces[-1] = True
            position += 1
    if position < len(text):
        text_words.append(text[position:])
        text_spaces.append(False)
    return text_words, text_spaces


class BlankSpacyNlpEngine(NlpEngine):
    engine_name = "spacy-blank"
    is_available = True

    def __init__(self, languages: tuple[str, ...] = ("zh", "en")):
        self.languages = languages
        self._pipelines: dict[str, spacy.Language] = {}

    def load(self) -> None:
        """Nothing up front: each pipeline is built when a text in its language first needs
        tokens. A scan whose candidates are all certain (checksums) never loads jieba's
        dictionary, which costs most of a second of a CI job's start-up."""

    def is_loaded(self) -> bool:
        return True

    def pipeline(self, language: str) -> spacy.Language:
        if language not in self._pipelines:
            if language == "zh":
                import jieba

                jieba.setLogLevel(logging.WARNING)  # jieba prints its dictionary loading at INFO
                nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
                nlp.tokenizer = _JiebaTokenizer(nlp.vocab, nlp.tokenizer.jieba_seg)
            else:
                nlp = spacy.blank(language)
            nlp.max_length = 1 << 24  # spaCy's 1,000,000 guards parser memory; blank pipelines have none
            self._pipelines[language] = nlp
        return self._pipelines[language]

    @contextmanager
    def memory_zone(self, language: str):
        """Around one analysis: every string spaCy interns while tokenizing (each new ID, phone
        or order number becomes a vocabulary entry for good) is freed when the analysis ends, so
        a long scan's memory does not grow with the distinct tokens it has met. Docs made inside
        are not used after it."""
        with self.pipeline(language).memory_zone():
            yield

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        doc = self.pipeline(language)(text)
        artifacts = _Artifacts(
            entities=[],
            tokens=doc,
            tokens_indices=[token.idx for token in doc],
            lemmas=[token.lower_ for token in doc],
            nlp_engine=self,
            language=language,
        )
        artifacts.text = text
        return artifacts

    def process_batch(self, texts, language, batch_size=1, n_process=1, as_tuples=False):
        for text in texts:
            yield text, self.process_text(text, language)

    def is_stopword(self, word: str, language: str) -> bool:
        return self.pipeline(language).vocab[word].is_stop

    def is_punct(self, word: str, language: str) -> bool:
        return self.pipeline(language).vocab[word].is_punct

    def get_supported_entities(self) -> list[str]:
        return []

    def get_supported_languages(self) -> list[str]:
        return list(self.languages)
