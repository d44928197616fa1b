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


def test_accuracy_is_strict_both_absent_is_not_counted():
    gold = {"metrics": [m(1, "个", target=None), m(2, "个", target=None), m(3, "个", target=5, target_unit="个")]}
    pred = {"metrics": [{"id": f"F{i}", **m(v, "个")} for i, v in enumerate((1, 2, 3))]}
    score = score_bulletin("b", gold, pred)
    # Only the third pair gives a target (gold 5, prediction none): 0 of 1, not 2 of 3.
    assert score.attribute_counted["target"] == 1 and score.accuracy("target") == 0.0
    assert score.accuracy("parent") is None


def test_label_similarity_is_dice_of_bigrams_without_digits_and_punctuation():
    from transforms.scoring import label_similarity

    assert label_similarity("城镇新增就业", "城镇新增就业") == 1.0
    # 公共租赁住房开工 vs 开工: bigrams {开工} shared of 7 + 1 -> 2/8 = 0.25 (the example of a bad label).
    assert label_similarity("公共租赁住房开工", "开工") == 0.25
    # Digits and punctuation are dropped: "职工疗休养(425名)" -> 职工疗休养名, 4 of its 5 bigrams shared -> 8/9.
    assert label_similarity("职工疗休养(425名)", "职工疗休养") == 8 / 9
    assert label_similarity("", None) == 1.0 and label_similarity("就业", "") == 0.0


def test_corpus_halves_by_id_parity():
    from transforms.scoring import corpus_half

    assert corpus_half("000-seed") == "working" and corpus_half("001-shaoxing-2020-02") == "blind"
    assert corpus_half("158-gansu-2020-06") == "working" and corpus_half("sample") == "working"
    corpus = CorpusScore([score_bulletin("000-a", {"metrics": [m(1, "个")]}, {"metrics": [m(1, "个")]}),
                          score_bulletin("001-b", {"metrics": [m(1, "个")]}, {"metrics": [m(2, "个")]})])
    assert corpus.half("working").f1 == 1.0 and corpus.half("blind").f1 == 0.0
