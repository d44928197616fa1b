"""Numbers and units: parse numbers as written into Decimal, scale 万/亿 prefixes, round half-up.

No binary floats: every value is a `decimal.Decimal`. Chinese numerals are converted with cn2an, only on the
span a pattern matched (cn2an mangles whole texts, see DESIGN.md).
"""

from __future__ import annotations

import re
from functools import lru_cache
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import cn2an

MULTIPLIERS: dict[str, Decimal] = {
    "万亿": Decimal(10) ** 12,
    "亿": Decimal(10) ** 8,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "万": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
    "百": Decimal(10) ** 2,
}
"""Magnitude prefixes written before a unit (41.58万人 = 415800 人)."""

BASE_UNITS: tuple[str, ...] = (
    # people and households
    "人次", "人", "户", "名", "位",
    # places, facilities and objects (measure words)
    "个", "处", "座", "所", "家", "间", "栋", "幢", "套", "张", "台", "辆", "艘", "架", "部", "盏", "块",
    "条", "根", "口", "眼", "株", "棵", "只", "羽", "头", "对", "孔", "册", "本", "份", "件次", "件", "项", "宗", "笔",
    "批次", "批",
    "场次", "场", "剂次", "例次", "车次", "架次", "班次", "趟", "次", "剂", "期", "班", "门", "支", "床", "校", "园", "站", "村", "镇", "路",
    "课时", "学时",
    # length, area, volume, mass, power, energy, money (元 and foreign currencies), cases
    "公里", "千米", "延米", "米", "平方公里", "平方千米", "平方米", "平米", "立方米", "亩", "公顷", "吨标准煤", "吨标煤", "吨", "千克", "公斤",
    "千瓦", "兆瓦", "千伏安", "兆伏安", "MVA", "kVA", "千瓦时", "元", "美元", "港元", "欧元", "例", "微克/立方米",
    # the same written with Latin letters, as NFKC leaves them (㎡ and m² become m2, m³ m3, ㎞ km)
    "km", "m2", "m3",
    # rates: percentage points, percents, and growth as a multiple (增长1.2倍)
    "个百分点", "%", "倍",
)
"""Units we know, with no magnitude prefix. Source: the units of ../shared/corpus gold figures; and, from the kinds
of bulletin outside it, 微克/立方米 (air quality in indicator reports), 剂/剂次 (vaccinations), 车次/架次 (transport),
千克/公斤 (supplies), 课时/学时 (training), 场次/班次 (performances, clinic rounds), 对 (couples: 孕前优生健康检查),
羽 (poultry), 孔 (culverts), 趟 (train runs), 件次/例次 (cases handled), 平米 and the Latin km/m2/m3
(areas and lengths as people type them), 倍 (a growth multiple: "增长1.2倍")."""

COUNT_UNITS = frozenset({"个", "处", "座", "所", "家", "间", "栋", "幢"})
"""Measure words that count the same kind of thing (places, facilities): a heading's "90个"养老服务中心 is the
target of "98处已建成" (gold note on 000-seed item 22)."""

PEOPLE_UNITS = frozenset({"人", "名", "位"})
"""Measure words that count people: "为20万名老年人免费体检" is the target of "已完成体检18.5万人" (人次 counts
visits, not people, and stays apart)."""

# Longest first so that 平方米 wins over 米 and 个百分点 over 个.
UNIT_PATTERN = "|".join(sorted((re.escape(u) for u in BASE_UNITS), key=len, reverse=True))
MULTIPLIER_PATTERN = "|".join(sorted(MULTIPLIERS, key=len, reverse=True))

ARABIC_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"
"""Digits with optional thousands separators ("12,345") and decimals."""

CHINESE_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿壹贰叁参肆伍陆柒捌玖拾佰仟"
"""Chinese numeral characters, the formal (financial) forms 壹贰叁… included; cn2an reads both. 参 is 叁 as the
traditional 參 becomes after conversion to simplified characters (`transforms.text.to_simplified`)."""
CHINESE_NUMBER = rf"[{CHINESE_NUMERAL_CHARS}]+"
CHINESE_DECIMAL_DIGITS = "零〇一二三四五六七八九"
"""Digits after the 点 of a Chinese decimal (一点二 = 1.2, 十二点零五 = 12.05)."""
CHINESE_DECIMAL = rf"{CHINESE_NUMBER}(?:点[{CHINESE_DECIMAL_DIGITS}]+)?"
"""A Chinese numeral with an optional decimal part ("十二", "一点二", "三点零五")."""
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_CHINESE = re.compile(CHINESE_DECIMAL)


def parse_number(text: str) -> Decimal:
    """Parse one number as written ("41.58", "12,345", "十二", "两", "一点二") into a Decimal.

    Raises ValueError naming the text when it is not a number.
    """
    cleaned = text.replace(",", "").strip()
    if _DIGITS.fullmatch(cleaned):
        return Decimal(cleaned)
    if _CHINESE.fullmatch(cleaned):
        return _chinese_number(cleaned)
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {text!r}") from exc


