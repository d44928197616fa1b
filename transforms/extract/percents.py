"""Percent roles: what each percent of a sentence is (plan share, count share, progress rate, bracketed share,
a figure of its own).

Input: one sentence's span and its slots (quantities with roles, `transforms.extract.prose.Slot`). Output: the
sentence's figures in text order, with percents of plan set on the figures they describe.
"""

from __future__ import annotations

import operator
import re
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from transforms.extract import vocabulary as V
from transforms.extract.clauses import clause_start, clean_label, label_of, strip_leading_noise, strip_trailing_noise
from transforms.extract.figures import Decided, Site, build_figure, set_label, set_pct, set_target
from transforms.extract.labels import STAGE_WORD, is_bare
from transforms.numbers import to_base, units_compatible
from transforms.extract.quantities import (Quantity, TextIndex, base_unit_of, garbled_amount, percents_in,
                                          positive_value)
from transforms.extract.roles import DEADLINE, DONE_MARK, TARGET_SENTENCE, Role
from transforms.extract.rules import Rule, unmet
from transforms.record import Figure, Target

if TYPE_CHECKING:
    from transforms.extract.prose import Slot

PERCENT_JOINERS = re.compile(rf"^\s*(?:{V.PERCENT_JOINERS.pattern()})\s*$")
_PLAN_WORD = re.compile(V.PLAN_WORDS.pattern())
"""The plan words of `PLAN_BASIS`: a cheap test before it (the pattern tries ~100 steps at every position)."""
PLAN_BASIS = re.compile(
    r"(?P<resp>分别)?(?:占|为|是|完成|达到|达|实现)了?"
    rf"(?P<basis>[^,;。%\d]{{0,12}}?(?:{V.PLAN_WORDS.pattern()})[^,;。%\d的(]{{0,6}})"
    r"(?:\(?\d[\d.,]*\s*[\u4e00-\u9fff]{1,4}?\)?)?的?(?:比例|比重)?(?:为|是|达到?)?\s*$"
)
"""The words naming the plan a percent is measured against (占年计划的, 为任务的, 完成年度目标任务的,
占全年计划投资的, 占总计划的, 完成总体进度的, 占年度任务的比例为), with the plan's amount when the text states it there
(占年度计划投资31.20亿元的, 完成年度目标(50场)的, 占年度计划新开工项目50个的: up to six characters of the thing
planned after the plan word)."""
SHARE_WORDS = re.compile(r"(?:占比|占总数的?|占[^,;。]{0,6}总数的?|占[^,;。]{0,8}(?:项目|个)数的?)\s*$")
"""A share of a count of projects ("占比60%", "占总数的90.3%", "占任务总数的15.2%", "占开工在建项目数的67.6%"): not a
figure."""
PROGRESS_RATE = re.compile(
    rf"(?P<rate>(?:[\u4e00-\u9fff]{{0,4}}?)(?:{V.RATE_WORDS.pattern()}|(?:任务|计划|目标)完成))(?P<resp>分别)?"
    r"(?:为|达|达到|是)?(?:接近|将近|近|约)?\s*$")
"""A progress rate after a figure ("完成投资34亿元,投资完成率68%", "年度任务完成83.3%", "完工率接近44%"), or rates listed
after 分别 ("完成率分别为83.3%、60%"): the figures' percents of plan."""

_CHANGE_LEAD = re.compile(r"^\s*(?:同比|比上年|较上年|比去年同期)?(?:增长|下降|增速为?|增幅为?|减少)(?:了|为|达)?\s*$")
"""A growth right after a figure ("同比增长8%"): the figure's own change, which leaves its percent of plan to come."""
_CHANGES_LISTED_LEAD = re.compile(r"^\s*(?:同比)?分别(?:同比)?(?:增长|下降|增速为?|增幅为?|减少)(?:了|为|达)?\s*$")
"""The changes of amounts listed with 分别, right after them ("分别增长6.2%、8.8%"): they leave the amounts' percents of
plan to come."""
_SHARE_OF_WHOLE_LEAD = re.compile(r"^\s*占(?:全国|全省|全市|全州|全盟|全县|全区)(?:[^,;。%\d计划任务目标]{0,8})?的?\s*$")
"""A figure's share of a larger area's amount right after it ("6520套,占全省的12.3%"): a rate of its own, which leaves
the figure's percent of plan to come ("…,完成年度任务的81.5%")."""
_AMOUNT_IN_BRACKETS = re.compile(r"\(\s*\d[\d.,]*\s*[\u4e00-\u9fff]{1,4}\s*\)$")
"""A plan's amount in brackets just before a percent's clause ("年度目标(50场)的180%")."""
_TARGET, _DROP = Role.TARGET, Role.DROP  # enum attribute access costs ~90 ns (once per quantity here)
_OPEN_PAREN = re.compile(r"\s*\(")
_PER_CAPITA = re.compile(V.PER_CAPITA.pattern())

class PercentAt(NamedTuple):
    """A percent of a sentence with what the percent role rules look at."""

    p: re.Match
    pos: int
    """Where the percent starts."""
    clause: int
    """Where its clause starts."""
    lead: str
    """The words of its clause before it."""
    group: list[re.Match]
    """The percents listed with it ("分别为116%、116%和100%"), itself first."""


class SentenceWalk:
    """The bookkeeping of one sentence's walk (`assign_percents`): the figures so far in text order, the slots
    a plan share may still describe (`pending`) and the slots since the last percent (`since_pct`); `slots` the
    sentence's slots as decided so far (`decide` puts a new slot in place of one). Lives for one sentence; the
    rules of `PERCENT_ROLES` update it."""

    __slots__ = ("text", "s_start", "s_end", "slots", "site", "base_index", "breaks", "ordered", "pending",
                 "since_pct", "keep_pending")

    def __init__(self, text: str, span: tuple[int, int], slots: list[Slot], site: Site, base_index: int,
                 breaks: list[int]) -> None:
        self.text, (self.s_start, self.s_end), self.slots, self.site = text, span, list(slots), site
        self.base_index, self.breaks = base_index, breaks
        self.ordered: list[tuple[int, Figure]] = []
        self.pending: list[Slot] = []
        self.since_pct: list[Slot] = []
        self.keep_pending = False
        """Set by a rule whose percent leaves the figures before it to the next share (a period plan's share)."""

    def decide(self, old: Slot, new: Slot) -> None:
        """Put `new` (the walk's decision on a slot: a plan, or the plan its percent names) in place of `old`."""
        k = next(k for k, s in enumerate(self.slots) if s is old)
        self.slots[k] = new

    def percent_label(self, pct: re.Match) -> str:
        """The words of the percent's clause before it (`clauses.label_of`)."""
        q = _new(Quantity, (pct.start(), pct.end(), pct.group("num"), "%", None, None, False))
        return label_of(self.text, clause_start(self.breaks, self.s_start, pct.start()), q, self.s_end)

    def percent_figure(self, pct: re.Match, label: str, kind: str = "other") -> Figure | None:
        """A figure of the percent itself, numbered after the sentence's figures so far."""
        q = _new(Quantity, (pct.start(), pct.end(), pct.group("num"), "%", None, None, False))
        decided = None if kind == "other" else Decided(kind)
        return build_figure(q, self.site, self.base_index + len(self.ordered), label, decided)


