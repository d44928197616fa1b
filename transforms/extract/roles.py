"""Quantity roles: what a quantity of a sentence is: a figure, a stated target, the whole of the next quantity,
or dropped (programme and status counts, scope counts, project counts).

Input: the text, a quantity, its sentence and clause starts and its neighbours. Output: a role word.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from transforms.extract import vocabulary as V
from transforms.extract.clauses import CLAUSE_BREAK, clause_end
from transforms.extract.quantities import HAN, Quantity, base_unit_of, garbled_amount, positive_value
from transforms.extract.rules import Rule, unmet
from transforms.numbers import to_base, units_compatible

STATUS_WORDS = re.compile(V.STATUS_WORDS.pattern())
"""Words of a status count over programme items ("已提前完成16项", "推进缓慢的有3项", "5个项目已提前完成全年目标")."""
PROGRAMME_NOUN = re.compile(rf"^(?:重点)?(?:(?:{V.PROGRAMME_PREFIXES.pattern()})(?:实事|工程)|(?:民生)?(?:{V.PROGRAMME_NOUNS.pattern()}))")
"""The programme's own items after a count: "30项民生实事", "12项重点民生工程", "10件为民办实事项目", "12件惠民实事"."""
SCOPE_NOUN = re.compile(rf"^(?:{V.SCOPE_PREFIXES.pattern()})?(?:{V.SCOPE_NOUNS.pattern()})(?!级|{V.FACILITIES_OF_A_SCOPE.pattern()})")
"""Counts of administrative units ("5个代管县", "14个试点区县", "全省14个市州") describe scope, not work."""
PLAN_LABEL = re.compile(V.PLAN_LABELS.pattern())
TARGET_SENTENCE = re.compile(rf"(?:{V.TARGET_WORDS.pattern()})(?:为|是)[::]?")
"""A sentence that states the plan ("目标任务为:开工改造小区1500个,投资完成率达到50%及以上"): its quantities
are targets and its percents are thresholds, not progress."""

_LISTING_WORDS = re.compile(V.LISTING_WORDS.pattern())
_COUNT_LEAD = re.compile(rf"(?:{V.COUNT_LEADS.pattern()})$|安排.*$")
_ACTUAL_WORDS = re.compile(V.ACTUAL_WORDS.pattern())
_COMPARED = re.compile(rf"(?:{V.COMPARISON_WORDS.pattern()}|超)(?:于|了)?(?:年度|全年|年|预期|省定|市定|省下达|上级下达)?(?:控制)?$")  # 超年度计划18.6个百分点: a gap
_COMPARED_WITH = re.compile(r"(?:较|比)(?:年度|全年|年初|今年|原)?(?:控制)?$")
_DONE_WORDS = re.compile(V.DONE_WORDS.pattern())
_JOIN_WORDS = re.compile(V.JOIN_WORDS.pattern())
_PROJECTS_NOUN = re.compile(r"[\u4e00-\u9fff、]{0,8}项目")
_ITEM_NOUNS = V.ITEM_NOUNS.words

class Role(StrEnum):
    """What a quantity of a sentence is."""

    FIGURE = "figure"
    """A reported figure."""
    TARGET = "target"
    """A stated plan value (attached to a figure by `targets`)."""
    WHOLE = "whole"
    """A target that the clause binds to the next quantity ("15个…已完成8个")."""
    DROP = "drop"
    """Neither: a count over the programme's own items, a scope, a total investment, a project count."""


_FIGURE, _TARGET, _WHOLE, _DROP = Role.FIGURE, Role.TARGET, Role.WHOLE, Role.DROP  # enum attribute access costs ~90 ns


class QuantityAt(NamedTuple):
    """A quantity of a sentence with what the role rules look at (built once per quantity by `role_of`)."""

    text: str
    q: Quantity
    before: str
    """The words of its clause before it."""
    after: str
    """The 12 characters after it."""
    base_unit: str
    nxt: Quantity | None
    prev: Quantity | None
    target_from: int | None
    """The sentence's start when `TARGET_SENTENCE` occurs in the sentence, else None."""


_COUNT_UNITS = ("件", "项", "类", "个")
_new = tuple.__new__
"""`QuantityAt(*fields)` at half the cost (NamedTuple's own __new__ is a Python function; once per quantity)."""
_START_WORDS = V.START_WORDS.words
_STARTED = _START_WORDS[0]  # 开工, which 开复工 does not hold: the test is for 开工 only
_TOTAL_INVESTMENT = V.TOTAL_INVESTMENT
_WORKS_UNITS = ("件", "项", "个", "处", "座", "所", "套", "户", "栋", "间", "条")
_NOT_STARTED = re.compile(V.NOT_STARTED.pattern())


def _not_started_count(at: QuantityAt) -> Role | None:
    if at.base_unit in _WORKS_UNITS and (_NOT_STARTED.search(at.before) or _NOT_STARTED.search(
            at.text, at.q.end, clause_end(at.text, at.q.end))):
        return _DROP
    if at.base_unit in _WORKS_UNITS and at.before.startswith("其中") and at.prev is not None \
            and _NOT_STARTED.search(at.text, at.prev.end, at.q.start - len(at.before)):
        return _DROP  # "仍有28个项目未开工,其中因用地手续未办结的12个": a part of the works not started
    return None


_PAIR_JOINS = frozenset(("", "、", " ", "方面", "个方面", "领域"))
"""What joins the two counts of a programme's size: "12件36项", "10个方面28项"."""
"""What may stand between the two counts of a programme's size ("12件36项", "12件、36项"); a clause break
("在建103个,94个未开工") separates two figures."""


def _programme_count_pair(at: QuantityAt) -> Role | None:
    # Two counts in one unit ("分别新增停车位2000个、1500个") are a list of figures, not the programme's size.
    adjacent_next = at.nxt is not None and at.text[at.q.end:at.nxt.start] in _PAIR_JOINS \
        and base_unit_of(at.nxt.unit) != at.base_unit
    adjacent_prev = at.prev is not None and at.text[at.prev.end:at.q.start] in _PAIR_JOINS \
        and base_unit_of(at.prev.unit) != at.base_unit
    if at.base_unit in _COUNT_UNITS and (
            (adjacent_next and base_unit_of(at.nxt.unit) in ("件", "项", "个"))
            or (adjacent_prev and base_unit_of(at.prev.unit) in ("件", "项", "类"))):
        return _DROP
    return None


def _programme_item_count(at: QuantityAt) -> Role | None:
    if at.base_unit in _COUNT_UNITS and PROGRAMME_NOUN.match(at.after):
        rest = at.text[at.q.end:clause_end(at.text, at.q.end)]
        if at.base_unit != "个" or STATUS_WORDS.search(rest) or _LISTING_WORDS.search(at.before + rest[:8]):
            if not any(word in rest for word in _START_WORDS):
                return _DROP
    return None


_PROGRAMME_WHOLE = re.compile(rf"(?:重点)?(?:民生)?(?:{V.PROGRAMME_ITEM_NOUNS.pattern()})[\u4e00-\u9fff]{{0,4}}中")


_ITEMS_OUT_OF = re.compile(r"(?:项|件)?中[,,]?(?:有|已有|已|共)")


def _status_of_programme_items(at: QuantityAt) -> Role | None:
    if at.base_unit in ("项", "件") and _ITEMS_OUT_OF.match(at.after) and at.nxt is not None \
            and base_unit_of(at.nxt.unit) == at.base_unit:
        return _DROP  # "32项中有30项达到序时进度": the programme's items a status count is taken of
    prev = at.prev
    if prev is None or base_unit_of(prev.unit) != at.base_unit or at.base_unit not in _COUNT_UNITS:
        return None
    return _DROP if _PROGRAMME_WHOLE.match(at.text, prev.end) else None


