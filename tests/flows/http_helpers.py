"""Handlers for pytest-httpserver that behave like real government web servers (validators, slowness, drips)."""

from __future__ import annotations

import time

from werkzeug import Request, Response


def conditional(body: bytes, etag: str, last_modified: str = "Wed, 05 Nov 2025 06:00:00 GMT",
                content_type: str = "text/html; charset=utf-8"):
    """A handler serving `body` with an ETag and Last-Modified, answering 304 to a matching conditional GET
    (RFC 9110 §13.1.2: If-None-Match wins over If-Modified-Since)."""

    def handle(request: Request) -> Response:
        if request.headers.get("If-None-Match"):
            if request.headers["If-None-Match"] == etag:
                return Response(status=304, headers={"ETag": etag})
        elif request.headers.get("If-Modified-Since") == last_modified:
            return Response(status=304)
        return Response(body, status=200, headers={"ETag": etag, "Last-Modified": last_modified,
                                                   "Content-Type": content_type})

    return handle


def slow(seconds: float, body: bytes = b"<html><body><p>late</p></body></html>"):
    """A handler that answers only after `seconds` (longer than the client's read timeout in the tests)."""

    def handle(request: Request) -> Response:
        time.sleep(seconds)
        return Response(body, content_type="text/html")

    return handle


def streamed(chunk: bytes, count: int, content_type: str = "text/html"):
    """A handler streaming `count` chunks without a Content-Length, so only the client's running count can
    enforce a size limit."""

    def handle(request: Request) -> Response:
        return Response((chunk for _ in range(count)), content_type=content_type, direct_passthrough=True)

    return handle


def linjiang_sources(fetch: str, source: str = "", *, name: str = "linjiang-web", with_fetch: bool = True) -> str:
    """The `sources.toml` text of the bundled sample programme (临江市 2025年市办实事) read from a listing page:
    a `[fetch]` section with the settings `fetch` gives (one per line), then one `[[source]]` named `name` whose
    listing is the placeholder `{listing}` (filled with `str.format`), with the lines `source` adds (per-source
    settings, a `[source.calendar]` table). `with_fetch=False` leaves the `[fetch]` section out (several sources
    in one file)."""
    head = f"[fetch]\n{fetch.strip()}\n\n" if with_fetch else ""
    return (f'{head}[[source]]\nname = "{name}"\nregion = "临江市"\nprogramme = "2025年市办实事"\n'
            f'listing = ["{{listing}}"]\nlink_title = "市办实事.*进展"\ndelay_s = 0\n{source.strip()}\n')
