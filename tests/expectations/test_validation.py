"""The expectation suites on real and seeded bulletins (acceptance of issue 5), through one validation run."""

from __future__ import annotations

import json

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
