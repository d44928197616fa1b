"""Prose figures: the sentences of one item (or of text outside items), read quantity by quantity.

Input: a `TextIndex` and a span of its text (an item or a table cell). Output: the figures of the span,
appended to the caller's list in text order, with roles, labels, percents, in-sentence targets and parts.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from transforms.extract import vocabulary as V
from transforms.extract.layout import ITEM_MARK
from transforms.extract.clauses import clause_start, clean_label, label_of, quote_spans, sentences
from transforms.extract.figures import build_figure, renumber, site_of
from transforms.extract.labels import is_bare
from transforms.extract.parts import link_parts
from transforms.extract.percents import assign_percents
from transforms.extract.quantities import Quantity, TextIndex, base_unit_of, positive_value, quantities_in
from transforms.extract.roles import (HEADS_COLON, TARGET_AFTER, TARGET_SENTENCE, is_plan_sentence, reports_work,
                                      role_of)
from transforms.extract.targets import attach_carried, attach_sentence_targets, attach_targets
from transforms.record import Figure, Item, Target

_CUMULATIVE = V.CUMULATIVE.words[0]
_ANNEX = re.compile(r"附件|附表")
PROGRESS_MARKER = re.compile(rf"(?:{V.PROGRESS_MARKERS.pattern()})情况[::]?|进展[::]")
"""Commitment-then-progress layout: the item line states the commitment (targets), the text after
"推进情况:" the actuals."""

_PLAN_CHANGE = re.compile(r"(?:比|较)(?:上年|去年|上一年)(?:计划)?(?:增加|减少|多|少)了?$")
"""A change written right after a plan, in the clause after it ("计划…3000张,比上年增加500张")."""


_CAP = re.compile(r"(?:控制在|低于|不超过|不高于)\s*$")
_CAP_AFTER = re.compile(r"\s*(?:以内|以下|之内)")


def _capped(text: str, number_start: int, percent_end: int) -> bool:
    """True when the percent written at text[number_start:percent_end] is a cap ("控制在3.5%以内")."""
    return _CAP.search(text, max(0, number_start - 6), number_start) is not None \
        and _CAP_AFTER.match(text, percent_end) is not None


def _is_cap(text: str, fig: Figure) -> bool:
    """A rate capped in a heading's commitment ("城镇登记失业率控制在3.5%以内")."""
    return fig.unit == "%" and _capped(text, fig.start, fig.end)


class Slot(NamedTuple):
    """A quantity of a sentence with its role: a figure, a target candidate, or dropped (kept so that the
    percents that describe it are consumed with it). Never changed: the percent walk that decides otherwise
    (a plan inside 占…的 is a target, a plan share names its plan) returns new slots (`assign_percents`)."""

    q: Quantity
    figure: Figure | None
    role: str  # "figure" | "target" | "drop"
    label: str
    targets: tuple[Target, ...] = ()
    """Plan amounts a percent of the sentence names for this slot's figure ("占…计划投资31.20亿元的141.03%")."""
    whole_of_next: bool = False
    """A target that the text binds to the next quantity ("15个农村幸福院建设已完成8个", `_whole_of_next`)."""


_SPENT_ON = re.compile(r"(?:用于|完成|建成|新建|实施|改造|建设)")
"""A verb right after money spent, before the count of works it paid for ("投入资金2.3亿元完成43间…")."""
_new = tuple.__new__
"""`Slot(*fields)` at half the cost (NamedTuple's own __new__ is a Python function; once per quantity)."""


def _heading_commitment_end(index: TextIndex, start: int, end: int) -> int:
    """End of an item heading that states the commitment before a colon, the progress after it on the same line
    ("1.用水总量控制在3.4921亿立方米以内:…全区新水用水量3.1亿立方米"): the colon's position when the words before
    it hold a quantity and the line goes on after it; else `start` (no heading commitment)."""
    text = index.text
    line_end = text.find("\n", start, end)
    line_end = end if line_end < 0 else line_end
    colon = text.find(":", start, min(line_end, start + 60))
    if colon < 0 or colon + 1 >= line_end or not quantities_in(text, start, colon, index):
        return start
    if _SENTENCE_END.search(text, start, colon):  # "…完成投入2960万元,占年度计划11.4%。其中:": a report's 其中
        return start
    return colon


def _commitment_end(index: TextIndex, start: int, end: int) -> int:
    """Where an item's commitment ends and its progress starts: at a progress marker ("推进情况:") on a later line,
    else after a heading commitment (`_heading_commitment_end`); `start` when the item states no commitment."""
    text = index.text
    # Every marker holds 情况 or 进展: two memchr-speed tests spare the pattern's scan of most items.
    marker = PROGRESS_MARKER.search(text, start, end) if (
        text.find("情况", start, end) >= 0 or text.find("进展", start, end) >= 0) else None
    if marker is not None and _ANNEX.match(text, text.rfind("\n", start, marker.start()) + 1):
        marker = None  # "附件:完成情况表": an annex's title after the item, not its progress part
    commitment_end = marker.start() if marker and text.rfind("\n", start, marker.start()) > start else start
    if commitment_end == start:
        commitment_end = _heading_commitment_end(index, start, end)
    return _heading_line_commitment_end(index, start, end) if commitment_end == start else commitment_end


