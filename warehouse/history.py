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
        table = con.sql(
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
            """, params=[before, before, exclude_snapshot, exclude_snapshot]).to_arrow_table()
        # Arrow, not Python tuples: a reprocess batch reads a few hundred thousand earlier figures. The whole table
        # is read before unregister() (DuckDB 2.0 refuses it while a result is unfinished).
    finally:
        con.unregister("wanted_keys")
    frame = pl.DataFrame(table)
    frame = frame.cast({"metric_key": pl.String, "as_of": pl.Date, "source": pl.String,
                        "base_value": HISTORY_SCHEMA["base_value"], "base_unit": pl.String,
                        "target": HISTORY_SCHEMA["base_value"], "target_unit": pl.String})
    return _with_target_base(frame)


def _with_target_base(frame: pl.DataFrame) -> pl.DataFrame:
    """`target_base`: each stated target in base units (`transforms.numbers.to_base`, Decimal arithmetic), computed
    once per distinct (target, unit): a programme's targets repeat every month."""
    from transforms.numbers import to_base

    pairs = frame.select("target", "target_unit").unique().filter(
        pl.col("target").is_not_null() & (pl.col("target_unit").fill_null("") != ""))
    bases = pairs.with_columns(pl.Series("target_base", [
        to_base(t, u)[0] for t, u in zip(pairs["target"].to_list(), pairs["target_unit"].to_list())],
        dtype=HISTORY_SCHEMA["target_base"]))
    return (frame.join(bases, on=["target", "target_unit"], how="left", maintain_order="left")
            .select(list(HISTORY_SCHEMA)).cast(HISTORY_SCHEMA))
