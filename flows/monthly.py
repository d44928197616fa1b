"""Deployment `monthly`: fetch the month's bulletins, extract, validate, load snapshots, report.

Large in-memory inputs (bulletin bytes, extractions, check results) are passed to tasks inside `quote()`: Prefect
otherwise walks every nested object of a task's parameters looking for futures, which cost ~20 s per 300
bulletins (measured with cProfile in benchmarks/bench_backfill.py runs).

Reads like a table of contents; each task calls a plain function from flows.fetch, transforms, expectations or
warehouse. One bad bulletin never stops the others: its failure is recorded and reported.
"""

from __future__ import annotations

import flows.settings  # noqa: F401  (offline environment before Prefect is imported)

import datetime as dt
import logging
import time
import uuid
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from prefect import flow, get_run_logger, task
from prefect.artifacts import (create_markdown_artifact, create_progress_artifact, create_table_artifact,
                               update_progress_artifact)
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.states import Failed, State
from prefect.utilities.annotations import quote

from expectations.report import BulletinReport, RunReport, render_html, render_markdown
from expectations.rules import rule_named
from expectations.runner import prepare_in_background
from flows.crawl import BulletinFetch, Crawler
from flows.discovery import Discovery, discover
from flows.fetch import FetchError, FetchedBulletin
from flows.parallel import NO_FIGURES, ArchivedBulletin, read_bulletin  # noqa: F401  (NO_FIGURES, read_bulletin re-exported)
from flows.settings import DEFAULT_WAREHOUSE, report_dir_for
from flows.sources import Catalogue, Source, load_sources, resolve_sources
from transforms.checks import BatchFrames, batch_frames, with_batch_history
from transforms.extract import parse_document
from transforms.record import EXTRACTOR_VERSION, Extraction
from transforms.text import bulletin_text, oversize
from warehouse import store
from warehouse.archive import FetchLog
from warehouse.freshness import Restatement, SourceFreshness, freshness, publisher_today, record_calendars, restatements
from warehouse.publish import Publication, publish
from warehouse.reprocessing import Reprocessed


class PrefectRun:
    """The steps of a run inside a Prefect flow run: tasks go to the flow's task runner, artifacts and log lines
    to the API, and the flow run id is recorded with what is loaded. Create it inside the flow function."""

    def __init__(self) -> None:
        self.logger = get_run_logger()
        self.run_id: str | None = str(flow_run.id) if flow_run.id else None
        self.label = self.run_id or "local"
        """Names the run's report files (`<kind>-<label>.md`)."""
        self.produced_by: str | None = None

    def submit(self, task, *args, retries: int = 0, retry_delay_s: float = 0.0):
        """`task.submit(*args)` (with `retries` task retries on the task's retry condition); the future's
        `result(raise_on_failure=False)` returns the task's exception instead of raising it."""
        if retries:
            task = task.with_options(retries=retries, retry_delay_seconds=retry_delay_s)
        return task.submit(*args)

    def call(self, task, *args):
        """Run `task` in this process as one task run and return its result (raises what it raises)."""
        return task(*args)

    def table_artifact(self, table: list[dict], key: str, description: str) -> None:
        create_table_artifact(table=table, key=key, description=description)

    def markdown_artifact(self, markdown: str, key: str, description: str) -> None:
        create_markdown_artifact(markdown=markdown, key=key, description=description)

    def progress_artifact(self, key: str, description: str) -> Any:
        """A progress artifact at 0 % (the Prefect UI shows it on the flow run); returns its id."""
        return create_progress_artifact(progress=0.0, key=key, description=description)

    def update_progress(self, artifact: Any, percent: float) -> None:
        update_progress_artifact(artifact, progress=percent)


class _Done:
    """A local future with the `result(raise_on_failure=...)` of a Prefect future."""

    def __init__(self, future: Future) -> None:
        self._future = future

    def result(self, raise_on_failure: bool = True) -> Any:
        try:
            return self._future.result()
        except Exception as exc:  # noqa: BLE001  (returned, as a Prefect future returns a failed task's error)
            if raise_on_failure:
                raise
            return exc


def _unquoted(args: tuple) -> list:
    return [a.unquote() if isinstance(a, quote) else a for a in args]


