"""The one module that wires the stages: sources → engine → findings → report."""

import bisect
import copy
import multiprocessing
import multiprocessing.util
import os
import re
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from scanner import __version__
from scanner.extract import IMAGE_SUFFIXES, cell_name
from scanner.lines import previous_line_start
from scanner.model import (Asset, ColumnSample, ColumnStats, Document, Finding, Location, Report, ScanError, SheetColumn, Skipped, SourceError,
                           Stats, TableSummary, TextChunk)
from scanner.file_names import RECOGNIZER as FILE_NAME
from scanner.names import NAME_PART, Names
from scanner.ocr import OCR_PART
from scanner.processes import become_worker, results_in_order, stop_now
from scanner.sources import PlannedSource, Source
from scanner.suppression import ALLOW, Suppressions, inline_allowed
from scanner.sources.files import FileSource, WalkOptions
from scanner.sources.files import is_database_url
from scanner.sources.git import GitDiffSource, GitHistorySource, GitSelection, GitTreeSource
from scanner.columns import ColumnJudge
from scanner.risk import RiskScorer, advice_rules, risk_model
from scanner.tally import EXACT_LIMIT, DistinctValues, TableValues, count, value_key
from scanner.values import (AGE_BEARING, count_masked, fingerprint, fingerprint_keys, fingerprint_normal, is_minor, mask_normal,
                            normalise)

if TYPE_CHECKING:  # presidio is imported where a result is read: a scan that finds nothing never needs it (scanner/prescreen.py)
    from presidio_analyzer import RecognizerResult

    from scanner.cache import ScanCache
    from scanner.column_engine import ColumnEngine, JudgedColumn
    from scanner.engine import DetectionEngine
    from scanner.prescreen import DeferredEngine
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
        sources.append(GitTreeSource(git.repo, options, database))
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
    """Told of each document as the scan goes (the terminal's progress bar). ``ocr``: the file is
    an image, read by OCR (slow); ``ocr_pages``: pages and images the document's text was read from by OCR."""

    def started(self, name: str, ocr: bool = False) -> None: ...

    def finished(self, size: int, findings: int, ocr_pages: int = 0) -> None: ...


class FileTimeLimit(BaseException):
    """Raised by the alarm while a file is read. A BaseException, so that the handler of a
    document's own failure does not catch it and the file's remaining parts are not read."""


@contextmanager
def _time_limit(seconds: float):
    """SIGALRM after ``seconds`` (0: none). Signals reach the main thread only, which is where a
    scan runs, in this process or a worker; elsewhere (a library caller's thread) there is no limit."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise FileTimeLimit

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def outside_time_limit():
    """Stops the clock of the file being read, if any, and starts it again with what it had left:
    for work that is the scan's, not the file's (building the engine a file turned out to need)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    remaining, _ = signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        yield
    finally:
        if remaining:
            signal.setitimer(signal.ITIMER_REAL, remaining)


