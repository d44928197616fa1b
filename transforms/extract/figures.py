"""The `Figure` record of a quantity, its percent of plan and stated target, and its kind once all is known.

Input: `Quantity` records and the words the stages decided (label, item, sentence). Output: `Figure` records;
`finish` sets each figure's kind and implied target after percents, targets and parts are attached.
"""

from __future__ import annotations

import re
from decimal import Decimal

from transforms.extract.quantities import Quantity, positive_value, unit_info
from transforms.numbers import to_base
from transforms.record import Figure, Item, Target

def set_pct(fig: Figure, pct: re.Match, basis: str | None) -> None:
    text = pct.group("num").replace(" ", "")
    fig.pct_of_plan = Decimal(text)
    fig.pct_text = text
    fig.pct_basis = basis



def make_figure(q: Quantity, item: Item | None, index: int, sentence: str, sentence_start: int,
                 label: str) -> Figure | None:
    """The figure of a quantity (None when its number is not a positive value); `sentence` is the text of the
    sentence (or table row) starting at `sentence_start`."""
    value = positive_value(q)
    if value is None:
        return None
    multiplier, base_unit, known = unit_info(q.unit)
    base_value = value * multiplier  # = to_base(value, q.unit)[0]
    # Positional arguments in `Figure` field order (keyword arguments cost a third more per figure).
    return Figure(
        f"F{index + 1:03d}", item.no if item else None, item.category if item else None,  # id, item, category
        label, value, q.num_text, q.unit, base_value, base_unit, known, q.qualifier,
        None, None, None,  # pct_of_plan, pct_text, pct_basis
        None, None, None, None,  # target, target_unit, target_source, implied_target
        None, "other", q.start, q.end, sentence, sentence_start,  # part_of, kind, start, end, sentence, start
    )



def pct_agrees(fig: Figure, target_value: Decimal, target_unit: str) -> bool:
    t_base = to_base(target_value, target_unit)[0]
    if not t_base or fig.base_value is None or fig.pct_of_plan is None:
        return False
    return abs(fig.base_value * 100 / t_base - fig.pct_of_plan) <= 1


def set_target(fig: Figure, target: Target, source: str) -> None:
    fig.target, fig.target_unit, fig.target_source = target.value, target.unit, source



def finish(figures: list[Figure]) -> None:
    """Kinds and implied targets, once every percent and target is known."""
    for fig in figures:
        if fig.unit in ("%", "个百分点", "个百分比"):
            fig.kind = "rate" if fig.kind != "progress" else "progress"
        elif fig.pct_of_plan is not None or fig.target is not None:
            fig.kind = "progress"
        else:
            fig.kind = "other"
        if fig.pct_of_plan and fig.pct_of_plan > 0 and fig.unit not in ("%", "个百分点"):
            fig.implied_target = fig.value * 100 / fig.pct_of_plan
