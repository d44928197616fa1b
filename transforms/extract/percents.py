"""Percent roles: what each percent of a sentence is (plan share, count share, progress rate, bracketed share,
a figure of its own).

Input: one sentence's span and its slots (quantities with roles, `transforms.extract.prose.Slot`). Output: the
sentence's figures in text order, with percents of plan set on the figures they describe.
"""

from __future__ import annotations

import operator
import re

from transforms.extract import vocabulary as V
from transforms.extract.clauses import clause_start, label_of, strip_leading_noise, strip_trailing_noise
from transforms.extract.figures import make_figure, set_pct
from transforms.extract.quantities import Quantity, percents_in, positive_value
from transforms.extract.roles import _PER_CAPITA, TARGET_SENTENCE
from transforms.record import Figure, Item, Target
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from transforms.extract.prose import Slot

PERCENT_JOINERS = re.compile(rf"^\s*(?:{V.PERCENT_JOINERS.pattern()})\s*$")
_PLAN_WORD = re.compile(V.PLAN_WORDS.pattern())
"""The plan words of `PLAN_BASIS`: a cheap test before it (the pattern tries ~100 steps at every position)."""
PLAN_BASIS = re.compile(
    r"(?P<resp>分别)?(?:占|为|是|完成|达到|达)了?"
    rf"(?P<basis>[^,;。%\d]{{0,12}}?(?:{V.PLAN_WORDS.pattern()})[^,;。%\d的]{{0,3}})的?\s*$"
)
"""The words naming the plan a percent is measured against (占年计划的, 为任务的, 完成年度目标任务的,
占全年计划投资的, 占总计划的, 完成总体进度的)."""
SHARE_WORDS = re.compile(r"(?:占比|占总数的?|占[^,;。]{0,6}总数的?)\s*$")
"""A share of a count of projects ("占比60%", "占总数的90.3%", "占任务总数的15.2%"): not a figure."""
PROGRESS_RATE = re.compile(rf"(?P<rate>(?:[\u4e00-\u9fff]{{0,4}}?)(?:{V.RATE_WORDS.pattern()}))(?:为|达|达到|是)?\s*$")
"""A progress rate after a figure ("完成投资34亿元,投资完成率68%"): the figure's percent of plan."""

_OPEN_PAREN = re.compile(r"\s*\(")

