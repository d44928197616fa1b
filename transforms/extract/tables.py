"""Table figures: tab-separated rows (see `transforms.text`) read by their header words.

Input: a `TextIndex` and one table block of the `Layout` (sections of rows of cells, header rows). Output: figures appended to the caller's list: numeric
tables give one figure per progress column and row (target and percent columns of the same header group
attached); prose tables read their progress cells as prose, with their target cells as stated targets.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from transforms.extract import vocabulary as V
from transforms.extract.figures import (Decided, Pct, Site, build_figure, drop_plan, pct_of, renumber, set_label, set_parent,
                                        set_pct, set_unit)
from transforms.extract.labels import STAGE_WORD, STAGES, is_bare
from transforms.gazetteer import is_region
from transforms.extract.layout import NUMERIC_CELL, Row, TableBlock, TableSection
from transforms.extract.prose import figures_in
from transforms.extract.quantities import HAN, Quantity, TextIndex, positive_value, quantities_in
from transforms.extract.structure import heading_targets
from transforms.extract.targets import attach_targets
from transforms.numbers import is_known_unit, split_unit, to_base, units_compatible
from transforms.record import Figure, Item, Target


def is_unit(words: str) -> bool:
    """True for a unit we know as written, magnitude included (万人, 张, 公里)."""
    return is_known_unit(split_unit(words)[1])

_TOTAL_NAME = re.compile(rf"(?:{V.TOTAL_ROWS.pattern()})+")


def is_total_row(heading: str) -> bool:
    """True for a table row that totals the others: "全市", "合计", written with spaces ("合 计"), joined
    ("全县合计") or with a count in brackets ("合计(3项)")."""
    name = re.sub(r"\s+", "", heading)
    name = re.sub(r"\([^()]*\)$", "", name)
    return _TOTAL_NAME.fullmatch(name) is not None


_ACTUAL_COLUMN = re.compile(V.ACTUAL_COLUMNS.pattern())
_PROGRESS_CELL = re.compile(V.PROGRESS_CELLS.pattern())
_HEADER_UNIT = re.compile(r"\(([^()]{1,6})\)\s*$")
TARGET_COLUMN = re.compile(V.TARGET_COLUMNS.pattern())
PCT_COLUMN = re.compile(V.PCT_COLUMNS.pattern())
SKIP_COLUMN = re.compile(V.KEY_COLUMNS.pattern())


def table_figures(index: TextIndex, block: TableBlock, figures: list[Figure]) -> None:
    """Figures of one table block of the `Layout` (rows of tab-separated cells on one grid, see
    `transforms.text._table_lines`), section by section.

    Header rows are the rows before the first data row (`layout.is_data_row`). Numeric tables give one figure per
    progress column and row, with the target column before it and the percent column after it in the same
    header group; prose tables give the figures of their progress cells, with the quantities of their target
    cells (内容与要求, 年度工作任务和目标, 项目内容) as stated targets of the same row. Rows other than a total
    row (全市, 全省, 合计) are parts of the total row's figure of the same column.
    """
    before = index.text.rfind("\n", 0, max(block.start - 1, 0)) + 1
    above = _unit_line(index.text[before:block.start])
    for n, section in enumerate(block.sections):
        _table_section(index, section, figures, above if n == 0 else "")


_UNIT_LINE = re.compile(r"单位\s*[::]\s*([^\s,,;;、()/%]{1,4})(?P<rest>.*)$")
"""A line or header cell stating the unit of a table's bare numbers ("单位:万元", "表1 …(单位:亿元)", "单位:万元、%",
"单位:亿元 截至9月底")."""
_UNIT_LINE_REST = re.compile(r"\s*(?:[、,,/]\s*%)?\s*\)?\s*")
"""What may follow the unit on its line: the percent columns' "%" ("单位:万元、%")."""


def _unit_line(words: str) -> str:
    """The unit a "单位:万元" line (or title ending so) states for a table's bare cells (its first unit when it
    lists several: "单位:万元、%" states 万元 for amounts, % for the percent columns); "" when it states none we
    know."""
    match = _UNIT_LINE.search(words.strip())
    if match is None or not is_unit(match.group(1)) or not _UNIT_LINE_REST.fullmatch(match.group("rest")):
        return ""
    return match.group(1)


def _table_section(index: TextIndex, section: TableSection, figures: list[Figure], line_unit: str) -> None:
    text = index.text
    cell = lambda span: text[span[0]:span[1]]  # noqa: E731
    rows, first_data, headers = section.rows, section.first_data, section.header_rows
    width = max(len(r) for r in rows)
    columns = []
    for j in range(width):
        parts = []
        for row in headers:
            if j < len(row):
                value = cell(row[j]).strip()
                if _unit_line(value):  # a header cell "单位:万元" (often spanning the table): the bare cells' unit
                    line_unit = line_unit or _unit_line(value)
                elif value and (not parts or parts[-1] != value):
                    parts.append(value)
        columns.append(parts)
    numeric = sum(1 for row in rows[first_data:] for c in row[1:] if NUMERIC_CELL.match(cell(c))
                  or _RATE_TARGET.fullmatch(cell(c)) or len(cell(c)) <= 12 and cell_quantity(text, c) is not None)
    prose = sum(1 for row in rows[first_data:] for c in row if len(cell(c)) > 12)
    if numeric >= prose:
        _numeric_table(index, rows, first_data, columns, figures, line_unit)
    else:
        _prose_table(index, rows, first_data, columns, figures)


_GROWTH_COLUMN = re.compile(r"增长|增速|增幅|同比|下降")
"""A growth column ("增长(%)", "同比增速"): each cell a rate of its own, not a percent of the plan."""
_GENERIC_ACTUAL = re.compile(r"[(\s]*(?:(?:建设内容|建设|工作|项目)?(?:已|实际|累计)?(?:完成|进展|推进)(?:情况|数|值|量)?|数量|数值)[)\s]*")
"""An actual column's header that names no measure ("完成情况", "已完成", "实际完成"): it is not added to a row's
label (a measure such as 形象进度 or 完成投资 is)."""


def _names_a_place(heading: str) -> bool:
    """True when a row is named by a place or a total ("全市", "萧县", "合计"): the column then names the measure."""
    name = _strip_unit(heading).strip()
    return is_total_row(name) or is_region(name)


_PERIOD_COLUMN = re.compile(r"\d{1,2}\s*[-—~至]\s*\d{1,2}\s*月|[一二三四]季度|上半年|截[至止]|\d{1,2}月(?:底|末)")
"""A column headed by the reported period ("1-9月", "上半年", "截至9月底"): the actual amounts."""


_STAGE_COLUMN = re.compile(V.STAGE_COLUMNS.pattern())


def _column_role(parts: list[str]) -> str:
    """The role of a column from its header parts (top to bottom): its last part decides, unless it names only a
    stage ("开工") or a measure ("小区(个)") under a parent part that has a role of its own ("年度目标(个)" over
    "开工" is a target; "已开工" over "小区(个)" is work done)."""
    role = _part_role(parts[-1] if parts else "")
    if len(parts) >= 2 and _part_role(parts[-2]) == "target":
        when = _strip_unit(parts[-1])
        if re.fullmatch(r"全年|年度|\d{4}年", when):
            return "target"  # "目标任务" over "全年": the year's target
        if _PERIOD_COLUMN.sub("", when).strip() == "":
            return "plan"  # "目标任务" over "1-9月": the plan of the period, not work done
    if role == "target" and len(parts) >= 2 and _PERIOD_COLUMN.sub("", _strip_unit(parts[-2])).strip() == "":
        return "plan"  # "1-6月" over "计划": the period's plan, beside the year's target column
    if _inherits(parts, role):
        return _part_role(parts[-2])
    return role