_ACTUAL_MARK = re.compile(V.ACTUAL_MARKS.pattern())
_SENTENCE_END = re.compile(r"[。;!?]")


_NUMBERED = re.compile(ITEM_MARK)
HEADING_SENTENCE_MAX = 40
"""How long (characters, item mark included) an item's opening sentence may be to be its heading: a commitment
such as "1.新增城镇就业3.5万人。" or "5.改造城镇老旧小区120个、惠及居民2.1万户。", not a paragraph."""


def _heading_line_commitment_end(index: TextIndex, start: int, end: int) -> int:
    """An item heading that states the commitment on a line of its own ("1.新开工改造老旧小区221个3万户"), or in a
    short sentence that opens the item's line ("1.新增城镇就业3.5万人。截至10月底,…"), with progress after it
    ("截至9月底,已开工改造200个、2.8万户"): the heading's end. The opening sentence counts only for a numbered
    item (not "州移民局:…", a department's report). The heading holds quantities but no percent and no
    mark of work done (`ACTUAL_MARKS`); the rest of the item holds a mark of work done. Else `start` (no heading
    commitment)."""
    text = index.text
    line_end = text.find("\n", start, end)
    line_end = end if line_end < 0 else line_end
    first_stop = _SENTENCE_END.search(text, start, line_end)
    if first_stop is not None and first_stop.group() == ";" and _names_own_thing(text, first_stop.end(), line_end):
        return start  # "1.完成农村改厕2100户;建成污水处理站5座": results listed, the second of a thing of its own
    if first_stop is not None and first_stop.start() - start <= HEADING_SENTENCE_MAX \
            and _NUMBERED.match(text, start):
        heading_end = first_stop.start()  # "1.新建学校5所。已开工5所…": a heading sentence opens the line
        line_end = first_stop.end()
    elif first_stop is None and line_end < end and text[line_end - 1] not in _CLAUSE_GOES_ON:
        heading_end = line_end  # "1.新建学校5所" on a line of its own (not a line a copy wrapped after a comma)
    else:
        return start
    closing = _CLOSING_SECTION.search(text, line_end, end)  # "存在问题:…未能按期完成": no report of the item's work
    if _uncapped_percent(text, start, heading_end) or _ACTUAL_MARK.search(text, start, heading_end) \
            or not _REPORTS_WORK.search(text, line_end, closing.start() if closing else end) \
            or not quantities_in(text, start, heading_end, index):
        return start
    return line_end


def _names_own_thing(text: str, start: int, end: int) -> bool:
    """True when the clause at `start` names a thing of its own before its amount ("建成污水处理站5座", "累计发放津贴
    680万元"): a second result, not the progress of a heading's commitment (which names no thing again: "已建成5个")."""
    digit = _DIGIT.search(text, start, end)
    label = clean_label(text[start:digit.start()]) if digit else ""
    return len(label) >= 2 and not is_bare(label)


_DIGIT = re.compile(r"\d")


_CLOSING_SECTION = re.compile(r"^(?:存在(?:的)?问题|主要问题|问题和不足|下一步|下步|下阶段|工作打算|工作建议)", re.M)
"""A line that opens the closing part of a report (its problems, its next steps) after the last item, unnumbered:
its words report no work of that item."""


def _uncapped_percent(text: str, start: int, end: int) -> bool:
    """True when text[start:end] holds a percent that is not a cap ("控制在3.5%以内" is a commitment's, a rate's plan)."""
    at = text.find("%", start, end)
    while at >= 0:
        digits = at
        while digits > start and (text[digits - 1].isdigit() or text[digits - 1] in ". "):
            digits -= 1
        if not _capped(text, digits, at + 1):
            return True
        at = text.find("%", at + 1, end)
    return False


_CLAUSE_GOES_ON = ",、:"
"""Marks that end a line whose sentence goes on on the next (a PDF copy's wrap): no heading ends there."""
_REPORTS_WORK = re.compile(rf"{V.ACTUAL_MARKS.pattern()}|全年(?!计划|目标|任务|预计)|完成|\d{{1,2}}月|季度|上半年")
"""Marks of work done in the rest of an item whose heading states its commitment: `ACTUAL_MARKS`, or a period
("全年完成加装电梯73部", "1-9月新增…")."""


