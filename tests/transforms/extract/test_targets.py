"""Stated targets (transforms/extract/targets.py): plans stated after their figure, plans of earlier sentences."""

from __future__ import annotations

from decimal import Decimal

import pytest

from transforms.extract import extract
from transforms.extract.rules import reading


@pytest.mark.parametrize(
    "text, expected",
    [
        ("开展职业技能培训1.2万人次,目标1万人次。", ("职业技能培训=1.2万人次 target=1万人次(text)",)),
        ("新增养老床位210个,全年目标185个。", ("新增养老床位=210个 target=185个(text)",)),
        # A plan not named a target is another amount: no target.
        ("已开工12个,计划年内再开工8个。", ("开工=12个",)),
    ],
)
def test_a_target_named_after_its_figure(text, expected):
    assert reading(extract(text)) == expected


def test_a_plan_stated_paragraphs_before_goes_to_the_figure_whose_percent_confirms_it():
    text = (
        "全市年度计划完成投资235.95亿元。\n重点项目进展顺利,一批项目已开工。\n"
        "截至5月底,完成投资33.98亿元,完成当年计划投资的14.4%。"
    )
    assert reading(extract(text))[-1] == "完成投资=33.98亿元 14.4%(当年计划投资) target=235.95亿元(text)"


def test_a_projects_planned_total_investment_is_no_target_when_the_years_plan_is_stated():
    # Corpus README: a project's total investment is a descriptor; the year's plan is the target.
    assert reading(extract("项目计划总投资12亿元,今年计划投资5亿元,已完成投资3.8亿元。")) == (
        "完成投资=3.8亿元 target=5亿元(text)",
    )


@pytest.mark.parametrize(
    "text",
    [
        "“十四五”期间计划完成病险水库除险加固50座,今年已完成除险加固11座。",
        "到2025年计划累计建成5G基站2万个,今年已新建5G基站3200个。",
        "2021-2023年累计计划改造老旧小区300个,今年已开工改造老旧小区95个。",
    ],
)
def test_a_plan_over_several_years_is_neither_a_figure_nor_the_years_target(text):
    [figure] = extract(text).figures
    assert figure.target is None and figure.value in (Decimal(11), Decimal(3200), Decimal(95))


@pytest.mark.parametrize(
    "text",
    [
        "2020年计划改造老旧小区100个,已全部完成;今年计划改造老旧小区120个,已开工108个。",
        "2020年计划改造老旧小区100个,已全部完成,今年计划改造老旧小区120个,已开工108个。",
    ],
)
def test_the_nearer_plan_of_a_unit_is_the_figures_plan(text):
    assert reading(extract(text)) == ("改造老旧小区开工=108个 target=120个(text)",)


def test_a_plan_of_a_named_year_is_no_target_of_this_years_figure():
    # A bulletin names its own year 今年: a plan of 2018 is another year's.
    assert reading(extract("2018年目标为新增养老床位2000张,今年已新增养老床位1500张。")) == ("新增养老床位=1500张",)


@pytest.mark.parametrize(
    "text, expected",
    [
        # the progress sentence names the plan's thing again
        ("计划新增养老床位3000张。截至9月底,已新增养老床位2460张。", "新增养老床位=2460张 target=3000张(text)"),
        ("年度任务为新建污水管网80公里。已完成新建污水管网62.5公里。", "新建污水管网=62.5公里 target=80公里(text)"),
        # the bare progress is named by the plan's thing, without the plan word
        ("计划新增养老床位3000张。目前已新增2460张。", "新增养老床位=2460张 target=3000张(text)"),
        # the plan's sentence holds another plan (the residents its works serve)
        (
            "今年计划改造老旧小区120个,涉及居民2.4万户。截至9月底,已开工108个,惠及居民1.9万户。",
            "改造老旧小区开工=108个 target=120个(text)",
        ),
    ],
)
def test_a_plan_sentence_is_the_plan_of_the_progress_in_the_next(text, expected):
    assert reading(extract(text))[0] == expected


def test_a_task_then_its_cumulative_progress_with_the_tasks_verb():
    # 累计 and the task's own verb, as 已 and the verb ("发放…5亿元,已发放3.2亿元")
    assert reading(extract("便民停车:新增公共停车泊位3000个,累计新增1750个。")) == (
        "新增公共停车泊位=1750个 target=3000个(text)",
    )


def test_a_plan_word_before_an_actual_word_is_still_a_plan():
    # "计划完成投资" names what is to be done; "已完成计划投资" what was done.
    assert reading(extract("年度计划完成投资80亿元,已完成投资52亿元,占年度计划的65%。")) == (
        "完成投资=52亿元 65%(年度计划) target=80亿元(text)",
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "累计完成投资12亿元,占年度计划投资31.20亿元的38.5%。",
            ("完成投资=12亿元 38.5%(年度计划投资) target=31.20亿元(text)",),
        ),
        (
            "全年新增就业3.2万人,为年度目标3万人的106.7%。",
            ("全年新增就业=3.2万人 106.7%(年度目标) target=3万人(text)",),
        ),
    ],
)
def test_a_plan_amount_inside_the_plan_share_is_the_target(text, expected):
    assert reading(extract(text)) == expected


