"""The validate and load steps of the monthly flow, called as plain functions (`task.fn`, no Prefect server):
severity decides the stored status, history comes from the warehouse across runs, every run is recorded."""

from __future__ import annotations

import json

import duckdb

from flows.ingest.fetch import fetch
from expectations.batch import validate_batch
from warehouse.batch import load_snapshots
from samples.generate import write_samples
from transforms.extract import extract_text
from transforms.text import bulletin_text


def _run(paths, warehouse, report_dir):
    """One flow run's validate + load steps over `paths`; returns {source: BulletinReport}."""
    fetched = {str(p): fetch(str(p)) for p in paths}
    fetched = {f.source: f for f in fetched.values()}
    extracted = {s: extract_text(bulletin_text(f.text)) for s, f in fetched.items()}
    outcome, gx_path = validate_batch(extracted, str(warehouse), str(report_dir))
    reports = load_snapshots(str(warehouse), fetched, extracted, outcome, "flow-run", gx_path)
    return reports, outcome, gx_path


def test_falling_month_in_a_later_run_is_warned_and_faults_fail(tmp_path):
    warehouse, reports_dir = tmp_path / "wh.duckdb", tmp_path / "reports"
    first, _, _ = _run(write_samples(tmp_path / "a", range(1, 3)), warehouse, reports_dir)
    assert {r.status for r in first.values()} == {"passed"}

    falling = write_samples(tmp_path / "b", range(3, 4), fault="falling")
    broken = write_samples(tmp_path / "c", range(5, 6), fault="part")
    second, outcome, gx_path = _run(falling + broken, warehouse, reports_dir)
    by_name = {s.rsplit("/", 1)[-1]: r for s, r in second.items()}
    assert by_name["linjiang-2025-03.html"].status == "warned"  # compared with month 2 of the first run
    assert by_name["linjiang-2025-05.html"].status == "failed"

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        statuses = dict(con.execute("SELECT snapshot_id, status FROM snapshots").fetchall())
        current = {row[0] for row in con.execute("SELECT snapshot_id FROM current_snapshots").fetchall()}
        failed_id = by_name["linjiang-2025-05.html"].snapshot_id
        assert statuses[failed_id] == "failed" and failed_id not in current  # stored, out of current views
        assert by_name["linjiang-2025-03.html"].snapshot_id in current
        runs = con.execute("SELECT validation_run, kind, status, flow_run_id, gx_result_path FROM validation_runs "
                           "WHERE snapshot_id = ?", [failed_id]).fetchall()
        assert runs == [(outcome.run_id, "load", "failed", "flow-run", gx_path)]
        stored_runs = {r[0] for r in con.execute("SELECT DISTINCT validation_run FROM validation_results "
                                                 "WHERE snapshot_id = ?", [failed_id]).fetchall()}
        assert stored_runs == {outcome.run_id}
        warnings = con.execute("SELECT count(*) FROM validation_results WHERE snapshot_id = ? AND NOT passed AND "
                               "rule = 'cumulative_not_falling'",
                               [by_name["linjiang-2025-03.html"].snapshot_id]).fetchone()[0]
        assert warnings > 0
    finally:
        con.close()
    assert json.loads(open(gx_path, encoding="utf-8").read())["validation_run"] == outcome.run_id
