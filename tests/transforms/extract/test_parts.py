"""Parents (transforms/extract/parts.py): 其中 parts, breakdowns of a stated total."""

from __future__ import annotations

from decimal import Decimal

import pytest

from transforms.extract import extract
from transforms.extract.rules import reading


def test_a_part_larger_than_the_whole_of_its_sentence_is_kept_for_validation_to_flag():
    assert reading(extract("改造老旧小区120个,其中125个已完工。"))[1] == "改造老旧小区完工=125个 part_of=F001"


def test_a_part_after_a_sentence_break_belongs_to_the_nearest_earlier_total_at_least_as_large():
    text = "全年累计完成投入12亿元。信报箱建设工程完成投入300万元。其中:文化惠民工程完成投入8250万元。"
    assert reading(extract(text))[-1].endswith("=8250万元 part_of=F001")


def test_a_breakdown_by_sector_of_a_stated_total_without_qizhong():
    text = "截至7月底,全市重点项目完成投资603亿元。分行业看,工业项目完成投资205亿元,城建项目完成投资145亿元。"
    assert reading(extract(text))[1:] == (
        "工业项目完成投资=205亿元 part_of=F001",
        "城建项目完成投资=145亿元 part_of=F001",
    )


def test_a_thing_listed_beside_a_count_is_no_stage_that_splits_it():
    # 3 + 12 = 15 by chance: 社区卫生服务站 is listed beside 村级卫生室, not a stage of it
    figures = extract("建成村级卫生室15个、社区卫生服务站3个,投用12个。").figures
    assert [f.part_of for f in figures] == [None, None, None]


def test_counts_of_two_stages_are_siblings_without_qizhong():
    assert reading(extract("全市新开工项目43个,竣工项目12个。")) == ("新开工项目=43个", "竣工项目=12个")
    # 其中 makes the later stage a part
    assert reading(extract("全市新开工项目43个,其中竣工项目12个。"))[1] == "竣工项目=12个 part_of=F001"


def test_a_lead_total_is_broken_down_by_the_items_after_it_even_when_they_are_cumulative():
    text = (
        "至9月底,全区重点项目累计完成投资360亿元,完成年度计划的72%。\n一、分类型进展情况\n"
        "1、新建项目。至9月底,累计完成投资150亿元,完成年度计划的60%。\n"
        "2、续建项目。至9月底,累计完成投资210亿元,完成年度计划的84%。"
    )
    figs = extract(text).figures
    total = next(f for f in figs if f.value == 360)
    assert [(f.value, f.part_of) for f in figs if f is not total] == [(150, total.id), (210, total.id)]


def test_a_breakdown_by_name_goes_on_after_a_semicolon():
    fs = extract(
        "完成固定资产投资98.6亿元,同比增长12.3%。其中,工业投资42.1亿元,增长15.6%;民间投资36.8亿元,增长9.1%。"
    ).figures
    total, industry, private = (next(f for f in fs if f.value == Decimal(v)) for v in ("98.6", "42.1", "36.8"))
    assert (industry.part_of, private.part_of) == (total.id, total.id)


def test_a_count_after_a_semicolon_is_not_a_part_of_the_breakdown_before_it():
    fs = extract("100处健身场地已全部开工;其中52处已完成;80处健身设施已完成基础准备。").figures
    assert [(f.value, f.part_of) for f in fs] == [(Decimal(100), None), (Decimal(52), "F001"), (Decimal(80), None)]


def test_a_part_of_an_earlier_breakdown_is_no_whole_for_a_later_one():
    fs = extract(
        "全市实事项目累计完成投入46.3亿元。其中:防洪工程完成投入11亿元;供水工程完成投入4亿元。"
        "有2个项目基本达到序时进度。其中:文化惠民工程完成投入8250万元。"
    ).figures
    total, culture = fs[0], next(f for f in fs if f.value == Decimal(8250))
    assert culture.part_of == total.id


def test_stages_that_add_up_to_a_count_split_it_and_a_shortfall_does_not():
    split = extract("新建学校15所,已竣工9所,在建6所。").figures
    assert [(f.value, f.part_of) for f in split] == [(Decimal(15), None), (Decimal(9), "F001"), (Decimal(6), "F001")]
    # 9 + 5 falls short of 15: no split; 15 is the plan the stages are reported against (task of a completed clause)
    short = extract("新建学校15所,已竣工9所,在建5所。").figures
    assert [(f.value, f.part_of, f.target) for f in short] == [
        (Decimal(9), None, Decimal(15)),
        (Decimal(5), None, Decimal(15)),
    ]


