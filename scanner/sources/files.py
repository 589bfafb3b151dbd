"""The file-system source: walks directories and yields text files as Documents."""

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from fnmatch import fnmatch
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from scanner.extract import member_name
from scanner.model import Document, ScanError, Skipped, TextChunk
from scanner.sources.decoding import SAMPLE_BYTES, detect_encoding, read_chunks
from scanner.ocr import OcrOptions
from scanner.sources.documents import document_items, evidence_document, is_document, starts_like_a_document

if TYPE_CHECKING:
    from scanner.sources.database import DatabaseOptions

# Formats whose bytes are not text: a walk hands those scanner.extract reads to it (documents.py)
# and skips the rest; git patches and blobs of any of them are skipped.
UNSUPPORTED_FORMATS = frozenset(
    ".pdf .doc .docx .docm .xls .xlsx .xlsm .ppt .pptx .odt .ods .odp .rtf .msg .zip .gz .tgz .bz2 .xz "
    ".7z .rar .tar .jar .sqlite .sqlite3 .db .mdb .accdb".split()
)


BINARY = "binary content"
SQLITE_SUFFIXES = frozenset(".sqlite .sqlite3 .db .db3".split())
SQLITE_HEADER = b"SQLite format 3\x00"
MAIL_EXPORTS = frozenset(".eml .mbox .msg .pst .ost".split())
BACKUPS = frozenset(".bak .backup .old .dump .zip .tar .gz .tgz .bz2 .xz .7z .rar".split())


@dataclass(frozen=True)
class WalkOptions:
    exclude: tuple[str, ...] = ()
    max_file_size: int = 1 << 30
    include_hidden: bool = False
    follow_symlinks: bool = False
    chunk_chars: int = 1 << 20
    ocr: OcrOptions = OcrOptions()


def printable(name: str) -> str:
    """File names are bytes: undecodable ones reach Python as surrogates, which no report can
    encode. Each part of the path is read as an archive's member names are (UTF-8, else GB18030,
    what Chinese Windows writes on a share), bytes neither decodes shown as \\xNN escapes."""
    return "/".join(member_name(part.encode("utf-8", "surrogateescape")) for part in name.split("/"))


def is_excluded(relative: str, patterns: tuple[str, ...]) -> bool:
    """A glob matches the relative path (``*`` crosses folders) or the file or folder name."""
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch(relative, pattern) or fnmatch(name, pattern) for pattern in patterns)


def _read_file_chunks(path: Path, encoding: str, chunk_chars: int) -> Iterator[TextChunk]:
    with path.open("rb") as stream:
        yield from read_chunks(stream, encoding, chunk_chars)