class Scanner:
    def __init__(self, engine: "DetectionEngine | DeferredEngine", fingerprint_key: bytes, show_data: bool = False,
                 risk_overrides: dict | None = None, today: date | None = None, suppressions: Suppressions = Suppressions(),
                 progress: Progress | None = None, file_time_limit: float = 0,
                 cache: "ScanCache | None" = None, entities: frozenset[str] | None = None):
        self.engine = engine
        self.entities = entities  # evidence of other types is not reported (--entities)
        self.file_time_limit = file_time_limit
        self.cache = None if show_data else cache  # the cache never holds a raw value
        self.progress = progress
        self.suppressions = suppressions
        self.fingerprint_key = fingerprint_key
        self.show_data = show_data
        self.model = risk_model(risk_overrides)
        self.judge = ColumnJudge()
        self.today = today or datetime.now().astimezone().date()  # the scan date: ages and staleness
        self.names = Names(engine, fingerprint_key, show_data, self.today, self.model["impact"]["minor_age"])

    @cached_property
    def column_engine(self) -> "ColumnEngine":
        """Built when a table is met: pyarrow and numpy are imported only then."""
        from scanner.column_engine import ColumnEngine

        return ColumnEngine(self.engine, self.today)

    def scan(self, targets: list[str], sources: list[Source], workers: int = 1) -> Report:
        """``workers`` > 1 reads the files of a walk in that many processes; the report is the
        same as with one."""
        started, clock = datetime.now().astimezone(), time.perf_counter()
        collected = _Collected()
        unread = []
        for target, source in zip(targets, sources):
            before = (len(collected.assets), len(collected.skipped), len(collected.errors))
            if isinstance(source, PlannedSource):
                try:
                    self._collect_planned(source, workers, collected)
                finally:
                    source.close()
            else:  # git sources read in order
                self._collect(source.items(), collected)
            after = (len(collected.assets), len(collected.skipped), len(collected.errors))
            if after[:2] == before[:2] and after[2] > before[2]:  # errors and nothing else: the target could not be read
                unread.append(ScanError(self.names.shown(target), self.names.shown(collected.errors[before[2]].error)))
        if self.cache:
            self.cache.save()
        return self._report(targets, collected, collected.findings, started, clock, tuple(unread))

    def _collect_planned(self, source: PlannedSource, workers: int, collected: "_Collected") -> None:
        """The source's inputs (a walk's files, a database's tables), a file within the time limit and
        from the cache when unchanged; read in ``workers`` processes when there are enough of them.
        Merged in plan order, so that the report is the one a single process writes."""
        tasks = list(source.tasks())
        cached = {}
        if self.cache:
            for task in tasks:
                if _is_file(task) and (remembered := self._remembered(task)) is not None:
                    try:
                        cached[task] = _Collected.from_dict(remembered, task[0])
                    except OSError:
                        pass  # gone since: reading it will say so
        to_read = [task for task in tasks if isinstance(task, tuple) and cached.get(task) is None]
        if workers > 1 and len(to_read) >= 2 * workers:  # fewer would cost more to start than they save
            if not all(map(_is_file, to_read)):  # every table needs the engine: built once, shared by the workers
                self.column_engine  # noqa: B018
            # Forked workers share this process's loaded engine (copy-on-write): nothing to rebuild.
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker,
                                     initargs=(replace_progress(self), source, os.getpid())) as pool:
                try:
                    self._merge_in_order(tasks, cached, results_in_order(pool, _read_in_worker, to_read), collected)
                except BaseException:  # Ctrl-C, or a failure here: the workers' remaining inputs are not waited for
                    stop_now(pool)
                    raise
        else:  # read here, in turn: the progress bar hears of each document as it is read
            self._merge_in_order(tasks, cached, (self._read_task(source, task) for task in to_read), collected, read_here=True)

    def _remembered(self, task: tuple[Path, str]) -> dict | None:
        """What the cache holds for a file, looked up (its content hashed) within the time limit."""
        try:
            with _time_limit(self.file_time_limit):
                return self.cache.lookup(task[0], self.names.shown(task[1]))
        except FileTimeLimit:
            return None  # reading it will meet the limit again, and say so

    def _merge_in_order(self, tasks: list, cached: dict, read: Iterator["_Collected"], collected: "_Collected",
                        read_here: bool = False) -> None:
        for task in tasks:
            if not isinstance(task, tuple):
                collected.merge(_Collected(errors=[task]) if isinstance(task, ScanError) else _Collected(skipped=[task]))
                continue
            hit = cached.get(task)
            piece = hit if hit is not None else self.names.masked(next(read))  # masked before the cache keeps it
            if hit is None and self.cache and _is_file(task) and not piece.errors:  # an error may pass (a lock, a time limit)
                self.cache.store(self.names.shown(task[1]), piece.to_dict(), piece.depends_on_the_date())
            collected.merge(piece)
            if self.progress and (hit is not None or not read_here):
                self.progress.started(self.names.shown(task[1]), ocr=piece.ocr_pages > 0)
                self.progress.finished(piece.bytes, len(collected.findings), ocr_pages=piece.ocr_pages)

    def _read_task(self, source: PlannedSource, task: tuple) -> "_Collected":
        """One input: a file is given at most ``file_time_limit`` seconds (what it yielded by then is
        kept, and an error says it was scanned in part); a table, the database's statement timeout."""
        collected, display = _Collected(), task[1]
        if self.progress and _is_file(task):  # named before reading: extraction, OCR above all, may take a while
            self.progress.started(self.names.shown(display), ocr=task[0].suffix.lower() in IMAGE_SUFFIXES)
        try:
            with _time_limit(self.file_time_limit if _is_file(task) else 0):
                self._collect(source.read(*task), collected)
        except FileTimeLimit:
            collected.errors.append(ScanError(display, f"time limit of {self.file_time_limit:g} s reached: scanned in part"))
        except Exception as exc:  # the source itself failed on this input: its error, and the scan goes on
            collected.errors.append(ScanError(display, _describe(exc)))
        return collected

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
                    self.progress.started(self.names.shown(asset.path))
                first = asset.path not in collected.assets  # history: one asset per path, however many commits
                if first:  # registered before reading: what a failing document yields is rated too
                    collected.assets[asset.path] = asset
                collected.findings += self.names.document_findings(item)
                try:
                    masked = self.scan_document(item, collected)
                    collected.findings += self._evidence_findings(item, collected.findings)
                except FileTimeLimit:
                    collected.partial.add(asset.path)
                    raise
                except Exception as exc:  # one bad file never stops the scan; what it yielded stays
                    collected.errors.append(ScanError(asset.path, _describe(exc)))
                    collected.partial.add(asset.path)
                    continue
                finally:
                    collected.close_table(item, self.judge)
                if item.table is None:
                    if item.path not in collected.paths:  # a document's parts are one file
                        collected.paths.add(item.path)
                        collected.files += 1
                    collected.bytes += item.size
                if first and masked:
                    collected.assets[asset.path] = replace(asset, masked_values=masked)
                collected.ocr_pages += item.part == OCR_PART
                if self.progress:
                    self.progress.finished(item.size, len(collected.findings), ocr_pages=int(item.part == OCR_PART))
        return collected

    def _report(self, targets: list[str], collected: "_Collected", findings: list[Finding], started: datetime,
                clock: float, unread: tuple[ScanError, ...] = ()) -> Report:
        shown = self.names.masked(collected)  # names as reports show them, from here on
        findings = shown.findings if findings is collected.findings else list(map(self.names.located, findings))  # history: a selection
        collected, targets = shown, [self.names.shown(target) for target in targets]
        findings = sorted(findings, key=_reading_order)
        # Rebuilt only where a rule suppresses it: most findings are kept as they are.
        findings = [f if f.suppressed or not (why := self.suppressions.reason(f)) else replace(f, suppressed=why) for f in findings]
        suppressed = Counter((f.suppressed, f.entity_type) for f in findings if f.suppressed)
        findings = [f for f in findings if not f.suppressed]
        columns = sorted(collected.columns, key=lambda c: (c.path, c.member or "", c.table or "", c.sheet or "", c.column, c.entity_type))
        taken = [c for c in columns if c.taken]
        assets = list(collected.assets.values())
        partial = collected.partial | {error.path for error in collected.errors}  # an error named after an asset stopped it
        scorer = RiskScorer(self.model, advice_rules(), self.today)
        counts, scan_counts = count(assets, findings, taken, collected.table_values, partial, scorer.identifying,
                                     scorer.one_per_person)
        rated, scan_risk = scorer.rate(assets, findings, counts)
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
            columns=tuple(taken),
            tables=tuple(sorted(collected.tables, key=lambda t: (t.path, t.table))),
            counts=scan_counts,
            columns_rejected=tuple(c for c in columns if not c.taken),
            unread_targets=unread,
            scanned=tuple(sorted(collected.assets)),
        )

    def scan_document(self, document: Document, collected: "_Collected") -> int:
        """Adds the document's findings (and its columns' tallies) to ``collected`` as they are
        found, so that a document failing half-way keeps what it yielded; returns how many
        values it holds already masked."""
        masked = 0
        for chunk in document.chunks():
            if chunk.cells and chunk.cells.header and self.engine.analyze(chunk.cells.header):
                # A table without a header row: its first row is data, and a value is no column name.
                chunk = replace(chunk, cells=replace(chunk.cells, header=""))
            own = chunk.text[chunk.own_start - chunk.offset:chunk.own_end - chunk.offset]
            masked += count_masked(own)
            context = (chunk.column.name,) if chunk.column else (chunk.cells.header,) if chunk.cells and chunk.cells.header else ()
            if not (chunk.column or chunk.cells):
                results = [r for r in self.engine.analyze(chunk.text, context) if chunk.own_start <= chunk.offset + r.start < chunk.own_end]
                collected.findings.extend(self._findings(document, chunk, results))
                continue
            if chunk.column:
                key, name, marker, rows_read = chunk.column.name, chunk.column.name, chunk.column, chunk.column.rows_sampled
            else:
                key = cell_name(0, chunk.cells.index)[:-1]
                name, marker, rows_read = chunk.cells.header or key, chunk.cells, chunk.cells.rows_read
            if judged := self.column_engine.judge(chunk.text, context):  # a column of whole values: no Python per cell
                self._tally_judged(document, chunk, judged, collected, key, name, marker, rows_read)
                continue
            results = [r for r in self.engine.analyze(chunk.text, context) if chunk.own_start <= chunk.offset + r.start < chunk.own_end]
            self._tally_read(document, chunk, results, collected, key, name, marker, rows_read)
        return masked

    def _tally_read(self, document: Document, chunk: TextChunk, results: "list[RecognizerResult]", collected: "_Collected",
                    key: str, name: str, marker: ColumnSample | SheetColumn, rows_read: int) -> None:
        """A column the text engine read, tallied as ``_tally_judged`` tallies: the first results
        of each type still wanted become Findings, the rest are counted a batch at a time (one
        fingerprint a distinct value, no location)."""
        collected.tally(key, name, marker, rows_read, self.judge.shaped_cells(chunk.text), (), _rows_by_entity(chunk.text, results))
        by_entity: dict[str, list] = {}
        for result in sorted(results, key=lambda r: r.start):
            by_entity.setdefault(result.entity_type, []).append(result)
        wanted = {entity: max(COLUMN_EXAMPLES - len(collected.open_hits[(key, entity)].examples), 0) for entity in by_entity}
        examples = [result for entity, found in by_entity.items() for result in found[:wanted[entity]]]
        collected.tally(key, name, marker, 0, {}, self._findings(document, chunk, examples), {})
        minor_age = self.model["impact"]["minor_age"]
        for entity, found in by_entity.items():
            if not (counted := found[wanted[entity]:]):
                continue
            hits = collected.open_hits[(key, entity)]
            for result in counted:  # added in turn, as the examples' scores were: the same sum to the last bit
                hits.score_total += result.score
            values = list(dict.fromkeys(chunk.text[r.start:r.end] for r in counted))
            keys = fingerprint_keys(self.fingerprint_key, [normalise(entity, value) for value in values])
            minors = [is_minor(entity, value, self.today, minor_age) for value in values] if entity == AGE_BEARING else None
            hits.count(keys, minors)

    def _tally_judged(self, document: Document, chunk: TextChunk, judged: "JudgedColumn", collected: "_Collected",
                      key: str, name: str, marker: ColumnSample | SheetColumn, rows_read: int) -> None:
        """A column the column engine judged, tallied as ``tally`` tallies the text engine's
        results: Findings for the examples still wanted, the rest by distinct value."""
        minor_age = self.model["impact"]["minor_age"]
        collected.tally(key, name, marker, rows_read, self.judge.shaped_cells(chunk.text), (), {})
        for entity in judged.entities:
            hits = collected.open_hits.setdefault((key, entity.entity_type), _Hits())
            wanted = min(max(COLUMN_EXAMPLES - len(hits.examples), 0), len(entity.rows))
            examples = list(self._findings(document, chunk, [judged.result(entity, i) for i in range(wanted)]))
            collected.tally(key, name, marker, 0, {}, examples, {entity.entity_type: len(entity.rows)})
            hits.score_total = entity.add_scores(hits.score_total, wanted)
            values, normal = judged.normalised(entity)
            normals = values if normal else [normalise(entity.entity_type, value) for value in values]
            found = fingerprint_keys(self.fingerprint_key, normals)
            # which are a minor's, as values.is_minor decides, a column at once
            hits.count(found, self.column_engine.minors(values, minor_age) if entity.entity_type == AGE_BEARING else None)

    def _evidence_findings(self, document: Document, findings: list[Finding]) -> list[Finding]:
        """A document's evidence (a name, an image's layout) as findings at its asset, each type
        once; evidence that is not ``always`` only if the asset's text gave no finding of its type."""
        if not document.evidence:
            return []
        asset = document.asset().path
        found = {f.entity_type for f in findings if f.location.asset == asset}
        added = []
        for evidence in document.evidence:
            if (self.entities is not None and evidence.entity_type not in self.entities) or (
                    evidence.entity_type in found and not evidence.always):
                continue
            found.add(evidence.entity_type)
            by_name = evidence.recognizer == FILE_NAME
            location = Location(document.path, member=document.member, page=evidence.page,
                                part=NAME_PART if by_name else document.part)
            key = fingerprint(self.fingerprint_key, evidence.entity_type, f"{asset}#{evidence.recognizer}")
            added.append(Finding(evidence.entity_type, evidence.score, evidence.recognizer, location,
                                 evidence.shown, key, flags=(FILE_NAME,) if by_name else ()))
        return added

    def _findings(self, document: Document, chunk: TextChunk, results: "list[RecognizerResult]") -> Iterator[Finding]:
        """Each result as a Finding, located in the document."""
        if not results:
            return
        from presidio_analyzer import RecognizerResult

        from recognizers.fields import FIELD_NAME, FieldNameRecognizer

        minor_age = self.model["impact"]["minor_age"]
        line, counted_to, line_start = chunk.first_line, 0, 0
        comments_possible = ALLOW in chunk.text  # once a chunk: on a one-line file, a finding's line is the file
        for result in sorted(results, key=lambda r: r.start):
            newline = chunk.text.rfind("\n", counted_to, result.start)
            if newline >= 0:  # C-speed counting and searching, once over the chunk
                line += chunk.text.count("\n", counted_to, result.start)
                line_start = newline + 1
            counted_to = result.start
            value = chunk.text[result.start:result.end]
            suppressed = None
            if chunk.column:  # a value of a database column: no lines to point at, no comments to read
                location = Location(document.path, table=chunk.column.table, column_name=chunk.column.name)
            else:
                if comments_possible:
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
                    location = Location(document.path, line, column, column + len(value), member=document.member, page=document.page, part=document.part,
                                        commit=commit and commit.sha, author_date=commit and commit.author_date)
            recognizer = result.recognition_metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, "")
            flags = ("minor",) if is_minor(result.entity_type, value, self.today, minor_age) else ()
            normal = normalise(result.entity_type, value)
            yield Finding(
                entity_type=result.entity_type,
                score=round(result.score, 2),
                recognizer=recognizer,
                location=location,
                masked=mask_normal(result.entity_type, normal),
                fingerprint=fingerprint_normal(self.fingerprint_key, normal),
                value=value if self.show_data else None,
                flags=flags + (FIELD_NAME,) if recognizer == FieldNameRecognizer.NAME else flags,
                suppressed=suppressed,
            )


