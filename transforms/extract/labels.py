"""Labels that name what is counted: a bare verb or stage word gets the subject it reports on.

Input: the figures of one bulletin (labels decided clause by clause, parents linked) and its items. Output: the
same figures, with a bare label ("开工", "培训", "扩容", "" ) completed by its subject in place.

Phenomenon (issue 13, "labels that name what is counted"): a clause often holds only a verb ("其中1722套已开工",
"已扩容至200家", "累计组织开展培训20474人"); the thing counted is named earlier, by the parent figure of a 其中
breakdown or by the item's heading ("8.节能保暖改造方面,514.3万平方米已开工"). Labels feed `metric_key`, trend
views and chart legends, so "开工" alone would merge every item's starts into one broken trend line.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from transforms.extract import vocabulary as V
from transforms.extract.clauses import clause_end, clean_label
from transforms.extract.layout import ITEM_MARK
from transforms.extract.figures import set_label
from transforms.extract.quantities import QUANTITY_UNITS, scan_quantities
from transforms.gazetteer import find_regions, is_region
from transforms.numbers import COUNT_UNITS, units_compatible
from transforms.record import Figure, Item

STAGES = '|'.join(sorted(V.STAGE_WORDS.words, key=len, reverse=True))
"""The stage words as an alternation, longest first (已开工 before 开工)."""
STAGE_WORD = re.compile(STAGES)
"""A stage word anywhere in a label, a rate or a header ("完工" of "完工率", "竣工" of "竣工项目")."""
_ASPECT = "(?:已|并|均|全部|基本|正在|(?<![更创焕革翻刷])新)*"
"""Words of aspect before a stage word ("已开工", "并投入使用", "新开工"): part of a bare label, never of its subject.
新 only where it is no end of a word (城市更新开工: 城市更新 is the subject, 开工 the stage)."""
_BARE = re.compile(rf"^{_ASPECT}(?:{STAGES}){{1,2}}$")  # 开工, 已开工, 开工改造
_CHANGE = re.compile(rf"^(?:{'|'.join(sorted(V.CHANGE_WORDS.words, key=len, reverse=True))})$")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_TRAILING_STAGE = re.compile(rf"{_ASPECT}(?:{STAGES})$")


@lru_cache(maxsize=4096)
def is_bare(label: str) -> bool:
    """True when `label` names no thing: empty, only a stage/action word of `vocabulary.STAGE_WORDS` ("已开工"), or a
    generic noun with its stage ("项目已开工": which projects?)."""
    return not _HAN.search(label) or _BARE.match(label) is not None or _CHANGE.match(label) is not None \
        or _GENERIC_THING.match(label) is not None


_GENERIC_THING = re.compile(rf"^(项目|工程|设施)({_ASPECT}(?:{STAGES}){{0,2}})$")
"""A generic noun (项目, 工程) with or without its stage: it names the thing only with the item's subject."""


def stage_of(label: str) -> str:
    """The label's trailing stage word ("省级示范村已开工" -> 已开工), or "" when it ends with none."""
    match = _TRAILING_STAGE.search(label)
    return match.group() if match else ""


def with_stage(subject: str, stage_label: str) -> str:
    """A subject with the stage of a bare label ("省级示范村" + "已完工" -> 省级示范村完工), or the subject alone
    when it holds that stage already ("新增公办学位" + "已新增" -> 新增公办学位, not 新增公办学位新增)."""
    stage = stage_label.lstrip("已并均")
    if not stage or stage in subject:
        return subject
    start = _LEADING_START.match(subject)
    if start is not None and not stage.startswith(("开工", "开复工")):
        subject = subject[start.end():]  # 开工建设天然气管网 + 已完工 -> 天然气管网完工: the later stage's thing
    return subject + stage


def subject_of(label: str) -> str:
    """A label without its trailing stage word: "省级示范村已开工" -> 省级示范村, "老旧小区改造开工" -> 老旧小区改造
    (the thing, not the stage; one word only, since 改造 is also part of a thing's name)."""
    return _TRAILING_STAGE.sub("", label)


_LEADING_START = re.compile(r"^(?:已|新)?(?:开工建设(?=[\u4e00-\u9fff]{2})|(?:开工|开复工)(?=改造|实施|新建))")
"""A start stage before the thing ("已开工改造老旧小区68个,完工21个", "开工建设天然气管网220公里,其中197公里已完工"): the
subject of a later stage is the thing (改造老旧小区完工, 天然气管网完工), not the start."""


_LIST_LEAD_RATE = re.compile(r"([\u4e00-\u9fff]{0,6}?(?:率|占比|比重))(?:分别)?(?:为|是|达到?)?[::]")
_RANK_WORDS = r"(?:排名|排在|位居)?[前后末][一二三四五六七八九十\d]+(?:位|名)?的?[\u4e00-\u9fff]{0,3}?(?:是|为|依次是|依次为)[::]?"
_RANK_LEAD = re.compile(rf"([\u4e00-\u9fff]{{0,6}}?(?:率|占比|比重)){_RANK_WORDS}")
"""A rate's ranking that lists places with their rates in brackets: "投资完成率排名前三位的是高桥镇(72.1%)、…"."""
_RANKED_PLACE = re.compile(rf"(?P<rate>[\u4e00-\u9fff]{{0,6}}?(?:率|占比|比重)){_RANK_WORDS}(?P<place>[\u4e00-\u9fff]{{2,8}})$")
"""The first place of such a list, whose label holds the ranking's words."""
_TOWN = re.compile(r"[\u4e00-\u9fff]{1,6}(?:镇|乡|街道)")
"""A town or a street (below the gazetteer's counties), as a place of a ranked list."""
"""A rate named once before a list of places: "各市(州)资金到位率:金昌市 92%、庆阳市 90%" (the lead's rate word)."""


