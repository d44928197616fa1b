"""Deployment `backfill`: load years of bulletins at once, in as-of order, resumable after a crash.

Two phases keep memory flat however many bulletins there are:
1. fetch every bulletin not yet loaded (bounded concurrency), archive its bytes, and read only its as-of date
   (flows.ingest.index);
2. in as-of order: worker processes (or Dask workers) re-read the archived bytes and extract, ahead of the flow's
   process, which validates (one GX checkpoint per batch) and loads (one transaction per batch) each batch as it
   comes back, one task per batch, keeping only a slim record per bulletin (flows.parallel, transforms.stages).
Fetch tasks each take a slice of FETCH_SLICE links (MAX_CONCURRENT_FETCHES slices run at once on the thread pool).
A bulletin whose source already has a snapshot is skipped, so a rerun after a kill resumes where it stopped and
loads every bulletin exactly once. Task granularity is a fetch slice or a load batch, never one figure.

Flows and task wrappers only: each task calls a plain function; each phase returns records, not filled dicts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.states import State
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from expectations.runner import prepare_in_background
from flows import DEFAULT_WAREHOUSE, report_dir_for
from flows.cli import progress
from flows.ingest import index
from flows.ingest.crawl import Crawler
from flows.ingest.discovery import discover
from flows.ingest.fetch import FetchLimits, source_id
from flows.ingest.index import (FETCH_SLICE, MAX_CONCURRENT_FETCHES, BufferedFetchLog, IndexedBulletin,  # noqa: F401
                                archived, fetch_slices)
from flows.ingest.months import in_range  # noqa: F401  (re-exported: tests import it from here)
from flows.ingest.sources import Catalogue, Source, load_sources, resolve_sources
from flows.parallel import extracted_batches, pool_of_flow_run, prepare_archived
from flows.runs import BACKFILL_BATCH_SIZE, PrefectRun, validate_and_load_task
from flows.summary import RunSummary, final_state, finish_run, summary_lines
from transforms.stages import Loaded, extracted_from, slim_all
from warehouse.batch import validate_and_load
from warehouse import store
from warehouse.archive import FetchLog, FetchLogEntry


@task(name="fetch and index", cache_policy=NO_CACHE)
def fetch_and_index(links: list[tuple[Source, str]], archive_root: str, run_id: str | None,
                    limits: FetchLimits | None = None
                    ) -> tuple[list[tuple[str, IndexedBulletin | str]], list[FetchLogEntry]]:
    """`flows.ingest.index.fetch_and_index` of one slice of links as one task run (pickles for Dask workers)."""
    return index.fetch_and_index(links, archive_root, run_id, limits)


@task(name="load batch", cache_policy=NO_CACHE)
def load_batch(archive_root: str, batch: list[IndexedBulletin], warehouse: str, report_dir: str,
               run_id: str | None) -> list[Loaded]:
    """Extract (in this process), validate and load one batch of archived bulletins: the backfill's load phase
    without workers (benchmarks' plain mode). Slim records, as the flow keeps them."""
    results = prepare_archived(archive_root, [archived(b) for b in batch])
    return slim_all(validate_and_load(warehouse, report_dir, run_id, extracted_from(results), results.frames))


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
    (`flows.summary.final_state`; read the summary with `flows.summary.run_summary`). Publishes for BI like the
    monthly flow (`publish_dir`, default `published/` beside the warehouse), and judges the named sources'
    freshness on `today` as it does (default: today in Asia/Shanghai; a late bulletin fails the run), inside the
    window only: with since/until, a month before it is not missing and a month after it is not late. Reports go
    to `report_dir` (default `reports/` beside the warehouse); `sources_file` defaults to
    `flows.ingest.sources.default_sources_file()`. The flow run's log ends with the summary lines the command line
    prints (`flows.summary.summary_lines`). Extraction runs on `workers` local processes (default: one per core; 0:
    in the flow's process), or on the Dask workers when the flow's task runner is a DaskTaskRunner, while this
    process validates and loads each batch as it comes back (flows.parallel). Raises ValueError for a malformed
    since/until."""
    in_range(None, since, until)  # validate the bounds before any work
    run = PrefectRun()
    report_dir = report_dir or str(report_dir_for(warehouse))
    prepare_in_background()  # GX's import overlaps the fetches
    archive_root = str(Path(warehouse).parent / "archive")
    catalogue = load_sources(sources_file)
    chosen = resolve_sources(sources, catalogue)
    artifact = run.progress_artifact("backfill-progress", "Bulletins fetched and loaded in this backfill, percent")
    indexed, not_read = fetch_phase(run, warehouse, archive_root, catalogue, chosen, since, until, artifact)
    loaded = load_in_order(run, warehouse, report_dir, archive_root, indexed, batch_size, workers, artifact)
    records = {r.source: r for r in [*not_read, *loaded]}
    summary = finish_run(run, "backfill", warehouse, report_dir, publish_dir, list(records.values()),
                         catalogue=catalogue, watched=[s.name for s in chosen if s.kind != "direct"], today=today,
                         since=since, until=until)
    for line in summary_lines(summary):
        run.logger.info(line)
    return final_state(summary)


def fetch_phase(run: PrefectRun, warehouse: str, archive_root: str, catalogue: Catalogue, chosen: list[Source],
                since: str | None, until: str | None, artifact) -> tuple[list[IndexedBulletin], list[Loaded]]:
    """Phase 1 on one warehouse connection (`discover_links`, then `fetch_all`): the indexed bulletins in
    [since, until], oldest first, and a record per source or bulletin that was not read."""
    con = store.connect(warehouse)
    try:
        links, failed = discover_links(run, con, archive_root, catalogue, chosen)
        indexed, not_read = fetch_all(run, con, archive_root, catalogue, links, since, until, artifact)
    finally:
        con.close()  # the loads open the writer's file themselves, batch by batch
    return indexed, [*failed, *not_read]


def discover_links(run: PrefectRun, con: duckdb.DuckDBPyConnection, archive_root: str, catalogue: Catalogue,
                   chosen: list[Source]) -> tuple[list[tuple[Source, str]], list[Loaded]]:
    """Every bulletin link of the chosen sources not loaded by an earlier run, and a record per source whose
    discovery failed. Discovery runs in this process, not as tasks: it reads a folder or a few listing pages, and
    its fetch-log rows go straight to `con`."""
    failed: list[Loaded] = []
    done = store.sources_loaded_by(con)
    crawler = Crawler(FetchLog(con), Path(archive_root), catalogue.limits, run.run_id)
    # Bulletin URLs and files given directly need no discovery (a task each would cost more than the fetch).
    links = [(s, url) for s in chosen if s.kind == "direct" for url in s.bulletins]
    for source in [s for s in chosen if s.kind != "direct"]:
        try:
            found = discover(source, lambda url, s=source: crawler.listing_page(s, url), crawler.known(source))
        except Exception as exc:  # noqa: BLE001  (one source's failure is reported, the others go on)
            failed.append(Loaded.not_loaded(source.name, f"discovery failed: {exc}"))
            continue
        for url, reason in found.problems:
            run.logger.warning("source %s: %s: %s", source.name, url, reason)
        links += [(source, url) for url in found.links]
    todo = [(source, url) for source, url in links if source_id(url) not in done]
    run.logger.info("backfill: %d bulletins to read, %d not read again (loaded by an earlier run)", len(todo),
                    len(links) - len(todo))
    return todo, failed


def fetch_all(run: PrefectRun, con: duckdb.DuckDBPyConnection, archive_root: str, catalogue: Catalogue,
              todo: list[tuple[Source, str]], since: str | None, until: str | None,
              artifact) -> tuple[list[IndexedBulletin], list[Loaded]]:
    """Phase 1: fetch and index every link (slices as concurrent tasks), record their fetch-log rows; returns the
    indexed bulletins in [since, until], oldest first (a month's re-publications by publication date, so the
    corrected one is loaded last and wins in the marts), and a record per bulletin not read."""
    indexed: list[IndexedBulletin] = []
    outside: list[IndexedBulletin] = []  # fetched, but their as-of month is outside [since, until] or unknown
    not_read: list[Loaded] = []
    so_far = 0
    progress.start("fetch", len(todo))
    # All slices are submitted at once: the thread-pool runner keeps MAX_CONCURRENT_FETCHES in flight, no slice
    # waits for a slow one of another, and progress advances as each slice completes.
    futures = [fetch_and_index.submit(piece, archive_root, run.run_id, catalogue.limits)
               for piece in fetch_slices(todo)]
    fetch_log = FetchLog(con)
    for future in as_completed(futures):
        results, log_rows = future.result()
        fetch_log.record_many(log_rows)
        for url, result in results:
            if isinstance(result, str):
                not_read.append(Loaded.not_loaded(url, result))
                progress.advance("fetch", failures=1)
                continue
            (indexed if in_range(result.as_of, since, until) else outside).append(result)
            progress.advance("fetch")
        before, so_far = so_far, len(indexed) + len(outside) + len(not_read)
        # Every tenth of the fetches, not every slice: each update is an API call (~20 ms on a busy machine).
        if 10 * so_far // len(todo) > 10 * before // len(todo):
            run.update_progress(artifact, 50.0 * so_far / len(todo))
    if outside:
        undated = [b.source for b in outside if b.as_of is None]
        run.logger.warning("not loaded, as-of month outside --since %s --until %s: %d bulletins%s", since or "-",
                           until or "-", len(outside) - len(undated),
                           f"; no as-of date in the text, so not placed in the range: {', '.join(undated)}"
                           if undated else "")
    indexed.sort(key=lambda b: (b.as_of or dt.date.max, b.published or dt.date.max, b.source))
    return indexed, not_read


def load_in_order(run: PrefectRun, warehouse: str, report_dir: str, archive_root: str,
                  indexed: list[IndexedBulletin], batch_size: int, workers: int | None, artifact) -> list[Loaded]:
    """Phase 2: extraction on worker processes (or Dask workers) ahead of this process, which validates and loads
    each batch in as-of order as it comes back (flows.parallel); one GX validation result per batch. Returns a
    slim record per bulletin."""
    progress.start("load", len(indexed))
    pool = pool_of_flow_run(run, workers)
    batches = [[archived(b) for b in indexed[start:start + batch_size]]
               for start in range(0, len(indexed), batch_size)]
    loaded: list[Loaded] = []
    try:
        # One batch extracted ahead of the one being loaded: at most two batches' extractions are held.
        for results in extracted_batches(pool, archive_root, batches, None, ahead=1):
            batch = validate_and_load_task(warehouse, report_dir, run.run_id, quote(extracted_from(results)),
                                           "failed", quote(results.frames))
            loaded += batch
            progress.advance("load", len(batch), figures=sum(r.figures for r in batch if r.snapshot_id),
                             failures=sum(1 for r in batch if r.error))
            run.update_progress(artifact, 50.0 + 50.0 * len(loaded) / max(len(indexed), 1))
    finally:
        pool.close()
    return loaded
