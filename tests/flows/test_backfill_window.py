"""A backfill over a past window (--since/--until) judges freshness inside that window only: months before it are
not missing and months after it not late. A named source with a listing page on a real HTTP server (127.0.0.1)
serving generated bulletins (samples/generate.py): January to December 2025 without August, like the samples."""

from __future__ import annotations

import datetime as dt

import pytest

from flows.backfill import backfill
from flows.summary import run_summary, summary_lines
from samples.generate import bulletin_html
from tests.flows.http_helpers import linjiang_sources

pytestmark = pytest.mark.usefixtures("prefect_api")

SOURCES = linjiang_sources("retries = 0\ntask_retries = 0", "[source.calendar]\nlag_days = 20\nyears = [2025]")

TODAY = dt.date(2026, 12, 6)  # a year after the programme: every month of 2025 is long past due


def _serve(server, months: list[int]) -> str:
    links = "".join(f'<li><a href="/b/2025-{m:02d}.html">临江市2025年市办实事进展情况({m}月)</a></li>' for m in months)
    server.expect_request("/list.html").respond_with_data(
        f"<html><body><ul>{links}</ul></body></html>", content_type="text/html; charset=utf-8"
    )
    for m in months:
        server.expect_request(f"/b/2025-{m:02d}.html").respond_with_data(
            bulletin_html(m), content_type="text/html; charset=utf-8"
        )
    return server.url_for("/list.html")


def _backfill(tmp_path, since: str, until: str):
    state = backfill(
        sources=["linjiang-web"],
        since=since,
        until=until,
        sources_file=str(tmp_path / "sources.toml"),
        warehouse=str(tmp_path / "w.duckdb"),
        report_dir=str(tmp_path / "reports"),
        today=TODAY,
        workers=0,
        return_state=True,
    )
    return state, run_summary(state)


def test_a_backfill_of_a_past_window_judges_only_the_months_of_the_window(httpserver, tmp_path):
    listing = _serve(httpserver, [m for m in range(1, 13) if m != 8])
    (tmp_path / "sources.toml").write_text(SOURCES.format(listing=listing), encoding="utf-8")

    # March to June: all four arrive. January and February (before) are not missing, July on (after) not late.
    state, summary = _backfill(tmp_path, "2025-03", "2025-06")
    (fresh,) = summary.freshness
    assert (fresh.status, fresh.latest_as_of, fresh.late_months, fresh.missing_months, fresh.snapshots) == (
        "complete",
        dt.date(2025, 6, 30),
        (),
        (),
        4,
    )
    assert (fresh.since_month, fresh.until_month, fresh.next_expected_month) == (
        dt.date(2025, 3, 1),
        dt.date(2025, 6, 1),
        None,
    )
    assert state.is_completed() and summary.ok, summary.problems
    assert "freshness linjiang-web (2025-03 to 2025-06): complete; latest 2025-06, next none due -" in summary_lines(
        summary
    )
    report = open(summary.report_markdown, encoding="utf-8").read()
    assert "Only the months 2025-03 to 2025-06 are judged" in report

    # July to September: August never published is missing (September arrived); still not late, nothing after it.
    state, summary = _backfill(tmp_path, "2025-07", "2025-09")
    (fresh,) = summary.freshness
    assert (fresh.status, fresh.latest_as_of, fresh.late_months, fresh.missing_months, fresh.snapshots) == (
        "complete",
        dt.date(2025, 9, 30),
        (),
        (dt.date(2025, 8, 1),),
        2,
    )
    assert state.is_completed() and summary.ok, summary.problems


def test_a_window_whose_last_months_never_came_is_late_inside_the_window(httpserver, tmp_path):
    """The window still judges its own months: November and December were never published and nothing later
    arrived, so they are late, and the run ends Failed naming them (the months after the window are not judged)."""
    listing = _serve(httpserver, list(range(1, 11)))
    (tmp_path / "sources.toml").write_text(SOURCES.format(listing=listing), encoding="utf-8")
    state, summary = _backfill(tmp_path, "2025-09", "2025-12")
    (fresh,) = summary.freshness
    assert (fresh.status, fresh.latest_as_of, fresh.late_months, fresh.missing_months) == (
        "late",
        dt.date(2025, 10, 31),
        (dt.date(2025, 11, 1), dt.date(2025, 12, 1)),
        (),
    )
    assert state.is_failed() and not summary.ok
    assert "2025-11, 2025-12 late (2025-11 due 2025-12-20, 351 days ago)" in fresh.late_phrase()
