"""Every byte of a small SQLite file mutated in turn (to 0x00, 0x80 and 0xff), each mutant read the
way a scan reads a database: counts the mutants tried, read, reported as errors, crashed (an
exception escaping the source), slow (over 3 s) and leaked (a value of the seed in an error).

    .venv/bin/python benchmarks/sqlite_mutations.py
"""

import sqlite3
import tempfile
import time
from collections import Counter
from pathlib import Path

from scanner.model import Document, ScanError
from scanner.sources.database import DatabaseOptions, DatabaseSource

VALUE = "13812345678"


def seed(path: Path) -> bytes:
    with sqlite3.connect(path) as database:
        database.execute("CREATE TABLE t (phone TEXT, n INTEGER)")
        database.execute("CREATE VIEW vw AS SELECT phone FROM t")
        # A view that never ends would cost its timeout for every mutant: tests/test_database_scan.py has it.
        database.execute("INSERT INTO t VALUES (?, 5)", (VALUE,))
    return path.read_bytes()


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    original = seed(folder / "seed.db")
    mutant = folder / "m.db"
    counts: Counter[str] = Counter()
    started = time.perf_counter()
    for position in range(len(original)):
        for byte in (0x00, 0x80, 0xFF):
            if original[position] == byte:
                continue
            mutant.write_bytes(original[:position] + bytes([byte]) + original[position + 1:])
            counts["tried"] += 1
            began = time.perf_counter()
            try:
                for item in DatabaseSource(f"sqlite:///{mutant}", DatabaseOptions(statement_timeout_s=0.5)).items():
                    if isinstance(item, ScanError):
                        counts["error entries"] += 1
                        counts["leaked"] += VALUE in item.error
                    elif isinstance(item, Document):
                        try:
                            list(item.chunks())
                            counts["tables read"] += 1
                        except Exception as exc:  # the pipeline makes these error entries
                            counts["error entries"] += 1
                            counts["leaked"] += VALUE in str(exc)
            except Exception:
                counts["crashed"] += 1
            counts["slow"] += time.perf_counter() - began > 3
    print(f"{len(original)} bytes, {time.perf_counter() - started:.0f} s:",
          ", ".join(f"{key} {counts[key]}" for key in ("tried", "tables read", "error entries", "crashed", "slow", "leaked")))


if __name__ == "__main__":
    main()
