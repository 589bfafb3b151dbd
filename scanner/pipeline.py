"""The one module that wires the stages: sources → engine → findings → report."""

import bisect
import copy
import heapq
import multiprocessing
import os
import re
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from presidio_analyzer import RecognizerResult

from scanner import __version__
from scanner.engine import DetectionEngine
from scanner.extract import cell_name
from scanner.lines import previous_line_start
from scanner.model import Asset, ColumnSample, ColumnStats, Document, TableSummary, Finding, Location, Report, ScanError, Skipped, SourceError, Stats, TextChunk
from scanner.sources import Source
from scanner.suppression import Suppressions, inline_allowed
from scanner.sources.files import FileSource, WalkOptions
from scanner.sources.files import is_database_url
from scanner.sources.git import GitDiffSource, GitHistorySource, GitSelection, GitTreeSource
from scanner.risk import RiskScorer, advice_rules, risk_model
from scanner.values import MASKED_VALUE, fingerprint, is_minor, mask

if TYPE_CHECKING:
    from scanner.sources.database import DatabaseOptions


COLUMN_EXAMPLES = 20


def sources_for(targets: Iterable[str], options: WalkOptions, git: GitSelection = GitSelection(),
                database: "DatabaseOptions | None" = None) -> list[Source]:
    """Paths are walked and database URLs read; a repository gives its tree, or the lines a range
    or the index adds. (A history scan has its own entry point, ``Scanner.scan_history``.)"""
    sources: list[Source] = []
    for target in targets:
        if is_database_url(target):
            from scanner.sources.database import DatabaseOptions, DatabaseSource  # SQLAlchemy only when needed

            sources.append(DatabaseSource(target, database or DatabaseOptions()))
        else:
            sources.append(FileSource(target, options, database))
    if git.repo is not None and (git.staged or git.revision_range):
        sources.append(GitDiffSource(git.repo, options, None if git.staged else git.revision_range))
    elif git.repo is not None:
        sources.append(GitTreeSource(git.repo, options))
    return sources


def _describe(exc: Exception) -> str:
    """One line for the report. OS errors and source errors (git, databases; worded to name no
    value) are given in full; the message of any other exception may quote the text analysed."""
    if isinstance(exc, OSError):
        return f"read failed: {exc.strerror or type(exc).__name__}"
    if isinstance(exc, SourceError):
        return str(exc)
    return f"analysis failed: {type(exc).__name__}"


class Progress(Protocol):
    """Told of each document as the scan goes (the terminal's progress bar)."""

    def started(self, name: str) -> None: ...

    def finished(self, size: int, findings: int) -> None: ...