def test_a_plan_sentence_and_its_breakdown_are_plan_and_confirmed_plans_go_to_later_figures():
    text = (
        "全年计划实施重大项目80项,年度计划完成投资120亿元,其中续建项目50项,新建项目30项。"
        "截至5月底,已开复工64项,开复工率达到80%。其中,续建项目复工45项,复工率90%。"
    )
    assert reading(extract(text)) == (
        "开复工=64项 80%(开复工率) target=80项(text)",
        "续建项目复工=45项 90%(复工率) target=50项(text) part_of=F001",
    )


def test_a_rate_target_in_a_table_row_goes_to_the_rate_of_the_same_words():
    html = (
        "<table><tr><th>序号</th><th>内容与要求</th><th>进展情况</th></tr>"
        "<tr><td>1</td><td>确保地区生产总值增长7%以上,固定资产投资增长8%左右。</td>"
        "<td>上半年,全市地区生产总值增长9.1%,居全省第三;固定资产投资增长11.2%,高于全省平均水平。</td></tr>"
        "<tr><td>2</td><td>新建城市书房20处,改造提升农贸市场12家。</td>"
        "<td>已建成城市书房14处,完成农贸市场改造提升9家,其余正在推进。</td></tr></table>"
    )
    rates = [line for line in reading(extract(html)) if "%" in line]
    assert rates == ["地区生产总值增长=9.1% target=7%(table column)", "固定资产投资增长=11.2% target=8%(table column)"]


def test_completion_alone_after_a_figure_is_its_percent_of_plan():
    assert reading(extract("新增、更换配变2043台,完成81.7%;35kV工程完成84.3%。")) == (
        "新增、更换配变=2043台 81.7%",
        "35kV工程完成=84.3%",
    )


def test_a_whole_picked_out_with_zhong_across_a_comma_is_the_target():
    assert reading(extract("全市60个重点项目中,已开工45个。")) == ("重点项目开工=45个 target=60个(text)",)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("举办文化活动90场,完成年度目标(50场)的180%。", ("举办文化活动=90场 180%(年度目标) target=50场(text)",)),
        ("新建公园5个(年度任务6个)。", ("新建公园=5个 target=6个(text)",)),
        ("完成造林5.2万亩,年度任务5万亩,完成率104%。", ("造林=5.2万亩 104% target=5万亩(text)",)),
        ("年度任务为新建公园6个,目前已新建5个。", ("新建公园=5个 target=6个(text)",)),
    ],
)
def test_targets_stated_in_brackets_after_the_figure_and_in_a_target_sentence(text, expected):
    assert reading(extract(text)) == expected


def test_an_item_heading_line_states_the_commitment_its_progress_lines_report_on():
    text = "1.新开工改造老旧小区221个3万户\n截至9月底,已开工改造200个、2.8万户。\n2.新建公园5个\n截至9月底已建成3个。"
    assert reading(extract(text)) == (
        "新开工改造老旧小区=200个 target=221个(commitment)",
        "新开工改造老旧小区=2.8万户 target=3万户(commitment)",
        "新建公园建成=3个 target=5个(commitment)",
    )


def test_an_item_line_that_reports_progress_is_not_a_commitment():
    assert reading(extract("1.改造老旧小区120个。\n2.新建公园5个,已建成3个。")) == (
        "改造老旧小区=120个",
        "新建公园建成=3个 target=5个(text)",  # bound in its own sentence, not as the item's commitment
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("新建公园8个(计划10个)。", ("新建公园=8个 target=10个(text)",)),
        ("已开工12个,计划年内再开工8个。", ("开工=12个",)),  # another amount: more than a plan word names it
    ],
)
def test_a_plan_named_by_a_plan_word_alone_right_after_a_figure_is_its_plan(text, expected):
    assert reading(extract(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "年度计划改造老旧小区150个,已开工142个,开工率94.7%。",
            "改造老旧小区开工=142个 94.7%(开工率) target=150个(text)",
        ),
        ("农村危房改造任务800户,已竣工650户。", "农村危房改造竣工=650户 target=800户(text)"),
        ("全年目标新增就业1万人,目前已完成8600人。", "新增就业=8600人 target=1万人(text)"),
    ],
)
def test_a_bare_figure_takes_the_thing_its_plan_names(text, expected):
    assert reading(extract(text))[0] == expected


def test_an_items_commitment_applies_to_work_done_and_works_under_construction():
    fs = extract("(四)实施城区道路改造工程12条。目前已完工8条,在建4条。").figures
    assert [(f.label, f.value, f.target) for f in fs] == [
        ("实施城区道路改造工程完工", 8, 12),
        ("实施城区道路改造工程在建", 4, 12),
    ]


def test_an_unnumbered_line_item_states_its_commitment_before_a_colon():
    assert reading(extract("新增城镇就业1.5万人:全市新增城镇就业1.32万人。")) == (
        "新增城镇就业=1.32万人 target=1.5万人(text)",
    )
    assert reading(extract("一是建设口袋公园30个:已开工26个,完工11个。")) == (
        "建设口袋公园开工=26个 target=30个(text)",
        "建设口袋公园完工=11个 target=30个(text)",
    )


def test_results_listed_after_a_semicolon_in_an_item_line_are_no_heading_commitment():
    assert reading(extract("1.完成农村改厕2100户;建成污水处理站5座。")) == ("农村改厕=2100户", "污水处理站=5座")
    assert reading(extract("(三)新建养老服务站8个;累计发放津贴680万元。")) == ("新建养老服务站=8个", "发放津贴=680万元")
    # a bare stage after ";" reports the heading's commitment
    assert reading(extract("1.新建养老服务站8个;已建成5个。")) == ("新建养老服务站建成=5个 target=8个(commitment)",)


