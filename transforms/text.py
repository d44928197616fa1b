"""Bulletin text: main text out of HTML, and the normalisation every extraction starts from.

Pure functions: str in, str out. The normalised text is what the warehouse stores and what evidence offsets
index into.
"""

from __future__ import annotations

import pathlib
import re
import unicodedata

import opencc
from selectolax.lexbor import LexborHTMLParser

from transforms.flat_tables import cell_lines, pipe_rows, space_rows

FURNITURE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
                  "button", "select", "template")
"""Elements that never carry bulletin text (site navigation, widgets, scripts)."""

FURNITURE_MARKERS = re.compile(r"(^|[-_ ])(nav|navbar|menu|breadcrumbs?|crumbs?|position|location|\w*share\w*|"
                               r"bds_\w+|print|foot|footer|header|sidebar|toolbar|copyright|related|comment|login|"
                               r"search)([-_ ]|$)", re.I)
"""class/id words of site furniture on government and news pages: navigation and 当前位置 breadcrumbs
(position, location), share widgets (分享到; Baidu's bdsharebuttonbox/bds_*), 打印本页/关闭窗口 (print) and
footers (foot: 网站地图, 主办单位, ICP备案), as the common government CMS templates name them."""

BLOCK_TAGS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
                        "section", "article", "blockquote", "pre", "dd", "dt", "dl", "center", "title", "caption"})
CELL_TAGS = frozenset({"td", "th"})


def looks_like_html(raw: str) -> bool:
    """True when the text is an HTML page or fragment rather than plain text."""
    return bool(re.search(r"<(html|body|p|div|table|br|h[1-6]|span)\b", raw[:5000], re.I))


MAX_HTML_DEPTH = 256
"""Deepest element nesting read from a page. Government CMS pages nest 20-40 elements deep; a page nested deeper is
refused with TextError rather than walked (1,000 nested elements raised RecursionError, issue 14)."""


class TextError(ValueError):
    """A page whose text cannot be read safely (nested deeper than MAX_HTML_DEPTH); the message says why."""


_ROW_OR_CELL = re.compile(r"<t([rdh])(?=[\s>/])", re.I)
"""A row or cell tag. A line break before each row and a tab before each cell keep the cells of a `<tr>` written
outside any `<table>` apart: the HTML parser drops such tags and would glue "72" and "36.29%" into 7236.29%, a
number written nowhere (issue 14). Inside a table the inserted whitespace is ignored (cells are read as nodes)."""


def html_to_text(html: str) -> str:
    """Main text of an HTML page: furniture removed, one line per block, table cells joined by tabs.

    Tables stay tables: each `<tr>` becomes one line whose cells are separated by "\\t", so extraction can read
    columns. Returns "" for a page without body text. Raises TextError for a page whose elements nest deeper than
    MAX_HTML_DEPTH (the walk is iterative, so nothing deeper can exhaust the stack either).
    """
    if "<t" in html or "<T" in html:
        html = _ROW_OR_CELL.sub(lambda m: ("\n" if m.group(1).lower() == "r" else "\t") + m.group(), html)
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None:
        return ""
    for node in root.css(",".join(FURNITURE_TAGS)):
        node.decompose()
    for node in root.css("[class],[id]"):
        marker = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if FURNITURE_MARKERS.search(marker) and node.tag not in ("body", "html"):
            node.decompose()
    parts: list[str] = []
    _walk(root, parts)
    text = "".join(parts)
    lines = [re.sub(r"[ \u3000\xa0]+", " ", line).strip(" ") for line in text.split("\n")]
    # Table lines keep their leading/trailing empty cells: they hold the grid's column positions.
    lines = [line if "\t" in line and line.strip("\t ") else line.strip("\t").strip() for line in lines]
    return "\n".join(line for line in lines if line.strip())


def _children(node, depth: int) -> list:
    """`node`'s children as (child, depth) pairs in reverse document order (for a stack)."""
    kids = []
    child = node.child
    while child is not None:
        kids.append((child, depth))
        child = child.next
    kids.reverse()
    return kids