_BASIS_SPAN = 80
"""The longest a `PLAN_BASIS` match can be (a verb, 12 characters, a plan word, an amount in brackets, 的 and a
copula: under 60 characters; speed only)."""


def _plan_share(walk: SentenceWalk, at: PercentAt) -> bool:
    text, clause, pos = walk.text, at.clause, at.pos
    if clause > walk.s_start and text[clause - 1] == "、" and len(at.group) > 1 \
            and _LISTED_PLAN_CLAUSE.fullmatch(text, clause, pos) and _shares_of_listed_plans(walk, at):
        return True
    # (the basis ends at the percent and is never longer than `_BASIS_SPAN`: the pattern is not tried before it)
    window = max(clause, pos - _BASIS_SPAN)
    basis = PLAN_BASIS.search(text, window, pos) if _PLAN_WORD.search(text, window, pos) else None
    if not basis or "占" in at.lead and SHARE_WORDS.search(at.lead):  # (every share word opens with 占)
        return False
    if _SURPLUS.search(at.lead):
        # "超额完成年度任务21.7%": the surplus over the plan, not the share of it reached: a rate of its own
        fig = walk.percent_figure(at.p, at.lead.strip(), "rate")
        if fig is not None:
            walk.ordered.append((at.p.start(), fig))
        return True
    # A quantity between 占 and 的 is the plan itself ("占…计划投资31.20亿元的141.03%"), and so is one right after a
    # plan word, just before 的 ("完成年度目标(50场)的180%", "为年度目标3万人的106.7%").
    inner = [s for s in walk.slots if clause <= s.q.start < pos and (
        "占" in text[clause:s.q.start]
        or _INNER_PLAN_END.fullmatch(text, s.q.end, pos) and _PLAN_WORD.search(text, clause, s.q.start))]
    for s in inner:
        walk.ordered[:] = [(a, f) for a, f in walk.ordered if f is not s.figure]
        walk.decide(s, s._replace(role=_TARGET, figure=None))
    holders = [s for s in walk.pending if s not in inner and s.role != _TARGET]
    garbled = garbled_amount(text, holders[-1].q.end if holders else walk.s_start, at.pos)
    if garbled is not None:
        # "新建城市停车泊位2000个,已建成l680个,占年计划的84%": the share of an amount the copy garbled, which no
        # figure was read for: not the figure before it; a percent of its own named by the garbled amount's words
        # (and the thing before them when they name only a stage: 新建城市停车泊位建成)
        words = text[max(walk.s_start, text.rfind(",", walk.s_start, garbled.start()) + 1):garbled.start()]
        thing = clean_label(words) or words.strip().lstrip("已")
        if holders and is_bare(thing):
            thing = holders[-1].label + thing
        fig = walk.percent_figure(at.p, thing + "占" + basis.group("basis").strip(), "progress")
        if fig is not None:
            walk.ordered.append((at.p.start(), fig))
        return True
    unwritten = holders and all(s.role == _DROP for s in holders) \
        and _UNWRITTEN_AMOUNT.match(text, holders[-1].q.end, at.pos) is not None
    money_plan = _MONEY_PLAN.search(basis.group("basis")) is not None
    if holders and not unwritten and money_plan and all(
            s.figure is None or s.figure.base_unit != "元" for s in holders):
        holders = []  # "新建堤防11.2公里,完成年度计划投资的94.1%": a share of the money plan, not of the 公里
    if holders and not unwritten and len(at.group) == 1 and (
            (_PERIOD_BASIS.search(basis.group("basis")) or _WHOLE_LIFE_BASIS.search(basis.group("basis")))
            and _ANNUAL_SHARE_AFTER.search(text, at.p.end(), walk.s_end)
            or _SCHEDULE_BASIS.match(basis.group("basis").strip())):
        # "完成一季度目标的113.8%,完成年度目标的28.4%", "占总投资的45.3%,占年度计划的85.2%": the annual share is the
        # percent of plan (README); the period's or the whole project's is a metric of its own, named by the amount
        # and its basis; so is a share of the schedule ("达到序时进度的108%": no plan of the year)
        amount = holders[-1].figure
        verb = next((v for v in ("占", "达到", "完成") if v in at.lead), "完成")
        fig = walk.percent_figure(at.p, (amount.label if amount else "") + verb + basis.group("basis").strip(),
                                  "progress")
        if fig is not None:
            walk.ordered.append((at.p.start(), fig))
        walk.keep_pending = True  # the annual share after it measures the same amount
        return True
    if len(holders) == 1 and holders[0].figure is not None and len(at.group) == 2 and not unwritten:
        bases = _TWO_BASES.fullmatch(basis.group("basis").strip())
        if bases is not None:  # "分别完成年度目标和一季度计划的21.3%、109.1%": one amount, two plans
            _share_of_two_plans(walk, holders[0].figure, at.group, bases.group(1, 2))
            return True
    if holders and not unwritten:
        measured = [h for h in holders if not _change_or_gap(h)] if len(holders) > 1 and len(at.group) == 1 \
            else holders
        if measured and len(measured) < len(holders):
            # "新增就业2.8万人,同比增加0.3万人,完成年计划的70%": the share measures the amount, not its change or
            # its gap to a schedule (超序时进度2.5个百分点)
            holders = measured
        _share_of_holders(walk, holders, at.group, inner, basis.group("basis").strip())
        return True
    if unwritten:  # "藏区36个重点项目累计完成投资占年度计划的100.2%": the share of an amount not written
        last = holders[-1].q
        words = text[clause:last.start] + text[last.end:at.pos]
        for pct in at.group:
            fig = walk.percent_figure(pct, strip_trailing_noise(strip_leading_noise(words)).strip("的"), "progress")
            if fig is not None:
                walk.ordered.append((pct.start(), fig))
        return True
    if not holders and len(at.group) == 1 and _share_before_its_amount(walk, at, basis.group("basis").strip()):
        return True
    # A plan share with no figure before it is a figure of its own ("完成阶段目标任务的100%"); one that measures
    # the amount before it on a second basis ("…41.58万人,占年计划的138.6%,占序时进度的151.2%") is named by it.
    amount = max(walk.ordered, key=_FIRST, default=(0, None))[1]
    for pct in at.group:
        label = strip_trailing_noise(strip_leading_noise(text[clause:pct.start()])).strip("的")
        if amount is not None and amount.unit != "%" and label.startswith(_SECOND_BASIS):
            label = amount.label + label
        elif amount is not None and amount.unit != "%" and _PERIOD_PLAN.fullmatch(label):
            # "新增城镇就业3.6万人,完成年度目标任务的90%,完成一至三季度目标任务的120%": the period's share of the
            # amount, named by it (the verb went with the label's opening noise)
            label = amount.label + "完成" + label
        elif amount is not None and amount.unit == "%" and _PLAN_ONLY.fullmatch(label):
            # "固定资产投资同比增长10.2%,完成年度目标的68.5%": the share of the amount the rate measures
            label = _CHANGE_AT_END.sub("", amount.label) + "完成" + label
        elif amount is None and clause > walk.s_start and _PLAN_ONLY.fullmatch(label.removeprefix("占")):
            # "全市城镇新增就业0.86方人,占年计划的28.7%": the share of an amount the copy left unreadable (a unit
            # misread), named by the words before its digits
            unread = _UNREAD_AMOUNT.search(text, walk.s_start, clause)
            if unread is not None:
                label = clean_label(unread.group("words")) + "占" + label.removeprefix("占")
        fig = walk.percent_figure(pct, label, "progress")
        if fig is not None:
            walk.ordered.append((pct.start(), fig))
    return True


