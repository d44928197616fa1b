"""What is late, missing or restated: the publication calendars of the named sources, and read-only queries of the
views `freshness` (migration 008) and `restatements` (migration 009).

The rules live in the SQL (one definition for BI and for the run); this module records the calendars and reads
the views into frozen records for the run summary, the auditor report and the `status` command. "Today" is a
parameter everywhere, so that lateness is reproducible (tests, a report re-rendered later).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Protocol
from zoneinfo import ZoneInfo

import duckdb

PUBLISHER_TIMEZONE = ZoneInfo("Asia/Shanghai")
"""Where the bulletins are published and the monthly deployment is scheduled: a day is a day in this zone."""


def publisher_today(now: dt.datetime | None = None) -> dt.date:
    """The date in Asia/Shanghai at `now` (default: the current time): the "today" lateness is judged on."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(PUBLISHER_TIMEZONE).date()


class Calendar(Protocol):
    """What `record_calendars` reads of a calendar (flows.ingest.sources.PublicationCalendar has it)."""

    lag_days: int

    @property
    def expected_months(self) -> tuple[int, ...]: ...

    @property
    def year_bounds(self) -> tuple[int | None, int | None, tuple[int, ...] | None]: ...

    def describe(self) -> str: ...


def record_calendars(con: duckdb.DuckDBPyConnection, calendars: dict[str, Calendar], sources_file: str | None) -> None:
    """Write each named source's calendar into `source_calendar` (one row per source, replacing that source's
    previous row), in one transaction. Raises duckdb.Error; nothing is written then."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = []
    for name, calendar in calendars.items():
        first, last, listed = calendar.year_bounds
        rows.append(
            (
                name,
                list(calendar.expected_months),
                calendar.lag_days,
                first,
                last,
                list(listed) if listed else None,
                calendar.describe(),
                sources_file,
                now,
            )
        )
    if not rows:
        return
    con.execute("BEGIN")
    try:
        con.executemany("INSERT OR REPLACE INTO source_calendar VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


@dataclass(frozen=True)
class SourceFreshness:
    """One row of the view `freshness` (columns: docs/warehouse.md). Months are first days of the month."""

    source: str
    calendar: str
    lag_days: int
    latest_as_of: dt.date | None
    latest_month: dt.date | None
    next_expected_month: dt.date | None
    next_due: dt.date | None
    status: str
    """late | on time | complete | no bulletins"""
    late_months: tuple[dt.date, ...]
    days_late: int
    missing_months: tuple[dt.date, ...]
    snapshots: int
    checked_on: dt.date
    since_month: dt.date | None = None
    """First month of the window judged (a backfill's --since); None: from the start of the calendar."""
    until_month: dt.date | None = None
    """Last month of the window judged (a backfill's --until); None: up to today."""

    @property
    def late(self) -> bool:
        return bool(self.late_months)

    def window_phrase(self) -> str:
        """ "2025-03 to 2025-06", "from 2025-03", "up to 2025-06"; "" when the whole calendar was judged."""
        if self.since_month and self.until_month:
            return f"{_month(self.since_month)} to {_month(self.until_month)}"
        if self.since_month:
            return f"from {_month(self.since_month)}"
        if self.until_month:
            return f"up to {_month(self.until_month)}"
        return ""

    def late_phrase(self) -> str:
        """ "2025-09, 2025-10 late (2025-09 due 2025-10-20, 46 days ago)"; "" when nothing is late."""
        if not self.late_months:
            return ""
        first_due = _due(self.late_months[0], self.lag_days)
        return (
            f"{', '.join(_month(m) for m in self.late_months)} late ({_month(self.late_months[0])} due "
            f"{first_due.isoformat()}, {self.days_late} day{'s' if self.days_late != 1 else ''} ago)"
        )

    def missing_phrase(self) -> str:
        """ "2025-08 missing (a later month arrived)"; "" when nothing is missing."""
        if not self.missing_months:
            return ""
        return f"{', '.join(_month(m) for m in self.missing_months)} missing (a later month arrived)"

    def row(self) -> dict[str, object]:
        """JSON- and table-friendly: dates as ISO strings, months as YYYY-MM."""
        out = asdict(self)
        for key, value in out.items():
            if key.endswith("_month") and value is not None:
                out[key] = _month(value)
            elif key.endswith("_months"):
                out[key] = [_month(m) for m in value]
            elif isinstance(value, dt.date):
                out[key] = value.isoformat()
        return out


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _due(month: dt.date, lag_days: int) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1) + dt.timedelta(days=lag_days)


