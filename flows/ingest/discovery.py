"""Discovery: find the bulletin links of a source on its listing pages (or the files of a folder source).

Plain functions, no Prefect; the network is reached only through the `get_page` callable the caller passes, so
the crawl logic is tested against a real local server without knowing how pages are fetched or logged.

Rules: links are resolved against the page URL (or its `<base href>`); only http(s) links to the source's
allowed hosts are kept; a link is a bulletin when its text (or title attribute) matches `link_title` and its
resolved URL matches `link_href` (each only when given); "next page" links (text matching `next_page`) are
followed breadth-first up to `max_pages` pages per listing URL, each page read at most once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlparse

from selectolax.lexbor import LexborHTMLParser

from flows.ingest.fetch import BULLETIN_SUFFIXES, CREDENTIALS_REFUSED, has_credentials, redacted
from flows.ingest.sources import Source


@dataclass(frozen=True)
class Anchor:
    """One `<a href>` of a page: its resolved absolute URL (fragment dropped) and its visible text."""

    url: str
    text: str


@dataclass
class Discovery:
    """What discovery found for one source.

    `links`: bulletin URLs (or file paths) to fetch, in page order, deduplicated; `known`: the subset already
    archived (re-checked with a conditional GET when the source revisits, else left out of `links` and only
    counted in `skipped_known`); `pages`: listing pages read; `off_host`: links left out because they point
    outside the allowed hosts; `problems`: (page URL, reason) for listing pages that failed or had no links.
    """

    source: str
    links: list[str] = field(default_factory=list)
    known: set[str] = field(default_factory=set)
    skipped_known: int = 0
    pages: list[str] = field(default_factory=list)
    off_host: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)

    @property
    def found(self) -> int:
        """Bulletin links found, skipped known ones included."""
        return len(self.links) + self.skipped_known


def anchors(html: str, page_url: str) -> list[Anchor]:
    """Every `<a href>` of the page resolved to an absolute URL, in document order.

    `<base href>` is honoured (HTML Living Standard §4.2.3). Links that are not http(s) after resolution
    (javascript:, mailto:, tel:) and malformed ones (e.g. a bad port) are dropped.
    """
    tree = LexborHTMLParser(html)
    base = page_url
    base_node = tree.css_first("base[href]")
    if base_node is not None and base_node.attributes.get("href"):
        base = urljoin(page_url, base_node.attributes["href"].strip())
    found: list[Anchor] = []
    for node in tree.css("a[href]"):
        href = (node.attributes.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        try:
            url = urldefrag(urljoin(base, href)).url
            parsed = urlparse(url)
            parsed.port  # noqa: B018  (raises ValueError on a malformed port)
        except ValueError:
            continue
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            continue
        text = re.sub(r"\s+", " ", node.text(separator=" ") or "").strip() or (node.attributes.get("title") or "")
        found.append(Anchor(url, text.strip()))
    return found


def is_bulletin_link(anchor: Anchor, source: Source) -> bool:
    """True when the link's text/title matches `link_title` and its URL matches `link_href` (when given)."""
    if source.link_title is not None and not source.link_title.search(anchor.text):
        return False
    return source.link_href is None or bool(source.link_href.search(anchor.url))


def on_allowed_host(url: str, source: Source) -> bool:
    """True when the URL points to one of the source's allowed origins: host (case-insensitive) and port
    (`Source.allows`); a link to another port of the same host, or with credentials, is not followed."""
    return source.allows(url)


def discover(source: Source, get_page: Callable[[str], str], known: set[str] | frozenset[str] = frozenset()
             ) -> Discovery:
    """Bulletin links of `source`: listing pages crawled, folder files listed, or direct bulletins passed through.

    `get_page(url)` returns a listing page's decoded HTML or raises an exception whose str is the reason
    (FetchError); a failing page is recorded in `problems` and the crawl goes on with the other pages.
    `known` holds the URLs already archived.
    """
    found = Discovery(source.name)
    candidates: list[str] = []
    if source.kind == "folder":
        folder = source.folder.resolve()
        paths = sorted(p for p in source.folder.glob(source.files) if p.is_file()
                       and (source.files != "*" or p.suffix.lower() in BULLETIN_SUFFIXES))
        for path in paths:
            # The folder is the source: a glob reaching out ("../x/*.html") or a symlink to a file elsewhere
            # (/etc/passwd) would copy that file into the archive and the warehouse.
            if path.resolve().is_relative_to(folder) and ".." not in path.relative_to(source.folder).parts:
                candidates.append(str(path))
            else:
                found.problems.append((str(path), f"outside the source's folder {folder} (a symlink or a '..' "
                                       "pattern); not read: name that folder as a source of its own"))
        if not paths:
            found.problems.append((str(source.folder), f"no files matching {source.files!r}"))
    elif source.kind == "direct":
        candidates = list(source.bulletins)
    else:
        candidates = _crawl(source, get_page, found)
    seen: set[str] = set()
    for link in candidates:
        if link in seen:
            continue
        seen.add(link)
        if link in known:
            found.known.add(link)
            if not source.revisit:
                found.skipped_known += 1
                continue
        found.links.append(link)
    return found


def _crawl(source: Source, get_page: Callable[[str], str], found: Discovery) -> list[str]:
    links: list[str] = []
    read: set[str] = set()
    with_links: list[str] = []
    for start in source.listing:
        queue, pages = [start], 0
        while queue and pages < source.max_pages:
            page_url = queue.pop(0)
            if page_url in read:
                continue
            read.add(page_url)
            pages += 1
            try:
                html = get_page(page_url)
            except Exception as exc:  # noqa: BLE001  (one bad page never stops the crawl; its reason is reported)
                found.problems.append((page_url, getattr(exc, "reason", None) or str(exc)))
                continue
            found.pages.append(page_url)
            page_anchors = anchors(html, page_url)
            if not page_anchors:
                found.problems.append((page_url, "listing page has no links"))
                continue
            with_links.append(page_url)
            for anchor in page_anchors:
                if has_credentials(anchor.url):  # never fetched, stored or printed with its secret
                    found.problems.append((redacted(anchor.url), f"link {CREDENTIALS_REFUSED}"))
                    continue
                if source.next_page.search(anchor.text):
                    if on_allowed_host(anchor.url, source) and anchor.url not in read:
                        queue.append(anchor.url)
                    continue
                if not is_bulletin_link(anchor, source):
                    continue
                if not on_allowed_host(anchor.url, source):
                    found.off_host.append(anchor.url)
                    continue
                links.append(anchor.url)
    if with_links and not links and not found.off_host:
        # Worth a reason of its own: the site was redesigned or the rule is wrong, and nothing will ever load.
        found.problems.append((with_links[0], "no link on the listing pages matches the source's link rule"))
    return links