_CHANGE_AMOUNT = re.compile(r"(?:同比|比上年|较上年|比去年|较去年|上年同期|去年同期)[^,;。]{0,4}?(?:增加|减少|增长|下降|多|少)了?$")


def _change_or_gap(slot: Slot) -> bool:
    """True when the slot's figure is a change of an amount ("同比增加0.3万人") or a gap in percentage points: no
    amount a plan share measures."""
    fig = slot.figure
    return fig is not None and (fig.unit == "个百分点" or _CHANGE_AMOUNT.search(fig.label) is not None)


def _share_before_its_amount(walk: SentenceWalk, at: PercentAt, basis: str) -> bool:
    """A plan share written before the amount it measures, which ends the sentence ("城镇新增就业完成年度任务的105%,
    达68.2万人", "完成年度任务的105%,新增城镇就业68.2万人"): the amount's percent of plan; a bare verb before the
    amount (达, 为) takes the words before the share as its label. Not when anything but words stands between."""
    text = walk.text
    later = [s for s in walk.slots if s.q.start > at.p.end()]
    if len(later) != 1 or later[0].figure is None or later[0].figure.unit in ("%", "个百分点"):
        return False
    amount = later[0].figure
    between = text[at.p.end():later[0].q.lead if later[0].q.lead is not None else later[0].q.start]
    if not _AMOUNT_CLAUSE.fullmatch(between) or _SENTENCE_GOES_ON.match(text, later[0].q.end):
        return False
    set_pct(amount, at.p, basis)
    subject = strip_leading_noise(text[at.clause:at.pos].split("完成")[0].split("占")[0]).strip()
    if len(strip_leading_noise(amount.label).strip()) <= 2 and len(subject) >= 2:
        set_label(amount, subject)  # "达68.2万人": named by the words before the share
    return True


_AMOUNT_CLAUSE = re.compile(r",[^,;。\d%]{0,12}")
_SENTENCE_GOES_ON = re.compile(r"[^。;\n]*\d")
"""More numbers after the amount in its sentence: the share may be another's."""


_MONEY_PLAN = re.compile(r"投资|资金|预算")
_SURPLUS = re.compile(r"(?:超额|超出|超过|高出)(?:完成)?[^,;。的]{0,8}$")
"""A percent written as the surplus over a plan ("超额完成年度任务21.7%", no 的 before it), not the share reached."""
_UNWRITTEN_AMOUNT = re.compile(r"[\u4e00-\u9fff]{0,12}?(?:投资|投入)")
"""Words after a dropped count of projects that name an amount the text does not write ("重点项目累计完成投资" of
"36个重点项目累计完成投资占年度计划的100.2%")."""
_SECOND_BASIS = ("占", "为", "是", "相当于")
_TWO_BASES = re.compile(rf"([^和与及、]{{0,6}}?(?:{V.PLAN_WORDS.pattern()})+)(?:和|与|及|、)"
                        rf"([^和与及、]{{0,6}}?(?:{V.PLAN_WORDS.pattern()})+)")
"""Two plans of one amount joined before 的 ("年度目标和一季度计划"), each with its percent after 分别."""


def _share_of_two_plans(walk: SentenceWalk, amount: Figure, group: list[re.Match], bases: tuple[str, str]) -> None:
    """One amount's shares of two plans, in the order written: the annual plan's is its percent of plan, the
    other's (a period's plan, an adjusted target) a metric of its own named by the amount and that plan (corpus
    README: the same amount on another basis is its own metric with unit "%"). When neither plan is a period's, the
    first is the percent of plan."""
    annual = 1 if _PERIOD_BASIS.search(bases[0]) and not _PERIOD_BASIS.search(bases[1]) else 0
    set_pct(amount, group[annual], bases[annual])
    other = 1 - annual
    fig = walk.percent_figure(group[other], amount.label.removesuffix("完成") + "完成" + bases[other], "progress")
    if fig is not None:
        walk.ordered.append((group[other].start(), fig))


_PERIOD_BASIS = re.compile(rf"^(?:{V.QUARTERS.pattern()}|季度|上半年|下半年|月度|半年)")
"""A plan of a period of the year ("一季度目标", "上半年计划"), not the annual plan."""
_SCHEDULE_BASIS = re.compile(r"序时")
"""The schedule's share of the year ("序时进度的108%"): another basis than the annual plan."""
_WHOLE_LIFE_BASIS = re.compile(r"^(?:计划)?总(?:投资|计划|任务)")
"""The plan of a whole project or of several years ("总投资", "总计划"), not the year's."""
_ANNUAL_SHARE_AFTER = re.compile(r"[^。;]*?(?:年度|全年|年)(?:目标|计划|任务)[^。;,\d%]{0,6}?的?\s*\d+(?:\.\d+)?\s*%")
"""A share of the annual plan later in the sentence."""
_PERIOD_PLAN = re.compile(rf"(?:(?:{V.QUARTERS.pattern()}|[一二三四1-4]\s*[-至~]\s*[一二三四1-4]\s*季度|季度|下半年|"
                          rf"\d{{1,2}}\s*[-至~]\s*\d{{1,2}}\s*月份?|序时)(?:{V.PLAN_WORDS.pattern()})+|序时进度)")
"""A label that names only a period's plan ("一至三季度目标任务", "1-9月计划"): the share of the amount before it."""
_UNREAD_AMOUNT = re.compile(r"(?P<words>[\u4e00-\u9fff]{2,16})\s*[\dlIO][\dlIO.]*\s*[^\d\s,;。%]{0,3}\s*,?\s*$")
"""The last clause before a plan share, holding digits no quantity was read from ("全市城镇新增就业0.86方人,")."""
_CHANGE_AT_END = re.compile(rf"(?:{V.CHANGE_WORDS.pattern()})$")
_PLAN_ONLY = re.compile(rf"(?:年度|全年|年|阶段)?(?:{V.PLAN_WORDS.pattern()})+")
"""A label that names only a plan ("年度目标", "全年任务"): it says against what, not what."""
_INNER_PLAN_END = re.compile(r"\)?\s*的\s*")
def _shares_of_listed_plans(walk: SentenceWalk, at: PercentAt) -> bool:
    """Percents after plans listed before 的, one per figure before them ("新建改建城市公厕86座,农村户厕1.26万座,分别为
    全年任务100座、1.5万座的86%、84%"): each figure, in order, takes its plan as its target and its percent; the plans
    are no figures. Only as many plans, figures and percents, each plan in its figure's unit."""
    text = walk.text
    opening = clause_start(walk.breaks, walk.s_start, at.clause - 1)
    lead = _LISTED_PLANS_LEAD.match(text, opening, at.pos)
    if lead is None:
        return False
    plans = [s for s in walk.slots if lead.start("plans") <= s.q.start < at.pos]
    holders = [s for s in walk.pending if s.figure is not None and s.q.end <= opening and s not in plans]
    n = len(at.group)
    if len(plans) != n or len(holders) < n:
        return False
    holders = holders[-n:]
    if not all(units_compatible(p.q.unit, h.figure.unit) for p, h in zip(plans, holders) if h.figure is not None):
        return False
    basis = lead.group("basis").strip()
    for holder, plan, pct in zip(holders, plans, at.group):
        value = positive_value(plan.q)
        assert holder.figure is not None
        set_pct(holder.figure, pct, basis)
        if value is not None:
            walk.decide(holder, holder._replace(targets=(*holder.targets, Target("", value, plan.q.unit))))
    for plan in plans:
        walk.ordered[:] = [(a, f) for a, f in walk.ordered if f is not plan.figure]
        walk.decide(plan, plan._replace(role=_DROP, figure=None))
    return True


