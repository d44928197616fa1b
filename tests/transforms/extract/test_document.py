"""Document facts (transforms/extract/document.py): programme names with their level, regions from the gazetteer."""

from __future__ import annotations

import datetime as dt

import pytest

from transforms.extract import parse_document
from transforms.gazetteer import parent_names
from transforms.text import bulletin_text


@pytest.mark.parametrize("head, program, region", [
    ("社会广泛关注的2021年10件省重点民生实事,均实现了满分交卷", "省重点民生实事", None),
    ("2024年省级重点民生实事进展情况", "省级重点民生实事", None),
    ("2020年青岛市市办实事进展情况", "市办实事", "青岛市"),  # 市 ends the region's name
    ("我市为民办实事进展顺利", "为民办实事", None),  # 我市 names no level
])
def test_programme_keeps_its_level_of_government(head, program, region):
    doc = parse_document(bulletin_text(head))
    assert (doc.program, doc.region) == (program, region)


@pytest.mark.parametrize("head, published", [
    ("索引号:1 成文日期: 2022-06-08\n2021年市政府重点工作进展情况表\n发布日期:2021-08-13 17:42", "2021-08-13"),
    ("时间:2022-02-10 13:51:10 来源: 百家号\n2021年省重点民生实事全面完成", "2022-02-10"),
    ("民生实事进展如何?7月20日,记者从省政府办公厅获悉,截至2025年6月底,全省10件重点民生实事整体进展顺利。",
     "2025-07-20"),
    ("上半年民生实事最新进展 记者 张某 2024-07-24 来源:发布\n截至2024年6月底,10件民生实事进展顺利。", "2024-07-24"),
    ("截至2024年6月30日,10件民生实事进展顺利。", None),  # an as-of date is not a publication date
])
def test_published_from_date_lines_datelines_and_the_page_date(head, published):
    doc = parse_document(bulletin_text(head))
    assert (doc.published.isoformat() if doc.published else None) == published


@pytest.mark.parametrize("title, program", [
    ("朝阳区2017年市政府绩效任务四季度进展情况", "市政府绩效任务"),  # 市 before 政府 belongs to the name
    ("2021年市政府重点工作半年度进展情况表", "市政府重点工作"),  # 半年度 is the period, not the name
])
def test_a_title_names_its_programme_with_the_government_it_belongs_to(title, program):
    assert parse_document(bulletin_text(title)).program == program


@pytest.mark.parametrize("head, period_text, as_of", [
    ("2016年保障房建设进展:截至9月,全省新开工8万套。", "截至9月", "2016-09-30"),
    ("2016年保障房建设进展:截至9月中旬,全省新开工8万套;截至8月底已开工7万套。", "截至8月底", "2016-08-31"),
    ("2020年市办实事:截至10月底,完成投资3亿元。", "截至10月底", "2020-10-31"),
])
def test_a_month_without_its_end_word_is_its_last_day(head, period_text, as_of):
    doc = parse_document(bulletin_text(head))
    assert (doc.period_text, str(doc.as_of)) == (period_text, as_of)


@pytest.mark.parametrize("head, year", [
    ("民生工程实施以来,我市民生工程项目由2007年的12项拓展为2013年的33项。截至8月底,到位资金26亿元。", 2013),
    ("截至9月底,重点项目完成投资367亿元。2018年将继续推进重点项目建设。", None),
])
def test_the_programme_year_is_the_latest_year_named_not_a_year_of_plans(head, year):
    assert parse_document(bulletin_text(head)).program_year == year


def test_a_period_after_the_year_is_not_part_of_the_programme_name():
    doc = parse_document(bulletin_text("普陀区2021年上半年国民经济和社会发展计划执行情况"))
    assert (doc.program, doc.region, doc.program_year) == ("国民经济和社会发展计划", "普陀区", 2021)


def test_the_end_of_a_named_year_is_its_last_day():
    doc = parse_document(bulletin_text("截至2022年底,全省实现门诊费用直接结算的医疗机构5154家。"))
    assert (doc.period_text, str(doc.as_of), doc.program_year) == ("截至2022年底", "2022-12-31", 2022)


