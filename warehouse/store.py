"""The DuckDB warehouse: migrations, the snapshot loader (metric keys: transforms.identity).

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

import duckdb
import polars as pl

from transforms.errors import LoadError
from transforms.identity import metric_keys, normalise_label  # noqa: F401  (defined there; re-exported)
from transforms.record import FIGURE_SCHEMA, Document, Extraction, figures_frame


PAUSE_IN_LOAD_ENV = "PROGRESS_WAREHOUSE_TEST_PAUSE_IN_LOAD_S"
"""Test hook, unset in production: seconds to sleep inside the load transaction after each table insert,
after announcing "paused inside load" on stderr, so a test can kill the process mid-load reliably
(tests/warehouse/test_crash.py). Reading it costs one dict lookup per table."""


def _pause_inside_transaction(source: str, table: str) -> None:
    seconds = os.environ.get(PAUSE_IN_LOAD_ENV)
    if seconds:
        print(f"paused inside load of {source} after {table}", file=sys.stderr, flush=True)
        time.sleep(float(seconds))


class WarehouseError(Exception):
    """A warehouse file cannot be opened or written; the message names the file and what to do."""


class SnapshotNotWritten(LoadError, WarehouseError):
    """A bulletin's (or a batch's) snapshot was not written: its transaction was rolled back and nothing of it is
    stored. A LoadError of the pipeline's error family (transforms.errors: `bulletin` names the source, `reason`
    says why) and a WarehouseError for callers of this module."""


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


@dataclass(frozen=True)
class SnapshotLoad:
    """One bulletin to load as a snapshot: its archived document, its source (URL or file URI), its extraction,
    the status validation gave it (passed | warned | failed) and its check rows (expectations.runner.RESULT_SCHEMA;
    the `bulletin` column is dropped on load). `figures`: its figure rows with their metric keys (`metric_key` and
    FIGURE_SCHEMA columns, as `transforms.checks.batch_frames` builds them where the bulletin was extracted), or
    None to build them here from the extraction (`figures_frame`, `metric_keys`)."""

    document: ArchivedDocument
    source: str
    extraction: Extraction
    status: str
    validation: pl.DataFrame
    figures: pl.DataFrame | None = None


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and for writers, create and migrate) the warehouse file.

    Raises WarehouseError naming the file and the reason: another process holds it (DuckDB allows one writer or
    many readers; a BI tool holding the file blocks the writer: point BI tools at the published read-only copy
    instead), it is not a DuckDB database, it cannot be written (read-only file system, no permission), or it is
    corrupt (a checksum fails while it is read).
    """
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.exists():
        raise WarehouseError(f"warehouse {path} does not exist; run `progress-warehouse run` first")
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        raise WarehouseError(_open_failure(path, str(exc))) from exc
    except duckdb.Error as exc:
        raise WarehouseError(_damaged(path, exc)) from exc
    if not read_only:
        try:
            migrate(con)
        except duckdb.Error as exc:
            con.close()
            raise WarehouseError(_damaged(path, exc)) from exc
    return con


def _damaged(path: Path, exc: Exception) -> str:
    return (f"cannot read warehouse {path}: {exc}. The file is damaged; restore it from a backup (the published copy "
            "beside it is a recent full copy) and rerun")


def _open_failure(path: Path, message: str) -> str:
    """The reason a warehouse file could not be opened, in the user's terms (DuckDB's IOException text)."""
    if "not a valid DuckDB database" in message:
        return (f"cannot open warehouse {path}: the file exists but is not a DuckDB database. Point --warehouse at "
                "a DuckDB file (or a new path), or move this file away")
    if "Read-only file system" in message or "Permission denied" in message:
        return f"cannot open warehouse {path} for writing: {message.removeprefix('IO Error: ')}"
    # DuckDB's message goes on to suggest opening this file read-only, which is what BI tools must not do.
    reason = message.split(" However, you would be able")[0].rstrip(".")
    if "lock" in reason.lower():
        return (f"cannot open warehouse {path}: {reason}. Another process holds it; close BI tools connected to "
                "this file (they should open the published copy).")
    return f"cannot open warehouse {path}: {reason}"


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
            _rollback(con)
            raise
        applied.append(version)
    return applied


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def sources_loaded_by(con: duckdb.DuckDBPyConnection, extractor_version: str | None = None) -> set[str]:
    """Sources (`snapshots.source`: URL or file URI) with a snapshot made by `extractor_version` (None: by any)."""
    return {row[0] for row in con.execute("SELECT DISTINCT source FROM snapshots WHERE extractor_version = ? "
                                          "OR ? IS NULL", [extractor_version, extractor_version]).fetchall()}


