"""A scan that finds nothing, without presidio, spaCy or jieba.

Importing presidio (and spaCy with it) and building the recognizers takes about a second, most
of what a pull request's diff of code costs, and such a diff mostly holds no candidate at all.
The engine can say which texts it could find something in (``DetectionEngine.cues``: any text
that is not ASCII; an ASCII one that an English recognizer's expression or a span or record
recognizer's cue matches). Those expressions are kept in a manifest in the cache directory,
keyed by what decides them (version, recognizer code and data files, plugins, YAML and field
name files, person model, entities), and written by a scan that builds the engine.

With the manifest, a scan runs on a ``DeferredEngine``: a text with no cue, read without context,
gives no result, as it would from the engine; the first other text builds the engine, which reads
it and every text after it. Nothing is read twice, so any scan can start this way: a folder, a
tree, a diff. Names go through the same engine (``scanner/names.py``), so a file's path is screened
like its text. One Hyperscan pass decides, from a database cached like the engine's
(``scanner/candidates.py``).
"""

import hashlib
import json
from collections.abc import Callable
from functools import cached_property
from importlib.metadata import entry_points
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from scanner import __version__
from scanner import candidates
from scanner.candidates import Expression, cache_directory, common_syntax, prefilter_database, store
from scanner.config import PLUGIN_GROUP

if TYPE_CHECKING:
    from scanner.engine import DetectionEngine


def configuration_key(yaml_files: tuple[Path, ...], field_files: tuple[Path, ...], person_model: str,
                      entities: frozenset[str] | None) -> str:
    """What decides the engine's cues: files by content (given ones) or by size and time (ours)."""
    ours = [Path(find_spec("recognizers").submodule_search_locations[0]), Path(__file__).parent]
    files = sorted(path for folder in ours for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts)
    code = [(str(path), info.st_size, info.st_mtime_ns) for path in files for info in [path.stat()]]
    given = [(str(path), hashlib.sha256(path.read_bytes()).hexdigest()) for path in (*yaml_files, *field_files)]
    plugins = sorted((point.name, point.value, point.dist.name if point.dist else "", point.dist.version if point.dist else "")
                     for point in entry_points(group=PLUGIN_GROUP))
    settings = (__version__, code, given, plugins, person_model, sorted(entities or ()))
    return hashlib.sha256(repr(settings).encode()).hexdigest()[:32]


def _manifest(key: str) -> Path:
    return cache_directory() / f"prescreen-{key}.json"


def remember(key: str, engine: "DetectionEngine") -> None:
    """Writes the engine's cues for ``key``, unless they are kept already (or cannot be used)."""
    path = _manifest(key)
    if candidates.hyperscan is None or path.exists():
        return
    cues = engine.cues()
    expressions = None if cues is None else [[cue.pattern, cue.flags, common_syntax(cue.pattern, cue.flags)] for cue in cues]
    store(path, json.dumps({"expressions": expressions}).encode())


class Prescreen:
    def __init__(self, expressions: list[Expression], common: list[bool] | None = None):
        """``common``: which expressions are in the syntax Hyperscan shares (``common_syntax``,
        computed here if not given); the rest, and any Hyperscan rejects, are searched with ``regex``."""
        common = common if common is not None else [common_syntax(e.pattern, e.flags) for e in expressions]
        self._database, screened = prefilter_database(expressions, [index for index, shared in enumerate(common) if shared])
        self._rest = [regex.compile(e.pattern, e.flags) for index, e in enumerate(expressions) if index not in screened]

    @staticmethod
    def load(key: str) -> "Prescreen | None":
        """The prescreen of ``key``'s configuration, if a scan with the engine has kept it."""
        if candidates.hyperscan is None:
            return None
        try:
            entries = json.loads(_manifest(key).read_bytes())["expressions"]
            expressions = None if entries is None else [(Expression(pattern, flags), common) for pattern, flags, common in entries]
        except (OSError, ValueError, KeyError, TypeError):  # not kept yet, or unreadable: the engine writes it again
            return None
        if expressions is None:
            return None
        return Prescreen([expression for expression, _ in expressions], [common for _, common in expressions])

    def clears(self, text: str) -> bool:
        """Whether ``text`` (read without context) surely gives the engine nothing."""
        if not text.isascii():
            return False
        try:
            self._database.scan(text.encode(), match_event_handler=lambda *hit: True)  # True: stop at the first
        except candidates.hyperscan.ScanTerminated:
            return False
        return not any(expression.search(text) for expression in self._rest)


class DeferredEngine:
    """The engine, built (``build``) by the first text the prescreen cannot clear, or by the first
    use of its recognizers (a table's column engine). Single-use, like a scan: one per ``Scanner``."""

    def __init__(self, prescreen: Prescreen, build: "Callable[[], DetectionEngine]"):
        self.prescreen = prescreen
        self._build = build

    @cached_property
    def engine(self) -> "DetectionEngine":
        from scanner.pipeline import outside_time_limit

        with outside_time_limit():  # built while a file is read, but no part of that file's time
            return self._build()

    @property
    def built(self) -> bool:
        return "engine" in self.__dict__

    @property
    def recognizers(self) -> list:
        return self.engine.recognizers

    def analyze(self, text: str, context: tuple[str, ...] = ()) -> list:
        if not self.built and not context and self.prescreen.clears(text):
            return []
        return self.engine.analyze(text, context)
