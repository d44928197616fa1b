"""Warehouse benchmark (DESIGN.md performance targets; not part of the test suite).

Prints:
  1. load throughput of the real loader, in bulletins/s and figure rows/s, for synthetic bulletins of seed size
     (96 figures, 8 categories, 24 items): one transaction per bulletin (store.load_snapshot) and one per batch of
     100 (store.load_snapshots, as the flows load), Arrow inserts in both;
  2. a warehouse of 50 million synthetic figures (every county of China, ~2,900 regions, monthly for fifteen
     programme years, 96 figures per bulletin) built in SQL, with its build rate in figures/s;
  3. the median times (goal <= 100 ms) of the trend query (one metric_key from the figure_trend view, its twelve
     months), the same by time travel to a snapshot id, and `current_figures` of one programme year;
  4. the warehouse file size.

The large warehouse is generated in SQL (INSERT ... SELECT over range()), not through the loader, so that building
it takes minutes, not hours; the loader's speed is what part 1 measures. It needs ~6 GB of free disk for 50 million
figures (checked first).

    python benchmarks/bench_warehouse.py [--figures 50000000] [--bulletins 500] [--dir /tmp/bench-warehouse]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import random
import shutil
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb  # noqa: E402
import polars as pl  # noqa: E402

from expectations.runner import RESULT_SCHEMA  # noqa: E402
from transforms.record import Category, Document, Extraction, Figure, Item, Target  # noqa: E402
from warehouse import store  # noqa: E402

FIGURES_PER_BULLETIN = 96
MONTHS = 12


def synthetic_extraction(programme: int, month: int) -> Extraction:
    """A seed-sized bulletin (8 categories, 24 items, 96 figures) of programme `programme` as of `month`."""
    figures = []
    for n in range(FIGURES_PER_BULLETIN):
        item = str(n // 4 + 1)
        value = Decimal(100 + n) * month
        figures.append(Figure(
            id=f"F{n + 1:03d}", item=item, category=n // 12 + 1, label=f"指标{n % 4}", value=value,
            value_text=str(value), unit="万人", base_value=value * 10000, base_unit="人", unit_known=True,
            qualifier=None, pct_of_plan=Decimal(month * 8), pct_text=str(month * 8), pct_basis="年计划",
            target=Decimal(1200 + 12 * n), target_unit="万人", target_source="heading", implied_target=None,
            part_of=None, kind="progress", start=10 * n, end=10 * n + 6, sentence="…", sentence_start=10 * n))
    doc = Document(region=f"区{programme}", program="市办实事", program_year=2025,
                   as_of=__import__("datetime").date(2025, month, 28), period_text=f"截至{month}月底",
                   categories_total=8, items_total=24)
    return Extraction(text="…" * 1000, document=doc,
                      categories=[Category(c, f"标题{c}", (Target("目标", Decimal(30), "万人"),)) for c in range(1, 9)],
                      items=[Item(str(i), (i - 1) // 3 + 1, f"项目{i}", 0, 1) for i in range(1, 25)],
                      figures=figures)


def bench_loader(directory: Path, bulletins: int, batch_size: int = 100) -> None:
    """Load `bulletins` synthetic bulletins twice into fresh files: one transaction per bulletin
    (store.load_snapshot), then one per batch of `batch_size` (store.load_snapshots, as the flows load)."""
    empty = pl.DataFrame(schema=RESULT_SCHEMA)
    loads = []
    for b in range(bulletins):
        extraction = synthetic_extraction(b // MONTHS, b % MONTHS + 1)
        sha = hashlib.sha256(f"bulletin {b}".encode()).hexdigest()
        doc = store.ArchivedDocument(sha, f"https://example.invalid/{b}", "text/html", "utf-8", "http-header",
                                     3000, extraction.text)
        loads.append(store.SnapshotLoad(doc, doc.url, extraction, "passed", empty))
    rows = bulletins * FIGURES_PER_BULLETIN
    for how in ("one transaction per bulletin", f"one transaction per batch of {batch_size}"):
        path = directory / ("load-single.duckdb" if how.endswith("per bulletin") else "load-batch.duckdb")
        con = store.connect(path)
        started = time.perf_counter()
        if how.endswith("per bulletin"):
            for x in loads:
                store.load_snapshot(con, x.document, x.source, x.extraction, x.status, x.validation, "bench")
        else:
            for start in range(0, bulletins, batch_size):
                store.load_snapshots(con, loads[start:start + batch_size], "bench")
        elapsed = time.perf_counter() - started
        con.close()
        print(f"load: {bulletins} bulletins x {FIGURES_PER_BULLETIN} figures in {elapsed:.2f} s = "
              f"{bulletins / elapsed:,.0f} bulletins/s, {rows / elapsed:,.0f} figure rows/s ({how})")


YEARS = 15
"""Programme years per region in the large warehouse: every county of China (~2,850) reporting monthly for fifteen
years is ~49 million figures of 96 per bulletin (issue 16, item 4)."""


def build_large(path: Path, figures: int) -> float:
    """Snapshots and figures generated in SQL: regions x 15 programme years x 12 months x 96 figures. Returns the
    figures inserted per second (with the metric_key index kept in step, as the loader keeps it)."""
    con = store.connect(path)
    snapshots = -(-figures // FIGURES_PER_BULLETIN)
    started = time.perf_counter()
    con.execute("BEGIN")
    # snapshot i: programme year p = i // 12 (region p // 15, year 2011 + p % 15), month i % 12 + 1
    con.execute(f"""
        INSERT INTO snapshots
        SELECT i + 1, sha256(i::VARCHAR), 'https://example.invalid/' || (i // {MONTHS}) || '/' || (i % {MONTHS}),
               'bench', '0.1.0', TIMESTAMP '2026-01-01' + to_seconds(i), '区' || (i // {MONTHS} // {YEARS}),
               '市办实事', 2011 + (i // {MONTHS}) % {YEARS},
               make_date(2011 + (i // {MONTHS}) % {YEARS}, i % {MONTHS} + 1, 28), NULL, NULL, 8, 24, 'passed', NULL,
               {FIGURES_PER_BULLETIN}, i + 1,
               -- 011: a feed per region; each bulletin month reported by one source (bulletin_no, month_shared_with)
               'feed-' || (i // {MONTHS} // {YEARS}), i + 1, NULL
        FROM range({snapshots}) AS r(i)""")
    con.execute(f"""
        INSERT INTO figures
        SELECT s + 1,
               '区' || (s // {MONTHS} // {YEARS}) || '/市办实事/' || (2011 + (s // {MONTHS}) % {YEARS}) || '/'
                   || (n // 4 + 1) || '/指标' || (n % 4) || '/人',
               'F' || lpad((n + 1)::VARCHAR, 3, '0'), (n // 4 + 1)::VARCHAR, n // 12 + 1, '指标' || (n % 4),
               (100 + n) * (s % {MONTHS} + 1), ((100 + n) * (s % {MONTHS} + 1))::VARCHAR, '万人',
               (100 + n) * (s % {MONTHS} + 1) * 10000, '人', true, NULL, (s % {MONTHS} + 1) * 8,
               ((s % {MONTHS} + 1) * 8)::VARCHAR, '年计划', 1200 + 12 * n, '万人', 'heading', NULL, NULL, 'progress',
               10 * n, 10 * n + 6, '…', 10 * n
        FROM (SELECT i // {FIGURES_PER_BULLETIN} AS s, i % {FIGURES_PER_BULLETIN} AS n FROM range({figures}) AS r(i))""")
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    con.close()
    elapsed = time.perf_counter() - started
    print(f"built: {figures:,} figures in {snapshots:,} snapshots in {elapsed:.1f} s = {figures / elapsed:,.0f} "
          f"figures/s (SQL INSERT ... SELECT, metric_key index kept in step, one transaction, then CHECKPOINT)")
    return figures / elapsed


def _median(con: duckdb.DuckDBPyConnection, sql: str, params, runs: int, expect: int) -> list[float]:
    timings = []
    for _ in range(runs + 1):
        args = params()
        started = time.perf_counter()
        rows = con.execute(sql, args).fetchall()
        timings.append(time.perf_counter() - started)
        assert len(rows) == expect, (args, len(rows))
    return timings[1:]  # the first run warms caches


def bench_trend(path: Path, figures: int, runs: int) -> None:
    con = store.connect(path, read_only=True)
    programme_years = -(-figures // FIGURES_PER_BULLETIN) // MONTHS
    rng = random.Random(6)

    def programme_year() -> tuple[int, int]:
        p = rng.randrange(programme_years)
        return p // YEARS, 2011 + p % YEARS

    def key() -> list[str]:
        region, year = programme_year()
        return [f"区{region}/市办实事/{year}/{rng.randrange(24) + 1}/指标{rng.randrange(4)}/人"]

    def programme() -> list:
        region, year = programme_year()
        return [f"区{region}", year]

    queries = (
        ("trend query (figure_trend, one metric_key, all its months)",
         "SELECT * FROM figure_trend WHERE metric_key = ? ORDER BY month", key, MONTHS),
        ("trend query as of a snapshot (figure_trend_as_of_snapshot)",
         "SELECT * FROM figure_trend_as_of_snapshot(2147483647) WHERE metric_key = ? ORDER BY month", key, MONTHS),
        ("current_figures of one programme year (region, programme, year)",
         "SELECT * FROM current_figures WHERE region = ? AND program = '市办实事' AND program_year = ?",
         programme, MONTHS * FIGURES_PER_BULLETIN),
    )
    for name, sql, params, expect in queries:
        timings = _median(con, sql, params, runs, expect)
        print(f"{name} over {figures:,} figures: median {statistics.median(timings) * 1000:.1f} ms, "
              f"min {min(timings) * 1000:.1f} ms, max {max(timings) * 1000:.1f} ms over {runs} runs (goal <= 100 ms)")
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, default=50_000_000)
    parser.add_argument("--bulletins", type=int, default=500)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/bench-warehouse"))
    args = parser.parse_args()
    shutil.rmtree(args.dir, ignore_errors=True)
    args.dir.mkdir(parents=True)
    print(f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, duckdb {duckdb.__version__}, polars {pl.__version__}")
    bench_loader(args.dir, args.bulletins)
    large = args.dir / "large.duckdb"
    free = shutil.disk_usage(args.dir).free
    if free < args.figures * 120:  # ~50 bytes per figure in the file, plus DuckDB's temporary files while building
        sys.exit(f"not enough disk under {args.dir}: {free / 1e9:.1f} GB free, ~{args.figures * 120 / 1e9:.1f} GB "
                 f"needed for {args.figures:,} figures; pass --dir or fewer --figures")
    build_large(large, args.figures)
    bench_trend(large, args.figures, args.runs)
    print(f"file size: {large.stat().st_size / 1e6:,.0f} MB for {args.figures:,} figures "
          f"({large.stat().st_size / args.figures:.0f} bytes/figure)")


if __name__ == "__main__":
    main()
