"""The crawler of one run: one `requests.Session`, the fetch log, the raw archive, a politeness pacer per source.

Plain code, no Prefect: the flow's tasks call `listing_page` and `bulletin`; retries across task runs and
concurrency limits are the flow's business. Every request is logged (warehouse.archive.FetchLog), failures
included; every body read is archived under its SHA-256 before anything else happens to it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import requests

from flows.ingest.fetch import (FetchError, FetchedBulletin, FetchLimits, NotModified, Pacer, Validators, decode, fetch,
                         host_key, is_url, make_session, redacted, source_id)
from flows.ingest.discovery import Discovery, discover
from flows.ingest.sources import Source
from warehouse import store
from warehouse.archive import (ArchiveError, FetchLog, FetchLogEntry, LastFetch, SourceHistory, archive_body,
                               read_archived)


@dataclass(frozen=True)
class BulletinFetch:
    """Outcome of fetching one bulletin link.

    `outcome`: fetched (bytes not seen at this URL before), unchanged (304, or the same bytes as the last fetch)
    or failed. `bulletin` holds the bytes for fetched and for same-bytes unchanged (loading is idempotent, so
    they pass through extraction without creating anything); it is None after a 304, which reads no body.
    """

    url: str
    source: str
    outcome: str
    bulletin: FetchedBulletin | None = None
    status: int | None = None
    reason: str | None = None


class Crawler:
    """Fetches for one run. Thread-safe: tasks of several sources share it."""

    def __init__(self, log: FetchLog | BufferedFetchLog, archive_root: Path, limits: FetchLimits | None = None,
                 flow_run_id: str | None = None, session: requests.Session | None = None,
                 loaded: set[str] | None = None):
        """`loaded`: sources (`flows.ingest.fetch.source_id`) with a snapshot by the current extractor. Only their
        bulletins are fetched conditionally: a 304 reads no body, so a bulletin fetched but never loaded (a run
        killed after the fetch, a backfill's --since/--until) or loaded by an older extractor must be read in
        full to be loaded. None: every bulletin seen before is fetched conditionally."""
        self.loaded = loaded
        self.limits = limits or FetchLimits()
        self.session = session or make_session(limits=self.limits)
        self.log = log
        self.archive_root = Path(archive_root)
        self.flow_run_id = flow_run_id
        self._pacers: dict[str, Pacer] = {}
        self._slots: dict[str, threading.BoundedSemaphore] = {}

    def pacer(self, source: Source) -> Pacer:
        """The source's politeness gate (created on first use; dict insertion is atomic under the GIL)."""
        return self._pacers.setdefault(source.name, Pacer(source.delay_s))

    def slot(self, source: Source) -> threading.BoundedSemaphore:
        """The source's concurrency limit: hold it around a fetch; at most `source.concurrency` are held at once."""
        return self._slots.setdefault(source.name, threading.BoundedSemaphore(source.concurrency))

    def known(self, source: Source) -> set[str]:
        """Bulletin URLs of the source already archived."""
        return self.log.archived_urls(source.name)

    def _fetch(self, source: Source, url: str, kind: str, conditional: bool, require_text: bool):
        last = self.log.last_fetch(url) if conditional else None
        validators = Validators(last.etag, last.last_modified, last.sha256) if last else None
        started = time.monotonic()
        entry = dict(url=redacted(url), source=source.name, kind=kind, flow_run_id=self.flow_run_id,
                     conditional=bool(validators and validators.headers()))
        try:
            result = fetch(url, self.session, limits=self.limits, validators=validators, encoding=source.encoding,
                           pacer=self.pacer(source) if is_url(url) else None, require_text=require_text,
                           allow=lambda target: source.allows(target) or host_key(target) == host_key(url))
        except FetchError as exc:
            self.log.record(FetchLogEntry(**entry, outcome="failed", status=exc.status, attempts=exc.attempts,
                                          elapsed_ms=_ms(started), error=exc.reason))
            raise
        except Exception as exc:  # a bug or an unforeseen page: logged too, then final (never retried)
            reason = f"unexpected {type(exc).__name__}: {exc}"
            self.log.record(FetchLogEntry(**entry, outcome="failed", elapsed_ms=_ms(started), error=reason))
            raise FetchError(redacted(url), reason) from exc
        elapsed = _ms(started)
        if isinstance(result, NotModified):
            self.log.record(FetchLogEntry(**entry, outcome="unchanged", status=304, sha256=last.sha256,
                                          encoding=last.encoding, etag=result.etag,
                                          last_modified=result.last_modified, attempts=result.attempts,
                                          elapsed_ms=elapsed))
            return result, last
        archive_body(self.archive_root, result.sha256, result.body)
        outcome = "unchanged" if last is not None and last.sha256 == result.sha256 else "fetched"
        self.log.record(FetchLogEntry(**entry, outcome=outcome, status=result.status, bytes=len(result.body),
                                      sha256=result.sha256, content_type=result.content_type,
                                      encoding=result.encoding, encoding_source=result.encoding_source,
                                      etag=result.etag, last_modified=result.last_modified,
                                      attempts=result.attempts, final_url=result.final_url, elapsed_ms=elapsed))
        return result, last

    def listing_page(self, source: Source, url: str) -> str:
        """Decoded HTML of a listing page; after a 304 the archived copy of the unchanged page.

        Raises FetchError naming the page (as `fetch` does; listing pages need not have body text).
        """
        result, last = self._fetch(source, url, "listing", conditional=True, require_text=False)
        if isinstance(result, FetchedBulletin):
            return result.text
        try:
            body = read_archived(self.archive_root, last.sha256)
        except ArchiveError as exc:
            raise FetchError(url, f"server answered 304 but {exc}") from None
        return decode(body, None, source.encoding or last.encoding)[0]

    def bulletin(self, source: Source, url: str) -> BulletinFetch:
        """Fetch one bulletin link: conditionally when it was archived before and is loaded (`loaded`, see
        __init__). Raises FetchError on failure (after logging it), so the caller's retry policy can act on
        `FetchError.transient`."""
        conditional = self.loaded is None or source_id(url) in self.loaded
        result, last = self._fetch(source, url, "bulletin", conditional=conditional, require_text=True)
        if isinstance(result, NotModified):
            return BulletinFetch(url, source.name, "unchanged", None, 304)
        outcome = "unchanged" if last is not None and last.sha256 == result.sha256 else "fetched"
        return BulletinFetch(url, source.name, outcome, result, result.status)


class BufferedFetchLog:
    """The fetch log as a fetch task sees it on any thread, process or Dask worker: the rows it writes are kept in
    `entries` for the flow to record; what it knows of earlier fetches is `history` (read by the flow,
    `read_histories`; empty: no earlier fetch is known, every request is unconditional, as a backfill reads
    bulletins it has never loaded)."""

    def __init__(self, history: SourceHistory | None = None) -> None:
        self.entries: list[FetchLogEntry] = []
        self.history = history or SourceHistory()

    def record(self, entry: FetchLogEntry) -> None:
        self.entries.append(entry)

    def last_fetch(self, url: str) -> LastFetch | None:
        return self.history.last.get(url)

    def archived_urls(self, source: str) -> set[str]:
        return set(self.history.archived)


def read_histories(con: duckdb.DuckDBPyConnection, sources: Sequence[Source],
                   extractor_version: str) -> dict[str, SourceHistory]:
    """Source name -> what the fetch log knows of it (`warehouse.archive.FetchLog.history`) with `loaded`: those of
    its bulletins with a snapshot by `extractor_version`. Read in the flow's process; the records go to the fetch
    tasks, which then need no connection."""
    log = FetchLog(con)
    loaded = store.sources_loaded_by(con, extractor_version)
    out = {}
    for source in sources:
        history = log.history(source.name)
        ids = {source_id(url) for url in history.last}
        out[source.name] = SourceHistory(history.last, history.archived, frozenset(ids & loaded))
    return out


def discover_source(source: Source, history: SourceHistory, archive_root: str, limits: FetchLimits | None,
                    run_id: str | None) -> tuple[Discovery, list[FetchLogEntry]]:
    """The source's bulletin links (`flows.ingest.discovery.discover`; its listing pages fetched conditionally from
    `history`, archived under `archive_root`), and the fetch-log rows to record. Plain inputs, no connection: runs
    on any worker. Raises only on a bug (a listing page that fails is one of the Discovery's `problems`)."""
    log = BufferedFetchLog(history)
    crawler = Crawler(log, Path(archive_root), limits, run_id, loaded=set(history.loaded or ()))
    found = discover(source, lambda url: crawler.listing_page(source, url), crawler.known(source))
    return found, log.entries


def fetch_links(source: Source, links: Sequence[str], history: SourceHistory, archive_root: str,
                limits: FetchLimits | None, run_id: str | None, retries: int = 0, retry_delay_s: float = 0.0,
                ) -> tuple[list[tuple[str, BulletinFetch | FetchError]], list[FetchLogEntry]]:
    """Fetch the source's bulletin `links` (`Crawler.bulletin`: conditionally when archived before and loaded by
    the current extractor, per `history`), at most `source.concurrency` at once through one session and the
    source's pacer (politeness holds within the task). A fetch that failed for a transient reason
    (`FetchError.transient`) is tried again up to `retries` times, `retry_delay_s` apart; every other failure is
    final. Returns (link, BulletinFetch or its FetchError) per link in order, and the fetch-log rows to record.
    Plain inputs, no connection: runs on any worker; one failing link never fails the others."""
    log = BufferedFetchLog(history)
    crawler = Crawler(log, Path(archive_root), limits, run_id, loaded=set(history.loaded or ()))

    def one(url: str) -> BulletinFetch | FetchError:
        for attempt in range(retries + 1):
            try:
                return crawler.bulletin(source, url)
            except FetchError as exc:
                if not exc.transient or attempt == retries:
                    return exc
            time.sleep(retry_delay_s)
        raise AssertionError("unreachable")

    if not links:
        return [], []
    with ThreadPoolExecutor(max_workers=max(1, min(source.concurrency, len(links)))) as pool:
        results = list(pool.map(one, links))
    return list(zip(links, results)), log.entries


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