_ITEM_LEAD = re.compile(r"^(?:任务|指标|事项|实事)?(?:已经|已)?")


def _status_count(at: QuantityAt) -> Role | None:
    before = at.before
    if at.base_unit in ("件", "项") and (STATUS_WORDS.search(before) or STATUS_WORDS.match(_ITEM_LEAD.sub("", at.after))
                                         or _COUNT_LEAD.search(before)):
        if _STARTED not in before:
            return _DROP
    if at.base_unit == "个" and (before.endswith("项目有") or before.endswith("的")) and STATUS_WORDS.search(before):
        return _DROP  # "投入达到序时进度的项目有188个", "已完成全年目标的14个": how many projects are on schedule
    if at.base_unit in ("个", "件", "项") and (_STATUS_LIGHT.search(before) or _STATUS_LIGHT.match(at.after)):
        return _DROP  # "绿灯项目8个,黄灯项目2个": the programme's projects by the colour of their progress
    return None


_STATUS_LIGHT = re.compile(r"(?:绿灯|黄灯|红灯|蓝灯)(?:项目|事项|实事)?$|^(?:绿灯|黄灯|红灯|蓝灯)")


def _programme_status_count(at: QuantityAt) -> Role | None:
    if at.base_unit in ("个", "件", "项") and at.before.endswith(_ITEM_NOUNS) and STATUS_WORDS.search(at.after):
        return _DROP
    return None


PROGRAMME_BEFORE = re.compile(r"(?:实事|实事项目|实事工程)(?:共|共计|合计|总计)?$")
"""The programme's name right before a count of its items ("市级民生实事20项", "十大重点民生实事项目共36项")."""
_AFTER_THRESHOLD = re.compile(r"\d\s*%\s*(?:(?:以上|以下|之间)的?|的)[\u4e00-\u9fff]{0,4}?有$")


_THRESHOLD_LATER = re.compile(r"\d\s*%\s*(?:(?:以上|以下|之间)的?|的)[\u4e00-\u9fff]{0,4}?有\d")
_PROJECTS_OUT_OF = re.compile(r"^(?:重点)?(?:民生)?(?:实事)?项目中")


_PASSED_THRESHOLD = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:超过|高于|低于|达到|不足)[^,;。\d]{0,10}?\d+(?:\.\d+)?\s*%")


def _threshold_count(at: QuantityAt) -> Role | None:
    # "%" ends a clause (`CLAUSE_BREAK`): the threshold is looked for in the 20 characters before the count.
    if at.base_unit not in _COUNT_UNITS:
        return None
    if at.before.endswith("有") and _AFTER_THRESHOLD.search(at.text, max(0, at.q.start - 20), at.q.start):
        return _DROP
    # "其中7项完成进度超过年度计划的60%": how many items passed a threshold, a summary count
    if at.base_unit in ("项", "件") and _PASSED_THRESHOLD.match(at.text, at.q.end):
        return _DROP
    # "纳入考核的42个项目中,进度超过75%的有30个": the projects a threshold count is taken of, a summary too.
    if _PROJECTS_OUT_OF.match(at.after) and _THRESHOLD_LATER.search(at.text, at.q.end, at.q.end + 60):
        return _DROP
    return None


def _programme_category_count(at: QuantityAt) -> Role | None:
    # "市级民生实事20项,其中教育类5项": the programme's items and its categories of items are its size.
    if at.base_unit in ("件", "项") and (at.before.endswith("类") or PROGRAMME_BEFORE.search(at.before)):
        return _DROP
    # "带★项目为省民生实事,共5项": the programme's items counted after the clause that names them
    if at.base_unit in ("件", "项") and at.before in ("共", "共计", "合计", "总计") \
            and _ITEMS_NAMED_BEFORE.search(at.text, max(0, at.q.start - len(at.before) - 16), at.q.start - len(at.before)):
        return _DROP
    return None


_ITEMS_NAMED_BEFORE = re.compile(rf"(?:{V.PROGRAMME_ITEM_NOUNS.pattern()})[,,]$")


def _scope_count(at: QuantityAt) -> Role | None:
    return _DROP if at.base_unit in ("个", "家") and SCOPE_NOUN.match(at.after) else None


_MEETING = re.compile(V.MEETING_WORDS.pattern())


def _meeting_count(at: QuantityAt) -> Role | None:
    # "召开推进会5次", "市委常委会3次专题研究": how often the programme was steered, not work done.
    if _MEETING.search(at.before[-12:]) or _MEETING.match(at.after):
        return _DROP
    return None


_DURATION_AFTER = re.compile(r"\s*(?:月|工作日|小时|星期|季度)")
_ATTENDANCE_WORDS = ("应到", "实到", "出席", "列席", "缺席")
_ATTENDANCE = re.compile(rf"(?:{'|'.join(_ATTENDANCE_WORDS)})[\u4e00-\u9fff]{{0,8}}$")


def _duration(at: QuantityAt) -> Role | None:
    # "已连续2个月亮红灯", "3个月内报告整改情况": a span of time, not a count of things
    return _DROP if _DURATION_AFTER.match(at.after) else None


def _attendance(at: QuantityAt) -> Role | None:
    # "会议应到组成人员35人,实到32人": who attended a meeting, not people served
    return _DROP if _ATTENDANCE.search(at.before) else None


_POINTS_THRESHOLD = re.compile(rf"的(?:{V.THRESHOLD_NOUNS.pattern()})")


def _points_threshold(at: QuantityAt) -> Role | None:
    # "对完成率低于序时进度20个百分点的项目实行挂牌督办": the gap that picks out items, not a figure
    return _DROP if _POINTS_THRESHOLD.match(at.after) else None


_WILL_DO = re.compile(r"(?:将|要)(?:再|继续|进一步)?(?:新建|新增|建设|建成|完成|实施|改造|开工|培训|提供|打造|安排)"
                      r"|(?:建成|投用|完工|竣工|投入使用)后(?:可|将|能)")
"""Work to be done: 将 or 要 and a verb of work ("将新建", an official's "今年我们要完成1500张"), or what a work gives
once built ("建成后可新增学位1800个")."""


def _will_do(at: QuantityAt) -> Role | None:
    # "今年,我区将新建社区养老服务综合体6个": work to be done, the plan, not work done
    if ("将" in at.before or "后" in at.before or "要" in at.before) and _WILL_DO.search(at.before) \
            and not DONE_MARK.search(at.before):
        return _TARGET
    return None


def _aim(at: QuantityAt) -> Role | None:
    # "力争年底前新增学位6300个", "确保全年完成投资106亿元以上": an aim, neither work done nor the year's plan
    if "前" in at.before and _DEADLINE_AIM.match(at.before) and not DONE_MARK.search(at.before):
        return _DROP  # "10月底前完成剩余120户改造": a goal by a deadline
    return _DROP if ("力争" in at.before or "确保" in at.before) and _AIM.search(at.before) else None


_AIM = re.compile(r"(?:力争|确保)(?!.*(?:已|累计|实际))")
DEADLINE = (r"\s*(?:[一二三四五六七八九十]是)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:底|末|份|上旬|中旬|下旬|\d{1,2}日)?"
            r"(?:前|之前)[^,;。]*?")
"""A clause's opening deadline to come ("11月30日前", "二是11月底前"), before what is due by it."""
_DEADLINE_AIM = re.compile(DEADLINE + "(?:完成|实现|全部|基本|建成|开工)")
"""A clause that opens with a deadline to come and the work due by it: a goal, not a figure."""


