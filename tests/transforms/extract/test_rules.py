"""Every rule of the extraction's ordered rule tables, on its own example (written by us, never from the corpus).

One parametrised test reads each rule's example and compares the figures with the rule's expected reading; a
second removes the rule from its table and checks that the example then reads differently, so that each example
shows its own rule at work (an example any other rule would read the same way tests nothing).
"""

from __future__ import annotations

import pytest

from transforms.extract import extract, finishing, percents, roles
from transforms.extract.rules import Rule, reading

TABLES = {"QUANTITY_ROLES": roles, "PERCENT_ROLES": percents, "FINISHING_RULES": finishing}
CASES = [(table, rule) for table, module in TABLES.items() for rule in getattr(module, table)]


def _id(case: tuple[str, Rule]) -> str:
    return f"{case[0]}:{case[1].name}"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_rule_reads_its_example(case):
    _, rule = case
    assert reading(extract(rule.example)) == rule.reading


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_example_reads_otherwise_without_its_rule(case, monkeypatch):
    table, rule = case
    module = TABLES[table]
    monkeypatch.setattr(module, table, tuple(r for r in getattr(module, table) if r is not rule))
    assert reading(extract(rule.example)) != rule.reading


def test_rule_names_are_unique_and_every_rule_is_documented():
    for table, module in TABLES.items():
        rules = getattr(module, table)
        assert len({r.name for r in rules}) == len(rules), table
        assert all(r.phenomenon and r.example for r in rules), table


def test_a_percent_no_rule_before_the_last_reads_is_a_figure_of_its_own():
    # The last percent rule always reads the percent: a percent is never silently lost.
    assert percents.PERCENT_ROLES[-1].name == "own figure"
    assert reading(extract("绿化覆盖率提高到41.2%。")) == ("绿化覆盖率=41.2%",)
