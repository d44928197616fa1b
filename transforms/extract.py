"""Figure extraction: bulletin text -> `Extraction` (document facts, categories, items, figures).

A pure function of the text: no I/O, no clock, no randomness. Rules are written for phenomena of the
bulletins (a connector word, a layout, a defect), never for one file; each rule names its phenomenon.

Pipeline: normalise -> document facts -> blocks (prose lines; tables = runs of tab-separated lines) ->
structure (categories 一、 with heading targets; items "1." "(一)" "第一项" and "部门:" headings) ->
per sentence: quantities (number + unit) and percents -> what each quantity is (figure, stated target,
programme count, scope descriptor) -> percent roles (plan share "占年计划的", progress rate "完成率",
parenthesised share "(53%)", own rate) -> 其中 parts -> stated targets (headings, table columns, project
names, plan amounts) -> implied targets -> kind.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import operator
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from transforms.numbers import (
    BASE_UNITS,
    CHINESE_NUMBER,
    CHINESE_NUMERAL_CHARS,
    MULTIPLIER_PATTERN,
    MULTIPLIERS,
    is_known_unit,
    parse_number,
    split_unit,
    to_base,
    units_compatible,
)
from transforms.record import Category, Document, Extraction, Figure, Item, Target
from transforms.text import bulletin_text

PROGRAMME_NAMES = ("为民办实事", "市办实事", "县办实事", "区办实事", "重点民生实事", "民生实事", "惠民实事",
                   "民生工程", "为民实事", "民生项目", "市政府实事项目", "重点建设项目", "重点项目")
"""Names of practical-project programmes (DESIGN.md glossary), longest first within each family."""

CHINESE_DIGITS = "一二三四五六七八九十"
CATEGORY_LINE = re.compile(rf"^([{CHINESE_DIGITS}]+)、(.*)$")
ITEM_LINE = re.compile(rf"^(?:(\d{{1,3}})[.、](?!\d)|(\([{CHINESE_DIGITS}]+\))|(第[{CHINESE_DIGITS}]+项)[,:、]?)\s*(.*)$")
"""Item lines: "1." / "1、", "(一)" (full-width brackets are ASCII after NFKC), "第一项"."""
DEPARTMENT_LINE = re.compile(r"^([\u4e00-\u9fff]{2,8}(?:局|办|委|院|园|中心|公司|厅|部)):(.*)$")
"""Department-by-department reports: "州移民局:…" (the heading names the item)."""
PROGRESS_MARKER = re.compile(r"(?:推进|进展|完成|落实)情况[::]?|进展[::]")
"""Commitment-then-progress layout: the item line states the commitment (targets), the text after
"推进情况:" the actuals."""

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\. ?\d+)?"
"""Digits with thousands separators or decimals; a space after the decimal point is PDF-extraction spacing
("0. 5%", "18. 08 亿元")."""

EXTRA_UNITS = ("元/月", "元/年", "元/人", "个百分比", "例", "分")
"""Units beyond `transforms.numbers.BASE_UNITS` seen in bulletins: standards per month/year (低保 463元/月), the
misspelt 个百分比 (for 个百分点), cases (例), scores (满意度91.02分)."""



def _trie(words) -> str:
    """A regex matching any of `words`, longest first, as a prefix tree ("个(?:百分点|百分比)?|…").

    Same matches and the same backtracking order as the longest-first alternation "个百分点|个百分比|…|个", but
    each position tries one branch per first character instead of every word (speed: the unit vocabulary has
    ~80 words and the quantity scan runs at every digit of a bulletin)."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict) -> str:
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return "(?:" + body + ")?" if len(branches) == 1 else body + "?"
        return body

    return render(tree)


QUANTITY_UNITS = tuple(u for u in (*EXTRA_UNITS, *BASE_UNITS) if u != "%")
QUANTITY_LEAD = re.escape("约近超不逾") + r"\d" + CHINESE_NUMERAL_CHARS
_AFTER_DIGITS = "".join(sorted({word[0] for word in (*QUANTITY_UNITS, *MULTIPLIERS, "余", "多")}))
"""Characters that can follow the digits of a quantity: the first characters of 余/多, a multiplier or a unit."""
QUANTITY = re.compile(
    # A cheap necessary condition first (speed only, same matches): a qualifier or Chinese numeral, or digits
    # whose run of digits, separators and spaces ends at a character that can start 余/多, a multiplier or a
    # unit. Without it the scan backtracks through every digit of every date and code ("2020年10月").
    rf"(?=[{re.escape('约近超不逾')}{CHINESE_NUMERAL_CHARS}]|\d[\d,. ]*+[{re.escape(_AFTER_DIGITS)}])"
    rf"(?P<pre>约|近|超过|不少于|逾|超)?"
    rf"(?P<num>{NUMBER}|{CHINESE_NUMBER})"
    rf"(?P<more>余|多)? ?(?P<mult>{MULTIPLIER_PATTERN})?(?P<more2>余|多)?"
    rf"(?P<unit>{_trie(QUANTITY_UNITS)})"
    rf"(?P<alt>\([个处间套所座家]\))?(?P<post>以上)?"
)
"""A number with its unit as written ("41.58万人", "约5.8亿元", "4500余株", "0.8个百分点", "1793套(间)")."""
assert tuple(QUANTITY.groupindex) == ("pre", "num", "more", "mult", "more2", "unit", "alt", "post")  # _scan_quantities

PERCENT = re.compile(r"(?P<num>\d\d*(?:\. ?\d+)?) ?%")
r"""A percent as written ("138.6%", "0. 5 %"). \d\d* is \d+ spelt so that the pattern starts with a character class,
which lets the regex engine skip to the next digit in C (speed only, same matches)."""
PERCENT_JOINERS = re.compile(r"^\s*(?:、|和|及|与|,)\s*$")
_PLAN_WORD = re.compile(r"计划|任务|目标|时序进度|序时进度|总体进度|工程量|总投资")
"""The plan words of `PLAN_BASIS`: a cheap test before it (the pattern tries ~100 steps at every position)."""
PLAN_BASIS = re.compile(
    r"(?P<resp>分别)?(?:占|为|是|完成|达到|达)了?"
    r"(?P<basis>[^,;。%\d]{0,12}?(?:计划|任务|目标|时序进度|序时进度|总体进度|工程量|总投资)[^,;。%\d的]{0,3})的?\s*$"
)
"""The words naming the plan a percent is measured against (占年计划的, 为任务的, 完成年度目标任务的,
占全年计划投资的, 占总计划的, 完成总体进度的)."""
SHARE_WORDS = re.compile(r"(?:占比|占总数的?|占[^,;。]{0,6}总数的?)\s*$")
"""A share of a count of projects ("占比60%", "占总数的90.3%", "占任务总数的15.2%"): not a figure."""
PROGRESS_RATE = re.compile(r"(?P<rate>(?:[\u4e00-\u9fff]{0,4}?)(?:完成率|开工率|开复工率|执行率))(?:为|达|达到|是)?\s*$")
"""A progress rate after a figure ("完成投资34亿元,投资完成率68%"): the figure's percent of plan."""

CLAUSE_BREAK = re.compile(r"[,;:。、!?\n()\t“”\"%]")  # % ends a clause where punctuation was lost ("75%124个")
SENTENCE_BREAK = re.compile(r"[。;!?\n\t]")
LEADING_NOISE = re.compile(r"^(?:已经|已|累计|全市|全县|全区|共计|共|其中|完成|建成|组织|开展|实现|达到|为|有|和|及|-|■|\s)+")
TRAILING_NOISE = re.compile(r"(?:已经|已|共|达到|达|至|为|约|近|超过|不少于|逾|和|及|等|\s)+$")
_NOISE_LAST = frozenset("经已共到达至为约近过于逾和及等")
"""Last characters of the words of `TRAILING_NOISE` (besides whitespace)."""
_NOISE_FIRST = frozenset("已累全共其完建组开实达为有和及-■")
"""First characters of the words of `LEADING_NOISE` (besides whitespace)."""


def _strip_leading_noise(words: str) -> str:
    """`LEADING_NOISE.sub("", words)`, skipped when the first character starts no noise word (speed only)."""
    if words and (words[0] in _NOISE_FIRST or words[0].isspace()):
        return LEADING_NOISE.sub("", words)
    return words


def _strip_trailing_noise(words: str) -> str:
    """`TRAILING_NOISE.sub("", words)`. Speed: the pattern tries every position of the words (~4 µs for a
    40-character label), but it can only match when the last character ends a noise word or is whitespace."""
    if words and (words[-1] in _NOISE_LAST or words[-1].isspace()):
        return TRAILING_NOISE.sub("", words)
    return words