_LISTED_PLANS_LEAD = re.compile(rf"(?:分别)?(?:为|占|完成|是)(?P<basis>[^,;。%\d]{{0,12}}?(?:{V.PLAN_WORDS.pattern()}))"
                                r"(?P<plans>\d[^,;。%]*?)的\s*$")
_LISTED_PLAN_CLAUSE = re.compile(r"\d[\d.,]*\s*[万亿]?[\u4e00-\u9fff]{1,3}\s*的\s*")
"""A clause after 、 that is only the last plan of a list and 的 ("1.5万座的"), before its percents."""


def _share_of_holders(walk: SentenceWalk, holders: list[Slot], group: list[re.Match], inner: list[Slot],
                      basis: str) -> None:
    """The percents of a plan share, in order, to the last figures before them ("分别为任务的116%、100%"); the
    plan amount inside 占…的 is each one's target."""
    targets = holders[-len(group):] if len(group) <= len(holders) else holders
    if len(group) == 1 and inner and targets[0].figure is not None \
            and not units_compatible(inner[0].q.unit, targets[0].figure.unit):
        # "改造城镇老旧小区1256个、惠及群众38.2万户,完成年计划1200个的104.7%": the figure in the plan's unit
        fitting = [h for h in holders if h.figure is not None and units_compatible(inner[0].q.unit, h.figure.unit)]
        targets = fitting[-1:] or targets
    if len(group) == 1 and inner and targets[0].figure is not None:
        plan = positive_value(inner[0].q)
        share = Decimal(group[0].group("num").replace(" ", ""))
        agreeing = [h for h in holders if h.figure is not None and plan is not None
                    and _share_is(h.figure, plan, inner[0].q.unit, share)]
        if agreeing and targets[0] not in agreeing:
            # "新建公共停车泊位3200个,其中充电桩车位640个,完成年度目标3000个的106.7%": 3200 / 3000 = 106.7 %, the
            # arithmetic names the figure the share measures
            targets = agreeing[-1:]
    if len(group) == 1 and _after_listed_parts(walk.text, holders):
        targets = holders[:1]  # "新建充电桩2600个,其中快充桩1100个、慢充桩1500个,完成年度目标的130%": the whole's
    pcts = group[-len(targets):] if len(group) > len(targets) else group
    for slot, pct in zip(targets, pcts):
        if slot.figure is not None and slot.figure.unit not in ("%",):
            set_pct(slot.figure, pct, basis)
        if inner and slot.figure is not None:
            value = positive_value(inner[0].q)
            if value is not None:
                walk.decide(slot, slot._replace(targets=(*slot.targets, Target("", value, inner[0].q.unit))))
                # the plan is this figure's: not also the target of a figure after it ("…,其中示范路45公里")
                plan = next((s for s in walk.slots if s.q is inner[0].q), None)
                if plan is not None:
                    walk.decide(plan, plan._replace(role=_DROP))


def _share_is(fig: Figure, plan: Decimal, plan_unit: str, share: Decimal) -> bool:
    """True when `fig` is `share` percent of the plan, within one point (base units)."""
    base = to_base(plan, plan_unit)[0]
    return bool(base) and fig.base_value is not None and fig.base_unit == base_unit_of(plan_unit) \
        and abs(fig.base_value * 100 / base - share) <= 1


def _after_listed_parts(text: str, holders: list[Slot]) -> bool:
    """True when the holders are a whole and, after 其中, two or more parts listed with 、 (one percent after such a
    list measures the whole, not its last part)."""
    if len(holders) < 3:
        return False
    if not re.fullmatch(r",?其中[,:]?[^,;。\d]*", text[holders[0].q.end:holders[1].q.start]):
        return False
    return all(re.fullmatch(r"、[^,;。\d]*", text[a.q.end:b.q.start]) for a, b in zip(holders[1:], holders[2:]))


_THRESHOLD_AFTER = re.compile(
    r"\s*(?:[-—~至]\s*\d+(?:\.\d+)?\s*%)?\s*(?:(?:以上|以下|之间)?的?有|(?:以上|以下|之间)的[\u4e00-\u9fff]{1,4}?有"
    rf"|(?:以上|以下)?的(?:{V.THRESHOLD_NOUNS.pattern()}))")
_COUNTED_BEFORE = re.compile(r"有\d+[项个件]|^(?:其中)?\d+[项个件][^,;。]{0,8}?(?:超过|高于|低于|达到|不足)")
"""Items counted before a threshold: "有27项完成进度超过60%", "7件完成进度超过年度计划的60%"."""


_BOUND_BEFORE = re.compile(r"(?:超过|高于|低于|不足|不到|未达到?)$")
_VALUES_LISTED_AFTER = re.compile(r"\s*,\s*分别(?:为|是|达到?|仅为)?\s*\d")
"""The values a bound picks out, listed right after it with 分别."""
_ALL_BEYOND = re.compile(r"均(?:超过|高于|低于|不足|不低于|不高于)$")
"""A bound several things pass ("完成率均超过55%"): not a measured value (均达到100% is one)."""


def _threshold(walk: SentenceWalk, at: PercentAt) -> bool:
    """A percent that bounds a status count of the programme's items ("进度在60%-80%之间的有13项", "80%以上的有9项", "80%以上的旗县有",
    "有27项完成进度超过60%"), or the items a measure is taken against ("对进度低于50%的项目开展专项督导"): a threshold,
    neither a figure nor a percent of plan (corpus README: summary counts)."""
    after = _THRESHOLD_AFTER.match(walk.text, at.p.end(), walk.s_end)
    if after is None and _BOUND_BEFORE.search(at.lead) and _VALUES_LISTED_AFTER.match(walk.text, at.p.end()):
        return True  # "会昌县、安远县、寻乌县完成率低于80%,分别为79.6%、76.4%、72.8%": the bound the values pass
    return after is not None or _COUNTED_BEFORE.search(at.lead) is not None or _ALL_BEYOND.search(at.lead) is not None


_RATE_TARGET_LEAD = re.compile(r"(?:年度|全年|年|预期)*目标值?(?:为|是|:)?(?:增长|增速)?\s*$")
"""Plan words right before a rate's target: "年度目标为9%", "(目标6%)", "控制在年度目标5.5%以内"."""
_RATE_PLAN_SHARE = re.compile(r"(?P<basis>(?:年度|全年|年|预期)*目标值?)\s*(?P<num>\d+(?:\.\d+)?)\s*%\s*的\s*$")
"""A rate's target and the share of it reached: "增长6.5%,完成年度目标7%的92.9%"."""