@pytest.mark.parametrize("head, region", [
    ("全省农村公路建设进展:湖南农网建设完成投资12亿元。", "湖南省"),
    ("全省重点项目进展顺利,河南、湖北两省交界处的项目已开工。", None),  # two provinces: no guess
    ("全市新建公园5个,湖南路改造完成。", None),  # the text speaks for a city, not a province
])
def test_a_province_named_by_its_short_form_in_a_text_that_speaks_for_a_province(head, region):
    assert parse_document(bulletin_text(head)).region == region


@pytest.mark.parametrize("head, period_text", [
    ("截至目前,施工方已开展入户改造40户。", "截至目前"),
    ("该项目目前主体完成约70%。", "目前"),
    ("2021年民生实事:截至9月底,目前已建成公园5个。", "截至9月底"),  # a dated period wins
])
def test_an_undated_reporting_point_is_the_period_text_without_an_as_of(head, period_text):
    doc = parse_document(bulletin_text(head))
    assert doc.period_text == period_text and (doc.as_of is None) == (period_text != "截至9月底")


def test_a_title_read_by_its_layout_gives_the_year_it_reports_on():
    # A plan-execution report names next year's draft plan after this year's execution: the year is the title's.
    doc = parse_document(bulletin_text("受区政府委托,报告我区2018年国民经济和社会发展计划执行情况以及2019年计划草案。"))
    assert (doc.program, doc.program_year) == ("国民经济和社会发展计划", 2018)


@pytest.mark.parametrize("head, period_text, as_of", [
    ("2019年省重点民生实事全面完成。全年累计完成培训12万人。", "全年", "2019-12-31"),
    ("我区2019年国民经济和社会发展计划执行情况:全年预计地区生产总值增长6%。", "全年预计", "2019-12-31"),
    ("2019年重点工作:“全年实现融资20亿元”已完成。", None, None),  # a quoted task names the plan, not the period
    ("2019年民生实事:截至9月底,全年累计完成投资3亿元。", "截至9月底", "2019-09-30"),  # a dated period wins
])
def test_a_year_end_report_covers_the_whole_year(head, period_text, as_of):
    doc = parse_document(bulletin_text(head))
    assert (doc.period_text, str(doc.as_of) if doc.as_of else None) == (period_text, as_of)


@pytest.mark.parametrize("raw, period_text", [
    ("<table><tr><td>建设内容</td><td>进展</td></tr><tr><td>通村公交</td><td>已完成,目前通达率98%</td></tr></table>",
     None),  # one project's remark in a cell
    ("<table><tr><td>建设内容</td><td>进展</td></tr><tr><td>改造100户</td><td>截至目前,已改造40户</td></tr></table>",
     "截至目前"),
    ("<p>目前各项工程推进顺利。</p><table><tr><td>通村公交</td><td>目前通达率98%</td></tr></table>", "目前"),
])
def test_a_bare_now_in_a_table_cell_is_not_the_reporting_point(raw, period_text):
    assert parse_document(bulletin_text(raw)).period_text == period_text


@pytest.mark.parametrize("head, region", [
    ("朝阳区2018年市政府绩效任务进展情况\n二氧化硫减排量经北京市环保局核定。", "北京市朝阳区"),
    ("朝阳区2018年市政府绩效任务进展情况\n二氧化硫减排量经区环保局核定。", "朝阳区"),  # its city is not named
    ("朝阳区2018年重点项目进展情况\n北京市、长春市两地合作项目已开工。", "朝阳区"),  # both cities have one: no guess
    ("萧县2018年民生实事进展情况\n宿州市考核组已验收。", "萧县"),  # a county stands alone
])
def test_a_district_is_named_with_its_city_when_the_text_names_the_city(head, region):
    assert parse_document(bulletin_text(head)).region == region


def test_the_gazetteer_knows_the_cities_of_a_district():
    assert parent_names("朝阳区") == {"北京市", "长春市"} and parent_names("青岛市") == frozenset()


