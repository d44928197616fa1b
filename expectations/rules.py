"""The validation rules of DESIGN.md, one `Rule` each, as plain data (no GX import here).

`expectations.runner` turns each rule into a GX expectation on the check frames of `transforms.checks`.
Severity decides what happens to a snapshot: an error marks it failed (stored, kept out of current views),
a warning marks it warned, info is shown and never blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR, WARNING, INFO = "error", "warning", "info"


@dataclass(frozen=True)
class Rule:
    """One validation rule.

    `expectation` is the GX Core 1.x expectation class name, `kwargs` its arguments (besides `column`);
    `grain` is "figure" (rows of the figure check frame) or "bulletin" (one row per bulletin).
    `reported`/`expected` name the columns shown to auditors next to a failure.
    """

    name: str
    severity: str
    description: str
    column: str
    expectation: str = "ExpectColumnValuesToBeInSet"
    kwargs: dict = field(default_factory=lambda: {"value_set": [True]})
    grain: str = "figure"
    reported: str | None = None
    expected: str | None = None


RULES: tuple[Rule, ...] = (
    Rule("pct_matches_stated_target", ERROR,
         "Reported percent of plan equals 100 × value / stated annual target, rounded half-up to the reported "
         "decimals.", "pct_check_stated", reported="pct_text", expected="pct_expected"),
    Rule("pct_matches_other_basis", INFO,
         "Same check where the percent is against another basis (time schedule, multi-year plan, forecast); "
         "shown, never blocks.", "pct_check_other", reported="pct_text", expected="pct_expected"),
    Rule("part_not_larger_than_whole", ERROR,
         "A 其中 part is not larger than its whole (same base unit).", "part_within_whole",
         reported="value_text", expected="parent_value"),
    Rule("achieved_item_complete", WARNING,
         "An item the bulletin names as having achieved its annual target reports no progress figure below 100 % "
         "of plan.", "achieved_item_complete", reported="pct_text"),
    Rule("value_positive", ERROR, "Every figure's value is greater than zero.", "value_float",
         "ExpectColumnValuesToBeBetween", {"min_value": 0, "strict_min": True}, reported="value_text"),
    Rule("unit_known", ERROR, "Every figure's unit is in the unit vocabulary (transforms.numbers.BASE_UNITS).",
         "unit_known", reported="unit"),
    Rule("pct_plausible", ERROR, "A percent of plan lies in (0, 1000].", "pct_float",
         "ExpectColumnValuesToBeBetween", {"min_value": 0, "max_value": 1000, "strict_min": True},
         reported="pct_text"),
    Rule("evidence_round_trips", ERROR,
         "The evidence span text[start:end] contains the number as written.", "evidence_round_trips",
         reported="value_text"),
    Rule("label_present", ERROR, "Every figure has a label.", "label", "ExpectColumnValuesToNotBeNull", {}),
    Rule("items_match_summary", ERROR, "Items counted equal the summary's claim (\"36项\").",
         "items_count_matches", grain="bulletin", reported="items_claimed", expected="items_counted"),
    Rule("categories_match_summary", ERROR, "Categories counted equal the summary's claim (\"12件\").",
         "categories_count_matches", grain="bulletin", reported="categories_claimed", expected="categories_counted"),
    Rule("achieved_list_matches_claim", ERROR,
         "The list of achieved items is as long as the claim (\"18项已实现年度目标\").", "achieved_count_matches",
         grain="bulletin", reported="achieved_claimed", expected="achieved_listed"),
)
