"""A fuzzing campaign: --files mutated files of every format the scanner reads (txt, csv, tsv, json,
xlsx, xls, ods, docx, odt, pptx, pdf, eml, zip, tar.gz, gz, bz2, sqlite; see tests/fuzzing.py),
scanned by the CLI in batches of --batch files, each batch a folder of its own.

Prints the files tried and, for each failure class, how many: crashed (a traceback, an exit code
other than 0 and 1: counted per batch, as the files of a crashed batch cannot be told apart),
hung (a file stopped by --file-time-limit, or a whole batch by its timeout), unaccounted (an input
in none of scanned, skipped and errors, or listed inconsistently), leaked (a planted raw value
on stdout, stderr or in the JSON report) and noisy (lines on stderr: a library's warning), with
the first examples. All but "tried" should be 0.

Run: python benchmarks/fuzz.py [--files 10000 --batch 500 --seed 1 --workers 2]
"""

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.fuzzing import scan_corpus, write_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--file-time-limit", type=float, default=60)
    arguments = parser.parse_args()
    rng = random.Random(arguments.seed)
    tried, failures = 0, {"crashed": [], "hung": [], "unaccounted": [], "leaked": [], "noisy": []}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        for start in range(0, arguments.files, arguments.batch):
            folder = Path(scratch) / f"batch-{start:06d}"
            folder.mkdir()
            corpus = write_corpus(folder, min(arguments.batch, arguments.files - start), rng, start)
            outcome = scan_corpus(corpus, arguments.file_time_limit, timeout=arguments.batch * arguments.file_time_limit,
                                  workers=arguments.workers)
            tried += len(corpus.names)
            for kind in failures:
                failures[kind] += [f"{folder.name}: {example}" for example in getattr(outcome, kind)]
            print(f"  {tried:6d} files, {time.perf_counter() - started:7.1f} s: "
                  + ", ".join(f"{kind} {len(found)}" for kind, found in failures.items()), flush=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\nfiles tried: {tried}")
    for kind, found in failures.items():
        print(f"{kind}: {len(found)}")
        for example in found[:5]:
            print(f"    {example[:300]}")
    print(f"peak RSS of one scan: {peak:.0f} MB; {time.perf_counter() - started:.0f} s in all")


if __name__ == "__main__":
    main()
