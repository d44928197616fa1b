"""Tables (transforms/extract/tables.py): bare number cells take their unit from the column header, a unit column
or the row's project name; header rows may hold digits."""

from __future__ import annotations

from decimal import Decimal

from transforms.extract import extract
from transforms.extract.rules import reading


def _table(header: list[str], *rows: list[str]) -> str:
    cells = lambda tag, row: "".join(f"<{tag}>{c}</{tag}>" for c in row)  # noqa: E731
    return f"<table><tr>{cells('th', header)}</tr>" + "".join(f"<tr>{cells('td', r)}</tr>" for r in rows) + "</table>"


def test_the_unit_comes_from_the_project_name_whose_amount_is_the_target():
    html = _table(
        ["序号", "项目名称", "年度目标", "完成", "完成率"],
        ["1", "新增4000张养老床位", "4000", "3200", "80%"],
        ["2", "改造老旧小区120个", "120", "96", "80%"],
    )
    assert reading(extract(html)) == (
        "新增4000张养老床位=3200张 80%(完成率) target=4000张(table column)",
        "改造老旧小区120个=96个 80%(完成率) target=120个(table column)",
    )


def test_the_unit_comes_from_a_unit_column_and_a_header_may_hold_digits():
    html = _table(
        ["指标名称", "单位", "全年计划", "1-9月完成", "完成进度(%)"],
        ["新建公园", "个", "20", "16", "80"],
        ["绿道建设", "公里", "50", "45", "90"],
    )
    assert reading(extract(html)) == (
        "新建公园=16个 80%(完成进度) target=20个(table column)",
        "绿道建设=45公里 90%(完成进度) target=50公里(table column)",
    )


def test_a_cell_without_any_unit_is_not_a_figure():
    html = _table(["项目", "计划", "实际"], ["职工疗休养", "5000", "5200"], ["劳模疗休养", "400", "425"])
    assert reading(extract(html)) == ()  # nothing says what 5200 counts: never guess a unit


def test_cells_with_their_own_units_and_a_unit_in_brackets_after_the_row_name():
    html = _table(
        ["序号", "项目名称", "年度目标", "完成情况", "完成率", "责任单位"],
        ["1", "新增养老床位", "4000张", "约3200张", "80%", "民政局"],
        ["2", "城镇新增就业(万人)", "5", "4.2", "84%", "人社局"],
        ["3", "建设绿道", "50公里", "年底完成", "-", "建设局"],
    )
    assert reading(extract(html)) == (
        "新增养老床位=3200张 80%(完成率) target=4000张(table column)",
        "城镇新增就业=4.2万人 84%(完成率) target=5万人(table column)",
    )


PIPE_TABLE = """2023年民生实事进展情况(截至9月底)
序号 | 项目名称 | 年度目标 | 完成情况 | 完成率 | 责任单位 |
|---|---|---|---|---|---|
1 | 新增养老床位 | 4000张 | 3200张 | 80% | 民政局 |
2 | 城镇新增就业(万人) | 5 | 4.2 | 84% | 人社局 |
以上数据为初步统计。
| 来源:本网 | 点击:206 |"""


def test_a_table_flattened_with_pipes_is_read_as_a_table():
    assert reading(extract(PIPE_TABLE)) == (
        "新增养老床位=3200张 80%(完成率) target=4000张(table column)",
        "城镇新增就业=4.2万人 84%(完成率) target=5万人(table column)",
    )


def test_pipe_rows_become_tab_rows_and_a_lone_piped_line_stays():
    from transforms.text import bulletin_text

    lines = bulletin_text(PIPE_TABLE).split("\n")
    assert lines[1] == "序号\t项目名称\t年度目标\t完成情况\t完成率\t责任单位"
    assert lines[2] == "1\t新增养老床位\t4000张\t3200张\t80%\t民政局"
    assert lines[-1] == "| 来源:本网 | 点击:206 |"


def test_rate_rows_of_an_indicator_table_are_rate_figures_with_rate_targets():
    html = _table(
        ["指标名称", "年度目标", "1-9月完成情况", "责任部门"],
        ["地区生产总值增长率", "6%以上", "7.2%", "发改委"],
        ["单位GDP能耗下降率", "与省同步", "3.1%", "发改委"],
        ["外商直接投资(亿美元)", "3", "2.4", "商务局"],
    )
    assert reading(extract(html)) == (
        "地区生产总值增长率=7.2% target=6%(table column)",
        "单位GDP能耗下降率=3.1%",
        "外商直接投资=2.4亿美元 target=3亿美元(table column)",
    )


def test_an_economic_indicator_table_with_a_forecast_a_period_and_a_growth_column():
    html = _table(
        ["指标", "单位", "全年预计", "1-9月", "增长(%)"],
        ["地区生产总值", "亿元", "1200", "890.5", "6.8"],
        ["固定资产投资", "亿元", "800", "610", "9.1"],
    )
    assert reading(extract(html)) == (
        "地区生产总值=890.5亿元 target=1200亿元(table column)",
        "地区生产总值增长=6.8%",
        "固定资产投资=610亿元 target=800亿元(table column)",
        "固定资产投资增长=9.1%",
    )


CELL_PER_LINE = "\n".join(
    [
        "2023年民生实事进展(截至9月底)",
        "序号",
        "项目名称",
        "年度目标",
        "完成情况",
        "完成率",
        "责任单位",
        "1",
        "新增养老床位",
        "4000张",
        "3200张",
        "80%",
        "民政局",
        "2",
        "城镇新增就业(万人)",
        "5",
        "4.2",
        "84%",
        "人社局",
        "以上为初步统计。",
    ]
)


def test_a_numbered_table_flattened_one_cell_per_line_is_read_as_a_table():
    assert reading(extract(CELL_PER_LINE)) == (
        "新增养老床位=3200张 80%(完成率) target=4000张(table column)",
        "城镇新增就业=4.2万人 84%(完成率) target=5万人(table column)",
    )


