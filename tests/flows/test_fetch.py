"""flows.ingest.fetch and flows.ingest.crawl against a real HTTP server on 127.0.0.1: retries, timeouts, limits, encodings,
conditional GET, the fetch log and the raw archive."""

from __future__ import annotations

import time

import duckdb
import pytest

from flows.ingest.crawl import Crawler
from flows.ingest.fetch import FetchError, FetchLimits, NotModified, Validators, fetch, make_session
from flows import SAMPLES_DIR
from flows.ingest.sources import Source
from tests.flows.http_helpers import conditional, slow, streamed
from warehouse import store
from warehouse.archive import FetchLog, archive_path

FAST = FetchLimits(connect_timeout_s=1, read_timeout_s=0.5, retries=2, backoff_factor=0, max_body_bytes=64 * 1024)
"""Short limits so the suite stays fast; the rules under test do not depend on the sizes."""

SENTENCE = "全市城镇新增就业0.72万人,占年计划的6%"
"""A sentence of samples/linjiang-2025-01.html (our own fictional bulletin)."""


def _sample(month: int = 1, meta: bool = True) -> str:
    html = (SAMPLES_DIR / f"linjiang-2025-{month:02d}.html").read_text(encoding="utf-8")
    return html if meta else html.replace('<meta charset="utf-8">', "")


def _get(url: str, **kwargs):
    return fetch(url, make_session(limits=FAST), limits=FAST, **kwargs)


def test_gbk_page_without_any_charset_is_detected(httpserver):
    httpserver.expect_request("/gbk.html").respond_with_data(_sample(meta=False).encode("gbk"),
                                                             content_type="text/html")
    page = _get(httpserver.url_for("/gbk.html"))
    assert SENTENCE in page.text
    assert (page.encoding, page.encoding_source) == ("gb18030", "detected")


def test_header_saying_iso_8859_1_over_gbk_bytes_is_disregarded_and_recorded(httpserver):
    httpserver.expect_request("/lying.html").respond_with_data(
        _sample(meta=False).encode("gbk"), content_type="text/html; charset=ISO-8859-1")
    page = _get(httpserver.url_for("/lying.html"))
    assert SENTENCE in page.text
    assert (page.encoding, page.encoding_source) == ("gb18030", "detected-over-http-header")


@pytest.mark.parametrize("declared", ["gb2312", "GBK", "gb18030"])
def test_meta_charset_of_the_chinese_family_decodes_as_gb18030(httpserver, declared):
    html = _sample().replace('<meta charset="utf-8">', f'<meta http-equiv="Content-Type" '
                                                       f'content="text/html; charset={declared}">')
    httpserver.expect_request("/meta.html").respond_with_data(html.encode("gb18030"), content_type="text/html")
    page = _get(httpserver.url_for("/meta.html"))
    assert SENTENCE in page.text
    assert (page.encoding, page.encoding_source) == ("gb18030", "meta")


def test_utf8_header_and_source_override(httpserver):
    httpserver.expect_request("/u.html").respond_with_data(_sample().encode("utf-8"),
                                                           content_type="text/html; charset=utf-8")
    assert _get(httpserver.url_for("/u.html")).encoding_source == "http-header"
    httpserver.expect_request("/o.html").respond_with_data(_sample(meta=False).encode("gbk"),
                                                           content_type="text/html; charset=utf-8")
    page = _get(httpserver.url_for("/o.html"), encoding="gbk")
    assert SENTENCE in page.text and page.encoding_source == "override"


def test_500_twice_then_200_is_read_after_retries(httpserver):
    for _ in range(2):
        httpserver.expect_oneshot_request("/flaky.html").respond_with_data("down", status=500)
    httpserver.expect_request("/flaky.html").respond_with_data(_sample(), content_type="text/html")
    page = _get(httpserver.url_for("/flaky.html"))
    assert SENTENCE in page.text
    assert page.attempts == 3


