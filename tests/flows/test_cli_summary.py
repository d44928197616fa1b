"""What `run` prints, as a user reads it: one vocabulary (read, loaded, failed validation, unchanged, not loaded)
from the first line to the last, and a refused connection named as such within seconds. Runs the command in a
separate process without a Prefect server (the one-off local run)."""

import os
import socket
import subprocess
import sys
import time

from samples.generate import write_samples


def _cli(*args, cwd, timeout=300):
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_a_run_with_a_failed_validation_a_404_and_an_unchanged_bulletin_reads_consistently(httpserver, tmp_path):
    good = write_samples(tmp_path / "good", [1])[0]
    bad = write_samples(tmp_path / "bad", [2], fault="pct")[0]
    warehouse = tmp_path / "data" / "wh.duckdb"
    first = _cli("run", "--source", str(good), "--warehouse", str(warehouse), cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    httpserver.expect_request("/missing.html").respond_with_data("not here", status=404)
    missing = httpserver.url_for("/missing.html")

    done = _cli(
        "run",
        "--source",
        str(good),
        "--source",
        str(bad),
        "--source",
        missing,
        "--warehouse",
        str(warehouse),
        cwd=tmp_path,
    )

    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[:3] == [
        "3 bulletins read: 0 loaded (0 passed, 0 warned), 1 failed validation, 1 unchanged, 1 not loaded",
        "figures: 12 in 1 new snapshot",
        lines[2],
    ]
    assert lines[2].startswith("checks: ") and ", 1 error, 0 warnings, " in lines[2]
    assert f"  snapshot 1 (unchanged, passed) {good}" in lines
    assert f"  snapshot 2 (new, failed validation) {bad}" in lines
    assert f"  not loaded: {missing}: HTTP 404 NOT FOUND" in lines
    assert lines[-1].startswith(f"report: {warehouse.parent / 'reports' / 'validation-local-'}")
    assert "Traceback" not in done.stdout + done.stderr


def test_a_refused_connection_is_reported_as_refused_in_seconds(tmp_path):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/bulletin.html"
    started = time.monotonic()
    done = _cli("run", "--source", url, "--warehouse", str(tmp_path / "wh.duckdb"), cwd=tmp_path)
    elapsed = time.monotonic() - started
    assert done.returncode == 1
    # 4 attempts: the first and urllib3's 3 connect retries, counted by the fetch's watchdog (issue 14)
    assert f"  not loaded: {url}: connection refused by 127.0.0.1:{port} after 4 attempts" in done.stdout
    assert "timed out" not in done.stdout + done.stderr
    assert elapsed < 20, elapsed  # urllib3's 3 connect retries (0.5 + 1 + 2 s), no 30 s task retries


def test_an_input_error_is_one_line_on_stderr_within_a_second(tmp_path):
    started = time.monotonic()
    done = _cli("run", "--source", "absent.html", "--source", "no-such-source", cwd=tmp_path)
    elapsed = time.monotonic() - started
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("error unknown source 'no-such-source'") and done.stderr.count("\n") == 1
    assert elapsed < 3, elapsed  # the benchmark measures the command itself: benchmarks/bench_startup.py