def _next_steps(at: QuantityAt) -> Role | None:
    # "下一步,将加快进度,预计全年城镇新增就业将突破9000人": what is to come, neither work done nor its plan.
    text, start = at.text, at.q.start
    if text.find("下", max(0, start - _NEXT_STEP_SPAN), start) < 0:
        return None  # no 下 close before it (memchr speed: most quantities)
    opening = max(text.rfind("。", 0, start), text.rfind("\n", 0, start)) + 1
    return _DROP if text.startswith(_NEXT_STEP_LEADS, opening) else None


def _next_year(at: QuantityAt) -> Role | None:
    # "明年将新建改造农村公路150公里": the next programme's plans, in a year-end report
    text, start = at.text, at.q.start
    opening = max(text.rfind("。", 0, start), text.rfind("\n", 0, start), text.rfind(";", 0, start)) + 1
    if text[opening:opening + 1] not in _NEXT_YEAR_FIRST:
        return None  # the sentence opens with none of the leads' first characters (most sentences)
    return _DROP if _NEXT_YEAR.match(text, opening) else None


_NEXT_YEAR = re.compile(rf"\s*(?:{V.NEXT_YEAR_LEADS.pattern()})")
_NEXT_YEAR_FIRST = frozenset(word[0] for word in V.NEXT_YEAR_LEADS.words) | frozenset(" \t\u3000")
_NEXT_STEP_SPAN = 400
"""How far back (characters) a sentence's 下一步 may stand before its amount: a long sentence."""


_NEXT_STEP_LEADS = V.NEXT_STEP_LEADS.words


_SIZE_BOUND = re.compile(r"^(?:及)?(?:以上|以下)的?[\u4e00-\u9fff]")
"""An amount with 以上/以下 that qualifies the noun after it ("30户以上自然村", "10千伏及以下线路"); a scanned
quantity holds a trailing 以上 (`QUALIFIER_AFTER_UNIT`), so then only a noun follows it."""
_HAN_NEXT = re.compile(r"^的?[\u4e00-\u9fff]")


def _size_class(at: QuantityAt) -> Role | None:
    nxt = at.nxt
    if nxt is None or "以" not in at.text[at.q.end - 2:at.q.end + 3]:  # memchr-speed test first
        return None
    bounded = at.text.endswith("以上", 0, at.q.end) and _HAN_NEXT.match(at.after) or _SIZE_BOUND.match(at.after)
    if not bounded or CLAUSE_BREAK.search(at.text, at.q.end, nxt.start):
        return None
    # "5000万元以上项目完成投资12.3亿元": a class of projects by size, even in the unit of the amount after it
    if units_compatible(at.q.unit, nxt.unit) and not _SIZED_GROUP.match(at.text, at.q.end, nxt.start):
        return None
    return _DROP


_SIZED_GROUP = re.compile(r"(?:(?:及)?(?:以上|以下)的?)?(?:重点|重大)?(?:项目|工程|企业|单位)")


def _cut_number(at: QuantityAt) -> Role | None:
    # "完成投资1 2.5亿元": a digit then a space right before the number; 2.5 is not what the source says.
    before = at.before
    return _DROP if len(before) >= 2 and before[-1] == " " and before[-2].isdigit() else None


_FROM_LEVEL = re.compile(r"由(?:每人每[年月天]|每户每[年月]|人均|每月|每年)?$")
_RAISED_TO = re.compile(r"^(?:提高|增加|提升|调整|上调|增)(?:到|至|为)")


def _previous_level(at: QuantityAt) -> Role | None:
    # "低保标准由每人每月700元提高到750元": the level before the change, not the level reached.
    if _FROM_LEVEL.search(at.before) and _RAISED_TO.match(at.after) and at.nxt is not None \
            and units_compatible(at.q.unit, at.nxt.unit):
        return _DROP
    return None


def _quoted_project_name(at: QuantityAt) -> Role | None:
    return _TARGET if at.q.in_quote else None


def _target_sentence(at: QuantityAt) -> Role | None:
    # A later clause that reports work done ("年度任务为新建公园6个,目前已新建5个") is progress, not plan.
    if at.target_from is None:
        return None
    stated = TARGET_SENTENCE.search(at.text, at.target_from, at.q.start)
    if stated is None or _ACTUAL_MARKS.search(at.before):
        return None
    prev = at.prev
    if prev is not None and prev.start >= stated.end() and CLAUSE_BREAK.search(at.text, prev.end, at.q.start):
        # After the target, a clause that reports ("…目标为4.5万人,截至10月底,全市城镇新增就业4.72万人") or names
        # the target's measure again ("城镇新增就业目标为4.5万人,全市城镇新增就业3.72万人"): the work done.
        between = at.text[prev.end:at.q.start]
        measure = at.text[max(at.target_from, stated.start() - 12):stated.start()]
        if _ACTUAL_MARKS.search(between) or _shares_words(measure, at.before, 4):
            return None
    return _TARGET


def _shares_words(a: str, b: str, n: int) -> bool:
    """True when `a` and `b` share a run of `n` characters."""
    return any(a[k:k + n] in b for k in range(len(a) - n + 1))


def _total_investment(at: QuantityAt) -> Role | None:
    if not at.before.endswith(_TOTAL_INVESTMENT):
        return None
    if not PLAN_LABEL.search(at.before):
        return _DROP
    if _PLANNED_TOTAL_INVESTMENT.search(at.before) and _YEAR_PLAN_AFTER.match(
            at.text, at.q.end, clause_end(at.text, clause_end(at.text, at.q.end) + 1)):
        return _DROP  # "项目计划总投资12亿元,今年计划投资5亿元": the year's plan is the target
    return None


_PLANNED_TOTAL_INVESTMENT = re.compile(r"(?<![年度全今内本])计划总投资$")
"""A project's planned total investment over all its years ("项目计划总投资12亿元"), unlike a year's plan (年度计划总投资).
Corpus README: a descriptor when the year's plan is stated too; alone it may be the base of a share (占计划总投资的31%)."""
_YEAR_PLAN_AFTER = re.compile(r"[,;]\s*(?:其中)?(?:今年|年度|年内|本年|当年|全年)(?:计划|安排)(?:完成)?投资")


def _size_in_a_name(at: QuantityAt) -> Role | None:
    # "年产30万吨新型建材项目", "日处理2万吨的城东污水处理厂", "投资3.2亿元的县第二水厂项目": the size of the project the
    # words after it name, not work done (corpus README: a quantity inside a project's name).
    before = at.before
    if not _SIZE_CHAR.search(before):
        return None  # most quantities have none of the words (speed only)
    capacity = _CAPACITY_LEAD.search(before)
    if capacity is not None and (at.after[:1] == "的" or HAN.match(at.after)):
        return _DROP
    if at.after[:1] == "的" and _INVESTMENT_LEAD.search(before) and _NAME_AFTER.match(at.after):
        return _DROP
    if _DESIGN_SIZE.search(before):
        return _DROP  # "设计日处理规模10万吨", "该项目规划床位1500张": the size the project is designed for
    return None


_SIZE_CHAR = re.compile("[产处供吞装资设规]")
"""A character each capacity, investment or design word holds (年产, 日处理, 投资, 设计, 规划)."""


_DESIGN_SIZE = re.compile(r"设计[\u4e00-\u9fff]{0,8}?(?:规模|能力|容量|面积|床位|长度)$|规划(?:床位|面积|建筑面积|用地面积)$")


