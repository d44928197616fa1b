"""Each phenomenon of issue 3 on sentences written for these tests (never copied from the corpus)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from transforms.extract import extract, extract_text, parse_document
from transforms.text import bulletin_text


def figs(text: str):
    return extract(text).figures


def by_value(figures, value: str, unit: str | None = None):
    found = [f for f in figures if f.value == Decimal(value) and (unit is None or f.unit == unit)]
    assert found, f"no figure {value} {unit or ''} in {[(str(f.value), f.unit) for f in figures]}"
    return found[0]


def test_respectively_percents_go_in_order_to_the_figures_before():
    fs = figs("建成社区食堂12处、助餐点103个,分别占年计划的100%和103%。")
    assert [(f.value, f.unit, f.pct_of_plan, f.pct_basis) for f in fs] == [
        (Decimal(12), "处", Decimal(100), "年计划"), (Decimal(103), "个", Decimal(103), "年计划")]


def test_respectively_three_percents_with_a_part():
    fs = figs("种植油茶35万亩,其中高产品种5.8万亩、有机品种10万亩以上,分别为任务的116%、117%、100%。")
    total, part, other = by_value(fs, "35"), by_value(fs, "5.8"), by_value(fs, "10")
    assert (total.pct_of_plan, part.pct_of_plan, other.pct_of_plan) == (Decimal(116), Decimal(117), Decimal(100))
    assert part.part_of == total.id and other.qualifier == "以上"
    assert total.pct_basis == "任务"


def test_several_figures_in_one_clause():
    fs = figs("新建64处书亭、10处书屋、30处朗读亭。")
    assert [(f.value, f.unit) for f in fs] == [(Decimal(64), "处"), (Decimal(10), "处"), (Decimal(30), "处")]


def test_households_with_people_in_brackets_are_two_figures():
    fs = figs("完成搬迁安置6万户(8.9万人)。")
    assert {(f.value, f.unit, f.base_value) for f in fs} == {(Decimal(6), "万户", Decimal(60000)),
                                                              (Decimal("8.9"), "万人", Decimal(89000))}
    assert all(f.part_of is None for f in fs)


def test_count_before_a_bracketed_name_is_a_figure():
    fs = figs("建成滨河等8个郊野(山头)公园。")
    assert [(f.value, f.unit) for f in fs] == [(Decimal(8), "个")]


def test_qizhong_part():
    fs = figs("落实保障房建设计划2741套,占年计划的137.1%,其中1722套已开工,占年计划的86.1%。")
    whole, part = by_value(fs, "2741"), by_value(fs, "1722")
    assert part.part_of == whole.id and part.pct_of_plan == Decimal("86.1")


def test_percentage_points_and_rates_are_not_progress():
    fs = figs("职工医保费率降低0.8个百分点;抽检合格率为96.79%。")
    pp, rate = by_value(fs, "0.8"), by_value(fs, "96.79")
    assert (pp.unit, pp.kind, pp.pct_of_plan) == ("个百分点", "rate", None)
    assert (rate.unit, rate.kind, rate.pct_of_plan) == ("%", "rate", None)


def test_chinese_numerals_and_mixed_forms():
    fs = figs("新增就业岗位两万个,培训农民3万余人。")
    jobs, trained = by_value(fs, "20000", "个"), by_value(fs, "3", "万人")
    assert jobs.value_text == "两万"  # a Chinese numeral is converted as one span (cn2an), 万 included
    assert (trained.qualifier, trained.base_value) == ("余", Decimal(30000))


def test_full_width_digits_and_thousands_separators():
    fs = figs("完成投资5.8亿元,惠及12,345人。")
    money, people = by_value(fs, "5.8", "亿元"), by_value(fs, "12345", "人")
    assert money.base_value == Decimal(580000000) and people.value_text == "12,345"


def test_traditional_characters_are_read_in_simplified_form():
    fs = figs("新增養老床位1,200張,占年計劃的120%。")
    bed = by_value(fs, "1200", "张")
    assert bed.pct_of_plan == Decimal(120) and bed.pct_basis == "年计划"


def test_pinyin_glosses_inside_units_are_removed():
    fs = figs("投資增速高於全省2.10個(gè)百分點(diǎn)。")
    assert [(f.value, f.unit) for f in fs] == [(Decimal("2.10"), "个百分点")]


def test_numbers_glued_by_lost_punctuation():
    fs = figs("完成投资20亿元,占年度计划的75%124个项目已开工。")
    money, projects = by_value(fs, "20", "亿元"), by_value(fs, "124", "个")
    assert money.pct_of_plan == Decimal(75) and projects.pct_of_plan is None


def test_broken_spacing_inside_decimals():
    fs = figs("社会消费品零售总额增长 0. 5%,税收收入 18. 08 亿元。")
    growth, tax = by_value(fs, "0.5", "%"), by_value(fs, "18.08", "亿元")
    text = extract("社会消费品零售总额增长 0. 5%,税收收入 18. 08 亿元。").text
    assert "0. 5" in text[growth.start:growth.end] and "18. 08" in text[tax.start:tax.end]


def test_ranges_and_ages_are_not_figures():
    fs = figs("为6-9岁儿童免费检查,新增4-5家机构。")
    assert fs == []


def test_garbled_number_is_not_guessed():
    # A digit of the count was merged into an age range: the clause cannot be read, so nothing is taken.
    fs = figs("已为3126-9岁学龄儿童开展免费检查。")
    assert all(f.value not in (Decimal(3126), Decimal(312), Decimal(9)) for f in fs)


def test_plan_bases_are_kept():
    fs = figs("完成投资80亿元,超过时间进度13.8个百分点;全年预计完成年计划的97%;累计解决饮水困难98万人,占总计划的99.2%。")
    gap, money, water = by_value(fs, "13.8"), by_value(fs, "80"), by_value(fs, "98")
    assert gap.unit == "个百分点" and gap.pct_of_plan is None
    assert water.pct_basis == "总计划" and water.pct_of_plan == Decimal("99.2")
    assert money.pct_of_plan is None


def test_target_then_actual_with_bracketed_percent():
    fs = figs("20个村卫生室建设已完成12个(60%)。")
    assert len(fs) == 1
    f = fs[0]
    assert (f.value, f.target, f.target_unit, f.pct_of_plan, f.target_source) == (
        Decimal(12), Decimal(20), "个", Decimal(60), "text")


def test_completion_rate_is_the_percent_of_the_figure_before():
    fs = figs("新增托育位320个,完成率160%。")
    assert [(f.value, f.pct_of_plan, f.pct_basis) for f in fs] == [(Decimal(320), Decimal(160), None)]


def test_project_name_states_the_target():
    fs = figs("“新增4000张养老床位”项目,已新增3600张。")
    assert [(f.value, f.target, f.target_source) for f in fs] == [(Decimal(3600), Decimal(4000), "text")]


def test_plan_amount_is_the_target_not_a_figure():
    fs = figs("年度计划投资12.5亿元,完成投资10亿元,占年度计划的80%。")
    assert [(f.value, f.target, f.pct_of_plan) for f in fs] == [(Decimal(10), Decimal("12.5"), Decimal(80))]


def test_programme_counts_are_not_figures():
    fs = figs("今年10件28项民生实事中已有9项提前完成年度目标,其余项目按计划推进。")
    assert fs == []


def test_items_in_three_forms_and_heading_targets():
    text = ("一、扩大养老服务,新增养老床位4000张\n"
            "1.养老方面,新增养老床位3600张,占年计划的90%。\n"
            "(一)托育方面,新增托位500个。\n"
            "第三项,建成驿站12处。")
    ex = extract(text)
    items = {f.item: f for f in ex.figures}
    assert set(items) == {"1", "(一)", "第三项"}
    assert (items["1"].target, items["1"].target_source) == (Decimal(4000), "heading")
    assert items["1"].implied_target == Decimal(4000)


def test_last_category_item_followed_by_a_signature_line():
    # The last "一、" item runs over the signature lines after it: the item before it is still an item, and a
    # category that is an item states its progress on its heading line, not targets.
    text = ("九、农村供水。计划投资2.3亿元,已完成投资1.86亿元,完成年度计划的80.9%。\n"
            "十、助残帮困。补贴标准由每人每月100元提高到120元,惠及1.8万人。\n"
            "市政府办公室\n2024年11月8日")
    fs = figs(text)
    invest = by_value(fs, "1.86", "亿元")
    assert (invest.item, invest.target, invest.pct_of_plan) == ("九", Decimal("2.3"), Decimal("80.9"))
    standard = by_value(fs, "120", "元")
    assert (standard.item, standard.target) == ("十", None)


def test_implied_target_is_never_stated():
    fs = figs("建成驿站50处,占年计划的125%。")
    assert fs[0].implied_target == Decimal(40) and fs[0].target is None


def test_html_table_rows_with_targets_percents_and_parts():
    html = """<p>附件</p><table>
    <tr><th>序号</th><th>地区</th><th>计划数(个)</th><th>累计完成数(个)</th><th>完成率</th></tr>
    <tr><td>1</td><td>甲区</td><td>40</td><td>30</td><td>75%</td></tr>
    <tr><td>2</td><td>乙区</td><td>60</td><td>66</td><td>110%</td></tr>
    <tr><td colspan="2">合计</td><td>100</td><td>96</td><td>96%</td></tr></table>"""
    ex = extract(html)
    rows = {(f.item, f.value): f for f in ex.figures}
    total = next(f for f in ex.figures if f.value == 96)
    first = rows[("1", Decimal(30))]
    assert (first.target, first.pct_of_plan, first.target_source, first.unit) == (
        Decimal(40), Decimal(75), "table column", "个")
    assert first.part_of == total.id and total.part_of is None
    assert rows[("2", Decimal(66))].pct_of_plan == Decimal(110)


def test_prose_table_target_column():
    html = """<table><tr><td>序号</td><td>项目内容</td><td>进展情况</td></tr>
    <tr><td>1</td><td>新建公办幼儿园学位900个。</td><td>已新增学位950个。</td></tr></table>"""
    fs = figs(html)
    assert [(f.item, f.value, f.target, f.target_source) for f in fs] == [("1", Decimal(950), Decimal(900),
                                                                          "table column")]


@pytest.mark.parametrize(("phrase", "expected", "period"), [
    ("2021年民生实事截至10月底进展", dt.date(2021, 10, 31), "截至10月底"),
    ("2021年民生实事1-9月进展", dt.date(2021, 9, 30), "1-9月"),
    ("2021年民生实事前三季度进展", dt.date(2021, 9, 30), "前三季度"),
    ("2021年民生实事上半年进展", dt.date(2021, 6, 30), "上半年"),
    ("2021年民生实事一季度进展", dt.date(2021, 3, 31), "一季度"),
    ("2021年民生实事截至5月15日进展", dt.date(2021, 5, 15), "截至5月15日"),
])
def test_as_of_dates(phrase, expected, period):
    doc = parse_document(bulletin_text(phrase))
    assert (doc.as_of, doc.period_text, doc.program_year) == (expected, period, 2021)


def test_document_fields_and_summary_claims():
    text = bulletin_text(
        "2019年湖州市办实事进展顺利\n"
        "湖州日报11月8日讯 截至10月底,2019年10件30项市办实事中的12项已实现年度目标,包括就业方面、托育方面,其余项目正在推进。")
    doc = parse_document(text)
    assert (doc.region, doc.program, doc.program_year) == ("湖州市", "市办实事", 2019)
    assert (doc.as_of, doc.published) == (dt.date(2019, 10, 31), dt.date(2019, 11, 8))
    assert (doc.categories_total, doc.items_total, doc.items_achieved_claimed) == (10, 30, 12)
    assert doc.achieved_item_names == ("就业方面", "托育方面")


def test_published_line():
    doc = parse_document(bulletin_text("某县民生实事进展\n发布日期:2020-05-14 09:44 浏览次数:"))
    assert doc.published == dt.date(2020, 5, 14)


def test_evidence_offsets_round_trip():
    ex = extract("1.就业方面,城镇新增就业4.5万人,占年计划的112.5%;其中高校毕业生1.2万人。")
    for f in ex.figures:
        assert f.value_text in ex.text[f.start:f.end]
        assert f.sentence == ex.text[f.sentence_start:f.sentence_start + len(f.sentence)]


def test_extract_text_is_pure():
    text = "建成驿站50处,占年计划的125%。"
    assert extract_text(text).figures == extract_text(text).figures


@pytest.mark.parametrize("head, program, year", [
    ("民生工程\n河湾市2018年市自选“十件民生实事”1—9月进度公示", "十件民生实事", 2018),  # count is part of the name
    ("2019年十大民生工程完成情况表", "十大民生工程", 2019),
    ("市政府督办室通报今年3月份“十件实事”进展", "十件实事", None),  # 实事 alone only after a count
    ("全力推动民生实事落地。2016年20件重点民生实事计划总投资", "重点民生实事", 2016),  # the fullest mention wins
    ("2022年度省政府民生实事涉我区工作任务一季度进展情况", "省政府民生实事", 2022),
    ("2017年政府工作报告公开挂牌督办事项三季度进展情况", "政府工作报告公开挂牌督办事项", 2017),  # title layout
])
def test_programme_names(head, program, year):
    doc = parse_document(bulletin_text(head))
    assert (doc.program, doc.program_year) == (program, year)


@pytest.mark.parametrize("head, region", [
    ("前三季度我市民生实事推进提速\n截至三季度末,12个事项已完成。", None),  # 我市 names no region
    ("今年全市安排重点建设项目300项", None),
    ("【衢州市】提前完成12项民生实事", "衢州市"),
    ("【河湾市】提前完成12项民生实事", None),  # not an official name (gazetteer): null is better than a guess
    ("山阳县9月份民生工程进展情况", "山阳县"),
    ("浙江省发改委透露,全省重点项目投资提速", "浙江省"),
    ("据河南省政府获悉,全省重点民生实事进展顺利", "河南省"),  # glued to 据: the official name, not "据河南省"
    ("北京市朝阳区2017年市政府绩效任务进展", "北京市朝阳区"),  # a district written after its city: one region
    ("增幅全省第一,重新筛选确定市级项目", None),  # words before 省/市 that name no place
    ("施工已结束;北岭县名山社区公园原场地已清理。", None),  # a project's location, named once
])
def test_region(head, region):
    assert parse_document(bulletin_text(head)).region == region


@pytest.mark.parametrize("phrase, expected, period", [
    ("前三季度我市民生实事推进提速。2025年,截至三季度末,14个事项已完成", dt.date(2025, 9, 30), "截至三季度末"),
    ("关于2023年10月份民生实事进展情况的通报\n截至1031日,65件民生实事已完成26件", dt.date(2023, 10, 31), "截至1031日"),
])
def test_as_of_prefers_cut_off_phrases(phrase, expected, period):
    doc = parse_document(bulletin_text(phrase))
    assert (doc.as_of, doc.period_text) == (expected, period)


@pytest.mark.parametrize("padding", [0, 40], ids=["short text", "long text"])
def test_a_figure_opening_its_sentence_keeps_a_trailing_qualifier_in_short_and_long_texts(padding):
    # Texts of 400+ characters are scanned once and sliced per sentence; the slice once dropped a quantity whose
    # qualifier follows the number (5万余人) when it opened its sentence.
    text = "截至10月底,全市民生实事进展顺利。" + "相关工作正在按计划有序推进," * padding + \
        "\n1.技能培训。5万余人参加培训,完成率90%。\n"
    (figure,) = figs(text)
    assert (figure.value, figure.unit, figure.qualifier, figure.pct_of_plan, figure.kind) == \
        (Decimal(5), "万人", "余", Decimal(90), "progress")


def test_a_heading_target_with_a_trailing_qualifier_keeps_its_whole_label():
    text = "2025年临江市民生实事\n一、促进就业,新增就业5万余人,建设养老床位1000张\n1.就业。全市新增就业4.2万人,占年计划的84%。\n"
    (category,) = extract_text(text).categories
    assert [(t.label, t.value, t.unit, t.qualifier) for t in category.targets] == [
        ("新增就业", Decimal(5), "万人", "余"), ("建设养老床位", Decimal(1000), "张", None)]
    (figure,) = extract_text(text).figures
    assert (figure.label, figure.target, figure.target_unit, figure.pct_of_plan) == ("新增就业", Decimal(5), "万人",
                                                                                    Decimal(84))


def test_a_label_has_two_characters_from_before_after_or_outside_the_brackets():
    fs = figs("全县共保障困难群众3千户(7200人),涉及12家养老机构;其中人才公寓(600套)已封顶。"
              "各项工作进展顺利,完成率88%。")
    assert [(f.label, f.value, f.unit) for f in fs] == [
        ("保障困难群众", Decimal(3), "千户"),
        ("保障困难群众", Decimal(7200), "人"),  # the bracket restates the words before it in another unit
        ("养老机构", Decimal(12), "家"),  # not "涉" left of 涉及 once 及 is cleaned off
        ("人才公寓", Decimal(600), "套"),
        ("完成率", Decimal(88), "%"),  # not "率" left of 完成率 once 完成 is cleaned off
    ]


def test_listed_percents_pair_with_the_listed_names_and_a_colon_names_what_follows():
    fs = figs("东区、西区、南区完成率分别为61.5%、72.25%、80%。1.图书馆项目:主体结构:90%,室内装修:35%。")
    assert [(f.label, f.value) for f in fs] == [
        # 分别 pairs the names before it with the values after it, by position (issue 13).
        ("东区完成率", Decimal("61.5")), ("西区完成率", Decimal("72.25")), ("南区完成率", Decimal(80)),
        # a short label after "name:" is that name's ('name before a colon')
        ("图书馆项目主体结构", Decimal(90)), ("图书馆项目室内装修", Decimal(35))]


@pytest.mark.parametrize("text, expected", [
    ("城乡低保标准提高到835元/人月。", ("城乡低保标准=835元/人月",)),  # compound units read whole
    ("补助标准为300元/月/人。", ("补助标准=300元/月/人",)),
    ("节约能源5.2万吨标煤。", ("节约能源=5.2万吨标煤",)),
    ("采购额1200万美元,金额3.5亿港元。", ("采购额=1200万美元", "金额=3.5亿港元")),  # currencies other than 元
    ("完成投资叁亿元。", ("完成投资=叁亿元",)),  # formal numerals
    ("筛查3.2万例。", ("筛查=3.2万例",)),
])
def test_numbers_and_units_as_written(text, expected):
    from transforms.extract.rules import reading

    assert reading(extract(text)) == expected


@pytest.mark.parametrize("sentence, basis", [
    ("新建公园5个,占年度任务的比例为93%。", "年度任务"),
    ("新建公园5个,完成比例93%。", "完成比例"),
    ("新建公园5个,任务完成比例为93%。", "任务完成比例"),
])
def test_a_completion_proportion_is_the_figures_percent_of_plan(sentence, basis):
    (fig,) = figs(sentence)
    assert (fig.value, fig.unit, fig.pct_of_plan, fig.pct_basis) == (Decimal(5), "个", Decimal(93), basis)


def test_a_share_of_the_whole_city_stays_a_figure_of_its_own():
    assert [(f.label, f.value, f.unit) for f in figs("新增就业3万人,占全市的比重为20%。")] == [
        ("新增就业", Decimal(3), "万人"), ("占全市的比重", Decimal(20), "%")]


def test_an_amount_named_the_annual_target_after_a_figure_is_its_target():
    (fig,) = figs("救助残疾儿童31657名,超额完成1.9万名的年度目标任务。")
    assert (fig.value, fig.target, fig.target_unit) == (Decimal(31657), Decimal("1.9"), "万名")


def test_a_rate_without_its_base_binds_the_items_earlier_count_as_its_target():
    fs = figs("新建项目共185个,计划总投资624.4亿元。至9月底,开工建设160个,开工率为86.5%。")
    assert [(f.value, f.unit, f.pct_of_plan, f.target) for f in fs] == [
        (Decimal(160), "个", Decimal("86.5"), Decimal(185))]


def test_examples_closed_by_deng_name_the_thing_after_the_count():
    (fig,) = figs("新增K1、K2和K3等3条公交线路。")
    assert (fig.label, fig.value, fig.unit) == ("新增公交线路", Decimal(3), "条")


def test_gaps_listed_after_fen_bie_with_a_cut_unit_name_the_rates_before():
    fs = figs("产前筛查率达到70.5%,听力筛查率达到98.1%,分别高于年度目标任务的0.5个、3.1个百分点。")
    assert [(f.label, f.value, f.unit) for f in fs] == [
        ("产前筛查率", Decimal("70.5"), "%"), ("听力筛查率", Decimal("98.1"), "%"),
        ("产前筛查率高于年度目标任务", Decimal("0.5"), "个百分点"),
        ("听力筛查率高于年度目标任务", Decimal("3.1"), "个百分点")]
    assert all(f.target is None for f in fs)


@pytest.mark.parametrize("sentence, value, unit", [
    ("新增配变容量227.1MVA。", "227.1", "MVA"),
    ("新增变电容量30万kVA。", "30", "万kVA"),
    ("发电量12.5亿千瓦时。", "12.5", "亿千瓦时"),
    ("万元GDP能耗0.1578吨标准煤/万元。", "0.1578", "吨标准煤/万元"),
])
def test_power_and_per_output_units(sentence, value, unit):
    (fig,) = figs(sentence)
    assert (fig.value, fig.unit, fig.unit_known) == (Decimal(value), unit, True)


def test_the_formal_three_written_traditional_is_read():
    (fig,) = figs("完成投资參亿元。")
    assert (fig.value, fig.unit) == (Decimal(300000000), "元")


def test_a_growth_between_one_figure_and_its_plan_share_leaves_the_share_to_the_figure():
    fs = figs("完成投资52亿元,同比增长8%,占年度计划的65%。")
    assert [(f.label, f.value, f.unit, f.pct_of_plan) for f in fs] == [
        ("完成投资", Decimal(52), "亿元", Decimal(65)), ("同比增长", Decimal(8), "%", None)]


@pytest.mark.parametrize("text, expected", [
    ("2021年10项民生实事项目分别是:新建公园10个、改造老旧小区50个。", []),
    ("今年市政府承诺办好十件实事:新建公园10个、改造老旧小区50个。", []),
    ("民生实事进展:新建公园8个。", [("新建公园", Decimal(8))]),  # a report, not the list of projects
])
def test_the_list_of_the_programmes_projects_states_commitments_not_progress(text, expected):
    assert [(f.label, f.value) for f in figs(text)] == expected


@pytest.mark.parametrize("text", ["全年30项重点工作中,已完成12项,序时推进15项,滞后3项。", "10件民生实事中,5件已完成,5件正在推进。"])
def test_status_counts_of_the_programmes_items_are_not_figures(text):
    assert figs(text) == []


@pytest.mark.parametrize("text, expected", [
    ("遂宁、南充等3个市(州)完成投资超时间进度。", []),  # a count of places: scope, not work
    ("累计投入达到序时进度的项目有188个,占开工在建项目数的67.6%。", []),  # projects on schedule and their share
    ("已开工的项目有12个。", [("开工的项目有", Decimal(12))]),  # works started are figures
])
def test_counts_of_places_and_of_projects_on_schedule_are_not_figures(text, expected):
    assert [(f.label, f.value) for f in figs(text)] == expected


@pytest.mark.parametrize("text, label, value, pct, basis, target", [
    # The rate's arithmetic (42 / 50 = 84 %) shows which count it measures and that the first count is its whole.
    ("新建公共厕所50座,已完工42座,完成率84%。", "新建公共厕所完工", "42", "84", None, "50"),
    ("城市更新项目36个,已开工30个,开工率83.3%。", "城市更新项目开工", "30", "83.3", "开工率", "36"),
    ("计划改造雨污管网36个,已完工21个,完工率58.3%。", "改造雨污管网完工", "21", "58.3", "完工率", "36"),
])
def test_a_rate_after_a_whole_and_its_stage_count_is_the_stage_counts_percent(text, label, value, pct, basis, target):
    fs = figs(text)
    assert [(f.label, f.value, f.pct_of_plan, f.pct_basis, f.target) for f in fs] == [
        (label, Decimal(value), Decimal(pct), basis, Decimal(target))]


def test_a_rate_the_arithmetic_does_not_confirm_binds_neither_count():
    fs = figs("城市更新项目36个,新开工项目30个,开工率60%。")
    assert [(f.value, f.pct_of_plan) for f in fs] == [(Decimal(36), None), (Decimal(30), None), (Decimal(60), None)]
    # bound by its words (已开工 after the whole), the whole is the plan whatever the rate says: validation meets
    # the rate that 30 / 36 does not confirm
    fs = figs("城市更新项目36个,已开工30个,开工率60%。")
    assert [(f.value, f.pct_of_plan, f.target) for f in fs] == [(Decimal(30), Decimal(60), Decimal(36))]


@pytest.mark.parametrize("text, expected", [
    ("完成30户以上自然村通硬化路工程126个。", [("30户以上自然村通硬化路工程", Decimal(126), "个")]),
    ("改造500平方米以上的农贸市场12个。", [("改造500平方米以上的农贸市场", Decimal(12), "个")]),
    ("新建10千伏及以下线路320千米。", [("新建10千伏及以下线路", Decimal(320), "千米")]),
    ("新增城镇就业1.2万人以上,完成年度目标的110%。", [("新增城镇就业", Decimal("1.2"), "万人")]),  # a figure's own bound
])
def test_an_amount_bounded_by_yishang_before_a_noun_is_the_class_counted_not_a_figure(text, expected):
    assert [(f.label, f.value, f.unit) for f in figs(text)] == expected


def test_a_share_of_the_years_budget_is_the_percent_of_plan_and_enumerations_do_not_name_figures():
    fs = figs("二是一般公共预算收入完成45.6亿元,同比增长8.2%,完成年度预算的78.3%。")
    revenue = by_value(fs, "45.6")
    assert (revenue.label, revenue.pct_of_plan, revenue.pct_basis) == ("一般公共预算收入完成", Decimal("78.3"), "年度预算")
    assert by_value(fs, "8.2").pct_of_plan is None
    # A share of a budget's spending is a rate of its own, not a percent of plan.
    assert [(f.value, f.unit, f.kind) for f in figs("民生支出占一般公共预算支出的78%。")] == [(Decimal(78), "%", "rate")]


def test_values_listed_after_fen_bie_in_one_unit_are_figures_named_by_the_places_and_the_measure():
    fs = figs("城区、县城分别新增停车位2000个、1500个。")
    assert [(f.label, f.value) for f in fs] == [("城区新增停车位", Decimal(2000)), ("县城新增停车位", Decimal(1500))]
    # Two counts of the programme in two units stay its size, not figures.
    assert figs("今年确定12件36项民生实事。") == []


@pytest.mark.parametrize("text, label, value, unit", [
    ("城市污水处理率达到96.5%,较年度目标高出1.5个百分点。", "城市污水处理率较年度目标高出", "1.5", "个百分点"),
    ("新建公园12个,比计划多完成2个。", "新建公园比计划多完成", "2", "个"),
])
def test_an_amount_compared_with_the_plan_after_jiao_or_bi_is_a_gap_not_the_plan(text, label, value, unit):
    gap = by_value(figs(text), value, unit)
    assert (gap.label, gap.target) == (label, None)


def test_indicator_lines_air_quality_units_and_built_up_area_nouns():
    fs = figs("全市PM2.5平均浓度为32微克/立方米,同比下降8.6%。建成区绿化覆盖率达到41.2%。累计建成区域性中心18个。")
    assert [(f.label, f.value, f.unit) for f in fs] == [
        ("PM2.5平均浓度", Decimal(32), "微克/立方米"), ("PM2.5平均浓度同比下降", Decimal("8.6"), "%"),
        ("建成区绿化覆盖率", Decimal("41.2"), "%"), ("区域性中心", Decimal(18), "个")]  # 建成 + 区域性: a verb


ITEMS_WITH_HEADING_SENTENCES = """一、教育医疗
3.新建改扩建中小学、幼儿园20所。已开工20所,开工率100%;已竣工12所,完工率60%。
4.为20万名65岁以上老年人免费体检。已完成体检18.5万人,完成率92.5%。
二、城市建设
5.改造城镇老旧小区120个、惠及居民2.1万户。已开工118个,完工86个,分别占年度任务的98.3%、71.7%。
6.新增城市停车泊位5000个。
已新增停车泊位5230个,超额完成年度任务。
"""


def test_an_items_opening_sentence_states_the_commitment_of_every_stage_reported_after_it():
    fs = figs(ITEMS_WITH_HEADING_SENTENCES)
    assert [(f.item, f.label, f.value, f.unit, f.target, f.target_unit) for f in fs] == [
        ("3", "新建改扩建中小学、幼儿园开工", Decimal(20), "所", Decimal(20), "所"),
        ("3", "新建改扩建中小学、幼儿园竣工", Decimal(12), "所", Decimal(20), "所"),
        ("4", "体检", Decimal("18.5"), "万人", Decimal(20), "万名"),  # 名 and 人 both count people
        ("5", "改造城镇老旧小区开工", Decimal(118), "个", Decimal(120), "个"),
        ("5", "改造城镇老旧小区完工", Decimal(86), "个", Decimal(120), "个"),
        ("6", "新增停车泊位", Decimal(5230), "个", Decimal(5000), "个"),
    ]


def test_a_departments_opening_sentence_is_its_report_not_a_commitment():
    fs = figs("市农业局:完成高标准农田建设3.2万亩;新建冷库12座,已投用10座。")
    assert by_value(fs, "3.2").target is None and by_value(fs, "3.2").label == "高标准农田建设"


@pytest.mark.parametrize("text, target, pct", [
    ("规模以上工业增加值同比增长8.2%,年度目标为9%。", "9", None),
    ("城镇居民人均可支配收入增长5.5%(目标6%)。", "6", None),
    ("城镇调查失业率5.1%,控制在年度目标5.5%以内。", "5.5", None),
    ("地区生产总值增长6.5%,完成年度目标7%的92.9%。", "7", "92.9"),
    ("城镇调查失业率5.1%,控制在5.5%以内。", "5.5", None),  # a bound in the clause after the rate
    ("社会消费品零售总额增长6.1%,年度目标为增长7%。", "7", None),
    ("居民医保参保率98.5%,保持在95%以上。", "95", None),
])
def test_a_rates_target_stated_after_it_is_its_target_in_percent(text, target, pct):
    fs = figs(text)
    assert len(fs) == 1
    assert (fs[0].target, fs[0].target_unit, fs[0].pct_of_plan) == (Decimal(target), "%", pct and Decimal(pct))


@pytest.mark.parametrize("text, expected", [
    ("全市新建の幼儿园12所。", [("新建的幼儿园", Decimal(12), "所")]),  # の for 的 between characters
    ("城乡居民基本医疗保险参保率稳定在95%以上。", [("城乡居民基本医疗保险参保率", Decimal(95), "%")]),
    ("城镇登记失业率控制在3.2%以内。", [("城镇登记失业率", Decimal("3.2"), "%")]),
    ("全市完成投资1 2.5亿元。", []),  # a number cut by a space is not read as its tail
])
def test_garbled_copies_and_level_verbs(text, expected):
    assert [(f.label, f.value, f.unit) for f in figs(text)] == expected


def test_gaps_listed_after_fen_bie_gao_chu_are_gaps_named_by_their_rates():
    fs = figs("城镇居民收入增长8.5%、农村居民收入增长9.2%,分别高出年度目标任务1.5个、2.2个百分点。")
    assert [(f.label, f.value, f.unit, f.target) for f in fs if f.unit == "个百分点"] == [
        ("城镇居民收入增长高出年度目标任务", Decimal("1.5"), "个百分点", None),
        ("农村居民收入增长高出年度目标任务", Decimal("2.2"), "个百分点", None)]


COMMITMENT_THEN_PROGRESS = """2.实施农村公路提质改造200公里(责任单位:市交通局)
进展情况:已完成180公里,完成率90%。
4.老旧小区改造
任务数:120个;完成数:98个。
"""


def test_report_headings_and_responsibility_brackets_do_not_name_figures_and_a_task_key_states_a_plan():
    fs = figs(COMMITMENT_THEN_PROGRESS)
    assert [(f.item, f.label, f.value, f.target) for f in fs] == [
        ("2", "实施农村公路提质改造", Decimal(180), Decimal(200)),
        ("4", "老旧小区改造", Decimal(98), Decimal(120))]  # 任务数:120个 is the plan (of 完成数:98个), not a figure


def test_a_news_storys_attribution_is_not_the_topic_that_names_a_figure():
    fs = figs("记者从市发改委获悉,今年以来,我市扎实推进民生实事项目,累计完成投资36.8亿元,占年度计划投资的62.5%。")
    assert [(f.label, f.value, f.pct_of_plan) for f in fs] == [("完成投资", Decimal("36.8"), Decimal("62.5"))]


def test_a_percent_cut_by_a_space_after_a_digit_is_not_read():
    assert figs("新增城镇就业3.2万人,完成年度目标的9 1.4%。")[0].pct_of_plan is None
    assert [f.value for f in figs("新增城镇就业3.2万人,完成年度目标的9 1.4%。") if f.unit == "%"] == []


@pytest.mark.parametrize("text", [
    "截至9月底,纳入考核的42个项目中,进度超过75%的有30个,占71.4%。",  # a threshold count, its share and its whole
    "市级民生实事20项,其中教育类5项、医疗类4项、就业类3项。",  # the programme's size by category
])
def test_summary_counts_of_the_programmes_projects_by_threshold_or_category_are_not_figures(text):
    assert figs(text) == []


@pytest.mark.parametrize("text", [
    "年度目标110万人,城镇新增就业63.2万人,完成年度目标的57.5%。",
    "年度目标110万人,1-6月城镇新增就业63.2万人。",
])
def test_a_sentence_that_opens_with_its_plan_and_reports_a_share_or_a_period_reports_work(text):
    fs = figs(text)
    assert [(f.value, f.unit, f.target) for f in fs] == [(Decimal("63.2"), "万人", Decimal(110))]


def test_a_second_basis_percent_of_an_amount_is_its_own_figure_named_by_the_amount():
    fs = figs("城镇新增就业41.58万人,占年计划的138.6%,占序时进度的151.2%。")
    assert [(f.label, f.value, f.unit, f.pct_of_plan) for f in fs] == [
        ("城镇新增就业", Decimal("41.58"), "万人", Decimal("138.6")),
        ("城镇新增就业占序时进度", Decimal("151.2"), "%", None)]


@pytest.mark.parametrize("text", [
    "市委常委会3次专题研究民生实事工作,召开推进会5次。",  # meetings that steer the programme
    "全市10个部门、6个县(市、区)共同推进,涉及16家牵头责任单位。",  # departments and places: scope
])
def test_meetings_and_the_departments_involved_are_not_figures(text):
    assert figs(text) == []


def test_a_status_count_before_a_colon_does_not_keep_a_rate_from_the_figure_after_it():
    fs = figs("其中超额完成任务的有5项:零工驿站建设完成2个,完成率200%。")
    assert [(f.value, f.unit, f.pct_of_plan) for f in fs] == [(Decimal(2), "个", Decimal(200))]


def test_a_figure_under_a_bracketed_sub_entry_is_that_entrys():
    fs = figs("三、关于医疗服务能力。(1)截至6月底,已完成培训1.5万名;(2)新建村卫生室20个。")
    assert [(f.item, f.value) for f in fs] == [("(1)", Decimal("1.5")), ("(2)", Decimal(20))]


def test_a_share_of_an_investment_the_text_does_not_write_is_a_percent_figure_not_the_project_counts():
    fs = figs("藏区36个重点项目累计完成投资占年度计划的100.2%。")
    assert [(f.label, f.value, f.unit) for f in fs] == [("藏区重点项目累计完成投资占年度计划", Decimal("100.2"), "%")]
    # With the amount written, the projects are its subject and the share its percent of plan.
    fs = figs("全市50个重点项目完成投资80亿元,占年度计划的85%。")
    assert [(f.label, f.value, f.pct_of_plan) for f in fs] == [("重点项目完成投资", Decimal(80), Decimal(85))]


@pytest.mark.parametrize("text, label, value", [
    ("城市居民最低生活保障标准由每人每月700元提高到750元。", "城市居民最低生活保障标准", "750"),
    ("农村特困人员供养标准由每人每年8000元提高至9000元。", "农村特困人员供养标准", "9000"),
])
def test_a_standard_raised_from_one_level_to_another_is_the_level_reached(text, label, value):
    assert [(f.label, f.value) for f in figs(text)] == [(label, Decimal(value))]


@pytest.mark.parametrize(
    "text",
    [
        "2023年实施的12项重点民生工程进展顺利。",
        "今年确定的10件为民办实事项目整体进展良好。",
        "2023年,县委县政府确定的12件惠民实事进展顺利。",
    ],
)
def test_counts_of_a_programmes_items_under_its_other_names_are_not_figures(text):
    assert figs(text) == []


@pytest.mark.parametrize(
    "text, values",
    [
        ("年产30万吨新型建材项目已完成投资2.3亿元。", [Decimal("2.3")]),
        ("日处理2万吨的城东污水处理厂已投入运行。", []),
        ("投资3.2亿元的县第二水厂项目完成主体工程,累计完成投资2.1亿元。", [Decimal("2.1")]),
        ("设计日处理规模10万吨,已完成投资3.6亿元。", [Decimal("3.6")]),  # the size it is designed for
        ("该项目规划床位1500张,累计完成投资15.2亿元。", [Decimal("15.2")]),
    ],
)
def test_a_size_that_qualifies_the_project_named_after_it_is_part_of_the_name(text, values):
    assert [f.value for f in figs(text)] == values


@pytest.mark.parametrize(
    "text",
    [
        "全县绿灯项目8个,黄灯项目2个,无红灯项目。",  # projects by the colour of their progress
        "38个项目中,已完成全年目标的14个。",
        "十件民生实事中,8件超额完成,2件全面完成。",
        "32项民生实事中,超额完成25项,按期完成7项。",
        "18项主要指标中,进度达到或超过序时进度的14项。",
        "二是重点任务推进不平衡,3项任务滞后。",
    ],
)
def test_counts_of_the_programmes_projects_by_status_light_or_completion_are_not_figures(text):
    assert figs(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "力争年底前新增学位6300个。",
        "下一步,确保全年完成投资106亿元以上。",
        "力争全年固定资产投资增长12%以上。",
        "确保一般公共预算收入完成年度预算的50%以上。",
    ],
)
def test_aims_and_next_steps_are_not_figures(text):
    assert figs(text) == []


@pytest.mark.parametrize("text", ["仍有28个项目未开工,其中因用地手续未办结的12个。", "尚有15个项目未开工,其中8个正在办理用地手续。"])
def test_parts_of_the_works_not_started_are_not_figures(text):
    assert figs(text) == []


@pytest.mark.parametrize(
    "text, values",
    [
        ("两所幼儿园合计可新增学位1080个。", [Decimal(1080)]),  # how many schools the places are summed over
        ("这两所学校共完成投资5600万元。", [Decimal(5600)]),
        ("两所幼儿园已全部竣工。", [Decimal(2)]),  # a count of works of its own
        ("新建公园5个,共计投资3000万元。", [Decimal(5), Decimal(3000)]),  # a clause of its own sums no count
    ],
)
def test_a_count_an_amount_is_summed_over_is_not_a_figure(text, values):
    assert [f.value for f in figs(text)] == values


def test_an_annex_title_after_the_last_item_is_not_its_progress_part():
    (fig,) = figs("1.新建口袋公园12个,完成年度目标的120%。\n附件:完成情况表")
    assert (fig.value, fig.pct_of_plan) == (Decimal(12), Decimal(120))


def test_a_surplus_over_the_plan_is_its_own_rate_not_the_share_reached():
    (elevators, surplus) = figs("全年完成加装电梯73部,超额完成年度任务21.7%。")
    assert (elevators.value, elevators.pct_of_plan) == (Decimal(73), None)
    assert (surplus.label, surplus.value, surplus.unit, surplus.kind) == (
        "超额完成年度任务",
        Decimal("21.7"),
        "%",
        "rate",
    )


def test_a_gap_over_the_expected_target_is_a_gap_not_a_target():
    (jobs, gap) = figs("城镇新增就业7126人,高于预期目标626人。")
    assert (jobs.target, gap.value, gap.label) == (None, Decimal(626), "城镇新增就业高于预期目标")


def test_a_share_of_the_money_plan_after_a_physical_count_is_its_own_figure():
    (dikes, share) = figs("新建堤防11.2公里,完成年度计划投资的94.1%。")
    assert (dikes.pct_of_plan, share.value, share.unit, share.kind) == (None, Decimal("94.1"), "%", "progress")


@pytest.mark.parametrize(
    "text, label, value, target",
    [
        ("地区生产总值增速预期目标为6.5%,实际完成6.8%。", "地区生产总值增速", "6.8", "6.5"),
        ("研发经费投入强度目标2.8%,完成2.9%。", "研发经费投入强度", "2.9", "2.8"),
    ],
)
def test_a_rates_plan_stated_before_its_actual_is_its_target(text, label, value, target):
    (fig,) = figs(text)
    assert (fig.label, fig.value, fig.target, fig.target_unit, fig.kind) == (
        label,
        Decimal(value),
        Decimal(target),
        "%",
        "rate",
    )


def test_the_share_of_an_amount_is_a_rate_but_the_share_of_a_count_of_projects_is_not_a_figure():
    assert [(f.label, f.unit) for f in figs("其中民生支出26.8亿元,占比82.5%。")] == [("民生支出", "亿元"), ("民生支出占比", "%")]
    assert [(f.label, f.unit) for f in figs("已开工项目60个,占比60%。")] == [("开工项目", "个")]
