"""The auditor report of one run: Markdown (also the Prefect artifact) and self-contained HTML.

Every number is tied to the sentence it came from: the section "Figures by bulletin" lists every figure of every
bulletin checked (value and unit as written, label, percent of plan, stated target) under its sentence with the
number highlighted, and the checks that applied to it (those passed by every figure of the bulletin once, in its
heading); failed and warned checks show the bulletin's sentence with the number highlighted, reported vs computed,
the source URL and the archive hash; percent checks also show the value and the stated target with their units and
where the target was read, so 100 × value / target can be recomputed by hand. The HTML has no network assets (its only links are to its own sections) and escapes every
text taken from a bulletin.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from collections.abc import Iterator
from typing import TYPE_CHECKING

import polars as pl

from expectations.rules import ERROR, INFO, RULES, SEVERITIES, WARNING, figure_name, rule_named
from transforms.checks import ShareClaim, summary_share_claims
from transforms.numbers import to_base
from transforms.record import EXTRACTOR_VERSION, Figure
from transforms.stages import Loaded

if TYPE_CHECKING:
    from warehouse.freshness import Restatement, SourceFreshness
    from warehouse.reprocessing import Reprocessed


BulletinReport = Loaded
"""What the report needs of one bulletin: its last stage record (transforms.stages.Loaded), by its report name."""


@dataclass
class RunReport:
    """All bulletins of one flow run (each names its own archived GX validation result JSON)."""

    flow_run_id: str | None
    bulletins: list[BulletinReport] = field(default_factory=list)
    produced_by: str | None = None
    """What produced the report when not a flow run ("revalidation <run> of snapshot 7"); else "flow run <id>"."""
    extractor_version: str = EXTRACTOR_VERSION
    """The extractor that produced the figures checked (a revalidation checks a snapshot's stored figures)."""
    freshness: list[SourceFreshness] | None = None
    """The run's named sources against their publication calendars (None: not a fetching run, no section)."""
    restatements: list[Restatement] | None = None
    """Figures this run's new snapshots restate (warehouse view `restatements`; None: not a loading run, no
    section)."""
    reprocessed: list[Reprocessed] | None = None
    """A reprocess run: each re-extracted bulletin's figures added, removed and changed and checks that changed
    status between the two extractor versions (None: not a reprocess, no section)."""
    stored_figures: pl.DataFrame | None = None
    """Every figure of the snapshots this run checked, as stored, with the checks of their latest validation run
    (warehouse.evidence.FIGURE_EVIDENCE_SCHEMA): the section "Figures by bulletin" lists them. None: that section
    reads each bulletin's extraction and check rows instead (kept in full by runs other than a backfill)."""

    @property
    def origin(self) -> str:
        """The report's subtitle: `produced_by`, else the flow run."""
        return self.produced_by or f"flow run {self.flow_run_id or '(no flow run)'}"

    def gx_results(self) -> dict[str, int]:
        """Archived GX validation result JSON paths, in bulletin order -> number of bulletins each checked. The
        report numbers them as batches 1, 2, … in this order."""
        paths: dict[str, int] = {}
        for b in self.bulletins:
            if b.gx_result_path:
                paths[b.gx_result_path] = paths.get(b.gx_result_path, 0) + 1
        return paths


SEVERITY_ORDER = {name: rank for rank, name in enumerate(SEVERITIES)}
STATED_PCT_RULE = "pct_matches_stated_target"
PERCENT_RULES = ("pct_matches_stated_target", "pct_matches_other_basis", "pct_target_in_comparable_unit",
                 "magnitude_matches_target")
"""Rules whose rows show the value, the stated target and where it was read (figure.target_source)."""

TARGET_SOURCES = {"heading": "category heading", "text": "bulletin text", "table column": "table column",
                  "commitment": "item's commitment"}
"""Where extraction read a stated target (Figure.target_source), as the report words it."""


def _figure(bulletin: BulletinReport, figure_id: str | None) -> Figure | None:
    if bulletin.extraction is None or figure_id is None:
        return None
    return next((f for f in bulletin.extraction.figures if f.id == figure_id), None)


def _claim(bulletin: BulletinReport, claim_id: str | None) -> ShareClaim | None:
    if bulletin.extraction is None or claim_id is None or not bulletin.extraction.text:
        return None
    return next((c for c in summary_share_claims(bulletin.extraction.text) if c.id == claim_id), None)


def _evidence(bulletin: BulletinReport, figure_id: str | None, rule: str | None = None) -> list[tuple[str, bool]] | None:
    """The sentence holding the figure (or summary claim) as (text, highlighted) pieces: the number as written is
    highlighted, and for percent rules the reported percent after it too. None for bulletin-level checks."""
    fig = _figure(bulletin, figure_id)
    claim = _claim(bulletin, figure_id) if fig is None else None
    if claim is not None:
        sentence, offset = claim.sentence, claim.sentence_start
        marks = [(claim.count_start - offset, claim.count_end - offset), (claim.start - offset, claim.end - offset)]
    elif fig is not None:
        sentence, start = fig.sentence, fig.start - fig.sentence_start
        marks = [(start, start + fig.end - fig.start)]
        if rule and (rule.startswith("pct_") or rule in PERCENT_RULES) and fig.pct_text:
            at = sentence.find(f"{fig.pct_text}%", marks[0][1])
            if at >= 0:
                marks.append((at, at + len(fig.pct_text) + 1))
    else:
        return None
    pieces, cursor = [], 0
    for begin, end in marks:
        pieces += [(sentence[cursor:begin], False), (sentence[begin:end], True)]
        cursor = end
    pieces.append((sentence[cursor:], False))
    return [p for p in pieces if p[0]]


@dataclass(frozen=True)
class FigureLine:
    """One figure as the section "Figures by bulletin" shows it: as written, with its evidence and its checks.
    `value` "0.72 万人"; `pct` "6 %" (None without a percent of plan); `target` "12 万人 (category heading)" (None
    without a stated target); `sentence` starts at `sentence_start` and the number is text[start:end]; `passed`:
    names of the rules it passed; `failed`: (severity, rule) of those it failed, most severe first."""

    id: str
    item: str | None
    label: str | None
    value: str
    pct: str | None
    target: str | None
    sentence: str
    sentence_start: int
    start: int
    end: int
    passed: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]


def _target_text(target: Decimal | None, unit: str | None, source: str | None) -> str | None:
    if target is None:
        return None
    where = TARGET_SOURCES.get(source or "", source or "")
    return f"{_num(target)} {unit or ''}".rstrip() + (f" ({where})" if where else "")


