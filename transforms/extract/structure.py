"""Structure: categories ("一、" headings with the targets they state) and items ("1.", "(一)", "第一项", "部门:").

Input: the normalised text and its `Layout` (heading lines). Output: `Category` and `Item` records.
"""

from __future__ import annotations

import re
from decimal import Decimal

from transforms.extract import vocabulary as V
from transforms.extract.clauses import strip_trailing_noise
from transforms.extract.layout import CATEGORY_LINE, Layout, heading_line, read_layout
from transforms.extract.quantities import percents_in, positive_value, quantities_in, small_number
from transforms.record import Category, Item, Target

_ASPECT_NAME = re.compile(rf"(.{{1,30}}?){V.ASPECT_WORD}")
_LEAD_WORDS = re.compile(r"([^,:;。]{1,30})")
_HEADING_CLAUSE_BREAK = re.compile(r"[,;。]")
_NAME_KEY = re.compile(r"^(?:项目|实事|事项|任务|工程)?名称\s*[::]\s*")
"""The key of a block layout's first line ("项目名称:…;年度目标:…;进展情况:…"), which names no item itself."""

def parse_structure(text: str, layout: Layout | None = None) -> tuple[list[Category], list[Item]]:
    """Categories ("一、…" lines with the targets their headings state) and items.

    Items are "1." / "(一)" / "第一项" lines and "部门:" lines, each running to the next heading. A category
    line that is followed by no item line before the next category is itself an item (numbered "一"), because
    some bulletins report figures directly under 一、二、. `layout`: `read_layout(text)`, read here when not given.
    """
    layout = layout or read_layout(text)
    categories: list[Category] = []
    items: list[Item] = []
    open_item: tuple[str, int | None, str, int] | None = None
    for heading in layout.headings:
        line_start, kind, match = heading.start, heading.kind, heading.match
        if open_item:
            items.append(Item(open_item[0], open_item[1], open_item[2], open_item[3], line_start - 1))
            open_item = None
        if kind == "category":
            no = small_number(match.group(1))
            title, targets = heading_targets(match.group(2))
            categories.append(Category(no or len(categories) + 1, title, tuple(targets)))
            open_item = (match.group(1), no, title, line_start)
        elif kind == "item":
            number = match.group(1) or match.group(2) or match.group(3)
            rest = _NAME_KEY.sub("", match.group(4))  # "2.项目名称:乡镇卫生院提升改造": the name, not its key
            name_match = _ASPECT_NAME.match(rest) or _LEAD_WORDS.match(rest)
            name = name_match.group(1) if name_match else ""
            open_item = (number, categories[-1].no if categories else None, name, line_start)
        else:
            open_item = (match.group(1), categories[-1].no if categories else None, match.group(1), line_start)
    if open_item:
        items.append(Item(open_item[0], open_item[1], open_item[2], open_item[3], len(text)))
    # A category line directly followed by an item line is a heading, not an item of its own.
    category_numbers = {_cn(c.no) for c in categories}
    heading_items = {i.start for i in items if i.no in category_numbers}
    result = []
    for k, item in enumerate(items):
        nxt = items[k + 1] if k + 1 < len(items) else None
        is_category = item.start in heading_items and CATEGORY_LINE.match(text[item.start:item.end])
        if is_category and nxt is not None and not CATEGORY_LINE.match(heading_line(text, nxt)):
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


