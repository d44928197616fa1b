"""The gazetteer of official region names (cpca's and jionlp's adcode tables)."""

from __future__ import annotations

import pytest

from transforms.gazetteer import find_regions, is_region, official_name, parent_names, region_names


@pytest.mark.parametrize("name, known", [
    ("青岛市", True), ("萧县", True), ("兴安盟", True), ("湘西土家族苗族自治州", True),
    ("湘西州", True), ("甘南州", True),  # short forms of autonomous prefectures
    ("全省", False), ("我市", False), ("增幅全省", False), ("重新筛选确定市", False),
    ("县", False), ("城区", False), ("新区", False),  # placeholders and everyday words of the table
])
def test_official_names_only(name, known):
    assert is_region(name) is known


def test_names_are_found_glued_to_other_words_longest_first():
    text = "据河南省政府获悉,湘西土家族苗族自治州和北京市朝阳区"
    assert [(m.start, m.name) for m in find_regions(text)] == [(1, "河南省"), (9, "湘西土家族苗族自治州"),
                                                                 (20, "北京市"), (23, "朝阳区")]


@pytest.mark.parametrize("old, new, city", [
    ("宁乡县", "宁乡市", "长沙市"),  # county to county-level city, 2017
    ("横县", "横州市", "南宁市"),  # 2021
    ("长治县", "上党区", "长治市"),  # county to district, 2018
])
def test_a_place_is_known_by_its_name_before_and_after_a_reform(old, new, city):
    assert is_region(old) and is_region(new) and city in parent_names(new)


def test_hong_kong_districts_are_not_regions():
    assert not is_region("东区") and not is_region("北区")


def test_table_size():
    # 3,511 rows in cpca 0.5.5 (some names shared by two places), plus jionlp's current names, plus short forms,
    # minus common words.
    assert 3000 < len(region_names()) < 4000


@pytest.mark.parametrize("short, official", [
    ("黔东南州", "黔东南苗族侗族自治州"),  # two peoples after a three-character place
    ("西双版纳州", "西双版纳傣族自治州"),  # a four-character place
    ("伊犁州", "伊犁哈萨克自治州"),  # a people named without 族
    ("长阳县", "长阳土家族自治县"), ("长阳自治县", "长阳土家族自治县"),  # counties: with and without 自治
    ("积石山县", "积石山保安族东乡族撒拉族自治县"),
    ("莫力达瓦旗", "莫力达瓦达斡尔族自治旗"),  # a banner
])
def test_short_forms_of_autonomous_divisions(short, official):
    assert is_region(short) and official_name(short) == official


@pytest.mark.parametrize("wrong", ["黔东州", "西双州", "积石县", "阿克县", "河南县"])
def test_no_short_form_cuts_a_place_name_or_makes_a_province_a_county(wrong):
    assert not is_region(wrong)


def test_a_short_form_has_the_parents_of_its_official_name():
    assert parent_names("长阳自治县") == parent_names("长阳土家族自治县") == {"宜昌市"}
