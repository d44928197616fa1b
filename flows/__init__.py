"""Prefect flows and tasks: one module per deployment (monthly, backfill, reprocess; see prefect.yaml), the run
summary they share (flows.summary), and two Prefect-free subpackages: `flows.ingest` (HTTP fetching, sources,
discovery, crawling) and `flows.cli` (the command line, corpus evaluation, progress display).

Importing any module of this package first runs this file: the process settings below (offline hygiene, default
paths) are applied before `prefect` or GX is imported. Values already set in the environment win.
"""

from __future__ import annotations

import os
from pathlib import Path

OFFLINE_ENVIRONMENT = {
    # No telemetry: these machines have no internet, and offline Prefect/GX log errors when they try (DESIGN.md).
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "GX_ANALYTICS_ENABLED": "false",
    # A fresh PREFECT_HOME migrates its SQLite database on the first start: allow it time (default 20 s is short
    # on 2 cores).
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "240",
    # The Prefect UI is not served by the temporary server; skipping its asset build saves start-up time.
    "PREFECT_UI_ENABLED": "false",
}

for _name, _value in OFFLINE_ENVIRONMENT.items():
    os.environ.setdefault(_name, _value)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
"""The folder holding the packages: the checkout, or site-packages for an installed wheel (never written to)."""
SAMPLES_DIR = PROJECT_ROOT / "samples"
"""The bundled sample bulletins and their sources file, shipped as package data (`samples/`)."""

DATA_ENV = "PROGRESS_WAREHOUSE_DATA"
"""Environment variable naming the data folder (warehouse, archive, published copy, reports)."""


def data_dir() -> Path:
    """The data folder: $PROGRESS_WAREHOUSE_DATA when set, else `data/` under the current folder (absolute)."""
    return Path(os.environ.get(DATA_ENV) or Path.cwd() / "data").absolute()


def report_dir_for(warehouse: Path | str) -> Path:
    """Where a run's reports go unless told otherwise: `reports/` beside the warehouse file."""
    return Path(warehouse).absolute().parent / "reports"


DATA_DIR = data_dir()
"""The data folder as this process started (`data_dir()`)."""
DEFAULT_WAREHOUSE = DATA_DIR / "warehouse.duckdb"
DEFAULT_REPORT_DIR = report_dir_for(DEFAULT_WAREHOUSE)