def name_listed_places(figures: list[Figure]) -> None:
    """A percent labelled only with a place of a list gets the rate the list's lead names, in place.

    Phenomenon: city-by-city rates listed after one lead, "各市(州)资金到位率:金昌市 92%、 庆阳市 90%、兰 州市 51%"
    -> 金昌市资金到位率, 庆阳市资金到位率, 兰州市资金到位率 (spaces of PDF copies dropped from the place name). Only
    labels that are official place names (transforms.gazetteer; a county's short name, 镇原 for 镇原县, too) and
    percents whose sentence has such a lead before them are changed. Without a lead, the rate of the percent before
    it in the sentence is shared ("通渭、岷县资金到位率100%,镇原90%" -> 镇原资金到位率).
    """
    previous: Figure | None = None
    seen: list[Figure] = []
    for fig in figures:
        before, previous = previous, fig
        seen.append(fig)
        place = fig.label.replace(" ", "")
        if fig.unit != "%":
            continue
        ranked = _RANKED_PLACE.search(place)  # "投资完成率排名前三位的是高桥镇(72.1%)、柳林镇(68.4%)"
        if ranked is not None:
            set_label(fig, ranked.group("place") + ranked.group("rate"))
            continue
        if not _is_place(place) and not _TOWN.fullmatch(place):
            continue
        lead_end = fig.start - fig.sentence_start
        leads = list(_LIST_LEAD_RATE.finditer(fig.sentence, 0, lead_end)) or list(
            _RANK_LEAD.finditer(fig.sentence, 0, lead_end))
        if leads:
            rate = leads[-1].group(1)
            rate = rate[2:] if rate.startswith(("各市", "各县", "各区")) else rate
            set_label(fig, place + rate.lstrip("(州)市县区"))
        elif before is not None and before.unit == "%" and before.sentence_start == fig.sentence_start:
            rate = _RATE_AT_END.search(before.label.split("、")[-1])
            if rate and not _is_place(rate.group()):
                set_label(fig, place + _without_leading_place(rate.group()))


_CLAUSE_OPEN = re.compile(r"[,;:。!?\n]")
_PLACES_COUNTED = re.compile(r"^(?:[两二三四五六七八九十\d]+个?(?:县\(市、区\)|县\(市\)|县市区|县区|市州|[市县区州旗])|等[^,;。]{0,12}?)")
"""The count of the places just listed ("两市", "3个县", "等4个县(市、区)"), dropped from the shared label."""
_SHARED_VALUE = re.compile(r"(?:均|都|全部|同时)(?:已|已经)?(?:为|是|达到|达|实现|超过)?$|(?:为|是|达到|达)$")


def name_places_sharing_a_rate(figures: list[Figure]) -> None:
    """A rate stated once for a list of places is one metric named by the whole list, in place.

    Phenomenon: "宿州、亳州两市开工率均为100%", "通渭、岷县、宕昌资金到位率100%": the clause reads as the label of its last
    place only ("亳州两市开工率均"); corpus README ("A rate shared by a list of counties … is ONE metric covering the
    list") names it by the list and the rate: "宿州、亳州开工率". Only percents (a shared count has no one value), whose
    clause opens with names that are all places (`_is_place`: official names, or a county's short name) before the
    place that starts the label; the places' count (两市, 等4个县) and 均为 are dropped. A 分别 list pairs each place
    with its own value (`pair_respectively`) and is left alone."""
    for fig in figures:
        if fig.unit != "%":
            continue
        before = fig.sentence[:fig.start - fig.sentence_start]
        opened = [m.end() for m in _CLAUSE_OPEN.finditer(before)]
        clause = before[opened[-1] if opened else 0:].replace(" ", "")
        names = clause.split("、")
        if len(names) < 2 or "分别" in clause or not all(_is_place(name) for name in names[:-1]):
            continue
        last = names[-1]
        size = next((n for n in range(min(8, len(last) - 2), 1, -1) if _is_place(last[:n])), 0)
        if not size or not fig.label.startswith(last[:size]):
            continue
        rest = _PLACES_COUNTED.sub("", last[size:])
        rate = _SHARED_VALUE.sub("", clean_label(rest))
        if _RATE_AT_END.search(rate):
            set_label(fig, "、".join([*names[:-1], last[:size]]) + rate)


_RATE_AT_END = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:率|占比|比重)$")
_PLACE_SUFFIXES = ("县", "市", "区", "旗")


def _is_place(name: str) -> bool:
    """An official place name, or a county's short name written without its suffix (镇原 for 镇原县)."""
    return is_region(name) or len(name) >= 2 and any(is_region(name + s) for s in _PLACE_SUFFIXES)


def _without_leading_place(words: str) -> str:
    """"东乡县资金到位率" -> 资金到位率: the rate without the place that starts it (official or short name)."""
    regions = find_regions(words)
    if regions and regions[0].start == 0:
        return words[regions[0].end:]
    for size in range(min(4, len(words) - 2), 1, -1):
        if _is_place(words[:size]):
            return words[size:]
    return words


_QUOTED = re.compile(r"“([^”]{2,40})”")


def _quoted_project(fig: Figure) -> str:
    """The name of a quoted project before the figure in its sentence, without its amount: "“城镇棚户区改造27.76万套”
    项目,已完成17.18万套" -> 城镇棚户区改造; "“开展322个县级饮用水水源地环境整治”项目" -> 开展县级饮用水水源地环境整治."""
    before = fig.sentence[:fig.start - fig.sentence_start]
    quotes = _QUOTED.findall(before)
    if not quotes:
        return ""
    name = re.sub(r"\([^()]*\)", "", quotes[-1])
    for q in reversed(scan_quantities(name, 0, len(name))):  # without its amounts (27.76万套, 322个), as the scan
        name = name[:q.lead if q.lead is not None else q.start] + name[q.end:]  # reads them: not 15分 of 15分钟
    return name


_COUNT_PATTERN = rf"\d[\d.,]*\s*(?:万|亿)?(?:{'|'.join(sorted(QUANTITY_UNITS, key=len, reverse=True))})"
_COUNT = re.compile(_COUNT_PATTERN)
"""An amount written in a name or a label: digits, a magnitude, a unit of the quantity vocabulary."""
_LEADING_COUNT = re.compile(rf"^(?:为|向|对|给)?{_COUNT_PATTERN}(?:余|多)?")
_VERB_THEN_COUNT = re.compile(rf"^([\u4e00-\u9fff]{{1,4}}?){_COUNT_PATTERN}(?:余|多)?[\u4e00-\u9fff]")
"""A label that is a verb, another count and its thing ("排查6000个隐患路口" for the 700 joined after it)."""


_COUNT_JOINED_INSIDE = re.compile(rf"[\u4e00-\u9fff]{_COUNT_PATTERN}(?:余|多)?[和及与](?P<thing>[^\d和及与、]{{2,}})$")
"""A label that holds the amount of the figure before, joined by 和/及/与 ("改造提升城市道路35条和背街小巷"): the words
after the joiner are this figure's thing (a 、 list is cut at 、 already)."""
_LEADING_ACTION = re.compile(rf"^(?:{STAGES})+")
_DIGIT = re.compile(r"\d")
"""A digit, as `_COUNT_PATTERN` opens with (`\\d`: any decimal digit)."""
_SIZE_BOUNDS = ("以上", "以下", "及以上", "及以下")