def _walk(node, parts: list[str], depth: int = 0) -> None:
    # Iterative: a stack of (node, depth) to visit and strings to emit after a block's children.
    stack: list = _children(node, depth + 1)
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        child, level = item
        if level > MAX_HTML_DEPTH:
            raise TextError(f"HTML nested more than {MAX_HTML_DEPTH} elements deep; refused (a bulletin page nests "
                            "a few dozen)")
        if child.tag == "-text":
            parts.append(child.text_content or "")
        elif child.tag == "table":
            parts.append("\n")
            parts.extend(_table_lines(child, level))
            parts.append("\n")
        elif child.tag in CELL_TAGS:
            parts.append("\t")
            stack.extend(_children(child, level + 1))
        else:
            if child.tag in BLOCK_TAGS:
                parts.append("\n")
                stack.append("\n")
            stack.extend(_children(child, level + 1))


def _span(node, name: str) -> int:
    try:
        return max(1, min(int(node.attributes.get(name) or 1), 50))
    except ValueError:
        return 1


def _cell_text(node, depth: int) -> str:
    """A cell's text on one line. Lines of a cell that each state an amount ("开工20个<br>完工12个") are joined by
    "," as the clauses they are; other line breaks become a space."""
    parts: list[str] = []
    _walk(node, parts, depth)
    lines = [re.sub(r"[\s\u3000\xa0]+", " ", line).strip() for line in "".join(parts).split("\n")]
    text = ""
    for line in filter(None, lines):
        if text and re.search(r"\d", text) and re.search(r"\d", line) and not re.search(r"[,,;;。、]$", text):
            text += "," + line
        else:
            text += (" " if text else "") + line
    return text


def _table_lines(table, depth: int = 0) -> list[str]:
    """A `<table>` as lines of tab-separated cells on one grid: colspan/rowspan expanded.

    A spanned cell's text is repeated in every grid position it covers when it holds no digit but in dates (headers
    such as "目标任务" or "1-6月完成(所)", row headings such as "全省", merged category cells) or is a row number of 1-3 digits under a
    序号/编号 header, so each column can be read on its own; any other spanned cell with digits ("14" merged over
    two rows of a 完成 column) is written once and its other positions stay empty, so no number is doubled.
    Nested tables are read as text inside their cell.
    """
    grid: list[list[str | None]] = []
    carried: dict[tuple[int, int], str] = {}
    rows = [tr for tr in table.css("tr") if _nearest_table(tr) == table]
    for r, tr in enumerate(rows):
        row: list[str] = []
        col = 0
        cells = [c for c in tr.iter() if c.tag in CELL_TAGS]
        for cell in cells:
            while (r, col) in carried:
                row.append(carried.pop((r, col)))
                col += 1
            text = _cell_text(cell, depth + 2)
            repeat = not re.search(r"\d", _DATES_IN_HEADER.sub("", text)) or bool(re.fullmatch(r"\d{1,3}", text)) \
                and _numbers_rows(grid, col)
            colspan, rowspan = _span(cell, "colspan"), _span(cell, "rowspan")
            for dc in range(colspan):
                row.append(text if dc == 0 or repeat else "")
                for dr in range(1, rowspan):
                    carried[(r + dr, col + dc)] = text if repeat else ""
            col += colspan
        while (r, col) in carried:
            row.append(carried.pop((r, col)))
            col += 1
        grid.append(row)
    return ["\t".join(cell.replace("\t", " ") for cell in row) + "\n" for row in grid if any(row)]


_DATES_IN_HEADER = re.compile(r"\d{4}\s*年|\d{1,2}\s*[-—~至]\s*\d{1,2}\s*月|\d{1,2}\s*月(?:份|底|末)?|\(\D*\)")
"""The dates and bracketed units a header cell may hold ("2024年目标", "1-6月完成(所)"): digits that are no amount."""
_NUMBER_HEADER = re.compile(r"序号|编号|^No\.?$", re.IGNORECASE)


def _numbers_rows(grid: list[list[str | None]], col: int) -> bool:
    """True when grid column `col` numbers the rows (its header, in an earlier row, says 序号 or 编号): a merged
    number there is every covered row's number. Elsewhere a merged number is an amount, written once."""
    return any(col < len(row) and _NUMBER_HEADER.search(row[col] or "") for row in grid[:3])


