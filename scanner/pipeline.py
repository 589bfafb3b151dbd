"""The one module that wires the stages: sources → engine → findings → report."""

import os
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from presidio_analyzer import RecognizerResult

from scanner import __version__
from scanner.engine import DetectionEngine
from scanner.lines import previous_line_start
from scanner.model import Asset, Document, Finding, Location, Report, ScanError, Skipped, Stats, TextChunk
from scanner.sources import Source
from scanner.suppression import Suppressions, inline_allowed
from scanner.sources.files import FileSource, WalkOptions
from scanner.sources.git import GitDiffSource, GitHistorySource, GitSelection, GitTreeSource
from scanner.risk import RiskScorer, advice_rules, risk_model
from scanner.values import MASKED_VALUE, fingerprint, is_minor, mask


def sources_for(targets: Iterable[str], options: WalkOptions, git: GitSelection = GitSelection()) -> list[Source]:
    """Paths are walked; a repository gives its tree, or the lines a range or the index adds.
    (A history scan has its own entry point, ``Scanner.scan_history``.)"""
    sources: list[Source] = [FileSource(target, options) for target in targets]
    if git.repo is not None and (git.staged or git.revision_range):
        sources.append(GitDiffSource(git.repo, options, None if git.staged else git.revision_range))
    elif git.repo is not None:
        sources.append(GitTreeSource(git.repo, options))
    return sources


def _describe(exc: Exception) -> str:
    """One line for the report. Only OS errors are worded in full: the message of any other
    exception may quote the text being analysed."""
    if isinstance(exc, OSError):
        return f"read failed: {exc.strerror or type(exc).__name__}"
    return f"analysis failed: {type(exc).__name__}"


class Scanner:
    def __init__(self, engine: DetectionEngine, fingerprint_key: bytes, show_data: bool = False,
                 risk_overrides: dict | None = None, today: date | None = None, suppressions: Suppressions = Suppressions()):
        self.engine = engine
        self.suppressions = suppressions
        self.fingerprint_key = fingerprint_key
        self.show_data = show_data
        self.model = risk_model(risk_overrides)
        self.today = today or datetime.now().astimezone().date()  # the scan date: ages and staleness

    def scan(self, targets: list[str], sources: list[Source]) -> Report:
        started, clock = datetime.now().astimezone(), time.perf_counter()
        collected = self._collect(item for source in sources for item in source.items())
        return self._report(targets, collected, collected.findings, started, clock)

    def scan_history(self, targets: list[str], source: GitHistorySource) -> Report:
        """Each value once, at the first commit that added it, marked with whether HEAD holds it."""
        started, clock = datetime.now().astimezone(), time.perf_counter()
        collected = self._collect(source.items())
        first: dict[tuple[str, str], Finding] = {}
        for found in collected.findings:  # in history order: oldest commit first
            first.setdefault((found.entity_type, found.fingerprint), found)
        at_head = set()
        if first:
            at_head = {(f.entity_type, f.fingerprint) for f in self._collect(source.head_documents()).findings}
        findings = [replace(f, present_at_head=key in at_head) for key, f in first.items()]
        return self._report(targets, collected, findings, started, clock)

    def _collect(self, items: Iterable[Document | Skipped | ScanError]) -> "_Collected":
        collected = _Collected()
        for item in items:
            if isinstance(item, Skipped):
                collected.skipped.append(item)
            elif isinstance(item, ScanError):
                collected.errors.append(item)
            else:
                masked: list[int] = []
                try:
                    for found in self.scan_document(item, masked):
                        collected.findings.append(found)
                except Exception as exc:  # one bad file never stops the scan; what it yielded stays
                    collected.errors.append(ScanError(item.path, _describe(exc)))
                    continue
                collected.files += 1
                collected.bytes += item.size
                if item.path not in collected.assets:  # history: one asset per path, however many commits
                    collected.assets[item.path] = replace(item.asset(), masked_values=sum(masked))
        return collected

    def _report(self, targets: list[str], collected: "_Collected", findings: list[Finding], started: datetime,
                clock: float) -> Report:
        findings = sorted(findings, key=lambda f: (f.location.path, f.location.line or 0, f.location.column or 0, f.entity_type))
        findings = [replace(f, suppressed=f.suppressed or self.suppressions.reason(f)) for f in findings]
        suppressed = Counter((f.suppressed, f.entity_type) for f in findings if f.suppressed)
        findings = [f for f in findings if not f.suppressed]
        rated, scan_risk = RiskScorer(self.model, advice_rules(), self.today).rate(list(collected.assets.values()), findings)
        return Report(
            tool_version=__version__,
            started_at=started.isoformat(timespec="seconds"),
            finished_at=datetime.now().astimezone().isoformat(timespec="seconds"),
            targets=tuple(targets),
            stats=Stats(collected.files, collected.bytes, len(collected.skipped), round(time.perf_counter() - clock, 3)),
            findings=tuple(findings),
            errors=tuple(collected.errors),
            skipped=tuple(collected.skipped),
            assets=tuple(rated),
            risk=scan_risk,
            suppressed=tuple((reason, entity, count) for (reason, entity), count in sorted(suppressed.items())),
        )

    def scan_document(self, document: Document, masked: list[int]) -> Iterator[Finding]:
        """The document's findings; appends to ``masked`` how many values each chunk holds already masked."""
        for chunk in document.chunks():
            own = chunk.text[chunk.own_start - chunk.offset:chunk.own_end - chunk.offset]
            masked.append(sum(1 for _ in MASKED_VALUE.finditer(own)))
            results = [r for r in self.engine.analyze(chunk.text) if chunk.own_start <= chunk.offset + r.start < chunk.own_end]
            if results:
                yield from self._findings(document, chunk, results)

    def _findings(self, document: Document, chunk: TextChunk, results: list[RecognizerResult]) -> Iterable[Finding]:
        minor_age = self.model["impact"]["minor_age"]
        line, counted_to = chunk.first_line, 0
        for result in sorted(results, key=lambda r: r.start):
            line += chunk.text.count("\n", counted_to, result.start)  # C-speed counting, once over the chunk
            counted_to = result.start
            line_start = chunk.text.rfind("\n", 0, result.start) + 1
            column = result.start - line_start + 1 if line_start else chunk.first_column + result.start
            value = chunk.text[result.start:result.end]
            line_end = chunk.text.find("\n", result.start)
            previous = chunk.text[previous_line_start(chunk.text, result.start):line_start - 1] if line_start else ""
            allowed = inline_allowed(chunk.text[line_start:len(chunk.text) if line_end < 0 else line_end], previous)
            commit = document.commit_of(line) if document.commit_of else None
            yield Finding(
                entity_type=result.entity_type,
                score=round(result.score, 2),
                recognizer=result.recognition_metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, ""),
                location=Location(document.path, line, column, commit=commit and commit.sha,
                                  author_date=commit and commit.author_date),
                masked=mask(result.entity_type, value),
                fingerprint=fingerprint(self.fingerprint_key, result.entity_type, value),
                value=value if self.show_data else None,
                flags=("minor",) if is_minor(result.entity_type, value, self.today, minor_age) else (),
                suppressed="inline" if allowed else None,
            )


@dataclass
class _Collected:
    findings: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    assets: dict[str, Asset] = field(default_factory=dict)  # by path
    files: int = 0
    bytes: int = 0


def new_fingerprint_key() -> bytes:
    """A key for this scan only: fingerprints then compare within the report, not across scans."""
    return os.urandom(32)