def test_areas_listed_before_respectively_break_down_the_total():
    figures = extract("全市新增就业3.2万人,萧县、砀山县、灵璧县分别新增1.1万人、0.9万人、0.6万人。").figures
    assert [(f.label, f.part_of) for f in figures] == [
        ("新增就业", None),
        ("萧县新增", "F001"),
        ("砀山县新增", "F001"),
        ("灵璧县新增", "F001"),
    ]


def test_towns_listed_before_respectively_break_down_a_sector_total():
    figures = extract(
        "全区重点项目完成投资41.8亿元。城关镇、河口镇、新店镇完成投资分别为9.6亿元、7.2亿元、5.1亿元。"
    ).figures
    assert [f.part_of for f in figures] == [None, "F001", "F001", "F001"]


def test_an_area_and_a_word_of_the_totals_measure_is_an_area_part():
    figures = extract("全市新增农村户用卫生厕所1.32万户,各县区中,萧县完成4200户,砀山县完成3800户。").figures
    assert [(f.label, f.part_of) for f in figures] == [
        ("新增农村户用卫生厕所", None),
        ("萧县完成", "F001"),
        ("砀山县完成", "F001"),
    ]


def test_two_measures_sharing_two_characters_are_no_breakdown_without_qi_zhong():
    figures = extract("全县城镇新增就业8620人,带动就业2100人。").figures
    assert [f.part_of for f in figures] == [None, None]
    figures = extract("全市发放创业担保贷款5.6亿元,发放生源地助学贷款1.2亿元。").figures
    assert [f.part_of for f in figures] == [None, None]


def test_a_total_broken_down_in_the_next_section_when_the_parts_add_up_to_it():
    text = (
        "一、总体情况\n全县重点项目累计完成投资38.62亿元。\n二、分类情况\n"
        "产业类项目完成投资19.36亿元;基础设施类项目完成投资12.08亿元;社会民生类项目完成投资7.18亿元。"
    )
    assert [f.part_of for f in extract(text).figures] == [None, "F001", "F001", "F001"]
    short = text.replace("7.18亿元", "5.18亿元")  # they do not add up: no breakdown across sections
    assert [f.part_of for f in extract(short).figures] == [None, None, None, None]


def test_two_measures_that_differ_in_one_character_of_their_noun_are_no_breakdown():
    figures = extract("全县金融机构各项存款余额486.3亿元;各项贷款余额372.9亿元。").figures
    assert [(f.label, f.part_of) for f in figures] == [("金融机构各项存款余额", None), ("各项贷款余额", None)]


def test_a_new_measure_after_a_semicolon_ends_the_breakdown_a_qi_zhong_opened():
    text = "新增学位2700个,其中小学学位1620个、初中学位1080个;新建便民市场5个。"
    assert [f.part_of for f in extract(text).figures] == [None, "F001", "F001", None]
    text = "完成投资81.2亿元,其中,工业投资42.1亿元;民间投资36.8亿元。"
    assert [f.part_of for f in extract(text).figures] == [None, "F001", "F001"]


def test_one_percent_after_parts_listed_under_qi_zhong_measures_the_whole():
    text = "新建公共充电桩2600个,其中快充桩1100个、慢充桩1500个,完成年度目标的130%。"
    assert [(f.label, f.pct_of_plan, f.part_of) for f in extract(text).figures] == [
        ("新建公共充电桩", Decimal("130"), None),
        ("快充桩", None, "F001"),
        ("慢充桩", None, "F001"),
    ]
    one_part = "城镇新增就业3.2万人,其中失业人员再就业1.2万人,完成年度目标的105%。"  # the nearest figure's, as before
    assert [f.pct_of_plan for f in extract(one_part).figures] == [None, Decimal("105")]


def test_a_lead_figure_a_later_sentence_restates_with_its_percent_is_one_metric_unless_it_is_a_total():
    lead = "本报讯 截至7月底,已建成5G基站1736个。\n全市计划新建5G基站2000个,截至7月底已建成1736个,占年度任务的86.8%。"
    assert [(f.value, f.target, f.pct_of_plan) for f in extract(lead).figures] == [
        (Decimal("1736"), Decimal("2000"), Decimal("86.8"))
    ]
    total = lead.replace("已建成5G基站1736个。", "全市已建成5G基站1736个。")  # a 全市 total may be broken down later: kept
    assert len(extract(total).figures) == 2


def test_parts_after_qi_zhong_belong_to_the_earlier_whole_of_the_stage_they_name():
    text = "全县新建改扩建学校15所,已竣工11所,在建4所。其中:城区竣工4所,宾阳县竣工7所。"
    assert [(f.label, f.part_of) for f in extract(text).figures][3:] == [("城区竣工", "F002"), ("宾阳县竣工", "F002")]


def test_a_change_against_last_year_is_no_whole_of_the_parts_after_it():
    parents = [(f.label, f.part_of) for f in extract("完成投资12亿元,比上年增加2亿元,其中民间投资5亿元。").figures]
    assert parents[-1] == ("民间投资", "F001")


