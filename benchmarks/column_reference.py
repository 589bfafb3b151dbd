"""The column engine against the reference path: one scan with it, one with every column read by
the text engine (``DetectionEngine.analyze``), same key and date; their findings, columns (taken
and rejected), counts and ratings must be identical. Used by big_csv.py and database_scan.py."""

import time
from datetime import date

from recognizers import load_recognizers
from scanner.engine import DetectionEngine
from scanner.pipeline import Scanner, sources_for
from scanner.sources.files import WalkOptions


class _TextEngineOnly:
    """Sends every column to the text engine: today's reference path."""

    @staticmethod
    def judge(text: str, context: tuple[str, ...]) -> None:
        return None


def _scan(targets: list[str], database_options, reference: bool) -> tuple[dict, float]:
    engine = DetectionEngine([item.recognizer for item in load_recognizers()], 0.4)
    scanner = Scanner(engine, b"k" * 32, today=date(2026, 12, 3))
    if reference:
        scanner.column_engine = _TextEngineOnly()
    started = time.perf_counter()
    report = scanner.scan(targets, sources_for(targets, WalkOptions(), database=database_options))
    wall = time.perf_counter() - started
    return {"findings": sorted(map(repr, report.findings)), "columns": report.columns, "rejected": report.columns_rejected,
            "counts": report.counts, "risk": report.risk, "assets": report.assets}, wall


def compare(targets: list[str], database_options=None) -> str:
    """A line saying whether both paths agree, and the time of each."""
    fast, fast_s = _scan(targets, database_options, reference=False)
    slow, slow_s = _scan(targets, database_options, reference=True)
    differing = [name for name in fast if fast[name] != slow[name]]
    verdict = "identical" if not differing else f"DIFFERENT ({', '.join(differing)})"
    return (f"column engine vs reference path (text engine on every column): {verdict}; "
            f"{len(fast['findings'])} findings, {len(fast['columns'])} columns taken; {fast_s:.1f} s vs {slow_s:.1f} s in process")