class Scanner:
    def __init__(self, engine: DetectionEngine, fingerprint_key: bytes, show_data: bool = False,
                 risk_overrides: dict | None = None, today: date | None = None, suppressions: Suppressions = Suppressions(),
                 progress: Progress | None = None):
        self.engine = engine
        self.progress = progress
        self.suppressions = suppressions
        self.fingerprint_key = fingerprint_key
        self.show_data = show_data
        self.model = risk_model(risk_overrides)
        self.today = today or datetime.now().astimezone().date()  # the scan date: ages and staleness

    def scan(self, targets: list[str], sources: list[Source], workers: int = 1) -> Report:
        """``workers`` > 1 reads the files of a walk in that many processes; the report is the
        same as with one."""
        started, clock = datetime.now().astimezone(), time.perf_counter()
        collected = _Collected()
        for source in sources:
            if workers > 1 and isinstance(source, FileSource):  # git and database sources read in order
                self._collect_in_parallel(source, workers, collected)
            else:
                self._collect(source.items(), collected)
        return self._report(targets, collected, collected.findings, started, clock)

    def _collect_in_parallel(self, source: FileSource, workers: int, collected: "_Collected") -> None:
        tasks = list(source.tasks())
        files = [task for task in tasks if isinstance(task, tuple)]
        if len(files) < 2 * workers:  # starting processes would cost more than it saves
            self._collect((item for task in tasks for item in (source.read(*task) if isinstance(task, tuple) else (task,))),
                          collected)
            return
        # Forked workers share this process's loaded engine (copy-on-write): nothing to rebuild.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker,
                                 initargs=(replace_progress(self), source)) as pool:
            results = pool.map(_read_in_worker, files, chunksize=4)
            for task in tasks:  # in walk order, so that the report is the one a single process writes
                if isinstance(task, tuple):
                    piece = next(results)
                    collected.merge(piece)
                    if self.progress:
                        self.progress.started(task[1])
                        self.progress.finished(piece.bytes, len(collected.findings))
                else:
                    self._collect((task,), collected)

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

    def _collect(self, items: Iterable[Document | Skipped | ScanError], collected: "_Collected | None" = None) -> "_Collected":
        collected = collected if collected is not None else _Collected()
        for item in items:
            if isinstance(item, Skipped):
                collected.skipped.append(item)
            elif isinstance(item, ScanError):
                collected.errors.append(item)
            else:
                asset = item.asset()
                if self.progress:
                    self.progress.started(asset.path)
                try:
                    masked = self.scan_document(item, collected)
                except Exception as exc:  # one bad file never stops the scan; what it yielded stays
                    collected.errors.append(ScanError(asset.path, _describe(exc)))
                    continue
                finally:
                    if item.table is not None:
                        collected.close_table(item.path, item.table)
                if item.table is None:
                    if item.path not in collected.paths:  # a document's parts are one file
                        collected.paths.add(item.path)
                        collected.files += 1
                    collected.bytes += item.size
                if asset.path not in collected.assets:  # history: one asset per path, however many commits
                    collected.assets[asset.path] = replace(asset, masked_values=masked)
                if self.progress:
                    self.progress.finished(item.size, len(collected.findings))
        return collected

    def _report(self, targets: list[str], collected: "_Collected", findings: list[Finding], started: datetime,
                clock: float) -> Report:
        findings = sorted(findings, key=_reading_order)
        findings = [replace(f, suppressed=f.suppressed or self.suppressions.reason(f)) for f in findings]
        suppressed = Counter((f.suppressed, f.entity_type) for f in findings if f.suppressed)
        findings = [f for f in findings if not f.suppressed]
        columns = sorted(collected.columns, key=lambda c: (c.path, c.table, c.column, c.entity_type))
        rated, scan_risk = RiskScorer(self.model, advice_rules(), self.today).rate(list(collected.assets.values()), findings, columns)
        return Report(
            tool_version=__version__,
            started_at=started.isoformat(timespec="seconds"),
            finished_at=datetime.now().astimezone().isoformat(timespec="seconds"),
            targets=tuple(targets),
            stats=Stats(collected.files, collected.bytes, len(collected.skipped), round(time.perf_counter() - clock, 3),
                        len(collected.tables), sum(t.rows_read for t in collected.tables)),
            findings=tuple(findings),
            errors=tuple(collected.errors),
            skipped=tuple(collected.skipped),
            assets=tuple(rated),
            risk=scan_risk,
            suppressed=tuple((reason, entity, count) for (reason, entity), count in sorted(suppressed.items())),
            columns=tuple(columns),
            tables=tuple(sorted(collected.tables, key=lambda t: (t.path, t.table))),
        )

    def scan_document(self, document: Document, collected: "_Collected") -> int:
        """Adds the document's findings (and its columns' tallies) to ``collected`` as they are
        found, so that a document failing half-way keeps what it yielded; returns how many
        values it holds already masked."""
        masked = 0
        for chunk in document.chunks():
            own = chunk.text[chunk.own_start - chunk.offset:chunk.own_end - chunk.offset]
            masked += sum(1 for _ in MASKED_VALUE.finditer(own))
            context = (chunk.column.name,) if chunk.column else (chunk.cells.header,) if chunk.cells and chunk.cells.header else ()
            results = [r for r in self.engine.analyze(chunk.text, context) if chunk.own_start <= chunk.offset + r.start < chunk.own_end]
            findings = self._findings(document, chunk, results) if results else ()
            if chunk.column:
                collected.tally(chunk.column, list(findings), _rows_by_entity(chunk.text, results))
            else:
                collected.findings.extend(findings)
        return masked

    def _findings(self, document: Document, chunk: TextChunk, results: list[RecognizerResult]) -> Iterable[Finding]:
        minor_age = self.model["impact"]["minor_age"]
        line, counted_to = chunk.first_line, 0
        for result in sorted(results, key=lambda r: r.start):
            line += chunk.text.count("\n", counted_to, result.start)  # C-speed counting, once over the chunk
            counted_to = result.start
            value = chunk.text[result.start:result.end]
            suppressed = None
            if chunk.column:  # a value of a database column: no lines to point at, no comments to read
                location = Location(document.path, table=chunk.column.table, column_name=chunk.column.name)
            else:
                line_start = chunk.text.rfind("\n", 0, result.start) + 1
                line_end = chunk.text.find("\n", result.start)
                previous = chunk.text[previous_line_start(chunk.text, result.start):line_start - 1] if line_start else ""
                if inline_allowed(chunk.text[line_start:len(chunk.text) if line_end < 0 else line_end], previous):
                    suppressed = "inline"
                if chunk.cells:  # a cell of a sheet
                    cells = chunk.cells
                    location = Location(document.path, member=document.member, sheet=cells.sheet,
                                        cell=cell_name(cells.rows[line - 1], cells.index), column_name=cells.header or None)
                else:
                    column = result.start - line_start + 1 if line_start else chunk.first_column + result.start
                    commit = document.commit_of(line) if document.commit_of else None
                    location = Location(document.path, line, column, member=document.member, page=document.page, part=document.part,
                                        commit=commit and commit.sha, author_date=commit and commit.author_date)
            yield Finding(
                entity_type=result.entity_type,
                score=round(result.score, 2),
                recognizer=result.recognition_metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, ""),
                location=location,
                masked=mask(result.entity_type, value),
                fingerprint=fingerprint(self.fingerprint_key, result.entity_type, value),
                value=value if self.show_data else None,
                flags=("minor",) if is_minor(result.entity_type, value, self.today, minor_age) else (),
                suppressed=suppressed,
            )


