"""The `progress-warehouse` command line.

Start-up stays light: Prefect and Great Expectations are imported inside the commands that need them.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from flows import DEFAULT_WAREHOUSE, report_dir_for

app = typer.Typer(help="Progress data warehouse of 市办实事 bulletins: fetch, extract, validate, load, report.",
                  no_args_is_help=True, add_completion=False, rich_markup_mode="markdown")
console = Console(stderr=True, soft_wrap=True)

WAREHOUSE_DEFAULT = "data/warehouse.duckdb under the current folder, or under $PROGRESS_WAREHOUSE_DATA"
REPORTS_DEFAULT = "reports/ beside the warehouse"
SOURCES_DEFAULT = "sources.toml of the current folder, else the bundled samples' file"


@app.command()
def run(
    source: Annotated[list[str] | None, typer.Option(
        "--source", "-s", help="Source name from the sources file, or a bulletin URL, file or folder (repeatable). "
        "Default: every source of the sources file.")] = None,
    warehouse: Annotated[Path, typer.Option(help="DuckDB warehouse file.", show_default=WAREHOUSE_DEFAULT)]
    = DEFAULT_WAREHOUSE,
    report_dir: Annotated[Path | None, typer.Option(help="Where the validation reports are written.",
                                                    show_default=REPORTS_DEFAULT)] = None,
    sources_file: Annotated[Path | None, typer.Option(help="Sources file (see docs/sources.md).",
                                                      show_default=SOURCES_DEFAULT)] = None,
    prefect: Annotated[bool | None, typer.Option(
        "--prefect/--no-prefect", help="Run as a Prefect flow run (logs, artifacts and state in the Prefect API; "
        "without PREFECT_API_URL a temporary server is started for it), or in this process without Prefect. "
        "Default: a flow run when PREFECT_API_URL names a server, else in this process.",
        show_default=False)] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also print Prefect's and the pipeline's "
                                          "progress lines (per bulletin, per task) on stderr.")] = False,
) -> None:
    """Run the monthly flow once: fetch, extract, validate, load, publish, report.

    Exit code 0 only when every input loaded, no error-level check failed and the warehouse was published; 1
    otherwise; 2 when the sources file or a --source value is invalid (nothing ran)."""
    sources_file = _checked_sources(source, sources_file)
    _checked_warehouse(warehouse)
    report_dir = report_dir or report_dir_for(warehouse)
    _quiet_logs(verbose)
    as_flow_run = _prefect_api_configured() if prefect is None else prefect
    from expectations.runner import prepare_in_background

    prepare_in_background()  # GX's import runs while Prefect imports (and starts its server)
    if as_flow_run:
        from flows.monthly import monthly

        _print_summary(_summary_of(monthly(sources=source or None, warehouse=str(warehouse),
                                           report_dir=str(report_dir), sources_file=str(sources_file),
                                           return_state=True)))
        return
    from flows.monthly import monthly_locally

    try:
        summary = monthly_locally(sources=source or None, warehouse=str(warehouse), report_dir=str(report_dir),
                                  sources_file=str(sources_file))
    except Exception as exc:  # noqa: BLE001  (the CLI's last word on a run that broke; bulletins never raise)
        if verbose:
            logging.getLogger("progress_warehouse").exception("the run failed")
        _exit_with_error(f"the run failed: {type(exc).__name__}: {exc}", 1)
    _print_summary(summary)


def _prefect_api_configured() -> bool:
    """True when a Prefect server is configured (PREFECT_API_URL in the environment or the active profile)."""
    if os.environ.get("PREFECT_API_URL"):
        return True
    from prefect.settings import get_current_settings

    return bool(get_current_settings().api.url)


def _quiet_logs(verbose: bool) -> None:
    """Normal output is the summary: Prefect's console lines below WARNING (task states, the temporary server's
    "See https://…" line), the temporary server's own log, Dask's start-up lines, urllib3's retry warnings and the
    pipeline's INFO lines are printed only with --verbose. Flow run logs sent to a Prefect API keep every level. Call before Prefect or
    Dask is imported."""
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
        # The temporary server's own log (its subprocess inherits this environment): its shutdown printed
        # asyncio/SQLAlchemy CancelledError tracebacks; a real failure reaches the client as an API error anyway.
        os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")  # Dask workers are other processes
        # urllib3 logs every retry of a request as a WARNING ("Retrying (_DeadlineRetry(…))", three per bad URL);
        # the outcome, with its attempts, is in the summary and the fetch log. Errors still show.
        os.environ.setdefault("DASK_LOGGING__URLLIB3", "error")
        logging.getLogger("urllib3").setLevel(logging.ERROR)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    pipeline = logging.getLogger("progress_warehouse")
    pipeline.addHandler(handler)
    pipeline.setLevel(logging.INFO if verbose else logging.WARNING)
    pipeline.propagate = False


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0/C1 control characters but tab and line feed: ESC, BEL, CSI … from a page or a server must not reach the
terminal, which would act on them."""


