"""Sentences, clauses and labels: where a quantity's sentence and clause start and end, and the words naming it.

Input: the normalised text, spans of it and `Quantity` records. Output: sentence spans, clause starts and ends
(offsets), quoted spans, and labels (the cleaned words before or after a quantity: "城镇新增就业").
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from transforms.extract import vocabulary as V
from transforms.extract.layout import ITEM_MARK
from transforms.numbers import MULTIPLIER_PATTERN, UNIT_PATTERN

if TYPE_CHECKING:
    from transforms.extract.quantities import Quantity

CLAUSE_BREAK_CHARS = ",;:。、!?\n()\t“”\"%"
CLAUSE_BREAK = re.compile(f"[{re.escape(CLAUSE_BREAK_CHARS)}]")  # % ends a clause where punctuation was lost ("75%124个")


def positions_of(chars: str, text: str) -> list[int]:
    """The positions in `text` of any of `chars`, ascending: what `re.finditer("[chars]", text)` finds, by `str.find`
    per character (memchr speed: the engine scans a class of Chinese characters at ~8 ns a character and builds a
    match object per hit, ~1.5 times as slow on a bulletin)."""
    found: list[int] = []
    for char in chars:
        at = text.find(char)
        while at >= 0:
            found.append(at)
            at = text.find(char, at + 1)
    found.sort()
    return found


def clause_breaks(text: str) -> list[int]:
    """The positions of the `CLAUSE_BREAK` characters of `text`, ascending (`positions_of`)."""
    return positions_of(CLAUSE_BREAK_CHARS, text)
SENTENCE_BREAK = re.compile(r"[。;!?\n\t]")
LEADING_NOISE = re.compile(
    rf"^(?:(?!(?:{V.NOUNS_OPENING_WITH_NOISE.pattern()})(?!域))(?:{V.LEADING_NOISE.pattern()})|\s)+")
"""The leading noise words, except where they open a noun (建成区, but not 建成 + 区域性养老服务中心)."""
TRAILING_NOISE = re.compile(rf"(?:{V.TRAILING_NOISE.pattern().replace('约', '(?<![签制节预契合公条])约')}"
                            rf"|(?<![于居比较过])(?:{V.SCOPES_BEFORE_AMOUNT.pattern()})|\s)+$")
"""Words that end a clause before its amount but do not name it; 约 ends words of its own (签约, 预约) too; a scope
after a comparison (高于全省) is what the amount is compared with."""
_NOISE_LAST = frozenset(word[-1] for word in V.TRAILING_NOISE.words + V.SCOPES_BEFORE_AMOUNT.words)
"""Last characters of the words of `TRAILING_NOISE` (besides whitespace)."""
_NOISE_FIRST = frozenset(word[0] for word in V.LEADING_NOISE.words)
"""First characters of the words of `LEADING_NOISE` (besides whitespace)."""


def strip_leading_noise(words: str) -> str:
    """`LEADING_NOISE.sub("", words)`, skipped when the first character starts no noise word (speed only)."""
    if words and (words[0] in _NOISE_FIRST or words[0].isspace()):
        return LEADING_NOISE.sub("", words)
    return words


def strip_trailing_noise(words: str) -> str:
    """`TRAILING_NOISE.sub("", words)`. Speed: the pattern tries every position of the words (~4 µs for a
    40-character label), but it can only match when the last character ends a noise word or is whitespace."""
    if words and (words[-1] in _NOISE_LAST or words[-1].isspace()):
        return TRAILING_NOISE.sub("", words)
    return words

_ASPECT_LEAD = re.compile(rf"^.{{0,30}}?{V.ASPECT_WORD}[,:]?")
_ASPECT_WORD = V.ASPECT_WORD
_QUOTE = re.compile(r"“[^”\n]{1,80}”")
_NAMED_WITH_VERB = re.compile(rf"(?:{V.AMOUNTS_NAMED_WITH_VERB.pattern()})\s*$")
_VERB_NAMED_NOUNS = frozenset(word[2:] for word in V.AMOUNTS_NAMED_WITH_VERB.words)
"""The nouns of `AMOUNTS_NAMED_WITH_VERB` (投资, 投入, 资金): a label left as one of them may have lost its verb."""

def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for m in SENTENCE_BREAK.finditer(text, start, end):
        if m.start() > cursor:
            spans.append((cursor, m.start()))
        cursor = m.end()
    if cursor < end:
        spans.append((cursor, end))
    return spans


def clause_start(breaks: list[int], sentence_start: int, pos: int) -> int:
    """Start of the clause holding `pos`: just after the last clause break in [sentence_start, pos), else the
    sentence start. `breaks`: `TextIndex.breaks` (clause breaks are single characters)."""
    k = bisect.bisect_left(breaks, pos) - 1
    return breaks[k] + 1 if k >= 0 and breaks[k] >= sentence_start else sentence_start


_LEADING_MARK = re.compile(rf"^(?:{ITEM_MARK})\s*")
"""An item's mark that opens a label's words when the item line itself holds the figure ("1.改造老旧小区120个")."""


BULLETS = "☑☐■□●○◆◇★☆▲△►▶▪•√✓✔※"
"""Marks that open a project's line in a bulleted list ("☑新增便民停车泊位50个")."""
_LABEL_BULLETS = BULLETS + "→-—·"
"""List bullets, check marks and dashes that open a line ("☑建成投用巴士邻居服务点2处"): not part of a label."""
_RAISED_FROM = re.compile(r"由[^由\d,;。]{0,8}\d[\d.,]*\s*[\u4e00-\u9fff/]{0,4}(?:提高|增加|提升|调整|上调|增)(?:到|至|为)$")
_TOTAL_WORDS = ("合计", "共计", "总计")
_COUNT_THEN_TOTAL = re.compile(r"共?\d+(?:\.\d+)?[\u4e00-\u9fff]{1,2}?(?:合计|共计|总计)$")
_LEADING_PERIOD = re.compile(r"^截[至止](?:目前|今年)?(?:\d{1,2}月(?:底|末|\d{1,2}日)?)?")
"""A period phrase glued to the words after it ("截至9月底已建成3个"): when, not what."""


