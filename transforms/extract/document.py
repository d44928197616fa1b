"""Document facts: region, programme, programme year, as-of date, published date and the summary's claims.

Input: the normalised text (its head: the title lines and the first paragraphs). Output: a `Document`.
"""

from __future__ import annotations

import calendar
import collections
import datetime as dt
import re
from collections.abc import Iterator

from transforms.extract import vocabulary as V
from transforms.extract.clauses import positions_of
from transforms.extract.quantities import small_number
from transforms.extract.layout import CHINESE_DIGITS
from transforms.gazetteer import find_regions, is_region, parent_names, province_short_forms
from transforms.numbers import CHINESE_NUMBER
from transforms.record import Document

PROGRAMME_NAMES = V.PROGRAMME_NAMES.words + V.MORE_PROGRAMME_NAMES.words
"""Names of practical-project programmes (`vocabulary.PROGRAMME_NAMES`, `vocabulary.MORE_PROGRAMME_NAMES`)."""


def _last_day(year: int, month: int) -> dt.date | None:
    if not 1 <= month <= 12 or not 1900 <= year <= 2100:
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


_YEAR_NUMERALS = "〇○零一二三四五六七八九"
_WRITTEN_YEAR = rf"(?:19|20)\d{{2}}|二[〇○零][{_YEAR_NUMERALS}]{{2}}|一九[{_YEAR_NUMERALS}]{{2}}"
"""A year as written: in Arabic digits (2023) or in Chinese numerals digit by digit (二〇二三, 一九九八)."""
_YEAR_NUMERAL_VALUES = str.maketrans(_YEAR_NUMERALS, "000123456789")


def _year_value(written: str) -> int:
    """The year of `_WRITTEN_YEAR` as written: "2023" and "二〇二三" -> 2023."""
    return int(written.translate(_YEAR_NUMERAL_VALUES))


QUARTER_END = V.QUARTER_END


def parse_document(text: str) -> Document:
    """Document facts: region, programme, programme year, as-of date, published date, summary claims.

    The region is the title's, else an official name that stands alone or before a government body, lifted to
    the division the text speaks for (突泉县 in a text of 全盟 -> 兴安盟); a district is named with its city when
    the text names that city (北京市朝阳区).
    `as_of` is the last day of the reported period (截至10月底 -> 31 October; 1-9月 and 前三季度 -> 30 September;
    上半年 -> 30 June; 截至5月15日 -> that day). `published` comes from a 发布日期/发表时间 line or a dateline
    "11月11日讯" (with the programme year, or the next year when the month precedes the as-of month).
    Fields the text does not state are None.
    """
    head = text[:3000]
    lines = head.split("\n")[:8]
    program, region, year = _programme(lines)
    if region is None:
        region = _speaking_for(*_region_in(text, head), head)
    region = _with_its_city(region, text)
    from_page_date = False
    if year is None:
        year, from_page_date = _year_named(head)

    as_of, period_text, year = _as_of(head, year)
    if period_text is None:  # "截至目前", "目前": the period as written, with no date to give as_of
        now = next((m for m in _NOW.finditer(head) if m.group() != "目前" or not _in_table_row(head, m.start())), None)
        period_text = now.group() if now else None

    published = _published(text, head, as_of, year)
    if from_page_date and year is not None and as_of is not None and published is not None and as_of > published:
        # "发布时间:2024-01-05 … 截至12月底": a year-end report published in January reports the year before (the
        # page's year dated the period; a period cannot end after its report is published)
        as_of, period_text, year = _as_of(head, year - 1)

    categories_total = items_total = achieved = None
    match = re.search(rf"({CHINESE_NUMBER}|\d+)(?:件|大类|类|个方面|方面)({CHINESE_NUMBER}|\d+)项", head)
    if match:
        categories_total, items_total = small_number(match.group(1)), small_number(match.group(2))
    names_found: tuple[str, ...] = ()
    # "6项完成年度目标任务的30%以上" reached a share of their targets, not the targets
    match = re.search(rf"(\d+|{CHINESE_NUMBER})项(?:已|已经)?(?:提前)?(?:实现|完成)(?:了)?年度目标(?!(?:任务)?的?\s*\d)", head)
    if match:
        achieved = small_number(match.group(1))
        listing = re.search(r"包括([^。]*?)(?:,其余|;|。|$)", head[match.end():match.end() + 1500])
        if listing:
            names_found = tuple(n.strip() for n in re.split(r"[、,]", listing.group(1)) if n.strip())
    return Document(region=region, program=program, program_year=year, as_of=as_of, period_text=period_text,
                    published=published, categories_total=categories_total, items_total=items_total,
                    items_achieved_claimed=achieved, achieved_item_names=names_found)


