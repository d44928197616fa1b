"""Run the expectation suites through a GX checkpoint on pandas batches and flatten the results.

Great Expectations is imported inside `validate` only: importing it costs 3-4 s and ~260 MB (DESIGN.md), which
the CLI must not pay at start-up. Analytics and progress bars are switched off.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import os
import threading
import uuid
import warnings
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import polars as pl

from expectations.rules import GRAINS, RULES, Rule, figure_name

RESULT_SCHEMA: dict[str, pl.DataType] = {
    "bulletin": pl.String,
    "rule": pl.String,
    "severity": pl.String,
    "passed": pl.Boolean,
    "figure_id": pl.String,
    "reported": pl.String,
    "expected": pl.String,
    "message": pl.String,
    "validation_run": pl.String,
}
"""One row per rule per checked row: a figure (figure grain) or the bulletin itself (figure_id null).
`validation_run` names the checkpoint runs of one `validate` call (a UUID), also in warehouse `validation_runs`.
Column order matters: warehouse.store appends these after snapshot_id (migration 007 adds validation_run last)."""


@dataclass
class ValidationOutcome:
    """Flattened results (`results`, RESULT_SCHEMA) and the raw GX validation results (JSON-ready dicts) of one
    validation run (`run_id`)."""

    results: pl.DataFrame
    gx_results: list[dict]
    run_id: str = ""
    _status_cache: dict | None = field(default=None, repr=False, compare=False)
    _partition_cache: dict | None = field(default=None, repr=False, compare=False)

    def archive_gx_results(self, directory: Path | str) -> Path:
        """Write the GX validation results of this run as one JSON file `gx-validation-<run_id>.json` under
        `directory` (created if missing) and return its path. The file is the auditors' proof of what GX itself
        reported, independent of our flattened rows."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"gx-validation-{self.run_id}.json"
        document = {"validation_run": self.run_id, "written_at": dt.datetime.now(dt.UTC).isoformat(),
                    "validation_results": self.gx_results}
        # Written beside and renamed into place: a kill or a full disk leaves no empty or partial result file.
        staged = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            staged.write_text(json.dumps(document, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
            os.replace(staged, path)
        finally:
            staged.unlink(missing_ok=True)
        return path

    def status_of(self, bulletin: str) -> str:
        """"failed" if an error-level rule failed for the bulletin, "warned" for a warning, else "passed"."""
        return self._statuses().get(bulletin, "passed")

    def results_of(self, bulletin: str) -> pl.DataFrame:
        """The result rows of one bulletin (RESULT_SCHEMA; empty if it had none)."""
        return self._partitions().get(bulletin, self.results.clear())

    def _statuses(self) -> dict[str, str]:
        # Computed once per outcome: a backfill asks for thousands of bulletins, a filter per call is quadratic.
        if self._status_cache is None:
            failed = self.results.filter(~pl.col("passed")).group_by("bulletin").agg(
                (pl.col("severity") == "error").any().alias("error"),
                (pl.col("severity") == "warning").any().alias("warning"))
            self._status_cache = {row["bulletin"]: "failed" if row["error"] else "warned" if row["warning"] else "passed"
                                  for row in failed.iter_rows(named=True)}
        return self._status_cache

    def _partitions(self) -> dict[str, pl.DataFrame]:
        if self._partition_cache is None:
            self._partition_cache = {key[0]: frame for key, frame in
                                     self.results.partition_by("bulletin", as_dict=True, maintain_order=True).items()}
        return self._partition_cache


_SUITES_LOCK = threading.Lock()


@functools.cache
def _checkpoints() -> dict[str, tuple]:
    """{grain: (GX checkpoint, its rules, its key column)}, built once per process in an ephemeral GX context.

    Building the context, suites, validation definitions and checkpoints costs about half a second; a backfill
    validates a batch every hundred bulletins, so they are built once and each `validate` call runs the
    checkpoints on new dataframes (`batch_parameters`).
    """
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    with warnings.catch_warnings():
        # GX 1.24 imports the deprecated sre_parse/sre_constants modules: noise for our users, not theirs to fix.
        warnings.simplefilter("ignore", DeprecationWarning)
        import great_expectations as gx
        import great_expectations.expectations as gxe
        from great_expectations.data_context.types.base import ProgressBarsConfig

    # Its INFO lines ("Created temporary directory … for ephemeral docs site") are not news to our users.
    # (great_expectations.data_context.types.base sets its own logger to INFO, so the parent's level is not enough.)
    for name in ("great_expectations", "great_expectations.data_context.types.base"):
        logging.getLogger(name).setLevel(logging.WARNING)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    checkpoints = {}
    for grain, key in GRAINS.items():
        rules = [r for r in RULES if r.grain == grain]
        if not rules:
            continue
        source = context.data_sources.add_pandas(f"{grain}_source")
        batch = source.add_dataframe_asset(name=f"{grain}s").add_batch_definition_whole_dataframe("batch")
        suite = context.suites.add(gx.ExpectationSuite(name=f"{grain}_suite"))
        for rule in rules:
            suite.add_expectation(_expectation(gxe, rule))
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=f"{grain}_validation", data=batch, suite=suite))
        checkpoint = context.checkpoints.add(gx.Checkpoint(
            name=f"{grain}_checkpoint", validation_definitions=[definition],
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [key]}))
        checkpoints[grain] = (checkpoint, rules, key)
    return checkpoints


