"""Administrative place names of China, from a maintained gazetteer: which words of a bulletin name a region.

Source: the adcode table shipped with the `cpca` package (Chinese Province, City and Area recognition; 3,511
provinces, prefecture-level divisions and counties with their official names, e.g. 青岛市, 萧县, 兴安盟,
湘西土家族苗族自治州), to which the short forms of autonomous prefectures and counties are added (甘南州).
Only its data file is read: importing `cpca` itself would import pandas, which extraction
must not pay for. Names are official full names in simplified characters; the same name may denote two places
(朝阳区 of Beijing and of Changchun), which is fine here: a region is reported as written.

Why a gazetteer: "any word before 市" read regions such as "增幅全省", "重新筛选确定市", "已将我市" (issue 13); a
name is a region only when the gazetteer knows it.
"""

from __future__ import annotations

import csv
import importlib.util
import pathlib
import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

_ADCODES = "resources/adcodes.csv"


def _adcodes_path() -> pathlib.Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the gazetteer package cpca is not installed (it is a dependency in pyproject.toml); "
                           "reinstall the project's requirements")
    return pathlib.Path(next(iter(spec.submodule_search_locations))) / _ADCODES


COMMON_WORDS = frozenset({"县", "市辖区", "城区", "郊区", "矿区", "东区", "西区", "南区", "北区", "新区"})
"""Entries of the adcode table that are also everyday words of bulletins ("中心城区", "郊区", "新区") or
placeholders ("县", "市辖区" of an aggregate code): never read as a region."""


@lru_cache(maxsize=1)
def region_names() -> frozenset[str]:
    """All official names of provinces, prefecture-level divisions and counties (simplified characters), without
    `COMMON_WORDS`.

    Read once from cpca's adcode table. Raises RuntimeError when cpca is not installed.
    """
    with _adcodes_path().open(encoding="utf-8") as handle:
        names = {row["name"] for row in csv.DictReader(handle) if row.get("name")}
    names |= {short for name in names if (short := _short_form(name))}
    return frozenset(names - COMMON_WORDS)


_PROVINCE_SUFFIX = re.compile(r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")


@lru_cache(maxsize=1)
def province_short_forms() -> dict[str, str]:
    """The short forms of the provinces (and municipalities, autonomous regions) to their official names: 河南 ->
    河南省, 广西 -> 广西壮族自治区, 内蒙古 -> 内蒙古自治区. From cpca's adcode table (province codes end in ten zeros)."""
    with _adcodes_path().open(encoding="utf-8") as handle:
        provinces = [row["name"] for row in csv.DictReader(handle)
                     if row.get("adcode", "").endswith("0000000000") and row.get("name")]
    return {_PROVINCE_SUFFIX.sub("", name): name for name in provinces}


_AUTONOMOUS = re.compile(r"^(?P<place>[\u4e00-\u9fff]{2,3}?)(?:[\u4e00-\u9fff]{1,4}族)+自治(?P<level>州|县)$")


def _short_form(name: str) -> str | None:
    """The short form government texts use for an autonomous prefecture or county: the place and its level
    without the peoples' names ("甘南藏族自治州" -> 甘南州, "湘西土家族苗族自治州" -> 湘西州, "长阳土家族自治县" ->
    长阳县); None for other names."""
    match = _AUTONOMOUS.match(name)
    return match.group("place") + match.group("level") if match else None


@dataclass(frozen=True)
class RegionMatch:
    """An official region name found in a text: `text[start:end] == name`."""

    start: int
    end: int
    name: str


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    # Aho-Corasick (pyahocorasick, also cpca's matcher): one pass over the text for all 3,300 names; a regex
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
    with _adcodes_path().open(encoding="utf-8") as handle:
        rows = [(row["adcode"], row["name"]) for row in csv.DictReader(handle) if row.get("adcode") and row.get("name")]
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
    return _parents().get(name, frozenset())


def is_region(name: str) -> bool:
    """True when `name` is an official region name ("青岛市"), False for words such as "全省" or "确定市"."""
    return name in region_names()
