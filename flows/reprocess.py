"""Deployment `reprocess`: when the extractor improves, re-read the raw archive, not the web.

Every bulletin whose current snapshot (its source's latest) was made by an older extractor version than
`transforms.record.EXTRACTOR_VERSION` is re-extracted from its archived bytes (verified against their SHA-256; no
network), validated and loaded as a new snapshot that supersedes the old one, which stays queryable by time travel
(`figures_as_of_snapshot`, `figures_as_of_time`). Oldest as-of first, in batches: extraction runs on worker
processes (or Dask workers with `--dask`) ahead of the one DuckDB writer, which validates and loads each batch in
one transaction as it comes back (flows.parallel). A batch loaded is never redone: a rerun after a kill selects
only what is still outdated, and a second run creates nothing. A bulletin whose archived bytes are missing or do not
match their SHA-256 is reported by name and left as it is.

The report (`reprocess-<run>.md/.html`, the `reprocess-report` artifact in a flow run) lists per bulletin the
figures added, removed and changed between the two extractor versions and the checks that changed status
(warehouse.reprocessing), beside the usual validation sections.
"""

from __future__ import annotations


from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.states import State
from prefect.utilities.annotations import quote

from expectations.runner import prepare_in_background
from flows.cli import progress
from flows.runs import LocalRun, PrefectRun
from flows.summary import RunSummary, final_state, finish_run, summary_lines
from flows.ingest.rereads import Selection, select_outdated
from flows.parallel import ExtractionPool, extracted_batches, local_pool, pool_of_flow_run
from flows import DEFAULT_WAREHOUSE, report_dir_for
from transforms import record
from transforms.checks import BatchFrames
from transforms.stages import Extracted, Loaded, extracted_from, slim_all
from warehouse.batch import compare_loaded, validate_and_load
from warehouse.reprocessing import Reprocessed

REPROCESS_BATCH_SIZE = 2000
"""Bulletins per validate/load batch of a reprocess. A GX checkpoint run costs about the same whatever its size
(generated bulletins, one run over the figure grain: 0.22 s for 100, 0.25 s for 500, 0.27-0.32 s for 1,000;
benchmarks/README.md), so batches far larger than a backfill's 100 keep validation from dominating a re-read of
years of bulletins. Only the batch being loaded and the next one being extracted are held (`ahead=1`): at 2,000
seed-sized bulletins each, a few hundred MB."""


@task(name="validate and load reprocessed", cache_policy=NO_CACHE)
def load_reprocessed(
    warehouse: str,
    report_dir: str,
    run_id: str | None,
    extracted: list[Extracted],
    previous: dict[str, int],
    frames: BatchFrames | None = None,
) -> tuple[list[Loaded], list[Reprocessed]]:
    """`warehouse.batch.validate_and_load` of one batch of re-extracted bulletins, then `warehouse.reprocessing.
    compare_loaded` of each new snapshot with the one it supersedes (`previous`: source -> that snapshot's id).
    `frames`: the batch's frames as the extraction workers built them (`flows.parallel.ExtractedBatch.frames`), or
    None. Returns a slim record per bulletin (`transforms.stages.slim_all`) and the comparisons."""
    loaded = validate_and_load(warehouse, report_dir, run_id, extracted, frames)
    return slim_all(loaded), compare_loaded(warehouse, loaded, previous)


def run_reprocess(
    run: PrefectRun | LocalRun,
    pool: ExtractionPool,
    sources: list[str] | None,
    since: str | None,
    until: str | None,
    warehouse: str,
    report_dir: str | None,
    publish_dir: str | None,
    sources_file: str | None,
    batch_size: int = REPROCESS_BATCH_SIZE,
) -> RunSummary:
    """The steps of a reprocess run, executed by `run` (a Prefect flow run, or locally) with extraction on `pool`;
    see `reprocess`."""
    report_dir = report_dir or str(report_dir_for(warehouse))
    prepare_in_background()  # GX's import overlaps the selection and the first extractions
    # The version is read now: a run records one version, whatever process extracts.
    selection = select_outdated(warehouse, record.EXTRACTOR_VERSION, sources, sources_file, since, until)
    run.logger.info(selection.describe())
    loaded, reprocessed = reprocess_in_batches(run, pool, warehouse, report_dir, selection, batch_size)
    return finish_run(run, "reprocess", warehouse, report_dir, publish_dir, loaded, reprocessed=reprocessed)


