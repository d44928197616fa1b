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
from transforms.scoring import ATTRIBUTES, DOCUMENT_FIELDS, BulletinScore, CorpusScore, score_bulletin

BULLETIN_FILES = ("bulletin.txt", "bulletin.html")


def corpus_bulletins(corpus_dir: pathlib.Path) -> list[pathlib.Path]:
    """Bulletin folders of a corpus (those holding a bulletin file and gold.json), sorted by name (= id)."""
    return sorted(d for d in corpus_dir.iterdir()
                  if d.is_dir() and (d / "gold.json").is_file() and any((d / f).is_file() for f in BULLETIN_FILES))


def evaluate_corpus(corpus_dir: pathlib.Path) -> CorpusScore:
    """Extract and score every bulletin of `corpus_dir`. Raises FileNotFoundError when the folder is missing."""
    if not corpus_dir.is_dir():
        raise FileNotFoundError(corpus_dir)
    scores: list[BulletinScore] = []
    for folder in corpus_bulletins(corpus_dir):
        source = next(folder / f for f in BULLETIN_FILES if (folder / f).is_file())
        raw = source.read_text(encoding="utf-8")
        gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        predicted = to_json_record(extract(raw), source=str(source))
        scores.append(score_bulletin(folder.name, gold, predicted))
    return CorpusScore(scores)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def _print_table(result: CorpusScore) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Figure extraction vs gold (percent; accuracy on matched figures)")
    for name in ("bulletin", "gold", "pred", "match", "P", "R", "F1", "pct", "target", "parent", "document"):
        table.add_column(name, justify="left" if name == "bulletin" else "right")
    for b in result.bulletins:
        doc = b.as_dict()["document_accuracy"]
        table.add_row(b.id, str(b.gold), str(b.predicted), str(b.matched), _pct(b.precision), _pct(b.recall),
                      _pct(b.f1), *(_pct(b.accuracy(a)) for a in ATTRIBUTES), _pct(doc))
    summary = result.as_dict()
    table.add_section()
    table.add_row("overall", str(summary["gold"]), str(summary["predicted"]), str(summary["matched"]),
                  _pct(result.precision), _pct(result.recall), _pct(result.f1),
                  *(_pct(result.accuracy(a)) for a in ATTRIBUTES), _pct(result.document_accuracy()))
    # Piped output (CI logs, less) has no terminal width; 140 columns keeps bulletin ids readable.
    console = Console(width=None if sys.stdout.isatty() else 140)
    console.print(table)
    fields = ", ".join(f"{f} {_pct(result.document_accuracy(f))}" for f in DOCUMENT_FIELDS)
    console.print(f"document fields: {fields}")


def run_eval(corpus_dir: pathlib.Path, as_json: bool) -> int:
    """Evaluate the extractor on a gold-labelled corpus and print the scores; returns the process exit code.

    Prints a table per bulletin plus an overall row (rich), or with `as_json` one JSON object
    `{"overall": {...}, "bulletins": [{...}, ...]}` (bulletins include missed/spurious figures for debugging).
    Exit code 0 after printing; 2 with a message on stderr when `corpus_dir` is missing or holds no bulletin.
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
    result = evaluate_corpus(corpus_dir)
    if as_json:
        bulletins = []
        for b in result.bulletins:
            entry = b.as_dict()
            entry.update(missed=b.missed, spurious=b.spurious, disagreements=b.disagreements)
            bulletins.append(entry)
        print(json.dumps({"overall": result.as_dict(), "bulletins": bulletins}, ensure_ascii=False, default=str))
    else:
        _print_table(result)
    return 0


if __name__ == "__main__":  # developer convenience; the product command is `progress-warehouse eval`
    args = [a for a in sys.argv[1:] if a != "--json"]
    sys.exit(run_eval(pathlib.Path(args[0] if args else "../shared/corpus"), "--json" in sys.argv))
