"""The published copy opens in an older DuckDB than the one that writes it (docs/warehouse.md, "Which DuckDB
versions open it"): the DuckDB CLI of the `test` extra (duckdb-cli 1.4, storage versions 64-67), in a subprocess,
runs the README's trend query and a time-travel macro of docs/warehouse.md on it."""

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import duckdb

from samples.generate import write_samples
from tests.warehouse.loading import PROJECT_ROOT, load_files
from warehouse.publish import PUBLISHED_STORAGE_VERSION, publish

OLD_CLI = Path(sys.executable).parent / "duckdb"
"""Installed by duckdb-cli (pyproject's `test` extra and requirements.lock); an older DuckDB than the writer's."""


def _readme_trend_query() -> str:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    return re.search(r"Example trend query:\s*```sql\n(.*?)```", readme, re.S).group(1)


def _old_duckdb(database: Path, sql: str) -> list[dict[str, str]]:
    assert OLD_CLI.exists(), f"{OLD_CLI} missing: install the test extra (make test does)"
    done = subprocess.run(
        [str(OLD_CLI), "-readonly", "-csv", str(database), "-c", sql], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


def test_the_cli_is_older_than_the_writer():
    done = subprocess.run([str(OLD_CLI), "--version"], capture_output=True, text=True, timeout=60)
    old = tuple(int(x) for x in re.match(r"v(\d+)\.(\d+)", done.stdout).groups())
    new = tuple(int(x) for x in duckdb.__version__.split(".")[:2])
    assert old < new and old < (1, 5), (done.stdout, duckdb.__version__)


def test_an_older_duckdb_cli_runs_the_readme_trend_query_on_the_published_copy(tmp_path):
    warehouse = tmp_path / "wh.duckdb"
    load_files(warehouse, write_samples(tmp_path / "b", range(1, 4)))
    publication = publish(warehouse)
    copy = duckdb.connect(str(publication.database), read_only=True)
    tags = copy.execute("SELECT tags FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    copy.close()
    assert tags[0]["storage_version"] == f"{PUBLISHED_STORAGE_VERSION}+"

    rows = _old_duckdb(publication.database, _readme_trend_query())
    assert [(r["as_of"], float(r["value"]), r["unit"], float(r["pct_of_plan"])) for r in rows] == [
        ("2025-01-31", 0.72, "万人", 6.0),
        ("2025-02-28", 1.56, "万人", 13.0),
        ("2025-03-31", 2.64, "万人", 22.0),
    ]
    # The README names each column's unit: the change is in base_unit (人), shown next to base_value, not value.
    assert [(float(r["base_value"]), r["base_unit"]) for r in rows] == [
        (7200.0, "人"),
        (15600.0, "人"),
        (26400.0, "人"),
    ]
    changes = [r["change_since_previous"] for r in rows]
    assert changes[0] == "NULL" and [float(c) for c in changes[1:]] == [8400.0, 10800.0]
    readme = " ".join((PROJECT_ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "`base_value` and `change_since_previous` are in `base_unit`" in readme

    travel = _old_duckdb(
        publication.database,
        "SELECT as_of FROM figures_at(max_snapshot_id := 2) WHERE label = '城镇新增就业' ORDER BY as_of",
    )
    assert [r["as_of"] for r in travel] == ["2025-01-31", "2025-02-28"]


def test_a_byte_copy_of_the_writers_file_is_what_the_older_cli_refuses(tmp_path):
    """Why publish rewrites the file: the writer's own format is too new for the older reader."""
    warehouse = tmp_path / "wh.duckdb"
    load_files(warehouse, write_samples(tmp_path / "b", range(1, 2)))
    done = subprocess.run(
        [str(OLD_CLI), "-readonly", str(warehouse), "-c", "SELECT 1"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0 and "version" in done.stderr