def stored_snapshots(con: duckdb.DuckDBPyConnection, keys: list[tuple[str, str, str]]) -> dict[tuple[str, str, str],
                                                                                          tuple[int, str]]:
    """Of `keys` (document sha256, extractor version, source), those already loaded -> (latest snapshot id of that
    key, its stored status): loading them again would create nothing (`load_snapshots` returns created=False)."""
    if not keys:
        return {}
    frame = pl.DataFrame(keys, schema={"sha256": pl.String, "extractor_version": pl.String, "source": pl.String},
                         orient="row")
    con.register("wanted_keys", frame.to_arrow())
    try:
        rows = con.execute(
            "SELECT s.document_sha256, s.extractor_version, s.source, s.snapshot_id, s.status FROM snapshots s "
            "JOIN (SELECT s.document_sha256, s.extractor_version, s.source, max(s.snapshot_id) AS snapshot_id "
            "      FROM snapshots s JOIN wanted_keys k ON s.document_sha256 = k.sha256 "
            "      AND s.extractor_version = k.extractor_version AND s.source = k.source "
            "      GROUP BY ALL) latest USING (snapshot_id)").fetchall()
    finally:
        con.unregister("wanted_keys")
    return {(sha, version, source): (snapshot_id, status) for sha, version, source, snapshot_id, status in rows}


def load_snapshot(con: duckdb.DuckDBPyConnection, document: ArchivedDocument, source: str, extraction: Extraction,
                  status: str, validation: pl.DataFrame, flow_run_id: str | None = None) -> LoadResult:
    """Load one bulletin's extraction as a new snapshot, in one transaction (see `load_snapshots`).

    `validation`: rows of expectations.runner.RESULT_SCHEMA for this bulletin (the `bulletin` column is dropped).
    Idempotent: the same bytes, source and extractor version return the existing snapshot and write nothing.
    New bytes or a new extractor version create a snapshot that supersedes the source's previous one.
    Raises SnapshotNotWritten (a LoadError and a WarehouseError) naming the source if the load fails; nothing is
    written then.
    """
    (result,) = _load_in_one_transaction(con, [SnapshotLoad(document, source, extraction, status, validation)],
                                         flow_run_id, None, None)
    return result


def load_snapshots(con: duckdb.DuckDBPyConnection, loads: list[SnapshotLoad], flow_run_id: str | None = None,
                   validation_run: str | None = None, gx_result_path: str | None = None
                   ) -> list[LoadResult | SnapshotNotWritten]:
    """Load a batch of bulletins as snapshots, in the given order, in one transaction; one result per load.

    Same rules as `load_snapshot` for each bulletin (idempotent; a new snapshot supersedes its source's previous
    one, including one created earlier in the same batch). With `validation_run`, each created snapshot also gets
    a `validation_runs` row (kind "load", its status, `gx_result_path`) in the same transaction.
    Cost: about ten statements per batch whatever its size, instead of about fifteen per bulletin (DuckDB's cost
    is per statement and per commit; benchmarks/README.md).
    If the batch fails, nothing of it is written and each bulletin is loaded again in a transaction of its own,
    so one bad bulletin fails alone: its entry is then the SnapshotNotWritten (a LoadError) naming its source. Never
    raises for a single bulletin's failure.
    """
    if not loads:
        return []
    try:
        return _load_in_one_transaction(con, loads, flow_run_id, validation_run, gx_result_path)
    except SnapshotNotWritten as exc:
        if len(loads) == 1:
            return [exc]
    results: list[LoadResult | SnapshotNotWritten] = []
    for load in loads:
        try:
            results += _load_in_one_transaction(con, [load], flow_run_id, validation_run, gx_result_path)
        except SnapshotNotWritten as exc:
            results.append(exc)
    return results


