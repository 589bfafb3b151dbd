"""Copies across assets (values one asset shares with another) for many tables read in full:
the memory the comparison takes on top of the keys the scan holds, and its time, next to the
one-pass way (np.unique over every key at once) as the baseline. Keys are random 64-bit values,
as keyed fingerprints are; every third table shares some with the others. Run:

    python benchmarks/copies.py [--tables 100] [--keys 167000]
"""

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scanner.tally import EXACT_LIMIT, DistinctValues, TableValues, _copies  # noqa: E402


def one_pass(held: dict[str, np.ndarray]) -> dict[str, int]:
    """The former comparison: every key at once, counted by np.unique."""
    every, holders = np.unique(np.concatenate(list(held.values())), return_counts=True)
    shared = every[holders > 1]
    return {asset: int(np.isin(keys, shared, assume_unique=True).sum()) for asset, keys in held.items()}


def measured(function, *args) -> tuple[float, float, object]:
    """Seconds, and MiB allocated at the peak beyond what was allocated before the call."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    started = time.perf_counter()
    result = function(*args)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, (peak - before) / 2**20, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=100)
    parser.add_argument("--keys", type=int, default=167_000, help="distinct values a table's taken columns hold")
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    common = rng.integers(0, 2**64 - 1, args.keys // 10, dtype=np.uint64, endpoint=True)
    tables = {}
    for index in range(args.tables):
        own = rng.integers(0, 2**64 - 1, args.keys, dtype=np.uint64, endpoint=True)
        keys = np.unique(np.concatenate([own, common if index % 3 == 0 else common[:0]]))
        tables[f"t{index:03d}"] = TableValues(keys=DistinctValues(EXACT_LIMIT, keys.tolist()))
        tables[f"t{index:03d}"].keys.kept  # sorted once, as a table's tally leaves it
    held_mib = sum(table.keys.kept.nbytes for table in tables.values()) / 2**20
    print(f"{args.tables} tables x ~{args.keys:,} keys: {held_mib:.0f} MiB of keys held by the scan")
    print(f"{'comparison':<38}{'seconds':>9}{'peak MiB above the keys':>26}")
    seconds, peak, sliced = measured(_copies, {}, tables)
    print(f"{'piplscan (a slice of keys at a time)':<38}{seconds:>9.2f}{peak:>26.0f}")
    seconds, peak, whole = measured(one_pass, {asset: table.keys.kept for asset, table in tables.items()})
    print(f"{'baseline (np.unique over all keys)':<38}{seconds:>9.2f}{peak:>26.0f}")
    print("same copies per asset:", dict(sliced) == whole, f"({sum(whole.values()):,} values held elsewhere)")


if __name__ == "__main__":
    main()
