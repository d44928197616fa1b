"""Backfill: two programmes of twelve months over local HTTP, killed half-way, resumed: each loaded once."""

import datetime as dt
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from flows.backfill import backfill, in_range
from samples.generate import bulletin_html


def _serve_two_programmes(httpserver) -> list[str]:
    urls = []
    for city in ("临江", "青州"):  # real city names: a region the gazetteer does not know stays null
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
    for malformed in ("2025-3-1", "2025-3", "2025-13", "202503"):
        with pytest.raises(ValueError, match="--since must be YYYY-MM"):
            in_range(None, malformed, None)
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
    assert {region for region, _ in rows} == {"临江市", "青州市"}


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
    from flows.summary import run_summary

    good = _serve_two_programmes(httpserver)[:2]
    httpserver.expect_request("/临江/2025-13.html").respond_with_data("not here", status=404)
    missing = httpserver.url_for("/临江/2025-13.html")
    warehouse = tmp_path / "wh.duckdb"

    state = backfill(sources=[*good, missing], warehouse=str(warehouse), report_dir=str(tmp_path / "r"),
                     return_state=True)

    summary = run_summary(state)
    assert state.is_failed()
    assert state.message.startswith(f"1 of 3 bulletins not loaded ({missing}: HTTP 404 NOT FOUND); everything "
                                    "read is stored. Report: ")
    assert {b.source: b.error for b in summary.bulletins if b.error} == {missing: "HTTP 404 NOT FOUND"}
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 2  # the good ones are stored
    con.close()


def _markdown_table(markdown: str, heading: str) -> list[list[str]]:
    """The rows of the first table after `heading`, as cells (header and rule lines dropped)."""
    section = markdown.split(heading, 1)[1].split("\n## ", 1)[0]
    rows = [line.strip("|").split(" | ") for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row] for row in rows[1:]]


@pytest.mark.usefixtures("prefect_api")
def test_backfill_report_counts_equal_the_warehouse_validation_results(tmp_path):
    from expectations.report import NOT_KEPT_NOTE
    from samples.generate import write_samples

    paths = write_samples(tmp_path / "bulletins", range(1, 4))
    warehouse, reports = str(tmp_path / "wh.duckdb"), tmp_path / "r"
    summary = backfill(sources=[str(tmp_path / "bulletins")], warehouse=warehouse, report_dir=str(reports),
                       batch_size=2)  # two batches: two GX validation results
    assert summary.ok
    con = duckdb.connect(warehouse, read_only=True)
    per_bulletin = {source: (as_of, passed, pct) for source, as_of, passed, pct in con.execute(
        "SELECT s.source, s.as_of, count(*) FILTER (WHERE v.passed), "
        "count(*) FILTER (WHERE v.passed AND v.rule = 'pct_matches_stated_target') "
        "FROM validation_results v JOIN snapshots s USING (snapshot_id) GROUP BY ALL").fetchall()}
    per_rule = {rule: (passed, failed) for rule, passed, failed in con.execute(
        "SELECT rule, count(*) FILTER (WHERE passed), count(*) FILTER (WHERE NOT passed) FROM validation_results "
        "GROUP BY rule").fetchall()}
    gx_file = dict(con.execute("SELECT s.source, r.gx_result_path FROM validation_runs r JOIN snapshots s "
                               "USING (snapshot_id)").fetchall())
    con.close()
    uris = [p.resolve().as_uri() for p in paths]
    assert sorted(per_bulletin) == sorted(uris) and len(set(gx_file.values())) == 2
    assert all(passed > 80 and pct == 8 for _, passed, pct in per_bulletin.values())  # real counts, not 0

    markdown = Path(summary.report_markdown).read_text(encoding="utf-8")
    bulletins = {row[0]: row for row in _markdown_table(markdown, "## Bulletins")}
    batches = {line.split("`")[1]: line.split(":")[0].removeprefix("- batch ")
               for line in markdown.split("## GX validation results", 1)[1].splitlines() if line.startswith("- ")}
    for source, (as_of, passed, _) in per_bulletin.items():
        row = bulletins[source]
        assert (row[1], row[5]) == (str(as_of), str(passed))  # as of and checks passed
        assert row[9] == batches[gx_file[source]]  # the batch whose GX result JSON holds its checks
    rules = {row[0]: (int(row[2]), int(row[3])) for row in _markdown_table(markdown, "## Checks per rule")}
    assert {rule: counts for rule, counts in rules.items() if counts != (0, 0)} == per_rule
    passed_pct = markdown.split("## Passed percent checks (stated targets)", 1)[1].split("\n## ", 1)[0]
    assert NOT_KEPT_NOTE in passed_pct  # counted (above), not listed: the note says where the rows are
    assert summary.count(None, passed=True) == sum(p for _, p, _ in per_bulletin.values())
