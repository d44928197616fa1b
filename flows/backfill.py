"""Deployment `backfill`: load years of bulletins at once, in as-of order, resumable after a crash.

Two phases keep memory flat however many bulletins there are:
1. fetch every bulletin not yet loaded (bounded concurrency), archive its bytes, and read only its as-of date;
2. in as-of order: worker processes (or Dask workers) re-read the archived bytes and extract, ahead of the flow's
   process, which validates (one GX checkpoint per batch) and loads (one transaction per batch) each batch as it
   comes back, one task per batch, keeping only a slim report per bulletin (flows.parallel).
Fetch tasks each take a slice of FETCH_SLICE links (MAX_CONCURRENT_FETCHES slices run at once on the thread pool).
A bulletin whose source already has a snapshot is skipped, so a rerun after a kill resumes where it stopped and
loads every bulletin exactly once. Task granularity is a fetch slice or a load batch, never one figure.
"""

from __future__ import annotations

import flows.settings  # noqa: F401  (offline environment before Prefect is imported)

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.states import State
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from expectations.report import BulletinReport
from expectations.runner import prepare_in_background
from flows import progress
from flows.crawl import Crawler
from flows.fetch import FetchError, FetchLimits, source_id
from flows.monthly import (PrefectRun, RunSummary, discover_bulletins, final_state, finish_run,
                           keep_only_what_the_reports_list, summary_lines, validate_and_load_extracted)
from flows.months import in_range
from flows.parallel import ArchivedBulletin, extract_archived, extracted_batches, pool_of_flow_run
from flows.sources import Source, load_sources, resolve_sources
from flows.settings import DEFAULT_WAREHOUSE, report_dir_for
from transforms.extract import parse_document
from transforms.record import Extraction
from transforms.text import bulletin_text, oversize
from warehouse import store
from warehouse.archive import FetchLog, FetchLogEntry

MAX_CONCURRENT_FETCHES = 8
"""Fetches in flight at once (threads): polite to one government site, enough to hide its latency."""

BACKFILL_BATCH_SIZE = 500
"""Bulletins per validate/load batch of a backfill. A GX checkpoint run costs about the same at 100 bulletins as at
1,000 (benchmarks/README.md), and the extraction ahead of the writer is one batch (`ahead=1`), so 500 keeps
validation's share small while at most two batches' extractions are held (a 10,000-bulletin backfill stays under
1 GB). The monthly flow keeps batches of BATCH_SIZE (100)."""

FETCH_SLICE = 25
"""Bulletins per fetch task: Prefect's per-task cost (a few API calls) is paid per slice, not per bulletin, and
progress still advances every few seconds."""



@dataclass(frozen=True)
class IndexedBulletin:
    """Phase-1 record of one fetched bulletin: its identity (`source`, as `flows.fetch.source_id` names it), where
    its bytes are archived, its as-of date and its publication date (None if unknown)."""

    source: str
    as_of: dt.date | None
    sha256: str
    content_type: str | None
    encoding: str
    encoding_source: str
    published: dt.date | None = None


class BufferedFetchLog:
    """The fetch log as a fetch task on another process or machine (Dask) sees it: rows are buffered and written
    by the flow afterwards; no earlier fetches are known, so requests are unconditional (a backfill reads
    bulletins it has never loaded)."""

    def __init__(self) -> None:
        self.entries: list[FetchLogEntry] = []

    def record(self, entry: FetchLogEntry) -> None:
        self.entries.append(entry)

    def last_fetch(self, url: str) -> None:
        return None

    def archived_urls(self, source: str) -> set[str]:
        return set()


def fetch_slices(todo: list[tuple[Source, str]]) -> list[list[tuple[Source, str]]]:
    """`todo` cut into consecutive slices of FETCH_SLICE links, one fetch task each."""
    return [todo[start:start + FETCH_SLICE] for start in range(0, len(todo), FETCH_SLICE)]


