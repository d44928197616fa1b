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


def test_an_empty_remarks_cell_left_out_of_a_numbered_row_is_put_back():
    header = "序号\n项目名称\n年度目标任务\n完成情况\n完成率\n责任单位\n备注\n"
    rows = "1\n新增城镇就业\n5万人\n3.2万人\n64%\n市人社局\n2\n改造老旧小区\n120个\n86个\n71.7%\n市住建局\n超序时进度\n"
    assert cell_lines(header + rows).split("\n")[1] == "1\t新增城镇就业\t5万人\t3.2万人\t64%\t市人社局\t"
    figures = extract(header + rows).figures
    assert [(f.label, str(f.value), str(f.target), str(f.pct_of_plan)) for f in figures] == [
        ("新增城镇就业", "3.2", "5", "64"),
        ("改造老旧小区", "86", "120", "71.7"),
    ]
    # a row one line short whose last line does not fit the column before 备注 is left alone
    shifted = header.replace("责任单位\n", "") + "1\n新增城镇就业\n5万人\n64%\n2\n改造老旧小区\n120个\n86个\n71.7%\n\n"
    assert "1\t新增城镇就业" not in cell_lines(shifted)


def test_a_total_row_and_a_sub_row_without_a_serial_cell_are_rows_of_their_own():
    header = "序号\n项目名称\n年度计划投资(万元)\n1-9月完成投资(万元)\n完成率\n"
    rows = "1\n城南小学新建工程\n12000\n9600\n80%\n2\n农村公路提升\n20000\n18000\n90%\n"
    total = "合计\n32000\n27600\n86.3%\n"
    sub_row = "其中:县道改造\n14000\n13300\n95%\n"
    assert cell_lines(header + total + rows).split("\n")[1] == "\t合计\t32000\t27600\t86.3%"
    figures = extract(header + rows + sub_row).figures
    assert [(f.label[:4], str(f.value), str(f.target), f.part_of) for f in figures] == [
        ("城南小学", "9600", "12000", None),
        ("农村公路", "18000", "20000", None),
        ("县道改造", "13300", "14000", "F002"),
    ]


def test_rows_that_cannot_be_matched_to_the_columns_stay_lines():
    broken = NAMED_ROWS.replace("提升2个\n百分点", "提升2个\n百分点\n按季度统计口径")  # a line too many, no tail
    assert "\t" not in cell_lines(broken)
    unnumbered = "指标名称\n年度目标\n完成情况\n新建公园\n5个\n4个\n新建绿道\n10公里\n8公里"
    assert cell_lines(unnumbered) == unnumbered


def test_pipe_rows_need_a_run_of_two_lines():
    assert pipe_rows("| 来源:本网 | 点击:206 |") == "| 来源:本网 | 点击:206 |"
    assert pipe_rows("|\n| 来源:本网 | 点击:206 | |\n|") == "|\n| 来源:本网 | 点击:206 | |\n|"  # lone pipes: no run
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


def test_a_space_flattened_total_row_without_serial_and_name_cells_and_rows_an_excerpt_skips():
    text = "\n".join(
        [
            "序号 类别 项目名称 年度计划投资(万元) 完成投资(万元) 完成率 责任单位",
            "合计 52000 39000 75%",
            "1 教育 城南小学新建工程 12000 9600 80% 市教育局",
            "3 交通 农村公路提升 20000 18000 90% 市交通局",
        ]
    )
    assert space_rows(text).split("\n")[1:] == [
        "\t\t合计\t52000\t39000\t75%\t",
        "1\t教育\t城南小学新建工程\t12000\t9600\t80%\t市教育局",
        "3\t交通\t农村公路提升\t20000\t18000\t90%\t市交通局",
    ]
    figures = extract(text).figures
    assert [(f.item, str(f.value), str(f.target), f.part_of) for f in figures] == [
        (None, "39000", "52000", None),
        ("1", "9600", "12000", "F001"),
        ("3", "18000", "20000", "F001"),
    ]


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


def _figures(text: str) -> list[tuple]:
    return [
        (
            f.item,
            f.label,
            str(f.value),
            f.unit,
            str(f.target) if f.target is not None else None,
            f.pct_of_plan,
            f.part_of,
        )
        for f in extract(text).figures
    ]


