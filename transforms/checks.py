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
from transforms.numbers import (
    MULTIPLIERS,
    decimals_of,
    round_half_up,
    split_unit,
    to_base,
    units_compatible,
    written_half_step,
)
from transforms.record import DECIMAL, FIGURE_SCHEMA, VALUE_LIMIT, Extraction, Figure
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
    "magnitude_matches_target": pl.Boolean,
    "magnitude_hint": pl.String,
    "parent_value": DECIMAL,
    "part_within_whole": pl.Boolean,
    "parts_count": pl.Int32,
    "parts_sum": DECIMAL,
    "parts_sum_within_whole": pl.Boolean,
    "complete_parts_count": pl.Int32,
    "complete_parts_sum": DECIMAL,
    "complete_parts_rounding": DECIMAL,
    "complete_parts_reason": pl.String,
    "complete_parts_note": pl.String,
    "parts_add_up_to_whole": pl.Boolean,
    "parts_add_up_as_written": pl.Boolean,
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
"""Columns added to CHECKED_FIGURE_COLUMNS in the check frame. `parts_sum`, `complete_parts_sum`,
`complete_parts_rounding`, `target_base` and the `previous_*` values are in base units (人, 元 …). The `previous_*` columns and the two cross-snapshot checks are null until
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


MAGNITUDE_EXPONENTS = (4, 8, 3, 2)
"""Powers of ten of the magnitude prefixes a writer drops (万, 亿, 千, 百), in the order they are tried: a figure
whose value / stated target misses its reported percent by exactly one of these factors lost a prefix
("完成投资45.6元,占年度计划50亿元的91.2%": 45.6亿元 was meant). 万 and 亿 first: they are the prefixes of almost
every amount in the bulletins."""

_PREFIX_OF = {multiplier: prefix for prefix, multiplier in MULTIPLIERS.items()}


@dataclass(frozen=True)
class DroppedMagnitude:
    """A magnitude prefix that the value or the stated target lacks, as its reported percent shows.

    `side` is "value" or "target"; `exponent` the power of ten missing (4: 万); `written` and `meant` the number
    with its unit as written and with the prefix restored ("45.6元", "45.6亿元"); `pct_text` the reported percent."""

    side: str
    exponent: int
    written: str
    meant: str
    pct_text: str

    @property
    def prefix(self) -> str:
        """The prefix likely missing, e.g. "亿", or "10^5" where no prefix has that factor."""
        return _PREFIX_OF.get(Decimal(10) ** self.exponent, f"10^{self.exponent}")

    def hint(self) -> str:
        """What the auditor reads: "亿 likely dropped from the value: 45.6亿元 gives 91.2 %, 45.6元 gives 0.0 %"."""
        return (f"{self.prefix} likely dropped from the {self.side}: {self.meant} instead of {self.written} gives the "
                f"reported {self.pct_text} % (a factor of 10^{self.exponent}); the figure is stored as written")


def _with_factor(number_text: str, unit: str, exponent: int) -> str:
    """The number with its unit's multiplier raised by 10^exponent, as it would be written: ("45.6", "元", 8) ->
    "45.6亿元"; ("45.6", "万元", 4) -> "45.6亿元"; a multiplier without a prefix reads "45.6元×10^5"."""
    multiplier, base = split_unit(unit)
    prefix = _PREFIX_OF.get(multiplier * Decimal(10) ** exponent)
    return f"{number_text}{prefix}{base}" if prefix else f"{number_text}{unit}×10^{exponent}"


def dropped_magnitude(value: Decimal, unit: str, target: Decimal, target_unit: str, pct_text: str,
                      value_text: str | None = None, target_text: str | None = None) -> DroppedMagnitude | None:
    """The magnitude prefix the value or the stated target lacks, when the reported percent shows it; else None.

    The reported percent (`pct_text`, e.g. "91.2") must equal 100 × value / target exactly at its written decimals
    (half-up, as `expected_pct`) once the value, or the target, is multiplied by 10^4, 10^8, 10^3 or 10^2
    (MAGNITUDE_EXPONENTS), and must not equal it as written. Units as for `expected_pct`; None where they are not
    comparable. Nothing is repaired: the caller reports it (rule `magnitude_matches_target`)."""
    reported = Decimal(pct_text)
    as_written = expected_pct(value, unit, target, target_unit, pct_text)
    if as_written is None or as_written == reported:
        return None
    for exponent in MAGNITUDE_EXPONENTS:
        factor = Decimal(10) ** exponent
        if expected_pct(value * factor, unit, target, target_unit, pct_text) == reported:
            text = value_text or f"{value.normalize():f}"
            return DroppedMagnitude("value", exponent, f"{text}{unit}", _with_factor(text, unit, exponent), pct_text)
        if expected_pct(value, unit, target * factor, target_unit, pct_text) == reported:
            text = target_text or f"{target.normalize():f}"
            return DroppedMagnitude("target", exponent, f"{text}{target_unit}",
                                    _with_factor(text, target_unit, exponent), pct_text)
    return None


# --- breakdowns: the 其中 parts of a whole, and whether the text says they are all of it -----------------------

BREAKDOWN_START = re.compile(r"其中|分[\u4e00-\u9fff]{1,4}(?:来看|看|情况)|按[\u4e00-\u9fff]{1,6}(?:分|划分|统计)")
"""Words that open a new breakdown of a whole: a second "其中", "分行业来看", "分类型进展情况", "按隶属关系分". A
whole may be broken down twice ("完成投资…,其中省级…、市县…;分行业看,工业…、农业…"): each breakdown adds up to
the whole on its own, and summing both gives twice the whole, which is no error. Parts of one whole are split into
breakdowns where such a word stands between one part and the next."""

COMPLEMENTS: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("新建", "新开工"), ("续建",)),
    (("城镇",), ("农村",)),
    (("男",), ("女",)),
    (("中央",), ("地方",)),
    (("中央",), ("省",), ("市县", "市、县", "市(县)", "市州县")),
    (("中央",), ("省",), ("市",), ("县",)),
)
"""Sets of categories that together are all of a whole, whatever it counts: every project is new or continuing
(新建/新开工 + 续建: 090-xingan, 114-changzhou-wujin), every resident urban or rural (城镇 + 农村), every person male
or female, every fund central or local, or central, provincial and city/county. Each entry is one category, as
alternative words its part's name starts with. A breakdown whose parts are exactly one part per category of a set
is complete, so its parts must add up to the whole."""

ALL_PARTS_WORDS = re.compile(r"分为")
"""A whole said to be divided into the parts that follow ("共…个,分为…"). 包括 and 其中包括 are not enough: they also
introduce examples ("其中包括2.04万所幼儿园、2万所…": the parts happen to cover the whole, but need not)."""

_CLAUSE_START = re.compile(r"[,,;;。:：\n]")


@dataclass(frozen=True)
class Breakdown:
    """Parts of one whole that belong together (one 其中 list, one "分行业来看" run), in text order. `reason` says
    why the text gives all of the whole ("新建 + 续建", "分为", "its counts 108 + 39 = 147 in the same sentences"),
    or is None where the list may be partial ("其中1722套已开工")."""

    whole: Figure
    parts: tuple[Figure, ...]
    reason: str | None

    @property
    def total(self) -> Decimal:
        """Sum of the parts in base units."""
        return sum((p.base_value for p in self.parts if p.base_value is not None), Decimal(0))

    def note(self) -> str:
        """The arithmetic in the whole's unit, as the auditor reads it: "新建 + 续建: 153.7 + 213.3 = 367.0亿元, the
        whole 367.1亿元"."""
        multiplier = split_unit(self.whole.unit)[0]
        places = max(decimals_of(p.value_text.replace(" ", "")) for p in self.parts)
        total = round_half_up(self.total / multiplier, max(places, decimals_of(self.whole.value_text)))
        terms = " + ".join(f"{p.value_text}{p.unit if p.unit != self.whole.unit else ''}" for p in self.parts)
        return (f"{self.reason}: {terms} = {total:f}{self.whole.unit}, the whole "
                f"{self.whole.value_text}{self.whole.unit}")

    @property
    def rounding(self) -> Decimal:
        """How far the parts' sum may lie from the whole because each is written rounded, in base units: half a
        step of the whole's last digit plus that of each part written with decimals or a magnitude prefix (an
        integer count such as 108项 is exact)."""
        return written_half_step(self.whole.value_text.replace(" ", ""), self.whole.unit) + sum(
            (_rounding(p) for p in self.parts), Decimal(0))


