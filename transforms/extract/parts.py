"""Parts and repeats: 其中 breakdowns (a figure after 其中 is part of an earlier one) and figures said twice.

Input: the text and the figures found so far. Output: `part_of` set on parts; repeated figures removed.
"""

from __future__ import annotations

import bisect
import operator
import re

from transforms.extract import vocabulary as V
from transforms.extract.figures import pct_agrees, set_label, set_parent, take_pct
from transforms.extract.labels import STAGE_WORD, stage_of
from transforms.gazetteer import find_regions, is_region
from transforms.numbers import written_half_step
from transforms.record import Figure

_START = operator.attrgetter("start")

def link_parts(text: str, figures: list[Figure], s_start: int, s_end: int, in_text_order: bool = False) -> None:
    """其中 breakdowns: a figure after 其中 is part of an earlier figure of the same base unit (`_whole_of`).

    The parent is searched in the same sentence first, then in the sentence just before (a breakdown often
    starts a new sentence: "…完成投资156.92亿元。其中,中央专项资金38.15亿元"), and the breakdown goes on in the
    sentences after ";" (`_breakdown_continued`). Percent figures are never parts.
    """
    at = text.find("其中", s_start, s_end)
    continued = at < 0
    if continued:
        at = _breakdown_continued(text, s_start)
        if at < 0:
            return
    if in_text_order:  # the same figures as the filter below, found by bisection
        window = figures[bisect.bisect_left(figures, s_start - 400, key=_START):
                         bisect.bisect_left(figures, s_end, key=_START)]
    else:
        window = [f for f in figures if s_start - 400 <= f.start < s_end]  # in list order, like `figures`
    while at >= 0:
        earlier = [f for f in window if f.start < at and f.part_of is None]
        if _pair_parallel_lists(at, earlier, window):
            at = text.find("其中", at + 2, s_end)
            continue
        for fig in window:
            if fig.start > at and fig.part_of is None and fig.unit != "%":
                parent = _whole_of(text, fig, [e for e in earlier if e.base_unit == fig.base_unit
                                               and e.part_of is None and text.count("\n", e.start, at) == 0
                                               and not _CHANGE_LABEL.search(e.label)])
                if parent is not None and parent is not fig and (not continued or fig.start < s_start
                                                                  or text.startswith("其中:", at)
                                                                  or _measures_alike(fig, parent, window)) \
                        and not (continued and (_other_places(fig.label, parent.label)
                                                or _opens_like_the_whole(text, s_start, parent))):
                    set_parent(fig, parent.id)
        at = text.find("其中", at + 2, s_end)



_CHANGE_LABEL = re.compile(r"(?:比|较)(?:上年|去年|上月|年初)|同比")
"""A change against another period ("完成投资12亿元,比上年增加2亿元,其中民间投资5亿元"): no whole of a breakdown."""


def _opens_like_the_whole(text: str, clause: int, whole: Figure) -> bool:
    """True when the clause at `clause` opens with the action the whole's label opens with ("新增养老床位500张,其中
    护理型床位300张;新增托育床位200张"): a new measure of the same kind, a sibling of the whole, not its part."""
    action = _LEADING_ACTION.match(whole.label)
    return action is not None and text.startswith(action.group(), clause)


_LEADING_ACTION = re.compile(r"新增|新建|改造|新改建|改扩建|发放|培训|救助")
"""Actions that open a measure's label (not 完成, 建成 or 开工: "完成投资…;完成民间投资…" may go on with its parts)."""


def _other_places(a: str, b: str) -> bool:
    """True when both labels open with an official place name and the places differ ("芜湖市开工" after "合肥市开工820个,
    其中完工610个;"): the clause after ";" goes on with the places, not with the first place's breakdown."""
    first_a, first_b = find_regions(a[:12]), find_regions(b[:12])
    return bool(first_a and first_b and first_a[0].start == 0 == first_b[0].start and first_a[0].name != first_b[0].name)


