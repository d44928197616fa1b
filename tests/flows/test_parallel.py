"""Worker processes of `flows.parallel.ProcessPool` never outlive the run that started them."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows import PROJECT_ROOT

POOL_THEN_WAIT = """
import sys
from flows.parallel import ProcessPool
pool = ProcessPool(2)
print(" ".join(str(f.result()) for f in pool._warming), flush=True)  # the workers' PIDs
sys.stdin.read()
"""


def _running(pid: int) -> bool:
    """True while `pid` exists and is not a zombie (an orphan's reaper may be slow to collect it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (FileNotFoundError, ProcessLookupError):
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_of_a_killed_run_exit():
    """A run killed with SIGKILL (tests/flows/test_backfill.py and test_reprocess.py do it) runs no shutdown: its
    spawned workers used to wait for work forever, reparented to PID 1."""
    parent = subprocess.Popen(
        [sys.executable, "-c", POOL_THEN_WAIT],
        cwd=PROJECT_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(workers) == 2 and all(_running(pid) for pid in workers)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=30)
    deadline = time.monotonic() + 15
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in workers if _running(pid)] == []


def test_a_closed_pool_leaves_no_worker():
    from flows.parallel import ProcessPool

    pool = ProcessPool(1)
    (pid,) = [f.result() for f in pool._warming]
    assert _running(pid)
    pool.close()
    deadline = time.monotonic() + 15
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(pid)