def _rounding(fig: Figure) -> Decimal:
    """Half a step of the figure's last written digit in base units, 0 for an integer without a prefix (exact)."""
    text = fig.value_text.replace(" ", "")
    if "." not in text and split_unit(fig.unit)[0] == 1:
        return Decimal(0)
    return written_half_step(text, fig.unit)


def _parts_of(extraction: Extraction) -> dict[str, list[Figure]]:
    """Additive 其中 parts per whole id, in text order, only parts in the whole's base unit (a part in another
    unit, e.g. 所 of a 亿元 total, is a different measure and cannot be summed against it)."""
    by_id = {f.id: f for f in extraction.figures}
    parts: dict[str, list[Figure]] = {}
    for fig in sorted(extraction.figures, key=lambda f: f.start):
        parent = by_id.get(fig.part_of) if fig.part_of else None
        if (parent is not None and fig.unit not in RATE_UNITS and parent.base_unit == fig.base_unit
                and fig.base_value is not None and parent.base_value is not None):
            parts.setdefault(parent.id, []).append(fig)
    return parts


def breakdowns(extraction: Extraction) -> dict[str, list[Breakdown]]:
    """The breakdowns of each whole (by whole id): its additive parts (`_parts_of`) split where BREAKDOWN_START
    words open a new list, and at a part as large as the whole, each marked complete or not (`Breakdown.reason`).

    A breakdown is complete only where the text itself says so, never because its parts happen to add up:
    (1) its parts are one per category of a COMPLEMENTS set (新建 + 续建); (2) the whole's sentence says 分为 between
    the whole and its first part; (3) in the same sentences, one per part, stand counts of another breakdown that add
    up exactly to their own whole ("开复工147项,其中续建项目复工108项,…完成投资25.17亿元,新建项目开工39项,…完成投资
    8.81亿元": 108 + 39 = 147, so 续建 and 新建 are all the projects and their investment is all of it)."""
    items = {item.no: item.name for item in extraction.items}
    text = extraction.text
    result: dict[str, list[Breakdown]] = {}
    by_id = {f.id: f for f in extraction.figures}
    for whole_id, parts in _parts_of(extraction).items():
        whole = by_id[whole_id]
        groups: list[list[Figure]] = []
        for part in parts:
            # A part as large as the whole is all of it ("共30个项目,其中30个已开工,12个已完工": stages nest, 已完工 is
            # within 已开工): it stands alone, never summed with the parts after it.
            if part.base_value == whole.base_value:
                groups += [[part], []]
            elif groups and groups[-1] and not BREAKDOWN_START.search(
                    text, groups[-1][-1].end, max(groups[-1][-1].end, part.start)):
                groups[-1].append(part)
            else:
                groups.append([part])
        groups = [g for g in groups if g]
        result[whole_id] = [Breakdown(whole, tuple(g), _complement_reason(whole, g, items, text)
                                      or _divided_reason(whole, g, text)) for g in groups]
    _mark_by_counts(result)
    return result