NOT_AFTER = ("第", "前", "后", "-", "—", "~", ".", "/")
"""Characters before a number that make it an ordinal, a time span or the end of a range (第二批, 前三季度, 6-9岁)."""

STATUS_WORDS = re.compile(r"提前完成|超额完成|完成年度目标|完成全年|基本完成|未完成|不能全部完成|能够完成|进展较快|进展较慢|"
                          r"进度偏慢|进展偏慢|推进缓慢|推进顺利|正常推进|按序时|超序时|按计划|常态化|剩余|其余|这|调整|"
                          r"已完成|完成较好|达序时|实现年度目标|实现全年目标")
"""Words of a status count over programme items ("已提前完成16项", "推进缓慢的有3项", "5个项目已提前完成全年目标")."""
PROGRAMME_NOUN = re.compile(r"^(?:重点)?(?:民生)?(?:实事|事项|项目|子项目|大类|类|指标任务|指标|件)")
SCOPE_NOUN = re.compile(r"^(?:代管|试点)?(?:县|区县|市州|镇街|乡镇|街道|地市|省辖市)")
"""Counts of administrative units ("5个代管县", "14个试点区县", "全省14个市州") describe scope, not work."""
PLAN_LABEL = re.compile(r"计划|安排|下达")
TARGET_SENTENCE = re.compile(r"(?:目标任务|目标|任务)(?:为|是)[::]?")
"""A sentence that states the plan ("目标任务为:开工改造小区1500个,投资完成率达到50%及以上"): its quantities
are targets and its percents are thresholds, not progress."""
TOTAL_ROWS = re.compile(r"^(?:全市|全省|全县|全区|全州|合计|总计|小计|总体)$")


# Precompiled patterns of the hot paths (module-level `re.search(str)` costs a cache lookup per call).
_HAN = re.compile(r"[\u4e00-\u9fff]")
_ASPECT_LEAD = re.compile(r"^.{0,30}?方面[,:]?")
_QUOTE = re.compile(r"“[^”\n]{1,80}”")
_LISTING_WORDS = re.compile(r"安排|包含|共有|涉及|民生实事")
_COUNT_LEAD = re.compile(r"的有$|中有$|中的$|共有$|安排.*$")
_ACTUAL_WORDS = re.compile(r"完成|实际|已|落实")
_DONE_WORDS = re.compile(r"已|完成|建成|开工|开复工|送|改造")
_JOIN_WORDS = re.compile(r"和|及|与|其中")
_PROJECTS_NOUN = re.compile(r"[\u4e00-\u9fff、]{0,8}项目")
_PER_CAPITA = re.compile(r"千人|万人|每|人均")
_OPEN_PAREN = re.compile(r"\s*\(")
_ASPECT_NAME = re.compile(r"(.{1,30}?)方面")
_LEAD_WORDS = re.compile(r"([^,:;。]{1,30})")
_HEADING_CLAUSE_BREAK = re.compile(r"[,;。]")


@dataclass(slots=True)
class _Quantity:
    start: int  # of the number (qualifier excluded)
    end: int  # after the unit
    num_text: str
    unit: str
    qualifier: str | None
    lead: int | None = None  # where the match starts: before a leading qualifier (约5万人), else `start`
    in_quote: bool = False


@dataclass(slots=True)
class _Slot:
    """A quantity of a sentence with its role: a figure, a target candidate, or dropped (kept so that the
    percents that describe it are consumed with it)."""

    q: _Quantity
    figure: Figure | None
    role: str  # "figure" | "target" | "drop"
    label: str
    targets: list[Target] = field(default_factory=list)
    whole_of_next: bool = False
    """A target that the text binds to the next quantity ("15个农村幸福院建设已完成8个", `_whole_of_next`)."""


def extract(raw: str) -> Extraction:
    """Extract one bulletin given as HTML or plain text. Never raises on any input string.

    Offsets of the result index `Extraction.text`, the normalised text (`transforms.text.bulletin_text`).
    """
    return extract_text(bulletin_text(raw))


def extract_text(text: str) -> Extraction:
    """Extract one bulletin from its normalised text (see `transforms.text.normalise`); offsets index `text`."""
    document = parse_document(text)
    categories, items = parse_structure(text)
    figures: list[Figure] = []
    # Heading lines of categories that hold items state targets, not progress: they are not read as figures.
    item_starts = {i.start for i in items}
    table_ranges = _table_blocks(text)
    holes = sorted(table_ranges + _category_lines(text, item_starts))
    index = _TextIndex(text)
    for start, end, item in _item_spans(text, items):
        for seg_start, seg_end in _minus(start, end, holes):
            _figures_in(index, seg_start, seg_end, item, figures, in_text_order=True)
    for t_start, t_end in table_ranges:
        _table_figures(index, t_start, t_end, figures)
    _resolve_heading_targets(text, figures, categories, items)
    _drop_repeats(figures)
    _finish(figures)
    return Extraction(text=text, document=document, categories=categories, items=items, figures=figures)


# --- document -------------------------------------------------------------------------------------------

def _last_day(year: int, month: int) -> dt.date | None:
    if not 1 <= month <= 12 or not 1900 <= year <= 2100:
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _small_number(text: str) -> int | None:
    try:
        return int(parse_number(text))
    except (ValueError, ArithmeticError):
        return None


QUARTER_END = {"前三季度": 9, "三季度": 9, "第三季度": 9, "上半年": 6, "前两季度": 6, "二季度": 6, "一季度": 3,
               "第一季度": 3, "全年": 12, "年度": 12}
"""Last month of a named period (上半年 -> June, 前三季度 -> September)."""


def parse_document(text: str) -> Document:
    """Document facts: region, programme, programme year, as-of date, published date, summary claims.

    `as_of` is the last day of the reported period (截至10月底 -> 31 October; 1-9月 and 前三季度 -> 30 September;
    上半年 -> 30 June; 截至5月15日 -> that day). `published` comes from a 发布日期/发表时间 line or a dateline
    "11月11日讯" (with the programme year, or the next year when the month precedes the as-of month).
    Fields the text does not state are None.
    """
    head = text[:3000]
    lines = head.split("\n")[:8]
    program, region, year = _programme(lines)
    if region is None:
        region = _region_in(text, head)
    if year is None:
        match = _YEAR.search(head)
        year = int(match.group(1)) if match else None

    as_of = period_text = None
    for pattern, kind in _PERIODS:
        match = pattern.search(head)  # the first match (was: the first of finditer)
        if match is None:
            continue
        if match.group(1):
            year = int(match.group(1))  # a period dated explicitly ("截至2020年12月底") dates the programme
        y = year
        period_text = match.group(0)
        if y is None:
            break
        if kind == "day":
            as_of = _safe_date(y, int(match.group(2)), int(match.group(3)))
        elif kind == "glued_day":
            digits = match.group(2)
            as_of = _safe_date(y, int(digits[:-2]), int(digits[-2:]))
        elif kind == "month_end":
            as_of = _last_day(y, int(match.group(2)))
        else:
            as_of = _last_day(y, QUARTER_END.get(match.group(2).replace("末", "").lstrip("第"), 12))
        break

    published = None
    match = re.search(r"(?:发布日期|发表时间|发布时间|发文日期|日期)[::]?\s*((?:19|20)\d{2})[-年/.](\d{1,2})[-月/.](\d{1,2})",
                      text)
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
    names_found: tuple[str, ...] = ()
    match = re.search(rf"(\d+|{CHINESE_NUMBER})项(?:已|已经)?(?:提前)?(?:实现|完成)(?:了)?年度目标", head)
    if match:
        achieved = _small_number(match.group(1))
        listing = re.search(r"包括([^。]*?)(?:,其余|;|。|$)", head[match.end():match.end() + 1500])
        if listing:
            names_found = tuple(n.strip() for n in re.split(r"[、,]", listing.group(1)) if n.strip())
    return Document(region=region, program=program, program_year=year, as_of=as_of, period_text=period_text,
                    published=published, categories_total=categories_total, items_total=items_total,
                    items_achieved_claimed=achieved, achieved_item_names=names_found)