def test_a_projects_total_investment_in_an_item_heading_is_no_commitment():
    text = "(六)东湖污水处理厂项目,总投资5.2亿元,年度计划投资2亿元。今年完成投资1.8亿元。"
    assert reading(extract(text)) == ("东湖污水处理厂项目完成投资=1.8亿元 target=2亿元(commitment)",)
    assert reading(extract("(六)东湖污水处理厂项目,总投资5.2亿元。今年完成投资1.8亿元。")) == (
        "东湖污水处理厂项目完成投资=1.8亿元",
    )


def test_a_commitment_made_for_the_year_is_the_target_not_the_programmes_size():
    text = "今年确定新增养老床位2000张,截至6月底已新增养老床位1350张。"
    assert reading(extract(text)) == ("新增养老床位=1350张 target=2000张(text)",)
    assert reading(extract("今年确定12件民生实事,截至6月底已完成5件。")) == ()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("农村公路建设年度任务300公里,已完成186公里。", "农村公路建设=186公里 target=300公里(text)"),
        ("任务目标为新建社区食堂20家,已建成16家。", "新建社区食堂建成=16家 target=20家(text)"),
    ],
)
def test_a_bare_stage_takes_the_thing_its_plan_names_without_the_plan_words(text, expected):
    assert reading(extract(text)) == (expected,)


def test_a_colon_after_a_sentence_end_is_no_heading_commitment():
    text = "1、城区供水工程。该项目年度计划投入2.6亿元,目前完成投入2960万元,占年度计划11.4%。其中:管网铺设完成80%。"
    fig = next(f for f in extract(text).figures if f.unit == "万元")
    assert (fig.value, fig.target, fig.target_unit, fig.pct_of_plan) == (2960, Decimal("2.6"), "亿元", Decimal("11.4"))


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "全年计划改造老旧小区80个,上半年已开工62个,开工率77.5%。",
            "改造老旧小区开工=62个 77.5%(开工率) target=80个(text)",
        ),
        ("计划新建充电桩500个,实际建成620个。", "新建充电桩建成=620个 target=500个(text)"),
    ],
)
def test_a_figure_named_only_by_its_period_and_stage_takes_the_thing_its_plan_names(text, expected):
    assert reading(extract(text))[0] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the task, then a clause that is only a completion verb: the task is the plan, not a figure
        (
            "为65岁以上老年人免费健康体检18万人次,目前已完成15.3万人次。",
            ("65岁以上老年人免费健康体检=15.3万人次 target=18万人次(text)",),
        ),
        ("新辟、优化公交线路20条,实际完成23条,超额完成任务。", ("优化公交线路=23条 target=20条(text)",)),
        # 已 and a stage verb: the same, unless stage counts after it add up to the amount (below)
        ("新建泵站8座,已建成6座。", ("新建泵站建成=6座 target=8座(text)",)),
        ("更新新能源公交车100辆,已到位60辆。", ("更新新能源公交车到位=60辆 target=100辆(text)",)),
        (
            "新建村卫生室15个,已开工12个,完工8个。",
            ("新建村卫生室开工=12个 target=15个(text)", "新建村卫生室完工=8个 target=15个(text)"),
        ),
        # compound stage verbs, and a stage verb without 已 when the count is no larger than the task
        ("新增公交车60辆,已投运48辆。", ("新增公交车投运=48辆 target=60辆(text)",)),
        ("新增环卫车辆280台,已购置到位264台。", ("新增环卫车辆购置到位=264台 target=280台(text)",)),
        ("新建公厕40座,完工32座。", ("新建公厕完工=32座 target=40座(text)",)),
        ("新增保障性安居工程3.1万套,竣工4.5万套。", ("新增保障性安居工程=3.1万套", "新增保障性安居工程竣工=4.5万套")),
        ("开工建设农村住房1.47万户,竣工5000户。", ("开工建设农村住房=1.47万户", "农村住房竣工=5000户")),
        # the first amount reports work done itself: two figures
        ("已培训5000人,完成4000人。", ("培训=5000人", "完成=4000人")),
        # a stage verb splits a count of works by stage (FINISHING_RULES "stages that split a count")
        (
            "新建学校15所,已竣工9所,在建6所。",
            ("新建学校=15所", "新建学校竣工=9所 part_of=F001", "新建学校在建=6所 part_of=F001"),
        ),
    ],
)
def test_an_amount_before_a_clause_that_only_completes_it_is_its_task(text, expected):
    assert reading(extract(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "计划新建村卫生室15个,已开工12个,完工8个。",
            ("新建村卫生室开工=12个 target=15个(text)", "新建村卫生室完工=8个 target=15个(text)"),
        ),
        (
            "年度计划改造老旧小区150个,已开工142个,完工90个;新增停车位300个。",
            (
                "改造老旧小区开工=142个 target=150个(text)",
                "改造老旧小区完工=90个 target=150个(text)",
                "新增停车位=300个",
            ),
        ),
    ],
)
def test_a_plan_in_the_sentence_goes_to_each_stage_of_its_thing(text, expected):
    assert reading(extract(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a rate of 100 % confirms a whole equal to the count
        ("改造老旧小区86个,已开工86个,开工率100%。", ("改造老旧小区开工=86个 100%(开工率) target=86个(text)",)),
        # the whole may stand before an amount in another unit
        (
            "改造老旧小区90个、惠及居民2.1万户,已开工86个,开工率95.6%。",
            ("惠及居民=2.1万户", "改造老旧小区开工=86个 95.6%(开工率) target=90个(text)"),
        ),
    ],
)
def test_a_rate_after_a_stage_count_is_confirmed_by_the_whole_of_its_unit(text, expected):
    assert reading(extract(text)) == expected