def drop_leading_counts(text: str, figures: list[Figure]) -> None:
    """A label that starts with another quantity names the thing after it: "257个老旧小区中221个已开工" ->
    老旧小区 for 221, "35个省市县长项目已开工16个" -> 省市县长项目已开工. The count and a trailing 中 go; a label
    that would be left empty keeps its words. When the other quantity is joined to this one ("组织425名劳模和5000名
    职工疗休养"), its words name the other thing: this one is named by the words after its own unit (职工疗休养),
    and what this name holds beyond the other's length is shared by both (劳模疗休养, `_shared_tail`). A count
    bounded by 以上/以下 is a size class and stays ("30户以上自然村通硬化路工程")."""
    previous: Figure | None = None
    seen: list[Figure] = []
    for fig in figures:
        before, previous = previous, fig
        seen.append(fig)
        if _DIGIT.search(fig.label) is None:
            continue  # the three patterns below hold a count's digits: one test spares them (most labels)
        match = _LEADING_COUNT.match(fig.label)
        joined_before = _COUNT_JOINED_INSIDE.search(fig.label) if match is None else None
        if joined_before is not None and _HAN.search(joined_before.group("thing")):
            # "改造提升城市道路35条和背街小巷120条": 120 counts 背街小巷, with the action that opens the list
            verb = _LEADING_ACTION.match(fig.label)
            set_label(fig, (verb.group() if verb else "") + joined_before.group("thing"))
            continue
        if match is None:
            verb_first = _VERB_THEN_COUNT.match(fig.label)
            joined = verb_first is not None and fig.start > 0 and text[fig.start - 1] in _JOINERS
            thing = _thing_after(text, fig) if joined else ""
            if thing:  # "排查6000个隐患路口和700个事故路口": 700 is 排查 of 事故路口
                set_label(fig, verb_first.group(1) + thing)
            continue
        rest = fig.label[match.end():].removesuffix("中").strip()
        if rest.startswith(_SIZE_BOUNDS):  # "30户以上自然村…126个": the count is part of the thing's name
            continue
        joined = fig.start > 0 and text[fig.start - 1] in _JOINERS  # "…425名劳模和5000名…"
        thing = _thing_after(text, fig) if joined else ""
        if thing and before is not None and before.sentence_start == fig.sentence_start and before.label == rest:
            # The action after the last thing is shared: 劳模 (疗休养) and 职工疗休养.
            first, second = _shared_tail([rest, thing])
            set_label(before, first)
            set_label(fig, second)
        elif thing:
            set_label(fig, thing)
        elif _HAN.search(rest):
            set_label(fig, rest)


_JOINERS = "和及与、"


_LEADS_WITH_VERB = re.compile(rf"^(?:已|并|均|全部|正在|累计|共|{STAGES}|的|以上|左右|次)")

_OPEN_BRACKET_TAIL = re.compile(r"\([^()]*$")
_HEADING_ASPECT = re.compile(rf"^[^,:]{{1,12}}?{V.ASPECT_WORD}[,:](?=.)")
_LIST_JOINERS = ("、", ",", "和", "及")
_HEADING_SUBJECT_MAX = 30
"""An item heading longer than this, or holding a sentence break, is a paragraph, not the name of a thing."""


_STATUS_BRACKET = re.compile(r"[(【](?:绿灯|黄灯|红灯|蓝灯|已完成|序时推进|滞后|超序时)[)】]")


def _heading_subject(name: str) -> str:
    """The item's heading as a subject, without its amounts (a commitment: "新开工改造老旧小区221个3万户"), or ""
    when it is a whole paragraph ("全市生产总值增长8%左右。固定资产…")."""
    if len(name) > _HEADING_SUBJECT_MAX or any(c in name for c in "。;!?"):
        return ""
    name = _OPEN_BRACKET_TAIL.sub("", name)  # "实施农村公路提质改造(责任单位": the bracket is cut at its colon
    name = _STATUS_BRACKET.sub("", name)  # "城乡公交一体化提升工程(绿灯)": a status, not the thing's name
    name = _HEADING_ASPECT.sub("", name)  # "医疗方面:建设村卫生室120个": the aspect is not the thing
    if not any(c.isdigit() for c in name):
        return name
    first = _COUNT.search(name)
    if first is not None and name.startswith(_LIST_JOINERS, first.end()) and len(_HAN.findall(name[:first.start()])) >= 2:
        return name[:first.start()]  # 改造老旧小区120个、惠及居民2.1万户 -> 改造老旧小区 (what the second amount measures)
    return _COUNT.sub("", name)  # 改造老旧小区221个 -> 改造老旧小区


_GROUP_BEFORE = re.compile(r"(?P<group>[\u4e00-\u9fff]{2,8}项目)(?:共|总数为?)?\d+[个项](?:[,，][^,，;。]*){1,3}$")


def _group_named_before(text: str, fig: Figure) -> str:
    """The group of projects whose size a clause before the figure in its sentence gives ("续建项目118个,计划总投资
    1238.5亿元,完成投资210.3亿元" -> 续建项目: roles "group size"), as the subject of a bare figure; "" otherwise."""
    match = _GROUP_BEFORE.search(text, fig.sentence_start, fig.start)
    return clean_label(match.group("group")) if match else ""


def _item_name(items: list[Item], starts: list[int], fig: Figure) -> str:
    """The name of the item that holds the figure: the nearest item before it with the figure's number (numbers such
    as "(1)" restart under every item, so the number alone names several), else ""."""
    for k in range(bisect.bisect_right(starts, fig.start) - 1, -1, -1):
        if items[k].no == fig.item:
            return items[k].name
    return ""


_TOPIC = re.compile(r"^[\u4e00-\u9fff“”()]{2,16}(?=[,:])")
"""A sentence's opening clause that names its topic only ("老旧小区改造,年度目标120个,已开工98个")."""


def _topic(fig: Figure) -> str:
    """The topic a sentence opens with, for a figure in a later clause: a clause of words only (no amount, no
    period phrase, not a connector such as 其中 or 目前); "" otherwise."""
    match = _TOPIC.match(fig.sentence)
    if match is None or fig.start - fig.sentence_start <= match.end():
        return ""
    topic = clean_label(match.group())
    if _NOT_NAMES.search(topic) or _PERIOD_TOPIC.fullmatch(topic):
        return ""  # "元至九月,全县完成生产总值…": when, not what
    status = _TOPIC_STATUS.search(topic, 2)
    if status is not None:  # "县医院迁建项目主体已封顶,完成投资1.2亿元": the project, not its status
        topic = topic[:status.start()]
    return "" if len(topic) < 2 or _NOT_NAMES.search(topic) else topic


_AMOUNT_CLAUSE_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,16}?)\d+(?:\.\d+)?[万亿]?[\u4e00-\u9fff]{0,2}[,,]$")


