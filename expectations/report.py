"""The auditor report of one run: Markdown (also the Prefect artifact) and self-contained HTML.

Every number is tied to the sentence it came from: failed and warned checks show the bulletin's sentence with
the number highlighted, reported vs computed, the source URL and the archive hash. The HTML has no network
assets and escapes every text taken from a bulletin.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import polars as pl

from expectations.rules import ERROR, INFO, RULES, SEVERITIES, WARNING, rule_named
from transforms.checks import ShareClaim, summary_share_claims
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
    """All bulletins of one flow run, and the archived GX validation result JSON of its validation run."""

    flow_run_id: str | None
    bulletins: list[BulletinReport] = field(default_factory=list)
    gx_result_path: str | None = None

    def all_results(self) -> pl.DataFrame:
        frames = [b.results.with_columns(pl.lit(b.source).alias("source")) for b in self.bulletins
                  if b.results is not None and b.results.height]
        return pl.concat(frames) if frames else pl.DataFrame()


SEVERITY_ORDER = {name: rank for rank, name in enumerate(SEVERITIES)}
STATED_PCT_RULE = "pct_matches_stated_target"


def _figure(bulletin: BulletinReport, figure_id: str | None):
    if bulletin.extraction is None or figure_id is None:
        return None
    return next((f for f in bulletin.extraction.figures if f.id == figure_id), None)


def _claim(bulletin: BulletinReport, claim_id: str | None) -> ShareClaim | None:
    if bulletin.extraction is None or claim_id is None:
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
        if rule and rule.startswith("pct_") and fig.pct_text:
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


def _problems(bulletin: BulletinReport) -> pl.DataFrame:
    """Failed checks of one bulletin, most severe first."""
    if bulletin.results is None or bulletin.results.height == 0:
        return pl.DataFrame()
    return (bulletin.results.filter(~pl.col("passed"))
            .with_columns(pl.col("severity").replace_strict(SEVERITY_ORDER, return_dtype=pl.Int8).alias("_rank"))
            .sort("_rank", "rule", "figure_id").drop("_rank"))


def _counts(bulletin: BulletinReport) -> dict[str, int]:
    """Checks of one bulletin: passed, and failed per severity."""
    counts = {"checks": 0, "passed": 0, ERROR: 0, WARNING: 0, INFO: 0}
    if bulletin.results is None or bulletin.results.height == 0:
        return counts
    counts["checks"] = bulletin.results.height
    counts["passed"] = bulletin.results.filter(pl.col("passed")).height
    for row in bulletin.results.filter(~pl.col("passed")).group_by("severity").len().iter_rows(named=True):
        counts[row["severity"]] = row["len"]
    return counts


def _rule_counts(run: RunReport) -> list[dict]:
    """One row per rule of RULES (in their order, rules with no applicable row included): passed/failed."""
    results = run.all_results()
    tally: dict[str, tuple[int, int]] = {}
    if results.height:
        for r in results.group_by("rule").agg(pl.col("passed").sum().alias("p"),
                                              (~pl.col("passed")).sum().alias("f")).iter_rows(named=True):
            tally[r["rule"]] = (r["p"], r["f"])
    return [{"rule": rule.name, "severity": rule.severity, "description": rule.description,
             "passed": tally.get(rule.name, (0, 0))[0], "failed": tally.get(rule.name, (0, 0))[1]} for rule in RULES]


def _stated_pct_passed(b: BulletinReport) -> pl.DataFrame:
    if b.results is None or b.results.height == 0:
        return pl.DataFrame()
    return b.results.filter(pl.col("passed") & (pl.col("rule") == STATED_PCT_RULE))


def _snapshot(b: BulletinReport) -> str:
    return "" if b.snapshot_id is None else f"{b.snapshot_id}{'' if b.created else ' (already loaded)'}"


def _as_of(b: BulletinReport) -> str:
    return str(b.extraction.document.as_of or "") if b.extraction is not None else ""


def render_markdown(run: RunReport) -> str:
    """The report as Markdown (the Prefect artifact): summary per bulletin, pass/fail per rule, every failed or
    warned check (and info findings) with its sentence, then the passed stated-target percent checks per bulletin.
    Bulletin text is escaped (`<`, `>`, `&`, `|`) so nothing in it renders as HTML or breaks a table."""
    lines = [f"# Validation report — flow run {run.flow_run_id or '(no flow run)'}", ""]
    if run.gx_result_path:
        lines += [f"GX validation result JSON: `{_md(run.gx_result_path)}`", ""]
    lines += ["| bulletin | as of | status | snapshot | figures | checks passed | errors | warnings | info | sha256 |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for b in run.bulletins:
        c = _counts(b)
        status = b.status or f"not loaded: {b.error}"
        lines.append(f"| {_md(b.source)} | {_as_of(b)} | {_md(status)} | {_snapshot(b)} | {b.figures} | "
                     f"{c['passed']} | {c[ERROR]} | {c[WARNING]} | {c[INFO]} | {b.sha256 or ''} |")
    lines += ["", "## Checks per rule", "", "| rule | severity | passed | failed | what it checks |",
              "|---|---|---|---|---|"]
    lines += [f"| {r['rule']} | {r['severity']} | {r['passed']} | {r['failed']} | {_md(r['description'])} |"
              for r in _rule_counts(run)]
    lines += ["", "## Failed and warned checks", ""]
    any_problem = False
    for b in run.bulletins:
        for row in _problems(b).iter_rows(named=True):
            any_problem = True
            pieces = _evidence(b, row["figure_id"], row["rule"])
            quote = "".join(f"**{_md(t)}**" if hit else _md(t) for t, hit in pieces) if pieces else ""
            lines += [f"- **{row['severity']}** `{row['rule']}` {_md(row['message'])}",
                      f"  - sentence: {quote}" if quote else "  - sentence: (bulletin-level check)",
                      f"  - reported {_md(row['reported'])} · computed {_md(row['expected'])} · "
                      f"source {_md(b.source)} · sha256 {b.sha256}"]
    if not any_problem:
        lines.append("None.")
    lines += ["", "## Passed percent checks (stated targets)", ""]
    passed_any = False
    for b in run.bulletins:
        passed = _stated_pct_passed(b)
        if passed.height:
            passed_any = True
            pairs = ", ".join(f"{r['figure_id']} {r['reported']}%" for r in passed.iter_rows(named=True))
            lines.append(f"- {_md(b.source)}: {passed.height} passed ({_md(pairs)})")
    if not passed_any:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def _md(text) -> str:
    if text is None:
        return ""
    return (html.escape(str(text), quote=False).replace("|", "\\|").replace("*", "\\*")
            .replace("`", "\\`").replace("\n", " "))


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
"""