def figures_in(index: TextIndex, start: int, end: int, item: Item | None, figures: list[Figure],
                in_text_order: bool = False) -> None:
    """Figures of a prose span (one item, or text outside items) of `index.text`, appended to `figures`.

    `in_text_order`: `figures` is ordered by `start` (true of the prose pass, which reads the text in order;
    table figures come later and out of order), so `link_parts` may bisect it."""
    text, breaks = index.text, index.breaks
    commitment_end = _commitment_end(index, start, end) if item is not None else start
    commitment_targets: list[Target] = []
    carried: list[Slot] = []
    for s_start, s_end in sentences(text, start, end):
        quantities = quantities_in(text, s_start, s_end, index)
        if not quantities and text.find("%", s_start, s_end) < 0:
            continue  # no quantity and no percent: no figure and no target
        quotes = quote_spans(text, s_start, s_end)
        if quotes:  # a quantity in quotes names a project (roles.py): new records, the scan's are shared
            quantities = [q._replace(in_quote=True) if any(a < q.start < b for a, b in quotes) else q
                          for q in quantities]
        target_sentence = TARGET_SENTENCE.search(text, s_start, s_end) is not None
        site = site_of(item, text[s_start:s_end], s_start)
        sentence = site.sentence
        slots: list[Slot] = []
        plan_sentence = False
        for k, q in enumerate(quantities):
            clause = clause_start(breaks, s_start, q.start)
            if q.start < commitment_end:
                value = positive_value(q)
                # a quantity the role rules drop states no commitment either ("(六)…项目,总投资5.2亿元": the
                # project's total investment over all its years, not the year's plan)
                if value is not None and role_of(text, clause, q, quantities, k, None) != "drop":
                    label = label_of(text, clause, q, s_end)
                    commitment_targets.append(Target(label, value, q.unit, q.qualifier))
                continue
            role = role_of(text, clause, q, quantities, k, s_start if target_sentence else None)
            if role == "figure" and slots and slots[-1].q is quantities[k - 1] and slots[-1].role == "target" \
                    and q.start == quantities[k - 1].end and base_unit_of(q.unit) != base_unit_of(quantities[k - 1].unit):
                role = "target"  # "改造老旧小区221个3万户,已开工198个": a second measure glued to a plan is plan too
            elif role == "figure" and slots and slots[-1].role == "target" and _PLAN_CHANGE.match(text, clause, q.start):
                role = "drop"  # "计划新增养老床位3000张,比上年增加500张": how the plan grew, no work done
            if not slots:
                # (not when the plan heads a colon: "新增城镇就业1.5万人:全市新增城镇就业1.32万人" reports after it)
                plan_sentence = role == "target" and is_plan_sentence(sentence) and not HEADS_COLON.match(text, q.end)
            elif plan_sentence and role == "figure":
                if reports_work(text[clause:q.start]):
                    plan_sentence = False
                else:
                    role = "target"  # the breakdown of a plan is plan too
            nxt = quantities[k + 1].start if k + 1 < len(quantities) else s_end
            named_after = TARGET_AFTER.match(text, q.end, nxt) if role == "target" else None
            label_from = clause
            if k and quantities[k - 1].end > clause and quantities[k - 1].unit.endswith("元") \
                    and not q.unit.endswith("元") and _SPENT_ON.match(text, quantities[k - 1].end, q.start):
                # "投入资金2.3亿元完成43间镇卫生院标准化建设": the words since the amount before it, not that amount
                label_from = quantities[k - 1].end
            label = named_after.group().lstrip("的") if named_after else label_of(text, label_from, q, nxt)
            if k and slots and slots[-1].q is quantities[k - 1] and text[quantities[k - 1].end:q.start] in ("", "、"):
                # Glued to the amount before it, or listed right after it ("改造老旧小区221个3万户", "保障性住房开工
                # 8个、1860套"): another measure of the same thing.
                label = slots[-1].label
            fig = None
            if role == "figure":
                cumulative = text.find(_CUMULATIVE, clause, q.start) >= 0  # 累计 before it: a running total
                fig = build_figure(q._replace(qualifier=_CUMULATIVE + (q.qualifier or "")) if cumulative else q,
                                   site, len(figures) + len(slots), label)
                if fig is None:
                    continue
            slots.append(_new(Slot, (q, fig, "target" if role == "whole" else role, label, (), role == "whole")))
        new_figures, slots = assign_percents(index, (s_start, s_end), slots, site, len(figures), target_sentence)
        if s_start < commitment_end:
            caps = [f for f in new_figures if f.start < commitment_end and _is_cap(text, f)]
            # "二、新增城镇就业12万人,城镇登记失业率控制在3.5%以内": the heading's cap is the rate's plan, no figure
            commitment_targets.extend(Target(f.label, f.value, f.unit, None) for f in caps)
            new_figures = [f for f in new_figures if f not in caps]
        if carried:
            used = attach_carried(carried[::-1], slots, text)  # nearest plan first
            carried = [c for c in carried if not any(c is u for u in used)]
        carried.extend(attach_sentence_targets(slots))
        renumber(new_figures, len(figures))
        figures.extend(new_figures)
        link_parts(text, figures, s_start, s_end, in_text_order)
    if commitment_targets:
        attach_targets([f for f in figures if f.start >= commitment_end and f.start < end], commitment_targets,
                        "commitment")


