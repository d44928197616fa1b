"""A month's bulletin corrected at another URL of the same feed (migration 011): the analyst's marts show one
current observation per metric and month (the correction), the original stays in history. The command line as a
user runs it, against a real HTTP server on 127.0.0.1 serving generated bulletins (samples/generate.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import duckdb

from samples.generate import bulletin_html
from tests.flows.http_helpers import linjiang_sources
from tests.flows.test_cli import _cli

FETCH = "[fetch]\nretries = 0\ntask_retries = 0\n\n"
SOURCE = linjiang_sources("", "[source.calendar]\nyears = [2025]", name="{name}", with_fetch=False)

OCTOBER = dt.date(2025, 10, 31)


def _serve(server, prefix: str, pages: dict[str, str]) -> str:
    """A listing page at `prefix`/list.html linking each of `pages` (path under `prefix` -> bulletin HTML)."""
    links = "".join(
        f'<li><a href="{prefix}/{path}">临江市2025年市办实事进展情况({path})</a></li>' for path in sorted(pages)
    )
    server.expect_request(f"{prefix}/list.html").respond_with_data(
        f"<html><body><ul>{links}</ul></body></html>", content_type="text/html; charset=utf-8"
    )
    for path, html in pages.items():
        server.expect_request(f"{prefix}/{path}").respond_with_data(html, content_type="text/html; charset=utf-8")
    return server.url_for(f"{prefix}/list.html")


def _sources(tmp_path, *feeds: tuple[str, str]):
    path = tmp_path / "sources.toml"
    text = FETCH + "".join(SOURCE.format(name=name, listing=listing) for name, listing in feeds)
    path.write_text(text, encoding="utf-8")
    return path


def _run(tmp_path, sources):
    done = _cli(
        "run",
        "--no-prefect",
        "--sources-file",
        str(sources),
        "--warehouse",
        str(tmp_path / "w.duckdb"),
        "--report-dir",
        str(tmp_path / "reports"),
        cwd=tmp_path,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _query(tmp_path, sql: str, params=()):
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_a_month_corrected_at_another_url_is_current_once_and_the_original_stays_in_history(httpserver, tmp_path):
    listing = _serve(
        httpserver,
        "/news",
        {
            "2025-09.html": bulletin_html(9),
            "2025-10.html": bulletin_html(10),
            "2025-10-gengzheng.html": bulletin_html(10, revision=1),  # the correction, published a day later
            "2025-11.html": bulletin_html(11),
        },
    )
    done = _run(tmp_path, _sources(tmp_path, ("linjiang-web", listing)))
    assert "4 bulletins read: 4 loaded" in done.stdout, done.stdout + done.stderr

    snapshots = _query(tmp_path, "SELECT snapshot_id, source FROM snapshots WHERE as_of = ? ORDER BY 1", [OCTOBER])
    assert [source.rsplit("/", 1)[1] for _, source in snapshots] == ["2025-10.html", "2025-10-gengzheng.html"]
    (original, _), (correction, _) = snapshots

    # One current observation per metric and month: October's twelve figures once, from the correction.
    per_month = _query(
        tmp_path,
        "SELECT as_of, count(*), count(DISTINCT metric_key), list(DISTINCT snapshot_id) FROM current_figures "
        "GROUP BY as_of ORDER BY as_of",
    )
    assert [(as_of.month, n, keys, ids) for as_of, n, keys, ids in per_month] == [
        (9, 12, 12, [original - 1]),
        (10, 12, 12, [correction]),
        (11, 12, 12, [correction + 1]),
    ]
    estates = "SELECT value, pct_of_plan FROM {} WHERE as_of = ? AND label = '老旧小区已开工改造'"
    assert _query(tmp_path, estates.format("current_figures"), [OCTOBER]) == [(Decimal("133"), Decimal("88.7"))]
    assert _query(tmp_path, "SELECT count(*) FROM current_snapshots WHERE as_of = ?", [OCTOBER]) == [(1,)]
    # The marts built on it: one row per item of October, one point per metric of the month.
    items = _query(tmp_path, "SELECT snapshot_id, count(*) FROM item_progress WHERE as_of = ? GROUP BY ALL", [OCTOBER])
    assert items == [(correction, 8)]
    categories = _query(tmp_path, "SELECT DISTINCT snapshot_id FROM category_progress WHERE as_of = ?", [OCTOBER])
    assert categories == [(correction,)]
    trend = _query(
        tmp_path,
        "SELECT count(*), list(DISTINCT snapshot_id) FROM figure_trend WHERE month = ?",
        [dt.date(2025, 10, 1)],
    )
    assert trend == [(12, [correction])]

    # Nothing lost: the original's figures are stored, and time travel to before the correction shows them.
    assert _query(tmp_path, "SELECT count(*) FROM figures WHERE snapshot_id = ?", [original]) == [(12,)]
    assert _query(tmp_path, estates.format(f"figures_as_of_snapshot({original})"), [OCTOBER]) == [
        (Decimal("132"), Decimal("88"))
    ]
    restated = _query(tmp_path, "SELECT previous_snapshot_id, snapshot_id, changed FROM restatements")
    assert restated == [(original, correction, ["value", "pct_of_plan"])]

    # A second run reads the same bytes: nothing new, still one current October.
    again = _run(tmp_path, _sources(tmp_path, ("linjiang-web", listing)))
    assert "4 bulletins read: 0 loaded" in again.stdout, again.stdout
    assert _query(tmp_path, "SELECT count(*) FROM current_figures WHERE as_of = ?", [OCTOBER]) == [(12,)]


def test_the_same_month_from_two_feeds_stays_two_observations(httpserver, tmp_path):
    """What identifies a bulletin month includes its feed: two sources (say the city's site and a mirror that
    re-posts it) are kept apart, as before, rather than one hiding the other."""
    city = _serve(httpserver, "/city", {"2025-10.html": bulletin_html(10)})
    mirror = _serve(httpserver, "/mirror", {"2025-10.html": bulletin_html(10, revision=1)})
    done = _run(tmp_path, _sources(tmp_path, ("linjiang-web", city), ("linjiang-mirror", mirror)))
    assert "2 bulletins read: 2 loaded" in done.stdout, done.stdout + done.stderr
    rows = _query(
        tmp_path,
        "SELECT source, value FROM current_figures WHERE as_of = ? AND label = '老旧小区已开工改造' ORDER BY source",
        [OCTOBER],
    )
    assert [(source.split("/")[3], value) for source, value in rows] == [
        ("city", Decimal("132")),
        ("mirror", Decimal("133")),
    ]