class LocalRun:
    """The same steps without a Prefect API, for one-off command-line runs when no Prefect server is configured:
    task functions run in this process (submitted ones on a thread pool), fetches that failed for a transient
    reason (`FetchError.transient`) are retried like the task's retries, artifacts are skipped (the report files
    hold the same Markdown) and log lines go to the `progress_warehouse` logger. Nothing Prefect-specific is
    recorded: snapshots and fetch-log rows have no flow run id (NULL, as for any load outside Prefect), and the
    report files are named by a local run label (`local-<UTC time>-<random>`). Use as a context manager."""

    def __init__(self, max_workers: int = 16) -> None:
        self.logger = logging.getLogger("progress_warehouse")
        self.run_id: str | None = None
        self.label = f"local-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"
        self.produced_by: str | None = f"command-line run {self.label} (no Prefect flow run)"
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="progress-warehouse")

    def __enter__(self) -> LocalRun:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, task, *args, retries: int = 0, retry_delay_s: float = 0.0) -> _Done:
        """Run `task`'s function on the pool; a FetchError with `transient` set is retried up to `retries` times,
        `retry_delay_s` apart (every other exception is final, and returned by `result(raise_on_failure=False)`)."""
        fn, values = task.fn, _unquoted(args)

        def attempt():
            for number in range(retries + 1):
                try:
                    return fn(*values)
                except FetchError as exc:
                    if not exc.transient or number == retries:
                        raise
                    self.logger.info("retrying in %g s: %s", retry_delay_s, exc)
                    time.sleep(retry_delay_s)

        return _Done(self._pool.submit(attempt))

    def call(self, task, *args):
        return task.fn(*_unquoted(args))

    def table_artifact(self, table: list[dict], key: str, description: str) -> None:
        """No API, no artifact: the run's report holds the same facts."""

    def markdown_artifact(self, markdown: str, key: str, description: str) -> None:
        """No API, no artifact: the Markdown report file is written beside the HTML one."""

    def progress_artifact(self, key: str, description: str) -> None:
        """No API, no artifact: the command line shows its own progress bar."""

    def update_progress(self, artifact: Any, percent: float) -> None:
        """No API, no artifact."""


BATCH_SIZE = 100
"""Bulletins per extract/validate/load batch (monthly and backfill): one GX checkpoint run per grain and one load
transaction per batch amortise their fixed costs (~0.35 s and ~10 statements) while keeping a batch's frames small
(100 seed-sized bulletins ≈ 8,000 figures)."""


@dataclass
class SourceFetch:
    """Fetch outcome of one source in one run (one row of the `fetch-summary` table artifact).

    `found`: bulletin links (or files) discovered; `new`: of those, not archived before; `fetched`: read with
    bytes not seen at that URL before; `unchanged`: 304 or the same bytes; `failed`: bulletins not read;
    `problems`: (URL, reason) for every failed bulletin, listing page or folder.
    """

    source: str
    kind: str
    pages: int = 0
    found: int = 0
    new: int = 0
    fetched: int = 0
    unchanged: int = 0
    failed: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)

    def row(self) -> dict[str, object]:
        """The artifact/summary row: counts plus failures as "url: reason" lines."""
        return {"source": self.source, "kind": self.kind, "listing pages": self.pages, "links found": self.found,
                "new": self.new, "fetched": self.fetched, "unchanged": self.unchanged, "failed": self.failed,
                "failures": "; ".join(f"{url}: {reason}" for url, reason in self.problems)}


