"""The worker pool of a scan that stops early: its results come in order, and stopping it never
raises in the pool's own thread (a traceback on the terminal after Ctrl-C)."""

import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

import pytest

from scanner.processes import become_worker, results_in_order


def _square_slowly(number: int) -> int:
    time.sleep(0.01 if number < 4 else 30)  # the first chunk comes back; no other result before the kill
    return number * number


def _killed_pool_thread_errors(results_of) -> list[str]:
    """Read the first result, close the iterator (as Ctrl-C unwinding does), then a worker dies;
    the names of the exceptions the pool's manager thread raised."""
    raised = []
    hook = threading.excepthook
    threading.excepthook = lambda args: raised.append(args.exc_type.__name__)
    try:
        pool = ProcessPoolExecutor(2)
        results = results_of(pool)
        assert next(results) == 0
        manager = pool._executor_manager_thread
        results.close()
        for process in list(pool._processes.values()):
            process.kill()
        manager.join(20)
        assert not manager.is_alive()
        pool.shutdown()
    finally:
        threading.excepthook = hook
    return raised


def _ignore_interrupts_late(parent: int) -> None:
    time.sleep(1)  # a slow start: Ctrl-C comes before the worker ignores it
    become_worker(parent)


def _interrupt_handling(_) -> tuple[bool, bool]:
    return signal.getsignal(signal.SIGINT) == signal.SIG_IGN, signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, [])


def test_a_worker_interrupted_while_it_starts_lives_and_ignores_ctrl_c():
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork"), initializer=_ignore_interrupts_late,
                             initargs=(os.getpid(),)) as pool:
        results = results_in_order(pool, _interrupt_handling, range(4), chunk=1)
        for worker in pool._processes:
            os.kill(worker, signal.SIGINT)
        assert list(results) == [(True, False)] * 4  # a dead worker would have broken the pool
        assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])  # held in this process no more


def test_results_come_in_order_in_chunks():
    with ProcessPoolExecutor(2) as pool:
        assert list(results_in_order(pool, abs, range(-9, 0), chunk=4)) == list(range(9, 0, -1))
        assert list(results_in_order(pool, abs, [])) == []


def test_a_pool_broken_after_its_results_were_dropped_raises_nothing_in_its_thread():
    assert _killed_pool_thread_errors(lambda pool: results_in_order(pool, _square_slowly, range(40))) == []


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="CPython gh-107219, fixed in 3.12")
def test_pool_map_is_what_raised():
    """The reason ``results_in_order`` exists: the same steps through ``pool.map`` raise."""
    assert _killed_pool_thread_errors(lambda pool: pool.map(_square_slowly, range(40), chunksize=4)) == ["InvalidStateError"]