def _as_of(head: str, year: int | None) -> tuple[dt.date | None, str | None, int | None]:
    """(as-of date, the period as written, programme year) from the first reported period of `_PERIODS` found
    in the head; a period dated explicitly ("截至2020年12月底") dates the programme."""
    as_of = period_text = None
    for match, kind in _first_period(head):
        if match.group(1):
            year = _year_value(match.group(1))  # a period dated explicitly ("截至2020年12月底") dates the programme
        y = year
        period_text = match.group(0)
        if y is None:
            break
        if kind == "day":
            month, day = small_number(match.group(2)), small_number(match.group(3))
            as_of = _safe_date(y, month, day) if month and day else None
        elif kind == "glued_day":
            digits = match.group(2)
            as_of = _safe_date(y, int(digits[:-2]), int(digits[-2:]))
        elif kind == "year_end":
            as_of = dt.date(y, 12, 31)
        elif kind == "month_end":
            month = small_number(match.group(2))
            as_of = _last_day(y, month) if month else None
        else:
            as_of = _last_day(y, QUARTER_END.get(match.group(2).replace("末", "").lstrip("第"), 12))
    return as_of, period_text, year


def _first_period(head: str) -> list[tuple[re.Match[str], str]]:
    """The reported period of the head, as [(match, kind)] or []: of the 截至 periods (the first
    `_UNTIL_PERIODS` of `_PERIODS`) the first written, a lead's 截至10月底 before one item's later 截至9月15日;
    else the first pattern of the others, in the order of `_PERIODS`, that matches."""
    found = []
    starts = until_starts(head)
    for order, (pattern, kind) in enumerate(_PERIODS):
        if order == _UNTIL_PERIODS and found:
            break
        matches = _until_matches(pattern, head, starts) if order < _UNTIL_PERIODS else pattern.finditer(head)
        match = next((m for m in matches if not _is_deadline(head, m)), None)
        if match is not None:
            found.append((match, kind))
            if order >= _UNTIL_PERIODS:
                break
    return [min(found, key=lambda f: f[0].start())] if found else []


_UNTIL_FIRST = "截至到"
"""The characters `_UNTIL` opens with."""


def until_starts(head: str) -> list[int]:
    """The positions of the characters of `_UNTIL_FIRST` in `head`, ascending: what `re.finditer("[截至到]", head)`
    finds, by `str.find` (memchr speed; the engine scans a class of Chinese characters at ~8 ns a character, ~25 µs a
    head), once for all the 截至 periods."""
    return positions_of(_UNTIL_FIRST, head)


