"""Layout: the lines of a bulletin read once, as one value: lines with offsets, heading lines, table blocks (rows of
cells, split into sections with their header rows) and the prose blocks between them.

Input: the normalised text. Output: a `Layout` (built once per extraction by `read_layout`), read by `structure`
(heading lines), `tables` (table blocks) and the prose pass (`prose_blocks`). Nothing here decides what a number
is; it only says where lines, headings, tables and cells are.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from transforms.extract import vocabulary as V
from transforms.record import Item

CHINESE_DIGITS = "一二三四五六七八九十"
CATEGORY_LINE = re.compile(rf"^([{CHINESE_DIGITS}]+)、(.*)$")
ITEM_LINE = re.compile(
    rf"^(?:(\d{{1,3}})[.、](?!\d)|(\([{CHINESE_DIGITS}]+\)|\(\d{{1,2}}\)(?=[\u4e00-\u9fff]))|(第[{CHINESE_DIGITS}]+项)[,:、]?)\s*(.*)$"
)
ITEM_MARK = rf"\d{{1,3}}[.、](?!\d)|\([{CHINESE_DIGITS}]+\)|[{CHINESE_DIGITS}]+、|\(\d{{1,2}}\)"
"""An item's or a category's mark at the start of a line ("2.", "(一)", "三、", "(1)"), as a pattern."""
"""Item lines: "1." / "1、", "(一)" and "(1)" (full-width brackets are ASCII after NFKC), "第一项"."""
DEPARTMENT_LINE = re.compile(rf"^([\u4e00-\u9fff]{{2,8}}(?:{V.DEPARTMENT_SUFFIXES.pattern()})):(.*)$")
"""Department-by-department reports: "州移民局:…" (the heading names the item)."""

NUMERIC_CELL = re.compile(r"^\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*%?\s*$")
"""A table cell that is only a number (with thousands separators, a fraction or a percent sign)."""
AMOUNT_CELL = re.compile(
    r"^\s*(?:约|近|超|逾|共|增长|下降|降低|减少)?\s*[-−]?\d+(?:\.\d+)?\s*(?:万|亿|千)?"
    r"(?:%|(?![年月日季度号])[\u4e00-\u9fff]{1,3})(?:以上|左右|以内)?\s*$"
)
"""A data cell that is one amount with its unit or sign ("10个", "500张", "-2.4%", "下降3.5%"): headers hold dates
("1-9月", "2024年") and words, not such cells."""
HEADER_CELL_MAX = 12
"""A header cell is short words; a longer cell with a digit makes its row a data row (a prose table)."""
_DIGIT = re.compile(r"\d")

Span = tuple[int, int]
"""A character range [start, end) of the text."""
Row = tuple[Span, ...]
"""The cells of one table row, each a character range (tabs excluded)."""


class Heading(NamedTuple):
    """A line that opens a category ("一、…"), an item ("1." / "(一)" / "第一项") or a department ("州移民局:")."""

    start: int
    end: int
    kind: str
    """"category", "item" or "department"."""
    match: re.Match
    """The match of `CATEGORY_LINE`, `ITEM_LINE` or `DEPARTMENT_LINE` on the line's text."""


class TableSection(NamedTuple):
    """One table of a block: its rows, `first_data` the first data row (the rows before it are header rows)."""

    rows: tuple[Row, ...]
    first_data: int

    @property
    def header_rows(self) -> tuple[Row, ...]:
        return self.rows[: self.first_data]


class TableBlock(NamedTuple):
    """A run of tab-separated lines (`transforms.text` writes table rows so): its range and its sections. A header
    row (two cells or more, no digit, or no data and a 序号/名称 cell) after data rows starts a new section (a table
    printed under the same grid, or the next table); sections without a data row are left out."""

    start: int
    end: int
    sections: tuple[TableSection, ...]


class Layout(NamedTuple):
    """Where the lines, headings and tables of one text are (`read_layout`)."""

    text: str
    lines: tuple[Span, ...]
    """Every line, without its "\\n"."""
    headings: tuple[Heading, ...]
    """Heading lines outside tables, in text order."""
    tables: tuple[TableBlock, ...]
    """Table blocks, in text order."""


def read_layout(text: str) -> Layout:
    """The `Layout` of `text`: one pass over its lines."""
    lines: list[Span] = []
    headings: list[Heading] = []
    tables: list[TableBlock] = []
    rows: list[Row] = []
    offset = 0
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        lines.append((start, start + len(line)))
        if "\t" in line:
            rows.append(_cells(line, start))
            continue
        if rows:
            tables.append(_table_block(text, rows))
            rows = []
        heading = _heading(line, start)
        if heading is not None:
            headings.append(heading)
    if rows:
        tables.append(_table_block(text, rows))
    return Layout(text, tuple(lines), tuple(headings), tuple(tables))


def _heading(line: str, start: int) -> Heading | None:
    match = CATEGORY_LINE.match(line)
    if match:
        return Heading(start, start + len(line), "category", match)
    match = ITEM_LINE.match(line)
    if match:
        return Heading(start, start + len(line), "item", match)
    match = DEPARTMENT_LINE.match(line)
    if match:
        return Heading(start, start + len(line), "department", match)
    return None


def _cells(line: str, start: int) -> Row:
    cells, pos = [], start
    for cell in line.split("\t"):
        cells.append((pos, pos + len(cell)))
        pos += len(cell) + 1
    return tuple(cells)


