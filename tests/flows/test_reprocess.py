"""Reprocess: archived bulletins re-extracted by a newer extractor version and loaded as superseding snapshots."""

import dataclasses
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import flows.summary
import flows.parallel
from flows.monthly import monthly_locally
from flows.summary import summary_lines
from flows.reprocess import reprocess, reprocess_locally
from samples.generate import bulletin_html
from transforms import record
from warehouse.archive import archive_path

ROOT = Path(__file__).resolve().parents[2]
OLD = record.EXTRACTOR_VERSION
BUMPED = OLD + ".1"
"""A version newer than the current one (PEP 440: 0.2.0 < 0.2.0.1), whatever the current one is."""


def _two_programmes(folder: Path) -> list[Path]:
    folder.mkdir(parents=True)
    paths = []
    for city in ("临江", "青州"):
        for month in range(1, 13):
            path = folder / f"{city}-{month:02d}.html"
            path.write_text(bulletin_html(month).replace("临江", city), encoding="utf-8")
            paths.append(path)
    return paths


@pytest.fixture
def loaded(tmp_path):
    """24 bulletins (two programmes, twelve months) loaded by the current extractor, without Prefect."""
    paths = _two_programmes(tmp_path / "bulletins")
    warehouse = tmp_path / "wh.duckdb"
    summary = monthly_locally(
        sources=[str(tmp_path / "bulletins")], warehouse=str(warehouse), report_dir=str(tmp_path / "r")
    )
    assert summary.ok and sum(1 for b in summary.bulletins if b.created) == 24
    return warehouse, paths


