"""Git sources. Git itself lists, diffs, blames and logs (a subprocess); this module only
reads its output.

- ``GitTreeSource``: the work tree's files that git tracks or would track (.gitignore respected).
- ``GitDiffSource``: only the lines a range (or the index) adds, each attributed by ``git blame``
  to the commit that added it.
- ``GitHistorySource``: the lines each commit adds (``git log -p``, oldest first), and HEAD's tree
  so that the pipeline can tell which values HEAD still holds.
"""

import codecs
import re
import shlex
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import partial
from io import BytesIO
from pathlib import Path

from typing import TYPE_CHECKING

from scanner.model import Commit, Document, ScanError, Skipped, SourceError, TextChunk
from scanner.sources.documents import document_items, is_document
from scanner.sources.decoding import SAMPLE_BYTES, detect_encoding, read_chunks
from scanner.sources.files import UNSUPPORTED_FORMATS, FileSource, WalkOptions, examine_file, is_excluded, printable

if TYPE_CHECKING:
    from scanner.sources.database import DatabaseOptions

CONTAINER = "git_repository"
# Each a fixed choice, whatever the user's git config says: plain prefixes, no colour, no
# external diff or textconv programs (a cloned repository must not run commands), one line of
# context so that a value's previous line is there for the context words.
_PATCH_FORMAT = ("--no-color", "--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/", "-U1")
_HUNK = re.compile(rb"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_BLAME_LINE = re.compile(rb"^([0-9a-f]{40}) \d+ (\d+)")
_NULL_SHA = "0" * 40


@dataclass(frozen=True)
class GitSelection:
    """What of a repository to scan: its tree, a range's added lines, the index, or its history."""

    repo: Path | None = None
    revision_range: str | None = None  # BASE...HEAD or BASE..HEAD
    staged: bool = False
    history: bool = False
    log_options: str | None = None


class GitError(SourceError):
    """A one-line reason git gave (bad revision, not a repository)."""


def run_git(repo: Path, *args: str) -> bytes:
    result = subprocess.run(["git", "-C", str(repo), "-c", "core.quotePath=false", *args],
                            capture_output=True, stdin=subprocess.DEVNULL)
    if result.returncode:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]}: {reason[-1] if reason else f'exit {result.returncode}'}")
    return result.stdout


def repository_root(path: str | Path) -> Path:
    try:
        return Path(run_git(Path(path), "rev-parse", "--show-toplevel").decode("utf-8", "surrogateescape").strip())
    except (GitError, OSError) as exc:
        raise GitError(f"not a git repository: {path}") from exc


def scanned_revision(repo: Path, revision_range: str | None) -> str:
    """The commit a diff (``BASE...HEAD``, ``BASE..HEAD``) or a history scan (no range) read up to."""
    head = (revision_range.split("..")[-1].lstrip(".") if revision_range else "") or "HEAD"
    return run_git(repo, "rev-parse", "--verify", "--end-of-options", f"{head}^{{commit}}").decode("ascii").strip()


def _iso_date(epoch: int, offset: str) -> str:
    """git's author-time/author-tz pair as ISO 8601 in the author's zone."""
    sign = -1 if offset.startswith("-") else 1
    zone = timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5])))
    return datetime.fromtimestamp(epoch, zone).isoformat()


def _path(raw: bytes) -> str:
    """git quotes a path holding unusual bytes C-style ("a\\tb", octal escapes) even with
    core.quotePath off, and no diff option turns that off for patch headers."""
    if raw.startswith(b'"') and raw.endswith(b'"'):
        raw = codecs.escape_decode(raw[1:-1])[0]
    return printable(raw.decode("utf-8", "surrogateescape"))


@dataclass
class _Segment:
    """Consecutive added lines, with the new file's line just before them when the diff shows it."""

    first_line: int
    context: bytes | None
    lines: list[bytes] = field(default_factory=list)


@dataclass
class _FilePatch:
    path: str = ""
    binary: bool = False
    deleted: bool = False
    segments: list[_Segment] = field(default_factory=list)

    @property
    def added_bytes(self) -> int:
        return sum(len(line) + 1 for segment in self.segments for line in segment.lines)


