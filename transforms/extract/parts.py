"""Parts and repeats: 其中 breakdowns (a figure after 其中 is part of an earlier one) and figures said twice.

Input: the text and the figures found so far. Output: `part_of` set on parts; repeated figures removed.
"""

from __future__ import annotations

import bisect
import operator

from transforms.record import Figure

_START = operator.attrgetter("start")

def link_parts(text: str, figures: list[Figure], s_start: int, s_end: int, in_text_order: bool = False) -> None:
    """其中 breakdowns: a figure after 其中 is part of the nearest earlier figure of the same base unit.

    The parent is searched in the same sentence first, then in the sentence just before (a breakdown often
    starts a new sentence: "…完成投资156.92亿元。其中,中央专项资金38.15亿元"). Percent figures are never parts.
    """
    at = text.find("其中", s_start, s_end)
    if at < 0:
        return
    if in_text_order:  # the same figures as the filter below, found by bisection
        window = figures[bisect.bisect_left(figures, s_start - 400, key=_START):
                         bisect.bisect_left(figures, s_end, key=_START)]
    else:
        window = [f for f in figures if s_start - 400 <= f.start < s_end]  # in list order, like `figures`
    while at >= 0:
        earlier = [f for f in window if f.start < at]
        for fig in window:
            if fig.start > at and fig.part_of is None and fig.unit != "%":
                parent = next((e for e in reversed(earlier) if e.base_unit == fig.base_unit and e.part_of is None
                               and text.count("\n", e.start, at) == 0), None)
                if parent is not None and parent is not fig:
                    fig.part_of = parent.id
        at = text.find("其中", at + 2, s_end)



def drop_repeats(figures: list[Figure]) -> None:
    """A figure repeated later in the same item with nothing new (no percent, no target), e.g. a lead paragraph
    or an inline subheading restating the body, is one figure: the later mentions are dropped."""
    seen: dict[tuple, Figure] = {}
    keep = []
    for fig in figures:
        key = (fig.item, fig.base_value, fig.base_unit)
        first = seen.get(key)
        if first is not None and fig.pct_of_plan is None and fig.target is None and first.sentence != fig.sentence \
                and first.pct_of_plan is None and first.target is None \
                and fig.unit != "%" and not fig.part_of:
            continue
        seen.setdefault(key, fig)
        keep.append(fig)
    ids = {f.id for f in keep}
    for fig in keep:
        if fig.part_of and fig.part_of not in ids:
            fig.part_of = None
    figures[:] = keep


