"""The load step of a run, and validate-then-load of one batch: stage records in, `Loaded` records out
(transforms.stages); nothing is filled in place, so the step runs wherever its task runs.

A batch is loaded in one transaction (warehouse.store.load_snapshots: a failing bulletin is retried alone and fails
alone, with a LoadError). A bulletin already loaded (same bytes, source and extractor version) is neither checked
nor loaded again: its record gets the stored snapshot and status. The raw bytes are already archived: the crawler
archives every body it fetches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import polars as pl

from transforms.checks import BatchFrames
from transforms.errors import LoadError
from transforms.record import Extraction
from transforms.stages import Extracted, Fetched, Loaded, Validated
from warehouse import store
from warehouse.reprocessing import Reprocessed, compare_snapshots


def stored_outcomes(warehouse: str, extracted: Sequence[Extracted]) -> dict[str, Loaded]:
    """Of the records with an extraction, those already loaded (same document bytes, extractor version and
    source) -> their `Loaded` record, by bulletin: the stored snapshot and status stand, nothing is checked or
    loaded again. Raises WarehouseError when the warehouse cannot be opened."""
    wanted = [x for x in extracted if x.extraction is not None]
    if not wanted:
        return {}
    con = store.connect(warehouse)
    try:
        stored = store.stored_snapshots(
            con, [(x.fetched.sha256, x.extraction.extractor_version, x.fetched.source) for x in wanted if x.extraction]
        )
    finally:
        con.close()
    known = {}
    for x in wanted:
        assert x.extraction is not None
        hit = stored.get((x.fetched.sha256, x.extraction.extractor_version, x.fetched.source))
        if hit is not None:
            known[x.bulletin] = _record(x, snapshot_id=hit[0], created=False, status=hit[1])
    return known


def _record(x: Extracted, **fields) -> Loaded:
    return Loaded(source=x.bulletin, sha256=x.fetched.sha256, extraction=x.extraction, figures=x.figures, **fields)


def load_validated(
    warehouse: str, validated: Sequence[Validated], run_id: str | None, figures: pl.DataFrame | None = None
) -> list[Loaded]:
    """Load one snapshot per validated bulletin and record its validation run, a batch (one validation run) in one
    transaction; returns a `Loaded` record per bulletin in order: created with the status validation gave it, or
    already loaded (stored status, no check rows: what this run checked again is not stored), or its LoadError's
    reason with the rows that were checked. `run_id`: the flow run recorded with each snapshot. `figures`: the
    bulletins' figure rows with their metric keys (`transforms.checks.BatchFrames.figures`, as the workers built
    them), or None to build them at load."""
    rows = _figure_rows_by_bulletin(figures)
    out: list[Loaded] = []
    for start, group in _runs(validated):
        loads = [
            store.SnapshotLoad(
                _document(v.extracted.fetched, v.extracted.extraction),
                v.extracted.fetched.source,
                v.extracted.extraction,
                v.status,
                v.results,
                rows.get(v.extracted.bulletin),
            )
            for v in group
            if v.extracted.extraction is not None
        ]
        con = store.connect(warehouse)
        try:
            results = store.load_snapshots(con, loads, run_id, start.validation_run, start.gx_result_path)
            kept = [r.snapshot_id for r in results if not isinstance(r, LoadError) and not r.created]
            stored_status = (
                dict(
                    con.execute(
                        "SELECT snapshot_id, status FROM snapshots WHERE list_contains(?, snapshot_id)", [kept]
                    ).fetchall()
                )
                if kept
                else {}
            )
        finally:
            con.close()
        for v, loaded in zip(group, results):
            checked = _record(v.extracted, results=v.results, gx_result_path=v.gx_result_path)
            if isinstance(loaded, LoadError):
                out.append(replace(checked, error=loaded.reason))
            elif loaded.created:
                out.append(replace(checked, snapshot_id=loaded.snapshot_id, created=True, status=v.status))
            else:  # already loaded: the stored status and checks stand (a revalidation may have changed them)
                out.append(
                    _record(
                        v.extracted,
                        snapshot_id=loaded.snapshot_id,
                        created=False,
                        status=stored_status[loaded.snapshot_id],
                    )
                )
    return out


def _figure_rows_by_bulletin(figures: pl.DataFrame | None) -> dict[str, pl.DataFrame]:
    """`BatchFrames.figures` split by bulletin (the `bulletin` column dropped); empty for None."""
    if figures is None:
        return {}
    return {
        key[0]: frame
        for key, frame in figures.partition_by("bulletin", as_dict=True, include_key=False, maintain_order=True).items()
    }


def _runs(validated: Sequence[Validated]) -> list[tuple[Validated, list[Validated]]]:
    """Consecutive records of one validation run (a batch is one run, hence one group)."""
    groups: list[tuple[Validated, list[Validated]]] = []
    for v in validated:
        if groups and groups[-1][0].validation_run == v.validation_run:
            groups[-1][1].append(v)
        else:
            groups.append((v, [v]))
    return groups


def _document(f: Fetched, extraction: Extraction | None) -> store.ArchivedDocument:
    return store.ArchivedDocument(
        f.sha256,
        f.source,
        f.content_type,
        f.encoding,
        f.encoding_source,
        f.size or 0,
        extraction.text if extraction is not None else "",
    )


def load_snapshots(
    warehouse: str,
    fetched: Mapping[str, Fetched],
    extracted: Mapping[str, Extraction],
    outcome,
    run_id: str | None,
    gx_result_path: str,
) -> dict[str, Loaded]:
    """`load_validated` for one validation outcome (expectations.batch.validate_batch) over bulletins named by
    `extracted`'s keys (`fetched`: their bytes' records, by the same names). Returns the `Loaded` record of each,
    by name."""
    validated = [
        Validated(
            Extracted(name, fetched[name], x),
            outcome.results_of(name),
            outcome.status_of(name),
            outcome.run_id,
            gx_result_path,
        )
        for name, x in extracted.items()
    ]
    return {r.source: r for r in load_validated(warehouse, validated, run_id)}


def validate_and_load(
    warehouse: str,
    report_dir: str,
    run_id: str | None,
    extracted: Sequence[Extracted],
    frames: BatchFrames | None = None,
) -> list[Loaded]:
    """Validate (one GX checkpoint per grain, expectations.batch) and load one batch of extracted records, in order:
    a bulletin already loaded gets its stored snapshot, one that failed extraction its reason; the others are
    validated together and loaded in one transaction. `frames`: the figure rows and check frames of the records'
    extractions as the workers built them (`flows.parallel.ExtractedBatch.frames`; None: built here). Returns a
    `Loaded` record per input record, in order."""
    from expectations.batch import validate_extracted

    known = stored_outcomes(warehouse, extracted)
    fresh = [x for x in extracted if x.extraction is not None and x.bulletin not in known]
    frames = frames_of(frames, [x.bulletin for x in extracted if x.extraction is not None], [x.bulletin for x in fresh])
    validated = validate_extracted(fresh, warehouse, report_dir, frames)
    loaded = {
        r.source: r
        for r in load_validated(warehouse, validated, run_id, frames.figures if frames is not None else None)
    }
    return [known.get(x.bulletin) or loaded.get(x.bulletin) or Loaded.stopped(x) for x in extracted]


def frames_of(frames: BatchFrames | None, extracted: list[str], fresh: list[str]) -> BatchFrames | None:
    """The rows of `frames` (built for the bulletins `extracted`, in order) for the bulletins `fresh` only (those not
    loaded before); None when `frames` is None or not one row set per extracted bulletin (a bulletin repeated in
    the batch: the frames are then built by the validation step)."""
    if frames is None or frames.checks["bulletin"]["bulletin"].to_list() != extracted:
        return None
    return frames if len(fresh) == len(extracted) else frames.of(fresh)


def compare_loaded(warehouse: str, loaded: Sequence[Loaded], previous: Mapping[str, int]) -> list[Reprocessed]:
    """A reprocess batch's comparisons (warehouse.reprocessing.compare_snapshots) of each snapshot it created with
    the one it supersedes (`previous`: source -> that snapshot's id), in order. Raises duckdb.Error."""
    created = [(r, r.snapshot_id) for r in loaded if r.created and r.snapshot_id is not None]
    if not created:
        return []
    con = store.connect(warehouse)
    try:
        return compare_snapshots(
            con,
            [(previous[r.source], new) for r, new in created],
            {new: r.extraction.text for r, new in created if r.extraction is not None},
        )
    finally:
        con.close()
