"""Quantity roles: what a quantity of a sentence is: a figure, a stated target, the whole of the next quantity,
or dropped (programme and status counts, scope counts, project counts).

Input: the text, a quantity, its sentence and clause starts and its neighbours. Output: a role word.
"""

from __future__ import annotations

import re

from transforms.extract import vocabulary as V
from transforms.extract.clauses import CLAUSE_BREAK, clause_end
from transforms.extract.quantities import Quantity, base_unit_of
from transforms.numbers import units_compatible

STATUS_WORDS = re.compile(V.STATUS_WORDS.pattern())
"""Words of a status count over programme items ("已提前完成16项", "推进缓慢的有3项", "5个项目已提前完成全年目标")."""
PROGRAMME_NOUN = re.compile(rf"^(?:重点)?(?:民生)?(?:{V.PROGRAMME_NOUNS.pattern()})")
SCOPE_NOUN = re.compile(rf"^(?:{V.SCOPE_PREFIXES.pattern()})?(?:{V.SCOPE_NOUNS.pattern()})(?!级)")
"""Counts of administrative units ("5个代管县", "14个试点区县", "全省14个市州") describe scope, not work; a count of
county-level things ("322个县级饮用水水源地") is work."""
PLAN_LABEL = re.compile(V.PLAN_LABELS.pattern())
TARGET_SENTENCE = re.compile(rf"(?:{V.TARGET_WORDS.pattern()})(?:为|是)[::]?")
"""A sentence that states the plan ("目标任务为:开工改造小区1500个,投资完成率达到50%及以上"): its quantities
are targets and its percents are thresholds, not progress."""

_LISTING_WORDS = re.compile(V.LISTING_WORDS.pattern())
_NOT_STARTED = re.compile(V.NOT_STARTED.pattern())
_COUNT_LEAD = re.compile(rf"(?:{V.COUNT_LEADS.pattern()})$|安排.*$")
_ACTUAL_WORDS = re.compile(V.ACTUAL_WORDS.pattern())
_DONE_WORDS = re.compile(V.DONE_WORDS.pattern())
_JOIN_WORDS = re.compile(V.JOIN_WORDS.pattern())
_PROJECTS_NOUN = re.compile(r"[\u4e00-\u9fff、]{0,8}项目")
_PER_CAPITA = re.compile(V.PER_CAPITA.pattern())

def role_of(text: str, s_start: int, clause: int, q: Quantity, quantities: list[Quantity], k: int,
          target_sentence: bool) -> str:
    """What a quantity of a sentence is: "figure", "target" (a stated plan value), "whole" (a target that the clause
    binds to the next quantity, `_whole_of_next`) or "drop".

    - counts of works not yet started ("尚未开工的项目37项", "94个未开工") -> drop (corpus README);
    - programme and status counts over the programme's own items ("12件36项", "30项民生实事",
      "已提前完成16项", "5个项目已提前完成全年目标") and counts of administrative units ("14个试点区县") -> drop;
    - a quantity inside a quoted project name ("完成城镇新增就业70万人") or named as plan
      ("年度计划投资2.47亿元", "下达投资计划10955万元") -> target; a total investment ("总投资3.82亿元") -> drop;
    - "15个农村幸福院建设已完成8个": a count followed in the same clause by a completion verb and a second
      quantity of the same kind -> whole, the target of that quantity;
    - a count of projects that are the subject of another amount ("197个市级重点项目完成投资660亿元") -> drop.

    `clause`: start of the quantity's clause (`clause_start`); `target_sentence`: False when `TARGET_SENTENCE`
    does not occur in the sentence at all (then no part of it needs searching).
    """
    before = text[clause:q.start]
    after = text[q.end:q.end + 12]
    base_unit = base_unit_of(q.unit)
    nxt = quantities[k + 1] if k + 1 < len(quantities) else None
    adjacent_next = nxt is not None and nxt.start - q.end <= 1
    prev = quantities[k - 1] if k > 0 else None
    adjacent_prev = prev is not None and q.start - prev.end <= 1
    if base_unit in ("件", "项", "类", "个") and (
            (adjacent_next and base_unit_of(nxt.unit) in ("件", "项", "个"))
            or (adjacent_prev and base_unit_of(prev.unit) in ("件", "项", "类"))):
        return "drop"  # 12件36项, 12类45件53个事项
    if base_unit in ("件", "项", "个", "处", "座", "所") and (
            _NOT_STARTED.search(before) or _NOT_STARTED.search(text, q.end, clause_end(text, q.end))):
        return "drop"  # 尚未开工的项目37项, 94个未开工
    if base_unit in ("件", "项", "个", "类") and PROGRAMME_NOUN.match(after):
        rest = text[q.end:clause_end(text, q.end)]
        if base_unit != "个" or STATUS_WORDS.search(rest) or _LISTING_WORDS.search(before + rest[:8]):
            if "开工" not in rest and "开复工" not in rest:
                return "drop"
    if base_unit in ("件", "项") and (STATUS_WORDS.search(before) or STATUS_WORDS.match(after.lstrip("已经"))
                                      or _COUNT_LEAD.search(before)):
        if "开工" not in before:
            return "drop"
    if base_unit in ("个", "件", "项") and before.endswith(("实事", "事项")) and STATUS_WORDS.search(after):
        return "drop"
    if base_unit == "个" and SCOPE_NOUN.match(after):
        return "drop"
    if q.in_quote or target_sentence and TARGET_SENTENCE.search(text, s_start, q.start):
        return "target"
    label_zone = before
    if label_zone.endswith("总投资") and not PLAN_LABEL.search(label_zone):
        return "drop"
    if PLAN_LABEL.search(label_zone) and not _ACTUAL_WORDS.search(label_zone):
        return "target"
    if nxt is not None and base_unit != "%":
        if _whole_of_next(text, q, nxt):
            return "whole"
        between = text[q.end:nxt.start]
        projects = _PROJECTS_NOUN.match(between) if base_unit in ("个", "项") else None
        if projects and not CLAUSE_BREAK.search(between, projects.end()) and not units_compatible(q.unit, nxt.unit):
            return "drop"  # 197个市级重点项目完成投资660亿元; 283个省、市重点项目完成投资606.98亿元
    return "figure"


def _whole_of_next(text: str, q: Quantity, nxt: Quantity) -> bool:
    """"15个农村幸福院建设已完成8个": a quantity followed in the same clause by a completion verb and a quantity of a
    compatible unit, with no joining word between them, is the whole (the plan) of that next quantity."""
    between = text[q.end:nxt.start]
    return (not CLAUSE_BREAK.search(between) and units_compatible(q.unit, nxt.unit)
            and _DONE_WORDS.search(between) is not None and not _JOIN_WORDS.search(between))


