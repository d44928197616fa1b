"""Acceptance of issue 6 on the loader and the marts: a year of months, idempotent re-runs, a corrected
re-publication and time travel. Sample bulletins come from samples/generate.py (临江市 2025, 4件8项)."""

from decimal import Decimal

import duckdb
import pytest

from samples.generate import PROGRESS, write_samples
from tests.warehouse.loading import load_files, row_counts
from warehouse import store

JOBS = "临江市/市办实事/2025/1/城镇新增就业/人"
ESTATES = "临江市/市办实事/2025/4/老旧小区已开工改造/个"


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    """Twelve months loaded once into a warehouse; tests that change it copy it first."""
    root = tmp_path_factory.mktemp("year")
    paths = write_samples(root / "bulletins")
    warehouse = root / "wh.duckdb"
    results = load_files(warehouse, paths)
    return root, paths, warehouse, results


def test_twelve_months_give_twelve_trend_points_in_order(year):
    _, _, warehouse, results = year
    assert [r.created for r in results] == [True] * 12
    con = store.connect(warehouse, read_only=True)
    rows = con.execute("SELECT month, as_of, base_value, pct_of_plan, change_since_previous, previous_as_of "
                       "FROM figure_trend WHERE metric_key = ? ORDER BY month", [JOBS]).fetchall()
    con.close()
    assert len(rows) == 12
    assert [r[0].month for r in rows] == list(range(1, 13))
    # 城镇新增就业: 12万人 x the generator's S-curve, in 人
    expected = [(Decimal(12) * share).quantize(Decimal("0.01")) * 10000 for share in PROGRESS]
    assert [r[2] for r in rows] == expected
    assert rows[0][4] is None and rows[0][5] is None
    assert [r[4] for r in rows[1:]] == [b - a for a, b in zip(expected, expected[1:])]
    assert rows[9][3] == Decimal(88)


def test_rerun_with_nothing_new_writes_no_row_anywhere(year, tmp_path):
    _, paths, warehouse, first = year
    copy = tmp_path / "wh.duckdb"
    copy.write_bytes(warehouse.read_bytes())
    before = row_counts(copy)
    again = load_files(copy, paths)
    assert [r.created for r in again] == [False] * 12
    assert [r.snapshot_id for r in again] == [r.snapshot_id for r in first]
    assert row_counts(copy) == before
    assert before["figures"] == 12 * 12 and before["snapshots"] == 12


def test_corrected_republication_supersedes_and_time_travel_shows_the_old_value(year, tmp_path):
    root, paths, warehouse, first = year
    copy = tmp_path / "wh.duckdb"
    copy.write_bytes(warehouse.read_bytes())
    before = row_counts(copy)
    october = paths[9]
    original = october.read_bytes()
    try:
        write_samples(october.parent, range(10, 11), revision=1)  # same file (source), one figure changed
        (corrected,) = load_files(copy, [october])
    finally:
        october.write_bytes(original)
    assert corrected.created and corrected.supersedes == first[9].snapshot_id
    after = row_counts(copy)
    assert after["snapshots"] == before["snapshots"] + 1
    assert after["documents"] == before["documents"] + 1
    assert after["figures"] == before["figures"] + 12

    con = store.connect(copy, read_only=True)
    assert con.execute("SELECT count(DISTINCT source_no) FROM snapshots WHERE snapshot_id IN (?, ?)",
                       [corrected.snapshot_id, first[9].snapshot_id]).fetchone()[0] == 1
    trend = "SELECT value, snapshot_id FROM {} WHERE metric_key = ? AND month = DATE '2025-10-01'"
    assert con.execute(trend.format("figure_trend"), [ESTATES]).fetchall() == [(Decimal(133), corrected.snapshot_id)]
    before_fix = con.execute(trend.format("figure_trend_as_of_snapshot(?)"),
                             [corrected.snapshot_id - 1, ESTATES]).fetchall()
    assert before_fix == [(Decimal(132), first[9].snapshot_id)]
    loaded_at = con.execute("SELECT loaded_at FROM snapshots WHERE snapshot_id = ?",
                            [corrected.snapshot_id]).fetchone()[0]
    by_time = con.execute(trend.format("figure_trend_as_of_time(?)"),
                          [loaded_at - __import__("datetime").timedelta(microseconds=1), ESTATES]).fetchall()
    assert by_time == before_fix
    # the superseded snapshot stays queryable, and current views count each bulletin once
    assert con.execute("SELECT count(*) FROM figures WHERE snapshot_id = ?", [first[9].snapshot_id]).fetchone()[0] == 12
    assert con.execute("SELECT count(*) FROM current_snapshots").fetchone()[0] == 12
    con.close()