def _rate_target(walk: SentenceWalk, at: PercentAt) -> bool:
    """A percent that states the plan of the rate figure just before it in its sentence (its target, unit %), or
    the share of that plan the rate reached (its percent of plan, with the target written before it)."""
    if len(at.group) == 1 and at.lead in _BOUND_VERBS and _BOUND_AFTER.match(walk.text, at.p.end()):
        return _rate_bound(walk, at)
    if len(at.group) == 1 and at.lead in _COMPARED_VERBS and _TARGET_NAMED_AFTER.match(walk.text, at.p.end()):
        return _rate_bound(walk, at)  # "增长6.8%,高于6.5%的年度目标": the target the rate is compared with
    if len(at.group) != 1 or walk.text.find("目标", max(walk.s_start, at.pos - 24), at.pos) < 0:
        return False  # every other rate target is written after 目标 (memchr-speed test first)
    rate = max(walk.ordered, key=_FIRST, default=(0, None))[1]
    if rate is None or rate.unit != "%" or rate.pct_of_plan is not None:
        return False
    # "%" ends a clause (`CLAUSE_BREAK`): the target before 的 is looked for in the text just before the percent.
    share = _RATE_PLAN_SHARE.search(walk.text, max(walk.s_start, at.pos - 24), at.pos)
    if share is not None and rate.target in (None, Decimal(share.group("num"))):
        set_target(rate, Target("", Decimal(share.group("num")), "%"), "text")
        set_pct(rate, at.p, share.group("basis"))
        return True
    if rate.target is None and _RATE_TARGET_LEAD.search(at.lead):
        set_target(rate, Target("", Decimal(at.p.group("num").replace(" ", "")), "%"), "text")
        return True
    opening = _BRACKET_OPEN.search(walk.text, max(walk.s_start, at.pos - 4), at.pos) if rate.target is None else None
    if opening is not None and _COMPARED_TARGET.search(walk.text, max(walk.s_start, at.pos - 20), opening.start()) \
            and _BRACKET_CLOSE.match(walk.text, at.p.end()):
        # "合格率为87.5%,低于省定目标(90%)2.5个百分点", "比年度目标(增长10%)高1.2个百分点", "低于年度目标(8%以上)": the
        # target the rate is compared with, in brackets
        set_target(rate, Target("", Decimal(at.p.group("num").replace(" ", "")), "%"), "text")
        return True
    return False


_COMPARED_TARGET = re.compile(r"(?:高于|低于|超过|超出|未达到|达到|比)(?:省定|市定|国家|省级|年度|全年|预期)*目标值?$")
_BRACKET_OPEN = re.compile(r"\((?:增长|增速|下降)?$")
_BRACKET_CLOSE = re.compile(r"(?:以上|以内|以下|左右)?\)")


_BOUND_VERBS = ("控制在", "不超过", "不高于", "不低于", "保持在", "稳定在")
_BOUND_AFTER = re.compile(r"\s*(?:的(?:年度|全年|预期)*目标)?(?:以内|以下|以上|之内)")
"""What closes a bound after its percent ("5.5%以内", "3.5%的目标以内")."""
_COMPARED_VERBS = ("高于", "低于", "超过", "超出", "略高于", "略低于")
_TARGET_NAMED_AFTER = re.compile(r"\s*的(?:年度|全年|年|预期)*目标")


def _rate_bound(walk: SentenceWalk, at: PercentAt) -> bool:
    """A bound stated in the clause right after a rate ("城镇调查失业率5.1%,控制在5.5%以内"), or the target it is
    compared with there ("增长6.8%,高于6.5%的年度目标"): the rate's target."""
    rate = max(walk.ordered, key=_FIRST, default=(0, None))[1]
    if rate is None or rate.unit != "%" or rate.target is not None or rate.pct_of_plan is not None \
            or walk.text[rate.end:at.clause].strip() != ",":
        return False
    set_target(rate, Target("", Decimal(at.p.group("num").replace(" ", "")), "%"), "text")
    return True


def _aim(walk: SentenceWalk, at: PercentAt) -> bool:
    # "力争全年固定资产投资增长12%以上", "确保一般公共预算收入完成年度预算的50%以上": an aim to come, not a figure
    if "前" in at.lead and DEADLINE_AIM.match(at.lead) and not DONE_MARK.search(at.lead):
        return True  # "11月30日前完工率达到95%以上": a goal by a deadline
    start = max(walk.s_start, at.clause - 20)
    if walk.text.find("力争", start, at.pos) < 0 and walk.text.find("确保", start, at.pos) < 0:
        return False
    aim = _AIM_WORD.search(walk.text, start, at.pos)
    return aim is not None and DONE_MARK.search(walk.text, aim.end(), at.pos) is None


_AIM_WORD = re.compile(r"力争|确保")
DEADLINE_AIM = re.compile(DEADLINE + "(?:达到|完成|实现|全部|基本)")
"""A clause that opens with a deadline to come and what is to be reached by it ("11月30日前完工率达到95%以上",
"6月底前完成筛查任务的60%以上"): a goal, not a figure."""


_STATED_RATE_TARGET = re.compile(r"(?P<subject>[^,;:。]{2,24}?)(?:年度|全年|预期)*目标值?(?:为|是|:)?"
                                 r"(?P<change>增长|下降)?\s*")
_ACTUAL_LEAD = re.compile(r"(?:实际(?:完成|实现|达到|为|增长)?|(?:全年|年底)?(?:完成|实现|达到|为))了?\s*")
"""The words before a rate's actual after its plan: "实际完成6.8%", "实际3.2%", "完成2.9%"."""


_REPORTED_LEAD = re.compile(r"\d{1,2}\s*月|季度|上半年|截至|截止|实际|目前|全年")
"""A clause that reports a period's actual ("1-9月地区生产总值增长"), not a plan's threshold."""
_RATE_AFTER_PLAN = re.compile(rf"(?:{V.RATE_WORDS.pattern()})(?:为|达|达到|是)?\s*")
"""A progress rate alone in its clause after the plan's ("建成碧道186公里,年度任务为200公里,完成率93%"): the figure's
percent of plan, not a threshold of the plan sentence."""
_BARE_RATE_PLAN = re.compile(r"(?:年度|全年|今年|预期)*目标(?:为|是|:)?(?:增长|下降)?\s*")
"""A rate's plan without a subject ("年度目标为增长"): the subject is the rate reported after it."""


def _actual_after_its_target(walk: SentenceWalk, at: PercentAt, stated: tuple[re.Match, str] | None) -> bool:
    """A rate's plan stated first and its actual after it ("地区生产总值增速预期目标为6.5%,实际完成6.8%", "研发经费投入
    强度目标2.8%,完成2.9%"): one rate figure named by the subject, its target the plan (unit %). True when read."""
    if stated is None or len(at.group) != 1:
        return False
    plan, subject = stated
    # "实际完成6.8%", or the rate named again ("目前参保率达到96.2%" after "城乡居民医保参保率稳定在95%以上")
    named_again = strip_trailing_noise(strip_leading_noise(at.lead.removesuffix("达到"))).strip()
    if not _ACTUAL_LEAD.fullmatch(at.lead) and not (len(named_again) >= 2 and named_again in subject):
        return False
    fig = walk.percent_figure(at.p, strip_leading_noise(subject).strip(), "rate")
    if fig is None:
        return False
    set_target(fig, Target("", Decimal(plan.group("num").replace(" ", "")), "%"), "text")
    walk.ordered[:] = [(a, f) for a, f in walk.ordered if a != plan.start()]  # the plan is not a figure
    walk.ordered.append((at.p.start(), fig))
    return True