@pytest.mark.parametrize("head, program", [
    ("截至9月,全省新增保障性安居工程8万套,竣工6万套。", "保障性安居工程"),
    ("关于1至6月份盟级重大项目进展情况的通报(2021年度)", "盟级重大项目"),  # a league's list of major projects
    ("2021年省级重大项目完成投资120亿元。", "省级重大项目"),
    ("全市重大项目进展顺利,完成投资12亿元。", None),  # 重大项目 without a level names no programme
])
def test_programmes_of_housing_and_of_major_projects_by_level(head, program):
    assert parse_document(bulletin_text(head)).program == program


@pytest.mark.parametrize("head, region", [
    ("现将我盟重大项目进展情况通报如下:全盟完成投资33亿元。\n突泉县完成投资3亿元。开工率较高的有突泉县。",
     "兴安盟"),
    ("州交通局:全州完成公路建设120公里。\n吉首市和泸溪县的项目已开工。", "湘西土家族苗族自治州"),
    ("全市完成投资30亿元,城区完成12亿元。\n乐清市召开推进会,乐清市完成投资5亿元。", "乐清市"),  # speaks for itself
    ("全县完成投资3亿元。\n突泉县召开推进会,突泉县完成投资。", "突泉县"),  # a county's own text
])
def test_a_county_named_in_a_text_that_speaks_for_the_division_above_it(head, region):
    assert parse_document(bulletin_text(head)).region == region


@pytest.mark.parametrize("head, period_text, as_of", [
    ("晨报讯 2019年度市政府实事项目已全部收官,市民满意度90分。", "2019年度", "2019-12-31"),
    ("2019年度市政府实事项目全面完成。", "2019年度", "2019-12-31"),
    ("2019年度市政府实事项目进展顺利。", None, None),  # a year named without its end
])
def test_a_named_year_declared_complete_is_the_period(head, period_text, as_of):
    doc = parse_document(bulletin_text(head))
    assert (doc.period_text, str(doc.as_of) if doc.as_of else None) == (period_text, as_of)


@pytest.mark.parametrize("head, program, year", [
    ("6月20日,记者从省水利厅获悉,2021年全省农村供水保障提升工程建设进展顺利,目前累计到位资金8亿元。",
     "农村供水保障提升工程", 2021),
    ("2021年全市老旧小区改造项目推进顺利。", "老旧小区改造项目", 2021),
    ("2021年全市经济运行总体平稳。", None, 2021),  # no programme named
])
def test_a_lead_sentence_names_the_programme_when_no_title_does(head, program, year):
    doc = parse_document(bulletin_text(head))
    assert (doc.program, doc.program_year) == (program, year)


def test_a_notices_closing_date_line_under_its_signature_is_its_published_date():
    text = "关于2024年十件民生实事进展情况的通报\n截至10月底,新建公园12个。\n市民生实事办公室\n2024年11月8日"
    assert parse_document(text).published == dt.date(2024, 11, 8)
    # A date inside the last sentence is not a closing date line.
    assert parse_document("关于2024年民生实事进展情况\n项目将于2024年12月31日前全部完成。").published is None


def test_a_pages_title_outside_its_body_gives_the_document_facts_and_no_figures():
    from transforms.extract import extract
    from transforms.text import page_title

    page = (
        "<html><head><title>关于2023年十件民生实事1-9月进展情况的通报_临海市人民政府</title></head>"
        "<body><p>新建公园5个,已完成3个。</p></body></html>"
    )
    assert page_title(page) == "关于2023年十件民生实事1-9月进展情况的通报_临海市人民政府"
    extraction = extract(page)
    doc = extraction.document
    assert (doc.region, doc.program, doc.program_year, doc.as_of, doc.period_text) == (
        "临海市",
        "十件民生实事",
        2023,
        dt.date(2023, 9, 30),
        "1-9月",
    )
    assert "临海市" not in extraction.text  # the title is not part of the text figures are read from
    assert [(f.value, f.target) for f in extraction.figures] == [(3, 5)]


def test_a_page_without_a_title_and_plain_text_have_none():
    from transforms.text import page_title

    assert page_title("<html><body><p>新建公园5个。</p></body></html>") is None
    assert page_title("<title> </title><p>新建公园5个。</p>") is None
    assert page_title("新建公园5个。") is None


