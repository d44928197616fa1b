"""Scoring rules of ../shared/corpus/README.md on hand-made records."""

from __future__ import annotations

from decimal import Decimal

from transforms.scoring import CorpusScore, base_quantity, items_agree, match_metrics, score_bulletin


def m(value, unit, item=None, **kw):
    return {"item": item, "label": kw.pop("label", "x"), "value": value, "unit": unit, **kw}


def test_prefixes_are_scaled():
    assert base_quantity(41.58, "万人") == (Decimal(415800), "人")
    assert base_quantity(2, "萬戶") == (Decimal(20000), "户")
    assert base_quantity(12, "个百分点") == (Decimal(12), "个百分点")


def test_items_agree_when_one_side_has_none_or_same_after_normalising():
    assert items_agree(None, "3") and items_agree("(一)", "一") and not items_agree("1", "2")


def test_matching_is_one_to_one_and_scales_units():
    gold = [m(41.58, "万人", "1"), m(100, "%", "1"), m(100, "%", "2")]
    pred = [m(415800, "人", "1"), m(100, "%", "2"), m(100, "%", "2")]
    pairs = match_metrics(gold, pred)
    # gold item "1" 100% has no partner (both predicted 100% say item 2); each predicted figure is used once.
    assert len(pairs) == 2 and pairs[0] == (0, 0) and pairs[1][0] == 2 and pairs[1][1] in (1, 2)


def test_precision_recall_and_attributes():
    gold = {"document": {"region": "甲市", "program_year": 2020}, "metrics": [
        m(10, "万元", pct_of_plan=50, target=20, target_unit="万元", part_of=None, label="投资"),
        m(4, "万元", pct_of_plan=None, target=None, part_of="投资", label="其中"),
        m(7, "个")]}
    pred = {"document": {"region": "甲市", "program_year": 2021}, "metrics": [
        {"id": "F1", **m(100000, "元", pct_of_plan=50, target=200000, target_unit="元", part_of=None)},
        {"id": "F2", **m(4, "万元", pct_of_plan=1, part_of="F1")},
        {"id": "F3", **m(9, "个")}]}
    score = score_bulletin("b", gold, pred)
    assert (score.matched, score.precision, score.recall) == (2, 2 / 3, 2 / 3)
    assert score.accuracy("target") == 1.0 and score.accuracy("parent") == 1.0 and score.accuracy("pct_of_plan") == 0.5
    assert score.document_agree["region"] and not score.document_agree["program_year"]
    corpus = CorpusScore([score, score_bulletin("empty", {"metrics": []}, {"metrics": []})])
    assert round(corpus.f1, 4) == round(2 / 3, 4)
