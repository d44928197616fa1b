"""The speed shortcuts of `transforms.extract` (quantities, clauses, document) give exactly what the patterns they stand for give.

Each shortcut (a cheap test before a costly pattern, a scan limited to where a match can be) must not change a
single match; these properties compare both ways on bulletin-like text and on any text.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.extract import clauses, document, quantities, targets

NUMBER_ALPHABET = st.sampled_from(list("0123456789٣,. .%约近超过不少于逾余多万亿千百十两一二三零〇个人元米平方公里千瓦伏安(间)"
                                       "套以上年月日分例百分点比/-至第、和及与占率计划的"))
TITLE_PIECES = st.sampled_from(list("2019 年度市县区省政府民生实事为民办重点建设项目工程件项大类一二三十0123456789,。、青岛")
                               + list(document.PROGRAMME_NAMES))
titles = st.lists(TITLE_PIECES, max_size=20).map("".join)
texts = st.one_of(st.text(NUMBER_ALPHABET, max_size=60), st.text(max_size=60))


def spans(matches) -> list[tuple[tuple[int, int], tuple]]:
    return [(m.span(), m.groups()) for m in matches]


# The patterns as they were before the shortcuts (same alternatives, no cheap lead test).
PLAIN_QUANTITY = re.compile(quantities.QUANTITY.pattern[quantities.QUANTITY.pattern.index("(?P<pre>"):])
PLAIN_PERCENT = re.compile(r"(?P<num>\d+(?:\. ?\d+)?) ?%")


@settings(max_examples=400, deadline=None)
@given(texts, st.integers(0, 60), st.integers(0, 60))
def test_quantity_lead_test_changes_no_match(text, pos, endpos):
    assert spans(quantities.QUANTITY.finditer(text, pos, endpos)) == spans(PLAIN_QUANTITY.finditer(text, pos, endpos))


@settings(max_examples=400, deadline=None)
@given(texts, st.integers(0, 60), st.integers(0, 60))
def test_quantity_scan_from_the_first_lead_changes_no_match(text, pos, endpos):
    assert spans(quantities.quantity_matches(text, pos, endpos)) == spans(quantities.QUANTITY.finditer(text, pos, endpos))


@settings(max_examples=400, deadline=None)
@given(texts, st.integers(0, 60), st.integers(0, 60))
def test_percents_searched_before_each_sign_are_all_percents(text, start, end):
    # Both leave out a percent cut from a malformed number ("A0%", "1e309%": `_written_whole`).
    plain = [m for m in PLAIN_PERCENT.finditer(text, start, end) if quantities._written_whole(text, m.start())]
    assert spans(quantities.percents_in(text, start, end)) == spans(plain)


@settings(max_examples=300, deadline=None)
@given(st.one_of(titles, st.text(max_size=40)))
def test_programme_matches_are_the_pattern_matches(line):
    assert spans(document._programme_matches(line)) == spans(document._PROGRAMME.finditer(line))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(st.sampled_from(list("已经共达到至为约近超过不少于逾和及等 \n\u3000就业人")), max_size=20),
                 st.text(max_size=20)))
def test_trailing_noise_shortcut_is_the_substitution(words):
    assert clauses.strip_trailing_noise(words) == clauses.TRAILING_NOISE.sub("", words)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(st.sampled_from(list("已经累计全市县区共其中完成建成组织开展实现达到为有和及-■ \n\u3000就业人")), max_size=20),
                 st.text(max_size=20)))
def test_leading_noise_shortcut_is_the_substitution(words):
    assert clauses.strip_leading_noise(words) == clauses.LEADING_NOISE.sub("", words)


DATE_ALPHABET = st.sampled_from(list("时间日期发布计划完成:: 2020-11-1年月.市\n"))
PLAIN_LABELLED_DATES = [
    re.compile(p.pattern.replace(rf"{label}(?<![\u4e00-\u9fff]{label})", rf"(?<![\u4e00-\u9fff]){label}"))
    for p, label in zip(document._LABELLED_DATES, document.V.PUBLISHED_LABELS.words)
]


@settings(max_examples=400, deadline=None)
@given(st.text(DATE_ALPHABET, max_size=40))
def test_a_generic_date_label_tested_after_it_matches_as_tested_before_it(text):
    assert any(p.pattern.startswith("(?<!") for p in PLAIN_LABELLED_DATES)
    for fast, plain in zip(document._LABELLED_DATES, PLAIN_LABELLED_DATES):
        assert spans(fast.finditer(text)) == spans(plain.finditer(text))


LIST_PIECES = st.sampled_from(["实事", "项目", "任务", "指标任务", "分别是", "是", "包括", "承诺", "确定了", "确定的", ":", ":",
                               "新建公园10个", "、", ",", "。", "\n", "市", "的"])


@settings(max_examples=500, deadline=None)
@given(st.lists(LIST_PIECES, max_size=16).map("".join))
def test_listed_commitments_looked_for_before_colons_are_the_pattern_matches(text):
    assert spans(targets.listed_commitments(text)) == spans(targets._LISTED_COMMITMENTS.finditer(text))


SIGNED_PIECES = st.sampled_from(["市民生实事办公室", "人民政府办公室", " ", "\t", "\n", "2024年11月8日", "二〇二三年十一月六日",
                                 "2023", "年", "。", ",", "抄送:", "日"])


@settings(max_examples=500, deadline=None)
@given(st.lists(SIGNED_PIECES, max_size=12).map("".join))
def test_signed_dates_found_from_line_breaks_are_the_pattern_matches(text):
    assert spans(document.signed_dates(text)) == spans(document._SIGNED_DATE.finditer(text))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(st.sampled_from(list("截至到止年月底10,。")), max_size=30), st.text(max_size=30)))
def test_until_starts_are_the_class_matches(head):
    assert document.until_starts(head) == [m.start() for m in re.finditer("[截至到]", head)]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(st.sampled_from(list(',;:。、!?\n()\t“”"%年月A1 ')), max_size=40), st.text(max_size=40)))
def test_clause_breaks_are_the_pattern_matches(text):
    plain = re.compile(r"[,;:。、!?\n()\t“”\"%]")
    assert clauses.clause_breaks(text) == [m.start() for m in plain.finditer(text)]
    assert spans(clauses.CLAUSE_BREAK.finditer(text)) == spans(plain.finditer(text))