def _ranked(failed: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(failed, key=lambda f: (SEVERITY_ORDER.get(f[0], 9), f[1])))


def figure_lines(b: BulletinReport, stored: pl.DataFrame | None) -> list[FigureLine] | None:
    """The figures of one bulletin in text order: from `stored` (its rows of warehouse.evidence, when the run read
    them) or else from its extraction and this run's check rows. None when neither is at hand: a bulletin not
    loaded, or already loaded (its figures are in the report of the run that checked it)."""
    if stored is not None and stored.height:
        return [FigureLine(r["id"], r["item"], r["label"], f"{r['value_text']} {r['unit']}",
                           f"{r['pct_text']} %" if r["pct_text"] else None,
                           _target_text(r["target"], r["target_unit"], r["target_source"]),
                           r["sentence"] or "", r["sentence_start"] or 0, r["start"], r["end"],
                           tuple(r["passed_rules"] or ()),
                           _ranked([(f["severity"], f["rule"]) for f in r["failed_rules"] or ()]))
                for r in stored.iter_rows(named=True)]
    if b.extraction is None or not _checked(b):
        return None
    passed: dict[str, list[str]] = {}
    failed: dict[str, list[tuple[str, str]]] = {}
    if b.results is not None:
        for rule, severity, ok, figure_id in zip(b.results["rule"].to_list(), b.results["severity"].to_list(),
                                                 b.results["passed"].to_list(), b.results["figure_id"].to_list()):
            if figure_id is not None:
                if ok:
                    passed.setdefault(figure_id, []).append(rule)
                else:
                    failed.setdefault(figure_id, []).append((severity, rule))
    return [FigureLine(f.id, f.item, f.label, f"{f.value_text} {f.unit}", f"{f.pct_text} %" if f.pct_text else None,
                       _target_text(f.target, f.target_unit, f.target_source), f.sentence or "", f.sentence_start,
                       f.start, f.end, tuple(sorted(passed.get(f.id, ()))), _ranked(failed.get(f.id, [])))
            for f in sorted(b.extraction.figures, key=lambda f: (f.start, f.id))]


def _by_sentence(lines: list[FigureLine]) -> list[tuple[list[tuple[str, bool]], list[FigureLine]]]:
    """Figures grouped by their sentence (in text order), each sentence as (text, highlighted) pieces with every
    one of its figures' numbers highlighted: a sentence is shown once however many numbers it holds."""
    groups: dict[tuple[int, str], list[FigureLine]] = {}
    for line in lines:
        groups.setdefault((line.sentence_start, line.sentence), []).append(line)
    out = []
    for (offset, sentence), members in groups.items():
        pieces, cursor = [], 0
        for m in sorted(members, key=lambda m: m.start):
            begin, end = m.start - offset, m.end - offset
            if begin < cursor or begin < 0 or end > len(sentence):
                continue  # overlapping or outside the sentence: shown unmarked rather than garbled
            pieces += [(sentence[cursor:begin], False), (sentence[begin:end], True)]
            cursor = end
        pieces.append((sentence[cursor:], False))
        out.append(([p for p in pieces if p[0]], members))
    return out


def _common_passed(lines: list[FigureLine]) -> tuple[str, ...]:
    """Rules every figure of the bulletin passed: shown once per bulletin, not once per figure (report size)."""
    if not lines:
        return ()
    common = set(lines[0].passed)
    for line in lines[1:]:
        common &= set(line.passed)
    return tuple(sorted(common))


@dataclass(frozen=True)
class _FiguresAtHand:
    """Where one bulletin's figures come from for the section "Figures by bulletin": its rows of the run's stored
    figures (a zero-copy slice), else its extraction; `count`: how many. Lines are built one bulletin at a time
    while the section is written, so a 10,000-bulletin backfill never holds them all."""

    index: int
    bulletin: BulletinReport
    stored: pl.DataFrame | None
    count: int

    def lines(self) -> list[FigureLine]:
        return figure_lines(self.bulletin, self.stored) or []


def _figures_at_hand(run: RunReport) -> list[_FiguresAtHand]:
    """The bulletins whose figures the section lists, in bulletin order (those with at least one figure)."""
    slices: dict[int, tuple[int, int]] = {}
    stored = run.stored_figures
    if stored is not None and stored.height:
        stored = stored.sort("snapshot_id", maintain_order=True)
        bounds = stored.with_row_index("_row").group_by("snapshot_id").agg(pl.col("_row").min(), pl.len())
        slices = {sid: (first, n) for sid, first, n in bounds.iter_rows()}
    out = []
    for i, b in enumerate(run.bulletins, 1):
        if b.snapshot_id in slices and (b.created or _checked(b)):
            first, n = slices[b.snapshot_id]
            assert stored is not None
            out.append(_FiguresAtHand(i, b, stored.slice(first, n), n))
        elif b.extraction is not None and _checked(b) and b.extraction.figures:
            out.append(_FiguresAtHand(i, b, None, len(b.extraction.figures)))
    return out


FIGURES_IN_ARTIFACT_MAX = 2_000
"""Above this many figures the Markdown given to Prefect as an artifact leaves the figure listing out (Prefect
stores artifacts in its database and shows them in its UI); the report files always have it."""


FIGURES_NOTE = ("Every figure of every bulletin this run checked, under the sentence it came from (the numbers "
                "highlighted), as written: value and unit, percent of plan, stated target and where it was read. "
                "Checks: those every figure of the bulletin passed are named once in its heading; a figure lists "
                "the others it passed and every check it failed (details under Failures by bulletin). A bulletin "
                "an earlier run loaded (unchanged here) is listed by the report of that run.")


def _num(value: Decimal) -> str:
    """A Decimal as an auditor reads it: no padding zeros, no exponent (30.000000 -> "30")."""
    return f"{value.normalize():f}"


@dataclass(frozen=True)
class PercentTerms:
    """What an auditor needs to recompute a percent of plan by hand, as display text: `value` and `target` with
    their units as written ("2.64 万人", "12 万人"), where the target was read (`source`: "category heading" …),
    and `formula`: 100 × value / target, in base units when the units differ ("100 × 20474 人 / 20000 人")."""

    value: str
    target: str
    source: str
    formula: str