def _nearest_table(node):
    parent = node.parent
    while parent is not None and parent.tag != "table":
        parent = parent.parent
    return parent


def _traditional_only_characters() -> frozenset[str]:
    # OpenCC's own character table: every traditional character whose simplified form differs. Read from the
    # installed package so the set follows the library's maintained data.
    table = pathlib.Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    chars = set()
    for line in table.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if len(key) == 1 and values and values.split()[0] != key:
            chars.add(key)
    return frozenset(chars)


TRADITIONAL_CHARS = _traditional_only_characters()
"""Characters that OpenCC t2s changes (億, 萬, 個, 計, …): their presence is what triggers conversion."""


def _gb2312_traditional() -> re.Pattern:
    chars = []
    for char in sorted(TRADITIONAL_CHARS):
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            continue
        chars.append(re.escape(char))
    return re.compile("[" + "".join(chars) + "]" if chars else r"(?!)")


_GB2312_TRADITIONAL = _gb2312_traditional()
"""The few characters of `TRADITIONAL_CHARS` that GB2312 (the simplified character set) also holds (於, 後, 乾 …).

Speed (benchmark target 1,000 bulletins/s): a text that encodes as GB2312 (done in C, ~20 µs for a seed-sized
bulletin) can hold no other traditional-only character, so only these need a look; a set test over every
character costs ~250 µs."""

_T2S = opencc.OpenCC("t2s")


def has_traditional(text: str) -> bool:
    """True when `text` holds a character that OpenCC t2s changes (one of `TRADITIONAL_CHARS`)."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return not TRADITIONAL_CHARS.isdisjoint(text)
    return _GB2312_TRADITIONAL.search(text) is not None


def to_simplified(text: str) -> str:
    """Traditional characters to simplified (OpenCC t2s, phrase-aware), line by line.

    Only lines holding a traditional-only character are converted: OpenCC's pure-Python converter costs about
    1 ms per kB, and most bulletins are simplified (the benchmark target is 1,000 bulletins/s). Mixed lines
    (simplified residue inside a traditional copy, corpus quirk of 045/046/047) convert correctly because t2s
    leaves simplified characters unchanged.
    """
    if not has_traditional(text):
        return text
    return "\n".join(line if TRADITIONAL_CHARS.isdisjoint(line) else _T2S.convert(line) for line in text.split("\n"))


PINYIN_GLOSS = re.compile(r"\((?<=[\u4e00-\u9fff]\()[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ]{1,7}\)")
"""A pronunciation inserted after a character by mirror sites: "實(shí)事項(xiàng)目", "710項(xiàng)" (corpus quirk of
002, 029, 046, 048). Lower-case letters with tone marks in brackets right after a Han character are never part
of a bulletin's content, and a gloss inside a unit would hide the unit ("個(gè)百分點")."""


INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0/C1 controls but tab, line feed, CR
                       "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"  # soft hyphen, fillers, selectors
                       "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb"
                       "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")
"""Characters that are not seen but split what is seen: control characters, Unicode format characters (category
Cf: soft hyphen U+00AD, zero-width space/joiners U+200B-U+200D, LRM/RLM and bidi overrides, word joiner U+2060,
invisible times/separator/plus U+2062-U+2064, BOM), Hangul fillers and variation selectors (default-ignorable
code points, Unicode §5.21). Inside a number they cut it ("4\u20601.58万人" read as 1.58, issue 14); in a label they
hide it from searches; ESC/BEL reach terminals. Removed before anything reads the text."""
_KANA_NO = re.compile(r"(?<=[的之])の")
"""The Japanese "の" that garbled copies put after 的 ("占年度计划的の104.6%", corpus quirk of machine-translated
mirrors): it stands for nothing a Chinese reader reads, and it hides the plan word from the percent rules."""
_KANA_NO_BETWEEN = re.compile(r"(?<=[\u4e00-\u9fff)])の(?=[\u4e00-\u9fff\d])")
"""A "の" that such copies put for 的 between two characters ("新建の幼儿园"), or after a bracket before a number
("年度目标(3000张)の80%"): read as the 的 it stands for."""
_KANA_NO_LISTED = re.compile(r"(?<=[、,])の(?=\d)")
"""A "の" such copies put before a listed number ("103.3%、の104%"): it stands for nothing."""
_SPACED_OUT = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff] [\u4e00-\u9fff] [\u4e00-\u9fff]")
"""Four characters in a row each followed by a space: a line a PDF copy spaced out character by character
("全 市 新 增 城 镇 就 业 3.2 万 人")."""
_SPACE_BY_CHARACTER = re.compile(r" (?=[\u4e00-\u9fff,。;:、!?()%])|(?<=[\u4e00-\u9fff,。;:、!?()]) ")
SPACED_OUT_SHARE = 0.6
"""The share of a line's characters followed by a space above which the line is spaced out, not words apart."""


