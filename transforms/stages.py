"""A bulletin's way through a run as frozen records, one per stage: fetched -> extracted -> validated -> loaded.

Each step returns the record of its stage instead of filling a report in place, so a step can run in another
process or on a Dask worker and hand its record back; the run summary (flows.summary) and the auditor report
(expectations.report) are rendered from the last records. A bulletin that stops at a stage carries the error of
that stage (transforms.errors) and goes no further; the others go on.

- fetched: `flows.ingest.fetch.FetchedBulletin` (bytes as read) or `flows.parallel.ArchivedBulletin` (bytes as
  the archive holds them), both of the `Fetched` shape below;
- `Extracted`: the extraction of one fetched bulletin, or why there is none;
- `Validated`: its check rows and status from one validation run (warehouse.batch, expectations.batch);
- `Loaded`: the end of its run: the snapshot it has (new or already stored) with its checks, or why it has none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

import polars as pl

from transforms.errors import ExtractError, PipelineError
from transforms.record import Extraction


class Fetched(Protocol):
    """What later stages need of a fetched bulletin: its identity (`snapshots.source`), the SHA-256 its bytes are
    archived under, how they were decoded, and their size in bytes (None when not known)."""

    @property
    def source(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def content_type(self) -> str | None: ...
    @property
    def encoding(self) -> str | None: ...
    @property
    def encoding_source(self) -> str | None: ...
    @property
    def size(self) -> int | None: ...


@dataclass(frozen=True, eq=False)
class Extracted:
    """One bulletin after extraction. `bulletin`: the name the run reports it under (the link or file as given);
    `fetched`: its bytes' record; `extraction`, or `failure` (an ExtractError or the error of an earlier stage)."""

    bulletin: str
    fetched: Fetched
    extraction: Extraction | None = None
    failure: PipelineError | None = None

    @classmethod
    def of(cls, bulletin: str, fetched: Fetched, result: Extraction | str | BaseException) -> Extracted:
        """The record of an extraction step's result: an extraction, the reason a bulletin is not loaded (a text
        over a limit, no figures: `flows.parallel.read_bulletin`), or the exception the step raised ("<type>:
        <message>")."""
        if isinstance(result, Extraction):
            return cls(bulletin, fetched, extraction=result)
        if isinstance(result, PipelineError):
            return cls(bulletin, fetched, failure=result)
        reason = result if isinstance(result, str) else f"{type(result).__name__}: {result}"
        return cls(bulletin, fetched, failure=ExtractError(bulletin, reason))

    @property
    def figures(self) -> int:
        return len(self.extraction.figures) if self.extraction is not None else 0


def extracted_from(results: Sequence[tuple[Fetched, Extraction | str | PipelineError]]) -> list[Extracted]:
    """Extraction results read back from the archive (`flows.parallel.extract_archived`: per bulletin, an
    extraction or the error it stopped with) as records named by each bulletin's source."""
    return [Extracted.of(item.source, item, x) for item, x in results]


@dataclass(frozen=True, eq=False)
class Validated:
    """One extracted bulletin after a validation run: its check rows (expectations.runner.RESULT_SCHEMA, this
    bulletin only), the status they give it (passed | warned | failed), the run's id and its archived GX
    validation result JSON (one per batch)."""

    extracted: Extracted
    results: pl.DataFrame
    status: str
    validation_run: str
    gx_result_path: str