def _plain(text: object) -> str:
    """`text` as a terminal shows it safely: control characters (CONTROL_CHARACTERS) removed."""
    return CONTROL_CHARACTERS.sub("", str(text))


def _print_error(problem: Exception | str) -> None:
    """One red "error" line on stderr naming the problem (its text printed as is, never read as markup)."""
    console.print(f"[red]error[/] {escape(_plain(problem))}", highlight=False)


def _exit_with_error(problem: Exception | str, code: int) -> NoReturn:
    """`_print_error`, then exit with `code` (1: the command failed; 2: invalid input, nothing ran)."""
    _print_error(problem)
    raise typer.Exit(code)


def _checked_sources(source: list[str] | None, sources_file: Path | None) -> Path:
    """Validate the sources file and the --source values (names, and that files and folders exist) before Prefect
    starts, so a typo costs a second, not a server start-up. Returns the sources file used
    (`flows.ingest.sources.default_sources_file()` when none is named); exits with code 2 naming the problem."""
    from flows.ingest.fetch import is_url
    from flows.ingest.sources import SourcesError, default_sources_file, load_sources, resolve_sources

    sources_file = sources_file or default_sources_file()
    try:
        chosen = resolve_sources(source, load_sources(sources_file))
    except SourcesError as exc:
        _exit_with_error(exc, 2)
    missing = [value for s in chosen for value in s.bulletins if not is_url(value) and not Path(value).exists()]
    if missing:
        _exit_with_error("; ".join(f"{value}: no such file or folder" for value in missing), 2)
    return sources_file


def _checked_warehouse(warehouse: Path) -> None:
    """Open the warehouse once before Prefect starts, so that a file held by another process (a BI tool, a duckdb
    shell) costs a second and one line, not a server start-up and a traceback; exits 1 naming the file."""
    from warehouse.store import WarehouseError, connect

    try:
        connect(warehouse).close()
    except WarehouseError as exc:
        _exit_with_error(exc, 1)


def _summary_of(state):
    """The run summary of a finished flow run (`flows.summary.run_summary`); exits 1 in one line when the flow
    itself failed (a Dask scheduler that does not answer, a bug), whose traceback Prefect has already logged."""
    from flows.summary import run_summary

    try:
        return run_summary(state)
    except Exception as exc:  # noqa: BLE001  (the CLI's last word on a failed flow run)
        _exit_with_error(f"the flow run failed: {type(exc).__name__}: {exc}", 1)


def _print_summary(summary) -> None:
    """The run summary a user reads (`flows.summary.summary_lines`, the lines a flow run logs); exits 0 only when
    the run is ok (`RunSummary.ok`: every input loaded, no error-level check failed, no bulletin late, published
    for BI), else 1, as the flow run ends Completed or Failed. URLs, reasons and paths from pages and servers are
    printed as written but without control characters (`_plain`), so that a terminal never acts on them."""
    from flows.summary import summary_lines

    for line in summary_lines(summary):
        print(_plain(line))
    raise typer.Exit(0 if summary.ok else 1)


