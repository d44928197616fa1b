"""The validation rules of DESIGN.md, one `Rule` each, as plain data (no GX import here).

`expectations.runner` turns each rule into a GX expectation on the check frames of `transforms.checks`.
Severity decides what happens to a snapshot: an error marks it failed (stored, kept out of current views),
a warning marks it warned, info is shown and never blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from transforms.checks import PCT_PLAUSIBLE_MAX

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)
"""Most severe first. error: snapshot stored but failed (out of current views); warning: loads, marked warned;
info: shown in the report, never changes the status."""


GRAINS = {"figure": "row_key", "bulletin": "bulletin", "claim": "row_key"}
"""Check frames (transforms.checks) and the column that names a row in GX's unexpected_index_list: figures
(one row per figure), bulletins (one row per bulletin), claims (one row per summary share claim)."""


@dataclass(frozen=True)
class Rule:
    """One validation rule.

    `expectation` is the GX Core 1.x expectation class name, `kwargs` its arguments (besides `column`);
    `grain` is a key of GRAINS: which check frame of `transforms.checks.batch_check_frames` the rule reads.
    `reported`/`expected` name the columns shown to auditors next to a failure (expected = what we computed);
    `context` names further columns quoted in the failure message (e.g. the previous snapshot's source).
    Raises ValueError on an unknown severity or grain.
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
    context: tuple[str, ...] = ()
    expected_label: str = "computed"
    """What the `expected` value is, as the report and messages name it ("whole", "previous bulletin")."""

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.name}: severity {self.severity!r} is not one of {SEVERITIES}")
        if self.grain not in GRAINS:
            raise ValueError(f"rule {self.name}: grain {self.grain!r} is not one of {tuple(GRAINS)}")


def figure_name(figure_id: str | None, item: str | None, label: str | None) -> str:
    """How messages and the report name a figure: "F001 item 1 城镇新增就业" (parts that are missing left out)."""
    return " ".join(part for part in (figure_id, f"item {item}" if item else None, label) if part)