def _part_names(part: Figure, whole: Figure, items: dict[str, str], text: str) -> list[str]:
    """What a part is called: its label, its item's name (when the whole is not in that item) and the clause before
    its number ("其中,续建项目复工108项" -> "续建项目复工"), each without a leading 其中."""
    clause_start = max((m.end() for m in _CLAUSE_START.finditer(text, max(0, part.start - 60), part.start)),
                       default=max(0, part.start - 60))
    names = [part.label or "", text[clause_start:part.start]]
    if part.item and part.item != whole.item and items.get(part.item):
        names.append(items[part.item])
    return [re.sub(r"^(?:其中)?[,,::\s]*", "", n) for n in names if n]


def _complement_reason(whole: Figure, parts: list[Figure], items: dict[str, str], text: str) -> str | None:
    """"新建 + 续建" when the parts are one per category of a COMPLEMENTS set, else None."""
    names = [_part_names(p, whole, items, text) for p in parts]
    for categories in COMPLEMENTS:
        if len(categories) != len(parts):
            continue
        matched: list[int] = []
        for part_names in names:
            hits = {i for i, words in enumerate(categories) for n in part_names if n.startswith(words)}
            if len(hits) != 1:  # no category, or an ambiguous name: not a complete list
                break
            matched.append(hits.pop())
        if len(matched) == len(parts) and sorted(matched) == list(range(len(categories))):
            return " + ".join(categories[i][0] for i in matched)
    return None


