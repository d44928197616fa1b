"""Document facts (transforms/extract/document.py): programme names with their level, regions from the gazetteer."""

from __future__ import annotations

import pytest

from transforms.extract import parse_document
from transforms.text import bulletin_text


@pytest.mark.parametrize("head, program, region", [
    ("社会广泛关注的2021年10件省重点民生实事,均实现了满分交卷", "省重点民生实事", None),
    ("2024年省级重点民生实事进展情况", "省级重点民生实事", None),
    ("2020年青岛市市办实事进展情况", "市办实事", "青岛市"),  # 市 ends the region's name
    ("我市为民办实事进展顺利", "为民办实事", None),  # 我市 names no level
])
def test_programme_keeps_its_level_of_government(head, program, region):
    doc = parse_document(bulletin_text(head))
    assert (doc.program, doc.region) == (program, region)
