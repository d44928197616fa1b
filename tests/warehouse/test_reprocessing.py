"""warehouse.reprocessing.compare_snapshots: the SQL test for "read the same way" against the comparison in Python."""

from pathlib import Path

import duckdb
import pytest

from flows.monthly import monthly_locally
from flows.reprocess import reprocess_locally
from samples.generate import bulletin_html
from transforms import record
from warehouse import reprocessing


@pytest.fixture(scope="module")
def reprocessed(tmp_path_factory) -> Path:
    """Four months of one programme loaded, then reprocessed by a bumped extractor version (same readings)."""
    tmp = tmp_path_factory.mktemp("reprocessing")
    folder = tmp / "bulletins"
    folder.mkdir()
    for month in (1, 2, 3, 4):
        (folder / f"{month:02d}.html").write_text(bulletin_html(month), encoding="utf-8")
    warehouse = tmp / "wh.duckdb"
    assert monthly_locally(sources=[str(folder)], warehouse=str(warehouse), report_dir=str(tmp / "r")).ok
    version = record.EXTRACTOR_VERSION
    record.EXTRACTOR_VERSION = version + ".1"
    try:
        summary = reprocess_locally(warehouse=str(warehouse), report_dir=str(tmp / "r"), workers=0)
    finally:
        record.EXTRACTOR_VERSION = version
    assert sum(1 for b in summary.bulletins if b.created) == 4
    return warehouse


def _in_python(con: duckdb.DuckDBPyConnection, pairs: list[tuple[int, int]], texts: dict[int, str]) -> list:
    """The comparison of every pair figure by figure (`_compare`), as compare_snapshots did for all pairs before
    the SQL test for unchanged pairs."""
    ids = sorted({i for pair in pairs for i in pair})
    figures, checks = reprocessing._figures_and_checks(con, ids)
    meta = {
        row[0]: row[1:]
        for row in con.execute(
            "SELECT s.snapshot_id, s.source, s.extractor_version, s.status, d.text FROM snapshots s "
            "JOIN documents d ON d.sha256 = s.document_sha256"
        ).fetchall()
    }
    out = []
    for old, new in pairs:
        source, old_version, old_status, stored = meta[old]
        _, new_version, new_status, _ = meta[new]
        out.append(
            reprocessing._compare(
                source,
                (old, old_version, old_status, figures[old], checks[old]),
                (new, new_version, new_status, figures[new], checks[new]),
                new in texts and texts[new] != stored,
            )
        )
    return out


def _same(a, b) -> bool:
    """Equal, up to the order of check changes (the stored check rows come back in no fixed order)."""
    return a == b or (a.__dict__ | {"checks": set(a.checks)}) == (b.__dict__ | {"checks": set(b.checks)})


def test_unchanged_pairs_found_in_sql_match_the_comparison_in_python(reprocessed):
    con = duckdb.connect(str(reprocessed), read_only=True)
    try:
        pairs = con.execute(
            "SELECT supersedes, snapshot_id FROM snapshots WHERE supersedes IS NOT NULL ORDER BY snapshot_id"
        ).fetchall()
        texts = dict(
            con.execute(
                "SELECT s.snapshot_id, d.text FROM snapshots s JOIN documents d ON d.sha256 = s.document_sha256"
            ).fetchall()
        )
        assert len(pairs) == 4
        same = reprocessing.compare_snapshots(con, pairs, {new: texts[new] for _, new in pairs})
        assert [r.unchanged for r in same] == [True] * 4
        assert all(_same(a, b) for a, b in zip(same, _in_python(con, pairs, {})))
        # Each old snapshot against another month's new one: every pair differs, and the SQL test must leave
        # each to the comparison in Python, whose report it then returns unchanged.
        crossed = [(old, pairs[(i + 1) % 4][1]) for i, (old, _) in enumerate(pairs)]
        changed = reprocessing.compare_snapshots(con, crossed, {})
        assert not any(r.unchanged for r in changed) and all(r.changed for r in changed)
        assert all(_same(a, b) for a, b in zip(changed, _in_python(con, crossed, {})))
        # A text given that differs from the stored one is a change, as before.
        edited = reprocessing.compare_snapshots(con, pairs[:1], {pairs[0][1]: texts[pairs[0][1]] + "。"})
        assert edited[0].text_changed and not edited[0].unchanged
    finally:
        con.close()