SNAPSHOT_COLUMNS: dict[str, pl.DataType] = {
    "snapshot_id": pl.Int32, "document_sha256": pl.String, "source": pl.String, "flow_run_id": pl.String,
    "extractor_version": pl.String, "loaded_at": pl.Datetime("us"), "region": pl.String, "program": pl.String,
    "program_year": pl.Int32, "as_of": pl.Date, "period_text": pl.String, "published": pl.Date,
    "categories_claimed": pl.Int32, "items_claimed": pl.Int32, "status": pl.String, "supersedes": pl.Int32,
    "figure_count": pl.Int32, "source_no": pl.Int32, "feed": pl.String, "bulletin_no": pl.Int32,
    "month_shared_with": pl.Int32,
}
"""Columns of the `snapshots` table (migrations 001, 005 and 011), as the loader builds them."""


def _load_in_one_transaction(con: duckdb.DuckDBPyConnection, loads: list[SnapshotLoad], flow_run_id: str | None,
                             validation_run: str | None, gx_result_path: str | None) -> list[LoadResult]:
    """Load `loads` in one transaction, one Arrow insert per table; raises SnapshotNotWritten (nothing written)."""
    label = loads[0].source if len(loads) == 1 else f"a batch of {len(loads)} bulletins from {loads[0].source}"
    con.execute("BEGIN")
    try:
        keys = pl.DataFrame({"position": range(len(loads)),
                             "sha256": [x.document.sha256 for x in loads],
                             "extractor_version": [x.extraction.extractor_version for x in loads],
                             "source": [x.source for x in loads]},
                            schema={"position": pl.Int32, "sha256": pl.String, "extractor_version": pl.String,
                                    "source": pl.String})
        con.register("incoming_keys", keys.to_arrow())
        existing = dict(con.execute(
            "SELECT k.position, max(s.snapshot_id) FROM incoming_keys k JOIN snapshots s "
            "ON s.document_sha256 = k.sha256 AND s.extractor_version = k.extractor_version AND s.source = k.source "
            "GROUP BY k.position").fetchall())
        latest = {source: (snapshot_id, source_no) for source, snapshot_id, source_no in con.execute(
            "SELECT source, max(snapshot_id), max(source_no) FROM snapshots "
            "WHERE source IN (SELECT source FROM incoming_keys) GROUP BY source").fetchall()}
        # The feed of each document: the source (name in sources.toml) of its first bulletin fetch (migration 011).
        feeds = dict(con.execute(
            "SELECT sha256, arg_min(source, fetch_id) FROM fetch_log "
            "WHERE kind = 'bulletin' AND sha256 IN (SELECT sha256 FROM incoming_keys) GROUP BY sha256").fetchall())
        con.unregister("incoming_keys")
        # fetchall, not fetchone: DuckDB 2.0 refuses `register` (below) while a result is unfinished.
        last_source_no = con.execute("SELECT coalesce(max(source_no), 0) FROM snapshots").fetchall()[0][0]
        bulletins = _BulletinNumbers(con, [(feeds.get(load.document.sha256), load.extraction.document)
                                           for load in loads])

        # Which loads create a snapshot: not loaded before, and not a repeat of one earlier in this batch.
        first_of: dict[tuple[str, str, str], int] = {}
        creating = []
        for position, load in enumerate(loads):
            key = (load.document.sha256, load.extraction.extractor_version, load.source)
            if position not in existing and key not in first_of:
                first_of[key] = position
                creating.append(position)
        ids = sorted(row[0] for row in con.execute("SELECT nextval('snapshot_id_seq') FROM range(?)",
                                                   [len(creating)]).fetchall())
        new_id = dict(zip(creating, ids))

        results, snapshots, now = [], [], _now()
        for position, load in enumerate(loads):
            if position in existing:
                results.append(LoadResult(existing[position], False, None))
                continue
            key = (load.document.sha256, load.extraction.extractor_version, load.source)
            if first_of[key] != position:
                results.append(LoadResult(new_id[first_of[key]], False, None))
                continue
            snapshot_id = new_id[position]
            previous, source_no = latest.get(load.source, (None, None))
            if source_no is None:  # a new source: next number (migration 005)
                last_source_no += 1
                source_no = last_source_no
            latest[load.source] = (snapshot_id, source_no)
            doc = load.extraction.document
            feed = feeds.get(load.document.sha256)
            snapshots.append((snapshot_id, load.document.sha256, load.source, flow_run_id,
                              load.extraction.extractor_version, now, doc.region, doc.program, doc.program_year,
                              doc.as_of, doc.period_text, doc.published, doc.categories_total, doc.items_total,
                              load.status, previous, len(load.extraction.figures), source_no, feed,
                              *bulletins.number(feed, doc, source_no)))
            results.append(LoadResult(snapshot_id, True, previous))
        created = [(new_id[p], loads[p]) for p in creating]
        for table, frame in _table_frames(created, snapshots, now, flow_run_id, validation_run, gx_result_path):
            if frame.height:
                con.register("incoming", frame.to_arrow())
                where = " WHERE sha256 NOT IN (SELECT sha256 FROM documents)" if table == "documents" else ""
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming{where}")
                con.unregister("incoming")
            _pause_inside_transaction(label, table)
        con.execute("COMMIT")
    except Exception as exc:
        _rollback(con)
        raise SnapshotNotWritten(label, f"loading failed, nothing was written: {exc}") from exc
    return results


