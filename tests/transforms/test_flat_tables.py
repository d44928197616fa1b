"""Tables that lost their HTML (transforms/flat_tables.py): pipes and one cell per line back to tab rows, only
where the rows can be recovered without a guess. Fixtures are our own tables, shaped like the copies we meet."""

from __future__ import annotations

from transforms.extract import extract
from transforms.flat_tables import cell_lines, pipe_rows, space_rows

NAMED_ROWS = "\n".join(
    [
        "表1:主要指标完成情况",
        "类别",
        "指标名称",
        "年度目标",
        "完成情况",
        "责任部门",
        "经济发展",
        "1、工业增加值增长率",
        "5%以上",
        "7.1%",
        "区经委",
        "2、新增规上企业数",
        "20家",
        "23家",
        "区经委",
        "区统计局",
        "3、服务业占生产总值",
        "比重",
        "提升2个",
        "百分点",
        "提升1.5个百分点",
        "区发改委",
        "民生保障",
        "4、城镇登记失业人数",
        "控制在",
        "9000人内",
        "7200人",
        "区人社局",
        "5、新建社区食堂",
        "12个",
        "年度指标",
        "区民政局",
    ]
)


def test_named_rows_with_a_merged_category_split_cells_and_several_departments_become_rows():
    rows = cell_lines(NAMED_ROWS).split("\n")[1:]
    assert rows == [
        "类别\t指标名称\t年度目标\t完成情况\t责任部门",
        "经济发展\t1、工业增加值增长率\t5%以上\t7.1%\t区经委",
        "\t2、新增规上企业数\t20家\t23家\t区经委 区统计局",
        "\t3、服务业占生产总值比重\t提升2个百分点\t提升1.5个百分点\t区发改委",
        "民生保障\t4、城镇登记失业人数\t控制在9000人内\t7200人\t区人社局",
        "\t5、新建社区食堂\t12个\t年度指标\t区民政局",
    ]


def test_the_recovered_table_gives_each_row_its_figure_target_and_item():
    figures = extract(NAMED_ROWS).figures
    assert [(f.item, f.label, str(f.value), f.unit, str(f.target), f.target_unit) for f in figures] == [
        ("1", "工业增加值增长率", "7.1", "%", "5", "%"),
        ("2", "新增规上企业数", "23", "家", "20", "家"),
        ("3", "服务业占生产总值比重", "1.5", "个百分点", "2", "个百分点"),
        ("4", "城镇登记失业人数", "7200", "人", "9000", "人"),
    ]


def test_rows_that_cannot_be_matched_to_the_columns_stay_lines():
    broken = NAMED_ROWS.replace("提升2个\n百分点", "提升2个\n百分点\n按季度统计口径")  # a line too many, no tail
    assert "\t" not in cell_lines(broken)
    unnumbered = "指标名称\n年度目标\n完成情况\n新建公园\n5个\n4个\n新建绿道\n10公里\n8公里"
    assert cell_lines(unnumbered) == unnumbered


def test_pipe_rows_need_a_run_of_two_lines():
    assert pipe_rows("| 来源:本网 | 点击:206 |") == "| 来源:本网 | 点击:206 |"
    assert (
        pipe_rows("序号 | 项目 | 完成 |\n|---|---|---|\n1 | 新建公园 | 5个 |") == "序号\t项目\t完成\n1\t新建公园\t5个"
    )


def test_rows_flattened_with_single_spaces_under_a_header_of_column_names():
    text = "序号 项目名称 年度目标 完成情况\n1 新增养老床位 4000张 3200张\n2 新建公园 12个 9个\n全市 还有 其他 工作 正在推进"
    assert space_rows(text) == (
        "序号\t项目名称\t年度目标\t完成情况\n1\t新增养老床位\t4000张\t3200张\n2\t新建公园\t12个\t9个\n全市 还有 其他 工作 正在推进"
    )
    assert space_rows("项目 完成 情况 说明") == "项目 完成 情况 说明"  # a header with no row after it stays


PIPE_HEADER = "序号 | 项目名称 | 年度目标 | 完成情况 | 完成率"


def _readings(text: str) -> list[tuple]:
    return [
        (f.item, f.label, str(f.value), f.unit, str(f.target) if f.target is not None else None, f.pct_of_plan)
        for f in extract(text).figures
    ]


