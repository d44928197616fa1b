"""The figure record: the one definition of what extraction produces.

Extraction, validation, loading and the JSON output all use these classes and `FIGURE_SCHEMA`; no other
module spells the column list again. Field names follow ../shared/corpus/README.md (gold labels) so that
`extract --json` output can be scored against gold directly.
"""

from __future__ import annotations

import dataclasses
import operator
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl

from transforms.numbers import to_base

EXTRACTOR_VERSION = "0.8.0"
"""Bumped whenever extraction output can change; a new version re-extracts stored bulletins into new snapshots."""

DECIMAL = pl.Decimal(38, 6)
"""Values, percents and targets: Decimal with 6 fractional digits (no binary floats in values or checks)."""

VALUE_LIMIT = Decimal(10) ** 24
"""Largest magnitude (exclusive) of a figure's value, base value, percent, target or target in base units that is
stored. DECIMAL holds 32 integer digits; the checks multiply and divide these numbers (100·value/target, sums of
parts), so eight digits are kept free for their results. No real bulletin comes near: the largest amounts are a few
万亿元 (10^12 元). A number beyond this is a misreading or a hostile page, and the bulletin is refused naming the
figure (`unstorable`), never loaded in part."""

MAX_FIGURES = 2_000
"""Most figures one bulletin may hold; a bulletin with more is refused with a reason (`unstorable`). The largest
real bulletin we know (../shared/corpus, 000-seed) has 76; an annual province table a few hundred. A page of
thousands of numbers is not a progress bulletin, and its check frames, validation and load would cost the run
memory and minutes (issue 14)."""


@dataclass(frozen=True)
class Target:
    """An annual plan value stated in a category heading, e.g. "城镇新增就业30万人" -> (城镇新增就业, 30, 万人)."""

    label: str
    value: Decimal
    unit: str
    qualifier: str | None = None


@dataclass(frozen=True)
class Category:
    """A numbered heading (件) "一、促进城乡就业创业,城镇新增就业30万人,…" and the targets it states."""

    no: int
    title: str
    targets: tuple[Target, ...] = ()


@dataclass(frozen=True)
class Item:
    """A numbered entry (项) "1.就业方面,…": `no` as written, its category number and its name ("就业")."""

    no: str
    category: int | None
    name: str
    start: int
    end: int


@dataclass
class Figure:
    """One reported number of a bulletin (a metric observation).

    Units: `value` is the number as written in `unit` as written (41.58, "万人"); `base_value`/`base_unit`
    scale the 万/亿/千/百 prefix away (415800, "人"). `pct_of_plan` is a percent (138.6 means 138.6 %), never a
    ratio. `target` is only a *stated* target (heading, table column, project name) in `target_unit`;
    `implied_target` = value * 100 / pct_of_plan in `unit`, never presented as stated.
    Evidence: `text[start:end]` of the bulletin's normalised text is the number as written with its unit.
    """

    id: str
    item: str | None
    category: int | None
    label: str
    value: Decimal
    value_text: str
    unit: str
    base_value: Decimal | None
    base_unit: str | None
    unit_known: bool
    qualifier: str | None
    pct_of_plan: Decimal | None
    pct_text: str | None
    pct_basis: str | None
    target: Decimal | None
    target_unit: str | None
    target_source: str | None
    implied_target: Decimal | None
    part_of: str | None
    kind: str
    start: int
    end: int
    sentence: str
    sentence_start: int


@dataclass(frozen=True)
class Document:
    """Document-level facts of one bulletin. Dates are `datetime.date`; fields the text does not state are None."""

    region: str | None = None
    program: str | None = None
    program_year: int | None = None
    as_of: dt.date | None = None
    period_text: str | None = None
    published: dt.date | None = None
    categories_total: int | None = None
    items_total: int | None = None
    items_achieved_claimed: int | None = None
    achieved_item_names: tuple[str, ...] = ()


@dataclass
class Extraction:
    """Everything extracted from one bulletin's text (a pure function of `text`)."""

    text: str
    document: Document
    categories: list[Category] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    extractor_version: str = EXTRACTOR_VERSION