class _BulletinNumbers:
    """snapshots.bulletin_no and snapshots.month_shared_with (migration 011).

    bulletin_no: one integer per bulletin month of a feed, the key (feed, region, program, program_year, as_of);
    None when the feed, the as_of or the programme year is unknown. month_shared_with: the smallest source_no of
    another source that already has a snapshot of the same bulletin month (a correction published at another URL),
    else None; the marts compare only such months' sources, so they stay as fast as one aggregate per source.
    What earlier snapshots hold is read once per batch for the keys of `candidates` ((feed, document) per load); a
    new key takes the next number; loads earlier in the batch count as already stored."""

    def __init__(self, con: duckdb.DuckDBPyConnection, candidates: list[tuple[str | None, Document]]) -> None:
        keys = {key for feed, doc in candidates if (key := self._key(feed, doc)) is not None}
        self._numbers: dict[tuple, int] = {}
        self._sources: dict[int, set[int]] = {}
        if keys:
            frame = pl.DataFrame(list(keys), orient="row", schema={
                "feed": pl.String, "region": pl.String, "program": pl.String, "program_year": pl.Int32,
                "as_of": pl.Date})
            con.register("incoming_bulletins", frame.to_arrow())
            rows = con.execute(
                "SELECT k.feed, k.region, k.program, k.program_year, k.as_of, s.bulletin_no, "
                "list(DISTINCT s.source_no) FROM incoming_bulletins AS k JOIN snapshots AS s ON s.feed = k.feed "
                "AND s.region IS NOT DISTINCT FROM k.region AND s.program IS NOT DISTINCT FROM k.program "
                "AND s.program_year = k.program_year AND s.as_of = k.as_of "
                "WHERE s.bulletin_no IS NOT NULL GROUP BY ALL").fetchall()
            con.unregister("incoming_bulletins")
            for *key, number, sources in rows:
                self._numbers[tuple(key)] = number
                self._sources[number] = set(sources)
        self._last = con.execute("SELECT coalesce(max(bulletin_no), 0) FROM snapshots").fetchall()[0][0]

    @staticmethod
    def _key(feed: str | None, doc: Document) -> tuple | None:
        if feed is None or doc.as_of is None or doc.program_year is None:
            return None
        return (feed, doc.region, doc.program, doc.program_year, doc.as_of)

    def number(self, feed: str | None, doc: Document, source_no: int) -> tuple[int | None, int | None]:
        """(bulletin_no, month_shared_with) of a new snapshot of source `source_no`; the number is given now if the
        month is new, and the snapshot counts for the loads after it."""
        key = self._key(feed, doc)
        if key is None:
            return None, None
        if key not in self._numbers:
            self._last += 1
            self._numbers[key] = self._last
        number = self._numbers[key]
        sources = self._sources.setdefault(number, set())
        others = sources - {source_no}
        sources.add(source_no)
        return number, (min(others) if others else None)


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back the open transaction. A COMMIT that failed (a full disk) has already ended it, and DuckDB then
    answers "cannot rollback - no transaction is active": that must not hide the error that ended it."""
    try:
        con.execute("ROLLBACK")
    except duckdb.TransactionException:
        pass


def _table_frames(created: list[tuple[int, SnapshotLoad]], snapshots: list[tuple], now: dt.datetime,
                  flow_run_id: str | None, validation_run: str | None, gx_result_path: str | None
                  ) -> list[tuple[str, pl.DataFrame]]:
    """The rows the created snapshots add to each table, one frame per table, in insert order."""
    documents = {}
    for _, load in created:  # one row per content address; the insert skips those already stored
        d = load.document
        documents.setdefault(d.sha256, (d.sha256, d.url, d.content_type, d.encoding, d.encoding_source, d.size,
                                        d.text, now))
    frames = [
        ("documents", pl.DataFrame(list(documents.values()), orient="row", schema={
            "sha256": pl.String, "first_url": pl.String, "content_type": pl.String, "encoding": pl.String,
            "encoding_source": pl.String, "bytes": pl.Int64, "text": pl.String, "archived_at": pl.Datetime("us")})),
        ("snapshots", pl.DataFrame(snapshots, schema=SNAPSHOT_COLUMNS, orient="row")),
        ("categories", pl.DataFrame(
            [(i, c.no, c.title) for i, load in created for c in load.extraction.categories],
            schema={"snapshot_id": pl.Int32, "category_no": pl.Int32, "title": pl.String}, orient="row")),
        ("category_targets", pl.DataFrame(
            [(i, c.no, t.label, t.value, t.unit, t.qualifier) for i, load in created
             for c in load.extraction.categories for t in c.targets],
            schema={"snapshot_id": pl.Int32, "category_no": pl.Int32, "label": pl.String,
                    "value": pl.Decimal(38, 6), "unit": pl.String, "qualifier": pl.String}, orient="row")),
        ("items", pl.DataFrame(
            [(i, item.no, item.category, item.name) for i, load in created for item in load.extraction.items],
            schema={"snapshot_id": pl.Int32, "item_no": pl.String, "category_no": pl.Int32, "name": pl.String},
            orient="row")),
        ("figures", _with_snapshot_ids(created, [_figure_rows(load) for _, load in created])),
        ("validation_results", _with_snapshot_ids(created, [load.validation for _, load in created])
            .drop("bulletin", strict=False)),
    ]
    if validation_run is not None:
        frames.append(("validation_runs", pl.DataFrame(
            [(validation_run, i, "load", now, load.status, flow_run_id, gx_result_path) for i, load in created],
            orient="row", schema={"validation_run": pl.String, "snapshot_id": pl.Int32, "kind": pl.String,
                                  "validated_at": pl.Datetime("us"), "status": pl.String, "flow_run_id": pl.String,
                                  "gx_result_path": pl.String})))
    return frames


def _figure_rows(load: SnapshotLoad) -> pl.DataFrame:
    """A load's `figures` rows without snapshot_id: metric_key, then the FIGURE_SCHEMA columns."""
    if load.figures is not None:
        return load.figures if load.figures.columns == _FIGURE_ROW_COLUMNS else load.figures.select(
            _FIGURE_ROW_COLUMNS)
    return figures_frame(load.extraction).select(
        pl.Series("metric_key", metric_keys(load.extraction, load.source), pl.String), pl.all())


_FIGURE_ROW_COLUMNS = ["metric_key", *FIGURE_SCHEMA]


def _with_snapshot_ids(created: list[tuple[int, SnapshotLoad]], frames: list[pl.DataFrame]) -> pl.DataFrame:
    """One frame of the created snapshots' rows (`frames`, one per snapshot, same columns), snapshot_id first:
    one concatenation and one id column for the batch, not a select per bulletin."""
    if not created:
        return pl.DataFrame()
    ids = pl.Series("snapshot_id", [i for i, _ in created], pl.Int32)
    heights = pl.Series("n", [f.height for f in frames], pl.Int64)
    # One chunk: Arrow export of a frame of thousands of small chunks costs several times the concatenation.
    rows = pl.concat(frames, how="diagonal_relaxed").rechunk()
    return rows.select(ids.repeat_by(heights).explode().drop_nulls().alias("snapshot_id"), pl.all()) \
        if rows.height else rows.select(pl.lit(None, pl.Int32).alias("snapshot_id"), pl.all())
