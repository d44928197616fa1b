"""Opening the warehouse: each way it can fail is named with its reason (issue 14, honest messages)."""

from __future__ import annotations

import subprocess
import sys
import time

import duckdb
import pytest

from warehouse.store import WarehouseError, connect


def test_a_file_that_is_not_a_duckdb_database_is_named_as_such(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    path.write_text("not a database " * 100, encoding="utf-8")
    with pytest.raises(WarehouseError, match="exists but is not a DuckDB database") as caught:
        connect(path)
    assert "Another process holds it" not in str(caught.value)


def test_a_corrupt_file_is_named_damaged_not_locked(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t AS SELECT range AS i FROM range(100000)")
    con.close()
    data = bytearray(path.read_bytes())
    for at in range(5000, min(len(data), 200000), 7):
        data[at] = (data[at] + 13) % 256
    path.write_bytes(bytes(data))
    with pytest.raises(WarehouseError, match="is damaged; restore it from a backup"):
        connect(path)


def test_a_file_held_by_another_process_names_the_lock(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(path)!r}); print('held', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(WarehouseError, match="Another process holds it"):
            connect(path)
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)


class _CommitFails:
    """A connection whose COMMIT fails as on a full disk (DuckDB then has no transaction left to roll back)."""

    def __init__(self, con):
        self._con = con

    def execute(self, sql, *args):
        if sql == "COMMIT":
            self._con.execute("ROLLBACK")
            raise duckdb.IOException("Could not write file: No space left on device")
        return self._con.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._con, name)


def test_a_failed_commit_reports_its_own_error_not_the_rollback(tmp_path):
    from tests.corpus import PROJECT_ROOT
    from tests.warehouse.loading import snapshot_loads
    from warehouse import store

    con = connect(tmp_path / "warehouse.duckdb")
    try:
        loads = snapshot_loads([PROJECT_ROOT / "samples" / "linjiang-2025-01.html"])
        with pytest.raises(WarehouseError, match="No space left on device") as caught:
            store._load_in_one_transaction(_CommitFails(con), loads, None, None, None)
        assert "cannot rollback" not in str(caught.value)
        assert con.execute("SELECT count(*) FROM snapshots").fetchone() == (0,)  # nothing was written
    finally:
        con.close()