_YEAR = re.compile(r"((?:19|20)\d{2}) ?年")
_QUARTERS = "前三季度|上半年|第一季度|一季度|前两季度|第三季度末|三季度末|第三季度|三季度|第二季度末|二季度末|一季度末"
_PERIODS = (
    (re.compile(r"截至(?:((?:19|20)\d{2})年)?(\d{1,2})月(\d{1,2})日"), "day"),
    (re.compile(r"截至(?:((?:19|20)\d{2})年)?(\d{1,2})月(?:底|末|份)"), "month_end"),
    (re.compile(rf"截至(?:((?:19|20)\d{{2}})年)?({_QUARTERS})"), "quarter"),
    (re.compile(r"截至(?:((?:19|20)\d{2})年)?(\d{3,4})日"), "glued_day"),
    (re.compile(r"(?:((?:19|20)\d{2})年)?(?:1|一|元)\s*[-—至~]\s*(\d{1,2})月(?:份)?"), "month_end"),
    (re.compile(r"(?:截至)?(?:((?:19|20)\d{2})年)?(前三季度|上半年|第一季度|一季度|前两季度|三季度末|三季度)"), "quarter"),
)
"""Reported periods, "截至" phrases first (they name the as-of point; a title's "前三季度" names the span):
a day, a month end, a quarter end, a day whose 月 was lost in copying ("截至1031日" = 31 October), a span from
January ("1-9月", "元至3月份"), a named part of the year ("上半年", "三季度")."""

_NUMERAL_COUNT = rf"(?:\d+|[{CHINESE_DIGITS}]+)(?:件|项|大|类)"
_PROGRAMME = re.compile(
    rf"(?:(?P<year>(?:19|20)\d{{2}}) ?年(?:度)?)?(?P<region>[\u4e00-\u9fff]{{0,12}}?)"
    rf"(?P<count>{_NUMERAL_COUNT})?(?P<name>省政府民生实事|{'|'.join(PROGRAMME_NAMES)}|(?<=件|大|项)实事)")
"""A programme name with what may precede it in a title: year, region, a count of its parts ("2019年十大民生工程",
"2015年25件重点民生实事", "十件实事"; 实事 alone is a name only after such a count). "省政府民生实事" is the
province's programme reported by a city or district ("省政府民生实事涉我区"), not the local one."""
_TITLE_PROGRAMME = re.compile(
    r"(?:(?:19|20)\d{2}) ?年(?:度)?(?:我市|我区|我县|全市|市|区|县)?(?P<name>[\u4e00-\u9fff]{4,16}?)"
    r"(?:\(|(?:第?[一二三四]季度|上半年|前三季度|1-\d{1,2}月|\d{1,2}月份?)?(?:进展|推进|落实|完成|执行)情况)")
"""A title naming its programme between the year and "…进展情况" ("2017年政府工作报告公开挂牌督办事项三季度进展情况",
"市政府2020年重点工作(预下达)一季度进展情况表")."""


_NAME_RUN = re.compile(r"[\u4e00-\u9fff\d ]+")
"""A run of the only characters a `_PROGRAMME` match holds (year digits and its space, Han characters)."""
_NAME_CORES = ("实事", "民生", "重点")
"""Every programme name holds one of these (`PROGRAMME_NAMES`, 省政府民生实事, 实事)."""


def _programme_matches(line: str):
    """`_PROGRAMME.finditer(line)`, the same matches in the same order, scanning only the runs of Han characters
    and digits that hold a programme name.

    Speed (~1 ms a bulletin otherwise): the pattern's lazy region tries up to 12 characters and every name at
    each position of a line. A match holds only the characters of `_NAME_RUN`, so it lies inside one run, and a
    run without a name core holds no match."""
    if not any(core in line for core in _NAME_CORES):
        return
    for run in _NAME_RUN.finditer(line):
        words = run.group()
        if any(core in words for core in _NAME_CORES):
            yield from _PROGRAMME.finditer(line, run.start(), run.end())


def _programme(lines: list[str]) -> tuple[str | None, str | None, int | None]:
    """(programme, region, programme year) from the title lines.

    Of several mentions the fullest wins: one with its year, then one with a count of its parts ("2018年重点民生
    实事项目表" over "全省12件重点民生实事" over a breadcrumb "民生工程"); ties go to the first. A title without a
    known programme name is read by its layout (`_TITLE_PROGRAMME`)."""
    best, best_rank = None, -1
    for line in lines:
        for match in _programme_matches(line):
            rank = 2 * bool(match.group("year")) + bool(match.group("count"))
            if rank > best_rank:
                best, best_rank = match, rank
    if best is not None:
        program = best.group("name")
        if best.group("count") and best.group("count")[0] in CHINESE_DIGITS:
            program = best.group("count") + program  # 十件民生实事, 十大民生工程: the count is part of the name
        words = best.group("region")
        if program.startswith(("市", "县", "区")) and words and not words.endswith(("市", "县", "区")):
            words += program[0]
        region = _region_of(words) if words else None
        if region is not None and not _plausible_region(region):
            region = None
        return program, region, int(best.group("year")) if best.group("year") else None
    for line in lines:
        match = _TITLE_PROGRAMME.search(line)
        if match:
            return match.group("name"), None, None
    return None, None, None


_REGION = re.compile(r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=\d年))([\u4e00-\u9fff]{1,4}?(?:省|市|县|区|州)(?<!州)|"
                     r"[\u4e00-\u9fff]{1,4}?州市?|[\u4e00-\u9fff]{2,10}?自治[州县])", re.M)
_NOT_REGION = re.compile(r"^[全我本各该今省市县区州前后个项条座批第是在从向到由为于受就请并也但如高居占]|"
                         r"[年月日及和与等的所]|按照|依据|完成|有关|部门|政府|人民|代表|大会|记者|重点|经济|新建|"
                         r"改造|建设|推进|开发|落实|完善|接受|通过|(?:小|社|园|库|城|地|片|街|校|景|辖|山|试点|新)[区市]$")
"""Words before 省/市/县/区/州 that make the match a phrase, not a place name ("我市", "全省", "按照省",
"老旧小区", "城市", "地区", "高铁新区")."""
_GOVERNMENT_AFTER = re.compile(r"(?:人民政府|政府|[\u4e00-\u9fff]{0,4}(?:局|办|厅|委)|日报|新闻网)")
_STANDS_ALONE = frozenset("\n。!?【《")


def _plausible_region(name: str) -> bool:
    return not (len(name) < 3 and not name.endswith("县") or _NOT_REGION.search(name))


def _region_in(text: str, head: str) -> str | None:
    """A region named outside the programme title: a place name (1-4 characters before 省/市/县/区/州, or an
    autonomous prefecture) that opens a line or a sentence ("【湘潭市】", "萧县9月份…"), stands before a
    government body or news outlet ("福建省发改委", "湖南省委"), or is named twice. A place named once inside a
    sentence is a project's location, and "我市", "全省" name no region: None then."""
    for match in _REGION.finditer(head):
        name = match.group(1)
        if not _plausible_region(name):
            continue
        before = head[match.start() - 1] if match.start() else "\n"
        if before in _STANDS_ALONE or _GOVERNMENT_AFTER.match(head, match.end()) or text.count(name) >= 2:
            return name
    return None


def _region_of(words: str) -> str | None:
    """The region name at the end of the words before a programme name ("2020年青岛市" -> "青岛市")."""
    match = re.search(r"([\u4e00-\u9fff]{1,8}?(?:省|市|县|区|州))(?:[\u4e00-\u9fff]{0,2})$", words)
    if match and not re.match(r"^(?:全|我|本|各|该)", match.group(1)):
        return match.group(1)
    return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# --- structure ------------------------------------------------------------------------------------------

