"""Structure: categories ("一、" headings with the targets they state), items ("1.", "(一)", "第一项", "部门:"),
table blocks (runs of tab-separated lines) and the prose spans between them.

Input: the normalised text. Output: `Category` and `Item` records, and character ranges.
"""

from __future__ import annotations

import re
from decimal import Decimal

from transforms.extract import vocabulary as V
from transforms.extract.clauses import strip_trailing_noise
from transforms.extract.quantities import percents_in, positive_value, quantities_in, small_number
from transforms.record import Category, Item, Target

CHINESE_DIGITS = "一二三四五六七八九十"
CATEGORY_LINE = re.compile(rf"^([{CHINESE_DIGITS}]+)、(.*)$")
ITEM_LINE = re.compile(rf"^(?:(\d{{1,3}})[.、](?!\d)|(\([{CHINESE_DIGITS}]+\))|(第[{CHINESE_DIGITS}]+项)[,:、]?)\s*(.*)$")
"""Item lines: "1." / "1、", "(一)" (full-width brackets are ASCII after NFKC), "第一项"."""
DEPARTMENT_LINE = re.compile(rf"^([\u4e00-\u9fff]{{2,8}}(?:{V.DEPARTMENT_SUFFIXES.pattern()})):(.*)$")
"""Department-by-department reports: "州移民局:…" (the heading names the item)."""

_ASPECT_NAME = re.compile(rf"(.{{1,30}}?){V.ASPECT_WORD}")
_LEAD_WORDS = re.compile(r"([^,:;。]{1,30})")
_HEADING_CLAUSE_BREAK = re.compile(r"[,;。]")

def parse_structure(text: str) -> tuple[list[Category], list[Item]]:
    """Categories ("一、…" lines with the targets their headings state) and items.

    Items are "1." / "(一)" / "第一项" lines and "部门:" lines, each running to the next heading. A category
    line that is followed by no item line before the next category is itself an item (numbered "一"), because
    some bulletins report figures directly under 一、二、.
    """
    categories: list[Category] = []
    items: list[Item] = []
    offset = 0
    open_item: tuple[str, int | None, str, int] | None = None
    for line in text.split("\n"):
        line_start, offset = offset, offset + len(line) + 1
        if "\t" in line:
            continue
        cat = CATEGORY_LINE.match(line)
        it = ITEM_LINE.match(line) if not cat else None
        dept = DEPARTMENT_LINE.match(line) if not (cat or it) else None
        if (cat or it or dept) and open_item:
            items.append(Item(open_item[0], open_item[1], open_item[2], open_item[3], line_start - 1))
            open_item = None
        if cat:
            no = small_number(cat.group(1))
            title, targets = heading_targets(cat.group(2))
            categories.append(Category(no or len(categories) + 1, title, tuple(targets)))
            open_item = (cat.group(1), no, title, line_start)
        elif it:
            number = it.group(1) or it.group(2) or it.group(3)
            rest = it.group(4)
            name_match = _ASPECT_NAME.match(rest) or _LEAD_WORDS.match(rest)
            name = name_match.group(1) if name_match else ""
            open_item = (number, categories[-1].no if categories else None, name, line_start)
        elif dept:
            open_item = (dept.group(1), categories[-1].no if categories else None, dept.group(1), line_start)
    if open_item:
        items.append(Item(open_item[0], open_item[1], open_item[2], open_item[3], len(text)))
    # A category line directly followed by an item line is a heading, not an item of its own.
    category_numbers = {_cn(c.no) for c in categories}
    heading_items = {i.start for i in items if i.no in category_numbers}
    result = []
    for k, item in enumerate(items):
        nxt = items[k + 1] if k + 1 < len(items) else None
        is_category = item.start in heading_items and CATEGORY_LINE.match(text[item.start:item.end])
        if is_category and nxt is not None and not CATEGORY_LINE.match(text[nxt.start:nxt.end]):
            continue
        result.append(item)
    return categories, result


def _cn(no: int) -> str:
    digits = "零一二三四五六七八九"
    if no < 10:
        return digits[no]
    if no < 20:
        return "十" + (digits[no - 10] if no > 10 else "")
    return digits[no // 10] + "十" + (digits[no % 10] if no % 10 else "")


def category_lines(text: str, item_starts: set[int]) -> list[tuple[int, int]]:
    lines, offset = [], 0
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        if CATEGORY_LINE.match(line) and start not in item_starts:
            lines.append((start, start + len(line)))
    return lines


def item_spans(text: str, items: list[Item]) -> list[tuple[int, int, Item | None]]:
    spans: list[tuple[int, int, Item | None]] = []
    cursor = 0
    for item in items:
        if item.start > cursor:
            spans.append((cursor, item.start, None))
        spans.append((item.start, item.end, item))
        cursor = item.end
    if cursor < len(text):
        spans.append((cursor, len(text), None))
    return spans


def heading_targets(heading: str) -> tuple[str, list[Target]]:
    clauses = [c for c in _HEADING_CLAUSE_BREAK.split(heading) if c]
    title = clauses[0] if clauses else heading
    targets = []
    for clause in clauses:
        for q in quantities_in(clause, 0, len(clause)):
            label = strip_trailing_noise(clause[:q.lead]).strip()
            if not label:
                continue
            value = positive_value(q)
            if value is not None:
                targets.append(Target(label=label, value=value, unit=q.unit, qualifier=q.qualifier))
        for pct in percents_in(clause, 0, len(clause)):
            # A rate's target ("地区生产总值增长7%以上"): the target of the rate figure of the same words.
            label = strip_trailing_noise(clause[:pct.start()]).strip()
            if label and not label[-1].isdigit():
                targets.append(Target(label=label, value=Decimal(pct.group("num").replace(" ", "")), unit="%"))
    return title, targets


def table_blocks(text: str) -> list[tuple[int, int]]:
    """Character ranges of tables: runs of lines holding a tab (`transforms.text` writes table rows so)."""
    blocks: list[tuple[int, int]] = []
    offset = 0
    current: list[int] | None = None
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        if "\t" in line:
            if current is None:
                current = [start, start + len(line)]
            else:
                current[1] = start + len(line)
        elif current is not None:
            blocks.append((current[0], current[1]))
            current = None
    if current is not None:
        blocks.append((current[0], current[1]))
    return blocks


def minus(start: int, end: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
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

