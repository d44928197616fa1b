"""Extraction output before and after a change: byte-identical or not, and the paired speed of both.

Usage (from the repository root):

    .venv/bin/python benchmarks/compare_extraction.py --save BASELINE.jsonl        # write this code's output
    .venv/bin/python benchmarks/compare_extraction.py --baseline BASELINE.jsonl    # compare with a saved output
    .venv/bin/python benchmarks/compare_extraction.py --against REV                # compare with the code at REV
    .venv/bin/python benchmarks/compare_extraction.py --against REV --speed 1000   # and time both, paired

Inputs, in this order: every bulletin of ../shared/corpus (`bulletin.txt` or `bulletin.html`, skipped with a
message when the corpus is absent), every file of `samples/` that is a bulletin (.html, .htm, .txt), and the
synthetic bulletins of `benchmarks/bench_extract.py` (`--synthetic N`, 200 by default). Each gives one line of
`progress-warehouse extract --json` output: `flows.ingest.fetch.fetch` reads the file as the CLI does, then
`to_json_record(extract_text(bulletin_text(text)), source)`, dumped with `ensure_ascii=False`.

`--against REV` loads `transforms/extract.py` or the `transforms/extract/` package as it is at the git revision
REV into a temporary directory (under another module name; the rest of the project is today's) and runs both.
`--speed N` then times `extract` of both codes on N synthetic bulletins and N copies of the real seed, in
alternating rounds of the same process (paired, so a busy machine slows both alike; CPU time of the process),
and prints the ratio.

Exit status 0 when the outputs are byte-identical, 1 when any line differs (the first differing sources and
fields are printed).
"""

from __future__ import annotations

import argparse
import importlib
import json
import pathlib
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_extract import SEED, bulletin  # noqa: E402
from flows.ingest.fetch import fetch  # noqa: E402
from transforms.record import to_json_record  # noqa: E402
from transforms.scoring import corpus_half  # noqa: E402
from transforms.text import bulletin_text  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLES = ROOT / "samples"
BULLETIN_SUFFIXES = (".html", ".htm", ".txt")


def inputs(synthetic: int) -> Iterator[tuple[str, str]]:
    """(source name, raw text) of every input, in a fixed order (module docstring)."""
    if CORPUS.is_dir():
        for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
            for name in ("bulletin.txt", "bulletin.html"):
                path = folder / name
                if path.is_file():
                    yield f"corpus/{folder.name}/{name}", fetch(str(path)).text
    else:
        print(f"corpus: skipped, {CORPUS} not found", file=sys.stderr)
    for path in sorted(SAMPLES.iterdir()):
        if path.suffix in BULLETIN_SUFFIXES:
            yield f"samples/{path.name}", fetch(str(path)).text
    for i in range(synthetic):
        yield f"synthetic/{i}", bulletin(i)


def output_lines(extract_text: Callable, synthetic: int) -> list[str]:
    """One `extract --json` line per input, extracted by `extract_text`."""
    lines = []
    for source, raw in inputs(synthetic):
        record = to_json_record(extract_text(bulletin_text(raw)), source)
        lines.append(json.dumps(record, ensure_ascii=False))
    return lines


