"""Derived columns that the Great Expectations suites check (DESIGN.md "Validation rules").

GX validates pandas batches here (it cannot read DuckDB tables on these machines), so every rule that needs
Decimal arithmetic or the bulletin's text is computed in this module as a column; GX then asserts the column.
Boolean check columns are True (passed), False (failed) or null (the rule does not apply to that row).
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from decimal import Decimal, localcontext

import polars as pl

from transforms.errors import ValidateError
from transforms.numbers import decimals_of, round_half_up, to_base, units_compatible, written_half_step
from transforms.record import DECIMAL, FIGURE_SCHEMA, VALUE_LIMIT, Extraction
from transforms.text import HAN

OTHER_BASIS = re.compile(r"时序|序时|时间进度|总体进度|阶段|总计划|总工程量|(?<!年度)总投资")
"""pct_basis words naming something other than this year's plan: elapsed time (时序进度, 序时进度, 时间进度), a
stage (阶段目标任务), the whole multi-year project (总计划, 总体进度, 总工程量, 总投资; 年度总投资 is this year's).
Percents against these are checked as info. Every other percent with a stated target, whatever its plan word or
none (年计划, 年度投资计划, 开工率, 投资完成率, "已完成8个(53%)"), is a percent of the target it was attached to,
and is checked as an error (DESIGN.md: "reported percent == 100·value/target … (target stated): error"). On the
corpus the rates and investment plans so checked all agree except 029's 开工率 47 % of 129/270 (= 48), which gold
records as a source inconsistency."""

PCT_PLAUSIBLE_MAX = Decimal(1000)
"""Upper bound of a plausible percent of plan. The real corpus peaks near 300 % (000-seed: 291.3 %); an order of
magnitude above that is a misread number (a glued "75%124个"), not progress."""

RATE_UNITS = frozenset({"%", "个百分点"})
"""Units of figures that are themselves ratios: not additive, so part/whole and parts-sum rules skip them
(013-xiaoxian: "完成率200%" after "其中" is not a part of a 90 % rate)."""

CUMULATIVE_QUALIFIER = "累计"
"""Qualifier of a running total (000-seed: "累计发放…"): such a figure may not fall within a programme year."""

CHECKED_FIGURE_COLUMNS: dict[str, pl.DataType] = {k: v for k, v in FIGURE_SCHEMA.items() if k != "sentence"}
"""The figure columns a check frame carries: every FIGURE_SCHEMA column but `sentence`. No rule reads the
sentence (reports take it from the extraction), and a sentence copied per figure made the frame grow with the
square of a paragraph's length: a 199 KB one-paragraph page cost 8.6 GB (issue 14)."""

CHECK_COLUMNS: dict[str, pl.DataType] = {
    "bulletin": pl.String,
    "row_key": pl.String,
    "metric_key": pl.String,
    "as_of": pl.Date,
    "pct_expected": DECIMAL,
    "pct_check_stated": pl.Boolean,
    "pct_check_other": pl.Boolean,
    "pct_target_comparable": pl.Boolean,
    "parent_value": DECIMAL,
    "part_within_whole": pl.Boolean,
    "parts_count": pl.Int32,
    "parts_sum": DECIMAL,
    "parts_sum_within_whole": pl.Boolean,
    "evidence_round_trips": pl.Boolean,
    "label_present": pl.Boolean,
    "achieved_item_complete": pl.Boolean,
    "value_float": pl.Float64,
    "pct_float": pl.Float64,
    "target_base": DECIMAL,
    "cumulative": pl.Boolean,
    "previous_source": pl.String,
    "previous_as_of": pl.Date,
    "previous_base_value": DECIMAL,
    "cumulative_not_falling": pl.Boolean,
    "previous_target_base": DECIMAL,
    "stated_target_unchanged": pl.Boolean,
}
"""Columns added to CHECKED_FIGURE_COLUMNS in the check frame. `parts_sum`, `target_base` and the `previous_*` values
are in base units (人, 元 …). The `previous_*` columns and the two cross-snapshot checks are null until
`with_history` fills them."""


def expected_pct(value: Decimal, unit: str, target: Decimal, target_unit: str, pct_text: str) -> Decimal | None:
    """100 * value / target in a common base unit, rounded half-up to the decimals of the reported percent.

    Units: value in `unit`, target in `target_unit` (e.g. 20474 人 against 2 万人 -> 102.4 when reported as
    "102.4"). Returns None when the units are not comparable, the target is not positive or the percent is
    beyond record.VALUE_LIMIT.
    """
    if not units_compatible(unit, target_unit):
        return None
    base_value = to_base(value, unit)[0]
    base_target = to_base(target, target_unit)[0]
    if base_target <= 0:
        return None
    with localcontext(prec=80):  # exact enough for any storable value and target (record.VALUE_LIMIT)
        pct = base_value * 100 / base_target
        if abs(pct) >= VALUE_LIMIT:  # a tiny target: a percent no column can hold, and no bulletin reports
            return None
        return round_half_up(pct, decimals_of(pct_text))


def label_present(label: str | None) -> bool:
    """True when a figure's label names something: it holds at least one Chinese character (transforms.text.HAN).
    An empty label, or one of digits, Latin letters or "?" left by a wrong decoding ("", "83.33", "taux"), is
    missing, whatever a not-null check would say."""
    return bool(label and HAN.search(label))


def _achieved_item_numbers(extraction: Extraction) -> set[str]:
    names = {re.sub(r"方面$", "", n) for n in extraction.document.achieved_item_names}
    return {item.no for item in extraction.items if item.name in names or f"{item.name}方面" in names}


def _parts_of(extraction: Extraction) -> dict[str, list]:
    """Additive 其中 parts per whole id, only parts in the whole's base unit (a part in another unit, e.g. 所 of
    a 亿元 total, is a different measure and cannot be summed against it)."""
    by_id = {f.id: f for f in extraction.figures}
    parts: dict[str, list] = {}
    for fig in extraction.figures:
        parent = by_id.get(fig.part_of) if fig.part_of else None
        if (parent is not None and fig.unit not in RATE_UNITS and parent.base_unit == fig.base_unit
                and fig.base_value is not None):
            parts.setdefault(parent.id, []).append(fig)
    return parts


def figure_check_frame(extraction: Extraction, bulletin: str, metric_keys: list[str] | None = None) -> pl.DataFrame:
    """Figures of one bulletin with the derived check columns.

    Shape: CHECKED_FIGURE_COLUMNS + CHECK_COLUMNS, one row per figure. `row_key` = "<bulletin>:<figure id>" is
    unique across a batch of bulletins and names failing rows in GX results. `pct_expected` is a percent.
    `metric_keys` (one per figure, from `transforms.identity.metric_keys`) lets `with_history` follow figures across
    snapshots; without them the cross-snapshot checks stay null. Raises ValueError if their count is wrong.
    """
    keys = None if metric_keys is None else {bulletin: metric_keys}
    return batch_frames({bulletin: extraction}, keys).checks["figure"]


FIGURE_ROW_COLUMNS: dict[str, pl.DataType] = {"bulletin": pl.String, "metric_key": pl.String, **FIGURE_SCHEMA}
"""The figure rows of a batch (`BatchFrames.figures`): FIGURE_SCHEMA with the bulletin (source) each figure belongs
to and its metric key; what the check frame is derived from and what the loader inserts into `figures`."""


@dataclass(frozen=True)
class BatchFrames:
    """What validating and loading a batch of bulletins needs from their extractions, built once, where they are
    extracted (a worker process: flows.parallel): `figures`, one row per figure (FIGURE_ROW_COLUMNS), and
    `checks`, the check frames by grain ("figure", "bulletin", "claim") with the cross-snapshot columns still null
    (`with_batch_history` fills them where the warehouse is). Bulletins in the order they were given."""

    figures: pl.DataFrame
    checks: dict[str, pl.DataFrame]

    def of(self, bulletins: list[str]) -> BatchFrames:
        """The rows of these bulletins only (e.g. those not loaded before)."""
        wanted = pl.col("bulletin").is_in(bulletins)
        return BatchFrames(self.figures.filter(wanted), {g: f.filter(wanted) for g, f in self.checks.items()})

    @staticmethod
    def concat(parts: list[BatchFrames]) -> BatchFrames:
        """The frames of several chunks, in the chunks' order."""
        return BatchFrames(pl.concat([p.figures for p in parts], how="vertical"),
                           {g: pl.concat([p.checks[g] for p in parts], how="vertical") for g in parts[0].checks})


def batch_frames(extractions: dict[str, Extraction], metric_keys: dict[str, list[str]] | None = None) -> BatchFrames:
    """The figure rows and the check frames (cross-snapshot columns null) of a batch of bulletins keyed by source
    (`BatchFrames`). Built column-wise for the whole batch: one frame construction per batch, Polars expressions
    for the columns that need no Decimal arithmetic, and a loop over the figures only for those that do (percent
    arithmetic, parts, base-unit targets). `metric_keys`: one per figure per bulletin (`transforms.identity
    .metric_keys`); without them the cross-snapshot checks stay null. Raises ValidateError (a ValueError) naming the bulletin when a
    bulletin's key count is wrong."""
    keys = metric_keys or {}
    bulletins: list[str] = []
    as_of: list = []
    row_keys: list[str | None] = []
    counts: list[int] = []
    for source, x in extractions.items():
        given = keys.get(source)
        if given is not None and len(given) != len(x.figures):
            raise ValidateError(source, f"{len(given)} metric keys for {len(x.figures)} figures")
        counts.append(len(x.figures))
        bulletins.append(source)
        as_of.append(x.document.as_of)
        row_keys += given if given is not None else [None] * len(x.figures)
    rows = [_FIGURE_ROW(f) for x in extractions.values() for f in x.figures]
    # Column-wise, not orient="row": from rows polars stores a number beyond DECIMAL as null without a word; by
    # column it raises (`record.unstorable` refuses such a bulletin before it gets here).
    columns = dict(zip(FIGURE_SCHEMA, zip(*rows))) if rows else {name: [] for name in FIGURE_SCHEMA}
    figures = pl.DataFrame(columns, schema=FIGURE_SCHEMA).select(
        pl.Series("bulletin", [s for s, n in zip(bulletins, counts) for _ in range(n)], pl.String),
        pl.Series("metric_key", row_keys, pl.String),
        pl.all(),
    )
    derived = _derived_checks(extractions)
    figure_checks = figures.select(
        *CHECKED_FIGURE_COLUMNS,
        pl.col("bulletin"),
        pl.concat_str(pl.col("bulletin"), pl.lit(":"), pl.col("id")).alias("row_key"),
        pl.col("metric_key"),
        pl.Series("as_of", [d for d, n in zip(as_of, counts) for _ in range(n)], pl.Date),
        *(pl.Series(name, values, CHECK_COLUMNS[name]) for name, values in derived.items()),
        (~pl.col("unit").is_in(sorted(RATE_UNITS)) & (
            pl.col("kind").eq_missing("progress")
            | pl.col("qualifier").fill_null("").str.contains(CUMULATIVE_QUALIFIER, literal=True))).alias("cumulative"),
        *(pl.lit(None, CHECK_COLUMNS[name]).alias(name) for name in _HISTORY_COLUMNS),
    ).select(list({**CHECKED_FIGURE_COLUMNS, **CHECK_COLUMNS}))
    bulletin_rows = pl.DataFrame([bulletin_check_row(x, source) for source, x in extractions.items()],
                                 schema=BULLETIN_CHECK_SCHEMA, orient="row")
    claims = pl.DataFrame([row for source, x in extractions.items() for row in claim_check_rows(x, source)],
                          schema=CLAIM_CHECK_SCHEMA, orient="row")
    return BatchFrames(figures, {"figure": figure_checks, "bulletin": bulletin_rows, "claim": claims})


_FIGURE_ROW = operator.attrgetter(*FIGURE_SCHEMA)

_HISTORY_COLUMNS = ("previous_source", "previous_as_of", "previous_base_value", "cumulative_not_falling",
                    "previous_target_base", "stated_target_unchanged")


def _derived_checks(extractions: dict[str, Extraction]) -> dict[str, list]:
    """The check columns that need Decimal arithmetic or the text, one value per figure of the batch in order."""
    columns: dict[str, list] = {name: [] for name in (
        "pct_expected", "pct_check_stated", "pct_check_other", "pct_target_comparable", "parent_value",
        "part_within_whole", "parts_count", "parts_sum", "parts_sum_within_whole", "evidence_round_trips",
        "label_present", "achieved_item_complete", "value_float", "pct_float", "target_base")}
    for extraction in extractions.values():
        figures = extraction.figures
        text = extraction.text
        achieved = _achieved_item_numbers(extraction) if extraction.document.achieved_item_names else set()
        by_id = {f.id: f for f in figures}
        parts = _parts_of(extraction)
        for fig in figures:
            expected = stated = other = comparable = None
            if fig.pct_of_plan is not None and fig.pct_text and fig.target is not None and fig.target_unit:
                expected = expected_pct(fig.value, fig.unit, fig.target, fig.target_unit, fig.pct_text)
                # A stated target in another unit (亿元 of a 个 count) leaves the percent uncheckable: shown as info.
                comparable = expected is not None
                if expected is not None and not (fig.pct_basis and OTHER_BASIS.search(fig.pct_basis)):
                    stated = expected == fig.pct_of_plan
                elif expected is not None:
                    other = expected == fig.pct_of_plan
            parent = by_id.get(fig.part_of) if fig.part_of else None
            within = None
            if (parent is not None and fig.unit not in RATE_UNITS and parent.base_unit == fig.base_unit
                    and None not in (parent.base_value, fig.base_value)):
                within = fig.base_value <= parent.base_value
            # Parts may be a partial list ("其中1722套已开工"), so only "sum <= whole" is certain; equality needs
            # the text to say it lists all parts, which extraction does not record yet (docs/validation.md). A
            # whole is as exact as it is written: "4.2万所" covers parts summing to 42,185 (half a step of its last
            # digit).
            my_parts = parts.get(fig.id)
            parts_sum = sum((p.base_value for p in my_parts), Decimal(0)) if my_parts and len(my_parts) >= 2 \
                else None
            complete = None
            # A 其中 part below plan ("其中1722套已开工,占年计划的86.1%") does not contradict the item's claim.
            if fig.item in achieved and fig.kind == "progress" and fig.pct_of_plan is not None and not fig.part_of:
                complete = fig.pct_of_plan >= 100
            columns["pct_expected"].append(expected)
            columns["pct_check_stated"].append(stated)
            columns["pct_check_other"].append(other)
            columns["pct_target_comparable"].append(comparable)
            columns["parent_value"].append(parent.value if parent is not None else None)
            columns["part_within_whole"].append(within)
            columns["parts_count"].append(len(my_parts) if parts_sum is not None and my_parts else None)
            columns["parts_sum"].append(parts_sum)
            columns["parts_sum_within_whole"].append(
                parts_sum <= fig.base_value + written_half_step(fig.value_text.replace(" ", ""), fig.unit)
                if parts_sum is not None and fig.base_value is not None else None)
            columns["evidence_round_trips"].append(fig.value_text in text[fig.start:fig.end])
            columns["label_present"].append(label_present(fig.label))
            columns["achieved_item_complete"].append(complete)
            columns["value_float"].append(float(fig.value))
            columns["pct_float"].append(float(fig.pct_of_plan) if fig.pct_of_plan is not None else None)
            columns["target_base"].append(to_base(fig.target, fig.target_unit)[0]
                                          if fig.target is not None and fig.target_unit else None)
    return columns


HISTORY_SCHEMA: dict[str, pl.DataType] = {
    "metric_key": pl.String,
    "as_of": pl.Date,
    "source": pl.String,
    "base_value": DECIMAL,
    "base_unit": pl.String,
    "target_base": DECIMAL,
}
"""Earlier observations of figures (warehouse.history or the same batch): one row per figure per bulletin, values
and targets in base units."""


def history_of_batch(figures: pl.DataFrame) -> pl.DataFrame:
    """The batch's own figure check rows as HISTORY_SCHEMA rows, so that a backfill of twelve months in one batch
    compares each month with the one before it (they are not in the warehouse yet)."""
    return (figures.filter(pl.col("metric_key").is_not_null() & pl.col("as_of").is_not_null())
            .select(pl.col("metric_key"), pl.col("as_of"), pl.col("bulletin").alias("source"), pl.col("base_value"),
                    pl.col("base_unit"), pl.col("target_base"))
            .cast(HISTORY_SCHEMA))


def with_history(figures: pl.DataFrame, history: pl.DataFrame) -> pl.DataFrame:
    """Fill the cross-snapshot columns of a figure check frame from earlier observations.

    For each figure with a metric_key and an as_of, the previous observation is the one of the same metric_key
    with the latest as_of strictly before it (another bulletin; a metric_key already fixes region, programme,
    programme year and base unit). Rules (DESIGN.md, warning level):
    `cumulative_not_falling` = base_value >= previous base_value, for cumulative figures (kind progress or 累计);
    `stated_target_unchanged` = target_base == previous target_base, where both snapshots state a target.
    A metric_key seen twice in one bulletin is ambiguous (warehouse view `ambiguous_metric_keys`) and not
    followed. Shape: same rows and columns as `figures`.
    """
    if figures.height == 0:
        return figures
    history = history.cast(HISTORY_SCHEMA).filter(pl.col("metric_key").is_not_null() & pl.col("as_of").is_not_null())
    # One observation per (metric_key, as_of, source); keys repeated inside one bulletin are dropped.
    history = history.filter(pl.len().over("metric_key", "as_of", "source") == 1)
    ambiguous = figures.filter(pl.col("metric_key").is_not_null()).group_by("bulletin", "metric_key").len() \
        .filter(pl.col("len") > 1).select("bulletin", "metric_key")
    # The latest observation per (metric_key, as_of); ties of one date go to the greatest source.
    history = history.sort("metric_key", "as_of", "source").unique(["metric_key", "as_of"], keep="last",
                                                                   maintain_order=True)
    # An as-of join (latest earlier date per key) instead of joining every figure with every earlier observation
    # of its key: that join grew with the square of the bulletins sharing a key (2,004 bulletins: 10.6 GB).
    previous = (
        figures.select("row_key", "metric_key", "as_of", "bulletin")
        .join(ambiguous.with_columns(pl.lit(True).alias("_ambiguous")), on=["bulletin", "metric_key"], how="left")
        .filter(pl.col("_ambiguous").is_null() & pl.col("metric_key").is_not_null() & pl.col("as_of").is_not_null())
        .sort("as_of")
        .join_asof(history.rename({"as_of": "h_as_of", "source": "h_source"}).sort("h_as_of"),
                   left_on="as_of", right_on="h_as_of", by="metric_key", strategy="backward",
                   allow_exact_matches=False, check_sortedness=False)
        # An earlier reading of the same bulletin (revalidation of a re-extracted source) is no other month.
        .filter(pl.col("h_source").is_not_null() & (pl.col("h_source") != pl.col("bulletin")))
        .select("row_key", pl.col("h_source").alias("_p_source"), pl.col("h_as_of").alias("_p_as_of"),
                pl.col("base_value").alias("_p_value"), pl.col("target_base").alias("_p_target"))
    )
    joined = figures.join(previous, on="row_key", how="left")
    return joined.with_columns(
        pl.col("_p_source").alias("previous_source"),
        pl.col("_p_as_of").alias("previous_as_of"),
        pl.col("_p_value").alias("previous_base_value"),
        pl.when(pl.col("cumulative") & pl.col("_p_value").is_not_null() & pl.col("base_value").is_not_null())
        .then(pl.col("base_value") >= pl.col("_p_value")).otherwise(None).alias("cumulative_not_falling"),
        pl.col("_p_target").alias("previous_target_base"),
        pl.when(pl.col("_p_target").is_not_null() & pl.col("target_base").is_not_null())
        .then(pl.col("target_base") == pl.col("_p_target")).otherwise(None).alias("stated_target_unchanged"),
    ).select(figures.columns)


BULLETIN_CHECK_SCHEMA: dict[str, pl.DataType] = {
    "bulletin": pl.String,
    "as_of": pl.Date,
    "figures": pl.Int32,
    "items_counted": pl.Int32,
    "items_claimed": pl.Int32,
    "items_count_matches": pl.Boolean,
    "categories_counted": pl.Int32,
    "categories_claimed": pl.Int32,
    "categories_count_matches": pl.Boolean,
    "achieved_listed": pl.Int32,
    "achieved_claimed": pl.Int32,
    "achieved_count_matches": pl.Boolean,
}
"""One row per bulletin: summary claims ("12件36项", "18项已实现年度目标") against what the text contains."""


def bulletin_check_frame(extraction: Extraction, bulletin: str) -> pl.DataFrame:
    """The bulletin-grain check row (BULLETIN_CHECK_SCHEMA) as a one-row frame."""
    return pl.DataFrame([bulletin_check_row(extraction, bulletin)], schema=BULLETIN_CHECK_SCHEMA, orient="row")


def bulletin_check_row(extraction: Extraction, bulletin: str) -> dict:
    """The bulletin-grain check row (BULLETIN_CHECK_SCHEMA) as a dict. A count check is null where the text
    claims nothing."""
    doc = extraction.document

    def matches(counted: int, claimed: int | None) -> bool | None:
        # A text that enumerates no items or categories at all (027-xiangtan: "省实事11件15项中有9项…" in prose)
        # makes a claim about the programme, not about its own list: nothing to count against.
        return None if claimed is None or counted == 0 else counted == claimed

    items, cats, listed = len(extraction.items), len(extraction.categories), len(doc.achieved_item_names)
    row = {
        "bulletin": bulletin, "as_of": doc.as_of, "figures": len(extraction.figures),
        "items_counted": items, "items_claimed": doc.items_total,
        "items_count_matches": matches(items, doc.items_total),
        "categories_counted": cats, "categories_claimed": doc.categories_total,
        "categories_count_matches": matches(cats, doc.categories_total),
        "achieved_listed": listed, "achieved_claimed": doc.items_achieved_claimed,
        "achieved_count_matches": matches(listed, doc.items_achieved_claimed) if listed else None,
    }
    return row


def batch_check_frames(extractions: dict[str, Extraction], metric_keys: dict[str, list[str]] | None = None,
                       history: pl.DataFrame | None = None) -> dict[str, pl.DataFrame]:
    """The check frames of a batch of bulletins (keyed by source), ready for one validation run.

    Returns {"figure": figure check frame, "bulletin": bulletin check frame, "claim": summary share claims},
    the grains of expectations.rules. Cross-snapshot columns compare each figure with the
    latest earlier observation among `history` (HISTORY_SCHEMA, e.g. from warehouse.history) and the batch's
    own bulletins, so a backfill of a whole year in one batch is checked month against month.
    `batch_frames` then `with_batch_history`, which a run splits between its workers and its writer.
    """
    return with_batch_history(batch_frames(extractions, metric_keys).checks, history)


def with_batch_history(checks: dict[str, pl.DataFrame], history: pl.DataFrame | None = None
                       ) -> dict[str, pl.DataFrame]:
    """The check frames of a batch (`BatchFrames.checks`) with the cross-snapshot columns filled from `history`
    (HISTORY_SCHEMA, e.g. from warehouse.history) and the batch's own bulletins (see `batch_check_frames`)."""
    figures = checks["figure"]
    earlier = history_of_batch(figures)
    if history is not None and history.height:
        # A bulletin of this batch already in the warehouse (a re-run over the same pages) counts once: the
        # batch's reading of it, never both (two rows of one key would look ambiguous and be skipped).
        stored = history.cast(HISTORY_SCHEMA).filter(~pl.col("source").is_in(checks["bulletin"]["bulletin"].to_list()))
        earlier = pl.concat([stored, earlier], how="vertical")
    return {**checks, "figure": with_history(figures, earlier)}


# --- summary share claims ("11件15项中有9项…,占比60%") ---------------------------------------------------------

SUMMARY_TOTAL = re.compile(r"(?:\d+件)?(?P<total>\d+)项(?:[\u4e00-\u9fff]{0,6})中")
"""The programme's item total that later shares refer to: "省实事11件15项中" (027-xiangtan), "分解的132项指标任务中"
(028-dandong)."""

SUMMARY_SHARE = re.compile(r"(?:占比|占(?:任务|项目|事项)?总数的?)\s*(?P<pct>\d+(?:\.\d+)?)%")
"""A share of that total stated for a group of items: "3项进展较快,占比27%", "这些指标占任务总数的15.2%"."""

GROUP_COUNT = re.compile(r"(?P<count>\d+)项")

CLAIM_CHECK_SCHEMA: dict[str, pl.DataType] = {
    "bulletin": pl.String,
    "row_key": pl.String,
    "id": pl.String,
    "label": pl.String,
    "count": pl.Int32,
    "total": pl.Int32,
    "pct_text": pl.String,
    "pct_expected": DECIMAL,
    "share_matches_count": pl.Boolean,
    "groups_sum": pl.Int32,
    "groups_match_total": pl.Boolean,
    "start": pl.Int32,
    "end": pl.Int32,
    "sentence": pl.String,
    "sentence_start": pl.Int32,
}
"""One row per summary claim. A share claim (id S01 …): `count` of `total` items stated as `pct_text` percent,
evidence span the percent. A status-group claim (id G01 …): the programme's `total` items and the sum of the
status groups the text splits them into (`groups_sum`), evidence span the total. `sentence` is the claim's line."""


@dataclass(frozen=True)
class ShareClaim:
    """"N项 … 占比P%" of a summary total T: the count, the total, the percent as written and where they stand
    (start/end: the percent "27%"; count_start/count_end: "3项"; offsets into the bulletin's text)."""

    id: str
    label: str
    count: int
    total: int
    pct_text: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    count_start: int
    count_end: int


def summary_share_claims(text: str) -> list[ShareClaim]:
    """Shares of the programme's items stated in summary sentences (027-xiangtan, 028-dandong).

    These counts are not figures (gold keeps them out of `metrics`, like the seed's "12件36项"), but their
    arithmetic is checkable: the share is 100 × count / total. The total is the latest SUMMARY_TOTAL before the
    share; the count is the last "N项" between that total (or the line start) and the share, in the same line.
    A share with no total or no count before it is not a claim we can check and is skipped.
    """
    claims: list[ShareClaim] = []
    totals = [(m.end(), int(m.group("total"))) for m in SUMMARY_TOTAL.finditer(text)]
    for m in SUMMARY_SHARE.finditer(text):
        before = [t for t in totals if t[0] <= m.start()]
        if not before:
            continue
        total_end, total = before[-1]
        line_start, line_end = _line_around(text, m.start(), m.end())
        counts = list(GROUP_COUNT.finditer(text, max(line_start, total_end), m.start()))
        if not counts or total <= 0:
            continue
        count = counts[-1]
        label_start = max(line_start, max(text.rfind(c, line_start, count.start()) for c in "。;,,:") + 1)
        clause_end = min([i for i in (text.find(c, count.end(), m.start()) for c in "。;,,") if i >= 0] or [m.start()])
        label = text[label_start:clause_end].strip()
        claims.append(ShareClaim(f"S{len(claims) + 1:02d}", label[:60], int(count.group("count")), total,
                                 m.group("pct"), m.start("pct"), m.end(), text[line_start:line_end], line_start,
                                 count.start(), count.end()))
    return claims


def claim_check_frame(extraction: Extraction, bulletin: str) -> pl.DataFrame:
    """Summary share claims of one bulletin as a frame (CLAIM_CHECK_SCHEMA)."""
    return pl.DataFrame(claim_check_rows(extraction, bulletin), schema=CLAIM_CHECK_SCHEMA, orient="row")


def claim_check_rows(extraction: Extraction, bulletin: str) -> list[dict]:
    """Summary share claims of one bulletin (CLAIM_CHECK_SCHEMA rows) with `share_matches_count` =
    (reported percent == 100 × count / total, rounded half-up at the reported decimals)."""
    rows = []
    for claim in summary_share_claims(extraction.text):
        expected = round_half_up(Decimal(claim.count) * 100 / Decimal(claim.total), decimals_of(claim.pct_text))
        rows.append({"bulletin": bulletin, "row_key": f"{bulletin}:{claim.id}", "id": claim.id,
                     "label": claim.label, "count": claim.count, "total": claim.total, "pct_text": claim.pct_text,
                     "pct_expected": expected, "share_matches_count": expected == Decimal(claim.pct_text),
                     "groups_sum": None, "groups_match_total": None,
                     "start": claim.start, "end": claim.end, "sentence": claim.sentence,
                     "sentence_start": claim.sentence_start})
    for group in status_group_claims(extraction.text):
        rows.append({"bulletin": bulletin, "row_key": f"{bulletin}:{group.id}", "id": group.id,
                     "label": group.label, "count": len(group.counts), "total": group.total, "pct_text": None,
                     "pct_expected": None, "share_matches_count": None, "groups_sum": sum(group.counts),
                     "groups_match_total": sum(group.counts) == group.total, "start": group.start, "end": group.end,
                     "sentence": group.sentence, "sentence_start": group.sentence_start})
    return rows


# --- status groups ("45个事项…其中24个事项已完成,9个事项超序时进度,11个事项按序时推进") -------------------------

ITEM_TOTAL = re.compile(r"(?P<total>\d+)(?P<unit>[个项件])(?P<noun>事项|实事|指标任务|指标)")
"""The programme's count of its own items: "涉及我市12类39件45個事項" (the last count before the noun)."""
GROUP_LIST = re.compile(r"其中[,:]?(?P<groups>(?:\d+[个项件](?:事项|实事|指标任务|指标)?[^,;。\d]{1,16}[,;、]?){2,})")
"""A 其中 list of status groups right after the total, each "K个事项 <status>"."""
HEADING_GROUP = re.compile(r"^[一二三四五六七八九十]{1,3}、[^\n]{0,60}?(?:共计|共有|有)(?P<count>\d+)项", re.M)
"""A numbered heading that states one status group of the total ("一、已经完成…的指标任务,共计19项")."""


@dataclass(frozen=True)
class GroupClaim:
    """The programme's `total` items and the status groups the text splits them into (`counts`)."""

    id: str
    label: str
    total: int
    counts: tuple[int, ...]
    start: int
    end: int
    sentence: str
    sentence_start: int


def status_group_claims(text: str) -> list[GroupClaim]:
    """The programme's items split into status groups, whose counts should add up to the total: a 其中 list in
    the total's sentence or the next ("涉及我市45个事项。…其中24个事项已提前完成全年任务,9个事项超序时进度,11个事项
    按序时推进": 44 of 45), or numbered headings after a total of indicators ("分解的132项指标任务中" … "一、…共计
    19项" … "五、…有3项": 125 of 132). Shortfalls are the source's own arithmetic errors recorded by gold
    (008-lianyungang, 028-dandong); a total with fewer than two groups is no claim."""
    claims: list[GroupClaim] = []
    for total in ITEM_TOTAL.finditer(text):
        window_end = _sentence_end(text, _sentence_end(text, total.end()) + 1)
        listing = GROUP_LIST.search(text, total.end(), window_end)
        counts: tuple[int, ...] = ()
        if listing and not ITEM_TOTAL.search(text, total.end(), listing.start()):
            counts = tuple(int(c) for c in re.findall(r"(\d+)[个项件]", listing.group("groups")))
        elif total.group("noun").startswith("指标"):
            counts = tuple(int(m.group("count")) for m in HEADING_GROUP.finditer(text, total.end()))
        if len(counts) < 2:
            continue
        line_start, line_end = _line_around(text, total.start(), total.end())
        claims.append(GroupClaim(f"G{len(claims) + 1:02d}", total.group(), int(total.group("total")), counts,
                                 total.start("total"), total.end(), text[line_start:line_end], line_start))
    return claims


def _line_around(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) of the line of `text` holding text[start:end]: a claim's sentence as the report quotes it."""
    line_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if line_end < 0 else line_end


def _sentence_end(text: str, pos: int) -> int:
    ends = [i for i in (text.find(c, pos) for c in "。\n") if i >= 0]
    return min(ends) if ends else len(text)
