"""The console command as a user runs it: a separate process, its own temporary Prefect server."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.corpus import SEED, needs_corpus, seed_as_html


def _cli(*args, cwd, timeout=600):
    env = dict(os.environ, PYTHONWARNINGS="default")
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


@needs_corpus
def test_extract_json_prints_one_gold_shaped_object_per_bulletin(tmp_path):
    page = tmp_path / "seed.html"
    page.write_text(seed_as_html(), encoding="utf-8")
    done = _cli("extract", str(SEED), str(page), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["source"] for r in records] == [str(SEED), str(page)]
    for record in records:
        assert record["document"]["as_of"] == "2020-10-31"
        first = record["metrics"][0]
        assert (first["item"], first["value"], first["unit"], first["pct_of_plan"], first["target"]) == \
               ("1", 41.58, "万人", 138.6, 30)


@needs_corpus
def test_run_from_the_command_line_against_a_url(httpserver, tmp_path):
    httpserver.expect_request("/seed.html").respond_with_data(seed_as_html().encode("utf-8"),
                                                              content_type="text/html; charset=utf-8")
    warehouse = tmp_path / "wh.duckdb"
    done = _cli("run", "--source", httpserver.url_for("/seed.html"), "--warehouse", str(warehouse),
                "--report-dir", str(tmp_path / "reports"), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 bulletin read: 1 loaded (1 passed, 0 warned), 0 failed validation, 0 unchanged, 0 not loaded" \
           in done.stdout
    assert "76 figures" not in done.stderr
    # Every figure of the seed has a metric key of its own (no "ambiguous metric key" line), and nothing is printed
    # on stderr.
    assert "ambiguous metric key" not in done.stdout and done.stderr == ""
    for noise in ("Traceback", "telemetry", "Warning", "WARNING", "analytics", "great_expectations"):
        assert noise not in done.stdout + done.stderr, noise
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM figures").fetchone()[0] >= 70
    con.close()


def test_missing_file_exits_non_zero_naming_it(tmp_path):
    done = _cli("extract", str(tmp_path / "absent.html"), cwd=tmp_path)
    assert done.returncode == 1
    assert "absent.html: no such file" in done.stderr


def test_backfill_in_a_log_prints_lines_not_a_bar_and_exits_1_naming_the_empty_file(tmp_path):
    from samples.generate import write_samples

    write_samples(tmp_path / "bulletins", range(1, 3))
    (tmp_path / "empty.html").write_text("")
    done = _cli("backfill", "--source", "bulletins", "--source", "empty.html", "--warehouse",
                str(tmp_path / "wh.duckdb"), cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "load: 2/2 bulletins, 24 figures, 0 failed" in done.stdout  # stderr is a pipe here: lines, no bar
    assert "ETA" not in done.stdout + done.stderr
    assert "3 bulletins read: 2 loaded (2 passed, 0 warned), 0 failed validation, 0 unchanged, 1 not loaded" \
           in done.stdout
    assert f"  not loaded: {tmp_path / 'empty.html'}: empty body" in done.stdout  # a path, not a file URI
    assert len(list((tmp_path / "reports").glob("backfill-*.html"))) == 1  # beside the warehouse
    for noise in ("Task run", "Starting temporary server", "See https://", "Traceback", "Finished in state"):
        assert noise not in done.stderr, noise  # Prefect's INFO lines only with --verbose


def test_backfill_with_a_missing_file_stops_before_anything_runs(tmp_path):
    done = _cli("backfill", "--source", "absent.html", "--warehouse", str(tmp_path / "wh.duckdb"), cwd=tmp_path,
                timeout=60)
    assert done.returncode == 2
    assert done.stderr == "error absent.html: no such file or folder\n"
    assert not (tmp_path / "wh.duckdb").exists()


def test_a_warehouse_held_by_a_bi_tool_is_named_in_one_line_before_prefect_starts(tmp_path):
    from tests.warehouse.loading import PROJECT_ROOT
    from tests.warehouse.test_publish import HOLDER
    from warehouse import store

    warehouse = tmp_path / "wh.duckdb"
    store.connect(warehouse).close()
    reader = subprocess.Popen([sys.executable, "-c", HOLDER, str(warehouse)], cwd=PROJECT_ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "0"  # a BI tool has the file open
        done = _cli("run", "--warehouse", str(warehouse), cwd=tmp_path, timeout=60)
    finally:
        reader.communicate("\n", timeout=30)
    assert done.returncode == 1
    assert f"cannot open warehouse {warehouse}" in done.stderr and "Another process holds it" in done.stderr
    assert "Traceback" not in done.stderr and "prefect" not in done.stderr.lower()


@pytest.mark.parametrize("mode, failed", [("--no-prefect", "the run failed"), ("--prefect", "the flow run failed")])
def test_a_run_that_fails_ends_the_command_with_one_line(tmp_path, mode, failed):
    (tmp_path / "reports").write_text("a file where the report folder should be")
    from flows import SAMPLES_DIR

    done = _cli("run", mode, "--source", str(SAMPLES_DIR / "linjiang-2025-01.html"), "--warehouse",
                str(tmp_path / "wh.duckdb"), "--report-dir", "reports", cwd=tmp_path)
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error ")]
    assert len(errors) == 1 and errors[0].startswith(f"error {failed}: NotADirectoryError")
    assert "╭" not in done.stderr  # no second traceback from the command itself (Prefect has logged the flow's)
    if mode == "--no-prefect":
        assert "Traceback" not in done.stderr


def test_the_demo_shows_the_restatement_and_the_missing_month(tmp_path):
    """`make demo` = `progress-warehouse run` on the bundled samples (here from a folder without a sources.toml:
    the bundled samples/sources.toml, with the same calendar as the checkout's): August was never published and
    October was re-published corrected."""
    done = _cli("run", "--warehouse", str(tmp_path / "w.duckdb"), "--report-dir", str(tmp_path / "reports"),
                cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert ("12 bulletins read: 12 loaded (12 passed, 0 warned), 0 failed validation, 0 unchanged, 0 not loaded"
            in done.stdout)
    assert ("freshness linjiang-samples: complete; latest 2025-12, next none due -; 2025-08 missing (a later "
            "month arrived)") in done.stdout
    restated = ("restated (republished) item 4 老旧小区已开工改造 as of 2025-10-31: 132个 → 133个, "
                "percent 88 → 88.7 (snapshot 9 → 10)")
    assert restated in done.stdout
    report = next((tmp_path / "reports").glob("validation-*.md")).read_text(encoding="utf-8")
    assert "2025-08 missing (a later month arrived)" in report
    assert "132个 → 133个, percent 88 → 88.7 (snapshot 9 → 10)" in report
    # docs/warehouse.md: every time-travel example returns rows on the demo data
    docs = (Path(__file__).resolve().parents[2] / "docs" / "warehouse.md").read_text(encoding="utf-8")
    block = docs.split("## Time travel", 1)[1].split("```sql", 1)[1].split("```", 1)[0]
    statements = [s.strip() for s in re.sub(r"--[^\n]*", "", block).split(";") if s.strip()]
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        counts = {sql: len(con.execute(sql).fetchall()) for sql in statements}
    finally:
        con.close()
    assert len(counts) == 8 and all(counts.values()), counts
    assert counts["SELECT * FROM figures_as_of_snapshot(9)"] == 108
    status = _cli("status", "--warehouse", str(tmp_path / "w.duckdb"), "--json", cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    (row,) = json.loads(status.stdout)
    assert (row["status"], row["missing_months"], row["late_months"], row["snapshots"]) == \
           ("complete", ["2025-08"], [], 12)


def test_library_retry_warnings_are_printed_only_with_verbose(tmp_path):
    """Two URLs nobody answers: normal output is the summary and one line per bulletin not loaded; urllib3's
    "Retrying (…)" warnings (one per retry per URL) appear only with --verbose."""
    (tmp_path / "fast.toml").write_text(
        '[fetch]\nretries = 2\nbackoff_factor = 0\ntask_retries = 0\n\n[[source]]\nname = "x"\nregion = "临江市"\n'
        'programme = "市办实事"\nlisting = ["http://127.0.0.1:9/list.html"]\nlink_title = "实事"\n',
        encoding="utf-8")
    urls = ["http://127.0.0.1:9/a.html", "http://127.0.0.1:9/b.html"]
    args = ["run", "--no-prefect", "--sources-file", "fast.toml", "--source", urls[0], "--source", urls[1]]

    done = _cli(*args, "--warehouse", "quiet.duckdb", cwd=tmp_path, timeout=120)
    assert done.returncode == 1
    assert "Retrying" not in done.stderr and "urllib3" not in done.stderr
    # One format for every "not loaded" line, as the summary and an extraction failure print it: "<source>: <reason>".
    assert sorted(done.stderr.splitlines()) == [
        f"WARNING not loaded: {url}: connection refused by 127.0.0.1:9 after 3 attempts" for url in urls]
    assert "2 bulletins read: 0 loaded" in done.stdout

    loud = _cli(*args, "--warehouse", "loud.duckdb", "--verbose", cwd=tmp_path, timeout=120)
    retries = [line for line in loud.stderr.splitlines() if "urllib3.connectionpool" in line and "Retrying" in line]
    assert len(retries) == 4, loud.stderr  # two retries of each URL