def test_retry_after_is_honoured(httpserver):
    httpserver.expect_oneshot_request("/busy.html").respond_with_data("busy", status=503,
                                                                      headers={"Retry-After": "1"})
    httpserver.expect_request("/busy.html").respond_with_data(_sample(), content_type="text/html")
    started = time.monotonic()
    page = _get(httpserver.url_for("/busy.html"))
    assert time.monotonic() - started >= 1.0  # backoff_factor is 0: only Retry-After can make it wait
    assert page.attempts == 2


def test_answers_are_final_even_5xx_after_retries(httpserver):
    httpserver.expect_request("/gone.html").respond_with_data("no", status=404)
    httpserver.expect_request("/down.html").respond_with_data("no", status=502)
    with pytest.raises(FetchError) as gone:
        _get(httpserver.url_for("/gone.html"))
    assert (gone.value.reason, gone.value.status, gone.value.transient) == ("HTTP 404 NOT FOUND", 404, False)
    with pytest.raises(FetchError) as down:
        _get(httpserver.url_for("/down.html"))
    assert not down.value.transient and down.value.status == 502
    assert down.value.reason == "HTTP 502 BAD GATEWAY after 3 attempts"


def test_read_timeout_is_reported_after_the_timeout(threaded_httpserver):
    threaded_httpserver.expect_request("/slow.html").respond_with_handler(slow(2.0))
    limits = FetchLimits(read_timeout_s=0.3, retries=1, backoff_factor=0)
    started = time.monotonic()
    with pytest.raises(FetchError) as error:
        fetch(threaded_httpserver.url_for("/slow.html"), make_session(limits=limits), limits=limits)
    assert "timed out" in error.value.reason and "read 0.3 s" in error.value.reason
    assert error.value.transient
    assert time.monotonic() - started < 1.9  # two attempts of 0.3 s each, not the server's 2 s


def test_body_over_the_limit_is_refused_while_streaming(httpserver):
    httpserver.expect_request("/huge.html").respond_with_handler(streamed(b"<p>" + b"x" * 8192 + b"</p>", 100))
    with pytest.raises(FetchError) as error:
        _get(httpserver.url_for("/huge.html"))
    assert "larger than the limit of 65536 bytes" in error.value.reason


def test_declared_length_over_the_limit_is_refused_before_reading(httpserver):
    httpserver.expect_request("/big.html").respond_with_data(b"<p>" + b"y" * 70000 + b"</p>",
                                                             content_type="text/html")
    with pytest.raises(FetchError, match="over the limit of 65536 bytes"):
        _get(httpserver.url_for("/big.html"))


@pytest.mark.parametrize("path, body, content_type, reason", [
    ("/report.pdf", b"%PDF-1.7 ...", "application/pdf", "content type application/pdf is not an HTML or text"),
    ("/chart.png", b"\x89PNG\r\n\x1a\nxxxx", "image/png", "content type image/png is not an HTML or text"),
    ("/unlabelled", b"%PDF-1.4 ...", "text/html", "binary content (PDF or image)"),
    ("/archive.html", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xa3\x9b", "text/html",
     "binary content (NUL bytes)"),  # a .docx or .zip served as a page
    ("/empty.html", b"", "text/html", "empty body"),
    ("/blank.html", b"<html><body><nav><a href='/'>Home</a></nav><script>x=1</script></body></html>",
     "text/html", "HTML page without any body text"),
])
def test_bad_bodies_are_named_with_their_reason(httpserver, path, body, content_type, reason):
    httpserver.expect_request(path).respond_with_data(body, content_type=content_type)
    with pytest.raises(FetchError) as error:
        _get(httpserver.url_for(path))
    assert reason in error.value.reason
    assert not error.value.transient


def test_redirects_are_followed_within_the_limit(httpserver):
    httpserver.expect_request("/old.html").respond_with_data("", status=301, headers={"Location": "/new.html"})
    httpserver.expect_request("/new.html").respond_with_data(_sample(), content_type="text/html")
    httpserver.expect_request("/loop.html").respond_with_data("", status=302, headers={"Location": "/loop.html"})
    page = _get(httpserver.url_for("/old.html"))
    assert page.final_url == httpserver.url_for("/new.html")
    with pytest.raises(FetchError, match="more than 5 redirects"):
        _get(httpserver.url_for("/loop.html"))


