"""The DuckDB warehouse: migrations, the snapshot loader, metric keys.

Append-only: a load inserts one snapshot and its rows in one explicit transaction (DuckDB 2.0 runs a
multi-statement string in autocommit, so every statement runs separately between BEGIN and COMMIT); a crash in
the middle leaves nothing. Only `snapshots.status` is ever updated (re-validation).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlparse

import duckdb
import polars as pl

from transforms.record import Extraction, figures_frame


PAUSE_IN_LOAD_ENV = "PROGRESS_WAREHOUSE_TEST_PAUSE_IN_LOAD_S"
"""Test hook, unset in production: seconds to sleep inside the load transaction before each table insert,
after announcing "paused inside load" on stderr, so a test can kill the process mid-load reliably
(tests/warehouse/test_crash.py). Reading it costs one dict lookup per table."""


def _pause_inside_transaction(source: str, table: str) -> None:
    seconds = os.environ.get(PAUSE_IN_LOAD_ENV)
    if seconds:
        print(f"paused inside load of {source} before {table}", file=sys.stderr, flush=True)
        time.sleep(float(seconds))


class WarehouseError(Exception):
    """A warehouse file cannot be opened or written; the message names the file and what to do."""


@dataclass(frozen=True)
class ArchivedDocument:
    """The bytes a bulletin was read from, as archived: content address, origin, decoding, normalised text."""

    sha256: str
    url: str
    content_type: str | None
    encoding: str | None
    encoding_source: str | None
    size: int
    text: str


@dataclass(frozen=True)
class LoadResult:
    """Outcome of one load: the snapshot id and whether this call created it (False: already loaded)."""

    snapshot_id: int
    created: bool
    supersedes: int | None


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and for writers, create and migrate) the warehouse file.

    Raises WarehouseError naming the file when another process holds it (DuckDB allows one writer or many readers;
    a BI tool holding the file blocks the writer: point BI tools at the published read-only copy instead).
    """
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.exists():
        raise WarehouseError(f"warehouse {path} does not exist; run `progress-warehouse run` first")
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        raise WarehouseError(f"cannot open warehouse {path}: {exc}. Another process holds it; close BI tools "
                             "connected to this file (they should open the published copy).") from exc
    if not read_only:
        migrate(con)
    return con


def _statements(script: str) -> list[str]:
    without_comments = re.sub(r"--[^\n]*", "", script)
    return [s.strip() for s in without_comments.split(";") if s.strip()]


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply the numbered SQL files of warehouse/migrations not yet recorded in schema_version, each in one
    transaction. Returns the versions applied now."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMP NOT NULL)")
    done = {row[0] for row in con.execute("SELECT version FROM schema_version").fetchall()}
    applied = []
    files = sorted((f for f in resources.files("warehouse").joinpath("migrations").iterdir() if f.name.endswith(".sql")),
                   key=lambda f: f.name)
    for file in files:
        version = int(file.name.split("_", 1)[0])
        if version in done:
            continue
        con.execute("BEGIN")
        try:
            for statement in _statements(file.read_text(encoding="utf-8")):
                con.execute(statement)
            con.execute("INSERT INTO schema_version VALUES (?, ?, ?)", [version, file.name, _now()])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def normalise_label(label: str | None) -> str:
    """Label reduced for keys: no spaces, quotes or brackets, no leading 已/累计/全市 words."""
    label = re.sub(r"[\s\"“”‘’'()()【】\[\]]", "", label or "")
    return re.sub(r"^(?:已经|已|累计|全市|全县|全区|共)+", "", label)


def metric_keys(extraction: Extraction, source: str | None = None) -> list[str]:
    """A key per figure that follows the same figure from month to month of a programme year:
    region/program/program_year/item/normalised label/base unit.

    Where the text names no region ("我市"), the region part is "?" plus where the bulletin came from (the URL's
    host, or the file's folder), so programmes of different places never share a series.
    Limits: a figure whose label is reworded between months gets a new key; two figures of one item with the
    same label and unit share a key (listed by the `ambiguous_metric_keys` view, never merged).
    """
    doc = extraction.document
    region = doc.region or f"?{_origin(source)}"
    head = f"{region}/{doc.program or '?'}/{doc.program_year or '?'}"
    return [f"{head}/{f.item or '-'}/{normalise_label(f.label)}/{f.base_unit or f.unit}" for f in extraction.figures]