def test_a_heading_commitment_goes_to_a_stage_and_a_bare_stage_after_it():
    # "已完工5个" is bare when targets are bound (its subject comes later): still a stage of the same thing
    assert reading(extract("2.实施老旧小区改造12个。12个小区已全部开工,已完工5个。")) == (
        "小区已全部开工=12个 target=12个(commitment)",
        "小区完工=5个 target=12个(commitment)",
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        # a plan that names an amount (总投资) does not rename the figure's own measure
        (
            "计划总投资18.6亿元,已完成投资15.3亿元,完成率82.3%。",
            ("完成投资=15.3亿元 82.3% target=18.6亿元(text)",),
        ),
        # a bare completion takes the plan's measure
        ("全年计划完成投资12亿元,截至目前已完成9.6亿元。", ("完成投资=9.6亿元 target=12亿元(text)",)),
    ],
)
def test_a_plan_of_an_amount_names_the_measure_not_a_thing(text, expected):
    assert reading(extract(text)) == expected


def test_a_whole_confirmed_by_a_rate_is_the_plan_of_the_later_stages_too():
    assert reading(extract("改造老旧小区86个,已开工86个,开工率100%,完工52个。")) == (
        "改造老旧小区开工=86个 100%(开工率) target=86个(text)",
        "改造老旧小区完工=52个 target=86个(text)",
    )


def test_a_section_of_tasks_gives_the_targets_of_the_items_of_the_same_number_in_the_report():
    text = (
        "一、年度目标任务\n1.新增城镇就业3000人;\n2.新建农村公路50公里;\n3.新建村级养老服务站10个。\n"
        "二、1-9月完成情况\n1.城镇新增就业2680人,完成年度目标的89.3%;\n2.新建农村公路42公里;\n"
        "3.村级养老服务站已建成8个,在建2个。"
    )
    assert [(f.item, f.value, f.target, f.target_source) for f in extract(text).figures] == [
        ("1", 2680, 3000, "commitment"),
        ("2", 42, 50, "commitment"),
        ("3", 8, 10, "commitment"),
        ("3", 2, 10, "commitment"),
    ]


def test_a_size_class_of_projects_is_no_target_of_their_investment():
    assert reading(extract("5000万元以上项目完成投资12.3亿元。")) == ("5000万元以上项目完成投资=12.3亿元",)


def test_a_plan_word_that_names_an_earlier_amount_of_the_clause_leaves_the_done_count_a_figure():
    (fig,) = extract("列入计划的46个老旧小区已开工40个。").figures
    assert (fig.value, fig.target) == (40, 46)
    (fig,) = extract("计划新建的18个服务站已建成12个。").figures
    assert (fig.value, fig.target) == (12, 18)


def test_a_heading_target_goes_to_the_one_figure_of_its_unit_whose_percent_it_confirms():
    text = "二、改造提升农村公路150公里\n已完成路基改造142公里,完成率94.7%。沥青路面铺设完成118公里。"
    assert [(f.value, f.target) for f in extract(text).figures] == [(142, 150), (118, None)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3.加装电梯60部。全年完成加装电梯73部。", (73, 60)),
        ("1.城镇新增就业1.2万人。全年城镇新增就业1.38万人。", (Decimal("1.38"), Decimal("1.2"))),
    ],
)
def test_an_item_heading_sentence_is_the_commitment_of_a_year_end_report(text, expected):
    (fig,) = extract(text).figures
    assert (fig.value, fig.target) == expected


def test_a_heading_commitment_without_progress_in_its_unit_is_neither_a_figure_nor_lost_work():
    text = "一、新建城区公办幼儿园2所\n县城东幼儿园完成投资1860万元。城西幼儿园完成投资720万元。"
    assert [(f.value, f.unit) for f in extract(text).figures] == [(1860, "万元"), (720, "万元")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "分投资类型看:政府投资项目70项,总投资82.3亿元,完成投资30.1亿元。",
            [("政府投资项目完成投资", Decimal("30.1"), "亿元")],
        ),
        (
            "其中,省级重点项目42个,年度计划投资185.3亿元;市级重点项目124个,完成投资98.2亿元。",
            [("市级重点项目完成投资", Decimal("98.2"), "亿元")],
        ),
    ],
)
def test_a_group_size_before_the_groups_investment_is_no_figure(text, expected):
    assert [(f.label, f.value, f.unit) for f in extract(text).figures] == expected