def render_html(run: RunReport) -> str:
    """The report as one self-contained HTML page: inline CSS, no scripts, no links or resources outside the
    file (source URLs are shown as text), every text from a bulletin escaped. Sections as in `render_markdown`,
    with the passed stated-target percent checks shown in full with their sentences."""
    e = html.escape
    out = ["<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">",
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
           f"<title>Validation report {e(run.flow_run_id or '')}</title><style>{CSS}</style></head><body>",
           f"<h1>Validation report</h1><p class=\"meta\">flow run {e(run.flow_run_id or '(no flow run)')}"
           + (f" · GX validation result JSON <code>{e(run.gx_result_path)}</code>" if run.gx_result_path else "")
           + "</p>",
           "<h2>Bulletins</h2><table><tr><th>bulletin</th><th>as of</th><th>status</th><th>snapshot</th>"
           "<th>figures</th><th>checks passed</th><th>errors</th><th>warnings</th><th>info</th>"
           "<th>archive sha256</th></tr>"]
    for b in run.bulletins:
        c = _counts(b)
        status = b.status or "not loaded"
        detail = f" — {e(b.error)}" if b.error else ""
        out.append(f"<tr><td>{e(b.source)}</td><td>{e(_as_of(b))}</td><td class=\"{e(status)}\">{e(status)}{detail}"
                   f"</td><td>{e(_snapshot(b))}</td><td class=\"num\">{b.figures}</td>"
                   f"<td class=\"num\">{c['passed']}</td><td class=\"num\">{c[ERROR]}</td>"
                   f"<td class=\"num\">{c[WARNING]}</td><td class=\"num\">{c[INFO]}</td>"
                   f"<td><code class=\"hash\">{e(b.sha256 or '')}</code></td></tr>")
    out.append("</table>")
    out.append("<h2>Checks per rule</h2><table><tr><th>rule</th><th>severity</th><th>passed</th><th>failed</th>"
               "<th>what it checks</th></tr>")
    out += [f"<tr><td><code>{e(r['rule'])}</code></td><td class=\"{e(r['severity'])}\">{e(r['severity'])}</td>"
            f"<td class=\"num\">{r['passed']}</td><td class=\"num\">{r['failed']}</td><td>{e(r['description'])}</td></tr>"
            for r in _rule_counts(run)]
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
    shown = 0
    for b in run.bulletins:
        passed = _stated_pct_passed(b)
        if passed.height:
            shown += 1
            out.append(f"<details open><summary>{e(b.source)}: {passed.height} passed</summary>")
            out += [_check_html(b, row) for row in passed.iter_rows(named=True)]
            out.append("</details>")
    if not shown:
        out.append("<p>None.</p>")
    out.append("</body></html>")
    return "\n".join(out)


def _check_html(b: BulletinReport, row: dict) -> str:
    e = html.escape
    pieces = _evidence(b, row["figure_id"], row["rule"])
    severity = row["severity"] if not row["passed"] else "passed"
    quote = ("<blockquote>" + "".join(f"<mark>{e(t)}</mark>" if hit else e(t) for t, hit in pieces) + "</blockquote>"
             if pieces else "<p class=\"meta\">bulletin-level check</p>")
    if row["passed"]:
        fig = _figure(b, row["figure_id"])
        text = f"item {fig.item or '-'} {fig.label}" if fig is not None else ""
    else:
        text = row["message"] or ""
    return (f"<div class=\"check sev-{e(severity)}\"><span class=\"{e(severity)}\">{e(severity)}</span> "
            f"<code>{e(row['rule'])}</code> {e(text)}{quote}"
            f"<dl class=\"meta\"><dt>{'claim' if rule_named(row['rule']).grain == 'claim' else 'figure'}</dt>"
            f"<dd>{e(row['figure_id'] or '-')}</dd>"
            f"<dt>reported</dt><dd>{e(str(row['reported']))}</dd><dt>computed</dt><dd>{e(str(row['expected']))}</dd>"
            f"<dt>source</dt><dd>{e(b.source)}</dd><dt>archive sha256</dt><dd><code>{e(b.sha256 or '')}</code></dd>"
            "</dl></div>")
