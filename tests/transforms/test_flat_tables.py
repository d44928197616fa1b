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