def test_cells_per_line_are_left_as_lines_when_a_cell_is_split_or_rows_are_not_numbered():
    from transforms.text import bulletin_text

    # "3200" + "张" alone would be joined back (tests/transforms/test_flat_tables.py); a further line that is no
    # short tail leaves the row's lines unmatched to its columns
    split = "序号\n项目名称\n年度目标\n完成情况\n1\n新增养老床位\n4000张\n3200\n张\n按季度统计\n2\n城镇新增就业\n5万人\n4.2万人"
    unnumbered = "类别\n指标名称\n年度目标\n完成情况\n民生\n新增养老床位\n4000张\n3200张"
    assert "\t" not in bulletin_text(split) and "\t" not in bulletin_text(unnumbered)


def test_a_sub_row_opened_by_qi_zhong_is_a_part_of_the_row_above_in_its_item():
    html = _table(
        ["序号", "项目名称", "年度目标", "完成情况"],
        ["1", "新增城镇就业(万人)", "5", "4.2"],
        ["", "其中:高校毕业生就业(万人)", "2", "1.8"],
        ["2", "新增养老床位(张)", "2000", "1760"],
    )
    figures = extract(html).figures
    assert [(f.item, f.label, str(f.value), f.part_of) for f in figures] == [
        ("1", "新增城镇就业", "4.2", None),
        ("1", "高校毕业生就业", "1.8", figures[0].id),
        ("2", "新增养老床位", "1760", None),
    ]


def test_a_cell_with_a_stage_verb_and_its_amount_is_read_and_the_project_name_states_its_plan():
    html = (
        "<table><tr><td>项目名称</td><td>计划投资(万元)</td><td>完成投资(万元)</td><td>建设内容完成情况</td>"
        "<td>完成比例</td></tr><tr><td>新增城镇就业2000人</td><td>—</td><td>—</td><td>新增2150人</td>"
        "<td>107.5%</td></tr></table>"
    )
    fs = extract(html).figures
    assert [(f.label, f.value, f.unit, f.target, f.target_unit, f.target_source, f.pct_of_plan) for f in fs] == [
        ("新增城镇就业2000人", Decimal(2150), "人", Decimal(2000), "人", "commitment", Decimal("107.5"))
    ]


def test_an_indicator_tables_growth_plan_is_the_growth_rates_target_and_its_period_column_names_no_measure():
    html = (
        "<p>2023年1-9月全区主要经济指标完成情况</p><table><tr><td>指标名称</td><td>单位</td><td>年度目标</td>"
        "<td>1-9月</td><td>增长(%)</td></tr><tr><td>地区生产总值</td><td>亿元</td><td>增长7%</td><td>356.2</td>"
        "<td>6.8</td></tr></table>"
    )
    extraction = extract(html)
    assert [(f.label, f.value, f.unit, f.target, f.target_unit) for f in extraction.figures] == [
        ("地区生产总值", Decimal("356.2"), "亿元", None, None),
        ("地区生产总值增长", Decimal("6.8"), "%", Decimal(7), "%"),
    ]
    assert extraction.document.published is None  # "2023年1-9月" is a span of months, not a date


def test_a_percent_cell_whose_group_has_no_number_goes_to_the_figure_its_arithmetic_confirms():
    html = (
        "<table><tr><td>项目名称</td><td>计划投资(万元)</td><td>完成投资(万元)</td><td>建设内容完成情况</td>"
        "<td>完成比例</td></tr><tr><td>新建城东幼儿园</td><td>3200</td><td>3000</td><td>主体完工</td>"
        "<td>93.8%</td></tr><tr><td>新建城西幼儿园</td><td>3200</td><td>3000</td><td>主体完工</td>"
        "<td>50%</td></tr></table>"
    )
    fs = extract(html).figures
    assert [(f.value, f.target, f.pct_of_plan) for f in fs] == [
        (Decimal(3000), Decimal(3200), Decimal("93.8")),  # 3000 / 3200 = 93.75
        (Decimal(3000), Decimal(3200), None),  # 50 % measures the building work, not the investment
    ]


def test_a_bare_cell_takes_the_unit_of_the_rows_target_cell():
    html = _table(
        ["序号", "项目名称", "年度目标任务", "1-9月完成情况", "完成比例(%)"],
        ["1", "新增公办幼儿园学位", "1200个", "1200", "100"],
    )
    assert reading(extract(html)) == ("新增公办幼儿园学位=1200个 100%(年度目标任务) target=1200个(table column)",)


def test_a_district_table_right_after_another_table_is_read_under_its_own_header():
    html = _table(["指标名称", "单位", "1-9月完成", "增速(%)"], ["固定资产投资", "亿元", "86.3", "11.2"]) + _table(
        ["县区", "项目数(个)", "年度计划投资(亿元)", "1-9月完成投资(亿元)", "占年度计划(%)"],
        ["城关镇", "21", "40.5", "35.1", "86.7"],
    )
    last = extract(html).figures[-1]
    assert (last.label, last.value, last.unit, last.target, last.pct_of_plan) == (
        "城关镇1-9月完成投资",
        Decimal("35.1"),
        "亿元",
        Decimal("40.5"),
        Decimal("86.7"),
    )


def test_a_bound_without_its_unit_in_the_plan_column_is_the_rows_target_in_the_rows_unit():
    html = _table(
        ["指标名称", "单位", "年度目标", "1-9月完成"],
        ["城镇登记失业率", "%", "3.5以内", "3.1"],
    )
    figure = extract(html).figures[0]
    assert (figure.value, figure.unit, figure.target, figure.target_unit) == (Decimal("3.1"), "%", Decimal("3.5"), "%")


def test_a_commitment_written_out_in_the_plan_column_states_the_rows_target():
    html = _table(
        ["序号", "项目名称", "年度目标任务", "完成情况", "完成率"],
        ["3", "建设城市书房", "新建城市书房20家", "已建成16家", "80%"],
    )
    figure = extract(html).figures[0]
    assert (figure.value, figure.target, figure.target_unit, figure.pct_of_plan) == (16, 20, "家", 80)


