"""Trend pictures: one self-contained HTML page per programme year, small multiples of percent-of-plan by month.

Reads the marts of a warehouse file (normally the published read-only copy) and renders, per item (项), one inline
SVG chart of `figure_trend.pct_of_plan` (percent, 88 = 88 %) against the month of `as_of`, one line per metric_key
of the item that reports a percent, with the 100 % line marked. Every point links to its evidence row: the
figure's sentence with the number as written highlighted (documents.text[start:end]), the snapshot and the source.
No scripts, no network assets; Chinese text uses the reader's CJK system fonts.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from warehouse.store import WarehouseError, connect

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
"""Line colours, in the order of the item's metric keys (matplotlib tab10, distinguishable in print)."""

FONT_STACK = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
              '"WenQuanYi Micro Hei", sans-serif')

WIDTH, HEIGHT = 320, 200
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 12, 28
"""Chart size and plot margins in CSS pixels."""


@dataclass(frozen=True)
class Programme:
    """One programme year: the grain of a report page."""

    region: str
    program: str
    program_year: int

    @property
    def title(self) -> str:
        return f"{self.region} {self.program_year}年 {self.program}"

    @property
    def file_name(self) -> str:
        slug = re.sub(r"[^\w-]+", "-", f"{self.region}-{self.program}-{self.program_year}").strip("-")
        return f"trend-{slug}.html"


def programmes(con: duckdb.DuckDBPyConnection) -> list[Programme]:
    """Programme years with at least one current snapshot, in name order."""
    rows = con.execute("SELECT DISTINCT region, program, program_year FROM current_snapshots WHERE region IS NOT "
                       "NULL AND program IS NOT NULL AND program_year IS NOT NULL ORDER BY ALL").fetchall()
    return [Programme(*row) for row in rows]


def trend_points(con: duckdb.DuckDBPyConnection, programme: Programme) -> pl.DataFrame:
    """Points of figure_trend for the programme year, with their evidence.

    Columns: item (str), item_name (str), metric_key, label, month (date), as_of (date), value_text, unit,
    pct_of_plan (Decimal, percent), pct_text, part_of, snapshot_id (int), figure_id, source, sentence,
    mark_start / mark_end (int: the number's span inside `sentence`).
    """
    return pl.from_arrow(con.sql("""
        SELECT t.item,
               coalesce(i.name, '') AS item_name,
               t.metric_key, t.label, t.month, t.as_of, f.value_text, t.unit, t.pct_of_plan, f.pct_text, t.part_of,
               t.snapshot_id, t.figure_id, t.source, f.sentence,
               f."start" - f.sentence_start AS mark_start,
               f."end" - f.sentence_start AS mark_end
        FROM figure_trend AS t
        JOIN figures AS f ON f.snapshot_id = t.snapshot_id AND f.id = t.figure_id
        LEFT JOIN items AS i ON i.snapshot_id = t.snapshot_id AND i.item_no = t.item
        WHERE t.region = ? AND t.program = ? AND t.program_year = ?
        ORDER BY try_cast(t.item AS INTEGER) NULLS LAST, t.item, t.metric_key, t.month
        """, params=[programme.region, programme.program, programme.program_year]).to_arrow_table())


def _x(month: int) -> float:
    return LEFT + (month - 1) * (WIDTH - LEFT - RIGHT) / 11


def _y(pct: float, top: float) -> float:
    return TOP + (1 - pct / top) * (HEIGHT - TOP - BOTTOM)


def _anchor(snapshot_id: int, figure_id: str) -> str:
    return f"ev-{snapshot_id}-{figure_id}"