def _unspaced(line: str) -> str:
    """A spaced-out line without the spaces next to a character or a Chinese mark ("3.2 万 人" -> 3.2万人); a space
    between two digits stays (joining "9 1.4" would make a number the text does not write). Other lines as they
    are (a table flattened with single spaces keeps its cells apart)."""
    han = sum(1 for c in line if "\u4e00" <= c <= "\u9fff")
    spaced = len(re.findall(r"[\u4e00-\u9fff] ", line))
    return _SPACE_BY_CHARACTER.sub("", line) if han >= 4 and spaced >= SPACED_OUT_SHARE * han else line


_SPACE_RUN = re.compile(r"[ \u3000\xa0]+")
_SPACE_AROUND_TAB = re.compile(r" ?\t ?")  # after _SPACE_RUN a run is one space
_SPACE_AROUND_BREAK = re.compile(r" ?\n ?")


_CIRCLED = re.compile("[\u2460-\u2473\u2776-\u277f\u2780-\u2789\u278a-\u2793]")
_CIRCLED_AS_BRACKETED = {
    **{0x2460 + k: f"({k + 1})" for k in range(20)},  # ① … ⑳
    **{base + k: f"({k + 1})" for base in (0x2776, 0x2780, 0x278A) for k in range(10)},  # ❶ ➀ ➊ … (dingbats)
}
"""Circled item numbers ("①新增养老床位300张") written as bracketed ones ("(1)"): NFKC would turn ① into a bare
"1" glued to the item's words, read as part of its label or as a number."""


_CUT_NUMBER = re.compile(r"(?<=\d)(\.?)\n(?=\.?\d)")
"""A line break between two digits (or a digit and a decimal point): a number a PDF copy cut at its page width."""


_CUT_POINTS = re.compile(r"个[ \n]*百[ \n]*分[ \n]*点")
_SPACE_IN_RATE = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff]{0,3}率(?:为|达到?|是)? ?\d)")
"""A space a PDF copy left inside a rate word just before its value ("开工 率为 87%", "投资完 成率为 21%", "招 标完成率
为 93%"): the word is one, and the rate rules read it only whole. Only before the rate's number: a header row of a
table flattened with single spaces ("项目 年度目标 完成率") keeps its cells apart."""


def _joined_number(match: re.Match) -> str:
    """The line break of a number cut by a PDF line ("完成投资2.1⏎8亿元" -> 2.18亿元, "目标任务的9⏎7.7%" -> 97.7%), taken
    out when the line before is prose (words before its last number, no table cells) and the line after holds no
    table cells; else kept, so that table lines of one number each are never glued into one number."""
    text, at = match.string, match.start()
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", match.end())
    before, after = text[line_start:at], text[match.end():line_end if line_end >= 0 else len(text)]
    prose = _HAN_CHAR.search(before) is not None and not before[-1:].isspace() and "\t" not in before + after \
        and "|" not in before + after and not _LONE_NUMBER.fullmatch(before) \
        and not _ROW_NUMBER.match(after) and before.count(" ") < 3
    return match.group(1) if prose else match.group()


_ROW_NUMBER = re.compile(r"\d{1,3}(?:\s|[、.](?=\s?[\u4e00-\u9fff]))")
"""A line that opens with a row's or an item's number ("2 新增停车泊位", "2、", "3.新建"), not a number's tail."""


_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")
_LONE_NUMBER = re.compile(r"[\d.,%\s]*")


