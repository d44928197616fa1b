"""Derived columns that the Great Expectations suites check (DESIGN.md "Validation rules").

GX validates pandas batches here (it cannot read DuckDB tables on these machines), so every rule that needs
Decimal arithmetic or the bulletin's text is computed in this module as a column; GX then asserts the column.
Boolean check columns are True (passed), False (failed) or null (the rule does not apply to that row).
"""

from __future__ import annotations

import re
from decimal import Decimal

import polars as pl

from transforms.numbers import decimals_of, round_half_up, to_base, units_compatible
from transforms.record import DECIMAL, Extraction, figures_frame

ANNUAL_PLAN_BASES = frozenset({"年计划", "全年计划", "年度计划", "年度目标任务", "年度目标", "全年目标", "全年任务",
                               "年度任务", "目标任务", "计划", "任务"})
"""pct_basis words that mean "this year's plan": only these percents are checked against a stated annual target
as errors. 时序进度 (elapsed time), 总计划 (multi-year plan) and forecasts are checked as info."""

PCT_PLAUSIBLE_MAX = Decimal(1000)
"""Upper bound of a plausible percent of plan. The real corpus peaks near 300 % (000-seed: 291.3 %); an order of
magnitude above that is a misread number (a glued "75%124个"), not progress."""

CHECK_COLUMNS: dict[str, pl.DataType] = {
    "bulletin": pl.String,
    "row_key": pl.String,
    "pct_expected": DECIMAL,
    "pct_check_stated": pl.Boolean,
    "pct_check_other": pl.Boolean,
    "parent_value": DECIMAL,
    "part_within_whole": pl.Boolean,
    "evidence_round_trips": pl.Boolean,
    "achieved_item_complete": pl.Boolean,
    "value_float": pl.Float64,
    "pct_float": pl.Float64,
}
"""Columns added to FIGURE_SCHEMA in the check frame."""


def expected_pct(value: Decimal, unit: str, target: Decimal, target_unit: str, pct_text: str) -> Decimal | None:
    """100 * value / target in a common base unit, rounded half-up to the decimals of the reported percent.

    Units: value in `unit`, target in `target_unit` (e.g. 20474 人 against 2 万人 -> 102.4 when reported as
    "102.4"). Returns None when the units are not comparable or the target is not positive.
    """
    if not units_compatible(unit, target_unit):
        return None
    base_value = to_base(value, unit)[0]
    base_target = to_base(target, target_unit)[0]
    if base_target <= 0:
        return None
    return round_half_up(base_value * 100 / base_target, decimals_of(pct_text))


def _achieved_item_numbers(extraction: Extraction) -> set[str]:
    names = {re.sub(r"方面$", "", n) for n in extraction.document.achieved_item_names}
    return {item.no for item in extraction.items if item.name in names or f"{item.name}方面" in names}


def figure_check_frame(extraction: Extraction, bulletin: str) -> pl.DataFrame:
    """Figures of one bulletin with the derived check columns.

    Shape: FIGURE_SCHEMA columns + CHECK_COLUMNS, one row per figure. `row_key` = "<bulletin>:<figure id>" is
    unique across a batch of bulletins and names failing rows in GX results. `pct_expected` is a percent.
    """
    frame = figures_frame(extraction)
    achieved = _achieved_item_numbers(extraction)
    by_id = {f.id: f for f in extraction.figures}
    extra: dict[str, list] = {name: [] for name in CHECK_COLUMNS}
    for fig in extraction.figures:
        expected = stated = other = None
        if fig.pct_of_plan is not None and fig.pct_text and fig.target is not None and fig.target_unit:
            expected = expected_pct(fig.value, fig.unit, fig.target, fig.target_unit, fig.pct_text)
            if expected is not None and fig.pct_basis in ANNUAL_PLAN_BASES:
                stated = expected == fig.pct_of_plan
            elif expected is not None:
                other = expected == fig.pct_of_plan
        parent = by_id.get(fig.part_of) if fig.part_of else None
        within = None
        if parent is not None and parent.base_unit == fig.base_unit and None not in (parent.base_value, fig.base_value):
            within = fig.base_value <= parent.base_value
        complete = None
        # A 其中 part below plan (e.g. "其中1722套已开工,占年计划的86.1%") does not contradict the item's claim.
        if fig.item in achieved and fig.kind == "progress" and fig.pct_of_plan is not None and not fig.part_of:
            complete = fig.pct_of_plan >= 100
        extra["bulletin"].append(bulletin)
        extra["row_key"].append(f"{bulletin}:{fig.id}")
        extra["pct_expected"].append(expected)
        extra["pct_check_stated"].append(stated)
        extra["pct_check_other"].append(other)
        extra["parent_value"].append(parent.value if parent is not None else None)
        extra["part_within_whole"].append(within)
        extra["evidence_round_trips"].append(fig.value_text in extraction.text[fig.start:fig.end])
        extra["achieved_item_complete"].append(complete)
        extra["value_float"].append(float(fig.value))
        extra["pct_float"].append(float(fig.pct_of_plan) if fig.pct_of_plan is not None else None)
    return frame.hstack(pl.DataFrame(extra, schema=CHECK_COLUMNS))


BULLETIN_CHECK_SCHEMA: dict[str, pl.DataType] = {
    "bulletin": pl.String,
    "as_of": pl.Date,
    "figures": pl.Int32,
    "items_counted": pl.Int32,
    "items_claimed": pl.Int32,
    "items_count_matches": pl.Boolean,
    "categories_counted": pl.Int32,
    "categories_claimed": pl.Int32,
    "categories_count_matches": pl.Boolean,
    "achieved_listed": pl.Int32,
    "achieved_claimed": pl.Int32,
    "achieved_count_matches": pl.Boolean,
}
"""One row per bulletin: summary claims ("12件36项", "18项已实现年度目标") against what the text contains."""


def bulletin_check_frame(extraction: Extraction, bulletin: str) -> pl.DataFrame:
    """The bulletin-grain check row (BULLETIN_CHECK_SCHEMA). A count check is null where the text claims nothing."""
    doc = extraction.document

    def matches(counted: int, claimed: int | None) -> bool | None:
        return None if claimed is None else counted == claimed

    items, cats, listed = len(extraction.items), len(extraction.categories), len(doc.achieved_item_names)
    row = {
        "bulletin": bulletin, "as_of": doc.as_of, "figures": len(extraction.figures),
        "items_counted": items, "items_claimed": doc.items_total,
        "items_count_matches": matches(items, doc.items_total),
        "categories_counted": cats, "categories_claimed": doc.categories_total,
        "categories_count_matches": matches(cats, doc.categories_total),
        "achieved_listed": listed, "achieved_claimed": doc.items_achieved_claimed,
        "achieved_count_matches": matches(listed, doc.items_achieved_claimed) if listed else None,
    }
    return pl.DataFrame([row], schema=BULLETIN_CHECK_SCHEMA)