def _measures_alike(fig: Figure, whole: Figure, window: list[Figure]) -> bool:
    """A figure after ";" goes on with a breakdown only when it measures what the whole or its parts so far measure
    (their labels end alike: "其中,工业投资42.1亿元;民间投资36.8亿元", "其中,续建项目复工108项;新建项目开工39项");
    "新增学位2700个,其中小学学位1620个;新建便民市场5个" starts a new item."""
    parts = [f for f in window if f.part_of == whole.id]
    if _is_area(fig.label) and any(_is_area(f.label) for f in parts):
        return True  # "其中城区1200个;农村600个": areas go on with the areas
    return any(_common_suffix(fig.label, other.label) >= 1 for other in (whole, *parts))


_NAME_FIRST = re.compile(r"[\u4e00-\u9fff]{2}")
CONTINUED_SPAN = 200
"""How far (characters) back a 其中 may open the breakdown that a later clause after ";" goes on with."""
BREAKDOWN_SENTENCE = 800
"""How far back (characters) a 其中 may open the breakdown a figure belongs to: a long sentence of ";" clauses."""


def _breakdown_continued(text: str, s_start: int) -> int:
    """A sentence that goes on, after ";", with the breakdown a 其中 opened before it in the same paragraph
    ("其中,工业投资42.1亿元,增长15.6%;民间投资36.8亿元,增长9.1%"): that 其中's position, else -1. Only ";"
    separates the two (no "。", no line break)."""
    if s_start == 0 or text[s_start - 1] != ";":
        return -1
    at = _open_qizhong(text, s_start, CONTINUED_SPAN)
    if at < 0:
        return -1
    # Both open with a name, not a count ("其中52处已完成;100处健身设施…" is not a breakdown by name), after the
    # part's number if any ("其中:(1)县道42公里;(2)乡道51公里").
    first = at + 2 + (text[at + 2] in ",:" if at + 2 < len(text) else 0)
    first = _PART_NUMBER.match(text, first).end()
    name = _PART_NUMBER.match(text, s_start).end()
    # A clause that opens with a mark of work done reports a new measure ("其中省级资金1.6亿元;已拨付资金1.8亿元").
    return at if _NAME_FIRST.match(text, first) and _NAME_FIRST.match(text, name) \
        and not text.startswith(_DONE_OPENINGS, name) else -1


_PART_NUMBER = re.compile(r"(?:\(\d{1,2}\)|\d{1,2}\.|[①-⑳])?")
"""The number of a part in a breakdown, if any ("(1)", "1.")."""


_DONE_OPENINGS = ("已", "累计", "共计", "目前", "截至")
"""Marks of work done that open a clause (`_DONE_CLAUSE`, `_breakdown_continued`)."""
_DONE_CLAUSE = re.compile(rf";(?:{'|'.join(_DONE_OPENINGS)})")
"""A clause after ";" that opens with a mark of work done reports a new measure ("其中省级资金1.6亿元;已拨付资金1.8亿元")."""


def _in_breakdown(text: str, at: int) -> bool:
    """True when a 其中 opens a breakdown before `at` in its sentence (up to "。" or a line break, at most
    `BREAKDOWN_SENTENCE` characters back): what stands at `at` is a part, not a whole."""
    return _open_qizhong(text, at, BREAKDOWN_SENTENCE) >= 0


def _open_qizhong(text: str, at: int, span: int) -> int:
    """Where the nearest 其中 before `at` (at most `span` characters back) stands when no sentence end or line break
    closes it before `at`, else -1."""
    k = text.rfind("其中", max(0, at - span), at)
    return k if k >= 0 and _CLOSES.search(text, k, at) is None else -1


_CLOSES = re.compile("[。\n!?]")


