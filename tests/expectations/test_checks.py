"""Derived check columns (transforms.checks): pure, no GX."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl

from samples.generate import bulletin_html
from tests.expectations.sentences import BREAKDOWNS, MAGNITUDES
from transforms.checks import (
    HISTORY_SCHEMA,
    batch_check_frames,
    bulletin_check_frame,
    dropped_magnitude,
    expected_pct,
    figure_check_frame,
    label_present,
    summary_share_claims,
    with_history,
)
from transforms.extract import extract, extract_text
from transforms.identity import metric_keys


def test_expected_pct_rounds_half_up_in_base_units():
    assert expected_pct(Decimal("21.49"), "万人", Decimal(25), "万人", "86") == Decimal(86)  # 85.96
    assert expected_pct(Decimal(20474), "人", Decimal(2), "万人", "102.4") == Decimal("102.4")
    assert expected_pct(Decimal(1), "个", Decimal(8), "个", "12.5") == Decimal("12.5")
    assert expected_pct(Decimal(1), "个", Decimal(8), "个", "13") == Decimal(13)  # 12.5 half-up
    assert expected_pct(Decimal(5), "亿元", Decimal(10), "人", "50") is None


def _history_row(key, as_of, source, value, target=None):
    return {"metric_key": key, "as_of": as_of, "source": source, "base_value": Decimal(value), "base_unit": "人",
            "target_base": None if target is None else Decimal(target)}


def test_with_history_compares_with_the_latest_earlier_observation_only():
    x = extract(bulletin_html(4))
    keys = metric_keys(x)
    frame = figure_check_frame(x, "april", keys)
    jobs = frame.row(0, named=True)  # item 1 城镇新增就业, 3.72万人, target 12万人
    assert (jobs["label"], jobs["cumulative"]) == ("城镇新增就业", True)
    history = pl.DataFrame([
        _history_row(keys[0], dt.date(2025, 2, 28), "feb", 50000, 120000),
        _history_row(keys[0], dt.date(2025, 3, 31), "march", 30000, 120000),  # the one to compare with
        _history_row(keys[0], dt.date(2025, 5, 31), "may", 90000, 150000),  # later: ignored
    ], schema=HISTORY_SCHEMA)
    checked = with_history(frame, history).row(0, named=True)
    assert (checked["previous_source"], checked["previous_base_value"]) == ("march", Decimal(30000))
    assert checked["cumulative_not_falling"] is True
    assert checked["stated_target_unchanged"] is True
    history = history.with_columns(pl.when(pl.col("source") == "march").then(Decimal(40000))
                                   .otherwise(pl.col("base_value")).alias("base_value"),
                                   pl.lit(Decimal(100000)).cast(HISTORY_SCHEMA["target_base"]).alias("target_base"))
    checked = with_history(frame, history).row(0, named=True)
    assert checked["cumulative_not_falling"] is False  # 37200 < 40000
    assert checked["stated_target_unchanged"] is False  # 120000 vs 100000
    assert with_history(frame, history.clear()).row(0, named=True)["cumulative_not_falling"] is None


def test_batch_history_follows_months_of_one_batch_and_skips_ambiguous_keys():
    xs = {f"m{m}": extract(bulletin_html(m)) for m in (1, 2)}
    keys = {name: metric_keys(x) for name, x in xs.items()}
    frames = batch_check_frames(xs, keys)
    m2 = frames["figure"].filter(pl.col("bulletin") == "m2")
    assert m2["previous_source"].drop_nulls().unique().to_list() == ["m1"]
    assert m2.filter(pl.col("cumulative"))["cumulative_not_falling"].drop_nulls().all()
    # Two figures with one key in one bulletin are not followed (warehouse view ambiguous_metric_keys).
    keys["m2"] = ["same"] * len(keys["m2"])
    keys["m1"] = ["same"] * len(keys["m1"])
    frames = batch_check_frames(xs, keys)
    assert frames["figure"]["cumulative_not_falling"].is_null().all()


def test_a_rerun_of_a_stored_month_still_checks_the_next_month():
    """Run 1 stored February; run 2 re-reads February with falling March: February counts once."""
    feb, march = extract(bulletin_html(2)), extract(bulletin_html(3, "falling"))
    stored = batch_check_frames({"feb": feb}, {"feb": metric_keys(feb)})["figure"]
    history = stored.select(list(HISTORY_SCHEMA)[:2] + ["bulletin", *list(HISTORY_SCHEMA)[3:]]) \
        .rename({"bulletin": "source"})
    frames = batch_check_frames({"feb": feb, "march": march}, {"feb": metric_keys(feb), "march": metric_keys(march)},
                                history)
    checked = frames["figure"].filter((pl.col("bulletin") == "march") & pl.col("cumulative"))
    assert checked["previous_source"].unique().to_list() == ["feb"]
    assert not checked["cumulative_not_falling"].any()


def test_parts_rules_skip_rates_and_sum_additive_parts():
    text = ("2025年某市民生实事\n一、住房保障\n1.住房方面,新开工保障房1000套,其中公租房600套、人才房500套,"
            "开工率达95%,其中一期开工率达98%。")
    frame = figure_check_frame(extract_text(text), "t")
    whole = frame.filter(pl.col("value_text") == "1000").row(0, named=True)
    assert (whole["parts_count"], whole["parts_sum"], whole["parts_sum_within_whole"]) == (2, Decimal(1100), False)
    assert frame.filter(pl.col("unit") == "%")["part_within_whole"].is_null().all()


def test_share_claims_recompute_shares_of_the_summary_total():
    text = "截至9月底,某县实事8件20项中有10项已完成,占比50%;6项进展顺利,占比33%;4项进展偏慢,占比25%。"
    claims = summary_share_claims(text)
    assert [(c.label, c.count, c.total, c.pct_text) for c in claims] == [
        ("某县实事8件20项中有10项已完成", 10, 20, "50"), ("6项进展顺利", 6, 20, "33"), ("4项进展偏慢", 4, 20, "25")]
    frame = batch_check_frames({"t": extract_text(text)})["claim"]
    assert frame["pct_expected"].to_list() == [Decimal(50), Decimal(30), Decimal(20)]
    assert frame["share_matches_count"].to_list() == [True, False, False]


def test_count_claims_are_not_checked_when_the_text_lists_no_items():
    prose = extract_text("截至10月20日,省实事11件15项中有9项指标提前完成。")
    row = bulletin_check_frame(prose, "prose").row(0, named=True)
    assert (row["items_claimed"], row["items_counted"], row["items_count_matches"]) == (15, 0, None)
    dropped = bulletin_check_frame(extract(bulletin_html(5, "drop_item")), "d").row(0, named=True)
    assert (dropped["items_claimed"], dropped["items_counted"], dropped["items_count_matches"]) == (8, 7, False)


def test_target_in_another_unit_is_marked_not_comparable():
    text = "2025年某市民生实事\n一、养老服务,新增养老床位2000张\n1.养老方面,新增养老床位投资1.2亿元,占年计划的60%。"
    x = extract_text(text)
    fig = next(f for f in x.figures if f.unit == "亿元")
    # This branch's extractor attaches only compatible heading targets; a table column or project name may state
    # one in another unit, as here.
    fig.target, fig.target_unit = Decimal(2000), "张"
    row = figure_check_frame(x, "t").filter(pl.col("id") == fig.id).row(0, named=True)
    assert (row["pct_target_comparable"], row["pct_expected"], row["pct_check_stated"]) == (False, None, None)


PERCENT_BASES = """2025年临江市民生实事进展情况
截至9月底,各项工作有序推进。
1.养老服务方面,15个农村幸福院建设已完成8个(53%)。
2.项目建设方面,年度计划开工270个,实际已开工129个,开工率47%。
3.道路建设方面,年度计划投资80亿元,累计完成投资62亿元,占年度投资计划的77.5%。
4.小区改造方面,三年计划改造老旧小区300个,累计已改造小区122个,占总计划的40%。
"""


def test_a_percent_of_its_stated_target_is_an_error_check_whatever_its_plan_word():
    """Not only 占年计划: a count's "(53%)", a 开工率 and a 年度投资计划 share are percents of the target stated
    beside them; only a percent of another basis (总计划 of a three-year plan) is checked as info."""
    rows = figure_check_frame(extract(PERCENT_BASES), "bases").select(
        "value", "pct_basis", "target", "pct_expected", "pct_check_stated", "pct_check_other").rows()
    assert rows == [
        (Decimal(8), None, Decimal(15), Decimal(53), True, None),
        (Decimal(129), "开工率", Decimal(270), Decimal(48), False, None),  # 47.78 -> 48, reported 47: an error
        (Decimal(62), "年度投资计划", Decimal(80), Decimal("77.5"), True, None),
        (Decimal(122), "总计划", Decimal(300), Decimal(41), None, False),  # 40.67 -> 41 against 40: info only
    ]


def test_a_wrong_percent_of_a_whole_stated_in_its_clause_fails_instead_of_losing_the_whole():
    """"15个…已完成8个(35%)": the 15 is the plan of the 8 by the sentence itself, whatever the percent says (a
    target picked by agreement with the percent would hide exactly the percents that are wrong)."""
    text = PERCENT_BASES.replace("已完成8个(53%)", "已完成8个(35%)")
    row = figure_check_frame(extract(text), "wrong").row(0, named=True)
    assert (row["value"], row["target"], row["target_source"]) == (Decimal(8), Decimal(15), "text")
    assert (row["pct_text"], row["pct_expected"], row["pct_check_stated"]) == ("35", Decimal(53), False)


def test_a_wrong_percent_of_the_plan_it_names_fails_instead_of_losing_the_plan():
    """"年度投资计划80亿元,…占年度投资计划的70.5%": the percent names the plan amount of its sentence, so the amount
    is the target whatever the percent says (62 / 80 = 77.5 %)."""
    row = figure_check_frame(extract("3.道路建设方面,年度投资计划80亿元,累计完成投资62亿元,占年度投资计划的70.5%。"),
                             "named").row(0, named=True)
    assert (row["value"], row["target"], row["pct_basis"]) == (Decimal(62), Decimal(80), "年度投资计划")
    assert (row["pct_expected"], row["pct_check_stated"]) == (Decimal("77.5"), False)


def test_status_groups_of_the_programme_items_are_summed_against_their_total():
    from transforms.checks import status_group_claims

    text = ("今年全市民生实事共有12类40个事项。截至三季度末,其中20个事项已提前完成全年任务,9个事项超序时进度,"
            "10个事项按序时推进。")
    (claim,) = status_group_claims(text)
    assert (claim.total, claim.counts, claim.label) == (40, (20, 9, 10), "40个事项")
    assert status_group_claims("全市40个事项进展顺利,新建公园5个。") == []  # no groups, no claim


def test_label_present_needs_a_chinese_character():
    assert [label_present(x) for x in ("城镇新增就业", "划的", "GDP增速", "", None, "taux", "83.33", "???")] == [
        True, True, True, False, False, False, False, False]
    x = extract(bulletin_html(2))
    x.figures[0].label = ""
    frame = figure_check_frame(x, "feb")
    assert frame["label_present"].to_list() == [False] + [True] * (len(x.figures) - 1)


def test_dropped_magnitude_names_the_side_and_the_prefix():
    value = dropped_magnitude(Decimal("45.6"), "元", Decimal(50), "亿元", "91.2", "45.6")
    assert value is not None
    assert (value.side, value.exponent, value.prefix, value.written, value.meant) == (
        "value", 8, "亿", "45.6元", "45.6亿元")
    target = dropped_magnitude(Decimal("4.5"), "万亩", Decimal(5), "亩", "90")
    assert target is not None and (target.side, target.prefix, target.meant) == ("target", "万", "5万亩")
    # 万元 written where 亿元 was meant: the prefix is wrong, not missing, and the message says which one was meant.
    wrong = dropped_magnitude(Decimal("45.6"), "万元", Decimal(50), "亿元", "91.2")
    assert wrong is not None and (wrong.exponent, wrong.meant) == (4, "45.6亿元")
    assert dropped_magnitude(Decimal("3.6"), "万人", Decimal(4), "万人", "90") is None  # right as written
    assert dropped_magnitude(Decimal("3.6"), "万人", Decimal(4), "万人", "95") is None  # wrong, but by no power of ten
    assert dropped_magnitude(Decimal("3.6"), "亿元", Decimal(4), "人", "90") is None  # units not comparable


def test_a_dropped_magnitude_replaces_the_percent_check_and_the_value_is_kept():
    frame = figure_check_frame(extract_text(MAGNITUDES), "m")
    rows = frame.select("id", "value", "unit", "pct_expected", "pct_check_stated", "magnitude_matches_target").rows()
    assert rows == [
        ("F001", Decimal("45.6"), "元", Decimal(0), None, False),  # stored as written, never repaired
        ("F002", Decimal("3.6"), "万人", Decimal(90), True, True),
        ("F003", Decimal("4.5"), "万亩", Decimal(900000), None, False),
    ]
    hints = frame["magnitude_hint"].to_list()
    assert hints[0].startswith("亿 likely dropped from the value: 45.6亿元 instead of 45.6元 gives the reported 91.2 %")
    assert hints[1] is None
    assert hints[2].startswith("万 likely dropped from the target: 5万亩 instead of 5亩 gives the reported 90 %")


def _breakdown_row(name: str, figure_id: str = "F001") -> dict:
    return figure_check_frame(extract_text(BREAKDOWNS[name]), name).filter(pl.col("id") == figure_id).row(
        0, named=True)


def test_a_complete_breakdown_must_add_up_to_its_whole():
    rounded = _breakdown_row("rounded")
    assert (rounded["complete_parts_reason"], rounded["complete_parts_sum"], rounded["complete_parts_rounding"]) == (
        "新建 + 续建", Decimal(12040000000), Decimal(15000000))
    assert (rounded["parts_add_up_to_whole"], rounded["parts_add_up_as_written"]) == (True, False)
    assert rounded["complete_parts_note"] == "新建 + 续建: 50.2 + 70.2 = 120.4亿元, the whole 120.5亿元"
    assert rounded["parts_sum_within_whole"] is None  # the complete list is checked for equality instead
    short = _breakdown_row("short")
    assert (short["complete_parts_reason"], short["complete_parts_sum"]) == ("城镇 + 农村", Decimal(503000))
    assert (short["parts_add_up_to_whole"], short["parts_add_up_as_written"]) == (False, None)  # one reason
    divided = _breakdown_row("divided")
    assert (divided["complete_parts_reason"], divided["parts_add_up_to_whole"]) == ("分为", False)  # 110 of 120
    counted = _breakdown_row("counted", "F002")
    assert counted["complete_parts_reason"] == "its counts 100 + 50 = 150个 in the same sentences"
    assert (counted["complete_parts_sum"], counted["parts_add_up_to_whole"]) == (Decimal(2860000000), False)


def test_a_partial_or_twice_broken_down_whole_is_only_held_to_its_upper_bound():
    partial = _breakdown_row("partial")
    assert (partial["complete_parts_reason"], partial["parts_add_up_to_whole"]) == (None, None)
    assert (partial["parts_sum"], partial["parts_sum_within_whole"]) == (Decimal(2000), True)
    twice = _breakdown_row("twice")
    assert (twice["parts_count"], twice["parts_sum"], twice["parts_sum_within_whole"]) == (
        2, Decimal(10000000000), True)  # each breakdown on its own, not 200亿元 against 100亿元
    assert twice["parts_add_up_to_whole"] is None


def test_the_rounding_of_the_parts_is_allowed_above_the_whole():
    # 60.4 + 39.7 = 100.1 of 100.0亿元: the parts may stand for 60.35 + 39.65 = 100.0 (partial list, upper bound)
    row = figure_check_frame(extract_text("全市完成投资100.0亿元,其中省级项目60.4亿元、市级项目39.7亿元。"), "r").row(
        0, named=True)
    assert (row["parts_sum"], row["parts_sum_within_whole"]) == (Decimal(10010000000), True)
    row = figure_check_frame(extract_text("全市完成投资100.0亿元,其中省级项目60.4亿元、市级项目39.9亿元。"), "r").row(
        0, named=True)
    assert row["parts_sum_within_whole"] is False  # 100.3: beyond 0.05 + 0.05 + 0.05


def test_a_part_as_large_as_its_whole_is_not_summed_with_the_stages_after_it():
    # 已完工 projects are among the 已开工 ones: 30 + 12 is no sum of parts of 30
    frame = figure_check_frame(extract_text("全市共30个项目,其中30个已开工,12个已完工。"), "stages")
    assert frame.select("id", "part_of", "part_within_whole", "parts_sum_within_whole").rows() == [
        ("F001", None, None, None), ("F002", "F001", True, None), ("F003", "F001", True, None)]
