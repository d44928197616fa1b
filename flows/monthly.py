"""Deployment `monthly`: fetch the month's bulletins, extract, validate, load snapshots, report.

Flows and task wrappers only; each task calls a plain function from flows.ingest, flows.parallel, warehouse or
expectations, and each step returns frozen stage records (transforms.stages). One bad bulletin never stops the
others: its failure is in its record and reported.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.states import State
from prefect.utilities.annotations import quote

from expectations.runner import prepare_in_background
from flows import DEFAULT_WAREHOUSE, report_dir_for
from flows.ingest.crawl import BulletinFetch, discover_source, fetch_links, read_histories
from flows.ingest.discovery import Discovery
from flows.ingest.fetch import FetchedBulletin, FetchLimits
from flows.ingest.index import load_order
from flows.ingest.sources import Catalogue, Source, load_sources, resolve_sources
from flows.ingest.tally import SourceFetch, fetch_reason, source_row
from flows.parallel import read_bulletin
from flows.runs import BATCH_SIZE, LocalRun, PrefectRun, validate_and_load_task
from flows.summary import RunSummary, final_state, finish_run, summary_lines
from transforms.errors import FetchError
from transforms.record import EXTRACTOR_VERSION, Extraction
from transforms.stages import Extracted, Loaded
from warehouse import store
from warehouse.archive import FetchLog, FetchLogEntry, SourceHistory


@task(name="discover bulletins", cache_policy=NO_CACHE, task_run_name="discover {source.name}")
def discover_bulletins(source: Source, history: SourceHistory, archive_root: str, limits: FetchLimits,
                       run_id: str | None) -> tuple[Discovery, list[FetchLogEntry]]:
    return discover_source(source, history, archive_root, limits, run_id)


@task(name="fetch bulletins", cache_policy=NO_CACHE, task_run_name="fetch {source.name}")
def fetch_bulletins(source: Source, links: list[str], history: SourceHistory, archive_root: str,
                    limits: FetchLimits, run_id: str | None, retries: int, retry_delay_s: float
                    ) -> tuple[list[tuple[str, BulletinFetch | FetchError]], list[FetchLogEntry]]:
    # One task per source: its concurrency limit and politeness pacer (sources.toml) hold inside the task, on
    # whichever worker runs it. Transient failures are retried per bulletin inside (`fetch_links`), so one slow
    # page does not fetch the whole source again.
    return fetch_links(source, links, history, archive_root, limits, run_id, retries, retry_delay_s)


@task(name="extract figures", cache_policy=NO_CACHE)
def extract_bulletin(fetched: FetchedBulletin) -> Extraction | str:
    """The bulletin's extraction, or the reason it is not loaded (`read_bulletin`): a page that is not a progress
    bulletin or is over a limit is an expected outcome, reported by the flow, not an exception with a traceback."""
    return read_bulletin(fetched.text)


@flow(name="monthly", log_prints=False)
def monthly(sources: list[str] | None = None, warehouse: str = str(DEFAULT_WAREHOUSE),
            report_dir: str | None = None, sources_file: str | None = None,
            publish_dir: str | None = None, today: dt.date | None = None) -> RunSummary | State:
    """Fetch -> extract -> validate -> load -> freshness -> publish -> report, as a Prefect flow run
    (`run_monthly` in a `PrefectRun`); the flow run's log ends with the summary lines the command line prints
    (`summary_lines`).

    `sources`: names from `sources_file` (default: `flows.ingest.sources.default_sources_file()`), or bulletin URLs,
    files, folders (default: every source of the file; the bundled one lists the samples). Raises SourcesError
    before anything runs when the file is invalid or a name unknown. Reports go to `report_dir` (default:
    `reports/` beside the warehouse); publishes to `publish_dir` (default: `published/` beside the warehouse).
    Returns the run summary (`final_state`: the run is Failed, holding the summary, when an input failed, an
    error-level check failed, a bulletin is late or publishing failed; call with `return_state=True` and read it
    with `run_summary`); failures of single bulletins, sources and publishing are in it, never raised. A bulletin
    answering 304 Not Modified is counted as unchanged and creates nothing. `today`: the date the named sources'
    freshness is judged on (default: today in Asia/Shanghai); a bulletin past its due date fails the run like a
    failed bulletin (`RunSummary.problems`).
    """
    run = PrefectRun()
    summary = run_monthly(run, sources, warehouse, report_dir, sources_file, publish_dir, today)
    for line in summary_lines(summary):
        run.logger.info(line)
    return final_state(summary)


def monthly_locally(sources: list[str] | None = None, warehouse: str = str(DEFAULT_WAREHOUSE),
                    report_dir: str | None = None, sources_file: str | None = None,
                    publish_dir: str | None = None, today: dt.date | None = None) -> RunSummary:
    """The monthly flow's steps in this process without a Prefect API (`LocalRun`): the same fetch, extract,
    validation, load, freshness check, publication and report, for a one-off command-line run when no Prefect
    server is configured. Same arguments and summary as `monthly`; raises SourcesError for an invalid sources
    file."""
    with LocalRun() as run:
        return run_monthly(run, sources, warehouse, report_dir, sources_file, publish_dir, today)


def run_monthly(run: PrefectRun | LocalRun, sources: list[str] | None, warehouse: str, report_dir: str | None,
                sources_file: str | None, publish_dir: str | None, today: dt.date | None = None) -> RunSummary:
    """The steps of a monthly run, executed by `run` (a Prefect flow run, or locally); see `monthly`."""
    report_dir = report_dir or str(report_dir_for(warehouse))
    prepare_in_background()  # GX's import overlaps the fetches
    catalogue = load_sources(sources_file)
    chosen = resolve_sources(sources, catalogue)
    rows, bulletins = fetch_sources(run, warehouse, catalogue, chosen)
    run.table_artifact([row.row() for row in rows], key="fetch-summary",
                       description="Per source: links found, fetched, unchanged (304 / same bytes), failed with "
                                   "reason")
    loaded = {url: b for url, b in bulletins if isinstance(b, Loaded)}
    fetched = [(url, b) for url, b in bulletins if isinstance(b, FetchedBulletin)]
    for batch in in_load_order(fetched):
        loaded.update((r.source, r) for r in extract_and_load(run, warehouse, report_dir, batch,
                                                              slim=len(fetched) > BATCH_SIZE))
    return finish_run(run, "validation", warehouse, report_dir, publish_dir, [loaded[url] for url, _ in bulletins],
                      rows, catalogue=catalogue, watched=[s.name for s in chosen if s.kind != "direct"], today=today)


def in_load_order(fetched: list[tuple[str, FetchedBulletin]]) -> list[list[tuple[str, FetchedBulletin]]]:
    """Batches of BATCH_SIZE, oldest as-of first, as backfill loads: each batch's cross-month checks read the
    batches before it from the warehouse, and a listing of thousands of links never holds all its extractions and
    check frames at once (issue 14). A month's re-publications load by publication date: the later load wins in
    every mart, and the view `restatements` compares a corrected bulletin with the first one."""
    ordered = sorted(fetched, key=lambda item: (*load_order(item[1]), item[0]))
    return [ordered[start:start + BATCH_SIZE] for start in range(0, len(ordered), BATCH_SIZE)]


def extract_and_load(run: PrefectRun | LocalRun, warehouse: str, report_dir: str,
                     batch: list[tuple[str, FetchedBulletin]], slim: bool) -> list[Loaded]:
    """Extract a batch's bulletins (concurrent tasks), then validate and load them (one task): a `Loaded` record
    each. `slim`: keep only what the report lists (a run of more than one batch, as backfill)."""
    futures = [(url, f, run.submit(extract_bulletin, quote(f))) for url, f in batch]
    extracted = [Extracted.of(url, f, future.result(raise_on_failure=False)) for url, f, future in futures]
    for x in extracted:
        if x.failure is not None:
            run.logger.warning("not loaded: %s: %s", x.bulletin, x.failure.reason)
    return run.call(validate_and_load_task, warehouse, report_dir, run.run_id, quote(extracted),
                    "failed" if slim else "all")


def fetch_sources(run: PrefectRun | LocalRun, warehouse: str, catalogue: Catalogue, sources: list[Source]
                  ) -> tuple[list[SourceFetch], list[tuple[str, FetchedBulletin | Loaded]]]:
    """Discover and fetch every source concurrently (a discovery task, then a fetch task per source, all on plain
    inputs: the fetch log's history is read here and the tasks' fetch-log rows recorded here, as each task ends);
    one source failing never stops the others. Returns a row per source and, per bulletin link in discovery order,
    its bytes or its `Loaded` record when it was not read (a 304 answer is counted as unchanged and left out:
    nothing to load)."""
    archive_root = str(Path(warehouse).parent / "archive")
    limits, retries = catalogue.limits, catalogue.task_retries
    con = store.connect(warehouse)
    try:
        log = FetchLog(con)
        histories = read_histories(con, sources, EXTRACTOR_VERSION)
        discoveries = [(s, run.submit(discover_bulletins, s, histories[s.name], archive_root, limits, run.run_id))
                       for s in sources]
        seen: set[str] = set()
        pending: list[tuple[Source, Discovery | BaseException, list[str], Any]] = []
        for source, future in discoveries:
            found = future.result(raise_on_failure=False)
            if isinstance(found, BaseException):
                run.logger.warning("source %s: discovery failed: %s", source.name, found)
                pending.append((source, found, [], None))
                continue
            discovery, entries = found
            log.record_many(entries)
            links = [url for url in discovery.links if url not in seen]
            seen.update(links)
            pending.append((source, discovery, links, run.submit(
                fetch_bulletins, source, links, histories[source.name], archive_root, limits, run.run_id,
                retries.retries, retries.delay_s)))
        rows: list[SourceFetch] = []
        bulletins: list[tuple[str, FetchedBulletin | Loaded]] = []
        for source, found, links, future in pending:
            fetches: list[tuple[str, BulletinFetch | BaseException]] = []
            if future is not None:
                result = future.result(raise_on_failure=False)
                if isinstance(result, BaseException):  # a bug in the task: every link of the source failed with it
                    fetches = [(url, result) for url in links]
                else:
                    fetches, entries = result
                    log.record_many(entries)
            rows.append(source_row(source.name, source.kind, found, fetches))
            for url, outcome in fetches:
                if isinstance(outcome, BaseException):
                    run.logger.warning("not loaded: %s: %s", url, fetch_reason(outcome))
                    bulletins.append((url, Loaded.not_loaded(url, fetch_reason(outcome))))
                elif outcome.bulletin is not None:  # None: 304, nothing fetched, nothing to create
                    bulletins.append((url, outcome.bulletin))
    finally:
        con.close()
    return rows, bulletins
