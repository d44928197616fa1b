"""The `progress-warehouse` command line.

Start-up stays light: Prefect and Great Expectations are imported inside the commands that need them.
"""

from __future__ import annotations

import flows.settings  # noqa: F401  (offline environment before anything imports Prefect or GX)

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from flows.settings import DEFAULT_REPORT_DIR, DEFAULT_WAREHOUSE

app = typer.Typer(help="Progress data warehouse of 市办实事 bulletins: fetch, extract, validate, load, report.",
                  no_args_is_help=True, add_completion=False)
console = Console(stderr=True, soft_wrap=True)


@app.command()
def run(
    source: Annotated[list[str] | None, typer.Option(
        "--source", "-s", help="Bulletin URL, file or folder (repeatable). Default: the bundled samples.")] = None,
    warehouse: Annotated[Path, typer.Option(help="DuckDB warehouse file.")] = DEFAULT_WAREHOUSE,
    report_dir: Annotated[Path, typer.Option(help="Where the validation reports are written.")] = DEFAULT_REPORT_DIR,
) -> None:
    """Run the monthly flow once (fetch, extract, validate, load, report). Exit code 0 only when every input
    loaded and no error-level check failed."""
    from flows.monthly import monthly

    summary = monthly(sources=source or None, warehouse=str(warehouse), report_dir=str(report_dir))
    loaded = [b for b in summary.bulletins if b.snapshot_id is not None]
    out = Console(soft_wrap=True)
    out.print(f"[bold]bulletins read[/]: {len(summary.bulletins)}   loaded: {len(loaded)}   "
              f"failed: {len(summary.failures)}")
    out.print(f"[bold]figures loaded[/]: {sum(b.figures for b in loaded if b.created)} "
              f"(in {sum(1 for b in loaded if b.created)} new snapshots; "
              f"{sum(1 for b in loaded if not b.created)} already loaded)")
    out.print(f"[bold]checks[/]: {summary.count(None, True)} passed, {summary.count('error', False)} errors, "
              f"{summary.count('warning', False)} warnings, {summary.count('info', False)} info")
    for b in summary.bulletins:
        if b.error:
            out.print(f"  [red]FAILED[/] {b.source}: {b.error}", markup=True, highlight=False)
        else:
            state = "new" if b.created else "already loaded"
            out.print(f"  snapshot {b.snapshot_id} ({state}, {b.status}) {b.source}", highlight=False)
    out.print(f"[bold]warehouse[/]: {summary.warehouse}")
    out.print(f"[bold]report[/]: {summary.report_html} (Markdown: {summary.report_markdown})")
    raise typer.Exit(0 if summary.ok else 1)


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
            console.print(f"[red]error[/] {exc}", highlight=False)
            failed += 1
            continue
        extraction = extract_text(bulletin_text(fetched.text))
        record = to_json_record(extraction, str(path))
        if as_json:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            doc = record["document"]
            print(f"{path}: {doc['region']} {doc['program']} {doc['program_year']} as of {doc['as_of']}, "
                  f"{len(record['metrics'])} figures")
            for m in record["metrics"]:
                pct = f" {m['pct_of_plan']}% of {m['pct_basis']}" if m["pct_of_plan"] is not None else ""
                target = f" target {m['target']}{m['target_unit']}" if m["target"] is not None else ""
                print(f"  {m['id']} item {m['item']} {m['label']}: {m['value_text']}{m['unit']}{pct}{target}")
    raise typer.Exit(1 if failed else 0)


@app.command()
def revalidate(
    snapshot_id: Annotated[int, typer.Argument(help="Snapshot to re-validate (snapshots.snapshot_id).")],
    warehouse: Annotated[Path, typer.Option(help="DuckDB warehouse file.")] = DEFAULT_WAREHOUSE,
    report_dir: Annotated[Path, typer.Option(help="Where the GX validation result JSON is archived.")] =
    DEFAULT_REPORT_DIR,
) -> None:
    """Re-run the expectation suites on a stored snapshot: appends new result rows under a new validation run
    and updates only the snapshot's status. Exit code 1 when an error-level check fails or the snapshot is
    missing."""
    from expectations.revalidate import revalidate as run_revalidation
    from warehouse.store import WarehouseError

    try:
        done = run_revalidation(warehouse, snapshot_id, report_dir)
    except WarehouseError as exc:
        console.print(f"[red]error[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
    out = Console(soft_wrap=True)
    out.print(f"snapshot {done.snapshot_id} ({done.source}): {done.previous_status} -> {done.status}; "
              f"{done.checks} checks, {done.errors} errors, {done.warnings} warnings, {done.infos} info", highlight=False)
    out.print(f"validation run {done.validation_run}; GX validation result: {done.gx_result_path}", highlight=False)
    raise typer.Exit(1 if done.status == "failed" else 0)


@app.command(name="eval")
def evaluate(
    corpus: Annotated[Path, typer.Argument(help="Corpus folder (e.g. ../shared/corpus).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score extraction against the gold labels of a corpus: precision, recall, F1, pct/target/parent accuracy."""
    from flows.evaluate import run_eval

    raise typer.Exit(run_eval(corpus, as_json))


if __name__ == "__main__":
    app()
