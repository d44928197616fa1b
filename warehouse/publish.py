"""Publish the warehouse for BI: a read-only copy replaced atomically, and Parquet exports of the marts.

Why a copy: DuckDB allows one read-write process or many read-only ones, never both (DESIGN.md), so a BI tool
holding the warehouse file itself would stop the monthly load. BI tools open the published copy instead.

Why not a byte copy: the writer's file has the storage format of the DuckDB we run (2.0), which older readers
refuse ("can only read versions between 64 and 68"): the DuckDB CLI on the package index, DBeaver's and
Superset's drivers. The copy is written by `COPY FROM DATABASE` into a file attached with
`STORAGE_VERSION 'v1.0.0'` (PUBLISHED_STORAGE_VERSION, storage version 64, the oldest DuckDB can write), which
every DuckDB from 0.10 on opens; docs/warehouse.md says which readers were tested. The copy is written under a
temporary name in the same folder and renamed over the old one (`os.replace`, atomic on POSIX
file systems): a reader that holds the old copy keeps reading the old file (its inode stays alive until it
closes) and never blocks the rename; the next connection sees the new copy. The Parquet files are exported from
the new copy before it is renamed into place, so copy and exports describe the same snapshots.

Layout under `publish_dir` (default: `<warehouse folder>/published`):
    warehouse.duckdb            the read-only copy (open with read_only=True / `duckdb -readonly`)
    parquet/<mart>.parquet      one file per name in PUBLISHED_MARTS
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.store import WarehouseError, connect

PUBLISHED_MARTS = ("current_snapshots", "current_figures", "figure_trend", "item_progress", "category_progress",
                   "validation_summary", "ambiguous_metric_keys", "freshness", "restatements")
"""Views exported to Parquet after each run (their columns: docs/warehouse.md)."""

PUBLISHED_NAME = "warehouse.duckdb"

PUBLISHED_STORAGE_VERSION = "v1.0.0"
"""Storage format of the published copy: the oldest that DuckDB writes and that holds our tables, views and
macros (storage version 64), so that BI tools embedding an older DuckDB can open it."""


@dataclass(frozen=True)
class Publication:
    """What one publish wrote: the copy, one Parquet file per mart, and two counts for the run summary.

    `snapshots`: rows of current_snapshots; `ambiguous_keys`: rows of ambiguous_metric_keys (keys naming more
    than one figure of a snapshot: reported, never merged).
    """

    database: Path
    parquet: dict[str, Path]
    snapshots: int
    ambiguous_keys: int


def default_publish_dir(warehouse: Path | str) -> Path:
    """`published/` beside the warehouse file."""
    return Path(warehouse).parent / "published"


def _sql_string(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


_STAGED = re.compile(r"^\..+\.(\d+)\.tmp$")


def remove_stale_staging(folder: Path) -> list[Path]:
    """Delete the staging files (".<name>.<pid>.tmp") that a publish killed mid-way or stopped by a full disk
    left in `folder`: those whose process is no longer running on this machine. A publish still running keeps
    its files. Returns the files deleted."""
    removed = []
    for path in folder.glob(".*.tmp"):
        match = _STAGED.match(path.name)
        if match is None or _running(int(match.group(1))):
            continue
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by another user
    return True


def publish(warehouse: Path | str, publish_dir: Path | str | None = None) -> Publication:
    """Copy the warehouse to `publish_dir/warehouse.duckdb` in storage format PUBLISHED_STORAGE_VERSION (tables,
    views, macros and data) and export the marts to Parquet.

    The warehouse file is held (read-write, as the loader holds it) only while it is copied. Raises WarehouseError
    naming the file when another process holds the warehouse, or when the copy or an export fails; the previous
    publication is then left as it was.
    """
    warehouse = Path(warehouse)
    out = Path(publish_dir) if publish_dir is not None else default_publish_dir(warehouse)
    parquet_dir = out / "parquet"
    parquet_dir.mkdir(parents=True, exist_ok=True)

    suffix = f".{os.getpid()}.tmp"
    staged_db = out / f".{PUBLISHED_NAME}{suffix}"
    staged = {mart: parquet_dir / f".{mart}.parquet{suffix}" for mart in PUBLISHED_MARTS}
    remove_stale_staging(out)
    remove_stale_staging(parquet_dir)
    try:
        with contextlib.suppress(FileNotFoundError):
            staged_db.unlink()  # left by a crashed publish of a process with the same id
        con = connect(warehouse)
        try:
            source = con.execute("SELECT current_database()").fetchall()[0][0]
            con.execute(f"ATTACH {_sql_string(staged_db)} AS published "
                        f"(STORAGE_VERSION '{PUBLISHED_STORAGE_VERSION}')")
            try:
                con.execute(f'COPY FROM DATABASE "{source}" TO published')
            finally:
                con.execute("DETACH published")
        finally:
            con.close()
        with open(staged_db, "rb") as handle:
            os.fsync(handle.fileno())
        reader = duckdb.connect(str(staged_db), read_only=True)
        try:
            for mart, path in staged.items():
                reader.execute(f"COPY (SELECT * FROM {mart}) TO {_sql_string(path)} (FORMAT parquet)")
            snapshots = reader.execute("SELECT count(*) FROM current_snapshots").fetchall()[0][0]
            ambiguous = reader.execute("SELECT count(*) FROM ambiguous_metric_keys").fetchall()[0][0]
        finally:
            reader.close()
        final = {mart: parquet_dir / f"{mart}.parquet" for mart in PUBLISHED_MARTS}
        for mart, path in staged.items():
            os.replace(path, final[mart])
        os.replace(staged_db, out / PUBLISHED_NAME)
    except (OSError, duckdb.Error) as exc:
        raise WarehouseError(f"publishing {warehouse} to {out} failed, the previous publication is unchanged: "
                             f"{exc}") from exc
    finally:
        for leftover in (staged_db, *staged.values()):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return Publication(out / PUBLISHED_NAME, final, snapshots, ambiguous)