def clean_label(words: str) -> str:
    words = words.strip()
    if words.endswith(_TOTAL_WORDS):
        words = _COUNT_THEN_TOTAL.sub("", words)  # "新建成保障性住房共2处合计": the sites summed over go
    if words[:1].isdigit() or words[:1] in "(一二三四五六七八九十":
        words = _LEADING_MARK.sub("", words)
    elif words.startswith("截"):
        words = _LEADING_PERIOD.sub("", words)
    elif words[:1] in _LABEL_BULLETS:
        words = words.lstrip(_LABEL_BULLETS)
    if words[:1] in _GOVERNMENT_LEVELS:
        words = _ACTING_DEPARTMENT.sub("", words)
    return strip_trailing_noise(strip_leading_noise(words)).strip()


_GOVERNMENT_LEVELS = "市县区州省旗"
_ACTING_DEPARTMENT = re.compile(r"^[市县区州省旗][\u4e00-\u9fff]{1,4}?[局委办](?:牵头|负责)?"
                                r"(?=为|向|对|完成|组织|累计|共|已|新建|开展|实施|发放|投入|帮助|指导)")
"""A department that opens a clause as the one who acts ("市民政局为1200名困难群众发放…", "区教育局完成12所学校
食堂改造"): who did the work, not what is counted; the label is the rest of the clause."""


_HAN_AFTER = re.compile(r"[\u4e00-\u9fff]{2}")


_AMOUNT_IN_WORDS = re.compile(r"\d")
_LISTED_NAME_MAX = 12
"""The longest name (characters) of a list after a unit that names its amount together (全国、省、市最美工会驿站):
longer words after a 、 are a clause of their own."""
_QUOTED_WORD_MAX = 12
"""The longest quoted word (characters) after a unit that goes on with the words after it (“两癌”)."""
_QUOTED_PHRASE_MAX = 20
"""The longest words after a unit (characters) that a quoted word inside them keeps together ("名适龄妇女开展“两癌”筛查")."""


