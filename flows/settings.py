"""Process settings applied before Prefect or GX is imported: offline hygiene and default paths.

Import this module first (the CLI and flows do). Values already set in the environment win.
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
SAMPLES_DIR = PROJECT_ROOT / "samples"
DATA_DIR = Path(os.environ.get("PROGRESS_WAREHOUSE_DATA", PROJECT_ROOT / "data"))
DEFAULT_WAREHOUSE = DATA_DIR / "warehouse.duckdb"
DEFAULT_REPORT_DIR = DATA_DIR / "reports"
