"""Mutated files of every format the scanner reads, and what a scan of them must show: shared by
``tests/test_fuzz.py`` (a few hundred files) and ``benchmarks/fuzz.py`` (a campaign).

Each seed is a valid file with synthetic values planted in it; a mutant flips, overwrites,
inserts, deletes, repeats or cuts bytes, of the file or (for zip-based formats) of one part
inside it, re-zipped, so that the parsers see damaged XML and not only a damaged zip.
"""

import bz2
import gzip
import io
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from tests import synthetic
from tests.test_extract import (FILES, _archive_members, _tar, _zip, csv_sample, docx_sample, text_sample,
                                xlsx_sample)

PIPLSCAN = str(Path(sys.executable).with_name("piplscan"))
_INTERESTING = (b"\x00", b"\xff\xff\xff\xff", b"9" * 24, b"<", b">", b'"', b"\r", b"\n" * 3, b"&#0;", b"]]>",
                b"\x1b[31m", b"%PDF-", b"PK\x03\x04", b"\xef\xbb\xbf", b"\x80")


def _sqlite(rng: random.Random) -> tuple[bytes, set[str]]:
    person, phone = synthetic.resident_id(rng), synthetic.mobile(rng)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "crm.sqlite"
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE customers (name TEXT, id_number TEXT, phone TEXT)")
            db.execute("INSERT INTO customers VALUES (?, ?, ?)", (synthetic.person_name(rng), person, phone))
        db.close()
        return path.read_bytes(), {person, phone}


def _json(rng: random.Random) -> tuple[bytes, set[str]]:
    rows = [{"姓名": synthetic.person_name(rng), "身份证号": synthetic.resident_id(rng), "手机": synthetic.mobile(rng)}
            for _ in range(3)]
    return json.dumps(rows, ensure_ascii=False, indent=1).encode(), {row[k] for row in rows for k in ("身份证号", "手机")}


def _sample(build) -> "callable":
    def seed(rng: random.Random) -> tuple[bytes, set[str]]:
        sample = build(rng)
        return sample.data, set(sample.where)
    return seed


def _members(rng: random.Random) -> tuple[list, set[str]]:
    members = _archive_members(rng)
    return members, {value for _, sample in members for value in sample.where}


def _zipped(rng):
    members, planted = _members(rng)
    return _zip(members), planted


def _tar_gz(rng):
    members, planted = _members(rng)
    return _tar(members, "w:gz"), planted


def _compressed(compress, build):
    def seed(rng):
        sample = build(rng)
        return compress(sample.data), set(sample.where)
    return seed


# suffix → seed builder: (bytes, planted values)
SEEDS = {
    ".txt": _sample(text_sample), ".csv": _sample(FILES["csv"]), ".tsv": _sample(FILES["tsv"]), ".json": _json,
    ".xlsx": _sample(xlsx_sample), ".xls": _sample(FILES["xls"]), ".ods": _sample(FILES["ods"]),
    ".docx": _sample(docx_sample), ".odt": _sample(FILES["odt"]), ".pptx": _sample(FILES["pptx"]),
    ".pdf": _sample(FILES["pdf"]), ".eml": _sample(FILES["eml"]), ".zip": _zipped, ".tar.gz": _tar_gz,
    ".csv.gz": _compressed(gzip.compress, csv_sample), ".txt.bz2": _compressed(bz2.compress, text_sample),
    ".sqlite": _sqlite,
}