def label_of(text: str, clause_start: int, q: Quantity, next_start: int) -> str:
    """The words naming a quantity: the words of its clause before it, without verbs, qualifiers and "…方面".

    A label needs two characters: one character left by the cleaning ("完成率40%" -> 率, "涉及16家" -> 涉) names
    nothing. Then the words after it in its clause ("涉及16家牵头责任单位"), then, for a quantity in brackets or
    after a colon, the words before the mark ("低保对象6万户(8.9万人)" -> 低保对象, "租赁住房(828套)", "正在施工中
    (93%)", "综合楼土建部分:95%"); else the longest of these, uncleaned if need be ("完成率")."""
    before = text[clause_start:q.start]
    if q.qualifier and before.endswith(q.qualifier):
        before = before[: -len(q.qualifier)]
    if "由" in before:
        before = _RAISED_FROM.sub("", before)  # "低保标准由每人每月700元提高到750元": the level before goes
    before = _ASPECT_LEAD.sub("", before) if _ASPECT_WORD in before else before
    label = clean_label(before)
    if label and clause_start > 0 and text[clause_start - 1] == "”":  # 建设“互联网+义务植树”基地4处
        quoted = _quoted_name(text, clause_start - 1)
        if quoted:
            return quoted + label
    if len(label) >= 2 and clause_start > 1 and text[clause_start - 1] == ")":
        qualified = _name_with_bracket(text, clause_start - 1)  # 新建(改扩建)学校15所: the bracket is in the name
        if qualified:
            # "各县(市、区)完成投资128.1亿元": the words after the bracket go on with the name; a verb that opens
            # them is no clause's opening noise (各县(市、区)完成投资, not …投资)
            return qualified + (strip_trailing_noise(before).strip() or label)
    if len(label) >= 2 and label.endswith("的") and _HAN_AFTER.match(text, q.end):
        # "新建的18个家门口就业服务站已全部投用": the words before only qualify the thing named after the unit
        brk = CLAUSE_BREAK.search(text, q.end, next_start)
        after = clean_label(text[q.end:brk.start() if brk else next_start])
        if len(after) >= 2:
            return after
    if len(label) >= 2:
        named = _NAMED_WITH_VERB.search(before) if label in _VERB_NAMED_NOUNS else None
        return named.group() if named else label
    if label and clause_start > 1 and text[clause_start - 1] == ")":  # 区(市)级5198项
        qualified = _name_with_bracket(text, clause_start - 1)
        if qualified:
            return qualified + label
    after_end = next_start
    brk = CLAUSE_BREAK.search(text, q.end, next_start)
    if brk and brk.group() == "“" and brk.start() > q.end:
        # "为8600名适龄妇女开展“两癌”筛查": a short quoted word goes on with the words after the unit (one, and a
        # short phrase: a quoted campaign name and what follows it are a clause of their own)
        closing = text.find("”", brk.end(), min(next_start, brk.end() + _QUOTED_WORD_MAX))
        quoted_end = CLAUSE_BREAK.search(text, closing + 1, next_start) if closing >= 0 else None
        if closing >= 0 and not CLAUSE_BREAK.search(text, brk.end(), closing) and (quoted_end is None or (
                quoted_end.group() != "“" and quoted_end.start() - q.end <= _QUOTED_PHRASE_MAX)):
            brk = quoted_end
    while brk and brk.group() == "、" and brk.start() > q.end:
        # "建成11家全国、省、市最美工会驿站": names listed after the unit with no amount of their own name it together
        listed = CLAUSE_BREAK.search(text, brk.end(), next_start)
        end = listed.start() if listed else next_start
        if listed is None and not SENTENCE_BREAK.match(text, next_start) and next_start < len(text):
            break  # the next quantity follows the name: the name is its own
        if end - brk.end() > _LISTED_NAME_MAX or _AMOUNT_IN_WORDS.search(text, brk.end(), end):
            break
        brk = listed
    if brk:
        after_end = brk.start()
    after = clean_label(text[q.end:after_end])
    if len(after) >= 2:
        if clause_start == 0 or text[clause_start - 1] != "、":
            return after  # 132个老旧小区已开工改造: the stage names the figure
        thing = _ASPECT_AFTER.split(after, maxsplit=1)[0]  # 、30处朗读亭设置并投入使用: the list's verb phrase goes
        return thing if len(thing) >= 2 else after
    if not label and clause_start > 0 and text[clause_start - 1] in "(:":
        bracketed = _words_before_bracket(text, clause_start - 1)
        if len(bracketed) >= 2 and not _REPORT_HEADING.fullmatch(bracketed) \
                and not (text[clause_start - 1] == ":" and _AMOUNT_IN_WORDS.search(bracketed)):
            # not "进展情况:已完成180公里"; not a heading that states its commitment ("新建公共停车泊位2万个【红灯】:
            # 已建成8600个": the bare stage takes the heading's thing, without its amount, later)
            return bracketed
    if not label and clause_start > 1 and text[clause_start - 1] == ")":
        qualified = _name_with_bracket(text, clause_start - 1)
        if len(qualified) >= 2:
            return qualified
    # "其中已建成5所": the breakdown's connector names nothing; the stage left is a bare label for the subject
    uncleaned = _LEADING_PERIOD.sub("", before.strip()).removeprefix("其中").lstrip(",:")
    trimmed = strip_trailing_noise(uncleaned)  # "完成率仅19.6%": 完成率, not 完成率仅
    found = max((label, after, trimmed if len(trimmed) >= 2 else uncleaned), key=len)
    if not found and clause_start > 1 and text[clause_start - 1] == "\n" and "\u4e00" <= text[clause_start - 2] <= "\u9fff":
        return _wrapped_words(text, clause_start - 1)  # "供水工程开工\n790 处,": a PDF copy broke the line
    return found


