"""store.load_snapshots: a batch of bulletins in one transaction, with the same rules as one at a time, and a bad
bulletin that fails alone. Sample bulletins come from samples/generate.py (临江市 2025, 4件8项, 12 figures each)."""

import dataclasses
from decimal import Decimal

import polars as pl

from expectations.runner import RESULT_SCHEMA
from samples.generate import write_samples
from tests.warehouse.loading import load_files, row_counts, snapshot_loads
from warehouse import store

TABLES_WITHOUT_CLOCK = {
    "snapshots": "snapshot_id, document_sha256, source, extractor_version, region, program, program_year, as_of, "
                 "period_text, published, categories_claimed, items_claimed, status, supersedes, figure_count, "
                 "source_no",
    "documents": "sha256, first_url, content_type, encoding, encoding_source, bytes, text",
    "figures": "*", "items": "*", "categories": "*", "category_targets": "*",
}


def _contents(warehouse) -> dict[str, list[tuple]]:
    con = store.connect(warehouse, read_only=True)
    try:
        return {table: con.execute(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall()
                for table, columns in TABLES_WITHOUT_CLOCK.items()}
    finally:
        con.close()


def test_a_batch_writes_exactly_what_one_at_a_time_writes(tmp_path):
    paths = write_samples(tmp_path / "bulletins")
    load_files(tmp_path / "single.duckdb", paths)
    con = store.connect(tmp_path / "batch.duckdb")
    results = store.load_snapshots(con, snapshot_loads(paths))
    con.close()
    assert [(r.snapshot_id, r.created, r.supersedes) for r in results] == [(i, True, None) for i in range(1, 13)]
    batch = _contents(tmp_path / "batch.duckdb")
    assert batch == _contents(tmp_path / "single.duckdb")
    assert len(batch["figures"]) == 144 and len(batch["snapshots"]) == 12
    # October's 老旧小区已开工改造: 132 of a stated 150 (generator's S-curve, 88 %)
    october = [f for f in batch["figures"] if f[0] == 10 and f[1].endswith("/老旧小区已开工改造/个")]
    assert [(f[6], f[13]) for f in october] == [(Decimal(132), Decimal(88))]


def test_repeats_inside_a_batch_and_already_loaded_bulletins_create_nothing(tmp_path):
    paths = write_samples(tmp_path / "bulletins", range(1, 4))
    warehouse = tmp_path / "wh.duckdb"
    (first,) = load_files(warehouse, paths[:1])
    before = row_counts(warehouse)
    january, february, march = snapshot_loads(paths)
    con = store.connect(warehouse)
    results = store.load_snapshots(con, [january, february, february, march])
    con.close()
    assert [(r.created, r.snapshot_id) for r in results] == [
        (False, first.snapshot_id), (True, 2), (False, 2), (True, 3)]
    after = row_counts(warehouse)
    assert after["snapshots"] == before["snapshots"] + 2
    assert after["figures"] == before["figures"] + 24
    assert after["documents"] == before["documents"] + 2


def test_a_corrected_republication_in_the_same_batch_supersedes_the_first_reading(tmp_path):
    (october,) = write_samples(tmp_path / "bulletins", range(10, 11))
    (original,) = snapshot_loads([october])
    write_samples(october.parent, range(10, 11), revision=1)  # same file (source), one figure changed
    (corrected,) = snapshot_loads([october])
    assert corrected.document.sha256 != original.document.sha256
    con = store.connect(tmp_path / "wh.duckdb")
    first, second = store.load_snapshots(con, [original, corrected])
    rows = con.execute("SELECT snapshot_id, supersedes, source_no FROM snapshots ORDER BY 1").fetchall()
    current = con.execute("SELECT snapshot_id FROM current_snapshots").fetchall()
    con.close()
    assert (first.created, second.created, second.supersedes) == (True, True, first.snapshot_id)
    assert rows == [(1, None, 1), (2, 1, 1)]
    assert current == [(2,)]


def test_a_bad_bulletin_fails_alone_and_the_rest_of_the_batch_loads(tmp_path):
    paths = write_samples(tmp_path / "bulletins", range(1, 4))
    january, february, march = snapshot_loads(paths)
    # A check row that breaks the table's NOT NULL rule (validation_results.rule) makes February's insert fail.
    broken = pl.DataFrame([{"bulletin": february.source, "rule": None, "severity": "error", "passed": False}],
                          schema=RESULT_SCHEMA)
    february = dataclasses.replace(february, validation=broken)
    warehouse = tmp_path / "wh.duckdb"
    con = store.connect(warehouse)
    results = store.load_snapshots(con, [january, february, march], validation_run="run-1")
    runs = con.execute("SELECT validation_run, snapshot_id, kind, status FROM validation_runs ORDER BY 2").fetchall()
    sources = con.execute("SELECT source FROM snapshots ORDER BY snapshot_id").fetchall()
    con.close()
    assert isinstance(results[1], store.WarehouseError)
    assert february.source in str(results[1]) and "nothing was written" in str(results[1])
    assert [r.created for r in (results[0], results[2])] == [True, True]
    assert sources == [(january.source,), (march.source,)]
    assert runs == [("run-1", results[0].snapshot_id, "load", "passed"), ("run-1", results[2].snapshot_id, "load",
                                                                           "passed")]
    counts = row_counts(warehouse)
    assert (counts["snapshots"], counts["figures"], counts["documents"]) == (2, 24, 2)


def test_an_empty_batch_writes_nothing(tmp_path):
    con = store.connect(tmp_path / "wh.duckdb")
    assert store.load_snapshots(con, []) == []
    assert con.execute("SELECT count(*) FROM snapshots").fetchone() == (0,)
    con.close()
