"""A few hundred mutated files of every format the scanner reads, scanned by the CLI: every input
ends scanned, skipped or an error; no traceback, no exit code but 0 or 1, nothing on stderr, no
planted value on the terminal or in the report, nothing stopped by the time limit, memory bounded. The longer
campaign is ``benchmarks/fuzz.py``."""

import random
import resource

from tests.fuzzing import scan_corpus, write_corpus


def test_mutated_files_of_every_format_are_each_accounted_for_and_leak_nothing(tmp_path):
    folder = tmp_path / "share"
    folder.mkdir()
    corpus = write_corpus(folder, 17 * 14, random.Random(14))
    outcome = scan_corpus(corpus, time_limit=30, timeout=240, workers=2)  # worker processes too
    assert outcome.returncode in (0, 1)
    assert (outcome.crashed, outcome.hung, outcome.unaccounted, outcome.leaked, outcome.noisy) == ([], [], [], [], [])
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 1536 << 10  # KiB: the largest child process