def test_a_group_size_before_the_groups_investment_names_it():
    figures = extract("产业项目186个,完成投资276.4亿元,占年度计划的80.1%。").figures
    assert [(f.label, f.value, f.pct_of_plan) for f in figures] == [
        ("产业项目完成投资", Decimal("276.4"), Decimal("80.1"))
    ]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("地区生产总值增长6.8%,高于6.5%的年度目标。", Decimal("6.5")),
        ("城镇居民人均可支配收入增长5.9%,略低于6%的预期目标。", Decimal("6")),
        ("城镇居民人均可支配收入增长5.9%,低于全省平均水平0.3个百分点。", None),
    ],
)
def test_a_target_a_rate_is_compared_with_is_its_target(text, target):
    first = extract(text).figures[0]
    assert (first.value, first.target) == (Decimal(text.split("增长")[1].split("%")[0]), target)


def test_works_postponed_are_no_figure_and_leave_the_target_to_the_works_done():
    figures = extract("建成区级养老服务中心6个,目标8个,2个因选址调整顺延至2024年完成。").figures
    assert [(f.label, f.value, f.target) for f in figures] == [("建成区级养老服务中心", Decimal("6"), Decimal("8"))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发放创业担保贷款5亿元,已发放3.2亿元。", ("发放创业担保贷款", Decimal("3.2"), Decimal("5"))),
        ("免费接种HPV疫苗2400人,已接种1580人。", ("免费接种HPV疫苗", Decimal("1580"), Decimal("2400"))),
        ("改造燃气管道85公里,已完成改造62公里。", ("改造燃气管道", Decimal("62"), Decimal("85"))),
        ("新建充电桩200个,已新建126个。", ("新建充电桩", Decimal("126"), Decimal("200"))),
    ],
)
def test_a_task_whose_verb_is_repeated_after_yi_is_the_plan_of_the_work_done(text, expected):
    assert [(f.label, f.value, f.target) for f in extract(text).figures] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "四、义务教育学校建设。年度目标:新建改扩建义务教育学校10所。进展:已开工7所。",
            ("新建改扩建义务教育学校开工", Decimal("7"), Decimal("10")),
        ),
        (
            "九、食品安全。年度目标:完成食品安全抽检1.5万批次。进展:完成抽检4102批次。",
            ("食品安全抽检", Decimal("4102"), Decimal("1.5")),
        ),
    ],
)
def test_a_plan_keyed_in_one_sentence_is_the_target_of_the_progress_keyed_in_the_next(text, expected):
    assert [(f.label, f.value, f.target) for f in extract(text).figures] == [expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("全市新增就业2.8万人,同比增加0.3万人,完成年计划的70%。", ("新增就业=2.8万人 70%(年计划)", "同比增加=0.3万人")),
        (
            "完成投资9.3亿元,超序时进度2.5个百分点,占年度计划的77.5%。",
            ("完成投资=9.3亿元 77.5%(年度计划)", "完成投资超序时进度=2.5个百分点"),
        ),
    ],
)
def test_a_plan_share_measures_the_amount_not_its_change_or_gap(text, expected):
    assert reading(extract(text)) == expected


def test_a_plan_named_with_its_thing_inside_a_share_is_the_target():
    text = "新开工项目43个,占年度计划新开工项目50个的86%。"
    assert reading(extract(text)) == ("新开工项目=43个 86%(年度计划新开工项目) target=50个(text)",)


def test_a_periods_share_after_the_annual_share_is_named_by_the_amount():
    text = "新增城镇就业3.6万人,完成年度目标任务的90%,完成一至三季度目标任务的120%。"
    assert reading(extract(text))[1] == "新增城镇就业完成一至三季度目标任务=120%"


def test_a_progress_rate_after_the_plans_clause_is_the_figures_percent_not_a_threshold():
    assert reading(extract("建成碧道186公里,年度任务为200公里,完成率93%。")) == (
        "碧道=186公里 93% target=200公里(text)",
    )


def test_a_share_of_the_schedule_is_a_metric_of_its_own_not_the_percent_of_plan():
    assert reading(extract("完成投资12.3亿元,达到序时进度的108%。")) == ("完成投资=12.3亿元", "完成投资达到序时进度=108%")


def test_the_arithmetic_of_a_share_with_its_plan_names_the_figure_it_measures():
    text = "新建公共停车泊位3200个,其中充电桩车位640个,完成年度目标3000个的106.7%。"
    assert reading(extract(text)) == (
        "新建公共停车泊位=3200个 106.7%(年度目标) target=3000个(text)",
        "充电桩车位=640个 part_of=F001",
    )


def test_a_plan_inside_a_share_is_the_target_of_its_figure_only():
    text = "新建改造农村公路220公里,为年度目标200公里的110%,其中“四好农村路”示范路45公里。"
    assert [(f.value, f.target, f.part_of) for f in extract(text).figures] == [
        (Decimal("220"), Decimal("200"), None),
        (Decimal("45"), None, "F001"),
    ]


def test_a_periods_plan_and_share_stand_beside_the_annual_target_and_percent():
    text = (
        "一、城乡就业。年度目标:城镇新增就业1.8万人。一季度目标:城镇新增就业4500人。"
        "进展:城镇新增就业5120人,完成一季度目标的113.8%,完成年度目标的28.4%。"
    )
    figures = extract(text).figures
    assert [(f.label, f.value, f.unit, f.target, f.pct_of_plan) for f in figures] == [
        ("城镇新增就业", Decimal("5120"), "人", Decimal("1.8"), Decimal("28.4")),
        ("城镇新增就业完成一季度目标", Decimal("113.8"), "%", None, None),
    ]


