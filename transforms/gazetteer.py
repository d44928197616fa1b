"""Administrative place names of China, from maintained gazetteers: which words of a bulletin name a region.

Sources: the adcode table shipped with the `cpca` package (Chinese Province, City and Area recognition; 3,511
provinces, prefecture-level divisions and counties with their official names, e.g. 青岛市, 萧县, 兴安盟,
湘西土家族苗族自治州, as they stood before the reforms since about 2017: 宁乡县), and the location table of the
`jionlp` package (kept current, 2025: 宁乡市, 潞州区, 龙港市), to which the short forms of autonomous prefectures,
counties and banners are added (甘南州, 长阳自治县; `official_name` gives their full names). Bulletins of both
periods are read, so a place is known by its old and its new name.
Only their data files are read: importing `cpca` would import pandas, importing `jionlp` its models, which
extraction must not pay for. Names are official full names in simplified characters; the same name may denote two
places (朝阳区 of Beijing and of Changchun), which is fine here: a region is reported as written.

Why a gazetteer: "any word before 市" read regions such as "增幅全省", "重新筛选确定市", "已将我市" (issue 13); a
name is a region only when the gazetteer knows it.
"""

from __future__ import annotations

import csv
import importlib.util
import pathlib
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

_ADCODES = "resources/adcodes.csv"
_JIONLP_LOCATIONS = "dictionary/china_location.zip"


def _package_file(package: str, relative: str) -> pathlib.Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the gazetteer package {package} is not installed (it is a dependency in pyproject.toml); "
                           "reinstall the project's requirements")
    return pathlib.Path(next(iter(spec.submodule_search_locations))) / relative


_SARS = ("81", "82")
_LOCATION_LINE = re.compile(r"^(\t{0,2})([^\t\n]+)\t(\d{6})\t", re.MULTILINE)
"""A province (no tab), prefecture-level (one tab) or county-level (two tabs) line of jionlp's china_location.txt:
indent, official name, six-digit adcode; towns and villages (three and four tabs, no code) are not read."""


@lru_cache(maxsize=1)
def _rows() -> tuple[tuple[str, str], ...]:
    """(twelve-digit adcode, official name) of every province, prefecture-level division and county, from both
    tables: cpca's (names before the reforms since about 2017: 宁乡县) and jionlp's, kept current (2025: 宁乡市,
    潞州区, 龙港市). A name in both under the same code is one row."""
    with _package_file("cpca", _ADCODES).open(encoding="utf-8") as handle:
        rows = {(row["adcode"], row["name"]) for row in csv.DictReader(handle) if row.get("adcode") and row.get("name")}
    with zipfile.ZipFile(_package_file("jionlp", _JIONLP_LOCATIONS)) as archive:
        text = archive.read(archive.namelist()[0]).decode("utf-8")
    # Hong Kong's and Macao's districts share their region's code (810000) and hold everyday words (东区, 北区)
    rows |= {(code + "000000", name) for _, name, code in _LOCATION_LINE.findall(text) if not code.startswith(_SARS)}
    return tuple(sorted(rows))


COMMON_WORDS = frozenset({"县", "市辖区", "城区", "郊区", "矿区", "东区", "西区", "南区", "北区", "新区"})
"""Entries of the adcode table that are also everyday words of bulletins ("中心城区", "郊区", "新区") or
placeholders ("县", "市辖区" of an aggregate code): never read as a region."""


@lru_cache(maxsize=1)
def region_names() -> frozenset[str]:
    """All official names of provinces, prefecture-level divisions and counties (simplified characters), without
    `COMMON_WORDS`.

    Read once from both tables (`_rows`). Raises RuntimeError when cpca or jionlp is not installed.
    """
    names = {name for _, name in _rows()}
    names |= set(_official_names())
    return frozenset(names - COMMON_WORDS)