def test_a_pipe_row_cut_over_two_lines_is_joined_when_together_they_make_the_header_cells():
    text = "\n".join(
        [
            PIPE_HEADER,
            "1 | 新建口袋公园 | 12个 | 9个 | 75%",
            "2 | 新增职工医保参保",
            "人数 | 2万人 | 1.6万人 | 80%",
            "3 | 改造供水管网 | 50公里 | 4",
            "0公里 | 80%",
        ]
    )
    assert pipe_rows(text).split("\n")[2:] == [
        "2\t新增职工医保参保人数\t2万人\t1.6万人\t80%",
        "3\t改造供水管网\t50公里\t40公里\t80%",
    ]
    assert [(r[1], r[2], r[4]) for r in _readings(text)] == [
        ("新建口袋公园", "9", "12"),
        ("新增职工医保参保人数", "1.6", "2"),
        ("改造供水管网", "40", "50"),
    ]


def test_a_pipe_row_whose_merged_serial_cell_is_missing_is_shifted_right():
    text = "\n".join(
        [
            PIPE_HEADER + " |",
            "1 | 新建社区食堂 | 20个 | 15个 | 75% |",
            "新建街心花园 | 10个 | 12个 | 120% | |",
            "3 | 新建停车场 | 6处 | 3处 | 50% |",
        ]
    )
    assert pipe_rows(text).split("\n")[2] == "\t新建街心花园\t10个\t12个\t120%"
    assert ("新建街心花园", "12", "10") in [(r[1], r[2], r[4]) for r in _readings(text)]


def test_a_pipe_row_that_fits_its_columns_neither_as_written_nor_shifted_is_left_out():
    text = "\n".join(
        [
            "类别 | 序号 | 项目名称 | 年度目标 | 完成情况 | 完成率",
            "民生 | 1 | 新建托育园 | 4所 | 3所 | 75%",
            "2 | 新增公办学位 | 900个 | 900个 | 100%",
            "民生 | 3 | 新建体育公园 | 2个 | 1个 | 50%",
        ]
    )
    assert "900" not in pipe_rows(text)
    assert [r[2] for r in _readings(text)] == ["3", "1"]  # no 100 % "rate", no 900 read under the wrong column


def test_a_row_with_words_where_an_amount_is_expected_stays_as_written():
    text = "\n".join([PIPE_HEADER, "1 | 新建公园 | 10个 | 8个 | 80%", "2 | 新建绿道 | 5条 | 正在施工 |"])
    assert pipe_rows(text).split("\n")[2] == "2\t新建绿道\t5条\t正在施工\t"


def test_the_last_pipe_row_cut_off_by_the_end_of_the_text_gives_no_actual():
    text = "\n".join([PIPE_HEADER, "1 | 新建公园 | 10个 | 8个 | 80%", "2 | 新增养老床位 | 600张 | 52"])
    assert pipe_rows(text).split("\n")[2] == "2\t新增养老床位\t600张"
    assert [r[1] for r in _readings(text)] == ["新建公园"]
    whole = text + " |"  # a closing pipe: the row is whole, its missing cells are empty
    assert pipe_rows(whole).split("\n")[2] == "2\t新增养老床位\t600张\t52"


def test_pipe_lines_after_the_table_that_fit_no_column_stay_as_written():
    text = "\n".join(
        [
            PIPE_HEADER,
            "1 | 新建公园 | 10个 | 8个 | 80%",
            "发布日期 | 2024-10-09 | 来源 | 本网 |",
            "文号 | 无 | 点击 | 20 |",
        ]
    )
    assert pipe_rows(text).split("\n")[2:] == ["发布日期\t2024-10-09\t来源\t本网", "文号\t无\t点击\t20"]


def test_space_rows_under_column_names_outside_the_usual_list():
    text = "序号 项目名称 全年目标任务 1-6月完成情况 完成比例(%)\n1 新建口袋公园 12个 9个 75\n2 新增停车泊位 800个 600个 75"
    assert space_rows(text).split("\n")[0] == "序号\t项目名称\t全年目标任务\t1-6月完成情况\t完成比例(%)"
    assert [(r[1], r[2], r[4], r[5]) for r in _readings(text)] == [
        ("新建口袋公园", "9", "12", 75),
        ("新增停车泊位", "600", "800", 75),
    ]
    periods = "序号 项目名称 全年目标 1-6月\n1 新建口袋公园 12个 9个"
    assert [(r[1], r[2], r[4]) for r in _readings(periods)] == [("新建口袋公园", "9", "12")]


