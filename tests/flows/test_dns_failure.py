"""A host name that does not resolve fails fast, named as such: not retried by urllib3 nor by the task retries
meant for timeouts, and not reported as a timeout. Names under the reserved .invalid TLD (RFC 2606) never resolve,
so these tests need no network; the working bulletin comes from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import time

import pytest

from flows.ingest.fetch import FetchLimits, fetch, make_session
from samples.generate import bulletin_html
from tests.flows.test_cli import _cli
from transforms.errors import FetchError

MISSING = "http://bulletins.example.invalid/2025-10.html"


def test_an_unresolvable_host_fails_at_once_with_host_not_found():
    limits = FetchLimits(retries=3, backoff_factor=0.5)  # would wait 0.5 + 1 + 2 s between retries of a timeout
    started = time.monotonic()
    with pytest.raises(FetchError) as raised:
        fetch(MISSING, make_session(limits=limits), limits=limits)
    elapsed = time.monotonic() - started
    error = raised.value
    assert error.reason == (
        "host not found: bulletins.example.invalid does not resolve (DNS: no such name); check the URL's host name"
    )
    assert (error.transient, error.attempts) == (False, 1)  # no task retry, no urllib3 retry
    assert elapsed < 2, elapsed
    assert MISSING in str(error)


def test_a_run_names_the_missing_host_in_seconds_and_loads_the_other_bulletin(httpserver, tmp_path):
    """The command as a user runs it, with the checkout's default retries (urllib3 3, task retries 2 × 30 s): the
    unresolvable URL used to take ~70 s and read "timed out (connect 5 s / read 30 s) after 4 attempts"."""
    (tmp_path / "sources.toml").write_text(
        "[fetch]\nretries = 3\nbackoff_factor = 0.5\ntask_retries = 2\ntask_retry_delay_s = 30\n\n"
        '[[source]]\nname = "x"\nregion = "临江市"\nprogramme = "市办实事"\nlisting = ["http://127.0.0.1:9/list.html"]\n'
        'link_title = "实事"\n',  # not read: --source names the bulletins
        encoding="utf-8",
    )
    httpserver.expect_request("/2025-09.html").respond_with_data(
        bulletin_html(9), content_type="text/html; charset=utf-8"
    )
    started = time.monotonic()
    done = _cli(
        "run",
        "--no-prefect",
        "--sources-file",
        "sources.toml",
        "--source",
        MISSING,
        "--source",
        httpserver.url_for("/2025-09.html"),
        "--warehouse",
        "w.duckdb",
        cwd=tmp_path,
        timeout=120,
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr.splitlines() == [
        f"WARNING not loaded: {MISSING}: host not found: bulletins.example.invalid does not resolve (DNS: no such "
        "name); check the URL's host name"
    ]
    assert "2 bulletins read: 1 loaded (1 passed, 0 warned)" in done.stdout
    assert "timed out" not in done.stdout + done.stderr
    assert elapsed < 30, elapsed  # one task retry delay alone is 30 s