@dataclass
class RunSummary:
    """What a run did; the CLI prints it and derives the exit code from it."""

    flow_run_id: str | None
    warehouse: str
    report_markdown: str
    report_html: str
    bulletins: list[BulletinReport] = field(default_factory=list)
    publication: Publication | None = None
    """The read-only copy and Parquet exports for BI written after the load (None if publishing failed)."""
    publish_error: str | None = None
    sources: list[SourceFetch] = field(default_factory=list)
    """Per source fetch outcomes (monthly runs; empty for backfills, whose failures are per bulletin)."""
    freshness: list[SourceFreshness] = field(default_factory=list)
    """The run's named sources judged against their publication calendars after the load (view `freshness`)."""
    restatements: list[Restatement] = field(default_factory=list)
    """Figures this run's new snapshots restate (view `restatements`): re-published changes, cumulative falls."""
    freshness_error: str | None = None
    """Why freshness could not be checked (None when it was)."""
    reprocessed: list[Reprocessed] | None = None
    """A reprocess run's comparison of each new snapshot with the one it supersedes (None: not a reprocess)."""

    @property
    def late(self) -> list[SourceFreshness]:
        """Sources with a bulletin past its due date (and nothing later arrived)."""
        return [f for f in self.freshness if f.late]

    @property
    def failures(self) -> list[BulletinReport]:
        return [b for b in self.bulletins if b.error]

    def count(self, severity: str | None, passed: bool) -> int:
        total = 0
        for b in self.bulletins:
            if passed:  # rows a backfill counted instead of keeping
                total += sum(n for rule, n in b.passed_not_kept.items()
                             if severity is None or rule_named(rule).severity == severity)
            if b.results is None or b.results.height == 0:
                continue
            rows = b.results.filter(pl.col("passed") == passed)
            if severity:
                rows = rows.filter(pl.col("severity") == severity)
            total += rows.height
        return total

    @property
    def ok(self) -> bool:
        """True when every input loaded, no error-level check failed, no bulletin of the run's sources is late, its
        freshness could be checked and the warehouse was published for BI."""
        return not self.problems()

    def problems(self) -> list[str]:
        """What keeps the run from being `ok`, one phrase each ("2 of 12 bulletins not loaded (<source>: <reason>,
        …)", "error-level checks failed: 3", "source web: not read: <listing page URL>", "source web: 2025-09 late
        (2025-09 due 2025-10-20, 3 days ago)", "not published for BI: <reason>"); the first three sources are named, so
        that the flow run's message in the Prefect UI says what failed and why; empty when the run is ok.

        A late bulletin needs attention like a failed one: someone should look at the site. A missing one (a later
        month arrived) does not fail every later run: it was late before (and failed those runs) and waiting will
        not bring it; it stays listed in the summary, the report and the view `freshness`."""
        found = []
        if self.failures:
            named = ", ".join(f"{b.source}: {b.error}" for b in self.failures[:3])
            more = f" and {len(self.failures) - 3} more" if len(self.failures) > 3 else ""
            found.append(f"{len(self.failures)} of {len(self.bulletins)} bulletins not loaded ({named}{more})")
        errors = self.count("error", passed=False)
        if errors:
            found.append(f"error-level checks failed: {errors}")
        counted = {b.source for b in self.failures}
        for row in self.sources:
            other = [url for url, _ in row.problems if url not in counted]
            if other:
                more = f" and {len(other) - 3} more" if len(other) > 3 else ""
                found.append(f"source {row.source}: not read: {', '.join(other[:3])}{more}")
        found += [f"source {f.source}: {f.late_phrase()}" for f in self.late]
        if self.freshness_error:
            found.append(f"freshness not checked: {self.freshness_error}")
        if self.publish_error:
            found.append(f"not published for BI: {self.publish_error}")
        return found


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """"1 bulletin", "2 bulletins" ("1 figure", "0 figures"); `nouns` for an irregular plural."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def shown_source(source: str) -> str:
    """A bulletin's name as printed: http(s) URLs as given, local files as absolute plain paths (never file://
    URIs, whether the run got a relative path, an absolute one or a file URI); source names as they are."""
    if source.startswith("file://"):
        from urllib.parse import unquote, urlparse

        return unquote(urlparse(source).path)
    if "://" not in source and ("/" in source or Path(source).exists()):
        return str(Path(source).absolute())
    return source


def summary_lines(summary: RunSummary) -> list[str]:
    """The run summary in one vocabulary, as the command line prints it and the flow run logs it:

        15 bulletins read: 1 loaded (1 passed, 0 warned), 1 failed validation, 12 unchanged, 1 not loaded
        figures: 12 in 2 new snapshots
        checks: 230 passed, 1 error, 0 warnings, 0 info
        source linjiang-samples: 12 links, 12 read (0 new or changed, 12 unchanged), 0 not read
        freshness linjiang-samples: complete; latest 2025-12, next none due -; 2025-08 missing (a later month …)
        restated (republished) item 4 老旧小区已开工改造 as of 2025-10-31: 132个 → 133个, … (snapshot 9 → 10)
          snapshot 13 (new, passed) /path/a.html
          snapshot 3 (unchanged, passed) /path/b.html
          snapshot 14 (new, failed validation) /path/c.html
          not loaded: http://host/x.html: HTTP 404 NOT FOUND
        warehouse: …   published for BI: …   report: …

    loaded: a new snapshot that passed or warned; failed validation: a new snapshot stored with status failed
    (kept out of the current views); unchanged: already loaded (same bytes, same extractor version), nothing
    new stored; not loaded: nothing stored, with the reason. Local files are named by path (`shown_source`).
    Freshness lines name each watched source's status with its late and missing months; restated lines list the
    figures this run's new snapshots restate (a re-published bulletin's changes, a cumulative figure that fell)."""
    bulletins = summary.bulletins
    new = [b for b in bulletins if b.snapshot_id is not None and b.created]
    loaded = [b for b in new if b.status != "failed"]
    failed_validation = [b for b in new if b.status == "failed"]
    unchanged = [b for b in bulletins if b.snapshot_id is not None and not b.created]
    passed = sum(1 for b in loaded if b.status == "passed")
    lines = [f"{plural(len(bulletins), 'bulletin')} read: {len(loaded)} loaded ({passed} passed, "
             f"{len(loaded) - passed} warned), {len(failed_validation)} failed validation, {len(unchanged)} "
             f"unchanged, {len(summary.failures)} not loaded",
             f"figures: {sum(b.figures for b in new)} in {plural(len(new), 'new snapshot')}",
             f"checks: {summary.count(None, True)} passed, {plural(summary.count('error', False), 'error')}, "
             f"{plural(summary.count('warning', False), 'warning')}, {summary.count('info', False)} info"]
    shown = {b.source for b in bulletins}
    for row in summary.sources:
        read = row.fetched + row.unchanged
        lines.append(f"source {row.source}: {plural(row.found, 'link')}, {read} read ({row.fetched} new or "
                     f"changed, {row.unchanged} unchanged), {row.failed} not read")
        lines.extend(f"  not read: {shown_source(url)}: {why}" for url, why in row.problems if url not in shown)
    for f in summary.freshness:
        when = f.row()
        lines.append(f"freshness {f.source}: {f.status}; latest {when['latest_month'] or 'none'}, next "
                     f"{when['next_expected_month'] or 'none'} due {when['next_due'] or '-'}"
                     + (f"; {f.late_phrase()}" if f.late else "")
                     + (f"; {f.missing_phrase()}" if f.missing_months else ""))
    if summary.freshness_error:
        lines.append(f"freshness not checked: {summary.freshness_error}")
    for r in summary.restatements:
        figure = " ".join(part for part in (r.item and f"item {r.item}", r.label) if part)
        lines.append(f"restated ({r.kind}) {figure} as of {r.as_of}: {r.describe()} (snapshot "
                     f"{r.previous_snapshot_id} → {r.snapshot_id})")
    if summary.reprocessed is not None:
        lines += reprocessed_lines(summary.reprocessed)
    for b in bulletins:
        if b.error:
            lines.append(f"  not loaded: {shown_source(b.source)}: {b.error}")
        else:
            state = "failed validation" if b.status == "failed" else b.status
            lines.append(f"  snapshot {b.snapshot_id} ({'new' if b.created else 'unchanged'}, {state}) "
                         f"{shown_source(b.source)}")
    lines.append(f"warehouse: {summary.warehouse}")
    if summary.publication is not None:
        lines.append(f"published for BI: {summary.publication.database} (read-only copy; Parquet in "
                     f"{summary.publication.database.parent / 'parquet'})")
        if summary.publication.ambiguous_keys:
            lines.append(f"  {plural(summary.publication.ambiguous_keys, 'ambiguous metric key')} (view "
                         "ambiguous_metric_keys: figures sharing a key are listed, not merged)")
    else:
        lines.append(f"not published for BI: {summary.publish_error}")
    lines.append(f"report: {summary.report_html} (Markdown: {summary.report_markdown})")
    return lines


def reprocessed_lines(reprocessed: list[Reprocessed]) -> list[str]:
    """The summary's lines for a reprocess run: one total, then one per bulletin read differently:

        re-extracted 24 bulletins with extractor 0.3.0 (was 0.2.0): 3 read differently: 2 figures added, 0 removed, 4 changed; 1 check changed status
          changed /path/a.html (snapshot 3 → 27): 1 added, 0 removed, 2 changed, 0 checks changed status
    """
    if not reprocessed:
        return ["re-extracted 0 bulletins"]
    versions = sorted({r.version for r in reprocessed})
    previous = sorted({r.previous_version for r in reprocessed})
    different = [r for r in reprocessed if not r.unchanged]
    lines = [f"re-extracted {plural(len(reprocessed), 'bulletin')} with extractor {', '.join(versions)} (was "
             f"{', '.join(previous)}): {len(different)} read differently: "
             f"{plural(sum(len(r.added) for r in reprocessed), 'figure')} added, "
             f"{sum(len(r.removed) for r in reprocessed)} removed, {sum(len(r.changed) for r in reprocessed)} "
             f"changed; {plural(sum(len(r.checks) for r in reprocessed), 'check')} changed status"]
    lines += [f"  changed {shown_source(r.source)} (snapshot {r.previous_snapshot_id} → {r.snapshot_id}): "
              f"{r.describe()}" for r in different]
    return lines


def final_state(summary: RunSummary) -> RunSummary | State:
    """What a flow returns as its flow run's final state: the summary itself (Completed) when `summary.ok`, else
    `Failed` holding the summary as its data, with a message naming what went wrong and the report to read.

    Same rule as the CLI's exit code, so that a scheduled run shows in the Prefect UI, and triggers automations
    and notifications on failed runs, as a run from the command line ends. Everything was stored before: the
    state only tells the scheduler. Read the summary back with `run_summary`."""
    problems = summary.problems()
    if not problems:
        return summary
    return Failed(message=f"{'; '.join(problems)}; everything read is stored. Report: {summary.report_html}",
                  data=summary)


def run_summary(state: State) -> RunSummary:
    """The `RunSummary` of a finished flow run of this process (call the flow with `return_state=True`), whether
    Completed or Failed by `final_state`. Raises the flow's own exception when it raised one (an invalid sources
    file, a malformed since/until), and prefect's UnfinishedRun for a run that has not ended."""
    result = state.result(raise_on_failure=False)
    if isinstance(result, BaseException):
        raise result
    return result