def test_failed_snapshot_is_stored_but_kept_out_of_the_marts(year, tmp_path):
    root, paths, _, _ = year
    warehouse = tmp_path / "wh.duckdb"
    load_files(warehouse, paths[:2])
    faulty = write_samples(tmp_path / "faulty", range(3, 4), fault="pct")
    (failed,) = load_files(warehouse, faulty, status="failed")
    con = store.connect(warehouse, read_only=True)
    assert con.execute("SELECT status FROM validation_summary WHERE snapshot_id = ?",
                       [failed.snapshot_id]).fetchone() == ("failed",)
    assert con.execute("SELECT count(*) FROM figure_trend WHERE metric_key = ?", [JOBS]).fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM current_figures WHERE snapshot_id = ?",
                       [failed.snapshot_id]).fetchone()[0] == 0
    con.close()


def test_item_and_category_progress_of_october(year):
    _, _, warehouse, _ = year
    con = store.connect(warehouse, read_only=True)
    items = {r[0]: r[1:] for r in con.execute(
        "SELECT item_no, item_name, figures, figures_with_pct, min_pct_of_plan, reached_plan FROM item_progress "
        "WHERE as_of = DATE '2025-10-31'").fetchall()}
    assert items["3"] == ("学校建设", 2, 1, Decimal(100), True)       # the 其中 part (60 %) is not a headline
    assert items["7"] == ("社区食堂", 2, 2, Decimal("87.5"), False)
    assert items["2"] == ("创业扶持", 2, 0, None, False)
    cats = {r[0]: r[1:] for r in con.execute(
        "SELECT category_no, items, items_with_pct, items_reached_plan, min_pct_of_plan FROM category_progress "
        "WHERE as_of = DATE '2025-10-31'").fetchall()}
    assert cats == {1: (2, 1, 0, Decimal(88)), 2: (1, 1, 1, Decimal(100)), 3: (2, 2, 0, Decimal(88)),
                    4: (3, 2, 0, Decimal("87.5"))}
    december = con.execute("SELECT count(*) FILTER (WHERE reached_plan) FROM item_progress "
                           "WHERE as_of = DATE '2025-12-31'").fetchone()[0]
    assert december == 6  # 104 % everywhere a percent is reported
    con.close()


def test_ambiguous_metric_keys_are_listed_not_merged(tmp_path):
    page = tmp_path / "twice.html"
    page.write_text("<p>截至3月底,2025年临江市办实事进展如下。</p><p>一、稳定就业,城镇新增就业12万人</p>"
                    "<p>1.就业方面,全市城镇新增就业2.6万人,占年计划的21.7%;累计城镇新增就业0.5万人。</p>",
                    encoding="utf-8")
    (loaded,) = load_files(tmp_path / "wh.duckdb", [page])
    con = duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True)
    rows = con.execute("SELECT metric_key, figures, figure_ids FROM ambiguous_metric_keys WHERE snapshot_id = ?",
                       [loaded.snapshot_id]).fetchall()
    keys = con.execute("SELECT count(*) FROM figures WHERE snapshot_id = ?", [loaded.snapshot_id]).fetchone()[0]
    con.close()
    assert keys == 2
    assert [(r[1], len(r[2])) for r in rows] == [(2, 2)]
    assert rows[0][0].endswith("/1/城镇新增就业/人")