def prepare_in_background() -> threading.Thread:
    """Import GX and build the checkpoints (about 5 s and 260 MB, once per process) on a daemon thread, so that a
    flow pays it while it waits on the network instead of before its first validation. `validate` waits for it.
    Returns the started thread."""
    def prepare() -> None:
        with _SUITES_LOCK:
            _checkpoints()

    thread = threading.Thread(target=prepare, name="prepare GX checkpoints", daemon=True)
    thread.start()
    return thread


def _expectation(gxe, rule: Rule):
    cls = getattr(gxe, rule.expectation)
    return cls(column=rule.column, description=rule.description, meta={"rule": rule.name, "severity": rule.severity},
               **rule.kwargs)


def validate(frames: dict[str, pl.DataFrame]) -> ValidationOutcome:
    """Validate a batch of bulletins in one validation run: one expectation suite and one checkpoint per grain,
    each over the whole batch (never one per bulletin: a backfill validates thousands).

    `frames`: check frames by grain (expectations.rules.GRAINS), as `transforms.checks.batch_check_frames`
    returns them, each holding any number of bulletins. Returns every rule's outcome for every row it applies to
    (rows where the rule's column is null are not checked). Failed checks are data, never raised; raises
    RuntimeError naming the rule when GX could not evaluate an expectation at all. Thread-safe (runs are
    serialised: the checkpoints are shared by the process).
    """
    run_id = uuid.uuid4().hex
    result_frames: list[pl.DataFrame] = []
    gx_results: list[dict] = []
    with _SUITES_LOCK:
        checkpoints = _checkpoints()
        for grain, (checkpoint, rules, key) in checkpoints.items():
            frame = frames.get(grain)
            if frame is None or frame.height == 0:
                continue
            # GX reads only the rule columns and the key: no sentences or evidence through pandas.
            needed = list(dict.fromkeys([key, *(r.column for r in rules)]))
            pandas_frame = frame.select(needed).to_pandas(use_pyarrow_extension_array=False)
            run = checkpoint.run(batch_parameters={"dataframe": pandas_frame})
            for validation in run.run_results.values():
                gx_results.append(validation.to_json_dict())
                for outcome in validation.results:
                    rule = next(r for r in rules if r.name == outcome.expectation_config.meta["rule"])
                    failed = {row[key] for row in (outcome.result.get("unexpected_index_list") or [])}
                    if outcome.exception_info and outcome.exception_info.get("raised_exception"):
                        raise RuntimeError(f"expectation {rule.name} could not run: "
                                           f"{outcome.exception_info.get('exception_message')}")
                    result_frames.append(_rows(rule, frame, key, failed, run_id))
    results = pl.concat(result_frames, how="vertical") if result_frames else pl.DataFrame(schema=RESULT_SCHEMA)
    return ValidationOutcome(results, gx_results, run_id)


def _rows(rule: Rule, frame: pl.DataFrame, key: str, failed: set[str], run_id: str) -> pl.DataFrame:
    """RESULT_SCHEMA rows of one rule: one per row the rule applies to (its column not null; every row for
    not-null rules), passed unless GX listed the row's key as unexpected. Vectorised: a backfill batch has
    hundreds of thousands of figures; only the few failed rows get a message built in Python."""
    applies = frame if rule.expectation == "ExpectColumnValuesToNotBeNull" else \
        frame.filter(pl.col(rule.column).is_not_null())
    failed_rows = applies.filter(pl.col(key).is_in(list(failed))) if failed else applies.clear()
    messages = {record[key]: _message(rule, record, record.get(rule.reported) if rule.reported else None,
                                      record.get(rule.expected) if rule.expected else None)
                for record in failed_rows.iter_rows(named=True)}
    return applies.select(
        pl.col("bulletin"),
        pl.lit(rule.name, pl.String).alias("rule"),
        pl.lit(rule.severity, pl.String).alias("severity"),
        (~pl.col(key).is_in(list(failed))).alias("passed"),
        (pl.col("id") if rule.grain != "bulletin" else pl.lit(None, pl.String)).alias("figure_id"),
        _text_column(frame, rule.reported).alias("reported"),
        _text_column(frame, rule.expected).alias("expected"),
        pl.col(key).replace_strict(messages, default="", return_dtype=pl.String).alias("message"),
        pl.lit(run_id, pl.String).alias("validation_run"),
    ).cast(RESULT_SCHEMA)


def _text_column(frame: pl.DataFrame, name: str | None) -> pl.Expr:
    """A column as an auditor reads it (same as `_text`): Decimals without padding zeros (138.600000 -> 138.6)."""
    if name is None:
        return pl.lit(None, pl.String)
    column = pl.col(name).cast(pl.String)
    if isinstance(frame.schema[name], pl.Decimal):
        column = column.str.replace(r"0+$", "").str.replace(r"\.$", "")
    return column


def _text(value) -> str | None:
    """Values as an auditor reads them: Decimals without the frame's padding zeros (138.600000 -> 138.6)."""
    if value is None:
        return None
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


def _message(rule: Rule, record: dict, reported, expected) -> str:
    figure = figure_name(record.get("id"), record.get("item"), record.get("label"))
    where = {"figure": figure or "figure", "bulletin": "bulletin",
             "claim": f"summary claim {record.get('label')}"}[rule.grain]
    detail = f"reported {_text(reported)}" + (f", {rule.expected_label} {_text(expected)}" if expected is not None
                                              else "")
    context = "".join(f", {name} {_text(record.get(name))}" for name in rule.context if record.get(name) is not None)
    return f"{where}: {rule.description} ({detail}{context})"