def _origin(source: str | None) -> str:
    """The site (URL host) or folder a bulletin came from; "" when unknown."""
    if not source:
        return ""
    parsed = urlparse(source)
    if parsed.scheme in ("http", "https"):
        return parsed.hostname or ""
    return Path(parsed.path if parsed.scheme == "file" else source).parent.name


def find_snapshot(con: duckdb.DuckDBPyConnection, sha256: str, extractor_version: str, source: str) -> int | None:
    """Id of the snapshot already loaded from these bytes at this source with this extractor version, if any."""
    row = con.execute("SELECT snapshot_id FROM snapshots WHERE document_sha256 = ? AND extractor_version = ? "
                      "AND source = ? ORDER BY snapshot_id DESC LIMIT 1",
                      [sha256, extractor_version, source]).fetchone()
    return row[0] if row else None


def load_snapshot(con: duckdb.DuckDBPyConnection, document: ArchivedDocument, source: str, extraction: Extraction,
                  status: str, validation: pl.DataFrame, flow_run_id: str | None = None) -> LoadResult:
    """Load one bulletin's extraction as a new snapshot, in one transaction.

    `validation`: rows of expectations.runner.RESULT_SCHEMA for this bulletin (the `bulletin` column is dropped).
    Idempotent: the same bytes, source and extractor version return the existing snapshot and write nothing.
    New bytes or a new extractor version create a snapshot that supersedes the source's previous one.
    Raises WarehouseError naming the source if the load fails; nothing is written then.
    """
    existing = find_snapshot(con, document.sha256, extraction.extractor_version, source)
    if existing is not None:
        return LoadResult(existing, False, None)
    doc = extraction.document
    con.execute("BEGIN")
    try:
        snapshot_id = con.execute("SELECT nextval('snapshot_id_seq')").fetchone()[0]
        previous, source_no = con.execute("SELECT max(snapshot_id), max(source_no) FROM snapshots WHERE source = ?",
                                          [source]).fetchone()
        if source_no is None:  # a new source: next number (migration 005)
            source_no = con.execute("SELECT coalesce(max(source_no), 0) + 1 FROM snapshots").fetchone()[0]
        con.execute("INSERT INTO documents SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS "
                    "(SELECT 1 FROM documents WHERE sha256 = ?)",
                    [document.sha256, document.url, document.content_type, document.encoding,
                     document.encoding_source, document.size, document.text, _now(), document.sha256])
        con.execute("INSERT INTO snapshots VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [snapshot_id, document.sha256, source, flow_run_id, extraction.extractor_version, _now(),
                     doc.region, doc.program, doc.program_year, doc.as_of, doc.period_text, doc.published,
                     doc.categories_total, doc.items_total, status, previous, len(extraction.figures), source_no])
        categories = pl.DataFrame(
            [(snapshot_id, c.no, c.title) for c in extraction.categories],
            schema={"snapshot_id": pl.Int32, "category_no": pl.Int32, "title": pl.String}, orient="row")
        targets = pl.DataFrame(
            [(snapshot_id, c.no, t.label, t.value, t.unit, t.qualifier) for c in extraction.categories
             for t in c.targets],
            schema={"snapshot_id": pl.Int32, "category_no": pl.Int32, "label": pl.String,
                    "value": pl.Decimal(38, 6), "unit": pl.String, "qualifier": pl.String}, orient="row")
        items = pl.DataFrame(
            [(snapshot_id, i.no, i.category, i.name) for i in extraction.items],
            schema={"snapshot_id": pl.Int32, "item_no": pl.String, "category_no": pl.Int32, "name": pl.String},
            orient="row")
        figures = figures_frame(extraction).select(
            pl.lit(snapshot_id, pl.Int32).alias("snapshot_id"),
            pl.Series("metric_key", metric_keys(extraction, source), pl.String),
            pl.all())
        results = validation.drop("bulletin", strict=False).select(
            pl.lit(snapshot_id, pl.Int32).alias("snapshot_id"), pl.all())
        for table, frame in (("categories", categories), ("category_targets", targets), ("items", items),
                             ("figures", figures), ("validation_results", results)):
            _pause_inside_transaction(source, table)
            if frame.height:
                con.register("incoming", frame.to_arrow())
                con.execute(f"INSERT INTO {table} SELECT * FROM incoming")
                con.unregister("incoming")
        con.execute("COMMIT")
    except Exception as exc:
        con.execute("ROLLBACK")
        raise WarehouseError(f"loading {source} failed, nothing was written: {exc}") from exc
    return LoadResult(snapshot_id, True, previous)