def normalise(text: str) -> str:
    """The canonical bulletin text: circled item numbers as bracketed ones (① -> "(1)"), NFKC (full-width digits and
    punctuation to ASCII), traditional characters to
    simplified (OpenCC), pinyin glosses and a garbled "の" after 的 removed (one for 的 between characters read as
    的), unified line breaks, no invisible
    characters (INVISIBLE: control and format characters such as soft hyphens, zero-width spaces, word joiners),
    spaces collapsed within lines, blank lines dropped.

    Whole-text substitutions rather than per-line ones (speed; same result: none of the patterns crosses a
    line break)."""
    if _CIRCLED.search(text):
        text = text.translate(_CIRCLED_AS_BRACKETED)
    text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text)
    if "(" in text:
        text = PINYIN_GLOSS.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Each substitution only when its trigger is present: `in` runs at memchr speed, a regex scan does not.
    if INVISIBLE.search(text):
        text = INVISIBLE.sub("", text)
    if "の" in text:
        text = _KANA_NO_BETWEEN.sub("的", _KANA_NO_LISTED.sub("", _KANA_NO.sub("", text)))
    if "页" in text or " - " in text or "- " in text:
        text = _PAGE_MARK.sub("", text)
    if any(word in text for word in _SPAM_WORDS):
        text = _SPAM_CLAUSE.sub("", _SPAM_BRACKETED.sub("", text))
    if "  " in text or "\u3000" in text or "\xa0" in text:
        text = _SPACE_RUN.sub(" ", text)
    if " \t" in text or "\t " in text:
        text = _SPACE_AROUND_TAB.sub("\t", text)
    if " \n" in text or "\n " in text:
        text = _SPACE_AROUND_BREAK.sub("\n", text)
    text = text.strip(" ")
    if " " in text and _SPACED_OUT.search(text):
        text = "\n".join(_unspaced(ln) for ln in text.split("\n"))
    text = "\n".join(ln for ln in text.split("\n") if ln.strip())
    if "\n" in text and _CUT_NUMBER.search(text):
        text = _CUT_NUMBER.sub(_joined_number, text)
    if "百分" in text:
        text = _CUT_POINTS.sub("个百分点", text)  # "提高 0.4 个 百分点", "个⏎百分点", "个百分⏎点": one unit a PDF copy cut
    if "率" in text and " " in text:
        text = _SPACE_IN_RATE.sub("", text)
    if "|" in text:
        text = pipe_rows(text)
    if "\n" in text:
        text = cell_lines(text)
    if " " in text:
        text = space_rows(text)
    return _split_inline_items(text) if "、" in text or "." in text or "(" in text else text


_ITEM_MARK = re.compile(r"(?:(?<=\n)|^|(?<=[。;.!?:%)\u4e00-\u9fff]) ?)(?P<mark>(?P<no>\d{1,2})[、.])(?= ?[\u4e00-\u9fff])")
"""A numbered entry's mark ("1、", "2.") at a line start or after a sentence end or a word, before a word."""
_BRACKET_ITEM_MARK = re.compile(r"(?:(?<=\n)|^|(?<!其中:)(?<=[。;!?:]) ?)(?P<mark>\((?P<no>\d{1,2})\))(?= ?[\u4e00-\u9fff])")
"""A bracketed sub-entry's mark ("(1)", "(2)") at a line start or after a sentence end or a colon, before a word
("三、关于医疗卫生服务能力。(1)截至6月底,已完成…;(2)…"). Not after 其中: ("其中:(1)县道42公里;(2)乡道51公里"
numbers the parts of a breakdown, which stay in their sentence)."""


