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


# --- issue 14: numbers are read whole, as written -------------------------------------------------------------

INVISIBLE_CHARS = st.sampled_from(["\u2060", "\u00ad", "\u2063", "\u200b", "\u200e", "\u202e", "\ufeff", "\x1b"])
SIGNS = st.sampled_from(["-", "−", "–", "‒", "﹣", "+", "负"])
EXPONENTS = st.sampled_from(["e309", "E+309", "e-5", "E3"])
NUMBER = st.from_regex(r"[1-9][0-9]{0,4}(\.[0-9]{1,2})?", fullmatch=True)
UNIT = st.sampled_from(["万人", "人", "%", "亿元", "个", "套"])


def _read_whole(ex) -> None:
    """Every figure's number is found at its evidence offsets and is the whole number written there: no digit,
    decimal point, sign or exponent of the same number next to it was left out."""
    for f in ex.figures:
        at = ex.text.find(f.value_text, f.start, f.end)
        assert at >= 0, (f.value_text, ex.text[f.start:f.end])
        before = ex.text[at - 1] if at > 0 else ""
        after = ex.text[at + len(f.value_text):at + len(f.value_text) + 2]
        assert not (before.isdigit() or before in ".-−–‒﹣+负"), (f.value_text, ex.text[max(0, at - 5):at + 10])
        glued = after[:1].isdigit() or (after[:1] in ".eE" and after[1:2].isdigit()) or after[:2] in ("e+", "E+",
                                                                                                      "e-", "E-")
        assert not glued, (f.value_text, ex.text[max(0, at - 5):at + 10])


@settings(max_examples=40, deadline=None)
@given(NUMBER, INVISIBLE_CHARS, st.integers(0, 8), UNIT)
def test_invisible_characters_inside_a_number_never_split_it(number, invisible, where, unit):
    where = min(where, len(number))
    written = number[:where] + invisible + number[where:]
    ex = extract(f"1.就业方面,城镇新增就业{written}{unit},占年计划的50%。")
    _read_whole(ex)
    assert [f.value_text for f in ex.figures][:1] == [number]


@settings(max_examples=30, deadline=None)
@given(NUMBER, SIGNS, UNIT)
def test_a_signed_number_is_read_whole_or_left_out(number, sign, unit):
    _read_whole(extract(f"1.就业方面,城镇新增就业{sign}{number}{unit}。"))


@settings(max_examples=30, deadline=None)
@given(NUMBER, st.one_of(EXPONENTS, st.from_regex(r"\.[0-9]{1,2}", fullmatch=True)), UNIT)
def test_exponents_and_double_decimal_points_are_read_whole_or_left_out(number, tail, unit):
    _read_whole(extract(f"1.就业方面,城镇新增就业{number}{tail}{unit}。"))


@settings(max_examples=30, deadline=None)
@given(NUMBER, NUMBER, UNIT)
def test_stray_table_rows_never_glue_cells_into_a_number(first, second, unit):
    ex = extract(f"<div><p>1.就业方面</p><tr><td>城镇新增就业{first}</td><td>{second}{unit}</td></tr></div>")
    numbers = {first, second}
    for f in ex.figures:
        assert f.value_text in numbers or f.value_text in {n.split(".")[0] for n in numbers}, f.value_text