def _inherits(parts: list[str], role: str) -> bool:
    """True when a column takes its role from the header part above its last one (see `_column_role`)."""
    measure = role == "other" or role == "key" and _HEADER_UNIT.search(parts[-1]) is not None  # "小区(个)"
    if len(parts) < 2 or not (measure or role == "actual" and _stage_only(parts[-1])):
        return False
    return _part_role(parts[-2]) in ("target", "plan", "actual", "pct", "growth")


def _stage_only(header: str) -> bool:
    return _STAGE_COLUMN.fullmatch(re.sub(r"^已", "", _strip_unit(header))) is not None


_DATE_COLUMN = re.compile(r"(?:时限|时间|日期|年限)$")
"""A column of dates ("完成时限", "计划完成时间"): 2024.12 there is a date, never an amount."""


_PERIOD_WORD = re.compile(r"序时|时序|阶段|节点|时间进度")
"""Words of the plan up to now rather than the year's: 序时目标 is the plan of the period, 序时进度 the elapsed time."""
_PERIOD_BENCHMARK = re.compile(r"(?:应完成|要求)?(?:序时|时序|时间)进度(?:要求|目标|计划)?")
"""A benchmark column ("序时进度", "时间进度"): the share of the year elapsed, the same in every row, not a figure."""


_EVALUATION_COLUMN = re.compile(r"亮灯|预警|评价")
"""A column judging each row's progress ("亮灯情况", "预警等级"): its words may state a gap in points."""


def _period_role(last: str) -> str | None:
    """The role of a header naming the period plan ("序时目标" plan, "序时进度" benchmark, "完成序时进度(%)" or "序时
    完成率" a percent against the period plan: "ppct"); None for other headers."""
    name = _strip_unit(last)
    if not _PERIOD_WORD.search(name):
        return None
    if _PERIOD_BENCHMARK.fullmatch(name):
        return "benchmark"
    if PCT_COLUMN.search(last) or name.startswith("占") or "进度" in name:
        return "ppct"
    if re.search(r"目标|任务|计划", name):
        return "plan"
    return None


def _part_role(last: str) -> str:
    if _DATE_COLUMN.search(_strip_unit(last)):
        return "date"
    period = _period_role(last)
    if period is not None:
        return period
    if _EVALUATION_COLUMN.search(last):
        return "actual"  # "亮灯情况 | 黄灯(滞后序时5个百分点)": read as words, as a 进度评价 column is
    if last.startswith("占") and not _GROWTH_COLUMN.search(last):
        return "pct"  # "占年计划", "占年度计划(%)": a share of the plan, a percent column
    if _GROWTH_COLUMN.search(last):
        return "growth"
    if PCT_COLUMN.search(last) and not re.search(r"数|额", last.split("(")[0][-1:] or ""):
        return "pct"
    if re.match(r"(?:年度|全年)?(?:计划|目标|任务|预计)", last):
        return "target"
    if re.match(r"(?:计划|目标|预计)", _PERIOD_COLUMN.sub("", last).strip()):
        return "plan"  # "1-9月计划投资": the plan of the period, neither the year's target nor work done
    if _ACTUAL_COLUMN.search(last) or _PERIOD_COLUMN.search(last) or _STAGE_COLUMN.search(last):
        return "actual"
    if TARGET_COLUMN.search(last):
        return "target"
    if SKIP_COLUMN.search(last):
        return "key"
    return "other"


