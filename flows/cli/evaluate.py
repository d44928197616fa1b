"""Corpus evaluation: extract every bulletin of a gold-labelled corpus and score it (`progress-warehouse eval`).

Thin edge around pure code: this module reads the corpus files and prints; extraction is
`transforms.extract.extract` and scoring is `transforms.scoring`. No Prefect here: an evaluation is a developer
command that must start fast and run offline.

Corpus layout (../shared/corpus/README.md): one folder per bulletin holding `bulletin.txt` or `bulletin.html`
and `gold.json`.
"""

from __future__ import annotations

import json
import pathlib
import sys

from transforms.extract import extract
from transforms.record import to_json_record
from transforms.scoring import (ATTRIBUTES, DOCUMENT_FIELDS, HALVES, BulletinScore, CorpusScore, corpus_half,
                               score_bulletin)

BULLETIN_FILES = ("bulletin.txt", "bulletin.html")


def corpus_bulletins(corpus_dir: pathlib.Path) -> list[pathlib.Path]:
    """Bulletin folders of a corpus (those holding a bulletin file and gold.json), sorted by name (= id)."""
    return sorted(d for d in corpus_dir.iterdir()
                  if d.is_dir() and (d / "gold.json").is_file() and any((d / f).is_file() for f in BULLETIN_FILES))


def evaluate_corpus(corpus_dir: pathlib.Path, half: str | None = None) -> CorpusScore:
    """Extract and score every bulletin of `corpus_dir` (only those of `half`, "working" or "blind", when given).

    Missed gold figures get a `sentence` key: the sentence of the bulletin's normalised text where the value is
    written, so `--misses` shows what the extractor did not read. Raises FileNotFoundError when the folder is
    missing, ValueError for an unknown half.
    """
    if not corpus_dir.is_dir():
        raise FileNotFoundError(corpus_dir)
    if half is not None and half not in HALVES:
        raise ValueError(f"unknown corpus half {half!r}; expected one of {HALVES}")
    scores: list[BulletinScore] = []
    for folder in corpus_bulletins(corpus_dir):
        if half is not None and corpus_half(folder.name) != half:
            continue
        source = next(folder / f for f in BULLETIN_FILES if (folder / f).is_file())
        raw = source.read_text(encoding="utf-8")
        gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        extraction = extract(raw)
        score = score_bulletin(folder.name, gold, to_json_record(extraction, source=str(source)))
        for missed in score.missed:
            missed["sentence"] = sentence_with_value(extraction.text, missed.get("value"))
        scores.append(score)
    return CorpusScore(scores)


_SENTENCE_END = "。;!?\n"


def sentence_with_value(text: str, value) -> str | None:
    """The first sentence of `text` (split at 。;!? and line ends) where `value` is written as digits
    (41.58 -> "41.58", 1000 -> "1000" or "1,000"); None when it is written nowhere (e.g. in Chinese numerals)."""
    if value is None:
        return None
    number = format(value, "f") if isinstance(value, float) else str(value)
    forms = [number] + ([f"{int(value):,}"] if isinstance(value, int) and value >= 1000 else [])
    for form in forms:
        at = text.find(form)
        while at != -1 and (at > 0 and text[at - 1].isdigit() or text[at + len(form):at + len(form) + 1].isdigit()):
            at = text.find(form, at + 1)
        if at != -1:
            start = max(text.rfind(c, 0, at) for c in _SENTENCE_END) + 1
            ends = [e for e in (text.find(c, at) for c in _SENTENCE_END) if e != -1]
            return text[start:min(ends) + 1 if ends else len(text)].strip()
    return None


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


_COLUMNS = ("bulletin", "half", "gold", "pred", "match", "P", "R", "F1", "pct", "target", "parent", "label",
            "document")


def _score_row(name: str, half: str, score: BulletinScore | CorpusScore, counts: tuple[int, int, int]) -> list[str]:
    document = score.document_accuracy() if isinstance(score, CorpusScore) else score.as_dict()["document_accuracy"]
    return [name, half, *(str(c) for c in counts), _pct(score.precision), _pct(score.recall), _pct(score.f1),
            *(_pct(score.accuracy(a)) for a in ATTRIBUTES), _pct(document)]


def _corpus_counts(score: CorpusScore) -> tuple[int, int, int]:
    summary = score.as_dict()
    return summary["gold"], summary["predicted"], summary["matched"]