def parse_patches(lines: Iterable[bytes]) -> Iterator[Commit | _FilePatch]:
    """Files and their added lines from ``git diff``/``git log -p`` output; a line starting with
    NUL (our log format) announces a commit. Hunk line counts, not line prefixes, say where a
    hunk ends, so an added line that reads "+++ x" is content, not a header."""
    patch: _FilePatch | None = None
    old_left = new_left = 0
    new_line = 0
    previous: tuple[int, bytes] | None = None  # the last new-file line seen: (number, text)
    for raw in lines:
        line = raw[:-1] if raw.endswith(b"\n") else raw
        if old_left > 0 or new_left > 0:
            tag, text = line[:1], line[1:]
            if tag == b"+" or tag == b" ":
                if tag == b"+":
                    segment = patch.segments[-1] if patch.segments else None
                    if segment is None or segment.first_line + len(segment.lines) != new_line:
                        context = previous[1] if previous and previous[0] == new_line - 1 else None
                        segment = _Segment(new_line, context)
                        patch.segments.append(segment)
                    segment.lines.append(text)
                else:
                    old_left -= 1
                previous = (new_line, text)
                new_line += 1
                new_left -= 1
            elif tag == b"-":
                old_left -= 1
            continue  # "\ No newline at end of file" and the like
        if line.startswith(b"\x00"):
            if patch:
                yield patch
                patch = None
            sha, date = line[1:].decode("ascii").split(" ", 1)
            yield Commit(sha, date)
        elif line.startswith(b"diff --git "):
            if patch:
                yield patch
            patch = _FilePatch(path=_path_from_diff_line(line[len(b"diff --git "):]))
        elif patch is None:
            continue
        elif line.startswith(b"+++ "):
            target = line[4:].removesuffix(b"\t")  # git ends a path holding a space with a tab
            patch.deleted = target == b"/dev/null"
            if not patch.deleted:
                patch.path = _path(target)[2:]  # "b/…"
        elif line.startswith(b"rename to "):
            patch.path = _path(line[len(b"rename to "):])
        elif line.startswith(b"Binary files ") or line == b"GIT binary patch":
            patch.binary = True
        elif match := _HUNK.match(line):
            old_left = int(match[1]) if match[1] is not None else 1
            new_line = int(match[2])
            new_left = int(match[3]) if match[3] is not None else 1
            previous = None
    if patch:
        yield patch


def _path_from_diff_line(rest: bytes) -> str:
    """``a/P b/P`` → P. Only binary patches need this (the others name the file in ``+++``);
    for them the two halves are the same path unless a ``rename to`` line follows."""
    if rest.startswith(b'"'):
        end = rest.index(b'"', 1)
        while rest[end - 1:end] == b"\\":
            end = rest.index(b'"', end + 1)
        return _path(rest[:end + 1])[2:]
    half = (len(rest) - 1) // 2  # len("a/P b/P") = 2 * len("a/P") + 1
    return _path(rest[:half])[2:]


def _patch_chunks(patch: _FilePatch, encoding: str) -> Iterator[TextChunk]:
    """One chunk per run of added lines, led by the line before it as context only."""
    offset = 0
    for segment in patch.segments:
        context = segment.context.decode(encoding, "replace") + "\n" if segment.context is not None else ""
        own = b"\n".join(segment.lines).decode(encoding, "replace")
        yield TextChunk(text=context + own, offset=offset, own_start=offset + len(context),
                        own_end=offset + len(context) + len(own),
                        first_line=segment.first_line - (1 if context else 0), first_column=1)
        offset += len(context) + len(own)


def _blob_chunks(content: bytes, encoding: str, chunk_chars: int) -> Iterator[TextChunk]:
    yield from read_chunks(BytesIO(content), encoding, chunk_chars)


class _Blame:
    """Line → the commit that added it, from one ``git blame`` over the file's added ranges,
    run only when the first finding in the file asks."""

    def __init__(self, repo: Path, revision_range: str, patch: _FilePatch):
        self.repo, self.revision_range = repo, revision_range
        self.path = patch.path
        self.ranges = [(s.first_line, s.first_line + len(s.lines) - 1) for s in patch.segments]
        self.commits: dict[int, Commit | None] | None = None

    def __call__(self, line: int) -> Commit | None:
        if self.commits is None:
            self.commits = self._run()
        return self.commits.get(line)

    def _run(self) -> dict[int, Commit | None]:
        ranges = [f"-L{first},{last}" for first, last in self.ranges]
        output = run_git(self.repo, "blame", "--porcelain", *ranges, self.revision_range, "--", self.path)
        times: dict[str, dict[str, str]] = {}
        by_line: dict[int, str] = {}
        sha = None
        for line in output.splitlines():
            if match := _BLAME_LINE.match(line):
                sha = match[1].decode("ascii")
                by_line[int(match[2])] = sha
            elif line.startswith(b"author-time ") or line.startswith(b"author-tz "):
                name, value = line.decode("ascii").split(" ", 1)
                times.setdefault(sha, {})[name] = value
        commits = {sha: Commit(sha, _iso_date(int(t["author-time"]), t["author-tz"]))
                   for sha, t in times.items() if sha != _NULL_SHA}
        return {line: commits.get(sha) for line, sha in by_line.items()}