def _numeric_table(index: TextIndex, rows, first_data: int, columns: list[list[str]], figures: list[Figure],
                   line_unit: str = "") -> None:
    text = index.text
    cell = lambda span: text[span[0]:span[1]].strip()  # noqa: E731
    rows = [*rows[:first_data], *(_with_leading_cells(text, row, columns) for row in rows[first_data:])]
    roles = [_column_role(parts) for parts in columns]
    for j, parts in enumerate(columns):  # "实事项目", "工作任务" over words only: the column names the rows
        if roles[j] in ("target", "other", "key") and parts and _ITEM_NAME_COLUMN.fullmatch(parts[-1]) and all(
                j >= len(row) or not _DIGIT.search(text, *row[j]) or _WORDS_FIRST.match(text, row[j][0])
                for row in rows[first_data:]):
            # words, or a project named with its commitment ("新增养老床位2000张"): the rows' names
            roles[j] = "name"
    groups = _column_groups(roles, columns)
    if not groups and "growth" not in roles:
        flipped = _transposed(text, rows, first_data)
        if flipped is not None:
            _numeric_table(index, flipped[0], 1, flipped[1], figures, line_unit)
        return
    growth_cols = [j for j, r in enumerate(roles) if r == "growth"]
    second_pcts = _second_pct_columns(roles, groups)
    for j, role in enumerate(roles):  # a percent against the period plan: of the nearest actual column before it
        actual = max((g[1] for g in groups if g[1] < j), default=None)
        if role == "ppct" and actual is not None and (j, actual) not in second_pcts:
            second_pcts.append((j, actual))
    target_col = next((j for j, r in enumerate(roles) if r == "target"), None)
    key_col = next((j for j, r in enumerate(roles) if r == "key" and columns[j] and "序号" in columns[j][-1]), None)
    head_col = next((j for j in range(len(roles)) if columns[j] and _NAME_COLUMN.search(columns[j][-1])
                     or roles[j] == "name"), None)
    if head_col is None:
        head_col = next((j for j in range(len(roles)) if roles[j] in ("key", "other")
                         and not (columns[j] and "序号" in columns[j][-1])), 0)
    unit_col = next((j for j, parts in enumerate(columns) if parts and _UNIT_COLUMN.fullmatch(parts[-1])), None)
    table_figs: list[tuple[str, int, Figure]] = []
    sub_rows: list[tuple[Figure, int]] = []  # (figure of a 其中 row, index in table_figs of the row above's)
    main_item: str | None = None
    main_unit = ""
    main_figs: dict[int, int] = {}
    previous: tuple[str | None, Row, str, list[Figure]] = (None, (), "", [])
    previous_sub = False
    for row in rows[first_data:]:
        heading = cell(row[head_col]) if head_col < len(row) else ""
        row_unit = cell(row[unit_col]) if unit_col is not None and unit_col < len(row) else ""
        number = cell(row[key_col]) if key_col is not None and key_col < len(row) else ""
        numbered = _NUMBERED_NAME.match(heading)
        if numbered and not number:  # "1、地区生产总值增长率": the name cell holds the row's number
            number, heading = numbered.group(1), heading[numbered.end():]
        if not heading and is_total_row(number):
            heading = number  # "合计" written in the 序号 cell, the name cell left empty
        if is_total_row(heading):
            heading = re.sub(r"\s+", "", heading)  # "合 计": a Word/Excel export spaces out short names
        lead = _SUB_ROW.match(heading)
        if lead:
            heading = heading[lead.end():]
        numbered_part = _SUB_NUMBER.fullmatch(number)
        main_numbered = main_item is not None and re.fullmatch(r"\d{1,3}", main_item) is not None
        sub_row = False
        if lead or _SUB_ROW.fullmatch(number):  # "其中:高校毕业生就业": a part of the row above, in its item
            sub_row, item_no = True, main_item
        elif previous_sub and number and number == main_item:
            sub_row, item_no = True, main_item  # the row's 序号 merged over its 其中 rows: the breakdown goes on
        elif main_numbered and key_col is not None and not number and heading and not is_total_row(heading):
            sub_row, item_no = True, main_item  # no number of its own under a numbered row: its breakdown
        elif main_numbered and numbered_part and numbered_part.group(1) in (None, main_item):
            sub_row, item_no = True, number  # "1.1", "(1)" under row 1: a sub-item, part of it
        else:
            item_no = number if _ROW_NUMBER.fullmatch(number) else (heading or None)
            if item_no and is_total_row(item_no):
                item_no = None if key_col is not None else item_no
            main_item, main_figs = item_no, {}
            main_unit = _table_unit([heading]) or ""
        if sub_row and not row_unit:
            row_unit = main_unit  # "城镇老旧小区改造(个)" over "其中:主城区 | 180 | 165": the sub-rows count the same
        previous_sub = sub_row
        row_figs: list[Figure] = []
        if key_col is not None and item_no is not None and item_no == previous[0]:
            merged = _merged_targets(text, row, previous[1], groups)
            if merged != row and _stage_rows(previous[2], heading):
                row = merged  # "老旧小区改造(开工)" over "(完工)": the plan of both stages
            elif merged != row:
                for fig in previous[3]:  # "新建农村公路(县道)" over "(乡道)": the plan of the pair, of neither row
                    drop_plan(fig)
        previous = (item_no, row, heading, row_figs)
        row_at = _RowAt(row, heading, row_unit, item_no, line_unit)
        idle_pcts: list[tuple[int, int]] = []  # (pct column, actual column) of groups whose actual holds no number
        for group in groups:
            fig = _cell_figure(text, row_at, columns, group, len(figures))
            if fig is not None:
                if sub_row and group[1] in main_figs:
                    sub_rows.append((fig, main_figs[group[1]]))
                elif not sub_row:
                    main_figs[group[1]] = len(table_figs)
                table_figs.append((heading, group[1], fig))
                row_figs.append(fig)
                continue
            worded = _worded_cell_figures(index, row_at, columns, group, len(figures) + len(table_figs))
            merged = group[0]
            if not worded and merged is not None and _spans_target_and_actual(text, row_at.cells, group):
                # "12条道路已全部完工" merged over 年度目标 | 完成 (written once, in the target column): read as words
                worded = _worded_cell_figures(index, row_at, columns, (None, merged, None),
                                              len(figures) + len(table_figs))
            table_figs.extend((heading, group[1], f) for f in worded)
            row_figs.extend(worded)
            if group[2] is not None:
                idle_pcts.append((group[2], group[1]))
        for pct_col, _ in idle_pcts:
            _confirmed_pct(text, row_at.cells, pct_col, columns, row_figs)
        for j in growth_cols:
            fig = _growth_figure(text, row_at, columns[j], j, len(figures), target_col)
            if fig is not None:
                table_figs.append((heading, j, fig))
        for j, actual_col in second_pcts:
            amount = next((f for f in row_figs if f.start >= row_at.cells[actual_col][0]
                           and f.end <= row_at.cells[actual_col][1] and f.unit != "%"), None)
            fig = _second_pct_figure(text, row_at, columns[j], j, amount, len(figures))
            if fig is not None:
                table_figs.append((heading, j, fig))
    _fill_units(table_figs, figures)
    totals = {col: fig for heading, col, fig in table_figs if is_total_row(heading)}
    for col, total in list(totals.items()):
        if total.base_unit in ("项", "件") and not any(
                f is not total and c == col and f.base_unit == total.base_unit for _, c, f in table_figs):
            # "合计 | 3项 | 3项": how many rows (projects) the table holds, a count of the programme's items
            table_figs = [t for t in table_figs if t[2] is not total]
            del totals[col]
    kept = [fig for heading, col, fig in table_figs if fig.unit]
    renumber(kept, len(figures))
    figures.extend(kept)
    for fig, total in _total_parents(table_figs, totals):
        if fig.unit != "%" and fig.unit and total.unit and units_compatible(fig.unit, total.unit):
            set_parent(fig, total.id)
    for part, whole_at in sub_rows:
        whole = table_figs[whole_at][2]
        if part.unit and whole.unit and part.base_unit == whole.base_unit:
            set_parent(part, whole.id)


def _with_leading_cells(text: str, row: Row, columns: list[list[str]]) -> Row:
    """A row of a flattened copy that lacks its leading key cells: a total row whose name spans the 序号 column
    ("合计\t36.0\t19.8\t55" under "序号 | 项目名称 | 计划 | 完成 | 完成率"), a row under a category merged above it
    ("城东幼儿园 3000 2100" under "类别 | 项目 | 计划 | 完成"). Read from the left its amounts would fall in the
    columns before theirs (the percent read as the amount, the amount as the target): the missing cells are put
    back, empty, at its start. Only when the row's first cell is words, not a number, and the missing cells are no
    more than the header's leading key columns (序号, 编号, 类别, 领域…); any other short row is read as written."""
    missing = len(columns) - len(row)
    if missing <= 0 or not row:
        return row
    keys = [bool(parts) and _LEADING_KEY_COLUMN.search(parts[-1]) is not None for parts in columns]
    leading = keys.index(False) if False in keys else len(keys)
    first = text[row[0][0]:row[0][1]].strip()
    if not first or missing > leading:
        return row
    if _ROW_NUMBER.fullmatch(first):
        # "2 食品加工基地 12500 …" under "序号 | 类别 | 项目名称 | …": the number is there, the category after it is
        # merged above; "2 新增义务教育学位 …" under "类别 | 序号 | …": the category before it
        number_col = next((j for j in range(leading) if _NUMBER_COLUMN.search(columns[j][-1])), None)
        if number_col is None or (missing > number_col if number_col else missing > leading - 1):
            return row
        at = row[0][0] if number_col else row[0][1]
        empty = ((at, at),) * missing
        return empty + tuple(row) if number_col else (row[0], *empty, *row[1:])
    if _DIGIT.match(first):
        return row
    start = row[0][0]
    return ((start, start),) * missing + tuple(row)


_LEADING_KEY_COLUMN = re.compile(r"序号|编号|类别|类型|领域|分类|板块|行业")
_NUMBER_COLUMN = re.compile(r"序号|编号")


def _merged_targets(text: str, row: Row, above: Row, groups) -> Row:
    """A row of the same item as the row above (its 序号 merged over both: "1 | 老旧小区改造(开工) | 85个 | 80个" over
    "1 | 老旧小区改造(完工) | | 60个") whose target cells are empty: the target cell above was merged over both
    (a merged number is written once, `transforms.text`): the row with the span of the target above (the caller
    decides whether it is the row's plan or the pair's)."""
    cells = list(row)
    for target_col, _, _ in groups:
        if target_col is not None and target_col < min(len(cells), len(above)) \
                and not text[cells[target_col][0]:cells[target_col][1]].strip() \
                and text[above[target_col][0]:above[target_col][1]].strip():
            cells[target_col] = above[target_col]
    return tuple(cells)