def test_user_agent_and_conditional_headers_are_sent(httpserver):
    body = _sample().encode("utf-8")
    httpserver.expect_request("/c.html").respond_with_handler(conditional(body, '"v1"'))
    url = httpserver.url_for("/c.html")
    first = _get(url)
    assert first.etag == '"v1"'
    second = _get(url, validators=Validators(first.etag, first.last_modified, first.sha256))
    assert isinstance(second, NotModified) and second.previous.sha256 == first.sha256
    sent = [request.headers for request, _ in httpserver.log]
    assert "progress-warehouse" in sent[0]["User-Agent"]
    assert "If-None-Match" not in sent[0] and sent[1]["If-None-Match"] == '"v1"'


@pytest.fixture
def crawler(tmp_path):
    con = store.connect(tmp_path / "wh.duckdb")
    yield Crawler(FetchLog(con), tmp_path / "archive", FAST)
    con.close()


def _log(crawler) -> list[tuple]:
    return crawler.log._con.execute("SELECT url, outcome, status, sha256, encoding, encoding_source, etag, "
                                    "conditional, error FROM fetch_log ORDER BY fetch_id").fetchall()


def test_every_attempt_is_logged_and_bodies_archived_once(httpserver, crawler):
    source = Source(name="test", listing=(httpserver.url_for("/"),), delay_s=0)
    body = _sample().encode("utf-8")
    httpserver.expect_request("/a.html").respond_with_handler(conditional(body, '"a1"'))
    httpserver.expect_request("/same-bytes.html").respond_with_data(body, content_type="text/html")
    httpserver.expect_request("/gone.html").respond_with_data("no", status=404)
    url = httpserver.url_for("/a.html")

    assert crawler.bulletin(source, url).outcome == "fetched"
    assert crawler.bulletin(source, url).outcome == "unchanged"  # 304: no body read
    assert crawler.bulletin(source, httpserver.url_for("/same-bytes.html")).outcome == "fetched"
    with pytest.raises(FetchError):
        crawler.bulletin(source, httpserver.url_for("/gone.html"))

    rows = _log(crawler)
    sha = rows[0][3]
    assert [r[1:3] for r in rows] == [("fetched", 200), ("unchanged", 304), ("fetched", 200), ("failed", 404)]
    assert rows[1][3] == sha and rows[1][7] is True and rows[0][7] is False
    assert rows[0][4:7] == ("utf-8", "http-header", '"a1"')
    assert rows[3][8] == "HTTP 404 NOT FOUND" and rows[3][3] is None
    assert rows[2][3] == sha  # same bytes at two URLs: one archived file
    assert archive_path(crawler.archive_root, sha).read_bytes() == body
    assert len([p for p in crawler.archive_root.rglob("*") if p.is_file()]) == 1
    assert crawler.known(source) == {url, httpserver.url_for("/same-bytes.html")}


def test_refused_body_stores_nothing_but_is_logged(httpserver, crawler):
    source = Source(name="test", delay_s=0)
    httpserver.expect_request("/huge.html").respond_with_handler(streamed(b"<p>" + b"x" * 8192 + b"</p>", 100))
    with pytest.raises(FetchError):
        crawler.bulletin(source, httpserver.url_for("/huge.html"))
    assert not crawler.archive_root.exists() or not any(p.is_file() for p in crawler.archive_root.rglob("*"))
    (row,) = _log(crawler)
    assert row[1] == "failed" and "larger than the limit" in row[8]


def test_listing_page_answering_304_is_read_from_the_archive(httpserver, crawler):
    source = Source(name="test", delay_s=0)
    page = "<html><body><a href='/b1.html'>市办实事进展</a></body></html>".encode("gbk")
    httpserver.expect_request("/list.html").respond_with_handler(
        conditional(page, '"l1"', content_type="text/html; charset=gbk"))
    url = httpserver.url_for("/list.html")
    first = crawler.listing_page(source, url)
    again = crawler.listing_page(source, url)
    assert first == again and "市办实事进展" in again
    assert [r[1:3] for r in _log(crawler)] == [("fetched", 200), ("unchanged", 304)]