@pytest.mark.parametrize("head, region", [
    # A county-level city opening a sentence, or named twice, in a text that says 全市: its city's bulletin says
    # 全市 as well, so it names a place of the breakdown, not the region.
    ("2022年市办实事进展情况\n截至10月底,全市完成投资9亿元。平度市建成公园3个,平度市新增车位200个。", None),
    # A city named twice in a text that speaks for a province is a place inside it.
    ("我省民生实事进展顺利\n截至6月底,全省新增就业40万人,其中,洛阳市新增6万人,洛阳市新建学校12所。", None),
    # A province named twice in its own text is its region.
    ("全省民生实事进展顺利。截至9月底,全省新增就业40万人,同时,江西省农村公路建设成效明显,部委对江西省给予肯定。",
     "江西省"),
    # A county-level city named strongly (opening a line) in a text that says 全市 speaks for itself.
    ("全市完成投资3亿元。\n平度市召开推进会。", "平度市"),
])
def test_a_place_named_weakly_below_the_level_the_text_speaks_for_is_not_its_region(head, region):
    assert parse_document(bulletin_text(head)).region == region


_LONG_BODY = "各单位细化工作措施,倒排时间节点,确保项目按计划推进。" * 15


@pytest.mark.parametrize("closing, published", [
    # Copies to other offices after the signature.
    ("县民生实事办公室\n2022年11月3日\n抄送:县委办公室,县人大常委会办公室,县政协办公室,县纪委监委,县法院,县检察院。",
     "2022-11-03"),
    # An annex and its table after the signature.
    ("区为民办实事领导小组办公室\n2022年10月12日\n附件:进展情况表\n序号 项目 目标 完成\n1 新建公厕 12座 9座\n2 新建公园 4个 3个",
     "2022-10-12"),
    # A date line in Chinese numerals.
    ("县民生实事办公室\n二〇二二年十二月二十六日", "2022-12-26"),
    ("县民生实事办公室\n二○二二年九月三十日\n抄送:县委办公室。", "2022-09-30"),
    # A date line under a sentence (not a signature) is not the published date.
    ("剩余项目的计划完成时间为:\n2022年12月31日\n抄送:县委办公室。", None),
])
def test_a_date_line_under_a_signature_is_the_published_date_whatever_follows_it(closing, published):
    text = f"关于2022年民生实事进展情况的通报\n{_LONG_BODY}\n截至10月底,新建公园12个。\n{closing}"
    doc = parse_document(text)
    assert (doc.published.isoformat() if doc.published else None) == published


@pytest.mark.parametrize("head, period_text, as_of", [
    ("2022年民生实事进展\n截止到8月底,全县新建公园6个。", "截止到8月底", "2022-08-31"),
    ("2022年民生实事进展\n截至到11月15日,全区新增车位900个。", "截至到11月15日", "2022-11-15"),
    ("2022年民生实事进展\n到7月底,全区已改造小区18个。", "到7月底", "2022-07-31"),
    ("2022年民生实事进展\n全区新建公园6个。到12月底前,全部建成。", None, None),  # a deadline
    ("2022年民生实事进展\n新建公园6个,到年底将建成10个;到11月底,计划完成投资2亿元。", None, None),  # plans
    ("2022年民生实事进展\n产量提高到10月的两倍。", None, None),  # 到 inside a clause
])
def test_until_written_with_dao_is_the_as_of_point_unless_a_deadline(head, period_text, as_of):
    doc = parse_document(bulletin_text(head))
    assert (doc.period_text, str(doc.as_of) if doc.as_of else None) == (period_text, as_of)


@pytest.mark.parametrize("head, published", [
    ("全县民生实事进展过半\n记者8月12日从县发改局获悉,2022年全县民生实事推进顺利。截至7月底,新建公园5个。", "2022-08-12"),
    ("2022年民生实事进展\n8月12日从区政府新闻办了解到,截至7月底,全区新建公园5个。", "2022-08-12"),
    ("2022年民生实事进展\n记者8月12日在县民生实事推进会上得知,截至7月底,新建公园5个。", "2022-08-12"),
    # A day of an event is no dateline: nothing is learnt from a source.
    ("2022年民生实事进展\n8月12日在县城召开推进会,截至7月底,新建公园5个。", None),
])
def test_a_dateline_names_the_day_the_news_was_learnt_from_its_source(head, published):
    doc = parse_document(bulletin_text(head))
    assert (doc.published.isoformat() if doc.published else None) == published