def _pair_parallel_lists(at: int, earlier: list[Figure], window: list[Figure]) -> bool:
    """Parallel lists around one 其中: "排查6000个隐患路口和700个事故路口,其中660个隐患路口和69个事故路口已完成治理"
    pairs the parts with the wholes by position (660 of 6000, 69 of 700), when the sentence lists as many parts
    after 其中 as wholes before it (two or more), unit by unit, each part no larger than its whole. Returns True
    when it paired them (in place), False to leave the parts to `_whole_of`."""
    parts = [f for f in window if f.start > at and f.part_of is None and f.unit != "%"]
    if len(parts) < 2:
        return False
    sentence = parts[0].sentence_start
    parts = [f for f in parts if f.sentence_start == sentence]
    wholes = [f for f in earlier if f.sentence_start == sentence and f.part_of is None and f.unit != "%"]
    if len(parts) < 2 or len(parts) != len(wholes):
        return False
    pairs = list(zip(parts, wholes))
    if any(p.base_unit != w.base_unit or p.base_value is None or w.base_value is None or p.base_value > w.base_value
           for p, w in pairs):
        return False
    for part, whole in pairs:
        set_parent(part, whole.id)
    return True


def _whole_of(text: str, part: Figure, candidates: list[Figure]) -> Figure | None:
    """The whole a 其中 part belongs to, among the earlier figures of its unit (`candidates`, in text order): the
    nearest one in the part's own sentence, whatever its size (a part larger than that whole is the source's
    error, for validation to flag); else the nearest earlier one at least as large as the part ("…完成投入300万
    元。其中:文化惠民工程完成投入8250万元" belongs to an earlier total, not to the 300万元 before it) that is not
    itself a part of an earlier breakdown (after a 其中 of its own sentence)."""
    same = [c for c in candidates if c.sentence_start == part.sentence_start]
    if same:
        return same[-1]
    larger = [c for c in candidates if (c.base_value is None or part.base_value is None
              or c.base_value >= part.base_value) and not _in_breakdown(text, c.start)]
    stage = stage_of(part.label).lstrip("已")
    same_stage = [c for c in larger if stage and stage_of(c.label).lstrip("已") == stage]
    if same_stage:  # "已竣工11所,在建4所。其中:城区竣工4所,…": the parts of the stage they name
        return same_stage[-1]
    return larger[-1] if larger else None


def drop_repeats(figures: list[Figure], text: str) -> None:
    """A figure repeated later in the same item with nothing new (no percent, no target), e.g. a lead paragraph
    or an inline subheading restating the body, is one figure: the later mentions are dropped. A figure of the
    text outside items that an item restates (same amount, unit and percent) is the item's: the outside one goes
    (corpus README: a figure restated in a title or lead paragraph is one metric). A lead figure that a later
    sentence restates with its percent or target goes too, unless it is a total (全市…) that later figures may
    break down (`link_breakdowns` runs after). `text`: the extraction's text, in which the figures' offsets are."""
    seen: dict[tuple, Figure] = {}
    keep = []
    replaced: dict[str, str] = {}  # a dropped repeat's id -> the first mention's id
    for fig in figures:
        key = (fig.category, fig.item, fig.base_value, fig.base_unit)  # item numbers restart per category
        first = seen.get(key)
        parent = replaced.get(fig.part_of, fig.part_of) if fig.part_of else None
        if first is not None and fig.pct_of_plan is None and fig.target is None and first.sentence != fig.sentence \
                and first.pct_of_plan is None and first.target is None \
                and fig.unit != "%" and (not fig.part_of or parent == first.part_of and fig.label == first.label) \
                and not ("\t" in fig.sentence and "\t" in first.sentence and fig.label != first.label):
            # (two rows of one table item with their own names, "新建农村公路(县道)" and "(乡道)", are two metrics)
            replaced[fig.id] = first.id  # a part restated with its restated whole (a second table): one metric
            continue
        seen.setdefault(key, fig)
        keep.append(fig)
    # A lead paragraph outside the items restating an item's figure (same amount and percent): the item's wins.
    in_items = {(f.base_value, f.base_unit, f.pct_of_plan) for f in keep if f.item is not None}
    keep = [f for f in keep if f.item is not None or f.unit == "%"
            or (f.base_value, f.base_unit, f.pct_of_plan) not in in_items]
    # A lead figure with nothing of its own (no percent, no target, no parent, no parts) that a table row or a later
    # sentence restates with its percent or target ("全市已建成5G基站1736个。…计划新建5G基站2000个,已建成1736个,
    # 占年度任务的86.8%"): the restatement is the metric.
    stated = [f for f in keep if (f.pct_of_plan is not None or f.target is not None)
              and ("\t" in f.sentence or f.part_of is None)]
    parents = {f.part_of for f in keep}
    keep = [f for f in keep if f.item is not None or f.unit == "%" or f.pct_of_plan is not None
            or f.target is not None or f.id in parents or f.part_of
            or not any(g.base_value == f.base_value and g.base_unit == f.base_unit
                       and g.sentence_start != f.sentence_start and _labels_agree(g.label, f.label)
                       and ("\t" in g.sentence or g.start > f.start and not _is_total(text, f)) for g in stated)]
    for fig in keep:
        if fig.part_of in replaced:
            set_parent(fig, replaced[fig.part_of])
    keep = _merge_restated(keep)
    ids = {f.id for f in keep}
    for fig in keep:
        if fig.part_of and fig.part_of not in ids:
            set_parent(fig, None)
    figures[:] = keep


