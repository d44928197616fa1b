"""Figure extraction: bulletin text -> `Extraction` (document facts, categories, items, figures).

A pure function of the text: no I/O, no clock, no randomness. Rules are written for phenomena of the
bulletins (a connector word, a layout), never for one file.

Pipeline: normalise -> document facts -> structure (categories 一、 with heading targets, items 1.) ->
per sentence: quantities (number + unit) and percent groups ("分别占年计划的100%和103%") -> percent
assignment in order -> 其中 parts -> stated targets from headings -> implied targets -> kind.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from transforms.numbers import (
    ARABIC_NUMBER,
    CHINESE_NUMBER,
    MULTIPLIER_PATTERN,
    UNIT_PATTERN,
    parse_number,
    to_base,
    units_compatible,
)
from transforms.record import Category, Document, Extraction, Figure, Item, Target
from transforms.text import bulletin_text

PROGRAMME_NAMES = ("为民办实事", "市办实事", "县办实事", "区办实事", "民生实事", "惠民实事", "民生工程", "为民实事",
                   "民生项目")
"""Names of practical-project programmes (DESIGN.md glossary)."""

CHINESE_DIGITS = "一二三四五六七八九十"
CATEGORY_LINE = re.compile(rf"^([{CHINESE_DIGITS}]+)、(.*)$")
ITEM_LINE = re.compile(r"^(\d{1,3})[.、](?!\d)\s*(.*)$")

QUANTITY = re.compile(
    rf"(?P<pre>约|近|超过|不少于|逾|达)?"
    rf"(?P<num>{ARABIC_NUMBER}|{CHINESE_NUMBER})"
    rf"(?P<more>余|多)?(?P<mult>{MULTIPLIER_PATTERN})?(?P<more2>余|多)?"
    rf"(?P<unit>{UNIT_PATTERN.replace('|%', '')})"
)
"""A number with its unit as written ("41.58万人", "约5.8亿元", "4500余株", "0.8个百分点")."""

PERCENT = re.compile(r"(?P<num>\d+(?:\.\d+)?)%")
PERCENT_JOINERS = re.compile(r"^\s*(?:、|和|及|与)\s*$")
PLAN_BASIS = re.compile(
    r"(?P<resp>分别)?(?:占|为|完成|达到|达)?(?:了)?"
    r"(?P<basis>年计划|全年计划|年度计划|年度目标任务|年度目标|全年目标|全年任务|年度任务|目标任务|总计划|"
    r"计划|任务|时序进度|序时进度)的?\s*$"
)
"""The words naming the plan a percent is measured against (占年计划的, 为任务的, 完成年度目标任务的)."""

CLAUSE_BREAK = re.compile(r"[,;:。、!?\n()]")
SENTENCE_BREAK = re.compile(r"[。;!?\n]")
LEADING_NOISE = re.compile(r"^(?:已经|已|累计|全市|全县|全区|共计|共|其中|完成|建成|组织|开展|实现|达到|为|有|和|及)+")
TRAILING_NOISE = re.compile(r"(?:已经|已|共|达到|达|至|为|约|近|超过|不少于|逾|和|及|等)+$")
NOT_AFTER = ("第", "前", "后", "近")  # ordinals and time spans: 第二批, 前三季度


@dataclass
class _Quantity:
    start: int  # of the number
    end: int  # after the unit
    num_text: str
    unit: str
    qualifier: str | None


def extract(raw: str) -> Extraction:
    """Extract one bulletin given as HTML or plain text. Never raises on any input string."""
    text = bulletin_text(raw)
    return extract_text(text)


def extract_text(text: str) -> Extraction:
    """Extract one bulletin from its normalised text (see `transforms.text.normalise`); offsets index `text`."""
    document = parse_document(text)
    categories, items = parse_structure(text)
    figures: list[Figure] = []
    spans = [(item.start, item.end, item) for item in items] or [(0, len(text), None)]
    for start, end, item in spans:
        figures.extend(_figures_in(text, start, end, item, len(figures)))
    _resolve_targets(text, figures, categories, items)
    return Extraction(text=text, document=document, categories=categories, items=items, figures=figures)


# --- document -------------------------------------------------------------------------------------------

def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _small_number(text: str) -> int | None:
    try:
        return int(parse_number(text))
    except ValueError:
        return None


def parse_document(text: str) -> Document:
    """Document facts: region, programme, programme year, as-of date, published date, summary claims."""
    head = text[:3000]
    program = region = None
    year = None
    for line in head.split("\n")[:6]:
        match = re.search(rf"(?:(\d{{4}})年)?([\u4e00-\u9fff]{{2,12}}?)({'|'.join(PROGRAMME_NAMES)})", line)
        if match:
            year = int(match.group(1)) if match.group(1) else None
            region, program = match.group(2), match.group(3)
            if program.startswith(("市", "县", "区")) and not region.endswith(("市", "县", "区")):
                region += program[0]
            break
    if program is None:
        match = re.search("|".join(PROGRAMME_NAMES), head)
        program = match.group(0) if match else None
    if year is None:
        match = re.search(r"(\d{4})年", head)
        year = int(match.group(1)) if match else None

    as_of = period_text = None
    for pattern, kind in ((r"截至(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日", "day"),
                          (r"截至(?:(\d{4})年)?(\d{1,2})月(?:底|末|份)", "month_end"),
                          (r"(?:(\d{4})年)?1\s*[-—至~]\s*(\d{1,2})月", "month_end"),
                          (r"(?:(\d{4})年)?(前三季度|上半年|一季度|第一季度|前两季度)", "quarter")):
        match = re.search(pattern, head)
        if not match:
            continue
        y = int(match.group(1)) if match.group(1) else year
        if y is None:
            continue
        period_text = match.group(0)
        try:
            if kind == "day":
                as_of = dt.date(y, int(match.group(2)), int(match.group(3)))
            elif kind == "month_end":
                as_of = _last_day(y, int(match.group(2)))
            else:
                month = {"前三季度": 9, "上半年": 6, "前两季度": 6, "一季度": 3, "第一季度": 3}[match.group(2)]
                as_of = _last_day(y, month)
        except ValueError:
            as_of = None
        break

    published = None
    match = re.search(r"(?:发布日期|发表时间|发布时间|日期)[::]?\s*(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})", text)
    if match:
        published = _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    else:
        match = re.search(r"(\d{1,2})月(\d{1,2})日讯", head)
        base_year = as_of.year if as_of else year
        if match and base_year:
            month, day = int(match.group(1)), int(match.group(2))
            pub_year = base_year + 1 if as_of and month < as_of.month else base_year
            published = _safe_date(pub_year, month, day)

    categories_total = items_total = achieved = None
    match = re.search(rf"({CHINESE_NUMBER}|\d+)件({CHINESE_NUMBER}|\d+)项", head)
    if match:
        categories_total, items_total = _small_number(match.group(1)), _small_number(match.group(2))
    names: tuple[str, ...] = ()
    match = re.search(rf"(\d+|{CHINESE_NUMBER})项(?:已|已经)?(?:提前)?(?:实现|完成)(?:了)?年度目标", head)
    if match:
        achieved = _small_number(match.group(1))
        listing = re.search(r"包括([^。]*?)(?:,其余|;|。|$)", head[match.end():match.end() + 1500])
        if listing:
            names = tuple(n.strip() for n in re.split(r"[、,]", listing.group(1)) if n.strip())
    return Document(region=region, program=program, program_year=year, as_of=as_of, period_text=period_text,
                    published=published, categories_total=categories_total, items_total=items_total,
                    items_achieved_claimed=achieved, achieved_item_names=names)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# --- structure ------------------------------------------------------------------------------------------

def parse_structure(text: str) -> tuple[list[Category], list[Item]]:
    """Categories ("一、…" lines with their heading targets) and items ("1." lines up to the next heading)."""
    categories: list[Category] = []
    items: list[Item] = []
    offset = 0
    open_item: tuple[str, int | None, str, int] | None = None
    for line in text.split("\n"):
        line_start, offset = offset, offset + len(line) + 1
        cat = CATEGORY_LINE.match(line)
        it = ITEM_LINE.match(line)
        if (cat or it) and open_item:
            items.append(Item(open_item[0], open_item[1], open_item[2], open_item[3], line_start - 1))
            open_item = None
        if cat:
            no = _small_number(cat.group(1))
            title, targets = _heading_targets(cat.group(2))
            categories.append(Category(no or len(categories) + 1, title, tuple(targets)))
        elif it:
            name_match = re.match(r"(.{1,30}?)方面", it.group(2)) or re.match(r"([^,:;。]{1,30})", it.group(2))
            name = name_match.group(1) if name_match else ""
            open_item = (it.group(1), categories[-1].no if categories else None, name, line_start)
    if open_item:
        items.append(Item(open_item[0], open_item[1], open_item[2], open_item[3], len(text)))
    return categories, items


def _heading_targets(heading: str) -> tuple[str, list[Target]]:
    clauses = [c for c in re.split(r"[,;。]", heading) if c]
    title = clauses[0] if clauses else heading
    targets = []
    for clause in clauses:
        for q in _quantities(clause, 0, len(clause)):
            label = TRAILING_NOISE.sub("", clause[:q.start - (len(q.qualifier or ""))]).strip()
            if not label:
                continue
            try:
                value = parse_number(q.num_text)
            except ValueError:
                continue
            targets.append(Target(label=label, value=value, unit=q.unit, qualifier=q.qualifier))
    return title, targets


# --- figures --------------------------------------------------------------------------------------------

def _quantities(text: str, start: int, end: int) -> list[_Quantity]:
    found = []
    for m in QUANTITY.finditer(text, start, end):
        num = m.group("num")
        before = text[max(0, m.start("num") - 1):m.start("num")]
        if before in NOT_AFTER or (before.isdigit()) or before in (".", "-"):
            continue
        after = text[m.end():m.end() + 1]
        if re.fullmatch(CHINESE_NUMBER, num) and not re.search("[十百千万亿两]", num) and len(num) < 2:
            continue  # 一期, 二期: single Chinese digits are ordinals or names, not figures
        if m.group("unit") in ("期", "批") and after in ("工", "次"):
            continue
        qualifier = m.group("pre") if m.group("pre") and m.group("pre") != "达" else None
        more = m.group("more") or m.group("more2")
        if more:
            qualifier = (qualifier or "") + more
        found.append(_Quantity(m.start("num"), m.end(), num, (m.group("mult") or "") + m.group("unit"), qualifier))
    return found


def _label(text: str, clause_start: int, q: _Quantity, next_start: int) -> str:
    before = text[clause_start:q.start]
    if q.qualifier and before.endswith(q.qualifier):
        before = before[: -len(q.qualifier)]
    before = re.sub(r"^.{0,30}?方面[,:]?", "", before) if "方面" in before else before
    label = TRAILING_NOISE.sub("", LEADING_NOISE.sub("", before.strip())).strip()
    if label:
        return label
    after_end = next_start
    brk = CLAUSE_BREAK.search(text, q.end, next_start)
    if brk:
        after_end = brk.start()
    after = text[q.end:after_end]
    return TRAILING_NOISE.sub("", LEADING_NOISE.sub("", after.strip())).strip() or before.strip()


def _figures_in(text: str, start: int, end: int, item: Item | None, numbered_before: int) -> list[Figure]:
    figures: list[Figure] = []
    for sent in _sentences(text, start, end):
        s_start, s_end = sent
        quantities = _quantities(text, s_start, s_end)
        percents = list(PERCENT.finditer(text, s_start, s_end))
        events: list[tuple[int, str, object]] = [(q.start, "q", q) for q in quantities]
        events += [(p.start(), "p", p) for p in percents]
        events.sort(key=lambda e: e[0])
        pending: list[Figure] = []
        consumed: set[int] = set()
        qi = 0
        for pos, kind, obj in events:
            if kind == "q":
                q = obj
                boundary = _clause_start(text, s_start, q.start)
                nxt = quantities[qi + 1].start if qi + 1 < len(quantities) else s_end
                qi += 1
                fig = _make_figure(text, q, item, numbered_before + len(figures), sent,
                                   _label(text, boundary, q, nxt), s_start)
                if fig is None:
                    continue
                if re.search(r"累计", text[boundary:q.start]):
                    fig.qualifier = "累计" + (fig.qualifier or "")
                figures.append(fig)
                pending.append(fig)
                continue
            p = obj
            if p.start() in consumed:
                continue
            group = _percent_group(text, p, percents, s_end)
            for g in group:
                consumed.add(g.start())
            basis = PLAN_BASIS.search(text, _clause_start(text, s_start, p.start()), p.start())
            if basis and pending:
                targets = pending[-len(group):] if len(group) <= len(pending) else pending
                for fig, pct in zip(targets, group[-len(targets):] if len(group) > len(targets) else group):
                    fig.pct_of_plan = Decimal(pct.group("num"))
                    fig.pct_text = pct.group("num")
                    fig.pct_basis = basis.group("basis")
                pending = []
            elif not basis:
                for pct in group:
                    q = _Quantity(pct.start(), pct.end(), pct.group("num"), "%", None)
                    boundary = _clause_start(text, s_start, pct.start())
                    fig = _make_figure(text, q, item, numbered_before + len(figures), sent,
                                       _label(text, boundary, q, s_end), s_start)
                    if fig is not None:
                        figures.append(fig)
        _link_parts(text, figures, s_start, s_end)
    for fig in figures:
        fig.kind = "rate" if fig.unit in ("%", "个百分点") else "other"
        if fig.pct_of_plan and fig.pct_of_plan > 0 and fig.unit not in ("%", "个百分点"):
            fig.implied_target = fig.value * 100 / fig.pct_of_plan
    return figures


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for m in SENTENCE_BREAK.finditer(text, start, end):
        if m.start() > cursor:
            spans.append((cursor, m.start()))
        cursor = m.end()
    if cursor < end:
        spans.append((cursor, end))
    return spans


def _clause_start(text: str, sentence_start: int, pos: int) -> int:
    cut = sentence_start
    for m in CLAUSE_BREAK.finditer(text, sentence_start, pos):
        cut = m.end()
    return cut


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


def _make_figure(text: str, q: _Quantity, item: Item | None, index: int, sentence: tuple[int, int], label: str,
                 sentence_start: int) -> Figure | None:
    try:
        value = parse_number(q.num_text)
    except ValueError:
        return None
    if value <= 0:
        return None
    base_value, base_unit, known = to_base(value, q.unit)
    return Figure(
        id=f"F{index + 1:03d}", item=item.no if item else None, category=item.category if item else None,
        label=label, value=value, value_text=q.num_text, unit=q.unit, base_value=base_value, base_unit=base_unit,
        unit_known=known, qualifier=q.qualifier, pct_of_plan=None, pct_text=None, pct_basis=None, target=None,
        target_unit=None, target_source=None, implied_target=None, part_of=None, kind="other", start=q.start,
        end=q.end, sentence=text[sentence[0]:sentence[1]], sentence_start=sentence_start,
    )


def _link_parts(text: str, figures: list[Figure], s_start: int, s_end: int) -> None:
    """其中 breakdowns: a figure after 其中 in a sentence is part of the nearest earlier figure of the same base unit."""
    for m in re.finditer("其中", text[s_start:s_end]):
        at = s_start + m.start()
        earlier = [f for f in figures if f.start < at]
        for fig in figures:
            if fig.start > at and fig.part_of is None:
                parent = next((e for e in reversed(earlier) if e.base_unit == fig.base_unit and e.part_of is None),
                              None)
                if parent is not None:
                    fig.part_of = parent.id


# --- targets --------------------------------------------------------------------------------------------

def _common_run(a: str, b: str) -> int:
    """Length of the longest common substring of a and b."""
    best = 0
    prev = [0] * (len(b) + 1)
    for ch in a:
        cur = [0] * (len(b) + 1)
        for j, other in enumerate(b, 1):
            if ch == other:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def _resolve_targets(text: str, figures: list[Figure], categories: list[Category], items: list[Item]) -> None:
    """Attach heading targets (stated) to figures.

    A heading target belongs to the item of its category whose text shares the longest run of characters with
    the target's label (at least 2). Inside that item it goes to the figures of a compatible unit, exact units
    first; when several targets share an item each figure takes the target its label matches best. A target
    that would fall on several top-level figures (a total split over parts, e.g. 书亭/书屋/朗读亭 of
    "全民阅读设施150处") is ambiguous and attached to none. 其中 parts inherit their parent's target.
    """
    by_item: dict[str, list[Target]] = {}
    for cat in categories:
        cat_items = [i for i in items if i.category == cat.no]
        for target in cat.targets:
            scored = [(_common_run(target.label, text[i.start:i.end]), i) for i in cat_items]
            scored = [s for s in scored if s[0] >= 2]
            if not scored:
                continue
            best = max(s[0] for s in scored)
            winners = [i for s, i in scored if s == best]
            if len(winners) == 1:
                by_item.setdefault(winners[0].no, []).append(target)
    for item_no, targets in by_item.items():
        item_figs = [f for f in figures if f.item == item_no]
        claims: dict[str, Target] = {}
        if len(targets) > 1:
            for fig in item_figs:
                if fig.part_of:
                    continue
                fits = [t for t in targets if units_compatible(t.unit, fig.unit)]
                if not fits:
                    continue
                scored = sorted(((_common_run(t.label, fig.label), -k, t) for k, t in enumerate(fits)), reverse=True)
                if scored[0][0] >= 2:
                    claims[fig.id] = scored[0][2]
        else:
            target = targets[0]
            top = [f for f in item_figs if not f.part_of]
            exact = [f for f in top if f.base_unit == to_base(target.value, target.unit)[1]]
            pool = exact or [f for f in top if units_compatible(target.unit, f.unit)]
            if len(pool) == 1:
                claims[pool[0].id] = target
        for fig in item_figs:
            target = claims.get(fig.id) or claims.get(fig.part_of or "")
            if target is not None:
                fig.target, fig.target_unit, fig.target_source = target.value, target.unit, "heading"
    for fig in figures:
        if fig.kind != "rate" and (fig.pct_of_plan is not None or fig.target is not None):
            fig.kind = "progress"
