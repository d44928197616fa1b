"""Monthly's discover and fetch steps take plain inputs (the fetch log's history, the archive path, limits), so
they run in another process as on a Dask worker: a second crawl there asks "changed since?" from the history the
flow read, gets 304s, and hands back the fetch-log rows for the flow to record."""

from __future__ import annotations

import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor

from flows import SAMPLES_DIR
from flows.ingest.crawl import discover_source, fetch_links, read_histories
from flows.ingest.sources import load_sources, resolve_sources
from flows.monthly import monthly_locally
from tests.flows.http_helpers import conditional, linjiang_sources
from transforms.record import EXTRACTOR_VERSION
from warehouse import store
from warehouse.archive import FetchLog

SOURCES = linjiang_sources("connect_timeout_s = 1\nread_timeout_s = 2\ntask_retries = 0", "concurrency = 2")


def test_discover_and_fetch_in_another_process_use_the_history_and_return_log_rows(httpserver, tmp_path):
    bodies = {m: (SAMPLES_DIR / f"linjiang-2025-{m:02d}.html").read_bytes() for m in (1, 2)}
    items = "".join(f'<li><a href="b{m}.html">临江市2025年市办实事进展情况({m}月)</a></li>' for m in (1, 2))
    listing = f"<html><body><ul>{items}</ul></body></html>".encode()
    httpserver.expect_request("/news/list.html").respond_with_handler(conditional(listing, '"l"'))
    for m, body in bodies.items():
        httpserver.expect_request(f"/news/b{m}.html").respond_with_handler(conditional(body, f'"b{m}"'))
    sources_file = tmp_path / "sources.toml"
    sources_file.write_text(SOURCES.format(listing=httpserver.url_for("/news/list.html")), encoding="utf-8")
    warehouse = tmp_path / "wh.duckdb"
    first = monthly_locally(["linjiang-web"], str(warehouse), str(tmp_path / "r"), str(sources_file))
    assert sum(1 for b in first.bulletins if b.created) == 2

    catalogue = load_sources(str(sources_file))
    (source,) = resolve_sources(["linjiang-web"], catalogue)
    con = store.connect(warehouse)
    try:
        history = read_histories(con, [source], EXTRACTOR_VERSION)["linjiang-web"]
        rows_before = con.execute("SELECT count(*) FROM fetch_log").fetchall()[0][0]
    finally:
        con.close()
    urls = [httpserver.url_for(f"/news/b{m}.html") for m in (1, 2)]
    assert set(history.last) == {httpserver.url_for("/news/list.html"), *urls}
    assert history.archived == frozenset(urls) and len(history.loaded or ()) == 2
    assert pickle.loads(pickle.dumps(history)) == history

    archive = str(tmp_path / "archive")
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        found, listing_rows = pool.submit(discover_source, source, history, archive, catalogue.limits, None).result()
        fetches, bulletin_rows = pool.submit(
            fetch_links, source, found.links, history, archive, catalogue.limits, None
        ).result()

    assert found.links == urls  # known links are re-checked: the source revisits its listing
    assert [(e.kind, e.outcome, e.status, e.conditional) for e in listing_rows] == [("listing", "unchanged", 304, True)]
    assert [(url, f.outcome, f.status, f.bulletin) for url, f in fetches] == [
        (urls[0], "unchanged", 304, None),
        (urls[1], "unchanged", 304, None),
    ]
    assert sorted((e.url, e.outcome, e.conditional) for e in bulletin_rows) == [
        (urls[0], "unchanged", True),
        (urls[1], "unchanged", True),
    ]
    con = store.connect(warehouse)
    try:  # nothing was written by the workers: the rows are the flow's to record
        assert con.execute("SELECT count(*) FROM fetch_log").fetchall()[0][0] == rows_before
        FetchLog(con).record_many([*listing_rows, *bulletin_rows])
        assert con.execute("SELECT count(*) FROM fetch_log").fetchall()[0][0] == rows_before + 3
    finally:
        con.close()
