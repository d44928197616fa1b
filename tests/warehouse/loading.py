"""Load bulletin files into a warehouse without Prefect or GX: the warehouse tests' way in, and a subprocess entry.

Validation is not what these tests are about, so each snapshot gets the status given (default passed) and no
validation rows; the flow tests cover the real path.

    python -m tests.warehouse.loading WAREHOUSE FILE...   # load, print one "snapshot_id created" line per file
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

from expectations.runner import RESULT_SCHEMA
from flows.ingest.fetch import fetch
from transforms.extract import extract_text
from transforms.text import bulletin_text
from warehouse import store

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def snapshot_loads(paths, status: str = "passed") -> list[store.SnapshotLoad]:
    """Fetch (file URI as source) and extract each file: one SnapshotLoad per file, with no check rows."""
    loads = []
    for path in paths:
        fetched = fetch(str(path))
        extraction = extract_text(bulletin_text(fetched.text))
        document = store.ArchivedDocument(fetched.sha256, fetched.source, fetched.content_type, fetched.encoding,
                                          fetched.encoding_source, len(fetched.body), extraction.text)
        loads.append(store.SnapshotLoad(document, fetched.source, extraction, status,
                                        pl.DataFrame(schema=RESULT_SCHEMA)))
    return loads


def load_files(warehouse: Path | str, paths, status: str = "passed") -> list[store.LoadResult]:
    """Load each file as one snapshot, one transaction per file (store.load_snapshot); one LoadResult per file."""
    con = store.connect(warehouse)
    try:
        return [store.load_snapshot(con, x.document, x.source, x.extraction, x.status, x.validation,
                                    flow_run_id="test") for x in snapshot_loads(paths, status)]
    finally:
        con.close()


def row_counts(warehouse: Path | str) -> dict[str, int]:
    """Rows per base table (schema_version excluded), read through a read-only connection."""
    con = store.connect(warehouse, read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE table_name <> "
                                            "'schema_version' ORDER BY 1").fetchall()]
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        con.close()


if __name__ == "__main__":
    for result in load_files(sys.argv[1], sys.argv[2:]):
        print(result.snapshot_id, result.created, flush=True)