_PROVINCE_SUFFIX = re.compile(r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")


@lru_cache(maxsize=1)
def province_short_forms() -> dict[str, str]:
    """The short forms of the provinces (and municipalities, autonomous regions) to their official names: 河南 ->
    河南省, 广西 -> 广西壮族自治区, 内蒙古 -> 内蒙古自治区. From the adcode tables (province codes end in ten zeros)."""
    provinces = [name for code, name in _rows() if code.endswith("0000000000")]
    return {_PROVINCE_SUFFIX.sub("", name): name for name in provinces}


_PEOPLES = ("蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼",
            "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔",
            "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "鄂温克", "德昂",
            "保安", "裕固", "京", "独龙", "鄂伦春", "各")
"""The peoples named in the official names of autonomous prefectures, counties and banners (各族: "of all peoples")."""
_PEOPLE = "|".join(sorted((p for p in _PEOPLES if len(p) > 1), key=len, reverse=True))
_AUTONOMOUS = re.compile(rf"^(?P<place>[\u4e00-\u9fff]{{2,}}?)(?:(?:{_PEOPLE})族?|[{''.join(p for p in _PEOPLES if len(p) == 1)}]族)+"
                         r"自治(?P<level>州|县|旗)$")
"""An autonomous division's official name: its place, the peoples (a one-character people always with 族: 三都水族;
longer ones with or without it: 伊犁哈萨克, 海西蒙古族藏族), 自治 and its level."""


def _short_forms(name: str) -> tuple[str, ...]:
    """The short forms government texts use for an autonomous prefecture, county or banner: the place and its
    level without the peoples' names ("黔东南苗族侗族自治州" -> 黔东南州, "伊犁哈萨克自治州" -> 伊犁州,
    "长阳土家族自治县" -> 长阳县 and 长阳自治县, "莫力达瓦达斡尔族自治旗" -> 莫力达瓦旗); () for other names, and for
    a place that is a province's short form (河南蒙古族自治县: 河南县 would be read in 河南县域…)."""
    match = _AUTONOMOUS.match(name)
    if match is None or match.group("place") in province_short_forms():
        return ()
    place, level = match.group("place", "level")
    return (place + level,) if level == "州" else (place + level, place + "自治" + level)


@lru_cache(maxsize=1)
def _official_names() -> dict[str, str]:
    """Short forms of autonomous divisions to their official names (黔东南州 -> 黔东南苗族侗族自治州), leaving out a
    short form that is itself an official name or that two divisions share."""
    names = {name for _, name in _rows()}
    forms: dict[str, set[str]] = {}
    for name in names:
        for short in _short_forms(name):
            forms.setdefault(short, set()).add(name)
    return {short: full.pop() for short, full in forms.items() if len(full) == 1 and short not in names}


def official_name(name: str) -> str:
    """The official name of a region name as written: an autonomous division's short form gives its full name
    (黔东南州 -> 黔东南苗族侗族自治州, 长阳自治县 -> 长阳土家族自治县); any other name is returned as given."""
    return _official_names().get(name, name)


@dataclass(frozen=True)
class RegionMatch:
    """An official region name found in a text: `text[start:end] == name`."""

    start: int
    end: int
    name: str


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    # Aho-Corasick (pyahocorasick, also cpca's matcher): one pass over the text for all 3,700 names; a regex
    # alternation of them took ~7 ms on a 3,000-character head, longer than extracting the whole bulletin.
    automaton = ahocorasick.Automaton()
    for name in region_names():
        automaton.add_word(name, name)
    automaton.make_automaton()
    return automaton


def find_regions(text: str) -> list[RegionMatch]:
    """Official region names written in `text`, in reading order, non-overlapping, the longest at each place
    (湘西土家族苗族自治州, not 湘西州 inside it).

    A name glued to a longer word is still found ("据河南省政府" -> 河南省); callers decide which match names the
    bulletin's region.
    """
    if not text:
        return []
    return [RegionMatch(end - len(name) + 1, end + 1, name) for end, name in _automaton().iter_long(text)]


@lru_cache(maxsize=1)
def _parents() -> dict[str, frozenset[str]]:
    rows = _rows()
    by_code = dict(rows)
    parents: dict[str, set[str]] = {}
    for code, name in rows:
        if code.endswith("00000000") or name in COMMON_WORDS:
            continue  # a province or a prefecture-level division, or a placeholder
        city = by_code.get(code[:4] + "0" * 8)
        if city in COMMON_WORDS:  # 市辖区 of a municipality (北京市朝阳区): the municipality itself
            city = by_code.get(code[:2] + "0" * 10)
        if city:
            parents.setdefault(name, set()).add(city)
    return {name: frozenset(cities) for name, cities in parents.items()}


def parent_names(name: str) -> frozenset[str]:
    """The prefecture-level divisions (or municipalities) a county-level name belongs to: 朝阳区 -> {北京市,
    长春市} (one name, two places), 萧县 -> {宿州市}; empty for provinces, cities and unknown words."""
    return _parents().get(official_name(name), frozenset())


def is_region(name: str) -> bool:
    """True when `name` is an official region name ("青岛市"), False for words such as "全省" or "确定市"."""
    return name in region_names()