def load_revision(rev: str, into: pathlib.Path):
    """The extraction module of git revision `rev`, imported as `extract_at_rev` from a copy under `into`."""
    listing = subprocess.run(
        ["git", "-C", str(ROOT), "ls-tree", "-r", "--name-only", rev, "transforms/"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    package = [p for p in listing if p.startswith("transforms/extract/") and p.endswith(".py")]
    files = package or ["transforms/extract.py"]
    for path in files:
        body = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{rev}:{path}"], check=True, capture_output=True, text=True
        ).stdout
        relative = path.removeprefix("transforms/")
        relative = relative.replace("extract/", "extract_at_rev/", 1) if package else "extract_at_rev.py"
        # Imports inside the package name it absolutely (transforms.extract.x): point them at the copy.
        body = body.replace("transforms.extract.", "extract_at_rev.").replace(
            "from transforms.extract import", "from extract_at_rev import"
        )
        target = into / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    sys.path.insert(0, str(into))
    return importlib.import_module("extract_at_rev")


def compare(before: list[str], after: list[str]) -> int:
    """Print the comparison; 0 when byte-identical, else 1."""
    if before == after:
        size = sum(len(line.encode()) + 1 for line in after)
        figures = sum(line.count('"id": "F') for line in after)
        print(f"byte-identical: {len(after)} bulletins, {figures} figures, {size:,} bytes of JSON lines")
        return 0
    print(f"DIFFERENT: {len(before)} lines before, {len(after)} after")
    shown = blind = 0
    for old, new in zip(before, after):
        if old == new:
            continue
        a, b = json.loads(old), json.loads(new)
        if _in_blind_half(a["source"]):
            blind += 1  # rules are written without reading the blind half: count its changes, show none
            continue
        fields = [k for k in a if a[k] != b.get(k)]
        print(f"  {a['source']}: differs in {', '.join(fields)}")
        for k, (m, n) in enumerate(zip(a["metrics"], b["metrics"])):
            if m != n:
                print(f"    metric {k}: {[(f, m[f], n.get(f)) for f in m if m[f] != n.get(f)]}")
                break
        shown += 1
        if shown == 10:
            break
    if blind:
        print(f"  and {blind} bulletin(s) of the corpus's blind half (odd ids): details not shown")
    return 1


def _in_blind_half(source: str) -> bool:
    """True for a bulletin of the corpus's blind half (odd ids, `transforms.scoring.corpus_half`)."""
    if not source.startswith("corpus/"):
        return False
    return corpus_half(source.split("/")[1]) == "blind"


def paired_speed(before, after, count: int, rounds: int = 10) -> None:
    """Bulletins per second of `before.extract` and `after.extract`, alternating rounds (module docstring)."""
    sets = {"synthetic": [bulletin(10_000 + i) for i in range(count)]}
    if SEED.is_file():
        seed = SEED.read_text(encoding="utf-8")
        sets["real seed"] = [f"{seed}\n#{i}" for i in range(count)]
    for label, texts in sets.items():
        times: dict[str, list[float]] = {"before": [], "after": []}
        for module in (before, after):
            module.extract(texts[0])  # warm-up
        for r in range(rounds):
            order = (("before", before), ("after", after)) if r % 2 == 0 else (("after", after), ("before", before))
            for name, module in order:
                start = time.process_time()  # CPU time of this process: other developers' load counts less
                for text in texts:
                    module.extract(text)
                times[name].append(time.process_time() - start)
        rate = {name: len(texts) / min(t) for name, t in times.items()}
        ratios = sorted(a / b for a, b in zip(times["after"], times["before"]))
        print(
            f"{label}: before {rate['before']:,.0f}/s, after {rate['after']:,.0f}/s (best of {rounds} rounds of "
            f"{len(texts)}); time after/before per round: median {ratios[len(ratios) // 2]:.3f}, "
            f"range {ratios[0]:.3f}-{ratios[-1]:.3f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--save", type=pathlib.Path, help="write this code's output (JSON lines) here")
    parser.add_argument("--baseline", type=pathlib.Path, help="compare this code's output with this file")
    parser.add_argument("--against", metavar="REV", help="compare with the extractor at this git revision")
    parser.add_argument("--synthetic", type=int, default=200, help="synthetic bulletins (default 200)")
    parser.add_argument("--speed", type=int, default=0, metavar="N", help="with --against: time both on N texts")
    args = parser.parse_args(argv)

    current = importlib.import_module("transforms.extract")
    start = time.perf_counter()
    after = output_lines(current.extract_text, args.synthetic)
    print(f"extracted {len(after)} bulletins in {time.perf_counter() - start:.1f} s")
    status = 0
    if args.save:
        args.save.write_text("".join(line + "\n" for line in after), encoding="utf-8")
        print(f"saved {args.save}")
    if args.baseline:
        before = args.baseline.read_text(encoding="utf-8").splitlines()
        print(f"against {args.baseline}: ", end="")
        status |= compare(before, after)
    if args.against:
        with tempfile.TemporaryDirectory() as tmp:
            old = load_revision(args.against, pathlib.Path(tmp))
            print(f"against {args.against}: ", end="")
            status |= compare(output_lines(old.extract_text, args.synthetic), after)
            if args.speed:
                paired_speed(old, current, args.speed)
    return status


if __name__ == "__main__":
    sys.exit(main())
