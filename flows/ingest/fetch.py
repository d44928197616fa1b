"""Extract step: read bulletins over HTTP(S) with requests, or from local files. No Prefect in here.

One `requests.Session` per run with urllib3 `Retry` (connection errors, 429 and 5xx with exponential backoff,
honouring Retry-After), separate connect/read timeouts, a descriptive User-Agent, a redirect limit and a maximum
body size enforced while streaming. Conditional GET: given the ETag / Last-Modified of the previous fetch, a 304
answer returns `NotModified` and reads no body. Bytes are decoded by the HTTP charset, else the page's
`<meta charset>`, else detection (charset-normalizer), and the choice is recorded (`encoding_source`).
"""

from __future__ import annotations

import hashlib
import re
import socket
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from collections.abc import Callable
from urllib.parse import urldefrag, urljoin, urlparse

import charset_normalizer
import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry

from transforms.errors import DecodeError, FetchError
from transforms.text import TextError, html_to_text, looks_like_html

USER_AGENT = "progress-warehouse/0.1 (archive of government practical-project progress bulletins; polite crawler)"
CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 30.0
MAX_BODY_BYTES = 10 * 1024 * 1024
"""Largest body we read: a bulletin page is tens of KB; 10 MB stops a runaway download."""

RETRY_STATUSES = (429, 500, 502, 503, 504)
"""Answers worth asking again: rate limiting (429) and server-side failures (RFC 9110 §15.6)."""

BULLETIN_SUFFIXES = (".html", ".htm", ".txt")

TEXT_TYPES = ("application/xhtml+xml", "application/xml")
"""Non-`text/*` media types that still carry an HTML or text bulletin."""

LATIN1_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "windows-1252", "cp1252",
                           "us-ascii", "ascii"})
"""Header charsets we do not take on trust. ISO-8859-1 was HTTP/1.1's default charset (RFC 2616 §3.7.1), so many
servers send it for every page whatever the bytes are; and a Latin-1 decode never fails, so it cannot be checked
by decoding. A page declared so but with non-ASCII bytes is decoded by `<meta>` or detection instead."""

