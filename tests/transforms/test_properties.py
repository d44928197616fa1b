"""Robustness: any text or HTML never raises; every evidence span round-trips."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.extract import extract

BULLETIN_ALPHABET = st.sampled_from(list("0123456789.,%;:。、()“”万亿千百个处人户元平方米套张其中分别占年计划的为任务完成率已累计约余"
                                         "一二三四五六七八九十两第项件\n\t <>/tdrable萬億個計劃"))


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_any_unicode_never_raises(text):
    extract(text)


@settings(max_examples=150, deadline=None)
@given(st.text(BULLETIN_ALPHABET, max_size=300))
def test_bulletin_like_text_spans_round_trip(text):
    ex = extract(text)
    for f in ex.figures:
        assert f.value_text in ex.text[f.start:f.end]
        assert ex.text[f.sentence_start:f.sentence_start + len(f.sentence)] == f.sentence
        assert f.value > 0


cells = st.text(BULLETIN_ALPHABET, max_size=12)
html_tables = st.lists(st.lists(st.tuples(cells, st.integers(1, 3), st.integers(1, 3)), min_size=1, max_size=5),
                       min_size=1, max_size=5).map(
    lambda rows: "<table>" + "".join(
        "<tr>" + "".join(f'<td colspan="{c}" rowspan="{r}">{t}</td>' for t, c, r in row) + "</tr>" for row in rows)
    + "</table>")


@settings(max_examples=100, deadline=None)
@given(st.one_of(html_tables, st.text().map(lambda t: f"<div><p>{t}</p><table><tr><td>{t}</td></tr></table>")))
def test_any_html_never_raises_and_round_trips(html):
    ex = extract(html)
    for f in ex.figures:
        assert f.value_text in ex.text[f.start:f.end]
