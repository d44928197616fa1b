"""Re-validate a stored snapshot: re-run the expectation suites on its stored figures, update only its status.

Used by `progress-warehouse revalidate SNAPSHOT_ID` after rules change. The snapshot's figures are not
re-extracted (that would be a new snapshot with a new extractor version); the result rows are appended under a
new validation run, and the GX validation result JSON is archived like a flow run's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from expectations.report import BulletinReport, RunReport, render_html, render_markdown
from transforms.checks import batch_check_frames
from warehouse import store
from warehouse.history import previous_figures
from warehouse.validation_runs import store_revalidation, stored_extraction


@dataclass(frozen=True)
class Revalidation:
    """What a re-validation decided: the snapshot, its status before and after, failed-check counts by
    severity, the validation run id, the archived GX result JSON and the auditor report (Markdown, HTML)."""

    snapshot_id: int
    source: str
    previous_status: str
    status: str
    errors: int
    warnings: int
    infos: int
    checks: int
    validation_run: str
    gx_result_path: str
    report_markdown: str
    report_html: str


def revalidate(warehouse: Path | str, snapshot_id: int, report_dir: Path | str) -> Revalidation:
    """Re-run every rule on snapshot `snapshot_id` of the warehouse file, store the outcome and write the auditor
    report `revalidate-<validation run>.md/.html` in `report_dir` (the same report as a flow run's, for one
    snapshot: every check of this validation run with its sentence).

    Cross-snapshot rules compare with the other non-failed snapshots of the warehouse dated before it. Raises
    store.WarehouseError when the file is held by another process or the snapshot does not exist.
    """
    from expectations.runner import validate

    con = store.connect(warehouse)
    try:
        extraction, keys, snapshot = stored_extraction(con, snapshot_id)
        source = snapshot["source"]
        history = previous_figures(con, keys, snapshot["as_of"], exclude_snapshot=snapshot_id)
        outcome = validate(batch_check_frames({source: extraction}, {source: keys}, history))
        gx_path = outcome.archive_gx_results(Path(report_dir) / "gx")
        status = outcome.status_of(source)
        store_revalidation(con, snapshot_id, outcome.results, status, outcome.run_id, str(gx_path))
    finally:
        con.close()
    checked = BulletinReport(source, snapshot["document_sha256"], status, snapshot_id, False, extraction,
                             outcome.results_of(source), figures=len(extraction.figures), as_of=snapshot["as_of"],
                             gx_result_path=str(gx_path))
    report = RunReport(None, [checked],
                       produced_by=f"revalidation {outcome.run_id} of snapshot {snapshot_id} "
                                   f"(status {snapshot['status']} -> {status})",
                       extractor_version=snapshot["extractor_version"])
    out = Path(report_dir)
    out.mkdir(parents=True, exist_ok=True)
    markdown, html = out / f"revalidate-{outcome.run_id}.md", out / f"revalidate-{outcome.run_id}.html"
    markdown.write_text(render_markdown(report), encoding="utf-8")
    html.write_text(render_html(report), encoding="utf-8")
    failed = outcome.results.filter(~pl.col("passed"))
    return Revalidation(snapshot_id, source, snapshot["status"], status,
                        failed.filter(pl.col("severity") == "error").height,
                        failed.filter(pl.col("severity") == "warning").height,
                        failed.filter(pl.col("severity") == "info").height,
                        outcome.results.height, outcome.run_id, str(gx_path), str(markdown), str(html))
