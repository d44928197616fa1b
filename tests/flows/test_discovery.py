"""Discovery on listing pages served by a real HTTP server on 127.0.0.1, and folder sources."""

from __future__ import annotations

import re

from flows.ingest.discovery import anchors, discover
from flows.ingest.fetch import FetchLimits, fetch, make_session
from flows import SAMPLES_DIR
from flows.ingest.sources import Source

LIMITS = FetchLimits(read_timeout_s=1, retries=0)


def _page(links: list[tuple[str, str]], extra: str = "") -> str:
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return (f'<html><head><meta charset="utf-8"></head><body><div class="nav"><a href="/">首页</a>'
            f'<a href="/about.html">关于我们</a></div><ul class="list">{items}</ul>{extra}</body></html>')


def _source(server, **kwargs) -> Source:
    settings = dict(name="t", listing=(server.url_for("/news/list.html"),),
                    link_title=re.compile("市办实事.*进展"), max_pages=2, delay_s=0)
    settings.update(kwargs)
    return Source(**settings)


def _get_page(session=None):
    session = session or make_session(limits=LIMITS)
    return lambda url: fetch(url, session, limits=LIMITS, require_text=False).text


def _serve_listing(httpserver):
    page1 = _page([("2025-03/t1.html", "临江市2025年市办实事进展情况(3月)"),
                   ("/news/2025-02/t2.html", "临江市2025年市办实事进展情况(2月)"),
                   (httpserver.url_for("/news/2025-01/t3.html"), "临江市2025年市办实事进展情况(1月)"),
                   ("http://elsewhere.example/news/t9.html", "外站转载:市办实事进展"),
                   ("javascript:void(0)", "市办实事进展(打印)"),
                   ("2025-03/t1.html#top", "临江市2025年市办实事进展情况(3月)"),
                   ("2025-03/meeting.html", "市政府常务会议召开")],
                  extra='<div class="pager"><a href="list_1.html">下一页</a></div>')
    page2 = _page([("../news/2024-12/t4.html", "临江市2024年市办实事进展情况(12月)"),
                   ("2024-11/t5.html", "临江市2024年市办实事进展情况(11月)")],
                  extra='<div class="pager"><a href="list.html">上一页</a><a href="list_2.html">下一页</a></div>')
    page3 = _page([("2024-10/t6.html", "临江市2024年市办实事进展情况(10月)")])
    for path, page in (("/news/list.html", page1), ("/news/list_1.html", page2), ("/news/list_2.html", page3)):
        httpserver.expect_request(path).respond_with_data(page.encode("utf-8"), content_type="text/html")


def test_three_links_and_a_next_page_with_two_more(httpserver):
    _serve_listing(httpserver)
    found = discover(_source(httpserver), _get_page())
    u = httpserver.url_for
    assert found.links == [u("/news/2025-03/t1.html"), u("/news/2025-02/t2.html"), u("/news/2025-01/t3.html"),
                           u("/news/2024-12/t4.html"), u("/news/2024-11/t5.html")]
    assert found.off_host == ["http://elsewhere.example/news/t9.html"]
    assert found.pages == [u("/news/list.html"), u("/news/list_1.html")]
    assert found.problems == []
    # max_pages = 2: the third page is never requested; "上一页" does not send the crawler back.
    assert [r.path for r, _ in httpserver.log] == ["/news/list.html", "/news/list_1.html"]


def test_already_archived_links_are_skipped_or_revisited(httpserver):
    _serve_listing(httpserver)
    known = {httpserver.url_for("/news/2025-02/t2.html")}
    skipping = discover(_source(httpserver, revisit=False), _get_page(), known)
    assert httpserver.url_for("/news/2025-02/t2.html") not in skipping.links
    assert (len(skipping.links), skipping.skipped_known, skipping.found) == (4, 1, 5)
    revisiting = discover(_source(httpserver), _get_page(), known)
    assert len(revisiting.links) == 5 and revisiting.known == known


def test_href_rule_and_base_href(httpserver):
    html = ('<html><head><base href="/archive/2025/"></head><body><a href="t1.html">一月</a>'
            '<a href="../2024/t2.html">十二月</a><a href="notice.pdf">附件</a></body></html>')
    httpserver.expect_request("/list").respond_with_data(html, content_type="text/html")
    found = discover(_source(httpserver, listing=(httpserver.url_for("/list"),), link_title=None,
                             link_href=re.compile(r"/t\d+\.html$")), _get_page())
    assert found.links == [httpserver.url_for("/archive/2025/t1.html"), httpserver.url_for("/archive/2024/t2.html")]


def test_listing_without_links_and_failing_listing_are_named(httpserver):
    httpserver.expect_request("/empty-list.html").respond_with_data(
        "<html><body><p>栏目建设中</p></body></html>", content_type="text/html")
    httpserver.expect_request("/moved.html").respond_with_data("gone", status=404)
    httpserver.expect_request("/other.html").respond_with_data(_page([("/x.html", "通知公告")]),
                                                               content_type="text/html")
    urls = tuple(httpserver.url_for(p) for p in ("/empty-list.html", "/moved.html"))
    found = discover(_source(httpserver, listing=urls), _get_page())
    assert found.problems == [(urls[0], "listing page has no links"), (urls[1], "HTTP 404 NOT FOUND")]
    assert found.links == []
    nothing_matches = discover(_source(httpserver, listing=(httpserver.url_for("/other.html"),)), _get_page())
    assert nothing_matches.problems == [(httpserver.url_for("/other.html"),
                                         "no link on the listing pages matches the source's link rule")]


def test_anchors_drop_malformed_and_non_http_links():
    html = ('<a href="http://127.0.0.1:99999/x">bad port</a><a href="mailto:a@b.cn">mail</a>'
            '<a href="  /ok.html ">ok</a><a href="#top">top</a>')
    assert [(a.url, a.text) for a in anchors(html, "http://127.0.0.1/list/")] == [("http://127.0.0.1/ok.html", "ok")]


def test_folder_source_lists_its_files():
    found = discover(Source(name="s", folder=SAMPLES_DIR, files="linjiang-*.html"), _get_page())
    assert found.links == [str(p) for p in sorted(SAMPLES_DIR.glob("linjiang-*.html"))]
    assert len(found.links) == 12
    empty = discover(Source(name="s", folder=SAMPLES_DIR, files="*.pdf"), _get_page())
    assert empty.links == [] and "no files matching '*.pdf'" in empty.problems[0][1]
