"""The monthly flow crawling a listing source on a real HTTP server (127.0.0.1): discovery, failures that do not
stop the others, the per-source table artifact, and a second run that answers 304 and creates nothing."""

from __future__ import annotations

import importlib.util

import duckdb
import pytest

from flows.monthly import monthly
from flows.summary import run_summary
from flows import SAMPLES_DIR
from tests.corpus import SEED, needs_corpus
from tests.flows.http_helpers import conditional, linjiang_sources, slow

pytestmark = pytest.mark.usefixtures("prefect_api")

SOURCES = linjiang_sources(
    "connect_timeout_s = 1\nread_timeout_s = 0.5\nretries = 2\nbackoff_factor = 0\ntask_retries = 0",
    "max_pages = 3\nconcurrency = 3",
)


def _generate():
    spec = importlib.util.spec_from_file_location("samples_generate", SAMPLES_DIR / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _listing(links):
    items = "".join(f'<li><a href="{href}">临江市2025年市办实事进展情况({text})</a></li>' for href, text in links)
    return f'<html><body><div class="nav"><a href="/">首页</a></div><ul>{items}</ul>'


def _counts(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    counts = tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "snapshots"))
    con.close()
    return counts


def test_crawl_twice_then_a_corrected_bulletin(threaded_httpserver, tmp_path):
    server = threaded_httpserver
    bodies = {m: (SAMPLES_DIR / f"linjiang-2025-{m:02d}.html").read_bytes() for m in range(1, 7)}
    page1 = _listing([("b1.html", "1月"), ("b2.html", "2月"), ("/news/b3.html", "3月"), ("gone.html", "附件"),
                      ("slow.html", "慢")]) + '<a href="list_2.html">下一页</a></body></html>'
    page2 = _listing([("b4.html", "4月"), ("b5.html", "5月"), ("flaky.html", "6月")]) + "</body></html>"
    server.expect_request("/news/list.html").respond_with_handler(conditional(page1.encode(), '"p1"'))
    server.expect_request("/news/list_2.html").respond_with_handler(conditional(page2.encode(), '"p2"'))
    for m in range(1, 6):
        server.expect_request(f"/news/b{m}.html").respond_with_handler(conditional(bodies[m], f'"b{m}"'))
    server.expect_request("/news/gone.html").respond_with_data("not here", status=404)
    server.expect_request("/news/slow.html").respond_with_handler(slow(1.5))
    for _ in range(2):
        server.expect_oneshot_request("/news/flaky.html").respond_with_data("oops", status=500)
    server.expect_request("/news/flaky.html").respond_with_handler(conditional(bodies[6], '"b6"'))
    sources_file = tmp_path / "sources.toml"
    sources_file.write_text(SOURCES.format(listing=server.url_for("/news/list.html")), encoding="utf-8")
    warehouse = tmp_path / "wh.duckdb"

    def run():
        state = monthly(sources=["linjiang-web"], warehouse=str(warehouse), report_dir=str(tmp_path / "r"),
                        sources_file=str(sources_file), return_state=True)
        assert state.is_failed()  # gone.html and slow.html are not read in either run
        return run_summary(state)

    first = run()
    (row,) = first.sources
    assert (row.pages, row.found, row.new, row.fetched, row.unchanged, row.failed) == (2, 8, 8, 6, 0, 2)
    reasons = dict(row.problems)
    assert reasons[server.url_for("/news/gone.html")] == "HTTP 404 NOT FOUND"
    assert "timed out" in reasons[server.url_for("/news/slow.html")]
    loaded = [b for b in first.bulletins if b.snapshot_id is not None]
    assert len(loaded) == 6 and all(b.created for b in loaded)
    assert _counts(warehouse) == (6, 6)
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(DISTINCT sha256) FROM fetch_log WHERE kind = 'bulletin' "
                       "AND outcome = 'fetched'").fetchone()[0] == 6
    assert con.execute("SELECT attempts FROM fetch_log WHERE url LIKE '%flaky.html'").fetchone()[0] == 3
    con.close()
    assert len([p for p in (tmp_path / "archive").rglob("*") if p.is_file()]) == 6 + 2  # bulletins, listing pages

    server.clear_log()
    second = run()
    (row,) = second.sources
    assert (row.found, row.new, row.fetched, row.unchanged, row.failed) == (8, 2, 0, 6, 2)
    assert second.bulletins and all(b.error for b in second.bulletins)  # only the two failures are reported
    assert _counts(warehouse) == (6, 6)
    conditional_paths = {r.path for r, _ in server.log if r.headers.get("If-None-Match")}
    assert conditional_paths == {"/news/list.html", "/news/list_2.html", *(f"/news/b{m}.html" for m in range(1, 6)),
                                 "/news/flaky.html"}

    corrected = _generate().bulletin_html(3, revision=1).encode("utf-8")
    assert corrected != bodies[3]
    server.clear()
    server.expect_request("/news/list.html").respond_with_handler(conditional(page1.encode(), '"p1"'))
    server.expect_request("/news/list_2.html").respond_with_handler(conditional(page2.encode(), '"p2"'))
    for m in range(1, 7):
        body, etag = (corrected, '"b3-rev1"') if m == 3 else (bodies[m], f'"b{m}"')
        server.expect_request(f"/news/{'flaky' if m == 6 else f'b{m}'}.html").respond_with_handler(
            conditional(body, etag))
    server.expect_request("/news/gone.html").respond_with_data("not here", status=404)
    server.expect_request("/news/slow.html").respond_with_data("<p>now fast, still not a bulletin</p>")
    third = run()
    (row,) = third.sources
    assert (row.fetched, row.unchanged) == (2, 5)  # b3 corrected; slow.html read for the first time
    assert _counts(warehouse) == (7, 7)
    con = duckdb.connect(str(warehouse), read_only=True)
    url3 = server.url_for("/news/b3.html")
    versions = con.execute("SELECT supersedes IS NULL FROM snapshots WHERE source = ? ORDER BY snapshot_id",
                           [url3]).fetchall()
    con.close()
    assert versions == [(True,), (False,)]  # old snapshot kept, the new one supersedes it