def test_a_plan_keyed_for_one_item_is_not_the_next_items_and_goes_to_its_own_later_stages():
    text = (
        "目标:新增普惠性托育托位600个\n进展:已新增托位645个。\n"
        "目标:完成老旧小区改造15个\n进展:15个小区已全部开工,完工9个。\n"
    )
    assert [(f.value, f.target) for f in extract(text).figures] == [
        (Decimal("645"), Decimal("600")),
        (Decimal("15"), Decimal("15")),
        (Decimal("9"), Decimal("15")),
    ]


def test_a_clause_reporting_work_after_a_stated_target_is_its_figure():
    text = "今年城镇新增就业目标为4.5万人,截至10月底,全市城镇新增就业4.72万人。"
    assert [(f.label, f.value, f.target) for f in extract(text).figures] == [
        ("城镇新增就业", Decimal("4.72"), Decimal("4.5"))
    ]


def test_a_heading_commitment_goes_to_the_figure_of_its_exact_count_word():
    text = "一、新建改扩建幼儿园20所,新增学位6000个。已开工18所。\n二、新建城市公厕30座,新增停车位500个。已建成12座。\n"
    assert [(f.value, f.unit, f.target) for f in extract(text).figures] == [
        (Decimal("18"), "所", Decimal("20")),
        (Decimal("12"), "座", Decimal("30")),
    ]


def test_a_bare_stage_reported_under_a_keyed_plan_is_named_by_the_plan():
    text = "目标:新建公共充电桩1000个\n进展:已建成820个,完成率82%。\n"
    assert [(f.label, f.value, f.target, f.pct_of_plan) for f in extract(text).figures] == [
        ("新建公共充电桩建成", Decimal("820"), Decimal("1000"), Decimal("82"))
    ]


@pytest.mark.parametrize(
    "text",
    [
        "一、就业创业促进工程(年度目标:城镇新增就业66万人)\n1.城镇新增就业55.3万人,完成年度目标的83.8%。其中合肥市12.6万人,芜湖市6.1万人。\n",
        "三、城镇老旧小区改造(全年任务:新开工改造2100个小区、28万户)\n"
        "全省已开工改造城镇老旧小区2036个、26.7万户,分别占年度任务的97%和95.4%。分市看,合肥市开工412个,安庆市开工238个。\n",
    ],
)
def test_a_headings_target_is_the_wholes_not_its_places_shares(text):
    figures = extract(text).figures
    places = [f for f in figures if f.label.startswith(("合肥市", "芜湖市", "安庆市"))]
    assert len(places) == 2 and all(f.target is None and f.part_of == "F001" for f in places)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全市计划改造城镇老旧小区312个。截至6月30日,已开工247个,完工120个。", [Decimal("312"), Decimal("312")]),
        ("今年计划完成农村危房改造450户。截至6月30日,农村危房改造已竣工312户。", [Decimal("450")]),
        ("全市计划改造城镇老旧小区312个。新建公园5个。截至6月30日,已开工247个。", [None, None]),  # not the next
    ],
)
def test_a_plan_sentence_is_the_target_of_the_stages_of_its_thing_in_the_next_sentence(text, expected):
    assert [f.target for f in extract(text).figures] == expected


def test_a_commitment_that_contradicts_a_stages_own_rate_is_not_its_target():
    text = "1.改造农村户厕4300户\n已开工1432户,完工1068户,完工率53.4%。\n"  # 1068 / 4300 is not 53.4 %
    assert [(f.value, f.target, f.pct_of_plan) for f in extract(text).figures] == [
        (Decimal("1432"), Decimal("4300"), None),
        (Decimal("1068"), None, Decimal("53.4")),
    ]


def test_a_share_of_a_plan_in_brackets_goes_to_the_figure_in_the_plans_unit():
    text = "改造城镇老旧小区1256个、惠及群众38.2万户,完成年计划1200个的104.7%。"
    assert [(f.value, f.target, f.pct_of_plan) for f in extract(text).figures] == [
        (Decimal("1256"), Decimal("1200"), Decimal("104.7")),
        (Decimal("38.2"), None, None),
    ]


def test_two_stages_of_the_works_are_two_figures_not_a_task_and_its_part_done():
    figures = extract("全省城镇老旧小区改造新开工3156个,已完工2410个。").figures
    assert [(f.label, f.value, f.target) for f in figures] == [
        ("城镇老旧小区改造新开工", Decimal("3156"), None),
        ("城镇老旧小区改造完工", Decimal("2410"), None),
    ]


def test_commitments_numbered_inline_after_the_lead_are_targets_of_the_items_reported_later():
    text = (
        "年初,县政府承诺办好3件民生实事:1.新建幼儿园20所;2.改造农村危房1500户;3.新改建农村公路300公里。\n"
        "截至2019年9月底,各项实事进展顺利。\n"
        "一、学前教育。已开工幼儿园18所。\n二、农村危房改造。已完成改造1320户,占年计划的88%。\n"
        "三、农村公路。已完成新改建农村公路260公里。"
    )
    assert reading(extract(text)) == (
        "开工幼儿园=18所 target=20所(commitment)",
        "农村危房改造=1320户 88%(年计划) target=1500户(commitment)",
        "新改建农村公路=260公里 target=300公里(commitment)",
    )


