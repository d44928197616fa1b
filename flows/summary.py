"""What every deployment ends with, and what it returns: the run summary and the flow run's final state.

`finish_run` checks freshness, publishes the warehouse for BI and writes the auditor report, all rendered from the
run's `Loaded` records (transforms.stages); `RunSummary` is what the CLI prints (`summary_lines`) and derives its
exit code from, and `final_state` turns it into the flow run's state (Completed, or Failed holding the summary).
Monthly, backfill and reprocess all import it from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.states import Failed, State

from expectations.report import BulletinReport, RunReport, write_report
from expectations.rules import rule_named
from flows.ingest.months import month_start
from flows.ingest.sources import Catalogue
from flows.ingest.tally import SourceFetch
from flows.runs import LocalRun, PrefectRun
from warehouse.evidence import stored_figures
from warehouse.freshness import Restatement, SourceFreshness, check_freshness, publisher_today
from warehouse.publish import Publication, publish
from warehouse.reprocessing import Reprocessed


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
                total += sum(
                    n
                    for rule, n in b.passed_not_kept.items()
                    if severity is None or rule_named(rule).severity == severity
                )
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
    """ "1 bulletin", "2 bulletins" ("1 figure", "0 figures"); `nouns` for an irregular plural."""
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
    lines = [
        f"{plural(len(bulletins), 'bulletin')} read: {len(loaded)} loaded ({passed} passed, "
        f"{len(loaded) - passed} warned), {len(failed_validation)} failed validation, {len(unchanged)} "
        f"unchanged, {len(summary.failures)} not loaded",
        f"figures: {sum(b.figures for b in new)} in {plural(len(new), 'new snapshot')}",
        f"checks: {summary.count(None, True)} passed, {plural(summary.count('error', False), 'error')}, "
        f"{plural(summary.count('warning', False), 'warning')}, {summary.count('info', False)} info",
    ]
    shown = {b.source for b in bulletins}
    for row in summary.sources:
        read = row.fetched + row.unchanged
        lines.append(
            f"source {row.source}: {plural(row.found, 'link')}, {read} read ({row.fetched} new or "
            f"changed, {row.unchanged} unchanged), {row.failed} not read"
        )
        lines.extend(f"  not read: {shown_source(url)}: {why}" for url, why in row.problems if url not in shown)
    for f in summary.freshness:
        when = f.row()
        window = f" ({f.window_phrase()})" if f.window_phrase() else ""
        lines.append(
            f"freshness {f.source}{window}: {f.status}; latest {when['latest_month'] or 'none'}, next "
            f"{when['next_expected_month'] or 'none'} due {when['next_due'] or '-'}"
            + (f"; {f.late_phrase()}" if f.late else "")
            + (f"; {f.missing_phrase()}" if f.missing_months else "")
        )
    if summary.freshness_error:
        lines.append(f"freshness not checked: {summary.freshness_error}")
    for r in summary.restatements:
        figure = " ".join(part for part in (r.item and f"item {r.item}", r.label) if part)
        lines.append(
            f"restated ({r.kind}) {figure} as of {r.as_of}: {r.describe()} (snapshot "
            f"{r.previous_snapshot_id} → {r.snapshot_id})"
        )
    if summary.reprocessed is not None:
        lines += reprocessed_lines(summary.reprocessed)
    for b in bulletins:
        if b.error:
            lines.append(f"  not loaded: {shown_source(b.source)}: {b.error}")
        else:
            state = "failed validation" if b.status == "failed" else b.status
            lines.append(
                f"  snapshot {b.snapshot_id} ({'new' if b.created else 'unchanged'}, {state}) {shown_source(b.source)}"
            )
    lines.append(f"warehouse: {summary.warehouse}")
    if summary.publication is not None:
        lines.append(
            f"published for BI: {summary.publication.database} (read-only copy; Parquet in "
            f"{summary.publication.database.parent / 'parquet'})"
        )
        if summary.publication.ambiguous_keys:
            lines.append(
                f"  {plural(summary.publication.ambiguous_keys, 'ambiguous metric key')} (view "
                "ambiguous_metric_keys: figures sharing a key are listed, not merged)"
            )
    else:
        lines.append(f"not published for BI: {summary.publish_error}")
    lines.append(f"report: {summary.report_html} (Markdown: {summary.report_markdown})")
    return lines


def reprocessed_lines(reprocessed: list[Reprocessed]) -> list[str]:
    """The summary's lines for a reprocess run: one total, then one per bulletin read differently:

    re-extracted 24 bulletins with extractor 0.4.0 (was 0.3.0): 3 read differently: 2 figures added, 0 removed, 4 changed; 1 check changed status
      changed /path/a.html (snapshot 3 → 27): 1 added, 0 removed, 2 changed, 0 checks changed status
    """
    if not reprocessed:
        return ["re-extracted 0 bulletins"]
    versions = sorted({r.version for r in reprocessed})
    previous = sorted({r.previous_version for r in reprocessed})
    different = [r for r in reprocessed if not r.unchanged]
    lines = [
        f"re-extracted {plural(len(reprocessed), 'bulletin')} with extractor {', '.join(versions)} (was "
        f"{', '.join(previous)}): {len(different)} read differently: "
        f"{plural(sum(len(r.added) for r in reprocessed), 'figure')} added, "
        f"{sum(len(r.removed) for r in reprocessed)} removed, {sum(len(r.changed) for r in reprocessed)} "
        f"changed; {plural(sum(len(r.checks) for r in reprocessed), 'check')} changed status"
    ]
    lines += [
        f"  changed {shown_source(r.source)} (snapshot {r.previous_snapshot_id} → {r.snapshot_id}): {r.describe()}"
        for r in different
    ]
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
    return Failed(
        message=f"{'; '.join(problems)}; everything read is stored. Report: {summary.report_html}", data=summary
    )


def run_summary(state: State) -> RunSummary:
    """The `RunSummary` of a finished flow run of this process (call the flow with `return_state=True`), whether
    Completed or Failed by `final_state`. Raises the flow's own exception when it raised one (an invalid sources
    file, a malformed since/until), and prefect's UnfinishedRun for a run that has not ended."""
    result = state.result(raise_on_failure=False)
    if isinstance(result, BaseException):
        raise result
    return result