@needs_corpus
def test_seed_bulletin_inside_site_furniture_loses_the_furniture_not_a_figure(httpserver, tmp_path):
    import html

    from transforms.extract import extract_text
    from transforms.text import bulletin_text

    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    article = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
    furniture = ["首页", "政务公开", "政务服务", "互动交流", "分享到:", "微信", "微博", "打印本页", "关闭窗口",
                 "网站地图", "主办单位:青岛市人民政府办公厅", "鲁ICP备05001234号"]
    page = f"""<!DOCTYPE html><html><head><meta charset="gbk"><title>市办实事进展</title></head><body>
<div id="top"><ul class="menu"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/zwfw">政务服务</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="position">当前位置:<a href="/">首页</a> &gt; 政务公开</div>
<div class="article-content">{article}</div>
<div class="bdsharebuttonbox"><span>分享到:</span><a class="bds_weixin">微信</a><a class="bds_tsina">微博</a></div>
<div class="print"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
<div class="foot"><a href="/sitemap">网站地图</a><p>主办单位:青岛市人民政府办公厅</p><p>鲁ICP备05001234号</p></div>
</body></html>"""
    httpserver.expect_request("/seed.html").respond_with_data(page.encode("gb18030"), content_type="text/html")
    from flows.ingest.fetch import fetch

    fetched = fetch(httpserver.url_for("/seed.html"))
    text = bulletin_text(fetched.text)
    plain = bulletin_text(SEED.read_text(encoding="utf-8"))
    assert len(extract_text(text).figures) == len(extract_text(plain).figures)
    kept = [word for word in furniture if word in text.replace(plain, "")]
    assert kept == [], f"furniture kept in the main text: {kept}"


def test_a_bulletin_fetched_but_never_loaded_is_loaded_by_the_next_run(httpserver, tmp_path):
    """A run killed between fetch and load (or a backfill whose --since/--until skipped the bulletin) leaves a
    fetch-log row and an archived body but no snapshot: the next run must not ask "changed since?" and take a 304
    for an answer."""
    from flows.ingest.crawl import Crawler
    from flows.ingest.sources import Source
    from warehouse import store
    from warehouse.archive import FetchLog

    body = _generate().bulletin_html(5).encode("utf-8")
    httpserver.expect_request("/news/b5.html").respond_with_handler(conditional(body, '"b5"'))
    url = httpserver.url_for("/news/b5.html")
    warehouse = tmp_path / "wh.duckdb"
    con = store.connect(warehouse)
    try:  # the fetch half of a run that then died
        Crawler(FetchLog(con), tmp_path / "archive").bulletin(Source(name="web", bulletins=(url,)), url)
    finally:
        con.close()

    summary = monthly(sources=[url], warehouse=str(warehouse), report_dir=str(tmp_path / "r"))

    assert summary.ok and [(b.source, b.created) for b in summary.bulletins] == [(url, True)]
    assert _counts(warehouse) == (1, 1)
    requests = [r for r, _ in httpserver.log]
    assert [bool(r.headers.get("If-None-Match")) for r in requests] == [False, False]  # no 304 possible
    second = monthly(sources=[url], warehouse=str(warehouse), report_dir=str(tmp_path / "r"))
    assert second.ok and second.bulletins == []  # now loaded: asked conditionally, 304, nothing to do
    assert httpserver.log[-1][0].headers.get("If-None-Match") == '"b5"'
