"""Scored evaluation against ../shared/corpus (skipped where the corpus is absent)."""

from __future__ import annotations

import json
import pathlib

import pytest

from flows.evaluate import BULLETIN_FILES, corpus_bulletins, evaluate_corpus, run_eval
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


@needs_corpus
@pytest.mark.parametrize("bulletin_id", IDS)
def test_bulletin_evidence_and_recall(bulletin_id):
    extraction, gold = _bulletin(bulletin_id)
    for f in extraction.figures:
        assert f.value_text in extraction.text[f.start:f.end], f"{bulletin_id} {f.id}: span does not round-trip"
    score = score_bulletin(bulletin_id, gold, to_json_record(extraction, bulletin_id))
    # Every labelled bulletin: at least three quarters of its figures found (a floor that names the bulletin).
    assert score.gold == 0 or score.recall >= 0.75, (bulletin_id, score.missed)


@needs_corpus
def test_seed_scores(corpus_score):
    seed = next(b for b in corpus_score.bulletins if b.id == "000-seed")
    assert seed.f1 >= 0.98
    for attribute in ("pct_of_plan", "target", "parent"):
        assert seed.accuracy(attribute) >= 0.98, attribute


@needs_corpus
def test_corpus_scores(corpus_score):
    assert corpus_score.f1 >= 0.90
    assert corpus_score.accuracy("pct_of_plan") >= 0.95


def test_missing_corpus_exits_2(tmp_path, capsys):
    assert run_eval(tmp_path / "nope", as_json=False) == 2
    assert "does not exist" in capsys.readouterr().err


@needs_corpus
def test_eval_json_output(capsys):
    assert run_eval(CORPUS, as_json=True) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["overall"]["bulletins"] == len(IDS) and {"precision", "recall", "f1"} <= set(out["overall"])
