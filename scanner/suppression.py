"""What the user has accepted: inline allow comments, a .piplscanignore file and a baseline.

Suppressed findings leave the findings list and the risk rating but are counted in the report.
Baselines, like detect-secrets', hold fingerprints, never values; a finding is the same one when
its entity type, file and fingerprint are, so moving a line does not make an old finding new.
The fingerprints are keyed (HMAC), so a baseline is only usable with the key it was made with,
and only that key can test a guess against it.
"""

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from datetime import datetime
from fnmatch import fnmatch
from pathlib import Path

from scanner.model import Finding

ALLOW = "piplscan:allow"
ALLOW_NEXT_LINE = "piplscan:allow-next-line"
IGNORE_FILE = ".piplscanignore"
_FINGERPRINT = re.compile(r"^[0-9a-f]{64}$")
BASELINE_VERSION = 1


class SuppressionError(Exception):
    """A baseline or ignore file that cannot be used; the message is one line for the user."""


def key_id(key: bytes) -> str:
    """Names the fingerprint key without revealing it, so a baseline can refuse another key."""
    return hmac.new(key, b"piplscan baseline key id", hashlib.sha256).hexdigest()[:16]


def inline_allowed(line: str, previous_line: str) -> bool:
    return (ALLOW in line and ALLOW_NEXT_LINE not in line) or ALLOW_NEXT_LINE in previous_line


@dataclass(frozen=True)
class Suppressions:
    path_globs: tuple[str, ...] = ()
    fingerprints: frozenset[str] = frozenset()
    baseline: frozenset[tuple[str, str, str]] = frozenset()  # (entity type, path, fingerprint)

    def reason(self, finding: Finding) -> str | None:
        """Why a finding is suppressed ("inline" is decided where the line is read), or None."""
        if finding.fingerprint in self.fingerprints or any(fnmatch(finding.location.path, g) for g in self.path_globs):
            return "ignore-file"
        if (finding.entity_type, finding.location.path, finding.fingerprint) in self.baseline:
            return "baseline"
        return None


def read_ignore_file(path: Path) -> tuple[tuple[str, ...], frozenset[str]]:
    """Path globs and fingerprints, one a line; # starts a comment."""
    globs, fingerprints = [], set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SuppressionError(f"cannot read {path}: {exc}") from exc
    for raw in lines:
        entry = raw.split("#", 1)[0].strip()
        if _FINGERPRINT.match(entry):
            fingerprints.add(entry)
        elif entry:
            globs.append(entry)
    return tuple(globs), frozenset(fingerprints)


def load_suppressions(ignore_files: list[Path], baseline: Path | None, key: bytes) -> Suppressions:
    globs: list[str] = []
    fingerprints: set[str] = set()
    for path in ignore_files:
        if path.is_file():
            more_globs, more_fingerprints = read_ignore_file(path)
            globs += more_globs
            fingerprints |= more_fingerprints
    entries: frozenset[tuple[str, str, str]] = frozenset()
    if baseline is not None:
        entries = read_baseline(baseline, key)
    return Suppressions(tuple(globs), frozenset(fingerprints), entries)


def baseline_document(findings: list[Finding], key: bytes, version: str) -> dict:
    entries = sorted({(f.entity_type, f.location.path, f.fingerprint) for f in findings})
    return {
        "schema_version": BASELINE_VERSION,
        "tool": {"name": "piplscan", "version": version},
        "created_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "key_id": key_id(key),
        "entries": [{"entity_type": e, "path": p, "fingerprint": f} for e, p, f in entries],
    }


def read_baseline(path: Path, key: bytes) -> frozenset[tuple[str, str, str]]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("schema_version") != BASELINE_VERSION:
            raise SuppressionError(f"{path}: not a piplscan baseline (schema_version {document.get('schema_version')!r})")
        if document.get("key_id") != key_id(key):
            raise SuppressionError(f"{path} was made with another fingerprint key (set the PIPLSCAN_FINGERPRINT_KEY it was made with)")
        return frozenset((e["entity_type"], e["path"], e["fingerprint"]) for e in document["entries"])
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise SuppressionError(f"{path} is not a readable piplscan baseline ({type(exc).__name__})") from exc
