"""Issue 14, pure steps: a crafted page is refused by a documented limit with a reason, never crashes a batch,
and never costs memory or time beyond the limit (numbers out of range, oversize text, deep HTML, invisible
characters)."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import polars as pl
import pytest

from samples.generate import bulletin_html
from transforms.checks import HISTORY_SCHEMA, batch_check_frames, with_history
from transforms.extract import extract_text
from transforms.record import MAX_FIGURES, VALUE_LIMIT, unstorable
from transforms.text import (MAX_HTML_DEPTH, MAX_LINE_CHARS, MAX_TEXT_CHARS, TextError, bulletin_text,
                             html_to_text, normalise, oversize)

HUGE = "1" + "2" * 21  # 22 digits: fits DECIMAL(38, 6), but with 万亿 a base value of ~10^33 does not


def _seed_like(month: int = 3, replace: tuple[str, str] | None = None):
    text = bulletin_text(bulletin_html(month))
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    return extract_text(text)


def test_a_number_beyond_the_warehouse_type_refuses_its_bulletin_by_name_and_the_batch_still_builds():
    long_number = _seed_like(replace=("扶持创业572人", f"扶持创业1{'2' * 33}人"))  # 34 digits
    huge_base = _seed_like(replace=("累计发放创业担保贷款1.87亿元", f"累计发放创业担保贷款{HUGE}万亿元"))
    good = _seed_like(month=4)
    reason = unstorable(long_number)
    assert reason is not None and "扶持创业" in reason and f"1{'2' * 33}人" in reason
    assert f"beyond the limit of 10^{VALUE_LIMIT.adjusted()}" in reason and reason.endswith("refused")
    # 22 digits fit DECIMAL(38, 6), but not once scaled by 万亿: polars stored that base value as null, silently.
    assert "base value of 1.22222e+33" in unstorable(huge_base) and "创业担保贷款" in unstorable(huge_base)
    assert unstorable(good) is None
    # What used to happen: the check frame of a batch holding such a bulletin raised, and the run loaded nothing.
    with pytest.raises(Exception, match="conversion from `decimal"):
        batch_check_frames({"bad": long_number, "good": good})
    assert batch_check_frames({"good": good})["figure"].height == len(good.figures)


def test_more_than_max_figures_is_refused_with_the_count():
    line = "城镇新增就业41.58万人,"
    text = "\n".join(f"{n}.就业方面," + line * 20 for n in range(1, MAX_FIGURES // 20 + 3))
    extraction = extract_text(normalise(text))
    assert len(extraction.figures) > MAX_FIGURES
    assert unstorable(extraction).startswith(f"{len(extraction.figures)} figures, more than the limit of {MAX_FIGURES}")


def test_oversize_text_and_paragraphs_are_refused_before_extraction_in_milliseconds():
    unit = "城镇新增就业41.58万人,占年计划的138.6%,"
    one_paragraph = "1.就业方面," + unit * (MAX_LINE_CHARS // len(unit) + 1)
    started = time.perf_counter()
    assert oversize(one_paragraph).startswith(f"a paragraph of {len(one_paragraph):,} characters")
    many_lines = "\n".join(unit * 10 for _ in range(MAX_TEXT_CHARS // (10 * len(unit)) + 1))
    assert oversize(many_lines).startswith(f"text of {len(many_lines):,} characters is over the limit")
    assert time.perf_counter() - started < 0.5
    assert oversize(bulletin_text(bulletin_html(3))) is None


def test_check_frame_does_not_copy_the_sentence_per_figure():
    unit = "城镇新增就业41.58万人,"
    extraction = extract_text(normalise("1.就业方面," + unit * 200))
    assert len(extraction.figures) >= 150
    frame = batch_check_frames({"b": extraction})["figure"]
    assert "sentence" not in frame.columns and "sentence_start" in frame.columns
    # Each figure's sentence is the whole paragraph: copied per figure, the frame held 200 x 3 KB of it.
    assert frame.estimated_size() < 200 * len(extraction.figures[0].sentence)


def test_history_join_is_linear_in_bulletins_sharing_a_key():
    n = 4_000  # the square (16 million joined rows) is what the old join built
    days = [dt.date(2000, 1, 1) + dt.timedelta(days=i) for i in range(n)]
    figures = pl.DataFrame({"row_key": [f"s{i}:F001" for i in range(n)], "metric_key": ["k"] * n, "as_of": days,
                            "bulletin": [f"s{i}" for i in range(n)], "base_value": [Decimal(i) for i in range(n)],
                            "target_base": [Decimal(100)] * n, "cumulative": [True] * n},
                           schema_overrides={"base_value": HISTORY_SCHEMA["base_value"],
                                             "target_base": HISTORY_SCHEMA["target_base"]})
    for name in ("previous_source", "previous_as_of", "previous_base_value", "cumulative_not_falling",
                 "previous_target_base", "stated_target_unchanged"):
        figures = figures.with_columns(pl.lit(None).alias(name))
    history = figures.select("metric_key", "as_of", pl.col("bulletin").alias("source"), "base_value",
                             pl.lit("人").alias("base_unit"), "target_base")
    started = time.perf_counter()
    out = with_history(figures, history)
    assert time.perf_counter() - started < 2
    assert out["previous_source"].to_list() == [None] + [f"s{i}" for i in range(n - 1)]
    assert out["cumulative_not_falling"].to_list()[1:] == [True] * (n - 1)


def test_deep_html_is_refused_with_a_reason_not_a_recursion_error():
    deep = "<html><body>" + "<div>" * 1000 + "<p>1.就业方面,新增就业41.58万人。</p>" + "</div>" * 1000 + "</body></html>"
    with pytest.raises(TextError, match=f"nested more than {MAX_HTML_DEPTH} elements deep"):
        html_to_text(deep)
    nested_tables = "<html><body>" + "<table><tr><td>" * 400 + "x" + "</td></tr></table>" * 400 + "</body></html>"
    with pytest.raises(TextError):
        html_to_text(nested_tables)
    shallow = "<html><body>" + "<div>" * 100 + "<p>1.就业方面,新增就业41.58万人。</p>" + "</div>" * 100 + "</body></html>"
    assert html_to_text(shallow) == "1.就业方面,新增就业41.58万人。"


@pytest.mark.parametrize("invisible", ["\u2060", "\u00ad", "\u2063", "\u200b", "\u200e", "\u202e", "\ufeff", "\x1b",
                                       "\x07"])
def test_invisible_characters_are_removed_so_a_number_is_read_whole(invisible):
    text = normalise(f"1.就业方面,城镇新增就业4{invisible}1.58万人,占年计划的138.6%。")
    assert text == "1.就业方面,城镇新增就业41.58万人,占年计划的138.6%。"
    figure = extract_text(text).figures[0]
    assert (figure.value, figure.unit) == (Decimal("41.58"), "万人")