def _until_matches(pattern: re.Pattern[str], head: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """`pattern.finditer(head)` for a pattern that opens with `_UNTIL`: tried only where 截, 至 or 到 stands
    (`starts`, from `until_starts`; the same matches: the engine would try every character of the head, ~150 µs a
    pattern)."""
    end = 0
    for start in starts:
        if start < end:
            continue
        match = pattern.match(head, start)
        if match is not None:
            end = match.end()
            yield match


def _is_deadline(head: str, match: re.Match[str]) -> bool:
    """True when a period opened by 到 is a deadline or a plan ("到10月底前完成", "到年底,将建成…"), or a named
    part of the year opens plans ("下半年,将…", "四季度要…")."""
    if match.group().startswith("到"):
        return _A_DEADLINE.match(head, match.end()) is not None
    return match.group().endswith(("季度", "半年")) and _PLANS_AFTER.match(head, match.end()) is not None


_PLANS_AFTER = re.compile(r",?(?:我[省市县区]|全[省市县区])?(?:将|要|还将|力争|争取|计划|预计|拟)")


def _standing_alone(label: str) -> str:
    """`label` not as the end of another word: no Chinese character before it. The test follows the label (a
    lookbehind over the character before it) so that the pattern opens with the label's characters, which the
    regex engine then finds at memchr speed (a pattern that opens with the test is tried at every position: ~50 µs
    on a bulletin, per label); same matches."""
    return rf"{label}(?<![\u4e00-\u9fff]{label})"


_GENERIC_LABELS = ("时间", "日期")
"""The generic labels 时间 and 日期 label the page's date only standing alone ("时间:2022-02-10"), not as the end
of another word (计划完成时间, 统计截止时间, 开工日期)."""
_DATE = r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
_LABELLED_DATES = tuple(re.compile(rf"{_standing_alone(label) if label in _GENERIC_LABELS else label}[::]?\s*"
                                   rf"(?:{_DATE}|(\d{{1,2}})-(\d{{1,2}})\b)")
                        for label in V.PUBLISHED_LABELS.words)
_DATELINE = re.compile(
    rf"(\d{{1,2}})月(\d{{1,2}})日(?:{V.DATELINE_ENDS.pattern()}"
    rf"|(?=,?(?:记者)?[从在][^。,;\n]{{1,30}}?(?:{V.DATELINE_SOURCES.pattern()})))"
)
"""A news dateline: "11月11日讯", "12月11日电", "7月20日,记者从…", or the day the news was learnt from its source
("记者10月18日从市发改委获悉", "10月18日从市政府新闻办了解到")."""
_HEAD_DATE = re.compile(rf"(?<!截至)(?<!截止)(?<![至到止于在]){_DATE}(?![\d月]|日?\s*(?:前|之前|以前|起|开始|至|到))")
_DATE_LINE = (rf"\s*({_WRITTEN_YEAR})\s*年\s*(\d{{1,2}}|[一二三四五六七八九十]{{1,2}})\s*月"
              rf"\s*(\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*日\s*(?=\n|$)")
"""A line holding only a full date, in Arabic or Chinese numerals ("2024年11月8日", "二〇二三年十一月六日")."""
_SIGNED = (rf"(?:[^\n。,;:!?]{{2,40}}\n|[^\n。,;:!?\d]{{2,40}}(?:办公室|人民政府|委员会|指挥部|领导小组)[ \t]+)"
           rf"{_DATE_LINE}")
_SIGNED_DATE = re.compile(rf"(?:^|\n){_SIGNED}")
"""A date line under a signature line (a short line that is no sentence: "市民生实事办公室\n2024年11月8日"), or after
the signing office on its line ("涿鹿县人民政府办公室 2023年11月6日"), wherever it stands: a notice is signed before
what follows it (抄送:…, 附件:… and the annexed table)."""
_SIGNED_DATE_AFTER_BREAK = re.compile(rf"\n{_SIGNED}")


def signed_dates(text: str) -> Iterator[re.Match[str]]:
    """`_SIGNED_DATE.finditer(text)` (speed only, same matches and groups): past the text's start only the line
    break opens a match, and a pattern that opens with it is looked for at memchr speed (the engine tries
    `(?:^|\n)` at every position, ~50 µs a bulletin)."""
    first = _SIGNED_DATE.match(text)
    if first is not None:
        yield first
    yield from _SIGNED_DATE_AFTER_BREAK.finditer(text, first.end() if first is not None else 0)
_OTHER_LABEL = re.compile(r"(?:时间|日期):?\s*$")
"""A label ending in 时间 or 日期 that no publication label matched (计划完成时间:, 统计截止时间:, 开工日期): the date
after it is not the page's."""
_HEAD_DATE_CHARS = 300
"""A full date this close to the start, not an as-of (截至…), on a date line of its own, is the page's date line
("记者 张某\n2024-07-24 来源:…")."""
_DATE_LINE_AFTER = re.compile(r"日?[ \t\u3000]*(?:\d{1,2}:\d{2}|(?:信息)?来源|作者|编辑|浏览|点击|第\s*\d{1,3}\s*版|\n|$"
                              r"|\)[ \t]*(?:\n|$))")
"""What follows a page's date on its date line: a time ("2023/10/16 08:45"), the source or author ("2024-07-24
来源:…"), a newspaper's page ("九江日报 2023年8月16日 第02版"), or the end of the line."""
_DATE_LINE_BEFORE = re.compile(r"(?:^|\n|发布|发布于)[ \t\u3000]*(?:\(|——|—)?$")
"""What precedes a page's date on its date line: nothing (the date opens the line), or 发布 ("发布于2023-10-16"); a
date line may stand in brackets under a title ("(2024年1月12日)") or after a dash (a report's delivery line:
"——2024年1月10日在海滨市第十六届人民代表大会第四次会议上")."""


_LINK_LINE = re.compile(r"\s*(?:上一篇|下一篇|上一条|下一条|相关阅读|相关新闻|相关链接)")
"""A line linking to another page of the site, with that page's date: "上一篇:…(2023-10-12)"."""
_DATELINE_AFTER_OUTLET = re.compile(r"讯\s*(?:[((][^()()\n]{1,20}[))])?\s*(\d{1,2})月(\d{1,2})日")
"""A dateline written after the outlet's 讯 and the reporter: "本网讯(记者 王某)10月18日,…"."""


def _page_date(text: str, end: int) -> re.Match[str] | None:
    """The first full date of text[:end] that stands on a date line of its own (`_DATE_LINE_BEFORE` or
    `_DATE_LINE_AFTER`), not after another date label (计划完成时间:, 开工日期): the page's date, as a match of
    `_HEAD_DATE`. A date inside a sentence ("城南幼儿园(2023年3月1日开工)") or a table row ("1 新建幼儿园
    2023-03-01 主体完工") is an event's, not the page's."""
    for m in _HEAD_DATE.finditer(text, 0, end):
        if _OTHER_LABEL.search(text, max(0, m.start() - 3), m.start()):
            continue
        if _LINK_LINE.match(text, text.rfind("\n", 0, m.start()) + 1):
            continue  # "上一篇:…(2023-10-12)": another page's date
        if _EVENT_DATE_AFTER.match(text, m.end()):
            continue  # "2023年10月11日,市政府召开…推进会": the date of an event the sentence tells
        if _DATE_LINE_AFTER.match(text, m.end()) or _DATE_LINE_BEFORE.search(text, max(0, m.start() - 6), m.start()):
            return m
    return None


_EVENT_DATE_AFTER = re.compile(r"日?\s*,")


def _published(text: str, head: str, as_of: dt.date | None, year: int | None) -> dt.date | None:
    """The publication date, first found of: a labelled date line, most specific label first (发布日期:2020-11-11,
    时间:2022-02-10; a label with month and day only, 发表时间:09-26, takes the year as a dateline does); a full date
    in the first 300 characters on a date line of its own (`_page_date`); a news dateline ("11月11日讯", "12月11日电",
    "7月20日,记者从…获悉", "记者7月20日从…获悉") in the programme year, or the next year when its month precedes the
    as-of month (`_dated_in_year`); the last date line under a signature line (a notice's closing date), wherever it stands: 抄送 lines or an annex may
    follow it. Date lines may be written in Chinese numerals (二〇二三年十一月六日)."""
    base_year = as_of.year if as_of else year
    for pattern in _LABELLED_DATES:
        match = pattern.search(text)
        if match is None:
            continue
        if match.group(1):
            return _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        return _dated_in_year(int(match.group(4)), int(match.group(5)), as_of, base_year)
    # A page's own date line ("2023-07-14 09:30 来源:本报") before a dateline of the story: "7月13日,记者从…获悉" may
    # date the news, not the page.
    match = _page_date(text, _HEAD_DATE_CHARS)
    if match:
        return _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _DATELINE.search(head) or _DATELINE_AFTER_OUTLET.search(head)
    if match:
        return _dated_in_year(int(match.group(1)), int(match.group(2)), as_of, base_year)
    match = next(reversed(list(signed_dates(text))), None) if "日" in text else None
    return _written_date(*match.group(1, 2, 3)) if match else None


def _written_date(year: str, month: str, day: str) -> dt.date | None:
    """The date of a year, month and day as written, in Arabic or Chinese numerals ("二〇二三", "十一", "六")."""
    m = int(month) if month.isdigit() else small_number(month)
    d = int(day) if day.isdigit() else small_number(day)
    return _safe_date(_year_value(year), m, d) if m and d else None


def _dated_in_year(month: int, day: int, as_of: dt.date | None, base_year: int | None) -> dt.date | None:
    """A month and day without a year: in `base_year`, or the next year when the month precedes the as-of
    month (a December bulletin published in January). Without an as-of date a January day is not dated: a report
    on a year's programme published in January is the year-end report of the year before as often as not
    (本报1月12日讯 …2023年全县十件民生实事全部完成), and its year is not stated."""
    if base_year is None or (as_of is None and month == 1):
        return None
    return _safe_date(base_year + 1 if as_of and month < as_of.month else base_year, month, day)


_YEAR = re.compile(rf"({_WRITTEN_YEAR}) ?年")
_NOW = re.compile(r"截[至止]目前|目前")
"""The reporting point written without a date: the period text when no dated period is found (as_of stays null).
A bare 目前 in a table cell ("已完成,目前通达率98%") is one project's remark, not the bulletin's reporting point."""


def _in_table_row(text: str, at: int) -> bool:
    """True when position `at` lies on a table row (a line of tab-separated cells)."""
    return "\t" in text[text.rfind("\n", 0, at) + 1:(text.find("\n", at) + 1 or len(text) + 1) - 1]


_PLANNED = re.compile(r"(?:度)?(?:将|要|计划|拟|力争|目标)")
"""Words after a year that make it a year of plans ("2018年将…"), not the year reported on."""
_DAY_AFTER_YEAR = re.compile(r"\s*\d{1,2}\s*月\s*\d{1,2}")
"""A month and day after a year: the year is a date's ("2024年01月12日")."""
_PUBLISHED_LABEL = re.compile(rf"(?:{V.PUBLISHED_LABELS.pattern()})[::]?\s*$")
"""A publication date's label right before a year (发布时间:2024年…): the year is the page's, not the programme's."""
_BASELINE = re.compile(r"[^。;,\n]{0,30}?基础上")
"""What follows a year after 在 that makes it a baseline ("在2022年十件实事全部完成的基础上"), not the year reported
on."""


def _year_named(head: str) -> tuple[int | None, bool]:
    """The programme year when no title names it: the latest year the head names, earlier ones being history
    ("由2007年的12项拓展为2013年的33项"); not a year of plans (2018年将…), of the past (`_is_history`: 于2015年制定,
    在2022年…的基础上) or of the page's publication date (发布时间:2024年01月12日). Only when no other year is
    named, the year of the head's first full date, usually the page's ("2023/10/16 08:45 来源:…"; not only one on
    a date line of its own as `_page_date` requires: that fell on the corpus's blind half). Returns (year, True when
    the year is only written as a full date's: "2024年1月5日", "2024-01-05", a page's or a signature's date)."""
    years = []
    for m in _YEAR.finditer(head):
        if _PLANNED.match(head, m.end()) or _is_history(head, m.start(), m.end()):
            continue
        dated = _DAY_AFTER_YEAR.match(head, m.end()) is not None
        if dated and _PUBLISHED_LABEL.search(head, max(0, m.start() - 12), m.start()):
            continue
        years.append((_year_value(m.group(1)), not dated))
    if years:
        year = max(y for y, _ in years)
        return year, not any(y == year and named for y, named in years)
    match = _HEAD_DATE.search(head)
    return (int(match.group(1)), True) if match else (None, False)


def _is_history(text: str, start: int, end: int) -> bool:
    """True when the year at text[start:end] ("2015" or "2015年") is the time of a past event ("于2015年制定了方案") or a
    baseline ("在2022年十件实事全部完成的基础上"), not the year reported on."""
    before = text[max(0, start - 2):start]
    if before.endswith("于"):
        return before not in _NOT_A_TIME  # 关于2023年…的通报 names the subject
    if _OTHER_YEAR_BEFORE.search(text, max(0, start - 4), start) or _SAME_PERIOD_AFTER.match(text, end):
        return True
    return before.endswith("在") and _BASELINE.match(text, end) is not None


_OTHER_YEAR_BEFORE = re.compile(r"(?:比|较|同比|与|相比|力争|确保|争取|到|启动了?|谋划|征集|储备|筹备|编制)$")
"""Words before a year that make it another year than the one reported on: a comparison (比2022年同期), a deadline
(力争2024年6月底前, 到2025年), the next year's programme being prepared (启动了2018年区重点项目梳排, 征集2024年民生实事)."""
_SAME_PERIOD_AFTER = re.compile(r"年?同期")
"""同期 after a year: the comparison's period ("2022年同期"), not the year reported on."""


_NOT_A_TIME = frozenset({"关于", "对于", "由于", "基于", "等于", "属于"})


_QUARTERS = V.QUARTERS.pattern()
_UNTIL = r"(?:截[至止](?:到|时间:?|日期:?)?|(?<![\d一二三四五六七八九十元])至|(?<![^\n。,;:])到)"
"""截至, its variants 截止, 截止到, 截至到, a cut-off label (统计截止时间:2023年9月30日), 至 alone before a month ("至9月底"), not the 至 of a span (1至5月), or
到 opening a clause ("到10月底,全区已改造…"; its deadlines and plans are left out by `_A_DEADLINE`)."""
_A_DEADLINE = re.compile(r"[^。;\n]{0,16}?(?:将|要|力争|争取|计划|确保|预计|前)")
"""What makes a period after 到 a deadline or a plan ("到10月底前完成", "到年底,将建成…"), not the as-of point."""
_MONTH = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_DAY = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_PERIODS = (
    (re.compile(rf"{_UNTIL}(?:({_WRITTEN_YEAR})年)?{_MONTH}月{_DAY}日"), "day"),
    (re.compile(rf"{_UNTIL}(?:({_WRITTEN_YEAR})年)?{_MONTH}月(?:底|末|份|(?![上中下]旬|\d|{_DAY}日))"), "month_end"),
    (re.compile(rf"{_UNTIL}(?:({_WRITTEN_YEAR})年)?({_QUARTERS})"), "quarter"),
    (re.compile(rf"{_UNTIL}({_WRITTEN_YEAR})?年(?:底|末)"), "year_end"),
    (re.compile(rf"{_UNTIL}(?:({_WRITTEN_YEAR})年)?(\d{{3,4}})日"), "glued_day"),
    (re.compile(rf"(?:({_WRITTEN_YEAR})年)?(?:1|一|元)\s*[-—至~]\s*{_MONTH}月(?:份)?"), "month_end"),
    (re.compile(rf"(?:({_WRITTEN_YEAR})年)?前{_MONTH}个?月"), "month_end"),
    (re.compile(rf"(?:截至)?(?:({_WRITTEN_YEAR})年)?({V.TITLE_QUARTERS.pattern()})"), "quarter"),
    (re.compile(r"(?<!“)()全年(?:预计|(?=累计|共|完成|实现))"), "year_end"),
    (re.compile(rf"({_WRITTEN_YEAR})年度(?=[^。\n]{{0,30}}?(?:全部|全面|圆满)(?:收官|完成))"), "year_end"),
    (re.compile(rf"(?<![\d〇○零一二三四五六七八九])({_WRITTEN_YEAR})年(?=,[^。\n]{{0,30}}?(?:全部|全面|圆满)(?:收官|完成))"),
     "year_end"),
)
"""Reported periods, "截至" phrases first (they name the as-of point; a title's "前三季度" names the span):
a day (also in Chinese numerals: 截至十月二十日), a month end, a quarter end, a year's end ("截至2022年底", "截至年底"), a day whose 月 was lost in copying ("截至1031日" = 31 October), a span from
January ("1-9月", "元至3月份", "前9个月"), a named part of the year ("上半年", "三季度"), last the whole year of a year-end
report ("全年累计完成…", an estimate "全年预计…"; not a quoted task "“全年实现…”"), or a named year whose
programme is declared complete ("2018年度…实事项目已全部收官": the period is "2018年度"; "2023年,全市十件民生实事全部
完成": "2023年")."""
_UNTIL_PERIODS = 5
"""The first five of `_PERIODS` are 截至 periods (the as-of point as written): of these the first written wins."""

_NUMERAL_COUNT = rf"(?:\d+|[{CHINESE_DIGITS}]+)(?:件|项|大|类)"
_PROGRAMME = re.compile(
    rf"(?:(?P<year>{_WRITTEN_YEAR}) ?年(?:度)?)?(?P<region>[\u4e00-\u9fff]{{0,12}}?)"
    rf"(?P<count>{_NUMERAL_COUNT})?(?P<name>省政府民生实事|{'|'.join(PROGRAMME_NAMES)}|(?<=件|大|项)实事|(?<=级)(?:{V.LEVELLED_PROGRAMME_NAMES.pattern()}))")
"""A programme name with what may precede it in a title: year, region, a count of its parts ("2019年十大民生工程",
"2015年25件重点民生实事", "十件实事"; 实事 alone is a name only after such a count; 重大项目 only after a level
ending in 级, "盟级重大项目"). "省政府民生实事" is the
province's programme reported by a city or district ("省政府民生实事涉我区"), not the local one."""
_TITLE_PROGRAMME = re.compile(
    rf"(?P<year>{_WRITTEN_YEAR}) ?年(?:度)?(?:我市|我区|我县|全市|(?:市|区|县)(?!政府))?"
    r"(?:第?[一二三四]季度|上半年|下半年|前三季度|1-\d{1,2}月份?)?(?P<name>[\u4e00-\u9fff《》]{4,18}?)"
    r"(?:\(|(?:第?[一二三四]季度|上半年|半年度|前三季度|1-\d{1,2}月|\d{1,2}月份?)?(?:进展|推进|落实|完成|执行)情况)")
"""A title naming its programme between the year and "…进展情况" ("2017年政府工作报告公开挂牌督办事项三季度进展情况",
"市政府2020年重点工作(预下达)一季度进展情况表"); a period right after the year is not part of the name
("2021年上半年国民经济和社会发展计划执行情况")."""

_LEAD_PROGRAMME = re.compile(
    rf"(?P<year>{_WRITTEN_YEAR}) ?年(?:度)?(?:全省|全市|全县|全区|全州|我省|我市|我县|我区)"
    r"(?P<name>[\u4e00-\u9fff]{4,24}?(?:工程|项目))(?:建设)?(?:整体|总体)?(?:进展顺利|推进顺利)")
"""A lead sentence naming the programme whose progress it reports, when no title names one ("2020年全省农村饮水安全
巩固提升工程建设进展顺利")."""

_PROGRAMME_LEVEL = re.compile(rf"(?<![{''.join(V.LOCAL_PRONOUNS.words)}])"
                              rf"(?:{V.MORE_PROGRAMME_LEVELS.pattern()}|{V.PROGRAMME_LEVELS.pattern()})$")
"""The level of government written right before a programme name ("10件省重点民生实事", "省级重点民生实事"): part
of the name, unless it ends a region's name (青岛市市办实事) or follows 我/全 (我市为民办实事)."""


_NAME_RUN = re.compile(r"[\u4e00-\u9fff\d 〇○]+")
"""A run of the only characters a `_PROGRAMME` match holds (year digits and its space, Han characters)."""
_NAME_CORES = V.PROGRAMME_NAME_CORES.words + V.MORE_PROGRAMME_NAMES.words + V.LEVELLED_PROGRAMME_NAMES.words
"""Every programme name holds one of these (`PROGRAMME_NAMES`, 省政府民生实事, 实事, the levelled names)."""


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
    实事项目表" over "全省12件重点民生实事" over a breadcrumb "民生工程"), then the longest name (重点建设项目 over 重点项目); ties go to the first. A title without a
    known programme name is read by its layout (`_TITLE_PROGRAMME`)."""
    best, best_rank = None, (-1, 0)
    for line in lines:
        for match in _programme_matches(line):
            if match.group("year") and _PLANNED.match(match.group("region") or ""):
                continue  # "2018年将继续推进重点项目建设": next year's plans, not the programme's title
            if match.group("year") and _is_history(line, match.start("year"), match.end("year")):
                continue  # "在2022年十件民生实事全部完成的基础上": last year's programme, a baseline
            rank = (2 * bool(match.group("year")) + bool(match.group("count")), len(match.group("name")))
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
        level = _PROGRAMME_LEVEL.search(words) if words else None
        if level and words.endswith("自治" + level.group()):
            level = None  # 自治区为民办实事: the 区 of 自治区, the region's own programme
        if level and not (region and words.endswith(region)) and not program.startswith(level.group()):
            program = level.group() + program  # 省重点民生实事: the province's list, not a city's
        return program, region, _year_value(best.group("year")) if best.group("year") else None
    for line in lines:
        match = _TITLE_PROGRAMME.search(line)
        if match:  # the year the title reports on ("…2019 年国民经济和社会发展计划执行情况")
            name, region = match.group("name"), None
            regions = _regions(name)
            if regions and regions[0][0] == 0 and len(name) - regions[0][1] >= 4:
                region, name = regions[0][2], name[regions[0][1]:]  # 2023年南山区惠民微项目…: the title's region
            return name, region, _year_value(match.group("year"))
    for line in lines:
        match = _LEAD_PROGRAMME.search(line)
        if match:
            return match.group("name"), None, _year_value(match.group("year"))
    return None, None, None


_GOVERNMENT_AFTER = re.compile(r"(?:人民政府|政府|人大常委会|第[一二三四五六七八九十]{1,3}届人民代表大会|人民代表大会|[\u4e00-\u9fff]{0,4}(?:局|办|厅|委)|日报|新闻网)")


def _regions(text: str) -> list[tuple[int, int, str]]:
    """Official region names of `text` (transforms.gazetteer), a name written right after its parent joined with
    it ("北京市朝阳区" is one region, not two): (start, end, name) in reading order. A region is named as written:
    an autonomous division's short form stays short (黔东南州, as the corpus's gold writes it)."""
    joined: list[tuple[int, int, str]] = []
    for match in find_regions(text):
        if joined and joined[-1][1] == match.start:
            start, _, name = joined.pop()
            joined.append((start, match.end, name + match.name))
        else:
            joined.append((match.start, match.end, match.name))
    return joined


_FIRST_LINES_CHARS = 600
"""The start of the head searched first for a region (speed only: the same region is found)."""
_SPEAKS_FOR_A_PROVINCE = re.compile(r"全省(?!第|前列|排名|首位|领先|平均)|我省|省重点|省政府|省级")
"""How a text speaks for a province: 全省, 我省, its programme (省重点…); not a ranking ("增幅全省第一")."""
_EVERYDAY_NAMES = frozenset(V.EVERYDAY_REGION_NAMES.words)
_CONTINUATIONS = frozenset(V.REGION_WORD_CONTINUATIONS.words)
_IN_AN_ORGANISATION = re.compile(rf"[\u4e00-\u9fff]{{0,6}}?(?:{V.ORGANISATION_ENDS.pattern()})")
"""What follows a province's short form that opens a firm's or an institution's name (安徽建工集团, 浙江大学)."""


