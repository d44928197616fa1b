"""Start-up benchmark: how long `progress-warehouse run` takes when there is little work, and how long a bad
input takes to be reported. Goals (issue 15): a warm run of the 12 bundled samples <= 5 s; any input error <= 1 s.

    python benchmarks/bench_startup.py              # local runs (no Prefect server), bad inputs
    python benchmarks/bench_startup.py --prefect    # also `run --prefect` (a flow run on a temporary server)

Each command is the installed console script in a new process, from an empty folder with its own PREFECT_HOME
(warmed by one run first, as a second `make demo` is), so the figures are what a user waits for. "warm" = the
warehouse already holds the 12 samples (every bulletin unchanged); "first" = an empty warehouse.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMAND = Path(sys.executable).parent / "progress-warehouse"


def timed(args: list[str], cwd: Path, env: dict[str, str], expect: int) -> float:
    started = time.perf_counter()
    done = subprocess.run([str(COMMAND), *args], cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != expect:
        raise SystemExit(f"{args}: exit {done.returncode}, expected {expect}\n{done.stdout}\n{done.stderr}")
    return elapsed


def figures(label: str, seconds: list[float], goal: float) -> None:
    print(
        f"{label:<58} min {min(seconds):5.2f} s  median {statistics.median(seconds):5.2f} s  "
        f"max {max(seconds):5.2f} s  (goal <= {goal:g} s: {'met' if max(seconds) <= goal else 'NOT met'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--prefect", action="store_true", help="also time run --prefect (temporary server)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PROGRESS_WAREHOUSE_DATA")}
        env["PREFECT_HOME"] = str(folder / "prefect-home")
        first = timed(["run"], folder, env, 0)
        print(f"{'first run, 12 samples into an empty warehouse':<58} {first:5.2f} s")
        figures("warm run, 12 samples (all unchanged)", [timed(["run"], folder, env, 0) for _ in range(args.repeat)], 5)
        bad = {
            "missing --source file": ["run", "--source", "absent.html"],
            "unknown --source name": ["run", "--source", "no-such-source"],
            "missing --sources-file": ["run", "--sources-file", "absent.toml"],
            "backfill with a malformed --since": ["backfill", "--source", "linjiang-samples", "--since", "2025-13"],
        }
        for label, command in bad.items():
            figures(f"input error: {label}", [timed(command, folder, env, 2) for _ in range(args.repeat)], 1)
        if args.prefect:
            timed(["run", "--prefect"], folder, env, 0)  # migrates the fresh PREFECT_HOME's database
            figures(
                "warm run --prefect (flow run on a temporary server)",
                [timed(["run", "--prefect"], folder, env, 0) for _ in range(args.repeat)],
                5,
            )


if __name__ == "__main__":
    main()
