"""A process killed inside a load leaves no partial snapshot, and the next run loads the bulletin.

The kill lands inside the transaction reliably: the loader's test hook (store.PAUSE_IN_LOAD_ENV) announces on
stderr that it is paused after the documents row was inserted and before the snapshots and figures, and the
test sends SIGKILL on that line.
"""

import os
import signal
import subprocess
import sys

from samples.generate import write_samples
from tests.warehouse.loading import PROJECT_ROOT, load_files, row_counts
from warehouse import store


def test_kill_during_load_leaves_no_partial_snapshot_and_the_next_run_loads_it(tmp_path):
    paths = write_samples(tmp_path / "bulletins", range(1, 5))
    warehouse = tmp_path / "wh.duckdb"
    load_files(warehouse, paths[:3])
    before = row_counts(warehouse)

    env = dict(os.environ, **{store.PAUSE_IN_LOAD_ENV: "60"})
    child = subprocess.Popen([sys.executable, "-m", "tests.warehouse.loading", str(warehouse), str(paths[3])],
                             cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = child.stderr.readline()
        assert "paused inside load" in line and "after documents" in line, line + child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()
        child.stderr.close()

    after_kill = row_counts(warehouse)  # opens cleanly; the write-ahead log holds no uncommitted rows
    assert after_kill == before
    con = store.connect(warehouse)  # the writer opens too (and would replay a committed log)
    con.close()

    (loaded,) = load_files(warehouse, paths[3:])
    assert loaded.created
    after = row_counts(warehouse)
    assert after["snapshots"] == before["snapshots"] + 1
    assert after["figures"] == before["figures"] + 12
    assert after["documents"] == before["documents"] + 1
