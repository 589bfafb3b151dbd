"""``--cache DIR``: what a scan found in each file, remembered so that an unchanged file is not
read again.

An entry is keyed by the file's name in the report and holds its size, modification time and
SHA-256, and what the pipeline collected from it: findings with masked values and keyed
fingerprints, never a raw value (a scan with ``--show-data`` neither reads nor writes the
cache). A file is reused only when its size and content hash still match, so a copied or
touched file costs a hash, not a scan. Entries belong to a scope: the tool's version, the
settings that change what is found, and the fingerprint key's identifier (the key itself is
never stored, which is why a cache needs a stable key). A new scope replaces the old one.
An entry whose findings depend on the scan date (a minor's age) serves that date only, and a
file that gave an error is read again next time. SQLite keeps the entries: one file, written
in one transaction at the end of a scan, so an interrupted scan leaves the last good cache.
"""

import hashlib
import hmac
import json
import os
import sqlite3
import stat
from datetime import date
from pathlib import Path

from scanner import __version__

CACHE_FILE = "piplscan-cache.sqlite3"
_HASH_BLOCK = 1 << 20
ENTRY_FORMAT = 4  # raised whenever what an entry holds changes (3: table values for counts, columns judged whole; 4: a table's keys as a sketch)


class CacheError(Exception):
    """The cache folder cannot be used; the message is one line for the user."""


def scope_of(key: bytes, settings: dict) -> str:
    """Entries are valid for one tool version and entry format, one set of settings and one key."""
    key_id = hmac.new(key, b"piplscan cache key id", hashlib.sha256).hexdigest()
    described = json.dumps({"version": __version__, "format": ENTRY_FORMAT, "settings": settings, "key": key_id}, sort_keys=True, default=str)
    return hashlib.sha256(described.encode("utf-8")).hexdigest()


def _regular_file_digest(path: Path) -> tuple[os.stat_result, str] | None:
    """The file's status and the SHA-256 of its ``st_size`` bytes, or None if it is no regular file:
    a FIFO or a device (/dev/zero behind a followed link) has no end, and reading it says it is
    skipped. Opened without blocking (a FIFO's open waits for a writer) and checked once open."""
    with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            return None
        sha, left = hashlib.sha256(), info.st_size  # a file written to as it is hashed: what it was at stat
        while left > 0 and (block := stream.read(min(_HASH_BLOCK, left))):
            sha.update(block)
            left -= len(block)
    return info, sha.hexdigest()


class ScanCache:
    def __init__(self, directory: Path, scope: str, today: date):
        self.scope = scope
        self.today = today.isoformat()
        self._seen: dict[str, tuple[int, int, str]] = {}  # name → (size, mtime_ns, digest) of this scan's look-ups
        self._pending: list[tuple] = []
        try:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._db = sqlite3.connect(directory / CACHE_FILE, timeout=30)
            os.chmod(directory / CACHE_FILE, 0o600)  # paths and fingerprints: the report's secrecy, not the world's
            self._db.execute("CREATE TABLE IF NOT EXISTS files (scope TEXT, name TEXT, size INTEGER, mtime_ns INTEGER,"
                             " digest TEXT, scanned_on TEXT, dated INTEGER, collected TEXT, PRIMARY KEY (scope, name))")
        except (OSError, sqlite3.Error) as exc:
            raise CacheError(f"cannot use cache folder {directory}: {getattr(exc, 'strerror', None) or exc}") from exc

    def lookup(self, path: Path, name: str) -> dict | None:
        """What an earlier scan collected from this file, if its content is unchanged."""
        try:
            info = path.stat()
            row = self._db.execute("SELECT size, digest, scanned_on, dated, collected FROM files WHERE scope = ? AND name = ?",
                                   (self.scope, name)).fetchone()
            if row is not None and row[0] != info.st_size:
                return None
            hashed = _regular_file_digest(path)
            if hashed is None:
                return None
            info, digest = hashed
        except (OSError, sqlite3.Error):
            return None  # unreadable now: reading it will say why
        self._seen[name] = (info.st_size, info.st_mtime_ns, digest)
        if row is None or row[1] != digest or (row[3] and row[2] != self.today):
            return None
        return json.loads(row[4])

    def store(self, name: str, collected: dict, dated: bool) -> None:
        """Remember what a file looked up in this scan gave (written by ``save``)."""
        if name in self._seen:
            size, mtime_ns, digest = self._seen[name]
            self._pending.append((self.scope, name, size, mtime_ns, digest, self.today, int(dated), json.dumps(collected, ensure_ascii=False)))

    def save(self) -> None:
        with self._db:
            self._db.execute("DELETE FROM files WHERE scope != ?", (self.scope,))
            self._db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)", self._pending)
        self._pending = []