@app.command()
def backfill(
    source: Annotated[list[str], typer.Option(
        "--source", "-s", help="Source name from the sources file (its listing pages are followed), or bulletin "
        "URLs, files or folders (repeatable).")],
    since: Annotated[str | None, typer.Option(help="First as-of month to load, YYYY-MM.")] = None,
    until: Annotated[str | None, typer.Option(help="Last as-of month to load, YYYY-MM.")] = None,
    warehouse: Annotated[Path, typer.Option(help="DuckDB warehouse file.", show_default=WAREHOUSE_DEFAULT)]
    = DEFAULT_WAREHOUSE,
    report_dir: Annotated[Path | None, typer.Option(help="Where the validation reports are written.",
                                                    show_default=REPORTS_DEFAULT)] = None,
    sources_file: Annotated[Path | None, typer.Option(help="Sources file for source names (see docs/sources.md).",
                                                      show_default=SOURCES_DEFAULT)] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Bulletins per extract/validate/load batch.")] = 500,
    workers: Annotated[int | None, typer.Option(min=0, help="Extraction worker processes (0: in this process).",
                                                show_default="one per core")] = None,
    dask: Annotated[str | None, typer.Option(
        help="Run fetch and extraction tasks on Dask: a scheduler address (tcp://host:8786) or 'local' for a local "
             "cluster of two workers.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar; one log line per batch (always so "
                                        "when stderr is not a terminal, e.g. in cron or CI logs).")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also print Prefect's progress lines (per task, "
                                          "the temporary server, Dask) on stderr.")] = False,
) -> None:
    """Load every bulletin of the sources in as-of order, skipping what is loaded; rerun to resume.

    Runs as a Prefect flow run (a temporary Prefect server is started when PREFECT_API_URL names none). Exit codes
    as for run."""
    from flows.ingest.months import in_range

    try:
        in_range(None, since, until)  # a malformed or reversed range costs a second, not a server start-up
    except ValueError as exc:
        _exit_with_error(exc, 2)
    sources_file = _checked_sources(source, sources_file)
    _checked_warehouse(warehouse)
    report_dir = report_dir or report_dir_for(warehouse)
    _quiet_logs(verbose)
    from expectations.runner import prepare_in_background
    from flows.cli import progress
    from flows.backfill import backfill as backfill_flow

    flow_fn = backfill_flow
    if dask:
        from prefect_dask import DaskTaskRunner

        runner = (DaskTaskRunner(cluster_kwargs={"n_workers": 2, "threads_per_worker": 4, "dashboard_address": None})
                  if dask == "local" else DaskTaskRunner(address=dask))
        flow_fn = backfill_flow.with_options(task_runner=runner)  # type: ignore[arg-type]  # prefect-dask's generic
    prepare_in_background()  # GX's import runs while Prefect starts its server
    kwargs = dict(sources=source, since=since, until=until, warehouse=str(warehouse), report_dir=str(report_dir),
                  batch_size=batch_size, sources_file=str(sources_file), workers=workers)
    if quiet or not console.is_terminal:  # a bar redrawn in a log file would be noise
        with progress.listening(progress.LineProgress(Console(soft_wrap=True))):
            state = flow_fn(**kwargs, return_state=True)
    else:
        with progress.RichProgress(console) as bar, progress.listening(bar):
            state = flow_fn(**kwargs, return_state=True)
    _print_summary(_summary_of(state))


def _dask_runner(dask: str):
    """The prefect-dask task runner `--dask` names: a local cluster of two worker processes, or a scheduler."""
    from prefect_dask import DaskTaskRunner

    if dask == "local":
        return DaskTaskRunner(cluster_kwargs={"n_workers": 2, "threads_per_worker": 1, "dashboard_address": None})
    return DaskTaskRunner(address=dask)


