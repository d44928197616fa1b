"""The expectation suites on real and seeded bulletins (acceptance of issue 5), through one validation run."""

from __future__ import annotations

import json
from decimal import Decimal

import polars as pl

from expectations.rules import ERROR, WARNING
from tests.corpus import needs_corpus


@needs_corpus
def test_real_seed_passes_every_error_rule_and_its_16_stated_percent_checks(batch):
    assert batch.failed("seed", ERROR).height == 0, batch.failed("seed", ERROR)["message"].to_list()
    stated = batch.rows("seed").filter(pl.col("rule") == "pct_matches_stated_target")
    assert stated.height == 16
    assert stated["passed"].all()
    first = stated.filter(pl.col("figure_id") == "F001").row(0, named=True)
    assert (first["reported"], first["expected"]) == ("138.6", "138.6")
    assert batch.outcome.status_of("seed") in ("passed", "warned")


@needs_corpus
def test_seed_with_183_6_percent_fails_exactly_one_error_naming_item_1(batch):
    errors = batch.failed("seed-183.6", ERROR)
    assert errors.height == 1, errors["message"].to_list()
    error = errors.row(0, named=True)
    assert error["rule"] == "pct_matches_stated_target"
    assert (error["reported"], error["expected"]) == ("183.6", "138.6")
    assert error["message"].startswith("F001 item 1 城镇新增就业: ")
    assert batch.outcome.status_of("seed-183.6") == "failed"


def test_part_larger_than_its_whole_is_an_error(batch):
    errors = batch.failed("part", ERROR)
    assert set(errors["rule"]) == {"part_not_larger_than_whole"}
    part = batch.extractions["part"].figures
    failing = next(f for f in part if f.id == errors["figure_id"][0])
    whole = next(f for f in part if f.id == failing.part_of)
    assert failing.value > whole.value  # 竣工 schools exceed 开工 schools in the faulty month
    assert batch.outcome.status_of("part") == "failed"


def test_dropped_item_fails_the_count_rule(batch):
    errors = batch.failed("drop_item", ERROR)
    assert errors["rule"].to_list() == ["items_match_summary"]
    assert (errors["reported"][0], errors["expected"][0]) == ("8", "7")
    assert errors["figure_id"][0] is None


def test_falling_cumulative_figure_is_a_warning_not_an_error(batch):
    warnings = batch.failed("falling-03", WARNING)
    assert set(warnings["rule"]) == {"cumulative_not_falling"}
    assert warnings.height >= 1
    first = warnings.filter(pl.col("figure_id") == "F001").row(0, named=True)
    assert float(first["reported"]) < float(first["expected"])  # 城镇新增就业 below month 2's value
    assert "falling-02" in first["message"]
    assert batch.failed("falling-03", ERROR).height == 0
    assert batch.outcome.status_of("falling-03") == "warned"
    # Months 1 and 2 grow: the same rule passes there.
    rising = batch.rows("falling-02").filter(pl.col("rule") == "cumulative_not_falling")
    assert rising.height > 0 and rising["passed"].all()


def test_summary_share_that_does_not_match_its_count_is_an_error(batch):
    errors = batch.failed("claims", ERROR)
    assert errors.select("rule", "figure_id", "reported", "expected").rows() == [
        ("summary_share_matches_count", "S02", "33", "30")]
    assert "count 6, total 20" in errors["message"][0]


def test_clean_sample_passes_and_achieved_items_are_checked(batch):
    assert batch.failed("clean-12").height == 0
    achieved = batch.rows("clean-12").filter(pl.col("rule") == "achieved_item_complete")
    assert achieved.height >= 3 and achieved["passed"].all()  # 养老床位, 加装电梯, 老旧小区改造 reached 100 %
    listed = batch.rows("clean-12").filter(pl.col("rule") == "achieved_list_matches_claim")
    assert listed["passed"].to_list() == [True]