_CAPACITY_LEAD = re.compile(rf"(?:{V.CAPACITY_WORDS.pattern()})$")
_INVESTMENT_LEAD = re.compile(r"(?<![完成累计已])投资$")
_NAME_AFTER = re.compile(r"的[\u4e00-\u9fff]{2,20}?(?:项目|工程|厂|站|中心|医院|学校|馆)")


TARGET_AFTER = re.compile(r"的(?:年度|全年|年)?(?:目标任务|目标|任务)|(?:年度|全年)(?:目标任务|目标|任务)")
"""Words after an amount that name it the plan: "超额完成1.9万名的年度目标任务" (not "完成5项任务": a count of
tasks)."""


def _target_named_after(at: QuantityAt) -> Role | None:
    return _TARGET if at.base_unit != "%" and TARGET_AFTER.match(at.after) else None


def _task_surpassed(at: QuantityAt) -> Role | None:
    # "新增养老床位2300张,超额完成年度任务2000张": the task surpassed, written after 超额完成 and its plan word
    return _TARGET if at.before.endswith(_TASK_ENDINGS) and _TASK_SURPASSED.search(at.before) else None


def _plan_before_actual(at: QuantityAt) -> Role | None:
    # "改造提升村卫生室40个,实际改造46个": an amount the next clause's 实际 contrasts with is the plan of that amount
    nxt = at.nxt
    if nxt is None or "实际" not in at.text[at.q.end:nxt.start] or not units_compatible(at.q.unit, nxt.unit):
        return None
    if _ACTUAL_AFTER_PLAN.fullmatch(at.text, at.q.end, nxt.start) and not _ACTUAL_MARKS.search(at.before):
        return _WHOLE
    return None


_ACTUAL_AFTER_PLAN = re.compile(r"\s*[,;]\s*(?:但|而)?实际(?:上)?[\u4e00-\u9fff]{0,6}?")
"""A clause right after an amount that opens with 实际 and holds only its verb before the next amount."""


def _plan_of_a_garbled_amount(at: QuantityAt) -> Role | None:
    # "新建城市停车泊位2000个,已建成l680个": the plan of an amount the copy garbled (read as no number), not a figure
    end = at.nxt.start if at.nxt is not None else min(len(at.text), at.q.end + _GARBLED_WINDOW)
    garbled = garbled_amount(at.text, at.q.end, end)
    if garbled is None or _SENTENCE_STOP.search(at.text, at.q.end, garbled.start()):
        return None
    return _DROP if CLAUSE_BREAK.search(at.text, at.q.end, garbled.start()) else None


_GARBLED_WINDOW = 40
"""How far after a quantity (characters) its garbled counterpart is looked for when no quantity follows."""
_SENTENCE_STOP = re.compile(r"[。;!?\n]")


def _commitment_made(at: QuantityAt) -> Role | None:
    # "今年确定新增养老床位2000张,截至6月底已新增1350张": the year's commitment, decided at its start
    return _TARGET if "确定" in at.before and _COMMITMENT_MADE.match(at.before) and not _DIGIT.search(at.before) \
        and not _PROGRAMME_NAMED_AFTER.match(at.after) else None


_DIGIT = re.compile(r"\d")


_COMMITMENT_MADE = re.compile(r"(?:今年|年初|年度|全年|本年)(?:[市县区州省]委)?(?:[市县区州省]?政府)?确定(?!了)")
"""A commitment made for the year (今年确定新增…, 年初确定的…)."""
_PROGRAMME_NAMED_AFTER = re.compile(r"[^,;。\d]{0,8}?(?:实事|事项)")
"""Not the count of the programme's projects (今年确定12件民生实事: a summary, read by the document rules)."""


_TASK_SURPASSED = re.compile(r"超额完成了?(?:年度|全年|今年|年)?(?:目标)?任务(?:数)?$")
_TASK_ENDINGS = ("任务", "任务数")


_PROGRAMME_LIST = re.compile(
    rf"(?:(?:{V.PROGRAMME_ITEM_NOUNS.pattern()})[^,;:。]{{0,6}}?(?:{V.PROGRAMME_LIST_LEADS.pattern()})|"
    rf"(?:承诺|确定了?|确定的)[^,;:。]{{0,12}}?(?:实事|事项|项目))[::][^。!?\n]*$")
"""The programme's list of projects before the quantity, in its sentence: "10项民生实事项目分别是:…新建公园10个"."""
_LIST_WINDOW = 120


def _programme_list(at: QuantityAt) -> Role | None:
    if at.text.find(":", max(0, at.q.start - _LIST_WINDOW), at.q.start) < 0 or _ACTUAL_WORDS.search(at.before):
        return None
    return _TARGET if _PROGRAMME_LIST.search(at.text, max(0, at.q.start - _LIST_WINDOW), at.q.start) else None


_BRACKETED_PLAN = re.compile(rf"(?:{V.PLAN_LABELS.pattern()})\($")


def _bracketed_plan(at: QuantityAt) -> Role | None:
    # "超额完成年度目标(3000个)": an amount in brackets right after a plan word is the plan.
    # "(" opens a clause (`CLAUSE_BREAK`): the words before the bracket are looked for in the text before it.
    if at.base_unit != "%" and at.after.startswith(")") \
            and _BRACKETED_PLAN.search(at.text, max(0, at.q.start - 12), at.q.start):
        return _TARGET
    return None


_SEVERAL_YEARS = re.compile(r"十[三四五六]五|[两二三四五]年(?:行动)?(?:计划|目标|任务|规划)|20\d\d\s*[-—~至到]\s*20\d\d年|"
                            r"到20\d\d年[底末]?[^,;。]{0,4}累计")
"""A plan over several years: a five-year plan (“十四五”期间), a three-year plan (三年计划, 三年行动目标), years from to
(2021-2023年), a cumulative goal by a year (到2025年累计). No target of the year's progress after it (今年…)."""


_THIS_YEAR = re.compile(r"今年|本年|年内|当年")


def _plan_over_several_years(at: QuantityAt) -> Role | None:
    # "“十四五”期间计划完成病险水库除险加固50座,今年已完成11座": the plan of several years is neither a figure of
    # the year nor the year's target (the bulletin reports the year's work)
    plan = PLAN_LABEL.search(at.before)
    if plan is None or _ACTUAL_WORDS.search(at.before, 0, plan.start()):
        return None
    text, start = at.text, at.q.start
    opening = max(text.rfind("。", 0, start), text.rfind("\n", 0, start), text.rfind(";", 0, start)) + 1
    if not _SEVERAL_YEARS.search(text, opening, start):  # the clause may open after ”
        return None
    # The progress after it is the year's ("今年已新建公厕48座"); a cumulative one ("累计已改造122个,占总计划的40%")
    # is measured against the plan of the years, its target.
    return _DROP if _THIS_YEAR.search(text, at.q.end, _SENTENCE_REST.match(text, at.q.end).end()) else None


def _plan_amount(at: QuantityAt) -> Role | None:
    # An actual word before the plan word makes the amount an actual ("已完成计划投资5亿元"); after it, the plan
    # names what is to be done ("年度计划完成投资235.95亿元").
    # A comparison before the plan words makes the amount a gap ("高于年度目标任务4.89个百分点").
    # So does 较/比 before the plan ("较年度目标高出1.5个百分点", "比计划多完成3个").
    plan = PLAN_LABEL.search(at.before)
    if plan and plan.group() == "下达" and _FUNDS_RELEASED.search(at.before, plan.end()) \
            and not PLAN_LABEL.search(at.before, plan.end()):
        return None  # "下达两癌筛查专项经费420万元": funds released, an amount of work done (下达投资计划 is a plan)
    if plan and not _ACTUAL_WORDS.search(at.before, 0, plan.start()) \
            and not _COMPARED.search(at.before, 0, plan.start()) \
            and not _COMPARED_WITH.search(at.before, 0, plan.start()) \
            and not _plan_of_an_earlier_amount(at):
        return _TARGET
    return None


