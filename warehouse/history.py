"""Read-only query for the cross-snapshot validation rules: earlier observations of the same figures.

The rules "a cumulative figure does not fall" and "a stated target does not change" (DESIGN.md, warning level)
compare a bulletin with the previous bulletins of the same programme year. This module reads those from the
warehouse before the new snapshots are loaded; `transforms.checks.with_history` does the comparison.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from transforms.checks import HISTORY_SCHEMA


def previous_figures(con: duckdb.DuckDBPyConnection, metric_keys: list[str], before: dt.date | None,
                     exclude_snapshot: int | None = None) -> pl.DataFrame:
    """Figures of non-failed snapshots whose metric_key is in `metric_keys` and whose as_of is before `before`
    (all dates when None), as HISTORY_SCHEMA rows (values and targets in base units).

    A metric_key fixes region, programme, programme year, item, label and base unit, so the rows are the same
    programme year's figures. Per source only the latest snapshot counts (a corrected re-publication replaces its
    first version). `exclude_snapshot` leaves out the snapshot being re-validated. Failed snapshots are left out:
    their numbers are not trusted enough to judge others by.
    """
    keys = sorted(set(k for k in metric_keys if k))
    if not keys:
        return pl.DataFrame(schema=HISTORY_SCHEMA)
    con.register("wanted_keys", pl.DataFrame({"metric_key": keys}).to_arrow())
    try:
        cursor = con.execute(
            """
            WITH latest AS (
                SELECT snapshot_id, source, as_of
                FROM snapshots
                WHERE status <> 'failed' AND as_of IS NOT NULL AND (? IS NULL OR as_of < ?)
                  AND (? IS NULL OR snapshot_id <> ?)
                QUALIFY row_number() OVER (PARTITION BY source ORDER BY snapshot_id DESC) = 1
            )
            SELECT f.metric_key, l.as_of, l.source, f.base_value, f.base_unit, f.target, f.target_unit
            FROM figures AS f
            JOIN latest AS l USING (snapshot_id)
            JOIN wanted_keys AS w USING (metric_key)
            ORDER BY l.as_of, l.source, f.id
            """, [before, before, exclude_snapshot, exclude_snapshot])
        # fetchall() finishes the result (DuckDB 2.0 refuses unregister() while a result is unfinished).
        rows = cursor.fetchall()
    finally:
        con.unregister("wanted_keys")
    frame = pl.DataFrame(rows, schema={"metric_key": pl.String, "as_of": pl.Date, "source": pl.String,
                                       "base_value": HISTORY_SCHEMA["base_value"], "base_unit": pl.String,
                                       "target": HISTORY_SCHEMA["base_value"], "target_unit": pl.String}, orient="row")
    return _with_target_base(frame)


def _with_target_base(frame: pl.DataFrame) -> pl.DataFrame:
    from transforms.numbers import to_base

    targets = [to_base(t, u)[0] if t is not None and u else None
               for t, u in zip(frame["target"].to_list(), frame["target_unit"].to_list())]
    return (frame.with_columns(pl.Series("target_base", targets, dtype=HISTORY_SCHEMA["target_base"]))
            .select(list(HISTORY_SCHEMA)).cast(HISTORY_SCHEMA))
