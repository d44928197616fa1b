"""Late, missing and restated bulletins after a monthly run, on a real HTTP server (127.0.0.1) serving generated
bulletins (samples/generate.py), with the clock given to the flow (`today`)."""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli.app import app
from flows.monthly import monthly
from flows.summary import run_summary
from samples.generate import bulletin_html
from tests.flows.http_helpers import linjiang_sources

pytestmark = pytest.mark.usefixtures("prefect_api")

SOURCES = linjiang_sources(
    "retries = 0\ntask_retries = 0",
    "[source.calendar]\nlag_days = 20  # monthly (default) from the first bulletin loaded on (default): here June 2025",
)


def _serve(server, months: list[int], revised: set[int] = frozenset()) -> str:
    """A listing page linking one bulletin per month (`revised` months in their corrected version, same URL)."""
    server.clear()
    links = "".join(f'<li><a href="/b/2025-{m:02d}.html">临江市2025年市办实事进展情况({m}月)</a></li>' for m in months)
    server.expect_request("/list.html").respond_with_data(
        f"<html><body><ul>{links}</ul></body></html>", content_type="text/html; charset=utf-8"
    )
    for m in months:
        server.expect_request(f"/b/2025-{m:02d}.html").respond_with_data(
            bulletin_html(m, revision=1 if m in revised else 0), content_type="text/html; charset=utf-8"
        )
    return server.url_for("/list.html")


def _run(tmp_path, listing: str, today: dt.date):
    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES.format(listing=listing), encoding="utf-8")
    state = monthly(
        sources_file=str(sources),
        warehouse=str(tmp_path / "w.duckdb"),
        report_dir=str(tmp_path / "reports"),
        today=today,
        return_state=True,
    )
    return state, run_summary(state)


def test_august_never_arrives_september_does_missing_then_october_late_past_its_lag(httpserver, tmp_path):
    listing = _serve(httpserver, [6, 7, 9])

    # 25 October: September arrived, August did not -> missing; October is due 20 November -> on time.
    state, summary = _run(tmp_path, listing, dt.date(2025, 10, 25))
    (fresh,) = summary.freshness
    assert (fresh.source, fresh.status, fresh.latest_as_of, fresh.missing_months, fresh.late_months) == (
        "linjiang-web",
        "on time",
        dt.date(2025, 9, 30),
        (dt.date(2025, 8, 1),),
        (),
    )
    assert (fresh.next_expected_month, fresh.next_due) == (dt.date(2025, 10, 1), dt.date(2025, 11, 20))
    assert state.is_completed() and summary.ok  # a missing month is listed, never fails every later run
    report = open(summary.report_markdown, encoding="utf-8").read()
    assert "2025-08 missing (a later month arrived)" in report

    # The due day itself is within the lag.
    state, summary = _run(tmp_path, listing, dt.date(2025, 11, 20))
    assert summary.freshness[0].status == "on time" and summary.ok

    # 21 November: October is past its lag -> late, and the run needs attention like a failed bulletin.
    state, summary = _run(tmp_path, listing, dt.date(2025, 11, 21))
    (fresh,) = summary.freshness
    assert (fresh.status, fresh.late_months, fresh.days_late) == ("late", (dt.date(2025, 10, 1),), 1)
    assert state.is_failed() and not summary.ok
    assert "source linjiang-web: 2025-10 late (2025-10 due 2025-11-20, 1 day ago)" in state.message
    assert "2025-10 late" in open(summary.report_markdown, encoding="utf-8").read()
    assert "2025-10 late" in open(summary.report_html, encoding="utf-8").read()

    # The view and the status command say the same on the same day (exit 1: something is late).
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    row = con.execute("SELECT status, missing_months, late_months FROM freshness_at(DATE '2025-11-21')").fetchone()
    con.close()
    assert row == ("late", [dt.date(2025, 8, 1)], [dt.date(2025, 10, 1)])
    done = CliRunner().invoke(
        app, ["status", "--warehouse", str(tmp_path / "w.duckdb"), "--json", "--today", "2025-11-21"]
    )
    assert done.exit_code == 1, done.output
    (listed,) = json.loads(done.stdout)
    assert (listed["status"], listed["late_months"], listed["missing_months"], listed["latest_month"]) == (
        "late",
        ["2025-10"],
        ["2025-08"],
        "2025-09",
    )
    done = CliRunner().invoke(app, ["status", "--warehouse", str(tmp_path / "w.duckdb"), "--today", "2025-11-01"])
    assert done.exit_code == 0 and "linjiang-web" in done.stdout and "2025-08 missing" in done.stdout


def test_a_republication_with_one_changed_figure_is_one_restatement_row(httpserver, tmp_path):
    listing = _serve(httpserver, [9, 10])
    _, first = _run(tmp_path, listing, dt.date(2025, 11, 10))
    assert first.restatements == []
    october = {b.source: b.snapshot_id for b in first.bulletins}[httpserver.url_for("/b/2025-10.html")]

    _serve(httpserver, [9, 10], revised={10})  # the same URL now serves the corrected October bulletin
    state, second = _run(tmp_path, listing, dt.date(2025, 11, 10))
    assert state.is_completed(), state.message
    (new,) = [b for b in second.bulletins if b.created]
    (restated,) = second.restatements
    assert (restated.kind, restated.label, restated.as_of, restated.previous_snapshot_id, restated.snapshot_id) == (
        "republished",
        "老旧小区已开工改造",
        dt.date(2025, 10, 31),
        october,
        new.snapshot_id,
    )
    assert restated.describe() == "132个 → 133个, percent 88 → 88.7"
    assert restated.changed == ("value", "pct_of_plan")
    report = open(second.report_markdown, encoding="utf-8").read()
    assert "132个 → 133个, percent 88 → 88.7" in report and "132个老旧小区已开工改造" in report

    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    rows = con.execute(
        "SELECT kind, previous_snapshot_id, snapshot_id, previous_value, value, previous_pct_of_plan, "
        "pct_of_plan, previous_source = source FROM restatements"
    ).fetchall()
    con.close()
    assert [tuple(str(v) if not isinstance(v, (int, bool)) else v for v in r) for r in rows] == [
        ("republished", october, new.snapshot_id, "132.000000", "133.000000", "88.000000", "88.700000", True)
    ]
