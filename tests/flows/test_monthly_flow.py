"""The monthly flow end to end against a real local HTTP server and a temporary DuckDB warehouse."""

from decimal import Decimal

import duckdb
import pytest

from flows.monthly import monthly
from flows.summary import run_summary
from flows import SAMPLES_DIR
from tests.corpus import needs_corpus, seed_as_html

pytestmark = pytest.mark.usefixtures("prefect_api")


def _figure(con, item, label):
    return con.execute(
        "SELECT f.value, f.unit, f.pct_of_plan, f.target, f.target_unit, f.id, f.snapshot_id FROM figures f "
        "WHERE f.item = ? AND f.label = ?", [item, label]).fetchone()


def _check(con, snapshot_id, figure_id, rule="pct_matches_stated_target"):
    return con.execute("SELECT passed, reported, expected FROM validation_results WHERE snapshot_id = ? "
                       "AND figure_id = ? AND rule = ?", [snapshot_id, figure_id, rule]).fetchone()


@needs_corpus
def test_real_seed_bulletin_from_http_to_snapshot(httpserver, tmp_path):
    httpserver.expect_request("/news/2020-11-11/shibanshishi.html").respond_with_data(
        seed_as_html().encode("utf-8"), content_type="text/html; charset=utf-8")
    url = httpserver.url_for("/news/2020-11-11/shibanshishi.html")
    warehouse = tmp_path / "wh.duckdb"

    summary = monthly(sources=[url], warehouse=str(warehouse), report_dir=str(tmp_path / "reports"))

    assert summary.ok, [b.error for b in summary.bulletins]
    con = duckdb.connect(str(warehouse), read_only=True)
    as_of, status, region, year = con.execute(
        "SELECT as_of, status, region, program_year FROM snapshots WHERE source = ?", [url]).fetchone()
    assert (str(as_of), region, year) == ("2020-10-31", "青岛市", 2020)
    assert status in ("passed", "warned")
    assert con.execute("SELECT count(*) FROM items").fetchone()[0] == 36

    value, unit, pct, target, target_unit, fid, sid = _figure(con, "1", "城镇新增就业")
    assert (value, unit, pct, target, target_unit) == (Decimal("41.58"), "万人", Decimal("138.6"), Decimal(30), "万人")
    assert _check(con, sid, fid) == (True, "138.6", "138.6")

    value, unit, pct, target, target_unit, fid, sid = _figure(con, "2", "聚集各类人才")
    assert (value, unit, pct, target, target_unit) == (Decimal("21.49"), "万人", Decimal(86), Decimal(25), "万人")
    assert _check(con, sid, fid) == (True, "86", "86")  # 85.96 rounds half-up to 86
    con.close()
    assert "138.6" in (tmp_path / "reports").joinpath(summary.report_html.split("/")[-1]).read_text()