class _DistinctValues:
    """Counts distinct fingerprints in bounded memory: exactly up to ``k`` of them, beyond that a
    k-minimum-values estimate (keep the k smallest 64-bit hashes; with the largest kept at
    fraction f of the hash space, about (k - 1) / f distinct values; ~1 % error at k = 16,384).
    A dozen lines here rather than datasketch, which brings numpy and scipy for it."""

    def __init__(self, k: int = 16_384):
        self.k = k
        self.kept: set[int] = set()
        self.largest_first: list[int] = []  # negated: heapq keeps the largest kept hash on top
        self.overflowed = False

    def add(self, fingerprint: str) -> None:
        value = int(fingerprint[:16], 16)  # an HMAC: its bits are uniform
        if value in self.kept:
            return
        if len(self.kept) < self.k:
            self.kept.add(value)
            heapq.heappush(self.largest_first, -value)
            return
        self.overflowed = True
        if value < -self.largest_first[0]:
            self.kept.discard(-heapq.heapreplace(self.largest_first, -value))
            self.kept.add(value)

    def count(self) -> tuple[int, bool]:
        """(distinct values, whether that is an estimate)."""
        if not self.overflowed:
            return len(self.kept), False
        return round((self.k - 1) * 2 ** 64 / (-self.largest_first[0] + 1)), True


@dataclass
class _Hits:
    """One entity type in one column, tallied over the sampled rows."""

    matching_rows: int = 0
    distinct: _DistinctValues = field(default_factory=_DistinctValues)
    minors: set[str] = field(default_factory=set)
    score_total: float = 0.0
    samples: list[str] = field(default_factory=list)


