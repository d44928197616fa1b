"""Migrations: a fresh warehouse gets every numbered file; a warehouse from the walking skeleton (001, 002 only)
upgrades in place, its snapshots numbered by source (005) and its marts replaced (006)."""

import datetime as dt
from importlib import resources

import duckdb

from warehouse import store

SKELETON = ("001_snapshots.sql", "002_views.sql")


def _files():
    return sorted(f.name for f in resources.files("warehouse").joinpath("migrations").iterdir()
                  if f.name.endswith(".sql"))


def test_fresh_warehouse_records_every_migration_once(tmp_path):
    con = store.connect(tmp_path / "wh.duckdb")
    assert [r[0] for r in con.execute("SELECT name FROM schema_version ORDER BY version").fetchall()] == _files()
    assert store.migrate(con) == []
    con.close()


def test_skeleton_warehouse_upgrades_in_place(tmp_path):
    path = tmp_path / "wh.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMP NOT NULL)")
    for name in SKELETON:
        for statement in store._statements(resources.files("warehouse").joinpath("migrations", name).read_text()):
            con.execute(statement)
        con.execute("INSERT INTO schema_version VALUES (?, ?, now()::TIMESTAMP)", [int(name[:3]), name])
    loaded = dt.datetime(2025, 11, 6)
    for snapshot_id, source, supersedes in ((1, "https://a.example/1", None), (2, "https://b.example/2", None),
                                            (3, "https://a.example/1", 1)):
        con.execute("INSERT INTO snapshots VALUES (?, 'sha', ?, NULL, '0.1.0', ?, '临江市', '市办实事', 2025, "
                    "DATE '2025-10-31', NULL, NULL, 4, 8, 'passed', ?, 0)", [snapshot_id, source, loaded, supersedes])
    con.close()

    con = store.connect(path)
    numbers = dict(con.execute("SELECT snapshot_id, source_no FROM snapshots").fetchall())
    assert numbers[1] == numbers[3] != numbers[2]
    assert sorted(r[0] for r in con.execute("SELECT snapshot_id FROM current_snapshots").fetchall()) == [2, 3]
    assert [r[0] for r in con.execute("SELECT snapshot_id FROM snapshots_at(max_snapshot_id := 2)").fetchall()
            if r[0] == 1] == [1]
    con.close()


def test_a_warehouse_before_011_gets_its_feeds_and_bulletin_months_and_one_current_october(tmp_path):
    """A warehouse migrated to 010 holding October and its correction at another URL of one feed (and a bulletin
    loaded without fetching): 011 fills feed and bulletin_no from the fetch log, and the correction alone is current."""
    path = tmp_path / "wh.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMP NOT NULL)")
    for name in [f for f in _files() if int(f[:3]) <= 10]:
        for statement in store._statements(resources.files("warehouse").joinpath("migrations", name).read_text()):
            con.execute(statement)
        con.execute("INSERT INTO schema_version VALUES (?, ?, now()::TIMESTAMP)", [int(name[:3]), name])
    loaded = dt.datetime(2025, 11, 7)
    october, september = dt.date(2025, 10, 31), dt.date(2025, 9, 30)
    rows = ((1, "sha-oct", "https://a.example/10.html", october, "web"),
            (2, "sha-oct-fix", "https://a.example/10-fix.html", october, "web"),
            (3, "sha-sep", "https://a.example/9.html", september, "web"),
            (4, "sha-oct-file", "file:///in/10.html", october, None))  # no fetch-log row: stands alone
    for snapshot_id, sha, source, as_of, feed in rows:
        con.execute("INSERT INTO snapshots VALUES (?, ?, ?, NULL, '0.3.0', ?, '临江市', '市办实事', 2025, ?, NULL, "
                    "NULL, 4, 8, 'passed', NULL, 12, ?)", [snapshot_id, sha, source, loaded, as_of, snapshot_id])
        if feed:
            con.execute("INSERT INTO fetch_log (url, source, kind, outcome, sha256, conditional, fetched_at) "
                        "VALUES (?, ?, 'bulletin', 'fetched', ?, false, ?)", [source, feed, sha, loaded])
    con.close()

    con = store.connect(path)
    try:
        columns = con.execute("SELECT snapshot_id, feed, bulletin_no, month_shared_with FROM snapshots "
                              "ORDER BY 1").fetchall()
        current = [r[0] for r in con.execute("SELECT snapshot_id FROM current_snapshots ORDER BY 1").fetchall()]
        before_fix = [r[0] for r in con.execute(
            "SELECT snapshot_id FROM snapshots_at(max_snapshot_id := 1) ORDER BY 1").fetchall()]
    finally:
        con.close()
    # the correction (source_no 2) shares October with source_no 1
    assert columns == [(1, "web", 1, None), (2, "web", 1, 1), (3, "web", 2, None), (4, None, None, None)]
    assert current == [2, 3, 4] and before_fix == [1]


def test_a_failed_correction_leaves_the_original_current_and_an_undated_bulletin_stands_alone(tmp_path):
    """The second step of snapshots_at (011) only compares non-failed latest snapshots of one bulletin month."""
    con = store.connect(tmp_path / "wh.duckdb")
    loaded = dt.datetime(2025, 11, 7)
    october = dt.date(2025, 10, 31)
    rows = ((1, 1, october, "passed", 1, None),
            (2, 2, october, "failed", 1, 1),      # the correction failed validation: not trusted
            (3, 3, None, "passed", None, None),   # undated: no bulletin month, stands alone
            (4, 4, october, "passed", 1, 1))      # a second correction, passed: replaces the month
    for snapshot_id, source_no, as_of, status, bulletin_no, shared in rows:
        con.execute("INSERT INTO snapshots (snapshot_id, document_sha256, source, extractor_version, loaded_at, "
                    "region, program, program_year, as_of, status, figure_count, source_no, feed, bulletin_no, "
                    "month_shared_with) VALUES (?, ?, ?, '0.3.0', ?, '临江市', '市办实事', 2025, ?, ?, 0, ?, 'web', ?, ?)",
                    [snapshot_id, f"sha{snapshot_id}", f"https://a.example/{snapshot_id}.html", loaded, as_of, status,
                     source_no, bulletin_no, shared])
    try:
        at = {bound: [r[0] for r in con.execute(
            "SELECT snapshot_id FROM snapshots_at(max_snapshot_id := ?) ORDER BY 1", [bound]).fetchall()]
            for bound in (2, 3, 4)}
    finally:
        con.close()
    assert at == {2: [1], 3: [1, 3], 4: [3, 4]}