@pytest.mark.parametrize("head, year, as_of", [
    # The publication date's year is the page's, not the programme's.
    ("我县民生实事全年完成情况\n发布时间:2023年01月10日 来源:县政府办\n2022年,全县民生实事项目全年累计完成投资3亿元。",
     2022, "2022-12-31"),
    # Last year's programme as a baseline, and a year of a past event, are history.
    ("我县民生实事进展顺利\n在2021年十件民生实事全部完成的基础上,今年以来截至9月底新建城市书房5家。", None, None),
    ("县住建局于2020年制定了工作方案,截至9月底全县新开工安置房800套。", None, None),
    # 关于 names the subject of a notice, not a time.
    ("关于2022年十件民生实事进展情况的通报\n截至9月底,新建公园5个。", 2022, "2022-09-30"),
    # No year named but the page's date: its year, in any date format.
    ("民生实事1—9月进展情况\n2022/10/14 09:30 来源:县政府办公室\n1—9月,全县完成投资2亿元。", 2022, "2022-09-30"),
])
def test_the_programme_year_is_not_a_year_of_history_nor_the_publication_dates(head, year, as_of):
    doc = parse_document(bulletin_text(head))
    assert (doc.program_year, str(doc.as_of) if doc.as_of else None) == (year, as_of)


@pytest.mark.parametrize("head, period_text, as_of", [
    # The lead's period, not one item's later day.
    ("2022年县办实事进展\n截至11月底,全县10件实事进展顺利。其中,城北小学扩建截至10月12日已封顶。", "截至11月底",
     "2022-11-30"),
    # A day written first wins as well.
    ("2022年县办实事进展\n截至11月20日,全县新建公园8个;截至10月底已完成投资2亿元。", "截至11月20日", "2022-11-20"),
])
def test_the_first_until_period_written_is_the_reported_period(head, period_text, as_of):
    doc = parse_document(bulletin_text(head))
    assert (doc.period_text, str(doc.as_of)) == (period_text, as_of)


@pytest.mark.parametrize("head, period_text, as_of", [
    ("2022年第二季度民生实事推进情况\n二季度,全县新建幼儿园2所。", "2022年第二季度", "2022-06-30"),
    ("朝阳区2021年民生实事四季度进展情况\n全区新增托位600个。", "四季度", "2021-12-31"),
    ("2022年下半年县办实事推进情况\n全县新建文化礼堂8个。", "2022年下半年", "2022-12-31"),
    # A named part of the year that opens plans is not the period reported on.
    ("2022年民生实事进展\n全县新建文化礼堂8个。下半年,将继续推进。", None, None),
    ("2022年民生实事进展\n全县新建文化礼堂8个。四季度全县将新建5个。", None, None),
])
def test_second_and_fourth_quarters_and_the_second_half_are_periods(head, period_text, as_of):
    doc = parse_document(bulletin_text(head))
    assert (doc.period_text, str(doc.as_of) if doc.as_of else None) == (period_text, as_of)


@pytest.mark.parametrize("head, period_text, as_of", [
    ("2022年十件民生实事全部完成\n截至年底,全县十件民生实事全部完成年度目标。", "截至年底", "2022-12-31"),
    ("2022年全市重点项目建设提速\n前8个月,全市重点项目累计完成投资300亿元。", "前8个月", "2022-08-31"),
    ("2022年全市重点项目建设提速\n前11月,全市完成投资300亿元。", "前11月", "2022-11-30"),
    ("2022年民生实事进展\n截至十一月十五日,全市新建社区食堂30个。", "截至十一月十五日", "2022-11-15"),
    ("2022年民生实事进展\n截至十一月底,全市新建社区食堂30个。", "截至十一月底", "2022-11-30"),
])
def test_year_end_spans_of_months_and_days_in_chinese_numerals(head, period_text, as_of):
    doc = parse_document(bulletin_text(head))
    assert (doc.period_text, str(doc.as_of) if doc.as_of else None) == (period_text, as_of)