def test_a_number_and_its_unit_spaced_apart_are_one_cell_when_the_row_has_too_many_cells():
    text = (
        "序号 项目名称 年度目标 完成 完成率\n1 新建口袋公园 12 个 9 个 75 %\n2 新增职工医保参保人数 2 万人 1.6万人 80%"
    )
    assert space_rows(text).split("\n")[1:] == [
        "1\t新建口袋公园\t12个\t9个\t75%",
        "2\t新增职工医保参保人数\t2万人\t1.6万人\t80%",
    ]
    assert (
        space_rows("序号 项目名称 年度目标 完成\n1 新建 公园 12个 9个")
        == "序号 项目名称 年度目标 完成\n1 新建 公园 12个 9个"
    )


def test_a_numbered_space_row_with_an_empty_cell_keeps_the_table_going():
    text = "\n".join(
        [
            "序号 项目名称 年度目标 完成情况 完成率",
            "1 新建口袋公园 12个 9个 75%",
            "2 改造雨污管网 30公里 正在施工",
            "3 新增停车泊位 800个 600个 75%",
        ]
    )
    assert space_rows(text).split("\n")[2:] == [
        "2\t改造雨污管网\t30公里\t正在施工\t",
        "3\t新增停车泊位\t800个\t600个\t75%",
    ]
    assert [(r[0], r[2], r[4], r[5]) for r in _readings(text)] == [("1", "9", "12", 75), ("3", "600", "800", 75)]


def test_the_last_space_row_cut_off_by_the_end_of_the_text_gives_no_actual():
    text = "序号 项目名称 年度目标 完成情况 完成率\n1 新建口袋公园 12个 9个 75%\n2 新增养老床位 600张 52"
    assert space_rows(text).split("\n")[2] == "2\t新增养老床位\t600张"
    assert [r[1] for r in _readings(text)] == ["新建口袋公园"]


def _cells(*rows: str) -> str:
    return "\n".join(line for row in rows for line in row.split(" "))


def test_numbered_rows_one_cell_per_line_under_column_names_outside_the_usual_list():
    text = _cells(
        "序号 项目名称 全年目标任务 1-6月 完成比例(%)", "1 新建口袋公园 12个 9个 75", "2 新增停车泊位 800个 600个 75"
    )
    assert cell_lines(text).split("\n")[0] == "序号\t项目名称\t全年目标任务\t1-6月\t完成比例(%)"
    assert [(r[1], r[2], r[4], r[5]) for r in _readings(text)] == [
        ("新建口袋公园", "9", "12", 75),
        ("新增停车泊位", "600", "800", 75),
    ]


def test_a_numbered_row_with_a_cell_split_over_two_lines_is_joined():
    header = "序号 项目名称 年度目标 完成情况 完成率"
    split = _cells(header, "1 新增职工医保参保 人数 2万人 1.6万人 80%", "2 新建口袋公园 12个 9个 75%")
    assert cell_lines(split).split("\n")[1:] == [
        "1\t新增职工医保参保人数\t2万人\t1.6万人\t80%",
        "2\t新建口袋公园\t12个\t9个\t75%",
    ]
    last = _cells(header, "1 新建口袋公园 12个 9个 75%", "2 新增职工医保参保 人数 2万人 1.6万人 80%")
    assert cell_lines(last).split("\n")[2] == "2\t新增职工医保参保人数\t2万人\t1.6万人\t80%"
    assert [(r[1], r[2], r[4]) for r in _readings(last)] == [
        ("新建口袋公园", "9", "12"),
        ("新增职工医保参保人数", "1.6", "2"),
    ]


def test_the_last_numbered_row_cut_off_by_the_end_of_the_text_gives_no_actual():
    text = _cells("序号 项目名称 年度目标 完成情况 完成率", "1 新建口袋公园 12个 9个 75%", "2 新增养老床位 600张 52")
    assert cell_lines(text).split("\n")[2] == "2\t新增养老床位\t600张"
    assert [r[1] for r in _readings(text)] == ["新建口袋公园"]
    followed = text + "\n全市民生实事项目总体进展顺利,各项工作有序推进。"  # not the end of the text: no row
    assert cell_lines(followed).split("\n")[2:4] == ["2", "新增养老床位"]


def test_a_number_split_from_its_unit_over_two_lines_is_joined_back():
    text = _cells("序号 项目名称 年度目标 完成情况", "1 新增养老床位 4000张 3200 张", "2 城镇新增就业 5万人 4.2万人")
    assert cell_lines(text).split("\n")[1:] == ["1\t新增养老床位\t4000张\t3200张", "2\t城镇新增就业\t5万人\t4.2万人"]