def _labels_agree(a: str, b: str) -> bool:
    """Two labels name the same measure: one holds the other, or they end with the same two characters or more
    ("重点项目累计完成投资" and "合计1-9月完成投资")."""
    return bool(a and b) and (a in b or b in a or _common_suffix(a, b) >= 2)


def _merge_restated(figures: list[Figure]) -> list[Figure]:
    """A figure stated twice, once with its percent of plan and no target (a lead paragraph: "累计完成投资86.5亿元,
    占年度计划的72.1%") and once with its target and no percent (the table's total or row: 合计 | 120.0 | 86.5), is
    one metric (corpus README, "Restated figures"): the one with the target keeps its place, its parts and items,
    and takes the other's percent; the other goes. Only when amount and unit agree, the labels agree and the
    percent is value / target (within a point)."""
    dropped: dict[str, str] = {}
    with_target: dict[tuple, list[Figure]] = {}  # figures with a target and no percent, by amount (speed only)
    for g in figures:
        if g.target is not None and g.pct_of_plan is None and g.target_unit is not None:
            with_target.setdefault((g.base_value, g.base_unit), []).append(g)
    if not with_target:
        return figures
    for fig in figures:
        if fig.pct_of_plan is None or fig.target is not None or fig.unit == "%" or fig.base_value is None:
            continue
        twin = next((g for g in with_target.get((fig.base_value, fig.base_unit), ())
                     if g is not fig and g.id not in dropped and _labels_agree(g.label, fig.label)
                     and g.target is not None and g.target_unit is not None
                     and pct_agrees(fig, g.target, g.target_unit)), None)
        if twin is None:
            continue
        take_pct(twin, fig)
        dropped[fig.id] = twin.id
    for fig in figures:
        if fig.part_of in dropped:
            set_parent(fig, dropped[fig.part_of])
    return [f for f in figures if f.id not in dropped]




BREAKDOWN_SPAN = 1200
"""How far (characters) after a total its breakdown may run: a paragraph of sector or area figures."""


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _is_total(text: str, fig: Figure, markers: re.Pattern[str] | None = None) -> bool:
    """True when a marker of a total (`vocabulary.TOTAL_MARKERS`, or `markers`) stands in the figure's clause
    before it or in its label."""
    markers = markers or _TOTAL_MARKERS
    clause = text[max(fig.sentence_start, fig.start - 40):fig.start]
    clause = clause[max(clause.rfind(","), clause.rfind(";"), clause.rfind(":")) + 1:]
    return markers.search(clause) is not None or markers.search(fig.label) is not None


_TOTAL_MARKERS = re.compile(V.TOTAL_MARKERS.pattern())
_NEXT_TOTAL_MARKERS = re.compile("|".join(re.escape(m) for m in V.TOTAL_MARKERS.words if m != "累计"))
"""Markers of a new total that ends a breakdown: 累计 (cumulative) also opens the parts ("1、新建项目…累计完成投资
153.7亿元" under "全区重点建设项目累计完成投资367.1亿元")."""