_PAGE_MARK = re.compile(r"第\s*\d{1,3}\s*页(?:\s*[,/]?\s*共\s*\d{1,3}\s*页)?|(?:(?<=[\u4e00-\u9fff,。;:、\n])|^)-\s\d{1,3}\s-", re.M)
"""A page's number a PDF copy left inside the text ("第3页", "第3页 共8页", "- 3 -"): it is no part of a sentence, and it
cut the figure it stood in ("占年计划的- 3 -106.8%", "综合体- 3 -37个")."""
_SPAM_WORDS = ("彩票", "博彩", "首存", "彩金", "葡京", "娱乐城", "棋牌", "加微信", "加V", "代开发票", "赌场")
"""Words of spam a hacked or scraped page injects into a bulletin ("《彩票平台日赚500元》", "加微信…领888元红包"):
never words of a government's programme."""
_SPAM_ALTERNATION = "|".join(_SPAM_WORDS)
_SPAM_BRACKETED = re.compile(rf"[《【\[(]([^《》【】\[\]()\n]{{0,40}}?(?:{_SPAM_ALTERNATION})[^《》【】\[\]()\n]{{0,40}}?)[》】\])]")
_SPAM_CLAUSE = re.compile(rf"(?<=[;,。])[^;,。\n]{{0,40}}?(?:{_SPAM_ALTERNATION})[^;,。\n]{{0,40}}?[;,](?=[^\n])")
"""Spam in brackets, or a clause of spam between clause marks, is left out of the text (its amounts are no figures:
"新增养老床位2400张《彩票平台日赚500元》,完成全年任务的80%" read 500元 with the 80%)."""


def _split_inline_items(text: str) -> str:
    """Numbered entries flattened into one line (PDF and mirror copies: "…完成88%。 2、 全省农村乡镇卫生服务体系…",
    "…情况 1.招投情况.全省有…", "…能力。(1)截至6月底…;(2)…") start their own line again, so the structure step
    sees the items.

    Only marks that continue a numbered sequence of their own kind are split: each must be the previous mark's
    number plus one (the first a 1, or the entry after one at a line start), so decimals (1.5万), ordinals (第1、2项)
    and lists of numbers (10.4、8.6) are never cut. Marks already at a line start are left as they are."""
    text = _split_marks(text, _ITEM_MARK)
    return _split_marks(text, _BRACKET_ITEM_MARK) if "(" in text else text


_MARK_BEFORE = frozenset("。;.!?:%)")
_BRACKET_MARK_BEFORE = frozenset("。;!?:")
_DIGIT_MARK = re.compile(r"(?P<mark>(?P<no>\d{1,2})[、.])(?= ?[\u4e00-\u9fff])")
_DIGIT_BRACKET_MARK = re.compile(r"(?P<mark>\((?P<no>\d{1,2})\))(?= ?[\u4e00-\u9fff])")


def _marks(text: str, pattern: re.Pattern) -> list[re.Match]:
    """The matches of `_ITEM_MARK` (or `_BRACKET_ITEM_MARK`) in `text`, found from their digits (speed only: a
    pattern that opens with lookbehinds is tried at every character; the same marks): at the text's start, after a
    line break, or after a mark of `_MARK_BEFORE` (a Chinese character too; `_BRACKET_MARK_BEFORE`, not after 其中:)
    and one optional space."""
    bracket = pattern is _BRACKET_ITEM_MARK
    found = []
    for m in (_DIGIT_BRACKET_MARK if bracket else _DIGIT_MARK).finditer(text):
        p = m.start("mark")
        if p == 0 or text[p - 1] == "\n":
            found.append(m)
            continue
        q = p - 1 if text[p - 1] == " " else p
        if q == 0:
            continue
        before = text[q - 1]
        if bracket:
            if before in _BRACKET_MARK_BEFORE and not text.endswith("其中:", 0, q):
                found.append(m)
        elif before in _MARK_BEFORE or "\u4e00" <= before <= "\u9fff":
            found.append(m)
    return found


def _split_marks(text: str, pattern: re.Pattern) -> str:
    marks = _marks(text, pattern)
    if len(marks) < 2:
        return text
    keep: list[re.Match] = []
    run: list[re.Match] = []
    for mark in marks:
        number = int(mark.group("no"))
        if run and number == int(run[-1].group("no")) + 1:
            run.append(mark)
            continue
        if len(run) >= 2:
            keep.extend(run)
        run = [mark] if number == 1 else []
    if len(run) >= 2:
        keep.extend(run)
    inline = [m for m in keep if m.start("mark") > 0 and text[m.start("mark") - 1] != "\n"
              and not _in_commitment_list(text, m.start("mark"))]
    if not inline:
        return text
    out, cursor = [], 0
    for mark in inline:
        out.append(text[cursor:mark.start("mark")].rstrip(" "))
        out.append("\n")
        cursor = mark.start("mark")
    out.append(text[cursor:])
    return "".join(out)