_DEPENDENT_AFTER = re.compile(rf"、(?:{V.DEPENDENT_AMOUNT_WORDS.pattern()})[\u4e00-\u9fff]{{0,6}}$")


def _dependent_of_a_plan(at: QuantityAt) -> Role | None:
    # "计划改造老旧小区32个、涉及居民4260户,已开工25个": the people the planned works serve are planned too
    prev = at.prev
    if prev is None or not _DEPENDENT_AFTER.fullmatch(at.text, prev.end, at.q.start):
        return None
    opening = max(at.text.rfind(mark, 0, prev.start) for mark in ",;。\n:")
    words = at.text[opening + 1:prev.start]
    plan = PLAN_LABEL.search(words)
    return _TARGET if plan and not _ACTUAL_WORDS.search(words, 0, plan.start()) else None


_FUNDS_RELEASED = re.compile(r"资金|经费|补助|奖补|补贴")


def _plan_of_an_earlier_amount(at: QuantityAt) -> bool:
    """The plan word names an earlier amount of the clause, and the words since it report work done ("列入计划的46个
    老旧小区已开工40个", "计划新建的18个服务站已建成12个": 40 and 12 are done)."""
    prev = at.prev
    start = at.q.start - len(at.before)  # the clause's start
    return prev is not None and prev.start >= start and DONE_MARK.search(at.text, prev.end, at.q.start) is not None


DONE_MARK = re.compile(r"已|累计|实际")
"""Words that report work done since a plan or an aim was named in the same clause ("列入计划的46个…已开工40个")."""


def _key_of_clause(at: QuantityAt) -> str:
    """The key of the key-value pair whose value the quantity's clause is ("年度目标" of "年度目标:新增…1.3万人"), or ""."""
    clause = at.q.start - len(at.before)
    return key_before(at.text, clause - 1) if clause > 0 and at.text[clause - 1] == ":" else ""


def _plan_key(at: QuantityAt) -> Role | None:
    # "年度目标:新增城镇就业1.3万人;完成情况:3562人": the words after a plan key and its colon state the plan
    key = _key_of_clause(at)
    return _TARGET if key and PLAN_KEY.fullmatch(key) else None  # (most quantities have no key: no pattern call)


PLAN_KEY = re.compile(r"(?:年度|全年|今年|明年)?(?:工作)?(?:目标任务|目标|任务|计划|安排|主要目标|预期目标)(?:数)?")
"""A key that names a plan in a key-value pair ("年度目标:", "任务数:")."""
_PERIODS = (*V.QUARTERS.words, "季度", "下半年", "本月", "当月")
_PERIOD_PLAN_KEY = re.compile(rf"(?:{'|'.join(map(re.escape, _PERIODS))})(?:目标任务|目标|任务|计划)(?:数)?")
"""A key that names a period's plan ("一季度目标:")."""


def _heading_before_colon(at: QuantityAt) -> Role | None:
    # "新增城镇就业1.5万人:全市新增城镇就业1.32万人": a line that opens with a commitment and a colon, and reports the
    # same measure after it (an unnumbered item line; numbered ones are read as items' headings)
    if ":" not in at.after[:3] or not HEADS_COLON.match(at.text, at.q.end) or at.nxt is None \
            or not units_compatible(at.q.unit, at.nxt.unit):
        return None
    text, clause = at.text, at.q.start - len(at.before)
    line_start = text.rfind("\n", 0, at.q.start) + 1
    if clause != line_start or _ACTUAL_MARKS.search(at.before) or text.find("\n", at.q.end, at.nxt.start) >= 0:
        return None
    return _TARGET


HEADS_COLON = re.compile(r"(?:以上|以内|左右)?:")
"""What follows a commitment that heads a line-item ("新建充电桩3000个以上:已建成…"): its bound, then the colon."""


def _period_plan_key(at: QuantityAt) -> Role | None:
    # "一季度目标:城镇新增就业4500人": a period's plan; the annual plan is the figures' target (README), and the
    # period's share is read as a metric of its own
    key = _key_of_clause(at)
    return _DROP if key and _PERIOD_PLAN_KEY.fullmatch(key) else None


def _whole_of_next_rule(at: QuantityAt) -> Role | None:
    if at.nxt is not None and at.base_unit != "%" and _whole_of_next(at.text, at.q, at.nxt):
        return _WHOLE
    return None


def _task_of_completed_clause_rule(at: QuantityAt) -> Role | None:
    if at.nxt is not None and at.base_unit != "%" and _task_of_completed_clause(at):
        return _WHOLE
    return None


_SHARE_OF_PLAN_AFTER = re.compile(r"[\u4e00-\u9fff]{0,12}?(?:投资|投入)[^,;。%\d]{0,12}?(?:占|完成)[^,;。%\d]{0,12}?的?\s*\d")


_GROUP_NAME = re.compile(r"项目(?:共|总数为?)?$")
_WORK_IN_GROUP_NAME = re.compile(rf"{DONE_MARK}|{V.ACTUAL_MARKS.pattern()}|开工|竣工|完工|建成|投产|投用|实施|完成|签约|落地|引进|"
                                 r"复工|到位|储备|谋划")
_GROUP_INVESTMENT = re.compile(r"[,，]\s*[\u4e00-\u9fff]{0,8}投资[\u4e00-\u9fff]{0,3}")


def _group_size(at: QuantityAt) -> Role | None:
    # "续建项目118个,计划总投资1238.5亿元": how many projects a group holds, with the group's investment after it;
    # no stage or work word in the group's name (已开工项目20个, 实施项目104个 report work done)
    nxt = at.nxt
    if nxt is None or not nxt.unit.endswith("元") or not _GROUP_NAME.search(at.before) \
            or _WORK_IN_GROUP_NAME.search(at.before):
        return None
    return _TARGET if _GROUP_INVESTMENT.fullmatch(at.text, at.q.end, nxt.start) else None


def _project_count_subject(at: QuantityAt) -> Role | None:
    if at.base_unit not in ("个", "项"):
        return None
    nxt = at.nxt
    if nxt is None:
        # "藏区36个重点项目累计完成投资占年度计划的100.2%": the projects whose investment the share measures
        projects = _PROJECTS_NOUN.match(at.text, at.q.end)
        return _DROP if projects and _SHARE_OF_PLAN_AFTER.match(at.text, projects.end()) else None
    between = at.text[at.q.end:nxt.start]
    projects = _PROJECTS_NOUN.match(between)
    if projects and not CLAUSE_BREAK.search(between, projects.end()) and not units_compatible(at.q.unit, nxt.unit):
        return _DROP
    return None


_TOTAL_AFTER = re.compile(r"^\s*(?:[\u4e00-\u9fff]{1,8}?(?:合计|共计|总计|共)(?:可|将|已)?"
                          r"(?=[\u4e00-\u9fff]{0,10}\d)|合计|共计|总计)")
"""The words after a count that sum another amount over it: "共2处合计1721套", "两所幼儿园合计可新增学位1080个",
"这两所学校共完成投资5600万元"."""


def _count_before_its_total(at: QuantityAt) -> Role | None:
    # "新建成保障性住房共2处合计1721套": how many sites the total is summed over, not a figure.
    nxt = at.nxt
    if nxt is not None and _TOTAL_AFTER.match(at.after) and base_unit_of(nxt.unit) != at.base_unit:
        return _DROP
    return None