@dataclass(frozen=True, eq=False)
class Loaded:
    """The end of one bulletin's run, what summaries and reports show: where it came from, the snapshot it has
    (`created`: made by this run; else already stored, with its stored status and no check rows of this run), its
    check rows, or `error`: why it was not loaded (the reason of its PipelineError).

    A backfill keeps only the failed rows, to bound memory over thousands of bulletins (`slim`): every passed row is
    counted per rule in `passed_not_kept`, and `extraction` is kept only where a check failed."""

    source: str
    sha256: str | None = None
    status: str | None = None
    snapshot_id: int | None = None
    created: bool = False
    extraction: Extraction | None = None
    results: pl.DataFrame | None = None
    error: str | None = None
    figures: int = 0
    passed_not_kept: Mapping[str, int] = field(default_factory=dict)
    """Passed checks whose rows were dropped: rule name -> count (a backfill keeps only the failed rows)."""
    as_of: dt.date | None = None
    """The bulletin's as-of date; when None the report reads it from `extraction`."""
    gx_result_path: str | None = None
    """The archived GX validation result JSON of the validation run (one per batch) that checked this bulletin;
    None when it was not validated."""

    @classmethod
    def not_loaded(cls, bulletin: str, failure: PipelineError | str, sha256: str | None = None) -> Loaded:
        """A bulletin that stopped before loading, with the reason of its error."""
        return cls(source=bulletin, sha256=sha256, error=failure if isinstance(failure, str) else failure.reason)

    @classmethod
    def stopped(cls, extracted: Extracted) -> Loaded:
        """An extracted record whose bulletin will not be loaded (its `failure`)."""
        assert extracted.failure is not None
        return cls.not_loaded(extracted.bulletin, extracted.failure, extracted.fetched.sha256)


def slim(record: Loaded) -> Loaded:
    """Bound memory over thousands of bulletins (Prefect keeps every task's return value for the whole run).

    Keeps the failed check rows (the report lists each with its sentence) and the extraction only where a check
    failed; every passed row is counted per rule in `passed_not_kept`, so the report's counts still equal the
    warehouse's validation_results, and the report says where the passed rows are. Keeps the as-of date.
    Listing passed percent checks too cost ~300 MB more at 10,000 bulletins (benchmarks/README.md) for a report
    of ~27 MB of HTML; a query on the warehouse serves that better."""
    as_of = record.extraction.document.as_of if record.extraction is not None else record.as_of
    if record.results is None or record.results.height == 0:
        return replace(record, extraction=None, as_of=as_of)
    passed = dict(record.results.filter(pl.col("passed")).group_by("rule").len().iter_rows())
    failed = record.results.filter(~pl.col("passed"))
    return replace(
        record,
        results=failed,
        passed_not_kept=passed,
        as_of=as_of,
        extraction=record.extraction if failed.height else None,
    )


def slim_all(records: Sequence[Loaded]) -> list[Loaded]:
    """`slim` of a batch of records at once, in order, each as `slim` gives it: one count of the passed rows per
    bulletin and rule and one split of the failed rows for the batch, instead of three frame operations per
    bulletin (a reprocess batch holds 2,000; benchmarks/README.md)."""
    checked = [(i, r.results) for i, r in enumerate(records) if r.results is not None and r.results.height]
    counts: dict[int, dict[str, int]] = {}
    failed: dict[int, pl.DataFrame] = {}
    if checked:
        rows = pl.concat([frame for _, frame in checked], how="vertical").with_columns(
            pl.Series("_record", [i for i, _ in checked], pl.Int32)
            .repeat_by(pl.Series([frame.height for _, frame in checked]))
            .explode()
        )
        for i, rule, n in (
            rows.filter(pl.col("passed")).group_by("_record", "rule", maintain_order=True).len().iter_rows()
        ):
            counts.setdefault(i, {})[rule] = n
        failed = {
            key[0]: frame
            for key, frame in rows.filter(~pl.col("passed"))
            .partition_by("_record", as_dict=True, include_key=False, maintain_order=True)
            .items()
        }
    out = []
    for i, record in enumerate(records):
        as_of = record.extraction.document.as_of if record.extraction is not None else record.as_of
        if record.results is None or record.results.height == 0:
            out.append(replace(record, extraction=None, as_of=as_of))
            continue
        kept = failed.get(i, record.results.clear())
        out.append(
            replace(
                record,
                results=kept,
                passed_not_kept=counts.get(i, {}),
                as_of=as_of,
                extraction=record.extraction if kept.height else None,
            )
        )
    return out