def test_space_headers_with_stage_node_and_time_schedule_columns_are_column_names():
    for column in ("序时目标", "阶段目标", "节点目标", "序时任务"):
        text = (
            f"序号 项目名称 全年目标 {column} 1-6月完成\n1 新建社区食堂 30个 15个 18个\n2 新增充电桩 400个 200个 260个"
        )
        assert space_rows(text).split("\n")[0] == f"序号\t项目名称\t全年目标\t{column}\t1-6月完成"
        figures = _figures(text)
        assert [(f[0], f[1], f[2]) for f in figures] == [("1", "新建社区食堂", "18"), ("2", "新增充电桩", "260")]


def test_a_space_row_wrapped_onto_the_next_line_is_joined_and_the_rows_after_it_read():
    text = "\n".join(
        [
            "序号 项目名称 年度目标 1-9月完成 完成率",
            "1 新增困难群众医疗救助",
            "人次 5万人次 4万人次 80%",
            "2 新建社区食堂 30个 24个 80%",
        ]
    )
    assert space_rows(text).split("\n")[1:] == [
        "1\t新增困难群众医疗救助人次\t5万人次\t4万人次\t80%",
        "2\t新建社区食堂\t30个\t24个\t80%",
    ]
    assert [(f[0], f[1], f[2], f[4], f[5]) for f in _figures(text)] == [
        ("1", "新增困难群众医疗救助人次", "4", "5", 80),
        ("2", "新建社区食堂", "24", "30", 80),
    ]


def test_a_prose_progress_cell_wrapped_after_a_comma_is_one_cell():
    text = "\n".join(
        [
            "序号 项目名称 年度目标 1-9月进展情况 责任单位",
            "1 南郊再生水厂 年度计划投资2亿元 管网已铺设完毕,累计完成投资1.5亿元,",
            "占年度计划的75% 水务局",
            "2 背街小巷整治 整治背街小巷40条 已完工32条 城管局",
        ]
    )
    rows = space_rows(text).split("\n")
    assert rows[1] == "1\t南郊再生水厂\t年度计划投资2亿元\t管网已铺设完毕,累计完成投资1.5亿元,占年度计划的75%\t水务局"
    assert rows[2] == "2\t背街小巷整治\t整治背街小巷40条\t已完工32条\t城管局"
    first = [f for f in _figures(text) if f[0] == "1"]
    assert [(f[2], f[3], f[5]) for f in first] == [("1.5", "亿元", 75)]


def test_a_line_that_completes_a_short_row_but_fits_no_column_is_not_joined():
    text = "\n".join(
        [
            "序号 项目名称 年度目标 完成情况 完成率",
            "1 新建社区食堂 30个 24个 80%",
            "2 改造雨污管网 30公里 正在施工",
            "注:数据 截至9月底",
        ]
    )
    assert space_rows(text).split("\n")[2:] == ["2\t改造雨污管网\t30公里\t正在施工\t", "注:数据 截至9月底"]


def test_category_lines_between_space_rows_are_rows_of_their_own_and_the_rows_after_them_read():
    text = "\n".join(
        [
            "序号 项目名称 年度目标 1-9月完成 完成率",
            "一、文化体育",
            "1 新建社区健身点 50个 40个 80%",
            "二、交通出行",
            "2 新增公交线路 8条 6条 75%",
            "3 新建停车泊位 900个 720个 80%",
            "三、其他工作",
        ]
    )
    assert space_rows(text).split("\n") == [
        "序号\t项目名称\t年度目标\t1-9月完成\t完成率",
        "\t一、文化体育\t\t\t",
        "1\t新建社区健身点\t50个\t40个\t80%",
        "\t二、交通出行\t\t\t",
        "2\t新增公交线路\t8条\t6条\t75%",
        "3\t新建停车泊位\t900个\t720个\t80%",
        "三、其他工作",  # no row after it: not the table's
    ]
    assert [(f[0], f[1], f[2], f[4], f[5]) for f in _figures(text)] == [
        ("1", "新建社区健身点", "40", "50", 80),
        ("2", "新增公交线路", "6", "8", 75),
        ("3", "新建停车泊位", "720", "900", 80),
    ]