def _stage_rows(above: str, heading: str) -> bool:
    """True when two row names differ only in their stage ("老旧小区改造(开工)", "老旧小区改造(完工)")."""
    stage_above = _TRAILING_STAGE.search(above)
    stage = _TRAILING_STAGE.search(heading)
    return stage_above is not None and stage is not None and stage_above.group("stage") != stage.group("stage") \
        and above[:stage_above.start()] == heading[:stage.start()]


_TRAILING_STAGE = re.compile(rf"\(?(?P<stage>(?:已|新)?(?:{STAGES}))\)?$")


def _total_parents(table_figs: list[tuple[str, int, Figure]], totals: dict[int, Figure]) -> list[tuple[Figure, Figure]]:
    """(part, total) pairs of a table's columns: each row's figure is a part of its column's total row. With subtotal
    rows (小计), the rows above a subtotal, up to the one before, are its parts, and the subtotals (with rows after
    the last) are the parts of the grand total (合计): rows and subtotals added together would count twice."""
    pairs: list[tuple[Figure, Figure]] = []
    open_rows: dict[int, list[Figure]] = {}
    subtotals: dict[int, list[Figure]] = {}
    for heading, col, fig in table_figs:
        if _SUBTOTAL.search(heading):
            pairs.extend((part, fig) for part in open_rows.pop(col, []))
            subtotals.setdefault(col, []).append(fig)
        elif not is_total_row(heading):
            open_rows.setdefault(col, []).append(fig)
    for col, total in totals.items():
        if total in subtotals.get(col, ()):
            continue  # the last total row is a subtotal: no grand total
        parts = [*subtotals.get(col, []), *open_rows.get(col, [])]
        pairs.extend((part, total) for part in parts if part is not total)
    return pairs


_SUBTOTAL = re.compile(r"小计")


def _transposed(text: str, rows, first_data: int) -> tuple[list[Row], list[list[str]]] | None:
    """A table whose rows are the measures and whose columns are the indicators ("指标 | 新增养老床位(张) | 新建公园(个)"
    over "年度目标 | 500 | 10" and "1-9月完成 | 430 | 8"), turned: (rows, header parts of each column), with one
    header row (the row names) and a data row per indicator; None unless one header row and the first cells of the
    data rows name a target and an actual measure, and no indicator name is a measure."""
    if first_data != 1 or len(rows) < 3:
        return None
    cell = lambda span: text[span[0]:span[1]].strip()  # noqa: E731
    names = [cell(row[0]) for row in rows[1:]]
    roles = [_part_role(name) for name in names]
    width = len(rows[0])
    if "actual" not in roles or "target" not in roles or width < 2 or any(len(row) != width for row in rows) \
            or any(_part_role(cell(span)) in ("target", "actual", "pct") for span in rows[0][1:]):
        return None
    turned = [tuple(row[j] for row in rows) for j in range(width)]
    return turned, [[cell(rows[0][0])]] + [[name] for name in names]


def _spans_target_and_actual(text: str, row: Row, group: tuple[int | None, int, int | None]) -> bool:
    """True when a row's target cell is words with an amount stating the work done ("12条道路已全部完工") and every
    cell after it up to the group's percent (or actual) column is empty: one cell merged over them."""
    target_col, actual_col, pct_col = group
    last = pct_col if pct_col is not None else actual_col
    if target_col is None or last >= len(row) or any(text[s:e].strip() for s, e in row[target_col + 1:last + 1]):
        return False
    words = text[row[target_col][0]:row[target_col][1]].strip()
    return _DIGIT.search(words) is not None and _DONE_WORDS.search(words) is not None and cell_quantity(
        text, row[target_col]) is None


_DONE_WORDS = re.compile(rf"已(?:经|全部|全面)?(?:{V.STAGE_WORDS.pattern()})")


def _worded_cell_figures(index: TextIndex, row_at: _RowAt, columns: list[list[str]],
                         group: tuple[int | None, int, int | None], first: int) -> list[Figure]:
    """Figures of an actual cell of a numeric table that is words with amounts rather than one amount ("开工35个,
    完工20个", "35个已开工"): the cell read as prose, its bare stages named by the row ("老旧小区改造开工"), the
    row's target cell as their stated target (stages of one thing all take it). Ids follow `first`; [] for a
    cell without a digit."""
    target_col, actual_col, _ = group
    row = row_at.cells
    if actual_col >= len(row):
        return []
    start, end = row[actual_col]
    if not _DIGIT.search(index.text, start, end):
        return []
    found: list[Figure] = []
    item = Item(row_at.item_no, None, row_at.heading, row[0][0], row[-1][1]) if row_at.item_no else None
    figures_in(index, start, end, item, found)
    old_ids = [fig.id for fig in found]
    renumber(found, first)
    renamed = dict(zip(old_ids, (fig.id for fig in found)))
    for fig in found:
        if fig.part_of:
            set_parent(fig, renamed.get(fig.part_of, fig.part_of))
    _name_bare_cells(found, row_at.heading, "", index.text[start:end])
    if target_col is not None and target_col < len(row):
        value, unit = _target_cell(index.text, row[target_col])
        if value is not None:
            attach_targets(found, [Target(columns[target_col][-1], value, unit or "")], "table column")
    return found


_DIGIT = re.compile(r"\d")


def _confirmed_pct(text: str, row: Row, pct_col: int, columns: list[list[str]], row_figs: list[Figure]) -> None:
    """A percent cell whose own column group has no number in its row ("主体完工 | 93.8%") goes to the row's figure
    whose value and stated target it equals (3000 / 3200 = 93.75 -> 93.8, within one point), in place: the
    arithmetic shows which amount it measures. None confirmed, or several: it stays unread."""
    if pct_col >= len(row):
        return
    match = re.fullmatch(r"\s*(?P<num>\d+(?:\.\d+)?)\s*%?\s*", text[row[pct_col][0]:row[pct_col][1]])
    if match is None:
        return
    pct = Decimal(match.group("num"))
    fits = [f for f in row_figs if f.pct_of_plan is None and f.target and f.base_value is not None
            and f.target_unit and units_compatible(f.target_unit, f.unit)
            and abs(f.base_value * 100 / to_base(f.target, f.target_unit)[0] - pct) <= 1]
    if len(fits) == 1:
        set_pct(fits[0], match, _strip_unit(columns[pct_col][-1]) if columns[pct_col] else None)


