"""The validate step of a run: one validation run (one GX checkpoint per grain) over a batch of extracted
bulletins, returning a `Validated` record per bulletin (transforms.stages).

Cross-snapshot rules read the earlier snapshots of the same metric keys from the warehouse before anything of the
batch is loaded (warehouse.history), so batches load in as-of order. GX is imported on the first call.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from transforms.checks import BatchFrames, batch_frames, with_batch_history
from transforms.identity import metric_keys
from transforms.record import Extraction
from transforms.stages import Extracted, Validated


def validate_batch(
    extracted: dict[str, Extraction], warehouse: str, report_dir: str, frames: BatchFrames | None = None
):
    """One validation run (one checkpoint per grain) for the whole batch (`extracted`: bulletin name ->
    extraction); cross-snapshot rules read the earlier snapshots of the same metric keys from the warehouse before
    anything of this batch is loaded. The GX validation result JSON is archived under <report_dir>/gx. `frames`:
    the batch's figure rows and check frames as the workers built them (`flows.parallel.prepare_archived`, the
    same bulletins in the same order), or None to build them here. Returns (expectations.runner.ValidationOutcome,
    that JSON's path). Raises WarehouseError when the warehouse cannot be opened."""
    from expectations.runner import validate
    from warehouse import store
    from warehouse.history import previous_figures

    if frames is None:
        frames = batch_frames(extracted, {source: metric_keys(x, source) for source, x in extracted.items()})
    con = store.connect(warehouse)
    try:
        history = previous_figures(con, frames.figures["metric_key"].unique().to_list(), before=None)
    finally:
        con.close()
    outcome = validate(with_batch_history(frames.checks, history))
    return outcome, str(outcome.archive_gx_results(Path(report_dir) / "gx"))


def validate_extracted(
    extracted: Sequence[Extracted], warehouse: str, report_dir: str, frames: BatchFrames | None = None
) -> list[Validated]:
    """`validate_batch` over records with an extraction, in their order: a `Validated` record each (its check rows,
    status, the validation run and its GX result path). `frames`: their frames as the workers built them (see
    `validate_batch`), or None. Empty in, empty out (no validation run)."""
    if not extracted:
        return []
    outcome, gx_result_path = validate_batch(
        {x.bulletin: x.extraction for x in extracted if x.extraction is not None}, warehouse, report_dir, frames
    )
    return [
        Validated(x, outcome.results_of(x.bulletin), outcome.status_of(x.bulletin), outcome.run_id, gx_result_path)
        for x in extracted
    ]
