"""Read-only query for the auditor report: every stored figure of some snapshots with its evidence sentence and the
checks of its snapshot's latest validation run, so the report ties every number to the sentence it came from.

A backfill keeps only failed check rows in memory (transforms.stages.slim); the stored rows are the complete
record, so the report's figure listing reads them here, once per run, after the load.
"""

from __future__ import annotations

import duckdb
import polars as pl

FIGURE_EVIDENCE_SCHEMA = pl.Schema(
    {
        "snapshot_id": pl.Int32(),
        "id": pl.String(),
        "item": pl.String(),
        "label": pl.String(),
        "value_text": pl.String(),
        "unit": pl.String(),
        "pct_text": pl.String(),
        "target": pl.Decimal(38, 6),
        "target_unit": pl.String(),
        "target_source": pl.String(),
        "start": pl.Int32(),
        "end": pl.Int32(),
        "sentence": pl.String(),
        "sentence_start": pl.Int32(),
        "passed_rules": pl.List(pl.String()),
        "failed_rules": pl.List(pl.Struct({"severity": pl.String(), "rule": pl.String()})),
    }
)
"""One row per figure: the figure as written (value_text and unit, pct_text, stated target), its evidence (start,
end and the sentence starting at sentence_start, offsets into documents.text), and the rules its snapshot's latest
validation run checked on it: passed_rules (names, sorted) and failed_rules (severity and name, sorted)."""


def figures_with_checks(con: duckdb.DuckDBPyConnection, snapshot_ids: list[int]) -> pl.DataFrame:
    """Every figure of `snapshot_ids` (FIGURE_EVIDENCE_SCHEMA), ordered by snapshot and text position; figures no
    check row names have empty rule lists. An empty frame for no ids. Raises duckdb.Error."""
    if not snapshot_ids:
        return pl.DataFrame(schema=FIGURE_EVIDENCE_SCHEMA)
    frame = pl.from_arrow(
        con.sql(
            """
        WITH wanted AS (SELECT unnest(?::INTEGER[]) AS snapshot_id),
        checks AS (
            SELECT r.snapshot_id, r.figure_id,
                   list(r.rule ORDER BY r.rule) FILTER (WHERE r.passed) AS passed_rules,
                   list({'severity': r.severity, 'rule': r.rule} ORDER BY r.rule) FILTER (WHERE NOT r.passed)
                       AS failed_rules
            FROM latest_validation_results AS r
            WHERE r.snapshot_id IN (SELECT snapshot_id FROM wanted) AND r.figure_id IS NOT NULL
            GROUP BY ALL
        )
        SELECT f.snapshot_id, f.id, f.item, f.label, f.value_text, f.unit, f.pct_text, f.target, f.target_unit,
               f.target_source, f."start", f."end", f.sentence, f.sentence_start,
               coalesce(c.passed_rules, []) AS passed_rules, coalesce(c.failed_rules, []) AS failed_rules
        FROM figures AS f
        LEFT JOIN checks AS c ON c.snapshot_id = f.snapshot_id AND c.figure_id = f.id
        WHERE f.snapshot_id IN (SELECT snapshot_id FROM wanted)
        ORDER BY f.snapshot_id, f."start", f.id
        """,
            params=[list(snapshot_ids)],
        ).to_arrow_table()
    )
    assert isinstance(frame, pl.DataFrame)
    return frame.cast(FIGURE_EVIDENCE_SCHEMA)


def stored_figures(warehouse: str, snapshot_ids: list[int]) -> pl.DataFrame:
    """`figures_with_checks` on the warehouse file `warehouse` (opened read-write: the run's writer has closed it).
    Raises WarehouseError or duckdb.Error."""
    from warehouse import store

    con = store.connect(warehouse)
    try:
        return figures_with_checks(con, snapshot_ids)
    finally:
        con.close()
