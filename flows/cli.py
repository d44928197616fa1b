"""The `progress-warehouse` command line.

Start-up stays light: Prefect and Great Expectations are imported inside the commands that need them.
"""

from __future__ import annotations

import flows.settings  # noqa: F401  (offline environment before anything imports Prefect or GX)

import json
import re
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from flows.settings import DEFAULT_REPORT_DIR, DEFAULT_WAREHOUSE

app = typer.Typer(help="Progress data warehouse of 市办实事 bulletins: fetch, extract, validate, load, report.",
                  no_args_is_help=True, add_completion=False)
console = Console(stderr=True, soft_wrap=True)


@app.command()
def run(
    source: Annotated[list[str] | None, typer.Option(
        "--source", "-s", help="Source name from the sources file, or a bulletin URL, file or folder (repeatable). "
        "Default: every source of the sources file.")] = None,
    warehouse: Annotated[Path, typer.Option(help="DuckDB warehouse file.")] = DEFAULT_WAREHOUSE,
    report_dir: Annotated[Path, typer.Option(help="Where the validation reports are written.")] = DEFAULT_REPORT_DIR,
    sources_file: Annotated[Path | None, typer.Option(
        help="Sources file (see docs/sources.md). Default: sources.toml of the project.")] = None,
) -> None:
    """Run the monthly flow once (fetch, extract, validate, load, report). Exit code 0 only when every input
    loaded, no error-level check failed and the warehouse was published; 2 when the sources file or a --source
    value is invalid."""
    sources_file = _checked_sources(source, sources_file)
    _checked_warehouse(warehouse)
    from expectations.runner import prepare_in_background
    from flows.monthly import monthly

    prepare_in_background()  # GX's import runs while Prefect starts its server
    state = monthly(sources=source or None, warehouse=str(warehouse), report_dir=str(report_dir),
                    sources_file=str(sources_file), return_state=True)
    _print_summary(_summary_of(state))


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
    """Validate the sources file and the --source values before Prefect starts, so a typo costs a second, not a
    server start-up. Returns the sources file used; exits with code 2 naming the problem."""
    from flows.sources import DEFAULT_SOURCES_FILE, SourcesError, load_sources, resolve_sources

    sources_file = sources_file or DEFAULT_SOURCES_FILE
    try:
        resolve_sources(source, load_sources(sources_file))
    except SourcesError as exc:
        _exit_with_error(exc, 2)
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
    """The run summary of a finished flow run (`flows.monthly.run_summary`); exits 1 in one line when the flow
    itself failed (a Dask scheduler that does not answer, a bug), whose traceback Prefect has already logged."""
    from flows.monthly import run_summary

    try:
        return run_summary(state)
    except Exception as exc:  # noqa: BLE001  (the CLI's last word on a failed flow run)
        _exit_with_error(f"the flow run failed: {type(exc).__name__}: {exc}", 1)


