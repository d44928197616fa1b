"""Scoring of predicted figure records against gold labels (pure functions, no I/O).

The matching rules are those of ../shared/corpus/README.md ("How extraction output is compared with gold"):

- a predicted figure matches a gold figure when value and unit agree once the 万/亿/千/百 prefixes are scaled
  into the value (41.58 万人 == 415800 人), and, where both give one, the item agrees;
- matching is one-to-one (each gold and each predicted figure is used at most once);
- precision, recall and F1 are computed over figures, per bulletin and over the whole corpus (micro-averaged:
  the corpus counts are the sums of the bulletin counts);
- on matched pairs, `pct_of_plan`, `target` (in base units: 2 万人 == 20000 人), the parent (by the parent
  figure's value and unit) and the label are compared. Accuracy is *strict*: an attribute counts only over the
  matched pairs where gold or the prediction gives a value ("both absent" is neither agreement nor disagreement,
  so a bulletin without targets cannot raise the target accuracy);
- a label agrees when the Dice coefficient of its character bigrams and the gold label's is >= 0.5, after
  dropping digits, spaces and punctuation (issue 13: labels feed `metric_key`, trend views and chart legends).

The corpus is split into two halves by the parity of the bulletin id's number (`corpus_half`): rules are written
looking at the working half only, and both halves are reported, so a rule that helps one file shows as a gap.

Both sides are gold-shaped dicts (`document` + `metrics`), i.e. `gold.json` and the output of
`transforms.record.to_json_record`. Numbers are compared as `Decimal(str(x))` so that JSON floats such as 41.58
compare exactly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from transforms.numbers import MULTIPLIERS, split_unit
from transforms.text import to_simplified

DOCUMENT_FIELDS = ("region", "program", "program_year", "as_of", "period_text", "published")
"""Document fields scored for accuracy (the `document` keys every gold.json carries)."""

ATTRIBUTES = ("pct_of_plan", "target", "parent", "label")
"""Attributes compared on matched pairs (strict: counted where gold or the prediction gives a value)."""

LABEL_DICE_THRESHOLD = 0.5
"""Two labels agree at this Dice coefficient of character bigrams or above (issue 13's definition)."""

HALVES = ("working", "blind")
"""The two halves of a corpus: ids with an even number are the working half, odd ones the blind half."""


def corpus_half(bulletin_id: str) -> str:
    """"working" or "blind" for a corpus id such as "000-seed" (even number) or "001-shaoxing-2020-02" (odd).

    Ids without a leading number count as working. The split is fixed by the id, so it never changes when
    bulletins are added and nobody chooses which files are scored blind.
    """
    number = re.match(r"\d+", bulletin_id)
    return "blind" if number and int(number.group()) % 2 else "working"


def _decimal(value) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def normalise_unit(unit: str | None) -> str:
    """A unit in comparable form: NFKC, simplified characters, no spaces ("萬人" -> "万人", "個" -> "个")."""
    if not unit:
        return ""
    return to_simplified(unicodedata.normalize("NFKC", unit)).replace(" ", "")


def base_quantity(value, unit: str | None) -> tuple[Decimal, str] | None:
    """(value in base units, base unit) of a gold-shaped value and unit: (41.58, "万人") -> (415800, "人").

    A 万/亿/千/百 prefix is scaled into the value when the rest of the unit is a known base unit
    (`transforms.numbers.split_unit`), or, for units outside our vocabulary, whenever something follows the
    prefix ("万头" -> 头), except for 百分… (百分点, 百分比), which are not a magnitude. Returns None when the value
    is not a number.
    """
    number = _decimal(value)
    if number is None:
        return None
    unit = normalise_unit(unit)
    multiplier, base = split_unit(unit)
    if multiplier == 1 and not unit.startswith("百分"):
        for prefix in sorted(MULTIPLIERS, key=len, reverse=True):
            if unit.startswith(prefix) and len(unit) > len(prefix):
                multiplier, base = MULTIPLIERS[prefix], unit[len(prefix):]
                break
    return (number * multiplier).normalize(), base


_ITEM_NOISE = re.compile(r"[\s()()\[\]【】、,,.:;:;。\"“”'‘’]")


def normalise_item(item) -> str | None:
    """An item label in comparable form: "(一)" -> "一", " 1. " -> "1", traditional -> simplified; None stays None."""
    if item is None:
        return None
    text = _ITEM_NOISE.sub("", to_simplified(unicodedata.normalize("NFKC", str(item))))
    return text or None


_LABEL_NOISE = re.compile(r"[\d\s\W_]", re.UNICODE)


def _bigrams(label: str) -> list[str]:
    text = _LABEL_NOISE.sub("", to_simplified(unicodedata.normalize("NFKC", label)))
    return [text[i:i + 2] for i in range(len(text) - 1)] if len(text) > 1 else ([text] if text else [])


def label_similarity(gold_label: str | None, pred_label: str | None) -> float:
    """Dice coefficient (0..1) of the two labels' character bigrams, digits, spaces and punctuation dropped.

    A one-character label is its own single "bigram". Bigrams are counted as a multiset (a repeated bigram must
    repeat on both sides). Two empty labels give 1.0, one empty label 0.0.
    """
    a, b = _bigrams(gold_label or ""), _bigrams(pred_label or "")
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    remaining = list(b)
    common = 0
    for gram in a:
        if gram in remaining:
            remaining.remove(gram)
            common += 1
    return 2 * common / (len(a) + len(b))


def items_agree(gold_item, pred_item) -> bool:
    """True when either side gives no item, or both name the same item.

    Items are compared after `normalise_item`; a heading-style item (a whole heading or row name used as the
    item) also agrees when one is a prefix of the other, because a heading can be cut at its first bracket or
    clause by one side and not by the other.
    """
    g, p = normalise_item(gold_item), normalise_item(pred_item)
    if g is None or p is None:
        return True
    if g == p:
        return True
    short, long_ = sorted((g, p), key=len)
    return len(short) >= 3 and long_.startswith(short)


@dataclass
class BulletinScore:
    """Scores of one bulletin.

    `attribute_agree[a]` counts matched pairs agreeing on attribute `a`, `attribute_counted[a]` the matched pairs
    where gold or the prediction gives a value for `a` (the strict denominator).
    """

    id: str
    gold: int
    predicted: int
    matched: int
    attribute_agree: dict[str, int] = field(default_factory=dict)
    attribute_counted: dict[str, int] = field(default_factory=dict)
    document_agree: dict[str, bool] = field(default_factory=dict)
    missed: list[dict] = field(default_factory=list)
    spurious: list[dict] = field(default_factory=list)
    disagreements: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else (1.0 if not self.predicted else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def half(self) -> str:
        """"working" or "blind" (`corpus_half`)."""
        return corpus_half(self.id)

    def accuracy(self, attribute: str) -> float | None:
        """Strict share of matched pairs agreeing on `attribute` (one of `ATTRIBUTES`), counted over the pairs
        where gold or the prediction gives a value; None when no pair gives one."""
        counted = self.attribute_counted.get(attribute, 0)
        return self.attribute_agree.get(attribute, 0) / counted if counted else None

    def as_dict(self) -> dict:
        return {
            "id": self.id, "half": self.half, "gold": self.gold, "predicted": self.predicted, "matched": self.matched,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            **{f"{a}_accuracy": (None if self.accuracy(a) is None else round(self.accuracy(a), 4))
               for a in ATTRIBUTES},
            "document": self.document_agree,
            "document_accuracy": round(sum(self.document_agree.values()) / len(self.document_agree), 4)
            if self.document_agree else None,
        }


def _parent_quantity(metric: dict, metrics: list[dict], by_id: bool) -> tuple[Decimal, str] | None | str:
    """Base quantity of a metric's parent; None without a parent; "?" when the parent cannot be found."""
    ref = metric.get("part_of")
    if ref in (None, ""):
        return None
    if by_id:
        parent = next((m for m in metrics if m.get("id") == ref), None)
    else:
        # Gold names the parent by label; a label can repeat, so take the nearest earlier metric carrying it.
        idx = metrics.index(metric)
        same = [m for m in metrics[:idx] if m.get("label") == ref] or [m for m in metrics if m.get("label") == ref]
        if not same:
            # Table sub-rows name their parent "<indicator>(<total row>)", e.g. "城镇新增就业(全市)" = the metric
            # labelled 城镇新增就业 in item 全市 (gold convention of 017-meishan).
            match = re.fullmatch(r"(.+)\(([^()]+)\)", ref)
            if match:
                same = [m for m in metrics if m.get("label") == match.group(1) and m.get("item") == match.group(2)]
        parent = same[-1] if same else None
    if parent is None:
        return "?"
    return base_quantity(parent.get("value"), parent.get("unit")) or "?"


def _target_quantity(metric: dict) -> tuple[Decimal, str] | None:
    if metric.get("target") is None:
        return None
    return base_quantity(metric.get("target"), metric.get("target_unit") or metric.get("unit"))


def _same_decimal(a, b) -> bool:
    da, db = _decimal(a), _decimal(b)
    return da == db if da is not None and db is not None else (a is None and b is None)


def match_metrics(gold: list[dict], predicted: list[dict]) -> list[tuple[int, int]]:
    """One-to-one matching of predicted to gold metrics: a list of (gold index, predicted index) pairs.

    A pair is allowed when base quantities agree and items agree (`items_agree`). Among allowed pairs the
    matching has maximum size (augmenting paths); preference goes to pairs with the same item, then the same
    percent, then the same label, then the nearest position in reading order, so that repeated values (two
    "100%") pair with the figure the extractor meant.
    """
    g_base = [base_quantity(m.get("value"), m.get("unit")) for m in gold]
    p_base = [base_quantity(m.get("value"), m.get("unit")) for m in predicted]
    candidates: dict[int, list[int]] = {}
    for gi, gm in enumerate(gold):
        if g_base[gi] is None:
            continue
        options = []
        for pi, pm in enumerate(predicted):
            if p_base[pi] is None or p_base[pi] != g_base[gi] or not items_agree(gm.get("item"), pm.get("item")):
                continue
            same_item = normalise_item(gm.get("item")) == normalise_item(pm.get("item"))
            same_pct = _same_decimal(gm.get("pct_of_plan"), pm.get("pct_of_plan"))
            same_label = (gm.get("label") or "") == (pm.get("label") or "")
            position = abs(gi / max(len(gold), 1) - pi / max(len(predicted), 1))
            options.append(((not same_item, not same_pct, not same_label, position), pi))
        candidates[gi] = [pi for _, pi in sorted(options)]
    owner: dict[int, int] = {}  # predicted index -> gold index

    def augment(gi: int, seen: set[int]) -> bool:
        for pi in candidates.get(gi, ()):
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or augment(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in range(len(gold)):
        augment(gi, set())
    return sorted((gi, pi) for pi, gi in owner.items())


def score_bulletin(bulletin_id: str, gold: dict, predicted: dict) -> BulletinScore:
    """Score one bulletin: `gold` is a gold.json dict, `predicted` a `to_json_record` dict (same field names).

    Document fields are compared as JSON values (dates as ISO strings; text after `normalise_unit`-style
    folding of characters, so traditional and simplified spellings agree).
    """
    g_metrics = list(gold.get("metrics") or [])
    p_metrics = list(predicted.get("metrics") or [])
    pairs = match_metrics(g_metrics, p_metrics)
    score = BulletinScore(bulletin_id, len(g_metrics), len(p_metrics), len(pairs),
                          attribute_agree={a: 0 for a in ATTRIBUTES}, attribute_counted={a: 0 for a in ATTRIBUTES})
    for gi, pi in pairs:
        gm, pm = g_metrics[gi], p_metrics[pi]
        compared = _compare_pair(gm, g_metrics, pm, p_metrics)
        for attribute, (given, ok) in compared.items():
            score.attribute_counted[attribute] += given
            score.attribute_agree[attribute] += given and ok
        wrong = [a for a, (given, ok) in compared.items() if given and not ok]
        if wrong:
            score.disagreements.append({"gold": _brief(gm), "predicted": _brief(pm), "fields": wrong})
    matched_g = {gi for gi, _ in pairs}
    matched_p = {pi for _, pi in pairs}
    score.missed = [_brief(m) for i, m in enumerate(g_metrics) if i not in matched_g]
    score.spurious = [_brief(m) for i, m in enumerate(p_metrics) if i not in matched_p]
    g_doc, p_doc = gold.get("document") or {}, predicted.get("document") or {}
    for name in DOCUMENT_FIELDS:
        score.document_agree[name] = _doc_value(g_doc.get(name)) == _doc_value(p_doc.get(name))
    return score


def _compare_pair(gm: dict, g_metrics: list[dict], pm: dict, p_metrics: list[dict]) -> dict[str, tuple[bool, bool]]:
    """For each attribute of a matched pair: (gold or prediction gives a value, the two agree)."""
    g_parent = _parent_quantity(gm, g_metrics, by_id=False)
    p_parent = _parent_quantity(pm, p_metrics, by_id=True)
    g_target, p_target = _target_quantity(gm), _target_quantity(pm)
    g_pct, p_pct = gm.get("pct_of_plan"), pm.get("pct_of_plan")
    return {
        "pct_of_plan": (g_pct is not None or p_pct is not None, _same_decimal(g_pct, p_pct)),
        "target": (g_target is not None or p_target is not None, g_target == p_target),
        "parent": (g_parent is not None or p_parent is not None, g_parent == p_parent),
        "label": (bool(gm.get("label")) or bool(pm.get("label")),
                  label_similarity(gm.get("label"), pm.get("label")) >= LABEL_DICE_THRESHOLD),
    }


def _doc_value(value):
    if isinstance(value, str):
        return normalise_unit(value) or None
    return value


def _brief(metric: dict) -> dict:
    keys = ("item", "label", "value", "unit", "pct_of_plan", "target", "target_unit", "part_of", "sentence")
    return {k: metric[k] for k in keys if k in metric}


@dataclass
class CorpusScore:
    """Scores over a corpus: micro-averaged figure counts, attribute and document accuracy."""

    bulletins: list[BulletinScore]

    def _sum(self, name: str) -> int:
        return sum(getattr(b, name) for b in self.bulletins)

    @property
    def precision(self) -> float:
        p = self._sum("predicted")
        return self._sum("matched") / p if p else 0.0

    @property
    def recall(self) -> float:
        g = self._sum("gold")
        return self._sum("matched") / g if g else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, attribute: str) -> float | None:
        """Strict accuracy of `attribute` over all matched pairs that give a value (micro-averaged)."""
        counted = sum(b.attribute_counted.get(attribute, 0) for b in self.bulletins)
        agree = sum(b.attribute_agree.get(attribute, 0) for b in self.bulletins)
        return agree / counted if counted else None

    def half(self, name: str) -> CorpusScore:
        """The scores of one half ("working" or "blind", `corpus_half`) as a corpus of its own."""
        if name not in HALVES:
            raise ValueError(f"unknown corpus half {name!r}; expected one of {HALVES}")
        return CorpusScore([b for b in self.bulletins if b.half == name])

    def document_accuracy(self, name: str | None = None) -> float | None:
        """Share of bulletins whose document field `name` agrees; all fields pooled when `name` is None."""
        values = [ok for b in self.bulletins for f, ok in b.document_agree.items() if name in (None, f)]
        return sum(values) / len(values) if values else None

    def as_dict(self) -> dict:
        return {
            "bulletins": len(self.bulletins), "gold": self._sum("gold"), "predicted": self._sum("predicted"),
            "matched": self._sum("matched"), "precision": round(self.precision, 4),
            "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            **{f"{a}_accuracy": (None if self.accuracy(a) is None else round(self.accuracy(a), 4))
               for a in ATTRIBUTES},
            "document_accuracy": _round(self.document_accuracy()),
            "document_field_accuracy": {f: _round(self.document_accuracy(f)) for f in DOCUMENT_FIELDS},
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