def _measure_before(text: str, fig: Figure) -> str:
    """The measure named in the clause right before a change word's figure in its sentence, when that clause holds an
    amount that is no figure ("全县完成生产总值56.7亿,增长7.5%" -> 生产总值); "" otherwise."""
    match = _AMOUNT_CLAUSE_BEFORE.search(text, max(fig.sentence_start, fig.start - 40), fig.start - len(fig.label))
    return clean_label(match.group(1)) if match else ""


_PERIOD_TOPIC = re.compile(r"(?:今年|本年|全年)?(?:[元一二三四五六七八九十\d]{1,3}\s*[-—~至到]\s*[一二三四五六七八九十\d]{1,3}\s*月份?"
                           r"|前三季度|上半年|下半年|[一二三四]季度|今年以来|年初以来)")
"""A sentence's opening clause that says when ("元至九月", "1-9月", "前三季度"), not what."""
_TOPIC_STATUS = re.compile(r"已|正在|基本|全面|顺利|完成|完工|竣工|开工|封顶|建成")
"""Where a topic clause turns from the thing to its status ("…项目主体已封顶", "…项目完成主体工程")."""


_THING_AFTER = re.compile(r"[\u4e00-\u9fff“”]{2,16}?(?=[和及与、]\d|[^\u4e00-\u9fff“”]|$)|[\u4e00-\u9fff“”]{2,16}")
"""The noun after a unit: up to a joiner that opens the next count ("隐患路口" of "6000个隐患路口和700个…"), else the
longest run of characters (16 at most)."""


def _thing_after(text: str, fig: Figure) -> str:
    """The noun right after a figure's unit in its clause, when the clause names what is counted there ("可受理9项
    医保服务事项" -> 医保服务事项); "" when a verb or nothing follows."""
    words = _THING_AFTER.match(text, fig.end, clause_end(text, fig.end))
    if words is None or _LEADS_WITH_VERB.match(words.group()):
        return ""
    return words.group()


_SCOPES = frozenset(("市区", "城区", "主城区", "中心城区", "全市", "全县", "全区", "全省", "全州", "全盟"))


def _is_where(label: str) -> bool:
    """A label that is only a scope or an official place name (市区, 全市, 萧县): where the amount is, not what it
    counts. Short forms (新建 for 新建区) are not places here: they are also verbs."""
    return label in _SCOPES or is_region(label)


def complete_bare_labels(text: str, figures: list[Figure], items: list[Item]) -> None:
    """Give every figure whose label is bare (`is_bare`) the subject it reports on, in place; a label that is only a
    place or a scope ("市区4000余部无人售票公交车") takes the noun after the unit instead (无人售票公交车).

    A noun right after the quantity names what is counted ("可受理9项医保服务事项" -> 可受理医保服务事项). Else the
    subject is the parent's label without its own stage ("其中22个已完工" under "26个省级示范村已开工" ->
    省级示范村完工), else the item's heading ("20.农民技能培训方面,…培训20474人" -> 农民技能培训; "8.节能保暖改造
    方面,514.3万平方米已开工" -> 节能保暖改造开工) or a quoted project name before it ("“城镇棚户区改造27.76万套”
    项目,已完成17.18万套" -> 城镇棚户区改造); a change word ("增长") first takes the label of the figure before
    it in the same sentence ("收入508.17亿元,同比增长6.5%" -> 收入同比增长). A heading that already ends with the bare
    word is the label as it stands. Figures outside items and without a parent keep their label.
    """
    by_id = {f.id: f for f in figures}
    ordered = sorted(items, key=lambda i: i.start)
    starts = [i.start for i in ordered]
    previous: Figure | None = None
    seen: list[Figure] = []
    for fig in figures:
        before, previous = previous, fig
        if before is not None and before.unit == "个百分点" and _CHANGE.match(fig.label):
            # "完成198.6亿元,超序时进度6.4个百分点,同比增长9.7%": the growth measures the amount, not the gap
            before = next((f for f in reversed(seen) if f.unit != "个百分点"), before)
        seen.append(fig)
        if fig.label and _is_where(fig.label):  # 市区4000部无人售票公交车: a place says where, the noun after what
            thing = _thing_after(text, fig)
            if thing:
                set_label(fig, thing)
            continue
        if not is_bare(fig.label):
            continue
        thing = _thing_after(text, fig) if fig.label else ""
        thing = "" if fig.label in thing else thing  # the label is already the words after the unit
        if thing:  # 可受理9项医保服务事项: the verb and the thing it counts
            set_label(fig, fig.label + thing)
            continue
        parent = by_id.get(fig.part_of) if fig.part_of else None
        subject = subject_of(parent.label) if parent is not None and not is_bare(parent.label) \
            and (parent.item == fig.item or fig.item is None) else ""  # a lead total's part in an item: the item's
        same_sentence = before is not None and before.sentence_start == fig.sentence_start \
            and not is_bare(before.label) and before.unit != "%"
        if parent is not None and same_sentence and before is not None and before.base_unit != fig.base_unit \
                and before.part_of is None and text.find("其中", parent.end, before.start) >= 0:
            # "其中,续建项目28个,完成投资45.12亿元": the part is the group the count before it names, not the whole
            subject = subject_of(before.label)
        if not same_sentence:  # "其中,续建项目28个,完成投资45.12亿元": the group its size names (roles "group size")
            subject = _group_named_before(text, fig) or subject
        if not subject and same_sentence and _CHANGE.match(fig.label):
            subject = before.label
        elif not subject and _CHANGE.match(fig.label) and (before is None or before.sentence_start != fig.sentence_start):
            subject = _measure_before(text, fig)  # "全县完成生产总值56.7亿,增长7.5%": 56.7亿 is read as no figure
        elif not subject and same_sentence:  # 续建项目复工108项,…完成投资25.17亿元 -> 续建项目完成投资
            # A count's stage names the nearest thing counted in its unit ("改造老旧小区90个、惠及居民2.1万户,已开工86个"
            # -> 改造老旧小区开工), else the figure right before it.
            of_unit = next((f for f in reversed(seen) if f.sentence_start == fig.sentence_start
                            and f.base_unit == fig.base_unit and not is_bare(f.label)), None)
            if of_unit is None and _DEPENDENT.search(before.label):
                # "改造老旧小区86个,惠及居民2.14万户,完成投资3.96亿元": the thing, not the people it serves
                of_unit = next((f for f in reversed(seen[:-2]) if f.sentence_start == fig.sentence_start
                                and not is_bare(f.label) and not _DEPENDENT.search(f.label)), None)
            subject = subject_of((of_unit or before).label)
        if not subject:
            subject = _quoted_project(fig)
        if not subject and fig.item is not None:
            subject = _heading_subject(_item_name(ordered, starts, fig))
        if not subject:
            subject = _topic(fig)
        if not _HAN.search(subject):
            continue
        generic = _GENERIC_THING.match(fig.label)
        if generic:  # "111个项目已开工" under "老旧小区改造方面": 老旧小区改造项目开工
            set_label(fig, subject + generic.group(1) + generic.group(2).lstrip("已并均"))
            continue
        stage = fig.label.lstrip("已并均")
        set_label(fig, subject if stage in V.SILENT_STAGES.words else with_stage(subject, fig.label))


