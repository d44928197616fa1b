"""Stated targets: plan amounts attached to the figures they are the plan of.

Input: figures and targets (from the same sentence, an earlier sentence, an item's commitment, a table row, or
a category heading). Output: `target`, `target_unit` and `target_source` set on figures.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from decimal import Decimal

from transforms.extract import vocabulary as V
from transforms.extract.figures import pct_agrees, set_label, set_target
from transforms.extract.labels import STAGES, is_bare, stage_of, subject_of, with_stage
from transforms.extract.roles import PLAN_KEY
from transforms.extract.quantities import HAN, Quantity, positive_value
from transforms.extract.clauses import BULLETS, clean_label
from transforms.extract.layout import CATEGORY_LINE, heading_line
from transforms.extract.structure import heading_targets
from transforms.checks import expected_pct
from transforms.numbers import to_base, units_compatible
from transforms.gazetteer import find_regions
from transforms.record import Category, Figure, Item, Target
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from transforms.extract.prose import Slot

def attach_carried(carried: list[Slot], slots: list[Slot], text: str) -> list[Slot]:
    """Plan amounts left over from earlier sentences of the same span (an item, or the text outside items) go to
    a later figure only when its percent confirms them ("年度计划投资853.8亿元。1-8月共完成投资622.2亿元,占年度
    投资计划的73%"; the plan may be stated paragraphs before the progress), or when the figure's sentence opens
    with a report key ("目标:…600个。进展:已新增托位645个"): then only the nearest plan, which goes on to the
    sentence's later stages of the same thing ("进展:15个小区已全部开工,完工9个"). `carried` is searched in its
    order: the caller gives the nearest plan first; `text` is the extraction's text, in which the slots' offsets
    are (a plan sentence binds the stages of its thing in the sentence right after it). Returns the plans a report key took, which are not carried
    further (a plan keyed for one item is not the next item's); a plan a percent confirms may be confirmed again."""
    used: list[Slot] = []
    for n, target in enumerate(carried):
        value = positive_value(target.q)
        if value is None:
            continue
        for k, slot in enumerate(slots):
            fig = slot.figure
            if fig is None or fig.target is not None or not units_compatible(target.q.unit, fig.unit):
                continue
            # "年度目标:…1.3万人;完成情况:3562人": the pair's report
            reported = _REPORTED_KEY.match(fig.sentence) is not None
            if reported and n > 0:
                break  # a report key answers the plan keyed just before it, not an older one
            nearest = next(c for c in carried if units_compatible(c.q.unit, fig.unit)) is target
            if not reported and nearest and fig.pct_of_plan is None and not _own_plan_before(slots, k, target) \
                    and (is_bare(fig.label) or _names_the_plans_thing(fig.label, target.label)) \
                    and not _in_a_commitment_list(text, target.q) \
                    and to_base(value, target.q.unit)[1] == fig.base_unit \
                    and _in_the_sentence_before(text, target, fig, carried):
                reported = True  # "全市计划改造城镇老旧小区312个。截至6月30日,已开工247个": the stage of the plan before
            if reported or fig.pct_of_plan is not None and pct_agrees(fig, value, target.q.unit):
                set_target(fig, Target("", value, target.q.unit, target.q.qualifier), "text")
                own = fig.label.strip()
                if reported and (not own or len(own) <= 3 and own in target.label) \
                        and not PLAN_KEY.fullmatch(target.label.removesuffix(":")):
                    # the plan's words name the thing ("新增城镇就业"; "完成食品安全抽检" for "完成抽检"), not its key
                    set_label(fig, clean_label(_PLAN_LEAD.sub("", target.label)) or clean_label(target.label))
                elif reported and is_bare(own):  # "目标:新建公共充电桩1000个。进展:已建成820个" -> 新建公共充电桩建成
                    _name_by_plan(fig, target.label)
                if reported:
                    _plan_to_later_stages(fig, slots[k + 1:], value, target.q)
                    used.append(target)
                break
    return used


def _in_the_sentence_before(text: str, plan: Slot, fig: Figure, carried: list[Slot]) -> bool:
    """True when the plan's sentence is the one right before the figure's: nothing but words, or other plans of that
    sentence ("计划改造老旧小区120个,涉及居民2.4万户。截至9月底,已开工108个"), between them."""
    between = text[plan.q.end:fig.sentence_start]
    if _NEXT_SENTENCE.fullmatch(between):
        return True
    for other in carried:
        if plan.q.end <= other.q.lead and other.q.end <= fig.sentence_start:
            between = between.replace(text[other.q.lead:other.q.end], "", 1)
    return _NEXT_SENTENCE.fullmatch(between) is not None


def _in_a_commitment_list(text: str, q: Quantity) -> bool:
    """True when the plan is an entry of the programme's list of commitments ("10项民生实事项目分别是:新建公园10个、…"):
    `bind_listed_commitments` binds those, as commitments, to the figures of every later sentence."""
    opening = max(text.rfind("。", 0, q.start), text.rfind("\n", 0, q.start)) + 1
    return _LISTED_COMMITMENTS.search(text, opening, q.start) is not None


def _own_plan_before(slots: list[Slot], k: int, carried: Slot) -> bool:
    """True when the figure's sentence states a plan of the carried plan's unit before it ("2020年计划改造…100个,已全部
    完成;今年计划改造…120个,已开工108个": 120个 is the plan of 108个, not the sentence before's 100个)."""
    return any(s.role == "target" and units_compatible(s.q.unit, carried.q.unit) for s in slots[:k])


def _names_the_plans_thing(label: str, plan_label: str) -> bool:
    """True when a stage figure's label names the thing of a plan ("农村危房改造已竣工" of "完成农村危房改造"): its
    subject, without its stage, of at least four characters, within the plan's words."""
    subject = subject_of(label).removesuffix("已")
    return len(subject) >= 4 and subject in plan_label


_NEXT_SENTENCE = re.compile(r"[^。;\n\d]{0,20}[。;]\s*")
"""The rest of a plan's sentence up to the next sentence: nothing but words between them."""
_REPORTED_KEY = re.compile(r"(?:完成情况|完成数|实际完成|进展情况|推进情况|工作进展|进展|完成)\s*:")
"""The key that opens the report of a plan stated with its own key just before ("完成情况:3562人")."""


_NAMED_YEAR = re.compile(r"^(?:20\d\d|19\d\d)年")
_THIS_YEAR_CLAUSE = re.compile(r"(?:^|[,;:])(?:今年|本年)[^,;:]*$")


def _plan_of_another_year(plan: Slot, fig: Figure) -> bool:
    """True when the plan names a year and the figure's clause opens with 今年 ("2018年目标为新增养老床位2000张,今年已新增
    养老床位1500张"): a bulletin names its own year 今年, so the plan is another year's."""
    return _NAMED_YEAR.match(plan.label) is not None and _THIS_YEAR_CLAUSE.search(
        fig.sentence, 0, fig.start - fig.sentence_start) is not None


_PLAN_AGAIN = re.compile(r"^(?:今年|本年|年度|全年|当年|年内)?(?:计划|目标|任务)")
"""A later plan of the same unit that opens its clause (今年计划…): it shadows an earlier one for the figures after it."""


def attach_sentence_targets(slots: list[Slot]) -> list[Slot]:
    """Targets stated inside a sentence go to the next figure of a compatible unit after them.

    A plan amount (or project-name quantity) is attached only when the figure's own percent, if any, agrees with
    it (value / target within one point of the percent), so that "累计下达搬迁计划53.8万人,…42.3万人,占总计划的
    84.6%" (84.6 % of another plan) is not mis-attached. A whole that the text binds to the figure ("15个…已完成
    8个(53%)", `Slot.whole_of_next`), or a plan amount that the percent names ("年度投资计划80亿元,…占年度投资计划
    的97.2%", `_percent_names_plan`), is attached whatever the percent says: it is the figure's plan by the
    sentence's words, so a wrong percent must meet it in validation, not make it vanish. Unattached targets are
    not figures; they are returned so that a later sentence can use them (`attach_carried`).
    """
    left: list[Slot] = []
    for k, slot in enumerate(slots):
        if slot.figure is not None and slot.targets and slot.figure.target is None:
            t = slot.targets[0]
            set_target(slot.figure, t, "text")
        if slot.role != "target":
            continue
        value = positive_value(slot.q)
        if value is None:
            continue
        attached = False
        for later in slots[k + 1:]:
            fig = later.figure
            if later.role == "target" and later.q.unit == slot.q.unit and _PLAN_AGAIN.search(later.label):
                break  # "2020年计划改造…100个,已全部完成;今年计划改造…120个,已开工108个": the nearer plan is its plan
            if fig is None or fig.unit in ("%", "个百分点") or not units_compatible(slot.q.unit, fig.unit):
                continue
            if fig.target is not None or _plan_of_another_year(slot, fig):
                break
            bound = slot.whole_of_next or _percent_names_plan(fig.pct_basis, slot.label)
            if fig.pct_of_plan is not None and not bound and not pct_agrees(fig, value, slot.q.unit):
                break
            set_target(fig, Target("", value, slot.q.unit, slot.q.qualifier), "text")
            _name_by_plan(fig, slot.label)
            _plan_to_later_stages(fig, slots[k + 1:], value, slot.q)
            attached = True
            break
        named_target = slot.label.endswith(_TARGET_NOUNS) or _plan_right_after(slots, k)
        if not attached and not (named_target and _attach_to_earlier(slots[:k], slot, value)):
            left.append(slot)
    return left


def _plan_to_later_stages(fig: Figure, later: list[Slot], value: Decimal, plan: Quantity) -> None:
    """A plan bound to a stage figure is the plan of the sentence's later stages of the same thing too
    ("计划新建村卫生室15个,已开工12个,完工8个": 完工8个 takes 15个), as a heading's commitment is (corpus README,
    "Targets": a target applies to the stage figures of the same quantity in the same unit). The run ends at the
    next plan amount; a stage whose percent disagrees with the plan does not take it. A bare stage ("完工") has no
    subject yet: the sentence's plan names it."""
    for slot in later:
        if slot.role == "target":
            return
        other = slot.figure
        if other is None or other is fig or other.target is not None or other.unit in ("%", "个百分点"):
            continue
        if other.sentence_start == fig.sentence_start and "其中" in other.sentence[
                fig.end - fig.sentence_start:other.start - other.sentence_start]:
            return  # "已建成42个,其中张家堡镇8个": a part of the stage, not a later stage: not the plan's
        one_thing = _stages_of_one_thing([fig, other]) or is_bare(other.label) and stage_of(other.label) != ""
        if units_compatible(plan.unit, other.unit) and one_thing \
                and (other.pct_of_plan is None or pct_agrees(other, value, plan.unit)):
            set_target(other, Target("", value, plan.unit, plan.qualifier), "text")


_PLAN_LEAD = re.compile(rf"^.*?(?:{V.PLAN_LABELS.pattern()})+(?:为|是)?[:]?(?:完成|实现|实施)?")
"""The plan words that open a plan's label, with a copula ("任务目标为新建社区食堂" -> 新建社区食堂)."""
_PLAN_TAIL = re.compile(rf"(?:年度|全年|今年)?(?:{V.PLAN_LABELS.pattern()})$")
"""The plan words that end a plan's label, with their period ("农村公路建设年度任务" -> 农村公路建设)."""
_PERIOD_WORDS = re.compile(r"^(?:年度|全年|今年|本年|当年|年内)+")
_LEADING_PERIOD = re.compile(rf"^(?:{V.QUARTERS.pattern()}|下半年|今年以来|\d{{1,2}}\s*[-—~至]\s*\d{{1,2}}\s*月份?)")


def _name_by_plan(fig: Figure, plan_label: str) -> None:
    """A figure whose label names no thing ("已完工", "目前已完成") takes the thing its plan names, with its own
    stage: "年度计划改造老旧小区150个,已开工142个" -> 改造老旧小区开工; "农村危房改造任务800户,已竣工650户" -> 农村危房改造竣工.
    A label that is only the plan's own verb ("免费接种HPV疫苗2400人,已接种1580人") takes the plan's words too.
    The plan's words lose their plan word (计划, 任务, 目标) and what comes before it (年度, 今年)."""
    core = _LEADING_PERIOD.sub("", clean_label(fig.label))  # "上半年已开工": when, then the stage only
    thing = clean_label(_PLAN_LEAD.sub("", _PLAN_TAIL.sub("", plan_label)).removesuffix("中"))
    thing = _PERIOD_WORDS.sub("", thing)
    # "免费接种HPV疫苗2400人,已接种1580人": a label that is only the plan's own verb
    repeated = len(core) == 2 and core in thing and len(thing) > 3 and fig.label == core
    if not (is_bare(fig.label) or is_bare(core) or repeated):
        return
    if _AMOUNT_OF_PLAN.fullmatch(thing):
        # The plan names an amount, not a thing ("计划总投资18.6亿元,已完成投资15.3亿元"; "全年计划完成投资12亿元,
        # 已完成9.6亿元"): the figure keeps its own measure, or takes the plan's measure when it has none.
        if not HAN.search(_ASPECT_WORDS.sub("", stage_of(core) or core).replace("完成", "")):
            set_label(fig, "完成" + thing.removeprefix("总").removeprefix("完成"))
        return
    if len(HAN.findall(thing)) < 2 or is_bare(thing):
        # "棚户区改造计划开工1500套,已开工1320套": the thing stands before the plan word, its stage after
        plan = _PLAN_TAIL_WORD.search(plan_label)
        thing = _PERIOD_WORDS.sub("", clean_label(plan_label[:plan.start()])) if plan else ""
        if len(HAN.findall(thing)) < 2 or is_bare(thing):
            return
    stage = "" if repeated else stage_of(core) or stage_of(fig.label)
    set_label(fig, thing if stage.lstrip("已并均") in V.SILENT_STAGES.words else with_stage(thing, stage))


_PLAN_TAIL_WORD = re.compile(rf"(?:年度|全年|今年)?(?:{V.PLAN_LABELS.pattern()})")
_AMOUNT_OF_PLAN = re.compile(r"(?:总|完成)?(?:投资|资金)")
_ASPECT_WORDS = re.compile(r"已|并|均|目前|截至目前|累计")


_TARGET_NOUNS = V.TARGET_WORDS.words
"""Only a plan named a target (目标, 任务) after its figure is that figure's: "已开工12个,计划年内再开工8个" names
another amount."""


def _plan_right_after(slots: list[Slot], k: int) -> bool:
    """The plan amount of slot `k` is named by a plan word alone, right after the figure before it ("新建公园8个
    (计划10个)", "新建公园8个,年度任务10个"): that figure's own plan. "已开工12个,计划年内再开工8个" names another
    amount (its label is more than a plan word)."""
    if k == 0 or slots[k - 1].figure is None:
        return False
    gap = slots[k].q.start - slots[k - 1].q.end
    return 0 < gap <= 6 and slots[k].label in _BRACKET_PLAN_WORDS


_BRACKET_PLAN_WORDS = ("计划", "年度计划", "全年计划", "目标", "年度目标", "任务", "年度任务")


def _attach_to_earlier(earlier: list[Slot], slot: Slot, value: Decimal) -> bool:
    """A plan amount stated after its figure in the same sentence ("开展技能培训1.2万人次,目标1万人次";
    "新增养老床位210个,全年目标185个") goes to the nearest earlier figure of a compatible unit that has no target,
    when its percent, if any, agrees. Returns True when attached."""
    for before in reversed(earlier):
        fig = before.figure
        if fig is None or fig.unit in ("%", "个百分点") or not units_compatible(slot.q.unit, fig.unit):
            continue
        if fig.target is not None or fig.pct_of_plan is not None and not pct_agrees(fig, value, slot.q.unit):
            return False
        set_target(fig, Target("", value, slot.q.unit, slot.q.qualifier), "text")
        return True
    return False


def _percent_names_plan(basis: str | None, plan_label: str) -> bool:
    """The percent's plan words name this plan amount ("年度投资计划80亿元,…占年度投资计划的97.2%"): the amount's
    label is the basis or lies inside it (four characters at least, so that a bare 计划 names no particular plan).
    "下达搬迁计划53.8万人,…占总计划的84.6%" names another plan."""
    return bool(basis) and (plan_label == basis or len(plan_label) >= 4 and plan_label in basis)



def _stages_of_one_thing(figs: list[Figure]) -> bool:
    """True when the figures are stages of one thing: each label is the same subject with a different stage word
    ("学校开工", "学校竣工"; a label without a stage word reports work done: "农贸市场" of 已完成4家 beside
    "农贸市场施工"). Corpus README: a heading target applies to the stage figures of the same quantity."""
    stages = [stage_of(f.label).lstrip("已并均正在") or "完成" for f in figs]  # no stage word: done (已完成4家)
    # A bare stage ("完工" of "已完工5个") names its subject only later (labels.name_bare_labels): any subject.
    subjects = {subject_of(f.label) for f in figs if not is_bare(f.label)}
    return len(set(stages)) == len(stages) and len(subjects) <= 1


TARGET_NAME_MATCH = 4
"""Characters a figure's label must have to take a lone target that names it among several figures of its unit."""


def match_targets(figs: list[Figure], targets: list[Target], lone_fit: bool) -> list[tuple[Figure, Target]]:
    """The one target matcher: which of `figs` (the candidates, in order) each stated target of `targets` goes to.

    With one target, it goes to the one figure of the same base unit (or of a compatible unit when no figure has
    the same one), else to none. With several, each figure takes the target of a compatible unit whose label
    shares the longest run of characters with its own (`common_run`, at least 2; the earlier target on a tie);
    with `lone_fit`, also the only target of its unit (its exact unit, when count words such as 所 and 个 make
    several compatible) when it is the only figure of that unit, or when the figures of that unit are stages of one
    thing (`_stages_of_one_thing`: 开工, 完工 of one subject). With one target
    and several figures of its unit, stages of one thing all take it. Returns the
    (figure, target) pairs in the order of `figs`; nothing is set here.
    """
    if len(targets) == 1:
        target = targets[0]
        exact = [f for f in figs if f.base_unit == to_base(target.value, target.unit)[1]]
        pool = exact or [f for f in figs if units_compatible(target.unit, f.unit)]
        if len(pool) > 1 and _stages_of_one_thing(pool):  # 开工20所, 竣工12所 of "新建学校20所"
            return [(f, target) for f in pool]
        if len(pool) > 1:  # the one figure whose percent the target confirms ("142公里,完成率94.7%" of 150公里)
            confirmed = [f for f in pool if pct_agrees(f, target.value, target.unit)]
            if len(confirmed) == 1:
                return [(confirmed[0], target)]
            # else the one figure whose label is the target's thing ("一、城镇新增就业6000人" over "城镇新增就业5200人,
            # 就业困难人员就业450人"), of at least four characters
            named = [f for f in pool if f.pct_of_plan is None and len(f.label) >= TARGET_NAME_MATCH
                     and f.label in target.label]
            return [(named[0], target)] if len(named) == 1 else []
        return [(pool[0], target)] if len(pool) == 1 else []
    pairs = []
    for fig in figs:
        fits = [t for t in targets if units_compatible(t.unit, fig.unit)]
        if not fits:
            continue
        scored = sorted(((common_run(t.label, fig.label), -k, t) for k, t in enumerate(fits)),
                        key=lambda e: (e[0], e[1]), reverse=True)
        if scored[0][0] >= 2:
            pairs.append((fig, scored[0][2]))
            continue
        exact = [t for t in fits if to_base(t.value, t.unit)[1] == fig.base_unit]
        if lone_fit and len(fits) > 1 and len(exact) == 1:
            fits = exact  # "新建改扩建幼儿园20所,新增学位6000个。已开工18所": 所 is the schools', 个 the places'
        if lone_fit and len(fits) == 1:
            of_unit = [f for f in figs if units_compatible(fits[0].unit, f.unit)]
            if len(of_unit) == 1 or _stages_of_one_thing(of_unit):
                pairs.append((fig, fits[0]))
    return pairs


def attach_targets(figs: list[Figure], targets: list[Target], source: str) -> None:
    """Stated targets of a unit (a table row, an item's commitment) to its figures (`match_targets`, with a lone
    fit), among its top-level figures without a target: percents only when a target is a rate ("增长7%以上")."""
    rate_targets = any(t.unit == "%" for t in targets)  # a rate's target ("增长7%以上") goes to a rate figure
    top = [f for f in figs if not f.part_of and f.target is None
           and (f.unit not in ("%", "个百分点") or rate_targets and f.unit == "%" and f.pct_of_plan is None)]
    # A place's share beside the whole it breaks down ("全省…2036个。分市看,合肥市开工412个"): the commitment is
    # the whole's, not the place's.
    # So is a place's part after 其中 of a whole the text did not give ("已开工l8个,其中南岭县6个": a garbled whole).
    wholes = {f.base_unit for f in top if not _names_a_place(f.label)}
    top = [f for f in top if not (_names_a_place(f.label) and (
        f.base_unit in wholes or "其中" in f.sentence[:f.start - f.sentence_start]))]
    for fig, target in match_targets(top, targets, lone_fit=True):
        if fig.pct_of_plan is not None and _STAGE_RATE_BASIS.search(fig.pct_basis or "") \
                and not pct_agrees(fig, target.value, target.unit):
            continue  # "…完工710户,完工率49.6%" under "新建4300户": the stage's rate measures another base
        set_target(fig, target, source)


# --- targets --------------------------------------------------------------------------------------------

def common_run(a: str, b: str) -> int:
    """Length of the longest common substring of a and b (substring tests run in C: labels are short)."""
    if len(a) > len(b):
        a, b = b, a
    best, size = 0, len(a)
    for i in range(size):
        if i + best >= size:
            break  # no longer run can start here or later
        length = best + 1
        while i + length <= size and a[i:i + length] in b:
            best = length
            length += 1
    return best


def resolve_heading_targets(text: str, figures: list[Figure], categories: list[Category],
                             items: list[Item]) -> None:
    """Attach heading targets (stated) to figures.

    A heading target belongs to the item of its category whose text shares the longest run of characters with
    the target's label (at least 2). Inside that item it goes to the figures of a compatible unit, exact units
    first; when several targets share an item each figure takes the target its label matches best (`match_targets`,
    without a lone fit). A target
    that would fall on several top-level figures (a total split over parts, e.g. 书亭/书屋/朗读亭 of
    "全民阅读设施150处") is ambiguous and attached to none. 其中 parts inherit their parent's target.
    """
    by_item: dict[tuple[int | None, str], list[Target]] = {}  # (category, item number): numbers restart per category
    item_texts = [text[i.start:i.end] for i in items]  # sliced once, not once per category and target
    for cat in categories:
        if not cat.targets:
            continue
        # A category that is an item itself states its progress on its heading line, not a target.
        cat_items = [(i, words) for i, words in zip(items, item_texts)
                     if i.category == cat.no and not CATEGORY_LINE.match(heading_line(text, i))]
        for target in cat.targets:
            scored = [(common_run(target.label, words), i) for i, words in cat_items]
            scored = [s for s in scored if s[0] >= 2]
            if not scored:
                continue
            best = max(s[0] for s in scored)
            winners = [i for s, i in scored if s == best]
            if len(winners) == 1:
                by_item.setdefault((cat.no, winners[0].no), []).append(target)
    figures_of: dict[tuple[int | None, str | None], list[Figure]] = {}
    if by_item:
        for fig in figures:
            figures_of.setdefault((fig.category, fig.item), []).append(fig)
    for item_key, targets in by_item.items():
        item_figs = figures_of.get(item_key, [])
        top = [f for f in item_figs if not f.part_of and f.target is None and not _names_a_place(f.label)]
        claims = {fig.id: target for fig, target in match_targets(top, targets, lone_fit=False)}
        by_id = {f.id: f for f in item_figs}
        for fig in item_figs:
            target = claims.get(fig.id)
            parent = by_id.get(fig.part_of or "")
            if target is None and parent is not None and _stage_of_its_whole(fig, parent):
                target = claims.get(parent.id)  # "26个已开工,其中22个已完工": the stage inherits the commitment
            if target is not None and fig.target is None:
                set_target(fig, target, "heading")


_STAGE_RATE_BASIS = re.compile(rf"(?:{STAGES})率$")


def _names_a_place(label: str) -> bool:
    """True when a label opens with an official place name ("合肥市开工", "芜湖市"): a place's share, which a heading's
    target (the whole region's) does not measure."""
    regions = find_regions(label[:12])
    return bool(regions) and regions[0].start == 0


def _stage_of_its_whole(part: Figure, whole: Figure) -> bool:
    """True when a part is a stage of its whole's thing ("其中22个已完工" under "26个省级示范村已开工": a bare stage, or
    the same subject), not a share of it by area or kind ("其中合肥市12.6万人" of the province's 55.3万人: the
    heading's target is the province's, not 合肥's)."""
    return is_bare(part.label) or subject_of(part.label) == subject_of(whole.label)


WHOLE_SPAN = 600
"""How far (characters) before a count its whole may be stated: an item's paragraph."""


_DONE_LIST_OPENING = re.compile(r",(?:目前|截至目前)?(?:已经?|分别|均)*(?:完成|建成|开工|竣工|完工|实现|新增|改造|新建)(?:了)?$")
"""The words between a list of tasks and the list of amounts done against them ("…,已完成" / ",分别建成")."""
_JOIN_FIRST = frozenset("、和及与")
_NAMED_ENTRY = re.compile(r"^(?:、|和|及|与)[^\d,;。、和及与]{1,12}$")
_BARE_ENTRY = re.compile(r"^(?:、|和|及|与)$")


def bind_listed_tasks(text: str, figures: list[Figure]) -> None:
    """Tasks listed in one clause and the amounts done against them listed in the next, in the same order
    ("新建社区健身广场30个、农家书屋40个,已完成21个和33个"; "…,分别完成21个、33个"): each amount done takes its task as
    its target and its name, and the tasks are no figures (corpus README, "Targets": a whole bound to the count), in
    place. Only as many amounts as tasks, each in its task's base unit and no larger, the lists joined by 、/和 and
    the second opened by a verb of work done."""
    drop: set[str] = set()
    k = 0
    while k < len(figures):
        fig = figures[k]
        if fig.end >= len(text) or text[fig.end] not in _JOIN_FIRST:
            k += 1  # no list goes on after it (one character test: most figures)
            continue
        run = _listed_run(text, figures, k, named=True)
        n = len(run)
        done = _listed_run(text, figures, k + n, named=False) if n >= 2 else []
        if n >= 2 and len(done) == n and _DONE_LIST_OPENING.search(text, run[-1].end, done[0].start) \
                and text.find("。", run[-1].end, done[0].start) < 0 \
                and all(t.base_unit == d.base_unit and t.base_value is not None and d.base_value is not None
                        and d.base_value <= t.base_value and t.pct_of_plan is None and d.target is None
                        for t, d in zip(run, done)):
            for task, amount in zip(run, done):
                set_target(amount, Target("", task.value, task.unit, task.qualifier), "text")
                set_label(amount, task.label)
                drop.add(task.id)
            k += 2 * n
            continue
        k += max(n, 1)
    if drop:
        figures[:] = [f for f in figures if f.id not in drop]


def _listed_run(text: str, figures: list[Figure], k: int, named: bool) -> list[Figure]:
    """The figures from `k` on that one list holds: each joined to the one before by 、/和, with the words of its own
    thing when `named` (tasks: "30个、农家书屋40个"; not "开工8个、1860套", two measures of one thing)."""
    run = figures[k:k + 1]
    for fig in figures[k + 1:]:
        between = text[run[-1].end:fig.start]
        joiner = (_NAMED_ENTRY if named else _BARE_ENTRY).match(between)
        if joiner is None or fig.unit in ("%", "个百分点"):
            break
        run.append(fig)
    return [] if any(f.unit in ("%", "个百分点") for f in run) else run


def bind_confirmed_wholes(figures: list[Figure], drop_wholes: bool = True) -> None:
    """A count whose percent is stated without its base ("开工建设160个,开工率为86.5%") takes as its target the
    nearest earlier figure of its item that the percent confirms ("新建项目共185个": 160 / 185 = 86.5 %), in place.

    The earlier figure is then the whole bound to the count (corpus README: a whole bound to the count is its
    target, "15个…已完成8个"), not a figure of its own: it is dropped, unless it has parts or a percent or target
    of its own. Same item, same base unit, at most `WHOLE_SPAN` characters before, larger than the count (or equal to
    it when the percent is 100: "改造老旧小区86个,已开工86个,开工率100%"), and within one point of the percent
    (`pct_agrees`)."""
    wholes_with_parts = {f.part_of for f in figures if f.part_of}
    bound: set[str] = set()
    for k, fig in enumerate(figures):
        if fig.pct_of_plan is None or fig.target is not None or fig.unit in ("%", "个百分点") \
                or fig.base_value is None:
            continue
        for whole in reversed(figures[:k]):
            if whole.item != fig.item or fig.start - whole.end > WHOLE_SPAN or whole.start > fig.start:
                break
            if whole.base_unit != fig.base_unit or whole.pct_of_plan is not None or whole.target is not None \
                    or whole.part_of or whole.base_value is None or whole.base_value < fig.base_value \
                    or whole.base_value == fig.base_value and fig.pct_of_plan != 100:
                continue
            if _PLAN_NAMED.search(fig.pct_basis or "") and common_run(subject_of(whole.label), fig.label) < 2 \
                    and not _pct_exact(fig, whole):
                # "地区生产总值完成215.3亿元。固定资产投资98.6亿元,完成年度计划的45.2%" (98.6 / 215.3 = 45.8 %): an
                # amount of another name is its plan only when the percent is exactly its share, as written
                continue
            if pct_agrees(fig, whole.value, whole.unit):
                target = Target("", whole.value, whole.unit, whole.qualifier)
                set_target(fig, target, "text")
                if is_bare(fig.label) and not is_bare(whole.label):  # "公厕50座,已完工42座" -> 公厕完工
                    set_label(fig, with_stage(subject_of(whole.label), fig.label))
                # "…已开工86个,开工率100%,完工52个": the whole is the plan of the sentence's later stages too
                for later in figures[k + 1:]:
                    if later.sentence_start != fig.sentence_start:
                        break
                    if later.target is None and later.part_of is None and later.base_unit == fig.base_unit \
                            and (later.pct_of_plan is None or pct_agrees(later, whole.value, whole.unit)) \
                            and _stages_of_one_thing([fig, later]):
                        set_target(later, target, "text")
                if whole.id not in wholes_with_parts:
                    bound.add(whole.id)
                    # "改造老旧小区221个3万户,已开工198个,开工率89.6%": the whole's other measure, glued to it, is plan too
                    bound.update(g.id for g in figures if g.start == whole.end and g.base_unit != whole.base_unit
                                 and g.part_of is None and g.pct_of_plan is None and g.target is None)
                break
    if drop_wholes and bound:
        figures[:] = [f for f in figures if f.id not in bound]


_PLAN_NAMED = re.compile(rf"{V.PLAN_WORDS.pattern()}")


def _pct_exact(fig: Figure, whole: Figure) -> bool:
    """True when the figure's percent is its share of the whole rounded to the percent's written decimals (the
    validation's own arithmetic, `checks.expected_pct`)."""
    return fig.pct_of_plan is not None and fig.pct_text is not None \
        and expected_pct(fig.value, fig.unit, whole.value, whole.unit, fig.pct_text) == fig.pct_of_plan
_DONE_MARK = re.compile(V.ACTUAL_MARKS.pattern())


def bind_bullet_commitments(text: str, figures: list[Figure]) -> None:
    """A bulleted project line that states a commitment ("☑新增便民停车泊位50个": amounts, no percent, no mark of
    work done) followed by lines that report progress on it ("目前已新增…泊位15个") gives its amounts as the targets
    of those figures (source "commitment"), and they are not figures themselves, in place. A commitment goes to the
    first later figure before the next bulleted line of the same base unit without a target, on a line with a
    mark of work done (`ACTUAL_MARKS`); one that finds none stays a figure."""
    bound: set[str] = set()
    for k, fig in enumerate(figures):
        line_start = text.rfind("\n", 0, fig.start) + 1
        line_end = _line_end(text, fig.start)
        line = text[line_start:line_end]
        if not line or line[0] not in BULLETS or "%" in line or _DONE_MARK.search(line) or fig.unit == "%" \
                or fig.part_of or fig.target is not None:
            continue
        next_bullet = _next_bullet_line(text, line_end)
        for later in figures[k + 1:]:
            if later.start >= next_bullet:
                break
            later_line = text[text.rfind("\n", 0, later.start) + 1:_line_end(text, later.start)]
            if later.start > line_end and later.base_unit == fig.base_unit and later.target is None \
                    and later.id not in bound and _DONE_MARK.search(later_line) \
                    and (later.base_value is None or fig.base_value is None or later.base_value <= fig.base_value * 2):
                set_target(later, Target(fig.label, fig.value, fig.unit, fig.qualifier), "commitment")
                if is_bare(later.label):  # "已建成2个" under "☑新建公园3个": the commitment names the thing
                    set_label(later, with_stage(fig.label, later.label))
                bound.add(fig.id)
                break
    if bound:
        figures[:] = [f for f in figures if f.id not in bound]


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _next_bullet_line(text: str, pos: int) -> int:
    """Where the next line that opens with a bullet starts, after `pos` (the text's end when none does)."""
    for mark in re.finditer(r"\n", text[pos:]):
        start = pos + mark.end()
        if start < len(text) and text[start] in BULLETS:
            return start
    return len(text)


_LISTED_HEAD = (rf"(?:(?:{V.PROGRAMME_ITEM_NOUNS.pattern()})[^,;:。\n]{{0,6}}?(?:{V.PROGRAMME_LIST_LEADS.pattern()})|"
                rf"(?:承诺|确定了?|确定的)[^,;:。\n]{{0,12}}?(?:实事|事项|项目)):")
_LISTED_COMMITMENTS = re.compile(rf"{_LISTED_HEAD}([^\n。]+)")
"""The list of the programme's projects, up to the end of its sentence: "10项民生实事项目分别是:新建公园10个、…"."""
_LISTED_HEAD_PATTERN = re.compile(_LISTED_HEAD)
_LISTED_HEAD_SPAN = 1 + max(*(len(w) for w in V.PROGRAMME_ITEM_NOUNS.words), 3) + 12 \
    + max(*(len(w) for w in V.PROGRAMME_LIST_LEADS.words), 2)
"""More than the longest head (the words before the colon) a list can have: a noun, 12 characters, a lead."""


def listed_commitments(text: str) -> Iterator[re.Match[str]]:
    """`_LISTED_COMMITMENTS.finditer(text)`, looked for only just before each colon (speed only, same matches: the
    engine would try the pattern at every position of the bulletin, ~100 µs). A list's head holds no colon and
    ends at one, so the first colon at or after where the scan stands is the only one the next match can end its
    head at: its head starts within `_LISTED_HEAD_SPAN` before that colon, and when no head ends there, or the
    colon ends its sentence (the list is empty), no match holds that colon."""
    pos = 0
    while (colon := text.find(":", pos)) >= 0:
        head = _LISTED_HEAD_PATTERN.search(text, max(pos, colon - _LISTED_HEAD_SPAN), colon + 1)
        match = _LISTED_COMMITMENTS.match(text, head.start()) if head is not None else None
        if match is None:
            pos = colon + 1
            continue
        yield match
        pos = match.end()
_LIST_ENTRY_BREAK = re.compile(r"[、,;]")
COMMITMENT_MATCH = 3
"""Characters a figure's label must share with a listed commitment (`common_run`) to take it as its target."""


def bind_listed_commitments(text: str, figures: list[Figure]) -> None:
    """The programme's projects listed once with their amounts ("10项民生实事项目分别是:新建公园10个、改造老旧小区
    50个") are the targets of the figures reported on them later ("截至9月底,新建公园8个"), in place: a figure after the
    list, without a target, of the same base unit, whose label shares at least `COMMITMENT_MATCH` characters with one
    listed commitment more than with any other (source "commitment")."""
    for listed in listed_commitments(text):
        targets = [t for entry in _LIST_ENTRY_BREAK.split(listed.group(1)) for t in heading_targets(entry)[1]]
        if not targets:
            continue
        for fig in figures:
            if fig.start < listed.end() or fig.target is not None or fig.unit in ("%", "个百分点"):
                continue
            fits = [t for t in targets if to_base(t.value, t.unit)[1] == fig.base_unit]
            scored = sorted(((common_run(t.label, fig.label), t) for t in fits), key=lambda e: e[0], reverse=True)
            if scored and scored[0][0] >= COMMITMENT_MATCH and (len(scored) == 1 or scored[1][0] < scored[0][0]):
                set_target(fig, scored[0][1], "commitment")


_SECTION_LINE = re.compile(r"^[一二三四五六七八九十]+、(.{0,20})$", re.M)
_COMMITMENT_SECTION = re.compile(rf"(?:{V.TARGET_WORDS.pattern()}|计划|安排)(?:情况)?$")
_PROGRESS_SECTION = re.compile(r"完成情况|进展情况|推进情况|落实情况|进展|完成")


def bind_section_commitments(text: str, figures: list[Figure], items: list[Item]) -> None:
    """A section that lists the year's tasks ("一、年度目标任务" with items "1.新增城镇就业3000人;") before a section
    that reports them item by item under the same numbers ("二、1-9月完成情况" with "1.城镇新增就业2680人"): each task's
    amounts are the targets of the figures of the item of the same number (`match_targets`, source "commitment"),
    and they are plan, not figures: dropped, in place. Corpus README, "Targets": a target in a separate list of
    commitments earlier in the text."""
    sections = [(m.start(), bool(_COMMITMENT_SECTION.search(m.group(1).strip())),
                 bool(_PROGRESS_SECTION.search(m.group(1)))) for m in _SECTION_LINE.finditer(text)]
    if len(sections) < 2 or not any(c for _, c, _ in sections):
        return
    starts = [start for start, _, _ in sections]

    def section_of(pos: int) -> int:
        return bisect.bisect_right(starts, pos) - 1

    planned: set[str] = set()
    for k, (_, commitment, _) in enumerate(sections):
        report = next((j for j in range(k + 1, len(sections)) if sections[j][2]), None) if commitment else None
        if report is None:
            continue
        reported = {i.no: i for i in items if section_of(i.start) == report}
        for item in (i for i in items if section_of(i.start) == k):
            tasks = [f for f in figures if item.start <= f.start < item.end and f.unit not in ("%", "个百分点")]
            planned.update(f.id for f in tasks)
            later = reported.get(item.no)
            if later is None or not tasks:
                continue
            done = [f for f in figures if later.start <= f.start < later.end and f.target is None
                    and not f.part_of and f.unit not in ("%", "个百分点")]
            targets = [Target(t.label, t.value, t.unit, t.qualifier) for t in tasks]
            for fig, target in match_targets(done, targets, lone_fit=True):
                set_target(fig, target, "commitment")
    if planned:
        figures[:] = [f for f in figures if f.id not in planned]