def percent_terms(fig: Figure | None) -> PercentTerms | None:
    """The value, stated target and formula of a figure with a stated target; None without one."""
    if fig is None or fig.target is None or not fig.target_unit:
        return None
    value, target = f"{_num(fig.value)} {fig.unit}", f"{_num(fig.target)} {fig.target_unit}"
    base_target, target_base_unit, _ = to_base(fig.target, fig.target_unit)
    if fig.unit != fig.target_unit and fig.base_value is not None and fig.base_unit == target_base_unit:
        formula = f"100 × {_num(fig.base_value)} {fig.base_unit} / {_num(base_target)} {target_base_unit}"
    else:
        formula = f"100 × {value} / {target}"
    source = TARGET_SOURCES.get(fig.target_source or "", fig.target_source or "not recorded")
    return PercentTerms(value, target, source, formula)


def _problems(bulletin: BulletinReport) -> pl.DataFrame:
    """Failed checks of one bulletin, most severe first."""
    if bulletin.results is None or bulletin.results["passed"].all():
        return pl.DataFrame()
    return (bulletin.results.filter(~pl.col("passed"))
            .with_columns(pl.col("severity").replace_strict(SEVERITY_ORDER, return_dtype=pl.Int8).alias("_rank"))
            .sort("_rank", "rule", "figure_id").drop("_rank"))


def passed_per_rule(bulletin: BulletinReport) -> dict[str, int]:
    """Passed checks of one bulletin per rule name, kept rows and counted-only rows (`passed_not_kept`) alike:
    the counts of its rows in the warehouse's validation_results with passed = true."""
    counts = dict(bulletin.passed_not_kept)
    for rule, _, passed in _outcomes(bulletin):
        if passed:
            counts[rule] = counts.get(rule, 0) + 1
    return counts


def _outcomes(bulletin: BulletinReport) -> list[tuple[str, str, bool]]:
    """(rule, severity, passed) of each kept row. Plain Python: a backfill report counts tens of thousands of
    small frames, where one Polars query each costs more than reading their few rows."""
    if bulletin.results is None:
        return []
    results = bulletin.results
    return list(zip(results["rule"].to_list(), results["severity"].to_list(), results["passed"].to_list()))


def _checked(bulletin: BulletinReport) -> bool:
    """Whether this run checked the bulletin: not when it failed to load, nor when it was already loaded (its
    checks are those stored when it was loaded, shown by that run's report)."""
    return bulletin.results is not None or bool(bulletin.passed_not_kept)


def _counts(bulletin: BulletinReport) -> dict[str, int | str]:
    """Checks of one bulletin in this run: passed, and failed per severity; "—" for each when it was not checked
    (`_checked`)."""
    if not _checked(bulletin):
        return dict.fromkeys(("passed", ERROR, WARNING, INFO), "—")
    counts = {"passed": sum(bulletin.passed_not_kept.values()), ERROR: 0, WARNING: 0, INFO: 0}
    for _, severity, passed in _outcomes(bulletin):
        counts["passed" if passed else severity] += 1
    return counts


def _rule_counts(run: RunReport) -> list[dict]:
    """One row per rule of RULES (in their order, rules with no applicable row included): passed/failed, the
    counted-only passed rows of backfills included."""
    passed: dict[str, int] = {}
    failed: dict[str, int] = {}
    for b in run.bulletins:
        for rule, n in passed_per_rule(b).items():
            passed[rule] = passed.get(rule, 0) + n
        for rule, _, ok in _outcomes(b):
            if not ok:
                failed[rule] = failed.get(rule, 0) + 1
    return [{"rule": rule.name, "severity": rule.severity, "description": rule.description,
             "passed": passed.get(rule.name, 0), "failed": failed.get(rule.name, 0)} for rule in RULES]


def _stated_pct_passed(b: BulletinReport) -> list[dict]:
    """The passed stated-target percent rows of one bulletin (RESULT_SCHEMA dicts)."""
    if b.results is None or not any(rule == STATED_PCT_RULE and ok for rule, _, ok in _outcomes(b)):
        return []
    return [r for r in b.results.iter_rows(named=True) if r["passed"] and r["rule"] == STATED_PCT_RULE]


def _snapshot(b: BulletinReport) -> str:
    if b.snapshot_id is None:
        return ""
    return f"{b.snapshot_id}{'' if b.created or _checked(b) else ' (already loaded: checked when loaded)'}"


def _as_of(b: BulletinReport) -> str:
    if b.as_of is not None:
        return str(b.as_of)
    return str(b.extraction.document.as_of or "") if b.extraction is not None else ""


def _gx_name(b: BulletinReport) -> str:
    return Path(b.gx_result_path).name if b.gx_result_path else ""


def _batches(run: RunReport) -> dict[str, int]:
    """Archived GX validation result JSON path -> its batch number (1, 2, … in bulletin order)."""
    return {path: n for n, path in enumerate(run.gx_results(), 1)}


def _gx_batch(b: BulletinReport, batches: dict[str, int]) -> str:
    return str(batches[b.gx_result_path]) if b.gx_result_path else ""


NOT_KEPT_NOTE = ("Passed checks are counted, not listed, in a backfill report (it keeps only the failed rows, to bound "
                 "memory over thousands of bulletins); every row is in the warehouse: "
                 "`SELECT * FROM latest_validation_results WHERE snapshot_id = … AND passed`.")


def render_markdown(run: RunReport, figures_omitted: str | None = None) -> str:
    """The report as Markdown (the Prefect artifact): summary per bulletin (naming its GX result file), freshness
    per source and the restated figures (for runs that load: `run.freshness` / `run.restatements` not None), pass/fail
    per rule, the failed, warned and info checks under a heading per bulletin with their sentences, every figure
    of every bulletin checked under its sentence with its checks (`_figures_markdown`), the passed
    stated-target percent checks per bulletin (value, target, where the target was read), and the GX result files.
    Text from bulletins and servers is escaped (`_md`: HTML, links, emphasis, table pipes, control characters) so
    it renders as written. `figures_omitted`: a sentence in place of the figure listing (the Prefect artifact of a
    large run)."""
    return "\n".join(_markdown_parts(run, figures_omitted)) + "\n"


