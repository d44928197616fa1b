"""The view `restatements` (migration 009): corrected re-publications figure by figure, cumulative falls with both
sentences, and what is not a restatement (the same bytes again, a failed snapshot)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import duckdb

from samples.generate import write_samples
from tests.expectations.test_flow_steps import _run
from tests.warehouse.loading import load_files
from warehouse import store
from warehouse.freshness import restatements


def test_a_cumulative_figure_that_falls_is_listed_with_both_sentences(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    _run(write_samples(tmp_path / "a", range(1, 3)), warehouse, tmp_path / "reports")
    (march,) = _run(write_samples(tmp_path / "b", range(3, 4), fault="falling"), warehouse, tmp_path / "reports")[
        0
    ].values()
    con = store.connect(warehouse)
    try:
        falls = restatements(con, [march.snapshot_id])
        warned = con.execute(
            "SELECT count(*) FROM validation_results WHERE snapshot_id = ? AND NOT passed AND "
            "rule = 'cumulative_not_falling'",
            [march.snapshot_id],
        ).fetchone()[0]
    finally:
        con.close()
    assert len(falls) == warned > 0 and {r.kind for r in falls} == {"cumulative_fall"}
    jobs = next(r for r in falls if r.label == "城镇新增就业")
    # February: 12 万人 × 0.13 = 1.56 万人; the faulty March: 12 × (0.13 - 0.05) = 0.96 万人.
    assert (jobs.previous_as_of, jobs.as_of, jobs.describe()) == (
        dt.date(2025, 2, 28),
        dt.date(2025, 3, 31),
        "1.56万人 → 0.96万人, percent 13 → 8",
    )
    assert "1.56万人" in jobs.previous_sentence and "0.96万人" in jobs.sentence
    assert jobs.previous_snapshot_id == 2 and jobs.snapshot_id == march.snapshot_id


def test_a_corrected_bulletin_at_another_url_restates_and_the_same_bytes_do_not(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    (october, corrected) = write_samples(tmp_path / "b", [10], corrected=10)
    load_files(warehouse, [october, october])  # the same bytes twice: one snapshot, nothing restated
    con = duckdb.connect(str(warehouse))
    assert con.execute("SELECT count(*) FROM restatements").fetchone()[0] == 0
    con.close()
    load_files(warehouse, [corrected], status="failed")  # a failed snapshot is not trusted to restate
    con = duckdb.connect(str(warehouse))
    assert con.execute("SELECT count(*) FROM restatements").fetchone()[0] == 0
    con.close()
    load_files(warehouse, [corrected.rename(corrected.with_name("again.html"))])
    con = store.connect(warehouse)
    try:
        (row,) = restatements(con)
    finally:
        con.close()
    assert (
        row.kind,
        row.item,
        row.previous_value_text,
        row.value_text,
        row.previous_pct_of_plan,
        row.pct_of_plan,
        row.changed,
    ) == ("republished", "4", "132", "133", Decimal("88"), Decimal("88.7"), ("value", "pct_of_plan"))
    assert row.previous_source.endswith("linjiang-2025-10.html") and row.source.endswith("again.html")