def _count_share(walk: SentenceWalk, at: PercentAt) -> bool:
    # A bare 占 right after a summary count ("进度超过75%的有30个,占71.4%") is that count's share, not a figure.
    after_summary = at.lead.strip() == "占" and bool(walk.since_pct) and walk.since_pct[-1].role == _DROP
    if after_summary:
        return True
    if SHARE_WORDS.search(at.lead) is None:
        return False
    # "其中税收收入10.85亿元,税收占比74.2%": the share of an amount (not a count of projects) is a rate of its own
    last = walk.since_pct[-1].figure if walk.since_pct else None
    if last is not None and last.base_unit not in _ITEM_COUNT_UNITS and "占比" in at.lead:
        words = strip_leading_noise(at.lead).strip()
        own = len(words) - len("占比") >= 2  # "税收占比" names its amount; a bare "占比" takes the amount's label
        fig = walk.percent_figure(at.p, words if own else last.label + words, "rate")
        if fig is not None:
            walk.ordered.append((at.p.start(), fig))
    return True


_ITEM_COUNT_UNITS = ("个", "项", "件", "类")


def _progress_rate(walk: SentenceWalk, at: PercentAt) -> bool:
    lead = at.lead
    # Every rate word ends in 率, 进度, 比例 or 完成: memchr-speed tests spare the pattern's scan of most percents.
    rate = PROGRESS_RATE.search(lead) if ("率" in lead or "进度" in lead or "比例" in lead or "完成" in lead) \
        else None
    bare = rate is None and len(at.group) == 1 and lead.strip() in V.BARE_COMPLETION.words  # "…2043台, 完成81.7%"
    if not bare and (rate is None or rate.group("rate").startswith(V.WHOLE_RATE)
                     or rate.group("rate").endswith(V.OWN_PROGRESS)
                     or V.WHOLE_RATE + "进度" in rate.group("rate")):
        return False  # "银川市10项为民办实事整体进度达到78.6%": the programme's overall progress, a figure of its own
    # A dropped count before a colon opens the list the rate is in ("超额完成的有5项:驿站建设完成2个,完成率200%"):
    # it does not stand between the rate and its figure.
    eligible = [s for s in walk.since_pct if (s.role == _DROP and walk.text.find(":", s.q.end, at.pos) < 0) or (
        s.figure is not None and s.figure.pct_of_plan is None and s.figure.unit not in ("%", "个百分点")
        and not _PER_CAPITA.search(s.label))]
    if len(eligible) > 1 and eligible[-1].figure is not None and eligible[0].figure is None:
        # "全区10个街道共申报…1286个,已完成立项1054个,完成率82.0%": a dropped count (a scope) before the figure
        # the rate follows does not stand between them
        eligible = [s for s in eligible if s.figure is not None]
    # One rate after one figure; or rates listed after 分别, one per figure before them, in order
    # ("新建公园5个、绿道12公里,完成率分别为83.3%、60%").
    listed = len(at.group) > 1 and rate is not None and rate.group("resp") is not None
    if len(eligible) >= 2 and len(at.group) == 1 \
            and any(_whole_confirms(e.figure, eligible[-1].figure, at.p) for e in eligible[:-1]):
        # "新建公厕50座,已完工42座,完成率84%": the rate is the stage count's, of the whole (which may stand before
        # an amount in another unit: "改造老旧小区90个、惠及居民2.1万户,已开工86个,开工率95.6%")
        eligible = eligible[-1:]
    if len(eligible) >= 2 and len(at.group) == 1 and rate is not None:
        # "已开工1432户,完工1068户,完工率53.4%": the rate of the stage it names
        named = STAGE_WORD.search(rate.group("rate"))
        staged = [e for e in eligible if named and e.figure is not None and named.group() in e.figure.label]
        plans = [s.q for s in walk.slots if s.role == _TARGET]
        if len(staged) == 1 and _stage_rate_fits(staged[0].figure, [e.figure for e in eligible], at.p, plans):
            eligible = staged
    if len(eligible) != len(at.group) or len(at.group) > 1 and not listed:
        return False
    flow = _MONEY_FLOW.search(lead) if rate is not None and "资金" in lead else None
    if flow and any(s.figure is not None and flow.group(1) not in s.figure.label for s in eligible):
        return False  # "完成投资2.3亿元,资金到位率达92%": the share of funds received, a rate of its own (README)
    word = rate.group("rate") if rate else V.RATE_WORDS.words[0]
    for slot, pct in zip(eligible, at.group):
        if slot.figure is not None:
            set_pct(slot.figure, pct, None if word == V.RATE_WORDS.words[0] else word)
    return True




def _stage_rate_fits(count: Figure, figures: list, pct: re.Match, plans: list[Quantity]) -> bool:
    """Whether a stage's rate may be the percent of the stage count it names: the sentence's plans of its unit, and
    any count before it that may be its whole (same unit, as large, no stage of its own), agree with it ("城市更新项目36个,新开工项目30个,开工率60%" binds
    neither); counts of other stages ("已开工1432户") are no wholes."""
    wholes = [f for f in figures if f is not None and f is not count and f.base_unit == count.base_unit
              and f.base_value is not None and count.base_value is not None and f.base_value >= count.base_value
              and not STAGE_WORD.search(f.label)]
    value = Decimal(pct.group("num").replace(" ", ""))
    for plan in plans:  # the sentence's plan of the count's unit must agree too ("任务2000户,…完工1068户,完工率53.4%")
        base, unit, _ = to_base(positive_value(plan) or Decimal(0), plan.unit)
        if unit == count.base_unit and base and count.base_value is not None \
                and abs(count.base_value * 100 / base - value) > 1:
            return False
    if any(_whole_confirms(f, count, pct) for f in figures if f is not None and f is not count and f not in wholes):
        return False  # "已开工1432户,完工710户,完工率49.6%": a rate of the started, not of the plan
    return all(_whole_confirms(w, count, pct) for w in wholes)
_MONEY_FLOW = re.compile(r"资金(到位|支出|拨付|支付)")
"""A rate of funds received, spent or paid out: the amount's percent only when the amount measures that flow
("筹措到位资金…,资金到位率45%"), else a rate of its own (corpus README: a share of money received or spent)."""


def _whole_confirms(whole: Figure | None, count: Figure | None, pct: re.Match) -> bool:
    """True when `whole` is the base of a rate stated right after `count` ("新建公厕50座,已完工42座,完成率84%":
    42 / 50 = 84 %): same base unit, larger (or equal at 100 %: "改造老旧小区86个,已开工86个,开工率100%"), and the
    percent within one point of count / whole. The arithmetic is the evidence; `targets.bind_confirmed_wholes` then
    binds the whole as the count's target."""
    if whole is None or count is None or whole.base_unit != count.base_unit or not whole.base_value \
            or count.base_value is None or whole.base_value < count.base_value:
        return False
    return abs(count.base_value * 100 / whole.base_value - Decimal(pct.group("num").replace(" ", ""))) <= 1


_LEAD_IN_PLAN = re.compile(rf"占(?P<basis>[^。;\n:()]{{0,10}}?(?:{V.PLAN_WORDS.pattern()})[^。;\n:()的]{{0,4}})"
                           r"[^。;\n:]{0,6}?[:)]")
"""A lead-in that names the plan once for the shares listed after it: "各项任务分别占年度计划:", "(占年计划比例):"."""
LEAD_IN_SPAN = 400
"""How far (characters) before a bare 占 share its lead-in may stand: a paragraph or a short list."""


