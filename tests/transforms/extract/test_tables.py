"""Tables (transforms/extract/tables.py): bare number cells take their unit from the column header, a unit column
or the row's project name; header rows may hold digits."""

from __future__ import annotations

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
        "新增4000张养老床位完成=3200张 80%(完成率) target=4000张(table column)",
        "改造老旧小区120个完成=96个 80%(完成率) target=120个(table column)",
    )


def test_the_unit_comes_from_a_unit_column_and_a_header_may_hold_digits():
    html = _table(
        ["指标名称", "单位", "全年计划", "1-9月完成", "完成进度(%)"],
        ["新建公园", "个", "20", "16", "80"],
        ["绿道建设", "公里", "50", "45", "90"],
    )
    assert reading(extract(html)) == (
        "新建公园1-9月完成=16个 80%(完成进度) target=20个(table column)",
        "绿道建设1-9月完成=45公里 90%(完成进度) target=50公里(table column)",
    )


def test_a_cell_without_any_unit_is_not_a_figure():
    html = _table(["项目", "计划", "实际"], ["职工疗休养", "5000", "5200"], ["劳模疗休养", "400", "425"])
    assert reading(extract(html)) == ()  # nothing says what 5200 counts: never guess a unit
