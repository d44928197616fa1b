"""A monthly run's fetch outcome per source, counted from what discovery and the fetches returned.

Plain functions, no Prefect: the monthly flow submits the discovery and fetch tasks and hands their results here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from flows.ingest.crawl import BulletinFetch
from flows.ingest.discovery import Discovery
from transforms.errors import FetchError


@dataclass(frozen=True)
class SourceFetch:
    """Fetch outcome of one source in one run (one row of the `fetch-summary` table artifact).

    `found`: bulletin links (or files) discovered; `new`: of those, not archived before; `fetched`: read with
    bytes not seen at that URL before; `unchanged`: 304 or the same bytes; `failed`: bulletins not read;
    `problems`: (URL, reason) for every failed bulletin, listing page or folder.
    """

    source: str
    kind: str
    pages: int = 0
    found: int = 0
    new: int = 0
    fetched: int = 0
    unchanged: int = 0
    failed: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)

    def row(self) -> dict[str, object]:
        """The artifact/summary row: counts plus failures as "url: reason" lines."""
        return {
            "source": self.source,
            "kind": self.kind,
            "listing pages": self.pages,
            "links found": self.found,
            "new": self.new,
            "fetched": self.fetched,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "failures": "; ".join(f"{url}: {reason}" for url, reason in self.problems),
        }


def fetch_reason(error: BaseException) -> str:
    """What a summary prints for a fetch that raised: a FetchError's reason, else the exception's message."""
    return error.reason if isinstance(error, FetchError) else str(error)


def source_row(
    name: str, kind: str, found: Discovery | BaseException, fetches: Sequence[tuple[str, BulletinFetch | BaseException]]
) -> SourceFetch:
    """The `fetch-summary` row of source `name` (`kind`: listing, folder, direct) from its discovery (or the error
    discovery raised) and its bulletins' fetch results, (link, BulletinFetch or the error the fetch raised) each."""
    if isinstance(found, BaseException):
        return SourceFetch(name, kind, problems=[(name, f"discovery failed: {found}")])
    outcomes = [r.outcome for _, r in fetches if not isinstance(r, BaseException)]
    failed = [(url, fetch_reason(r)) for url, r in fetches if isinstance(r, BaseException)]
    return SourceFetch(
        name,
        kind,
        pages=len(found.pages),
        found=found.found,
        new=found.found - len(found.known),
        fetched=outcomes.count("fetched"),
        unchanged=outcomes.count("unchanged"),
        failed=len(failed) + outcomes.count("failed"),
        problems=[*found.problems, *failed],
    )