def test_an_actual_cell_of_words_and_amounts_is_read_as_prose_with_the_rows_target():
    html = _table(
        ["序号", "项目名称", "年度目标任务", "1-9月完成情况", "完成比例(%)"],
        ["1", "老旧小区改造", "35个", "开工35个,完工20个", "57.1"],
        ["2", "改造农村户厕", "2000户", "1650户已完工", ""],
    )
    assert reading(extract(html)) == (
        "老旧小区改造 开工=35个 target=35个(table column)",
        "老旧小区改造 完工=20个 57.1%(完成比例) target=35个(table column)",  # 20 / 35: the percent cell's figure
        "改造农村户厕 完工=1650户 target=2000户(table column)",
    )


def test_a_merged_amount_is_one_figure_of_its_first_row():
    html = (
        "<table><tr><td>序号</td><td>项目名称</td><td>年度目标(座)</td><td>1-6月完成(座)</td></tr>"
        "<tr><td>1</td><td>东片公厕新建</td><td>6</td><td rowspan='2'>9</td></tr>"
        "<tr><td>2</td><td>西片公厕新建</td><td>5</td></tr></table>"
    )
    assert reading(extract(html)) == ("东片公厕新建=9座 target=6座(table column)",)


def test_a_period_plan_column_is_neither_the_target_nor_work_done():
    html = _table(
        ["序号", "项目名称", "年度计划投资(亿元)", "1-6月计划投资(亿元)", "1-6月完成投资(亿元)", "完成率(%)"],
        ["1", "北环路改造", "8.2", "4.0", "4.4", "53.7"],
    )
    assert reading(extract(html)) == ("北环路改造1-6月完成投资=4.4亿元 53.7%(完成率) target=8.2亿元(table column)",)


def test_a_unit_line_above_the_table_or_in_its_first_row_gives_the_bare_cells_their_unit():
    header = ["序号", "项目名称", "年度计划投资", "1-6月完成投资", "完成比例(%)"]
    row = ["1", "西区供水管网改造", "2400", "1300", "54.2"]
    expected = ("西区供水管网改造1-6月完成投资=1300万元 54.2%(年度计划投资) target=2400万元(table column)",)
    assert reading(extract("<p>附表 投资进度(单位:万元)</p>" + _table(header, row))) == expected
    spanning = "<table><tr><td colspan='5'>单位:万元</td></tr>" + _table(header, row)[len("<table>") :]
    assert reading(extract(spanning)) == expected
    assert reading(extract("<p>附表 投资进度</p>" + _table(header, row))) == ()  # no unit written anywhere


def test_a_cell_takes_its_own_column_header_unit_before_the_target_columns():
    html = _table(["序号", "项目名称", "年度目标(万元)", "1-6月完成(亿元)"], ["1", "水利投资", "52000", "3.1"])
    assert reading(extract(html)) == ("水利投资=3.1亿元 target=52000万元(table column)",)


def test_a_bare_target_cell_takes_the_unit_column_not_the_actual_cells_unit():
    html = _table(
        ["序号", "项目名称", "单位", "年度目标", "完成情况"], ["1", "农村劳动力转移", "万人", "2.5", "21000人"]
    )
    assert reading(extract(html)) == ("农村劳动力转移=21000人 target=2.5万人(table column)",)


def test_stage_columns_and_a_measure_under_a_stage_header_are_work_done():
    html = (
        "<table><tr><td rowspan='2'>县(区)</td><td colspan='2'>已竣工</td></tr>"
        "<tr><td>泵站(座)</td><td>管网(公里)</td></tr>"
        "<tr><td>全县</td><td>12</td><td>85</td></tr><tr><td>北关镇</td><td>5</td><td>31</td></tr></table>"
    )
    assert reading(extract(html)) == (
        "全县已竣工泵站=12座",
        "全县已竣工管网=85公里",
        "北关镇已竣工泵站=5座 part_of=F001",
        "北关镇已竣工管网=31公里 part_of=F002",
    )
    flat = _table(["县(区)", "已开工泵站(座)", "建成泵站(座)"], ["全县", "16", "12"], ["北关镇", "7", "5"])
    assert reading(extract(flat)) == (
        "全县已开工泵站=16座",
        "全县建成泵站=12座",
        "北关镇已开工泵站=7座 part_of=F001",
        "北关镇建成泵站=5座 part_of=F002",
    )


def test_stages_under_a_target_and_an_actual_header_pair_by_stage():
    html = (
        "<table><tr><td rowspan='2'>序号</td><td rowspan='2'>项目名称</td><td colspan='2'>年度目标(所)</td>"
        "<td colspan='2'>1-6月完成(所)</td></tr><tr><td>开工</td><td>建成</td><td>开工</td><td>建成</td></tr>"
        "<tr><td>1</td><td>新建幼儿园</td><td>9</td><td>6</td><td>7</td><td>2</td></tr></table>"
    )
    assert reading(extract(html)) == (
        "新建幼儿园开工=7所 target=9所(table column)",
        "新建幼儿园建成=2所 target=6所(table column)",
    )


def test_a_task_column_of_words_names_the_rows():
    html = _table(["序号", "工作任务", "年度目标", "1-9月完成", "完成率"], ["1", "新建城市书房", "12个", "9个", "75%"])
    assert reading(extract(html)) == ("新建城市书房=9个 75%(完成率) target=12个(table column)",)