QUANTITY_ROLES: tuple[Rule, ...] = (
    Rule("not started count", "works not yet started go to the document's notes, not to figures (corpus README)",
         "已开工项目20个,尚未开工的项目8个。", ("开工项目=20个",), _not_started_count, frozenset(_WORKS_UNITS),
         needs=V.NOT_STARTED.words),  # both tests search `_NOT_STARTED`, the words
    Rule("programme count pair", "a count of categories next to a count of items: the programme's size",
         "今年的12件36项进展顺利,新建公园5个。", ("新建公园=5个",), _programme_count_pair,
         frozenset(_COUNT_UNITS)),
    Rule("programme item count", "a count of the programme's own items (实事, 事项, 项目…), not work done",
         "今年确定的30项民生实事进展顺利,新建公园5个。", ("新建公园=5个",), _programme_item_count,
         frozenset(_COUNT_UNITS)),
    Rule("status of programme items", "a count after the programme's items ('50个民生实事项目中'): their status",
         "全市50个民生实事项目中,已完成12个,新建公园5处。", ("新建公园=5处",), _status_of_programme_items,
         frozenset(_COUNT_UNITS)),
    Rule("status count", "how many items are done, late or on schedule",
         "截至10月底已提前完成16项,新建公园5个。", ("新建公园=5个",), _status_count,
         frozenset(("件", "项", "个"))),
    Rule("programme status count", "a count after 实事/事项 followed by a status word",
         "民生实事5个已提前完成全年目标,新建公园5个。", ("新建公园=5个",), _programme_status_count,
         frozenset(("个", "件", "项"))),
    Rule("threshold count", "how many items a percent threshold counts (90%以上的项目有12个): a summary count",
         "完成率在90%以上的项目有12个,新建公园5个。", ("新建公园=5个",), _threshold_count, frozenset(_COUNT_UNITS)),
    Rule("programme category count", "a count of the programme's items or of a category of them (民生实事20项, "
         "教育类5项), written after their name: the programme's size", "市级民生实事20项,其中教育类5项、医疗类4项。",
         (), _programme_category_count, frozenset(("件", "项"))),
    Rule("duration", "a count of months, working days or hours (连续2个月, 3个月内) is a span of time: not a figure",
         "已连续2个月亮红灯,新建公园5个。", ("新建公园=5个",), _duration, frozenset(("个",))),
    Rule("attendance", "who attended a meeting (应到35人,实到32人): not people served",
         "会议应到组成人员35人,实到32人。", (), _attendance, frozenset(("人", "名")), needs=_ATTENDANCE_WORDS),
    Rule("points threshold", "a gap in points that picks out items (低于序时进度20个百分点的项目): not a figure",
         "对完成率低于序时进度20个百分点的项目实行挂牌督办。", (), _points_threshold, frozenset(("个百分点",))),
    Rule("will do", "an amount after 将 and a verb of work (将新建, 将新增): work to be done, a plan",
         "今年,我区将新建社区养老服务综合体6个。目前已建成4个。", ("目前已建成=4个",), _will_do),
    Rule("aim", "an amount after 力争 or 确保 in its clause, or after a deadline to come (10月底前完成…): an aim, "
         "not a figure",
         "新建公园5个,力争年底前新建公园8个。", ("新建公园=5个",), _aim),
    Rule("next steps", "an amount in a sentence that opens with 下一步 (the plans to come): not a figure",
         "新建公园5个。下一步,预计全年新建公园将突破8个。", ("新建公园=5个",), _next_steps,
         needs=_NEXT_STEP_LEADS),  # a lead opens the sentence
    Rule("next year", "an amount in a sentence that opens with 明年 (next year's plans in a year-end report): not a "
         "figure", "新建公园5个。明年新建公园8个。", ("新建公园=5个",), _next_year,
         needs=V.NEXT_YEAR_LEADS.words),  # `_NEXT_YEAR`: a lead opens the sentence
    Rule("meeting count", "how often meetings steered the programme (召开推进会5次): neither work done nor its plan",
         "召开推进会5次,新建公园3个。", ("新建公园=3个",), _meeting_count, frozenset(("次", "场")),
         needs=V.MEETING_WORDS.words),  # both tests are `_MEETING`, the words
    Rule("scope count", "a count of administrative units or departments describes scope, not work",
         "14个试点区县新建养老床位800张。", ("试点区县新建养老床位=800张",), _scope_count,
         frozenset(("个", "家"))),
    Rule("cut number", "a number right after a digit and a space is the tail of a number the copy cut: not read "
         "(never guess a number)", "全市完成投资1 2.5亿元。", (), _cut_number),
    Rule("previous level", "the level a standard was raised from (由700元提高到750元): not the level reached",
         "城乡低保标准由每人每月700元提高到750元。", ("城乡低保标准=750元",), _previous_level,
         needs=("由",)),  # `_FROM_LEVEL`
    Rule("size class", "an amount with 以上/以下 before a noun and a count of that noun: the class of things "
         "counted, not a figure", "完成30户以上自然村通硬化路工程126个。", ("30户以上自然村通硬化路工程=126个",),
         _size_class, needs=("以",)),  # its first test
    Rule("quoted project name", "a quantity inside a quoted project name is the project's plan",
         "“新建城市书房20处”项目已建成12处。", ("新建城市书房建成=12处 target=20处(text)",), _quoted_project_name),
    Rule("target sentence", "a sentence that states the plan (目标任务为): its quantities are targets",
         "目标任务为:改造老旧小区150个。", (), _target_sentence),
    Rule("size in a name", "a capacity or an investment that qualifies the project named after it (年产30万吨新型建材项目, "
         "投资3.2亿元的县第二水厂项目): part of the name, not a figure",
         "年产30万吨新型建材项目已完成投资2.3亿元。", ("年产30万吨新型建材项目已完成投资=2.3亿元",), _size_in_a_name),
    Rule("total investment", "a project's total investment is neither a figure nor this year's plan",
         "项目总投资3.82亿元,今年完成投资2.1亿元。", ("完成投资=2.1亿元",), _total_investment,
         needs=(_TOTAL_INVESTMENT,)),  # its first test
    Rule("target named after it", "an amount followed by 的年度目标任务 (目标, 任务) is the plan of the figure before it",
         "救助残疾儿童2.1万名,超额完成1.9万名的年度目标任务。", ("救助残疾儿童=2.1万名 target=1.9万名(text)",),
         _target_named_after),
    Rule("task surpassed", "an amount right after 超额完成 and a plan word (超额完成年度任务2000张) is the task surpassed: a "
         "target", "新增养老床位2300张,超额完成年度任务2000张。", ("新增养老床位=2300张 target=2000张(text)",),
         _task_surpassed, needs=("超额完成",)),  # `_TASK_SURPASSED` opens with it
    Rule("programme list", "an amount in the list of the programme's projects (…实事项目分别是:) is a commitment, a "
         "target", "今年十件民生实事项目分别是:新建公园10个、改造老旧小区50个。截至9月底,新建公园8个。",
         ("新建公园=8个 target=10个(commitment)",), _programme_list),
    Rule("plan in brackets", "an amount in brackets right after a plan word (年度目标(3000个)) is a plan, even after a "
         "word of work done", "新增停车位3200个,超额完成年度目标(3000个)。",
         ("新增停车位=3200个 target=3000个(text)",), _bracketed_plan),
    Rule("plan over several years", "an amount planned for several years (“十四五”期间计划, 三年计划, 到2025年累计): "
         "neither a figure nor the year's target", "三年计划新建公厕150座,今年已新建公厕48座。",
         ("新建公厕=48座",), _plan_over_several_years),
    Rule("plan amount", "an amount named as plan (计划, 安排, 下达) is a target",
         "年度计划投资2.47亿元,目前完成投资1.2亿元。",
         ("完成投资=1.2亿元 target=2.47亿元(text)",), _plan_amount),
    Rule("dependent of a plan", "an amount the planned works serve, listed after them with 、 (计划改造老旧小区32个、涉及"
         "居民4260户): planned too", "计划改造老旧小区32个、涉及居民4260户,已开工25个。",
         ("改造老旧小区开工=25个 target=32个(text)",), _dependent_of_a_plan),
    Rule("period plan key", "the words after a period's plan key (一季度目标:) state a period's plan: neither a figure "
         "nor the annual target", "年度目标:新增城镇就业1.8万人。一季度目标:新增城镇就业4500人。进展:新增城镇就业5120人。",
         ("新增城镇就业=5120人 target=1.8万人(text)",), _period_plan_key,
         needs=_PERIODS),  # `_PERIOD_PLAN_KEY` opens with a period
    Rule("heading before a colon", "an amount that ends a line's first clause before a colon, with the same measure "
         "reported after the colon, is the commitment of a line-item: a target",
         "新建充电桩3000个:已建成1860个。", ("新建充电桩=1860个 target=3000个(text)",), _heading_before_colon),
    Rule("plan key", "the words after a plan key and its colon (年度目标:) state the plan of the figure reported after",
         "年度目标:新增城镇就业1.3万人;完成情况:3562人。", ("新增城镇就业=3562人 target=1.3万人(text)",), _plan_key),
    Rule("whole of next", "a count followed by a completion verb and a second count of the same kind: its plan",
         "15个农村幸福院建设已完成8个。", ("农村幸福院建设已完成=8个 target=15个(text)",), _whole_of_next_rule),
    Rule("task of a completed clause", "an amount followed by a clause that is only a completion verb (or 已 and a "
         "stage verb) and an amount in the same unit: the task it was completed against",
         "送戏下乡600场,已完成512场。", ("送戏下乡=512场 target=600场(text)",), _task_of_completed_clause_rule),
    Rule("plan of a garbled amount", "an amount followed in its sentence by a clause whose amount a copy garbled "
         "(l680个, 41O张) is that amount's plan: no figure, and no plan of another", "新建停车泊位2000个,已建成l680个。",
         (), _plan_of_a_garbled_amount, needs=("l", "O", "I")),  # `garbled_amount` needs one of the letters
    Rule("plan before its actual", "an amount followed by a clause of 实际 and a verb only, before an amount of the "
         "same unit, is that amount's plan", "改造提升村卫生室40个,实际改造46个。",
         ("改造提升村卫生室=46个 target=40个(text)",), _plan_before_actual,
         needs=("实际",)),  # its first test
    Rule("commitment made", "an amount after 今年确定 (年初确定的) is the year's commitment: a target",
         "今年确定新增养老床位2000张,截至6月底已新增养老床位1350张。",
         ("新增养老床位=1350张 target=2000张(text)",), _commitment_made, needs=("确定",)),  # its first test
    Rule("count before its total", "how many sites or projects a total is summed over (共2处合计1721套)",
         "新建成保障性住房共2处合计1721套。", ("新建成保障性住房=1721套",), _count_before_its_total,
         frozenset(("个", "项", "处", "所", "家"))),
    Rule("group size", "how many projects a group holds, written after the group's name and before its investment: "
         "the group's plan count, a target of its stage counts (续建项目112项 … 续建项目复工108项), never a figure", "续建项目118个,年内计划投资253.9亿元,已完成投资210.3亿元。",
         ("续建项目完成投资=210.3亿元 target=253.9亿元(text)",), _group_size, frozenset(("个", "项"))),
    Rule("project count subject", "a count of projects that are the subject of another amount",
         "197个市级重点项目完成投资660亿元。", ("市级重点项目完成投资=660亿元",), _project_count_subject,
         frozenset(("个", "项"))),
)
"""The quantity role rules, in the order they are tried; a quantity no rule decides is a figure."""