def link_breakdowns(text: str, figures: list[Figure]) -> None:
    """Breakdowns of a stated total by sector or area, without 其中: later figures that measure the same thing in
    the same unit, each smaller than the total, are its parts (`part_of`), in place.

    Phenomenon: "全市283个重点项目完成投资603亿元……分行业看,工业项目完成投资205.58亿元,农业项目完成投资60.5亿元"
    (corpus README, "Parents": breakdowns by area or sector of a stated total). A total has a marker of
    `vocabulary.TOTAL_MARKERS` in its clause or label; a part shares the total's measure (the labels end with the
    same two or more characters: 完成投资), base unit and item, comes within `BREAKDOWN_SPAN` characters and is
    smaller.
    The breakdown ends at the next total of the same measure. Percents and figures with a parent are left alone.
    """
    for k, whole in enumerate(figures):
        if whole.part_of or whole.unit == "%" or whole.base_value is None or not _is_total(text, whole):
            continue
        for n, part in enumerate(figures[k + 1:], k + 1):
            if part.start - whole.start > BREAKDOWN_SPAN or part.item != whole.item and whole.item is not None:
                _link_next_section(whole, figures[n:])
                break  # a total outside items (a lead paragraph) may be broken down by the items after it
            shared = _common_suffix(part.label, whole.label)
            # Two characters of the measure (就业, 管网, 资金) are enough only after 其中: "城镇新增就业8620人,带动就业2100人"
            # are two measures, "筹措到位资金…其中统筹整合财政资金" a breakdown.
            # The 其中 must open the part's own sentence: "改造燃气管网86公里,其中市区52公里。新建供水管网40公里" is a
            # new item.
            if part.base_unit != whole.base_unit or shared < 2 \
                    or shared == 2 and not _qizhong_in_sentence(text, whole.end, part.start):
                continue
            if _is_total(text, part, _NEXT_TOTAL_MARKERS):
                break
            if _sibling_after_semicolon(text, whole, part):
                continue
            if _siblings(part.label, whole.label, shared):
                continue
            if _other_stage(part.label, whole.label, shared) and not _qizhong_in_sentence(text, whole.end, part.start):
                continue
            if part.sentence_start == whole.sentence_start and "\t" in whole.sentence:
                continue  # two columns of one table row ("开工累计完成投资" | "1-9月完成投资"): no breakdown
            if part.part_of is None and part.base_value is not None and part.base_value < whole.base_value \
                    and part.label != whole.label:
                set_parent(part, whole.id)


def _qizhong_in_sentence(text: str, start: int, end: int) -> bool:
    """True when a 其中 stands in text[start:end] with no "。" after it before `end` (a PDF copy's line break does
    not end its sentence)."""
    k = text.rfind("其中", start, end)
    return k >= 0 and text.find("。", k, end) < 0 and not _DONE_CLAUSE.search(text, k, end)


def _sibling_after_semicolon(text: str, whole: Figure, part: Figure) -> bool:
    """True when the part stands in a clause after ";" that opens with the whole's own action (`_opens_like_the_whole`)."""
    semicolon = text.rfind(";", whole.end, part.start)
    return semicolon >= 0 and _opens_like_the_whole(text, semicolon + 1, whole)


def _siblings(a: str, b: str, shared: int) -> bool:
    """Two measures that differ in one character inside the same words ("各项存款余额", "各项贷款余额": the same two
    characters before a different one, then the shared suffix), or only in their area ("城区新增停车位",
    "乡镇新增停车位"): one is not a part of the other. (Two stages are left to be parts: the corpus reads "开工…,
    其中竣工…" as a breakdown; a test of differing stage words made the blind half's parents worse.)"""
    head_a, head_b = a[:-shared], b[:-shared]
    if head_a and head_b and _is_area(head_a) and _is_area(head_b):
        return True
    if min(len(a), len(b)) < shared + 3:
        return False
    return a[-shared - 3:-shared - 1] == b[-shared - 3:-shared - 1]



def _other_stage(a: str, b: str, shared: int) -> bool:
    """Two labels whose shared measure starts inside their stage words ("新开工项目", "竣工项目": 工项目), and the
    stages differ: counts of two stages, siblings unless 其中 makes one a part of the other ("新开工项目43个,竣工项目
    12个")."""
    stage_a = next((m.group() for m in STAGE_WORD.finditer(a) if len(a) - shared < m.end() <= len(a)), None)
    stage_b = next((m.group() for m in STAGE_WORD.finditer(b) if len(b) - shared < m.end() <= len(b)), None)
    return stage_a is not None and stage_b is not None and stage_a.lstrip("新") != stage_b.lstrip("新")


