"""Extraction of archived bulletins in parallel: worker processes on this machine, or Dask workers (prefect-dask).

Extraction is a pure function of a bulletin's archived bytes, so a worker needs only the archive folder (shared
storage for Dask workers on other machines) and the digests. It returns the extractions with what validating and
loading them needs that is also a pure function of them (metric keys, figure rows, check frames:
`prepare_archived`), and the run's one DuckDB writer validates and loads them batch by batch as they come back, in
order. The rest of validation stays with the writer: its cross-month checks read the batches loaded before
(warehouse.history), and one GX checkpoint per batch costs about 0.3 s whatever the batch's size
(benchmarks/README.md).

Used by `reprocess` and `backfill`. Worker processes import this module, the extractor, the check frames and the
archive reader, not Prefect or GX. Pools submit chunks (CHUNK bulletins) and keep at most a few batches in
flight, so memory stays flat however long the run.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any, Protocol

from transforms.checks import BatchFrames, batch_frames
from transforms.errors import DecodeError, ExtractError, PipelineError
from transforms.extract import extract_text
from transforms.identity import metric_keys
from transforms.record import Extraction, unstorable
from transforms.text import bulletin_text, not_a_bulletin, oversize, page_title
from warehouse.archive import ArchiveError, read_archived

CHUNK = 100
"""Bulletins per unit of work sent to a worker (~0.15-0.3 s of extraction): large enough that pickling and task
overhead stay small, small enough that two workers share a batch."""


NO_FIGURES = "no progress figures found; is this a progress bulletin?"
"""The reason given for a page that was read but holds no figures (monthly, backfill, reprocess)."""


def read_bulletin(raw: str) -> Extraction | str:
    """The extraction of one bulletin's decoded text (HTML or plain), or the reason it is not loaded: its text
    is over a documented size limit (transforms.text.oversize) or is not Chinese text (transforms.text.not_a_bulletin:
    another language, undecoded bytes), both checked before extraction, it holds no figures
    (NO_FIGURES), or a figure cannot be stored (transforms.record.unstorable: too many figures, a number beyond
    the warehouse's range). One such bulletin is reported by name and the others load (monthly, backfill,
    reprocess)."""
    text = bulletin_text(raw)
    problem = oversize(text) or not_a_bulletin(text)
    if problem:
        return problem
    extraction = extract_text(text, page_title(raw))
    if not extraction.figures:
        return NO_FIGURES
    return unstorable(extraction) or extraction


@dataclass(frozen=True)
class ArchivedBulletin:
    """One bulletin as the archive holds it: its identity (`snapshots.source`), the SHA-256 its bytes are stored
    under, how they were decoded when fetched, and their size in bytes (None until read). What a worker needs to
    re-read it, and what the loader needs to record its document (`warehouse.batch.load_validated`)."""

    source: str
    sha256: str
    content_type: str | None
    encoding: str | None
    encoding_source: str | None
    size: int | None = None


def extract_archived(
    archive_root: str, bulletins: Sequence[ArchivedBulletin], version: str | None = None
) -> list[tuple[ArchivedBulletin, Extraction | PipelineError]]:
    """Read each bulletin's archived bytes (verified against their SHA-256), decode them with the codec recorded at
    fetch time (utf-8 if none; undecodable bytes replaced) and extract them (`read_bulletin`).
    Returns (bulletin with its size, extraction) per bulletin in order, or (bulletin, error) for one that stops:
    an ExtractError when its bytes are missing or altered, `read_bulletin` refuses it or the extractor fails, a
    DecodeError when the codec recorded at fetch is unknown; that bulletin alone fails, named. `version`: the
    extractor version to record (`transforms.record.EXTRACTOR_VERSION` as the run read it), so that every snapshot
    of one run carries the version the run started with, whatever process extracted it. Never raises for one
    bulletin."""
    out: list[tuple[ArchivedBulletin, Extraction | PipelineError]] = []
    for item in bulletins:
        try:
            body = read_archived(Path(archive_root), item.sha256)
        except ArchiveError as exc:
            out.append((item, ExtractError(item.source, str(exc))))
            continue
        sized = ArchivedBulletin(
            item.source, item.sha256, item.content_type, item.encoding, item.encoding_source, len(body)
        )
        try:
            text = body.decode(item.encoding or "utf-8", errors="replace")
        except LookupError:
            reason = f"archived body {item.sha256}: unknown codec {item.encoding!r} recorded at fetch"
            out.append((sized, DecodeError(item.source, reason)))
            continue
        try:
            extraction = read_bulletin(text)
        except Exception as exc:  # noqa: BLE001  (an extractor bug fails this bulletin, named, not the run)
            out.append((sized, ExtractError(item.source, f"extraction failed: {type(exc).__name__}: {exc}")))
            continue
        if isinstance(extraction, str):  # over a limit, no figures, unstorable: `read_bulletin`'s reason
            out.append((sized, ExtractError(item.source, extraction)))
            continue
        if version is not None:
            extraction.extractor_version = version
        out.append((sized, extraction))
    return out


class ExtractedBatch(list):
    """`extract_archived` results, (bulletin, extraction or error) per bulletin in order, with `frames`: the figure
    rows and check frames of its extractions (`transforms.checks.BatchFrames`, metric keys included), built by the
    worker that extracted them so that the one writer only joins the history, validates and inserts; None when
    they were not built (the writer then builds them). A list, so code reading the results needs no change."""

    frames: BatchFrames | None

    def __init__(
        self,
        results: Iterable[tuple[ArchivedBulletin, Extraction | PipelineError]] = (),
        frames: BatchFrames | None = None,
    ) -> None:
        super().__init__(results)
        self.frames = frames


def prepare_archived(
    archive_root: str, bulletins: Sequence[ArchivedBulletin], version: str | None = None
) -> ExtractedBatch:
    """`extract_archived`, then the pure per-bulletin work of validation and loading (metric keys, figure rows,
    check frames: `transforms.checks.batch_frames`), where the extraction ran. What a worker runs. A chunk whose
    frames cannot be built (an extractor bug) keeps its results and leaves the frames to the writer."""
    results = extract_archived(archive_root, bulletins, version)
    extracted = {item.source: x for item, x in results if isinstance(x, Extraction)}
    try:
        frames = batch_frames(extracted, {source: metric_keys(x, source) for source, x in extracted.items()})
    except Exception:  # noqa: BLE001  (the writer builds them again and names the bulletin that fails)
        frames = None
    return ExtractedBatch(results, frames)


def _joined(chunks: list[list[tuple[ArchivedBulletin, Extraction | PipelineError]]]) -> ExtractedBatch:
    """The chunks of one batch as one ExtractedBatch; frames only when every chunk holding an extraction has
    them."""
    results = [pair for chunk in chunks for pair in chunk]
    parts = []
    for chunk in chunks:
        frames = getattr(chunk, "frames", None)
        if frames is None and any(isinstance(x, Extraction) for _, x in chunk):
            return ExtractedBatch(results, None)
        if frames is not None:
            parts.append(frames)
    return ExtractedBatch(results, BatchFrames.concat(parts) if parts else None)


class Pending(Protocol):
    def result(self) -> Any: ...


class ExtractionPool(Protocol):
    """Where `extract_archived` runs: `submit` returns something with `result()`; `close` releases workers."""

    workers: int

    def submit(self, archive_root: str, bulletins: list[ArchivedBulletin], version: str | None) -> Pending: ...

    def close(self) -> None: ...


class _Now:
    def __init__(self, compute: Callable[[], Any]) -> None:
        self._compute = compute

    def result(self) -> Any:
        return self._compute()


class InProcess:
    """No workers: each chunk is extracted in this process when its result is asked for."""

    workers = 0

    def submit(self, archive_root: str, bulletins: list[ArchivedBulletin], version: str | None) -> Pending:
        return _Now(lambda: prepare_archived(archive_root, bulletins, version))

    def close(self) -> None:
        pass


def _exit_with_parent() -> None:
    """Worker initializer: end this worker when the process that started it dies. A run killed with SIGKILL runs
    no shutdown, and its workers, which hold both ends of their task queue, would wait for work forever (orphans
    of ~75 MB each); the parent's sentinel becomes readable when it is gone."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        wait([sentinel])
        os._exit(1)  # no clean-up to run: the worker holds nothing but its share of the task queue

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _warm() -> int:
    extract_text("")  # builds the extraction vocabulary's patterns once per worker, before the first chunk
    return os.getpid()


