"""Month bounds of a backfill (--since/--until, YYYY-MM): plain functions, no Prefect, so that the command line
checks them before anything heavy is imported."""

from __future__ import annotations

import datetime as dt
import re


def _month(value: str | None, name: str) -> tuple[int, int] | None:
    if not value:
        return None
    match = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", value)  # strptime's %m would also take "2020-1"
    if match is None:
        raise ValueError(f"--{name} must be YYYY-MM, got {value!r}")
    return int(match.group(1)), int(match.group(2))


def in_range(as_of: dt.date | None, since: str | None, until: str | None) -> bool:
    """True when the as-of month lies within [since, until] (YYYY-MM, inclusive, each optional).

    A bulletin without an as-of date is in range only when no bound is given. Raises ValueError for a bound that
    is not YYYY-MM, or for --since after --until (a range that holds no month)."""
    low, high = _month(since, "since"), _month(until, "until")
    if low is not None and high is not None and low > high:
        raise ValueError(f"--since {since} is after --until {until}: no month lies in that range")
    if low is None and high is None:
        return True
    if as_of is None:
        return False
    month = (as_of.year, as_of.month)
    return (low is None or month >= low) and (high is None or month <= high)


def month_start(value: str | None, name: str) -> dt.date | None:
    """The first day of the month YYYY-MM (`name`: since or until, for the message); None for None or "".
    Raises ValueError for a value that is not YYYY-MM."""
    month = _month(value, name)
    return dt.date(month[0], month[1], 1) if month else None