def test_sub_rows_without_a_number_or_numbered_under_a_row_are_its_parts_in_its_item():
    html = _table(
        ["序号", "项目名称", "年度目标", "1-9月完成"],
        ["1", "改造农村危房", "900户", "870户"],
        ["", "其中:北乡", "500户", "480户"],
        ["", "南乡", "400户", "390户"],
        ["2", "新建村级卫生室", "30个", "26个"],
        ["2.1", "山区卫生室", "12个", "10个"],
        ["(2)", "平原卫生室", "18个", "16个"],
    )
    assert reading(extract(html)) == (
        "改造农村危房=870户 target=900户(table column)",
        "北乡=480户 target=500户(table column) part_of=F001",
        "南乡=390户 target=400户(table column) part_of=F001",
        "新建村级卫生室=26个 target=30个(table column)",
        "山区卫生室=10个 target=12个(table column) part_of=F004",
        "平原卫生室=16个 target=18个(table column) part_of=F004",
    )
    items = [f.item for f in extract(html).figures]
    assert items == ["1", "1", "1", "2", "2.1", "(2)"]


def test_total_rows_spaced_joined_or_with_a_count_are_the_parents():
    for total in ("合 计", "全县合计", "合计(2项)"):
        html = _table(
            ["序号", "项目名称", "年度计划(万元)", "1-6月完成(万元)"],
            ["1", "东区学校", "800", "500"],
            ["2", "西区学校", "600", "300"],
            [total, "", "1400", "800"],
        )
        figures = extract(html).figures
        assert [(f.value_text, f.part_of, f.item) for f in figures] == [
            ("500", "F003", "1"),
            ("300", "F003", "2"),
            ("800", None, None),
        ], total


def test_a_completion_date_column_is_not_a_figure():
    html = _table(
        ["序号", "项目名称", "单位", "年度目标", "1-9月完成", "计划完成时间"],
        ["1", "新建游泳馆", "座", "3", "2", "2025.6"],
    )
    assert reading(extract(html)) == ("新建游泳馆=2座 target=3座(table column)",)


def test_a_first_data_row_of_amounts_with_units_is_data_not_a_header():
    html = _table(
        ["项目名称", "年度目标", "1-9月完成", "完成率"],
        ["新建图书分馆", "8个", "6个", "—"],
        ["新增公交线路", "12条", "9条", "75%"],
    )
    assert reading(extract(html)) == (
        "新建图书分馆=6个 target=8个(table column)",
        "新增公交线路=9条 75%(完成率) target=12条(table column)",
    )


def test_a_second_table_right_after_the_first_is_read_under_its_own_header():
    first = _table(["序号", "项目名称", "年度目标", "完成情况"], ["1", "新建口袋公园", "6个", "5个"])
    second = _table(["序号", "项目名称", "年度计划投资(亿元)", "1-6月完成投资(亿元)"], ["1", "东环路", "3.0", "1.6"])
    assert reading(extract(first + second)) == (
        "新建口袋公园=5个 target=6个(table column)",
        "东环路1-6月完成投资=1.6亿元 target=3.0亿元(table column)",
    )


def test_a_share_of_plan_column_is_the_percent_and_a_second_basis_its_own_metric():
    html = _table(
        ["序号", "项目名称", "年度计划投资(亿元)", "1-6月完成投资(亿元)", "占年计划", "占时序进度(%)", "形象进度"],
        ["1", "会展中心", "4.0", "2.2", "55", "110", "60%"],
    )
    assert reading(extract(html)) == (
        "会展中心1-6月完成投资=2.2亿元 55%(年计划) target=4.0亿元(table column)",
        "会展中心形象进度=60%",
        "会展中心1-6月完成投资占时序进度=110%",
    )
    assert [f.kind for f in extract(html).figures] == ["progress", "progress", "progress"]


def test_rate_rows_take_rate_targets_from_a_percent_unit_column_and_ceiling_or_fall_cells():
    html = _table(
        ["序号", "指标名称", "单位", "年度目标", "1-6月完成"],
        ["1", "社会消费品零售总额增速", "%", "7%左右", "7.6"],
        ["2", "城镇登记失业率", "%", "控制在4%以内", "3.2%"],
        ["3", "单位GDP二氧化碳排放", "%", "下降2%", "下降1.2%"],
    )
    assert reading(extract(html)) == (
        "社会消费品零售总额增速=7.6% target=7%(table column)",
        "城镇登记失业率=3.2% target=4%(table column)",
        "单位GDP二氧化碳排放 下降=1.2% target=2%(table column)",
    )


def test_amounts_on_lines_of_one_cell_are_clauses_of_it():
    html = _table(
        ["序号", "项目名称", "年度目标", "1-9月完成", "完成率"],
        ["1", "新建公办幼儿园", "8所", "开工8所<br>建成5所", "62.5%"],
    )
    assert reading(extract(html)) == (
        "新建公办幼儿园 开工=8所 target=8所(table column)",
        "新建公办幼儿园 建成=5所 62.5%(完成率) target=8所(table column)",
    )


def test_a_number_spanning_the_actual_and_percent_columns_is_not_the_percent():
    html = (
        "<table><tr><td>序号</td><td>项目名称</td><td>年度目标</td><td>1-9月完成(处)</td><td>完成比例(%)</td></tr>"
        "<tr><td>1</td><td>新建街心游园</td><td>12处</td><td colspan='2'>9</td></tr></table>"
    )
    assert reading(extract(html)) == ("新建街心游园=9处 target=12处(table column)",)


def test_category_rows_spanning_the_table_neither_head_it_nor_end_it():
    html = (
        "<table><tr><th>序号</th><th>项目名称</th><th>年度目标</th><th>1-6月完成</th></tr>"
        '<tr><td colspan="4">一、文化惠民</td></tr>'
        "<tr><td>1</td><td>新建农家书屋</td><td>8个</td><td>5个</td></tr>"
        '<tr><td colspan="4">二、交通出行(共2项)</td></tr>'
        "<tr><td>2</td><td>新增公交线路</td><td>10条</td><td>7条</td></tr>"
        "</table>"
    )
    assert reading(extract(html)) == (
        "新建农家书屋=5个 target=8个(table column)",
        "新增公交线路=7条 target=10条(table column)",
    )
    assert [f.item for f in extract(html).figures] == ["1", "2"]


