"""The auditor report of a backfill ties every number to its sentence: every figure loaded (not only those with a
percent or a target) is listed with its value and unit as written, label, sentence and checks. Real bulletins
(samples/generate.py) served by a real HTTP server on 127.0.0.1, loaded into a real DuckDB file."""

from __future__ import annotations

import re

import duckdb
import pytest

from flows.backfill import backfill
from flows.summary import run_summary
from samples.generate import bulletin_html
from tests.expectations.test_report import external_references

pytestmark = pytest.mark.usefixtures("prefect_api")


def _figures_section(page: str) -> str:
    return page.split('<h2 id="figures">', 1)[1].split('<h2 id="passed-percent">', 1)[0]


def test_a_backfill_report_lists_every_figure_with_its_sentence_and_checks(httpserver, tmp_path):
    urls = []
    for month, html in ((1, bulletin_html(1)), (2, bulletin_html(2)), (3, bulletin_html(3, fault="pct"))):
        httpserver.expect_request(f"/b/2025-{month:02d}.html").respond_with_data(
            html, content_type="text/html; charset=utf-8"
        )
        urls.append(httpserver.url_for(f"/b/2025-{month:02d}.html"))
    warehouse = tmp_path / "w.duckdb"
    state = backfill(
        sources=urls, warehouse=str(warehouse), report_dir=str(tmp_path / "reports"), workers=0, return_state=True
    )
    summary = run_summary(state)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        stored = con.execute(
            "SELECT s.source, f.id, f.label, f.value_text || ' ' || f.unit FROM figures AS f "
            "JOIN snapshots AS s USING (snapshot_id) ORDER BY s.snapshot_id, f.id"
        ).fetchall()
        without_pct = con.execute(
            "SELECT count(*) FROM figures WHERE pct_of_plan IS NULL AND target IS NULL"
        ).fetchone()
        failed = con.execute(
            "SELECT figure_id FROM validation_results WHERE NOT passed AND rule = 'pct_matches_stated_target'"
        ).fetchall()
    finally:
        con.close()
    assert len(stored) == 36 and without_pct[0] == 3 * 3  # three figures a month have no percent and no target
    page = open(summary.report_html, encoding="utf-8").read()
    figures = _figures_section(page)

    # Every stored figure is a row: its id, its label, its value as written (one table per bulletin, in order).
    rows = re.findall(r"<tr><td>(F\d+)</td><td>(?:item \S+ )?([^<]*)</td><td><mark>([^<]*)</mark></td>", figures)
    assert [(fid, label, value) for fid, label, value in rows] == [
        (fid, label, value) for _, fid, label, value in stored
    ]
    # A figure with neither percent nor target, under its sentence with both numbers of the sentence highlighted.
    assert (
        "<blockquote>2.创业扶持方面,累计发放创业担保贷款<mark>0.51亿元</mark>,扶持创业<mark>156人</mark></blockquote>"
        in figures
    )
    assert (
        "<tr><td>F003</td><td>item 2 发放创业担保贷款</td><td><mark>0.51 亿元</mark></td><td></td><td></td>" in figures
    )
    # Checks: those every figure of January passed, once; a figure's own, and March's failed percent, open.
    assert (
        "passed by every figure: evidence_round_trips, label_present, unit_known, unit_present, value_positive"
        in figures
    )
    january_jobs = figures.split("<tr><td>F001</td>", 1)[1].split("</tr>", 1)[0]  # 0.72 万人, 6 % of 12 万人
    assert january_jobs.endswith(
        "✓ magnitude_matches_target, pct_matches_stated_target, pct_plausible, pct_target_in_comparable_unit</span></td>"
    )
    assert len(failed) == 1 and figures.count("error pct_matches_stated_target") == 1
    assert re.findall(r'<details id="(b\d)-figures" open>', figures) == ["b3"]
    assert external_references(page) == []

    markdown = open(summary.report_markdown, encoding="utf-8").read()
    assert "- F003 item 2 发放创业担保贷款: **0.51 亿元** · no check applied" not in markdown
    assert "- F003 item 2 发放创业担保贷款: **0.51 亿元**" in markdown
    assert markdown.count("### Figures: ") == 3 and "failed **error** `pct_matches_stated_target`" in markdown