@dataclass
class _Hits:
    """One entity type in one column, tallied over the sampled rows. Its examples wait here until
    the table is read: only then is the column judged as a whole (scanner/columns.py)."""

    matching_rows: int = 0
    distinct: DistinctValues = field(default_factory=DistinctValues)
    minors: DistinctValues = field(default_factory=DistinctValues)
    keys: DistinctValues = field(default_factory=lambda: DistinctValues(EXACT_LIMIT))  # for copies in other assets
    score_total: float = 0.0
    examples: list[Finding] = field(default_factory=list)

    def count(self, keys, minors=None) -> None:
        """Values past the examples, as 64-bit keys (numpy), and which of them are a minor's
        (a boolean mask, or None for a type that tells no age)."""
        self.distinct.add_keys(keys)
        self.keys.add_keys(keys)
        if minors is not None:
            self.minors.add_keys(keys[minors])


@dataclass
class _OpenColumn:
    """A column of the table being read: its marker, the name shown, rows read, and how many of
    its cells have each judged shape."""

    marker: ColumnSample | SheetColumn
    name: str
    rows_read: int = 0
    shaped: Counter = field(default_factory=Counter)


@dataclass
class _Collected:
    findings: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    assets: dict[str, Asset] = field(default_factory=dict)  # by asset name
    files: int = 0
    bytes: int = 0
    paths: set[str] = field(default_factory=set)
    columns: list[ColumnStats] = field(default_factory=list)  # taken and not taken (ColumnStats.taken)
    tables: list[TableSummary] = field(default_factory=list)
    table_values: dict[str, TableValues] = field(default_factory=dict)  # asset → what its taken columns hold
    partial: set[str] = field(default_factory=set)  # assets whose reading was stopped
    ocr_pages: int = 0  # pages and images whose text OCR read (for the progress bar of a worker's file)
    # the table being read: column key → its column; (column key, entity) → hits
    open_columns: dict[str, _OpenColumn] = field(default_factory=dict)
    open_hits: dict[tuple[str, str], _Hits] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """What one file gave, for the cache: no raw values (the cache is not used with --show-data)."""
        return {"findings": [asdict(f) for f in self.findings], "skipped": [asdict(s) for s in self.skipped],
                "assets": [asdict(a) for a in self.assets.values()], "files": self.files, "bytes": self.bytes,
                "paths": sorted(self.paths), "columns": [asdict(c) for c in self.columns], "tables": [asdict(t) for t in self.tables],
                "table_values": {asset: values.to_dict() for asset, values in self.table_values.items()}, "partial": sorted(self.partial),
                "ocr_pages": self.ocr_pages}

    @staticmethod
    def from_dict(data: dict, path: Path) -> "_Collected":
        """The inverse of ``to_dict``, with the file's mode bits and date as they are now (a chmod
        changes the risk, not the content)."""
        info = path.stat()
        modified = datetime.fromtimestamp(info.st_mtime).date().isoformat()
        return _Collected(
            findings=[Finding(**{**f, "location": Location(**f["location"]), "flags": tuple(f["flags"])}) for f in data["findings"]],
            skipped=[Skipped(**s) for s in data["skipped"]],
            assets={a["path"]: Asset(**{**a, "mode": a["mode"] and info.st_mode, "modified": a["modified"] and modified})
                    for a in data["assets"]},
            files=data["files"], bytes=data["bytes"], paths=set(data["paths"]),
            columns=[ColumnStats(**{**c, "samples": tuple(c["samples"])}) for c in data["columns"]],
            tables=[TableSummary(**{**t, "columns": tuple(t["columns"])}) for t in data["tables"]],
            table_values={asset: TableValues.from_dict(values) for asset, values in data["table_values"].items()},
            partial=set(data["partial"]), ocr_pages=data.get("ocr_pages", 0))

    def depends_on_the_date(self) -> bool:
        """Whether a later day could give other findings: a minor grows up."""
        return any("minor" in f.flags for f in self.findings) or any(c.minors for c in self.columns)

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
        self.table_values.update(other.table_values)  # one file's tables are its own assets
        self.partial |= other.partial
        self.ocr_pages += other.ocr_pages

    def tally(self, key: str, name: str, marker: ColumnSample | SheetColumn, rows_read: int, shaped: dict[str, int],
              findings: Iterable[Finding], rows: dict[str, int]) -> None:
        """A column's values are counted, not all listed: a table yields tens of thousands of
        matches, so the findings keep ``COLUMN_EXAMPLES`` of each entity type a column and the
        counts go to the report's columns. ``key`` names the column within its table, ``name``
        is what the report shows; ``rows_read``: rows of this chunk, with or without a value;
        ``shaped``: its cells of each judged shape (``ColumnJudge.shaped_cells``)."""
        column = self.open_columns.setdefault(key, _OpenColumn(marker, name))
        column.rows_read += rows_read
        column.shaped.update(shaped)
        for entity, count in rows.items():
            self.open_hits.setdefault((key, entity), _Hits()).matching_rows += count
        for found in findings:
            hits = self.open_hits[(key, found.entity_type)]
            value = value_key(found.fingerprint)
            hits.distinct.add_key(value)
            hits.keys.add_key(value)
            hits.score_total += found.score
            if "minor" in found.flags:
                hits.minors.add_key(value)
            hits.examples.append(found)

    def close_table(self, document: Document, judge: ColumnJudge) -> None:
        """The table (a database table, a sheet, a CSV file) is read: each column is judged as a
        whole, the tallies of those taken become ColumnStats and their examples findings; the
        memory of the tallies is freed."""
        if not self.open_columns:
            return
        from recognizers.fields import FIELD_NAME

        marker = next(iter(self.open_columns.values())).marker
        rows_read = max(column.rows_read for column in self.open_columns.values())
        if isinstance(marker, ColumnSample):
            self.tables.append(TableSummary(document.path, marker.table, marker.table_rows, marker.table_rows_estimated, rows_read,
                                            tuple(column.name for column in self.open_columns.values()), marker.sampling))
        for (key, entity), hits in sorted(self.open_hits.items(), key=lambda item: item[0]):
            column = self.open_columns[key]
            verdict = judge.judge(entity, column.name, hits.matching_rows, column.shaped)
            if not verdict.why_en and any(FIELD_NAME in f.flags for f in hits.examples):
                verdict = replace(verdict, why_zh=f"按字段名「{column.name}」：{hits.matching_rows} 行有该类值",
                                  why_en=f"field named {column.name}; rows holding such a value: {hits.matching_rows}")
            distinct, distinct_estimated = hits.distinct.count()
            minors = hits.minors.count()[0]
            confidence = round(hits.score_total / hits.matching_rows, 2)
            samples = tuple(dict.fromkeys(f.masked for f in hits.examples))[:3]
            sampled = column.rows_read
            if isinstance(column.marker, ColumnSample):
                table = column.marker
                exact = not table.table_rows_estimated and table.table_rows is not None and sampled >= table.table_rows
                estimated = None if table.table_rows is None or not sampled else round(table.table_rows * hits.matching_rows / sampled)
                stats = ColumnStats(document.path, table.table, column.name, entity, sampled, hits.matching_rows, distinct,
                                    distinct_estimated, minors, table.table_rows, estimated, not exact, confidence, samples,
                                    table.sampling, taken=verdict.taken, why_zh=verdict.why_zh, why_en=verdict.why_en)
                scale = table.table_rows / sampled if not exact and table.table_rows and sampled else 1.0
            else:  # every row of a sheet is read; a sheet without a header row has one more data row
                rows = max(rows_read, hits.matching_rows)
                stats = ColumnStats(document.path, None, column.name, entity, rows, hits.matching_rows, distinct, distinct_estimated,
                                    minors, rows, hits.matching_rows, False, confidence, samples, "every row", column.marker.sheet,
                                    document.member, verdict.taken, verdict.why_zh, verdict.why_en)
                scale = 1.0
            self.columns.append(stats)
            if verdict.taken:
                self.findings += hits.examples
                self.table_values.setdefault(stats.asset, TableValues()).add_column(entity, hits.distinct, hits.minors, hits.keys, scale)
        self.open_columns, self.open_hits = {}, {}


