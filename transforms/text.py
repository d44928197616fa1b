"""Bulletin text: main text out of HTML, and the normalisation every extraction starts from.

Pure functions: str in, str out. The normalised text is what the warehouse stores and what evidence offsets
index into.
"""

from __future__ import annotations

import re
import unicodedata

from selectolax.lexbor import LexborHTMLParser

FURNITURE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
                  "button", "select", "template")
"""Elements that never carry bulletin text (site navigation, widgets, scripts)."""

FURNITURE_MARKERS = re.compile(r"(^|[-_ ])(nav|navbar|menu|breadcrumb|share|footer|header|sidebar|toolbar|"
                               r"copyright|related|comment|login|search)([-_ ]|$)", re.I)
"""class/id words of site furniture on government and news pages (分享到, 导航, 页脚 blocks)."""

BLOCK_TAGS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
                        "section", "article", "blockquote", "pre", "dd", "dt", "dl", "center", "title", "caption"})
CELL_TAGS = frozenset({"td", "th"})


def looks_like_html(raw: str) -> bool:
    """True when the text is an HTML page or fragment rather than plain text."""
    return bool(re.search(r"<(html|body|p|div|table|br|h[1-6]|span)\b", raw[:5000], re.I))


def html_to_text(html: str) -> str:
    """Main text of an HTML page: furniture removed, one line per block, table cells joined by tabs.

    Tables stay tables: each `<tr>` becomes one line whose cells are separated by "\\t", so extraction can read
    columns. Returns "" for a page without body text.
    """
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
    lines = [line.strip("\t").strip() if "\t" not in line.strip("\t") else line.strip("\t") for line in lines]
    return "\n".join(line for line in lines if line.strip())


def _walk(node, parts: list[str]) -> None:
    child = node.child
    while child is not None:
        if child.tag == "-text":
            parts.append(child.text_content or "")
        elif child.tag in CELL_TAGS:
            parts.append("\t")
            _walk(child, parts)
        else:
            if child.tag in BLOCK_TAGS:
                parts.append("\n")
            _walk(child, parts)
            if child.tag in BLOCK_TAGS:
                parts.append("\n")
        child = child.next


def normalise(text: str) -> str:
    """The canonical bulletin text: NFKC (full-width digits and punctuation to ASCII), unified line breaks,
    no zero-width characters, spaces collapsed within lines, blank lines dropped."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u200b\u200c\u200d\ufeff]", "", text)
    lines = (re.sub(r"[ \t\u3000\xa0]*\t[ \t\u3000\xa0]*", "\t", re.sub(r"[ \u3000\xa0]+", " ", ln)).strip(" ")
             for ln in text.split("\n"))
    return "\n".join(ln for ln in lines if ln.strip())


def bulletin_text(raw: str) -> str:
    """Normalised main text of a bulletin given as HTML or plain text."""
    return normalise(html_to_text(raw) if looks_like_html(raw) else raw)
