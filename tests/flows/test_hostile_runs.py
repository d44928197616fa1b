"""Issue 14 end to end: one bulletin with a number the warehouse cannot hold, an altered or missing archived body,
or a page over [fetch]'s limits fails alone, named; the others load (monthly and backfill flows, real local
server, real archive)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from flows.backfill import IndexedBulletin, load_batch
from flows import SAMPLES_DIR
from samples.generate import bulletin_html
from warehouse.archive import ArchiveError, archive_body, archive_path, read_archived


def _snapshots(warehouse: Path) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute("SELECT source, status FROM snapshots ORDER BY snapshot_id").fetchall()
    finally:
        con.close()


@pytest.mark.usefixtures("prefect_api")
def test_run_refuses_only_the_bulletin_whose_number_does_not_fit(tmp_path):
    from flows.monthly import monthly

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.html").write_text(bulletin_html(3), encoding="utf-8")
    (folder / "bad.html").write_text(
        bulletin_html(4).replace("扶持创业", f"扶持创业1{'2' * 33}人,另扶持"), encoding="utf-8"
    )
    warehouse = tmp_path / "wh.duckdb"
    state = monthly(sources=[str(folder)], warehouse=str(warehouse), report_dir=str(tmp_path / "r"), return_state=True)
    from flows.summary import run_summary

    summary = run_summary(state)
    (failed,) = summary.failures
    assert failed.source.endswith("bad.html") and "扶持创业" in failed.error and "beyond the limit" in failed.error
    assert [s.endswith("good.html") for s, _ in _snapshots(warehouse)] == [True]
    assert summary.publication is not None and Path(summary.report_html).exists()


@pytest.mark.usefixtures("prefect_api")
def test_backfill_applies_the_fetch_settings_of_the_sources_file(httpserver, tmp_path):
    from flows.backfill import backfill
    from flows.summary import run_summary

    small, large = bulletin_html(1).encode(), bulletin_html(2).encode() + b"<!--" + b"x" * 4000 + b"-->"
    httpserver.expect_request("/1.html").respond_with_data(small, content_type="text/html; charset=utf-8")
    httpserver.expect_request("/2.html").respond_with_data(large, content_type="text/html; charset=utf-8")
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[fetch]\nuser_agent = "hostile-test/1.0"\nmax_body_bytes = {len(small) + 1000}\n\n'
        f'[[source]]\nname = "samples"\nregion = "r"\nprogramme = "p"\nfolder = "{SAMPLES_DIR}"\n',
        encoding="utf-8",
    )
    warehouse = tmp_path / "wh.duckdb"
    state = backfill(
        sources=[httpserver.url_for("/1.html"), httpserver.url_for("/2.html")],
        warehouse=str(warehouse),
        report_dir=str(tmp_path / "r"),
        sources_file=str(sources),
        return_state=True,
    )
    summary = run_summary(state)
    assert {r.headers["User-Agent"] for r, _ in httpserver.log} == {"hostile-test/1.0"}
    (failed,) = summary.failures
    assert failed.source == httpserver.url_for("/2.html")
    assert f"over the limit of {len(small) + 1000} bytes" in failed.error
    assert [s for s, _ in _snapshots(warehouse)] == [httpserver.url_for("/1.html")]


def test_archived_bodies_are_verified_on_every_read(tmp_path):
    body = b"<p>1.\xe5\xb0\xb1</p>"
    digest = hashlib.sha256(body).hexdigest()
    archive_body(tmp_path, digest, body)
    assert read_archived(tmp_path, digest) == body
    archive_path(tmp_path, digest).write_bytes(body + b"!")
    with pytest.raises(ArchiveError, match=f"archived body {digest} does not match its SHA-256"):
        read_archived(tmp_path, digest)
    with pytest.raises(ArchiveError, match="is missing"):
        read_archived(tmp_path, "ab" * 32)


def test_an_altered_or_missing_archived_body_fails_its_bulletin_alone(tmp_path):
    archive = tmp_path / "archive"
    batch = []
    for month in (1, 2, 3):
        body = bulletin_html(month).encode("utf-8")
        digest = hashlib.sha256(body).hexdigest()
        archive_body(archive, digest, body)
        batch.append(
            IndexedBulletin(f"http://127.0.0.1/{month}.html", None, digest, "text/html", "utf-8", "http-header")
        )
    altered = archive_path(archive, batch[1].sha256)
    altered.write_bytes(altered.read_bytes().replace("临江".encode(), "别处".encode()))
    archive_path(archive, batch[2].sha256).unlink()
    warehouse = tmp_path / "wh.duckdb"
    reports = {r.source: r for r in load_batch.fn(str(archive), batch, str(warehouse), str(tmp_path / "r"), None)}
    assert reports[batch[0].source].error is None and reports[batch[0].source].snapshot_id is not None
    assert f"archived body {batch[1].sha256} does not match its SHA-256" in reports[batch[1].source].error
    assert f"archived body {batch[2].sha256} is missing" in reports[batch[2].source].error
    assert [s for s, _ in _snapshots(warehouse)] == [batch[0].source]
