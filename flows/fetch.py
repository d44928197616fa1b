"""Extract step: read bulletins over HTTP(S) with requests, or from local files. No Prefect in here.

One `requests.Session` per run with urllib3 `Retry` (connection errors, 429 and 5xx, honouring Retry-After),
separate connect/read timeouts, a descriptive User-Agent and a maximum body size. Bytes are decoded by the HTTP
charset, else the page's `<meta charset>`, else detection (charset-normalizer), and the choice is recorded.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import charset_normalizer
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

USER_AGENT = "progress-warehouse/0.1 (archive of government practical-project progress bulletins; polite crawler)"
CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 30.0
MAX_BODY_BYTES = 10 * 1024 * 1024
"""Largest body we read: a bulletin page is tens of KB; 10 MB stops a runaway download."""

BULLETIN_SUFFIXES = (".html", ".htm", ".txt")


class FetchError(Exception):
    """A bulletin could not be read. `source` names it, `reason` says why."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass(frozen=True)
class FetchedBulletin:
    """The raw bytes of one bulletin and how they were decoded.

    `source` is the bulletin's identity (URL, or file URI for local files); `sha256` the hex digest of `body`;
    `encoding_source` one of http-header, meta, detected, bom, utf-8.
    """

    source: str
    body: bytes
    text: str
    content_type: str | None
    encoding: str
    encoding_source: str
    sha256: str


def make_session(retries: int = 3, backoff_factor: float = 0.5) -> requests.Session:
    """A session that retries connection errors, 429 and 5xx with exponential backoff, honouring Retry-After."""
    retry = Retry(total=retries, connect=retries, read=retries, status=retries, backoff_factor=backoff_factor,
                  status_forcelist=(429, 500, 502, 503, 504), allowed_methods=("GET", "HEAD"),
                  respect_retry_after_header=True, raise_on_status=False, redirect=5)
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def is_url(source: str) -> bool:
    """True for http(s) URLs."""
    return urlparse(source).scheme in ("http", "https")


def expand_sources(sources: list[str]) -> list[str]:
    """Directories become the bulletin files inside them (sorted); URLs and files pass through unchanged."""
    expanded: list[str] = []
    for source in sources:
        path = Path(source)
        if not is_url(source) and path.is_dir():
            expanded.extend(str(p) for p in sorted(path.iterdir()) if p.suffix.lower() in BULLETIN_SUFFIXES)
        else:
            expanded.append(source)
    return expanded


def fetch(source: str, session: requests.Session | None = None) -> FetchedBulletin:
    """Read one bulletin from an http(s) URL or a local path.

    Raises FetchError naming the source for: a missing file, an HTTP status other than 200, a timeout or
    connection failure after retries, a body over MAX_BODY_BYTES, an empty body, non-text content (PDF, images).
    """
    if is_url(source):
        return _fetch_url(source, session or make_session())
    path = Path(source)
    if not path.is_file():
        raise FetchError(source, "no such file" if not path.exists() else "not a file")
    body = path.read_bytes()
    if len(body) > MAX_BODY_BYTES:
        raise FetchError(source, f"file larger than {MAX_BODY_BYTES} bytes")
    return _decoded(path.resolve().as_uri(), body, None)


def _fetch_url(url: str, session: requests.Session) -> FetchedBulletin:
    try:
        with session.get(url, timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S), stream=True) as response:
            if response.status_code != 200:
                raise FetchError(url, f"HTTP {response.status_code} {response.reason}")
            chunks, size = [], 0
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > MAX_BODY_BYTES:
                    raise FetchError(url, f"body larger than {MAX_BODY_BYTES} bytes, refused")
                chunks.append(chunk)
            return _decoded(url, b"".join(chunks), response.headers.get("Content-Type"))
    except requests.exceptions.RetryError as exc:
        raise FetchError(url, f"gave up after retries: {exc}") from exc
    except requests.exceptions.Timeout as exc:
        raise FetchError(url, f"timed out (connect {CONNECT_TIMEOUT_S}s / read {READ_TIMEOUT_S}s)") from exc
    except requests.exceptions.RequestException as exc:
        raise FetchError(url, f"request failed: {exc.__class__.__name__}: {exc}") from exc


def _decoded(source: str, body: bytes, content_type: str | None) -> FetchedBulletin:
    if not body.strip():
        raise FetchError(source, "empty body")
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime and not (mime.startswith("text/") or mime in ("application/xhtml+xml", "application/xml")):
        raise FetchError(source, f"content type {mime} is not an HTML or text bulletin")
    if body[:5] == b"%PDF-" or body[:8] == b"\x89PNG\r\n\x1a\n" or body[:3] == b"\xff\xd8\xff":
        raise FetchError(source, "binary content (PDF or image), not an HTML or text bulletin")
    text, encoding, how = decode(body, content_type)
    return FetchedBulletin(source, body, text, content_type, encoding, how, hashlib.sha256(body).hexdigest())


def decode(body: bytes, content_type: str | None) -> tuple[str, str, str]:
    """Decode bytes: BOM, else HTTP charset, else `<meta charset>`, else charset-normalizer, else UTF-8.

    Returns (text, encoding, how chosen). GB2312 and GBK are decoded as GB18030, their superset, so pages that
    declare GB2312 but use GBK characters still decode.
    """
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", errors="replace"), "utf-8", "bom"
    candidates: list[tuple[str, str]] = []
    match = re.search(r"charset=[\"']?([\w-]+)", content_type or "", re.I)
    if match:
        candidates.append((match.group(1), "http-header"))
    match = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", body[:4096], re.I)
    if match:
        candidates.append((match.group(1).decode("ascii"), "meta"))
    for name, how in candidates:
        codec = "gb18030" if name.lower() in ("gb2312", "gbk", "gb18030") else name
        try:
            return body.decode(codec), codec, how
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return body.decode("utf-8"), "utf-8", "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(body).best()
    if best is not None:
        codec = "gb18030" if best.encoding.lower() in ("gb2312", "gbk", "gb18030") else best.encoding
        return body.decode(codec, errors="replace"), codec, "detected"
    return body.decode("utf-8", errors="replace"), "utf-8", "utf-8"