def _lead_in_share(walk: SentenceWalk, at: PercentAt) -> bool:
    if at.lead.strip() != "占" or len(at.group) != 1:
        return False
    leads = list(_LEAD_IN_PLAN.finditer(walk.text, max(0, at.pos - LEAD_IN_SPAN), at.pos))
    eligible = [s for s in walk.since_pct if s.figure is not None and s.figure.pct_of_plan is None
                and s.figure.unit not in ("%", "个百分点")]
    if len(eligible) != 1:
        return False
    if not leads:  # "东湖区完工21个,占该区任务的28.4%;西山区完工17个,占26.6%": the plan named by the share before
        line = walk.text.rfind("\n", 0, at.pos) + 1
        earlier = list(_EARLIER_SHARE.finditer(walk.text, max(line, at.pos - LEAD_IN_SPAN), at.pos))
        if not earlier:
            return False
        part = eligible[0].figure
        if walk.text.find("其中", earlier[-1].end(), part.start) >= 0 and _share_of_whole(walk, part, at):
            # "完成棚户区改造8000套,占年度目标的80%,其中货币化安置5200套,占65%": a part's share of its whole, a rate
            # of its own named by the part (as "税收占比74.2%" is), not a percent of plan
            fig = walk.percent_figure(at.p, part.label + "占比", "rate")
            if fig is not None:
                walk.ordered.append((at.p.start(), fig))
            return True
        set_pct(part, at.p, earlier[-1].group("basis"))
        return True
    set_pct(eligible[0].figure, at.p, leads[-1].group("basis").strip().removesuffix("比例").removesuffix("的"))
    return True


def _share_of_whole(walk: SentenceWalk, part: Figure, at: PercentAt) -> bool:
    """True when the percent is the part's share of the figure before it in its unit (part / whole within one
    point): the arithmetic tells a part's share from its own percent of plan."""
    whole = next((f for _, f in reversed(walk.ordered) if f.start < part.start and f.base_unit == part.base_unit
                  and f.base_value), None)
    if whole is None or whole.base_value is None or part.base_value is None:
        return False
    pct = Decimal(at.p.group("num").replace(" ", ""))
    return abs(part.base_value * 100 / whole.base_value - pct) <= 1


_EARLIER_SHARE = re.compile(r"占(?P<basis>[^,;。\d%]{0,8}?(?:任务|计划|目标))的\s*\d+(?:\.\d+)?\s*%")
"""A share that names its plan, earlier on the line ("占该区任务的28.4%"): the plan of the bare shares after it."""


def _share_of_stated_plan(walk: SentenceWalk, at: PercentAt) -> bool:
    if at.lead.strip() != "占" or len(at.group) != 1 or not walk.since_pct:
        return False
    fig = walk.since_pct[-1].figure
    if fig is None or fig.pct_of_plan is not None or fig.unit in ("%", "个百分点") or fig.base_value is None:
        return False
    plan = next((s for s in reversed(walk.slots) if s.role == _TARGET and s.q.end <= fig.start), None)
    value = positive_value(plan.q) if plan is not None else None
    if value is None or plan is None:
        return False
    base, unit, _ = to_base(value, plan.q.unit)
    pct = Decimal(at.p.group("num").replace(" ", ""))
    if not base or unit != fig.base_unit or abs(fig.base_value * 100 / base - pct) > 1:
        return False
    set_pct(fig, at.p, None)
    return True


def _bracketed_share(walk: SentenceWalk, at: PercentAt) -> bool:
    text, pos, since_pct = walk.text, at.pos, walk.since_pct
    paren = _OPEN_PAREN.fullmatch(text[max(walk.s_start, pos - 1):pos])
    if not (paren and since_pct and text[since_pct[-1].q.end:pos].strip() == "("):
        return False
    slot = since_pct[-1]
    if slot.figure is not None and slot.figure.pct_of_plan is None:
        set_pct(slot.figure, at.p, None)
    return True


def _own_figure(walk: SentenceWalk, at: PercentAt) -> bool:
    lead_label = ""
    for pct in at.group:
        # "开工率分别为35.29%、39.73%": a percent listed after the first has no words of its own; it shares the
        # words that lead the list.
        fig = walk.percent_figure(pct, walk.percent_label(pct) or lead_label)
        if fig is not None:
            lead_label = lead_label or fig.label
            walk.ordered.append((pct.start(), fig))
    return True


def _benchmark(walk: SentenceWalk, at: PercentAt) -> bool:
    # "较序时进度(75%)快6.8个百分点": the share of the year elapsed, written beside its name; not a figure
    return walk.text[max(walk.s_start, at.pos - 6):at.pos].endswith(_BENCHMARK_BEFORE)


_BENCHMARK_BEFORE = ("序时进度(", "时序进度(", "时间进度(", "序时进度为", "时间进度为")


def _formula(walk: SentenceWalk, at: PercentAt) -> bool:
    # "完成率=1-6月完成情况/年度目标任务×100%": the definition of a rate, no amount
    return walk.text[max(walk.s_start, at.pos - 1):at.pos] in _FORMULA_SIGNS


_FORMULA_SIGNS = ("×", "*", "x", "X")


PERCENT_ROLES: tuple[Rule, ...] = (
    Rule("benchmark", "the share of the year elapsed written beside its name (序时进度(75%)): not a figure",
         "完成投资5亿元,时间进度为75%。", ("完成投资=5亿元",), _benchmark, needs=_BENCHMARK_BEFORE),
    Rule("formula", "a percent a definition multiplies by (…/年度目标任务×100%): not a figure",
         "新建公园5个。完成率=完成数/年度目标×100%。", ("新建公园=5个",), _formula, needs=_FORMULA_SIGNS),
    Rule("rate target", "a percent after plan words right after a rate figure (年度目标为9%, (目标6%)): the rate's "
         "target; a percent after that target and 的 (完成年度目标7%的92.9%): the rate's percent of plan",
         "城镇居民人均可支配收入增长5.5%(目标6%)。", ("城镇居民人均可支配收入增长=5.5% target=6%(text)",), _rate_target),
    Rule("aim", "a percent after 力争 or 确保, or after a deadline to come (11月30日前…达到95%): an aim, not a figure",
         "新建公园5个,力争全年完成率达到95%以上。",
         ("新建公园=5个",), _aim),
    Rule("threshold", "a percent that bounds a status count of items (…以上的有9项): not a figure",
         "截至9月底,新建公园5个,进度在80%以上的有9项。", ("新建公园=5个",), _threshold),
    Rule("plan share", "a percent after plan words (占年计划的): the percent of plan of the figures before it, in "
         "order; with no figure before it, a progress figure of its own",
         "城镇新增就业4.2万人,占年计划的105%。", ("城镇新增就业=4.2万人 105%(年计划)",), _plan_share),
    Rule("count share", "a share of a count of projects (占比, 占总数的): neither a figure nor a percent of plan",
         "已开工项目60个,占比60%。", ("开工项目=60个",), _count_share),
    Rule("progress rate", "a rate or progress word (完成率, 开工率, 支出进度), or 完成 alone, after one figure: that "
         "figure's percent of plan",
         "完成投资34亿元,投资完成率68%。", ("完成投资=34亿元 68%(投资完成率)",), _progress_rate),
    Rule("plan named in a lead-in", "a bare 占 share after one figure, below a lead-in that names the plan once",
         "各项任务分别占年度计划:改造老旧小区120个,占109.1%;新建公园5个,占83.3%。",
         ("改造老旧小区=120个 109.1%(年度计划)", "新建公园=5个 83.3%(年度计划)"), _lead_in_share),
    Rule("share of a stated plan", "a bare 占 share right after a figure whose plan the sentence states, when the "
         "arithmetic confirms it (figure / plan within one point): its percent of plan",
         "加装电梯40部,完成31部,占77.5%。", ("加装电梯=31部 77.5% target=40部(text)",), _share_of_stated_plan),
    Rule("bracketed share", "a percent in brackets right after a figure: its percent of plan",
         "老旧小区改造已完成80个(53%)。", ("老旧小区改造已完成=80个 53%",), _bracketed_share),
    Rule("own figure", "any other percent is a figure of its own (a rate such as 合格率, a growth)",
         "群众满意度达到96.5%。", ("群众满意度=96.5%",), _own_figure),
)
"""The percent role rules, in the order they are tried (`decide(walk, at)` returns True when it read the
percent); the last always reads it."""