def _in_another_word(text: str, start: int, end: int, name: str) -> bool:
    """True when the region name at text[start:end] is part of another word: its last character opens a word
    (永安市场, 东方市场: `REGION_WORD_CONTINUATIONS`), or it is also an everyday word (新城区配套学校:
    `EVERYDAY_REGION_NAMES`) and stands before no government body."""
    if text[end - 1:end + 1] in _CONTINUATIONS:
        return True
    return name in _EVERYDAY_NAMES and _GOVERNMENT_AFTER.match(text, end) is None


def _region_in(text: str, head: str) -> tuple[str | None, bool]:
    """(region, whether the evidence is strong) for a region named outside the programme title: an official name
    (gazetteer) that opens a line ("【湘潭市】", "萧县9月份…") or stands before a government body or news outlet
    ("福建省发改委", "据河南省政府"): strong evidence; one that opens a sentence inside a paragraph or is named
    twice: weak evidence, which `_speaking_for` weighs against the level the text speaks for. A text that speaks
    for a province (全省, 我省, 省重点…) and names exactly one province by its short form ("湖南农网建设") is that
    province's (湖南省); a short form opening a firm's name (安徽建工集团) names no province. A name that is part of
    another word (永安市场, 新城区配套: `_in_another_word`) is no region. A place named once inside a sentence is a project's location, and "我市", "全省"
    alone name no region: (None, False) then (null is better than wrong)."""
    # The first lines usually name it: they are searched first, the rest of the head only when they do not.
    cut = _FIRST_LINES_CHARS - 8 if len(head) > _FIRST_LINES_CHARS else len(head) + 1
    rest_from = max(0, cut - 40)  # the rest is read from a little before the cut, so that no name is split
    for in_first, offset in ((True, 0), (False, rest_from)):
        part = head[:_FIRST_LINES_CHARS] if in_first else head[rest_from:]
        for start, end, name in ((a + offset, b + offset, n) for a, b, n in _regions(part)):
            if in_first and end >= cut:
                break  # a name the cut may have split or left unjoined: read it with the rest
            if not in_first and end < cut:
                continue  # read already
            if _in_another_word(head, start, end, name):
                continue
            before = head[start - 1] if start else "\n"
            if before in _OPENS_A_LINE or _GOVERNMENT_AFTER.match(head, end):
                return name, True
            if before in _OPENS_A_SENTENCE or text.count(name) >= 2 \
                    or before == "," and _TIME_LEAD.search(head, max(0, start - 9), start):
                return name, False  # (a sentence that opens with when: "今年以来,吴中区扎实推进…")
    if _SPEAKS_FOR_A_PROVINCE.search(head):  # "全省…", and one province named by its short form ("湖南农网建设")
        named = {full for short, full in province_short_forms().items()
                 if any(not _IN_AN_ORGANISATION.match(head, m.end()) for m in re.finditer(short, head))}
        if len(named) == 1:
            return named.pop(), True  # the text's own voice decides it: strong
    return None, False