@pytest.mark.parametrize(
    "text, pct",
    [
        ("棚户区改造开工6520套,占全省的12.3%,完成年度任务的81.5%。", Decimal("81.5")),
        ("完成投资6.8亿元,占全市的60.3%,占年度计划的85.2%。", Decimal("85.2")),
    ],
)
def test_a_share_of_a_larger_areas_amount_between_a_figure_and_its_plan_share_leaves_that_share_to_it(text, pct):
    figures = extract(text).figures
    assert figures[0].pct_of_plan == pct
    assert [(f.unit, f.kind) for f in figures[1:]] == [("%", "rate")]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "新增城镇就业4.6万人,分别完成年度任务和一季度任务的38.3%、130%。",
            ("新增城镇就业=4.6万人 38.3%(年度任务)", "新增城镇就业完成一季度任务=130%"),
        ),
        # the annual plan written second
        (
            "新增城镇就业4.6万人,分别完成一季度任务和年度任务的130%、38.3%。",
            ("新增城镇就业=4.6万人 38.3%(年度任务)", "新增城镇就业完成一季度任务=130%"),
        ),
    ],
)
def test_one_amounts_shares_of_two_plans_after_fenbie_go_to_the_annual_plan_and_a_metric_of_their_own(text, expected):
    assert reading(extract(text)) == expected


def test_a_share_of_the_total_investment_before_the_annual_plans_is_a_metric_of_its_own():
    assert reading(extract("完成投资6.8亿元,占总投资的45.3%,占年度计划的85.2%。")) == (
        "完成投资=6.8亿元 85.2%(年度计划)",
        "完成投资占总投资=45.3%",
    )
    # alone, the share of the total investment is the amount's percent of plan
    assert reading(extract("累计完成投资6.8亿元,占总投资的45.3%。")) == ("完成投资=6.8亿元 45.3%(总投资)",)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("城镇新增就业完成年度任务的105%,达68.2万人。", ("城镇新增就业=68.2万人 105%(年度任务)",)),
        ("完成年度任务的105%,新增城镇就业68.2万人。", ("新增城镇就业=68.2万人 105%(年度任务)",)),
        # another sentence: the share is a figure of its own
        ("全市完成年度任务的105%。新增城镇就业68.2万人。", ("年度任务=105%", "新增城镇就业=68.2万人")),
    ],
)
def test_a_plan_share_written_before_the_amount_that_ends_its_sentence_is_that_amounts(text, expected):
    assert reading(extract(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a plan's second measure glued to it is plan too
        ("计划改造老旧小区120个2.4万户,已开工115个。", ("改造老旧小区开工=115个 target=120个(text)",)),
        # a whole a rate confirms takes its glued second measure with it
        (
            "改造老旧小区221个3万户,已开工198个,开工率89.6%。",
            ("改造老旧小区开工=198个 89.6%(开工率) target=221个(text)",),
        ),
    ],
)
def test_a_second_measure_glued_to_a_plan_is_no_figure(text, expected):
    assert reading(extract(text)) == expected


def test_a_change_written_right_after_a_plan_is_neither_a_figure_nor_its_progress():
    assert reading(extract("计划新增养老床位3000张,比上年增加500张,已新增2460张。")) == (
        "新增养老床位=2460张 target=3000张(text)",
    )


@pytest.mark.parametrize("joined", ["已完成21个和33个", "分别完成21个、33个"])
def test_tasks_listed_then_the_amounts_done_against_them_pair_in_order(joined):
    assert reading(extract(f"新建社区健身广场30个、农家书屋40个,{joined}。")) == (
        "新建社区健身广场=21个 target=30个(text)",
        "农家书屋=33个 target=40个(text)",
    )


def test_a_rate_capped_in_an_item_heading_is_the_rates_target_not_a_figure():
    text = (
        "二、新增城镇就业12万人,城镇登记失业率控制在3.5%以内\n"
        "截至9月底,全市城镇新增就业10.38万人,完成年度目标的86.5%;城镇登记失业率为2.86%。"
    )
    assert reading(extract(text)) == (
        "城镇新增就业=10.38万人 86.5%(年度目标) target=12万人(commitment)",
        "城镇登记失业率=2.86% target=3.5%(commitment)",
    )


def test_plans_listed_before_their_percents_pair_with_the_figures_in_order():
    assert reading(extract("新建改建城市公厕86座,农村户厕1.26万座,分别为全年任务100座、1.5万座的86%、84%。")) == (
        "新建改建城市公厕=86座 86%(全年任务) target=100座(text)",
        "农村户厕=1.26万座 84%(全年任务) target=1.5万座(text)",
    )


def test_a_target_in_brackets_a_rate_is_compared_with_is_its_target_and_names_the_gap():
    assert reading(extract("水质检测合格率为87.5%,低于省定目标(90%)2.5个百分点。")) == (
        "水质检测合格率=87.5% target=90%(text)",
        "水质检测合格率低于省定目标=2.5个百分点",
    )


def test_another_indicators_amount_is_no_plan_unless_the_percent_is_exactly_its_share():
    # 98.6 / 215.3 = 45.8 %, written 45.2 %: the GDP is no plan of the investment (it was dropped as its whole)
    assert reading(extract("地区生产总值完成215.3亿元。固定资产投资98.6亿元,完成年度计划的45.2%。")) == (
        "地区生产总值完成=215.3亿元",
        "固定资产投资=98.6亿元 45.2%(年度计划)",
    )


