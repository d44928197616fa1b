"""Zero invented numbers: on real bulletins damaged the way copies get damaged, every extracted value is written,
whole, at its evidence offsets (issue 13).

Each corpus bulletin is perturbed with a seeded random generator (so a failure names the bulletin, the kind of
damage and the seed, and reruns identically): characters deleted, doubled or swapped, and the text cut in the
middle of a number. Whatever the extractor makes of the damaged text, a figure's `value_text` must occur at
`text[start:end]`, read as its `value`, and not be a piece of a longer number (no digit or decimal point glued
before it, no digit after it): a number that is not written must never be stored.
"""

from __future__ import annotations

import random
import re

import pytest

from tests.corpus import CORPUS, needs_corpus
from transforms.extract import extract
from transforms.numbers import parse_number

BULLETINS = sorted(p for p in CORPUS.glob("*/bulletin.*")) if CORPUS.is_dir() else []
PERTURBATIONS_PER_KIND = 3
_DIGIT = re.compile(r"\d")


def _delete(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text))
    return text[:at] + text[at + 1:]


def _double(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text))
    return text[:at + 1] + text[at:]


def _swap(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) - 1)
    return text[:at] + text[at + 1] + text[at] + text[at + 2:]


def _cut_mid_number(text: str, rng: random.Random) -> str:
    digits = [m.start() for m in _DIGIT.finditer(text)]
    at = rng.choice(digits) + 1 if digits else len(text) // 2
    return text[:at]


DAMAGE = {"delete": _delete, "double": _double, "swap": _swap, "cut": _cut_mid_number}
"""Kinds of damage seen in the corpus quirks: lost and repeated characters (PDF copies), transposed characters
(re-typing), pages cut mid-number (truncated excerpts)."""


def _damaged(text: str, kind: str, seed: int) -> str:
    rng = random.Random(seed)
    # Several edits for the character-level kinds, concentrated near digits where damage matters most.
    if kind == "cut":
        return _cut_mid_number(text, rng)
    digits = [m.start() for m in _DIGIT.finditer(text)] or [0]
    for _ in range(20):
        at = min(rng.choice(digits), len(text) - 3)
        window = text[max(at - 2, 0):at + 3]
        text = text[:max(at - 2, 0)] + DAMAGE[kind](window, rng) + text[at + 3:]
    return text


def assert_values_written_whole(text: str, where: str) -> None:
    """Every figure extracted from `text` is its evidence: value_text at text[start:end], read as the value, and
    not cut out of a longer number."""
    extraction = extract(text)
    normalised = extraction.text
    for f in extraction.figures:
        span = normalised[f.start:f.end]
        assert f.value_text in span, f"{where} {f.id}: {f.value_text!r} not in evidence {span!r}"
        assert parse_number(f.value_text.replace(" ", "")) == f.value, f"{where} {f.id}: {f.value_text!r} != {f.value}"
        at = f.start + span.index(f.value_text)
        before = normalised[at - 1] if at > 0 else ""
        after_end = at + len(f.value_text)
        after = normalised[after_end] if after_end < len(normalised) else ""
        assert not (before.isdigit() or before == "."), f"{where} {f.id}: {f.value_text!r} cut from {span!r}"
        assert not after.isdigit(), f"{where} {f.id}: {f.value_text!r} is the start of a longer number"


@needs_corpus
@pytest.mark.parametrize("path", BULLETINS, ids=lambda p: p.parent.name)
def test_undamaged_bulletin_values_are_written_whole(path):
    assert_values_written_whole(path.read_text(encoding="utf-8"), path.parent.name)


@needs_corpus
@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damaged_bulletins_never_yield_a_number_not_written(kind):
    for path in BULLETINS:
        text = path.read_text(encoding="utf-8")
        for seed in range(PERTURBATIONS_PER_KIND):
            assert_values_written_whole(_damaged(text, kind, seed), f"{path.parent.name} {kind} seed={seed}")
