"""Figures: the one place a `Figure` is built and the one place its fields change.

Input: a `Quantity`, the `Site` it is read at (item, sentence or table row), its label and what the stage that
found it decided before building it (`Decided`: a table row's target, percent and kind). Output: `Figure`
records (`build_figure`).

Decisions taken after a figure is built, because they need figures read later (a percent after the figure, a
target stated elsewhere, a parent, a label completed by a finishing rule, a unit found in the prose, the figure's
number in the bulletin), go through the setters below: `set_pct`, `set_target`, `set_parent`, `set_label`,
`set_unit`, `renumber`; `finish` sets kinds and implied targets last. No other module assigns a field of a
`Figure` (tests/transforms/extract/test_figures.py reads the package's source to hold that).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from transforms.extract.quantities import Quantity, positive_value, unit_info
from transforms.numbers import to_base
from transforms.record import Figure, Item, Target


class Site(NamedTuple):
    """Where a figure is read: its item's number and category (None outside items), and the sentence (or table
    row) holding it with where that starts in the text."""

    item: str | None
    category: int | None
    sentence: str
    sentence_start: int


def site_of(item: Item | None, sentence: str, sentence_start: int) -> Site:
    """The `Site` of a sentence of `item` (None: text outside items)."""
    if item is None:
        return _new(Site, (None, None, sentence, sentence_start))
    return _new(Site, (item.no, item.category, sentence, sentence_start))


_new = tuple.__new__
"""`Site(*fields)` at half the cost (NamedTuple's own __new__ is a Python function; once per sentence)."""


class Pct(NamedTuple):
    """A figure's percent of plan as written ("138.6" -> 138.6) and the plan words it names (None: unnamed)."""

    value: Decimal
    text: str
    basis: str | None


def pct_of(match: re.Match, basis: str | None) -> Pct:
    """The `Pct` of a `quantities.PERCENT` match (its `num` group, spaces dropped)."""
    text = match.group("num").replace(" ", "")
    return Pct(Decimal(text), text, basis)


class Decided(NamedTuple):
    """What a stage decided about a figure before building it (a table row states all of it at once)."""

    kind: str = "other"
    pct: Pct | None = None
    target: Target | None = None
    target_source: str | None = None
    value_text: str | None = None
    """The number as it is to be shown, when not the quantity's `num_text` (a cell without its "," separators)."""
    unit_known: bool | None = None
    """When not the unit's own (a table cell whose header states no unit)."""


def build_figure(q: Quantity, site: Site, index: int, label: str, decided: Decided | None = None) -> Figure | None:
    """The figure of a quantity, numbered `index` (0: F001), or None when its number is not a positive value."""
    value = positive_value(q)
    if value is None:
        return None
    multiplier, base_unit, known = unit_info(q.unit)
    base_value = value * multiplier  # = to_base(value, q.unit)[0]
    # Positional arguments in `Figure` field order (keyword arguments cost a third more per figure).
    if decided is None:
        return Figure(
            f"F{index + 1:03d}", site.item, site.category, label, value, q.num_text, q.unit,  # id … unit
            base_value, base_unit, known, q.qualifier,
            None, None, None,  # pct_of_plan, pct_text, pct_basis
            None, None, None, None,  # target, target_unit, target_source, implied_target
            None, "other", q.start, q.end, site.sentence, site.sentence_start,  # part_of, kind, evidence
        )  # fmt: skip
    pct, target = decided.pct, decided.target
    return Figure(
        f"F{index + 1:03d}", site.item, site.category, label, value,
        q.num_text if decided.value_text is None else decided.value_text, q.unit, base_value, base_unit,
        known if decided.unit_known is None else decided.unit_known, q.qualifier,
        None if pct is None else pct.value, None if pct is None else pct.text, None if pct is None else pct.basis,
        None if target is None else target.value, None if target is None else target.unit,
        None if target is None else decided.target_source,
        None, None, decided.kind, q.start, q.end, site.sentence, site.sentence_start,
    )  # fmt: skip


def make_figure(q: Quantity, item: Item | None, index: int, sentence: str, sentence_start: int,
                label: str) -> Figure | None:  # fmt: skip
    """`build_figure` of a quantity of a sentence of `item` (the benchmark's floor builds its figures so)."""
    return build_figure(q, site_of(item, sentence, sentence_start), index, label)


def pct_agrees(fig: Figure, target_value: Decimal, target_unit: str) -> bool:
    """True when the figure's percent of plan is within one point of value / target (both in base units)."""
    t_base = to_base(target_value, target_unit)[0]
    if not t_base or fig.base_value is None or fig.pct_of_plan is None:
        return False
    return abs(fig.base_value * 100 / t_base - fig.pct_of_plan) <= 1


# --- decisions taken after a figure is built ----------------------------------------------------------------


def set_pct(fig: Figure, match: re.Match, basis: str | None) -> None:
    """The figure's percent of plan: a `quantities.PERCENT` match after it, of the plan `basis` names (as
    `pct_of`, without building the record: once per percent)."""
    text = match.group("num").replace(" ", "")
    fig.pct_of_plan, fig.pct_text, fig.pct_basis = Decimal(text), text, basis


def take_pct(fig: Figure, other: Figure) -> None:
    """The figure takes the percent of plan (value, text and basis) of `other`, a restatement of it."""
    fig.pct_of_plan, fig.pct_text, fig.pct_basis = other.pct_of_plan, other.pct_text, other.pct_basis


def set_target(fig: Figure, target: Target, source: str) -> None:
    """The figure's stated target and where it was stated ("text", "commitment", "table column", "heading")."""
    fig.target, fig.target_unit, fig.target_source = target.value, target.unit, source


def drop_plan(fig: Figure) -> None:
    """The figure has no stated target and no percent of plan (they were a larger whole's: a table cell merged over
    the figure's row and the next)."""
    fig.target = fig.target_unit = fig.target_source = None
    fig.pct_of_plan = fig.pct_text = fig.pct_basis = None


def set_parent(fig: Figure, parent_id: str | None) -> None:
    """The figure is a part of the figure `parent_id` (None: of no figure)."""
    fig.part_of = parent_id


def set_label(fig: Figure, label: str) -> None:
    """The words naming what the figure counts, as a finishing rule or a table's row and column complete them."""
    fig.label = label


def set_unit(fig: Figure, unit: str) -> None:
    """The unit of a bare table cell's figure found elsewhere (and of its target, read from the same row)."""
    fig.unit = unit
    fig.base_value, fig.base_unit, fig.unit_known = to_base(fig.value, unit)
    if fig.target is not None:
        fig.target_unit = unit


def renumber(figures: list[Figure], first: int) -> None:
    """The figures' ids once their place in the bulletin is known: F{first + 1}, F{first + 2}, … in list order."""
    for index, fig in enumerate(figures, first + 1):
        fig.id = f"F{index:03d}"


def finish(figures: list[Figure]) -> None:
    """Kinds and implied targets, once every percent and target is known."""
    for fig in figures:
        if fig.unit in ("%", "个百分点", "个百分比", "倍"):  # 倍: a growth as a multiple ("增长1.2倍")
            fig.kind = "rate" if fig.kind != "progress" else "progress"
        elif fig.pct_of_plan is not None or fig.target is not None:
            fig.kind = "progress"
        else:
            fig.kind = "other"
        if fig.pct_of_plan and fig.pct_of_plan > 0 and fig.unit not in ("%", "个百分点"):
            fig.implied_target = fig.value * 100 / fig.pct_of_plan