FIGURE_SCHEMA: dict[str, pl.DataType] = {
    "id": pl.String,
    "item": pl.String,
    "category": pl.Int32,
    "label": pl.String,
    "value": DECIMAL,
    "value_text": pl.String,
    "unit": pl.String,
    "base_value": DECIMAL,
    "base_unit": pl.String,
    "unit_known": pl.Boolean,
    "qualifier": pl.String,
    "pct_of_plan": DECIMAL,
    "pct_text": pl.String,
    "pct_basis": pl.String,
    "target": DECIMAL,
    "target_unit": pl.String,
    "target_source": pl.String,
    "implied_target": DECIMAL,
    "part_of": pl.String,
    "kind": pl.String,
    "start": pl.Int32,
    "end": pl.Int32,
    "sentence": pl.String,
    "sentence_start": pl.Int32,
}
"""Polars schema of the figures frame: one row per `Figure`, columns in `Figure` field order."""

assert list(FIGURE_SCHEMA) == [f.name for f in dataclasses.fields(Figure)], "FIGURE_SCHEMA drifted from Figure"


def unstorable(extraction: Extraction) -> str | None:
    """Why the extraction cannot be stored in the warehouse, or None when it can: more than MAX_FIGURES figures,
    or a figure whose value, base value, percent of plan, target (as written or in base units) or implied target
    has a magnitude of VALUE_LIMIT or more. The reason names the first such figure (id, label, the number as
    written) so that the user can find it in the bulletin."""
    if len(extraction.figures) > MAX_FIGURES:
        return (f"{len(extraction.figures)} figures, more than the limit of {MAX_FIGURES} per bulletin; "
                "refused (a page of thousands of numbers is not a progress bulletin)")
    for fig in extraction.figures:
        numbers = {"value": fig.value, "base value": fig.base_value, "percent of plan": fig.pct_of_plan,
                   "target": fig.target, "implied target": fig.implied_target,
                   "target in base units": to_base(fig.target, fig.target_unit)[0]
                   if fig.target is not None and fig.target_unit else None}
        for name, number in numbers.items():
            if number is not None and not (number.is_finite() and abs(number) < VALUE_LIMIT):
                label = " ".join(str(p) for p in (fig.item and f"item {fig.item}", fig.label) if p)
                return (f"figure {fig.id} ({label}: {fig.value_text}{fig.unit}) has a {name} of {number:.6g}, "
                        f"beyond the limit of 10^{VALUE_LIMIT.adjusted()} the warehouse stores; the bulletin is "
                        "refused")
    return None


def _json_number(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def to_json_record(extraction: Extraction, source: str) -> dict:
    """The bulletin as one JSON-ready dict in the gold shape: `source`, `document`, `metrics`.

    Numbers become JSON numbers (41.58, not "41.58"); dates become ISO strings; `part_of` names the parent's `id`.
    """
    doc = dataclasses.asdict(extraction.document)
    for key in ("as_of", "published"):
        doc[key] = doc[key].isoformat() if doc[key] else None
    doc["achieved_item_names"] = list(doc["achieved_item_names"])
    metrics = []
    for fig in extraction.figures:
        record = dataclasses.asdict(fig)
        for key, val in record.items():
            if isinstance(val, Decimal):
                record[key] = _json_number(val)
        metrics.append(record)
    return {
        "source": source,
        "extractor_version": extraction.extractor_version,
        "document": doc,
        "categories": [
            {"no": c.no, "title": c.title,
             "targets": [{"label": t.label, "value": _json_number(t.value), "unit": t.unit, "qualifier": t.qualifier}
                         for t in c.targets]}
            for c in extraction.categories
        ],
        "items": [{"no": i.no, "category": i.category, "name": i.name} for i in extraction.items],
        "metrics": metrics,
    }


def figures_frame(extraction: Extraction) -> pl.DataFrame:
    """Figures of one extraction as a Polars frame with `FIGURE_SCHEMA` (one row per figure, possibly zero rows)."""
    # attrgetter, not dataclasses.astuple: astuple deep-copies every field, a third of the load time.
    rows = [_FIGURE_ROW(f) for f in extraction.figures]
    return pl.DataFrame(rows, schema=FIGURE_SCHEMA, orient="row")


_FIGURE_ROW = operator.attrgetter(*FIGURE_SCHEMA)