def parse_structure(text: str) -> tuple[list[Category], list[Item]]:
    """Categories ("一、…" lines with the targets their headings state) and items.

    Items are "1." / "(一)" / "第一项" lines and "部门:" lines, each running to the next heading. A category
    line that is followed by no item line before the next category is itself an item (numbered "一"), because
    some bulletins report figures directly under 一、二、.
    """
    categories: list[Category] = []
    items: list[Item] = []
    offset = 0
    open_item: tuple[str, int | None, str, int] | None = None
    for line in text.split("\n"):
        line_start, offset = offset, offset + len(line) + 1
        if "\t" in line:
            continue
        cat = CATEGORY_LINE.match(line)
        it = ITEM_LINE.match(line) if not cat else None
        dept = DEPARTMENT_LINE.match(line) if not (cat or it) else None
        if (cat or it or dept) and open_item:
            items.append(Item(open_item[0], open_item[1], open_item[2], open_item[3], line_start - 1))
            open_item = None
        if cat:
            no = _small_number(cat.group(1))
            title, targets = _heading_targets(cat.group(2))
            categories.append(Category(no or len(categories) + 1, title, tuple(targets)))
            open_item = (cat.group(1), no, title, line_start)
        elif it:
            number = it.group(1) or it.group(2) or it.group(3)
            rest = it.group(4)
            name_match = _ASPECT_NAME.match(rest) or _LEAD_WORDS.match(rest)
            name = name_match.group(1) if name_match else ""
            open_item = (number, categories[-1].no if categories else None, name, line_start)
        elif dept:
            open_item = (dept.group(1), categories[-1].no if categories else None, dept.group(1), line_start)
    if open_item:
        items.append(Item(open_item[0], open_item[1], open_item[2], open_item[3], len(text)))
    # A category line directly followed by an item line is a heading, not an item of its own.
    category_numbers = {_cn(c.no) for c in categories}
    heading_items = {i.start for i in items if i.no in category_numbers}
    result = []
    for k, item in enumerate(items):
        nxt = items[k + 1] if k + 1 < len(items) else None
        is_category = item.start in heading_items and CATEGORY_LINE.match(text[item.start:item.end])
        if is_category and nxt is not None and not CATEGORY_LINE.match(text[nxt.start:nxt.end]):
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


def _category_lines(text: str, item_starts: set[int]) -> list[tuple[int, int]]:
    lines, offset = [], 0
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        if CATEGORY_LINE.match(line) and start not in item_starts:
            lines.append((start, start + len(line)))
    return lines


def _item_spans(text: str, items: list[Item]) -> list[tuple[int, int, Item | None]]:
    spans: list[tuple[int, int, Item | None]] = []
    cursor = 0
    for item in items:
        if item.start > cursor:
            spans.append((cursor, item.start, None))
        spans.append((item.start, item.end, item))
        cursor = item.end
    if cursor < len(text):
        spans.append((cursor, len(text), None))
    return spans


def _heading_targets(heading: str) -> tuple[str, list[Target]]:
    clauses = [c for c in _HEADING_CLAUSE_BREAK.split(heading) if c]
    title = clauses[0] if clauses else heading
    targets = []
    for clause in clauses:
        for q in _quantities(clause, 0, len(clause)):
            label = _strip_trailing_noise(clause[:q.lead]).strip()
            if not label:
                continue
            value = _value(q)
            if value is not None:
                targets.append(Target(label=label, value=value, unit=q.unit, qualifier=q.qualifier))
    return title, targets


def _table_blocks(text: str) -> list[tuple[int, int]]:
    """Character ranges of tables: runs of lines holding a tab (`transforms.text` writes table rows so)."""
    blocks: list[tuple[int, int]] = []
    offset = 0
    current: list[int] | None = None
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        if "\t" in line:
            if current is None:
                current = [start, start + len(line)]
            else:
                current[1] = start + len(line)
        elif current is not None:
            blocks.append((current[0], current[1]))
            current = None
    if current is not None:
        blocks.append((current[0], current[1]))
    return blocks


