"""A figure's identity: the stable `metric_key` that follows the same figure from month to month.

Beside the figure record (transforms.record): validation's cross-month rules (transforms.checks, through the keys
passed in) and the warehouse loader (warehouse.store) both key figures with it, so it is defined once, here, with
no I/O.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

from transforms.record import Extraction


def normalise_label(label: str | None) -> str:
    """Label reduced for keys: no spaces, quotes or brackets, no leading 已/累计/全市 words."""
    label = re.sub(r"[\s\"“”‘’'()()【】\[\]]", "", label or "")
    return re.sub(r"^(?:已经|已|累计|全市|全县|全区|共)+", "", label)


def metric_keys(extraction: Extraction, source: str | None = None) -> list[str]:
    """A key per figure that follows the same figure from month to month of a programme year:
    region/program/program_year/item/normalised label/base unit.

    Where the text names no region ("我市"), the region part is "?" plus where the bulletin came from (the URL's
    host, or the name of the file's folder), so programmes of different sites or folders do not share a series;
    two folders of the same name, or two places published on one host, still do (docs/warehouse.md).
    Limits: a figure whose label is reworded between months gets a new key; two figures of one item with the
    same label and unit share a key (listed by the `ambiguous_metric_keys` view, never merged).
    """
    doc = extraction.document
    region = doc.region or f"?{_origin(source)}"
    head = f"{region}/{doc.program or '?'}/{doc.program_year or '?'}"
    return [f"{head}/{f.item or '-'}/{normalise_label(f.label)}/{f.base_unit or f.unit}" for f in extraction.figures]


def _origin(source: str | None) -> str:
    """The site (URL host) or folder a bulletin came from; "" when unknown."""
    if not source:
        return ""
    parsed = urlparse(source)
    if parsed.scheme in ("http", "https"):
        return parsed.hostname or ""
    return Path(parsed.path if parsed.scheme == "file" else source).parent.name