_EXAMPLES_CLOSE = "等"
_THING_COUNTED = re.compile(r"(?:[\u4e00-\u9fff“”、]|\([^()\d\n]{1,12}\))+")
"""The words naming a counted thing: Chinese characters, quotes, 、 between two nouns and a bracketed qualifier
without digits ("郊野(山头)公园绿化提升", "中小学、幼儿园")."""
_LIST_OPEN = re.compile(r"[,;:。!?\n]")
_LIST_VERB = re.compile(rf"^(?:已经|已|累计|共|全市|全县|全区)*({STAGES})")


def name_examples_by_their_kind(text: str, figures: list[Figure]) -> None:
    """A figure counted after a list of examples closed by 等 is named by the thing after its unit, in place.

    Phenomenon: "新建A街道、B镇、C镇等13家婴幼儿成长驿站" -> 新建婴幼儿成长驿站 (not "C镇", the last example);
    "已启动岘山、老虎山一期等8个郊野(山头)公园绿化提升" -> 启动郊野(山头)公园绿化提升. The thing runs to the end of the
    clause (a bracketed qualifier and 、 between nouns included), or to its first 、 when a digit follows. The
    list's opening verb, when it is a stage word (新建, 启动, 新增), leads the label. Figures whose unit is followed
    by a verb or nothing keep their label. Kinds listed before 等 and the thing right before the quantity ("改造供水、
    排水、燃气等管线2680公里") name it together: the label is not cut at the last 、 (燃气等管线)."""
    for fig in figures:
        if fig.unit == "%":
            continue
        if not text.endswith(_EXAMPLES_CLOSE, 0, fig.start):
            window = max(fig.sentence_start, fig.start - 60)
            if text.find("、", window, fig.start) < 0:
                continue  # no list before it (memchr speed: most figures)
            if not _names_listed_right_before(text, fig):
                kinds = _KINDS_BEFORE.search(text, window, fig.start) \
                    if text.find("等", max(window, fig.start - 12), fig.start) >= 0 else None
                if kinds is not None and fig.label and fig.label in kinds.group() and fig.label != kinds.group():
                    # "改造供水、排水、燃气等管线2680公里": the kinds listed before 等 are part of the thing's name
                    set_label(fig, clean_label(kinds.group()))
                continue
        end_match = _LIST_OPEN.search(text, fig.end)
        end = end_match.start() if end_match else len(text)
        words = _THING_COUNTED.match(text, fig.end, end)
        if words is None:
            shared = _names_sharing_the_amount(text, fig)
            if shared:  # "新建中小学、幼儿园15所": one amount of the things listed, named by all of them
                set_label(fig, shared)
            continue
        thing = words.group()
        if any(c.isdigit() for c in text[words.end():end]) or len(thing) > 24:
            thing = thing.split("、")[0]
        thing = thing.strip("、")
        if len(thing) < 2 or _LEADS_WITH_VERB.match(thing):
            continue
        verb = _LIST_VERB.match(text, _list_start(text, fig), fig.start)
        set_label(fig, (verb.group(1) if verb else "") + thing)


def _list_start(text: str, fig: Figure) -> int:
    """Where the list before a figure opens: just after the last clause mark before it (`_LIST_OPEN`, not 、), else at
    its sentence's start."""
    opened = _LIST_OPEN.search(text[fig.sentence_start:fig.start][::-1])
    return fig.start - opened.start() if opened else fig.sentence_start


def _names_listed_right_before(text: str, fig: Figure) -> bool:
    """True when the figure's label is the last of names listed with 、 right before its number ("完成榔桥、茂林、蔡村
    3个中心卫生院改造": the count of the examples, named by the thing after its unit, as after 等)."""
    window = max(fig.sentence_start, fig.start - 60)
    if text.find("、", max(window, fig.start - 10), fig.start) < 0:
        return False  # no 、 right before the number: no list ends there
    listed = _NAMES_RIGHT_BEFORE.search(text, window, fig.start)
    return listed is not None and bool(fig.label) and listed.group().endswith(fig.label) and "等" not in listed.group()


def _names_sharing_the_amount(text: str, fig: Figure) -> str:
    """The names listed with 、 before a figure that has no thing after its unit, from the clause's start, cleaned
    ("创建节水型单位、社区200家" -> 创建节水型单位、社区, not 社区): the amount counts them together. "" when any
    listed name holds a number (then each has an amount of its own: "新建农贸市场3个、社区食堂12个")."""
    words = text[_list_start(text, fig):fig.start]
    if "、" not in words or any(c.isdigit() for c in words):
        return ""
    names = clean_label(words)
    return names if "、" in names.strip("、") and fig.label and names.endswith(fig.label) else ""


_NAMES_RIGHT_BEFORE = re.compile(r"[^,;:。!?\d\s、]{1,8}(?:、[^,;:。!?\d\s、]{1,8})+$")
_KINDS_BEFORE = re.compile(r"[^,;:。!?\d\s、]{1,12}(?:、[^,;:。!?\d\s、]{1,8})+等[^,;:。!?\d\s、等]{1,10}$")
"""Kinds listed with 、 and closed by 等 right before a quantity, with the thing they are kinds of ("改造供水、排水、
燃气等管线")."""
_COLON_LEAD = re.compile(rf"^(?:{ITEM_MARK})?\s*([^,;:。!?\d\s]{{2,16}}):")
"""A sentence that opens with a short name and a colon: "2.妇计中心:土建完成100%" (an item mark may precede)."""
_NOT_NAMES = re.compile(V.COLON_LEADS_NOT_NAMES.pattern())
_SHORT_LABEL = 4
"""Labels of at most this many characters name a part of the work (土建, 里程, 投资), not the thing it is done on."""
_LIST_OF_RATES = re.compile(r"^各|(?:率|比例|比重|占比)$")
"""A lead that opens a list of places or rates ("各市(州)资金到位率:"): `name_listed_places` names those."""
_DEPARTMENT = re.compile(rf"(?:{V.DEPARTMENT_SUFFIXES.pattern()})$")
"""A department's heading ("州移民局:") names who reports, not what: the item it opens is the department's."""


