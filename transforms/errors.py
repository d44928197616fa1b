"""One error family for a bulletin that cannot go on: `PipelineError(bulletin, stage, reason)`.

Each stage has its subclass: FetchError (no bytes: HTTP, file, redirect, size and time limits), DecodeError
(bytes, but no bulletin text: binary, empty, no codec), ExtractError (text, but nothing to load: over a size limit,
no progress figures, a figure the warehouse cannot store, an extractor bug, archived bytes missing or altered),
ValidateError (the bulletin's figures cannot be checked) and LoadError (checked, but the snapshot was not
written: `warehouse.store.SnapshotNotWritten`, also a WarehouseError for the warehouse's own callers). The message names the bulletin (URL or file) and the reason, as "<bulletin>: <reason>"; `reason` alone
is what run summaries and reports print beside the bulletin's name. Stage records carry the error of the stage
where a bulletin stopped (transforms.stages); one failing bulletin never stops the others.

Not in the family: errors that stop a run before any bulletin is read (SourcesError for an invalid sources file,
ValueError for a malformed --since) and WarehouseError for a warehouse file that cannot be opened (the whole run,
not one bulletin, cannot go on).
"""

from __future__ import annotations

from typing import ClassVar


class PipelineError(Exception):
    """`bulletin` (URL, file or source name) stopped at `stage` (fetch, decode, extract, validate, load) because of
    `reason`; str(error) is "<bulletin>: <reason>"."""

    stage_name: ClassVar[str] = "pipeline"

    def __init__(self, bulletin: str, stage: str, reason: str) -> None:
        super().__init__(f"{bulletin}: {reason}")
        self.bulletin = bulletin
        self.stage = stage
        self.reason = reason

    def __reduce__(self):  # pickles across processes and Dask workers (the arguments are not `args`)
        return _rebuild, (type(self), self.__dict__.copy())


def _rebuild(cls: type[PipelineError], state: dict) -> PipelineError:
    error = Exception.__new__(cls)
    Exception.__init__(error, f"{state['bulletin']}: {state['reason']}")
    error.__dict__.update(state)
    return error


class FetchError(PipelineError):
    """A bulletin or listing page could not be read. `source` names it, `reason` says why.

    `status` is the HTTP status when there was an answer; `transient` is True when the server did not answer in
    time or at all (timeouts, connection failures), so trying again minutes later may help. An answer, even a 5xx
    that outlasted the session's own retries with backoff, is not transient: the server is up and said no.
    """

    stage_name = "fetch"

    def __init__(
        self, source: str, reason: str, status: int | None = None, transient: bool = False, attempts: int = 1
    ) -> None:
        super().__init__(source, self.stage_name, reason)
        self.status = status
        self.transient = transient
        self.attempts = attempts

    @property
    def source(self) -> str:
        """The URL or file that could not be read (the bulletin)."""
        return self.bulletin


class DecodeError(FetchError):
    """Bytes were read but hold no bulletin text: empty, binary (PDF, image, NUL bytes), no body text, or no codec
    decodes them. A FetchError too (the fetch returned nothing usable), never transient."""

    stage_name = "decode"


class ExtractError(PipelineError):
    """A bulletin's text gave nothing to load: over a documented size limit, no progress figures, a figure the
    warehouse cannot store, an extractor failure, or archived bytes that are missing or altered."""

    stage_name = "extract"

    def __init__(self, bulletin: str, reason: str) -> None:
        super().__init__(bulletin, self.stage_name, reason)


class ValidateError(PipelineError, ValueError):
    """A bulletin's figures cannot be checked (e.g. its metric keys do not match its figures). A ValueError too."""

    stage_name = "validate"

    def __init__(self, bulletin: str, reason: str) -> None:
        super().__init__(bulletin, self.stage_name, reason)


class LoadError(PipelineError):
    """A checked bulletin's snapshot was not written (its transaction was rolled back; nothing of it is stored)."""

    stage_name = "load"

    def __init__(self, bulletin: str, reason: str) -> None:
        super().__init__(bulletin, self.stage_name, reason)