def _column_groups(roles: list[str], columns: list[list[str]]) -> list[tuple[int | None, int, int | None]]:
    """(target column, actual column, percent column) of each actual column: the target column before it and
    the percent column after it under the same header group, with no other actual (or target) column between."""
    # The group of a column: the header parts above its last one; for a column under a target or actual parent
    # ("年度目标" over 开工 | 完工), its stage, so the target of 开工 is found under 年度目标's 开工.
    keys = [parts[-1:] if _inherits(parts, _part_role(parts[-1] if parts else "")) else parts[:-1]
            for parts in columns]
    # A single month's column ("9月完成", "本月完成", "其中:9月") next to a cumulative one: the month's work, with
    # no target or percent of its own; the cumulative column takes them across it.
    months = {j for j, role in enumerate(roles) if role == "actual" and columns[j] and _month_only(columns[j][-1])}
    if not any(role == "actual" and j not in months for j, role in enumerate(roles)):
        months = set()
    groups: list[tuple[int | None, int, int | None]] = []
    for j, role in enumerate(roles):
        if role != "actual":
            continue
        if j in months:
            groups.append((None, j, None))
            continue
        key = keys[j]
        # Stage columns of one quantity ("已开工" | "已完工") all take the year's target before them.
        skipped = months | ({x for x in range(len(roles)) if _is_stage(columns[x])} if _is_stage(columns[j]) else set())
        target = next((t for t in range(j - 1, -1, -1) if roles[t] == "target" and keys[t] == key
                       and not any(roles[x] == "actual" and keys[x] == key and x not in skipped
                                   for x in range(t + 1, j))), None)
        if target is None:  # a target header over both header rows ("年度目标" beside "1-9月" over 完成|完成率)
            target = next((t for t in range(j - 1, -1, -1) if roles[t] == "target"
                           and not any(roles[x] == "actual" and x not in skipped for x in range(t + 1, j))
                           and not any(roles[x] == "target" and keys[x] == key for x in range(len(roles)))), None)
        named, others = _stage_rate_columns(roles, columns, j)
        if len(named) == 1 and named[0] < j and any(roles[x] == "target" for x in range(named[0] + 1, j)):
            # "改厕任务 | 完工 | 完工率 | 污水设施任务 | 完工": a target column opens another block; the rate before
            # it is the first block's
            named = []
        pct = named[0] if len(named) == 1 else next(
            (p for p in range(j + 1, len(roles)) if roles[p] == "pct" and keys[p] == key and p not in others
             and not any(roles[x] in ("actual", "target") and keys[x] == key and x not in months
                         for x in range(j + 1, p))), None)
        if pct is None:  # "完成情况" over 数量 | 占全年(%): the percent right after its amount
            pct = next((p for p in range(j + 1, len(roles)) if roles[p] == "pct" and p not in others
                        and not any(roles[x] in ("actual", "target") and x not in months for x in range(j + 1, p))
                        and not any(roles[x] == "pct" and keys[x] == key for x in range(len(roles)))), None)
        groups.append((target, j, pct))
    return groups




def _stage_rate_columns(roles: list[str], columns: list[list[str]], j: int) -> tuple[list[int], set[int]]:
    """(the percent columns named by the stage of actual column `j`, those named by another stage): a housing
    table's "已开工 | 已完工 | 开工率 | 完工率" pairs each rate with its stage by name ("已开工(个)" -> "开工率(%)"),
    and 开工率 is never 已完工's, whatever stands next to it."""
    stage = STAGE_WORD.search(columns[j][-1]) if columns[j] else None
    if stage is None:
        return [], set()
    stages = {m.group() for x in range(len(roles)) if roles[x] == "actual" and columns[x]
              for m in [STAGE_WORD.search(columns[x][-1])] if m}
    named, others = [], set()
    for p in range(len(roles)):
        rate = _STAGE_RATE.search(columns[p][-1]) if roles[p] == "pct" and columns[p] else None
        if rate is not None and rate.group(1) in stages:  # a rate of a stage the table has a column of
            (named.append(p) if rate.group(1) == stage.group() else others.add(p))
    return named, others


_STAGE_RATE = re.compile(rf"({STAGE_WORD.pattern})率")


def _is_stage(parts: list[str]) -> bool:
    """A column counting a stage reached ("已开工(个)", "完工"): stages of one quantity share its target."""
    return bool(parts) and _STAGE_COLUMN.search(_strip_unit(parts[-1])) is not None


_MONTH_ONLY = re.compile(r"(?:其中\s*[::]?\s*)?(?:本月|当月|\d{1,2}\s*月份?(?!底|末))")
"""A column of one month's work ("9月完成", "本月新增", "其中:9月完成"), not a range ("1-9月") or a month's end."""


def _month_only(header: str) -> bool:
    return _MONTH_ONLY.match(header) is not None and "累计" not in header


def _second_pct_columns(roles: list[str], groups: list[tuple[int | None, int, int | None]]) -> list[tuple[int, int]]:
    """(percent column, actual column) of each percent column after a group's own percent column with no other
    column between them ("占年度计划(%)" | "占时序进度(%)"): a second percent of the same amount on another basis."""
    found = []
    own = {pct for _, _, pct in groups if pct is not None}  # "开工率 | 完工率": each its own stage's percent
    for _, actual, pct in groups:
        j = pct
        while j is not None and j + 1 < len(roles) and roles[j + 1] == "pct" and j + 1 not in own:
            j += 1
            found.append((j, actual))
    return found


def _percent_cell(text: str, row: Row, col: int) -> tuple[Quantity, str] | None:
    """(quantity in %, number as shown) of a row's cell that holds only a number (a percent or growth column's
    cell: "75.4", "6.8%"); None when the row has no such cell or it holds words."""
    if col >= len(row):
        return None
    raw = text[row[col][0]:row[col][1]].strip()
    if not NUMERIC_CELL.match(raw):
        return None
    number = raw.replace(",", "").rstrip("% ")
    return _bare_cell_quantity(text, row[col], raw, number, "%"), number


def _second_pct_figure(text: str, row_at: _RowAt, header: list[str], col: int, amount: Figure | None,
                       index: int) -> Figure | None:
    """The percent in a second percent column of a row (corpus README, Percents: a second percent of the same
    amount on another basis is its own metric in "%", kind progress), named by the row's amount and the column
    ("城南快速路完成投资占时序进度"); None when the cell holds no number."""
    cell = _percent_cell(text, row_at.cells, col)
    if cell is None:
        return None
    q, number = cell
    name = amount.label if amount is not None else _strip_unit(row_at.heading)
    label = f"{name}{_strip_unit(header[-1]) if header else ''}"
    return build_figure(q, _row_site(text, row_at), index, label, Decided("progress", None, None, None, number))


class _RowAt(NamedTuple):
    """A data row of a numeric table: its cells, the words naming it, the unit its unit column states and the
    item it is (its number, else its name; None for a total row under a number column)."""

    cells: Row
    heading: str
    unit: str
    item_no: str | None
    line_unit: str = ""
    """The unit a "单位:万元" line above the table (or a header cell) states for its bare cells."""


