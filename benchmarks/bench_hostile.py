"""Hostile page sizes (issue 14): peak RSS and seconds of reading one crafted page, per size, in a fresh process.

Each page is one long run of figures ("城镇新增就业41.58万人,占年计划的138.6%," repeated), either in one paragraph
(the quadratic case: every figure keeps its whole sentence) or in many short paragraphs. Each size runs what a
`run` does with a fetched page: decode, main text, the documented limits (transforms.text.oversize), extraction,
the limits on figures and numbers (transforms.record.unstorable) and the check frames; a page over a limit is
refused with its reason. Also a listing of 10,000 links: discovery and the batch bookkeeping of `run`.

    .venv/bin/python benchmarks/bench_hostile.py   # 0.2, 2 and 10 MB, both layouts, at the limits, the listing

Goal (issue 14): every size <= 10 s and <= 500 MB, refused by a documented limit where it cannot be read in
that; the listing <= 1 GB.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIGURE = "城镇新增就业41.58万人,占年计划的138.6%,"


def page(size_mb: float, layout: str) -> str:
    """An HTML page of about `size_mb` MB (UTF-8): one paragraph, or paragraphs of three figures each; or, for
    "at-limits", the largest page transforms.text.oversize accepts, in paragraphs of the longest length."""
    count = int(size_mb * 1_000_000 / len(FIGURE.encode()))
    if layout == "at-limits":  # the costliest page the limits accept: the longest paragraphs, the most text
        from transforms.text import MAX_LINE_CHARS, MAX_TEXT_CHARS

        per_line = (MAX_LINE_CHARS - 10) // len(FIGURE)
        lines = (MAX_TEXT_CHARS - 1000) // (per_line * len(FIGURE) + 10)
        return (
            "<html><body>"
            + "".join(f"<p>{i % 30 + 1}.就业方面,{FIGURE * per_line}</p>" for i in range(lines))
            + "</body></html>"
        )
    if layout == "paragraph":
        return "<html><body><p>1.就业方面," + FIGURE * count + "</p></body></html>"
    return (
        "<html><body>"
        + "".join(f"<p>{i % 30 + 1}.就业方面,{FIGURE * 3}</p>" for i in range(count // 3))
        + "</body></html>"
    )


def one(size_mb: float, layout: str) -> dict:
    """Run in this process (called in a child): read one page as `run` does; return figures and timings."""
    sys.path.insert(0, str(ROOT))
    from flows.ingest.fetch import _decoded
    from flows.parallel import read_bulletin
    from transforms.checks import batch_check_frames

    body = page(size_mb, layout).encode("utf-8")
    started = time.perf_counter()
    fetched = _decoded("http://127.0.0.1/page.html", body, "text/html; charset=utf-8")
    result = read_bulletin(fetched.text)
    outcome = result if isinstance(result, str) else f"{len(result.figures)} figures"
    if not isinstance(result, str):
        batch_check_frames({"page": result})
    seconds = time.perf_counter() - started
    return {
        "size_mb": size_mb,
        "layout": layout,
        "bytes": len(body),
        "seconds": round(seconds, 2),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "outcome": outcome[:90],
    }


def listing(links: int) -> dict:
    """Discovery of a listing page of `links` bulletin links (the fetch, load and report of so many are measured by
    bench_backfill.py, whose batching `run` now shares)."""
    sys.path.insert(0, str(ROOT))
    import re

    from flows.ingest.discovery import discover
    from flows.ingest.sources import Source

    html = "<html><body>" + "".join(f"<a href='/b/{i}.html'>进展{i}</a>" for i in range(links)) + "</body></html>"
    source = Source(name="big", listing=("http://127.0.0.1:8000/list.html",), link_title=re.compile("进展"))
    started = time.perf_counter()
    found = discover(source, lambda url: html)
    seconds = time.perf_counter() - started
    return {
        "listing_links": len(found.links),
        "seconds": round(seconds, 2),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def main() -> None:
    runs = [(size, layout) for size in (0.2, 2, 10) for layout in ("paragraph", "paragraphs")] + [(0, "at-limits")]
    for size, layout in runs:
        started = time.perf_counter()
        child = subprocess.run(
            [sys.executable, __file__, "--one", str(size), layout], capture_output=True, text=True, timeout=600
        )
        if child.returncode:
            print(f"{size} MB {layout}: failed after {time.perf_counter() - started:.1f} s: {child.stderr[-500:]}")
            continue
        r = json.loads(child.stdout.strip().splitlines()[-1])
        print(
            f"{r['size_mb']:>5} MB {r['layout']:<10} {r['seconds']:>6} s  peak RSS {r['peak_rss_mb']:>5} MB  "
            f"{r['outcome']}"
        )
    child = subprocess.run(
        [sys.executable, __file__, "--listing", "10000"], capture_output=True, text=True, timeout=600
    )
    r = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"listing of {r['listing_links']} links: discovery {r['seconds']} s, peak RSS {r['peak_rss_mb']} MB")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        print(json.dumps(one(float(sys.argv[2]), sys.argv[3])))
    elif len(sys.argv) > 1 and sys.argv[1] == "--listing":
        print(json.dumps(listing(int(sys.argv[2]))))
    else:
        main()
