"""Re-extraction of the archive: which bulletins an extractor version makes outdated, and what changed between two
snapshots of the same bytes made by two extractor versions.

Read-only queries and pure comparisons; the reprocess flow (flows/reprocess.py) re-extracts and loads. A figure of
the old snapshot is matched with one of the new by its evidence span (the same characters of the same text); when
the normalised text itself changed between the versions, by the number as written, its unit and its rank among the
bulletin's figures with that number (the first 41.58万人 with the first, and so on).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import duckdb
import polars as pl
from packaging.version import InvalidVersion, Version

COMPARED_FIELDS = (
    "item",
    "label",
    "value",
    "unit",
    "qualifier",
    "pct_of_plan",
    "pct_basis",
    "target",
    "target_unit",
    "parent",
    "kind",
)
"""What makes a matched figure "changed" (parent: the matched figure it is part of, by its own name)."""


def is_older(version: str, than: str) -> bool:
    """True when extractor `version` is older than `than` (PEP 440 order: 0.2.0 < 0.10.0). A version string that
    is not PEP 440 counts as older whenever it differs (it can only come from an earlier, unversioned extractor)."""
    try:
        return Version(version) < Version(than)
    except InvalidVersion:
        return version != than


@dataclass(frozen=True)
class OutdatedSnapshot:
    """The current snapshot of one source (its latest, whatever its status) made by an older extractor version,
    with what re-reading its archived bytes needs: digest, decoding (as recorded when fetched), size in bytes."""

    snapshot_id: int
    source: str
    sha256: str
    extractor_version: str
    status: str
    as_of: dt.date | None
    published: dt.date | None
    content_type: str | None
    encoding: str | None
    encoding_source: str | None
    size: int


def outdated_snapshots(con: duckdb.DuckDBPyConnection, version: str) -> list[OutdatedSnapshot]:
    """Current snapshots (latest per source) made by an extractor older than `version` (`is_older`), oldest as-of
    first (undated last), a month's re-publications by publication date, then by source."""
    rows = con.execute(
        """
        WITH current AS (
            SELECT * FROM snapshots
            QUALIFY row_number() OVER (PARTITION BY source ORDER BY snapshot_id DESC) = 1
        )
        SELECT c.snapshot_id, c.source, c.document_sha256, c.extractor_version, c.status, c.as_of, c.published,
               d.content_type, d.encoding, d.encoding_source, d.bytes
        FROM current AS c JOIN documents AS d ON d.sha256 = c.document_sha256
        WHERE c.extractor_version <> ?
        """,
        [version],
    ).fetchall()
    found = [OutdatedSnapshot(*row) for row in rows if is_older(row[3], version)]
    found.sort(key=lambda s: (s.as_of or dt.date.max, s.published or dt.date.max, s.source))
    return found


def bulletin_urls_of(con: duckdb.DuckDBPyConnection, source_names: list[str]) -> set[str]:
    """Bulletin URLs (or paths) the fetch log records under these source names (sources.toml names, or the ad hoc
    URL or path a run was given), whether or not they were loaded."""
    if not source_names:
        return set()
    rows = con.execute(
        "SELECT DISTINCT url FROM fetch_log WHERE kind = 'bulletin' AND list_contains(?, source)", [source_names]
    ).fetchall()
    return {row[0] for row in rows}


@dataclass(frozen=True)
class FigureChange:
    """One figure added, removed or changed by the new extractor version. `figure`: how the report names it
    (item, label, number as written with its unit, of the new snapshot; of the old one for a removed figure);
    `fields`: (field, before, after) for a changed figure, values as written ("none" where absent)."""

    kind: str
    """added | removed | changed"""
    figure: str
    sentence: str | None
    fields: tuple[tuple[str, str, str], ...] = ()

    def describe(self) -> str:
        """ "item 1 城镇新增就业 41.58万人: label 新增就业 → 城镇新增就业, target none → 30万人"."""
        if not self.fields:
            return self.figure
        return f"{self.figure}: " + ", ".join(f"{name} {before} → {after}" for name, before, after in self.fields)