@dataclass
class _Collected:
    findings: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    assets: dict[str, Asset] = field(default_factory=dict)  # by asset name
    files: int = 0
    bytes: int = 0
    paths: set[str] = field(default_factory=set)
    columns: list[ColumnStats] = field(default_factory=list)
    tables: list[TableSummary] = field(default_factory=list)
    # the table being read: (column name → its sample and rows read), (column, entity) → hits
    open_columns: dict[str, tuple[ColumnSample, int]] = field(default_factory=dict)
    open_hits: dict[tuple[str, str], _Hits] = field(default_factory=dict)

    def merge(self, other: "_Collected") -> None:
        """Add what a worker collected from one file, as if this process had read it."""
        self.findings += other.findings
        self.errors += other.errors
        self.skipped += other.skipped
        for name, asset in other.assets.items():
            self.assets.setdefault(name, asset)
        self.files += len(other.paths - self.paths)
        self.paths |= other.paths
        self.bytes += other.bytes
        self.columns += other.columns
        self.tables += other.tables

    def tally(self, column: ColumnSample, findings: list[Finding], rows: dict[str, int]) -> None:
        """A column's values are counted, not all listed: a sampled table yields tens of
        thousands of matches, so the findings keep ``COLUMN_EXAMPLES`` of each entity type a
        column and the counts go to the report's columns."""
        read = self.open_columns.get(column.name, (column, 0))[1]
        self.open_columns[column.name] = (column, read + column.rows_sampled)
        for entity, count in rows.items():
            self.open_hits.setdefault((column.name, entity), _Hits()).matching_rows += count
        for found in findings:
            hits = self.open_hits[(column.name, found.entity_type)]
            hits.distinct.add(found.fingerprint)
            if "minor" in found.flags:
                hits.minors.add(found.fingerprint)
            hits.score_total += found.score
            if len(hits.samples) < COLUMN_EXAMPLES:
                hits.samples.append(found.masked)
                self.findings.append(found)

    def close_table(self, path: str, table: str) -> None:
        """The table is read: its tallies become ColumnStats, and their memory is freed."""
        if not self.open_columns:
            return
        first = next(iter(self.open_columns.values()))[0]
        rows_read = max(read for _, read in self.open_columns.values())
        self.tables.append(TableSummary(path, table, first.table_rows, first.table_rows_estimated, rows_read,
                                        tuple(self.open_columns), first.sampling))
        for (name, entity), hits in sorted(self.open_hits.items()):
            column, sampled = self.open_columns[name]
            exact = not column.table_rows_estimated and column.table_rows is not None and sampled >= column.table_rows
            estimated = None if column.table_rows is None or not sampled else round(column.table_rows * hits.matching_rows / sampled)
            distinct, distinct_estimated = hits.distinct.count()
            self.columns.append(ColumnStats(
                path, table, name, entity, sampled, hits.matching_rows, distinct, distinct_estimated, len(hits.minors),
                column.table_rows, estimated, not exact, round(hits.score_total / hits.matching_rows, 2),
                tuple(hits.samples[:3]), column.sampling))
        self.open_columns, self.open_hits = {}, {}


# The scanner a worker process reads files with: set once when the process starts (a process
# pool hands its workers nothing else), never changed.
_worker: "tuple[Scanner, FileSource] | None" = None


def _start_worker(scanner: Scanner, source: FileSource) -> None:
    global _worker
    _worker = (scanner, source)


def _read_in_worker(task: tuple[Path, str]) -> "_Collected":
    scanner, source = _worker
    return scanner._collect(source.read(*task))


def replace_progress(scanner: Scanner) -> Scanner:
    """The scanner as a worker gets it: without the progress bar, which lives in this process."""
    worker = copy.copy(scanner)
    worker.progress = None
    return worker


def _reading_order(finding: Finding) -> tuple:
    """Path, then where inside: member, page, part, sheet, database table and column, line, cell."""
    where = finding.location
    row, letters = _cell_parts(where.cell)
    database_column = where.column_name if where.table else ""
    return (where.path, where.member or "", where.page or 0, where.part or "", where.sheet or "", where.table or "", database_column,
            where.line or 0, where.column or 0, row, len(letters), letters, finding.entity_type)


def _cell_parts(cell: str | None) -> tuple[int, str]:
    """"C12" → (12, "C"): cells sort by row, then column."""
    if not cell:
        return 0, ""
    letters = cell.rstrip("0123456789")
    return int(cell[len(letters):]), letters


def _rows_by_entity(text: str, results: list[RecognizerResult]) -> dict[str, int]:
    """How many lines (one value of the column each) hold each entity type."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    lines: dict[str, set[int]] = {}
    for result in results:
        lines.setdefault(result.entity_type, set()).add(bisect.bisect_right(line_starts, result.start))
    return {entity: len(found) for entity, found in lines.items()}


def new_fingerprint_key() -> bytes:
    """A key for this scan only: fingerprints then compare within the report, not across scans."""
    return os.urandom(32)