@pytest.mark.parametrize("head, published, as_of", [
    # A cut-off label states the as-of point, not the page's date.
    ("2022年民生实事项目进展情况表\n统计截止时间:2022年10月31日\n新建公园5个。", None, "2022-10-31"),
    # A date after another word ending in 时间 or 日期 is no publication date.
    ("2022年民生实事进展\n截至9月底,新建公厕20座,计划完成时间:2022年12月31日。", None, "2022-09-30"),
    ("2022年民生实事进展\n开工日期 2022-03-01,截至9月底已完工。", None, "2022-09-30"),
    # 时间 standing alone labels the page's date.
    ("2022年民生实事进展\n时间:2022-10-18 来源:县政府办\n截至9月底,新建公园5个。", "2022-10-18", "2022-09-30"),
])
def test_only_a_publication_label_or_a_lone_time_label_dates_the_page(head, published, as_of):
    doc = parse_document(bulletin_text(head))
    assert (doc.published.isoformat() if doc.published else None, str(doc.as_of) if doc.as_of else None) == (
        published, as_of)


@pytest.mark.parametrize("head, year, period_text, as_of", [
    ("二〇二二年十件民生实事进展情况通报\n截至9月底,全县新增城镇就业2100人。", 2022, "截至9月底", "2022-09-30"),
    ("市政府十件民生实事进展情况\n截至二〇二二年八月底,全市新建社区食堂40个。", 2022, "截至二〇二二年八月底",
     "2022-08-31"),
    ("一九九九年为民办实事进展\n截至10月底,全县新修道路30公里。", 1999, "截至10月底", "1999-10-31"),
])
def test_years_written_in_chinese_numerals(head, year, period_text, as_of):
    doc = parse_document(bulletin_text(head))
    assert (doc.program_year, doc.period_text, str(doc.as_of)) == (year, period_text, as_of)


@pytest.mark.parametrize("head, published", [
    # The page's date stands on a date line of its own: opening a line, or before a time or the source.
    ("民生实事进展\n2022年10月16日 08:45 来源:县政府办\n截至9月底,新建公园5个。", "2022-10-16"),
    ("民生实事进展:新建公园12个\n来源:县融媒体中心 2022-10-18\n截至9月底,新建公园12个。", "2022-10-18"),
    # An event's date inside a sentence or a table row is not the page's.
    ("我县民生实事项目进展情况\n城南幼儿园(2022年3月1日开工)主体已完工,截至9月底新建幼儿园3所。", None),
    ("民生实事项目进展情况\n序号 项目名称 开工日期 进展\n1 新建城南幼儿园 2022-03-01 主体完工", None),
])
def test_the_pages_date_stands_on_a_date_line_of_its_own(head, published):
    doc = parse_document(bulletin_text(head))
    assert (doc.published.isoformat() if doc.published else None) == published


@pytest.mark.parametrize("title, program, region", [
    ("2022年我市20项民心工程进展情况", "民心工程", None),  # Hebei's and Tianjin's name
    ("2022年南山区民生微实事项目推进情况", "民生微实事", "南山区"),  # Shenzhen's
    ("2022年自治区为民办实事工程进展情况", "为民办实事", None),  # the 区 of 自治区 is no level of government
    # A title read by its layout: the region that opens the name is the title's region, not part of the name.
    ("2022年南山区城市更新重点工作推进情况", "城市更新重点工作", "南山区"),
])
def test_common_programme_names_and_the_region_before_them(title, program, region):
    doc = parse_document(bulletin_text(title))
    assert (doc.program, doc.region, doc.program_year) == (program, region, 2022)


@pytest.mark.parametrize("head, region", [
    # A name whose last character opens another word (市场) is part of that word.
    ("2022年我县十件民生实事进展\n截至9月底,全县10件民生实事推进顺利。\n永安市场改造提升工程已完工。", None),
    ("2022年我区民生实事进展\n截至9月底,全区民生实事进展顺利。\n东方市场改造工程已完工。", None),
    # A name that is also an everyday word (the new town) names a region only before its government.
    ("全市民生实事前三季度进展\n前三季度,全市新建学校8所。\n新城区配套学校已竣工。", None),
    ("全区民生实事前三季度进展\n新城区政府:前三季度新建学校8所。", "新城区"),
    # A province's short form opening a firm's name, and a ranking 全省第一, name no province.
    ("我县民生实事进展顺利\n截至9月底,全县新增就业2100人,增幅全省第一。安徽建工集团承建的县医院已封顶。", None),
    # The short form of an autonomous division is the region as written.
    ("黔东南州2022年十件民生实事上半年进展情况\n上半年,全州新增城镇就业1.8万人。", "黔东南州"),
    ("长阳自治县2022年民生实事上半年进展\n上半年,全县新建农村公路60公里。", "长阳自治县"),
])
def test_a_region_name_inside_another_word_is_no_region(head, region):
    assert parse_document(bulletin_text(head)).region == region