def test_category_lines_between_rows_one_cell_per_line_are_rows_of_their_own():
    text = _cells(
        "序号 项目名称 年度目标 1-9月完成 完成率",
        "一、文化体育",
        "1 新建社区健身点 50个 40个 80%",
        "二、交通出行",
        "2 新增公交线路 8条 6条 75%",
    )
    assert cell_lines(text).split("\n")[1:] == [
        "\t一、文化体育\t\t\t",
        "1\t新建社区健身点\t50个\t40个\t80%",
        "\t二、交通出行\t\t\t",
        "2\t新增公交线路\t8条\t6条\t75%",
    ]
    assert [(f[0], f[1], f[2], f[4]) for f in _figures(text)] == [
        ("1", "新建社区健身点", "40", "50"),
        ("2", "新增公交线路", "6", "8"),
    ]


def test_space_district_tables_under_a_place_column_with_the_total_row_first():
    for place in ("区县", "地区", "县市区", "区域", "街道", "乡镇"):
        text = f"{place} 任务数(个) 完成数(个) 完成率\n全县 90 72 80%\n甲 50 40 80%\n乙 40 32 80%"
        figures = _figures(text)
        assert [(f[0], f[2], f[4], f[5]) for f in figures] == [
            ("全县", "72", "90", 80),
            ("甲", "40", "50", 80),
            ("乙", "32", "40", 80),
        ], place
        assert [f[6] for f in figures] == [None, "F001", "F001"]


def test_a_total_row_first_or_last_in_a_numbered_space_table_is_the_parent_of_the_rows():
    header = "序号 项目名称 年度计划投资(亿元) 1-9月完成投资(亿元) 完成率(%)"
    rows = ["1 工业项目 40.0 30.0 75.0", "2 民生项目 60.0 48.0 80.0"]
    for text, total_id in (
        ("\n".join([header, *rows, "全市合计 100.0 78.0 78.0"]), "F003"),
        ("\n".join([header, "合计 100.0 78.0 78.0", *rows]), "F001"),
    ):
        assert "\t合计\t100.0\t78.0\t78.0" in space_rows(text) or "\t全市合计\t100.0" in space_rows(text)
        figures = {f[2]: f for f in _figures(text)}
        assert (figures["78.0"][4], figures["78.0"][5], figures["78.0"][6]) == ("100.0", 78.0, None)
        assert [figures[v][6] for v in ("30.0", "48.0")] == [total_id, total_id]


def test_district_tables_one_cell_per_line_under_a_place_column():
    text = (
        _cells("街道 年度任务 完成情况 完成率", "甲街道 40户 36户 90%", "乙街道 60户 45户 75%") + "\n其他工作有序推进。"
    )
    assert cell_lines(text).split("\n") == [
        "街道\t年度任务\t完成情况\t完成率",
        "甲街道\t40户\t36户\t90%",
        "乙街道\t60户\t45户\t75%",
        "其他工作有序推进。",
    ]
    assert [(f[0], f[2], f[3], f[4], f[5]) for f in _figures(text)] == [
        ("甲街道", "36", "户", "40", 90),
        ("乙街道", "45", "户", "60", 75),
    ]
    shifted = _cells("街道 年度任务 完成情况 完成率", "甲街道 40户 正在推进 90%")  # a value line of words: no row
    assert "\t" not in cell_lines(shifted)


def test_a_last_row_ending_in_a_percent_before_an_empty_remark_is_whole():
    text = (
        "序号 项目名称 年度目标 1-9月完成 完成率 备注\n1 新建社区食堂 30个 24个 80% 已完工\n2 新增公交线路 8条 6条 75%"
    )
    assert space_rows(text).split("\n")[2] == "2\t新增公交线路\t8条\t6条\t75%\t"
    assert [(f[1], f[2], f[4], f[5]) for f in _figures(text)] == [
        ("新建社区食堂", "24", "30", 80),
        ("新增公交线路", "6", "8", 75),
    ]
    piped = text.replace(" ", " | ")
    assert pipe_rows(piped).split("\n")[2] == "2\t新增公交线路\t8条\t6条\t75%\t"
    cut = text[: -len(" 75%")] + " 7"  # a bare number last: it may have lost digits, so it goes
    assert space_rows(cut).split("\n")[2] == "2\t新增公交线路\t8条\t6条"