def _print_summary(summary) -> None:
    """The run summary a user reads; exits 0 only when the run is ok (`RunSummary.ok`: every input loaded, no
    error-level check failed, published for BI), else 1, as the flow run ends Completed or Failed."""
    loaded = [b for b in summary.bulletins if b.snapshot_id is not None]
    out = Console(soft_wrap=True)
    # Markup only in our own words; URLs, reasons and paths (a server's reason phrase "Not Found [/]", a URL with
    # "[link=…]") are escaped and stripped of control characters (`_plain`), so they print as written.
    out.print(f"[bold]bulletins read[/]: {len(summary.bulletins)}   loaded: {len(loaded)}   "
              f"failed: {len(summary.failures)}")
    out.print(f"[bold]figures loaded[/]: {sum(b.figures for b in loaded if b.created)} "
              f"(in {sum(1 for b in loaded if b.created)} new snapshots; "
              f"{sum(1 for b in loaded if not b.created)} already loaded)")
    out.print(f"[bold]checks[/]: {summary.count(None, True)} passed, {summary.count('error', False)} errors, "
              f"{summary.count('warning', False)} warnings, {summary.count('info', False)} info")
    for row in summary.sources:
        out.print(_plain(f"  source {row.source}: {row.found} links, {row.fetched} fetched, {row.unchanged} "
                         f"unchanged, {row.failed} failed")
                  + "".join(f"\n    {_plain(url)}: {_plain(why)}" for url, why in row.problems
                            if url not in {b.source for b in summary.bulletins}),
                  highlight=False, markup=False)
    for f in summary.freshness:
        out.print(f"  freshness {escape(f.source)}: {f.status}; latest {f.row()['latest_month'] or 'none'}, next "
                  f"{f.row()['next_expected_month'] or 'none'} due {f.row()['next_due'] or '-'}"
                  + (f"; [red]{escape(f.late_phrase())}[/]" if f.late else "")
                  + (f"; [yellow]{escape(f.missing_phrase())}[/]" if f.missing_months else ""), highlight=False)
    if summary.freshness_error:
        out.print(f"  [red]freshness not checked[/]: {escape(summary.freshness_error)}", highlight=False)
    for r in summary.restatements:
        figure = " ".join(part for part in (r.item and f"item {r.item}", r.label) if part)
        out.print(f"  [yellow]restated[/] ({r.kind}) {escape(figure)} "
                  f"as of {r.as_of}: {escape(r.describe())} (snapshot {r.previous_snapshot_id} → {r.snapshot_id})",
                  highlight=False)
    for b in summary.bulletins:
        if b.error:
            out.print(f"  [red]FAILED[/] {escape(_plain(b.source))}: {escape(_plain(b.error))}", highlight=False)
        else:
            state = "new" if b.created else "already loaded"
            out.print(_plain(f"  snapshot {b.snapshot_id} ({state}, {b.status}) {b.source}"), highlight=False,
                      markup=False)
    out.print(f"[bold]warehouse[/]: {escape(_plain(summary.warehouse))}")
    if summary.publication is not None:
        out.print(f"[bold]published for BI[/]: {escape(_plain(summary.publication.database))} (read-only copy; "
                  f"Parquet in {escape(_plain(summary.publication.database.parent / 'parquet'))})",
                  highlight=False)
        if summary.publication.ambiguous_keys:
            out.print(f"  [yellow]{summary.publication.ambiguous_keys} ambiguous metric keys[/] "
                      "(view ambiguous_metric_keys: figures sharing a key are listed, not merged)")
    else:
        out.print(f"  [red]not published for BI[/]: {escape(_plain(summary.publish_error))}", highlight=False)
    out.print(f"[bold]report[/]: {escape(_plain(summary.report_html))} (Markdown: "
              f"{escape(_plain(summary.report_markdown))})")
    raise typer.Exit(0 if summary.ok else 1)