KEY_MAX = 8
"""How long (characters) the key of a key-value pair may be ("任务数:120个", "完成率:81.7%")."""


def key_before(text: str, colon: int) -> str:
    """The key of a key-value pair whose colon is at `colon` ("任务数" of "…;任务数:120个"): the characters back
    to the previous clause mark, at most `KEY_MAX`; "" when longer (then it is a lead-in, not a key)."""
    start = colon
    while start > 0 and colon - start < KEY_MAX and text[start - 1] not in ",;。:!?\n\t":
        start -= 1
    key = text[start:colon]
    return key if start == 0 or text[start - 1] in ",;。:!?\n\t" else ""


def role_of(text: str, clause: int, q: Quantity, quantities: list[Quantity], k: int,
            target_from: int | None) -> Role:
    """What a quantity of a sentence is: the decision of the first rule of `QUANTITY_ROLES` that decides,
    else `Role.FIGURE`.

    `clause`: start of the quantity's clause (`clause_start`); `k`: its index in `quantities`, the sentence's
    quantities; `target_from`: the sentence's start, or None when `TARGET_SENTENCE` does not occur in the
    sentence at all (then no part of it needs searching).
    """
    before = text[clause:q.start]
    if clause > 0 and text[clause - 1] == ":" and not before.strip():
        before = key_before(text, clause - 1) + ":"  # "任务数:120个": the key says what the amount is
    elif clause > 1 and text[clause - 1] == ")" and not before.strip():
        opening = text.rfind("(", max(0, clause - 16), clause - 1)
        if opening > 0:  # "红灯(严重滞后)1件": the words before the bracket and the bracket say what it counts
            before = key_before(text, opening) + text[opening:clause]
    at = _new(QuantityAt, (text, q, before, text[q.end:q.end + 12], base_unit_of(q.unit),
                           quantities[k + 1] if k + 1 < len(quantities) else None,
                           quantities[k - 1] if k > 0 else None, target_from))
    for decide in _deciders(QUANTITY_ROLES, at.base_unit, text):
        role = decide(at)
        if role is not None:
            return role
    return _FIGURE


_DECIDERS: dict[tuple[str, tuple[int, ...]], tuple] = {}
_DECIDERS_OF: list[tuple[Rule, ...]] = [()]
"""The table `_DECIDERS` was built from (held, so that its identity cannot pass to another tuple)."""
_OF_TEXT: list[tuple[str | None, tuple[int, ...], dict[str, tuple]]] = [(None, (), {})]
"""The last text asked about, the rules of the table it cannot meet the needs of (`rules.unmet`) and its deciders
per unit: one bulletin's quantities ask in turn (the text is held, so that its identity cannot pass to another
string)."""


def _deciders(table: tuple[Rule, ...], base_unit: str, text: str) -> tuple:
    """The `decide` functions of the rules of `table` that can decide a quantity of `base_unit` in `text`, in order:
    without the rules for other units (`Rule.only_units`) and those whose words `text` lacks (`Rule.needs`), which
    would decline it anyway. Cached per unit and unmet rules, rebuilt when the table changes (fixed at import, but
    tests run it with a rule removed)."""
    if table is not _DECIDERS_OF[0]:
        _DECIDERS.clear()
        _OF_TEXT[0] = (None, (), {})
        _DECIDERS_OF[0] = table
    last_text, unmet_rules, of_unit = _OF_TEXT[0]
    if last_text is not text:
        unmet_rules, of_unit = unmet(table, text), {}
        _OF_TEXT[0] = (text, unmet_rules, of_unit)
    found = of_unit.get(base_unit)
    if found is None:
        key = (base_unit, unmet_rules)
        found = _DECIDERS.get(key)
        if found is None:
            if len(_DECIDERS) > 4096:  # many texts' combinations of unmet rules: start again rather than grow
                _DECIDERS.clear()
            found = tuple(r.decide for k, r in enumerate(table)
                          if (r.only_units is None or base_unit in r.only_units) and k not in unmet_rules)
            _DECIDERS[key] = found
        of_unit[base_unit] = found
    return found


