"""Reprocess benchmark: N generated bulletins loaded once, then re-extracted from the archive by a newer extractor
version with 1 and 2 worker processes (and optionally 0: extraction in the writer's process).

    python benchmarks/bench_reprocess.py --bulletins 10000            # 1 and 2 workers, prints the speed-up
    python benchmarks/bench_reprocess.py --bulletins 1000 --workers 0 1 2

The warehouse is loaded once (`run` on a folder of generated bulletins, not timed), then copied with its archive
for each timed run, so every run starts from the same outdated warehouse. Each timed run is its own process (peak
RSS is that run's, workers not included) and bumps the extractor version in that process (the version every
snapshot of the run records). Goal (DESIGN.md): 10,000 bulletins <= 30 s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def load_once(folder: Path, work: Path) -> float:
    """Load every bulletin of `folder` into work/wh.duckdb (the monthly flow's steps, no Prefect); seconds."""
    from flows.monthly import monthly_locally

    started = time.perf_counter()
    summary = monthly_locally(sources=[str(folder)], warehouse=str(work / "wh.duckdb"), report_dir=str(work / "r"))
    loaded = sum(1 for b in summary.bulletins if b.created)
    if loaded != len(list(folder.iterdir())):
        sys.exit(f"setup loaded {loaded} bulletins: {summary.problems()[:1]}")
    return time.perf_counter() - started


def timed_reprocess(work: Path, workers: int) -> dict:
    """Reprocess work/wh.duckdb with a bumped extractor version and `workers` processes; its figures."""
    import flows  # noqa: F401
    from flows.reprocess import reprocess_locally
    from transforms import record

    record.EXTRACTOR_VERSION = record.EXTRACTOR_VERSION + ".1"
    started = time.perf_counter()
    summary = reprocess_locally(warehouse=str(work / "wh.duckdb"), report_dir=str(work / "r"), workers=workers)
    elapsed = time.perf_counter() - started
    created = sum(1 for b in summary.bulletins if b.created)
    return {
        "workers": workers,
        "bulletins": len(summary.bulletins),
        "created": created,
        "seconds": round(elapsed, 2),
        "per_second": round(len(summary.bulletins) / elapsed, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bulletins", type=int, default=10000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--setup-dir",
        type=Path,
        help="Keep the loaded warehouse (and its bulletins) here and "
        "reuse it on the next run with the same --bulletins: loading 10,000 takes minutes.",
    )
    parser.add_argument("--child", nargs=2, metavar=("WORK", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(timed_reprocess(Path(args.child[0]), int(args.child[1]))))
        return
    from benchmarks.bench_backfill import write_bulletins

    with tempfile.TemporaryDirectory() as tmp:
        kept = args.setup_dir / str(args.bulletins) if args.setup_dir else Path(tmp)
        folder, base = kept / "bulletins", kept / "base"
        if (base / "wh.duckdb").exists():
            print(f"setup: reusing the {args.bulletins} bulletins loaded under {kept}")
        else:
            shutil.rmtree(kept, ignore_errors=True)
            folder.mkdir(parents=True)
            base.mkdir()
            write_bulletins(folder, args.bulletins)
            print(f"setup: {args.bulletins} bulletins loaded in {load_once(folder, base):.1f} s (not timed)")
        results = {}
        for workers in args.workers:
            work = Path(tmp) / f"w{workers}"
            shutil.copytree(base, work)
            done = subprocess.run(
                [sys.executable, __file__, "--child", str(work), str(workers)], capture_output=True, text=True
            )
            if done.returncode != 0:
                sys.exit(f"reprocess with {workers} workers failed:\n{done.stderr[-3000:]}")
            result = results[workers] = json.loads(done.stdout.strip().splitlines()[-1])
            print(
                f"reprocess, {workers} worker process{'es' if workers != 1 else ''}: {result['bulletins']} "
                f"bulletins ({result['created']} new snapshots) in {result['seconds']} s = "
                f"{result['per_second']}/s, peak RSS of the writer {result['peak_rss_mb']} MB (load average "
                f"{os.getloadavg()[0]:.1f})"
            )
            shutil.rmtree(work)
        if 1 in results and 2 in results:
            print(
                f"speed-up 1 -> 2 workers: {results[1]['seconds'] / results[2]['seconds']:.2f}x (goal: "
                f"10,000 <= 30 s on 2 cores)"
            )
        print(
            f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}"
        )


if __name__ == "__main__":
    main()
