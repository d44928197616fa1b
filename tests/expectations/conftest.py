"""Shared fixtures of the validation tests: one GX validation run over a batch of bulletins with seeded faults.

Importing GX costs 3-4 s per process, and a validation run is one checkpoint per grain for the whole batch (as in
the monthly flow), so the fault scenarios share one batch; each test reads its own bulletin's rows.
"""

from __future__ import annotations

import flows  # noqa: F401  (offline environment before GX is imported)

from dataclasses import dataclass

import polars as pl
import pytest

from samples.generate import bulletin_html
from tests.corpus import SEED
from tests.expectations.sentences import BREAKDOWNS, MAGNITUDES
from transforms.checks import batch_check_frames
from transforms.extract import extract
from transforms.record import Extraction
from transforms.identity import metric_keys

SEED_PCT = "138.6%"
"""Item 1 of the seed: 城镇新增就业41.58万人,占年计划的138.6% (target 30万人 in category 一's heading)."""


@dataclass
class Batch:
    extractions: dict[str, Extraction]
    outcome: object  # expectations.runner.ValidationOutcome

    def rows(self, bulletin: str) -> pl.DataFrame:
        return self.outcome.results.filter(pl.col("bulletin") == bulletin)

    def failed(self, bulletin: str, severity: str | None = None) -> pl.DataFrame:
        rows = self.rows(bulletin).filter(~pl.col("passed"))
        return rows.filter(pl.col("severity") == severity) if severity else rows


def faulty_seed_text() -> str:
    """The seed with item 1's percent changed from 138.6 to 183.6 (a copy in memory; the corpus is untouched)."""
    text = SEED.read_text(encoding="utf-8")
    assert text.count(SEED_PCT) == 1, "the seed's 138.6% is expected exactly once"
    return text.replace(SEED_PCT, "183.6%")


def script_bulletin() -> str:
    """A sample month whose text shows markup and a script (escaped in the page, so they are part of the
    bulletin's text after HTML parsing): it must render inert in the report."""
    page = bulletin_html(3)
    return page.replace("1.就业方面,", "1.就业方面&lt;script&gt;alert('x')&lt;/script&gt;"
                        "&lt;b onmouseover=\"steal()\"&gt;粗体&lt;/b&gt;&lt;img src=http://evil.example/x.png&gt;,")


@pytest.fixture(scope="session")
def batch() -> Batch:
    """One validation run over: the real seed (when the corpus is present), the seed with 183.6%, sample months
    1-3 with a falling month 3, a month with a 其中 part larger than its whole, one with a dropped item, one
    with markup in its text, one with dropped magnitude prefixes and one per breakdown of tests.expectations.sentences."""
    from expectations.runner import validate

    pages = {
        "falling-01": bulletin_html(1), "falling-02": bulletin_html(2), "falling-03": bulletin_html(3, "falling"),
        "part": bulletin_html(5, "part"), "drop_item": bulletin_html(5, "drop_item"), "script": script_bulletin(),
        "clean-12": bulletin_html(12),
        # Our own sentence in the shape of 027-xiangtan's summary: 6 of 20 is 30 %, not 33 %.
        "claims": "2025年某县民生实事进展情况\n截至9月底,某县实事8件20项中有10项已完成,占比50%;6项进展顺利,占比33%。",
        "magnitude": MAGNITUDES,
        **{f"breakdown-{name}": text for name, text in BREAKDOWNS.items()},
    }
    extractions = {name: extract(page) for name, page in pages.items()}
    # Labels a wrong decoding leaves (an empty one, and one with no Chinese character): label_present must fail.
    blank = extract(bulletin_html(7))
    blank.figures[0].label, blank.figures[1].label = "", "taux"
    extractions["blank-label"] = blank
    if SEED.exists():
        extractions["seed"] = extract(SEED.read_text(encoding="utf-8"))
        extractions["seed-183.6"] = extract(faulty_seed_text())
    keys = {name: metric_keys(x) for name, x in extractions.items()}
    # Faulty and later months stand alone as far as history goes (own metric keys): only the falling series and
    # the seed's own month compare across bulletins.
    for name in ("part", "drop_item", "script", "clean-12", "seed-183.6", "claims", "blank-label", "magnitude",
                 *(f"breakdown-{n}" for n in BREAKDOWNS)):
        if name in keys:  # the seed pages exist only where ../shared/corpus does
            keys[name] = [f"{name}/{k}" for k in keys[name]]
    return Batch(extractions, validate(batch_check_frames(extractions, keys)))
