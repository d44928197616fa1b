"""Deployment `monthly`: fetch the month's bulletins, extract, validate, load snapshots, report.

Reads like a table of contents; each task calls a plain function from flows.fetch, transforms, expectations or
warehouse. One bad bulletin never stops the others: its failure is recorded and reported.
"""

from __future__ import annotations

import flows.settings  # noqa: F401  (offline environment before Prefect is imported)

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from expectations.report import BulletinReport, RunReport, render_html, render_markdown
from flows.fetch import FetchError, FetchedBulletin, expand_sources, fetch, make_session
from flows.settings import DEFAULT_REPORT_DIR, DEFAULT_WAREHOUSE, SAMPLES_DIR
from transforms.checks import batch_check_frames
from transforms.extract import extract_text
from transforms.record import Extraction
from transforms.text import bulletin_text
from warehouse import store
from warehouse.archive import archive_body
from warehouse.validation_runs import record_validation_run


class NotABulletinError(Exception):
    """The page was read but holds no progress figures."""


@dataclass
class RunSummary:
    """What a run did; the CLI prints it and derives the exit code from it."""

    flow_run_id: str | None
    warehouse: str
    report_markdown: str
    report_html: str
    bulletins: list[BulletinReport] = field(default_factory=list)

    @property
    def failures(self) -> list[BulletinReport]:
        return [b for b in self.bulletins if b.error]

    def count(self, severity: str | None, passed: bool) -> int:
        total = 0
        for b in self.bulletins:
            if b.results is None or b.results.height == 0:
                continue
            rows = b.results.filter(pl.col("passed") == passed)
            if severity:
                rows = rows.filter(pl.col("severity") == severity)
            total += rows.height
        return total

    @property
    def ok(self) -> bool:
        """True when every input loaded and no error-level check failed."""
        return not self.failures and self.count("error", passed=False) == 0


def default_sources() -> list[str]:
    """The bundled sample bulletins (samples/*.html)."""
    return [str(SAMPLES_DIR)]


@task(name="fetch bulletin", cache_policy=NO_CACHE)
def fetch_bulletin(source: str) -> FetchedBulletin:
    return fetch(source, make_session())


@task(name="extract figures", cache_policy=NO_CACHE)
def extract_bulletin(fetched: FetchedBulletin) -> Extraction:
    extraction = extract_text(bulletin_text(fetched.text))
    if not extraction.figures:
        raise NotABulletinError(f"{fetched.source}: no progress figures found; is this a progress bulletin?")
    return extraction


@task(name="validate batch", cache_policy=NO_CACHE)
def validate_batch(extracted: dict[str, Extraction], warehouse: str, report_dir: str):
    """One validation run (one checkpoint per grain) for the whole batch; cross-snapshot rules read the earlier
    snapshots of the same metric keys from the warehouse before anything of this batch is loaded. The GX
    validation result JSON is archived under <report_dir>/gx."""
    from expectations.runner import validate
    from warehouse.history import previous_figures

    keys = {source: store.metric_keys(x) for source, x in extracted.items()}
    con = store.connect(warehouse)
    try:
        history = previous_figures(con, [k for ks in keys.values() for k in ks], before=None)
    finally:
        con.close()
    outcome = validate(batch_check_frames(extracted, keys, history))
    return outcome, str(outcome.archive_gx_results(Path(report_dir) / "gx"))


@task(name="load snapshots", cache_policy=NO_CACHE)
def load_snapshots(warehouse: str, fetched: dict[str, FetchedBulletin], extracted: dict[str, Extraction],
                   outcome, reports: dict[str, BulletinReport], run_id: str | None, gx_result_path: str) -> None:
    archive_root = Path(warehouse).parent / "archive"
    con = store.connect(warehouse)
    try:
        for source, extraction in extracted.items():
            f = fetched[source]
            archive_body(archive_root, f.sha256, f.body)
            results = outcome.results_of(source)
            document = store.ArchivedDocument(f.sha256, f.source, f.content_type, f.encoding, f.encoding_source,
                                              len(f.body), extraction.text)
            report = reports[source]
            try:
                loaded = store.load_snapshot(con, document, f.source, extraction, outcome.status_of(source),
                                             results, run_id)
            except store.WarehouseError as exc:
                report.error = str(exc)
                continue
            report.snapshot_id, report.created = loaded.snapshot_id, loaded.created
            report.status = outcome.status_of(source)
            if loaded.created:
                record_validation_run(con, outcome.run_id, loaded.snapshot_id, "load", report.status, run_id,
                                      gx_result_path)
    finally:
        con.close()


@flow(name="monthly", log_prints=False)
def monthly(sources: list[str] | None = None, warehouse: str = str(DEFAULT_WAREHOUSE),
            report_dir: str = str(DEFAULT_REPORT_DIR)) -> RunSummary:
    """Fetch -> extract -> validate -> load -> report for every source (URLs, files, folders; default: the
    bundled samples). Returns the run summary; failures of single bulletins are in it, never raised."""
    logger = get_run_logger()
    run_id = str(flow_run.id) if flow_run.id else None
    inputs = expand_sources(sources or default_sources())
    reports = {s: BulletinReport(source=s) for s in inputs}

    fetched: dict[str, FetchedBulletin] = {}
    for source, future in [(s, fetch_bulletin.submit(s)) for s in inputs]:
        result = future.result(raise_on_failure=False)
        if isinstance(result, BaseException):
            reports[source].error = result.reason if isinstance(result, FetchError) else str(result)
            logger.warning("not loaded: %s (%s)", source, reports[source].error)
        else:
            fetched[source] = result
            reports[source].sha256 = result.sha256

    extracted: dict[str, Extraction] = {}
    for source, future in [(s, extract_bulletin.submit(f)) for s, f in fetched.items()]:
        result = future.result(raise_on_failure=False)
        if isinstance(result, BaseException):
            reports[source].error = str(result)
            logger.warning("not loaded: %s", result)
        else:
            extracted[source] = result
            reports[source].extraction = result
            reports[source].figures = len(result.figures)

    gx_result_path = None
    if extracted:
        outcome, gx_result_path = validate_batch(extracted, warehouse, report_dir)
        for source in extracted:
            reports[source].results = outcome.results_of(source)
        load_snapshots(warehouse, fetched, extracted, outcome, reports, run_id, gx_result_path)

    run = RunReport(run_id, list(reports.values()), gx_result_path)
    out_dir = Path(report_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = f"validation-{run_id or 'local'}"
    markdown_path, html_path = out_dir / f"{name}.md", out_dir / f"{name}.html"
    markdown = render_markdown(run)
    markdown_path.write_text(markdown, encoding="utf-8")
    html_path.write_text(render_html(run), encoding="utf-8")
    create_markdown_artifact(markdown=markdown, key="validation-report",
                             description="Validation report of this run: per bulletin, per rule, every failed check")
    return RunSummary(run_id, warehouse, str(markdown_path), str(html_path), list(reports.values()))