def _cell_figure(text: str, row_at: _RowAt, columns: list[list[str]], group: tuple[int | None, int, int | None],
                 index: int) -> Figure | None:
    """The figure of one numeric cell (the actual column of `group` in the row), built once with the target and
    percent of its group's columns and the unit of its header (else of the row: its unit column, or the unit its
    name states); None when the cell holds no positive number (or a percent)."""
    cell = lambda span: text[span[0]:span[1]].strip()  # noqa: E731
    row, heading = row_at.cells, row_at.heading
    target_col, actual_col, pct_col = group
    if actual_col >= len(row):
        return None
    raw = cell(row[actual_col])
    header = columns[actual_col]
    slash = _SLASH_CELL.fullmatch(raw) if header and _SLASH_HEADER.search(header[-1]) else None
    if slash is not None:  # "完成数/任务数(个)" | "8/10": the amount done, then its target
        raw = slash.group(1)
    own = None if NUMERIC_CELL.match(raw) else cell_quantity(text, row[actual_col])
    # "约2900", "完成16", "累计420", "2900余": a bare number with a qualifier or a verb, the unit the table's
    worded = _WORDED_NUMBER_CELL.fullmatch(raw) if own is None and slash is None else None
    if own is None and not NUMERIC_CELL.match(raw) and worded is None:
        return None
    # A rate row of an indicator table ("地区生产总值增长率 | 6%以上 | 7.2%"): a figure in %, the % in the cell, in
    # its own column header ("(%)") or in the row's unit column ("增速 | % | 8%左右 | 9.1").
    rate = "%" in raw or own is None and (_table_unit(header) or row_at.unit) == "%"
    target_header_unit = _table_unit(columns[target_col]) if target_col is not None else None
    header_unit = _table_unit(header) or target_header_unit or ""
    if len(header) >= 2 and _part_role(header[-1]) in ("other", "key") and _STAGE_COLUMN.search(header[-2]):
        label_head = _strip_unit(header[-2]) + _strip_unit(header[-1])  # "已开工" over "小区(个)"
    else:
        label_head = _strip_unit(header[-2] if len(header) >= 2 and re.search(r"^(?:进度|完成|实际)", header[-1])
                                 else header[-1])
    target_value, target_unit = None, ""
    if target_col is not None and target_col < len(row):
        target_value, target_unit = _target_cell(text, row[target_col])
        if not target_unit and (target_header_unit or _table_unit(header) or row_at.unit) == "%":
            target_unit = "%"  # a bare target under "(%)" or in a row of unit %
        if (target_unit == "%") != rate:
            target_value, target_unit = None, ""  # a rate's target is a rate, an amount's an amount
    pct = None
    if pct_col is not None and pct_col < len(row):
        match = re.fullmatch(r"\s*(?P<num>\d+(?:\.\d+)?)\s*%?\s*", cell(row[pct_col]))
        if match:
            pct = pct_of(match, _strip_unit(columns[target_col][-1]) if target_col is not None
                         and not PCT_COLUMN.search(columns[pct_col][-1][:2]) and "比例" in columns[pct_col][-1]
                         else _strip_unit(columns[pct_col][-1]).removeprefix("占"))
    if rate:
        pct = None  # a rate is not a share of a plan
        unit = "%"
    else:
        # Corpus README, "Table units": the cell's own unit, its column header, the row's unit column, a "单位:"
        # line (or header cell) of the table, the row's target cell ("1200个" | … | 1200), the row's name.
        unit = (own.unit if own is not None else "") or header_unit or row_at.unit or row_at.line_unit or target_unit \
            or _unit_in_name(heading, target_value)
        if unit == target_unit and own is None and target_value and pct is not None \
                and not (header_unit or row_at.unit or row_at.line_unit):
            unit = _unit_the_pct_confirms(raw, target_value, target_unit, pct.value)
    # A bare target cell: its own column header, the table's unit line, the row's unit column, else the actual's.
    if target_col is not None and target_value is None and target_col < len(row):
        magnitude = _MAGNITUDE_CELL.fullmatch(cell(row[target_col]))
        row_unit = target_header_unit or row_at.unit or row_at.line_unit or unit
        if magnitude is not None and row_unit and is_unit(magnitude.group(2) + row_unit):
            target_value, target_unit = Decimal(magnitude.group(1)), magnitude.group(2) + row_unit  # "1.2万" of 人
    target_unit = target_unit or target_header_unit or row_at.unit or row_at.line_unit or unit
    if slash is not None and target_col is None:
        target_value, target_unit = Decimal(slash.group(2)), unit
    target_words = columns[target_col][-1] if target_col is not None else header[-1]
    target = Target(target_words, target_value, target_unit) \
        if (target_col is not None or slash is not None) and target_value and units_compatible(target_unit, unit) \
        else None
    if pct is not None and target is not None and pct_col is not None:
        pct = _fraction_pct(cell(row[pct_col]), pct, raw if own is None else own.num_text, unit, target)
    source = "table column"
    if target is None and not rate and unit:
        target = _target_in_name(heading, unit)  # "新增城镇就业2000人 | … | 新增2150人": the name states the plan
        source = "commitment"
    kind = "rate" if header_unit == "%" or rate else ("progress" if target or pct and pct.value else "other")
    if kind == "rate" and any(word in header[-1] for word in V.OWN_PROGRESS):
        kind = "progress"  # "形象进度 | 85%": how far the work is, measured against the whole work
    if own is not None:
        decided = Decided(kind, pct, target, source if target else None, own.num_text, None)
        q = own
    elif worded is not None:
        number = worded.group("num")
        decided = Decided(kind, pct, target, source if target else None, number, None if unit else False)
        at = row[actual_col][0] + text[row[actual_col][0]:row[actual_col][1]].find(number)
        qualifier = (worded.group("pre") or "") + (worded.group("more") or "")
        q = Quantity(at, at + len(number), number, unit, qualifier if qualifier in _KEPT_CELL_WORDS else None)
    else:
        number = raw.replace(",", "").rstrip("% ")
        decided = Decided(kind, pct, target, source if target else None, number, None if unit else False)
        q = _bare_cell_quantity(text, row[actual_col], raw, number, unit)
    if (not _PERIOD_COLUMN.sub("", label_head).strip() or _GENERIC_ACTUAL.fullmatch(_PERIOD_COLUMN.sub("", label_head))
            or slash is not None) and not _names_a_place(heading):
        label_head = ""  # "完成情况", "1-9月完成": the column says the cell is done, not what is counted
    label_head = _SUB_ROW.sub("", label_head)  # "其中:9月完成": a column, not a breakdown
    return build_figure(q, _row_site(text, row_at), index, f"{_strip_unit(heading)}{label_head}", decided)


_FOOTNOTE_MARK = r"(?:[※*#△▲①②③④⑤⑥⑦⑧⑨⑩]|\(注\d?\))"
"""A footnote's mark after a cell's number ("3360※", "6000(注)"): no part of the amount."""
_WORDED_NUMBER_CELL = re.compile(r"\s*(?P<pre>约|近|超|逾|共|累计|已完成|完成|已)?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<more>余|多)?\s*"
                                 rf"{_FOOTNOTE_MARK}?\s*")
"""A cell of one bare number after a qualifier or a verb, or before 余/多 ("约2900", "完成16", "2900余")."""
_KEPT_CELL_WORDS = frozenset(("约", "近", "超", "逾", "余", "多", "累计"))
"""The words of such a cell kept as the figure's qualifier (about, nearly, over, more than, cumulative)."""


def _unit_the_pct_confirms(raw: str, target: Decimal, target_unit: str, pct: Decimal) -> str:
    """The unit of a bare actual cell that takes the target cell's unit ("1.2万人" | 9800 | 81.7): the target's
    unit, unless its magnitude (万, 亿) makes the percent wrong and the unit without it makes it right (9800 / 12000
    is 81.7%: 9800 人, not 9800 万人)."""
    magnitude, base = split_unit(target_unit)
    if magnitude == 1 or not is_known_unit(base):
        return target_unit
    value, whole = Decimal(raw.replace(",", "").rstrip("% ")), to_base(target, target_unit)[0]
    if not whole or abs(value * magnitude * 100 / whole - pct) <= 1 or abs(value * 100 / whole - pct) > 1:
        return target_unit
    return base