def _with_progress(quiet: bool, call):
    """`call()` with the flow's progress shown: a rich bar on a terminal, else (or with --quiet) one line per
    batch (cron and CI logs)."""
    from flows.cli import progress

    if quiet or not console.is_terminal:  # a bar redrawn in a log file would be noise
        with progress.listening(progress.LineProgress(Console(soft_wrap=True))):
            return call()
    with progress.RichProgress(console) as bar, progress.listening(bar):
        return call()


@app.command()
def reprocess(
    source: Annotated[list[str] | None, typer.Option(
        "--source", "-s", help="Limit to a source name from the sources file, or bulletin URLs, files or folders "
        "(repeatable). Default: every archived bulletin.")] = None,
    since: Annotated[str | None, typer.Option(help="First as-of month to re-extract, YYYY-MM.")] = None,
    until: Annotated[str | None, typer.Option(help="Last as-of month to re-extract, YYYY-MM.")] = None,
    warehouse: Annotated[Path, typer.Option(help="DuckDB warehouse file.", show_default=WAREHOUSE_DEFAULT)]
    = DEFAULT_WAREHOUSE,
    report_dir: Annotated[Path | None, typer.Option(help="Where the reprocess report is written.",
                                                    show_default=REPORTS_DEFAULT)] = None,
    sources_file: Annotated[Path | None, typer.Option(help="Sources file for source names (see docs/sources.md).",
                                                      show_default=SOURCES_DEFAULT)] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Bulletins per validate/load batch.")] = 2000,
    workers: Annotated[int | None, typer.Option(min=0, help="Extraction worker processes (0: in this process).",
                                                show_default="one per core")] = None,
    dask: Annotated[str | None, typer.Option(
        help="Extract on Dask workers instead (prefect-dask; a flow run): a scheduler address (tcp://host:8786) or "
             "'local' for a local cluster of two workers.")] = None,
    prefect: Annotated[bool | None, typer.Option(
        "--prefect/--no-prefect", help="Run as a Prefect flow run, or in this process without Prefect. Default: a "
        "flow run when PREFECT_API_URL names a server or with --dask, else in this process.",
        show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar; one log line per batch (always so "
                                        "when stderr is not a terminal).")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also print Prefect's and the pipeline's "
                                          "progress lines on stderr.")] = False,
) -> None:
    """Re-extract archived bulletins that an older extractor version read; load them as new snapshots.

    Reads the raw archive (no network), never the web: each bulletin whose current snapshot is older than this
    extractor is extracted again from its archived bytes, validated and loaded as a snapshot superseding the old
    one (still queryable by time travel). Rerun after a kill to resume; a second run creates nothing. The report
    lists per bulletin the figures added, removed and changed and the checks that changed status. Exit code 1 when
    a bulletin could not be re-read (its archived bytes are missing or altered: named, left as it is) or an
    error-level check failed; 2 for invalid input."""
    from flows.ingest.months import in_range

    try:
        in_range(None, since, until)
    except ValueError as exc:
        _exit_with_error(exc, 2)
    if source:
        sources_file = _checked_sources(source, sources_file)
    _checked_warehouse(warehouse)
    report_dir = report_dir or report_dir_for(warehouse)
    _quiet_logs(verbose)
    as_flow_run = bool(dask) or (_prefect_api_configured() if prefect is None else prefect)
    from expectations.runner import prepare_in_background

    prepare_in_background()
    kwargs = dict(sources=source or None, since=since, until=until, warehouse=str(warehouse),
                  report_dir=str(report_dir), batch_size=batch_size,
                  sources_file=str(sources_file) if sources_file else None, workers=workers)
    if as_flow_run:
        from flows.reprocess import reprocess as reprocess_flow

        flow_fn = reprocess_flow.with_options(task_runner=_dask_runner(dask)) if dask else reprocess_flow
        state = _with_progress(quiet, lambda: flow_fn(**kwargs, return_state=True))
        _print_summary(_summary_of(state))
    from flows.reprocess import reprocess_locally

    try:
        summary = _with_progress(quiet, lambda: reprocess_locally(**kwargs))  # type: ignore[arg-type]
    except Exception as exc:  # noqa: BLE001  (the CLI's last word on a run that broke; bulletins never raise)
        if verbose:
            logging.getLogger("progress_warehouse").exception("the reprocess failed")
        _exit_with_error(f"the reprocess failed: {type(exc).__name__}: {exc}", 1)
    _print_summary(summary)


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Bulletins as .txt or .html files.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per bulletin per line (gold shape).")] = False,
) -> None:
    """Extract figures from bulletin files and print them (JSON lines with --json)."""
    from flows.ingest.fetch import FetchedBulletin, FetchError, fetch
    from transforms.extract import extract_text
    from transforms.record import to_json_record
    from transforms.text import bulletin_text, page_title

    failed = 0
    for path in files:
        try:
            fetched = fetch(str(path))
        except FetchError as exc:
            _print_error(exc)
            failed += 1
            continue
        assert isinstance(fetched, FetchedBulletin)  # a file is never "not modified"
        extraction = extract_text(bulletin_text(fetched.text), page_title(fetched.text))
        record = to_json_record(extraction, str(path))
        if as_json:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            doc = record["document"]
            print(_plain(f"{path}: {doc['region']} {doc['program']} {doc['program_year']} as of {doc['as_of']}, "
                         f"{len(record['metrics'])} figures"))
            for m in record["metrics"]:
                pct = f" {m['pct_of_plan']}% of {m['pct_basis']}" if m["pct_of_plan"] is not None else ""
                target = f" target {m['target']}{m['target_unit']}" if m["target"] is not None else ""
                print(_plain(f"  {m['id']} item {m['item']} {m['label']}: {m['value_text']}{m['unit']}{pct}{target}"))
    raise typer.Exit(1 if failed else 0)