def test_one_validation_run_names_every_row_and_archives_gx_json(batch, tmp_path):
    results = batch.outcome.results
    assert results["validation_run"].unique().to_list() == [batch.outcome.run_id]
    path = batch.outcome.archive_gx_results(tmp_path / "gx")
    archived = json.loads(path.read_text(encoding="utf-8"))
    assert archived["validation_run"] == batch.outcome.run_id
    suites = {r["suite_name"] for r in archived["validation_results"]}
    assert {"figure_suite", "bulletin_suite"} <= suites  # one suite per grain for the whole batch
    assert len(archived["validation_results"]) == len(suites)
    figure_run = next(r for r in archived["validation_results"] if r["suite_name"] == "figure_suite")
    falling = next(r for r in figure_run["results"]
                   if r["expectation_config"]["meta"]["rule"] == "cumulative_not_falling")
    assert falling["success"] is False
    assert "falling-03:F001" in {row["row_key"] for row in falling["result"]["unexpected_index_list"]}


def test_results_and_status_per_bulletin_come_from_one_pass(batch):
    results = batch.outcome.results
    for name in ("part", "falling-03", "clean-12"):
        assert batch.outcome.results_of(name).equals(results.filter(pl.col("bulletin") == name))
    assert batch.outcome.results_of("not-in-batch").height == 0
    assert batch.outcome.status_of("not-in-batch") == "passed"
    assert {batch.outcome.status_of(n) for n in ("part", "falling-03", "clean-12")} == {"failed", "warned", "passed"}


def test_a_label_that_is_empty_or_has_no_chinese_character_is_missing(batch):
    """A Big5 page read as "?" gave labels '' and a Latin-1 one 'taux': a not-null check passed both."""
    errors = batch.failed("blank-label", ERROR)
    assert errors.filter(pl.col("rule") == "label_present")["figure_id"].to_list() == ["F001", "F002"]
    assert errors.filter(pl.col("rule") == "label_present")["reported"].to_list() == ["", "taux"]
    passed = batch.rows("blank-label").filter((pl.col("rule") == "label_present") & pl.col("passed"))
    assert passed.height == len(batch.extractions["blank-label"].figures) - 2
    assert batch.outcome.status_of("blank-label") == "failed"
    assert batch.failed("clean-12", ERROR).height == 0


def test_a_dropped_magnitude_is_one_error_that_names_the_prefix(batch):
    """"完成投资45.6元,占年度计划50亿元的91.2%": one error per figure, by its own rule, saying which prefix is missing;
    the percent rule does not fail the same figure with "computed 0"."""
    errors = batch.failed("magnitude", ERROR)
    assert errors.select("rule", "figure_id", "reported", "expected").rows() == [
        ("magnitude_matches_target", "F001", "91.2", "0"), ("magnitude_matches_target", "F003", "90", "900000")]
    assert "亿 likely dropped from the value: 45.6亿元 instead of 45.6元 gives the reported 91.2 %" in errors["message"][0]
    assert "万 likely dropped from the target: 5万亩 instead of 5亩 gives the reported 90 %" in errors["message"][1]
    assert errors["message"][0].startswith("F001 重点项目完成投资: ")
    stated = batch.rows("magnitude").filter(pl.col("rule") == "pct_matches_stated_target")
    assert stated.select("figure_id", "passed").rows() == [("F002", True)]
    assert batch.extractions["magnitude"].figures[0].value == Decimal("45.6")  # reported, never repaired


def test_complete_breakdowns_are_held_to_equality_and_partial_ones_are_not(batch):
    rounded = batch.failed("breakdown-rounded")
    assert rounded.select("rule", "severity", "reported", "expected").rows() == [
        ("parts_add_up_as_written", WARNING, "12050000000", "12040000000")]
    assert "新建 + 续建: 50.2 + 70.2 = 120.4亿元, the whole 120.5亿元" in rounded["message"][0]
    assert batch.outcome.status_of("breakdown-rounded") == "warned"
    for name, sum_of_parts in (("short", "503000"), ("divided", "110"), ("counted", "2860000000")):
        errors = batch.failed(f"breakdown-{name}")
        assert errors.select("rule", "severity", "expected").rows() == [
            ("parts_add_up_to_whole", ERROR, sum_of_parts)], name
    for name in ("partial", "twice"):
        assert batch.failed(f"breakdown-{name}").height == 0, name
        assert batch.rows(f"breakdown-{name}").filter(pl.col("rule") == "parts_sum_within_whole")["passed"].all()