@task(name="fetch and index", cache_policy=NO_CACHE)
def fetch_and_index(links: list[tuple[Source, str]], archive_root: str, run_id: str | None,
                    limits: FetchLimits | None = None
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
        problem = oversize(text)
        if problem:  # refused now: reading its as-of date or extracting it would cost the run (issue 14)
            out.append((url, problem))
            continue
        document = parse_document(text)
        out.append((url, IndexedBulletin(fetched.source, document.as_of, fetched.sha256, fetched.content_type,
                                         fetched.encoding, fetched.encoding_source, document.published)))
    return out, log.entries


def archived(item: IndexedBulletin) -> ArchivedBulletin:
    """What a worker needs to re-read an indexed bulletin from the archive."""
    return ArchivedBulletin(item.source, item.sha256, item.content_type, item.encoding, item.encoding_source)


@task(name="validate and load batch", cache_policy=NO_CACHE)
def validate_and_load_batch(
    warehouse: str, report_dir: str, run_id: str | None, results: list[tuple[ArchivedBulletin, Extraction | str]]
) -> list[BulletinReport]:
    """Validate (one GX checkpoint per grain) and load one batch of extracted bulletins (`flows.parallel.
    extract_archived` results: a bulletin with its reason is reported, not loaded), in the batch's order. Returns
    a slim report per bulletin (`keep_only_what_the_report_lists`): Prefect keeps every task's return value for the
    whole flow run."""
    reports = validate_and_load_extracted(warehouse, report_dir, run_id, results)
    keep_only_what_the_reports_list(list(reports.values()))
    return list(reports.values())


@task(name="load batch", cache_policy=NO_CACHE)
def load_batch(
    archive_root: str, batch: list[IndexedBulletin], warehouse: str, report_dir: str, run_id: str | None
) -> list[BulletinReport]:
    """Extract (in this process), validate and load one batch of archived bulletins: the backfill's load phase
    without workers (benchmarks' plain mode)."""
    results = extract_archived(archive_root, [archived(b) for b in batch])
    return validate_and_load_batch.fn(warehouse, report_dir, run_id, results)


@flow(name="backfill", task_runner=ThreadPoolTaskRunner(max_workers=MAX_CONCURRENT_FETCHES))
def backfill(sources: list[str], since: str | None = None, until: str | None = None,
             warehouse: str = str(DEFAULT_WAREHOUSE), report_dir: str | None = None,
             batch_size: int = BACKFILL_BATCH_SIZE, publish_dir: str | None = None,
             sources_file: str | None = None, today: dt.date | None = None,
             workers: int | None = None) -> RunSummary | State:
    """Fetch and load every bulletin of `sources` (names from `sources_file`, listing-page URLs of a source,
    bulletin URLs, files, folders) whose as-of month lies in [since, until] (YYYY-MM), oldest first, skipping
    sources already loaded. Failures of single bulletins are in the returned summary, never raised; the run ends
    Failed, holding the summary, when one failed, an error-level check failed or publishing failed
    (`flows.monthly.final_state`; read the summary with `flows.monthly.run_summary`). Publishes for BI like the
    monthly flow (`publish_dir`, default `published/` beside the warehouse), and judges the named sources'
    freshness on `today` as it does (default: today in Asia/Shanghai; a late bulletin fails the run). Reports go
    to `report_dir` (default `reports/` beside the warehouse); `sources_file` defaults to
    `flows.sources.default_sources_file()`. The flow run's log ends with the summary lines the command line
    prints (`flows.monthly.summary_lines`). Extraction runs on `workers` local processes (default: one per core; 0:
    in the flow's process), or on the Dask workers when the flow's task runner is a DaskTaskRunner, while this
    process validates and loads each batch as it comes back (flows.parallel). Raises ValueError for a malformed
    since/until."""
    in_range(None, since, until)  # validate the bounds before any work
    report_dir = report_dir or str(report_dir_for(warehouse))
    run = PrefectRun()
    logger, run_id = run.logger, run.run_id
    prepare_in_background()  # GX's import overlaps the fetches
    archive_root = str(Path(warehouse).parent / "archive")
    catalogue = load_sources(sources_file)
    chosen = resolve_sources(sources, catalogue)
    artifact = create_progress_artifact(progress=0.0, key="backfill-progress",
                                        description="Bulletins fetched and loaded in this backfill, percent")
    reports: dict[str, BulletinReport] = {}
    indexed: list[IndexedBulletin] = []
    outside: list[IndexedBulletin] = []  # fetched, but their as-of month is outside [since, until] or unknown
    con = store.connect(warehouse)
    try:
        done = store.sources_loaded_by(con)
        fetch_log = FetchLog(con)
        crawler = Crawler(fetch_log, Path(archive_root), catalogue.limits, run_id)
        # Bulletin URLs and files given directly need no discovery (a task each would cost more than the fetch).
        links: list[tuple[Source, str]] = [(s, url) for s in chosen if s.kind == "direct" for url in s.bulletins]
        listed = [s for s in chosen if s.kind != "direct"]
        for source in listed:
            # In this process, not a task: the crawler holds the warehouse connection, which a Dask worker
            # cannot receive (`--dask`), and discovery reads a folder or a few listing pages.
            try:
                found = discover_bulletins.fn(crawler, source)
            except Exception as exc:  # noqa: BLE001  (one source's failure is reported, the others go on)
                reports[source.name] = BulletinReport(source=source.name, error=f"discovery failed: {exc}")
                continue
            for url, reason in found.problems:
                logger.warning("source %s: %s: %s", source.name, url, reason)
            links += [(source, url) for url in found.links]
        todo = [(source, url) for source, url in links if source_id(url) not in done]
        logger.info("backfill: %d bulletins to read, %d not read again (loaded by an earlier run)", len(todo),
                    len(links) - len(todo))

        progress.start("fetch", len(todo))
        # All slices are submitted at once: the thread-pool runner keeps MAX_CONCURRENT_FETCHES in flight, no
        # slice waits for a slow one of another, and progress advances as each slice completes.
        futures = [fetch_and_index.submit(piece, archive_root, run_id, catalogue.limits)
                   for piece in fetch_slices(todo)]
        fetched_so_far = 0
        for future in as_completed(futures):
            results, log_rows = future.result()
            fetch_log.record_many(log_rows)
            for url, result in results:
                if isinstance(result, str):
                    reports[url] = BulletinReport(source=url, error=result)
                    progress.advance("fetch", failures=1)
                    continue
                if in_range(result.as_of, since, until):
                    indexed.append(result)
                else:
                    outside.append(result)
                progress.advance("fetch")
            before, fetched_so_far = fetched_so_far, fetched_so_far + len(results)
            # Every tenth of the fetches, not every slice: each update is an API call (~20 ms on a busy machine).
            if 10 * fetched_so_far // len(todo) > 10 * before // len(todo):
                update_progress_artifact(artifact, progress=50.0 * fetched_so_far / len(todo))
    finally:
        con.close()  # the loads below open the writer's file themselves, batch by batch

    if outside:
        undated = [b.source for b in outside if b.as_of is None]
        logger.warning("not loaded, as-of month outside --since %s --until %s: %d bulletins%s", since or "-",
                       until or "-", len(outside) - len(undated),
                       f"; no as-of date in the text, so not placed in the range: {', '.join(undated)}"
                       if undated else "")
    # As-of order; a month's re-publications by publication date, so the corrected one is loaded last and wins in
    # the marts (and the view `restatements` compares it with the first).
    indexed.sort(key=lambda b: (b.as_of or dt.date.max, b.published or dt.date.max, b.source))
    progress.start("load", len(indexed))
    # Extraction on worker processes (or Dask workers) ahead of this process, which validates and loads each batch
    # in as-of order as it comes back (flows.parallel).
    pool = pool_of_flow_run(run, workers)
    batches = [[archived(b) for b in indexed[start:start + batch_size]]
               for start in range(0, len(indexed), batch_size)]
    try:
        loaded_so_far = 0
        for results in extracted_batches(pool, archive_root, batches, None, ahead=1):
            batch_reports = validate_and_load_batch(warehouse, report_dir, run_id, quote(results))
            reports.update((r.source, r) for r in batch_reports)
            loaded_so_far += len(batch_reports)
            progress.advance(
                "load",
                len(batch_reports),
                figures=sum(r.figures for r in batch_reports if r.snapshot_id),
                failures=sum(1 for r in batch_reports if r.error),
            )
            update_progress_artifact(artifact, progress=50.0 + 50.0 * loaded_so_far / max(len(indexed), 1))
    finally:
        pool.close()

    # One GX validation result per batch; each bulletin's report names its batch's file.
    summary = finish_run(run, "backfill", warehouse, report_dir, publish_dir, list(reports.values()),
                         catalogue=catalogue, watched=[s.name for s in chosen if s.kind != "direct"], today=today)
    for line in summary_lines(summary):
        logger.info(line)
    return final_state(summary)