def test_a_category_row_with_its_number_in_the_number_cell_keeps_the_row_numbers():
    html = _table(
        ["序号", "项目名称", "年度目标", "1-6月完成"],
        ["一", "文化惠民", "", ""],
        ["1", "新建农家书屋", "8个", "5个"],
    )
    figures = extract(html).figures
    assert [(f.item, f.label, str(f.value)) for f in figures] == [("1", "新建农家书屋", "5")]


def test_a_lead_paragraph_restating_the_table_total_is_one_metric_with_its_percent_and_target():
    html = "<p>截至6月底,全县民生项目累计完成投资30亿元,占年度计划的60%。</p>" + _table(
        ["序号", "项目类别", "年度计划投资(亿元)", "1-6月完成投资(亿元)"],
        ["1", "教育类", "20", "12"],
        ["2", "医疗类", "30", "18"],
        ["合计", "", "50", "30"],
    )
    figures = extract(html).figures
    total = [f for f in figures if f.value == Decimal("30")]
    assert len(total) == 1
    assert (total[0].pct_of_plan, total[0].target) == (Decimal("60"), Decimal("50"))
    assert [f.part_of for f in figures if f.item in ("1", "2")] == [total[0].id, total[0].id]


def test_a_restated_row_whose_percent_is_not_of_its_target_stays_two_figures():
    text = (
        "截至6月底,新增城镇就业1.5万人,完成年度目标的90%。\n"
        "序号 | 项目名称 | 年度目标 | 1-6月完成\n"
        "1 | 新增城镇就业 | 3万人 | 1.5万人\n"
        "2 | 新建公园 | 10个 | 6个\n"
    )
    assert len([f for f in extract(text).figures if f.value == Decimal("1.5")]) == 2  # 1.5/3 is 50%, not 90%


def test_a_restated_row_with_a_share_of_the_schedule_is_one_figure_and_the_share_a_metric_of_its_own():
    text = (
        "截至6月底,新增城镇就业1.5万人,完成序时目标的90%。\n"
        "序号 | 项目名称 | 年度目标 | 1-6月完成\n"
        "1 | 新增城镇就业 | 3万人 | 1.5万人\n"
        "2 | 新建公园 | 10个 | 6个\n"
    )
    figures = [f for f in extract(text).figures if f.value in (Decimal("1.5"), Decimal("90"))]
    assert [(f.unit, f.target, f.pct_of_plan) for f in figures] == [("%", None, None), ("万人", Decimal("3"), None)]


def test_a_single_month_column_leaves_the_target_and_percent_to_the_cumulative_column():
    before = _table(
        ["序号", "项目名称", "年度目标", "本月完成", "累计完成", "完成率"],
        ["1", "新建充电桩", "200个", "20个", "150个", "75%"],
    )
    after = _table(
        ["序号", "项目名称", "年度目标", "累计完成", "其中:6月完成", "完成率"],
        ["1", "新建充电桩", "200个", "150个", "20个", "75%"],
    )
    for html in (before, after):
        figures = {f.value: f for f in extract(html).figures}
        assert (figures[Decimal("150")].target, figures[Decimal("150")].pct_of_plan) == (Decimal("200"), Decimal("75"))
        month = figures[Decimal("20")]
        assert (month.target, month.pct_of_plan, month.kind, month.part_of) == (None, None, "other", None)


def test_a_period_target_column_is_not_the_annual_target_and_a_period_benchmark_is_no_figure():
    html = _table(
        ["序号", "项目名称", "年度目标", "阶段目标", "时间进度", "1-6月完成", "完成率"],
        ["1", "改造燃气管网", "40公里", "20公里", "50%", "18公里", "45%"],
    )
    assert reading(extract(html)) == ("改造燃气管网=18公里 45%(完成率) target=40公里(table column)",)


def test_a_percent_against_the_period_plan_is_its_own_metric_not_the_pct_of_plan():
    html = _table(
        ["序号", "项目名称", "年度目标", "1-6月完成", "序时完成率(%)"],
        ["1", "改造燃气管网", "40公里", "18公里", "90"],
    )
    figures = extract(html).figures
    assert [(str(f.value), f.unit, f.pct_of_plan, f.target) for f in figures] == [
        ("18", "公里", None, Decimal("40")),
        ("90", "%", None, None),
    ]


def test_a_target_header_over_both_header_rows_is_the_target_of_the_period_group_beside_it():
    html = (
        '<table><tr><th rowspan="2">序号</th><th rowspan="2">项目名称</th><th rowspan="2">年度目标</th>'
        '<th colspan="2">1-6月</th></tr><tr><th>完成</th><th>完成率</th></tr>'
        "<tr><td>1</td><td>新建停车位</td><td>800个</td><td>600个</td><td>75%</td></tr></table>"
    )
    assert reading(extract(html)) == ("新建停车位=600个 75%(完成率) target=800个(table column)",)


def test_a_period_target_under_a_two_row_target_header_is_no_figure():
    html = (
        '<table><tr><th rowspan="2">序号</th><th rowspan="2">项目名称</th><th colspan="2">目标任务</th>'
        '<th colspan="2">完成情况</th></tr><tr><th>全年</th><th>1-6月</th><th>数量</th><th>占全年(%)</th></tr>'
        "<tr><td>1</td><td>新建停车位</td><td>800个</td><td>500个</td><td>600个</td><td>75</td></tr></table>"
    )
    figures = extract(html).figures
    assert [(f.label, str(f.value), f.target, f.pct_of_plan) for f in figures] == [
        ("新建停车位", "600", Decimal("800"), Decimal("75"))  # "数量" names no measure: not in the label
    ]


def test_every_stage_column_takes_the_year_target_before_it():
    html = _table(
        ["序号", "项目名称", "年度任务(个)", "已开工(个)", "已完工(个)"],
        ["1", "改造老旧小区", "30", "25", "10"],
    )
    assert [(str(f.value), f.target) for f in extract(html).figures] == [("25", Decimal("30")), ("10", Decimal("30"))]


