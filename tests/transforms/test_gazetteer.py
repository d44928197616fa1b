"""The gazetteer of official region names (cpca's adcode table)."""

from __future__ import annotations

import pytest

from transforms.gazetteer import find_regions, is_region, region_names


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


def test_table_size():
    # 3,511 rows in cpca 0.5.5 (some names shared by two places), plus short forms, minus common words.
    assert 3000 < len(region_names()) < 4000
