"""Quantities: a number with its unit as written ("41.58万人", "约5.8亿元", "0.8个百分点") and percents ("138.6%").

Input: a text and a span of it. Output: `Quantity` records (start/end offsets into the text, the number and the
unit as written, the qualifier) and percent matches, with ordinals, ranges, codes and dates left out;
`positive_value` turns a quantity's number into a positive Decimal. `TextIndex` holds the whole-text scans of
one extraction (clause breaks, quantities) so that sentences bisect them instead of rescanning.
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from transforms.extract import vocabulary as V
from transforms.extract.clauses import clause_breaks
from transforms.numbers import (
    BASE_UNITS,
    CHINESE_DECIMAL,
    CHINESE_NUMERAL_CHARS,
    MULTIPLIER_PATTERN,
    MULTIPLIERS,
    is_known_unit,
    parse_number,
    split_unit,
)

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\. ?\d+)?"
"""Digits with thousands separators or decimals; a space after the decimal point is PDF-extraction spacing
("0. 5%", "18. 08 亿元")."""

EXTRA_UNITS = V.EXTRA_UNITS.words
"""Units beyond `transforms.numbers.BASE_UNITS` (`vocabulary.EXTRA_UNITS`)."""


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
_QUALIFIER_FIRST = "".join(dict.fromkeys(word[0] for word in V.QUALIFIERS_BEFORE.words))
_AFTER_DIGITS = "".join(sorted({word[0] for word in (*QUANTITY_UNITS, *MULTIPLIERS, *V.QUALIFIERS_AFTER.words)}))
"""Characters that can follow the digits of a quantity: the first characters of 余/多, a multiplier or a unit."""
_MORE = V.QUALIFIERS_AFTER.pattern()
_PRE = V.QUALIFIERS_BEFORE.pattern().replace("约", "(?<![签制节预契合公条])约")
"""Qualifiers before a number; 约 ends words of its own (签约, 预约, 节约) that are not "about"."""
QUANTITY = re.compile(
    # A cheap necessary condition first (speed only, same matches): a qualifier or Chinese numeral, or digits
    # whose run of digits, separators and spaces ends at a character that can start 余/多, a multiplier or a
    # unit. Without it the scan backtracks through every digit of every date and code ("2020年10月").
    rf"(?=[{re.escape(_QUALIFIER_FIRST)}{CHINESE_NUMERAL_CHARS}]|\d[\d,. ]*+[{re.escape(_AFTER_DIGITS)}])"
    rf"(?P<pre>{_PRE})?"
    rf"(?P<num>{NUMBER}|{CHINESE_DECIMAL})"
    rf"(?P<more>{_MORE})? ?(?P<mult>{MULTIPLIER_PATTERN})?(?P<more2>{_MORE})?"
    rf"(?P<unit>{_trie(QUANTITY_UNITS)})"
    rf"(?P<alt>\([{V.ALTERNATIVE_UNITS.chars()}]\))?(?P<post>{V.QUALIFIER_AFTER_UNIT.pattern()})?"
)
"""A number with its unit as written ("41.58万人", "约5.8亿元", "4500余株", "0.8个百分点", "1793套(间)")."""
assert tuple(QUANTITY.groupindex) == ("pre", "num", "more", "mult", "more2", "unit", "alt", "post")  # scan_quantities
_QUANTITY_LEAD = re.compile(rf"[{re.escape(_QUALIFIER_FIRST)}{CHINESE_NUMERAL_CHARS}\d]")
"""The characters a `QUANTITY` match can start at: its opening lookahead asks for one of them."""


def quantity_matches(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """`QUANTITY.finditer(text, start, end)`, started at the first character a match can start at
    (`_QUANTITY_LEAD`): the regex engine tries its pattern at every position, ~40 ns each, but finds a character
    of a class at memchr speed (speed only, same matches: no position before that character passes the lookahead,
    and lookbehinds see the text before the start either way)."""
    lead = _QUANTITY_LEAD.search(text, start, end)
    return QUANTITY.finditer(text, lead.start(), end) if lead is not None else iter(())

PERCENT = re.compile(r"(?P<num>\d\d*(?:\. ?\d+)?) ?%")
r"""A percent as written ("138.6%", "0. 5 %"). \d\d* is \d+ spelt so that the pattern starts with a character class,
which lets the regex engine skip to the next digit in C (speed only, same matches)."""

NOT_AFTER = V.NOT_AFTER.words
"""Characters before a number that make it an ordinal, a time span or the end of a range (第二批, 前三季度, 6-9岁)."""


HAN = re.compile(r"[\u4e00-\u9fff]")
_NUMBER_TAIL_AFTER = frozenset("万亿千百,")
"""After a digit, these make the digits that follow the tail of a longer number: "1万2千个" (a compound of digits
and multipliers), "2,8条" (a decimal comma, or a thousands group cut short)."""

class Quantity(NamedTuple):
    """A number with its unit as written: a scan result, never changed (a stage that decides something about it
    makes a new one with `_replace`, as the prose pass does for `in_quote`)."""

    start: int  # of the number (qualifier excluded)
    end: int  # after the unit
    num_text: str
    unit: str
    qualifier: str | None
    lead: int | None = None  # where the match starts: before a leading qualifier (约5万人), else `start`
    in_quote: bool = False
    """Inside quotation marks of its sentence (a project's name: “新建5所学校”), decided by the prose pass."""


_new = tuple.__new__
"""`Quantity(*fields)` at half the cost (NamedTuple's own __new__ is a Python function; once per match)."""


def small_number(text: str) -> int | None:
    try:
        return int(parse_number(text))
    except (ValueError, ArithmeticError):
        return None


class TextIndex:
    """Whole-text scans of one extraction's text, shared by all its sentences (built once by `extract_text`).

    `breaks`: positions of the `CLAUSE_BREAK` characters, ascending (sentence-level lookups become bisections
    instead of rescans). `quantities()`: `scan_quantities` of the whole text and the quantities' starts, scanned
    on first use. No quantity or break crosses a sentence break, so slicing the whole-text scans gives the same
    result as scanning each sentence. Lives for one extraction only: nothing is cached across texts.
    """

    __slots__ = ("text", "breaks", "_quantities", "_starts")

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = clause_breaks(text)
        self._quantities: list[Quantity] | None = None
        self._starts: list[int] = []

    def quantities(self) -> tuple[list[Quantity], list[int]]:
        if self._quantities is None:
            self._quantities = scan_quantities(self.text, 0, len(self.text))
            self._starts = [q.start for q in self._quantities]
        return self._quantities, self._starts


def quantities_in(text: str, start: int, end: int, index: TextIndex | None = None) -> list[Quantity]:
    """Quantities (number + known unit) in text[start:end], without ordinals, ranges, codes and dates.

    Texts under 400 characters are scanned span by span; longer ones are scanned once (`index`, built here when
    not given) and sliced (the same immutable records for every caller)."""
    if len(text) < 400:
        return scan_quantities(text, start, end)
    quantities, starts = (index or TextIndex(text)).quantities()
    found = []
    for q in quantities[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]:
        if q.end <= end and q.lead >= start:  # the whole match in the span, as a scan of the span finds it
            found.append(q)
    return found


_NOT_AFTER = frozenset(NOT_AFTER)
_WORD_UNITS, _PHASE_UNITS = V.WORD_UNITS.words, V.PHASE_UNITS.words
_PHASE_FOLLOWERS = V.PHASE_FOLLOWERS.words


def scan_quantities(text: str, start: int, end: int) -> list[Quantity]:
    """`QUANTITY` matches in text[start:end] (as pos/endpos: the characters around the span still count) that are
    amounts: not ordinals, range ends, codes, words such as 十分, or zero-padded codes."""
    found = []
    for m in quantity_matches(text, start, end):
        pre, num, more, mult, more2, unit, alt, post = m.groups()  # one call instead of one per group
        n_start = m.start(2)
        before = text[n_start - 1] if n_start else ""
        if before == " " and n_start > 1 and text[n_start - 2] == "第":
            continue  # "居全市第 3 位": an ordinal a PDF copy spaced out
        if before in _NOT_AFTER and not text.endswith(_NOT_ORDINAL_BEFORE, 0, n_start) \
                or before.isdigit() or before.isascii() and before.isalpha():
            continue
        if before == "至" and text[max(0, n_start - 2):n_start - 1].isdigit():
            continue  # the end of a range 3至5个
        if before in _NUMBER_TAIL_AFTER and text[max(0, n_start - 2):n_start - 1].isdigit():
            continue  # "1万2千个", "2,8条": the tail of a number written in a form not read whole (never guessed)
        if before in _SEPARATOR_OR_BREAK and _after_a_broken_separator(text, n_start):
            continue  # "12, 345人", "21·36万人", "12'345人": the tail of a number a copy broke at its separator
        m_end = m.end()
        after = text[m_end:m_end + 1]
        if after.isascii() and after.isalpha():
            continue  # codes such as 599B, A1-02
        if text[n_start + len(num):n_start + len(num) + 1] == "-" or after == "-":
            continue  # ranges 4-5家
        chinese = num[0] in CHINESE_NUMERAL_CHARS  # the number is all digits or all Chinese numerals
        if chinese and not _chinese_amount(
                text, num, before, n_start, unit, m_end, more or mult, bool(pre or more or more2)):
            continue
        if unit == "倍" and not _MULTIPLE_LEAD.search(text, max(0, m.start() - 4), m.start()):
            continue  # 是全省的2倍: a comparison; only growth (增长1.2倍) is a figure
        if unit in _PHASE_UNITS and after in _PHASE_FOLLOWERS:
            continue
        if unit == "分" and (HAN.match(after) or "." not in num and not mult):
            continue  # 部分, 分别, 3分钟: 分 is a score only as in "91.02分,"
        if num.startswith("0") and "." not in num and len(num) > 1:
            continue  # zero-padded codes
        if unit == "个" and after in "、和及" and not mult and _POINTS_LIST_AHEAD.match(text, m_end):
            continue  # "0.6个、4.89个百分点": a percentage-point gap cut short, read with the last (_listed_before)
        qualifier = pre
        more = more or more2
        if more:
            qualifier = (qualifier or "") + more
        if post:
            qualifier = (qualifier or "") + post
        full_unit = (mult or "") + unit + (alt or "")
        if "/" in unit or text.startswith("/", m_end):
            tail = _PER_TAIL.match(text, m_end)
            if tail.end() > m_end:
                full_unit, m_end = full_unit + tail.group(), tail.end()  # 元/人月, 元/月/人
        found.extend(_listed_before(text, max(start, n_start - 80), n_start, full_unit))
        found.append(_new(Quantity, (n_start, m_end, num, full_unit, qualifier, m.start(), False)))
    return found


_NOT_ORDINAL_BEFORE = V.NOT_ORDINAL_BEFORE.words
_MULTIPLE_LEAD = re.compile(rf"(?:{V.MULTIPLE_LEADS.pattern()})$")
_DIGIT_RUN = re.compile(rf"[{V.CHINESE_DIGIT_RUN}][{V.CHINESE_DIGIT_RUN}零〇]")
_SINGLE_DIGIT_ENDS = frozenset(V.SINGLE_DIGIT_CLAUSE_ENDS)
_SINGLE_DIGIT_NAME_UNITS = frozenset(V.SINGLE_DIGIT_NAME_UNITS.words)


def _chinese_amount(
    text: str, num: str, before: str, n_start: int, unit: str, m_end: int, glued: str | None, qualified: bool
) -> bool:
    """True when a Chinese numeral before `unit` is an amount: not a piece of a longer numeral (十一五, 一点二
    cut at 点), not a range, a code or an order of magnitude (五六个, 二〇二三, 数十个, 上万户), not a word (十分, 两次会议, 一期; 二十期 is counted), and a
    single digit 一…九 only before a measure word that ends its clause (卫生院三所。, not 一站式 or 一户一档)."""
    if before and before in CHINESE_NUMERAL_CHARS or before == "点" and n_start > 1 and (
            text[n_start - 2] in CHINESE_NUMERAL_CHARS or text[n_start - 2].isdigit()):
        return False
    whole = num.partition("点")[0]
    if before and before in V.APPROXIMATE_BEFORE and not whole.strip(V.PLACE_NUMERALS) and not (
            before in V.APPROXIMATE_ONLY_BEFORE_LARGE and whole[0] not in V.BARE_LARGE_NUMERALS):
        return False  # 数十个, 上万户: an order of magnitude, not an amount
    if whole in V.BARE_LARGE_NUMERALS and not qualified:
        return False  # 每千人口, 万人广场: words; 千余户, 近万人 are amounts
    if _DIGIT_RUN.search(whole):
        return False
    if unit in _WORD_UNITS and not (len(whole) > 1 and unit in _MULTI_DIGIT_PHASE_UNITS):
        return False  # 十分, 两次会议, 十件实事, 一期: words, not measured amounts
    if len(num) == 1 and num not in V.CHINESE_AMOUNT_DIGITS:
        return (num in V.SINGLE_DIGITS and not glued and unit not in _SINGLE_DIGIT_NAME_UNITS
                and (m_end == len(text) or text[m_end] in _SINGLE_DIGIT_ENDS))
    return True


_MULTI_DIGIT_PHASE_UNITS = V.MULTI_DIGIT_PHASE_UNITS.words
_PER_TAIL = re.compile(rf"(?:/?(?:{V.PER_UNITS.pattern()}))*")
"""The rest of a compound unit after its first part ("元/人" + "月", "元/月" + "/人"): issue 13, compound units."""
_LISTED = re.compile(r"(?<![\d.第])(?:\d+(?:\.\d+)?(?:、|和|及))+$")
_LISTED_POINTS = re.compile(r"(?<![\d.第])(?:\d+(?:\.\d+)?个?(?:、|和|及))+$")
"""Numbers listed before a percentage-point gap, each with the 个 of 个百分点 ("高于目标0.6个、4.89个、4.38个百分点")."""
_POINTS_LIST_AHEAD = re.compile(r"(?:[、和及]\d+(?:\.\d+)?个)*[、和及]\d+(?:\.\d+)?个百分点")
_LISTED_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _listed_before(text: str, window: int, n_start: int, unit: str) -> list[Quantity]:
    """Numbers listed right before a quantity with the unit written once after the last ("分别新建12、8、5所",
    "慢于序时进度10.4、8.6、6.6个百分点", "高于0.6个、4.89个百分点"): each is a quantity in that unit, its evidence
    the number alone."""
    if n_start == 0 or text[n_start - 1] not in "、和及":
        return []
    match = (_LISTED_POINTS if unit == "个百分点" else _LISTED).search(text, window, n_start)
    if match is None:
        return []
    return [_new(Quantity, (n.start(), n.end(), n.group(), unit, None, n.start(), False))
            for n in _LISTED_NUMBER.finditer(text, match.start(), match.end())]


@lru_cache(maxsize=1024)
def base_unit_of(unit: str) -> str:
    """Base unit of a unit as written ("万人" -> "人"): `split_unit`, cached on the unit (a short key)."""
    return split_unit(unit)[1]


@lru_cache(maxsize=1024)
def unit_info(unit: str) -> tuple[Decimal, str, bool]:
    """(multiplier, base unit, unit known) of a unit as written, so that `to_base(value, unit)` is
    (value * multiplier, base unit, known); cached on the unit (a short key)."""
    multiplier, base_unit = split_unit(unit)
    return multiplier, base_unit, is_known_unit(base_unit)


_PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def positive_value(q: Quantity) -> Decimal | None:
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


_SEPARATORS = frozenset(",·'。.")
_SEPARATOR_OR_BREAK = _SEPARATORS | frozenset(" \n")
"""The characters that may stand right before such a tail (a cheap test before `_after_a_broken_separator`)."""
"""Marks that may stand inside a number a copy damaged ("12, 345", "21·36", "106,8%", "21。36", "12'345")."""


def _after_a_broken_separator(text: str, start: int) -> bool:
    """True when the digits at `start` follow a digit and a separator (`_SEPARATORS`), with at most one space or line
    break between: the tail of a number, not a number of its own (issues 13 and 14: never invent a number)."""
    k = start - 1
    if k >= 0 and text[k] in " \n":
        k -= 1
    return k >= 1 and text[k] in _SEPARATORS and text[k - 1].isdecimal()


def _written_whole(text: str, start: int) -> bool:
    """False when the number starting at `start` is the tail of a malformed, signed or ranged one ("111..5%",
    "97.7.3%", "1e309%", "−5%", "3-5%"): a digit, point, letter, sign or range mark (`NOT_AFTER`, but the 前 of
    目前 makes no ordinal) glued before it, or a digit and a space ("完成年度目标的9 1.4%": a number a copy cut in two). Such a number is left out,
    never read shortened or unsigned (issues 13 and 14: no invented numbers)."""
    return start == 0 or not (text[start - 1] in _NOT_AFTER and not text.endswith(_NOT_ORDINAL_BEFORE, 0, start)
                              or text[start - 1] in _SEPARATOR_OR_BREAK and _after_a_broken_separator(text, start)
                              or text[start - 1].isdecimal()
                              or text[start - 1].isascii() and text[start - 1].isalpha()
                              or text[start - 1] == " " and start > 1 and text[start - 2].isdecimal())


GARBLED_AMOUNT = re.compile(r"(?<![A-Za-z\d.])(?=[\dlIO.]*\d)(?=[\dlIO.]*[lIO])[\dlIO][\dlIO.]*(?=\s*[万亿]?[\u4e00-\u9fff])")
"""An amount a copy garbled: digits mixed with the letters OCR confuses with them (l/I for 1, O for 0: "l680个",
"41O张", "O.97万人"), before a unit. It is read as no number (nothing is guessed), but it is an amount: a percent
after it measures it, and a plan before it is its plan, not the plan of another figure."""


def garbled_amount(text: str, start: int, end: int) -> re.Match | None:
    """The first `GARBLED_AMOUNT` in text[start:end], or None (a memchr-speed test for the letters first)."""
    chunk = text[start:end]
    if "l" not in chunk and "O" not in chunk and "I" not in chunk:
        return None
    return GARBLED_AMOUNT.search(text, start, end)


def percents_in(text: str, start: int, end: int) -> list[re.Match]:
    """`list(PERCENT.finditer(text, start, end))`, searching only the run of digits, points and spaces before
    each "%" instead of the whole span (speed only).

    Percents cut out of a malformed number are left out (`_written_whole`). Otherwise the same matches: a percent
    is such a run and its "%", so every match ending at a given "%" starts inside the run
    before it, and a search from the run's start (or the end of the previous match) finds the leftmost one."""
    found: list[re.Match] = []
    pos = start
    sign = text.find("%", start, end)
    while sign >= 0:
        lo = sign
        while lo > pos and (text[lo - 1] in ". " or text[lo - 1].isdecimal()):  # isdecimal() is \d
            lo -= 1
        match = PERCENT.search(text, lo, sign + 1)
        if match is not None and _written_whole(text, match.start()):
            found.append(match)
            pos = match.end()
        sign = text.find("%", sign + 1, end)
    return found

