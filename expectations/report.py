"""The auditor report of one run: Markdown (also the Prefect artifact) and self-contained HTML.

Every number is tied to the sentence it came from: failed and warned checks show the bulletin's sentence with
the number highlighted, reported vs computed, the source URL and the archive hash. The HTML has no network
assets and escapes every text taken from a bulletin.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import polars as pl

from transforms.record import Extraction


@dataclass
class BulletinReport:
    """What the report needs of one bulletin: where it came from, what was loaded, and its check rows
    (expectations.runner.RESULT_SCHEMA, this bulletin only). `error` is set when it was not loaded."""

    source: str
    sha256: str | None = None
    status: str | None = None
    snapshot_id: int | None = None
    created: bool = False
    extraction: Extraction | None = None
    results: pl.DataFrame | None = None
    error: str | None = None
    figures: int = 0
    passed_not_kept: int = 0
    """Passed checks whose rows were dropped to bound memory (backfill keeps only failed rows)."""


@dataclass
class RunReport:
    """All bulletins of one flow run."""

    flow_run_id: str | None
    bulletins: list[BulletinReport] = field(default_factory=list)

    def all_results(self) -> pl.DataFrame:
        frames = [b.results.with_columns(pl.lit(b.source).alias("source")) for b in self.bulletins
                  if b.results is not None and b.results.height]
        return pl.concat(frames) if frames else pl.DataFrame()


def _evidence(bulletin: BulletinReport, figure_id: str | None) -> tuple[str, str, str] | None:
    """(text before, number, text after) of the sentence holding the figure."""
    if bulletin.extraction is None or figure_id is None:
        return None
    fig = next((f for f in bulletin.extraction.figures if f.id == figure_id), None)
    if fig is None:
        return None
    sentence, offset = fig.sentence, fig.start - fig.sentence_start
    length = fig.end - fig.start
    return sentence[:offset], sentence[offset:offset + length], sentence[offset + length:]


def _problems(bulletin: BulletinReport) -> pl.DataFrame:
    if bulletin.results is None or bulletin.results.height == 0:
        return pl.DataFrame()
    return bulletin.results.filter(~pl.col("passed")).sort("severity", "rule", "figure_id")


def _rule_counts(run: RunReport) -> pl.DataFrame:
    results = run.all_results()
    if results.height == 0:
        return results
    return (results.group_by("rule", "severity")
            .agg(pl.col("passed").sum().alias("passed"), (~pl.col("passed")).sum().alias("failed"))
            .sort("severity", "rule"))


def render_markdown(run: RunReport) -> str:
    """The report as Markdown: summary per bulletin, pass/fail per rule, then every failed or warned check."""
    lines = [f"# Validation report — flow run {run.flow_run_id or '(no flow run)'}", "",
             "| bulletin | status | snapshot | figures | errors | warnings |", "|---|---|---|---|---|---|"]
    for b in run.bulletins:
        problems = _problems(b)
        errors = problems.filter(pl.col("severity") == "error").height if problems.height else 0
        warnings = problems.filter(pl.col("severity") == "warning").height if problems.height else 0
        status = b.status or f"not loaded: {b.error}"
        snapshot = "" if b.snapshot_id is None else f"{b.snapshot_id}{'' if b.created else ' (already loaded)'}"
        lines.append(f"| {_md(b.source)} | {_md(status)} | {snapshot} | {b.figures} | {errors} | {warnings} |")
    counts = _rule_counts(run)
    if counts.height:
        lines += ["", "## Checks per rule", "", "| rule | severity | passed | failed |", "|---|---|---|---|"]
        lines += [f"| {r['rule']} | {r['severity']} | {r['passed']} | {r['failed']} |" for r in counts.iter_rows(named=True)]
    lines += ["", "## Failed and warned checks", ""]
    any_problem = False
    for b in run.bulletins:
        for row in _problems(b).iter_rows(named=True):
            any_problem = True
            evidence = _evidence(b, row["figure_id"])
            quote = f"{evidence[0]}**{evidence[1]}**{evidence[2]}" if evidence else ""
            lines += [f"- **{row['severity']}** `{row['rule']}` {_md(row['message'])}",
                      f"  - sentence: {_md(quote)}" if quote else "  - sentence: (bulletin-level check)",
                      f"  - reported {row['reported']} · computed {row['expected']} · source {_md(b.source)} · "
                      f"sha256 {b.sha256}"]
    if not any_problem:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def _md(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}
th{background:#f3f3f3}.error{color:#b00020;font-weight:bold}.warning{color:#a86400;font-weight:bold}
.info{color:#555}.passed{color:#1b7f3b}mark{background:#ffe066;padding:0 .1em}
.check{border-left:4px solid #ccc;padding:.4em .8em;margin:.8em 0}.check.error{border-color:#b00020}
.check.warning{border-color:#a86400}.meta{color:#555;font-size:.9em;font-weight:normal}
"""