def test_a_unit_line_listing_the_percent_columns_unit_too_states_the_amounts_unit():
    html = "<p>单位:亿元、%</p>" + _table(
        ["序号", "项目名称", "年度计划投资", "1-6月完成投资", "完成率"],
        ["1", "滨江大道改造", "8", "5.2", "65"],
    )
    figures = extract(html).figures
    assert [(str(f.value), f.unit, f.target, f.pct_of_plan) for f in figures] == [
        ("5.2", "亿元", Decimal("8"), Decimal("65"))
    ]


def test_a_target_of_a_number_and_wan_takes_the_unit_columns_unit():
    html = _table(
        ["序号", "项目名称", "单位", "年度目标", "1-6月完成"], ["1", "农村劳动力转移就业", "人", "2万", "15000"]
    )
    figures = extract(html).figures
    assert [(str(f.value), f.unit, f.target, f.target_unit) for f in figures] == [("15000", "人", Decimal("2"), "万人")]


def test_a_percent_cell_written_as_a_fraction_is_read_as_the_percent_the_arithmetic_shows():
    html = _table(
        ["序号", "项目名称", "年度目标", "1-6月完成", "完成率"],
        ["1", "新建篮球场", "20个", "15个", "0.75"],
        ["2", "新建足球场", "10个", "6个", "0.9"],  # 6/10 is 0.6: 0.9 stays as written
    )
    assert [f.pct_of_plan for f in extract(html).figures] == [Decimal("75"), Decimal("0.9")]


def test_two_investment_columns_of_one_row_are_not_a_total_and_its_part():
    html = _table(
        ["序号", "项目名称", "开工累计完成投资(亿元)", "年度计划投资(亿元)", "1-6月完成投资(亿元)"],
        ["1", "北环快速路", "8.6", "4.0", "2.5"],
    )
    assert [(str(f.value), f.part_of) for f in extract(html).figures] == [("8.6", None), ("2.5", None)]


def test_of_a_done_amount_and_an_amount_in_work_only_the_done_one_takes_the_row_target():
    html = _table(["序号", "项目内容", "进展情况"], ["1", "新建社区食堂10个", "已建成7个,另有3个正在装修"])
    figures = {f.value: f for f in extract(html).figures}
    assert (figures[Decimal("7")].target, figures[Decimal("7")].target_unit) == (Decimal("10"), "个")
    assert figures[Decimal("3")].target is None


def test_a_lead_figure_without_percent_that_the_table_total_restates_is_the_tables_one_metric():
    text = (
        "截至6月底,全县民生项目累计完成投资30亿元。\n"
        "序号 | 项目类别 | 年度计划投资(亿元) | 1-6月完成投资(亿元)\n"
        "1 | 教育类 | 20 | 12\n"
        "2 | 医疗类 | 30 | 18\n"
        "合计 |  | 50 | 30\n"
    )
    total = [f for f in extract(text).figures if f.value == Decimal("30")]
    assert [(f.target, f.item) for f in total] == [(Decimal("50"), None)]


def test_a_bare_actual_takes_the_target_units_base_when_the_percent_shows_the_magnitude_is_not_its_own():
    html = _table(
        ["序号", "项目名称", "年度目标", "1-6月完成", "完成率(%)"],
        ["1", "农村劳动力转移就业", "2万人", "15000", "75"],
        ["2", "新增造林面积", "1.5万亩", "1.2", "80"],
    )
    assert [(str(f.value), f.unit) for f in extract(html).figures] == [("15000", "人"), ("1.2", "万亩")]


def test_a_percent_column_of_a_prose_table_goes_to_the_figure_whose_target_it_confirms():
    html = _table(
        ["序号", "项目名称", "目标任务", "进展情况", "完成比例"],
        ["1", "城市燃气管网改造", "改造城区老旧燃气管网80公里", "已完成管网改造60公里,剩余部分正在施工", "75%"],
    )
    assert [(str(f.value), f.target, f.pct_of_plan) for f in extract(html).figures] == [
        ("60", Decimal("80"), Decimal("75"))
    ]


def test_a_second_table_restating_a_total_and_its_part_adds_neither_again():
    first = _table(["区县", "已建成(个)"], ["全县", "50"], ["城关镇", "20"])
    second = _table(["区县", "已建成(个)", "已投用(个)"], ["全县", "50", "30"], ["城关镇", "20", "12"])
    figures = extract(first + second).figures
    assert sorted(str(f.value) for f in figures) == ["12", "20", "30", "50"]
    parents = {str(f.value): f.part_of for f in figures}
    by_id = {f.id: str(f.value) for f in figures}
    assert (by_id[parents["20"]], by_id[parents["12"]]) == ("50", "30")


def test_a_light_column_stating_a_gap_in_points_is_read_as_words():
    html = _table(
        ["序号", "实事名称", "年度目标", "1-6月完成", "完成率", "亮灯情况"],
        ["1", "新建健身步道", "40公里", "16公里", "40%", "红灯(滞后序时10个百分点)"],
        ["2", "新建口袋公园", "10个", "6个", "60%", "绿灯"],
    )
    gaps = [(str(f.value), f.unit, f.kind) for f in extract(html).figures if f.unit == "个百分点"]
    assert gaps == [("10", "个百分点", "rate")]


def test_a_done_over_planned_cell_gives_the_amount_and_its_target():
    html = _table(["序号", "项目名称", "完成数/任务数(个)", "完成率"], ["1", "新建篮球场", "12/16", "75%"])
    assert reading(extract(html)) == ("新建篮球场=12个 75%(完成率) target=16个(table column)",)


def test_a_table_with_the_measures_as_rows_and_the_indicators_as_columns_is_read_turned():
    html = _table(
        ["指标", "新建充电桩(个)", "改造燃气管网(公里)"],
        ["年度目标", "300", "45"],
        ["1-6月完成", "180", "30"],
    )
    assert [(f.label, str(f.value), f.unit, f.target) for f in extract(html).figures] == [
        ("新建充电桩", "180", "个", Decimal("300")),
        ("改造燃气管网", "30", "公里", Decimal("45")),
    ]


