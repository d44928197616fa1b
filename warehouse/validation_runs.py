"""Validation runs in the warehouse: record a run, store re-validation results, rebuild a stored extraction.

Snapshots stay immutable: re-validating one appends result rows under a new validation run and updates only
`snapshots.status` (migration 001 allows exactly that update). Tables: `validation_runs` and the
`validation_run` column of `validation_results` (migration 007).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import duckdb
import polars as pl

from transforms.extract import parse_document
from transforms.record import FIGURE_SCHEMA, Category, Document, Extraction, Figure, Item, Target
from warehouse.store import WarehouseError


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def record_validation_run(con: duckdb.DuckDBPyConnection, validation_run: str, snapshot_id: int, kind: str,
                          status: str, flow_run_id: str | None, gx_result_path: str | None) -> None:
    """Insert one `validation_runs` row (kind "load" or "revalidate"). Autocommit: a single statement."""
    con.execute("INSERT INTO validation_runs VALUES (?, ?, ?, ?, ?, ?, ?)",
                [validation_run, snapshot_id, kind, _now(), status, flow_run_id, gx_result_path])


def store_revalidation(con: duckdb.DuckDBPyConnection, snapshot_id: int, results: pl.DataFrame, status: str,
                       validation_run: str, gx_result_path: str | None) -> None:
    """In one transaction: append the result rows (expectations.runner.RESULT_SCHEMA, one snapshot), record the
    run and set the snapshot's status. Raises WarehouseError naming the snapshot; nothing is written then."""
    rows = results.drop("bulletin", strict=False).select(pl.lit(snapshot_id, pl.Int32).alias("snapshot_id"), pl.all())
    con.execute("BEGIN")
    try:
        if rows.height:
            con.register("incoming_results", rows.to_arrow())
            con.execute("INSERT INTO validation_results SELECT * FROM incoming_results")
            con.unregister("incoming_results")
        record_validation_run(con, validation_run, snapshot_id, "revalidate", status, None, gx_result_path)
        con.execute("UPDATE snapshots SET status = ? WHERE snapshot_id = ?", [status, snapshot_id])
        con.execute("COMMIT")
    except Exception as exc:
        con.execute("ROLLBACK")
        raise WarehouseError(f"storing the re-validation of snapshot {snapshot_id} failed, nothing was written: "
                             f"{exc}") from exc


def stored_extraction(con: duckdb.DuckDBPyConnection, snapshot_id: int) -> tuple[Extraction, list[str], dict]:
    """Rebuild the Extraction a snapshot was loaded from, out of its stored rows (not by re-extracting: the
    snapshot's figures are what is validated, whatever the current extractor would say).

    Returns (extraction, metric keys in figure order, snapshot row as a dict with source, document_sha256,
    status, as_of …). The achieved-items claim and list are not stored; they are re-read from the stored text
    with `parse_document` (a pure function of the text). Raises WarehouseError when the snapshot does not exist.
    """
    cursor = con.execute("SELECT * FROM snapshots WHERE snapshot_id = ?", [snapshot_id])
    row = cursor.fetchone()
    if row is None:
        raise WarehouseError(f"snapshot {snapshot_id} does not exist; list snapshots with "
                             "`SELECT snapshot_id, source, as_of FROM snapshots`")
    snapshot = dict(zip([d[0] for d in cursor.description], row))
    text = con.execute("SELECT text FROM documents WHERE sha256 = ?", [snapshot["document_sha256"]]).fetchone()[0]
    parsed = parse_document(text)
    document = Document(region=snapshot["region"], program=snapshot["program"],
                        program_year=snapshot["program_year"], as_of=snapshot["as_of"],
                        period_text=snapshot["period_text"], published=snapshot["published"],
                        categories_total=snapshot["categories_claimed"], items_total=snapshot["items_claimed"],
                        items_achieved_claimed=parsed.items_achieved_claimed,
                        achieved_item_names=parsed.achieved_item_names)
    targets: dict[int, list[Target]] = {}
    for no, label, value, unit, qualifier in con.execute(
            "SELECT category_no, label, value, unit, qualifier FROM category_targets WHERE snapshot_id = ? "
            "ORDER BY rowid", [snapshot_id]).fetchall():
        targets.setdefault(no, []).append(Target(label, Decimal(value), unit, qualifier))
    categories = [Category(no, title, tuple(targets.get(no, ()))) for no, title in con.execute(
        "SELECT category_no, title FROM categories WHERE snapshot_id = ? ORDER BY rowid", [snapshot_id]).fetchall()]
    items = [Item(no, category, name or "", 0, 0) for no, category, name in con.execute(
        "SELECT item_no, category_no, name FROM items WHERE snapshot_id = ? ORDER BY rowid", [snapshot_id]).fetchall()]
    columns = ", ".join(f'"{c}"' for c in FIGURE_SCHEMA)
    cursor = con.execute(f"SELECT metric_key, {columns} FROM figures WHERE snapshot_id = ? ORDER BY id",
                         [snapshot_id])
    keys, figures = [], []
    for record in cursor.fetchall():
        keys.append(record[0])
        figures.append(Figure(*record[1:]))
    return Extraction(text=text, document=document, categories=categories, items=items, figures=figures,
                      extractor_version=snapshot["extractor_version"]), keys, snapshot