@lru_cache(maxsize=4096)
def _chinese_number(cleaned: str) -> Decimal:
    # Cached: cn2an costs ~70 µs a call and bulletins repeat the same few numerals (一 … 十二, 两万); errors
    # are not cached (lru_cache does not store exceptions), so the message always names the text.
    whole, point, fraction = cleaned.partition("点")
    if point:
        # 一点二: the whole part through cn2an, the digits after 点 one by one (cn2an returns a float for
        # decimals, which may not hold every digit written).
        return _chinese_number(whole) + Decimal("0." + "".join(str(_DECIMAL_DIGIT[c]) for c in fraction))
    if cleaned in _BARE_LARGE:
        cleaned = "一" + cleaned  # 千余户, 近万人: a place numeral alone is one of it (cn2an rejects 千 alone)
    try:
        # "smart" mode accepts 两; cn2an returns int or float, whose str is exact for integers. cn2an knows the
        # formal 叁 but not 参 (the simplified form of the traditional 參).
        converted = cn2an.cn2an(cleaned.replace("参", "叁"), "smart")
    except (ValueError, KeyError, IndexError) as exc:
        raise ValueError(f"not a Chinese numeral: {cleaned!r} ({exc})") from exc
    return Decimal(str(converted)).normalize() if isinstance(converted, float) else Decimal(int(converted))


_BARE_LARGE = frozenset("百千万亿佰仟")
"""Place numerals that alone mean one of them (千 = 一千); the extractor reads them only with a qualifier."""
_DECIMAL_DIGIT = {"零": 0, "〇": 0, **{c: i for i, c in enumerate("一二三四五六七八九", 1)}}
"""Value of each digit after 点 (零 and 〇 are 0, 一 is 1, … 九 is 9)."""


@lru_cache(maxsize=4096)
def split_unit(unit: str) -> tuple[Decimal, str]:
    """Split a unit as written into (multiplier, base unit): "万人" -> (10000, "人"); "%" -> (1, "%").

    Units that are known base units as a whole ("千米", "千瓦") are not split.
    """
    if unit in BASE_UNITS:
        return Decimal(1), unit
    for prefix in sorted(MULTIPLIERS, key=len, reverse=True):
        if unit.startswith(prefix) and unit[len(prefix):] in BASE_UNITS:
            return MULTIPLIERS[prefix], unit[len(prefix):]
    return Decimal(1), unit


KNOWN_ONLY_UNITS = frozenset({"分", "例", "个百分比"})
"""Units that real bulletins use but the quantity scan does not look for (a bare 分 or 例 after a number is too
often something else: 5分钟, 病例): known when extraction reads them from a table header or a labelled clause.
Source: gold figures of ../shared/corpus (002 市民满意度 91.02分, 044 筛查 10111例, 047 "12个百分比", a
misspelt 个百分点)."""

PER_PERIOD = frozenset({"月", "年", "人", "户", "天", "日", "次", "人·月", "人月", "亩", "万元"})
"""Denominators of rate units such as 元/月 and 元/人 (034: 低保标准 463元/月), and of intensities per output
(吨标准煤/万元: energy per 10,000 yuan of GDP)."""


@lru_cache(maxsize=1024)
def is_known_unit(base_unit: str) -> bool:
    """True for a base unit we understand: the vocabulary, KNOWN_ONLY_UNITS, a rate "<unit>/<period>" (元/月), or
    a unit with an alternative in brackets whose first part is known ("套(间)")."""
    if base_unit in BASE_UNITS or base_unit in KNOWN_ONLY_UNITS:
        return True
    head, sep, per = base_unit.partition("/")
    if sep:
        return head in BASE_UNITS and per in PER_PERIOD
    bracket = re.fullmatch(r"(.+?)\((.+)\)", base_unit)
    return bool(bracket) and bracket.group(1) in BASE_UNITS


def to_base(value: Decimal, unit: str) -> tuple[Decimal, str, bool]:
    """(base value, base unit, unit known) of a value in a unit as written: (41.58, "万人") -> (415800, "人", True)."""
    multiplier, base_unit = split_unit(unit)
    return value * multiplier, base_unit, is_known_unit(base_unit)


def units_compatible(unit_a: str, unit_b: str) -> bool:
    """True when two units as written measure the same thing (same base unit, both count measure words, or both
    count people)."""
    base_a, base_b = split_unit(unit_a)[1], split_unit(unit_b)[1]
    return base_a == base_b or (base_a in COUNT_UNITS and base_b in COUNT_UNITS) \
        or (base_a in PEOPLE_UNITS and base_b in PEOPLE_UNITS)


def decimals_of(number_text: str) -> int:
    """Number of decimal places as written: "138.6" -> 1, "86" -> 0."""
    return len(number_text.split(".", 1)[1]) if "." in number_text else 0


def written_half_step(number_text: str, unit: str) -> Decimal:
    """Half a step of the last digit written, in base units: how far the true amount may lie from a rounded
    number as written. ("4.2", "万所") -> 500 (4.2万 stands for 41,500 to 42,500); ("700", "个") -> 0.5.

    Used where a whole is compared with the sum of its parts: a source that rounds its total is not wrong."""
    multiplier = split_unit(unit)[0]
    return Decimal(5).scaleb(-decimals_of(number_text) - 1) * multiplier


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round half-up to `places` decimals (85.955 -> 85.96; 85.96 at 0 places -> 86), the convention of the
    bulletins' percents (DESIGN.md validation rule 1)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