class ProcessPool:
    """`workers` worker processes on this machine (spawned, not forked: the parent runs threads, Prefect's and
    GX's import). They start at once and import the extractor while the run reads the warehouse."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=_exit_with_parent
        )
        self._warming = [self._executor.submit(_warm) for _ in range(workers)]

    def submit(self, archive_root: str, bulletins: list[ArchivedBulletin], version: str | None) -> Future:
        return self._executor.submit(prepare_archived, archive_root, bulletins, version)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


class TaskPool:
    """Chunks as Prefect task runs on the flow's task runner (`backfill --dask`, `reprocess --dask`: Dask workers
    through prefect-dask). `submit_task(archive_root, bulletins, version)` submits the task."""

    def __init__(self, submit_task: Callable[..., Pending], workers: int) -> None:
        self.workers = workers
        self._submit = submit_task

    def submit(self, archive_root: str, bulletins: list[ArchivedBulletin], version: str | None) -> Pending:
        return self._submit(archive_root, bulletins, version)

    def close(self) -> None:
        pass


def local_pool(workers: int | None) -> ExtractionPool:
    """A pool of `workers` processes (None: one per core); 0 or 1 core with None: in this process."""
    count = (os.cpu_count() or 1) if workers is None else workers
    return InProcess() if count <= 0 else ProcessPool(count)


def extracted_batches(
    pool: ExtractionPool,
    archive_root: str,
    batches: Iterable[list[ArchivedBulletin]],
    version: str | None,
    ahead: int | None = None,
) -> Iterator[ExtractedBatch]:
    """Each batch's `prepare_archived` results (with the frames the workers built), in the batches' order, while
    the pool extracts the next ones: at most `ahead` batches (default: two per worker, at least two) are submitted
    and not yet consumed. A chunk whose worker failed as a whole (a worker process killed, a Dask worker lost)
    fails its bulletins (an ExtractError each, naming the reason), and the run goes on."""
    ahead = ahead or max(2, 2 * pool.workers)
    pending: deque[tuple[list[ArchivedBulletin], list[tuple[list[ArchivedBulletin], Pending]]]] = deque()
    source = iter(batches)

    def submit_next() -> None:
        batch = next(source, None)
        if batch is not None:
            chunks = [batch[i : i + CHUNK] for i in range(0, len(batch), CHUNK)]
            pending.append((batch, [(chunk, pool.submit(archive_root, chunk, version)) for chunk in chunks]))

    for _ in range(ahead):
        submit_next()
    while pending:
        _, chunks = pending.popleft()
        done: list[list[tuple[ArchivedBulletin, Extraction | PipelineError]]] = []
        for chunk, future in chunks:
            try:
                done.append(future.result())
            except Exception as exc:  # noqa: BLE001  (a lost worker fails its chunk's bulletins, named)
                reason = f"extraction worker failed: {type(exc).__name__}: {exc}"
                done.append([(item, ExtractError(item.source, reason)) for item in chunk])
        submit_next()
        yield _joined(done)


def extract_archived_task_fn(
    archive_root: str, bulletins: list[ArchivedBulletin], version: str | None
) -> ExtractedBatch:
    """`prepare_archived` as the task `extract archived` runs it (on Dask workers with `--dask`)."""
    return prepare_archived(archive_root, bulletins, version)


def pool_of_flow_run(run: Any, workers: int | None) -> ExtractionPool:
    """Where a flow run (`run`: flows.runs.PrefectRun) extracts: as task runs on the flow's task runner when it
    distributes tasks (Dask, via prefect-dask), else on `workers` local processes (None: one per core; the default
    thread-pool runner would share one interpreter). Call inside the flow function."""
    from prefect import task
    from prefect.cache_policies import NO_CACHE
    from prefect.context import FlowRunContext
    from prefect.task_runners import ThreadPoolTaskRunner

    context = FlowRunContext.get()
    runner = context.task_runner if context else None
    if runner is None or isinstance(runner, ThreadPoolTaskRunner):
        return local_pool(workers)
    extract_task = task(name="extract archived", cache_policy=NO_CACHE)(extract_archived_task_fn)
    # Not quote()d: prefect-dask 0.3.7 hands a quoted parameter to the task still wrapped; a chunk is CHUNK small
    # records, cheap for Prefect to walk.
    return TaskPool(lambda root, items, version: run.submit(extract_task, root, items, version), workers or 2)