def test_a_done_statement_merged_over_the_target_and_actual_cells_is_read_as_words():
    html = (
        "<table><tr><th>序号</th><th>项目名称</th><th>年度目标</th><th>1-6月完成</th><th>完成率</th></tr>"
        "<tr><td>1</td><td>新建公厕</td><td>20座</td><td>15座</td><td>75%</td></tr>"
        '<tr><td>2</td><td>背街小巷整治</td><td colspan="3">8条小巷已全部完工</td></tr></table>'
    )
    assert [(f.item, str(f.value), f.unit) for f in extract(html).figures] == [("1", "15", "座"), ("2", "8", "条")]


def test_a_project_column_named_with_commitments_names_the_rows_and_states_their_targets():
    html = (
        "<table><tr><th>序号</th><th>实事项目</th><th>1-9月完成情况</th><th>完成率(%)</th><th>责任单位</th></tr>"
        "<tr><td>1</td><td>新增养老床位2000张</td><td>1530张</td><td>76.5</td><td>市民政局</td></tr>"
        "<tr><td>2</td><td>为1.5万名适龄女生免费接种HPV疫苗</td><td>1.12</td><td>74.7</td><td>市卫健委</td></tr>"
        "</table>"
    )
    figures = extract(html).figures
    assert [(f.label, f.value, f.unit, f.target, f.pct_of_plan) for f in figures] == [
        ("新增养老床位2000张", Decimal("1530"), "张", Decimal("2000"), Decimal("76.5")),  # the row's name as written
        ("适龄女生免费接种HPV疫苗", Decimal("1.12"), "万名", Decimal("1.5"), Decimal("74.7")),
    ]


def test_stage_rate_columns_go_to_the_stage_they_name_not_to_the_column_left_of_them():
    text = (
        "项目名称\t年度目标(个)\t已开工(个)\t已完工(个)\t开工率(%)\t完工率(%)\n"
        "城镇老旧小区改造\t120\t112\t58\t93.3\t48.3\n"
        "农村危房改造\t600\t600\t455\t100\t75.8\n"
    )
    assert [(f.value, f.pct_of_plan, f.target) for f in extract(text).figures] == [
        (Decimal("112"), Decimal("93.3"), Decimal("120")),
        (Decimal("58"), Decimal("48.3"), Decimal("120")),
        (Decimal("600"), Decimal("100"), Decimal("600")),
        (Decimal("455"), Decimal("75.8"), Decimal("600")),
    ]
    only_started = text.replace("\t完工率(%)", "").replace("\t48.3", "").replace("\t75.8", "")
    assert [f.pct_of_plan for f in extract(only_started).figures] == [Decimal("93.3"), None, Decimal("100"), None]


def test_a_total_row_that_counts_the_tables_projects_is_no_figure_and_no_parent():
    html = (
        "<table><tr><th>序号</th><th>项目名称</th><th>年度目标任务</th><th>1-9月完成情况</th><th>完成率(%)</th></tr>"
        "<tr><td>1</td><td>新建口袋公园</td><td>20个</td><td>16个</td><td>80</td></tr>"
        "<tr><td>2</td><td>新增城镇就业</td><td>3万人</td><td>2.8万人</td><td>93.3</td></tr>"
        '<tr><td colspan="2">合计</td><td>3项</td><td>3项</td><td>100</td></tr></table>'
    )
    assert [(f.value, f.unit, f.part_of) for f in extract(html).figures] == [
        (Decimal("16"), "个", None),
        (Decimal("2.8"), "万人", None),
    ]


def test_a_cell_with_a_qualifier_or_a_verb_before_a_bare_number_takes_the_rows_unit():
    html = (
        "<table><tr><th>序号</th><th>项目名称</th><th>年度目标</th><th>1-9月完成</th><th>完成率(%)</th></tr>"
        "<tr><td>1</td><td>新建口袋公园(个)</td><td>20</td><td>完成16</td><td>80</td></tr>"
        "<tr><td>2</td><td>新建公厕(座)</td><td>30</td><td>约24</td><td>80</td></tr></table>"
    )
    figures = extract(html).figures
    assert [(f.value, f.unit, f.qualifier, f.target) for f in figures] == [
        (Decimal("16"), "个", None, Decimal("20")),
        (Decimal("24"), "座", "约", Decimal("30")),
    ]
    text = extract(html).text
    assert [text[f.start : f.end] for f in figures] == ["16", "24"]  # the evidence is the number as written


def test_a_periods_plan_under_a_two_level_header_is_not_the_years_target():
    html = (
        "<table><tr><th rowspan='2'>序号</th><th rowspan='2'>项目名称</th><th rowspan='2'>年度目标</th>"
        "<th colspan='2'>1-6月</th></tr><tr><th>计划</th><th>完成</th></tr>"
        "<tr><td>1</td><td>新建改扩建公办幼儿园(所)</td><td>12</td><td>5</td><td>6</td></tr></table>"
    )
    assert [(f.value, f.unit, f.target) for f in extract(html).figures] == [(Decimal("6"), "所", Decimal("12"))]


def test_rows_are_parts_of_their_subtotal_and_subtotals_of_the_grand_total():
    # Rows and subtotals under one 合计 would count every amount twice ("parts exceed the whole").
    html = "<p>单位:万元</p>" + _table(
        ["项目", "年度计划投资", "完成投资"],
        ["实验小学扩建", "8000", "5200"],
        ["城东幼儿园", "3000", "2100"],
        ["小计", "11000", "7300"],
        ["人民医院门诊楼", "12000", "6000"],
        ["小计", "12000", "6000"],
        ["合计", "23000", "13300"],
    )
    figures = extract(html).figures
    by_id = {f.id: f for f in figures}
    assert [(f.value, by_id[f.part_of].value if f.part_of else None) for f in figures] == [
        (Decimal(5200), Decimal(7300)),
        (Decimal(2100), Decimal(7300)),
        (Decimal(7300), Decimal(13300)),
        (Decimal(6000), Decimal(6000)),
        (Decimal(6000), Decimal(13300)),
        (Decimal(13300), None),
    ]