def name_by_colon_lead(figures: list[Figure]) -> None:
    """A figure of a sentence that opens with a project's or a place's name and a colon is that name's: "妇计中心:土建
    完成100%,室内装修85%" -> 妇计中心土建完成, 妇计中心室内装修; "通畅工程:完成里程13883公里" -> 通畅工程里程, in place.
    Only short labels (`_SHORT_LABEL`) take the name: a longer one names its thing already (a rule that prefixed
    labels of six characters lowered the blind half's label accuracy, 0.735 -> 0.727). Leads that open a report or a
    list without naming a thing (进展情况:, 其中:, 截至6月底:), rates' lists (各市资金到位率:) and departments (州移民局:)
    are not names; a label that already holds the name keeps it."""
    for fig in figures:
        lead = _COLON_LEAD.match(fig.sentence) if ":" in fig.sentence else None  # (the lead ends at a colon)
        if lead is None or fig.start - fig.sentence_start < lead.end():
            continue
        name = lead.group(1)
        if len(fig.label) > _SHORT_LABEL or _NOT_NAMES.search(name) or name in fig.label or not _HAN.search(name) or _LIST_OF_RATES.search(name) \
                or _DEPARTMENT.search(name):
            continue
        set_label(fig, name + fig.label)


_RESPECTIVELY = "分别"
_LIST_LEAD = re.compile(r"[^,;:。()]*$")
_LIST_END = re.compile(r"[,;:。]")


def pair_respectively(text: str, figures: list[Figure]) -> None:
    """Names listed before 分别 go to the values listed after it, in order, in place.

    Phenomenon: "萧县、砀山县、灵璧县开工率分别为90%、85%、80%" -> 萧县开工率 90%, 砀山县开工率 85%, 灵璧县开工率 80%;
    "城镇和农村居民人均可支配收入分别增长8.1%和9.2%" -> 城镇居民人均可支配收入增长, 农村居民人均可支配收入增长. The names
    are the lead's words split at 、 (or also at 和/及 when that gives as many names as values). What the last name
    holds beyond the others (a rate, a shared noun: the tail after the place the gazetteer finds, else after the
    length of the longest other name) is shared by all; a change word after 分别 (增长), or the measure named there
    ("城区、县城分别新增停车位2000个、1500个" -> 城区新增停车位, 县城新增停车位), is appended. When the counts
    differ, no name is paired (a wrong pairing is worse than a plain label): values without words of their own
    only share the first value's label ("分别慢于序时进度10.4、8.6、6.6个百分点").
    """
    by_sentence: dict[int, list[Figure]] = {}
    for fig in figures:
        by_sentence.setdefault(fig.sentence_start, []).append(fig)
    for s_start, figs in by_sentence.items():
        sentence = figs[0].sentence
        at = sentence.find(_RESPECTIVELY)
        if at < 0:
            continue
        end = _LIST_END.search(sentence, at)
        list_end = s_start + (end.start() if end else len(sentence))
        listed = [f for f in figs if s_start + at < f.start < list_end]
        if len(listed) < 2:
            continue
        lead_match = _LIST_LEAD.search(sentence, 0, at)
        lead = lead_match.group().strip()
        names = _names(lead, len(listed))
        measure = ""
        if names is None and lead_match.start() > 0:  # the names in the clause before: "A、B进展较好,X率分别…"
            listed_names = _listed_names(sentence[:lead_match.start() - 1])
            rate_named = _RATE_AT_END.search(lead) or not lead and _RATE_AT_END.search(listed_names)
            names = _names(listed_names, len(listed)) if "、" in listed_names and rate_named else None
            measure = lead
            clause = _LIST_LEAD.search(sentence[:lead_match.start() - 1]).group().strip()
            counted = _RATE_BEFORE_LIST.match(clause) if "、" in listed_names and not lead else None
            if names is None and counted:  # "开复工率达到80%以上的旗县市有A、B和C,分别达到97.22%、…": the rate
                names = _names(listed_names, len(listed))
                measure = counted.group(1) if names else measure
            elif names is None and not lead and "、" in listed_names and _STATUS_TAIL.search(clause):
                # "外资、基础设施、社会事业进展不够理想,分别低于总体进度4.0、8.3个百分点": the measure follows 分别
                names = _names(listed_names, len(listed))
            ranked = _RANKED_LIST.fullmatch(listed_names)
            if names is None and not lead and ranked:  # "A、B、C位列前三,分别完成年度计划的92.6%、…"
                names = _names(ranked.group("names"), len(listed))
                measure = sentence[at + 2:listed[0].start - s_start].strip().removesuffix("的")
                measure = "" if measure in _COPULAS else measure  # "分别为65.3%": no measure named
        if names is None:  # "A率65.6%,B率99.89%,分别高于目标0.6个、4.89个百分点": gaps of the figures before
            names, measure = _gapped_figures(sentence, at, [f for f in figs if f.start < s_start + at], listed)
        if names is None:  # values without names of their own share the list's lead words
            for fig in listed[1:]:
                set_label(fig, fig.label if _HAN.search(fig.label) and len(fig.label) >= 2 else listed[0].label)
            continue
        change = next((w for w in V.CHANGE_WORDS.words if sentence.startswith(w, at + 2)), "")
        if not change and not measure:  # "城区、县城分别新增停车位2000个、1500个": the measure after 分别
            after = clean_label(sentence[at + 2:listed[0].start - s_start])
            change = after if len(_HAN.findall(after)) >= 2 else ""
        paired = _shared_tail(names)
        per = _PER_PERIOD_AT_END.search(change)
        previous_end = None
        for name, fig in zip(paired, listed):
            own = _OWN_PER_PERIOD.fullmatch(text, previous_end, fig.start) if previous_end is not None and per else None
            # "分别提高到每人每月685元和每人每年5200元": the second value is a year's, not a month's
            set_label(fig, name + measure + (change[:per.start()] + own.group(1) if own and per else change))
            previous_end = fig.end
        # A second list of changes right after ("分别达到18687元、5634元,增长7.8%、9.2%"): the same names, in order.
        after = [f for f in figs if f.start >= list_end]
        if len(after) > len(listed) and all(f.unit == "%" for f in after[:len(listed)]) \
                and _CHANGE_ONLY.fullmatch(after[0].label):
            after = after[:len(listed)]  # "…,分别增长6.2%、8.8%,分别完成年度目标的…": the changes come first
        change_word = _CHANGE_ONLY.fullmatch(after[0].label) if len(after) == len(listed) else None
        if change_word and all(f.unit == "%" and (_CHANGE_ONLY.fullmatch(f.label) or f.label in _JOINERS)
                               for f in after):
            word = after[0].label.replace("分别", "")  # "同比分别增长": 同比增长
            for name, fig in zip(paired, after):
                set_label(fig, name + measure + word)
        elif len(after) == len(listed) and after[0].label.startswith("分别") \
                and _GAP_LABEL.match(after[0].label.removeprefix("分别")) and all(f.unit == "个百分点" for f in after) \
                and not any(c.isdigit() for name in paired for c in name):
            # "…分别为65.3%、62.8%,分别低于序时进度9.7个、12.2个百分点": the same names' gaps, in order
            word = after[0].label.removeprefix("分别")
            for name, fig in zip(paired, after):
                set_label(fig, name + word)