_TIME_LEAD = re.compile(r"(?:^|[\n。!? ])(?:今年以来|年初以来|近日|日前|近期|目前|今年|上半年|前三季度),$")
"""A time phrase that opens a sentence before its subject ("今年以来,苏州市吴中区扎实推进…"): the place after it opens
the sentence's clause as it would the sentence."""
_OPENS_A_LINE = frozenset("\n【《")
_OPENS_A_SENTENCE = frozenset("。!?")
_SPEAKER = re.compile(r"[我全本](省|市|州|盟|县|区|旗)(?!第|前列|排名|首位|领先|平均)")
"""How a text names the government it speaks for: 我省, 全盟, 我州, 本市 (a province's, a league's, a
prefecture's, a city's); not a ranking ("增幅全省第一", "居全市前列")."""
_ABOVE_COUNTY = "市州盟"


def _speaking_for(region: str | None, strong: bool, head: str) -> str | None:
    """The region a text speaks for, given a place it names (`_region_in`) and the level of government it speaks
    for (the one it names most often: 全盟, 我州, 全省; none on a tie).

    A county-level place in a text that speaks for the division above it (全盟, 我盟 in a text naming 突泉县;
    全州 with 吉首市) stands for a project's location: the region is the one division above it of that level
    (兴安盟, 湘西土家族苗族自治州). A place named only weakly (opening a sentence, or named twice) is a place inside
    the region spoken for, not the region, when it is below that level (郑州市 in a text of 我省) or when a
    county-level city meets 全市, which its city's bulletin writes as well (胶州市 in a text of 全市): None then,
    unless it lifts to the division above. Named strongly (opening a line, before its government), a
    county-level city in a text that says 全市 speaks for itself (乐清市)."""
    if region is None:
        return None
    voices = collections.Counter(m.group(1) for m in _SPEAKER.finditer(head))
    if strong:
        del voices["省"]  # a place named strongly is weighed against the local levels only
    levels = voices.most_common()
    if not levels or (len(levels) > 1 and levels[1][1] == levels[0][1]):
        return region
    level = levels[0][0]
    county_level = bool(parent_names(region))
    if level == "省":
        return region if region in province_short_forms().values() else None
    if level not in _ABOVE_COUNTY:
        return region
    if region.endswith(level):  # a city's own text says 全市 (青岛市); a county-level city's, only when named
        return region if strong or not county_level else None  # strongly (乐清市): its city's text says 全市 too
    above = [city for city in parent_names(region) if city.endswith(level)]
    if len(above) == 1:
        return above[0]
    return region if strong else None


def _with_its_city(region: str | None, text: str) -> str | None:
    """A city's district named alone ("朝阳区2017年…") with its city, when the text names exactly one of the cities
    that have a district of that name ("北京市市环保局" -> 北京市朝阳区): a district is known by its city. Counties
    and county-level cities stand alone (萧县, 吉首市), and a district whose city the text does not name stays as
    written."""
    if region is None or not region.endswith("区") or not is_region(region):
        return region
    cities = [city for city in parent_names(region) if city in text]
    return cities[0] + region if len(cities) == 1 else region


def _region_of(words: str) -> str | None:
    """The region named at the end of the words before a programme name ("2020年青岛市" -> "青岛市",
    "杭州市上城区2019年" -> "杭州市上城区"): the last official name (gazetteer) among them, else None."""
    regions = _regions(words)
    return regions[-1][2] if regions else None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None