@dataclass(frozen=True)
class CheckChange:
    """A check whose outcome differs between the two snapshots: `before`/`after` are passed, failed or "not
    checked" (the rule did not apply to that version's reading of the figure)."""

    rule: str
    severity: str
    figure: str | None
    """The figure checked (as FigureChange names it), None for a bulletin-level check."""
    before: str
    after: str

    def describe(self) -> str:
        on = f" on {self.figure}" if self.figure else ""
        return f"{self.rule} ({self.severity}){on}: {self.before} → {self.after}"


@dataclass(frozen=True)
class Reprocessed:
    """What re-extracting one bulletin's archived bytes changed: the previous and the new snapshot (same bytes),
    their extractor versions and statuses, figure counts, each figure added, removed or changed, each check that
    changed outcome, and whether the normalised text changed (then the new snapshot's evidence offsets index the
    new text, while `documents.text` keeps the text first stored for these bytes)."""

    source: str
    previous_snapshot_id: int
    snapshot_id: int
    previous_version: str
    version: str
    previous_status: str
    status: str
    figures_before: int
    figures_after: int
    added: tuple[FigureChange, ...] = ()
    removed: tuple[FigureChange, ...] = ()
    changed: tuple[FigureChange, ...] = ()
    checks: tuple[CheckChange, ...] = ()
    text_changed: bool = False

    @property
    def unchanged(self) -> bool:
        """True when the new version reads the bulletin exactly as the old one did (same figures, same checks)."""
        return not (
            self.added
            or self.removed
            or self.changed
            or self.checks
            or self.text_changed
            or self.status != self.previous_status
        )

    def describe(self) -> str:
        """ "2 added, 1 removed, 3 changed, 1 check changed status, status warned → passed" ("no change")."""
        parts = [
            f"{len(self.added)} added",
            f"{len(self.removed)} removed",
            f"{len(self.changed)} changed",
            f"{len(self.checks)} check{'s' if len(self.checks) != 1 else ''} changed status",
        ]
        if self.status != self.previous_status:
            parts.append(f"status {self.previous_status} → {self.status}")
        if self.text_changed:
            parts.append("normalised text changed")
        return "no change" if self.unchanged else ", ".join(parts)


_FIGURE_COLUMNS = (
    "id",
    "item",
    "label",
    "value",
    "value_text",
    "unit",
    "qualifier",
    "pct_of_plan",
    "pct_basis",
    "target",
    "target_unit",
    "part_of",
    "kind",
    "start",
    "end",
    "sentence",
)


