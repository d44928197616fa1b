"""The monthly flow publishes for BI after loading, and a BI reader of the published copy does not stop it.

Lives beside the other flow tests because it needs the session's Prefect harness (tests/flows/conftest.py)."""

import subprocess
import sys

import duckdb
import pytest

from flows.monthly import monthly
from samples.generate import write_samples
from tests.warehouse.loading import PROJECT_ROOT, load_files
from tests.warehouse.test_publish import HOLDER
from warehouse.publish import PUBLISHED_MARTS, publish

pytestmark = pytest.mark.usefixtures("prefect_api")


def test_run_while_a_reader_holds_the_published_copy(tmp_path):
    paths = write_samples(tmp_path / "bulletins", range(1, 3))
    warehouse = tmp_path / "wh.duckdb"
    load_files(warehouse, paths[:1])
    published = publish(warehouse).database
    reader = subprocess.Popen([sys.executable, "-c", HOLDER, str(published)], cwd=PROJECT_ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "1"

        summary = monthly(sources=[str(p) for p in paths], warehouse=str(warehouse),
                          report_dir=str(tmp_path / "reports"))

        assert summary.ok and summary.publish_error is None, [b.error for b in summary.bulletins]
        assert [b.created for b in summary.bulletins] == [False, True]
        assert summary.publication.database == published and summary.publication.snapshots == 2
        assert sorted(summary.publication.parquet) == sorted(PUBLISHED_MARTS)
        fresh = duckdb.connect(str(published), read_only=True)
        assert fresh.execute("SELECT count(*) FROM figure_trend").fetchone()[0] == 2 * 12
        fresh.close()
        out, err = reader.communicate("\n", timeout=30)
        assert (reader.returncode, out.strip()) == (0, "1"), err
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.communicate()