CHINESE_LABELS = frozenset({"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "euc-cn", "hz-gb-2312"})
"""Chinese national encodings. All are decoded as GB18030, their superset, so a page declared GB2312 that uses
GBK characters (common on government sites) still decodes."""


@dataclass(frozen=True)
class FetchLimits:
    """Per-run network limits. Times in seconds, sizes in bytes.

    `retries` is urllib3's count of retries per request (connection errors, read errors, RETRY_STATUSES);
    the wait before retry n is `backoff_factor * 2**(n-1)` s, or the server's Retry-After when it sends one,
    capped at `retry_after_max_s`. `total_timeout_s` bounds the whole fetch of one URL, retries, redirects,
    headers and body included: a watchdog shuts its connection down when the time is up, so a server that
    dribbles headers or body a byte at a time under the read timeout (which is per socket read, not per
    response) is cut off within about a second of the limit.
    """

    connect_timeout_s: float = CONNECT_TIMEOUT_S
    read_timeout_s: float = READ_TIMEOUT_S
    total_timeout_s: float = 120.0
    max_body_bytes: int = MAX_BODY_BYTES
    retries: int = 3
    backoff_factor: float = 0.5
    retry_after_max_s: int = 120
    max_redirects: int = 5
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Validators:
    """What the previous successful fetch of a URL told us, for a conditional GET (RFC 9110 §13.1)."""

    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None

    def headers(self) -> dict[str, str]:
        """If-None-Match / If-Modified-Since request headers; empty when the server gave neither."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class FetchedBulletin:
    """The raw bytes of one bulletin (or listing page) and how they were decoded.

    `source` is the bulletin's identity (URL, or file URI for local files); `sha256` the hex digest of `body`;
    `encoding_source` one of bom, override, http-header, meta, utf-8 (strict), detected, detected-over-http-header,
    utf-16-no-bom (`_utf16_without_bom`), utf-8-lossy (no codec decoded the bytes cleanly; invalid sequences replaced by U+FFFD).
    `status` is the HTTP status (None for local files); `final_url` the URL after redirects; `attempts` the
    number of requests made, retries included.
    """

    source: str
    body: bytes
    text: str
    content_type: str | None
    encoding: str
    encoding_source: str
    sha256: str
    status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    final_url: str | None = None
    attempts: int = 1

    @property
    def size(self) -> int:
        """Bytes of the body as fetched."""
        return len(self.body)


@dataclass(frozen=True)
class NotModified:
    """A 304 answer to a conditional GET: the server says the page is unchanged since `previous.sha256`."""

    source: str
    previous: Validators
    etag: str | None = None
    last_modified: str | None = None
    attempts: int = 1
    status: int = 304


class Pacer:
    """Politeness gate: request starts through one pacer are at least `delay_s` seconds apart.

    Thread-safe; one pacer per source, shared by that source's concurrent fetches.
    """

    def __init__(self, delay_s: float):
        self.delay_s = delay_s
        self._lock = threading.Lock()
        self._next = 0.0

    def wait(self) -> None:
        """Block until this caller's turn."""
        if self.delay_s <= 0:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self.delay_s
        if start > now:
            time.sleep(start - now)


class _Deadline:
    """The watchdog of one fetch: when `seconds` have passed it shuts down every socket the fetch opened, so a
    read blocked on a dribbling server returns at once (a per-read timeout cannot: each byte resets it). Installed
    for the calling thread by `with`; the connection classes below register their sockets with it, and the retry
    policy stops retrying once it has expired. Also counts the requests sent (`requests`), retries included."""

    _current = threading.local()

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False
        self.requests = 0
        self._started = time.monotonic()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    @classmethod
    def current(cls) -> _Deadline | None:
        """The deadline of the fetch running in this thread, if any."""
        return getattr(cls._current, "deadline", None)

    def __enter__(self) -> _Deadline:
        self._current.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._timer.cancel()
        self._current.deadline = None

    def remaining(self) -> float:
        return max(0.0, self.seconds - (time.monotonic() - self._started))

    def watch(self, sock: socket.socket | None) -> None:
        """Shut `sock` down when the deadline passes (at once if it has passed)."""
        if sock is None:
            return
        with self._lock:
            if self.expired:
                _shut(sock)
            else:
                self._sockets.append(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:  # already closed
        pass


class _WatchedHTTPConnection(HTTPConnection):
    """An urllib3 connection whose socket the current fetch's `_Deadline` can shut down."""

    def request(self, *args, **kwargs):
        deadline = _Deadline.current()
        if deadline is not None:
            deadline.requests += 1
            if deadline.expired:
                raise urllib3.exceptions.ReadTimeoutError(None, None, "total time limit reached")
        return super().request(*args, **kwargs)

    def getresponse(self, *args, **kwargs):
        deadline = _Deadline.current()
        if deadline is not None:
            deadline.watch(self.sock)
        return super().getresponse(*args, **kwargs)


class _WatchedHTTPSConnection(_WatchedHTTPConnection, HTTPSConnection):
    pass


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class _WatchedAdapter(HTTPAdapter):
    """requests' adapter with connections a `_Deadline` can interrupt."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class _DeadlineRetry(Retry):
    """urllib3's Retry that gives up once the fetch's deadline has passed and never sleeps past it (a server's
    Retry-After is honoured only within the fetch's total time)."""

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        deadline = _Deadline.current()
        if deadline is not None and deadline.expired:
            raise MaxRetryError(_pool, url, error or urllib3.exceptions.ResponseError("total time limit reached"))
        if error is not None and _host_not_found(error):
            # The name does not exist (the resolver's definite answer, not a timeout): asking again cannot help.
            raise MaxRetryError(_pool, url, error)
        return super().increment(method, url, response, error, _pool, _stacktrace)

    def parse_retry_after(self, retry_after: str) -> float:
        """A malformed Retry-After ("soon") is ignored and the backoff applies (RFC 9110 §10.2.3: the header
        is a date or a number of seconds); urllib3 would raise, and the fetch would fail as if the network had."""
        try:
            return super().parse_retry_after(retry_after)
        except urllib3.exceptions.InvalidHeader:
            return 0.0

    def sleep(self, response=None) -> None:
        deadline = _Deadline.current()
        if deadline is None:
            return super().sleep(response)
        wait = self.get_retry_after(response) if self.respect_retry_after_header and response else None
        wait = wait if wait else self.get_backoff_time()
        if wait > 0:
            time.sleep(min(wait, deadline.remaining()))


def make_session(retries: int = 3, backoff_factor: float = 0.5, limits: FetchLimits | None = None) -> requests.Session:
    """A session that retries connection errors, read errors, 429 and 5xx with exponential backoff, honouring
    Retry-After, with the User-Agent and redirect limit of `limits` (which, when given, also sets the retries).
    Its connections can be cut off by `fetch`'s total time limit (`FetchLimits.total_timeout_s`)."""
    limits = limits or FetchLimits(retries=retries, backoff_factor=backoff_factor)
    retry = _DeadlineRetry(total=limits.retries, connect=limits.retries, read=limits.retries, status=limits.retries,
                           backoff_factor=limits.backoff_factor, status_forcelist=RETRY_STATUSES,
                           allowed_methods=("GET", "HEAD"), respect_retry_after_header=True,
                           retry_after_max=limits.retry_after_max_s, raise_on_status=False,
                           # `fetch` follows redirects itself, checking every hop; urllib3 must not.
                           redirect=False)
    session = requests.Session()
    session.headers["User-Agent"] = limits.user_agent
    session.max_redirects = limits.max_redirects
    adapter = _WatchedAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def is_url(source: str) -> bool:
    """True for http(s) URLs."""
    try:
        return urlparse(source).scheme in ("http", "https")
    except ValueError:  # "http://[::1": an unclosed IPv6 bracket
        return False


DEFAULT_PORTS = {"http": 80, "https": 443}


def host_key(url: str) -> str | None:
    """The host policy's name for where `url` points: "host" (lower case) on its scheme's default port (80 for
    http, 443 for https, so that an http -> https upgrade of one host stays on it), "host:port" on any other port.
    None for a URL that is not http(s), has no host or has a malformed port."""
    try:
        parsed = urlparse(url)
        port = parsed.port
    except ValueError:
        return None
    if parsed.scheme not in DEFAULT_PORTS or not parsed.hostname:
        return None
    host = parsed.hostname.lower()
    return host if port is None or port == DEFAULT_PORTS[parsed.scheme] else f"{host}:{port}"


def has_credentials(url: str) -> bool:
    """True when the URL carries a user name or password (`https://user:secret@host/…`)."""
    try:
        return "@" in urlparse(url).netloc
    except ValueError:
        return False


def redacted(url: str) -> str:
    """`url` with any user name and password replaced by "***" (for messages and logs; never stored in clear)."""
    try:
        parsed = urlparse(url)
    except ValueError:
        return url
    if "@" not in parsed.netloc:
        return url
    return parsed._replace(netloc="***@" + parsed.netloc.rpartition("@")[2]).geturl()


CREDENTIALS_REFUSED = ("carries a user name or password (user:secret@); refused, nothing sent or stored: give the "
                       "URL without credentials (bulletins are public pages)")
"""Why a URL with credentials is refused, wherever it comes from (sources file, --source, listing link,
redirect). Credentials would be sent and then stored in the fetch log, snapshots, exports and reports."""


def source_id(link: str) -> str:
    """The identity a bulletin is stored under (`snapshots.source`, `FetchedBulletin.source`): an http(s) URL as
    given, a local path as its absolute file URI, so that `run` and `backfill` name one file the same way
    whether it was given as a relative path, an absolute path or found in a folder source."""
    return link if is_url(link) else Path(link).resolve().as_uri()


def fetch(source: str, session: requests.Session | None = None, *, limits: FetchLimits | None = None,
          validators: Validators | None = None, encoding: str | None = None, pacer: Pacer | None = None,
          require_text: bool = True, allow: Callable[[str], bool] | None = None) -> FetchedBulletin | NotModified:
    """Read one bulletin from an http(s) URL or a local path.

    `validators` (URLs only) make the request conditional: a 304 returns NotModified. `encoding` overrides every
    other charset rule (a source known to mislabel its pages). `require_text` refuses an HTML page without body
    text (off for listing pages, which are mostly links). `allow(url)` says whether a redirect may go to `url`
    (every hop is checked; default: only the requested URL's host and port, `host_key`). Raises FetchError
    naming the source for: a missing file, a URL with credentials (nothing is sent), an HTTP status other than
    200/304, a timeout or connection failure after retries, a fetch longer than `limits.total_timeout_s`, too
    many redirects or a redirect off the allowed hosts, a body over `limits.max_body_bytes` (refused while
    streaming, nothing kept), an empty body, non-HTML content (PDF, images), HTML without body text or nested
    too deep to read.
    """
    limits = limits or FetchLimits()
    if is_url(source):
        if has_credentials(source):
            raise FetchError(redacted(source), f"URL {CREDENTIALS_REFUSED}")
        if allow is None:
            own = host_key(source)
            allow = lambda url: host_key(url) == own  # noqa: E731
        return _fetch_url(source, session or make_session(limits=limits), limits, validators, encoding, pacer,
                          require_text, allow)
    path = Path(source)
    if not path.is_file():
        raise FetchError(source, "no such file" if not path.exists() else "not a file")
    body = path.read_bytes()
    if len(body) > limits.max_body_bytes:
        raise FetchError(source, f"file larger than {limits.max_body_bytes} bytes")
    return _decoded(source_id(source), body, None, encoding, require_text)


def _attempts(response: requests.Response) -> int:
    retries = getattr(response.raw, "retries", None)
    return 1 + len(retries.history) if retries is not None else 1


def _fetch_url(url: str, session: requests.Session, limits: FetchLimits, validators: Validators | None,
               encoding: str | None, pacer: Pacer | None, require_text: bool,
               allow: Callable[[str], bool]) -> FetchedBulletin | NotModified:
    timeouts = f"connect {limits.connect_timeout_s:g} s / read {limits.read_timeout_s:g} s"
    too_long = f"took longer than the total time limit of {limits.total_timeout_s:g} s (headers and body), cut off"
    if pacer is not None:
        pacer.wait()
    headers = validators.headers() if validators else {}
    with _Deadline(limits.total_timeout_s) as deadline:
        try:
            response, attempts = _follow(url, session, limits, headers, allow)
            with response:
                etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
                if response.status_code == 304 and validators is not None:
                    return NotModified(url, validators, etag or validators.etag,
                                       modified or validators.last_modified, attempts)
                if response.status_code != 200:
                    reason = f"HTTP {response.status_code} {response.reason}"
                    if attempts > 1:
                        reason += f" after {attempts} attempts"
                    raise FetchError(url, reason, response.status_code, attempts=attempts)
                content_type = response.headers.get("Content-Type")
                _refuse_non_text(url, content_type, response.status_code, attempts)
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > limits.max_body_bytes:
                    raise FetchError(url, f"body of {declared} bytes is over the limit of {limits.max_body_bytes} "
                                     "bytes, refused", 200, attempts=attempts)
                chunks, size = [], 0
                for chunk in response.iter_content(64 * 1024):
                    size += len(chunk)
                    if size > limits.max_body_bytes:
                        raise FetchError(url, f"body larger than the limit of {limits.max_body_bytes} bytes, "
                                         "refused after reading that much", 200, attempts=attempts)
                    chunks.append(chunk)
                if deadline.expired:  # a body without a length ends, cut short, when its socket is shut down
                    raise FetchError(url, f"download {too_long}", 200, transient=True, attempts=attempts)
                fetched = _decoded(url, b"".join(chunks), content_type, encoding, require_text, 200)
                return replace(fetched, etag=etag, last_modified=modified, final_url=response.url,
                               attempts=attempts)
        except requests.exceptions.RequestException as exc:
            attempts = max(deadline.requests, 1)
            tried = f"after {attempts} attempt{'s' if attempts > 1 else ''}"
            if deadline.expired:
                raise FetchError(url, f"fetch {too_long} ({tried})", transient=True, attempts=attempts) from None
            if isinstance(exc, requests.exceptions.RetryError):
                raise FetchError(url, f"gave up {tried}: {exc}", attempts=attempts) from exc
            missing_host = _host_not_found(exc)
            if missing_host:
                # The resolver answered that the name does not exist: a wrong host name, not a slow network, so
                # no retries at all; urllib3 2 derives this error from its TimeoutError, hence checked first.
                raise FetchError(url, f"host not found: {missing_host} does not resolve (DNS: no such name); "
                                 "check the URL's host name", attempts=attempts) from exc
            refused = _refused(exc)
            if refused:
                # The host answered "nobody listens here": not a slow network, so no task retries (its own
                # connect retries with backoff already ran) and not reported as a timeout.
                raise FetchError(url, f"connection refused by {refused} {tried}", attempts=attempts) from exc
            if _timed_out(exc):
                raise FetchError(url, f"timed out ({timeouts}) {tried}", transient=True,
                                 attempts=attempts) from exc
            raise FetchError(url, f"request failed {tried}: {exc.__class__.__name__}: {exc}", transient=True,
                             attempts=attempts) from exc


def _follow(url: str, session: requests.Session, limits: FetchLimits, headers: dict[str, str],
            allow: Callable[[str], bool]) -> tuple[requests.Response, int]:
    """GET `url`, following at most `limits.max_redirects` redirects, each hop checked before it is requested:
    an http(s) URL without credentials that `allow` accepts. Returns the final (streamed, open) response and the
    number of requests made. Raises FetchError naming the original URL and the refused hop."""
    current, requests_made = url, 0
    for _ in range(limits.max_redirects + 1):
        response = session.get(current, timeout=(limits.connect_timeout_s, limits.read_timeout_s), stream=True,
                               headers=headers, allow_redirects=False)
        requests_made += _attempts(response)
        if not response.is_redirect:
            return response, requests_made
        target = urldefrag(urljoin(current, session.get_redirect_target(response) or "")).url
        status = response.status_code
        response.close()
        if has_credentials(target):
            raise FetchError(url, f"redirect ({status}) to {redacted(target)} refused: the URL "
                             f"{CREDENTIALS_REFUSED}", status, attempts=requests_made)
        if not allow(target):
            raise FetchError(url, f"redirect ({status}) to {target} refused: not one of the source's hosts "
                             "(scheme, host and port are checked at every hop); add it to the source's hosts if "
                             "it is the same site", status, attempts=requests_made)
        current = target
    raise FetchError(url, f"more than {limits.max_redirects} redirects", attempts=requests_made)


HOST_NOT_FOUND_ERRNOS = frozenset(
    code for code in (getattr(socket, "EAI_NONAME", None), getattr(socket, "EAI_NODATA", None)) if code is not None)
"""getaddrinfo's definite "no such name" answers (RFC 2606's .invalid always gets one). EAI_AGAIN, a temporary
failure of the resolver, is not one of them: it is retried like a connection error."""


def _host_not_found(exc: BaseException) -> str | None:
    """The host name when `exc` is (or wraps, as requests and urllib3's MaxRetryError do) a name resolution that
    failed because the name does not exist, else None."""
    seen: BaseException | None = exc
    while seen is not None:
        for candidate in (seen, *(a for a in seen.args if isinstance(a, BaseException))):
            reason = getattr(candidate, "reason", candidate)
            if isinstance(reason, urllib3.exceptions.NameResolutionError):
                cause = reason.__cause__ or reason.__context__ or getattr(reason, "_reason", None)
                if isinstance(cause, socket.gaierror) and cause.errno in HOST_NOT_FOUND_ERRNOS:
                    conn = getattr(reason, "conn", None)
                    return getattr(reason, "_host", None) or getattr(conn, "host", None) or "the host"
        seen = seen.__cause__ or seen.__context__
    return None


def _refused(exc: BaseException) -> str | None:
    """"host:port" when the connection was refused (ECONNREFUSED, also inside urllib3's MaxRetryError, whose
    NewConnectionError urllib3 2 derives from its TimeoutError), else None."""
    seen: BaseException | None = exc
    while seen is not None:
        for candidate in (seen, *(a for a in seen.args if isinstance(a, BaseException))):
            reason = getattr(candidate, "reason", candidate)
            if isinstance(reason, urllib3.exceptions.NewConnectionError) and isinstance(
                    reason.__context__ or reason.__cause__, ConnectionRefusedError) or isinstance(
                    reason, ConnectionRefusedError):
                conn = getattr(reason, "conn", None)
                return f"{getattr(conn, 'host', '?')}:{getattr(conn, 'port', '?')}" if conn else "the host"
        seen = seen.__cause__ or seen.__context__
    return None


def _timed_out(exc: BaseException) -> bool:
    """True for a timeout, also when requests reports it as a ConnectionError wrapping urllib3's
    MaxRetryError(reason=ReadTimeoutError) after the retries ran out."""
    if isinstance(exc, requests.exceptions.Timeout):
        return True
    cause = exc.args[0] if exc.args else None
    return isinstance(getattr(cause, "reason", None), urllib3.exceptions.TimeoutError)


def _refuse_non_text(source: str, content_type: str | None, status: int | None = None, attempts: int = 1) -> None:
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime and not (mime.startswith("text/") or mime in TEXT_TYPES):
        raise DecodeError(source, f"content type {mime} is not an HTML or text bulletin", status, attempts=attempts)


def _decoded(source: str, body: bytes, content_type: str | None, override: str | None = None,
             require_text: bool = True, status: int | None = None) -> FetchedBulletin:
    if not body.strip():
        raise DecodeError(source, "empty body", status)
    _refuse_non_text(source, content_type, status)
    if body[:5] == b"%PDF-" or body[:8] == b"\x89PNG\r\n\x1a\n" or body[:3] == b"\xff\xd8\xff" or body[:4] == b"GIF8":
        raise DecodeError(source, "binary content (PDF or image), not an HTML or text bulletin", status)
    utf16 = None
    if b"\x00" in body[:65536] and not body.startswith((b"\xff\xfe", b"\xfe\xff")):
        # No text encoding of these bulletins (UTF-8, GB18030, Big5) writes a NUL byte; archives, Office files
        # and random bytes do. UTF-16 with a byte-order mark is text (`decode` detects it), and so is UTF-16
        # without one when its NUL bytes stand where ASCII characters' high bytes do (`_utf16_without_bom`).
        utf16 = _utf16_without_bom(body)
        if utf16 is None:
            raise DecodeError(source, "binary content (NUL bytes), not an HTML or text bulletin", status)
    if utf16 is not None:
        text, encoding, how = utf16
    else:
        text, encoding, how = decode(body, content_type, override)
    try:
        without_text = require_text and looks_like_html(text) and not html_to_text(text).strip()
    except TextError as exc:  # nested too deep: final, never retried
        raise DecodeError(source, str(exc), status) from None
    if without_text:
        raise DecodeError(source, "HTML page without any body text", status)
    return FetchedBulletin(source, body, text, content_type, encoding, how, hashlib.sha256(body).hexdigest(),
                           status)


def _utf16_without_bom(body: bytes) -> tuple[str, str, str] | None:
    """(text, codec, "utf-16-no-bom") of a UTF-16 body written without a byte-order mark, else None.

    In UTF-16 the ASCII characters of HTML and of a bulletin's digits and punctuation have a NUL high byte: nearly
    all of the body's NULs then stand on even offsets (big-endian) or on odd ones (little-endian; a few Han
    characters such as 一 = U+4E00 put a NUL on the other side), and the body decodes strictly to printable text.
    Binary files fail one of these tests."""
    sample = body[:65536] if len(body[:65536]) % 2 == 0 else body[:65535]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if len(body) % 2 or min(even, odd) > 0.1 * max(even, odd):
        return None
    codec = "utf-16-be" if even > odd else "utf-16-le"
    try:
        text = body.decode(codec)
    except UnicodeDecodeError:
        return None
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text[:20000])
    return (text, codec, "utf-16-no-bom") if printable >= 0.99 * len(text[:20000]) else None


def _codec(label: str) -> str:
    return "gb18030" if label.lower() in CHINESE_LABELS else label


def decode(body: bytes, content_type: str | None, override: str | None = None) -> tuple[str, str, str]:
    """Decode bytes: BOM, else the source's override, else HTTP charset, else `<meta charset>`, else strict UTF-8,
    else charset-normalizer.

    Returns (text, codec used, how it was chosen: bom, override, http-header, meta, utf-8, detected,
    detected-over-http-header, utf-8-lossy). A header naming a Latin-1 family charset (LATIN1_LABELS) is trusted
    only for pure-ASCII bodies; otherwise meta and detection decide, and the header is recorded as disregarded.
    """
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", errors="replace"), "utf-8", "bom"
    candidates: list[tuple[str, str]] = []
    if override:
        candidates.append((override, "override"))
    header_said_latin1 = False
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type or "", re.I)
    if match:
        if match.group(1).lower() in LATIN1_LABELS and not body.isascii():
            header_said_latin1 = True
        else:
            candidates.append((match.group(1), "http-header"))
    match = re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", body[:4096], re.I)
    if match and not (match.group(1).decode("ascii").lower() in LATIN1_LABELS and not body.isascii()):
        candidates.append((match.group(1).decode("ascii"), "meta"))
    for name, how in candidates:
        try:
            return body.decode(_codec(name)), _codec(name), how
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return body.decode("utf-8"), "utf-8", "utf-8"
    except UnicodeDecodeError:
        pass
    how = "detected-over-http-header" if header_said_latin1 else "detected"
    best = charset_normalizer.from_bytes(body).best()
    if best is not None:
        codec = _codec(best.encoding)
        return body.decode(codec, errors="replace"), codec, how
    # Nothing decodes these bytes cleanly: UTF-8 with every invalid sequence replaced by U+FFFD, recorded as such
    # ("utf-8" is documented as a strict decode).
    return body.decode("utf-8", errors="replace"), "utf-8", "utf-8-lossy"
