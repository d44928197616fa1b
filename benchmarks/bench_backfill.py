"""Backfill benchmark: N generated bulletins served over local HTTP, fetched, extracted, validated and loaded.

    python benchmarks/bench_backfill.py --bulletins 1000            # flow and plain, prints both and the ratio
    python benchmarks/bench_backfill.py --bulletins 10000 --mode flow   # peak memory of a large backfill
    python benchmarks/bench_backfill.py --bulletins 1000 --prefect-server   # flow against a running server

Each mode runs in its own process so peak memory (ru_maxrss) is that mode's own. "plain" calls the very same
step functions as the flow (the tasks' `.fn`) in the same order, without Prefect; the ratio flow/plain is the
orchestration overhead (goal <= 1.5, DESIGN.md). Goals: 1,000 bulletins <= 60 s on 2 cores; 10,000 <= 1 GB.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Place names of CJK characters only: a digit in a name ("临江1市") makes the region unreadable, and programmes
# without a region would share metric keys (their history checks would compare unrelated series).
CITIES = [a + b + c for a in "东西南中临青云金玉石" for b in "江河湖山川溪岭湾港城" for c in "宁安平兴丰泰康乐顺昌"]


def write_bulletins(out_dir: Path, count: int) -> list[str]:
    """`count` bulletins (at most 12,000): programmes of twelve months each, our own generated text."""
    from samples.generate import bulletin_html

    names = []
    programme = 0
    while len(names) < count:
        city = CITIES[programme]
        for month in range(1, 13):
            if len(names) == count:
                break
            name = f"p{programme:04d}-{month:02d}.html"
            (out_dir / name).write_text(bulletin_html(month).replace("临江", city), encoding="utf-8")
            names.append(name)
        programme += 1
    return names


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def run_mode(mode: str, site: Path, names: list[str], work: Path) -> dict:
    """Run one mode in this process against a local HTTP server on 127.0.0.1; return its figures."""
    import flows  # noqa: F401

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    urls = [f"http://127.0.0.1:{server.server_port}/{n}" for n in names]
    warehouse = work / f"{mode}.duckdb"
    started = time.perf_counter()
    if mode == "flow":
        from expectations.runner import prepare_in_background
        from flows.backfill import backfill

        prepare_in_background()  # as `progress-warehouse backfill` does, while Prefect's temporary server starts
        summary = backfill(sources=urls, warehouse=str(warehouse), report_dir=str(work / "reports"))
        loaded = sum(1 for b in summary.bulletins if b.snapshot_id is not None)
    else:
        loaded = plain_backfill(urls, warehouse)
    elapsed = time.perf_counter() - started
    server.shutdown()
    return {"mode": mode, "bulletins": len(urls), "loaded": loaded, "seconds": round(elapsed, 2),
            "per_second": round(len(urls) / elapsed, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def plain_backfill(urls: list[str], warehouse: Path) -> int:
    """The backfill's steps without Prefect: the same functions the tasks wrap, same batching, order and worker
    processes (flows.parallel), then publishing and the run report as the flow's end does. Prints where the time
    went on stderr."""
    import datetime as dt
    from concurrent.futures import ThreadPoolExecutor

    from expectations.report import RunReport, render_html, render_markdown
    from expectations.runner import prepare_in_background
    from flows.backfill import MAX_CONCURRENT_FETCHES, archived, fetch_and_index, fetch_slices
    from flows.ingest.sources import direct_source
    from flows.parallel import extracted_batches, local_pool
    from flows.runs import BACKFILL_BATCH_SIZE, validate_and_load_task
    from transforms.stages import extracted_from
    from warehouse import store
    from warehouse.archive import FetchLog
    from warehouse.publish import publish

    started = time.perf_counter()
    prepare_in_background()
    archive_root = warehouse.parent / "archive"
    links = [(direct_source(u), u) for u in urls]
    with ThreadPoolExecutor(MAX_CONCURRENT_FETCHES) as pool:
        parts = list(pool.map(lambda piece: fetch_and_index.fn(piece, str(archive_root), None), fetch_slices(links)))
    con = store.connect(warehouse)
    fetch_log = FetchLog(con)
    for _, rows in parts:
        fetch_log.record_many(rows)
    con.close()
    fetched = time.perf_counter()
    indexed = [result for results, _ in parts for _, result in results if not isinstance(result, str)]
    indexed.sort(key=lambda b: (b.as_of or dt.date.max, b.source))
    reports = []
    pool = local_pool(None)  # the flow's worker processes, one per core
    batches = [[archived(b) for b in indexed[start:start + BACKFILL_BATCH_SIZE]]
               for start in range(0, len(indexed), BACKFILL_BATCH_SIZE)]
    try:
        for results in extracted_batches(pool, str(archive_root), batches, None, ahead=1):
            reports += validate_and_load_task.fn(str(warehouse), str(warehouse.parent / "reports"), None,
                                                 extracted_from(results), "failed", results.frames)
    finally:
        pool.close()
    loaded = time.perf_counter()
    publish(str(warehouse), None)
    run = RunReport(None, reports)
    (warehouse.parent / "reports" / "backfill-local.md").write_text(render_markdown(run), encoding="utf-8")
    (warehouse.parent / "reports" / "backfill-local.html").write_text(render_html(run), encoding="utf-8")
    print(f"plain phases: fetch+index {fetched - started:.1f} s, extract+validate+load {loaded - fetched:.1f} s, "
          f"publish+report {time.perf_counter() - loaded:.1f} s", file=sys.stderr)
    return sum(1 for r in reports if r.snapshot_id is not None)


@contextlib.contextmanager
def prefect_server(home: Path):
    """`prefect server start` on a free port of 127.0.0.1 with its own PREFECT_HOME; yields its API URL once it
    answers /api/health, stops it on exit."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
               PREFECT_UI_ENABLED="false")
    server = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port",
                               str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                urllib.request.urlopen(f"{url}/health", timeout=2).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit("the Prefect server did not start")
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bulletins", type=int, default=1000)
    parser.add_argument("--mode", choices=("flow", "plain", "both"), default="both")
    parser.add_argument("--prefect-server", action="store_true",
                        help="Run the flow against a Prefect server started beforehand (as deployments run on a "
                             "worker), not the temporary server the flow starts itself without PREFECT_API_URL.")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "SITE", "WORK"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, site, work = args.child
        names = sorted(p.name for p in Path(site).iterdir())
        print(json.dumps(run_mode(mode, Path(site), names, Path(work))))
        return
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        site = Path(tmp) / "site"
        site.mkdir()
        write_bulletins(site, args.bulletins)
        env = dict(os.environ)
        if args.prefect_server:
            env["PREFECT_API_URL"] = stack.enter_context(prefect_server(Path(tmp) / "prefect-home"))
            print(f"flow against a running Prefect server at {env['PREFECT_API_URL']}")
        results = {}
        for mode in (("plain", "flow") if args.mode == "both" else (args.mode,)):
            work = Path(tmp) / mode
            work.mkdir()
            done = subprocess.run([sys.executable, __file__, "--child", mode, str(site), str(work)],
                                  capture_output=True, text=True, env=env)
            if done.returncode != 0:
                sys.exit(f"{mode} run failed:\n{done.stderr[-3000:]}")
            results[mode] = json.loads(done.stdout.strip().splitlines()[-1])
            for line in done.stderr.splitlines():
                if line.startswith("plain phases:"):
                    print(line)
            print(f"{mode:>5}: {results[mode]['bulletins']} bulletins ({results[mode]['loaded']} loaded) in "
                  f"{results[mode]['seconds']} s = {results[mode]['per_second']}/s, "
                  f"peak RSS {results[mode]['peak_rss_mb']} MB")
        if len(results) == 2:
            print(f"ratio flow/plain: {results['flow']['seconds'] / results['plain']['seconds']:.2f} (goal <= 1.5)")
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
