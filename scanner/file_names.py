"""File and folder names as evidence of what a file holds (rules: ``data/file_names.yaml``).

A name speaks only for content that cannot speak for itself: an image, a scanned page, a file
skipped or failed (the sources decide which, see ``FileSource.read`` and ``documents.py``). Field
names (table columns, keys) are classified elsewhere, by their own dictionary.
"""

import re
from functools import cache
from importlib.resources import files

import yaml

from scanner.model import Evidence

RECOGNIZER = "file_name"  # also the flag of its findings
SCORE = 0.5  # a name is weaker evidence than a value read


def _pattern(words) -> re.Pattern:
    """Chinese words anywhere; Latin ones as whole words of the lower-cased name (face_01, not surface)."""
    alternatives = [
        re.escape(w.lower()) if not w.isascii() else rf"(?<![a-z0-9]){re.escape(w.lower())}(?![a-z0-9])"
        for w in sorted(words, key=lambda word: (-len(word), word))
    ]  # the longest word is the one shown
    return re.compile("|".join(alternatives))


@cache
def _rules() -> tuple[list[tuple[str, re.Pattern]], re.Pattern]:
    data = yaml.safe_load(files("scanner").joinpath("data", "file_names.yaml").read_text(encoding="utf-8"))
    rules = [(rule["entity"], _pattern(rule["words"])) for rule in data["rules"]]
    every_word = [word for rule in data["rules"] for word in rule["words"]] + data["ocr_hints"]
    return rules, _pattern(every_word)


def name_evidence(name: str) -> tuple[Evidence, ...]:
    """What ``name`` (a relative path, an archive member's path) says its file holds: one piece
    of evidence per entity type named, shown as the word that names it."""
    lower = name.lower()
    found = []
    for entity, pattern in _rules()[0]:
        if match := pattern.search(lower):
            found.append(Evidence(entity, RECOGNIZER, match.group(), SCORE))
    return tuple(found)


def names_a_document(name: str) -> bool:
    """Whether ``name`` suggests a scan or a copy of a document: --ocr auto reads such images."""
    return bool(_rules()[1].search(name.lower()))