def render_html(run: RunReport) -> str:
    """The report as one self-contained HTML page (inline CSS, no scripts, no external URLs; bulletin text
    escaped). Sections as in `render_markdown`, plus every passed percent check with its sentence."""
    e = html.escape
    out = ["<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">",
           f"<title>Validation report {e(run.flow_run_id or '')}</title><style>{CSS}</style></head><body>",
           f"<h1>Validation report</h1><p class=\"meta\">flow run {e(run.flow_run_id or '(no flow run)')}</p>",
           "<h2>Bulletins</h2><table><tr><th>bulletin</th><th>status</th><th>snapshot</th><th>figures</th>"
           "<th>archive sha256</th></tr>"]
    for b in run.bulletins:
        status = b.status or "not loaded"
        detail = f" — {e(b.error)}" if b.error else ""
        snapshot = "" if b.snapshot_id is None else f"{b.snapshot_id}{'' if b.created else ' (already loaded)'}"
        out.append(f"<tr><td>{e(b.source)}</td><td class=\"{e(status)}\">{e(status)}{detail}</td>"
                   f"<td>{snapshot}</td><td>{b.figures}</td><td><code>{e(b.sha256 or '')}</code></td></tr>")
    out.append("</table>")
    counts = _rule_counts(run)
    if counts.height:
        out.append("<h2>Checks per rule</h2><table><tr><th>rule</th><th>severity</th><th>passed</th><th>failed</th></tr>")
        out += [f"<tr><td>{e(r['rule'])}</td><td class=\"{e(r['severity'])}\">{e(r['severity'])}</td>"
                f"<td>{r['passed']}</td><td>{r['failed']}</td></tr>" for r in counts.iter_rows(named=True)]
        out.append("</table>")
    out.append("<h2>Failed and warned checks</h2>")
    problems = 0
    for b in run.bulletins:
        for row in _problems(b).iter_rows(named=True):
            problems += 1
            out.append(_check_html(b, row))
    if not problems:
        out.append("<p>None.</p>")
    out.append("<h2>Passed percent checks (stated targets)</h2>")
    for b in run.bulletins:
        if b.results is None or b.results.height == 0:
            continue
        passed = b.results.filter(pl.col("passed") & (pl.col("rule") == "pct_matches_stated_target"))
        if passed.height:
            out.append(f"<details><summary>{e(b.source)}: {passed.height} passed</summary>")
            out += [_check_html(b, row) for row in passed.iter_rows(named=True)]
            out.append("</details>")
    out.append("</body></html>")
    return "\n".join(out)


def _check_html(b: BulletinReport, row: dict) -> str:
    e = html.escape
    evidence = _evidence(b, row["figure_id"])
    severity = row["severity"] if not row["passed"] else "passed"
    quote = (f"<blockquote>{e(evidence[0])}<mark>{e(evidence[1])}</mark>{e(evidence[2])}</blockquote>"
             if evidence else "<p class=\"meta\">bulletin-level check</p>")
    return (f"<div class=\"check {e(severity)}\"><span class=\"{e(severity)}\">{e(severity)}</span> "
            f"<code>{e(row['rule'])}</code> {e(row['message'] or '')}{quote}"
            f"<p class=\"meta\">figure {e(row['figure_id'] or '-')} · reported {e(str(row['reported']))} · "
            f"computed {e(str(row['expected']))} · source {e(b.source)} · sha256 {e(b.sha256 or '')}</p></div>")
