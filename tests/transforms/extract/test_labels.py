"""Labels that name what is counted (transforms/extract/labels.py, and table cells named by row and column)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from transforms.extract import extract
from transforms.extract.labels import is_bare


@pytest.mark.parametrize(
    "label, bare",
    [
        ("开工", True),
        ("已开工", True),
        ("", True),
        ("增长", True),
        ("同比增长", True),
        ("植树", False),
        ("城镇新增就业", False),
        ("省级示范村已开工", False),
    ],
)
def test_bare_labels_are_stage_or_change_words_only(label, bare):
    assert is_bare(label) is bare


def _labels(text: str) -> list[tuple[str, str]]:
    return [(f.label, f"{f.value_text}{f.unit}") for f in extract(text).figures]


def test_a_stage_label_takes_the_item_heading():
    text = "一、住房保障\n1.节能保暖改造方面,38.5万平方米已开工,占年计划的77%。\n2.农民培训方面,累计开展培训2400人。"
    assert _labels(text) == [("节能保暖改造开工", "38.5万平方米"), ("农民培训", "2400人")]


def test_a_part_takes_its_parents_subject():
    labels = _labels("3.城乡环境方面,开工建设污水管网42公里,其中30公里已完工。")
    assert labels[1] == ("污水管网完工", "30公里")  # the thing, without the parent's start stage


def test_a_later_stage_names_the_thing_without_the_start_stage():
    assert _labels("已开工改造老旧小区68个,完工21个。")[1] == ("改造老旧小区完工", "21个")


def test_a_stage_after_qizhong_takes_the_subject_without_the_connector():
    assert _labels("新建公办幼儿园10所,已开工8所,其中已建成5所。")[1] == ("新建公办幼儿园建成", "5所")
    assert _labels("4.新建公办幼儿园10所:已开工8所,其中建成5所。")[1] == ("新建公办幼儿园建成", "5所")


def test_names_listed_before_one_amount_name_it_together():
    assert _labels("新建中小学、幼儿园15所。") == [("新建中小学、幼儿园", "15所")]
    assert _labels("新增、更换配变320台。") == [("新增、更换配变", "320台")]
    # each name with an amount of its own is no shared list
    assert _labels("新建农贸市场3个、社区食堂12个。") == [("新建农贸市场", "3个"), ("社区食堂", "12个")]


def test_names_listed_after_a_unit_name_its_amount_together():
    assert _labels("已建成11家国家级、省级、市级工会驿站。") == [("国家级、省级、市级工会驿站", "11家")]
    # a name followed by an amount of its own is no part of the list
    assert _labels("市区1000辆出租车、400余家商户已实现刷卡消费。") == [("出租车", "1000辆"), ("商户", "400家")]


def test_a_scope_between_a_verb_and_its_amount_names_nothing():
    assert _labels("培训全县1.2万名农民工。") == [("培训农民工", "1.2万名")]
    assert _labels("覆盖全县126个行政村。") == [("覆盖行政村", "126个")]


def test_a_department_that_acts_names_nothing_counted():
    assert _labels("区教育局完成12所学校食堂改造。") == [("学校食堂改造", "12所")]
    assert _labels("市住建局完成老旧小区改造32个。") == [("老旧小区改造", "32个")]
    # a service centre built is a thing counted, not a department acting
    assert _labels("新建社区服务中心3个。") == [("新建社区服务中心", "3个")]


def test_a_quoted_word_after_the_unit_goes_on_with_the_label():
    assert _labels("为8600名适龄妇女开展“两癌”筛查。") == [("适龄妇女开展“两癌”筛查", "8600名")]


def test_the_people_an_amount_was_paid_to_are_no_part_of_its_label():
    assert _labels("对1.2万名低保对象发放低保金4860万元。")[1] == ("低保对象发放低保金", "4860万元")


def test_chengxiang_is_split_only_when_it_is_the_two_names():
    labels = _labels("城乡低保标准分别提高到每月750元和620元。")
    assert [label[:6] for label, _ in labels] == ["城市低保标准", "农村低保标准"]
    # two names listed: those are the two, 城乡 stays in the first
    labels = _labels("为城乡低保对象、特困人员分别发放救助金3200万元、860万元。")
    assert labels == [("城乡低保对象发放救助金", "3200万元"), ("特困人员发放救助金", "860万元")]


def test_an_aspect_before_a_colon_is_no_name_of_the_figures_after_it():
    assert _labels("(三)民政方面:新建养老服务站8个,建成食堂3个。")[1] == ("食堂", "3个")


def test_a_growth_rate_names_the_amount_before_it():
    assert _labels("全年一般公共预算收入86.2亿元,同比增长4.3%。") == [
        ("全年一般公共预算收入", "86.2亿元"),
        ("全年一般公共预算收入同比增长", "4.3%"),
    ]


def test_a_quoted_project_names_what_is_done():
    assert _labels("“新建口袋公园24处”项目,已完成18处。") == [("新建口袋公园", "18处")]


def test_places_of_a_rate_list_take_the_rate_even_with_pdf_spaces():
    assert _labels("各市(州)开工率:金华市 96%、丽 水市 88%。") == [("金华市开工率", "96%"), ("丽水市开工率", "88%")]


def test_a_table_cell_without_words_is_named_by_row_and_column():
    html = (
        "<table><tr><th>工作内容</th><th>当前进展</th><th>形象进度</th></tr>"
        "<tr><td>建成环城北路及其配套排水管网工程</td><td>路基已完成,正在铺设沥青面层,预计年底通车</td><td>85%</td></tr>"
        "<tr><td>改造提升跨镇街农村道路20公里</td><td>已完成改造农村道路16公里,其余路段正在施工</td><td>80%</td></tr>"
        "</table>"
    )
    assert ("建成环城北路及其配套排水管网工程 形象进度", "85%") in _labels(html)


def test_a_bare_verb_takes_the_thing_named_after_the_quantity():
    assert _labels("13.医保工作站建设方面,可受理12项医保服务事项。") == [("可受理医保服务事项", "12项")]


def test_a_name_ending_in_a_bracketed_qualifier_names_the_quantity_after_it():
    assert _labels("新增技能人才(取证)12.6万人,新增高技能人才(取证)3.1万人。") == [
        ("新增技能人才(取证)", "12.6万人"),
        ("新增高技能人才(取证)", "3.1万人"),
    ]


def test_a_bare_stage_takes_the_subject_of_the_figure_before_it_in_the_sentence():
    assert _labels("其中,续建项目复工96项,完成投资18.5亿元。") == [
        ("续建项目复工", "96项"),
        ("续建项目完成投资", "18.5亿元"),
    ]


def test_a_place_after_a_rate_in_a_list_shares_that_rate():
    labels = _labels("其中:萧县、砀山县资金到位率100%,灵璧90%。")
    assert labels[-1] == ("灵璧资金到位率", "90%")


def test_a_rate_shared_by_listed_places_is_one_metric_named_by_the_list():
    # Corpus README: a rate shared by a list of counties is ONE metric covering the list.
    assert _labels("宿州、亳州两市开工率均为100%。") == [("宿州、亳州开工率", "100%")]
    assert _labels("其中:萧县、砀山县资金到位率100%,灵璧90%。") == [
        ("萧县、砀山县资金到位率", "100%"),
        ("灵璧资金到位率", "90%"),
    ]
    # Not places: two verbs of one thing are no list of places.
    [(label, value)] = _labels("新建、改建村卫生室开工率达到95%。")
    assert "、" not in label and value == "95%"


def test_a_subject_ending_in_xin_keeps_it_before_a_stage():
    # 城市更新 is the item's subject; 新开工 is no stage of it (the label was cut to 城市更完工).
    assert _labels("城市更新已开工18个,完工6个。") == [("城市更新已开工", "18个"), ("城市更新完工", "6个")]


def test_a_count_joined_by_he_after_another_is_named_by_its_own_thing():
    assert _labels("改造提升城市道路35条和背街小巷120条。") == [
        ("改造提升城市道路", "35条"),
        ("改造提升背街小巷", "120条"),
    ]
    assert _labels("建成5G基站1200个、充电桩3500个和换电站20座。")[-1] == ("换电站", "20座")


def test_a_quoted_name_keeps_its_digits_that_are_no_amount():
    # 15分钟 is a duration in the name, not an amount of 分: the name is not cut to 钟健身圈
    assert _labels("全市累计建成“15分钟健身圈”42个。") == [("15分钟健身圈", "42个")]
    assert _labels("“城镇棚户区改造27.76万套”项目,已完成17.18万套。") == [("城镇棚户区改造", "17.18万套")]


def test_kinds_listed_before_deng_and_the_thing_before_the_amount_name_it_together():
    assert _labels("改造供水、排水、燃气等管线2680公里。") == [("改造供水、排水、燃气等管线", "2680公里")]


def test_opened_to_traffic_is_a_stage_of_the_thing_before_it():
    assert _labels("农村公路新开工320公里,建成通车210公里。") == [
        ("农村公路新开工", "320公里"),
        ("农村公路通车", "210公里"),
    ]


def test_a_value_of_a_respectively_list_that_states_its_own_period_keeps_it():
    # 5200 元 a year, not a month: a wrong period in a label misleads more than a short label
    assert _labels("城乡低保标准分别提高到每人每月685元和每人每年5200元。") == [
        ("城市低保标准提高到每人每月", "685元"),
        ("农村低保标准提高到每人每年", "5200元"),
    ]


def test_a_bound_before_the_values_it_picks_out_is_no_figure_and_the_places_take_their_values():
    assert _labels("会昌县、安远县、寻乌县完成率低于80%,分别为79.6%、76.4%、72.8%。") == [
        ("会昌县完成率", "79.6%"),
        ("安远县完成率", "76.4%"),
        ("寻乌县完成率", "72.8%"),
    ]


def test_a_surplus_over_the_plan_is_named_as_a_surplus_not_as_the_plan():
    assert _labels("城镇新增就业5.6万人,超额完成年度目标1.6万人。")[-1] == ("城镇新增就业超额完成年度目标", "1.6万人")


@pytest.mark.parametrize(
    "text, gap",
    [
        ("城镇登记失业率3.1%,低于年度控制目标1.4个百分点。", ("城镇登记失业率低于年度控制目标", "1.4个百分点")),
        ("城镇登记失业率3.1%,比年度控制目标低1.4个百分点。", ("城镇登记失业率比年度控制目标低", "1.4个百分点")),
        ("实现地区生产总值186.4亿元,同比增长6.8%,增速高于全市平均水平1.2个百分点。",
         ("地区生产总值增速高于全市平均水平", "1.2个百分点")),
    ],
)
def test_a_gap_against_a_control_target_or_of_a_growth_is_named_by_the_rate_it_compares(text, gap):
    assert _labels(text)[-1] == gap


@pytest.mark.parametrize(
    "text, expected",
    [
        # a count of facilities named by the unit they serve is work, not the scope
        ("完成2个乡镇卫生院改造。", [("乡镇卫生院改造", "2个")]),
        ("建成12个乡镇综合文化站。", [("乡镇综合文化站", "12个")]),
        # names listed right before the count, without 等: the count is named by the thing after its unit
        ("完成榔桥、茂林、蔡村3个中心卫生院改造。", [("完成中心卫生院改造", "3个")]),
    ],
)
def test_counts_of_facilities_named_by_places_or_scopes(text, expected):
    assert _labels(text) == expected


def test_places_listed_after_qizhong_before_respectively_are_named_without_it():
    assert _labels("已开工2318个,其中长沙市、株洲市分别开工412个、186个。")[1:] == [
        ("长沙市开工", "412个"),
        ("株洲市开工", "186个"),
    ]


@pytest.mark.parametrize(
    "text, label",
    [
        ("2.改造提升农贸市场30家【黄灯】:已完工15家,完成50.0%。", "改造提升农贸市场完工"),
        ("3.新建公共停车泊位2万个【红灯】:已建成8600个,完成43%。", "新建公共停车泊位建成"),
    ],
)
def test_a_headings_status_light_and_commitment_are_no_part_of_a_label(text, label):
    assert _labels(text)[0][0] == label


def test_status_counts_of_the_programmes_items_by_light_are_no_figures():
    assert _labels("10件民生实事中绿灯(正常推进)7件、黄灯(略有滞后)2件、红灯(严重滞后)1件。") == []


def test_a_gap_behind_the_schedule_written_with_it_in_brackets_is_named_by_the_amount_it_compares():
    assert _labels("累计完成投资1.94亿元,占年度计划的43.5%,低于序时进度(50%)6.5个百分点。")[-1] == (
        "完成投资低于序时进度",
        "6.5个百分点",
    )


def test_names_listed_in_the_clause_before_a_rate_with_respectively():
    assert _labels("科技、农业、工业项目进展较好,投资完成率分别高于总体进度9.8、6.2、5.8个百分点。") == [
        ("科技项目投资完成率", "9.8个百分点"),
        ("农业项目投资完成率", "6.2个百分点"),
        ("工业项目投资完成率", "5.8个百分点"),
    ]


def test_two_joined_counts_are_named_by_their_own_things_and_share_the_action():
    assert _labels("3.服务职工方面,组织425名劳模和5000名职工疗休养,分别占年计划的106.3%和100%。") == [
        ("劳模疗休养", "425名"),
        ("职工疗休养", "5000名"),
    ]


def test_an_action_verb_takes_the_thing_after_a_chinese_numeral_count():
    assert _labels("新建十二个社区食堂。") == [("新建社区食堂", "十二个")]


def test_a_quoted_name_before_the_thing_counted_is_part_of_its_label():
    assert _labels("建设“全民健身”示范点4处。") == [("建设“全民健身”示范点", "4处")]


def test_a_bracketed_qualifier_before_a_one_character_label_is_kept():
    assert _labels("其中市级1533项、区(县)级5198项。") == [("市级", "1533项"), ("区(县)级", "5198项")]


def test_the_verb_phrase_shared_by_a_list_of_counts_ends_the_last_things_name():
    assert _labels("已完成64处书亭、10处书屋、30处阅读角设置并投入使用。") == [
        ("书亭", "64处"),
        ("书屋", "10处"),
        ("阅读角设置", "30处"),
    ]


def test_an_item_mark_does_not_open_the_label_of_a_figure_on_the_item_line():
    assert _labels("1.改造老旧小区120个。\n2.新建公园5个。") == [("改造老旧小区", "120个"), ("新建公园", "5个")]


def test_a_bare_stage_takes_the_topic_the_sentence_opens_with():
    assert _labels("老旧小区改造,年度目标120个,已开工98个。") == [("老旧小区改造开工", "98个")]
    assert _labels("截至9月底,已开工98个。") == [("开工", "98个")]  # a period phrase is no topic


def test_speaking_scopes_open_no_label_and_basically_done_is_a_stage():
    assert _labels("我市累计建成口袋公园37个。") == [("口袋公园", "37个")]
    assert _labels("新开工保障性租赁住房1.2万套,基本建成0.8万套。") == [
        ("新开工保障性租赁住房", "1.2万套"),
        ("新开工保障性租赁住房基本建成", "0.8万套"),
    ]


def test_counts_joined_after_one_verb_are_each_named_by_the_thing_after_them():
    assert _labels("已完成排查6000个隐患路口和700个事故路口。") == [
        ("排查隐患路口", "6000个"),
        ("排查事故路口", "700个"),
    ]


def test_a_generic_noun_with_its_stage_takes_the_items_subject():
    assert _labels("7.老旧小区改造方面,111个项目已开工。") == [("老旧小区改造项目开工", "111个")]


def test_a_bracketed_qualifier_inside_a_name_stays_in_the_label():
    fs = extract("新建(改扩建)学校15所,新增学位1.2万个。").figures
    assert [f.label for f in fs] == ["新建(改扩建)学校", "新增学位"]


def test_an_amount_a_pdf_line_break_cut_from_its_words_takes_the_words_of_the_line_before():
    fs = extract("全省集中供水工程开工\n790 处,已完工\n520 处。").figures
    assert [(f.label, f.value) for f in fs] == [("集中供水工程开工", 790), ("完工", 520)]


def test_a_change_in_the_amounts_own_unit_takes_the_label_of_the_amount_it_changes():
    fs = extract("全市城镇职工基本养老保险参保人数达到126.5万人,较上年末增加3.2万人。").figures
    assert fs[1].label == "城镇职工基本养老保险参保人数较上年末增加"


def test_an_amount_in_brackets_after_a_count_and_its_thing_is_named_by_that_thing():
    fs = extract("已组织209个家庭医生团队(共840人)开展线下培训。").figures
    assert [(f.label, f.value, f.unit) for f in fs][-1] == ("家庭医生团队", 840, "人")


def test_a_bare_stage_count_names_the_nearest_thing_counted_in_its_unit():
    (_, _, started) = extract("新建学校5所,新增学位3000个,已开工4所。").figures
    assert (started.label, started.value) == ("新建学校开工", 4)
    (_, _, started) = extract("改造老旧小区90个、惠及居民2.1万户,已开工86个。").figures
    assert started.label == "改造老旧小区开工"


@pytest.mark.parametrize(
    "text, labels",
    [
        ("新建、改扩建幼儿园分别为12所、8所。", ["新建幼儿园", "改扩建幼儿园"]),  # 改扩建 ends where 新建 ends
        ("新建、改建学校分别为5所、3所。", ["新建学校", "改建学校"]),
        (
            "城镇和农村居民人均可支配收入分别增长8.1%和9.2%。",
            ["城镇居民人均可支配收入增长", "农村居民人均可支配收入增长"],
        ),
    ],
)
def test_names_listed_before_respectively_share_the_words_after_the_last_names_own_head(text, labels):
    assert [f.label for f in extract(text).figures] == labels


def test_an_amount_glued_to_the_amount_before_it_names_the_same_thing():
    (rooms, households) = extract("新开工改造老旧小区221个3万户。").figures
    assert (rooms.label, households.label, households.value, households.unit) == (
        "新开工改造老旧小区",
        "新开工改造老旧小区",
        3,
        "万户",
    )


@pytest.mark.parametrize(
    "text, labels",
    [
        ("建成口袋公园3个、中心游园5个。", ["口袋公园", "中心游园"]),  # 、中心: a name, not "out of" (257个小区中221个)
        ("新建幼儿园6所、中小学4所。", ["新建幼儿园", "中小学"]),
    ],
)
def test_a_name_that_opens_with_zhong_after_a_list_comma_is_a_figure_of_its_own(text, labels):
    figures = extract(text).figures
    assert [f.label for f in figures] == labels and all(f.target is None for f in figures)


@pytest.mark.parametrize(
    "text, label",
    [
        ("县医院迁建项目完成主体工程,完成投资1.2亿元。", "县医院迁建项目完成投资"),
        ("县医院迁建项目主体已封顶,完成投资1.2亿元。", "县医院迁建项目主体完成投资"),
    ],
)
def test_a_topic_clause_names_the_thing_without_its_status(text, label):
    assert [f.label for f in extract(text).figures] == [label]


def test_an_amount_listed_right_after_another_measures_the_same_thing_at_the_same_stage():
    figures = extract("全县保障性住房开工8个、1860套,竣工3个、720套。").figures
    assert [(f.label, f.value) for f in figures] == [
        ("保障性住房开工", 8),
        ("保障性住房开工", 1860),
        ("保障性住房竣工", 3),
        ("保障性住房竣工", 720),
    ]


@pytest.mark.parametrize(
    "text, labels",
    [
        (
            "城乡居民人均可支配收入分别达到18687元、5634元,增长7.8%、9.2%。",
            [
                "城镇居民人均可支配收入",
                "农村居民人均可支配收入",
                "城镇居民人均可支配收入增长",
                "农村居民人均可支配收入增长",
            ],
        ),
        ("城乡低保标准分别提高到每人每月760元和560元。", ["城市低保标准提高到每人每月", "农村低保标准提高到每人每月"]),
        (
            "全县城乡居民人均可支配收入分别为21356元和10872元,分别增长5.1%和7.3%。",
            ["城镇居民人均可支配收入", "农村居民人均可支配收入", "城镇居民人均可支配收入增长", "农村居民人均可支配收入增长"],
        ),
    ],
)
def test_chengxiang_before_respectively_is_two_names_and_a_second_list_of_changes_pairs_with_them(text, labels):
    assert [f.label for f in extract(text).figures] == labels


def test_a_count_of_works_after_the_money_spent_on_them_is_named_without_the_money():
    (_, works) = extract("投入资金2.3亿元完成43间镇卫生院标准化建设。").figures
    assert (works.label, works.value, works.unit) == ("镇卫生院标准化建设", 43, "间")


@pytest.mark.parametrize(
    "text, label",
    [
        ("新建的18个家门口就业服务站已全部投用。", "家门口就业服务站已全部投用"),
        ("今年实施的46个老旧小区改造项目已全部开工。", "老旧小区改造项目已全部开工"),
    ],
)
def test_a_count_after_words_that_only_qualify_it_is_named_by_the_thing_after_its_unit(text, label):
    assert [f.label for f in extract(text).figures] == [label]


def test_a_gap_over_the_plan_written_with_chao_is_a_figure_named_by_the_amount_before_it():
    (_, gap) = extract("全年完成投资11.86亿元,超年度计划18.6个百分点。").figures
    assert (gap.label, str(gap.value), gap.unit) == ("全年完成投资超年度计划", "18.6", "个百分点")


def test_places_listed_before_respectively_keep_the_last_places_whole_name():
    figures = extract("城关镇、工业园区投资完成率分别为52.3%、46.8%。").figures
    assert [f.label for f in figures] == ["城关镇投资完成率", "工业园区投资完成率"]


def test_qian_yue_is_a_word_not_a_verb_and_the_qualifier_about():
    (fig,) = extract("家庭医生累计签约3.42万人。").figures
    assert (fig.label, fig.qualifier) == ("家庭医生累计签约", "累计")


def test_a_bare_investment_after_the_people_a_project_serves_names_the_project():
    (_, _, invest) = extract("开工改造城镇老旧小区86个,惠及居民2.14万户,完成投资3.96亿元。").figures
    assert invest.label == "改造城镇老旧小区完成投资"


def test_a_status_in_brackets_after_an_items_name_is_not_part_of_the_subject():
    (fig,) = extract("1.城乡公交一体化提升工程(绿灯)。完成投资4620万元,投资完成率77%。").figures
    assert fig.label == "城乡公交一体化提升工程完成投资"


def test_places_ranked_with_their_rates_in_brackets_take_the_rate():
    figures = extract("分乡镇看,投资完成率排名前三位的是高桥镇(72.1%)、柳林镇(68.4%)、城南街道(65%)。").figures
    assert [f.label for f in figures] == ["高桥镇投资完成率", "柳林镇投资完成率", "城南街道投资完成率"]


def test_a_part_after_qi_zhong_is_named_by_the_group_its_count_names_not_by_the_whole():
    text = "全县重点项目累计完成投资86.5亿元。其中,续建项目28个,完成投资45.12亿元;新建项目30个,完成投资20.3亿元。"
    labels = [(f.label, f.part_of) for f in extract(text).figures if f.unit == "亿元"]
    assert labels == [("重点项目累计完成投资", None), ("续建项目完成投资", "F001"), ("新建项目完成投资", "F001")]


def test_places_ranked_before_respectively_take_its_values_in_order():
    text = "东城区、高新区、北河县位列前三,分别完成年度计划的92.6%、90.3%和88.7%。"
    assert [(f.label, f.value) for f in extract(text).figures] == [
        ("东城区完成年度计划", Decimal("92.6")), ("高新区完成年度计划", Decimal("90.3")),
        ("北河县完成年度计划", Decimal("88.7"))]


def test_a_growth_after_a_gap_in_points_measures_the_amount_not_the_gap():
    text = "全市固定资产投资完成198.6亿元,超序时进度6.4个百分点,同比增长9.7%。"
    assert [f.label for f in extract(text).figures] == [
        "固定资产投资完成", "固定资产投资完成超序时进度", "固定资产投资完成同比增长"]


def test_a_plan_share_after_a_growth_rate_is_named_by_the_amount_the_rate_measures():
    figures = extract("规模以上工业增加值增长8.1%,完成年度计划的101.2%。").figures
    assert [(f.label, f.value, f.unit) for f in figures] == [
        ("规模以上工业增加值增长", Decimal("8.1"), "%"), ("规模以上工业增加值完成年度计划", Decimal("101.2"), "%")]


def test_places_with_their_rate_before_respectively_share_the_rate():
    figures = extract("城关镇、高新园区开工率较高,分别为96%、91.5%。").figures
    assert [(f.label, f.value) for f in figures] == [("城关镇开工率", Decimal("96")), ("高新园区开工率", Decimal("91.5"))]


def test_places_ranked_last_take_their_rates_and_then_their_gaps_in_order():
    text = "炎陵县、茶陵县、芦淞区排名后三,分别为65.3%、62.8%、58.1%,分别低于序时进度9.7个、12.2个和16.9个百分点。"
    assert [(f.label, f.value, f.unit) for f in extract(text).figures] == [
        ("炎陵县", Decimal("65.3"), "%"),
        ("茶陵县", Decimal("62.8"), "%"),
        ("芦淞区", Decimal("58.1"), "%"),
        ("炎陵县低于序时进度", Decimal("9.7"), "个百分点"),
        ("茶陵县低于序时进度", Decimal("12.2"), "个百分点"),
        ("芦淞区低于序时进度", Decimal("16.9"), "个百分点"),
    ]


def test_sub_items_whose_numbers_restart_under_each_item_are_named_by_their_own_heading():
    text = (
        "一、实施学校建设工程\n(1)新建第五小学,完成投资4600万元。\n(2)改扩建丰登中学综合楼,完成投资3000万元。\n"
        "二、实施健康惠民工程\n(1)开展慢性病筛查3万人,已筛查1.72万人。\n(2)新建村卫生室12个,已建成5个。\n"
    )
    assert [(f.item, f.label, f.value) for f in extract(text).figures] == [
        ("(1)", "新建第五小学完成投资", Decimal("4600")),
        ("(2)", "改扩建丰登中学综合楼完成投资", Decimal("3000")),
        ("(1)", "慢性病筛查", Decimal("1.72")),
        ("(2)", "新建村卫生室建成", Decimal("5")),
    ]


def test_the_same_amount_under_two_items_of_the_same_number_is_two_figures():
    text = "一、教育\n(1)新建幼儿园,完成投资500万元。\n二、卫生\n(1)新建卫生院,完成投资500万元。\n"
    assert [(f.item, f.label) for f in extract(text).figures] == [("(1)", "新建幼儿园完成投资"), ("(1)", "新建卫生院完成投资")]


def test_a_block_layouts_name_key_is_not_the_items_name():
    text = "2.项目名称:乡镇卫生院提升改造\n年度目标:完成8个乡镇卫生院标准化改造。\n责任单位:县卫健局\n进展情况:已完成5个。\n"
    assert [(f.label, f.value, f.target) for f in extract(text).figures] == [
        ("乡镇卫生院提升改造", Decimal("5"), Decimal("8"))
    ]


@pytest.mark.parametrize("text", ["东坪镇连续两期排名末位,完成率仅19.6%。", "投资完成率仅为19.6%。"])
def test_only_before_a_number_is_no_part_of_its_label(text):
    assert [f.label for f in extract(text).figures][0].endswith("完成率")


def test_places_listed_after_the_rate_that_picks_them_out_take_it():
    text = "开复工率达到80%以上的旗县有东山县、西河县和南岭县,分别达到97.2%、88.6%和84%。"
    assert [f.label for f in extract(text).figures] == ["东山县开复工率", "西河县开复工率", "南岭县开复工率"]


def test_sectors_listed_with_their_status_take_the_gap_named_after_respectively():
    text = "外资、基础设施、社会事业进展不够理想,分别低于总体进度4.0、8.3、15.4个百分点。"
    assert [f.label for f in extract(text).figures] == ["外资低于总体进度", "基础设施低于总体进度", "社会事业低于总体进度"]


def test_a_growth_after_an_amount_read_as_no_figure_is_named_by_that_amounts_measure():
    assert [f.label for f in extract("元至九月,全县完成生产总值56.7亿,增长7.5%。").figures] == ["生产总值增长"]


def test_an_items_part_of_a_lead_total_is_named_by_its_item_not_by_the_total():
    text = (
        "全省民生实事累计完成投资612.4亿元。\n三、老旧小区改造\n开工2036个,累计完成投资98.6亿元。\n"
        "四、农村公路\n新改建农村公路2860公里,完成投资45.2亿元。\n"
    )
    labels = [(f.label, f.part_of) for f in extract(text).figures if f.unit == "亿元"]
    assert labels == [("民生实事累计完成投资", None), ("老旧小区改造完成投资", "F001"), ("新改建农村公路完成投资", "F001")]


def test_a_second_list_of_changes_after_shan_tong_bi_takes_the_same_names():
    text = "城市、农村低保标准分别达到每人每月590元和362元,同比分别增长8.3%和11.6%。"
    assert [f.label for f in extract(text).figures][2:] == ["城市低保标准同比增长", "农村低保标准同比增长"]


def test_gaps_listed_after_as_many_figures_with_their_percents_pair_by_place():
    text = "新建口袋公园42个、绿道68公里,分别完成年度任务的84%和87.7%,超序时进度9个和12.7个百分点。"
    assert [f.label for f in extract(text).figures][2:] == ["新建口袋公园超序时进度", "绿道超序时进度"]


def test_an_areas_share_of_a_total_is_named_by_the_area_and_the_totals_measure():
    text = "全省城镇新增就业42.6万人。分设区市看,南昌市4.8万人,赣州市4.2万人。"
    assert [f.label for f in extract(text).figures] == ["城镇新增就业", "南昌市城镇新增就业", "赣州市城镇新增就业"]
