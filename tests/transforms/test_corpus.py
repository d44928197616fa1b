"""Scored evaluation against ../shared/corpus (skipped where the corpus is absent)."""

from __future__ import annotations

import json
import pathlib

import pytest

from flows.cli.evaluate import BULLETIN_FILES, corpus_bulletins, evaluate_corpus, run_eval
from transforms.extract import extract
from transforms.record import to_json_record
from transforms.scoring import score_bulletin

CORPUS = pathlib.Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
IDS = [d.name for d in corpus_bulletins(CORPUS)] if CORPUS.is_dir() else []


@pytest.fixture(scope="module")
def corpus_score():
    return evaluate_corpus(CORPUS)


def _bulletin(bulletin_id: str):
    folder = CORPUS / bulletin_id
    source = next(folder / f for f in BULLETIN_FILES if (folder / f).is_file())
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    return extract(source.read_text(encoding="utf-8")), gold


LOW_RECALL = {
    "025-yantai-2020-06": "blind half: not analysed",
    "055-zhaoqing-2020-na": "blind half: not analysed",
    "087-sichuan-2022-09": "blind half: not analysed",
    "113-xiangxi-2021-09": "blind half: not analysed",
}
"""Bulletins below the recall floor today, with the reason; the test fails when one of them rises above it (then
it leaves this list) or when another falls below."""


@needs_corpus
@pytest.mark.parametrize("bulletin_id", IDS)
def test_bulletin_evidence_and_recall(bulletin_id):
    extraction, gold = _bulletin(bulletin_id)
    for f in extraction.figures:
        assert f.value_text in extraction.text[f.start:f.end], f"{bulletin_id} {f.id}: span does not round-trip"
    score = score_bulletin(bulletin_id, gold, to_json_record(extraction, bulletin_id))
    # Every labelled bulletin: at least three quarters of its figures found (a floor that names the bulletin).
    floor_met = score.gold == 0 or score.recall >= 0.75
    # A blind-half bulletin's misses are not printed: rules are written without reading that half.
    shown = score.missed if int(bulletin_id[:3]) % 2 == 0 else f"recall {score.recall:.2f}"
    assert floor_met is (bulletin_id not in LOW_RECALL), (bulletin_id, LOW_RECALL.get(bulletin_id), shown)


@needs_corpus
def test_seed_scores(corpus_score):
    seed = next(b for b in corpus_score.bulletins if b.id == "000-seed")
    assert seed.f1 == 1.0
    for attribute in ("pct_of_plan", "target", "parent"):
        assert seed.accuracy(attribute) == 1.0, attribute
    # Labels: 71 of 76 agree (0.934; the goal is 0.90).
    assert seed.accuracy("label") >= 0.93


FLOORS = {
    # half: (F1, pct_of_plan, target, parent, label, document), strict accuracy, measured with extractor 0.8.0 and
    # rounded down; the goals are 0.95 / 0.95 / 0.90 / 0.90 / 0.85 / 0.90 (not all met yet: README).
    "working": (0.95, 0.99, 0.79, 0.88, 0.90, 0.89),
    "blind": (0.91, 0.91, 0.70, 0.81, 0.79, 0.86),
}


@needs_corpus
@pytest.mark.parametrize("half", sorted(FLOORS))
def test_corpus_scores(corpus_score, half):
    scores = corpus_score.half(half)
    measured = (scores.f1, *(scores.accuracy(a) for a in ("pct_of_plan", "target", "parent", "label")),
                scores.document_accuracy())
    print(f"\n{half}: F1 {measured[0]:.3f}, pct {measured[1]:.3f}, target {measured[2]:.3f}, "
          f"parent {measured[3]:.3f}, label {measured[4]:.3f}, document {measured[5]:.3f}")
    assert all(m >= floor for m, floor in zip(measured, FLOORS[half])), (half, measured)


def test_missing_corpus_exits_2(tmp_path, capsys):
    assert run_eval(tmp_path / "nope", as_json=False) == 2
    assert "does not exist" in capsys.readouterr().err


@needs_corpus
def test_eval_json_output(capsys):
    assert run_eval(CORPUS, as_json=True) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["overall"]["bulletins"] == len(IDS) and {"precision", "recall", "f1"} <= set(out["overall"])
