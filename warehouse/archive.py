"""Raw archive and fetch log.

Every fetched body is stored once under its SHA-256, never overwritten: the same bytes at two URLs are one file,
changed bytes at one URL are a second file and the first stays. The fetch log (table `fetch_log`, migration 003)
has a row for every request, failures included, and keeps the ETag / Last-Modified for the next conditional GET.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import astuple, dataclass, field
from pathlib import Path

import duckdb
import polars as pl


def archive_path(root: Path, sha256: str) -> Path:
    """Where the body with this digest lives: <root>/<first two hex digits>/<digest>."""
    return root / sha256[:2] / sha256


def archive_body(root: Path, sha256: str, body: bytes) -> Path:
    """Store `body` under its digest unless already there (content-addressed, so never overwritten).

    The write goes to a temporary file in the same directory and is renamed into place, so a crash never leaves
    a partial file under a digest name.
    """
    path = archive_path(root, sha256)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
        handle.write(body)
    os.replace(handle.name, path)
    return path


class ArchiveError(Exception):
    """An archived body cannot be used: missing from the archive, or its bytes no longer have the SHA-256 they
    are stored under (altered or corrupt). The message names the digest, the file and what to do."""


def read_archived(root: Path, sha256: str) -> bytes:
    """The archived body with this digest, verified: its bytes are hashed on every read and must equal `sha256`
    (the archive may be shared storage that other processes and people write to).

    Raises ArchiveError when the archive does not hold the digest or the bytes do not match it."""
    path = archive_path(root, sha256)
    try:
        body = path.read_bytes()
    except FileNotFoundError:
        raise ArchiveError(f"archived body {sha256} is missing ({path} does not exist); fetch the bulletin again "
                           "(delete its fetch_log rows) or restore the file") from None
    except OSError as exc:
        raise ArchiveError(f"archived body {sha256} cannot be read ({path}: {exc.strerror or exc})") from None
    actual = hashlib.sha256(body).hexdigest()
    if actual != sha256:
        raise ArchiveError(f"archived body {sha256} does not match its SHA-256 (the file {path} now hashes to "
                           f"{actual}): altered or corrupt, not used; restore it or fetch the bulletin again")
    return body


@dataclass(frozen=True)
class FetchLogEntry:
    """One row of `fetch_log` (see warehouse/migrations/003_fetch_log.sql for the meaning of each column)."""

    url: str
    source: str
    kind: str
    outcome: str
    conditional: bool = False
    flow_run_id: str | None = None
    status: int | None = None
    bytes: int | None = None
    sha256: str | None = None
    content_type: str | None = None
    encoding: str | None = None
    encoding_source: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    attempts: int | None = None
    final_url: str | None = None
    elapsed_ms: int | None = None
    error: str | None = None


_COLUMNS = [name for name in FetchLogEntry.__dataclass_fields__]
_COLUMN_TYPES = {"conditional": pl.Boolean, "status": pl.Int32, "bytes": pl.Int64, "attempts": pl.Int32,
                 "elapsed_ms": pl.Int64}
"""fetch_log column types for `record_many`; every other column is text."""


@dataclass(frozen=True)
class LastFetch:
    """The latest successful fetch of a URL: validators for a conditional GET and the body's archive digest."""

    sha256: str
    etag: str | None
    last_modified: str | None
    encoding: str | None


@dataclass(frozen=True)
class SourceHistory:
    """What the fetch log knows of one source's URLs, read once by the flow so that a fetch task needs no warehouse
    connection (it pickles for a process or a Dask worker): `last`, URL -> its latest successful fetch
    (`FetchLog.last_fetch`), for every listing page and bulletin URL ever fetched under the source's name;
    `archived`, its bulletin URLs whose body is in the archive (`FetchLog.archived_urls`); `loaded`, the sources
    (`snapshots.source`) of those bulletins that have a snapshot by the current extractor (see
    `flows.ingest.crawl.Crawler`; None: every bulletin seen before is fetched conditionally)."""

    last: Mapping[str, LastFetch] = field(default_factory=dict)
    archived: frozenset[str] = frozenset()
    loaded: frozenset[str] | None = None


class FetchLog:
    """The fetch log on an open (migrated) warehouse connection, safe to share between the threads of a run.

    DuckDB connections are not safe for concurrent use from several threads, so every call holds one lock; the
    calls are short statements, and each reads its result to the end.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self._con = con
        self._lock = threading.Lock()

    def record(self, entry: FetchLogEntry) -> None:
        """Append one row, stamped with the current UTC time."""
        self.record_many([entry])

    def record_many(self, entries: list[FetchLogEntry]) -> None:
        """Append rows in one statement (a backfill's fetch tasks return theirs in bulk), all stamped with the
        current UTC time."""
        if not entries:
            return
        frame = pl.DataFrame([astuple(e) for e in entries], orient="row",
                             schema={c: _COLUMN_TYPES.get(c, pl.String) for c in _COLUMNS})
        frame = frame.with_columns(pl.lit(dt.datetime.now(dt.UTC).replace(tzinfo=None)).alias("fetched_at"))
        with self._lock:
            self._con.register("incoming_fetches", frame.to_arrow())
            try:
                self._con.execute("INSERT INTO fetch_log BY NAME SELECT * FROM incoming_fetches")
            finally:
                self._con.unregister("incoming_fetches")

    def last_fetch(self, url: str) -> LastFetch | None:
        """The latest row of `url` that has a body digest (fetched or unchanged), or None if never read."""
        with self._lock:
            # fetchall, not fetchone: DuckDB 2.0 refuses `register` (record_many) while a result is unfinished.
            rows = self._con.execute(
                "SELECT sha256, etag, last_modified, encoding FROM fetch_log WHERE url = ? AND sha256 IS NOT NULL "
                "AND outcome <> 'failed' ORDER BY fetch_id DESC LIMIT 1", [url]).fetchall()
        return LastFetch(*rows[0]) if rows else None

    def history(self, source: str) -> SourceHistory:
        """`last_fetch` of every URL fetched under `source` (a URL fetched only under another source's name is not
        included: its first fetch for this source is unconditional) and `archived_urls(source)`, in two queries."""
        with self._lock:
            rows = self._con.execute(
                "SELECT url, sha256, etag, last_modified, encoding FROM fetch_log "
                "WHERE url IN (SELECT url FROM fetch_log WHERE source = ?) AND sha256 IS NOT NULL "
                "AND outcome <> 'failed' QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetch_id DESC) = 1",
                [source]).fetchall()
        return SourceHistory({url: LastFetch(*rest) for url, *rest in rows}, frozenset(self.archived_urls(source)))

    def archived_urls(self, source: str) -> set[str]:
        """Bulletin URLs (or paths) of `source` whose body is in the archive."""
        with self._lock:
            rows = self._con.execute("SELECT DISTINCT url FROM fetch_log WHERE source = ? AND kind = 'bulletin' "
                                     "AND sha256 IS NOT NULL AND outcome <> 'failed'", [source]).fetchall()
        return {r[0] for r in rows}