def _divided_reason(whole: Figure, parts: list[Figure], text: str) -> str | None:
    """"分为" when the whole's sentence says so between the whole and its first part, else None."""
    if parts[0].start < whole.end or parts[0].sentence_start != whole.sentence_start:
        return None
    found = ALL_PARTS_WORDS.search(text, whole.end, parts[0].start)
    return found.group() if found else None


def _mark_by_counts(result: dict[str, list[Breakdown]]) -> None:
    """Mark complete (in place) each breakdown whose parts stand one per sentence with the parts of a breakdown of
    counts (integers, no prefix) that add up exactly to their whole: those counts show the categories are all."""
    counted: dict[tuple[int, ...], Breakdown] = {}
    for groups in result.values():
        for b in groups:
            sentences = tuple(p.sentence_start for p in b.parts)
            exact = all(_rounding(p) == 0 and p.value == p.value.to_integral_value() for p in (*b.parts, b.whole))
            if len(b.parts) >= 2 and len(set(sentences)) == len(sentences) and exact and b.total == b.whole.base_value:
                counted.setdefault(sentences, b)
    if not counted:
        return
    for groups in result.values():
        for i, b in enumerate(groups):
            proof = counted.get(tuple(p.sentence_start for p in b.parts))
            if b.reason is None and proof is not None and proof is not b:
                values = " + ".join(p.value_text for p in proof.parts)
                groups[i] = Breakdown(b.whole, b.parts, f"its counts {values} = {proof.whole.value_text}"
                                                        f"{proof.whole.unit} in the same sentences")


def _achieved_item_numbers(extraction: Extraction) -> set[str]:
    names = {re.sub(r"方面$", "", n) for n in extraction.document.achieved_item_names}
    return {item.no for item in extraction.items if item.name in names or f"{item.name}方面" in names}


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


def _number_as_written(value: Decimal) -> str:
    """A Decimal as a bulletin writes it: 50.000000 -> "50", 1.50 -> "1.5"."""
    return f"{value.normalize():f}"


