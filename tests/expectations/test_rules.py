"""The rule table: every DESIGN.md rule present, severities as designed, columns that exist."""

from __future__ import annotations

import pytest

from expectations.rules import ERROR, GRAINS, INFO, RULES, WARNING, Rule, rule_named
from transforms.checks import BULLETIN_CHECK_SCHEMA, CHECK_COLUMNS, CHECKED_FIGURE_COLUMNS, CLAIM_CHECK_SCHEMA

DESIGN_SEVERITIES = {
    # DESIGN.md "Validation rules", one line each
    "pct_matches_stated_target": ERROR, "pct_matches_other_basis": INFO,
    "pct_target_in_comparable_unit": INFO,
    "magnitude_matches_target": ERROR,
    "part_not_larger_than_whole": ERROR, "parts_sum_within_whole": ERROR,
    "parts_add_up_to_whole": ERROR, "parts_add_up_as_written": WARNING,
    "items_match_summary": ERROR, "categories_match_summary": ERROR, "achieved_list_matches_claim": ERROR,
    "achieved_item_complete": WARNING,
    "value_positive": ERROR, "unit_known": WARNING, "pct_plausible": ERROR, "label_present": ERROR,
    "unit_present": ERROR, "evidence_round_trips": ERROR,
    "cumulative_not_falling": WARNING, "stated_target_unchanged": WARNING,
    "summary_share_matches_count": ERROR, "status_groups_match_total": ERROR,
}
COLUMNS = {"figure": {**CHECKED_FIGURE_COLUMNS, **CHECK_COLUMNS}, "bulletin": BULLETIN_CHECK_SCHEMA,
           "claim": CLAIM_CHECK_SCHEMA}


def test_every_design_rule_has_its_severity():
    assert {r.name: r.severity for r in RULES} == DESIGN_SEVERITIES
    assert len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_rule_reads_columns_of_its_grain(rule):
    columns = COLUMNS[rule.grain]
    for name in (rule.column, rule.reported, rule.expected, *rule.context):
        assert name is None or name in columns, f"{rule.name}: {name} not in the {rule.grain} check frame"
    assert GRAINS[rule.grain] in columns
    assert len(rule.description) > 30


def test_bad_rules_are_refused_and_unknown_names_named():
    with pytest.raises(ValueError, match="severity 'fatal'"):
        Rule("x", "fatal", "d", "c")
    with pytest.raises(ValueError, match="grain 'page'"):
        Rule("x", ERROR, "d", "c", grain="page")
    with pytest.raises(KeyError, match="no_such_rule"):
        rule_named("no_such_rule")
    assert rule_named("value_positive").severity == ERROR