def test_a_clause_that_opens_with_work_done_after_a_breakdown_is_a_new_measure():
    figures = extract("全市下达资金2.4亿元,其中省级资金1.6亿元;已拨付资金1.8亿元。").figures
    assert [(f.label, f.part_of) for f in figures] == [("下达资金", None), ("省级资金", "F001"), ("拨付资金", None)]


def test_the_next_sentences_measure_sharing_two_characters_is_no_part_of_a_broken_down_total():
    figures = extract("全市改造燃气管网86公里,其中市区52公里。新建供水管网40公里。").figures
    assert [(f.label, f.part_of) for f in figures] == [("改造燃气管网", None), ("市区", "F001"), ("新建供水管网", None)]


def test_two_areas_of_one_measure_are_siblings_not_a_total_and_its_part():
    figures = extract("全县城区新增停车位1600个,乡镇新增停车位900个。").figures
    assert [f.part_of for f in figures] == [None, None]


def test_places_after_a_semicolon_are_no_parts_of_the_first_places_breakdown():
    text = "全省已开工老旧小区3150个,分市看,合肥市开工820个,其中完工610个;芜湖市开工560个;蚌埠市开工430个。"
    parents = {f.label: f.part_of for f in extract(text).figures}
    assert parents["合肥市完工"] == "F002"
    assert parents["芜湖市开工"] != "F002" and parents["蚌埠市开工"] != "F002"


def test_a_parts_bare_share_that_the_arithmetic_ties_to_its_whole_is_a_rate_not_a_percent_of_plan():
    # 5200 / 8000 = 65 %: the part's share of the whole, although the whole's share named the plan before it
    text = "全市完成棚户区改造8000套,占年度目标的80%,其中货币化安置5200套,占65%。"
    assert reading(extract(text)) == (
        "棚户区改造=8000套 80%(年度目标)",
        "货币化安置=5200套 part_of=F001",
        "货币化安置占比=65%",
    )


@pytest.mark.parametrize(
    "text",
    [
        # numbered parts after 其中: stay in their sentence (the whole was taken for a heading and lost)
        "三、农村公路提升工程。完成农村公路提质改造126公里,其中:(1)县道42公里;(2)乡道51公里;(3)村道33公里。",
        # a colon list after 其中: is the breakdown up to the sentence's end, whatever its parts' measures
        "全市完成农村公路提质改造126公里,其中:县道改造42公里;乡道改造51公里;村道硬化33公里。",
    ],
)
def test_parts_listed_after_qizhong_and_a_colon_are_all_parts_of_the_whole(text):
    figures = extract(text).figures
    assert [(f.value, f.part_of) for f in figures] == [
        (Decimal(126), None),
        (Decimal(42), "F001"),
        (Decimal(51), "F001"),
        (Decimal(33), "F001"),
    ]


def test_areas_after_a_semicolon_go_on_with_an_area_breakdown():
    figures = extract("新建5G基站1800个,完成年度任务的90%;其中城区1200个;农村600个。").figures
    assert [f.part_of for f in figures] == [None, "F001", "F001"]


def test_a_clause_after_a_semicolon_that_opens_with_the_wholes_action_is_its_sibling():
    figures = extract("新增养老床位500张,其中护理型床位300张;新增托育床位200张。").figures
    assert [(f.label, f.part_of) for f in figures] == [
        ("新增养老床位", None), ("护理型床位", "F001"), ("新增托育床位", None),
    ]


def test_parts_after_a_whole_named_with_a_bracket_go_on_with_it():
    text = (
        "市本级完成投资58.3亿元;各县(市、区)完成投资128.1亿元,其中:临川县完成投资36.4亿元;"
        "青河县完成投资29.7亿元;白沙区完成投资22.6亿元。"
    )
    figures = extract(text).figures
    assert [(f.label, f.part_of) for f in figures] == [
        ("市本级完成投资", None), ("各县(市、区)完成投资", None), ("临川县完成投资", "F002"),
        ("青河县完成投资", "F002"), ("白沙区完成投资", "F002"),
    ]


def test_a_total_after_parts_that_add_up_to_it_is_their_whole_named_by_their_measure():
    figures = extract("完成通村公路硬化86公里、通组公路硬化124公里,合计210公里,占年度任务的87.5%。").figures
    assert [(f.label, f.part_of) for f in figures] == [
        ("通村公路硬化", "F003"), ("通组公路硬化", "F003"), ("合计公路硬化", None),
    ]
    # parts that do not add up to it are left alone
    figures = extract("城区新增停车位1600个,乡镇新增停车位900个,合计新增停车位2600个。").figures
    assert [f.part_of for f in figures] == [None, None, None]