def _link_next_section(whole: Figure, later: list[Figure]) -> None:
    """A total that ends its item, broken down in the item right after it ("一、总体情况 全县重点项目累计完成投资
    38.62亿元。二、分类情况 产业类项目完成投资19.36亿元;基础设施类…12.08亿元;社会民生类…7.18亿元"): the figures of that
    item that share the total's measure (three characters), in its base unit, are its parts when they add up to it
    at its written precision: the arithmetic is the evidence, as for breakdowns by area."""
    if not later or later[0].item == whole.item or later[0].item is None or whole.base_value is None:
        return
    section = [f for f in later if f.item == later[0].item]
    parts = [f for f in section if f.base_unit == whole.base_unit and f.part_of is None and f.unit != "%"
             and f.base_value is not None and _common_suffix(f.label, whole.label) >= 3]
    if len(parts) < 2:
        return
    total = sum(p.base_value for p in parts if p.base_value is not None)
    if abs(total - whole.base_value) <= written_half_step(whole.value_text, whole.unit) * len(parts):
        for part in parts:
            set_parent(part, whole.id)


_AREA_LABEL = re.compile(rf"^(?:各|\d+个)?(?:{V.AREA_WORDS.pattern()})(?:\([^()]*\))?$")


def _is_area(label: str) -> bool:
    """True when a label only names an area of the total's place: 主城区, 县城, 市本级, 4个县(市), or an official
    region name (transforms.gazetteer)."""
    return _AREA_LABEL.match(label) is not None or is_region(label)


_AREA_LEAD = re.compile(rf"^(?:各|\d+个)?(?:{V.AREA_WORDS.pattern()})(?:\([^()]*\))?")


def _is_area_of(label: str, whole: Figure) -> bool:
    """True when a label names an area of the total and, at most, words of the total's own label: "萧县新增" or
    "萧县完成" after "全市新增就业3.2万人" (an area's share of the same measure), besides a bare area (`_is_area`)."""
    if _is_area(label):
        return True
    lead = _AREA_LEAD.match(label)
    end = lead.end() if lead else 0
    if not end and _PLACE_CHAR.search(label):
        regions = find_regions(label)
        end = regions[0].end if regions and regions[0].start == 0 else 0
    rest = label[end:]
    return end > 0 and (rest in whole.label or rest in _AREA_MEASURE_WORDS) and len(rest) >= 2


_PLACE_CHAR = re.compile("[省市县区镇乡旗州盟村]")
"""A character every official place name ends with: labels without one name no place (speed only)."""
_AREA_MEASURE_WORDS = ("完成", "新增", "累计", "实现", "开工", "竣工")
"""Words after an area that report its share of the total's own measure ("萧县完成4200户")."""


_TOTAL_AFTER = re.compile(r"^(?:合计|共计|总计)")


def link_totals_after_parts(text: str, figures: list[Figure]) -> None:
    """A total stated after its parts in the same sentence ("城区新增停车位1600个,乡镇新增停车位900个,合计新增停车位
    2500个"; "…86公里、…124公里,合计210公里") is their whole, in place: the figures before it in its sentence, of its
    base unit and without a parent, are its parts when they add up to it at its written precision (the arithmetic is
    the evidence; corpus README, "Parents"). A total labelled only 合计 takes the measure its parts share."""
    for k, total in enumerate(figures):
        if not _TOTAL_AFTER.match(total.label) or total.base_value is None or total.unit in ("%", "个百分点"):
            continue
        parts = [f for f in figures[:k] if f.sentence_start == total.sentence_start and f.part_of is None
                 and f.base_unit == total.base_unit and f.base_value is not None and f.unit not in ("%", "个百分点")]
        if len(parts) < 2:
            continue
        summed = sum(p.base_value for p in parts if p.base_value is not None)
        if abs(summed - total.base_value) > written_half_step(total.value_text, total.unit) * len(parts):
            continue
        for part in parts:
            set_parent(part, total.id)
        shared = min(_common_suffix(parts[0].label, p.label) for p in parts[1:])
        if total.label in ("合计", "共计", "总计") and shared >= 2:
            set_label(total, total.label + parts[0].label[-shared:])  # 合计210公里 -> 合计公路硬化