def compare_snapshots(
    con: duckdb.DuckDBPyConnection, pairs: Iterable[tuple[int, int]], new_texts: dict[int, str] | None = None
) -> list[Reprocessed]:
    """One `Reprocessed` per (previous snapshot id, new snapshot id) pair, in the pairs' order, from the stored
    figures and each snapshot's latest validation results. `new_texts`: the new snapshot's normalised text by id,
    compared with the stored `documents.text` of its bytes (absent: taken as unchanged). Raises duckdb.Error.

    One query (`_SAME_READING`) finds the pairs whose two snapshots hold the same figures (same evidence spans and
    compared fields, no span or id repeated) and the same check outcomes on them, with the same text: those are
    unchanged and need no more. Only the other pairs are read back and compared figure by figure (`_compare`): a
    reprocess after a small extractor change compares a few bulletins in Python, not every one."""
    pairs = list(pairs)
    if not pairs:
        return []
    texts = new_texts or {}
    compared = pl.DataFrame(
        {
            "pos": range(len(pairs)),
            "old_id": [old for old, _ in pairs],
            "new_id": [new for _, new in pairs],
            "new_text": [texts.get(new) for _, new in pairs],
            "text_given": [new in texts for _, new in pairs],
        },
        schema={
            "pos": pl.Int32,
            "old_id": pl.Int32,
            "new_id": pl.Int32,
            "new_text": pl.String,
            "text_given": pl.Boolean,
        },
    )
    con.register("compared_pairs", compared.to_arrow())
    try:
        rows = con.execute(_SAME_READING).fetchall()
    finally:
        con.unregister("compared_pairs")
    found = {row[0]: row[1:] for row in rows}
    out: list[Reprocessed | None] = []
    differing: list[tuple[int, int, str, tuple, tuple, bool]] = []
    for pos, (old, new) in enumerate(pairs):
        source, old_version, old_status, new_version, new_status, before, after, text_changed, same = found[pos]
        if same:
            out.append(Reprocessed(source, old, new, old_version, new_version, old_status, new_status, before, after))
        else:
            out.append(None)
            differing.append(
                (pos, old, source, (old, old_version, old_status), (new, new_version, new_status), text_changed)
            )
    if differing:
        ids = sorted({i for _, old, _, _, (new, _, _), _ in differing for i in (old, new)})
        figures, checks = _figures_and_checks(con, ids)
        for pos, old, source, (_, ov, os_), (new, nv, ns), text_changed in differing:
            out[pos] = _compare(
                source,
                (old, ov, os_, figures[old], checks[old]),
                (new, nv, ns, figures[new], checks[new]),
                text_changed,
            )
    return [r for r in out if r is not None]


_SAME_READING = """
WITH pairs AS (
    SELECT p.pos, p.old_id, p.new_id, so.source, so.extractor_version AS old_version, so.status AS old_status,
           sn.extractor_version AS new_version, sn.status AS new_status,
           coalesce(p.text_given AND p.new_text IS DISTINCT FROM d.text, false) AS text_changed
    FROM compared_pairs AS p
    JOIN snapshots AS so ON so.snapshot_id = p.old_id
    JOIN snapshots AS sn ON sn.snapshot_id = p.new_id
    JOIN documents AS d ON d.sha256 = so.document_sha256
),
sides AS MATERIALIZED (
    SELECT pos, 'old' AS side, old_id AS snapshot_id FROM pairs
    UNION ALL
    SELECT pos, 'new' AS side, new_id AS snapshot_id FROM pairs
),
figs AS MATERIALIZED (
    SELECT s.pos, s.side, f.*
    FROM sides AS s JOIN figures AS f ON f.snapshot_id = s.snapshot_id
),
-- What _compare would compare: each figure by its span with its fields and its parent's span.
figure_rows AS (
    SELECT f.pos, f.side, f."start", f."end", f.item, f.label, f.value, f.value_text, f.unit, f.qualifier,
           f.pct_of_plan, f.pct_basis, f.target, f.target_unit, f.kind, p."start" AS parent_start,
           p."end" AS parent_end, f.part_of IS NOT NULL AND p.id IS NULL AS parent_missing
    FROM figs AS f LEFT JOIN figs AS p ON p.pos = f.pos AND p.side = f.side AND p.id = f.part_of
),
-- latest_validation_results of these snapshots only: the view reads every snapshot's runs and results.
latest_runs AS (
    SELECT r.snapshot_id, r.validation_run
    FROM validation_runs AS r JOIN sides AS s ON s.snapshot_id = r.snapshot_id
    QUALIFY row_number() OVER (PARTITION BY r.snapshot_id ORDER BY r.validated_at DESC) = 1
),
check_rows AS (
    SELECT s.pos, s.side, v.rule, v.severity, v.passed, f."start", f."end",
           CASE WHEN f.id IS NULL THEN v.figure_id END AS unmatched_figure
    FROM sides AS s
    JOIN validation_results AS v ON v.snapshot_id = s.snapshot_id
    LEFT JOIN latest_runs AS l ON l.snapshot_id = s.snapshot_id
    LEFT JOIN figs AS f ON f.pos = s.pos AND f.side = s.side AND f.id = v.figure_id
    WHERE l.validation_run IS NULL OR v.validation_run = l.validation_run
),
-- Pairs whose two sides differ as multisets of rows: some row occurs a different number of times on each side.
-- (One hash aggregate; EXCEPT ALL plans as four windows over all rows, ten times slower here.)
figure_diff AS (
    SELECT DISTINCT pos FROM (
        SELECT * EXCLUDE (side), count(*) FILTER (WHERE side = 'old') AS n_old, count(*) FILTER (WHERE side = 'new') AS n_new
        FROM figure_rows GROUP BY ALL
    ) WHERE n_old <> n_new
),
check_diff AS (
    SELECT DISTINCT pos FROM (
        SELECT * EXCLUDE (side), count(*) FILTER (WHERE side = 'old') AS n_old, count(*) FILTER (WHERE side = 'new') AS n_new
        FROM check_rows GROUP BY ALL
    ) WHERE n_old <> n_new
),
counts AS (
    SELECT pos, count(*) FILTER (WHERE side = 'old') AS before, count(*) FILTER (WHERE side = 'new') AS after,
           -- a span or an id held by two figures: matching by span is ambiguous, left to _compare
           count(*) <> count(DISTINCT (side, "start", "end")) OR count(*) <> count(DISTINCT (side, id)) AS repeated
    FROM figs GROUP BY pos
)
SELECT p.pos, p.source, p.old_version, p.old_status, p.new_version, p.new_status,
       coalesce(c.before, 0), coalesce(c.after, 0), p.text_changed,
       NOT p.text_changed AND NOT coalesce(c.repeated, false)
       AND p.pos NOT IN (SELECT pos FROM figure_diff) AND p.pos NOT IN (SELECT pos FROM check_diff)
FROM pairs AS p LEFT JOIN counts AS c USING (pos)
ORDER BY p.pos
"""
"""Per pair (compared_pairs): source, versions, statuses, figure counts, whether the text changed, and whether
the two snapshots read the bulletin the same way (what `_compare` would then report as no change)."""


