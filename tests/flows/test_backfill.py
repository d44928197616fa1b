"""Backfill: two programmes of twelve months over local HTTP, killed half-way, resumed: each loaded once."""

import datetime as dt
import os
import re
import signal
import subprocess
import sys

import duckdb
import pytest

from flows.backfill import backfill, in_range
from samples.generate import bulletin_html


def _serve_two_programmes(httpserver) -> list[str]:
    urls = []
    for city in ("临江", "青川"):
        for month in range(1, 13):
            path = f"/{city}/2025-{month:02d}.html"
            html = bulletin_html(month).replace("临江", city)
            httpserver.expect_request(path).respond_with_data(html.encode("utf-8"),
                                                              content_type="text/html; charset=utf-8")
            urls.append(httpserver.url_for(path))
    return urls


def test_in_range_reads_months_inclusively():
    assert in_range(dt.date(2025, 3, 31), "2025-03", "2025-05")
    assert in_range(dt.date(2025, 5, 31), "2025-03", "2025-05")
    assert not in_range(dt.date(2025, 6, 30), "2025-03", "2025-05")
    assert not in_range(None, "2025-03", None)
    assert in_range(None, None, None)
    with pytest.raises(ValueError, match="--since must be YYYY-MM"):
        in_range(None, "2025-3-1", None)
    with pytest.raises(ValueError, match="--since 2025-06 is after --until 2025-05"):
        in_range(dt.date(2025, 5, 31), "2025-06", "2025-05")


@pytest.mark.usefixtures("prefect_api")
def test_since_until_limits_the_months_loaded(httpserver, tmp_path):
    urls = _serve_two_programmes(httpserver)
    warehouse = tmp_path / "wh.duckdb"
    summary = backfill(sources=urls, since="2025-03", until="2025-05", warehouse=str(warehouse),
                       report_dir=str(tmp_path / "r"), batch_size=5)
    assert summary.ok
    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute("SELECT region, as_of FROM snapshots ORDER BY snapshot_id").fetchall()
    con.close()
    assert [str(as_of) for _, as_of in rows] == ["2025-03-31"] * 2 + ["2025-04-30"] * 2 + ["2025-05-31"] * 2
    assert {region for region, _ in rows} == {"临江市", "青川市"}


@pytest.mark.usefixtures("prefect_api")
def test_killed_backfill_resumes_and_loads_every_bulletin_once(httpserver, tmp_path):
    urls = _serve_two_programmes(httpserver)
    warehouse = tmp_path / "wh.duckdb"
    args = [sys.executable, "-m", "flows.cli", "backfill", "--quiet", "--batch-size", "4",
            "--warehouse", str(warehouse), "--report-dir", str(tmp_path / "r")]
    for url in urls:
        args += ["--source", url]
    from prefect.settings import PREFECT_API_URL

    # The CLI processes use the session's API server instead of starting a temporary one each.
    env = dict(os.environ, PYTHONUNBUFFERED="1", PREFECT_API_URL=PREFECT_API_URL.value())
    first = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    for line in first.stdout:
        if re.match(r"load: [1-9]\d*/24 ", line):
            first.send_signal(signal.SIGKILL)  # half-way: the first batches are loaded, the rest not
            break
    first.wait(timeout=300)
    assert first.returncode == -signal.SIGKILL
    con = duckdb.connect(str(warehouse), read_only=True)
    loaded_before = con.execute("SELECT count(*) FROM snapshots").fetchone()[0]
    con.close()
    assert 0 < loaded_before < 24

    second = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)
    assert second.returncode == 0, second.stdout + second.stderr

    con = duckdb.connect(str(warehouse), read_only=True)
    per_source = con.execute("SELECT source, count(*) FROM snapshots GROUP BY source").fetchall()
    assert sorted(s for s, _ in per_source) == sorted(urls)
    assert all(n == 1 for _, n in per_source)
    resumed = con.execute("SELECT as_of FROM snapshots WHERE snapshot_id > ? ORDER BY snapshot_id",
                          [loaded_before]).fetchall()
    assert [r[0] for r in resumed] == sorted(r[0] for r in resumed)  # as-of order
    orphans = con.execute("SELECT count(*) FROM figures WHERE snapshot_id NOT IN (SELECT snapshot_id FROM snapshots)")
    assert orphans.fetchone()[0] == 0
    con.close()


@pytest.mark.usefixtures("prefect_api")
def test_backfill_on_a_local_dask_cluster_of_two_workers(httpserver, tmp_path):
    from prefect_dask import DaskTaskRunner

    from samples.generate import write_samples

    urls = _serve_two_programmes(httpserver)[:4]
    files = write_samples(tmp_path / "bulletins", range(5, 7))  # a folder source: discovered, then fetched
    runner = DaskTaskRunner(cluster_kwargs={"n_workers": 2, "threads_per_worker": 1, "dashboard_address": None})
    summary = backfill.with_options(task_runner=runner)(sources=[*urls, str(tmp_path / "bulletins")],
                                                        warehouse=str(tmp_path / "wh.duckdb"),
                                                        report_dir=str(tmp_path / "r"))
    assert summary.ok
    assert sorted(b.source for b in summary.bulletins if b.snapshot_id) == sorted(
        [*urls, *(f.resolve().as_uri() for f in files)])


@pytest.mark.usefixtures("prefect_api")
def test_files_loaded_by_the_monthly_flow_are_skipped_by_a_backfill_of_their_folder(tmp_path, monkeypatch):
    from flows.monthly import monthly
    from samples.generate import write_samples

    paths = write_samples(tmp_path / "bulletins", range(1, 4))
    warehouse, reports = str(tmp_path / "wh.duckdb"), str(tmp_path / "r")
    assert monthly(sources=[str(paths[0])], warehouse=warehouse, report_dir=reports).ok
    monkeypatch.chdir(tmp_path)
    summary = backfill(sources=["bulletins/"], warehouse=warehouse, report_dir=reports)  # a relative folder
    assert summary.ok and sum(1 for b in summary.bulletins if b.created) == 2
    con = duckdb.connect(warehouse, read_only=True)
    sources = [row[0] for row in con.execute("SELECT source FROM snapshots ORDER BY snapshot_id").fetchall()]
    con.close()
    # one snapshot per file, each named by its file URI whichever command loaded it
    assert sources == [p.resolve().as_uri() for p in paths]


@pytest.mark.usefixtures("prefect_api")
def test_a_backfill_with_a_bulletin_not_loaded_ends_failed_holding_its_summary(httpserver, tmp_path):
    from flows.monthly import run_summary

    good = _serve_two_programmes(httpserver)[:2]
    httpserver.expect_request("/临江/2025-13.html").respond_with_data("not here", status=404)
    missing = httpserver.url_for("/临江/2025-13.html")
    warehouse = tmp_path / "wh.duckdb"

    state = backfill(sources=[*good, missing], warehouse=str(warehouse), report_dir=str(tmp_path / "r"),
                     return_state=True)

    summary = run_summary(state)
    assert state.is_failed()
    assert state.message.startswith("1 of 3 bulletins not loaded; everything read is stored. Report: ")
    assert {b.source: b.error for b in summary.bulletins if b.error} == {missing: "HTTP 404 NOT FOUND"}
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 2  # the good ones are stored
    con.close()