def _derived_checks(extractions: dict[str, Extraction]) -> dict[str, list]:
    """The check columns that need Decimal arithmetic or the text, one value per figure of the batch in order."""
    columns: dict[str, list] = {name: [] for name in (
        "pct_expected", "pct_check_stated", "pct_check_other", "pct_target_comparable", "magnitude_matches_target",
        "magnitude_hint", "parent_value", "part_within_whole", "parts_count", "parts_sum", "parts_sum_within_whole",
        "complete_parts_count", "complete_parts_sum", "complete_parts_rounding", "complete_parts_reason",
        "complete_parts_note", "parts_add_up_to_whole", "parts_add_up_as_written", "evidence_round_trips", "label_present",
        "achieved_item_complete", "value_float", "pct_float", "target_base")}
    for extraction in extractions.values():
        figures = extraction.figures
        text = extraction.text
        achieved = _achieved_item_numbers(extraction) if extraction.document.achieved_item_names else set()
        by_id = {f.id: f for f in figures}
        lists = breakdowns(extraction)
        for fig in figures:
            expected = stated = other = comparable = magnitude = hint = None
            if fig.pct_of_plan is not None and fig.pct_text and fig.target is not None and fig.target_unit:
                expected = expected_pct(fig.value, fig.unit, fig.target, fig.target_unit, fig.pct_text)
                # A stated target in another unit (亿元 of a 个 count) leaves the percent uncheckable: shown as info.
                comparable = expected is not None
                if expected is not None and not (fig.pct_basis and OTHER_BASIS.search(fig.pct_basis)):
                    stated = expected == fig.pct_of_plan
                elif expected is not None:
                    other = expected == fig.pct_of_plan
                if expected is not None:
                    dropped = None if expected == fig.pct_of_plan else dropped_magnitude(
                        fig.value, fig.unit, fig.target, fig.target_unit, fig.pct_text, fig.value_text,
                        _number_as_written(fig.target))
                    magnitude = dropped is None
                    if dropped is not None:
                        # One clear reason for the auditor: the dropped prefix, not "computed 0.0 against 91.2".
                        hint, stated, other = dropped.hint(), None, None
            parent = by_id.get(fig.part_of) if fig.part_of else None
            within = None
            if (parent is not None and fig.unit not in RATE_UNITS and parent.base_unit == fig.base_unit
                    and None not in (parent.base_value, fig.base_value)):
                within = fig.base_value <= parent.base_value
            # A list the text does not say is complete may be partial ("其中1722套已开工"): only "sum <= whole" is
            # certain. A complete list (Breakdown.reason) must add up to the whole. Either way the whole and the
            # parts are as exact as they are written: "4.2万所" covers parts summing to 42,185 (Breakdown.rounding).
            groups = [b for b in lists.get(fig.id, []) if len(b.parts) >= 2]
            partial = max((b for b in groups if b.reason is None), key=lambda b: b.total - b.rounding, default=None)
            whole_complete = max((b for b in groups if b.reason is not None),
                                 key=lambda b: abs(b.total - fig.base_value) - b.rounding, default=None)
            adds_up = as_written = None
            if whole_complete is not None and fig.base_value is not None:
                gap = abs(whole_complete.total - fig.base_value)
                adds_up = gap <= whole_complete.rounding
                # Within the rounding of the parts but not at the whole's own precision (367.0 of 367.1亿元): a
                # warning, as the parts' rounding may explain it; null where the error already names the row.
                as_written = gap <= written_half_step(fig.value_text.replace(" ", ""), fig.unit) if adds_up else None
            complete = None
            # A 其中 part below plan ("其中1722套已开工,占年计划的86.1%") does not contradict the item's claim.
            if fig.item in achieved and fig.kind == "progress" and fig.pct_of_plan is not None and not fig.part_of:
                complete = fig.pct_of_plan >= 100
            columns["pct_expected"].append(expected)
            columns["pct_check_stated"].append(stated)
            columns["pct_check_other"].append(other)
            columns["pct_target_comparable"].append(comparable)
            columns["magnitude_matches_target"].append(magnitude)
            columns["magnitude_hint"].append(hint)
            columns["parent_value"].append(parent.value if parent is not None else None)
            columns["part_within_whole"].append(within)
            columns["parts_count"].append(len(partial.parts) if partial is not None else None)
            columns["parts_sum"].append(partial.total if partial is not None else None)
            columns["parts_sum_within_whole"].append(
                partial.total <= fig.base_value + partial.rounding
                if partial is not None and fig.base_value is not None else None)
            columns["complete_parts_count"].append(len(whole_complete.parts) if whole_complete is not None else None)
            columns["complete_parts_sum"].append(whole_complete.total if whole_complete is not None else None)
            columns["complete_parts_rounding"].append(whole_complete.rounding if whole_complete is not None else None)
            columns["complete_parts_reason"].append(whole_complete.reason if whole_complete is not None else None)
            columns["complete_parts_note"].append(whole_complete.note() if whole_complete is not None else None)
            columns["parts_add_up_to_whole"].append(adds_up)
            columns["parts_add_up_as_written"].append(as_written)
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
