"""Shared fixtures: one real detection engine per test session (loading jieba takes a second)."""

import random

import pytest

from recognizers import load_recognizers
from scanner.engine import DetectionEngine


@pytest.fixture(scope="session")
def engine() -> DetectionEngine:
    return DetectionEngine([item.recognizer for item in load_recognizers()], min_score=0.4)


@pytest.fixture(scope="session")
def detect(engine):
    """detect(text) -> sorted [(entity_type, matched text)] as the scanner reports them."""

    def run(text: str) -> list[tuple[str, str]]:
        return sorted((r.entity_type, text[r.start:r.end]) for r in engine.analyze(text))

    return run


@pytest.fixture
def rng() -> random.Random:
    return random.Random(20261124)
