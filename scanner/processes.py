"""Worker processes that never outlive the scan: a worker ignores Ctrl-C (the terminal sends it
to the whole process group; the parent alone decides, and a worker interrupted while holding
the result queue's lock would hang the parent), dies with its parent even on kill -9 (Linux:
``prctl(PR_SET_PDEATHSIG)``), and is killed when the parent stops early."""

import ctypes
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def become_worker(parent: int) -> None:
    """Called first in each worker. ``parent``: the parent's pid, read before the fork."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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
