"""How numbers and units are read (`transforms.extract.quantities`): which spans are amounts, with which unit.

The examples are our own, written in the style of the bulletins (probe report A, errors E2, E12, E13, E21, E22
and E23); none is copied from the corpus.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from transforms.extract import extract
from transforms.extract.quantities import percents_in, positive_value, scan_quantities
from transforms.numbers import parse_number, to_base


def amounts(text: str) -> list[tuple[str, str, str | None]]:
    """(number as written, unit as written, qualifier) of every quantity the scan finds in `text`."""
    return [(q.num_text, q.unit, q.qualifier) for q in scan_quantities(text, 0, len(text))]


def figures(text: str) -> list[tuple[Decimal, str]]:
    """(value, unit) of every figure extracted from `text`."""
    return [(f.value, f.unit) for f in extract(text).figures]


# --- E2: 目前 is no ordinal -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("目前3所幼儿园已开工。", [("3", "所", None)]),
        ("截至目前12个小区已开工。", [("12", "个", None)]),
        ("目前5600人已签约。", [("5600", "人", None)]),
        ("当前8个项目已竣工。", [("8", "个", None)]),
    ],
)
def test_a_number_right_after_mu_qian_is_an_amount(text, expected):
    assert amounts(text) == expected


def test_qian_still_makes_ordinals_and_time_spans():
    assert amounts("前三季度完成投资5亿元。") == [("5", "亿元", None)]
    assert amounts("前3个月新增就业2万人。") == [("2", "万人", None)]
    assert amounts("排名前10个。") == []


def test_a_percent_after_mu_qian_is_read_but_not_one_after_a_bare_qian():
    assert [m.group() for m in percents_in("目前85%的项目已开工。", 0, 12)] == ["85%"]
    assert [m.group() for m in percents_in("排名前5%的企业。", 0, 9)] == []


def test_figures_after_mu_qian_are_extracted():
    assert figures("目前3所幼儿园已开工。") == [(Decimal(3), "所")]


# --- E12: single Chinese digits ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("已建成乡镇卫生院三所。", [("三", "所", None)]),
        ("新建幼儿园五所,已开工四所。", [("五", "所", None), ("四", "所", None)]),
        ("完成十二所乡村学校食堂改造,已完工九所。", [("十二", "所", None), ("九", "所", None)]),
        ("提高三个百分点,", [("三", "个百分点", None)]),
        ("建成一个", [("一", "个", None)]),
    ],
)
def test_a_single_chinese_digit_before_a_measure_word_that_ends_the_clause_is_an_amount(text, expected):
    assert amounts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "推行一站式服务。",  # 站 is a unit, but 式 follows: a word
        "建立一户一档。",
        "实施一村一品。",
        "一是加快进度。",
        "推进一体化建设。",
        "实行统一管理。",
        "进一步加强。",
        "第一批三个项目开工。",  # 三个 followed by a noun: not read (only clause-final single digits are)
        "一季度。",
        "坚守一线。",
        "建成三所幼儿园。",  # conservative: a single digit before the noun it counts is left out
        "打通园区六路。",  # a road numbered in words
        "建设新华一村。",
        "开设实验二校。",
        "举办一期培训班。",  # a phase: 期 with a single digit is a word
        "开展一次。",
    ],
)
def test_a_single_chinese_digit_inside_a_word_or_a_name_is_not_an_amount(text):
    assert amounts(text) == []


def test_a_chinese_numeral_of_two_characters_counts_sessions():
    assert amounts("全年共举办各类培训班二十期。") == [("二十", "期", None)]
    assert figures("全年共举办各类培训班二十期。") == [(Decimal(20), "期")]


@pytest.mark.parametrize(
    "text",
    [
        "新建公园五六个。",  # five or six: cn2an would read 56
        "两三所学校已开工。",  # two or three: cn2an would read 23
        "完成二〇二三个。",  # a year-like digit string
        "唯一一所。",
        "十一五期间建成十二个。",  # 一五 and 二个 are pieces of numerals, 十二个 is read whole
        "建成数十个。",  # dozens: an order of magnitude
        "新建几十个。",
        "惠及农户上万户。",
        "带动数万人就业。",
    ],
)
def test_ranges_codes_and_orders_of_magnitude_are_never_read_as_one_number(text):
    # The worst error is a number that is not written: 五六个 is not 56, 数十个 is not 10.
    found = amounts(text)
    assert all(parse_number(num) in (Decimal(12), Decimal(10)) for num, _, _ in found), found
    if "十一五" in text:
        assert found == [("十二", "个", None)]
    else:
        assert found == []


def test_a_chinese_numeral_at_the_start_of_a_text_is_read():
    assert amounts("两万人参加。") == [("两万", "人", None)]
    assert amounts("三个百分点。") == [("三", "个百分点", None)]


# --- E23: Chinese decimals ---------------------------------------------------------------------------------------


def test_a_chinese_decimal_is_read_whole_with_its_multiplier_in_the_unit():
    assert amounts("完成投资一点二亿元。") == [("一点二", "亿元", None)]
    assert figures("完成投资一点二亿元。") == [(Decimal("1.2"), "亿元")]
    assert amounts("新增就业十二点零五万人。") == [("十二点零五", "万人", None)]


def test_a_chinese_decimal_is_never_cut_at_its_point():
    # Never the 二 after a point (2亿 would be invented), whatever is before the point.
    assert amounts("完成投资1点二亿元。") == []
    assert amounts("一点一滴。") == []
    assert amounts("九点三十分召开。") == []


def test_parse_number_reads_chinese_decimals_digit_by_digit():
    assert parse_number("一点二") == Decimal("1.2")
    assert parse_number("十二点零五") == Decimal("12.05")
    assert parse_number("零点五") == Decimal("0.5")
    # Every digit written after 点 is kept (cn2an's float would round long fractions).
    assert parse_number("零点一二三四五六七八九一二三四五六七八九") == Decimal("0.123456789123456789")


def test_a_bare_magnitude_with_a_qualifier_is_one_of_it():
    # 千余户, 逾千人, 近万名: a place numeral alone is one thousand (ten thousand…) as written, its qualifier kept,
    # as 1000余户 is read (cn2an rejects a lone 千, so the reader prefixes 一).
    q = scan_quantities("受益群众逾千人。", 0, 8)[0]
    assert (q.num_text, q.unit, q.qualifier, positive_value(q)) == ("千", "人", "逾", Decimal(1000))
    assert figures("惠及居民千余户。") == [(Decimal(1000), "户")]
    assert figures("已帮助近万名农村劳动力就业。") == [(Decimal(10000), "名")]
    assert figures("社区食堂已建成十余个。") == [(Decimal(10), "个")]  # 成 before 十 ends a verb, no magnitude


def test_a_bare_magnitude_without_a_qualifier_or_after_one_of_size_is_no_amount():
    # 每千人口, 万人广场: words; 上万, 成千上万: orders of magnitude, never read as 10000.
    assert figures("每千人口拥有3岁以下婴幼儿托位数达到3.5个。") == [(Decimal("3.5"), "个")]
    assert amounts("已建成万人体育馆1座。") == [("1", "座", None)]
    assert amounts("惠及农户上万户。") == []
    assert amounts("成千上万人参与活动。") == []


# --- E13 and E21: units ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年送戏下乡400场次,已演出312场次。", [("400", "场次", None), ("312", "场次", None)]),
        ("全年巡诊2000班次。", [("2000", "班次", None)]),
        ("新建标准化厂房15万平米。", [("15", "万平米", None)]),
        ("建成道路5.6km。", [("5.6", "km", None)]),
        ("新增绿地0.8平方千米。", [("0.8", "平方千米", None)]),
        ("完成免费孕前优生健康检查1.92万对。", [("1.92", "万对", None)]),
        ("修建涵洞48孔,发放鸡苗3.6万羽。", [("48", "孔", None), ("3.6", "万羽", None)]),
        ("受理举报投诉1260件次,新增列车12趟。", [("1260", "件次", None), ("12", "趟", None)]),
    ],
)
def test_units_as_written(text, expected):
    assert amounts(text) == expected


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("改造面积3.2万㎡。", "万m2"),
        ("改造面积3200m²。", "m2"),
        ("新建蓄水池1.2万m³。", "万m3"),
        ("建成道路5.6㎞。", "km"),
    ],
)
def test_symbol_units_are_read_as_nfkc_writes_them(text, unit):
    # Extraction reads the NFKC text (transforms.text.normalise): ㎡ and m² are m2 there, m³ m3, ㎞ km.
    (fig,) = extract(text).figures
    assert fig.unit == unit
    assert to_base(fig.value, unit)[1:] == (unit.removeprefix("万"), True)


def test_latin_units_are_not_read_inside_codes():
    assert amounts("型号KM5km。") == []
    assert amounts("G15km。") == []


# --- E22: growth as a multiple -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("外贸出口增长1.2倍。", [("1.2", "倍", None)]),
        ("同比增长1.5倍。", [("1.5", "倍", None)]),
        ("网络零售额增长了近2倍。", [("2", "倍", "近")]),
    ],
)
def test_growth_as_a_multiple_is_an_amount_in_bei(text, expected):
    assert amounts(text) == expected


def test_a_multiple_that_only_compares_is_not_an_amount():
    assert amounts("项目数量是全省平均的近10倍。") == []
    assert amounts("投资额相当于去年的3倍。") == []


def test_growth_multiple_figure():
    (fig,) = extract("外贸出口增长1.2倍。").figures
    assert (fig.label, fig.value, fig.unit, fig.kind) == ("外贸出口增长", Decimal("1.2"), "倍", "rate")


def test_an_ordinal_a_pdf_copy_spaced_out_is_not_an_amount():
    assert [(f.value, f.unit) for f in extract("地区生产总值增长 5.8%,居全市第 3 位。").figures] == [
        (Decimal("5.8"), "%")
    ]


@pytest.mark.parametrize(
    "text", ["新建停车位1万2千个。", "完成投资1亿2000万元。", "新建道路2,8条。", "完成投资1,2亿元。"]
)
def test_the_tail_of_a_number_not_read_whole_is_not_read_as_a_number(text):
    assert amounts(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "全市新增城镇就业12, 345人,占年计划的102.9%。",  # a space after the thousands comma
        "全市新增城镇就业12,\n345人。",  # a line break after it
        "全市城镇新增就业21·36万人。",  # a middle dot for the point
        "全市城镇新增就业21。36万人。",
        "全市新增城镇就业12'345人。",
        "工程概算总投资 21.\n4 亿元。",  # a decimal cut by a line break
    ],
)
def test_the_tail_of_a_number_broken_at_its_separator_is_no_amount(text):
    assert all(f.unit == "%" for f in extract(text).figures)


@pytest.mark.parametrize("text", ["完成率85,2%。", "占年计划的106·8%。", "占年计划的106。8%。"])
def test_the_tail_of_a_percent_broken_at_its_separator_is_no_percent(text):
    assert extract(f"全市城镇新增就业21.36万人,{text}").figures[0].pct_of_plan is None


@pytest.mark.parametrize("lag", ["较时序进度滞后", "较序时进度落后"])
def test_a_gap_after_zhihou_or_luohou_is_an_amount_not_an_ordinal(lag):
    # 后 of 滞后 is no 后 of 后三季度
    assert [(f.label, f.value) for f in extract(f"完成率43%,{lag}32个百分点。").figures][-1] == (
        f"完成率{lag}",
        Decimal(32),
    )