_COMMITMENT_LIST_LEAD = re.compile(
    r"(?:(?:实事|事项|任务)[^,;:。\n]{0,6}?(?:分别是|分别为|包括|具体是|具体为|主要是)|(?:承诺|确定了?|确定的)[^,;:。\n]{0,12}?(?:实事|事项|项目)):"
    r"[^。!?\n]*$")
"""The lead of the programme's list of commitments ("县政府承诺办好10件民生实事:1.新建幼儿园20所;2.…"; the words of
`transforms.extract.vocabulary.PROGRAMME_LIST_LEADS`): its numbered entries are one list, the year's targets, not
items to report on."""


def _in_commitment_list(text: str, at: int) -> bool:
    start = max(text.rfind("\n", 0, at) + 1, at - 300)
    if text.find(":", start, at) < 0:
        return False  # no colon before the mark on its line (memchr speed): no list's lead
    return _COMMITMENT_LIST_LEAD.search(text, start, at) is not None


MAX_TEXT_CHARS = 300_000
"""Most characters of normalised text one bulletin may have; a longer one is refused before extraction
(`oversize`). Real bulletins have a few thousand (../shared/corpus: at most 3,629); a long annual review tens of
thousands. Extraction, check frames and the load grow with the text: the bound keeps one page to seconds and
a few hundred MB however it is crafted (benchmarks/bench_hostile.py; issue 14)."""

MAX_LINE_CHARS = 5_000
"""Most characters of one line (a paragraph or a table row) of normalised text; a bulletin with a longer line
is refused before extraction (`oversize`). The corpus's longest paragraph has 749. Extraction works sentence by
sentence and keeps each figure's sentence, so its time and memory grow with the square of the figures in one
paragraph: a 199 KB single paragraph cost 8.6 GB (issue 14)."""


def oversize(text: str) -> str | None:
    """Why normalised bulletin `text` is refused before extraction (more than MAX_TEXT_CHARS characters, or a
    line of more than MAX_LINE_CHARS), or None when it is within both limits."""
    if len(text) > MAX_TEXT_CHARS:
        return (f"text of {len(text):,} characters is over the limit of {MAX_TEXT_CHARS:,} per bulletin; refused "
                "(a progress bulletin has a few thousand)")
    longest = max(map(len, text.split("\n")), default=0)
    if longest > MAX_LINE_CHARS:
        return (f"a paragraph of {longest:,} characters is over the limit of {MAX_LINE_CHARS:,}; refused (a "
                "progress bulletin's paragraphs have a few hundred)")
    return None


HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
"""One Chinese (Han) character: CJK Unified Ideographs, Extensions A to H, Compatibility Ideographs."""

REPLACEMENT_CHARACTERS = "\ufffd?"
"""What a decoder leaves for bytes it could not read: U+FFFD, or "?" (an encoder's errors="replace", a server's
own re-encoding). A real bulletin has few "?": the corpus's most is 156-gansu's row of 23 among 452 Chinese
characters (5 %)."""

MIN_CHINESE_SHARE = 0.2
"""Least share of Chinese characters among a bulletin's non-space characters; below it the text is refused before
extraction (`not_a_bulletin`). The corpus's lowest is 46 % (143-liangshan, mostly table figures); a page in
another language, or Latin-1 bytes decoded as cp1250, has none, and extraction read "taux 90 %" as a figure."""

MAX_REPLACEMENT_SHARE = 0.2
"""Most replacement characters (REPLACEMENT_CHARACTERS) per Chinese-or-replacement character; above it the text is
refused before extraction (`not_a_bulletin`): the bytes were not decoded in their real charset, and what is left
gives empty or broken labels (a Big5 page read as "?": labels '' and '划的')."""