_SLASH_HEADER = re.compile(r"完成\w{0,3}\s*/\s*(?:年度)?(?:任务|计划|目标)")
"""A column of "done / planned" pairs ("完成数/任务数(个)", "完成/计划")."""
_SLASH_CELL = re.compile(r"(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)")
"""A cell of such a column: "8/10"."""


_MAGNITUDE_CELL = re.compile(r"(\d+(?:\.\d+)?)\s*(万|亿|千)")
"""A target cell of a number and a magnitude only ("1.2万"): the unit is the row's ("人" -> 1.2万人)."""


def _fraction_pct(written: str, pct: Pct, number: str, unit: str, target: Target) -> Pct:
    """A percent cell written as a fraction ("0.8", no % sign) where the arithmetic shows a percent: value /
    target equals it (within 0.01) -> 80. Any other cell keeps its value as written."""
    if "%" in written or pct.value >= 1 or "." not in written:
        return pct
    try:
        value = to_base(Decimal(number.replace(",", "").rstrip("% ")), unit)[0]
    except ArithmeticError:
        return pct
    whole = to_base(target.value, target.unit)[0] if target.value is not None and target.unit else None
    if value is None or not whole or abs(value / whole - pct.value) > Decimal("0.01"):
        return pct
    scaled = format((pct.value * 100).normalize(), "f")
    return Pct(Decimal(scaled), scaled, pct.basis)


_GROWTH_TARGET = re.compile(r"\s*(?:增长|增速)")
_RATE_TARGET = re.compile(r"(?:增长|增速|下降|降低|约|不低于|不少于|超过|达到|力争|控制在|不超过|不高于)*\s*"
                          r"(\d+(?:\.\d+)?)\s*(?:%\s*(?:以上|左右|以内|以下|上下)?|(?:以上|左右|以内|以下|上下))")
"""A rate target cell with its qualifier ("6%以上", "不低于95%"), or a bound without its unit ("3.5以内" under a unit
column: the row's unit)."""


def _growth_figure(text: str, row_at: _RowAt, header: list[str], col: int, index: int,
                   target_col: int | None = None) -> Figure | None:
    """The rate in a growth column's cell ("增长(%)" | 6.8), a figure of its own in %, kind rate, named by its row
    and column ("地区生产总值增长"), with the row's plan cell as its target when that cell states a growth ("增长7%");
    None when the cell holds no number."""
    row = row_at.cells
    cell = _percent_cell(text, row, col)
    if cell is None:
        return None
    q, number = cell
    label = f"{_strip_unit(row_at.heading)}{_strip_unit(header[-1]) if header else ''}"
    target = None
    if target_col is not None and target_col < len(row) and _GROWTH_TARGET.match(text, *row[target_col]):
        value, unit = _target_cell(text, row[target_col])  # "增长7%" in the plan column: the growth's target
        target = Target("", value, unit) if value is not None and unit == "%" else None
    decided = Decided("rate", None, target, "table column" if target else None, number)
    return build_figure(q, _row_site(text, row_at), index, label, decided)


def _bare_cell_quantity(text: str, span: tuple[int, int], raw: str, number: str, unit: str) -> Quantity:
    """The quantity of a cell that holds only a number (`raw`, stripped), its evidence the number as written from
    its first non-space character; `number` as shown (without "," or "%") and the unit the table gives it."""
    cell_start, cell_end = span
    start = cell_start + (len(text[cell_start:cell_end]) - len(text[cell_start:cell_end].lstrip()))
    return Quantity(start, start + len(raw), number, unit, None)


def _row_site(text: str, row_at: _RowAt) -> Site:
    """Where a table row's figures stand: its item and the row's text as their sentence."""
    row = row_at.cells
    return Site(row_at.item_no, None, text[row[0][0]:row[-1][1]], row[0][0])


def _target_cell(text: str, span: tuple[int, int]) -> tuple[Decimal | None, str]:
    """(value, unit) of a target cell: a bare number ("1.2", "6%": unit "" or "%"), a number with its own unit
    ("4000张", "6%以上"), or the one amount of a commitment written out ("新建城市书房20家"); (None, "") for words
    ("与市保持同步"), several amounts or a non-positive number."""
    words = re.sub(rf"{_FOOTNOTE_MARK}\s*$", "", text[span[0]:span[1]].strip())  # "6000※": the footnote's mark goes
    rate = _RATE_TARGET.fullmatch(words)
    if NUMERIC_CELL.match(words):
        value, unit = Decimal(words.replace(",", "").rstrip("% ")), "%" if "%" in words else ""
    elif rate is not None:
        value, unit = Decimal(rate.group(1)), "%" if "%" in words else ""
    else:
        # a cell of one amount ("4000张"), or a commitment written out in the plan column ("新建城市书房20家"): the
        # plan column states one plan per row, so one amount among words is that plan
        found = quantities_in(text, span[0], span[1])
        stated = found[0] if len(found) == 1 else None
        if stated is None:
            return None, ""
        value, unit = positive_value(stated), stated.unit
    return (value, unit) if value is not None and value > 0 else (None, "")


def _fill_units(table_figs: list[tuple[str, int, Figure]], figures: list[Figure]) -> None:
    # Units missing from the headers: take the unit of a prose figure reporting the same amount as a cell
    # of the column (the total row repeats the lead text: "已开工小区1110个" == 全省 1110).
    for heading, col, fig in table_figs:
        if fig.unit:
            continue
        same = [f for f in figures if f.value in {g.value for _, c, g in table_figs if c == col} and f.unit
                and f.unit != "%"]
        if same and same[0].unit:
            set_unit(fig, same[0].unit)


_NAME_COLUMN = re.compile(r"名称|^指标|^项目$")
"""The column that names each row ("指标名称", "项目名称"), preferred over a category column (类别) to name it."""
_WORDS_FIRST = re.compile(r"\s*(?:\d{1,2}[.、])?[\u4e00-\u9fff][^\n\t]{5}")
"""A cell that opens with a word (after a row number) and runs on: a name ("新增养老床位2000张", "为1.5万名适龄女生
免费接种HPV疫苗"), not a target's amount ("2万人")."""
_ITEM_NAME_COLUMN = re.compile(r"(?:民生|惠民|为民)?(?:实事|重点|建设|工作)?(?:项目|事项|任务)(?:内容)?|实事|"
                               r"(?:建设|实事|工作)?内容")
"""Headers that may name a table's rows ("实事项目", "项目内容", "工作任务") or state their targets: the former when
every data cell of the column is words."""
_SUB_ROW = re.compile(r"^其中\s*[::,]?\s*")
_SUB_NUMBER = re.compile(r"(\d{1,3})[.\-]\d{1,2}|\(\d{1,2}\)")
"""A sub-item's number in a 序号 cell: "1.1" (under row 1) or "(1)"."""
"""A sub-row that breaks the row above down ("其中:高校毕业生就业")."""
_NUMBERED_NAME = re.compile(r"^(\d{1,3}|[一二三四五六七八九十]{1,3}(?=、))[、.]\s*")
"""A row's number written in its name cell: "1、地区生产总值增长率", "2.新建公园", "一、乡镇敬老院" (a Chinese numeral only
before 、: 一.5 is no number)."""
_ROW_NUMBER = re.compile(r"\d{1,3}|[一二三四五六七八九十]{1,3}")
_UNIT_COLUMN = re.compile(r"(?:计量)?单位")
"""A column of units ("单位": 个, 公里), not a responsible unit (责任单位, a key column)."""
_CELL_QUALIFIERS = re.compile(r"(?:约|近|超|逾|共|累计|完成|已完成|提升|提高|增长|下降|降低|控制在|不超过|不低于|达到)?"
                              rf"|(?:已经|已|累计)?(?:{V.STAGE_WORDS.pattern()})")