def _rows(warehouse: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_reprocess_supersedes_each_snapshot_keeps_the_old_ones_and_reports_what_changed(loaded, tmp_path, monkeypatch):
    warehouse, paths = loaded
    (before,) = _rows(warehouse, "SELECT max(loaded_at) FROM snapshots")[0]
    old_figures = _rows(warehouse, "SELECT metric_key, value, pct_of_plan FROM current_figures ORDER BY ALL")
    march = paths[2].resolve().as_uri()  # 临江-03

    real = flows.parallel.read_bulletin

    def improved(text: str):
        """The "new extractor": reads March of 临江 differently (one figure fewer, one relabelled, one percent
        misread), every other bulletin as before."""
        extraction = real(text)
        if isinstance(extraction, str) or "临江" not in text or extraction.document.as_of.month != 3:
            return extraction
        figures = list(extraction.figures[:-1])
        figures[0] = dataclasses.replace(figures[0], label="城镇新增就业人数")
        checked = next(i for i, f in enumerate(figures) if f.target is not None and f.pct_of_plan is not None)
        figures[checked] = dataclasses.replace(
            figures[checked],
            pct_of_plan=figures[checked].pct_of_plan + 10,
            pct_text=str(figures[checked].pct_of_plan + 10),
        )
        return dataclasses.replace(extraction, figures=figures)

    monkeypatch.setattr(record, "EXTRACTOR_VERSION", BUMPED)
    monkeypatch.setattr(flows.parallel, "read_bulletin", improved)
    summary = reprocess_locally(warehouse=str(warehouse), report_dir=str(tmp_path / "r"), workers=0)

    new = [b for b in summary.bulletins if b.created]
    assert len(new) == 24
    assert _rows(
        warehouse, "SELECT count(*), count(DISTINCT source) FROM snapshots WHERE extractor_version = ?", [BUMPED]
    ) == [(24, 24)]
    # each new snapshot supersedes its source's old one, and the old ones are all still stored
    assert _rows(
        warehouse,
        "SELECT count(*) FROM snapshots n JOIN snapshots o ON n.supersedes = o.snapshot_id "
        "AND o.source = n.source AND o.document_sha256 = n.document_sha256 "
        "WHERE n.extractor_version = ? AND o.extractor_version = ?",
        [BUMPED, OLD],
    ) == [(24,)]
    # time travel to before the reprocess shows the old figures
    assert (
        _rows(
            warehouse,
            "SELECT metric_key, value, pct_of_plan FROM figures_as_of_time(?::TIMESTAMP) ORDER BY ALL",
            [before],
        )
        == old_figures
    )

    changes = {r.source: r for r in summary.reprocessed}
    assert len(changes) == 24
    assert [s for s, r in changes.items() if not r.unchanged] == [march]
    march_change = changes[march]
    assert (
        len(march_change.added),
        len(march_change.removed),
        march_change.figures_before,
        march_change.figures_after,
    ) == (0, 1, 12, 11)
    (changed,) = march_change.changed  # the first figure: relabelled, and its percent misread
    assert [name for name, _, _ in changed.fields] == ["label", "pct_of_plan"]
    assert changed.fields[0][2] == "城镇新增就业人数"
    assert any(
        c.rule == "pct_matches_stated_target" and (c.before, c.after) == ("passed", "failed")
        for c in march_change.checks
    )
    assert (march_change.previous_status, march_change.status) == ("passed", "failed")
    lines = summary_lines(summary)
    assert any(
        line.startswith(f"re-extracted 24 bulletins with extractor {BUMPED} (was ")
        and "1 read differently: 0 figures added, 1 removed, 1 changed" in line
        for line in lines
    )
    markdown = Path(summary.report_markdown).read_text(encoding="utf-8")
    html = Path(summary.report_html).read_text(encoding="utf-8")
    assert "## Changes between extractor versions" in markdown and "城镇新增就业人数" in markdown
    assert 'id="reprocessed"' in html and "城镇新增就业人数" in html and "<script" not in html

    again = reprocess_locally(warehouse=str(warehouse), report_dir=str(tmp_path / "r"), workers=0)
    assert again.bulletins == [] and again.reprocessed == []
    assert _rows(warehouse, "SELECT count(*) FROM snapshots") == [(48,)]


def test_a_corrupted_or_missing_archive_file_is_named_and_left_as_it_is(loaded, tmp_path, monkeypatch):
    warehouse, paths = loaded
    archive = warehouse.parent / "archive"
    digests = dict(_rows(warehouse, "SELECT source, document_sha256 FROM snapshots"))
    corrupted, missing = paths[4].resolve().as_uri(), paths[17].resolve().as_uri()
    archive_path(archive, digests[corrupted]).write_bytes(b"<html>altered</html>")
    archive_path(archive, digests[missing]).unlink()

    monkeypatch.setattr(record, "EXTRACTOR_VERSION", BUMPED)
    summary = reprocess_locally(warehouse=str(warehouse), report_dir=str(tmp_path / "r"), workers=2)

    assert not summary.ok
    failed = {b.source: b.error for b in summary.failures}
    assert set(failed) == {corrupted, missing}
    assert "does not match its SHA-256" in failed[corrupted] and "is missing" in failed[missing]
    assert sum(1 for b in summary.bulletins if b.created) == 22
    # left as they are: each still has only its old snapshot
    assert _rows(
        warehouse,
        "SELECT source, extractor_version FROM snapshots WHERE list_contains(?, source) ORDER BY source",
        [[corrupted, missing]],
    ) == sorted([(corrupted, OLD), (missing, OLD)])
    assert any(line.startswith(f"  not loaded: {paths[4].resolve()}: archived body") for line in summary_lines(summary))


def test_source_and_month_limits_select_what_is_reprocessed(loaded, tmp_path, monkeypatch):
    warehouse, paths = loaded
    monkeypatch.setattr(record, "EXTRACTOR_VERSION", BUMPED)
    one = reprocess_locally(
        sources=[str(paths[0])], warehouse=str(warehouse), report_dir=str(tmp_path / "r"), workers=0
    )
    assert [b.source for b in one.bulletins if b.created] == [paths[0].resolve().as_uri()]
    months = reprocess_locally(
        sources=[str(paths[0].parent)],
        since="2025-11",
        until="2025-12",
        warehouse=str(warehouse),
        report_dir=str(tmp_path / "r"),
        workers=0,
    )
    assert sorted(b.source for b in months.bulletins if b.created) == sorted(
        p.resolve().as_uri() for p in paths if p.stem.endswith(("-11", "-12"))
    )


def test_a_killed_reprocess_resumes_and_loads_each_bulletin_exactly_once(loaded, tmp_path):
    warehouse, paths = loaded
    old = "0.1.0"  # the warehouse as an older extractor left it (the subprocess runs the current one)
    con = duckdb.connect(str(warehouse))
    con.execute("UPDATE snapshots SET extractor_version = ?", [old])
    con.close()
    args = [
        sys.executable,
        "-m",
        "flows.cli",
        "reprocess",
        "--quiet",
        "--batch-size",
        "4",
        "--workers",
        "1",
        "--no-prefect",
        "--warehouse",
        str(warehouse),
        "--report-dir",
        str(tmp_path / "r"),
    ]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    first = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    for line in first.stdout:
        if re.match(r"reprocess: [1-9]\d*/24 ", line):
            first.send_signal(signal.SIGKILL)  # half-way: the first batches are loaded, the rest not
            break
    first.wait(timeout=300)
    first.stdout.close()
    assert first.returncode == -signal.SIGKILL
    (done_before,) = _rows(warehouse, "SELECT count(*) FROM snapshots WHERE extractor_version <> ?", [old])[0]
    assert 0 < done_before < 24

    second = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert second.returncode == 0, second.stdout + second.stderr
    assert f"re-extracted {24 - done_before} bulletins" in second.stdout

    per_source = _rows(
        warehouse,
        "SELECT source, count(*) FILTER (WHERE extractor_version = ?), "
        "count(*) FILTER (WHERE extractor_version <> ?) FROM snapshots GROUP BY source",
        [old, old],
    )
    assert sorted(s for s, _, _ in per_source) == sorted(p.resolve().as_uri() for p in paths)
    assert all((o, n) == (1, 1) for _, o, n in per_source)
    assert _rows(
        warehouse, "SELECT count(*) FROM figures WHERE snapshot_id NOT IN (SELECT snapshot_id FROM snapshots)"
    ) == [(0,)]


@pytest.mark.usefixtures("prefect_api")
def test_reprocess_on_a_local_dask_cluster_of_two_workers(loaded, tmp_path, monkeypatch):
    from prefect_dask import DaskTaskRunner

    warehouse, paths = loaded
    digests = dict(_rows(warehouse, "SELECT source, document_sha256 FROM snapshots"))
    corrupted = paths[7].resolve().as_uri()
    archive_path(warehouse.parent / "archive", digests[corrupted]).write_bytes(b"altered")
    monkeypatch.setattr(record, "EXTRACTOR_VERSION", BUMPED)
    runner = DaskTaskRunner(cluster_kwargs={"n_workers": 2, "threads_per_worker": 1, "dashboard_address": None})
    state = reprocess.with_options(task_runner=runner)(
        warehouse=str(warehouse), report_dir=str(tmp_path / "r"), batch_size=10, return_state=True
    )
    summary = flows.summary.run_summary(state)
    assert state.is_failed() and corrupted in state.message
    assert [b.source for b in summary.failures] == [corrupted]
    assert sum(1 for b in summary.bulletins if b.created) == 23
    assert _rows(warehouse, "SELECT count(*) FROM snapshots WHERE extractor_version = ?", [BUMPED]) == [(23,)]
    assert all(r.unchanged for r in summary.reprocessed)