@task(name="publish for BI", cache_policy=NO_CACHE)
def publish_warehouse(warehouse: str, publish_dir: str | None) -> Publication:
    return publish(warehouse, publish_dir)


def freshness_table(rows: list[SourceFreshness]) -> list[dict[str, object]]:
    """The `freshness` table artifact (and the CLI's table): one row per source."""
    return [
        {
            "source": f.source,
            "status": f.status,
            "latest month": f.row()["latest_month"] or "",
            "next expected": f.row()["next_expected_month"] or "",
            "due": f.row()["next_due"] or "",
            "late": f.late_phrase(),
            "missing": f.missing_phrase(),
            "calendar": f.calendar,
        }
        for f in rows
    ]


def finish_run(
    run: PrefectRun | LocalRun,
    kind: str,
    warehouse: str,
    report_dir: str,
    publish_dir: str | None,
    bulletins: list[BulletinReport],
    sources: Sequence[SourceFetch] = (),
    catalogue: Catalogue | None = None,
    watched: Sequence[str] = (),
    today: dt.date | None = None,
    reprocessed: list[Reprocessed] | None = None,
    since: str | None = None,
    until: str | None = None,
) -> RunSummary:
    """Check freshness, publish the warehouse for BI, write the run's reports (`<kind>-<run label>.md/.html`,
    naming each bulletin's archived GX validation result, the late and missing bulletins of the `watched` sources
    and the figures this run restated), attach the Markdown and the freshness table as Prefect artifacts (in a
    flow run) and return the summary. `catalogue`: its calendars are recorded in the warehouse first (table
    source_calendar); `today`: the date freshness is judged on (default: today in Asia/Shanghai); `reprocessed`:
    a reprocess run's changes between extractor versions (a report section); `since`, `until` (YYYY-MM): a
    backfill's window, the only months whose freshness is judged (months before it are not missing, months after
    it not late). Freshness and publishing failures are in the summary, never raised."""
    logger = run.logger
    checked: list[SourceFreshness] = []
    restated: list[Restatement] = []
    freshness_error: str | None = None
    try:
        checked, restated = check_freshness(
            warehouse,
            {name: s.calendar for name, s in catalogue.sources.items()} if catalogue else None,
            str(catalogue.path) if catalogue else None,
            list(watched),
            today or publisher_today(),
            [b.snapshot_id for b in bulletins if b.created and b.snapshot_id is not None],
            month_start(since, "since"),
            month_start(until, "until"),
        )
    except Exception as exc:  # noqa: BLE001  (reported in the summary, never raised)
        freshness_error = str(exc)
        logger.warning("freshness not checked: %s", freshness_error)
    for f in checked:
        if f.late:
            logger.warning("source %s: %s", f.source, f.late_phrase())
        if f.missing_months:
            logger.warning("source %s: %s", f.source, f.missing_phrase())
    if checked:
        run.table_artifact(
            freshness_table(checked),
            key="freshness",
            description="Per source: latest as-of month loaded, next expected and its due date, late "
            "and missing bulletins (publication calendar in sources.toml)",
        )
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
            logger.warning(
                "%s with more than one figure of a snapshot (view ambiguous_metric_keys)",
                plural(publication.ambiguous_keys, "metric key"),
            )

    stored = None
    checked_ids = [
        b.snapshot_id for b in bulletins if b.snapshot_id is not None and (b.created or b.results is not None)
    ]
    try:  # the report lists every figure with its checks as stored (a backfill kept only the failed rows)
        stored = stored_figures(warehouse, checked_ids) if checked_ids else None
    except Exception as exc:  # noqa: BLE001  (the report then lists what the records hold; never raised)
        logger.warning("figures not read back for the report: %s", exc)
    report = RunReport(
        run.run_id,
        bulletins,
        produced_by=run.produced_by,
        freshness=checked,
        restatements=restated,
        reprocessed=reprocessed,
        stored_figures=stored,
    )
    markdown_path, html_path, markdown = write_report(report, Path(report_dir), f"{kind}-{run.label}")
    run.markdown_artifact(
        markdown,
        key=f"{kind}-report",
        description=f"Validation report of this {kind} run: per bulletin, per rule, every failed check",
    )
    return RunSummary(
        run.run_id,
        warehouse,
        str(markdown_path),
        str(html_path),
        bulletins,
        publication=publication,
        publish_error=publish_error,
        sources=list(sources),
        freshness=checked,
        restatements=restated,
        freshness_error=freshness_error,
        reprocessed=reprocessed,
    )
