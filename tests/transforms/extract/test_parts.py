"""Parents (transforms/extract/parts.py): 其中 parts, breakdowns of a stated total."""

from __future__ import annotations

from transforms.extract import extract
from transforms.extract.rules import reading


def test_a_part_larger_than_the_whole_of_its_sentence_is_kept_for_validation_to_flag():
    assert reading(extract("改造老旧小区120个,其中125个已完工。"))[1] == "改造老旧小区完工=125个 part_of=F001"


def test_a_part_after_a_sentence_break_belongs_to_the_nearest_earlier_total_at_least_as_large():
    text = "全年累计完成投入12亿元。信报箱建设工程完成投入300万元。其中:文化惠民工程完成投入8250万元。"
    assert reading(extract(text))[-1].endswith("=8250万元 part_of=F001")


def test_a_breakdown_by_sector_of_a_stated_total_without_qizhong():
    text = "截至7月底,全市重点项目完成投资603亿元。分行业看,工业项目完成投资205亿元,城建项目完成投资145亿元。"
    assert reading(extract(text))[1:] == ("工业项目完成投资=205亿元 part_of=F001", "城建项目完成投资=145亿元 part_of=F001")
