"""The views `freshness` and `expected_bulletins` (migration 008) against publication calendars: cadences, explicit
months, years in scope, the lag boundary. Bulletins are generated (samples/generate.py), loaded without Prefect,
and tied to their named source by fetch-log rows as the crawler writes them."""

from __future__ import annotations

import datetime as dt

import pytest

from flows.ingest.sources import PublicationCalendar
from samples.generate import write_samples
from tests.warehouse.loading import snapshot_loads
from warehouse import store
from warehouse.archive import FetchLog, FetchLogEntry
from warehouse.freshness import freshness, record_calendars


def _load(con, source: str, paths) -> None:
    """Load `paths` as the crawler of source `source` would have: a fetch-log row per bulletin, then a snapshot."""
    log = FetchLog(con)
    for load in snapshot_loads(paths):
        log.record(
            FetchLogEntry(
                url=load.source, source=source, kind="bulletin", outcome="fetched", sha256=load.document.sha256
            )
        )
        store.load_snapshot(con, load.document, load.source, load.extraction, load.status, load.validation)


@pytest.fixture
def con(tmp_path):
    con = store.connect(tmp_path / "w.duckdb")
    yield con
    con.close()


def _month(month: int, year: int = 2025) -> dt.date:
    return dt.date(year, month, 1)


def test_quarterly_source_missing_quarter_and_late_after_the_lag(tmp_path, con):
    _load(con, "quarterly", write_samples(tmp_path / "q", [3, 9]))
    record_calendars(con, {"quarterly": PublicationCalendar(cadence="quarterly", lag_days=15)}, None)

    (fresh,) = freshness(con, dt.date(2025, 10, 10))
    assert (fresh.status, fresh.latest_as_of, fresh.missing_months, fresh.late_months) == (
        "on time",
        dt.date(2025, 9, 30),
        (_month(6),),
        (),
    )
    assert (fresh.next_expected_month, fresh.next_due, fresh.snapshots) == (_month(12), dt.date(2026, 1, 15), 2)
    assert fresh.calendar == "quarterly, 15 days after the month end, years from the first bulletin"

    assert freshness(con, dt.date(2026, 1, 15))[0].status == "on time"  # the due day is within the lag
    late = freshness(con, dt.date(2026, 1, 16))[0]
    assert (late.status, late.late_months, late.days_late) == ("late", (_month(12),), 1)
    assert late.late_phrase() == "2025-12 late (2025-12 due 2026-01-15, 1 day ago)"
    # Quarters after December wait for their own due dates (open-ended years).
    assert freshness(con, dt.date(2026, 4, 15))[0].late_months == (_month(12),)
    assert freshness(con, dt.date(2026, 4, 16))[0].late_months == (_month(12), _month(3, 2026))


def test_explicit_months_and_the_states_of_expected_bulletins(tmp_path, con):
    _load(con, "selected", write_samples(tmp_path / "m", [3, 9, 10]))
    record_calendars(con, {"selected": PublicationCalendar(months=[12, 3, 6, 9, 10], lag_days=20)}, None)
    rows = con.execute(
        "SELECT month, due, state FROM expected_bulletins_at(DATE '2025-11-05') WHERE year(month) = 2025 ORDER BY month"
    ).fetchall()
    assert rows == [
        (_month(3), dt.date(2025, 4, 20), "arrived"),
        (_month(6), dt.date(2025, 7, 20), "missing"),
        (_month(9), dt.date(2025, 10, 20), "arrived"),
        (_month(10), dt.date(2025, 11, 20), "arrived"),
        (_month(12), dt.date(2026, 1, 20), "pending"),
    ]
    (fresh,) = freshness(con, dt.date(2025, 11, 5))
    assert (fresh.status, fresh.missing_months, fresh.next_expected_month) == ("on time", (_month(6),), _month(12))


def test_configured_years_expect_bulletins_before_the_first_one_and_end_with_the_last_year(tmp_path, con):
    record_calendars(
        con, {"nothing-yet": PublicationCalendar(years=[2025]), "unknown-start": PublicationCalendar()}, None
    )
    rows = {f.source: f for f in freshness(con, dt.date(2025, 5, 1))}
    # Monthly, 30 days: January was due 2 March, February 30 March, March 30 April; April is not due yet.
    assert (rows["nothing-yet"].status, rows["nothing-yet"].late_months, rows["nothing-yet"].days_late) == (
        "late",
        (_month(1), _month(2), _month(3)),
        60,
    )
    # No years and nothing loaded: nothing is known to be expected.
    assert (rows["unknown-start"].status, rows["unknown-start"].late_months) == ("no bulletins", ())

    _load(con, "nothing-yet", write_samples(tmp_path / "y", range(1, 13)))
    (done,) = freshness(con, dt.date(2027, 6, 1), ["nothing-yet"])
    assert (done.status, done.late_months, done.missing_months, done.next_expected_month) == ("complete", (), (), None)


def test_the_view_judges_on_today_in_shanghai_and_a_new_calendar_replaces_the_old(tmp_path, con):
    _load(con, "s", write_samples(tmp_path / "s", [1]))
    record_calendars(con, {"s": PublicationCalendar(lag_days=10)}, "a.toml")
    record_calendars(con, {"s": PublicationCalendar(cadence="quarterly", lag_days=20)}, "b.toml")
    assert con.execute("SELECT months, lag_days, sources_file FROM source_calendar").fetchall() == [
        ([3, 6, 9, 12], 20, "b.toml")
    ]
    today = con.execute("SELECT (now() AT TIME ZONE 'Asia/Shanghai')::DATE").fetchone()[0]
    assert con.execute("SELECT checked_on FROM freshness").fetchone()[0] == today