def _minus(start: int, end: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    parts, cursor = [], start
    for h_start, h_end in holes:
        if h_end <= cursor or h_start >= end:
            continue
        if h_start > cursor:
            parts.append((cursor, h_start))
        cursor = max(cursor, h_end)
    if cursor < end:
        parts.append((cursor, end))
    return parts


# --- quantities -----------------------------------------------------------------------------------------

class _TextIndex:
    """Whole-text scans of one extraction's text, shared by all its sentences (built once by `extract_text`).

    `breaks`: positions of the `CLAUSE_BREAK` characters, ascending (sentence-level lookups become bisections
    instead of rescans). `quantities()`: `_scan_quantities` of the whole text and the quantities' starts, scanned
    on first use. No quantity or break crosses a sentence break, so slicing the whole-text scans gives the same
    result as scanning each sentence. Lives for one extraction only: nothing is cached across texts.
    """

    __slots__ = ("text", "breaks", "_quantities", "_starts")

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [m.start() for m in CLAUSE_BREAK.finditer(text)]
        self._quantities: list[_Quantity] | None = None
        self._starts: list[int] = []

    def quantities(self) -> tuple[list[_Quantity], list[int]]:
        if self._quantities is None:
            self._quantities = _scan_quantities(self.text, 0, len(self.text))
            self._starts = [q.start for q in self._quantities]
        return self._quantities, self._starts


def _quantities(text: str, start: int, end: int, index: _TextIndex | None = None) -> list[_Quantity]:
    """Quantities (number + known unit) in text[start:end], without ordinals, ranges, codes and dates.

    Texts under 400 characters are scanned span by span; longer ones are scanned once (`index`, built here when
    not given) and sliced. Callers mark the objects (`in_quote`): each belongs to the one sentence it lies in,
    and the prose spans of an extraction do not overlap, so no quantity is handed out twice."""
    if len(text) < 400:
        return _scan_quantities(text, start, end)
    quantities, starts = (index or _TextIndex(text)).quantities()
    found = []
    for q in quantities[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]:
        if q.end <= end and q.lead >= start:  # the whole match in the span, as a scan of the span finds it
            found.append(q)
    return found


_NOT_AFTER = frozenset(NOT_AFTER)


def _scan_quantities(text: str, start: int, end: int) -> list[_Quantity]:
    """`QUANTITY` matches in text[start:end] (as pos/endpos: the characters around the span still count) that are
    amounts: not ordinals, range ends, codes, words such as 十分, or zero-padded codes."""
    found = []
    for m in QUANTITY.finditer(text, start, end):
        pre, num, more, mult, more2, unit, alt, post = m.groups()  # one call instead of one per group
        n_start = m.start(2)
        before = text[n_start - 1] if n_start else ""
        if before in _NOT_AFTER or before.isdigit() or before.isascii() and before.isalpha():
            continue
        if before == "至" and text[max(0, n_start - 2):n_start - 1].isdigit():
            continue  # the end of a range 3至5个
        m_end = m.end()
        after = text[m_end:m_end + 1]
        if after.isascii() and after.isalpha():
            continue  # codes such as 599B, A1-02
        if text[n_start + len(num):n_start + len(num) + 1] == "-" or after == "-":
            continue  # ranges 4-5家
        chinese = num[0] in CHINESE_NUMERAL_CHARS  # the number is all digits or all Chinese numerals
        if chinese and len(num) < 2 and num not in "十百千万亿两":
            continue  # 一期, 二期: single Chinese digits are ordinals or names, not figures
        if chinese and unit in ("分", "次", "期", "批", "件", "项", "类"):
            continue  # 十分, 两次会议, 十件实事: words, not measured amounts
        if unit in ("期", "批") and after in ("工", "次"):
            continue
        if unit == "分" and (_HAN.match(after) or "." not in num and not mult):
            continue  # 部分, 分别, 3分钟: 分 is a score only as in "91.02分,"
        if num.startswith("0") and "." not in num and len(num) > 1:
            continue  # zero-padded codes
        qualifier = pre
        more = more or more2
        if more:
            qualifier = (qualifier or "") + more
        if post:
            qualifier = (qualifier or "") + post
        found.append(_Quantity(n_start, m_end, num, (mult or "") + unit + (alt or ""), qualifier, m.start()))
    return found


@lru_cache(maxsize=1024)
def _base_unit(unit: str) -> str:
    """Base unit of a unit as written ("万人" -> "人"): `split_unit`, cached on the unit (a short key)."""
    return split_unit(unit)[1]


@lru_cache(maxsize=1024)
def _unit_info(unit: str) -> tuple[Decimal, str, bool]:
    """(multiplier, base unit, unit known) of a unit as written, so that `to_base(value, unit)` is
    (value * multiplier, base unit, known); cached on the unit (a short key)."""
    multiplier, base_unit = split_unit(unit)
    return multiplier, base_unit, is_known_unit(base_unit)


_PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def _value(q: _Quantity) -> Decimal | None:
    """The quantity's number as a positive Decimal, else None."""
    num = q.num_text
    if _PLAIN_NUMBER.fullmatch(num):
        value = Decimal(num)  # what parse_number returns for plain digits (speed: most numbers)
    else:
        try:
            value = parse_number(num.replace(" ", ""))
        except (ValueError, ArithmeticError):
            return None
    return value if value > 0 else None


# --- prose figures --------------------------------------------------------------------------------------

def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for m in SENTENCE_BREAK.finditer(text, start, end):
        if m.start() > cursor:
            spans.append((cursor, m.start()))
        cursor = m.end()
    if cursor < end:
        spans.append((cursor, end))
    return spans


def _clause_start(breaks: list[int], sentence_start: int, pos: int) -> int:
    """Start of the clause holding `pos`: just after the last clause break in [sentence_start, pos), else the
    sentence start. `breaks`: `_TextIndex.breaks` (clause breaks are single characters)."""
    k = bisect.bisect_left(breaks, pos) - 1
    return breaks[k] + 1 if k >= 0 and breaks[k] >= sentence_start else sentence_start


def _clean_label(words: str) -> str:
    return _strip_trailing_noise(_strip_leading_noise(words.strip())).strip()


def _label(text: str, clause_start: int, q: _Quantity, next_start: int) -> str:
    """The words naming a quantity: the words of its clause before it, without verbs, qualifiers and "…方面".

    A label needs two characters: one character left by the cleaning ("完成率40%" -> 率, "涉及16家" -> 涉) names
    nothing. Then the words after it in its clause ("涉及16家牵头责任单位"), then, for a quantity in brackets or
    after a colon, the words before the mark ("低保对象6万户(8.9万人)" -> 低保对象, "租赁住房(828套)", "正在施工中
    (93%)", "综合楼土建部分:95%"); else the longest of these, uncleaned if need be ("完成率")."""
    before = text[clause_start:q.start]
    if q.qualifier and before.endswith(q.qualifier):
        before = before[: -len(q.qualifier)]
    before = _ASPECT_LEAD.sub("", before) if "方面" in before else before
    label = _clean_label(before)
    if len(label) >= 2:
        return label
    after_end = next_start
    brk = CLAUSE_BREAK.search(text, q.end, next_start)
    if brk:
        after_end = brk.start()
    after = _clean_label(text[q.end:after_end])
    if len(after) >= 2:
        return after
    if not label and clause_start > 0 and text[clause_start - 1] in "(:":
        bracketed = _words_before_bracket(text, clause_start - 1)
        if len(bracketed) >= 2:
            return bracketed
    return max((label, after, before.strip()), key=len)


def _words_before_bracket(text: str, bracket: int) -> str:
    """The cleaned words of the clause that ends at the "(" or ":" at `bracket`, up to its first digit when that
    leaves a label ("保障城乡低保对象6万户" -> 保障城乡低保对象: the bracket restates the same thing in another unit)."""
    start = bracket
    while start > 0 and not CLAUSE_BREAK.match(text, start - 1):
        start -= 1
    words = text[start:bracket]
    digit = re.search(r"\d", words)
    if digit is not None:
        head = _clean_label(words[:digit.start()])
        if len(head) >= 2:
            return head
    return _clean_label(words)


def _quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    if text.find("“", start, end) < 0:
        return spans
    for m in _QUOTE.finditer(text[start:end]):
        spans.append((start + m.start(), start + m.end()))
    return spans


def _role(text: str, s_start: int, clause: int, q: _Quantity, quantities: list[_Quantity], k: int,
          target_sentence: bool) -> str:
    """What a quantity of a sentence is: "figure", "target" (a stated plan value), "whole" (a target that the clause
    binds to the next quantity, `_whole_of_next`) or "drop".

    - programme and status counts over the programme's own items ("12件36项", "30项民生实事",
      "已提前完成16项", "5个项目已提前完成全年目标") and counts of administrative units ("14个试点区县") -> drop;
    - a quantity inside a quoted project name ("完成城镇新增就业70万人") or named as plan
      ("年度计划投资2.47亿元", "下达投资计划10955万元") -> target; a total investment ("总投资3.82亿元") -> drop;
    - "15个农村幸福院建设已完成8个": a count followed in the same clause by a completion verb and a second
      quantity of the same kind -> whole, the target of that quantity;
    - a count of projects that are the subject of another amount ("197个市级重点项目完成投资660亿元") -> drop.

    `clause`: start of the quantity's clause (`_clause_start`); `target_sentence`: False when `TARGET_SENTENCE`
    does not occur in the sentence at all (then no part of it needs searching).
    """
    before = text[clause:q.start]
    after = text[q.end:q.end + 12]
    base_unit = _base_unit(q.unit)
    nxt = quantities[k + 1] if k + 1 < len(quantities) else None
    adjacent_next = nxt is not None and nxt.start - q.end <= 1
    prev = quantities[k - 1] if k > 0 else None
    adjacent_prev = prev is not None and q.start - prev.end <= 1
    if base_unit in ("件", "项", "类", "个") and (
            (adjacent_next and _base_unit(nxt.unit) in ("件", "项", "个"))
            or (adjacent_prev and _base_unit(prev.unit) in ("件", "项", "类"))):
        return "drop"  # 12件36项, 12类45件53个事项
    if base_unit in ("件", "项", "个", "类") and PROGRAMME_NOUN.match(after):
        rest = text[q.end:_clause_end(text, q.end)]
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
        if base_unit in ("个", "项") and _PROJECTS_NOUN.match(between) and not CLAUSE_BREAK.search(between) and \
                not units_compatible(q.unit, nxt.unit):
            return "drop"
    return "figure"


def _whole_of_next(text: str, q: _Quantity, nxt: _Quantity) -> bool:
    """"15个农村幸福院建设已完成8个": a quantity followed in the same clause by a completion verb and a quantity of a
    compatible unit, with no joining word between them, is the whole (the plan) of that next quantity."""
    between = text[q.end:nxt.start]
    return (not CLAUSE_BREAK.search(between) and units_compatible(q.unit, nxt.unit)
            and _DONE_WORDS.search(between) is not None and not _JOIN_WORDS.search(between))


def _clause_end(text: str, pos: int) -> int:
    m = CLAUSE_BREAK.search(text, pos)
    return m.start() if m else len(text)


def _figures_in(index: _TextIndex, start: int, end: int, item: Item | None, figures: list[Figure],
                in_text_order: bool = False) -> None:
    """Figures of a prose span (one item, or text outside items) of `index.text`, appended to `figures`.

    `in_text_order`: `figures` is ordered by `start` (true of the prose pass, which reads the text in order;
    table figures come later and out of order), so `_link_parts` may bisect it."""
    text, breaks = index.text, index.breaks
    # Every marker holds 情况 or 进展: two memchr-speed tests spare the pattern's scan of most items.
    marker = PROGRESS_MARKER.search(text, start, end) if item is not None and (
        text.find("情况", start, end) >= 0 or text.find("进展", start, end) >= 0) else None
    commitment_end = marker.start() if marker and text.rfind("\n", start, marker.start()) > start else start
    commitment_targets: list[Target] = []
    carried: list[_Slot] = []
    for s_start, s_end in _sentences(text, start, end):
        quantities = _quantities(text, s_start, s_end, index)
        if not quantities and text.find("%", s_start, s_end) < 0:
            # No quantity and no percent: no figure, no target, and nothing to carry to the next sentence.
            carried = []
            continue
        quotes = _quote_spans(text, s_start, s_end)
        if quotes:
            for q in quantities:
                q.in_quote = any(a < q.start < b for a, b in quotes)
        target_sentence = TARGET_SENTENCE.search(text, s_start, s_end) is not None
        sentence = text[s_start:s_end]
        slots: list[_Slot] = []
        for k, q in enumerate(quantities):
            clause = _clause_start(breaks, s_start, q.start)
            if q.start < commitment_end:
                value = _value(q)
                if value is not None:
                    label = _label(text, clause, q, s_end)
                    commitment_targets.append(Target(label, value, q.unit, q.qualifier))
                continue
            role = _role(text, s_start, clause, q, quantities, k, target_sentence)
            nxt = quantities[k + 1].start if k + 1 < len(quantities) else s_end
            label = _label(text, clause, q, nxt)
            fig = None
            if role == "figure":
                fig = _make_figure(q, item, len(figures) + len(slots), sentence, s_start, label)
                if fig is None:
                    continue
                if text.find("累计", clause, q.start) >= 0:
                    fig.qualifier = "累计" + (fig.qualifier or "")
            slots.append(_Slot(q, fig, "target" if role == "whole" else role, label, whole_of_next=role == "whole"))
        new_figures = _assign_percents(text, s_start, s_end, slots, item, len(figures), breaks, sentence,
                                       target_sentence)
        if carried and text.count("\n", carried[0].q.start, s_start) == 0:
            _attach_carried(carried, slots)
        carried = _attach_sentence_targets(slots)
        for fig in new_figures:
            fig.id = f"F{len(figures) + 1:03d}"
            figures.append(fig)
        _link_parts(text, figures, s_start, s_end, in_text_order)
    if commitment_targets:
        _attach_targets([f for f in figures if f.start >= commitment_end and f.start < end], commitment_targets,
                        "commitment")


def _assign_percents(text: str, s_start: int, s_end: int, slots: list[_Slot], item: Item | None,
                     base_index: int, breaks: list[int], sentence: str, target_sentence: bool) -> list[Figure]:
    """Walk a sentence in order, giving each percent its role, and return the sentence's figures in order.

    Roles (first that applies): a plan share after a plan word ("占年计划的138.6%", "分别为任务的116%、116%、
    100%" in order to the quantities before); a share of project counts ("占比60%") -> nothing; a progress rate
    ("完成率260%", "开工率74.0%") of the one eligible figure before it; a parenthesised percent right after a
    count ("已完成8个(53%)"); otherwise a figure of its own (a rate such as 合格率96.79% or 增长8%).

    `sentence` is text[s_start:s_end]; `breaks` and `target_sentence` as for `_role`.
    """
    if "%" not in sentence:  # no percent: the figures of the slots, in order
        return [s.figure for s in slots if s.figure is not None]
    percents = _percents(text, s_start, s_end)
    events: list[tuple[int, str, object]] = [(s.q.start, "q", s) for s in slots]
    events += [(p.start(), "p", p) for p in percents]
    events.sort(key=_FIRST)
    ordered: list[tuple[int, Figure]] = []
    pending: list[_Slot] = []
    since_pct: list[_Slot] = []
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
        clause = _clause_start(breaks, s_start, pos)
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
                        _set_pct(slot.figure, pct, basis.group("basis").strip())
                    if inner and slot.figure is not None:
                        value = _value(inner[0].q)
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
                    fig.label = _strip_trailing_noise(_strip_leading_noise(text[clause:pct.start()])).strip("的")
                    ordered.append((pct.start(), fig))
            pending, since_pct = [], []
            continue
        if SHARE_WORDS.search(lead):
            pending, since_pct = [], []
            continue
        rate = PROGRESS_RATE.search(lead) if len(group) == 1 and "率" in lead else None  # every rate word ends in 率
        if rate and not rate.group("rate").startswith("整体"):
            eligible = [s for s in since_pct if s.role == "drop" or (
                s.figure is not None and s.figure.pct_of_plan is None and s.figure.unit not in ("%", "个百分点")
                and not _PER_CAPITA.search(s.label))]
            if len(eligible) == 1:
                if eligible[0].figure is not None:
                    word = rate.group("rate")
                    _set_pct(eligible[0].figure, p, None if word == "完成率" else word)
                pending, since_pct = [], []
                continue
        paren = _OPEN_PAREN.fullmatch(text[max(s_start, pos - 1):pos])
        if paren and since_pct and text[since_pct[-1].q.end:pos].strip() == "(":
            slot = since_pct[-1]
            if slot.figure is not None and slot.figure.pct_of_plan is None:
                _set_pct(slot.figure, p, None)
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


def _percents(text: str, start: int, end: int) -> list[re.Match]:
    """`list(PERCENT.finditer(text, start, end))`, searching only the run of digits, points and spaces before
    each "%" instead of the whole span (speed only).

    Same matches: a percent is such a run and its "%", so every match ending at a given "%" starts inside the run
    before it, and a search from the run's start (or the end of the previous match) finds the leftmost one."""
    found: list[re.Match] = []
    pos = start
    sign = text.find("%", start, end)
    while sign >= 0:
        lo = sign
        while lo > pos and (text[lo - 1] in ". " or text[lo - 1].isdecimal()):  # isdecimal() is \d
            lo -= 1
        match = PERCENT.search(text, lo, sign + 1)
        if match is not None:
            found.append(match)
            pos = match.end()
        sign = text.find("%", sign + 1, end)
    return found


def _set_pct(fig: Figure, pct: re.Match, basis: str | None) -> None:
    text = pct.group("num").replace(" ", "")
    fig.pct_of_plan = Decimal(text)
    fig.pct_text = text
    fig.pct_basis = basis


def _percent_figure(text: str, s_start: int, s_end: int, pct: re.Match, item: Item | None,
                    index: int, breaks: list[int], sentence: str) -> Figure | None:
    q = _Quantity(pct.start(), pct.end(), pct.group("num"), "%", None)
    clause = _clause_start(breaks, s_start, pct.start())
    return _make_figure(q, item, index, sentence, s_start, _label(text, clause, q, s_end))


def _attach_carried(carried: list[_Slot], slots: list[_Slot]) -> None:
    """Plan amounts left over from an earlier sentence of the same paragraph go to a later figure only when its
    percent confirms them ("年度计划投资853.8亿元。1-8月共完成投资622.2亿元,占年度投资计划的73%")."""
    for target in carried:
        value = _value(target.q)
        if value is None:
            continue
        for slot in slots:
            fig = slot.figure
            if fig is not None and fig.target is None and fig.pct_of_plan is not None and \
                    units_compatible(target.q.unit, fig.unit) and _pct_agrees(fig, value, target.q.unit):
                _set_target(fig, Target("", value, target.q.unit, target.q.qualifier), "text")
                break


def _attach_sentence_targets(slots: list[_Slot]) -> list[_Slot]:
    """Targets stated inside a sentence go to the next figure of a compatible unit after them.

    A plan amount (or project-name quantity) is attached only when the figure's own percent, if any, agrees with
    it (value / target within one point of the percent), so that "累计下达搬迁计划53.8万人,…42.3万人,占总计划的
    84.6%" (84.6 % of another plan) is not mis-attached. A whole that the text binds to the figure ("15个…已完成
    8个(53%)", `_Slot.whole_of_next`), or a plan amount that the percent names ("年度投资计划80亿元,…占年度投资计划
    的97.2%", `_percent_names_plan`), is attached whatever the percent says: it is the figure's plan by the
    sentence's words, so a wrong percent must meet it in validation, not make it vanish. Unattached targets are
    not figures; they are returned so that a later sentence can use them (`_attach_carried`).
    """
    left: list[_Slot] = []
    for k, slot in enumerate(slots):
        if slot.figure is not None and slot.targets and slot.figure.target is None:
            t = slot.targets[0]
            _set_target(slot.figure, t, "text")
        if slot.role != "target":
            continue
        value = _value(slot.q)
        if value is None:
            continue
        attached = False
        for later in slots[k + 1:]:
            fig = later.figure
            if fig is None or fig.unit in ("%", "个百分点") or not units_compatible(slot.q.unit, fig.unit):
                continue
            if fig.target is not None:
                break
            bound = slot.whole_of_next or _percent_names_plan(fig.pct_basis, slot.label)
            if fig.pct_of_plan is not None and not bound and not _pct_agrees(fig, value, slot.q.unit):
                break
            _set_target(fig, Target("", value, slot.q.unit, slot.q.qualifier), "text")
            attached = True
            break
        if not attached:
            left.append(slot)
    return left


def _percent_names_plan(basis: str | None, plan_label: str) -> bool:
    """The percent's plan words name this plan amount ("年度投资计划80亿元,…占年度投资计划的97.2%"): the amount's
    label is the basis or lies inside it (four characters at least, so that a bare 计划 names no particular plan).
    "下达搬迁计划53.8万人,…占总计划的84.6%" names another plan."""
    return bool(basis) and (plan_label == basis or len(plan_label) >= 4 and plan_label in basis)


def _pct_agrees(fig: Figure, target_value: Decimal, target_unit: str) -> bool:
    t_base = to_base(target_value, target_unit)[0]
    if not t_base or fig.base_value is None or fig.pct_of_plan is None:
        return False
    return abs(fig.base_value * 100 / t_base - fig.pct_of_plan) <= 1


def _set_target(fig: Figure, target: Target, source: str) -> None:
    fig.target, fig.target_unit, fig.target_source = target.value, target.unit, source


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


def _make_figure(q: _Quantity, item: Item | None, index: int, sentence: str, sentence_start: int,
                 label: str) -> Figure | None:
    """The figure of a quantity (None when its number is not a positive value); `sentence` is the text of the
    sentence (or table row) starting at `sentence_start`."""
    value = _value(q)
    if value is None:
        return None
    multiplier, base_unit, known = _unit_info(q.unit)
    base_value = value * multiplier  # = to_base(value, q.unit)[0]
    # Positional arguments in `Figure` field order (keyword arguments cost a third more per figure).
    return Figure(
        f"F{index + 1:03d}", item.no if item else None, item.category if item else None,  # id, item, category
        label, value, q.num_text, q.unit, base_value, base_unit, known, q.qualifier,
        None, None, None,  # pct_of_plan, pct_text, pct_basis
        None, None, None, None,  # target, target_unit, target_source, implied_target
        None, "other", q.start, q.end, sentence, sentence_start,  # part_of, kind, start, end, sentence, start
    )


def _link_parts(text: str, figures: list[Figure], s_start: int, s_end: int, in_text_order: bool = False) -> None:
    """其中 breakdowns: a figure after 其中 is part of the nearest earlier figure of the same base unit.

    The parent is searched in the same sentence first, then in the sentence just before (a breakdown often
    starts a new sentence: "…完成投资156.92亿元。其中,中央专项资金38.15亿元"). Percent figures are never parts.
    """
    at = text.find("其中", s_start, s_end)
    if at < 0:
        return
    if in_text_order:  # the same figures as the filter below, found by bisection
        window = figures[bisect.bisect_left(figures, s_start - 400, key=_START):
                         bisect.bisect_left(figures, s_end, key=_START)]
    else:
        window = [f for f in figures if s_start - 400 <= f.start < s_end]  # in list order, like `figures`
    while at >= 0:
        earlier = [f for f in window if f.start < at]
        for fig in window:
            if fig.start > at and fig.part_of is None and fig.unit != "%":
                parent = next((e for e in reversed(earlier) if e.base_unit == fig.base_unit and e.part_of is None
                               and text.count("\n", e.start, at) == 0), None)
                if parent is not None and parent is not fig:
                    fig.part_of = parent.id
        at = text.find("其中", at + 2, s_end)


# --- tables ---------------------------------------------------------------------------------------------

_NUMERIC_CELL = re.compile(r"^\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*%?\s*$")
_HEADER_UNIT = re.compile(r"\(([^()]{1,6})\)\s*$")
TARGET_COLUMN = re.compile(r"目标|任务|计划|要求|内容|事项")
PROGRESS_COLUMN = re.compile(r"进度|进展|完成情况|完成数|完成额|累计|实际|情况")
PCT_COLUMN = re.compile(r"率|比例|%")
SKIP_COLUMN = re.compile(r"单位|领导|是否|原因|备注|序号|分类|类别|地区|市 ?州|县|区")


def _table_figures(index: _TextIndex, start: int, end: int, figures: list[Figure]) -> None:
    """Figures of one table (rows of tab-separated cells on one grid, see `transforms.text._table_lines`).

    Header rows are the rows before the first row holding a digit. Numeric tables give one figure per
    progress column and row, with the target column before it and the percent column after it in the same
    header group; prose tables give the figures of their progress cells, with the quantities of their target
    cells (内容与要求, 年度工作任务和目标, 项目内容) as stated targets of the same row. Rows other than a total
    row (全市, 全省, 合计) are parts of the total row's figure of the same column.
    """
    text = index.text
    rows: list[list[tuple[int, int]]] = []
    offset = start
    for line in text[start:end].split("\n"):
        cells, pos = [], offset
        for cell in line.split("\t"):
            cells.append((pos, pos + len(cell)))
            pos += len(cell) + 1
        rows.append(cells)
        offset += len(line) + 1
    cell = lambda span: text[span[0]:span[1]]  # noqa: E731
    # A header row (no digit, several cells) after data rows starts a new table printed under the same grid.
    has_digit = [any(re.search(r"\d", cell(c)) for c in row) for row in rows]
    sections, begin = [], 0
    for r in range(1, len(rows)):
        filled = sum(1 for c in rows[r] if cell(c).strip())
        if not has_digit[r] and filled >= 2 and has_digit[r - 1]:
            sections.append(rows[begin:r])
            begin = r
    sections.append(rows[begin:])
    for section in sections:
        _table_section(index, section, figures)


def _table_section(index: _TextIndex, rows: list[list[tuple[int, int]]], figures: list[Figure]) -> None:
    text = index.text
    cell = lambda span: text[span[0]:span[1]]  # noqa: E731
    first_data = next((r for r, row in enumerate(rows) if any(re.search(r"\d", cell(c)) for c in row)), None)
    if first_data is None:
        return
    headers = rows[:first_data]
    width = max(len(r) for r in rows)
    columns = []
    for j in range(width):
        parts = []
        for row in headers:
            if j < len(row):
                value = cell(row[j]).strip()
                if value and (not parts or parts[-1] != value):
                    parts.append(value)
        columns.append(parts)
    numeric = sum(1 for row in rows[first_data:] for c in row[1:] if _NUMERIC_CELL.match(cell(c)))
    prose = sum(1 for row in rows[first_data:] for c in row if len(cell(c)) > 12)
    if numeric >= prose:
        _numeric_table(text, rows, first_data, columns, figures)
    else:
        _prose_table(index, rows, first_data, columns, figures)


def _column_role(parts: list[str]) -> str:
    last = parts[-1] if parts else ""
    if PCT_COLUMN.search(last) and not re.search(r"数|额", last.split("(")[0][-1:] or ""):
        return "pct"
    if re.match(r"(?:年度|全年)?(?:计划|目标|任务)", last):
        return "target"
    if re.search(r"完成|累计|实际|进度|进展", last):
        return "actual"
    if TARGET_COLUMN.search(last):
        return "target"
    if SKIP_COLUMN.search(last):
        return "key"
    return "other"


def _numeric_table(text: str, rows, first_data: int, columns: list[list[str]], figures: list[Figure]) -> None:
    cell = lambda span: text[span[0]:span[1]].strip()  # noqa: E731
    roles = [_column_role(parts) for parts in columns]
    groups: list[tuple[int | None, int, int | None]] = []  # (target col, actual col, pct col)
    for j, role in enumerate(roles):
        if role != "actual":
            continue
        group_key = columns[j][:-1]
        target = next((t for t in range(j - 1, -1, -1) if roles[t] == "target" and columns[t][:-1] == group_key
                       and not any(roles[x] == "actual" for x in range(t + 1, j))), None)
        pct = next((p for p in range(j + 1, len(roles)) if roles[p] == "pct" and columns[p][:-1] == group_key
                    and not any(roles[x] in ("actual", "target") for x in range(j + 1, p))), None)
        groups.append((target, j, pct))
    if not groups:
        return
    key_col = next((j for j, r in enumerate(roles) if r == "key" and columns[j] and "序号" in columns[j][-1]), None)
    head_col = next((j for j in range(len(roles)) if roles[j] in ("key", "other")
                     and not (columns[j] and "序号" in columns[j][-1])), 0)
    table_figs: list[tuple[str, int, Figure]] = []
    for row in rows[first_data:]:
        heading = cell(row[head_col]) if head_col < len(row) else ""
        number = cell(row[key_col]) if key_col is not None and key_col < len(row) else ""
        item_no = number if re.fullmatch(r"\d{1,3}", number) else (heading or None)
        if item_no and TOTAL_ROWS.match(item_no):
            item_no = None if key_col is not None else item_no
        for target_col, actual_col, pct_col in groups:
            if actual_col >= len(row):
                continue
            raw = cell(row[actual_col])
            if not _NUMERIC_CELL.match(raw) or "%" in raw:
                continue
            header = columns[actual_col]
            unit = _table_unit(header + (columns[target_col] if target_col is not None else []))
            label_head = _strip_unit(header[-2] if len(header) >= 2 and re.search(r"^(?:进度|完成|实际)", header[-1])
                                     else header[-1])
            value_text = raw.replace(",", "")
            q = _Quantity(row[actual_col][0] + (len(text[row[actual_col][0]:row[actual_col][1]])
                                                - len(text[row[actual_col][0]:row[actual_col][1]].lstrip())),
                          row[actual_col][1], raw.strip(), unit or "", None)
            q.end = q.start + len(raw.strip())
            fig = _make_figure(q, None, len(figures), text[row[0][0]:row[-1][1]], row[0][0], f"{heading}{label_head}")
            if fig is None:
                continue
            fig.item = item_no
            fig.value_text = value_text
            fig.unit_known = bool(unit) and fig.unit_known
            if target_col is not None and target_col < len(row) and _NUMERIC_CELL.match(cell(row[target_col])):
                target_value = Decimal(cell(row[target_col]).replace(",", "").rstrip("%"))
                if target_value > 0:
                    _set_target(fig, Target(columns[target_col][-1], target_value, fig.unit), "table column")
            if pct_col is not None and pct_col < len(row):
                match = re.fullmatch(r"\s*(?P<num>\d+(?:\.\d+)?)\s*%?\s*", cell(row[pct_col]))
                if match:
                    _set_pct(fig, match, _strip_unit(columns[target_col][-1]) if target_col is not None
                             and not PCT_COLUMN.search(columns[pct_col][-1][:2]) and "比例" in columns[pct_col][-1]
                             else _strip_unit(columns[pct_col][-1]))
            fig.kind = "rate" if fig.unit == "%" else ("progress" if fig.target or fig.pct_of_plan else "other")
            table_figs.append((heading, actual_col, fig))
    # Units missing from the headers: take the unit of a prose figure reporting the same amount as a cell
    # of the column (the total row repeats the lead text: "已开工小区1110个" == 全省 1110).
    for heading, col, fig in table_figs:
        if fig.unit:
            continue
        same = [f for f in figures if f.value in {g.value for _, c, g in table_figs if c == col} and f.unit
                and f.unit != "%"]
        if same:
            fig.unit = same[0].unit
            fig.base_value, fig.base_unit, fig.unit_known = to_base(fig.value, fig.unit)
            if fig.target is not None:
                fig.target_unit = fig.unit
    totals = {col: fig for heading, col, fig in table_figs if TOTAL_ROWS.match(heading)}
    for heading, col, fig in table_figs:
        if not fig.unit:
            continue
        fig.id = f"F{len(figures) + 1:03d}"
        figures.append(fig)
    for heading, col, fig in table_figs:
        total = totals.get(col)
        if total is not None and total is not fig and fig.unit != "%" and fig.unit and total.unit:
            fig.part_of = total.id


def _strip_unit(header: str) -> str:
    return _HEADER_UNIT.sub("", header).replace("(%)", "").strip()


def _table_unit(parts: list[str]) -> str | None:
    for part in reversed(parts):
        match = _HEADER_UNIT.search(part)
        if match:
            unit = match.group(1).strip()
            return "%" if unit == "%" else unit
    return None


def _prose_table(index: _TextIndex, rows, first_data: int, columns: list[list[str]], figures: list[Figure]) -> None:
    text = index.text
    roles = []
    for parts in columns:
        last = parts[-1] if parts else ""
        if "序号" in last:
            roles.append("number")
        elif re.search(r"进展|进度|完成情况|情况", last):
            roles.append("progress")
        elif TARGET_COLUMN.search(last):
            roles.append("target")
        else:
            roles.append("other")
    if "progress" not in roles:
        roles = ["progress" if r == "other" else r for r in roles]
    for row in rows[first_data:]:
        number = next((text[s:e].strip() for (s, e), r in zip(row, roles) if r == "number"), "")
        item = Item(number, None, "", row[0][0], row[-1][1]) if re.fullmatch(r"\d{1,3}", number) else None
        targets: list[Target] = []
        for (s, e), role in zip(row, roles):
            if role == "target":
                _, found = _heading_targets(text[s:e])
                targets.extend(found)
        before = len(figures)
        for (s, e), role in zip(row, roles):
            if role == "progress" and e > s:
                _figures_in(index, s, e, item, figures)
        if targets:
            _attach_targets(figures[before:], targets, "table column")


def _attach_targets(figs: list[Figure], targets: list[Target], source: str) -> None:
    """Stated targets of a unit (a table row, an item's commitment) to its figures.

    With one target, it goes to the one top-level figure of the same base unit (or of a compatible count unit
    when no figure has the same one); with several, each figure takes the target whose label shares the longest
    run of characters with its own (at least 2). Figures that already have a target keep it.
    """
    top = [f for f in figs if not f.part_of and f.target is None and f.unit not in ("%", "个百分点")]
    if not top:
        return
    if len(targets) == 1:
        target = targets[0]
        exact = [f for f in top if f.base_unit == to_base(target.value, target.unit)[1]]
        pool = exact or [f for f in top if units_compatible(target.unit, f.unit)]
        if len(pool) == 1:
            _set_target(pool[0], target, source)
        return
    for fig in top:
        fits = [t for t in targets if units_compatible(t.unit, fig.unit)]
        if not fits:
            continue
        scored = sorted(((_common_run(t.label, fig.label), -k, t) for k, t in enumerate(fits)),
                        key=lambda e: (e[0], e[1]), reverse=True)
        if scored[0][0] >= 2 or len(fits) == 1 and len([f for f in top if units_compatible(fits[0].unit, f.unit)]) == 1:
            _set_target(fig, scored[0][2], source)


# --- targets --------------------------------------------------------------------------------------------

def _common_run(a: str, b: str) -> int:
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


def _resolve_heading_targets(text: str, figures: list[Figure], categories: list[Category],
                             items: list[Item]) -> None:
    """Attach heading targets (stated) to figures.

    A heading target belongs to the item of its category whose text shares the longest run of characters with
    the target's label (at least 2). Inside that item it goes to the figures of a compatible unit, exact units
    first; when several targets share an item each figure takes the target its label matches best. A target
    that would fall on several top-level figures (a total split over parts, e.g. 书亭/书屋/朗读亭 of
    "全民阅读设施150处") is ambiguous and attached to none. 其中 parts inherit their parent's target.
    """
    by_item: dict[str, list[Target]] = {}
    item_texts = [text[i.start:i.end] for i in items]  # sliced once, not once per category and target
    for cat in categories:
        if not cat.targets:
            continue
        cat_items = [(i, words) for i, words in zip(items, item_texts)
                     if i.category == cat.no and not CATEGORY_LINE.match(words)]
        for target in cat.targets:
            scored = [(_common_run(target.label, words), i) for i, words in cat_items]
            scored = [s for s in scored if s[0] >= 2]
            if not scored:
                continue
            best = max(s[0] for s in scored)
            winners = [i for s, i in scored if s == best]
            if len(winners) == 1:
                by_item.setdefault(winners[0].no, []).append(target)
    figures_of: dict[str | None, list[Figure]] = {}
    if by_item:
        for fig in figures:
            figures_of.setdefault(fig.item, []).append(fig)
    for item_no, targets in by_item.items():
        item_figs = figures_of.get(item_no, [])
        claims: dict[str, Target] = {}
        if len(targets) > 1:
            for fig in item_figs:
                if fig.part_of or fig.target is not None:
                    continue
                fits = [t for t in targets if units_compatible(t.unit, fig.unit)]
                if not fits:
                    continue
                scored = sorted(((_common_run(t.label, fig.label), -k, t) for k, t in enumerate(fits)),
                                key=lambda e: (e[0], e[1]), reverse=True)
                if scored[0][0] >= 2:
                    claims[fig.id] = scored[0][2]
        else:
            target = targets[0]
            top = [f for f in item_figs if not f.part_of and f.target is None]
            exact = [f for f in top if f.base_unit == to_base(target.value, target.unit)[1]]
            pool = exact or [f for f in top if units_compatible(target.unit, f.unit)]
            if len(pool) == 1:
                claims[pool[0].id] = target
        for fig in item_figs:
            target = claims.get(fig.id) or claims.get(fig.part_of or "")
            if target is not None and fig.target is None:
                _set_target(fig, target, "heading")


def _drop_repeats(figures: list[Figure]) -> None:
    """A figure repeated later in the same item with nothing new (no percent, no target), e.g. a lead paragraph
    or an inline subheading restating the body, is one figure: the later mentions are dropped."""
    seen: dict[tuple, Figure] = {}
    keep = []
    for fig in figures:
        key = (fig.item, fig.base_value, fig.base_unit)
        first = seen.get(key)
        if first is not None and fig.pct_of_plan is None and fig.target is None and first.sentence != fig.sentence \
                and first.pct_of_plan is None and first.target is None \
                and fig.unit != "%" and not fig.part_of:
            continue
        seen.setdefault(key, fig)
        keep.append(fig)
    ids = {f.id for f in keep}
    for fig in keep:
        if fig.part_of and fig.part_of not in ids:
            fig.part_of = None
    figures[:] = keep


def _finish(figures: list[Figure]) -> None:
    """Kinds and implied targets, once every percent and target is known."""
    for fig in figures:
        if fig.unit in ("%", "个百分点", "个百分比"):
            fig.kind = "rate" if fig.kind != "progress" else "progress"
        elif fig.pct_of_plan is not None or fig.target is not None:
            fig.kind = "progress"
        else:
            fig.kind = "other"
        if fig.pct_of_plan and fig.pct_of_plan > 0 and fig.unit not in ("%", "个百分点"):
            fig.implied_target = fig.value * 100 / fig.pct_of_plan
