"""Publishing for BI: a read-only copy replaced atomically plus Parquet exports, never blocked by a reader of the
published copy (the flow-level version of this is tests/flows/test_publish_flow.py)."""

import subprocess
import sys

import duckdb
import pytest

from samples.generate import write_samples
from tests.warehouse.loading import PROJECT_ROOT, load_files
from warehouse import store
from warehouse.publish import PUBLISHED_MARTS, publish

HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("SELECT count(*) FROM current_snapshots").fetchone()[0], flush=True)
sys.stdin.readline()
print(con.execute("SELECT count(*) FROM current_snapshots").fetchone()[0], flush=True)
"""
"""A BI user: holds a read-only connection to the published copy, counts snapshots, waits, counts again."""


def test_publish_writes_a_readable_copy_and_parquet_per_mart(tmp_path):
    warehouse = tmp_path / "wh.duckdb"
    load_files(warehouse, write_samples(tmp_path / "b", range(1, 4)))
    publication = publish(warehouse)
    assert publication.database == tmp_path / "published" / "warehouse.duckdb"
    assert publication.snapshots == 3 and publication.ambiguous_keys == 0
    assert sorted(publication.parquet) == sorted(PUBLISHED_MARTS)
    copy = duckdb.connect(str(publication.database), read_only=True)
    for mart, path in publication.parquet.items():
        expected = copy.execute(f"SELECT count(*) FROM {mart}").fetchone()[0]
        assert copy.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone()[0] == expected, mart
    assert copy.execute("SELECT count(*) FROM figure_trend").fetchone()[0] == 3 * 12
    copy.close()
    assert sorted(p.name for p in publication.database.parent.rglob("*") if p.is_file()) == sorted(
        ["warehouse.duckdb"] + [f"{m}.parquet" for m in PUBLISHED_MARTS])  # no temporary files left


def test_a_reader_holding_the_published_copy_does_not_stop_the_next_load_and_publish(tmp_path):
    warehouse = tmp_path / "wh.duckdb"
    paths = write_samples(tmp_path / "b", range(1, 5))
    load_files(warehouse, paths[:2])
    first = publish(warehouse)
    reader = subprocess.Popen([sys.executable, "-c", HOLDER, str(first.database)], cwd=PROJECT_ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "2"
        load_files(warehouse, paths[2:])
        second = publish(warehouse)
        assert second.snapshots == 4
        fresh = duckdb.connect(str(second.database), read_only=True)
        assert fresh.execute("SELECT count(*) FROM current_snapshots").fetchone()[0] == 4
        fresh.close()
        out, err = reader.communicate("\n", timeout=30)
        assert reader.returncode == 0, err
        assert out.strip() == "2"  # the held connection keeps reading the copy it opened
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.communicate()


def test_a_tool_holding_the_warehouse_itself_is_named_in_the_error(tmp_path):
    warehouse = tmp_path / "wh.duckdb"
    load_files(warehouse, write_samples(tmp_path / "b", range(1, 2)))
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(warehouse)], cwd=PROJECT_ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "1"
        with pytest.raises(store.WarehouseError, match="wh.duckdb.*published copy"):
            publish(warehouse)
    finally:
        holder.communicate("\n", timeout=30)
    assert not (tmp_path / "published" / "warehouse.duckdb").exists()


def test_staging_files_of_a_publish_that_died_are_removed_and_a_running_ones_kept(tmp_path):
    import os
    import subprocess
    import sys

    from warehouse.publish import remove_stale_staging

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".warehouse.duckdb.{int(dead.stdout)}.tmp"
    live = tmp_path / f".figures.parquet.{os.getpid()}.tmp"
    other = tmp_path / "notes.tmp"
    for path in (stale, live, other):
        path.write_bytes(b"partial")
    assert remove_stale_staging(tmp_path) == [stale]
    assert not stale.exists() and live.exists() and other.exists()