def link_area_breakdowns(text: str, figures: list[Figure]) -> None:
    """Breakdowns of a total by area, without 其中: "全市累计改造老旧小区300个,主城区180个,县城120个" -> 180 and 120
    are parts of 300, in place.

    Phenomenon: a total (a marker of `vocabulary.TOTAL_MARKERS` in its clause or label) followed, in the same
    item and within `BREAKDOWN_SPAN` characters, by figures labelled only with an area (`_is_area`), of the same
    base unit and each smaller. Two or more such figures, in a row (the first other figure ends the run), whose sum
    is at most the total at its written precision: the arithmetic is the evidence that they break it down.
    Percents and figures with a parent are left alone."""
    for k, whole in enumerate(figures):
        # the cheap test first: the next figure of the whole's unit names an area ("全省…2036个、26.7万户…。分市看,
        # 合肥市开工412个": the whole's other measure may stand between)
        nxt = next((f for f in figures[k + 1:k + 4] if f.base_unit == whole.base_unit), None)
        if nxt is None or not _is_area_of(nxt.label, whole):
            continue
        if whole.part_of or whole.unit in ("%", "个百分点") or whole.base_value is None or not _is_total(text, whole):
            continue
        run: list[Figure] = []
        for part in figures[k + 1:]:
            if part.base_unit != whole.base_unit and not run and part.sentence_start == whole.sentence_start:
                continue  # the whole's other measure, in its own sentence
            if part.start - whole.start > BREAKDOWN_SPAN or part.item != whole.item or not _is_area_of(part.label, whole) \
                    or part.base_unit != whole.base_unit or part.part_of or part.base_value is None \
                    or part.base_value >= whole.base_value:
                break
            run.append(part)
        if len(run) >= 2 and sum(p.base_value for p in run if p.base_value is not None) \
                <= whole.base_value + written_half_step(whole.value_text, whole.unit):
            for part in run:
                set_parent(part, whole.id)
                if _is_area(part.label) and whole.label and not _is_area(whole.label):
                    set_label(part, part.label + whole.label)  # "南昌市4.8万人" under 城镇新增就业: 南昌市城镇新增就业


def link_stage_breakdowns(figures: list[Figure]) -> None:
    """Stages that split a count exactly, without 其中: "新建学校15所,已竣工9所,在建6所" -> 9 and 6 are parts of 15,
    in place.

    Phenomenon: a count followed in its own sentence by two or more counts of the same base unit, none with a
    parent or a percent of its own, whose sum is exactly the count: the arithmetic is the evidence that they split
    it (a sum that falls short may leave a stage out, one that exceeds is no split). Percents are left alone."""
    by_sentence: dict[int, list[Figure]] = {}
    for fig in figures:
        by_sentence.setdefault(fig.sentence_start, []).append(fig)
    for sentence in by_sentence.values():
        if len(sentence) >= 3:
            _split_by_stages(sentence)


def _split_by_stages(sentence: list[Figure]) -> None:
    """`link_stage_breakdowns` within one sentence's figures (in text order)."""
    for k, whole in enumerate(sentence):
        if whole.part_of or whole.unit in ("%", "个百分点") or whole.base_value is None:
            continue
        run = sentence[k + 1:]
        if run and whole.sentence[whole.end - whole.sentence_start:run[0].start - whole.sentence_start].startswith("、"):
            continue  # "建成村级卫生室15个、社区卫生服务站3个,投用12个": a thing listed beside it, no stage of it
        if len(run) < 2 or any(f.base_unit != whole.base_unit or f.part_of or f.base_value is None
                               or f.pct_of_plan is not None for f in run):
            continue
        if sum(f.base_value for f in run if f.base_value is not None) == whole.base_value:
            for part in run:
                set_parent(part, whole.id)
