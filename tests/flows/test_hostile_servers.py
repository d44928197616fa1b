"""Issue 14 against real servers on 127.0.0.1: a slow, redirecting or credential-laden server or page never hangs
the run, leaves the source's hosts, or gets a secret stored; every refusal is logged and named."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from flows.ingest.crawl import Crawler
from flows.ingest.discovery import discover
from flows.ingest.fetch import FetchError, FetchLimits, fetch, make_session
from flows import SAMPLES_DIR
from flows.ingest.sources import Source, SourcesError, direct_source, load_sources, resolve_sources
from warehouse import store
from warehouse.archive import FetchLog

SAMPLE = (SAMPLES_DIR / "linjiang-2025-01.html").read_bytes()
QUICK = FetchLimits(connect_timeout_s=2, read_timeout_s=5, total_timeout_s=1, retries=2, backoff_factor=0)
"""A read timeout longer than the total one: only the total time limit can cut a dribbling server off."""


class DribblingServer:
    """A raw TCP server on 127.0.0.1 that answers every connection by sending `head` and then one byte of
    `drip` every `interval` seconds until `seconds` have passed: a server a per-read timeout never catches."""

    def __init__(self, head: bytes, drip: bytes, interval: float = 0.2, seconds: float = 8.0):
        self.head, self.drip, self.interval, self.seconds = head, drip, interval, seconds
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/slow.html"
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        try:
            conn.recv(65536)
            conn.sendall(self.head)
            stop = time.monotonic() + self.seconds
            for byte in self.drip * 1000:
                if time.monotonic() > stop:
                    break
                conn.sendall(bytes([byte]))
                time.sleep(self.interval)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.mark.parametrize(
    "head, drip",
    [
        (
            b"HTTP/1.1 200 OK\r\n",
            b"X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n",
        ),
        (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body><p>", b"1.sss "),
        (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html><body><p>", b"1.sss "),
    ],
    ids=["headers", "body-until-close", "body-with-length"],
)
def test_total_time_limit_cuts_off_dribbling_headers_and_bodies_within_a_second(head, drip):
    server = DribblingServer(head, drip)
    try:
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"longer than the total time limit of 1 s") as error:
            fetch(server.url, make_session(limits=QUICK), limits=QUICK)
        elapsed = time.monotonic() - started
    finally:
        server.close()
    assert elapsed < 2.0, f"took {elapsed:.1f} s for a limit of 1 s"
    assert error.value.transient


@pytest.fixture
def other_server():
    """A second local server on another port of 127.0.0.1."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def crawler(tmp_path):
    con = store.connect(tmp_path / "wh.duckdb")
    yield Crawler(FetchLog(con), tmp_path / "archive", FetchLimits(retries=0))
    con.close()


def _log(crawler) -> list[tuple]:
    return crawler.log._con.execute("SELECT url, outcome, error, final_url FROM fetch_log ORDER BY fetch_id").fetchall()


@pytest.mark.parametrize("target", ["other-port", "127.0.0.2"])
def test_a_redirect_off_the_sources_hosts_is_refused_at_the_hop(httpserver, other_server, crawler, target):
    other_server.expect_request("/b.html").respond_with_data(SAMPLE, content_type="text/html")
    location = (
        other_server.url_for("/b.html") if target == "other-port" else f"http://127.0.0.2:{httpserver.port}/b.html"
    )
    httpserver.expect_request("/list.html").respond_with_data("<a href='/a.html'>进展</a>", content_type="text/html")
    httpserver.expect_request("/a.html").respond_with_data("", status=302, headers={"Location": location})
    source = Source(name="s", listing=(httpserver.url_for("/list.html"),), link_title=None, delay_s=0)
    with pytest.raises(FetchError, match="redirect \\(302\\) to .* refused: not one of the source's hosts"):
        crawler.bulletin(source, httpserver.url_for("/a.html"))
    assert not other_server.log  # never requested
    ((url, outcome, error, _),) = _log(crawler)
    assert (url, outcome) == (httpserver.url_for("/a.html"), "failed") and location in error


def test_redirects_within_the_source_still_load(httpserver, crawler):
    httpserver.expect_request("/a.html").respond_with_data("", status=301, headers={"Location": "/b.html"})
    httpserver.expect_request("/b.html").respond_with_data(SAMPLE, content_type="text/html")
    source = Source(name="s", listing=(httpserver.url_for("/list.html"),), delay_s=0)
    assert crawler.bulletin(source, httpserver.url_for("/a.html")).outcome == "fetched"
    assert _log(crawler)[0][3] == httpserver.url_for("/b.html")