def _figures_and_checks(
    con: duckdb.DuckDBPyConnection, ids: list[int]
) -> tuple[dict[int, list[dict]], dict[int, list[tuple[str, str, bool, str | None]]]]:
    """The stored figures (ordered by start, id) and latest check rows of these snapshots, by snapshot id."""
    figures: dict[int, list[dict]] = {i: [] for i in ids}
    columns = ", ".join(f'"{c}"' for c in _FIGURE_COLUMNS)
    for row in con.execute(
        f"SELECT snapshot_id, {columns} FROM figures WHERE list_contains(?, snapshot_id) "
        "ORDER BY snapshot_id, start, id",
        [ids],
    ).fetchall():
        figures[row[0]].append(dict(zip(_FIGURE_COLUMNS, row[1:])))
    checks: dict[int, list[tuple[str, str, bool, str | None]]] = {i: [] for i in ids}
    for snapshot_id, rule, severity, passed, figure_id in con.execute(
        "SELECT snapshot_id, rule, severity, passed, figure_id FROM latest_validation_results "
        "WHERE list_contains(?, snapshot_id)",
        [ids],
    ).fetchall():
        checks[snapshot_id].append((rule, severity, passed, figure_id))
    return figures, checks


def _match_keys(figures: list[dict], by_span: bool) -> dict[str, tuple]:
    """Figure id -> the key it is matched by: its evidence span, or (number as written, unit, rank)."""
    keys: dict[str, tuple] = {}
    seen: dict[tuple[str, str], int] = {}
    for f in figures:
        if by_span:
            keys[f["id"]] = ("span", f["start"], f["end"])
        else:
            written = (f["value_text"], f["unit"])
            seen[written] = seen.get(written, 0) + 1
            keys[f["id"]] = ("written", *written, seen[written])
    return keys