_CATEGORY_CELL = re.compile(rf"^(?:[{CHINESE_DIGITS}]+、|\([{CHINESE_DIGITS}]+\))\s*[^\d]*$")
"""A category cell ("一、教育惠民", "(二)健康养老"), digits allowed only in brackets ("一、教育惠民(共3项)")."""
_CATEGORY_NUMBER = re.compile(rf"^(?:[{CHINESE_DIGITS}]+、?|\([{CHINESE_DIGITS}]+\))$")


def is_category_row(cells: list[str]) -> bool:
    """True for a row that opens a category of the table's items: one category cell ("一、教育惠民", often spanning
    the table, so repeated in every column; or alone in the first cell), or a Chinese number ("一") in the first
    cell and words without digits next to it, every other cell empty. It holds no number: it is neither a header
    row nor the end of the table."""
    filled = [c.strip() for c in cells if c.strip()]
    if not filled:
        return False
    if len(set(filled)) == 1:
        return _CATEGORY_CELL.match(re.sub(r"\([^()]*\)$", "", filled[0])) is not None
    first = cells[0].strip()
    rest = [c.strip() for c in cells[1:] if c.strip()]
    return _CATEGORY_NUMBER.match(first) is not None and len(rest) == 1 and _DIGIT.search(rest[0]) is None


def _table_block(text: str, rows: list[Row]) -> TableBlock:
    start, end = rows[0][0][0], rows[-1][-1][1]
    rows = [row for row in rows if not is_category_row([text[s:e] for s, e in row])] or rows
    has_digit = [any(_DIGIT.search(text, s, e) for s, e in row) for row in rows]
    data = [has_digit[r] and is_data_row([text[s:e] for s, e in row]) for r, row in enumerate(rows)]
    sections: list[TableSection] = []
    begin = 0
    for r in range(1, len(rows)):
        filled = sum(1 for s, e in rows[r] if text[s:e].strip())
        header = not has_digit[r] or not data[r] and any(_KEY_HEADER.fullmatch(text[s:e].strip()) for s, e in rows[r])
        if header and filled >= 2 and data[r - 1]:
            _add_section(text, rows[begin:r], sections)
            begin = r
    _add_section(text, rows[begin:], sections)
    return TableBlock(start, end, tuple(sections))


_KEY_HEADER = re.compile(
    r"序号|编号|(?:项目|指标|任务|实事)?名称|项目|指标|(?:区县|县区|县市区|地区|区域|街道|乡镇|镇街)(?:名称)?"
)
"""A header cell that only a header row holds: a row holding one (and no data) after data rows starts a table of
its own even when other headers hold dates ("1-9月完成投资"), as when two tables follow each other (a district
table's place column, 县区, as well)."""


def _add_section(text: str, rows: list[Row], sections: list[TableSection]) -> None:
    first_data = next((r for r, row in enumerate(rows) if is_data_row([text[s:e] for s, e in row])), None)
    if first_data is not None:
        sections.append(TableSection(tuple(rows), first_data))


def is_data_row(cells: list[str]) -> bool:
    """A row of data, not of headers: a cell holds a bare number or one amount ("10个", "-2.4%"), or a digit
    stands in a row with a long (prose) cell. A header may hold digits of its own ("1-9月完成", "2024年目标") but its cells are short words."""
    if not any(_DIGIT.search(c) for c in cells):
        return False
    return any(NUMERIC_CELL.match(c) or AMOUNT_CELL.match(c) for c in cells) or any(
        len(c) > HEADER_CELL_MAX for c in cells
    )


def heading_line(text: str, item: Item) -> str:
    """The line an item opens with (its heading): an item's span runs over the lines after it up to the next one."""
    end = text.find("\n", item.start, item.end)
    return text[item.start : end if end >= 0 else item.end]


def category_lines(layout: Layout, item_starts: set[int]) -> list[Span]:
    """Heading lines of categories that are not items themselves: they state targets, not progress."""
    return [(h.start, h.end) for h in layout.headings if h.kind == "category" and h.start not in item_starts]


def prose_blocks(layout: Layout, items: list[Item]) -> list[tuple[int, int, Item | None]]:
    """The prose of the text, in order: (start, end, item) for each item's span (item None for text outside
    items), without tables and without the heading lines of categories that are not items."""
    item_starts = {i.start for i in items}
    holes = sorted([(t.start, t.end) for t in layout.tables] + category_lines(layout, item_starts))
    blocks: list[tuple[int, int, Item | None]] = []
    for start, end, item in item_spans(len(layout.text), items):
        blocks.extend((s, e, item) for s, e in minus(start, end, holes))
    return blocks


def item_spans(size: int, items: list[Item]) -> list[tuple[int, int, Item | None]]:
    """(start, end, item) of each item, with (start, end, None) for the text before, between and after them."""
    spans: list[tuple[int, int, Item | None]] = []
    cursor = 0
    for item in items:
        if item.start > cursor:
            spans.append((cursor, item.start, None))
        spans.append((item.start, item.end, item))
        cursor = item.end
    if cursor < size:
        spans.append((cursor, size, None))
    return spans


def minus(start: int, end: int, holes: list[Span]) -> list[Span]:
    """The parts of [start, end) outside `holes` (sorted ranges, possibly overlapping)."""
    parts, cursor = [], start
    for h_start, h_end in holes:
        if h_end <= cursor or h_start >= end:
            continue
        if h_start > cursor:
            parts.append((cursor, h_start))
        cursor = max(cursor, h_end)
    if cursor < end:
        parts.append((cursor, end))
    return parts