def examine_file(path: Path, display: str, options: WalkOptions, container: str) -> Document | Skipped | ScanError:
    """A Document for a readable text file; otherwise why not."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return Skipped(display, "not a regular file")
        if info.st_size > options.max_file_size:
            return Skipped(display, f"larger than the size limit ({options.max_file_size} bytes)")
        if path.suffix.lower() in UNSUPPORTED_FORMATS:
            return Skipped(display, f"{path.suffix.lower()} files are not extracted yet")
        with path.open("rb") as stream:
            sample = stream.read(SAMPLE_BYTES)
    except OSError as exc:
        return ScanError(display, f"cannot read: {exc.strerror}")
    encoding = detect_encoding(sample, complete=len(sample) == info.st_size)
    if encoding is None:
        return Skipped(display, BINARY)
    modified = datetime.fromtimestamp(info.st_mtime).date().isoformat()
    return Document(display, info.st_size, partial(_read_file_chunks, path, encoding, options.chunk_chars),
                    container=container, mode=info.st_mode, modified=modified)


def is_database_url(target: str) -> bool:
    """A scan target that names a database (SQLAlchemy URL) rather than a path."""
    return bool(re.match(r"^(sqlite|postgresql|postgres|mysql|mariadb)(\+\w+)?:", target))


def _starts_like_a_document(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return starts_like_a_document(stream.read(16))
    except OSError:
        return False


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False  # examine_file reports why


class FileSource:
    """A file or a directory tree given on the command line. SQLite databases found on the way
    are handed to the database source: their tables are the assets."""

    def __init__(self, target: str | Path, options: WalkOptions, database: "DatabaseOptions | None" = None):
        self.given = printable(str(target))  # a file given directly is reported under this, as typed
        self.target = Path(target)
        self.options = options
        self.database = database
        self._repository_roots: dict[Path, bool] = {}

    def _in_repository(self, folder: Path) -> bool:
        """Whether a folder is inside a git work tree (a .git entry here or above)."""
        if folder not in self._repository_roots:
            self._repository_roots[folder] = (folder / ".git").exists() or (
                folder.parent != folder and self._in_repository(folder.parent))
        return self._repository_roots[folder]

    def _container(self, path: Path) -> str:
        suffix = path.suffix.lower()
        if self._in_repository(path.resolve().parent):
            return "git_repository"
        if suffix in MAIL_EXPORTS:
            return "mail_export"
        if suffix in BACKUPS:
            return "backup_archive"
        return "shared_folder"

    def items(self) -> Iterator[Document | Skipped | ScanError]:
        for task in self.tasks():
            yield from self.read(*task) if isinstance(task, tuple) else (task,)

    def close(self) -> None:
        pass  # a file is closed when it has been read: nothing stays open between files

    def tasks(self) -> Iterator[tuple[Path, str] | Skipped | ScanError]:
        """The walk alone: each file to read as (path, name in the report), in report order, and
        what the walk itself skipped or could not do. ``read`` does the rest (in a worker process
        when scanning in parallel)."""
        if self.target.is_dir():
            yield from self._walk(self.target, set())
        else:
            yield self.target, self.given

    def _walk(self, directory: Path, seen: set[tuple[int, int]]) -> Iterator[tuple[Path, str] | Skipped | ScanError]:
        info = directory.stat()
        seen = seen | {(info.st_dev, info.st_ino)}  # a followed link back up the tree is not walked twice
        try:
            entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
        except OSError as exc:
            yield ScanError(self._display(Path(directory)) or ".", f"cannot list directory: {exc.strerror}")
            return
        for entry in entries:
            path = Path(entry.path)
            relative = self._display(path)
            if entry.name.startswith(".") and not self.options.include_hidden:
                continue
            if is_excluded(relative, self.options.exclude):
                continue
            if entry.is_symlink() and not self.options.follow_symlinks:
                yield Skipped(relative, "symbolic link not followed (--follow-symlinks)")
                continue
            try:
                is_dir = entry.is_dir()
                if is_dir:
                    target_info = path.stat()
            except OSError as exc:
                yield ScanError(relative, f"cannot stat: {exc.strerror}")
                continue
            if is_dir:
                if (target_info.st_dev, target_info.st_ino) not in seen:
                    yield from self._walk(path, seen)
            else:
                yield path, relative

    def read(self, path: Path, display: str) -> Iterator[Document | Skipped | ScanError]:
        """What one file of the walk holds, never nothing: a file that holds nothing to read (an empty
        workbook, archive or database) is an empty Document, scanned. Whatever a reader raises becomes
        this file's error (after what it yielded before): one strange file never stops the scan.
        Exception messages may quote the file's content: only the class is reported."""
        yielded = False
        try:
            for item in self._read(path, display):
                yielded = True
                yield item
        except Exception as exc:
            yield ScanError(display, f"read failed: {type(exc).__name__}")
            return
        if not yielded:
            yield self._empty(path, display)

    def _empty(self, path: Path, display: str) -> Document | ScanError:
        try:
            info = path.stat()
        except OSError as exc:
            return ScanError(display, f"cannot stat: {exc.strerror}")
        modified = datetime.fromtimestamp(info.st_mtime).date().isoformat()
        return Document(display, info.st_size, partial(iter, ()), container=self._container(path), mode=info.st_mode,
                        modified=modified)

    def _read(self, path: Path, display: str) -> Iterator[Document | Skipped | ScanError]:
        if path.suffix.lower() in SQLITE_SUFFIXES and path.is_file() and _is_sqlite(path):
            from scanner.sources.database import DatabaseOptions, DatabaseSource  # SQLAlchemy only when needed

            yield from DatabaseSource(f"sqlite:///{path.resolve()}", self.database or DatabaseOptions(), display).items()
        elif is_document(path):
            yield from self._document(path, display)
        else:
            examined = examine_file(path, display, self.options, self._container(path))
            if isinstance(examined, Skipped) and examined.reason == BINARY and _starts_like_a_document(path):
                yield from self._document(path, display)
            else:
                yield examined
                if not isinstance(examined, Document):
                    yield from self._name_evidence(path, display)

    def _document(self, path: Path, display: str) -> Iterator[Document | Skipped | ScanError]:
        try:
            info = path.stat()
        except OSError as exc:
            yield ScanError(display, f"cannot stat: {exc.strerror}")
            return
        if not stat.S_ISREG(info.st_mode):
            yield Skipped(display, "not a regular file")
        elif info.st_size > self.options.max_file_size:
            yield Skipped(display, f"larger than the size limit ({self.options.max_file_size} bytes)")
            yield from self._name_evidence(path, display)
        else:
            modified = datetime.fromtimestamp(info.st_mtime).date().isoformat()
            container, ocr = self._container(path), self.options.ocr
            yield from document_items(path, display, container, info.st_mode, modified, info.st_size, ocr)

    def _name_evidence(self, path: Path, display: str) -> Iterator[Document]:
        """A file skipped or unreadable still says by its name what it may hold (scanner/file_names.py)."""
        try:
            info = path.stat()
        except OSError:
            info = None
        if info is None or stat.S_ISREG(info.st_mode):
            modified = info and datetime.fromtimestamp(info.st_mtime).date().isoformat()
            evidence = evidence_document(display, self._container(path), info and info.st_mode, modified,
                                         info.st_size if info else 0)
            if evidence:
                yield evidence

    def _display(self, path: Path) -> str:
        return printable(path.relative_to(self.target).as_posix()) if path != self.target else ""

