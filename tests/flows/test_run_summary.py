"""What ends a run Completed or Failed: `RunSummary.problems` and `final_state` (no Prefect server needed)."""

import polars as pl

from expectations.report import BulletinReport
from flows.ingest.tally import SourceFetch
from flows.summary import RunSummary, final_state


def _summary(**changes) -> RunSummary:
    fields = dict(flow_run_id="run-1", warehouse="wh.duckdb", report_markdown="r.md", report_html="r.html",
                  bulletins=[BulletinReport(source="a.html", snapshot_id=1, created=True)])
    return RunSummary(**(fields | changes))


def test_a_run_with_every_input_loaded_and_published_completes_with_its_summary():
    summary = _summary()
    assert summary.ok and summary.problems() == []
    assert final_state(summary) is summary  # a flow returning plain data ends Completed


def test_each_kind_of_problem_is_named_once_and_fails_the_run():
    checks = pl.DataFrame({"passed": [False, False, True], "severity": ["error", "warning", "error"]})
    summary = _summary(
        bulletins=[BulletinReport(source="a.html", snapshot_id=1, results=checks),
                   BulletinReport(source="gone.html", error="HTTP 404 NOT FOUND")],
        sources=[SourceFetch(source="web", kind="listing", failed=1,
                             problems=[("gone.html", "HTTP 404 NOT FOUND"), ("list_2.html", "timed out")])],
        publish_error="cannot open warehouse wh.duckdb")

    assert summary.problems() == ["1 of 2 bulletins not loaded (gone.html: HTTP 404 NOT FOUND)",
                                  "error-level checks failed: 1",
                                  "source web: not read: list_2.html",  # gone.html is counted as a bulletin
                                  "not published for BI: cannot open warehouse wh.duckdb"]
    state = final_state(summary)
    assert state.is_failed() and state.data is summary
    assert state.message == ("1 of 2 bulletins not loaded (gone.html: HTTP 404 NOT FOUND); error-level checks "
                             "failed: 1; source web: not read: list_2.html; not published for BI: cannot open "
                             "warehouse wh.duckdb; everything read is stored. Report: r.html")


def test_a_warning_alone_does_not_fail_the_run():
    checks = pl.DataFrame({"passed": [False], "severity": ["warning"]})
    assert _summary(bulletins=[BulletinReport(source="a.html", snapshot_id=1, results=checks)]).ok