_ACTUAL_MARKS = re.compile(V.ACTUAL_MARKS.pattern())


_REPORTED = re.compile(r"(?:完成|占)[^,;。%]{0,16}?\d+(?:\.\d+)?\s*%|\d{1,2}\s*[-—~至]\s*\d{1,2}\s*月")


def is_plan_sentence(sentence: str) -> bool:
    """A sentence that opens with a plan amount and reports nothing done ("全年计划实施重大项目175项,总投资1543亿元,
    年度计划完成投资235.95亿元,其中续建项目112项…"): all its quantities are plan (targets), its breakdowns too.
    The caller asks only when the sentence's first quantity is a target; a sentence with a mark of work done
    (已, 累计, 截至…, `vocabulary.ACTUAL_MARKS`), a reporting period ("1-6月") or a share of the plan reached
    ("完成年度目标的57.5%") is not a plan sentence: "年度目标110万人,城镇新增就业63.2万人,完成年度目标的57.5%"
    reports 63.2万人."""
    return _ACTUAL_MARKS.search(sentence) is None and _REPORTED.search(sentence) is None


def reports_work(before: str) -> bool:
    """True when the words of a clause before its quantity report work done ("完成投资10亿元"), not a plan
    ("年度计划完成投资235.95亿元": the actual word comes after the plan word): ends a plan sentence."""
    plan = PLAN_LABEL.search(before)
    return _ACTUAL_WORDS.search(before, 0, plan.start() if plan else len(before)) is not None


def _whole_of_next(text: str, q: Quantity, nxt: Quantity) -> bool:
    """"15个农村幸福院建设已完成8个": a quantity followed in the same clause by a completion verb and a quantity of a
    compatible unit, with no joining word between them, is the whole (the plan) of that next quantity; so is one
    whose words end in 中 before the next ("257个老旧小区中221个已开工": the part picked out of the whole)."""
    between = text[q.end:nxt.start]
    out_of = _OUT_OF.match(between)  # "60个重点项目中,已开工45个": the clause break after 中 is part of the phrase
    out_of_end = out_of.end() + (between[out_of.end():out_of.end() + 1] == ",") if out_of else 0
    return (not CLAUSE_BREAK.search(between, out_of_end) and units_compatible(q.unit, nxt.unit)
            and (_DONE_WORDS.search(between) is not None or out_of is not None)
            and not _JOIN_WORDS.search(between))


_OUT_OF = re.compile(r"[^,;。、]{1,12}中(?=[,\d已有共均仍尚累目]|$)")
"""The whole a part is picked out of ("257个老旧小区中221个", "60个重点项目中,已开工45个", "35个项目中已开工29个"): 中
before a count, a comma or a status word. Not the first character of a name after a list comma ("建成口袋公园3个、
中心游园5个", "幼儿园6所、中小学4所"): those are two figures."""


_COMPLETED_CLAUSE = re.compile(r",(?:目前|现|截至目前|实际)?(?:(?:已经?)?(?:完成|实现|落实)|(?P<done>已经?)?(?:全部|均)?"
                               r"(?P<stage>建成运营|建成投用|建成|开工|竣工|完工|投用|投入使用|投运|开通|购置到位|到位|改造|"
                               r"培训))了?$")
"""A clause that is only a completion verb, or a stage verb (after the comma that opens it), up to its amount. A
stage verb without 已 ("新建公厕40座,完工32座") binds only when the amount before it names no stage of its own."""
_LISTED_AFTER = re.compile(r"(?:、|和|及|与)[^\d,;。、和及与]{0,12}")
_ANOTHER_AMOUNT_AFTER = re.compile(r"(?:、|和|及|与)\d")
_DONE_AGAIN = re.compile(r",(?:目前|现|截至目前)?(?:已经?|累计)(?P<completed>完成)?(?P<verb>[\u4e00-\u9fff]{2})了?$")
"""A clause of 已 and a verb of two characters: the task's own verb ("已发放"), or any after 已完成 ("已完成采购")."""
_STAGE_IN_TASK = re.compile(r"开工|竣工|完工|建成|投用|在建|开复工")
_SENTENCE_REST = re.compile(r"[^。;\n]*")


def _task_of_completed_clause(at: QuantityAt) -> bool:
    """The next clause is only a completion verb before its amount ("送戏下乡600场,已完成512场", "新辟公交线路20条,
    实际完成23条", "新建泵站8座,已建成6座"): this amount is the task the next was completed against, its plan (corpus
    README, "Targets": a whole bound to the count, "15个…已完成8个"). Not when this amount's own clause reports work
    done ("已培训5000人,完成…"), nor when stage counts after it add up to it exactly: "新建学校15所,已竣工9所,在建6所"
    splits a count of works by stage (FINISHING_RULES "stages that split a count")."""
    assert at.nxt is not None
    if base_unit_of(at.nxt.unit) != at.base_unit:
        return False  # (tested again below, where the reasons are; first, as it is the cheapest test)
    if at.prev is not None and _LISTED_AFTER.fullmatch(at.text, at.prev.end, at.q.start) \
            and _ANOTHER_AMOUNT_AFTER.match(at.text, at.nxt.end):
        return False  # "健身广场30个、农家书屋40个,已完成21个和33个": two lists, paired by FINISHING_RULES
    nxt_start = at.nxt.lead if at.nxt.lead is not None else at.nxt.start  # "已完成约80公里": the qualifier too
    done = _COMPLETED_CLAUSE.match(at.text, at.q.end, nxt_start)
    # The same base unit: count words are compatible with each other (个, 所), but "新增学位3000个,已开工4所" counts
    # two things.
    if base_unit_of(at.nxt.unit) != at.base_unit or _ACTUAL_MARKS.search(at.before) is not None:
        return False
    if done is None:
        # "发放创业担保贷款5亿元,已发放3.2亿元", "改造燃气管道85公里,已完成改造62公里": 已 and the task's own verb
        again = _DONE_AGAIN.match(at.text, at.q.end, nxt_start)
        return again is not None and (again.group("completed") is not None or again.group("verb") in at.before)
    if done.group("stage") is None:
        return True
    own_stage = _STAGE_IN_TASK.search(at.before)
    if own_stage is not None and own_stage.group() not in done.group("stage"):
        return False  # "新开工3156个,已完工2410个": two stages of the works, not a task and the part done
    whole, first = positive_value(at.q), positive_value(at.nxt)
    if done.group("done") is None and (_STAGE_IN_TASK.search(at.before) or whole is None or first is None
                                       or to_base(first, at.nxt.unit)[0] > to_base(whole, at.q.unit)[0]):
        # "开工建设农村住房1.47万户,竣工5000户", "新增保障性安居工程31万套,竣工45万套": two stages or two measures,
        # not a task and the part done (without 已, only a smaller count is read as done of the task)
        return False
    rest = _SENTENCE_REST.match(at.text, at.nxt.end).group()
    later = [Decimal(m.group(1)) for m in re.finditer(rf"(\d+(?:\.\d+)?){re.escape(at.nxt.unit)}", rest)]
    return not (later and whole is not None and first is not None and first + sum(later) == whole)