def _markdown_parts(run: RunReport, figures_omitted: str | None = None) -> Iterator[str]:
    """The lines of `render_markdown`, the figure listing produced one bulletin at a time."""
    batches = _batches(run)
    lines = [f"# Validation report — {run.origin}", "", f"Extractor {run.extractor_version}.", "",
             "Contents: bulletins · " + ("freshness · " if run.freshness is not None else "")
             + ("restatements · " if run.restatements is not None else "")
             + ("changes between extractor versions · " if run.reprocessed is not None else "")
             + "checks per rule · failures by bulletin · figures by bulletin · passed percent checks (stated "
             "targets) · GX validation results", "",
             "## Bulletins", "", "GX result: the batch whose archived GX validation result JSON holds the "
             "bulletin's checks (listed under GX validation results).", "",
             "| bulletin | as of | status | snapshot | figures | checks passed | errors | warnings | info | "
             "GX result | sha256 |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for b in run.bulletins:
        c = _counts(b)
        status = b.status or f"not loaded: {b.error}"
        lines.append(f"| {_md(b.source)} | {_as_of(b)} | {_md(status)} | {_snapshot(b)} | {b.figures} | "
                     f"{c['passed']} | {c[ERROR]} | {c[WARNING]} | {c[INFO]} | {_gx_batch(b, batches)} | "
                     f"{b.sha256 or ''} |")
    lines += _freshness_markdown(run) + _restatements_markdown(run) + _reprocessed_markdown(run)
    lines += ["", "## Checks per rule", "", "| rule | severity | passed | failed | what it checks |",
              "|---|---|---|---|---|"]
    lines += [f"| {r['rule']} | {r['severity']} | {r['passed']} | {r['failed']} | {_md(r['description'])} |"
              for r in _rule_counts(run)]
    lines += ["", "## Failures by bulletin", ""]
    any_problem = False
    for b in run.bulletins:
        problems = _problems(b)
        if not problems.height:
            continue
        any_problem = True
        lines += [f"### {_md(b.source)}", "",
                  f"as of {_as_of(b) or '-'} · status {_md(b.status)} · sha256 {b.sha256} · "
                  f"GX result batch {_gx_batch(b, batches) or '-'} ({_md(_gx_name(b)) or '-'})", ""]
        for row in problems.iter_rows(named=True):
            pieces = _evidence(b, row["figure_id"], row["rule"])
            quote = "".join(f"**{_md(t)}**" if hit else _md(t) for t, hit in pieces) if pieces else ""
            lines += [f"- **{row['severity']}** `{row['rule']}` {_md(row['message'])}",
                      f"  - sentence: {quote}" if quote else "  - sentence: (bulletin-level check)",
                      f"  - reported {_md(row['reported'])} · {rule_named(row['rule']).expected_label} "
                      f"{_md(row['expected'])}"]
            terms = percent_terms(_figure(b, row["figure_id"])) if row["rule"] in PERCENT_RULES else None
            if terms is not None:
                lines.append(f"  - value {_md(terms.value)} · target {_md(terms.target)} (from the "
                             f"{_md(terms.source)}) · {_md(terms.formula)} = {_md(row['expected'])}")
        lines.append("")
    if not any_problem:
        lines += ["None.", ""]
    yield from lines
    yield from _figures_markdown(_figures_at_hand(run), figures_omitted)
    lines = []
    counted_only = any(b.passed_not_kept for b in run.bulletins)
    lines += ["## Passed percent checks (stated targets)", ""]
    if not counted_only:
        lines += ["Each: figure, value / stated target (where the target was read) = computed percent, rounded "
                  "half-up to the reported decimals; the reported percent equals it.", ""]
    passed_any = False
    for b in run.bulletins:
        passed = _stated_pct_passed(b)
        if passed:
            passed_any = True
            entries = []
            for r in passed:
                fig, terms = _figure(b, r["figure_id"]), percent_terms(_figure(b, r["figure_id"]))
                detail = (f" {terms.value} / {terms.target} ({terms.source}) = {r['expected']}%" if terms
                          else f" {r['reported']}%")
                entries.append(figure_name(r["figure_id"], fig and fig.item, fig and fig.label) + detail)
            lines.append(f"- {_md(b.source)}: {len(passed)} passed: {'; '.join(_md(e) for e in entries)}")
    if not passed_any and not counted_only:
        lines.append("None.")
    if counted_only:
        lines.append(NOT_KEPT_NOTE)
    lines += ["", "## GX validation results", ""]
    lines += [f"- batch {batches[path]}: {_code(path)}, {n} bulletin{'s' if n != 1 else ''}"
              for path, n in run.gx_results().items()] or ["None (nothing was validated)."]
    yield from lines


def _figures_markdown(at_hand: list[_FiguresAtHand], omitted: str | None = None) -> Iterator[str]:
    """Section "Figures by bulletin": per bulletin, each sentence quoted with its numbers in bold, then one line
    per figure of it (FIGURES_NOTE). With `omitted`, that sentence instead of the listing (the artifact's copy)."""
    yield from ["## Figures by bulletin", "", FIGURES_NOTE, ""]
    if omitted:
        yield from [omitted, ""]
        return
    for hand in at_hand:
        b, figs = hand.bulletin, hand.lines()
        common = _common_passed(figs)
        with_failure = sum(1 for f in figs if f.failed)
        yield from [f"### Figures: {_md(b.source)}", "",
                    f"as of {_as_of(b) or '-'} · snapshot {_snapshot(b) or '-'} · {len(figs)} figures, "
                    f"{with_failure} with a failed check · passed by every figure: "
                    f"{', '.join(f'`{r}`' for r in common) or 'none'}", ""]
        for pieces, members in _by_sentence(figs):
            yield "> " + "".join(f"**{_md(t)}**" if hit else _md(t) for t, hit in pieces)
            yield ""
            for f in members:
                extra = [r for r in f.passed if r not in common]
                parts = [f"**{_md(f.value)}**", *([f"{_md(f.pct)} of plan"] if f.pct else []),
                         *([f"target {_md(f.target)}"] if f.target else []),
                         *([f"also passed {', '.join(f'`{r}`' for r in extra)}"] if extra else []),
                         *([f"failed {', '.join(f'**{sev}** `{rule}`' for sev, rule in f.failed)}"] if f.failed
                           else []),
                         *(["no check applied"] if not f.passed and not f.failed else [])]
                yield f"- {_md(figure_name(f.id, f.item, f.label))}: {' · '.join(parts)}"
            yield ""
    if not at_hand:
        yield from ["None (no bulletin was checked by this run).", ""]

MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
"""ASCII punctuation with a meaning inside a line in CommonMark/GFM (emphasis, code, links and images `[p](…)`,
table pipes, strikethrough), backslash-escaped in text from a bulletin or a server so it reads as written. A bracket
pair is what makes a link, so parentheses need no escape; an underscore inside a word (a file name) cannot open
or close emphasis and stays as written."""

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""C0 and C1 control characters (ESC, BEL, CSI …): never shown; a terminal or viewer may act on them."""


def _code(text: str) -> str:
    """A Markdown code span of `text` (a path of ours): its content is literal, so only backticks and control
    characters are removed."""
    return "`" + CONTROL_CHARACTERS.sub("", str(text)).replace("`", "") + "`"


FRESHNESS_NOTE = ("Judged on {today} against each source's publication calendar (`[source.calendar]` in "
                  "sources.toml). Late: past its due date with nothing later loaded (the run needs attention). "
                  "Missing: never loaded although a later month was.")
RESTATEMENTS_NOTE = ("Figures of this run's new snapshots that differ from an earlier version of the same bulletin "
                     "(republished: same as-of date, earlier document), or cumulative figures lower than in the "
                     "previous bulletin (cumulative_fall). All of them: the warehouse view `restatements`.")


def _freshness_note(run: RunReport) -> str:
    """FRESHNESS_NOTE for the run, naming the window judged when a backfill gave --since/--until."""
    assert run.freshness
    note = FRESHNESS_NOTE.format(today=run.freshness[0].checked_on.isoformat())
    window = run.freshness[0].window_phrase()
    return note + (f" Only the months {window} are judged (the backfill's --since/--until)." if window else "")


def _freshness_markdown(run: RunReport) -> list[str]:
    if run.freshness is None:
        return []
    lines = ["", "## Freshness", ""]
    if not run.freshness:
        return lines + ["No named source with a publication calendar in this run."]
    lines += [_freshness_note(run), "",
              "| source | status | latest month | next expected | due | late | missing | calendar |",
              "|---|---|---|---|---|---|---|---|"]
    for f in run.freshness:
        row = f.row()
        lines.append(f"| {_md(f.source)} | **{f.status}** | {row['latest_month'] or '-'} | "
                     f"{row['next_expected_month'] or '-'} | {row['next_due'] or '-'} | {_md(f.late_phrase()) or '-'} "
                     f"| {_md(f.missing_phrase()) or '-'} | {_md(f.calendar)} |")
    return lines


def _restatements_markdown(run: RunReport) -> list[str]:
    if run.restatements is None:
        return []
    lines = ["", "## Restatements", "", RESTATEMENTS_NOTE, ""]
    if not run.restatements:
        return lines + ["None."]
    for r in run.restatements:
        lines += [f"- **{r.kind}** {_md(figure_name(None, r.item, r.label))} as of {r.as_of}: "
                  f"{_md(r.describe())} (snapshot {r.previous_snapshot_id} → {r.snapshot_id})",
                  f"  - before: {_md(r.previous_sentence)} — {_md(r.previous_source)} (as of {r.previous_as_of})",
                  f"  - now: {_md(r.sentence)} — {_md(r.source)}"]
    return lines


def _freshness_html(run: RunReport) -> list[str]:
    e = html.escape
    if run.freshness is None:
        return []
    out = ["<h2 id=\"freshness\">Freshness</h2>"]
    if not run.freshness:
        return out + ["<p>No named source with a publication calendar in this run.</p>"]
    out += [f"<p class=\"meta\">{_prose_html(_freshness_note(run))}</p>",
            "<table><tr><th>source</th><th>status</th><th>latest month</th><th>next expected</th><th>due</th>"
            "<th>late</th><th>missing</th><th>calendar</th></tr>"]
    for f in run.freshness:
        row = f.row()
        css = "failed" if f.late else "passed" if f.status in ("on time", "complete") else ""
        out.append(f"<tr><td>{e(f.source)}</td><td class=\"{css}\">{e(f.status)}</td>"
                   f"<td>{e(row['latest_month'] or '-')}</td><td>{e(row['next_expected_month'] or '-')}</td>"
                   f"<td>{e(row['next_due'] or '-')}</td><td class=\"{'failed' if f.late else ''}\">"
                   f"{e(f.late_phrase() or '-')}</td><td class=\"{'warned' if f.missing_months else ''}\">"
                   f"{e(f.missing_phrase() or '-')}</td><td>{e(f.calendar)}</td></tr>")
    return out + ["</table>"]


def _restatements_html(run: RunReport) -> list[str]:
    e = html.escape
    if run.restatements is None:
        return []
    out = ["<h2 id=\"restatements\">Restatements</h2>", f"<p class=\"meta\">{_prose_html(RESTATEMENTS_NOTE)}</p>"]
    if not run.restatements:
        return out + ["<p>None.</p>"]
    for r in run.restatements:
        out.append(f"<div class=\"check sev-warning\"><strong>{e(r.kind)}</strong> "
                   f"{e(figure_name(None, r.item, r.label))} as of {e(str(r.as_of))}: <strong>{e(r.describe())}"
                   f"</strong><dl><dt>before</dt><dd>snapshot {r.previous_snapshot_id} · {e(r.previous_source)} · "
                   f"as of {e(str(r.previous_as_of))}<blockquote>{e(r.previous_sentence or '')}</blockquote></dd>"
                   f"<dt>now</dt><dd>snapshot {r.snapshot_id} · {e(r.source)}<blockquote>{e(r.sentence or '')}"
                   f"</blockquote></dd></dl></div>")
    return out


REPROCESSED_NOTE = ("Each bulletin's archived bytes re-extracted by the current extractor and loaded as a new snapshot "
                    "superseding the previous one (still queryable: figures_as_of_snapshot, figures_as_of_time). "
                    "Figures are matched by their evidence (the same characters of the text); a check changed "
                    "status when its outcome on the same figure differs. Bulletins read exactly as before are "
                    "counted, not listed.")


def _reprocessed_markdown(run: RunReport) -> list[str]:
    if run.reprocessed is None:
        return []
    different = [r for r in run.reprocessed if not r.unchanged]
    lines = ["", "## Changes between extractor versions", "", REPROCESSED_NOTE, "",
             f"{len(run.reprocessed)} bulletins re-extracted, {len(different)} read differently, "
             f"{len(run.reprocessed) - len(different)} exactly as before."]
    for r in different:
        lines += ["", f"### {_md(r.source)}", "",
                  f"snapshot {r.previous_snapshot_id} (extractor {_md(r.previous_version)}, {_md(r.previous_status)}, "
                  f"{r.figures_before} figures) → snapshot {r.snapshot_id} (extractor {_md(r.version)}, "
                  f"{_md(r.status)}, {r.figures_after} figures): {_md(r.describe())}", ""]
        lines += [f"- **{c.kind}** {_md(c.describe())} — {_md(c.sentence)}" for c in (*r.added, *r.removed,
                                                                                     *r.changed)]
        lines += [f"- **check** {_md(c.describe())}" for c in r.checks]
        if r.text_changed:
            lines.append("- **text**: the normalised text changed; the new snapshot's evidence offsets index the new "
                         "text (documents.text keeps the text first stored for these bytes)")
    return lines


def _reprocessed_html(run: RunReport) -> list[str]:
    e = html.escape
    if run.reprocessed is None:
        return []
    different = [r for r in run.reprocessed if not r.unchanged]
    out = ["<h2 id=\"reprocessed\">Changes between extractor versions</h2>", f"<p class=\"meta\">{_prose_html(REPROCESSED_NOTE)}</p>",
           f"<p>{len(run.reprocessed)} bulletins re-extracted, {len(different)} read differently, "
           f"{len(run.reprocessed) - len(different)} exactly as before.</p>"]
    css = {"added": "passed", "removed": "failed", "changed": "warned"}
    for r in different:
        out.append(f"<div class=\"check sev-warning\"><strong>{e(r.source)}</strong><p class=\"meta\">snapshot "
                   f"{r.previous_snapshot_id} (extractor {e(r.previous_version)}, {e(r.previous_status)}, "
                   f"{r.figures_before} figures) → snapshot {r.snapshot_id} (extractor {e(r.version)}, "
                   f"{e(r.status)}, {r.figures_after} figures): {e(r.describe())}</p><ul>")
        out += [f"<li><span class=\"{css[c.kind]}\">{e(c.kind)}</span> {e(c.describe())}"
                f"<blockquote>{e(c.sentence or '')}</blockquote></li>" for c in (*r.added, *r.removed, *r.changed)]
        out += [f"<li><span class=\"{'failed' if c.after == 'failed' else 'passed'}\">check</span> "
                f"{e(c.describe())}</li>" for c in r.checks]
        if r.text_changed:
            out.append("<li>the normalised text changed; the new snapshot's evidence offsets index the new text "
                       "(documents.text keeps the text first stored for these bytes)</li>")
        out.append("</ul></div>")
    return out


def _md(text) -> str:
    """`text` (from a bulletin, a URL, a server's reason phrase) as Markdown that renders exactly as written: no
    HTML, link, emphasis or table syntax takes effect, control characters are dropped, one line."""
    if text is None:
        return ""
    text = CONTROL_CHARACTERS.sub(lambda m: " " if m.group() in "\n\r\t" else "", str(text))
    return MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;margin:2em;color:#222;
max-width:80em}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;
vertical-align:top}th{background:#f3f3f3}td.num{text-align:right}
.error{color:#b00020;font-weight:bold}.warning{color:#a86400;font-weight:bold}.failed{color:#b00020;font-weight:bold}
.warned{color:#a86400;font-weight:bold}.info{color:#555}.passed{color:#1b7f3b}mark{background:#ffe066;padding:0 .1em}
.check{border-left:4px solid #ccc;padding:.4em .8em;margin:.8em 0}.check.sev-error{border-color:#b00020}
.check.sev-warning{border-color:#a86400}.check.sev-passed{border-color:#1b7f3b}code.hash{word-break:break-all}.meta{color:#555;font-size:.9em;
font-weight:normal}blockquote{margin:.4em 0;padding:.3em .6em;background:#fafafa}code{font-size:.9em}
dl{display:grid;grid-template-columns:max-content auto;gap:.1em 1em;margin:.3em 0}dt{color:#555}dd{margin:0}
nav ol{margin:.3em 0}section.bulletin{border-top:1px solid #ddd;margin-top:1.5em}h3{font-size:1.05em;
word-break:break-all}details{margin:.4em 0}summary{cursor:pointer}table.pct td{font-size:.92em}
td>mark{white-space:nowrap}
"""


CODE_SPAN = re.compile(r"`([^`\n]+)`")
"""A Markdown code span in our own prose (notes, rule descriptions): "the warehouse view `restatements`"."""


def _prose_html(text: str) -> str:
    """Our own prose (a note or a rule description, never text from a bulletin) as HTML: escaped, with its Markdown
    code spans as <code> elements instead of literal backticks."""
    return CODE_SPAN.sub(lambda m: f"<code>{m.group(1)}</code>", html.escape(text))


def _severity_class(severity: str) -> str:
    """The class attribute that colours a severity (CSS `.error`, `.warning`, `.info`)."""
    return f" class=\"{html.escape(severity)}\""


def _anchor(index: int) -> str:
    """Id of a bulletin's failures section (`b3`); its passed percent checks are `b3-passed`."""
    return f"b{index}"


def render_html(run: RunReport) -> str:
    """The report as one self-contained HTML page (`_html_parts`)."""
    return "\n".join(_html_parts(run))


def _html_parts(run: RunReport) -> Iterator[str]:
    """The report as one self-contained HTML page: inline CSS, no scripts, no resources outside the file (source
    URLs are shown as text; the only links are `#id`s of its own sections), every text from a bulletin escaped.

    Sections, each with an id and listed in the contents at the top: `bulletins` (each row links to the
    bulletin's section), `freshness` and `restatements` (runs that load), `rules`, `failures` (a heading per
    bulletin with a failed, warned or info check, id `b<n>`, the checks shown open), `figures` (per bulletin a
    table of every figure under its sentence with its checks, id `b<n>-figures`, collapsed unless a figure failed a
    check), `passed-percent` (per bulletin a collapsed table, id `b<n>-passed`: value, stated target and where it was read, the recomputed and the reported percent, the sentence) and `gx-results`
    (each archived GX validation result JSON and how many bulletins it checked)."""
    e = html.escape
    problems = {i: _problems(b) for i, b in enumerate(run.bulletins, 1)}
    passed = {i: _stated_pct_passed(b) for i, b in enumerate(run.bulletins, 1)}
    batches = _batches(run)
    failing = [i for i, p in problems.items() if p.height]
    with_pct = [i for i, p in passed.items() if p]
    counted_only = any(b.passed_not_kept for b in run.bulletins)
    at_hand = _figures_at_hand(run)
    with_figures = {hand.index for hand in at_hand}
    out = ["<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">",
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
           f"<title>Validation report {e(run.origin)}</title><style>{CSS}</style></head><body>",
           f"<h1>Validation report</h1><p class=\"meta\">{e(run.origin)} · extractor {e(run.extractor_version)}</p>",
           "<nav><h2 id=\"contents\">Contents</h2><ol>"
           f"<li><a href=\"#bulletins\">Bulletins</a> ({len(run.bulletins)})</li>"
           + (f"<li><a href=\"#freshness\">Freshness</a> ({sum(1 for f in run.freshness if f.late)} late, "
              f"{sum(len(f.missing_months) for f in run.freshness)} missing)</li>" if run.freshness is not None
              else "")
           + (f"<li><a href=\"#restatements\">Restatements</a> ({len(run.restatements)})</li>"
              if run.restatements is not None else "")
           + (f"<li><a href=\"#reprocessed\">Changes between extractor versions</a> "
              f"({sum(1 for r in run.reprocessed if not r.unchanged)})</li>" if run.reprocessed is not None else "")
           + "<li><a href=\"#rules\">Checks per rule</a></li>"
           f"<li><a href=\"#failures\">Failures by bulletin</a> ({len(failing)} bulletins, "
           f"{sum(problems[i].height for i in failing)} checks)</li>"
           f"<li><a href=\"#figures\">Figures by bulletin</a> ({len(at_hand)} bulletins, "
           f"{sum(hand.count for hand in at_hand)} figures)</li>"
           f"<li><a href=\"#passed-percent\">Passed percent checks (stated targets)</a> "
           + ("(counted, not listed)" if counted_only else
              f"({len(with_pct)} bulletins, {sum(len(passed[i]) for i in with_pct)} checks)") + "</li>"
           "<li><a href=\"#gx-results\">GX validation results</a></li></ol></nav>",
           "<h2 id=\"bulletins\">Bulletins</h2><p class=\"meta\">GX result: the batch whose archived GX validation "
           "result JSON holds the bulletin's checks (<a href=\"#gx-results\">GX validation results</a>).</p>",
           "<table><tr><th>bulletin</th><th>as of</th><th>status</th><th>snapshot</th><th>figures</th>"
           "<th>checks passed</th><th>errors</th><th>warnings</th><th>info</th><th>GX result</th>"
           "<th>archive sha256</th></tr>"]
    for i, b in enumerate(run.bulletins, 1):
        c = _counts(b)
        status = b.status or "not loaded"
        detail = f" — {e(b.error)}" if b.error else ""
        target = (_anchor(i) if i in failing else f"{_anchor(i)}-passed" if i in with_pct
                  else f"{_anchor(i)}-figures" if i in with_figures else None)
        name = f"<a href=\"#{target}\">{e(b.source)}</a>" if target else e(b.source)
        out.append(f"<tr><td>{name}</td><td>{e(_as_of(b))}</td><td class=\"{e(status)}\">{e(status)}{detail}"
                   f"</td><td>{e(_snapshot(b))}</td><td class=\"num\">{b.figures}</td>"
                   f"<td class=\"num\">{c['passed']}</td><td class=\"num\">{c[ERROR]}</td>"
                   f"<td class=\"num\">{c[WARNING]}</td><td class=\"num\">{c[INFO]}</td>"
                   f"<td>{_gx_link(b, batches)}</td>"
                   f"<td><code class=\"hash\">{e(b.sha256 or '')}</code></td></tr>")
    out.append("</table>")
    out += _freshness_html(run) + _restatements_html(run) + _reprocessed_html(run)
    out.append("<h2 id=\"rules\">Checks per rule</h2><table><tr><th>rule</th><th>severity</th><th>passed</th>"
               "<th>failed</th><th>what it checks</th></tr>")
    # A severity is coloured only where the rule failed: a red "error" on a rule with no failure reads as one.
    out += [f"<tr><td><code>{e(r['rule'])}</code></td>"
            f"<td{_severity_class(r['severity']) if r['failed'] else ''}>{e(r['severity'])}</td>"
            f"<td class=\"num\">{r['passed']}</td><td class=\"num\">{r['failed']}</td>"
            f"<td>{_prose_html(r['description'])}</td></tr>"
            for r in _rule_counts(run)]
    out.append("</table>")
    out.append("<h2 id=\"failures\">Failures by bulletin</h2>"
               "<p class=\"meta\">Failed, warned and info checks, most severe first.</p>")
    for i in failing:
        b = run.bulletins[i - 1]
        pct_link = (f" · <a href=\"#{_anchor(i)}-passed\">{len(passed[i])} passed percent checks</a>"
                    if i in with_pct else "")
        out.append(f"<section class=\"bulletin\" id=\"{_anchor(i)}\"><h3>{e(b.source)}</h3>"
                   f"<p class=\"meta\">as of {e(_as_of(b) or '-')} · status <span class=\"{e(b.status or '')}\">"
                   f"{e(b.status or '-')}</span> · snapshot {e(_snapshot(b) or '-')} · GX result "
                   f"{_gx_link(b, batches) or '-'} <code>{e(_gx_name(b))}</code>{pct_link}</p>")
        out += [_check_html(b, row) for row in problems[i].iter_rows(named=True)]
        out.append("</section>")
    if not failing:
        out.append("<p>None.</p>")
    yield from out
    yield from _figures_html(at_hand)
    out = []
    out.append("<h2 id=\"passed-percent\">Passed percent checks (stated targets)</h2>")
    if with_pct:
        out.append("<p class=\"meta\">Reported percent of plan = 100 × value / stated target, in base units, "
                   "rounded half-up to the reported decimals. Click a bulletin to open its checks.</p>")
    for i in with_pct:
        out.append(_passed_pct_html(run.bulletins[i - 1], passed[i], f"{_anchor(i)}-passed"))
    if not with_pct and not counted_only:
        out.append("<p>None.</p>")
    if counted_only:
        out.append(f"<p class=\"meta\">{_prose_html(NOT_KEPT_NOTE)}</p>")
    out.append("<h2 id=\"gx-results\">GX validation results</h2>")
    gx = run.gx_results()
    if gx:
        out.append("<table><tr><th>batch</th><th>archived GX validation result JSON</th><th>bulletins</th></tr>")
        out += [f"<tr id=\"gx-{batches[path]}\"><td class=\"num\">{batches[path]}</td>"
                f"<td><code class=\"hash\">{e(path)}</code></td><td class=\"num\">{n}</td></tr>"
                for path, n in gx.items()]
        out.append("</table>")
    else:
        out.append("<p>None (nothing was validated).</p>")
    out.append("</body></html>")
    yield from out


def _figures_html(at_hand: list[_FiguresAtHand]) -> Iterator[str]:
    """Section "Figures by bulletin" (id `figures`): per bulletin a <details> (id `b<n>-figures`), open when one of
    its figures failed a check: a table of its figures under each sentence, the numbers highlighted."""
    e = html.escape
    yield "<h2 id=\"figures\">Figures by bulletin</h2>"
    yield f"<p class=\"meta\">{_prose_html(FIGURES_NOTE)}</p>"
    for hand in at_hand:
        i, b, figs = hand.index, hand.bulletin, hand.lines()
        common = _common_passed(figs)
        with_failure = sum(1 for f in figs if f.failed)
        rows = []
        for pieces, members in _by_sentence(figs):
            rows.append(f"<tr><td colspan=\"6\"><blockquote>{_quote_html(pieces)}</blockquote></td></tr>")
            for f in members:
                extra = [r for r in f.passed if r not in common]
                checks = [f"<span class=\"{e(sev)}\">{e(sev)} {e(rule)}</span>" for sev, rule in f.failed]
                if extra:
                    checks.append(f"<span class=\"passed\">✓ {e(', '.join(extra))}</span>")
                if not f.passed and not f.failed:
                    checks.append("<span class=\"meta\">none applied</span>")
                rows.append(f"<tr><td>{e(f.id)}</td><td>{e(figure_name(None, f.item, f.label))}</td>"
                            f"<td><mark>{e(f.value)}</mark></td><td>{e(f.pct or '')}</td><td>{e(f.target or '')}"
                            f"</td><td>{'<br>'.join(checks)}</td></tr>")
        failed_note = f", <span class=\"failed\">{with_failure} with a failed check</span>" if with_failure else ""
        yield (f"<details id=\"{_anchor(i)}-figures\"{' open' if with_failure else ''}><summary>{e(b.source)}: "
                   f"{len(figs)} figures{failed_note} <span class=\"meta\">as of {e(_as_of(b) or '-')} · snapshot "
                   f"{e(_snapshot(b) or '-')} · passed by every figure: {e(', '.join(common) or 'none')}</span>"
                   "</summary><table class=\"pct\"><tr><th>figure</th><th>item, label</th><th>value</th>"
                   "<th>% of plan</th><th>stated target</th><th>checks</th></tr>" + "".join(rows)
                   + "</table></details>")
    if not at_hand:
        yield "<p>None (no bulletin was checked by this run).</p>"


def _gx_link(b: BulletinReport, batches: dict[str, int]) -> str:
    """"batch N" linking to its row of the GX validation results table; empty when not validated."""
    return f"<a href=\"#gx-{batches[b.gx_result_path]}\">batch {batches[b.gx_result_path]}</a>" \
        if b.gx_result_path else ""


def _quote_html(pieces: list[tuple[str, bool]] | None) -> str:
    e = html.escape
    return "".join(f"<mark>{e(t)}</mark>" if hit else e(t) for t, hit in pieces) if pieces else ""


def _passed_pct_html(b: BulletinReport, passed: list[dict], anchor: str) -> str:
    """One bulletin's passed stated-target percent checks: a collapsed <details> holding a table."""
    e = html.escape
    rows = []
    for row in passed:
        fig = _figure(b, row["figure_id"])
        terms = percent_terms(fig)
        name = figure_name(None, fig.item, fig.label) if fig is not None else ""
        rows.append(f"<tr><td>{e(row['figure_id'] or '')}</td><td>{e(name)}</td>"
                    f"<td>{e(terms.value) if terms else ''}</td><td>{e(terms.target) if terms else ''}</td>"
                    f"<td>{e(terms.source) if terms else ''}</td><td>{e(terms.formula) if terms else ''}</td>"
                    f"<td class=\"num\">{e(str(row['expected']))} %</td><td class=\"num\">{e(str(row['reported']))} %"
                    f"</td><td>{_quote_html(_evidence(b, row['figure_id'], row['rule']))}</td></tr>")
    return (f"<details id=\"{anchor}\"><summary>{e(b.source)}: {len(passed)} passed "
            f"<span class=\"meta\">as of {e(_as_of(b) or '-')} · sha256 <code>{e(b.sha256 or '')}</code></span>"
            "</summary><table class=\"pct\"><tr><th>figure</th><th>item</th><th>value</th><th>stated target</th>"
            "<th>target from</th><th>recompute</th><th>computed</th><th>reported</th><th>sentence</th></tr>"
            + "".join(rows) + "</table></details>")


def _check_html(b: BulletinReport, row: dict) -> str:
    """One failed, warned or info check, open: the sentence with the number highlighted, reported vs computed,
    and for percent rules the value, the stated target, where it was read and the formula."""
    e = html.escape
    pieces = _evidence(b, row["figure_id"], row["rule"])
    severity = row["severity"]
    quote = (f"<blockquote>{_quote_html(pieces)}</blockquote>" if pieces
             else "<p class=\"meta\">bulletin-level check</p>")
    terms = percent_terms(_figure(b, row["figure_id"])) if row["rule"] in PERCENT_RULES else None
    recompute = (f"<dt>value</dt><dd>{e(terms.value)}</dd><dt>stated target</dt><dd>{e(terms.target)} "
                 f"(from the {e(terms.source)})</dd><dt>recompute</dt>"
                 f"<dd>{e(terms.formula)} = {e(str(row['expected']))}</dd>"
                 if terms else "")
    return (f"<div class=\"check sev-{e(severity)}\"><span class=\"{e(severity)}\">{e(severity)}</span> "
            f"<code>{e(row['rule'])}</code> {e(row['message'] or '')}{quote}"
            f"<dl class=\"meta\"><dt>{'claim' if rule_named(row['rule']).grain == 'claim' else 'figure'}</dt>"
            f"<dd>{e(row['figure_id'] or '-')}</dd>{recompute}"
            f"<dt>reported</dt><dd>{e(str(row['reported']))}</dd><dt>{e(rule_named(row['rule']).expected_label)}</dt>"
            f"<dd>{e(str(row['expected']))}</dd>"
            f"<dt>source</dt><dd>{e(b.source)}</dd><dt>archive sha256</dt><dd><code>{e(b.sha256 or '')}</code></dd>"
            "</dl></div>")


def write_report(run: RunReport, out_dir: Path, name: str) -> tuple[Path, Path, str]:
    """Write the report as `<out_dir>/<name>.md` and `.html` (creating `out_dir`), section by section (the figure
    listing one bulletin at a time); returns both paths and the Markdown for the Prefect artifact: the file's
    text, without the figure listing above FIGURES_IN_ARTIFACT_MAX figures (it names the files instead)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    markdown_path, html_path = out_dir / f"{name}.md", out_dir / f"{name}.html"
    with markdown_path.open("w", encoding="utf-8") as out:
        out.writelines(f"{line}\n" for line in _markdown_parts(run))
    with html_path.open("w", encoding="utf-8") as out:
        for number, part in enumerate(_html_parts(run)):
            out.write(f"\n{part}" if number else part)
    figures = sum(hand.count for hand in _figures_at_hand(run))
    omitted = (f"{figures} figures: listed in the report files {markdown_path} and {html_path}, not in this "
               f"artifact (more than {FIGURES_IN_ARTIFACT_MAX:,})." if figures > FIGURES_IN_ARTIFACT_MAX else None)
    return markdown_path, html_path, render_markdown(run, omitted)