def test_listing_links_to_another_port_of_the_host_are_not_followed(httpserver, other_server):
    page = (
        f"<a href='{httpserver.url_for('/a.html')}'>进展</a><a href='{other_server.url_for('/b.html')}'>进展</a>"
        f"<a href='http://127.0.0.1/c.html'>进展</a>"
    )
    source = Source(
        name="s", listing=(httpserver.url_for("/list.html"),), link_title=__import__("re").compile("进展"), delay_s=0
    )
    found = discover(source, lambda url: page)
    assert found.links == [httpserver.url_for("/a.html")]
    assert found.off_host == [other_server.url_for("/b.html"), "http://127.0.0.1/c.html"]


def test_credentials_in_urls_are_refused_and_never_sent_stored_or_printed(httpserver, tmp_path, crawler):
    secret = "s3cr3t-pw"
    listed = f"http://user:{secret}@127.0.0.1:{httpserver.port}/a.html"
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[[source]]\nname = "x"\nregion = "r"\nprogramme = "p"\nlisting = "{listed}"\nlink_title = "进展"\n',
        encoding="utf-8",
    )
    with pytest.raises(SourcesError, match="carries a user name or password") as error:
        load_sources(sources)
    assert secret not in str(error.value) and "***@127.0.0.1" in str(error.value)
    with pytest.raises(SourcesError, match="carries a user name or password") as error:
        resolve_sources([listed], load_sources(SAMPLES_DIR.parent / "sources.toml"))
    assert secret not in str(error.value)
    # A listing page linking to a URL with credentials: the link is reported (without its secret), not fetched.
    source = Source(
        name="s", listing=(httpserver.url_for("/list.html"),), link_title=__import__("re").compile("进"), delay_s=0
    )
    found = discover(source, lambda url: f"<a href='{listed}'>进展</a>")
    assert found.links == [] and found.problems[0][0] == f"http://***@127.0.0.1:{httpserver.port}/a.html"
    assert secret not in repr(found)
    # A redirect to a URL with credentials is refused at the hop, and the fetch log holds no secret.
    httpserver.expect_request("/r.html").respond_with_data("", status=302, headers={"Location": listed})
    with pytest.raises(FetchError, match="carries a user name or password") as error:
        crawler.bulletin(source, httpserver.url_for("/r.html"))
    assert secret not in str(error.value) and secret not in repr(_log(crawler))
    assert not [r for r, _ in httpserver.log if r.path == "/a.html"]


def test_deep_html_fails_once_with_a_reason_and_a_fetch_log_row(httpserver, crawler):
    deep = b"<html><body>" + b"<div>" * 1000 + "<p>1.就业方面,新增就业41.58万人。</p>".encode() + b"</div>" * 1000
    httpserver.expect_request("/deep.html").respond_with_data(deep, content_type="text/html; charset=utf-8")
    source = direct_source(httpserver.url_for("/deep.html"))
    with pytest.raises(FetchError, match="nested more than 256 elements deep") as error:
        crawler.bulletin(source, httpserver.url_for("/deep.html"))
    assert not error.value.transient  # the flow's task retries only transient failures
    ((_, outcome, reason, _),) = _log(crawler)
    assert outcome == "failed" and "nested" in reason


def test_a_connection_reset_mid_body_reports_the_attempts_made(httpserver):
    def body():
        yield b"<html><body><p>1."
        raise ConnectionResetError("gone")  # the server drops the connection after the first bytes

    httpserver.expect_request("/reset.html").respond_with_handler(
        lambda request: Response(
            body(), content_type="text/html", headers={"Content-Length": "5000"}, direct_passthrough=True
        )
    )
    limits = FetchLimits(retries=3, backoff_factor=0)
    with pytest.raises(FetchError) as error:
        fetch(httpserver.url_for("/reset.html"), make_session(limits=limits), limits=limits)
    # One request was made (a broken body is not retried by urllib3); it used to say "after 3 retries", attempts=4.
    assert "after 1 attempt:" in error.value.reason and error.value.attempts == 1
    assert len(httpserver.log) == 1
