"""How a run's steps execute, and the task every deployment shares.

`PrefectRun`: inside a Prefect flow run (tasks on the flow's task runner, artifacts, the flow run id recorded);
`LocalRun`: the same steps in this process without a Prefect API, for one-off command-line runs. Flows take
either (`run`), so monthly, backfill and reprocess read the same with or without a server.

Large in-memory inputs (bulletin bytes, extractions, stage records) are passed to tasks inside `quote()`: Prefect
otherwise walks every nested object of a task's parameters looking for futures, which cost ~20 s per 300
bulletins (measured with cProfile in benchmarks/bench_backfill.py runs).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from prefect import get_run_logger, task
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from flows.ingest.fetch import FetchError
from transforms.checks import BatchFrames
from transforms.stages import Extracted, Loaded, slim_all
from warehouse.batch import validate_and_load


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

BACKFILL_BATCH_SIZE = 500
"""Bulletins per validate/load batch of a backfill. A GX checkpoint run costs about the same at 100 bulletins as at
1,000 (benchmarks/README.md), and the extraction ahead of the writer is one batch (`ahead=1`), so 500 keeps
validation's share small while at most two batches' extractions are held (a 10,000-bulletin backfill stays under
1 GB). The monthly flow keeps batches of BATCH_SIZE (100)."""


@task(name="validate and load", cache_policy=NO_CACHE)
def validate_and_load_task(
    warehouse: str,
    report_dir: str,
    run_id: str | None,
    extracted: list[Extracted],
    keep: str = "all",
    frames: BatchFrames | None = None,
) -> list[Loaded]:
    """`warehouse.batch.validate_and_load` of one batch as one task run: a `Loaded` record per extracted record,
    in order; `keep="failed"` returns slim records (`transforms.stages.slim_all`: only failed check rows), as runs
    of thousands of bulletins keep them. `frames`: the batch's frames as the extraction workers built them
    (`flows.parallel.ExtractedBatch.frames`), or None. Takes and returns records only: runs on any task runner's
    worker."""
    loaded = validate_and_load(warehouse, report_dir, run_id, extracted, frames)
    return slim_all(loaded) if keep == "failed" else loaded