@app.command()
def report(
    warehouse: Annotated[Path, typer.Option(help="DuckDB warehouse file; its published copy is read when present.",
                                            show_default=WAREHOUSE_DEFAULT)] = DEFAULT_WAREHOUSE,
    out_dir: Annotated[Path | None, typer.Option(help="Where the trend pages are written.",
                                                 show_default=REPORTS_DEFAULT)] = None,
) -> None:
    """Write one self-contained HTML trend page per programme year.

    Percent of plan by month per item, each point linked to its evidence. Reads the published read-only copy
    (never the writer's file) when it exists."""
    from warehouse.publish import PUBLISHED_NAME, default_publish_dir
    from warehouse.report import write_reports
    from warehouse.store import WarehouseError

    published = default_publish_dir(warehouse) / PUBLISHED_NAME
    database = published if published.exists() else warehouse
    try:
        written = write_reports(database, out_dir or report_dir_for(warehouse))
    except WarehouseError as exc:
        _exit_with_error(exc, 1)
    for path in written:
        print(path)
    if not written:
        console.print(f"no programme years with current snapshots in {database}", highlight=False)
    raise typer.Exit(0 if written else 1)


@app.command()
def revalidate(
    snapshot_id: Annotated[int, typer.Argument(help="Snapshot to re-validate (snapshots.snapshot_id).")],
    warehouse: Annotated[Path, typer.Option(help="DuckDB warehouse file.", show_default=WAREHOUSE_DEFAULT)]
    = DEFAULT_WAREHOUSE,
    report_dir: Annotated[Path | None, typer.Option(help="Where the report and the GX validation result JSON are "
                                                         "written.", show_default=REPORTS_DEFAULT)] = None,
) -> None:
    """Re-run the expectation suites on a stored snapshot, report, republish.

    Appends new result rows under a new validation run and updates only the snapshot's status, then publishes for
    BI (a status change moves the snapshot into or out
    of the current views). Exit code 1 when an error-level check fails, the snapshot is missing or publishing
    fails."""
    from expectations.revalidate import revalidate as run_revalidation
    from warehouse.publish import publish
    from warehouse.store import WarehouseError

    try:
        done = run_revalidation(warehouse, snapshot_id, report_dir or report_dir_for(warehouse))
    except WarehouseError as exc:
        _exit_with_error(exc, 1)
    out = Console(soft_wrap=True)
    out.print(f"snapshot {done.snapshot_id} ({done.source}): {done.previous_status} -> {done.status}; "
              f"{done.checks} checks, {done.errors} errors, {done.warnings} warnings, {done.infos} info", highlight=False)
    out.print(f"validation run {done.validation_run}; GX validation result: {done.gx_result_path}", highlight=False)
    out.print(f"report: {done.report_html} (Markdown: {done.report_markdown})", highlight=False)
    try:
        publication = publish(warehouse)
    except (WarehouseError, OSError) as exc:
        console.print(f"[red]not published for BI[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    out.print(f"published for BI: {publication.database}", highlight=False)
    raise typer.Exit(1 if done.status == "failed" else 0)


@app.command()
def status(
    warehouse: Annotated[Path, typer.Option(help="DuckDB warehouse file; its published copy is read when present.",
                                            show_default=WAREHOUSE_DEFAULT)] = DEFAULT_WAREHOUSE,
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows as a JSON list.")] = False,
    today: Annotated[str | None, typer.Option(help="Judge lateness on this date, YYYY-MM-DD (default: today in "
                                                   "Asia/Shanghai).")] = None,
) -> None:
    """Show the freshness of every source with a publication calendar.

    One row per source (view `freshness`): latest as-of month loaded, next month expected and its due date, late
    and missing bulletins. Reads the published read-only copy when it exists. Exit code 1 when a bulletin is
    late."""
    import datetime as dt

    import duckdb

    from flows.summary import freshness_table
    from warehouse.freshness import freshness, publisher_today
    from warehouse.publish import PUBLISHED_NAME, default_publish_dir
    from warehouse.store import WarehouseError, connect

    try:
        day = dt.date.fromisoformat(today) if today else publisher_today()
    except ValueError:
        _exit_with_error(f"--today {today!r} is not a date YYYY-MM-DD", 2)
    published = default_publish_dir(warehouse) / PUBLISHED_NAME
    database = published if published.exists() else warehouse
    try:
        con = connect(database, read_only=True)
        try:
            rows = freshness(con, day)
        finally:
            con.close()
    except WarehouseError as exc:
        _exit_with_error(exc, 1)
    except duckdb.Error as exc:
        _exit_with_error(f"{database} has no freshness view yet ({exc}); run `progress-warehouse run` once", 1)
    if as_json:
        sys.stdout.write(json.dumps([f.row() for f in rows], ensure_ascii=False, indent=1) + "\n")
    elif not rows:
        console.print(f"no sources with a publication calendar in {database}; run `progress-warehouse run` first",
                      highlight=False)
    else:
        from rich.table import Table

        table = Table(title=f"Freshness on {day.isoformat()} ({database})")
        for column in freshness_table(rows)[0]:
            table.add_column(column, overflow="fold")
        for row, f in zip(freshness_table(rows), rows):
            style = "red" if f.late else "yellow" if f.missing_months else None
            table.add_row(*(str(v) for v in row.values()), style=style)
        Console(width=None if sys.stdout.isatty() else 200).print(table)
    raise typer.Exit(1 if any(f.late for f in rows) else 0)


@app.command(name="eval")
def evaluate(
    corpus: Annotated[Path, typer.Argument(help="Corpus folder (e.g. ../shared/corpus).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    half: Annotated[str | None, typer.Option(help="Score only one half of the corpus: working (even ids) or blind "
                                                  "(odd ids).")] = None,
    misses: Annotated[bool, typer.Option("--misses", help="List missed and extra figures and attribute "
                                                          "disagreements, each with its sentence.")] = False,
) -> None:
    """Score extraction against the gold labels of a corpus: precision, recall, F1, strict pct/target/parent/label
    accuracy, document fields; per bulletin, per half (working = even ids, blind = odd ids) and overall."""
    from flows.cli.evaluate import run_eval

    raise typer.Exit(run_eval(corpus, as_json, half=half, misses=misses))


if __name__ == "__main__":
    app()