_PER_PERIOD_AT_END = re.compile(r"(?:每[人户月年日天次])+$")
_OWN_PER_PERIOD = re.compile(r"(?:和|及|、)((?:每[人户月年日天次])+)")
"""The period a value of a 分别 list states for itself ("…685元和每人每年5200元"), instead of the list's lead's."""
_JOINERS = ("", "和", "及", "、")
_COPULAS = ("为", "是", "达", "达到")
_RANKED_LIST = re.compile(r"(?P<names>[^,;。]+、[^,;。]+?)(?:位列|位居|排名|排在|居)(?:全[省市县区])?[前后末][一二三四五六七八九十\d]+"
                          r"(?:位|名)?")
"""Places listed with their rank ("东城区、高新区、北河县位列前三"), whose values follow after 分别."""
_CHANGE_ONLY = re.compile(rf"(?:同比)?(?:分别)?(?:同比)?(?:{V.CHANGE_WORDS.pattern()})")


_COMPARISON = re.compile(rf"(?:{V.COMPARISON_WORDS.pattern()})[^\d,;。]*?(?=的?\d)")
"""A comparison with a plan before the gaps it lists: "高于年度目标任务" of "分别高于年度目标任务的0.6个、4.89个百分点"."""


def _gapped_figures(sentence: str, at: int, before: list[Figure], listed: list[Figure]) -> tuple[list[str] | None, str]:
    """(names, comparison) for gaps listed after 分别 that compare the figures before it with their plan, in
    order: as many figures before as gaps, the gaps in percentage points. (None, "") otherwise."""
    comparison = _COMPARISON.match(sentence, at + 2)
    if comparison is None or len(before) < len(listed) or any(f.unit != "个百分点" for f in listed):
        return None, ""
    names = [f.label for f in before[-len(listed):]]
    return (names, comparison.group()) if all(names) else (None, "")


_DEPENDENT = re.compile(rf"^(?:{V.DEPENDENT_AMOUNT_WORDS.pattern()})")


def name_dependent_amounts(figures: list[Figure]) -> None:
    """An amount measured on the thing counted just before it in its sentence ("老旧小区350个,涉及居民4.78万户",
    "改造小区12个,惠及群众2万人") takes that thing's label before its own: 老旧小区涉及居民, in place. Only after a
    count of things (个, 处, 所: `COUNT_UNITS`), not after an area or an amount of money ("建筑面积227万平方米,涉及
    居民楼786座" keeps 涉及居民楼)."""
    for before, fig in zip(figures, figures[1:]):
        if before.sentence_start == fig.sentence_start and before.base_unit in COUNT_UNITS and before.label \
                and _DEPENDENT.match(fig.label) and not _DEPENDENT.match(before.label):
            set_label(fig, before.label + fig.label)


_LISTED_CHANGE = re.compile(r"^分别(?:同比|比上年|较上年)?(增长|下降|增加|减少|提高|降低)$")


def name_listed_changes(figures: list[Figure]) -> None:
    """Changes listed after 分别 with no names before it ("城镇居民人均可支配收入41200元、农村居民人均可支配收入21350元,
    分别增长5.8%和7.6%") measure the amounts listed before them in their sentence, in order: each takes its
    amount's label and its change word (城镇居民人均可支配收入增长), in place. Only when there are as many amounts
    (figures not in % or 个百分点) right before them as changes."""
    if not any(f.label.startswith("分别") for f in figures):
        return  # (speed: most bulletins list no changes so)
    by_sentence: dict[int, list[Figure]] = {}
    for fig in figures:
        by_sentence.setdefault(fig.sentence_start, []).append(fig)
    for sentence in by_sentence.values():
        changes = [f for f in sentence if f.unit == "%" and _LISTED_CHANGE.match(f.label)]
        if len(changes) < 2:
            continue
        first = sentence.index(changes[0])
        amounts = [f for f in sentence[:first] if f.unit not in ("%", "个百分点")][-len(changes):]
        if len(amounts) != len(changes) or any(f.start > changes[0].start for f in amounts):
            continue
        for amount, change in zip(amounts, changes):
            word = _LISTED_CHANGE.match(change.label).group(1)  # type: ignore[union-attr]
            set_label(change, amount.label + word)


def share_the_subject_of_a_listed_measure(text: str, figures: list[Figure]) -> None:
    """A measure listed right after another one of the same subject takes that subject: "困难残疾人生活补贴累计发放
    金额1.87亿元、累计发放人次292.48万人" -> 困难残疾人生活补贴累计发放人次, in place. The figure follows the other after 、
    and its label opens with a stage word (发放, 完成…) that the other's label holds after two characters or more;
    the words before it there are the subject."""
    for before, fig in zip(figures, figures[1:]):
        if before.sentence_start != fig.sentence_start or fig.start < 1 or "、" not in text[before.end:fig.start] \
                or not before.label:
            continue
        stage = _LEADING_STAGE.match(fig.label)
        at = before.label.find(stage.group()) if stage else -1
        if at >= 2 and stage is not None:
            set_label(fig, before.label[:at] + fig.label)


_LEADING_STAGE = re.compile(rf"^(?:{STAGES})")