_REPORT_HEADING = re.compile(rf"(?:{V.PROGRESS_MARKERS.pattern()}|目标|工作)?(?:情况|进展|进度|任务)")
"""Words before a colon that head a part of a report ("进展情况", "完成情况", "目标任务"), not the thing counted."""
def _wrapped_words(text: str, line_break: int) -> str:
    """The words of the clause a line break cut before its amount: the previous line's last clause, cleaned
    ("全省集中供水工程开工" of "…全省集中供水工程开工\n790 处"); only asked for an amount that has no words of its
    own on its line."""
    start = line_break
    while start > 0 and not CLAUSE_BREAK.match(text, start - 1) and text[start - 1] != "\n":
        start -= 1
    return clean_label(text[start:line_break])


_ASPECT_AFTER = re.compile(r"已|并|均|正在")
"""Aspect words after the last thing of a list named behind its count: the verb phrase the list shares ends the
thing's name ("书亭64处、10处书屋、30处朗读亭设置并投入使用")."""


def _quoted_name(text: str, close: int) -> str:
    """The quoted name that ends at the ” at `close`, with the words of its clause before it ("建设“互联网+全民义务植树”"
    -> 建设“互联网+全民义务植树”); "" when the quote opens on another line, runs over 40 characters or holds a
    digit."""
    open_at = text.rfind("“", max(0, close - 40), close)
    if open_at < 0 or "\n" in text[open_at:close] or any(c.isdigit() for c in text[open_at:close]):
        return ""  # a quote with an amount states a project's plan ("“新建城市书房20处”项目"): `labels` names it
    start = open_at
    while start > 0 and not CLAUSE_BREAK.match(text, start - 1):
        start -= 1
    return clean_label(text[start:open_at]) + text[open_at:close + 1]


def _name_with_bracket(text: str, close: int) -> str:
    """A name that ends in a bracketed qualifier right before the quantity ("新增技能人才(取证)108.9万人" ->
    新增技能人才(取证)): the cleaned words before the "(" and the bracket itself; "" when the bracket holds a
    number (then it restates another quantity) or is not closed on this line."""
    open_at = text.rfind("(", 0, close)
    if open_at <= 0 or "\n" in text[open_at:close] or any(c.isdigit() for c in text[open_at:close]):
        return ""
    start = open_at
    while start > 0 and not CLAUSE_BREAK.match(text, start - 1):
        start -= 1
    words = clean_label(text[start:open_at])
    return f"{words}{text[open_at:close + 1]}" if words else ""


_AMOUNT_THEN_WORDS = re.compile(rf"\d[\d.,]*\s*(?:{MULTIPLIER_PATTERN})?(?:{UNIT_PATTERN})(?P<thing>[\u4e00-\u9fff]{{2,12}})$")
"""An amount and the words after it that end at a bracket: the thing the amount counts ("209个家庭医生团队")."""


def _words_before_bracket(text: str, bracket: int) -> str:
    """The cleaned words of the clause that ends at the "(" or ":" at `bracket`: the thing an amount right before
    the bracket counts ("开展了209个家庭医生团队(共840人)" -> 家庭医生团队), else the words up to its first digit when
    that leaves a label ("保障城乡低保对象6万户" -> 保障城乡低保对象: the bracket restates the same thing in another
    unit)."""
    start = bracket
    while start > 0 and not CLAUSE_BREAK.match(text, start - 1):
        start -= 1
    words = text[start:bracket]
    digit = re.search(r"\d", words)
    if digit is not None:
        counted = _AMOUNT_THEN_WORDS.search(words)
        if counted is not None:  # "开展了209个家庭医生团队(共840人)": the bracket counts the thing named after 209个
            return counted.group("thing")
        head = clean_label(words[:digit.start()])
        if len(head) >= 2:
            return head
    return clean_label(words)


def quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    if text.find("“", start, end) < 0:
        return spans
    for m in _QUOTE.finditer(text[start:end]):
        spans.append((start + m.start(), start + m.end()))
    return spans


def clause_end(text: str, pos: int) -> int:
    m = CLAUSE_BREAK.search(text, pos)
    return m.start() if m else len(text)