def test_a_row_numbered_in_chinese_in_its_name_cell_is_that_item():
    html = _table(["项目", "计划(个)", "竣工(个)"], ["一、乡镇敬老院", "12", "7"], ["二、农村幼儿园", "30", "15"])
    assert [(f.item, f.label, f.value) for f in extract(html).figures] == [
        ("一", "乡镇敬老院竣工", Decimal(7)),
        ("二", "农村幼儿园竣工", Decimal(15)),
    ]


def test_a_target_merged_over_the_stage_rows_of_one_item_is_each_rows_target():
    html = (
        "<table><tr><th>序号</th><th>项目名称</th><th>年度目标</th><th>完成情况</th></tr>"
        '<tr><td rowspan="2">1</td><td>老旧小区改造(开工)</td><td rowspan="2">85个</td><td>80个</td></tr>'
        "<tr><td>老旧小区改造(完工)</td><td>60个</td></tr></table>"
    )
    assert reading(extract(html)) == (
        "老旧小区改造开工=80个 target=85个(table column)",
        "老旧小区改造完工=60个 target=85个(table column)",
    )


def test_a_target_and_rate_merged_over_the_component_rows_of_an_item_are_neither_rows():
    # 300公里 and 80% are the pair's (240 of 300): neither row's plan, and the rows are two metrics
    html = (
        "<table><tr><th>序号</th><th>项目名称</th><th>年度目标任务</th><th>1-9月完成情况</th><th>完成率(%)</th></tr>"
        '<tr><td rowspan="2">1</td><td>新建农村公路(县道)</td><td rowspan="2">300公里</td><td>120公里</td>'
        '<td rowspan="2">80</td></tr><tr><td>新建农村公路(乡道)</td><td>120公里</td></tr></table>'
    )
    assert reading(extract(html)) == ("新建农村公路县道=120公里", "新建农村公路乡道=120公里")


def test_a_rate_column_belongs_to_its_own_block_of_columns():
    # 76.2 = 198 / 260: the 户 block's rate, not the rate of 4 of 6 座 in the next block
    html = _table(
        ["乡镇", "改厕任务(户)", "完工(户)", "完工率(%)", "污水设施任务(座)", "完工(座)"],
        ["天堂镇", "260", "198", "76.2", "6", "4"],
    )
    assert [(f.value, f.pct_of_plan, f.target) for f in extract(html).figures] == [
        (Decimal(198), Decimal("76.2"), Decimal(260)),
        (Decimal(4), None, Decimal(6)),
    ]


def test_a_flattened_total_row_whose_name_spans_the_number_column_is_read_in_its_columns():
    text = (
        "序号\t项目名称\t年度计划投资(亿元)\t1-6月完成投资(亿元)\t完成率\n"
        "合计\t36.0\t19.8\t55\n1\t滨江科创中心\t12.0\t7.2\t60\n2\t江南大道改造\t15.0\t8.1\t54"
    )
    assert [(f.value, f.target, f.pct_of_plan) for f in extract(text).figures] == [
        (Decimal("19.8"), Decimal("36.0"), Decimal(55)),
        (Decimal("7.2"), Decimal("12.0"), Decimal(60)),
        (Decimal("8.1"), Decimal("15.0"), Decimal(54)),
    ]


def test_a_flattened_row_under_a_merged_category_is_read_in_its_columns():
    text = (
        "单位:万元\n序号 类别 项目名称 年度计划投资 1-9月完成投资 完成率(%)\n"
        "1 产业项目 新材料产业园二期 32000 25600 80.0\n2 食品加工基地 12500 9875 79.0\n小计 44500 35475 79.7"
    )
    assert [(f.label, f.value, f.target) for f in extract(text).figures][:2] == [
        ("新材料产业园二期1-9月完成投资", Decimal(25600), Decimal(32000)),
        ("食品加工基地1-9月完成投资", Decimal(9875), Decimal(12500)),
    ]


def test_a_completion_progress_column_is_the_percent_of_plan():
    html = _table(["实事项目", "目标任务", "完成情况", "完成进度"], ["新建公办幼儿园", "5所", "3所", "60%"])
    assert reading(extract(html)) == ("新建公办幼儿园=3所 60%(完成进度) target=5所(table column)",)


def test_sub_rows_under_a_merged_number_cell_go_on_with_the_breakdown():
    html = (
        "<table><tr><th>序号</th><th>项目名称</th><th>单位</th><th>年度目标</th><th>1-9月完成</th></tr>"
        '<tr><td rowspan="3">3</td><td>改造燃气老旧管网</td><td>公里</td><td>150</td><td>96</td></tr>'
        "<tr><td>其中:市政管网</td><td>公里</td><td>90</td><td>60</td></tr>"
        "<tr><td>庭院管网</td><td>公里</td><td>60</td><td>36</td></tr></table>"
    )
    assert [(f.label, f.part_of) for f in extract(html).figures] == [
        ("改造燃气老旧管网", None),
        ("市政管网", "F001"),
        ("庭院管网", "F001"),
    ]


def test_a_footnote_mark_after_a_cells_number_keeps_its_row():
    html = _table(
        ["项目", "年度目标", "累计完成", "完成率"],
        ["4.城镇老旧小区改造(个)", "3500", "3360※", "96.0%"],
        ["5.新增养老床位(张)", "6000※", "4800", "80.0%"],
    )
    assert [(f.value, f.target, f.pct_of_plan) for f in extract(html).figures] == [
        (Decimal(3360), Decimal(3500), Decimal("96.0")),
        (Decimal(4800), Decimal(6000), Decimal("80.0")),
    ]