def test_pacer_spaces_requests_to_one_source(httpserver, crawler):
    source = Source(name="polite", delay_s=0.3)
    httpserver.expect_request("/p.html").respond_with_data(_sample(), content_type="text/html")
    started = time.monotonic()
    for _ in range(3):
        crawler.bulletin(source, httpserver.url_for("/p.html"))
    assert time.monotonic() - started >= 0.6  # three request starts, two gaps of 0.3 s


def test_fetch_log_schema_is_migration_003(tmp_path):
    con = store.connect(tmp_path / "wh.duckdb")
    columns = {r[0] for r in con.execute("DESCRIBE fetch_log").fetchall()}
    con.close()
    assert {"url", "source", "status", "bytes", "sha256", "encoding", "encoding_source", "etag", "last_modified",
            "fetched_at", "error"} <= columns
    assert duckdb.__version__


def test_slot_keeps_a_source_to_its_concurrency(threaded_httpserver, crawler):
    from concurrent.futures import ThreadPoolExecutor

    source = Source(name="narrow", delay_s=0, concurrency=2)
    threaded_httpserver.expect_request("/s.html").respond_with_handler(slow(0.3))

    def one(_):
        with crawler.slot(source):
            return crawler.bulletin(source, threaded_httpserver.url_for("/s.html")).outcome

    started = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        assert len(list(pool.map(one, range(4)))) == 4
    assert time.monotonic() - started >= 0.6  # four 0.3 s answers, two at a time


def test_rows_recorded_in_bulk_equal_rows_recorded_one_by_one(httpserver, crawler, tmp_path):
    from flows.backfill import BufferedFetchLog

    source = Source(name="test", listing=(httpserver.url_for("/"),), delay_s=0)
    httpserver.expect_request("/a.html").respond_with_handler(conditional(_sample().encode("utf-8"), '"a1"'))
    httpserver.expect_request("/gone.html").respond_with_data("no", status=404)
    buffered = Crawler(BufferedFetchLog(), tmp_path / "archive-2", FAST)
    for each in (crawler, buffered):
        each.bulletin(source, httpserver.url_for("/a.html"))
        with pytest.raises(FetchError):
            each.bulletin(source, httpserver.url_for("/gone.html"))
    one_by_one = _log(crawler)
    crawler.log._con.execute("DELETE FROM fetch_log")
    crawler.log.record_many(buffered.log.entries)
    assert _log(crawler) == one_by_one
    assert [r[1:3] for r in one_by_one] == [("fetched", 200), ("failed", 404)]


def test_a_malformed_retry_after_is_ignored_and_the_answer_is_reported(httpserver):
    httpserver.expect_request("/busy.html").respond_with_data("busy", status=503, headers={"Retry-After": "soon"})
    with pytest.raises(FetchError) as busy:
        _get(httpserver.url_for("/busy.html"))
    # The server answered 503 to every attempt: reported as such, not as a network failure on a bad header.
    assert (busy.value.status, busy.value.transient) == (503, False)
    assert busy.value.reason == f"HTTP 503 SERVICE UNAVAILABLE after {FAST.retries + 1} attempts"


@pytest.mark.parametrize("codec", ["utf-16-be", "utf-16-le"])
def test_utf16_without_a_byte_order_mark_is_read_as_text(tmp_path, codec):
    path = tmp_path / "bulletin.html"
    path.write_bytes(_sample().encode(codec))  # Python writes no BOM for an explicit byte order
    page = fetch(str(path))
    assert (page.encoding, page.encoding_source) == (codec, "utf-16-no-bom")
    assert SENTENCE in page.text


def test_nul_bytes_that_are_not_utf16_are_still_binary(tmp_path):
    path = tmp_path / "archive.html"
    path.write_bytes(b"PK\\x03\\x04\\x00\\x00\\x08\\x00" + bytes(range(256)) * 8)
    with pytest.raises(FetchError, match="binary content"):
        fetch(str(path))