def assign_percents(index: TextIndex, span: tuple[int, int], slots: list[Slot], site: Site,
                    base_index: int, target_sentence: bool) -> tuple[list[Figure], list[Slot]]:
    """Walk a sentence (`span` of `text`) in order, giving each percent its role (`PERCENT_ROLES`), and return the
    sentence's figures in order (the figures of `slots` and the percents read as figures of their own) and its
    slots as the walk decided them (new slots for those it changed: `SentenceWalk.decide`).

    `base_index`: figures before this sentence (for ids); `target_sentence`: `TARGET_SENTENCE` occurs in it.
    """
    text, breaks = index.text, index.breaks
    s_start, s_end = span
    if text.find("%", s_start, s_end) < 0:  # no percent: the figures of the slots, in order
        return [s.figure for s in slots if s.figure is not None], slots
    percents = percents_in(text, s_start, s_end)
    events: list[tuple[int, str, object]] = [(s.q.start, "q", s) for s in slots]
    events += [(p.start(), "p", p) for p in percents]
    events.sort(key=_FIRST)
    walk = SentenceWalk(text, span, slots, site, base_index, breaks)
    pending, since_pct, ordered = walk.pending, walk.since_pct, walk.ordered  # rules change them in place
    consumed: set[int] = set()
    stated: tuple[re.Match, str] | None = None  # a rate's plan stated before its actual in this sentence
    bare_plan: Decimal | None = None  # a plan sentence's rate plan without a subject ("年度目标为增长7%左右")
    for pos, kind, obj in events:
        if kind == "q":  # (inline: once per quantity)
            if obj.role != _TARGET or obj.q.in_quote is False:
                pending.append(obj)
            if obj.figure is not None:
                ordered.append((pos, obj.figure))
                since_pct.append(obj)
            elif obj.role == _DROP:
                since_pct.append(obj)
            continue
        if pos in consumed or any(s.q.start <= pos < s.q.end for s in slots):
            continue
        clause = clause_start(breaks, s_start, pos)
        if clause > s_start and text[clause - 1] == ")" and _AMOUNT_IN_BRACKETS.search(text, s_start, clause):
            # "完成年度目标(50场)的180%": the plan's amount in brackets belongs to the percent's clause
            clause = clause_start(breaks, s_start, text.rfind("(", s_start, clause))
        group = _percent_group(text, obj, percents, s_end)
        at = _new(PercentAt, (obj, pos, clause, text[clause:pos], group))
        if _actual_after_its_target(walk, at, stated):
            consumed.update(g.start() for g in group)
            continue
        stated_target = _STATED_RATE_TARGET.fullmatch(at.lead) if "目标" in at.lead else None  # (the pattern holds 目标)
        if stated_target and len(group) == 1 and not any(f.unit == "%" for _, f in ordered):
            # "地区生产总值增速预期目标为6.5%", "地区生产总值预期目标增长7%左右": the rate's plan
            stated = (obj, stated_target.group("subject") + (stated_target.group("change") or ""))
        elif len(group) == 1 and at.lead.endswith(_BOUND_VERBS) and _BOUND_AFTER.match(text, obj.end()) \
                and not any(f.unit == "%" for _, f in ordered) and len(at.lead) > 5:
            # "城乡居民医保参保率稳定在95%以上,目前参保率达到96.2%": a rate's bound stated before its actual
            stated = (obj, at.lead[:-3])
        if target_sentence and TARGET_SENTENCE.search(text, s_start, pos) and not (
                (_REPORTED_LEAD.search(at.lead) or _RATE_AFTER_PLAN.fullmatch(at.lead))
                and TARGET_SENTENCE.search(text, s_start, clause)):
            # "…增长8.2%,年度目标为9%": a plan sentence's percent is a threshold or a target (not a clause after the
            # plan's that reports a period: "年度目标为增长7%左右,1-9月地区生产总值增长6.8%")
            if not _rate_target(walk, at) and len(group) == 1 and _BARE_RATE_PLAN.fullmatch(at.lead):
                bare_plan = Decimal(obj.group("num").replace(" ", ""))
            continue
        if bare_plan is not None and len(group) == 1 and _REPORTED_LEAD.search(at.lead):
            # the sentence's plan without a subject is the target of the rate its period reports
            fig = walk.percent_figure(obj, strip_leading_noise(at.lead).strip(), "rate")
            if fig is not None:
                set_target(fig, Target("", bare_plan, "%"), "text")
                ordered.append((pos, fig))
                bare_plan = None
                consumed.add(pos)
                continue
        consumed.update(g.start() for g in group)
        for decide in _deciders(PERCENT_ROLES, text):
            if decide(walk, at):
                break
        if len(since_pct) == 1 and since_pct[0].figure is not None \
                and (_CHANGE_LEAD.search(at.lead) or _SHARE_OF_WHOLE_LEAD.match(at.lead)):
            continue  # "完成投资52亿元,同比增长8%(占全市的60.3%),占年度计划的65%": between a figure and its share
        if len(group) == len(since_pct) > 1 and _CHANGES_LISTED_LEAD.search(at.lead) \
                and all(s.figure is not None for s in since_pct):
            continue  # "分别完成58.4亿元、12.7亿元,分别增长6.2%、8.8%,分别完成年度目标的…": the amounts' changes
        if walk.keep_pending:
            walk.keep_pending = False
            continue
        pending.clear()
        since_pct.clear()
    return [f for _, f in sorted(ordered, key=_FIRST)], walk.slots


_FIRST = operator.itemgetter(0)
_new = tuple.__new__
"""`PercentAt(*fields)` at half the cost (NamedTuple's own __new__ is a Python function)."""
_DECIDERS: list = [((), None, ())]
"""The table, the text and the deciders of the last call of `_deciders` (held, so that their identities cannot pass
to other objects)."""


def _deciders(table: tuple[Rule, ...], text: str) -> tuple:
    """The `decide` functions of `table` in order, without those whose words `text` lacks (`Rule.needs`: they would
    decline every percent of it); rebuilt when the table (tests remove a rule) or the text changes."""
    last_table, last_text, found = _DECIDERS[0]
    if table is not last_table or text is not last_text:
        skipped = unmet(table, text)
        found = tuple(rule.decide for k, rule in enumerate(table) if k not in skipped)
        _DECIDERS[0] = (table, text, found)
    return found



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