def not_a_bulletin(text: str) -> str | None:
    """Why normalised `text` cannot be a Chinese progress bulletin, or None when it may be one: fewer than
    MIN_CHINESE_SHARE of its non-space characters are Chinese (another language, or bytes decoded in the wrong
    charset), or more than MAX_REPLACEMENT_SHARE of its Chinese-or-replacement characters are U+FFFD or "?"
    (undecodable bytes). Checked before extraction, like `oversize`. A text without any non-space character is
    left to the callers' "empty"/"no figures" reasons."""
    visible = sum(1 for c in text if not c.isspace())
    if not visible:
        return None
    chinese = len(HAN.findall(text))
    replaced = sum(text.count(c) for c in REPLACEMENT_CHARACTERS)
    if replaced and replaced > MAX_REPLACEMENT_SHARE * (chinese + replaced):
        return (f"{replaced:,} of {visible:,} characters are replacement characters (U+FFFD or '?'): the bytes were "
                "not decoded in their real charset; not a readable bulletin, refused (check the page's charset, or "
                "set `encoding` for its source in sources.toml)")
    if chinese < MIN_CHINESE_SHARE * visible:
        return (f"only {chinese:,} of {visible:,} characters are Chinese: not a Chinese progress bulletin (another "
                "language, or bytes decoded in the wrong charset), refused")
    return None


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


def page_title(raw: str) -> str | None:
    """The normalised `<title>` of an HTML page, or None (plain text, no title, an empty one). A page's title is
    outside its body, so `bulletin_text` drops it; it often names the bulletin and its site ("关于2023年十件民生实事
    1-9月进展情况的通报_某县人民政府"), which the document facts may use (`transforms.extract.extract`)."""
    if "<title" not in raw[:20000] and "<TITLE" not in raw[:20000]:
        return None
    match = _TITLE.search(raw, 0, 20000)
    if match is None:
        return None
    title = normalise(LexborHTMLParser(f"<p>{match.group(1)}</p>").text().strip())
    return title or None


_RELATED_HEADING = re.compile(r"^(?:相关阅读|相关新闻|相关文章|相关链接|往期回顾|往期推荐|推荐阅读|延伸阅读|热点推荐|猜你喜欢)\s*:?$")
"""The heading of a list of links to other pages of the site, in a copy that kept it (a page's `related` block is
dropped with the furniture)."""
_HEADLINE = re.compile(r"^(?!(?:发布|来源|时间|日期|作者|编辑|责任编辑|浏览|点击|字号)[^:]{0,4}:)[^。;!?]{1,60}$")
"""A line of such a list: a headline, maybe with its date ("九江市2022年民生实事全面完成 2023-01-05"); no sentence,
and no line of the page's own data ("发布时间:2022-11-14", "来源:…") that may follow the list."""


def without_related_lists(text: str) -> str:
    """`text` without its lists of related pages: a heading line (相关阅读:, 往期回顾…) and the headline lines right
    after it. Their dates and years are other pages' (a related headline "2022年…全面完成" would date the bulletin a
    year early), their numbers other pages' figures. Prose after such a list stays."""
    if not any(word in text for word in ("相关", "往期", "阅读", "推荐", "猜你", "一篇", "一条", "一页")):
        return text  # memchr speed: most texts hold none
    lines = text.split("\n")
    out: list[str] = []
    k = 0
    while k < len(lines):
        line = lines[k].strip()
        if _RELATED_HEADING.match(line) or _RELATED_INLINE.match(line):
            k += 1
            while k < len(lines) and _HEADLINE.match(lines[k].strip()):
                k += 1
            continue
        if _NEIGHBOUR_LINK.match(line):
            k += 1  # "上一篇:2023年上半年…进展情况": another page's headline; the lines around it are this page's
            continue
        out.append(lines[k])
        k += 1
    return "\n".join(out)


_RELATED_INLINE = re.compile(r"^(?:相关阅读|相关新闻|相关文章|相关链接|往期回顾|往期推荐|推荐阅读|延伸阅读)\s*:\s*[^。;!?]{1,60}$")
"""Such a heading with the first headline on its line ("相关链接:1-9月民生实事项目进展情况")."""
_NEIGHBOUR_LINK = re.compile(r"^(?:上一篇|下一篇|上一条|下一条|上一页|下一页)\s*:\s*[^。;!?]{0,80}$")
"""A link to the previous or next page of the site, with its headline."""


def bulletin_text(raw: str) -> str:
    """Normalised main text of a bulletin given as HTML or plain text, without lists of related pages."""
    return without_related_lists(normalise(html_to_text(raw) if looks_like_html(raw) else raw))