def test_a_rates_plan_then_its_actual_after_shiji_is_one_rate_with_its_target():
    assert reading(extract("地区生产总值增速预期目标6.5%左右,实际3.2%。")) == (
        "地区生产总值增速=3.2% target=6.5%(text)",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("城镇登记失业率3.1%,控制在3.5%的目标以内。", "城镇登记失业率=3.1% target=3.5%(text)"),
        ("城乡居民医保参保率稳定在95%以上,目前参保率达到96.2%。", "城乡居民医保参保率=96.2% target=95%(text)"),
        ("固定资产投资同比增长11.2%,比年度目标(增长10%)高1.2个百分点。", "固定资产投资同比增长=11.2% target=10%(text)"),
        ("规上工业增加值增长7.4%,低于年度目标(8%以上)0.6个百分点。", "规上工业增加值增长=7.4% target=8%(text)"),
    ],
)
def test_a_rates_bound_or_compared_target_is_its_target_not_a_figure(text, expected):
    assert reading(extract(text))[0] == expected
    assert sum(f.unit == "%" for f in extract(text).figures) == 1  # the target is no figure of its own


def test_a_growths_plan_with_its_change_word_then_the_actual_is_one_rate_with_its_target():
    assert reading(extract("地区生产总值预期目标增长7%左右,实际增长7.2%。")) == (
        "地区生产总值增长=7.2% target=7%(text)",
    )


def test_a_plan_sentences_subjectless_rate_plan_is_the_target_of_the_rate_its_period_reports():
    # the reported rate was lost as a threshold of the plan sentence
    assert reading(extract("年度目标为增长7%左右,1-9月地区生产总值增长6.8%。")) == (
        "1-9月地区生产总值增长=6.8% target=7%(text)",
    )


def test_stacked_respectively_lists_of_amounts_changes_and_plan_shares_pair_in_order():
    text = "社会消费品零售总额、一般公共预算收入分别完成58.4亿元、12.7亿元,分别增长6.2%、8.8%,分别完成年度目标的74.6%、80.1%。"
    assert reading(extract(text)) == (
        "社会消费品零售总额=58.4亿元 74.6%(年度目标)",
        "一般公共预算收入=12.7亿元 80.1%(年度目标)",
        "社会消费品零售总额增长=6.2%",
        "一般公共预算收入增长=8.8%",
    )


def test_a_heading_target_goes_to_the_one_figure_that_names_its_thing_among_several_of_its_unit():
    text = "一、城镇新增就业6000人\n截至9月底,城镇新增就业5200人,就业困难人员就业450人。"
    assert reading(extract(text)) == (
        "城镇新增就业=5200人 target=6000人(commitment)",
        "就业困难人员就业=450人",
    )


def test_an_item_line_wrapped_after_a_comma_is_no_heading_commitment():
    # the wrap made 26.47万人 a heading commitment: the target of 再就业 in the same unit
    text = "一、城镇新增就业26.47万人,\n占年计划的110.3%;再就业2.15万人,完成年计划的107.5%。"
    assert all(f.target is None for f in extract(text).figures)


def test_the_programmes_items_listed_after_quedingle_are_commitments_not_figures():
    text = (
        "县政府确定了3件为民办实事:新建农村公路80公里、改造危房1200户、新增城镇就业2500人。\n截至9月底:\n"
        "(一)危房改造。已改造危房980户。"
    )
    assert reading(extract(text)) == ("改造危房=980户 target=1200户(commitment)",)


def test_a_scope_count_before_the_figure_a_rate_follows_does_not_take_the_rate():
    text = "全区10个街道共申报民生微实事项目1286个,已完成立项1054个,完成率82.0%。"
    assert reading(extract(text)) == ("立项=1054个 82.0% target=1286个(text)",)


@pytest.mark.parametrize("approximately", ["约", "近"])
def test_a_task_then_an_approximate_amount_completed_against_it(approximately):
    text = f"改造城市燃气管道120公里,已完成{approximately}80公里。"
    assert reading(extract(text)) == ("改造城市燃气管道=80公里 target=120公里(text)",)


def test_a_stage_rate_written_with_an_approximation_is_the_counts_percent():
    assert reading(extract("已完工96个,完工率接近44%。")) == ("完工=96个 44%(完工率)",)


def test_an_officials_quoted_task_is_the_plan_of_what_they_say_is_done():
    text = "“今年我们要完成1500张床位的建设任务,目前已经完成了1200张。”市民政局局长说。"
    [figure] = extract(text).figures
    assert (figure.value, figure.target) == (Decimal(1200), Decimal(1500))


@pytest.mark.parametrize("closing", ["存在问题:部分项目进度滞后,未能按期完成。", "下一步:确保按期完成。"])
def test_the_last_items_figures_stay_figures_before_an_unnumbered_closing_line(closing):
    # the closing line's 完成 made the last item's line look like a commitment stated before its progress
    text = f"4.新建公园3个。已建成2个。\n5.实施农村饮水安全工程,完成投资1260万元,受益群众4.8万人。\n{closing}"
    values = [f.value for f in extract(text).figures]
    assert Decimal(1260) in values and Decimal("4.8") in values


def test_parts_of_a_stage_after_qizhong_do_not_take_the_plan():
    text = "计划新建村级综合服务站45个,已建成42个,其中张家堡镇8个、五堡镇7个。"
    assert [(f.value, f.target) for f in extract(text).figures] == [
        (Decimal(42), Decimal(45)),
        (Decimal(8), None),
        (Decimal(7), None),
    ]
