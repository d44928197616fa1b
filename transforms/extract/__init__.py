"""Figure extraction: bulletin text -> `Extraction` (document facts, categories, items, figures).

A pure function of the text: no I/O, no clock, no randomness. Rules are written for phenomena of the
bulletins (a connector word, a layout, a defect), never for one file; each rule names its phenomenon.

Stages, one module each (docs/extraction.md): `document` (document facts), `layout` (lines, headings, table
blocks, prose blocks: read once), `structure` (categories, items), `prose` (per sentence: `quantities`,
`clauses`, `roles`, `percents`, `targets`, `parts`), `tables`, then heading targets (`targets`), repeats (`parts`) and kinds (`figures`). Word lists live
in `vocabulary`; ordered rules are `Rule` tables (`roles.QUANTITY_ROLES`, `percents.PERCENT_ROLES`).
"""

from __future__ import annotations

from transforms.extract.clauses import LEADING_NOISE, TRAILING_NOISE, strip_leading_noise, strip_trailing_noise
from transforms.extract.document import _PROGRAMME, PROGRAMME_NAMES, _programme_matches, parse_document
from transforms.extract.figures import finish, make_figure
from transforms.extract.finishing import finish_figures
from transforms.extract.parts import drop_repeats
from transforms.extract.prose import figures_in
from transforms.extract.quantities import PERCENT, QUANTITY, Quantity, TextIndex, percents_in
from transforms.extract.layout import prose_blocks, read_layout
from transforms.extract.structure import parse_structure
from transforms.extract.tables import table_figures
from transforms.extract.targets import resolve_heading_targets
from transforms.record import Extraction, Figure
from transforms.text import bulletin_text, page_title

__all__ = ["extract", "extract_text", "parse_document", "parse_structure"]

# Names imported from the single-module extractor before it became this package (benchmarks, tests, other
# branches): kept importable from here.
_Quantity, _TextIndex, _make_figure, _percents = Quantity, TextIndex, make_figure, percents_in
_strip_leading_noise, _strip_trailing_noise = strip_leading_noise, strip_trailing_noise


def extract(raw: str) -> Extraction:
    """Extract one bulletin given as HTML or plain text. Raises `transforms.text.TextError` for HTML nested deeper
    than MAX_HTML_DEPTH (refused, never walked); any other input string extracts without raising.

    Offsets of the result index `Extraction.text`, the normalised text (`transforms.text.bulletin_text`).
    """
    return extract_text(bulletin_text(raw), page_title(raw))


def extract_text(text: str, title: str | None = None) -> Extraction:
    """Extract one bulletin from its normalised text (see `transforms.text.normalise`); offsets index `text`.

    `title`: the page's `<title>` (`transforms.text.page_title`), outside the text: the document facts read it as
    the text's first line unless the text opens with it already. Figures are read from `text` only."""
    head = text[:3000]
    document = parse_document(f"{title}\n{text}" if title and title.split("_")[0].strip() not in head else text)
    layout = read_layout(text)
    categories, items = parse_structure(text, layout)
    figures: list[Figure] = []
    index = TextIndex(text)
    # Prose: each item's span (and text outside items), without tables and category heading lines. Heading lines
    # of categories that hold items state targets, not progress: they are not read as figures.
    for start, end, item in prose_blocks(layout, items):
        figures_in(index, start, end, item, figures, in_text_order=True)
    # Tables, then what needs every figure: heading targets, repeats, kinds and implied targets.
    for table in layout.tables:
        table_figures(index, table, figures)
    resolve_heading_targets(text, figures, categories, items)
    drop_repeats(figures, text)
    finish_figures(text, figures, items)
    finish(figures)
    return Extraction(text=text, document=document, categories=categories, items=items, figures=figures)