def mutate(rng: random.Random, data: bytes) -> bytes:
    """One to three byte-level mutations."""
    data = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(data) or 1)
        kind = rng.choice(("flip", "overwrite", "insert", "delete", "repeat", "truncate", "amplify"))
        if kind == "flip":
            for _ in range(rng.randint(1, 8)):
                if data:
                    data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        elif kind == "overwrite":
            data[at:at + rng.randint(1, 64)] = rng.randbytes(rng.randint(1, 64))
        elif kind == "insert":
            data[at:at] = rng.choice(_INTERESTING) * rng.randint(1, 4) if rng.random() < 0.7 else rng.randbytes(rng.randint(1, 64))
        elif kind == "delete":
            del data[at:at + rng.randint(1, 256)]
        elif kind == "repeat":
            data[at:at] = bytes(data[at:at + rng.randint(1, 64)]) * rng.randint(2, 50)
        elif kind == "amplify":  # a short token thousands of times: what makes a parser's time grow in a square
            token = rng.choice(_INTERESTING) + bytes(data[at:at + rng.randint(0, 3)])
            data[at:at] = token * rng.randint(2_000, 20_000)
        else:
            del data[rng.randrange(len(data) // 2, len(data)) if data else 0:]
    return bytes(data)


def mutate_inside(rng: random.Random, data: bytes) -> bytes | None:
    """A zip with one member mutated (an XML part, mostly), re-zipped; None if ``data`` is no zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            parts = [(info, source.read(info)) for info in source.infolist()]
    except (zipfile.BadZipFile, OSError, EOFError):
        return None
    files = [index for index, (info, _) in enumerate(parts) if not info.is_dir()]
    xml = [index for index in files if parts[index][0].filename.endswith(".xml")]
    chosen = rng.choice(xml if xml and rng.random() < 0.8 else files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for index, (info, content) in enumerate(parts):
            target.writestr(info.filename, mutate(rng, content) if index == chosen else content)
    return buffer.getvalue()


@dataclass
class Corpus:
    folder: Path
    planted: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)


def write_corpus(folder: Path, count: int, rng: random.Random, start: int = 0) -> Corpus:
    """``count`` mutants, as many of each format, named ``fuzz-<n><suffix>``."""
    corpus = Corpus(folder)
    suffixes = sorted(SEEDS)
    seeds = {suffix: SEEDS[suffix](rng) for suffix in suffixes}
    for number in range(start, start + count):
        suffix = suffixes[number % len(suffixes)]
        data, planted = seeds[suffix]
        mutant = (rng.random() < 0.5 and mutate_inside(rng, data)) or mutate(rng, data)
        name = f"fuzz-{number:05d}{suffix}"
        (folder / name).write_bytes(mutant)
        corpus.planted |= planted
        corpus.names.append(name)
    return corpus


@dataclass
class Outcome:
    """What a scan of a corpus showed; every list is empty for a good run."""

    returncode: int
    crashed: list[str]  # a traceback or an exit code other than 0 and 1
    hung: list[str]  # inputs stopped by the time limit
    unaccounted: list[str]  # inputs in none of scanned, skipped and errors, or listed inconsistently
    leaked: list[str]  # where a planted raw value showed: stdout, stderr or the report
    noisy: list[str]  # what was printed to stderr (a library's warning or log): a scan writing a report prints nothing


def scan_corpus(corpus: Corpus, time_limit: float, timeout: float, workers: int = 1) -> Outcome:
    report_path = corpus.folder.parent / f"{corpus.folder.name}-report.json"
    command = [PIPLSCAN, "scan", str(corpus.folder), "--format", "json", "-o", str(report_path),
               "--file-time-limit", str(time_limit), "--workers", str(workers)]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Outcome(-1, [], ["the whole scan"], [], [], [])
    crashed = [f"exit {run.returncode}: {run.stderr[-2000:]}"] if run.returncode not in (0, 1) or "Traceback" in run.stderr else []
    report_text = report_path.read_text(encoding="utf-8") if report_path.exists() else ""
    leaked = [f"{where}: {value}" for where, text in (("stdout", run.stdout), ("stderr", run.stderr), ("report", report_text))
              for value in corpus.planted if value in text]
    noisy = [line for line in run.stderr.splitlines() if line.strip()][:20]
    if not report_text:
        return Outcome(run.returncode, crashed or ["no report"], [], [], leaked, noisy)
    report = json.loads(report_text)
    hung = [error["path"] for error in report["errors"] if "time limit" in error["error"]]
    return Outcome(run.returncode, crashed, hung, unaccounted(report, corpus.names), leaked, noisy)


def unaccounted(report: dict, names: list[str]) -> list[str]:
    """Inputs (and the members the report names) without exactly one outcome. An input's outcome
    is "error" if an error names it (what it gave before failing is kept), else "scanned" if any
    part of it was read, else "skipped"; a container's outcome comes from its members'. A whole-file
    skip (binary content, not a regular file) must not come with parts read or errors: that is a
    file listed twice. (A PDF is scanned and skipped at once when only some pages have text.)"""
    outcomes: dict[str, set[str]] = {}
    for path in report["scanned"]:
        outcomes.setdefault(path, set()).add("scanned")
    for skipped in report["skipped"]:
        outcomes.setdefault(skipped["path"], set()).add("skipped" if skipped["reason"].startswith("no text layer") else "skipped whole")
    for error in report["errors"]:
        outcomes.setdefault(error["path"], set()).add("error")
    bad = [f"{path}: {sorted(kinds)}" for path, kinds in outcomes.items() if "skipped whole" in kinds and len(kinds) > 1]
    listed = {path.split("#", 1)[0] for path in outcomes}
    return bad + [f"{name}: not in the report" for name in names if name not in listed]
