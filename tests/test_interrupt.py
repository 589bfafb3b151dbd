"""Interrupting a real ``piplscan scan --workers 2`` over a generated share: Ctrl-C ends it at
once with 130, kill -9 of the parent takes the workers with it, and a temporary left by a killed
writer is removed by the next write. Every wait is bounded."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scanner.cli import write_atomically
from tests import synthetic

CLI = [str(Path(sys.executable).with_name("piplscan"))]
WAIT_S = 30


@pytest.fixture
def share(tmp_path) -> Path:
    """Enough text for the workers to be busy for a while (120 MB of dense records: tens of
    seconds at any speed the engine reaches; the tests end it in a few)."""
    rng = random.Random(6)
    root = tmp_path / "share"
    root.mkdir()
    text = "\n".join(f"客户 {synthetic.resident_id(rng)} 手机 {synthetic.mobile(rng)} 备注 {'x' * 200}" for _ in range(2000))
    for index in range(240):
        (root / f"{index:03}.txt").write_text(text, encoding="utf-8")
    return root


def _children(pid: int) -> set[int]:
    try:
        return {int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except FileNotFoundError:
        return set()


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")  # a zombie has ended, whoever reaps it


def _start_with_workers(share: Path, tmp_path: Path) -> tuple[subprocess.Popen, set[int]]:
    process = subprocess.Popen(CLI + ["scan", str(share), "--workers", "2", "-q", "--output", str(tmp_path / "r.json")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + WAIT_S
    while len(workers := _children(process.pid)) < 2:
        assert process.poll() is None and time.monotonic() < deadline, "the workers never started"
        time.sleep(0.05)
    time.sleep(0.5)  # the workers are reading
    return process, workers


def _gone(pids: set[int]) -> bool:
    deadline = time.monotonic() + WAIT_S
    while any(map(_running, pids)):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_ctrl_c_ends_the_scan_at_once_with_130(share, tmp_path):
    process, workers = _start_with_workers(share, tmp_path)
    process.send_signal(signal.SIGINT)
    for worker in workers:  # a terminal sends Ctrl-C to the whole process group
        os.kill(worker, signal.SIGINT)
    started = time.monotonic()
    _, stderr = process.communicate(timeout=WAIT_S)
    assert (process.returncode, stderr) == (130, "piplscan: interrupted\n")
    assert time.monotonic() - started < 10
    assert _gone(workers)
    assert list(tmp_path.glob("*r.json*")) == []


@pytest.mark.skipif(sys.platform != "linux", reason="prctl and /proc")
def test_the_workers_die_with_their_parent(share, tmp_path):
    process, workers = _start_with_workers(share, tmp_path)
    process.kill()
    process.wait(timeout=WAIT_S)
    assert _gone(workers), "orphaned workers"


def test_a_temporary_left_by_a_killed_writer_is_removed_by_the_next_write(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f".piplscan-report.json.{dead}.k2j4.tmp"
    live = tmp_path / f".piplscan-report.json.{os.getpid()}.a1b2.tmp"  # another scan, still writing
    other = tmp_path / f".notes.json.{dead}.x.tmp"
    for path in (stale, live, other):
        path.write_bytes(b"{half")
    write_atomically(tmp_path / "piplscan-report.json", [b"{}"])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name, "piplscan-report.json"])