def test_category_headings_between_pipe_rows_are_rows_under_the_name_column():
    header = "序号 | 项目名称 | 年度目标 | 1-9月完成 | 完成率"
    rows = ["1 | 新建社区健身点 | 50个 | 40个 | 80%", "2 | 新增公交线路 | 8条 | 6条 | 75%"]
    for first, second in (("一、文化体育 | | | |", "二、交通出行 | | | |"), ("一、文化体育", "二、交通出行")):
        text = "\n".join([header, first, rows[0], second, rows[1]])
        assert pipe_rows(text).split("\n")[1:] == [
            "\t一、文化体育\t\t\t",
            "1\t新建社区健身点\t50个\t40个\t80%",
            "\t二、交通出行\t\t\t",
            "2\t新增公交线路\t8条\t6条\t75%",
        ]
        assert [(f[0], f[1], f[2], f[4]) for f in _figures(text)] == [
            ("1", "新建社区健身点", "40", "50"),
            ("2", "新增公交线路", "6", "8"),
        ]
    assert pipe_rows("\n".join([header, *rows, "三、其他工作"])).endswith("\n三、其他工作")


def test_a_table_aligned_with_runs_of_spaces_under_share_and_rank_columns_is_read_row_by_row():
    text = (
        "单位:万元\n"
        "部门          年度计划投资          1-6月完成投资          占年度计划          排名\n"
        "县住建局          8600          5120          59.5%          3\n"
        "县水利局          5300          1850          34.9%          7\n"
        "合计          13900          6970          50.1%\n"
    )
    figures = extract(text).figures
    assert [(f.item, str(f.value), f.unit, str(f.target), str(f.pct_of_plan), f.part_of) for f in figures] == [
        ("县住建局", "5120", "万元", "8600", "59.5", "F003"),
        ("县水利局", "1850", "万元", "5300", "34.9", "F003"),
        ("合计", "6970", "万元", "13900", "50.1", None),
    ]


def test_a_pipe_row_with_an_empty_last_cell_and_an_amount_where_others_write_words_is_read():
    text = (
        "| 序号 | 项目名称 | 年度目标任务 | 责任单位 | 1-9月完成情况 | 完成率(%) | 备注 |\n"
        "| 1 | 新增城镇就业 | 2万人 | 市人社局 | 1.76万人 | 88 | |\n"
        "| 2 | 改造老旧小区 | 45个 | 市住建局 | 已完成45个 | 100 | 好 |\n"
    )
    figures = extract(text).figures
    assert [(f.item, str(f.value), f.unit, str(f.target), str(f.pct_of_plan)) for f in figures] == [
        ("1", "1.76", "万人", "2", "88"),
        ("2", "45", "个", "45", "100"),
    ]


def test_a_space_aligned_table_keeps_a_wrapped_name_and_unnumbered_sub_rows():
    text = (
        "序号   项目名称              年度目标     1-9月完成     完成率(%)\n"
        "1      城镇老旧小区改造(个)   260          231           88.8\n"
        "       其中:主城区           180          165           91.7\n"
        "2      新建改造城市供水       200          168           84\n"
        "       管网(公里)\n"
        "3      新建口袋公园(个)       40           36            90\n"
    )
    figures = extract(text).figures
    assert [(f.item, f.label, str(f.value), f.unit, f.part_of) for f in figures] == [
        ("1", "城镇老旧小区改造", "231", "个", None),
        ("1", "主城区", "165", "个", "F001"),
        ("2", "新建改造城市供水管网", "168", "公里", None),
        ("3", "新建口袋公园", "36", "个", None),
    ]


def test_a_qizhong_sub_row_one_cell_per_line_under_a_numbered_row_is_a_row_of_its_own():
    text = "\n".join(
        [
            "序号",
            "项目名称",
            "单位",
            "年度目标",
            "1-9月完成",
            "完成率",
            "1",
            "新增公共停车泊位",
            "个",
            "3000",
            "2460",
            "82%",
            "其中:充电车位",
            "个",
            "800",
            "520",
            "65%",
            "2",
            "新建改建城市公厕",
            "座",
            "60",
            "48",
            "80%",
        ]
    )
    assert cell_lines(text).split("\n")[1:] == [
        "1\t新增公共停车泊位\t个\t3000\t2460\t82%",
        "\t其中:充电车位\t个\t800\t520\t65%",
        "2\t新建改建城市公厕\t座\t60\t48\t80%",
    ]
    figures = extract(text).figures
    assert [(f.label, f.value, f.part_of) for f in figures] == [
        ("新增公共停车泊位", 2460, None),
        ("充电车位", 520, "F001"),
        ("新建改建城市公厕", 48, None),
    ]