RULES: tuple[Rule, ...] = (
    # --- arithmetic of one bulletin -------------------------------------------------------------------------
    Rule("pct_matches_stated_target", ERROR,
         "Reported percent of plan equals 100 × value / stated target, rounded half-up to the reported "
         "decimals.", "pct_check_stated", reported="pct_text", expected="pct_expected",
         context=("value_text", "unit", "target", "target_unit", "target_source")),
    Rule("pct_matches_other_basis", INFO,
         "Same check where the target is stated but the percent is against another basis (time schedule, "
         "stage, multi-year plan or project total); shown, never blocks. Percents with no stated target "
         "(implied target = value / percent) cannot be checked and are not counted.", "pct_check_other",
         reported="pct_text", expected="pct_expected",
         context=("pct_basis", "value_text", "unit", "target", "target_unit", "target_source")),
    Rule("pct_target_in_comparable_unit", INFO,
         "A figure with a percent of plan and a stated target has the target in a unit the value can be compared "
         "with; otherwise the percent cannot be recomputed (shown, never blocks).", "pct_target_comparable",
         reported="unit", expected="target_unit",
         context=("value_text", "target", "target_source", "pct_text")),
    Rule("magnitude_matches_target", ERROR,
         "A figure with a stated target and a percent of plan has not lost a magnitude prefix: 100 × value / "
         "target does not miss the reported percent by exactly 10^4, 10^8, 10^3 or 10^2 (万, 亿, 千, 百 dropped from "
         "the value or the target, as in 完成投资45.6元,占年度计划50亿元的91.2%). Reported with the prefix likely "
         "missing, never repaired; such a figure is not also failed by the percent rules.",
         "magnitude_matches_target", reported="pct_text", expected="pct_expected",
         context=("value_text", "unit", "target", "target_unit", "magnitude_hint")),
    Rule("part_not_larger_than_whole", ERROR,
         "A 其中 part is not larger than its whole (same base unit; rates are not additive and are skipped).",
         "part_within_whole", reported="value_text", expected="parent_value", context=("unit", "part_of"),
         expected_label="whole"),
    Rule("parts_sum_within_whole", ERROR,
         "The 其中 parts of a whole (two or more of one breakdown, same base unit) add up to no more than the whole, "
         "allowing for the rounding of the whole and the parts as written. A list the text says is complete is "
         "checked for equality instead (parts_add_up_to_whole).",
         "parts_sum_within_whole", reported="base_value", expected="parts_sum", context=("base_unit", "parts_count"),
         expected_label="sum of parts"),
    Rule("parts_add_up_to_whole", ERROR,
         "The parts of a breakdown the text gives completely (新建 + 续建, 城镇 + 农村, 中央 + 省 + 市县, a whole "
         "分为 its parts, or parts whose counts add up to the whole's count) add up to the whole, within the "
         "rounding of the whole and of every part as written (base units).",
         "parts_add_up_to_whole", reported="base_value", expected="complete_parts_sum",
         context=("complete_parts_note", "complete_parts_rounding", "base_unit"),
         expected_label="sum of parts"),
    Rule("parts_add_up_as_written", WARNING,
         "The same complete breakdown adds up to the whole at the whole's written precision (367.1亿元: parts "
         "summing to 367.0 do not); a gap that only the rounding of the parts can explain is a warning.",
         "parts_add_up_as_written", reported="base_value", expected="complete_parts_sum",
         context=("complete_parts_note", "base_unit"), expected_label="sum of parts"),
    # --- summary claims ---------------------------------------------------------------------------------------
    Rule("items_match_summary", ERROR, "Numbered items counted equal the summary's claim of items (…项).",
         "items_count_matches", grain="bulletin", reported="items_claimed", expected="items_counted",
         expected_label="counted"),
    Rule("categories_match_summary", ERROR, "Categories counted equal the summary's claim of categories (…件).",
         "categories_count_matches", grain="bulletin", reported="categories_claimed", expected="categories_counted",
         expected_label="counted"),
    Rule("achieved_list_matches_claim", ERROR,
         "The list of achieved items is as long as the claimed count (…项已实现年度目标).", "achieved_count_matches",
         grain="bulletin", reported="achieved_claimed", expected="achieved_listed", expected_label="listed"),
    Rule("summary_share_matches_count", ERROR,
         "A share of the programme's items stated in a summary (…项…占比…%) equals "
         "100 × count / total, rounded half-up to the reported decimals.", "share_matches_count", grain="claim",
         reported="pct_text", expected="pct_expected", context=("count", "total")),
    Rule("status_groups_match_total", ERROR,
         "The status groups a summary splits the programme's items into (其中24个事项已完成,9个…) add up to the total "
         "it states (45个事项), or the numbered status headings to the indicators' total (132项指标任务).",
         "groups_match_total", grain="claim", reported="total", expected="groups_sum", context=("count",),
         expected_label="sum of groups"),
    Rule("achieved_item_complete", WARNING,
         "An item the bulletin names as having achieved its annual target reports no progress figure below 100 % "
         "of plan (其中 parts excepted).", "achieved_item_complete", reported="pct_text"),
    # --- the record itself ------------------------------------------------------------------------------------
    Rule("value_positive", ERROR, "Every figure's value is greater than zero.", "value_float",
         "ExpectColumnValuesToBeBetween", {"min_value": 0, "strict_min": True}, reported="value_text"),
    Rule("unit_known", WARNING, "Every figure's unit is known (transforms.numbers.is_known_unit: the vocabulary, with 万/亿 prefixes); "
         "an unknown unit is kept as written and flagged, never an error (docs/validation.md).",
         "unit_known", reported="unit"),
    Rule("pct_plausible", ERROR, "A percent of plan lies in (0, 1000] (transforms.checks.PCT_PLAUSIBLE_MAX).",
         "pct_float", "ExpectColumnValuesToBeBetween",
         {"min_value": 0, "max_value": float(PCT_PLAUSIBLE_MAX), "strict_min": True},
         reported="pct_text"),
    Rule("evidence_round_trips", ERROR,
         "The evidence span text[start:end] contains the number as written.", "evidence_round_trips",
         reported="value_text", context=("start", "end")),
    Rule("label_present", ERROR,
         "Every figure has a label (required field) holding at least one Chinese character: an empty label, or one "
         "of digits, Latin letters or '?' only, is missing (transforms.checks.label_present).", "label_present",
         reported="label"),
    Rule("unit_present", ERROR, "Every figure has a unit (required field).", "unit",
         "ExpectColumnValuesToNotBeNull", {}),
    # --- across snapshots of the same programme year ----------------------------------------------------------
    Rule("cumulative_not_falling", WARNING,
         "A cumulative figure (progress against plan, or 累计) does not fall below its value in the previous "
         "bulletin of the same programme year (same metric_key, base units).", "cumulative_not_falling",
         reported="base_value", expected="previous_base_value",
         context=("base_unit", "previous_as_of", "previous_source"), expected_label="previous bulletin"),
    Rule("stated_target_unchanged", WARNING,
         "A figure's stated target is the same as in the previous bulletin of the same programme year "
         "(base units).", "stated_target_unchanged", reported="target_base", expected="previous_target_base",
         context=("previous_as_of", "previous_source"), expected_label="previous bulletin"),
)
"""Every rule of the DESIGN.md table. The order is the order of the report's per-rule table."""


def rule_named(name: str) -> Rule:
    """The rule called `name`; raises KeyError naming the unknown rule."""
    for rule in RULES:
        if rule.name == name:
            return rule
    raise KeyError(f"no validation rule named {name!r}")