"""What may stand before a cell's one amount: a qualifier, or a stage verb ("新增2150人", "已建成12所")."""


_CELL_TAIL = re.compile(r"(?:以上|左右|余|多|以内|内)?")


def cell_quantity(text: str, span: tuple[int, int]) -> Quantity | None:
    """The one quantity a table cell holds with its own unit ("3200张", "约4.2万人", "50公里以上"), when the cell
    holds nothing else but qualifiers; None for a cell with words or several amounts (a prose cell)."""
    start, end = span
    found = quantities_in(text, start, end)
    if len(found) != 1:
        return None
    q = found[0]
    rest = text[start:q.lead if q.lead is not None else q.start].strip() + "|" + text[q.end:end].strip()
    head, _, tail = rest.partition("|")
    return q if _CELL_QUALIFIERS.fullmatch(head) is not None and _CELL_TAIL.fullmatch(tail) else None


def _target_in_name(heading: str, unit: str) -> Target | None:
    """The plan a row's project name states, when the name holds exactly one amount and it is in a unit the
    row's actual can be compared with ("新增4000张养老床位" for 3600张; corpus README: a project name states a
    target); None otherwise."""
    quantities = quantities_in(heading, 0, len(heading))
    if len(quantities) != 1 or not units_compatible(quantities[0].unit, unit):
        return None
    value = positive_value(quantities[0])
    return Target(heading, value, quantities[0].unit, quantities[0].qualifier) if value is not None else None


def _unit_in_name(heading: str, target: Decimal | None) -> str:
    """The unit a row's project name states: in brackets at its end ("城镇新增就业(万人)" -> 万人), else of the
    quantity equal to the row's target ("新增4000张养老床位" -> 张), else of the name's only quantity; "" when the
    name states none (corpus README, table units)."""
    bracket = _HEADER_UNIT.search(heading)
    if bracket is not None and is_unit(bracket.group(1).strip()):
        return bracket.group(1).strip()
    quantities = quantities_in(heading, 0, len(heading))
    same = [q for q in quantities if target is not None and positive_value(q) == target]
    if same:
        return same[0].unit
    return quantities[0].unit if len(quantities) == 1 else ""


def _strip_unit(header: str) -> str:
    match = _HEADER_UNIT.search(header)
    if match is not None and _names_no_unit(match.group(1).strip()):
        # "老旧小区改造(开工)", "新建农村公路(县道)": the row's stage or part, no unit
        return (header[:match.start()] + match.group(1)).strip()
    return _HEADER_UNIT.sub("", header).replace("(%)", "").strip()


_STAGE_IN_BRACKETS = re.compile(rf"(?:已|新)?(?:{STAGES})")


def _names_no_unit(bracketed: str) -> bool:
    """True when words in brackets after a name are a stage (开工) or a word of two or more characters that is no unit
    (县道): part of the name. Units, lists of units (户、人; 个/处) and percent signs are units."""
    if _STAGE_IN_BRACKETS.fullmatch(bracketed):
        return True
    return len(bracketed) >= 2 and bracketed != "%" and not any(mark in bracketed for mark in "/、,%") \
        and not is_known_unit(split_unit(bracketed)[1]) and HAN.fullmatch(bracketed[-1]) is not None


def _table_unit(parts: list[str]) -> str | None:
    for part in reversed(parts):
        match = _HEADER_UNIT.search(part)
        if match and not _STAGE_IN_BRACKETS.fullmatch(match.group(1).strip()):
            unit = match.group(1).strip()
            return "%" if unit == "%" else unit
    return None


def _name_bare_cells(cell_figures: list[Figure], heading: str, header: str, cell_text: str) -> None:
    """Table cells whose figures have no words of their own are named by their row and column: a cell that is
    only a number ("100.0%" under 形象进度 in the row "建成环城北路") -> "建成环城北路 形象进度"; a bare label in a
    longer cell ("已完成40公里" in that row) -> "建成环城北路 完成" (corpus README: table units and labels come
    from the row name and the column header)."""
    only_number = len(cell_figures) == 1 and NUMERIC_CELL.match(cell_text) is not None
    for fig in cell_figures:
        if not heading or not is_bare(fig.label):
            continue
        set_label(fig, f"{heading} {header}" if only_number and header else f"{heading} {fig.label}".strip())


_DONE = re.compile(rf"^(?:已经|已|累计)(?:{V.STAGE_WORDS.pattern()})")
"""A figure stated as done ("已建成4家"): the progress of its row, beside amounts still in work ("另外2家正在装修")."""


def _done_of_several(figs: list[Figure], targets: list[Target]) -> list[Figure]:
    """The figures of a prose row that may take its one target: when several share the target's unit and exactly
    one of them is stated done ("已建成4家,另外2家正在装修" of "新建…6家"), that one; else all of them."""
    if len(targets) != 1:
        return figs
    pool = [f for f in figs if units_compatible(targets[0].unit, f.unit) and f.target is None and not f.part_of]
    done = [f for f in pool if _DONE.match(f.label.split()[-1] if f.label.split() else "")]
    return done if len(pool) > 1 and len(done) == 1 else figs


def _prose_table(index: TextIndex, rows, first_data: int, columns: list[list[str]], figures: list[Figure]) -> None:
    text = index.text
    roles = []
    for parts in columns:
        last = parts[-1] if parts else ""
        if "序号" in last:
            roles.append("number")
        elif _PROGRESS_CELL.search(last):
            roles.append("progress")
        elif TARGET_COLUMN.search(last):
            roles.append("target")
        elif _part_role(last) == "pct":
            roles.append("pct")  # "完成比例 | 78.7%": the percent of the row's figure the arithmetic confirms
        else:
            roles.append("other")
    if "progress" not in roles:
        roles = ["progress" if r == "other" else r for r in roles]
    for row in rows[first_data:]:
        number = next((text[s:e].strip() for (s, e), r in zip(row, roles) if r == "number"), "")
        item = Item(number, None, "", row[0][0], row[-1][1]) if re.fullmatch(r"\d{1,3}", number) else None
        targets: list[Target] = []
        for (s, e), role in zip(row, roles):
            if role == "target":
                _, found = heading_targets(text[s:e])
                targets.extend(found)
        before = len(figures)
        heading = next((text[s:e].strip() for (s, e), r in zip(row, roles) if r in ("target", "other")
                        and text[s:e].strip()), "")
        for (s, e), role, header in zip(row, roles, columns):
            if role == "progress" and e > s:
                cell_start = len(figures)
                figures_in(index, s, e, item, figures)
                _name_bare_cells(figures[cell_start:], heading, header[-1] if header else "", text[s:e])
        if targets:
            attach_targets(_done_of_several(figures[before:], targets), targets, "table column")
        for pct_col in (j for j, role in enumerate(roles) if role == "pct"):
            _confirmed_pct(text, row, pct_col, columns, figures[before:])