# The scanner a worker process reads files with: set once when the process starts (a process
# pool hands its workers nothing else), never changed.
_worker: "tuple[Scanner, PlannedSource] | None" = None


def _start_worker(scanner: Scanner, source: PlannedSource, parent: int) -> None:
    global _worker
    become_worker(parent)
    _worker = (scanner, source)
    # What the worker's reads opened (a database connection) is closed when it exits: a pool's
    # worker ends through multiprocessing's exit function, which runs these finalizers.
    multiprocessing.util.Finalize(None, source.close, exitpriority=0)


def _read_in_worker(task: tuple) -> "_Collected":
    scanner, source = _worker
    return scanner._read_task(source, task)


def _is_file(task) -> bool:
    """A walk's file (Path, name), as opposed to a database's table: only files are cached and
    time-limited (a table's reads are bounded by the statement timeout)."""
    return isinstance(task, tuple) and isinstance(task[0], Path)


def replace_progress(scanner: Scanner) -> Scanner:
    """The scanner as a worker gets it: without the progress bar and the cache, which live in this process."""
    worker = copy.copy(scanner)
    worker.progress = None
    worker.cache = None
    return worker


def _reading_order(finding: Finding) -> tuple:
    """Path, then where inside: member, page, part, sheet, database table and column, line, cell."""
    where = finding.location
    row, letters = _cell_parts(where.cell)
    database_column = (where.column_name or "") if where.table else ""  # a table's own name has no column
    return (where.path, where.member or "", where.page or 0, where.part or "", where.sheet or "", where.table or "", database_column,
            where.line or 0, where.column or 0, row, len(letters), letters, finding.entity_type)


def _cell_parts(cell: str | None) -> tuple[int, str]:
    """"C12" → (12, "C"): cells sort by row, then column."""
    if not cell:
        return 0, ""
    letters = cell.rstrip("0123456789")
    return int(cell[len(letters):]), letters


def _rows_by_entity(text: str, results: "list[RecognizerResult]") -> dict[str, int]:
    """How many lines (one value of the column each) hold each entity type."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    lines: dict[str, set[int]] = {}
    for result in results:
        lines.setdefault(result.entity_type, set()).add(bisect.bisect_right(line_starts, result.start))
    return {entity: len(found) for entity, found in lines.items()}


def new_fingerprint_key() -> bytes:
    """A key for this scan only: fingerprints then compare within the report, not across scans."""
    return os.urandom(32)
