"""Numbers and units: Decimal only, cn2an on spans only (its known bugs pinned)."""

from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest

from transforms.numbers import parse_number, round_half_up, split_unit, to_base


@pytest.mark.parametrize(("text", "expected"), [
    ("41.58", Decimal("41.58")), ("12,345", Decimal(12345)), ("十二", Decimal(12)), ("两", Decimal(2)),
    ("两万", Decimal(20000)), ("30.60", Decimal("30.60")),
])
def test_parse_number(text, expected):
    value = parse_number(text)
    assert value == expected and isinstance(value, Decimal)


def test_parse_number_rejects_words():
    with pytest.raises(ValueError):
        parse_number("若干")


def test_magnitude_prefix_is_scaled_exactly():
    # 16.4亿 is the DESIGN.md example of cn2an float artefacts: we never hand digits + 亿 to cn2an; the digits
    # become a Decimal and the prefix a Decimal power of ten.
    assert to_base(Decimal("16.4"), "亿元") == (Decimal("1640000000.0"), "元", True)
    assert to_base(Decimal("41.58"), "万人")[0] == Decimal(415800)


def test_liang_is_two_only_through_parse_number():
    # 两 is not a digit for int(); cn2an's smart mode reads it, which is why parse_number routes through it.
    assert parse_number("两") == 2
    assert cn2an.cn2an("两", "smart") == 2


def test_cn2an_transform_mangles_words_so_it_is_never_run_over_text():
    # Known cn2an bug (DESIGN.md): whole-text transform turns the word 统一 into 统1.
    assert cn2an.transform("统一规划") == "统1规划"


def test_units_known_as_a_whole_are_not_split():
    assert split_unit("千米") == (Decimal(1), "千米")
    assert split_unit("万平方米") == (Decimal(10000), "平方米")
    assert to_base(Decimal(3), "万头")[1:] == ("头", True)


def test_unknown_unit_is_kept_and_flagged():
    assert to_base(Decimal(5), "万伏") == (Decimal(5), "万伏", False)


def test_round_half_up():
    assert round_half_up(Decimal("85.955"), 2) == Decimal("85.96")
    assert round_half_up(Decimal("85.96"), 0) == Decimal(86)


def test_written_half_step_is_half_the_last_digit_in_base_units():
    from transforms.numbers import written_half_step

    assert written_half_step("4.2", "万所") == Decimal(500)  # 4.2万 covers 41,500..42,500
    assert written_half_step("700", "个") == Decimal("0.5")
    assert written_half_step("12.26", "亿元") == Decimal(500000)
