"""A backfill's fetch phase as plain functions: fetch, archive and read only the as-of date of each bulletin.

Holds no warehouse connection (fetch-log rows are returned, the flow records them), so a fetch task runs on a
thread, a process or a Dask worker alike. Also the load order of fetched bulletins, shared with monthly runs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from flows.ingest.crawl import BufferedFetchLog, Crawler
from flows.ingest.fetch import FetchedBulletin, FetchLimits
from flows.ingest.sources import Source
from flows.parallel import ArchivedBulletin
from transforms.errors import FetchError
from transforms.extract import parse_document
from transforms.text import bulletin_text, not_a_bulletin, oversize
from warehouse.archive import FetchLogEntry

MAX_CONCURRENT_FETCHES = 8
"""Fetches in flight at once (threads): polite to one government site, enough to hide its latency."""

FETCH_SLICE = 25
"""Bulletins per fetch task: Prefect's per-task cost (a few API calls) is paid per slice, not per bulletin, and
progress still advances every few seconds."""


@dataclass(frozen=True)
class IndexedBulletin:
    """Phase-1 record of one fetched bulletin: its identity (`source`, as `flows.ingest.fetch.source_id` names it), where
    its bytes are archived, its as-of date and its publication date (None if unknown)."""

    source: str
    as_of: dt.date | None
    sha256: str
    content_type: str | None
    encoding: str
    encoding_source: str
    published: dt.date | None = None


def fetch_slices(todo: list[tuple[Source, str]]) -> list[list[tuple[Source, str]]]:
    """`todo` cut into consecutive slices of FETCH_SLICE links, one fetch task each."""
    return [todo[start : start + FETCH_SLICE] for start in range(0, len(todo), FETCH_SLICE)]


def fetch_and_index(
    links: list[tuple[Source, str]], archive_root: str, run_id: str | None, limits: FetchLimits | None = None
) -> tuple[list[tuple[str, IndexedBulletin | str]], list[FetchLogEntry]]:
    """Fetch each link in turn, archive its bytes under `archive_root` (shared storage when Dask workers run on
    other machines) and read its as-of date. Returns (url, IndexedBulletin) or (url, reason it was not read) per
    link, and the fetch-log rows to record: one failing bulletin never fails the others. `limits`: the [fetch]
    settings of the sources file (body size, User-Agent, timeouts, retries). Holds no connection, so it pickles
    for Dask workers."""
    log = BufferedFetchLog()
    crawler = Crawler(log, Path(archive_root), limits, run_id)
    out: list[tuple[str, IndexedBulletin | str]] = []
    for source, url in links:
        try:
            fetched = crawler.bulletin(source, url).bulletin
        except FetchError as exc:
            out.append((url, exc.reason))
            continue
        text = bulletin_text(fetched.text)
        problem = oversize(text) or not_a_bulletin(text)
        if problem:  # refused now: reading its as-of date or extracting it would cost the run (issue 14)
            out.append((url, problem))
            continue
        document = parse_document(text)
        out.append(
            (
                url,
                IndexedBulletin(
                    fetched.source,
                    document.as_of,
                    fetched.sha256,
                    fetched.content_type,
                    fetched.encoding,
                    fetched.encoding_source,
                    document.published,
                ),
            )
        )
    return out, log.entries


def archived(item: IndexedBulletin) -> ArchivedBulletin:
    """What a worker needs to re-read an indexed bulletin from the archive."""
    return ArchivedBulletin(item.source, item.sha256, item.content_type, item.encoding, item.encoding_source)


def load_order(fetched: FetchedBulletin) -> tuple[dt.date, dt.date]:
    """(as-of date, publication date) of a bulletin, for the load order; a date the text does not state (or a text
    over a limit) sorts last."""
    text = bulletin_text(fetched.text)
    document = None if oversize(text) else parse_document(text)
    if document is None:
        return dt.date.max, dt.date.max
    return document.as_of or dt.date.max, document.published or dt.date.max