def freshness(
    con: duckdb.DuckDBPyConnection,
    today: dt.date,
    sources: list[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[SourceFreshness]:
    """Rows of `freshness_at(today, since, until)` for `sources` (names; None: every source with a recorded
    calendar), by name. `today`: the date lateness is judged on (`publisher_today()` for now); `since`, `until`:
    the first days of the first and last month of the window judged (migration 012; None: unbounded), as a
    backfill over a past window judges only the months it loads."""
    cursor = con.execute(
        "SELECT * FROM freshness_at(?::DATE, since := ?::DATE, until := ?::DATE) "
        "WHERE ? IS NULL OR list_contains(?, source) ORDER BY source",
        [today, since, until, sources, sources],
    )
    names = [d[0] for d in cursor.description]
    out = []
    for values in cursor.fetchall():
        row = dict(zip(names, values))
        row["late_months"] = tuple(row["late_months"])
        row["missing_months"] = tuple(row["missing_months"])
        out.append(SourceFreshness(**row))
    return out


@dataclass(frozen=True)
class Restatement:
    """One row of the view `restatements`: a figure that changed between two snapshots (kind `republished`) or a
    cumulative figure that fell from one bulletin to the next (kind `cumulative_fall`). `changed` names what
    differs: value, pct_of_plan, target."""

    kind: str
    label: str | None
    item: str | None
    metric_key: str
    previous_as_of: dt.date
    as_of: dt.date
    previous_snapshot_id: int
    snapshot_id: int
    previous_source: str
    source: str
    previous_value_text: str
    previous_unit: str
    value_text: str
    unit: str
    previous_pct_of_plan: Decimal | None
    pct_of_plan: Decimal | None
    previous_target: Decimal | None
    previous_target_unit: str | None
    target: Decimal | None
    target_unit: str | None
    changed: tuple[str, ...]
    previous_sentence: str | None
    sentence: str | None

    def describe(self) -> str:
        """ "41.58万人 → 41.68万人, percent 138.6 → 138.9": the value always, percent and target if changed."""
        parts = [f"{self.previous_value_text}{self.previous_unit} → {self.value_text}{self.unit}"]
        if "pct_of_plan" in self.changed:
            parts.append(f"percent {_number(self.previous_pct_of_plan)} → {_number(self.pct_of_plan)}")
        if "target" in self.changed:
            parts.append(
                f"target {_number(self.previous_target)}{self.previous_target_unit or ''} → "
                f"{_number(self.target)}{self.target_unit or ''}"
            )
        return ", ".join(parts)


def _number(value: Decimal | None) -> str:
    if value is None:
        return "none"
    return format(value.normalize(), "f")


def restatements(con: duckdb.DuckDBPyConnection, snapshot_ids: list[int] | None = None) -> list[Restatement]:
    """Rows of the view `restatements` whose (newer) snapshot is in `snapshot_ids` (None: all), ordered by kind,
    as_of, snapshot and figure."""
    columns = ", ".join(Restatement.__dataclass_fields__)
    cursor = con.execute(
        f"SELECT {columns} FROM restatements WHERE ? IS NULL OR list_contains(?, snapshot_id) "
        "ORDER BY kind DESC, as_of, snapshot_id, figure_id",
        [snapshot_ids, snapshot_ids],
    )
    out = []
    for values in cursor.fetchall():
        row = dict(zip(Restatement.__dataclass_fields__, values))
        row["changed"] = tuple(row["changed"])
        out.append(Restatement(**row))
    return out


def check_freshness(
    warehouse: str,
    calendars: dict[str, Calendar] | None,
    sources_file: str | None,
    watched: list[str],
    today: dt.date,
    new_snapshots: list[int],
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> tuple[list[SourceFreshness], list[Restatement]]:
    """Record the sources file's publication `calendars` (source name -> calendar; None: none to record) in the
    warehouse, then read the freshness of the `watched` sources on `today`, inside the window [since, until]
    (first days of months; None: unbounded; see `freshness`), and the restatements made by `new_snapshots`.
    Raises WarehouseError or duckdb.Error."""
    from warehouse import store

    con = store.connect(warehouse)
    try:
        if calendars is not None:
            record_calendars(con, calendars, sources_file)
        return (
            freshness(con, today, watched, since, until) if watched else [],
            restatements(con, new_snapshots) if new_snapshots else [],
        )
    finally:
        con.close()