def reprocess_in_batches(
    run: PrefectRun | LocalRun,
    pool: ExtractionPool,
    warehouse: str,
    report_dir: str,
    selection: Selection,
    batch_size: int,
) -> tuple[list[Loaded], list[Reprocessed]]:
    """Extraction of the selected bulletins on `pool` ahead of this process, which validates, loads and compares
    each batch as it comes back (one `load_reprocessed` task per batch, one batch extracted ahead). Returns a slim
    record per bulletin and the comparisons of the snapshots created."""
    artifact = run.progress_artifact(
        "reprocess-progress", "Bulletins re-extracted and loaded in this reprocess, percent"
    )
    previous = selection.previous()
    loaded: list[Loaded] = []
    reprocessed: list[Reprocessed] = []
    progress.start("reprocess", len(selection.todo))
    batches = selection.batches(batch_size)
    for results in extracted_batches(pool, str(Path(warehouse).parent / "archive"), batches, selection.version, 1):
        batch, changes = run.call(
            load_reprocessed,
            warehouse,
            report_dir,
            run.run_id,
            quote(extracted_from(results)),
            quote({item.source: previous[item.source] for item, _ in results}),
            quote(results.frames),
        )
        loaded += batch
        reprocessed += changes
        for r in batch:
            if r.error:
                run.logger.warning("not reprocessed, left as it is: %s: %s", r.source, r.error)
        progress.advance(
            "reprocess",
            len(batch),
            figures=sum(r.figures for r in batch if r.created),
            failures=sum(1 for r in batch if r.error),
        )
        run.update_progress(artifact, 100.0 * len(loaded) / max(len(selection.todo), 1))
    return loaded, reprocessed


@flow(name="reprocess")
def reprocess(
    sources: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    warehouse: str = str(DEFAULT_WAREHOUSE),
    report_dir: str | None = None,
    batch_size: int = REPROCESS_BATCH_SIZE,
    publish_dir: str | None = None,
    sources_file: str | None = None,
    workers: int | None = None,
) -> RunSummary | State:
    """Re-extract from the archive every bulletin whose current snapshot an older extractor version made, and load
    each as a new snapshot superseding the old (see the module docstring). `sources`: source names of
    `sources_file`, bulletin URLs, files or folders to limit it to (default: every archived bulletin); `since` /
    `until`: as-of months YYYY-MM of the current snapshots. `workers`: extraction processes (default: one per core;
    0: in the flow's process); with a Dask task runner (`reprocess.with_options(task_runner=DaskTaskRunner(...))`,
    `--dask`) extraction runs as tasks on the Dask workers instead. Publishes for BI and reports like the other
    flows; the run ends Failed, holding the summary, when a bulletin could not be re-read (missing or altered
    archive bytes, an extraction refused) or publishing failed (`flows.summary.final_state`). Raises ValueError for
    a malformed since/until, SourcesError for an unknown source name."""
    run = PrefectRun()
    pool = pool_of_flow_run(run, workers)
    try:
        summary = run_reprocess(
            run, pool, sources, since, until, warehouse, report_dir, publish_dir, sources_file, batch_size
        )
    finally:
        pool.close()
    for line in summary_lines(summary):
        run.logger.info(line)
    return final_state(summary)


def reprocess_locally(
    sources: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    warehouse: str = str(DEFAULT_WAREHOUSE),
    report_dir: str | None = None,
    batch_size: int = REPROCESS_BATCH_SIZE,
    publish_dir: str | None = None,
    sources_file: str | None = None,
    workers: int | None = None,
) -> RunSummary:
    """The reprocess flow's steps in this process without a Prefect API (`flows.runs.LocalRun`), extraction on
    `workers` local processes. Same arguments and summary as `reprocess`."""
    with LocalRun() as run:
        pool = local_pool(workers)
        try:
            return run_reprocess(
                run, pool, sources, since, until, warehouse, report_dir, publish_dir, sources_file, batch_size
            )
        finally:
            pool.close()
