"""Rules as data: a named rule with its phenomenon, an example sentence written by us and the reading it expects.

Stages that decide by ordered rules (quantity roles in `roles.QUANTITY_ROLES`, percent roles in
`percents.PERCENT_ROLES`) keep them as tuples of `Rule`, tried in order, the first that decides wins.
`tests/transforms/extract/test_rules.py` extracts every rule's example and compares `reading(extraction)` with
the rule's `reading`, and checks that without the rule the example reads differently (so each example shows its
rule at work).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from transforms.record import Extraction


@dataclass(frozen=True)
class Rule:
    """One named rule of an ordered table.

    `decide` takes the stage's context and returns its decision, or None when the rule does not apply.
    `example` is a bulletin text (one or a few sentences) and `reading` the figures expected from it, as
    `reading()` renders them."""

    name: str
    phenomenon: str
    example: str
    reading: tuple[str, ...]
    decide: Callable[..., Any]
    only_units: frozenset[str] | None = None
    """The base units of the quantities the rule can decide at all (None: any unit). A speed hint only: the
    stage skips the rule for other units, which it would decline anyway (`roles.role_of`)."""
    needs: tuple[str, ...] = ()
    """Words of which the bulletin's text must hold at least one for the rule to decide anything (empty: any text).
    A speed hint only: a stage skips the rule for a text that holds none of them (`unmet`), which it would decline
    anyway. Safe by construction: each list is read off the rule's own tests, every way to a decision passes a
    pattern or a test whose every match holds one of the words (say so beside the rule); and
    `tests/transforms/extract/test_rules.py` checks on the examples, the samples and the corpus that no rule
    decides in a text without one of its words."""


def unmet(table: tuple[Rule, ...], text: str) -> tuple[int, ...]:
    """The positions in `table` of the rules whose `needs` `text` does not meet: none of their words occurs in it,
    so they cannot decide anything in it.

    One scan of the text for all the table's words (a substring test per word costs ~4 µs on a bulletin, as much as
    the rules it spares). The scan finds matches that do not overlap, so a word may be hidden by another's match
    that covers its first character; a rule counts as met when any match found may hide one of its words
    (`_may_hide`), which keeps every rule whose words occur (and, rarely, one whose words do not)."""
    _, pattern, hiders = _needs_scan(table)
    if pattern is None:
        return ()
    found = set(pattern.findall(text))
    return tuple(k for k, rule in enumerate(table) if rule.needs and hiders[k].isdisjoint(found))


_NEEDS_SCANS: dict[int, tuple[tuple[Rule, ...], re.Pattern[str] | None, tuple[frozenset[str], ...]]] = {}
"""Per table (by identity, the table held): the pattern of all its words and, per rule, the words whose match may
hide one of the rule's words."""


def _needs_scan(table: tuple[Rule, ...]) -> tuple[tuple[Rule, ...], re.Pattern[str] | None, tuple[frozenset[str], ...]]:
    entry = _NEEDS_SCANS.get(id(table))
    if entry is None or entry[0] is not table:
        if len(_NEEDS_SCANS) > 64:  # tables built by tests (a rule removed): start again rather than grow
            _NEEDS_SCANS.clear()
        words = sorted({word for rule in table for word in rule.needs}, key=lambda word: (-len(word), word))
        pattern = re.compile("|".join(map(re.escape, words))) if words else None
        hiders = tuple(frozenset(v for w in rule.needs for v in words if _may_hide(v, w)) for rule in table)
        entry = (table, pattern, hiders)
        _NEEDS_SCANS[id(table)] = entry
    return entry


def _may_hide(v: str, w: str) -> bool:
    """True when a match of `v` may cover the first character of an occurrence of `w`: `v` at a, `w` at p with
    a <= p < a + len(v), agreeing where they overlap. At the same start (a = p) the scan tries the words longest
    first, so only `w` itself or a word that opens with `w` is found there; from an earlier start, any `v` whose
    end agrees with the start of `w` ("前期工作" hides "工作")."""
    return v.startswith(w) or any(v[i : i + len(w)] == w[: len(v) - i] for i in range(1, len(v)))


def reading(extraction: Extraction) -> tuple[str, ...]:
    """The figures of an extraction, one short line each: `label=value unit`, then `pct%(basis)` when a percent
    of plan is set, `target=value unit(source)` when a stated target is, and `part_of=F…` for a part.

    Example: ("城镇新增就业=4.2万人 105%(年计划)",)."""
    lines = []
    for fig in extraction.figures:
        line = f"{fig.label}={fig.value_text}{fig.unit}"
        if fig.pct_text is not None:
            line += f" {fig.pct_text}%" + (f"({fig.pct_basis})" if fig.pct_basis else "")
        if fig.target is not None:
            line += f" target={fig.target}{fig.target_unit}({fig.target_source})"
        if fig.part_of:
            line += f" part_of={fig.part_of}"
        lines.append(line)
    return tuple(lines)