def _transient_failure(task, task_run, state) -> bool:
    """Retry only what may succeed later: no answer in time or at all (FetchError.transient). Answers (404, 5xx
    after the session's own retries), too large, not HTML, nested too deep and unexpected errors (the same bytes
    fail the same way) are final: retrying them cost a run 2 x 30 s per page (issue 14)."""
    try:
        state.result()
    except FetchError as exc:
        return exc.transient
    except Exception:  # noqa: BLE001  (an unexpected error: final, see above)
        return False
    return False


@task(name="discover bulletins", cache_policy=NO_CACHE, task_run_name="discover {source.name}")
def discover_bulletins(crawler: Crawler, source: Source) -> Discovery:
    return discover(source, lambda url: crawler.listing_page(source, url), crawler.known(source))


@task(name="fetch bulletin", cache_policy=NO_CACHE, retry_condition_fn=_transient_failure,
      task_run_name="fetch {url}")
def fetch_bulletin(crawler: Crawler, source: Source, url: str) -> BulletinFetch:
    # Per-source limit from sources.toml. An in-process semaphore, not a Prefect global concurrency limit: those
    # cost ~0.6 s per acquisition against the local API (measured here: 12 bulletins 7.8 s vs 0.9 s), which
    # would break the 1,000-bulletins-in-60-s target; a run's fetches all live in this one process.
    with crawler.slot(source):
        return crawler.bulletin(source, url)