def _name(f: dict) -> str:
    return " ".join(
        p
        for p in (f"item {f['item']}" if f["item"] else None, f["label"] or None, f"{f['value_text']}{f['unit']}")
        if p
    )


def _shown(value: object) -> str:
    if value is None or value == "":
        return "none"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _compare(source: str, old: tuple, new: tuple, text_changed: bool) -> Reprocessed:
    old_id, old_version, old_status, old_figures, old_checks = old
    new_id, new_version, new_status, new_figures, new_checks = new
    old_keys = _match_keys(old_figures, by_span=not text_changed)
    new_keys = _match_keys(new_figures, by_span=not text_changed)
    old_by_key = {old_keys[f["id"]]: f for f in old_figures}
    new_by_key = {new_keys[f["id"]]: f for f in new_figures}
    old_names = {f["id"]: _name(f) for f in old_figures}
    new_names = {f["id"]: _name(f) for f in new_figures}

    def parent(f: dict, keys: dict[str, tuple], names: dict[str, str]) -> tuple[tuple | None, str]:
        return (keys.get(f["part_of"]), names.get(f["part_of"], "none")) if f["part_of"] else (None, "none")

    added = tuple(FigureChange("added", _name(f), f["sentence"]) for k, f in new_by_key.items() if k not in old_by_key)
    removed = tuple(
        FigureChange("removed", _name(f), f["sentence"]) for k, f in old_by_key.items() if k not in new_by_key
    )
    changed = []
    for key, after in new_by_key.items():
        before = old_by_key.get(key)
        if before is None:
            continue
        fields = []
        for name in COMPARED_FIELDS:
            if name == "parent":
                (b_key, b_shown), (a_key, a_shown) = (
                    parent(before, old_keys, old_names),
                    parent(after, new_keys, new_names),
                )
                if b_key != a_key:
                    fields.append(("parent", b_shown, a_shown))
                continue
            b, a = before[name], after[name]
            if name == "value":
                differs = b != a or before["value_text"] != after["value_text"]
                b, a = before["value_text"], after["value_text"]
            else:
                differs = (b or None) != (a or None)
            if differs:
                fields.append((name, _shown(b), _shown(a)))
        if fields:
            changed.append(FigureChange("changed", _name(after), after["sentence"], tuple(fields)))

    def outcomes(rows, keys: dict[str, tuple], names: dict[str, str]) -> dict[tuple, tuple[str, str, str | None]]:
        found: dict[tuple, tuple[str, str, str | None]] = {}
        for rule, severity, passed, figure_id in rows:
            target = keys.get(figure_id) if figure_id else None
            key = (rule, target if target is not None else ("id", figure_id))
            outcome = "passed" if passed else "failed"
            if key in found and found[key][0] == "failed":
                outcome = "failed"
            found[key] = (outcome, severity, names.get(figure_id) if figure_id else None)
        return found

    before_checks = outcomes(old_checks, old_keys, old_names)
    after_checks = outcomes(new_checks, new_keys, new_names)
    check_changes = []
    for key in [*after_checks, *(k for k in before_checks if k not in after_checks)]:
        target = key[1]
        if target[0] != "id" and (target not in old_by_key or target not in new_by_key):
            continue  # the figure itself was added or removed: listed there
        b = before_checks.get(key, ("not checked", "", None))
        a = after_checks.get(key, ("not checked", "", None))
        if a[0] != b[0]:
            figure = a[2] or b[2] or (target[1] if target[0] == "id" and target[1] else None)
            check_changes.append(CheckChange(key[0], a[1] or b[1], figure, b[0], a[0]))
    return Reprocessed(
        source,
        old_id,
        new_id,
        old_version,
        new_version,
        old_status,
        new_status,
        len(old_figures),
        len(new_figures),
        added,
        removed,
        tuple(changed),
        tuple(check_changes),
        text_changed,
    )
