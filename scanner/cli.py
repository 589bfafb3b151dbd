"""Command line: ``piplscan scan`` and ``piplscan recognizers``.

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or fatal error, or a target
that could not be read at all (unless --keep-going).
"""

import contextlib
import functools
import glob
import hashlib
import os
import re
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reports.safe import printable
from scanner import __version__
from scanner.config import FAIL_ON, OCR_MODES, PERSON_MODELS, ConfigError, ScanConfig, load_config, parse_size
from scanner.redaction import redact_secrets

if TYPE_CHECKING:
    from scanner.cache import ScanCache

EXIT_FINDINGS = 1
URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*)://")


class FatalError(click.ClickException):
    """A fatal error: one line, exit 2, never a password nor a control sequence (the message may echo a target)."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(printable(redact_secrets(message)))


def _load_config(config_path: Path | None) -> ScanConfig:
    try:
        return load_config(config_path)
    except ConfigError as exc:
        raise FatalError(str(exc)) from exc


def _load_recognizers(files: tuple[Path, ...], person_model: str = "fast", field_files: tuple[Path, ...] = ()):
    from recognizers import RecognizerLoadError, load_recognizers

    try:
        return load_recognizers(files, person_model, field_files)
    except RecognizerLoadError as exc:
        raise FatalError(str(exc)) from exc


def _check_targets(paths: tuple[str, ...]) -> None:
    from scanner.sources.files import is_database_url

    for target in paths:
        if is_database_url(target):
            from scanner.sources.database import DatabaseError, parse_url

            try:
                parse_url(target)  # a malformed URL is a usage error; an unreachable database an error entry
            except DatabaseError as exc:
                raise FatalError(str(exc)) from exc
            continue
        path = Path(target)
        if (scheme := URL_SCHEME.match(target)) and not path.exists():
            raise FatalError(f"unsupported URL scheme {scheme[1]!r} in {target}: "
                             "give a path, or a database URL (sqlite, postgresql, mysql or mariadb, in lower case)")
        if not path.exists():
            raise FatalError(f"path not found: {target}")
        if path.is_dir():
            try:
                with os.scandir(path):
                    pass
            except OSError as exc:
                raise FatalError(f"cannot read directory {target}: {exc.strerror}") from exc


def _fingerprint_key(required_for: str | None = None) -> bytes:
    from scanner.pipeline import new_fingerprint_key

    key = os.environ.get("PIPLSCAN_FINGERPRINT_KEY")
    if not key and required_for:
        raise FatalError(f"{required_for} needs a stable key: set PIPLSCAN_FINGERPRINT_KEY (keep it out of the repository, e.g. a CI secret)")
    return key.encode("utf-8") if key else new_fingerprint_key()


def fails(report, fail_on: str) -> bool:
    """Whether the findings reach --fail-on: any finding, or an asset rated at or above a level."""
    from scanner.model import RISK_LEVELS

    if fail_on == "never" or not report.findings:
        return False
    if fail_on == "any":
        return True
    threshold = [english for _, english in RISK_LEVELS].index(fail_on)
    return any(rated.level >= threshold for rated in report.assets)


def write_atomically(path: Path, chunks: Iterable[bytes]) -> None:
    """Write the whole report or nothing: a reader never sees a half-written file, whether
    writing or rendering fails. A device or pipe (/dev/null, /dev/stdout, a FIFO) is written as
    it is: renaming over it would replace it."""
    if path.exists() and not path.is_file():
        try:
            with path.open("wb") as stream:
                stream.writelines(chunks)
        except OSError as exc:
            raise FatalError(f"cannot write {path}: {exc.strerror}") from exc
        return
    temporary = None
    _remove_stale_temporaries(path)
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.writelines(chunks)
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        raise FatalError(f"cannot write {path}: {exc.strerror}") from exc
    finally:
        if temporary and os.path.exists(temporary):
            os.unlink(temporary)


def _remove_stale_temporaries(path: Path) -> None:
    """A process killed while writing (kill -9 runs no clean-up) leaves its temporary next to the
    report; the next write removes those whose process is gone. A live one is another scan's."""
    for temporary in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = temporary.name[len(path.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):  # not ours to remove after all: it does not stop this write
                temporary.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        pass
    return True


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def _interruptible(command):
    """Ctrl-C ends the command at once with 130 (click would say "Aborted!" and exit 1); the
    workers are stopped by the pipeline, a report being written is removed by write_atomically."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except KeyboardInterrupt:
            click.echo("piplscan: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)

    return run


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="piplscan")
def main() -> None:
    """Find Chinese personal information (PIPL) in files and rate where it sits."""


FORMATS = ("json", "html", "markdown", "csv", "xlsx", "sarif", "text")
EXTENSIONS = {"json": "json", "html": "html", "markdown": "md", "csv": "csv", "xlsx": "xlsx", "sarif": "sarif", "text": "txt"}


def _formats(value: str | None) -> list[str]:
    formats = [f.strip() for f in (value or "json").split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise click.BadParameter(f"{', '.join(unknown) or value!r} (choose from {', '.join(FORMATS)})", param_hint="--format")
    return list(dict.fromkeys(formats))


def _emit(report, formats: list[str], output: Path | None, output_dir: Path | None, lang: str) -> None:
    """Write each format to its file, or the single format to stdout."""
    from reports import RENDERERS

    if len(formats) > 1 and output_dir is None:
        raise FatalError("several formats need --output-dir")
    if output is not None and output_dir is not None:
        raise FatalError("give --output or --output-dir, not both")
    if output_dir is not None:
        try:
            output_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FatalError(f"cannot create {output_dir}: {exc.strerror}") from exc
        failed = []
        for name in formats:  # one format failing leaves the others written
            try:
                write_atomically(output_dir / f"piplscan-report.{EXTENSIONS[name]}", RENDERERS[name].chunks(report, lang))
            except FatalError as exc:
                failed.append(exc.message)
            except Exception as exc:  # a renderer's bug: its message could quote the report's text
                failed.append(f"cannot render the {name} report ({type(exc).__name__})")
        if failed:
            raise FatalError("; ".join(failed))
    elif output is not None:
        write_atomically(output, RENDERERS[formats[0]].chunks(report, lang))
    elif formats[0] == "xlsx":
        raise FatalError("xlsx is a binary format: give --output or --output-dir")
    else:
        # Whole before the first byte: a pipe cannot take back half a document.
        stdout = click.get_binary_stream("stdout")
        stdout.write(RENDERERS[formats[0]](report, lang))
        stdout.flush()


_format_option = click.option("--format", "output_format", help=f"Report format(s), comma-separated: {', '.join(FORMATS)} (default json).")
_output_options = [
    click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here instead of stdout."),
    click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), help="Write each format as piplscan-report.<ext> here."),
    click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of HTML, Markdown, CSV and XLSX reports."),
]


def _with_output_options(command):
    for option in reversed(_output_options):
        command = option(command)
    return _format_option(command)


_git_options = [
    click.option("--git", "git_repo", type=click.Path(file_okay=False, path_type=Path),
                 help="Scan a git repository: its tracked files (and untracked ones .gitignore lets in)."),
    click.option("--since", "since", metavar="REV", help="Only lines added since REV (git diff REV...HEAD)."),
    click.option("--diff", "diff_range", metavar="BASE...HEAD", help="Only lines added in this range, each with its commit."),
    click.option("--staged", is_flag=True, help="Only lines added in the index (what the next commit adds)."),
    click.option("--history", is_flag=True, help="Every commit: each value once, with the commit that first added it."),
    click.option("--log-opts", metavar="OPTS", help="git log options for --history (default --all), e.g. '--since=2024-01-01 main'."),
]


def _with_git_options(command):
    for option in reversed(_git_options):
        command = option(command)
    return command


def _git_selection(paths, git_repo, since, diff_range, staged, history, log_opts):
    from scanner.sources.git import GitSelection

    modes = [name for name, given in (("--since", since), ("--diff", diff_range), ("--staged", staged), ("--history", history)) if given]
    if len(modes) > 1:
        raise click.UsageError(f"{' and '.join(modes)} cannot be combined")
    if log_opts and not history:
        raise click.UsageError("--log-opts goes with --history")
    if history and paths:
        raise click.UsageError("--history scans a repository only: give it with --git, not as paths")
    if git_repo is None and modes:
        git_repo = Path(".")
    if git_repo is None and not paths:
        raise click.UsageError("give paths to scan, or --git REPO")
    revision_range = f"{since}...HEAD" if since else diff_range
    return GitSelection(git_repo, revision_range, staged, history, log_opts)


@main.command()
@click.argument("paths", nargs=-1)
@_with_git_options
@_with_output_options
@click.option("--show-data", is_flag=True, help="Include raw values in the report. Off by default: reports carry masked values.")
@click.option("--entities", help="Comma-separated entity types to look for (default: all).")
@click.option("--exclude", multiple=True, help="Glob of paths or names to leave out; repeatable (replaces the config's list).")
@click.option("--max-file-size", help="Skip files larger than this (e.g. 100M; default 1G).")
@click.option("--include-hidden/--no-include-hidden", default=None, help="Scan dot-files and dot-folders.")
@click.option("--follow-symlinks/--no-follow-symlinks", default=None, help="Follow symbolic links.")
@click.option("--recognizers", "recognizer_files", multiple=True, type=click.Path(path_type=Path), help="YAML pattern recognizers (presidio format); repeatable.")
@click.option("--field-names", "field_files", multiple=True, type=click.Path(path_type=Path),
              help="Field name files (columns, headers, keys classified by name), beside the built-in one; repeatable.")
@click.option("--min-score", type=click.FloatRange(0, 1), help="Drop findings scored below this (default 0.4).")
@click.option("--sample-rows", type=click.IntRange(1), help="Databases: rows read per table (default 10000).")
@click.option("--full", is_flag=True, default=None, help="Databases: read every row instead of a sample.")
@click.option("--include", multiple=True, help="Databases: only tables matching this glob on schema.table; repeatable.")
@click.option("--workers", type=click.IntRange(1),
              help="Processes reading files and database tables (default: the number of cores).")
@click.option("--file-time-limit", type=click.FloatRange(0), metavar="SECONDS",
              help="Stop reading a file after this long and report it as scanned in part (default 900; 0: no limit).")
@click.option("--person-model", type=click.Choice(PERSON_MODELS),
              help="Person names: fast (default, lexicon and statistics) or lac (Baidu LAC, more accurate, about 0.2 MB/s; "
                   "pip install 'piplscan[names]').")
@click.option("--ocr", type=click.Choice(OCR_MODES),
              help="Images and scanned PDF pages read by OCR: auto (default: images named or shaped like "
                   "documents, 20 scanned pages a PDF), always, or never.")
@click.option("--ocr-page-time-limit", type=click.FloatRange(0, min_open=True), metavar="SECONDS",
              help="Stop OCR of one page or image after this long; it is reported read in part (default 60).")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Remember each file's findings here (fingerprints, never values); unchanged files are not read again. "
                   "Needs PIPLSCAN_FINGERPRINT_KEY.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), help="Exit 1 on any finding (default), on an asset rated at or above a risk level, or never.")
@click.option("--keep-going", is_flag=True, help="Exit by --fail-on even when a target could not be read at all (default: exit 2).")
@click.option("--baseline", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Report only findings not in this baseline.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Config file (default: nearest piplscan.toml or pyproject.toml).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no terminal summary.")
@_interruptible
def scan(paths, git_repo, since, diff_range, staged, history, log_opts, output_format, output, output_dir, lang, show_data,
         entities, exclude, max_file_size, include_hidden, follow_symlinks, recognizer_files, field_files, min_score, sample_rows,
         full, include, workers, file_time_limit, person_model, ocr, ocr_page_time_limit, cache_dir, fail_on,
         keep_going, baseline, config_path, quiet) -> None:
    """Scan files, directories, databases and git repositories for personal information.

    PATHS are files, folders or database URLs (sqlite:///crm.db, postgresql://user@host/db,
    mysql://user@host/db; a password can come from PIPLSCAN_DB_PASSWORD)."""
    git = _git_selection(paths, git_repo, since, diff_range, staged, history, log_opts)
    formats = _formats(output_format)
    config = _merged_config(config_path, exclude, max_file_size, include_hidden, follow_symlinks, entities, min_score,
                            recognizer_files, fail_on, sample_rows, full, include, workers, file_time_limit,
                            cache_dir, person_model, ocr, ocr_page_time_limit, field_files)
    if config.cache is not None and show_data:
        click.echo("note: --show-data: the cache is not used (it never holds raw values)", err=True)
        config = replace(config, cache=None)
    key = _fingerprint_key("--baseline" if baseline else "--cache" if config.cache is not None else None)
    if sys.stderr.isatty() and not quiet:
        from rich.console import Console

        from reports.terminal import ProgressBar

        with ProgressBar(Console(stderr=True)) as progress:
            report = _run_scan(paths, config, key, git, show_data, baseline, progress)
    else:
        report = _run_scan(paths, config, key, git, show_data, baseline)

    to_file = output is not None or output_dir is not None
    summary_only = not to_file and output_format is None and sys.stdout.isatty()
    if not summary_only:
        _emit(report, formats, output, output_dir, lang)
    if sys.stdout.isatty() and not quiet and (to_file or summary_only):
        from rich.console import Console

        from reports.terminal import print_summary

        print_summary(report, Console())
    if report.unread_targets and not keep_going:
        for unread in report.unread_targets:  # the report says so too; this is for whoever reads the exit code
            click.echo(f"error: could not read {unread.path}: {unread.error}", err=True)
        sys.exit(FatalError.exit_code)
    if fails(report, config.fail_on):
        sys.exit(EXIT_FINDINGS)


def _merged_config(config_path, exclude=(), max_file_size=None, include_hidden=None, follow_symlinks=None, entities=None,
                   min_score=None, recognizer_files=(), fail_on=None, sample_rows=None, full=None, include=(),
                   workers=None, file_time_limit=None, cache=None, person_model=None, ocr=None,
                   ocr_page_time_limit=None, field_files=()) -> ScanConfig:
    config = _load_config(config_path)
    try:
        return config.merged(
            exclude=exclude or None,
            max_file_size=parse_size(max_file_size) if max_file_size else None,
            include_hidden=include_hidden,
            follow_symlinks=follow_symlinks,
            entities=frozenset(e.strip() for e in entities.split(",") if e.strip()) if entities else None,
            min_score=min_score,
            recognizers=config.recognizers + tuple(recognizer_files),
            field_names=config.field_names + tuple(field_files),
            fail_on=fail_on,
            sample_rows=sample_rows,
            full=full,
            include=include or None,
            workers=workers,
            file_time_limit=file_time_limit,
            cache=cache,
            person_model=person_model,
            ocr=ocr,
            ocr_page_time_limit=ocr_page_time_limit,
        )
    except ConfigError as exc:
        raise FatalError(str(exc)) from exc


def _cache(config: ScanConfig, key: bytes, loaded) -> "ScanCache | None":
    """The cache, scoped to what changes a file's findings: the recognizers (a YAML file by its
    content), the settings that judge and count values, and the key."""
    if config.cache is None:
        return None
    from scanner.cache import CacheError, ScanCache, scope_of

    recognizers = sorted({f"{item.origin} {type(item.recognizer).__name__} {item.recognizer.name}" for item in loaded})
    yaml_files = {str(path): hashlib.sha256(path.read_bytes()).hexdigest() for path in config.recognizers + config.field_names}
    settings = {"recognizers": recognizers, "yaml": yaml_files, "entities": sorted(config.entities or ()), "min_score": config.min_score,
                "risk": config.risk, "person_model": config.person_model,
                "ocr": [config.ocr, config.ocr_page_time_limit],
                "databases": [config.sample_rows, config.full, list(config.include),
                              config.statement_timeout]}
    try:
        return ScanCache(config.cache, scope_of(key, settings), datetime.now().astimezone().date())
    except CacheError as exc:
        raise FatalError(str(exc)) from exc


def _run_scan(paths, config: ScanConfig, key: bytes, git, show_data: bool = False, baseline: Path | None = None,
              progress=None):
    _check_targets(paths)
    if git.repo is not None:
        _check_targets((str(git.repo),))

    from scanner import prescreen
    from scanner.suppression import IGNORE_FILE, SuppressionError, load_suppressions

    roots = [Path(p) for p in paths if Path(p).is_dir()] + ([git.repo] if git.repo is not None else [])
    ignore_files = [Path.cwd() / IGNORE_FILE] + [root / IGNORE_FILE for root in roots]
    try:
        suppressions = load_suppressions(list(dict.fromkeys(p.resolve() for p in ignore_files)), baseline, key)
    except SuppressionError as exc:
        raise FatalError(str(exc)) from exc
    try:
        configuration = prescreen.configuration_key(config.recognizers, config.field_names, config.person_model, config.entities)
    except OSError:  # a file named there is unreadable: loading the recognizers says so
        configuration = None

    # Without presidio while no text needs it; the manifest exists once a scan of this configuration
    # built the engine, which proved the configuration loads. The cache's scope names the recognizers.
    screened = prescreen.Prescreen.load(configuration) if configuration and config.cache is None else None
    if screened is not None:
        deferred = prescreen.DeferredEngine(screened, lambda: _engine(config, configuration)[0])
        return _scan_with(deferred, paths, config, key, git, show_data, suppressions, progress)
    engine, loaded = _engine(config, configuration)
    return _scan_with(engine, paths, config, key, git, show_data, suppressions, progress, _cache(config, key, loaded))


def _engine(config: ScanConfig, configuration: str | None):
    """The detection engine and the recognizers it holds. Once built, a scan of the same
    ``configuration`` may start without it (the prescreen's manifest)."""
    from recognizers import known_entities, restrict_to
    from scanner import prescreen
    from scanner.engine import DetectionEngine

    loaded = _load_recognizers(config.recognizers, config.person_model, config.field_names)
    if config.entities is not None:
        unknown = sorted(config.entities - known_entities(loaded))
        if unknown:
            raise FatalError(f"unknown entity type {', '.join(unknown)} (see 'piplscan recognizers')")
        loaded = restrict_to(loaded, config.entities)
    engine = DetectionEngine([item.recognizer for item in loaded], config.min_score, config.entities)
    if configuration:
        prescreen.remember(configuration, engine)
    return engine, loaded


def _scan_with(engine, paths, config: ScanConfig, key: bytes, git, show_data: bool, suppressions, progress=None, cache=None):
    from scanner.ocr import OcrOptions
    from scanner.pipeline import Scanner, sources_for
    from scanner.sources.files import WalkOptions
    from scanner.sources.git import GitError, GitHistorySource, scanned_revision

    options = WalkOptions(config.exclude, config.max_file_size, config.include_hidden, config.follow_symlinks,
                          ocr=OcrOptions(config.ocr, config.ocr_page_time_limit))
    scanner = Scanner(engine, key, show_data, risk_overrides=config.risk, suppressions=suppressions, progress=progress,
                      file_time_limit=config.file_time_limit, cache=cache, entities=config.entities)
    targets = [_shown(target) for target in paths] + ([str(git.repo)] if git.repo is not None else [])
    try:
        if git.history:
            report = scanner.scan_history(targets, GitHistorySource(git.repo, options, git.log_options))
        else:
            report = scanner.scan(targets, sources_for(paths, options, git, _database_options(paths, config)), config.workers)
        if git.history or git.revision_range:
            report = replace(report, revision=scanned_revision(git.repo, git.revision_range))
        return report
    except GitError as exc:
        raise FatalError(str(exc)) from exc


def _shown(target: str) -> str:
    """A target as the report names it: a database URL loses its password."""
    from scanner.sources.files import is_database_url

    if not is_database_url(target):
        return redact_secrets(target)
    from scanner.sources.database import redact_url

    return redact_url(target)


def _database_options(paths, config: ScanConfig):
    from scanner.sources.files import SQLITE_SUFFIXES, is_database_url

    if not any(is_database_url(p) or Path(p).is_dir() or Path(p).suffix.lower() in SQLITE_SUFFIXES for p in paths):
        return None  # no database can be found: SQLAlchemy is not even imported
    from scanner.sources import DatabaseOptions

    return DatabaseOptions(config.sample_rows, config.full, config.include, config.exclude, config.statement_timeout,
                           binary_columns=functools.partial(_reads_binary, config.field_names))


@functools.lru_cache(maxsize=1)
def _field_dictionary(files: tuple[Path, ...]):
    """Loaded when a database's binary column is met (it imports the recognizers, and presidio)."""
    from recognizers.fields import load_field_dictionary

    return load_field_dictionary(files)


def _reads_binary(files: tuple[Path, ...], name: str) -> bool:
    return _field_dictionary(files).reads_binary(name)


@main.group(name="baseline")
def baseline_group() -> None:
    """Baselines: accept today's findings so CI reports only new ones."""


@baseline_group.command(name="create")
@click.argument("paths", nargs=-1)
@_with_git_options
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=Path(".piplscan-baseline.json"),
              show_default=True, help="Where to write the baseline.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path))
@_interruptible
def create_baseline(paths, git_repo, since, diff_range, staged, history, log_opts, output, config_path) -> None:
    """Record the fingerprints (never values) of the current findings."""
    import json

    from scanner.suppression import baseline_document

    git = _git_selection(paths, git_repo, since, diff_range, staged, history, log_opts)
    key = _fingerprint_key("a baseline")
    report = _run_scan(paths, _merged_config(config_path), key, git)
    document = baseline_document(list(report.findings), key, __version__)
    write_atomically(output, [(json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")])
    click.echo(f"baseline: {len(document['entries'])} finding(s) recorded in {output}", err=True)


@main.command()
@click.argument("saved", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_with_output_options
def report(saved, output_format, output, output_dir, lang) -> None:
    """Re-render a saved JSON report in other formats."""
    import json

    from reports.json_report import SCHEMA_VERSION, report_from_dict

    formats = _formats(output_format)
    try:
        data = json.loads(saved.read_text(encoding="utf-8"))
        if data.get("schema_version") != SCHEMA_VERSION:
            raise FatalError(f"{saved}: schema_version {data.get('schema_version')!r} is not {SCHEMA_VERSION}")
        loaded = report_from_dict(data)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise FatalError(f"{saved} is not a piplscan JSON report ({type(exc).__name__})") from exc
    _emit(loaded, formats, output, output_dir, lang)


@main.command(name="recognizers")
@click.option("--recognizers", "recognizer_files", multiple=True, type=click.Path(path_type=Path), help="YAML pattern recognizers to include.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path))
def list_recognizers(recognizer_files, config_path) -> None:
    """List the active recognizers: entity, language and where each came from."""
    config = _load_config(config_path)
    loaded = _load_recognizers(config.recognizers + recognizer_files, config.person_model, config.field_names)
    rows = sorted({(entity, item.recognizer.name, item.recognizer.supported_language, item.origin)
                   for item in loaded for entity in item.recognizer.supported_entities})
    width = max(len(row[0]) for row in rows)
    name_width = max(len(row[1]) for row in rows)
    for entity, name, language, origin in rows:
        click.echo(f"{entity:<{width}}  {name:<{name_width}}  {language:<3} {origin}")
