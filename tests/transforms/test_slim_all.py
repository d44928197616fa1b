"""slim_all: a batch of records slimmed at once, as `slim` slims each alone."""

import polars as pl

from expectations.runner import RESULT_SCHEMA
from flows.parallel import read_bulletin
from samples.generate import bulletin_html
from transforms.stages import Loaded as BulletinReport
from transforms.stages import slim, slim_all


def _results(bulletin: str, rows: list[tuple[str, bool]]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            (bulletin, rule, "error", passed, f"F{n:03d}", "1", "2", "" if passed else "m", "run")
            for n, (rule, passed) in enumerate(rows)
        ],
        schema=RESULT_SCHEMA,
        orient="row",
    )


def test_a_batch_is_slimmed_as_each_report_would_be():
    extraction = read_bulletin(bulletin_html(3))
    assert not isinstance(extraction, str)
    reports = [
        BulletinReport(
            source="a",
            sha256="1",
            extraction=extraction,
            results=_results("a", [("pct", True), ("pct", True), ("part", False), ("unit", True)]),
        ),
        BulletinReport(source="b", sha256="2", extraction=extraction, results=_results("b", [("pct", True)])),
        BulletinReport(source="c", sha256="3", extraction=extraction, results=None),
        BulletinReport(source="d", sha256="4", extraction=None, error="no progress figures found"),
        BulletinReport(source="e", sha256="5", extraction=extraction, results=_results("e", [("part", False)])),
        BulletinReport(source="f", sha256="6", extraction=extraction, results=_results("f", []).clear()),
    ]
    alone = [slim(report) for report in reports]
    reports = slim_all(reports)
    for batch, single in zip(reports, alone):
        assert batch.passed_not_kept == single.passed_not_kept
        assert (batch.results is None) == (single.results is None)
        if batch.results is not None:
            assert batch.results.equals(single.results) and batch.results.schema == single.results.schema
        assert (batch.extraction is None) == (single.extraction is None)
        assert batch.as_of == single.as_of
    assert reports[0].passed_not_kept == {"pct": 2, "unit": 1} and reports[0].results.height == 1
    assert reports[0].extraction is not None and reports[1].extraction is None and reports[4].extraction is not None
