"""Every rule of the extraction's ordered rule tables, on its own example (written by us, never from the corpus).

One parametrised test reads each rule's example and compares the figures with the rule's expected reading; a
second removes the rule from its table and checks that the example then reads differently, so that each example
shows its own rule at work (an example any other rule would read the same way tests nothing).
"""

from __future__ import annotations

import dataclasses
import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.extract import extract, finishing, percents, roles
from transforms.extract.rules import Rule, reading, unmet

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


ROOT = pathlib.Path(__file__).resolve().parents[3]
NEEDS_TEXTS = [
    *(rule.example for module_table in CASES for rule in module_table[1:]),
    *(p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").iterdir()) if p.suffix in (".html", ".txt")),
    *(p.read_text(encoding="utf-8") for p in sorted((ROOT.parent / "shared" / "corpus").glob("*/bulletin.*"))),
]
"""Every rule's example, the samples and the shared corpus (when it sits beside the repository)."""


@pytest.mark.parametrize("table", ["QUANTITY_ROLES", "PERCENT_ROLES"])
def test_a_rule_never_decides_in_a_text_without_the_words_it_needs(table, monkeypatch):
    # `Rule.needs` is a speed hint: the stage skips a rule in a text without its words. Run every rule on every
    # text (needs emptied) and check that none decides where its words are missing, so that skipping it changes
    # nothing.
    module = TABLES[table]
    missed: list[tuple[str, str]] = []

    def watched(rule: Rule):
        def decide(*args):
            decision = rule.decide(*args)
            text = args[0].text  # roles: the QuantityAt; percents: the SentenceWalk
            if decision not in (None, False) and not any(word in text for word in rule.needs):
                missed.append((rule.name, text[:40]))
            return decision

        return dataclasses.replace(rule, decide=decide, needs=())

    rules = getattr(module, table)
    assert any(rule.needs for rule in rules)
    monkeypatch.setattr(module, table, tuple(watched(r) if r.needs else r for r in rules))
    for text in NEEDS_TEXTS:
        extract(text)
    assert not missed


NEEDED_WORDS = sorted(
    {w for module in (roles, percents) for table in TABLES for r in getattr(module, table, ()) for w in r.needs}
)
NEEDED_PIECES = NEEDED_WORDS + sorted({c for w in NEEDED_WORDS for c in w}) + ["年", "。"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(NEEDED_PIECES), max_size=12).map("".join))
def test_a_rule_left_out_holds_none_of_its_words_in_the_text(text):
    # `unmet` scans for all words at once (matches that do not overlap): words that overlap or hold each other
    # must not hide a word that occurs.
    for table in (roles.QUANTITY_ROLES, percents.PERCENT_ROLES):
        for k in unmet(table, text):
            assert not any(word in text for word in table[k].needs), (table[k].name, text)


SMALL_WORDS = st.text("abc", min_size=1, max_size=3)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(SMALL_WORDS, max_size=3), min_size=1, max_size=4), st.text("abc", max_size=12))
def test_unmet_is_exact_on_rules_whose_words_overlap(needs, text):
    # Words that overlap, hold each other or open with each other ("ab", "b", "abc"), in rules of their own: a
    # rule is left out only when none of its words occurs.
    table = tuple(Rule(f"r{k}", "", "", (), lambda at: None, needs=tuple(words)) for k, words in enumerate(needs))
    left_out = set(unmet(table, text))
    for k, rule in enumerate(table):
        if k in left_out:
            assert rule.needs and not any(word in text for word in rule.needs)