def fetch_sources(run: PrefectRun | LocalRun, crawler: Crawler, sources: list[Source], retries: int,
                  retry_delay_s: float, reports, fetched) -> list[SourceFetch]:
    """Discover and fetch every source concurrently; fill `reports` (bulletin -> BulletinReport) and `fetched`
    (bulletin -> bytes to extract). One source failing never stops the others. Returns a row per source."""
    logger = run.logger
    discoveries = [(s, run.submit(discover_bulletins, crawler, s)) for s in sources]
    rows: dict[str, SourceFetch] = {s.name: SourceFetch(s.name, s.kind) for s in sources}
    pending: list[tuple[Source, str, Any]] = []
    for source, future in discoveries:
        row = rows[source.name]
        found = future.result(raise_on_failure=False)
        if isinstance(found, BaseException):
            row.problems.append((source.name, f"discovery failed: {found}"))
            logger.warning("source %s: discovery failed: %s", source.name, found)
            continue
        row.pages, row.found, row.new = len(found.pages), found.found, found.found - len(found.known)
        row.problems.extend(found.problems)
        pending.extend((source, url, run.submit(fetch_bulletin, crawler, source, url, retries=retries,
                                                retry_delay_s=retry_delay_s))
                       for url in found.links if url not in reports)
        reports.update((url, None) for url in found.links if url not in reports)
    for source, url, future in pending:
        row, result = rows[source.name], future.result(raise_on_failure=False)
        if isinstance(result, BaseException):
            reason = result.reason if isinstance(result, FetchError) else str(result)
            reports[url] = BulletinReport(source=url, error=reason)
            row.failed += 1
            row.problems.append((url, reason))
            logger.warning("not loaded: %s (%s)", url, reason)
            continue
        setattr(row, result.outcome, getattr(row, result.outcome) + 1)
        if result.bulletin is None:  # 304: nothing fetched, nothing to create
            del reports[url]
            continue
        reports[url] = BulletinReport(source=url, sha256=result.bulletin.sha256)
        fetched[url] = result.bulletin
    return list(rows.values())


@task(name="extract figures", cache_policy=NO_CACHE)
def extract_bulletin(fetched: FetchedBulletin) -> Extraction | str:
    """The bulletin's extraction, or the reason it is not loaded (`read_bulletin`): a page that is not a progress
    bulletin or is over a limit is an expected outcome, reported by the flow, not an exception with a traceback."""
    return read_bulletin(fetched.text)


def validate_batch(extracted: dict[str, Extraction], warehouse: str, report_dir: str,
                   frames: BatchFrames | None = None):
    """One validation run (one checkpoint per grain) for the whole batch; cross-snapshot rules read the earlier
    snapshots of the same metric keys from the warehouse before anything of this batch is loaded. The GX
    validation result JSON is archived under <report_dir>/gx. `frames`: the batch's frames as the workers built
    them (`flows.parallel.prepare_archived`; None: built here)."""
    from expectations.runner import validate
    from warehouse.history import previous_figures

    if frames is None:
        frames = batch_frames(extracted, {source: store.metric_keys(x, source) for source, x in extracted.items()})
    con = store.connect(warehouse)
    try:
        history = previous_figures(con, frames.figures["metric_key"].unique().to_list(), before=None)
    finally:
        con.close()
    outcome = validate(with_batch_history(frames.checks, history))
    return outcome, str(outcome.archive_gx_results(Path(report_dir) / "gx"))


def load_snapshots(warehouse: str, fetched: Mapping[str, FetchedBulletin | ArchivedBulletin], extracted: dict[str, Extraction],
                   outcome, reports: dict[str, BulletinReport], run_id: str | None, gx_result_path: str,
                   figures: pl.DataFrame | None = None) -> None:
    """Load one snapshot per extracted bulletin and record the validation run, the whole batch in one transaction
    (store.load_snapshots: a failing bulletin is retried alone and fails alone). Fills each report's snapshot id,
    created flag and status, or its error; a bulletin already loaded gets its stored status and no check rows
    (what this run checked again is not stored). The raw bytes are already archived: the crawler archives every
    body it fetches. `figures`: the batch's figure rows (`BatchFrames.figures`), or None to build them at load."""
    sources, loads = list(extracted), []
    rows = {} if figures is None else {key[0]: frame for key, frame in figures.partition_by(
        "bulletin", as_dict=True, include_key=False, maintain_order=True).items()}
    for source, extraction in extracted.items():
        f = fetched[source]
        document = store.ArchivedDocument(f.sha256, f.source, f.content_type, f.encoding, f.encoding_source,
                                          f.size or 0, extraction.text)
        loads.append(store.SnapshotLoad(document, f.source, extraction, outcome.status_of(source),
                                        outcome.results_of(source), rows.get(source)))
    con = store.connect(warehouse)
    try:
        results = store.load_snapshots(con, loads, run_id, outcome.run_id, gx_result_path)
        kept = [r.snapshot_id for r in results if not isinstance(r, store.WarehouseError) and not r.created]
        stored_status = dict(con.execute("SELECT snapshot_id, status FROM snapshots WHERE list_contains(?, "
                                         "snapshot_id)", [kept]).fetchall()) if kept else {}
    finally:
        con.close()
    for source, load, loaded in zip(sources, loads, results):
        report = reports[source]
        if isinstance(loaded, store.WarehouseError):
            report.error = str(loaded)
        elif loaded.created:
            report.snapshot_id, report.created, report.status = loaded.snapshot_id, True, load.status
        else:
            # Already loaded: the stored status and checks stand (a revalidation may have changed the status).
            # This run's repeat of the checks is not stored, so the report does not show it as if it were.
            report.snapshot_id, report.created, report.status = loaded.snapshot_id, False, \
                stored_status[loaded.snapshot_id]
            report.results, report.gx_result_path = None, None