@pytest.mark.parametrize("head, period_text, as_of", [
    ("2022年我市十件民生实事全面完成\n2022年,全市十件民生实事全部完成年度目标,新建公园20个。", "2022年", "2022-12-31"),
    # A year without its completion is no period.
    ("2022年民生实事进展\n2022年,全市计划新建公园20个,已建成12个。", None, None),
])
def test_a_year_declared_complete_is_the_period(head, period_text, as_of):
    doc = parse_document(bulletin_text(head))
    assert (doc.period_text, str(doc.as_of) if doc.as_of else None) == (period_text, as_of)


@pytest.mark.parametrize("head, published", [
    # No as-of date: a January dateline may be the year-end report of the year before; its year is not stated.
    ("我县2022年十件民生实事全面完成\n本报1月12日讯 记者从县政府办获悉,2022年全县十件民生实事全部完成。", None),
    # With the period known, a January dateline after a December period is the next year's.
    ("我县2022年民生实事进展\n本报1月12日讯 截至12月底,全县十件民生实事全部完成。", "2023-01-12"),
    ("我县2022年民生实事进展\n本报7月12日讯 记者从县政府办获悉,全县新建公园5个。", "2022-07-12"),
])
def test_a_january_dateline_without_a_period_is_not_dated(head, published):
    doc = parse_document(bulletin_text(head))
    assert (doc.published.isoformat() if doc.published else None) == published


def test_a_pages_date_line_dates_the_page_before_the_day_the_news_was_learnt():
    text = "我市民生实事进展顺利\n2023-07-14 09:30 来源:本报\n7月13日,记者从市政府新闻办获悉,今年全市城镇新增就业3.86万人。"
    assert parse_document(bulletin_text(text)).published == dt.date(2023, 7, 14)


def test_a_date_line_in_brackets_under_the_title_is_the_published_date():
    text = "南湖区2023年民生实事项目完成情况\n(2024年1月12日)\n截至12月底,全区新建公园5个。"
    assert parse_document(bulletin_text(text)).published == dt.date(2024, 1, 12)
    event = "我县民生实事项目进展情况\n城南幼儿园(2023年3月1日开工)主体已完工。"
    assert parse_document(bulletin_text(event)).published is None


def test_a_title_names_a_programme_written_in_book_title_marks():
    doc = parse_document(bulletin_text("2023年《政府工作报告》目标任务完成情况\n2024年1月18日\n截至12月底,全年城镇新增就业7126人。"))
    assert (doc.program, doc.program_year, doc.as_of) == ("《政府工作报告》目标任务", 2023, dt.date(2023, 12, 31))


def test_a_link_to_another_page_does_not_date_this_one_and_a_dateline_after_the_outlet_does():
    text = (
        "黔山县前三季度十件民生实事项目进展顺利\n"
        "本网讯(记者 王某)10月18日,记者从县政府办获悉,今年前三季度,全县城镇新增就业3862人。\n"
        "上一篇:黔山县召开2023年第三季度经济运行分析会(2023-10-12)\n"
    )
    assert parse_document(text).published == dt.date(2023, 10, 18)


def test_a_newspapers_edition_line_dates_the_page():
    text = "海滨日报 2023年8月16日 第02版\n本报讯 8月15日,记者从市政府督查室获悉,截至7月底,2023年海滨市十件民生实事总体进展顺利。"
    assert parse_document(text).published == dt.date(2023, 8, 16)