def test_bad_inputs_are_named_and_the_rest_still_loads(httpserver, tmp_path):
    warehouse = tmp_path / "wh.duckdb"
    good = str(SAMPLES_DIR / "linjiang-2025-01.html")
    first = monthly(sources=[good], warehouse=str(warehouse), report_dir=str(tmp_path / "r1"))
    assert first.ok
    con = duckdb.connect(str(warehouse), read_only=True)
    before = con.execute("SELECT * FROM figures ORDER BY id").fetchall()
    con.close()

    httpserver.expect_request("/missing.html").respond_with_data("not here", status=404)
    httpserver.expect_request("/broken.html").respond_with_data("oops", status=500)
    httpserver.expect_request("/about.html").respond_with_data(
        "<html><body><h1>关于我们</h1><p>本网站由市政府办公室主办。</p></body></html>", content_type="text/html")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    sources = [str(tmp_path / "nope.html"), httpserver.url_for("/missing.html"), httpserver.url_for("/broken.html"),
               str(empty), httpserver.url_for("/about.html"), str(SAMPLES_DIR / "linjiang-2025-02.html")]

    state = monthly(sources=sources, warehouse=str(warehouse), report_dir=str(tmp_path / "r2"), return_state=True)

    # The flow run ends Failed, so that the scheduler's UI and automations show it, yet holds the whole summary.
    summary = run_summary(state)
    assert state.is_failed()
    assert state.message.startswith(f"5 of 6 bulletins not loaded ({sources[0]}: no such file, "
                                    f"{sources[1]}: HTTP 404 NOT FOUND, {sources[2]}: ")
    assert state.message.endswith(f" and 2 more); everything read is stored. Report: {summary.report_html}")
    reasons = {b.source: b.error for b in summary.bulletins}
    assert reasons[sources[0]] == "no such file"
    assert reasons[sources[1]] == "HTTP 404 NOT FOUND"
    assert "500" in reasons[sources[2]] or "retries" in reasons[sources[2]]
    assert reasons[sources[3]] == "empty body"
    assert "no progress figures found" in reasons[sources[4]]
    assert reasons[sources[5]] is None
    assert not summary.ok
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 2
    snapshot_one = con.execute("SELECT min(snapshot_id) FROM snapshots").fetchone()[0]
    assert con.execute("SELECT * FROM figures WHERE snapshot_id = ? ORDER BY id", [snapshot_one]).fetchall() == before
    con.close()


def test_rerun_with_nothing_new_adds_no_rows(tmp_path):
    warehouse = tmp_path / "wh.duckdb"
    sources = [str(SAMPLES_DIR / "linjiang-2025-03.html"), str(SAMPLES_DIR / "linjiang-2025-04.html")]
    first = monthly(sources=sources, warehouse=str(warehouse), report_dir=str(tmp_path / "r"))
    con = duckdb.connect(str(warehouse))  # as a revalidation under newer rules might have done
    con.execute("UPDATE snapshots SET status = 'warned' WHERE snapshot_id = ?", [first.bulletins[1].snapshot_id])
    con.close()
    state = monthly(sources=sources, warehouse=str(warehouse), report_dir=str(tmp_path / "r"), return_state=True)
    assert state.is_completed()  # nothing new is not a failure
    second = run_summary(state)
    # The report shows what the warehouse holds: the stored status, and no checks that were not stored.
    assert [b.status for b in second.bulletins] == ["passed", "warned"]
    assert all(b.results is None and b.gx_result_path is None for b in second.bulletins)
    assert second.count(None, True) == 0
    rows = [line for line in open(second.report_markdown, encoding="utf-8") if "linjiang-2025-04" in line]
    assert "| warned | 2 (already loaded: checked when loaded) | 12 | — | — | — | — |" in rows[0]  # not zeros
    assert [b.created for b in first.bulletins] == [True, True]
    assert [b.created for b in second.bulletins] == [False, False]
    assert [b.snapshot_id for b in first.bulletins] == [b.snapshot_id for b in second.bulletins]
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 2
    con.close()


def test_a_flow_run_logs_the_summary_the_command_line_prints(tmp_path):
    """A scheduled run tells its story in the Prefect log: the summary lines, not only task states."""
    from prefect import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogHandler

    from flows.summary import summary_lines

    state = monthly(sources=[str(SAMPLES_DIR / "linjiang-2025-01.html")], warehouse=str(tmp_path / "wh.duckdb"),
                    return_state=True)
    summary = run_summary(state)
    APILogHandler().flush()
    with get_client(sync_client=True) as client:
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[state.state_details.flow_run_id])))
    messages = [log.message for log in logs]
    lines = summary_lines(summary)
    assert lines[0] == "1 bulletin read: 1 loaded (1 passed, 0 warned), 0 failed validation, 0 unchanged, 0 not loaded"
    assert lines[-1] == f"report: {tmp_path / 'reports' / f'validation-{state.state_details.flow_run_id}.html'} " \
                        f"(Markdown: {tmp_path / 'reports' / f'validation-{state.state_details.flow_run_id}.md'})"
    for line in lines:
        assert line in messages, line