def _patch_document(patch: _FilePatch, options: WalkOptions, commit_of, modified: str | None = None) -> Document | Skipped | None:
    if patch.deleted or not patch.segments and not patch.binary or is_excluded(patch.path, options.exclude):
        return None
    if patch.binary:
        return Skipped(patch.path, "binary content")
    if Path(patch.path).suffix.lower() in UNSUPPORTED_FORMATS:
        return Skipped(patch.path, f"{Path(patch.path).suffix.lower()} files are not extracted yet")
    size = patch.added_bytes
    if size > options.max_file_size:
        return Skipped(patch.path, f"added text larger than the size limit ({options.max_file_size} bytes)")
    sample = b"\n".join(line for segment in patch.segments for line in segment.lines)[:SAMPLE_BYTES]
    encoding = detect_encoding(sample, complete=True)
    if encoding is None:
        return Skipped(patch.path, "binary content")
    return Document(patch.path, size, partial(_patch_chunks, patch, encoding), container=CONTAINER,
                    modified=modified, commit_of=commit_of)


class GitTreeSource:
    """Files git tracks, plus untracked ones .gitignore does not exclude (what ``git add -A``
    would commit). Dot-files are included: a repository's content is what git holds."""

    def __init__(self, repo: str | Path, options: WalkOptions, database: "DatabaseOptions | None" = None):
        self.root = repository_root(repo)
        self.options = options
        # what is not text is read as a walk reads it: workbooks, PDFs, images (OCR), archives, SQLite
        self._files = FileSource(self.root, options, database)

    def items(self) -> Iterator[Document | Skipped | ScanError]:
        listed = run_git(self.root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
        for raw in sorted(set(listed.split(b"\0")) - {b""}):
            name = printable(raw.decode("utf-8", "surrogateescape"))
            if is_excluded(name, self.options.exclude):
                continue
            path = self.root / raw.decode("utf-8", "surrogateescape")
            if path.is_symlink() and not self.options.follow_symlinks:
                yield Skipped(name, "symbolic link not followed (--follow-symlinks)")
            elif not path.exists():
                yield Skipped(name, "deleted in the work tree")
            else:
                # text (a CSV included) is read as text, located by line as a diff is; the rest as a walk reads it
                examined = examine_file(path, name, self.options, CONTAINER)
                yield from self._files.read(path, name) if isinstance(examined, Skipped) else (examined,)


class GitDiffSource:
    """The lines that ``git diff <range>`` (or ``git diff --cached`` for the index) adds."""

    def __init__(self, repo: str | Path, options: WalkOptions, revision_range: str | None = None):
        self.root = repository_root(repo)
        self.options = options
        self.revision_range = revision_range  # None: the staged changes
        if revision_range is not None:
            self.blame_range = self._blame_range(revision_range)

    def _blame_range(self, spec: str) -> str:
        """``A...B`` diffs from the merge base, so blame walks back from B to that base; lines
        from before it then come back as the boundary commit."""
        if ".." not in spec:
            raise GitError(f"--diff needs a range such as main...HEAD, not {spec!r}")
        symmetric = "..." in spec
        base, head = spec.split("..." if symmetric else "..", 1)
        base, head = base or "HEAD", head or "HEAD"
        for revision in (base, head):
            try:
                run_git(self.root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
            except GitError:  # --quiet: git says nothing, so the revision is named here
                raise GitError(f"unknown revision {revision!r} in {spec}: not a commit of this repository") from None
        if symmetric:
            base = run_git(self.root, "merge-base", base, head).decode("ascii").strip()
        self.head = head
        return f"{base}..{head}"

    def items(self) -> Iterator[Document | Skipped | ScanError]:
        selection = ["--cached"] if self.revision_range is None else [self.revision_range]
        output = run_git(self.root, "diff", *_PATCH_FORMAT, *selection, "--")
        for patch in parse_patches(BytesIO(output)):
            if patch.binary and not patch.deleted and is_document(Path(patch.path)) and not is_excluded(patch.path, self.options.exclude):
                yield from self._added_document(patch.path)
                continue
            commit_of = None if self.revision_range is None else _Blame(self.root, self.blame_range, patch)
            item = _patch_document(patch, self.options, commit_of)
            if item is not None:
                yield item


    def _added_document(self, path: str) -> Iterator[Document | Skipped | ScanError]:
        """A workbook, PDF, image or archive the change adds or changes, read whole as a walk reads
        it, from the revision (or the index) that holds it: git has no lines of it to diff."""
        blob = f":{path}" if self.revision_range is None else f"{self.head}:{path}"
        size = int(run_git(self.root, "cat-file", "-s", blob))
        if size > self.options.max_file_size:
            yield Skipped(path, f"larger than the size limit ({self.options.max_file_size} bytes)")
            return
        with tempfile.TemporaryDirectory(prefix="piplscan-") as folder:
            copy = Path(folder) / f"blob{Path(path).suffix.lower()}"  # extractors know a format by its suffix
            with copy.open("wb") as stream:
                if subprocess.run(["git", "-C", str(self.root), "cat-file", "blob", blob], stdout=stream,
                                  stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL).returncode:
                    yield ScanError(path, "git cat-file could not read the file")
                    return
            yield from document_items(copy, path, CONTAINER, None, None, size, self.options.ocr)


class GitHistorySource:
    """What every commit added, oldest first (``git log -p --reverse``); ``--all`` unless the
    user passes their own ``git log`` options."""

    def __init__(self, repo: str | Path, options: WalkOptions, log_options: str | None = None):
        self.root = repository_root(repo)
        self.options = options
        self.log_options = shlex.split(log_options) if log_options else ["--all"]
        if any(option.startswith("--output") for option in self.log_options):
            raise GitError("--log-opts may not redirect git's output (--output)")

    def items(self) -> Iterator[Document | Skipped | ScanError]:
        # The user's options first: for the format options git takes the last one given, ours.
        command = ["git", "-C", str(self.root), "-c", "core.quotePath=false", "log", *self.log_options, "-p",
                   "--reverse", *_PATCH_FORMAT, "--format=%x00%H %aI"]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        errors: list[bytes] = []
        drain = threading.Thread(target=lambda: errors.append(process.stderr.read()), daemon=True)
        drain.start()  # a chatty stderr must not fill its pipe and stall git
        skipped: set[str] = set()
        commit = None
        try:
            for item in parse_patches(process.stdout):
                if isinstance(item, Commit):
                    commit = item
                    continue
                found = _patch_document(item, self.options, lambda line, c=commit: c, commit.author_date[:10])
                if isinstance(found, Skipped):
                    if found.path not in skipped:  # a binary file is listed once, not once per commit
                        skipped.add(found.path)
                        yield found
                elif found is not None:
                    yield found
        finally:
            process.stdout.close()
            returncode = process.wait()
            drain.join()
        if returncode:
            reason = b"".join(errors).decode("utf-8", "replace").strip().splitlines()
            raise GitError(f"git log: {reason[-1] if reason else f'exit {returncode}'}")

    def head_documents(self) -> Iterator[Document]:
        """HEAD's text files, read from git's object store (not the work tree)."""
        listing = run_git(self.root, "ls-tree", "-r", "-z", "--full-tree", "HEAD")
        blobs = []
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            meta, raw_path = entry.split(b"\t", 1)
            mode, kind, sha = meta.split(b" ")
            if kind == b"blob" and mode != b"120000":  # symbolic links hold a path, not content
                blobs.append((sha, printable(raw_path.decode("utf-8", "surrogateescape"))))
        if not blobs:
            return
        process = subprocess.Popen(["git", "-C", str(self.root), "cat-file", "--batch"],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

        def request() -> None:
            process.stdin.write(b"".join(sha + b"\n" for sha, _ in blobs))
            process.stdin.close()

        writer = threading.Thread(target=request, daemon=True)
        writer.start()  # written while we read, or both ends could wait on a full pipe
        try:
            for _, path in blobs:
                size = int(process.stdout.readline().split()[2])
                content = process.stdout.read(size)
                process.stdout.read(1)  # the newline after each object
                if size > self.options.max_file_size or Path(path).suffix.lower() in UNSUPPORTED_FORMATS:
                    continue
                encoding = detect_encoding(content[:SAMPLE_BYTES], complete=size <= SAMPLE_BYTES)
                if encoding is not None:
                    yield Document(path, size, partial(_blob_chunks, content, encoding, self.options.chunk_chars),
                                   container=CONTAINER)
        finally:
            writer.join()
            process.stdout.close()
            process.wait()