def test_a_reports_delivery_line_dates_it_and_category_counts_in_other_words_are_read():
    text = ("政府工作报告\n——2024年1月10日在海滨市第十六届人民代表大会第四次会议上\n"
            "2023年,市政府确定实施10个方面28项为民办实事项目。")
    document = parse_document(text)
    assert (document.published, document.categories_total, document.items_total) == (dt.date(2024, 1, 10), 10, 28)


def test_items_that_reached_a_share_of_their_targets_are_not_claimed_achieved():
    assert parse_document("28项实事中已有6项完成年度目标任务的30%以上。").items_achieved_claimed is None
    assert parse_document("今年10项民生实事中,已有12项提前完成年度目标。").items_achieved_claimed == 12


@pytest.mark.parametrize("head", [
    "截至9月底,全市民生实事新建口袋公园30个,比2022年同期增加12个。",  # a comparison's year
    "截至9月底,全市民生实事新建口袋公园30个,力争2024年6月底前全部完工。",  # a deadline's year
    "截至9月底,全区重点项目完成投资367亿元。上月已启动了2018年区重点项目梳排。",  # next year's programme
])
def test_a_year_of_another_period_does_not_date_the_programme(head):
    doc = parse_document(bulletin_text(head))
    assert (doc.program_year, doc.as_of, doc.period_text) == (None, None, "截至9月底")


@pytest.mark.parametrize("head", [
    "全市民生实事全年任务完成\n发布时间:2024-01-05\n截至12月底,全市新建公办幼儿园15所。",
    "全市民生实事全年任务完成\n截至12月底,全市新建公办幼儿园15所。\n海滨市人民政府办公室\n2024年1月5日",
])
def test_a_year_end_report_published_in_january_reports_the_year_before(head):
    # The year is only the page's date: a period cannot end after its report is published.
    doc = parse_document(bulletin_text(head))
    assert (doc.program_year, doc.as_of, doc.published) == (2023, dt.date(2023, 12, 31), dt.date(2024, 1, 5))


def test_links_to_other_pages_date_nothing_and_the_pages_own_date_line_after_them_is_kept():
    head = ("2022年1-10月全市重点民生实事进展情况\n截至10月31日,全市完成棚户区改造1.2万套。\n"
            "相关文章:\n2021年全市重点民生实事完成情况 2022-01-20\n发布时间:2022-11-14")
    assert parse_document(bulletin_text(head)).published == dt.date(2022, 11, 14)
    for link in ("相关链接:1-9月民生实事项目进展情况", "上一篇:2023年上半年民生实事项目进展情况"):
        doc = parse_document(bulletin_text(f"2023年度全县民生实事项目完成情况\n全县新改建乡村公路120公里。\n{link}"))
        assert (doc.as_of, doc.period_text) == (None, None)


def test_a_date_opening_a_sentence_is_an_events_not_the_pages():
    doc = parse_document(bulletin_text("2023年10月11日,市政府召开民生实事推进会。1-9月,全市新建口袋公园30个。"))
    assert (doc.published, doc.as_of) == (None, dt.date(2023, 9, 30))


def test_a_place_before_its_peoples_congress_is_the_region():
    head = "关于全市民生实事项目实施情况的审议意见\n宿迁市第八届人民代表大会常务委员会第十二次会议听取了市政府的报告。"
    assert parse_document(bulletin_text(head)).region == "宿迁市"


def test_a_notice_signed_with_the_office_and_the_date_on_one_line_is_dated_by_it():
    body = "\n".join(f"{k}.新建公园{k}个,已建成{k}个。" for k in range(1, 60))
    head = f"县政府办公室关于2023年民生实事进展情况的通报\n{body}\n涿鹿县人民政府办公室 2023年11月6日"
    assert parse_document(bulletin_text(head)).published == dt.date(2023, 11, 6)


@pytest.mark.parametrize("head, region", [
    ("今年以来,吴中区扎实推进2021年度区级民生实事项目。截至6月30日,该区已完成农村公路28.6公里。", "吴中区"),
    ("苏州新闻网讯 今年以来,苏州市吴中区扎实推进2021年度区级民生实事项目。", "苏州市吴中区"),
])
def test_a_place_opening_a_sentence_after_its_time_phrase_is_the_region(head, region):
    assert parse_document(bulletin_text(head)).region == region