@task(name="publish for BI", cache_policy=NO_CACHE)
def publish_warehouse(warehouse: str, publish_dir: str | None) -> Publication:
    return publish(warehouse, publish_dir)


@flow(name="monthly", log_prints=False)
def monthly(sources: list[str] | None = None, warehouse: str = str(DEFAULT_WAREHOUSE),
            report_dir: str | None = None, sources_file: str | None = None,
            publish_dir: str | None = None, today: dt.date | None = None) -> RunSummary | State:
    """Fetch -> extract -> validate -> load -> freshness -> publish -> report, as a Prefect flow run
    (`run_monthly` in a `PrefectRun`); the flow run's log ends with the summary lines the command line prints
    (`summary_lines`).

    `sources`: names from `sources_file` (default: `flows.sources.default_sources_file()`), or bulletin URLs,
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
    logger = run.logger
    report_dir = report_dir or str(report_dir_for(warehouse))
    prepare_in_background()  # GX's import overlaps the fetches
    catalogue = load_sources(sources_file)
    chosen = resolve_sources(sources, catalogue)
    reports: dict[str, BulletinReport] = {}
    fetched: dict[str, FetchedBulletin] = {}
    con = store.connect(warehouse)
    try:
        crawler = Crawler(FetchLog(con), Path(warehouse).parent / "archive", catalogue.limits, run.run_id,
                          loaded=store.sources_loaded_by(con, EXTRACTOR_VERSION))
        fetch_rows = fetch_sources(run, crawler, chosen, catalogue.task_retries.retries,
                                   catalogue.task_retries.delay_s, reports, fetched)
    finally:
        con.close()
    run.table_artifact([row.row() for row in fetch_rows], key="fetch-summary",
                       description="Per source: links found, fetched, unchanged (304 / same bytes), failed with "
                                   "reason")

    # In batches, oldest as-of first, as backfill loads: each batch's cross-month checks read the batches
    # before it from the warehouse, and a listing of thousands of links never holds all its extractions and
    # check frames at once (issue 14). A run of more than one batch keeps only what its report lists, as backfill.
    # A month's re-publications load by publication date: the later load wins in every mart, and the view
    # `restatements` compares a corrected bulletin with the first one.
    order = sorted(fetched, key=lambda s: (*_load_order(fetched[s]), s))
    slim = len(order) > BATCH_SIZE
    for start in range(0, len(order), BATCH_SIZE):
        batch = {s: fetched.pop(s) for s in order[start:start + BATCH_SIZE]}
        extracted: dict[str, Extraction] = {}
        for source, future in [(s, run.submit(extract_bulletin, quote(f))) for s, f in batch.items()]:
            result = future.result(raise_on_failure=False)
            if isinstance(result, (BaseException, str)):
                reports[source].error = result if isinstance(result, str) else f"{type(result).__name__}: {result}"
                logger.warning("not loaded: %s: %s", source, reports[source].error)
            else:
                extracted[source] = result
                reports[source].extraction = result
                reports[source].figures = len(result.figures)
        run.call(validate_and_load_task, warehouse, report_dir, run.run_id, quote(batch), quote(extracted),
                 quote(reports))
        if slim:
            for source in batch:
                keep_only_what_the_report_lists(reports[source])

    return finish_run(run, "validation", warehouse, report_dir, publish_dir, list(reports.values()), fetch_rows,
                      catalogue=catalogue, watched=[s.name for s in chosen if s.kind != "direct"], today=today)


def _load_order(fetched: FetchedBulletin) -> tuple[dt.date, dt.date]:
    """(as-of date, publication date) of a bulletin, for the load order; a date the text does not state (or a text
    over a limit) sorts last."""
    text = bulletin_text(fetched.text)
    document = None if oversize(text) else parse_document(text)
    if document is None:
        return dt.date.max, dt.date.max
    return document.as_of or dt.date.max, document.published or dt.date.max


def keep_only_what_the_report_lists(report: BulletinReport) -> None:
    """Bound memory over thousands of bulletins (Prefect keeps every task's return value for the whole run).

    Keeps the failed check rows (the report lists each with its sentence) and the extraction only where a check
    failed; every passed row is counted per rule in `passed_not_kept`, so the report's counts still equal the
    warehouse's validation_results, and the report says where the passed rows are. Keeps the as-of date.
    Listing passed percent checks too cost ~300 MB more at 10,000 bulletins (benchmarks/README.md) for a report
    of ~27 MB of HTML; a query on the warehouse serves that better."""
    extraction = report.extraction
    if extraction is not None:
        report.as_of = extraction.document.as_of
    if report.results is None or report.results.height == 0:
        report.extraction = None
        return
    report.passed_not_kept = dict(report.results.filter(pl.col("passed")).group_by("rule").len().iter_rows())
    report.results = report.results.filter(~pl.col("passed"))
    if report.results.height == 0:
        report.extraction = None


def keep_only_what_the_reports_list(reports: list[BulletinReport]) -> None:
    """`keep_only_what_the_report_lists` for a batch of reports at once: one count of the passed rows per bulletin
    and rule and one split of the failed rows, instead of three frame operations per bulletin (a reprocess
    batch holds 2,000)."""
    checked = [(i, r.results) for i, r in enumerate(reports) if r.results is not None and r.results.height]
    counts: dict[int, dict[str, int]] = {}
    failed: dict[int, pl.DataFrame] = {}
    if checked:
        rows = pl.concat([frame for _, frame in checked], how="vertical").with_columns(
            pl.Series("_report", [i for i, _ in checked], pl.Int32)
            .repeat_by(pl.Series([frame.height for _, frame in checked])).explode())
        for i, rule, n in rows.filter(pl.col("passed")).group_by("_report", "rule", maintain_order=True).len() \
                .iter_rows():
            counts.setdefault(i, {})[rule] = n
        failed = {key[0]: frame for key, frame in rows.filter(~pl.col("passed")).partition_by(
            "_report", as_dict=True, include_key=False, maintain_order=True).items()}
    for i, report in enumerate(reports):
        if report.extraction is not None:
            report.as_of = report.extraction.document.as_of
        if report.results is None or report.results.height == 0:
            report.extraction = None
            continue
        report.passed_not_kept = counts.get(i, {})
        report.results = failed.get(i, report.results.clear())
        if report.results.height == 0:
            report.extraction = None


def validate_and_load_extracted(warehouse: str, report_dir: str, run_id: str | None,
                                results: list[tuple[ArchivedBulletin, Extraction | str]]) -> dict[str, BulletinReport]:
    """Validate and load (`validate_and_load`) a batch of bulletins read back from the archive
    (`flows.parallel.extract_archived` results: an extraction, or the reason a bulletin could not be read, which
    is reported and not loaded), in the batch's order. Returns the report of each bulletin, by source."""
    fetched = {item.source: item for item, _ in results}
    extracted = {item.source: x for item, x in results if not isinstance(x, str)}
    reports = {
        item.source: BulletinReport(source=item.source, sha256=item.sha256,
                                    extraction=None if isinstance(x, str) else x,
                                    figures=0 if isinstance(x, str) else len(x.figures),
                                    error=x if isinstance(x, str) else None)
        for item, x in results
    }
    validate_and_load(warehouse, report_dir, run_id, fetched, extracted, reports, getattr(results, "frames", None))
    return reports


def validate_and_load(warehouse: str, report_dir: str, run_id: str | None,
                      fetched: Mapping[str, FetchedBulletin | ArchivedBulletin],
                      extracted: dict[str, Extraction], reports: dict[str, BulletinReport],
                      frames: BatchFrames | None = None) -> str | None:
    """Validate one batch (one GX checkpoint per grain), attach each bulletin's check rows and the archived GX
    validation result's path to its report and load one snapshot per bulletin. A bulletin already loaded (same
    bytes, source and extractor version) is neither checked nor loaded again: its report gets the stored snapshot
    and status. `fetched`: each bulletin's bytes as fetched, or as the archive holds them (`ArchivedBulletin`, a
    re-read). `frames`: the batch's frames as workers built them (`flows.parallel.ExtractedBatch`; None: built
    here). Returns the GX result's path (None when nothing needed checking)."""
    if not extracted:
        return None
    con = store.connect(warehouse)
    try:
        stored = store.stored_snapshots(con, [(fetched[s].sha256, x.extractor_version, fetched[s].source)
                                              for s, x in extracted.items()])
    finally:
        con.close()
    fresh: dict[str, Extraction] = {}
    for source, extraction in extracted.items():
        known = stored.get((fetched[source].sha256, extraction.extractor_version, fetched[source].source))
        if known is None:
            fresh[source] = extraction
        else:  # unchanged: its stored status stands; nothing is checked or loaded again
            report = reports[source]
            report.snapshot_id, report.created, report.status = known[0], False, known[1]
            report.results, report.gx_result_path = None, None
    if not fresh:
        return None
    if frames is not None and frames.checks["bulletin"]["bulletin"].to_list() != list(extracted):
        frames = None  # not one row set per extraction (a source repeated in the batch): built here instead
    if frames is not None and len(fresh) < len(extracted):
        frames = frames.of(list(fresh))
    extracted = fresh
    outcome, gx_result_path = validate_batch(extracted, warehouse, report_dir, frames)
    for source in extracted:
        reports[source].results = outcome.results_of(source)
        reports[source].gx_result_path = gx_result_path
    load_snapshots(warehouse, fetched, extracted, outcome, reports, run_id, gx_result_path,
                   frames.figures if frames is not None else None)
    return gx_result_path


@task(name="validate and load", cache_policy=NO_CACHE)
def validate_and_load_task(warehouse: str, report_dir: str, run_id: str | None, fetched: dict[str, FetchedBulletin],
                           extracted: dict[str, Extraction], reports: dict[str, BulletinReport]) -> str | None:
    """`validate_and_load` as one task run (reports are filled in place: the task runs in the flow's process)."""
    return validate_and_load(warehouse, report_dir, run_id, fetched, extracted, reports)


def check_freshness(warehouse: str, catalogue: Catalogue | None, watched: list[str], today: dt.date,
                    new_snapshots: list[int]) -> tuple[list[SourceFreshness], list[Restatement]]:
    """Record the catalogue's publication calendars in the warehouse, then read the freshness of the `watched`
    sources on `today` and the restatements made by `new_snapshots`. Raises WarehouseError or duckdb.Error."""
    con = store.connect(warehouse)
    try:
        if catalogue is not None:
            record_calendars(con, {name: s.calendar for name, s in catalogue.sources.items()}, str(catalogue.path))
        return (freshness(con, today, watched) if watched else [],
                restatements(con, new_snapshots) if new_snapshots else [])
    finally:
        con.close()


def freshness_table(rows: list[SourceFreshness]) -> list[dict[str, object]]:
    """The `freshness` table artifact (and the CLI's table): one row per source."""
    return [{"source": f.source, "status": f.status, "latest month": f.row()["latest_month"] or "",
             "next expected": f.row()["next_expected_month"] or "", "due": f.row()["next_due"] or "",
             "late": f.late_phrase(), "missing": f.missing_phrase(), "calendar": f.calendar} for f in rows]


def finish_run(run: PrefectRun | LocalRun, kind: str, warehouse: str, report_dir: str, publish_dir: str | None,
               bulletins: list[BulletinReport], sources: Sequence[SourceFetch] = (),
               catalogue: Catalogue | None = None, watched: Sequence[str] = (),
               today: dt.date | None = None, reprocessed: list[Reprocessed] | None = None) -> RunSummary:
    """Check freshness, publish the warehouse for BI, write the run's reports (`<kind>-<run label>.md/.html`,
    naming each bulletin's archived GX validation result, the late and missing bulletins of the `watched` sources
    and the figures this run restated), attach the Markdown and the freshness table as Prefect artifacts (in a
    flow run) and return the summary. `catalogue`: its calendars are recorded in the warehouse first (table
    source_calendar); `today`: the date freshness is judged on (default: today in Asia/Shanghai); `reprocessed`:
    a reprocess run's changes between extractor versions (a report section). Freshness and publishing failures are
    in the summary, never raised."""
    logger = run.logger
    checked: list[SourceFreshness] = []
    restated: list[Restatement] = []
    freshness_error: str | None = None
    try:
        checked, restated = check_freshness(warehouse, catalogue, list(watched), today or publisher_today(),
                                            [b.snapshot_id for b in bulletins
                                             if b.created and b.snapshot_id is not None])
    except Exception as exc:  # noqa: BLE001  (reported in the summary, never raised)
        freshness_error = str(exc)
        logger.warning("freshness not checked: %s", freshness_error)
    for f in checked:
        if f.late:
            logger.warning("source %s: %s", f.source, f.late_phrase())
        if f.missing_months:
            logger.warning("source %s: %s", f.source, f.missing_phrase())
    if checked:
        run.table_artifact(freshness_table(checked), key="freshness",
                           description="Per source: latest as-of month loaded, next expected and its due date, late "
                                       "and missing bulletins (publication calendar in sources.toml)")
    publish_error = None
    try:
        # Called, not submitted: a task run in this process, on the warehouse file of this machine, whatever task
        # runner the flow has (`backfill --dask` runs submitted tasks on Dask workers).
        publication = run.call(publish_warehouse, warehouse, publish_dir)
    except Exception as exc:  # noqa: BLE001  (a publishing failure is reported, never raised)
        publication, publish_error = None, str(exc)
        logger.warning("not published for BI: %s", publish_error)
    else:
        if publication.ambiguous_keys:
            logger.warning("%s with more than one figure of a snapshot (view ambiguous_metric_keys)",
                           plural(publication.ambiguous_keys, "metric key"))

    report = RunReport(run.run_id, bulletins, produced_by=run.produced_by, freshness=checked,
                       restatements=restated, reprocessed=reprocessed)
    out_dir = Path(report_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = f"{kind}-{run.label}"
    markdown_path, html_path = out_dir / f"{name}.md", out_dir / f"{name}.html"
    markdown = render_markdown(report)
    markdown_path.write_text(markdown, encoding="utf-8")
    html_path.write_text(render_html(report), encoding="utf-8")
    run.markdown_artifact(markdown, key=f"{kind}-report",
                          description=f"Validation report of this {kind} run: per bulletin, per rule, every failed "
                                      "check")
    return RunSummary(run.run_id, warehouse, str(markdown_path), str(html_path), bulletins, publication=publication,
                      publish_error=publish_error, sources=list(sources), freshness=checked, restatements=restated,
                      freshness_error=freshness_error, reprocessed=reprocessed)