def _chart(series: list[tuple[str, pl.DataFrame]], item_label: str) -> str:
    """One inline SVG: a line per (label, points) with pct_of_plan, x = month 1-12, the 100 % line dashed."""
    highest = max(float(p) for _, points in series for p in points["pct_of_plan"])
    top = max(120.0, math.ceil(highest / 20) * 20)
    e = html.escape
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{e(item_label)} 占年计划百分比, 按月">']
    for tick in range(0, int(top) + 1, 20 if top <= 160 else 40):
        y = _y(tick, top)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e5e5"/>'
                     f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" class="tick">{tick}</text>')
    y100 = _y(100, top)
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y100:.1f}" y2="{y100:.1f}" stroke="#444" '
                 f'stroke-width="1.2" stroke-dasharray="5 3"/>'
                 f'<text x="{LEFT + 4}" y="{y100 - 4:.1f}" class="plan">100% 年计划</text>')
    for month in range(1, 13):
        parts.append(f'<text x="{_x(month):.1f}" y="{HEIGHT - 10}" text-anchor="middle" class="tick">{month}</text>')
    parts.append(f'<text x="{LEFT - 12}" y="{HEIGHT - 10}" text-anchor="end" class="tick">月</text>')
    for index, (label, points) in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        coords = [(_x(r["month"].month), _y(float(r["pct_of_plan"]), top), r) for r in points.iter_rows(named=True)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y, r in coords:
            tip = f"{label} {r['as_of']}: {r['value_text']}{r['unit']}, 占年计划{r['pct_text'] or r['pct_of_plan']}%"
            parts.append(f'<a href="#{_anchor(r["snapshot_id"], r["figure_id"])}"><circle cx="{x:.1f}" cy="{y:.1f}" '
                         f'r="3.5" fill="{colour}"><title>{e(tip)}</title></circle></a>')
    parts.append("</svg>")
    return "".join(parts)


def _evidence_row(r: dict) -> str:
    e = html.escape
    sentence = r["sentence"] or ""
    start, end = r["mark_start"], r["mark_end"]
    if sentence and start is not None and 0 <= start <= end <= len(sentence):
        quoted = f"{e(sentence[:start])}<mark>{e(sentence[start:end])}</mark>{e(sentence[end:])}"
    else:
        quoted = e(sentence)
    pct = f"{r['pct_text']}%" if r["pct_text"] else ""
    as_of = r["as_of"] or "(undated)"
    return (f'<tr id="{_anchor(r["snapshot_id"], r["figure_id"])}"><td>{as_of}</td><td>{e(r["label"] or "")}</td>'
            f'<td class="num">{e(r["value_text"])}{e(r["unit"])}</td><td class="num">{pct}</td><td>{quoted}</td>'
            f'<td>snapshot {r["snapshot_id"]} · {e(r["figure_id"])}<br><a href="{e(r["source"])}">'
            f'{e(r["source"].rsplit("/", 1)[-1])}</a></td></tr>')


def render_programme(con: duckdb.DuckDBPyConnection, programme: Programme) -> str:
    """The HTML page of one programme year (str, UTF-8 text). Raises WarehouseError if it has no trend points."""
    points = trend_points(con, programme)
    if points.height == 0:
        raise WarehouseError(f"no trend points for {programme.title}; load its bulletins first")
    e = html.escape
    latest = points["as_of"].max()
    snapshots = points["snapshot_id"].n_unique()
    # fetchall: a fetchone() leaves the result unfinished, and DuckDB 2.0 then refuses the next programme's query.
    ambiguous = con.execute(
        "SELECT count(*) FROM ambiguous_metric_keys AS a JOIN current_snapshots AS s USING (snapshot_id) "
        "WHERE s.region = ? AND s.program = ? AND s.program_year = ?",
        [programme.region, programme.program, programme.program_year]).fetchall()[0][0]
    panels, evidence = [], []
    for (item, item_name), rows in points.group_by(["item", "item_name"], maintain_order=True):
        item_label = f"{item}. {item_name}" if item_name else f"{item or '-'}"
        anchor = f"item-{e(str(item))}"
        # An undated snapshot (no as-of month in its text) has no place on the month axis: evidence table only.
        with_pct = rows.filter(pl.col("pct_of_plan").is_not_null() & pl.col("month").is_not_null())
        series = [(frame["label"][0] or key, frame)
                  for (key,), frame in with_pct.group_by(["metric_key"], maintain_order=True)]
        if series:
            legend = "".join(f'<li><span class="swatch" style="background:{PALETTE[i % len(PALETTE)]}"></span>'
                             f'{e(label)}{" (其中)" if frame["part_of"][0] else ""}</li>'
                             for i, (label, frame) in enumerate(series))
            body = _chart(series, item_label) + f'<ul class="legend">{legend}</ul>'
        else:
            body = '<p class="none">本项未报告占年计划百分比 (no percent of plan reported)</p>'
        panels.append(f'<figure class="panel"><figcaption><a href="#{anchor}">{e(item_label)}</a></figcaption>'
                      f'{body}</figure>')
        evidence.append(f'<h3 id="{anchor}">{e(item_label)}</h3><table><thead><tr><th>截至</th><th>指标</th>'
                        f'<th>数值</th><th>占年计划</th><th>原文 (evidence)</th><th>来源</th></tr></thead><tbody>'
                        + "".join(_evidence_row(r) for r in rows.iter_rows(named=True)) + "</tbody></table>")
    ambiguous_note = (f'<p class="warn">{ambiguous} ambiguous metric keys in the current snapshots: figures sharing '
                      f'a key are listed in view ambiguous_metric_keys and shown here as separate points.</p>'
                      if ambiguous else "")
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{e(programme.title)} 进度趋势</title>
<style>
body {{ font-family: {FONT_STACK}; margin: 24px; color: #222; }}
h1 {{ font-size: 22px; margin-bottom: 4px; }}
.meta {{ color: #555; font-size: 13px; }}
.grid {{ display: grid; grid-template-columns: repeat(auto-fill, minmax({WIDTH + 20}px, 1fr)); gap: 16px; }}
.panel {{ margin: 0; border: 1px solid #ddd; border-radius: 6px; padding: 8px; }}
.panel figcaption {{ font-size: 15px; font-weight: 600; margin-bottom: 4px; }}
.panel figcaption a {{ color: #222; text-decoration: none; }}
svg text {{ font-family: {FONT_STACK}; }}
svg .tick {{ font-size: 10px; fill: #666; }}
svg .plan {{ font-size: 11px; fill: #444; }}
.legend {{ list-style: none; padding: 0; margin: 4px 0 0; font-size: 13px; }}
.swatch {{ display: inline-block; width: 12px; height: 3px; margin-right: 6px; vertical-align: middle; }}
.none, .warn {{ color: #8a5a00; font-size: 13px; }}
table {{ border-collapse: collapse; font-size: 13px; margin-bottom: 16px; }}
th, td {{ border-bottom: 1px solid #eee; padding: 3px 8px; text-align: left; vertical-align: top; }}
td.num {{ text-align: right; white-space: nowrap; }}
tr:target {{ background: #fff3c4; }}
mark {{ background: #ffe08a; }}
</style></head>
<body>
<h1>{e(programme.title)}: 占年计划进度 (percent of plan by month)</h1>
<p class="meta">截至 {latest} · {snapshots} snapshots · one chart per item (项), one line per figure; the dashed
line is 100% of the annual plan. Click a point for its evidence. Generated {generated}.</p>
{ambiguous_note}
<div class="grid">
{"".join(panels)}
</div>
<h2>Evidence (原文出处)</h2>
{"".join(evidence)}
</body></html>
"""


def write_reports(database: Path | str, out_dir: Path | str) -> list[Path]:
    """Write one page per programme year of `database` (opened read-only) into `out_dir`; returns the paths.

    Point `database` at the published copy so that the report never holds the writer's file.
    Raises WarehouseError naming the file if it cannot be opened.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    con = connect(database, read_only=True)
    try:
        written = []
        for programme in programmes(con):
            path = out / programme.file_name
            path.write_text(render_programme(con, programme), encoding="utf-8")
            written.append(path)
        return written
    finally:
        con.close()

