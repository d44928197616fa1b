"""A reprocess's Extract step: which archived bulletins to read again, and in which batches. Plain functions, no
Prefect (flows.reprocess wires them).

A bulletin is selected when its current snapshot (its source's latest) was made by an extractor older than the
running one (`warehouse.reprocessing.outdated_snapshots`), its source is one the `--source` values select, and its
as-of month lies in --since/--until. Its bytes are then re-read from the archive, not the web (flows.parallel).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flows.ingest.fetch import source_id
from flows.ingest.months import in_range
from flows.ingest.sources import Source, load_sources, resolve_sources
from flows.parallel import ArchivedBulletin
from warehouse import store
from warehouse.reprocessing import OutdatedSnapshot, bulletin_urls_of, outdated_snapshots


@dataclass(frozen=True)
class Selection:
    """The bulletins a reprocess re-reads (`todo`, oldest as-of first, a month's re-publications by publication
    date), the extractor `version` it re-reads them with, and how many snapshots were outdated in all (`outdated`,
    before the --source and month filters)."""

    version: str
    todo: tuple[OutdatedSnapshot, ...]
    outdated: int

    def describe(self) -> str:
        """The log line that opens a reprocess run."""
        return (
            f"reprocess: {len(self.todo)} bulletins to re-extract with extractor {self.version} ({self.outdated} "
            f"outdated, {self.outdated - len(self.todo)} outside the sources or months asked for)"
        )

    def previous(self) -> dict[str, int]:
        """Source -> the id of the snapshot its reprocessed one supersedes."""
        return {o.source: o.snapshot_id for o in self.todo}

    def batches(self, size: int) -> list[list[ArchivedBulletin]]:
        """`todo` as consecutive batches of `size` bulletins, as the extraction workers read them."""
        archived = [
            ArchivedBulletin(o.source, o.sha256, o.content_type, o.encoding, o.encoding_source, o.size)
            for o in self.todo
        ]
        return [archived[start : start + size] for start in range(0, len(archived), size)]


def select_outdated(
    warehouse: str,
    version: str,
    sources: list[str] | None = None,
    sources_file: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Selection:
    """The outdated snapshots (made by an extractor older than `version`) of the sources `sources` selects
    (`source_filter`; None: every source) whose as-of month lies in [since, until] (YYYY-MM), read with one
    warehouse connection. Raises ValueError for a malformed month, SourcesError for an unknown source name,
    WarehouseError when the warehouse cannot be opened."""
    in_range(None, since, until)  # the bounds, checked before the warehouse is opened
    chosen = resolve_sources(sources, load_sources(sources_file)) if sources else None
    con = store.connect(warehouse)
    try:
        outdated = outdated_snapshots(con, version)
        logged = bulletin_urls_of(con, [s.name for s in chosen]) if chosen else set()
    finally:
        con.close()
    wanted = source_filter(chosen, logged)
    todo = tuple(o for o in outdated if (wanted is None or wanted(o.source)) and in_range(o.as_of, since, until))
    return Selection(version, todo, len(outdated))


def source_filter(chosen: list[Source] | None, logged_urls: set[str]) -> Callable[[str], bool] | None:
    """Which stored sources (`snapshots.source`) the resolved `--source` values (`chosen`, `flows.ingest.sources.
    Source` records; None: no values) select: a source name of the sources file selects the bulletins the fetch log
    records under it (`logged_urls`, `warehouse.reprocessing.bulletin_urls_of`) and the files of its folder; a
    bulletin URL or file itself; a folder the files under it. None: every source."""
    if chosen is None:
        return None
    exact = {source_id(url) for url in logged_urls}
    prefixes: list[str] = []
    for s in chosen:
        exact.update(source_id(b) for b in s.bulletins)
        if s.folder is not None:
            prefixes.append(Path(s.folder).resolve().as_uri().rstrip("/") + "/")
    return lambda source: source in exact or any(source.startswith(p) for p in prefixes)
