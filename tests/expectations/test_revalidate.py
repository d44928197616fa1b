"""Severity semantics in the warehouse, cross-snapshot history read before loading, and `revalidate`."""

from __future__ import annotations

import hashlib
import json
import duckdb
import polars as pl
from expectations.runner import RESULT_SCHEMA
from samples.generate import bulletin_html
from transforms.checks import batch_check_frames
from transforms.extract import extract
from transforms.record import EXTRACTOR_VERSION
from warehouse import store
from warehouse.history import previous_figures
from warehouse.validation_runs import record_validation_run, stored_extraction


def _load(con, name: str, page: str, outcome=None, status="passed"):
    x = extract(page)
    sha = hashlib.sha256(page.encode()).hexdigest()
    doc = store.ArchivedDocument(sha, name, "text/html", "utf-8", "meta", len(page), x.text)
    results = (outcome.results.filter(pl.col("bulletin") == name) if outcome is not None
               else pl.DataFrame(schema=RESULT_SCHEMA))
    loaded = store.load_snapshot(con, doc, name, x, status, results)
    if outcome is not None:
        record_validation_run(con, outcome.run_id, loaded.snapshot_id, "load", status, None, "gx.json")
    return loaded.snapshot_id, x


def _cli(*args):
    """The command in this process (typer's runner): GX is already imported here, a subprocess would import it
    again (3-13 s). tests/flows/test_cli.py covers the command as a separate process."""
    from typer.testing import CliRunner

    from flows.cli.app import app

    return CliRunner().invoke(app, list(args))


def test_history_from_the_warehouse_and_revalidate_updates_only_status(tmp_path):
    """Month 2 is in the warehouse; month 3 (falling) is validated against it before loading -> warned. A stale
    snapshot loaded as passed with a broken percent is re-validated -> failed, out of current views, new rows."""
    from expectations.runner import validate

    warehouse = tmp_path / "wh.duckdb"
    con = store.connect(warehouse)
    try:
        feb, _ = _load(con, "feb", bulletin_html(2))
        march = extract(bulletin_html(3, "falling"))
        keys = store.metric_keys(march)
        history = previous_figures(con, keys, march.document.as_of)
        assert set(history["source"]) == {"feb"} and history.height > 0
        outcome = validate(batch_check_frames({"march": march}, {"march": keys}, history))
        assert outcome.status_of("march") == "warned"
        falling = outcome.results.filter(~pl.col("passed"))
        assert set(falling["rule"]) == {"cumulative_not_falling"} and "feb" in falling["message"][0]
        march_id, _ = _load(con, "march", bulletin_html(3, "falling"), outcome, "warned")
        # Loaded before a rule existed: a wrong percent stored as passed, with no result rows.
        stale_page = bulletin_html(4, "pct")
        stale_id, stale = _load(con, "april", stale_page)
        figures_before = con.execute("SELECT * FROM figures WHERE snapshot_id = ? ORDER BY id", [stale_id]).fetchall()
        rebuilt, stored_keys, _ = stored_extraction(con, stale_id)
        assert [f.value for f in rebuilt.figures] == [f.value for f in stale.figures]
        assert stored_keys == store.metric_keys(stale)
        assert con.execute("SELECT count(*) FROM current_snapshots WHERE snapshot_id = ?", [stale_id]).fetchone()[0] == 1
    finally:
        con.close()

    done = _cli("revalidate", str(stale_id), "--warehouse", str(warehouse), "--report-dir", str(tmp_path / "r"))
    assert done.exit_code == 1, done.output
    assert f"snapshot {stale_id} (april): passed -> failed" in done.stdout

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("SELECT status FROM snapshots WHERE snapshot_id = ?", [stale_id]).fetchone()[0] == "failed"
        assert con.execute("SELECT count(*) FROM current_snapshots WHERE snapshot_id = ?", [stale_id]).fetchone()[0] == 0
        assert con.execute("SELECT * FROM figures WHERE snapshot_id = ? ORDER BY id", [stale_id]).fetchall() == \
            figures_before
        run, kind, gx_path = con.execute("SELECT validation_run, kind, gx_result_path FROM validation_runs "
                                         "WHERE snapshot_id = ?", [stale_id]).fetchone()
        assert kind == "revalidate"
        assert json.loads(open(gx_path, encoding="utf-8").read())["validation_run"] == run
        errors = con.execute("SELECT rule, figure_id, reported, expected FROM validation_results WHERE snapshot_id = ? "
                             "AND validation_run = ? AND NOT passed AND severity = 'error'", [stale_id, run]).fetchall()
        assert errors == [("pct_matches_stated_target", "F001", "76", "31")]
        # The stale month compares with march (latest earlier non-failed snapshot): it grew, no warning.
        assert con.execute("SELECT count(*) FROM validation_results WHERE snapshot_id = ? AND rule = "
                           "'cumulative_not_falling' AND passed", [stale_id]).fetchone()[0] > 0
        summary = con.execute("SELECT status, errors FROM validation_summary WHERE snapshot_id = ?",
                              [stale_id]).fetchone()
        assert summary == ("failed", 1)
        assert con.execute("SELECT status FROM snapshots WHERE snapshot_id = ?", [march_id]).fetchone()[0] == "warned"
    finally:
        con.close()
    # The auditor's report of this revalidation: the failed check with its sentence, naming the run.
    report = (tmp_path / "r" / f"revalidate-{run}.html").read_text(encoding="utf-8")
    assert f"revalidation {run} of snapshot {stale_id} (status passed -&gt; failed)" in report
    assert "pct_matches_stated_target" in report and "<mark>" in report
    assert f"extractor {EXTRACTOR_VERSION}" in report  # the version that extracted the stored figures
    assert "already loaded" not in report  # this run did check it
    assert f"report: {tmp_path / 'r' / f'revalidate-{run}.html'}" in done.stdout
    # Republished: BI tools reading the published copy no longer see the failed snapshot as current either.
    published = tmp_path / "published" / "warehouse.duckdb"
    assert f"published for BI: {published}" in done.stdout
    con = duckdb.connect(str(published), read_only=True)
    try:
        assert con.execute("SELECT status FROM snapshots WHERE snapshot_id = ?", [stale_id]).fetchone()[0] == "failed"
        assert con.execute("SELECT count(*) FROM current_snapshots WHERE snapshot_id = ?", [stale_id]).fetchone()[0] == 0
    finally:
        con.close()


def test_revalidate_names_a_missing_snapshot(tmp_path):
    store.connect(tmp_path / "wh.duckdb").close()
    done = _cli("revalidate", "99", "--warehouse", str(tmp_path / "wh.duckdb"), "--report-dir", str(tmp_path))
    assert done.exit_code == 1
    assert "snapshot 99 does not exist" in done.stderr