def _print_table(result: CorpusScore, misses: bool) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="Figure extraction vs gold (percent; strict accuracy on matched figures)")
    for name in _COLUMNS:
        table.add_column(name, justify="left" if name in ("bulletin", "half") else "right")
    for b in result.bulletins:
        table.add_row(*_score_row(b.id, b.half, b, (b.gold, b.predicted, b.matched)))
    table.add_section()
    for half in HALVES:
        part = result.half(half)
        if part.bulletins:
            table.add_row(*_score_row(f"{half} half ({len(part.bulletins)})", half, part, _corpus_counts(part)))
    table.add_row(*_score_row(f"overall ({len(result.bulletins)})", "", result, _corpus_counts(result)))
    # Piped output (CI logs, less) has no terminal width; 150 columns keeps bulletin ids readable.
    console = Console(width=None if sys.stdout.isatty() else 150, highlight=False)
    console.print(table)
    fields = ", ".join(f"{f} {_pct(result.document_accuracy(f))}" for f in DOCUMENT_FIELDS)
    console.print(f"document fields: {fields}")
    if misses:
        for b in result.bulletins:
            for kind, metrics in (("missed", b.missed), ("extra", b.spurious)):
                for m in metrics:
                    console.print(f"{b.id} {kind}: {escape(_figure_line(m))}")
            for d in b.disagreements:
                console.print(f"{b.id} wrong {','.join(d['fields'])}: gold {escape(_figure_line(d['gold']))} "
                              f"| predicted {escape(_figure_line(d['predicted']))}")


def _figure_line(metric: dict) -> str:
    """One figure as a line: item, label, value unit, pct, target, parent, and the sentence it came from."""
    parts = [f"[{metric.get('item')}] {metric.get('label')} = {metric.get('value')} {metric.get('unit') or ''}"]
    for key in ("pct_of_plan", "target", "part_of"):
        if metric.get(key) is not None:
            parts.append(f"{key}={metric[key]}{metric.get('target_unit') or '' if key == 'target' else ''}")
    if metric.get("sentence"):
        parts.append(f"<< {metric['sentence'][:160]} >>")
    return " ".join(parts)


def run_eval(corpus_dir: pathlib.Path, as_json: bool, half: str | None = None, misses: bool = False) -> int:
    """Evaluate the extractor on a gold-labelled corpus and print the scores; returns the process exit code.

    Prints a table per bulletin plus rows for the working half, the blind half and the whole corpus (rich), and
    with `misses` every missed figure, extra figure and attribute disagreement with its sentence; or with
    `as_json` one JSON object `{"overall": {...}, "halves": {"working": {...}, "blind": {...}},
    "bulletins": [{...}, ...]}` (bulletins include missed/spurious figures and disagreements). `half` restricts
    the run to "working" or "blind". Exit code 0 after printing; 2 with a message on stderr when `corpus_dir` is
    missing or holds no bulletin, or `half` is unknown.
    """
    corpus_dir = pathlib.Path(corpus_dir)
    if not corpus_dir.is_dir():
        print(f"eval: corpus folder {corpus_dir} does not exist; pass the folder holding <id>/bulletin.* and "
              f"<id>/gold.json (e.g. ../shared/corpus)", file=sys.stderr)
        return 2
    if not corpus_bulletins(corpus_dir):
        print(f"eval: {corpus_dir} holds no bulletin folder (<id>/bulletin.txt|bulletin.html with gold.json)",
              file=sys.stderr)
        return 2
    if half is not None and half not in HALVES:
        print(f"eval: unknown half {half!r}; use one of: {', '.join(HALVES)}", file=sys.stderr)
        return 2
    result = evaluate_corpus(corpus_dir, half)
    if as_json:
        bulletins = []
        for b in result.bulletins:
            entry = b.as_dict()
            entry.update(missed=b.missed, spurious=b.spurious, disagreements=b.disagreements)
            bulletins.append(entry)
        halves = {h: result.half(h).as_dict() for h in HALVES if result.half(h).bulletins}
        print(json.dumps({"overall": result.as_dict(), "halves": halves, "bulletins": bulletins},
                         ensure_ascii=False, default=str))
    else:
        _print_table(result, misses)
    return 0


if __name__ == "__main__":  # developer convenience; the product command is `progress-warehouse eval`
    import argparse

    parser = argparse.ArgumentParser(prog="python -m flows.cli.evaluate", description=run_eval.__doc__)
    parser.add_argument("corpus", nargs="?", default="../shared/corpus", type=pathlib.Path)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--half", choices=HALVES)
    parser.add_argument("--misses", action="store_true")
    options = parser.parse_args()  # an unknown option is an error, never silently ignored (it once ignored --half)
    sys.exit(run_eval(options.corpus, options.json, half=options.half, misses=options.misses))
