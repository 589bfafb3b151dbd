"""Worker processes that never outlive the scan: a worker ignores Ctrl-C (the terminal sends it
to the whole process group; the parent alone decides, and a worker interrupted while holding
the result queue's lock would hang the parent), dies with its parent even on kill -9 (Linux:
``prctl(PR_SET_PDEATHSIG)``), and is killed when the parent stops early."""

import ctypes
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def become_worker(parent: int) -> None:
    """Called first in each worker. ``parent``: the parent's pid, read before the fork."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held since the fork (results_in_order)
    if sys.platform == "linux":  # no such call elsewhere: there an orphan ends when its queue breaks
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before the call: no signal will come
            os._exit(1)


def stop_now(pool: ProcessPoolExecutor) -> None:
    """Stop a pool without waiting for the work it was given: a plain shutdown finishes every
    task already submitted, which is what an interrupted scan must not wait for."""
    # No public way to kill a pool's workers; taken before shutdown, which forgets them.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()


def results_in_order(pool: ProcessPoolExecutor, function: Callable, items: Iterable, chunk: int = 4) -> Iterator:
    """``pool.map(function, items, chunksize=chunk)``, all submitted at once, without its one
    flaw for a scan that stops: map cancels the futures left when its iterator is closed, and
    Python 3.11's pool, broken by a dead worker after that, raises InvalidStateError in its
    thread and prints the traceback (CPython gh-107219, fixed in 3.12). Nothing here cancels a
    future; only the pool's own shutdown does. Ctrl-C is held while the first submit forks the
    workers: one forked before ``become_worker`` ignores it would die of it and print its traceback."""
    items = list(items)
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        futures = [pool.submit(_apply_each, function, items[start:start + chunk]) for start in range(0, len(items), chunk)]
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    return (result for future in futures for result in future.result())


def _apply_each(function: Callable, items: list) -> list:
    return [function(item) for item in items]
