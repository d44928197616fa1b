"""Extraction throughput: seed-sized bulletins per second on one core (DESIGN.md target: >= 1,000/s).

Usage: PYTHONPATH=. python benchmarks/bench_extract.py [N]

Prints two figures, each from N extractions in this process only (one core):

1. Synthetic bulletins written here, so the benchmark runs without the shared corpus: a title line, a summary
   paragraph, 12 categories 一、 with heading targets and 36 items 1. with figures, percents and 其中 parts.
   Each has ~4,000 characters (~9 kB UTF-8) and 150 figures: the seed's size, but twice its figures (the real
   seed has 76), so this is the harder of the two. Each iteration uses a distinct text (the numbers change).
2. The real seed bulletin, ../shared/corpus/000-seed/bulletin.txt relative to the repository root (3,680
   characters, 76 figures; skipped with a message when the corpus is absent), extracted N times with a line
   "#<i>" appended so that every text is distinct. (Appended spaces would not do: normalisation strips them, so
   every text would normalise to the same string.) The extra line holds no figure.

Nothing is cached across texts: extraction keeps no state keyed on a bulletin's text.

Then, for the real seed (else the synthetic bulletins), where the time goes and the floor:

3. Phases, per bulletin: normalising the text, document facts, structure (items, category headings and their
   targets), the one whole-text quantity scan (the `QUANTITY` regex and the checks of its matches), and the rest
   (per sentence: roles, labels, percents, targets, parts; heading targets; kinds).
4. The floor: normalise, run the `QUANTITY` and `PERCENT` regexes once over the text and build one `Figure` per
   match (as the extractor builds them), with no rule at all: no labels, roles, percents of plan, targets, parts,
   document facts or structure. It bounds what any extractor built on CPython's `re` and these records can reach:
   the rules can only add to it. Compare it with the target.
"""

from __future__ import annotations

import pathlib
import sys
import time

from transforms import extract as extraction
from transforms.extract import extract, quantities
from transforms.extract.figures import make_figure
from transforms.text import bulletin_text

CATEGORY = "{c}、推进民生保障,新增就业{t}万人,建设养老床位{b}张,改造老旧小区{o}个\n"
ITEM = ("{n}.就业方面,全市城镇新增就业{v}万人,占年计划的{p}%;建成社区食堂{x}处、助餐点{y}个,"
        "分别占年计划的100%和{z}%,其中{k}处已投入使用,相关工作正在按计划有序推进。\n")
NUMERALS = "一二三四五六七八九十"
SEED = pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "000-seed" / "bulletin.txt"


def bulletin(seed: int) -> str:
    """A seed-sized (~4,000 characters, ~9 kB UTF-8, 150 figures) bulletin whose numbers depend on `seed`."""
    parts = [f"2020年海滨市办实事进展顺利,截至10月底已有{seed % 30 + 1}项提前完成年度目标\n",
             f"海滨日报11月11日讯 截至10月底,2020年12件36项市办实事中的{seed % 30 + 1}项已实现年度目标。\n"]
    n = 1
    for c in range(12):
        parts.append(CATEGORY.format(c=NUMERALS[c % 10] + ("" if c < 10 else NUMERALS[c - 10]), t=30 + c,
                                     b=1000 + seed % 97, o=110 + c))
        for _ in range(3):
            parts.append(ITEM.format(n=n, v=f"{41 + n}.{seed % 100:02d}", p=f"{100 + n}.{seed % 10}",
                                     x=12 + n, y=100 + n, z=100 + n % 7, k=5 + n % 5))
            n += 1
    return "".join(parts)


def _rate(label: str, texts: list[str]) -> float:
    """Extract every text once; print and return bulletins per second."""
    extract(texts[0])  # warm-up: imports, regex compilation
    start = time.perf_counter()
    figures = 0
    for text in texts:
        figures += len(extract(text).figures)
    elapsed = time.perf_counter() - start
    count = len(texts)
    rate = count / elapsed
    size = sum(map(len, texts)) / count
    print(f"{label}: {count} bulletins of {size:,.0f} characters, {figures / count:.0f} figures each: "
          f"{rate:,.0f} bulletins/s on one core ({1000 * elapsed / count:.2f} ms each); target >= 1,000/s")
    return rate


def _per_bulletin_us(function, texts: list[str]) -> float:
    """Mean microseconds of `function(text)` over `texts`."""
    start = time.perf_counter()
    for text in texts:
        function(text)
    return 1e6 * (time.perf_counter() - start) / len(texts)


def _phases(label: str, raw_texts: list[str]) -> None:
    """Print the mean time per bulletin of each extraction phase (module docstring, 3)."""
    texts = [bulletin_text(raw) for raw in raw_texts]
    phases = {
        "normalise": _per_bulletin_us(bulletin_text, raw_texts),
        "document facts": _per_bulletin_us(extraction.parse_document, texts),
        "structure": _per_bulletin_us(extraction.parse_structure, texts),
        "quantity scan": _per_bulletin_us(lambda text: quantities.TextIndex(text).quantities(), texts),
    }
    whole = phases["normalise"] + _per_bulletin_us(extraction.extract_text, texts)
    phases["the rest (sentence rules, targets, kinds)"] = whole - sum(phases.values())
    shares = ", ".join(f"{name} {us:,.0f} µs" for name, us in phases.items())
    print(f"{label} phases, per bulletin: {shares}; whole {whole:,.0f} µs")


def _rules_free(raw: str) -> list:
    """The floor (module docstring, 4): normalise, one scan per pattern, one `Figure` per match, no rules."""
    text = bulletin_text(raw)
    figures = []
    for m in quantities.QUANTITY.finditer(text):
        q = quantities.Quantity(m.start("num"), m.end(), m.group("num"), m.group("unit"), m.group("pre"))
        figures.append(make_figure(q, None, len(figures), "", 0, ""))
    for m in quantities.PERCENT.finditer(text):
        q = quantities.Quantity(m.start(), m.end(), m.group("num"), "%", None)
        figures.append(make_figure(q, None, len(figures), "", 0, ""))
    return figures


def main(count: int = 2000) -> float:
    synthetic = [bulletin(i) for i in range(count)]
    rate = _rate("synthetic", synthetic)
    if SEED.is_file():
        seed = SEED.read_text(encoding="utf-8")
        label, texts = "real seed", [f"{seed}\n#{i}" for i in range(count)]
        _rate(label, texts)
    else:
        print(f"real seed: skipped, {SEED} not found (the shared corpus sits beside the repository)")
        label, texts = "synthetic", synthetic
    _phases(label, texts)
    floor_us = _per_bulletin_us(_rules_free, texts)
    print(f"{label} floor, no rules (normalise, one QUANTITY and one PERCENT scan, a Figure per match): "
          f"{1e6 / floor_us:,.0f} bulletins/s ({floor_us / 1000:.2f} ms each); target >= 1,000/s")
    return rate


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