@app.command()
def backfill(
    source: Annotated[list[str], typer.Option(
        "--source", "-s", help="Source name from the sources file (its listing pages are followed), or bulletin "
        "URLs, files or folders (repeatable).")],
    since: Annotated[str | None, typer.Option(help="First as-of month to load, YYYY-MM.")] = None,
    until: Annotated[str | None, typer.Option(help="Last as-of month to load, YYYY-MM.")] = None,
    warehouse: Annotated[Path, typer.Option(help="DuckDB warehouse file.")] = DEFAULT_WAREHOUSE,
    report_dir: Annotated[Path, typer.Option(help="Where the validation reports are written.")] = DEFAULT_REPORT_DIR,
    sources_file: Annotated[Path | None, typer.Option(
        help="Sources file for source names (see docs/sources.md). Default: sources.toml of the project.")] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Bulletins per extract/validate/load batch.")] = 100,
    dask: Annotated[str | None, typer.Option(
        help="Run fetch tasks on Dask: a scheduler address (tcp://host:8786) or 'local' for a local cluster "
             "of two workers.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar; one log line per batch (always so "
                                        "when stderr is not a terminal, e.g. in cron or CI logs).")] = False,
) -> None:
    """Load every bulletin of the sources in as-of order, skipping what is loaded; rerun to resume."""
    from expectations.runner import prepare_in_background
    from flows import progress
    from flows.backfill import backfill as backfill_flow, in_range

    try:
        in_range(None, since, until)  # a malformed or reversed range costs a second, not a server start-up
    except ValueError as exc:
        _exit_with_error(exc, 2)
    flow_fn = backfill_flow
    if dask:
        from prefect_dask import DaskTaskRunner

        runner = (DaskTaskRunner(cluster_kwargs={"n_workers": 2, "threads_per_worker": 4, "dashboard_address": None})
                  if dask == "local" else DaskTaskRunner(address=dask))
        flow_fn = backfill_flow.with_options(task_runner=runner)
    sources_file = _checked_sources(source, sources_file)
    _checked_warehouse(warehouse)
    prepare_in_background()  # GX's import runs while Prefect starts its server
    kwargs = dict(sources=source, since=since, until=until, warehouse=str(warehouse), report_dir=str(report_dir),
                  batch_size=batch_size, sources_file=str(sources_file))
    if quiet or not console.is_terminal:  # a bar redrawn in a log file would be noise
        with progress.listening(progress.LineProgress(Console(soft_wrap=True))):
            state = flow_fn(**kwargs, return_state=True)
    else:
        with progress.RichProgress(console) as bar, progress.listening(bar):
            state = flow_fn(**kwargs, return_state=True)
    _print_summary(_summary_of(state))


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Bulletins as .txt or .html files.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per bulletin per line (gold shape).")] = False,
) -> None:
    """Extract figures from bulletin files and print them (JSON lines with --json)."""
    from flows.fetch import FetchError, fetch
    from transforms.extract import extract_text
    from transforms.record import to_json_record
    from transforms.text import bulletin_text

    failed = 0
    for path in files:
        try:
            fetched = fetch(str(path))
        except FetchError as exc:
            _print_error(exc)
            failed += 1
            continue
        extraction = extract_text(bulletin_text(fetched.text))
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
    warehouse: Annotated[Path, typer.Option(help="DuckDB warehouse file; its published copy is read when present.")]
    = DEFAULT_WAREHOUSE,
    out_dir: Annotated[Path, typer.Option(help="Where the trend pages are written.")] = DEFAULT_REPORT_DIR,
) -> None:
    """Write one self-contained HTML trend page per programme year: percent of plan by month per item, each point
    linked to its evidence. Reads the published read-only copy (never the writer's file) when it exists."""
    from warehouse.publish import PUBLISHED_NAME, default_publish_dir
    from warehouse.report import write_reports
    from warehouse.store import WarehouseError

    published = default_publish_dir(warehouse) / PUBLISHED_NAME
    database = published if published.exists() else warehouse
    try:
        written = write_reports(database, out_dir)
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
    warehouse: Annotated[Path, typer.Option(help="DuckDB warehouse file.")] = DEFAULT_WAREHOUSE,
    report_dir: Annotated[Path, typer.Option(help="Where the report and the GX validation result JSON are "
                                                  "written.")] = DEFAULT_REPORT_DIR,
) -> None:
    """Re-run the expectation suites on a stored snapshot: appends new result rows under a new validation run
    and updates only the snapshot's status, then publishes for BI (a status change moves the snapshot into or out
    of the current views). Exit code 1 when an error-level check fails, the snapshot is missing or publishing
    fails."""
    from expectations.revalidate import revalidate as run_revalidation
    from warehouse.publish import publish
    from warehouse.store import WarehouseError

    try:
        done = run_revalidation(warehouse, snapshot_id, report_dir)
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
    warehouse: Annotated[Path, typer.Option(help="DuckDB warehouse file; its published copy is read when present.")]
    = DEFAULT_WAREHOUSE,
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows as a JSON list.")] = False,
    today: Annotated[str | None, typer.Option(help="Judge lateness on this date, YYYY-MM-DD (default: today in "
                                                   "Asia/Shanghai).")] = None,
) -> None:
    """Freshness of every source with a publication calendar (view `freshness`): latest as-of month loaded, next
    month expected and its due date, late and missing bulletins. Exit code 1 when a bulletin is late."""
    import datetime as dt

    import duckdb

    from flows.monthly import freshness_table
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
    from flows.evaluate import run_eval

    raise typer.Exit(run_eval(corpus, as_json, half=half, misses=misses))


if __name__ == "__main__":
    app()