def name_gaps(figures: list[Figure]) -> None:
    """A gap in percentage points named only by its comparison ("高于年度目标任务4.4个百分点") takes the label of the
    figure before it in its sentence, the amount it compares: "覆盖面达到64.4%,高于年度目标任务4.4个百分点" ->
    覆盖面高于年度目标任务 ("污水处理率96.5%,较年度目标高出1.5个百分点" -> 污水处理率较年度目标高出), in place."""
    listed = _name_listed_gaps(figures)
    previous: Figure | None = None
    seen: list[Figure] = []
    for fig in figures:
        before, previous = previous, fig
        seen.append(fig)
        if fig.id in listed or before is None or before.sentence_start != fig.sentence_start or not before.label \
                or _GAP_LABEL.match(before.label):
            continue
        if not fig.label and fig.unit == "个百分点" and (before.unit == "%" or before.pct_of_plan is not None):
            # "合格率为87.5%,低于省定目标(90%)2.5个百分点": the comparison stands before the target in brackets
            between = fig.sentence[before.end - fig.sentence_start:fig.start - fig.sentence_start]
            words = clean_label(re.split(r"[,;:、]", re.sub(r"\([^()]*\)", "", between))[-1])
            if _GAP_LABEL.match(words):
                set_label(fig, before.label + words)
            continue
        if not _GAP_LABEL.match(fig.label):
            continue
        # A gap in points after a rate; a change in the amount's own unit ("126.5万人,较上年末增加3.2万人").
        if fig.unit == "个百分点" or fig.unit != "%" and units_compatible(fig.unit, before.unit):
            # "同比增长6.8%,增速高于全市平均水平1.2个百分点": the growth's subject, once (地区生产总值增速高于…)
            subject = _GROWTH_AT_END.sub("", before.label) if fig.label.startswith(("增速", "增幅")) else before.label
            set_label(fig, (subject or before.label) + fig.label)


_GROWTH_AT_END = re.compile(r"(?:同比|比上年|较上年)?(?:增长|下降|增速|增幅)$")


def _name_listed_gaps(figures: list[Figure]) -> set[str]:
    """Gaps listed after as many figures with their percents ("口袋公园42个、绿道68公里,分别完成年度任务的84%和87.7%,
    超序时进度9个和12.7个百分点"): each gap the label of the figure of its place, with the comparison (口袋公园超序时
    进度, 绿道超序时进度), in place; returns the ids named."""
    named: set[str] = set()
    by_sentence: dict[int, list[Figure]] = {}
    for fig in figures:
        by_sentence.setdefault(fig.sentence_start, []).append(fig)
    for figs in by_sentence.values():
        gaps = [f for f in figs if f.unit == "个百分点"]
        measured = [f for f in figs if f.unit not in ("%", "个百分点") and f.pct_of_plan is not None and f.label]
        word = _GAP_LABEL.match(gaps[0].label.replace("分别", "")) if len(gaps) >= 2 else None
        if word is None or len(measured) != len(gaps) or figs[-len(gaps):] != gaps \
                or any(m.start > gaps[0].start for m in measured):
            continue
        comparison = gaps[0].label.replace("分别", "")
        for fig, gap in zip(measured, gaps):
            set_label(gap, fig.label + comparison)
            named.add(gap.id)
    return named


_GAP_LABEL = re.compile(rf"^(?:增速|增幅)?(?:(?:较|比)[^\d,;。]{{0,8}}?(?:高|低|多|少|快|慢|提高|下降|高出|低出|增加|减少|滞后|落后|超前)"
                        rf"|{V.COMPARISON_WORDS.pattern()}|超额完成|超(?=年度|全年|年|计划|目标|任务|序时))")
"""A label that is only a comparison: "高于年度目标任务", "较年度目标高出"."""
_LISTED_AFTER = re.compile(r"^.*?有")
_RATE_BEFORE_LIST = re.compile(r"^([\u4e00-\u9fff]{1,8}?率)[^,;。]*?有")
"""The rate that picks out the places listed after 有 ("开复工率达到80%以上的旗县市有…"): their values' measure."""
_STATUS_TAIL = re.compile(rf"(?:{V.LIST_STATUS_TAILS.pattern()})$")


def _listed_names(words: str) -> str:
    """The names of a list in the words of a clause: after "…有" ("开复工率达到80%以上的旗县市有A、B和C"), without a
    status word at the end ("科技、农业、工业项目进展较好" -> 科技、农业、工业项目)."""
    lead = _LIST_LEAD.search(words).group().strip()
    lead = _LISTED_AFTER.sub("", lead) if "、" in lead else lead
    lead = _BOUND_AT_END.sub("", lead)  # "…寻乌县完成率低于80%": the bound the listed values pass
    return _STATUS_TAIL.sub("", lead)


_BOUND_AT_END = re.compile(r"(?:均)?(?:超过|高于|低于|不足|不到|未达到?)\s*\d+(?:\.\d+)?\s*%$")


_PLACE_END = re.compile(r"(?:[镇乡区县市村]|街道|园区|社区)$")
_PLACE_HEAD = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:街道|园区|开发区|新区|社区|[镇乡区县市村])")
"""A place's name at the head of the last name listed before 分别, when the other names are places too."""


_LISTED_TWO = re.compile("、|和|及")


def _names(lead: str, count: int) -> list[str] | None:
    lead = lead.removeprefix("其中").lstrip(",:")  # "其中长沙市、株洲市分别开工…": the breakdown's word names no one
    lead = lead.removeprefix("为")  # "为城乡低保对象、特困人员分别发放…": to whom, not a name's first word
    at = lead.find("城乡")
    if count == 2 and 0 <= at <= 2 and len(lead) > at + 3 and not _LISTED_TWO.search(lead):
        # "城乡居民人均可支配收入分别达到…、…", "城乡低保标准分别提高到…和…": 城乡 is two names in one word (a scope
        # before it, 全县, goes); not when two names are listed ("城乡低保对象、特困人员": those are the two)
        rest = lead[at + 2:]
        return ["城镇" + rest if rest.startswith("居民") else "城市" + rest, "农村" + rest]
    for separators in ("、", "、|和|及"):
        names = [n.strip() for n in re.split(separators, lead) if n.strip()]
        if len(names) == count:
            return names
    return None


def _shared_tail(names: list[str]) -> list[str]:
    last = names[-1].replace(" ", "")
    regions = find_regions(last)
    others = [n.replace(" ", "") for n in names[:-1]]
    ends = {n[-1] for n in others if n}
    # The last name's own head ends where the other names end, when they all end alike: "新建、改扩建幼儿园"
    # -> 改扩建 + 幼儿园 (not 改扩 + 建幼儿园); else it is as long as the longest other name.
    same_end = next((i + 1 for i in range(min(len(n) for n in others) - 1, len(last) - 2) if last[i] in ends),
                    None) if len(ends) == 1 else None
    place = _PLACE_HEAD.match(last) if all(_PLACE_END.search(n) for n in others) else None
    if regions and regions[0].start == 0 and regions[0].end < len(last):
        head = regions[0].end
    elif place is not None and place.end() < len(last) - 1:
        head = place.end()  # "城关镇、工业园区投资完成率": places, the last one 工业园区
    elif same_end is not None:
        head = same_end
    else:
        head = max(len(n) for n in names[:-1])
    tail = last[head:] if len(last) > head + 1 else ""
    return [n.replace(" ", "") + tail for n in names[:-1]] + [last]