def assign_percents(text: str, s_start: int, s_end: int, slots: list[Slot], item: Item | None,
                     base_index: int, breaks: list[int], sentence: str, target_sentence: bool) -> list[Figure]:
    """Walk a sentence in order, giving each percent its role, and return the sentence's figures in order.

    Roles (first that applies): a plan share after a plan word ("占年计划的138.6%", "分别为任务的116%、116%、
    100%" in order to the quantities before); a share of project counts ("占比60%") -> nothing; a progress rate
    ("完成率260%", "开工率74.0%") of the one eligible figure before it; a parenthesised percent right after a
    count ("已完成8个(53%)"); otherwise a figure of its own (a rate such as 合格率96.79% or 增长8%).

    `sentence` is text[s_start:s_end]; `breaks` and `target_sentence` as for `role_of`.
    """
    if "%" not in sentence:  # no percent: the figures of the slots, in order
        return [s.figure for s in slots if s.figure is not None]
    percents = percents_in(text, s_start, s_end)
    events: list[tuple[int, str, object]] = [(s.q.start, "q", s) for s in slots]
    events += [(p.start(), "p", p) for p in percents]
    events.sort(key=_FIRST)
    ordered: list[tuple[int, Figure]] = []
    pending: list[Slot] = []
    since_pct: list[Slot] = []
    consumed: set[int] = set()
    for pos, kind, obj in events:
        if kind == "q":
            slot = obj
            if slot.role != "target" or slot.q.in_quote is False:
                pending.append(slot)
            if slot.figure is not None:
                ordered.append((pos, slot.figure))
                since_pct.append(slot)
            elif slot.role == "drop":
                since_pct.append(slot)
            continue
        p = obj
        if pos in consumed or target_sentence and TARGET_SENTENCE.search(text, s_start, pos):
            continue
        if any(s.q.start <= pos < s.q.end for s in slots):
            continue
        clause = clause_start(breaks, s_start, pos)
        lead = text[clause:pos]
        group = _percent_group(text, p, percents, s_end)
        for g in group:
            consumed.add(g.start())
        basis = PLAN_BASIS.search(text, clause, pos) if _PLAN_WORD.search(text, clause, pos) else None
        if basis and not SHARE_WORDS.search(lead):
            # A quantity between 占 and 的 is the plan itself ("占…计划投资31.20亿元的141.03%").
            inner = [s for s in slots if clause <= s.q.start < pos and "占" in text[clause:s.q.start]]
            for s in inner:
                ordered = [(a, f) for a, f in ordered if f is not s.figure]
                s.role, s.figure = "target", None
            holders = [s for s in pending if s not in inner and s.role != "target"]
            if holders:
                targets = holders[-len(group):] if len(group) <= len(holders) else holders
                pcts = group[-len(targets):] if len(group) > len(targets) else group
                for slot, pct in zip(targets, pcts):
                    if slot.figure is not None and slot.figure.unit not in ("%",):
                        set_pct(slot.figure, pct, basis.group("basis").strip())
                    if inner and slot.figure is not None:
                        value = positive_value(inner[0].q)
                        if value is not None:
                            slot.targets.append(Target("", value, inner[0].q.unit))
                pending, since_pct = [], []
                continue
            # A plan share with no figure before it is a figure of its own ("完成阶段目标任务的100%").
            for pct in group:
                fig = _percent_figure(text, s_start, s_end, pct, item, base_index + len(ordered), breaks, sentence)
                if fig is not None:
                    fig.pct_basis = None
                    fig.kind = "progress"
                    fig.label = strip_trailing_noise(strip_leading_noise(text[clause:pct.start()])).strip("的")
                    ordered.append((pct.start(), fig))
            pending, since_pct = [], []
            continue
        if SHARE_WORDS.search(lead):
            pending, since_pct = [], []
            continue
        # Every rate word ends in 率 or 进度: two memchr-speed tests spare the pattern's scan of most percents.
        rate = PROGRESS_RATE.search(lead) if len(group) == 1 and ("率" in lead or "进度" in lead) else None
        if rate and not rate.group("rate").startswith(V.WHOLE_RATE) and \
                not rate.group("rate").endswith(V.OWN_PROGRESS):
            eligible = [s for s in since_pct if s.role == "drop" or (
                s.figure is not None and s.figure.pct_of_plan is None and s.figure.unit not in ("%", "个百分点")
                and not _PER_CAPITA.search(s.label))]
            if len(eligible) == 1:
                if eligible[0].figure is not None:
                    word = rate.group("rate")
                    set_pct(eligible[0].figure, p, None if word == "完成率" else word)
                pending, since_pct = [], []
                continue
        paren = _OPEN_PAREN.fullmatch(text[max(s_start, pos - 1):pos])
        if paren and since_pct and text[since_pct[-1].q.end:pos].strip() == "(":
            slot = since_pct[-1]
            if slot.figure is not None and slot.figure.pct_of_plan is None:
                set_pct(slot.figure, p, None)
            pending, since_pct = [], []
            continue
        lead_label = ""
        for pct in group:
            fig = _percent_figure(text, s_start, s_end, pct, item, base_index + len(ordered), breaks, sentence)
            if fig is not None:
                # "开工率分别为35.29%、39.73%": a percent listed after the first has no words of its own; it shares
                # the words that lead the list.
                fig.label = fig.label or lead_label
                lead_label = lead_label or fig.label
                ordered.append((pct.start(), fig))
        pending, since_pct = [], []
    return [f for _, f in sorted(ordered, key=_FIRST)]


_FIRST = operator.itemgetter(0)
_START = operator.attrgetter("start")



def _percent_figure(text: str, s_start: int, s_end: int, pct: re.Match, item: Item | None,
                    index: int, breaks: list[int], sentence: str) -> Figure | None:
    q = Quantity(pct.start(), pct.end(), pct.group("num"), "%", None)
    clause = clause_start(breaks, s_start, pct.start())
    return make_figure(q, item, index, sentence, s_start, label_of(text, clause, q, s_end))



def _percent_group(text: str, first: re.Match, percents: list[re.Match], limit: int) -> list[re.Match]:
    group = [first]
    for p in percents:
        if p.start() <= group[-1].start():
            continue
        if p.start() < limit and PERCENT_JOINERS.match(text[group[-1].end():p.start()]):
            group.append(p)
        else:
            break
    return group


