"""Progress of a long flow run, for whoever watches: a rich progress bar on the command line, nothing in logs.

The flow calls `progress.start(...)`/`progress.advance(...)`; the CLI installs a listener with `listening(...)`.
Without a listener (deployments, tests) the calls do nothing. The Prefect UI gets the same numbers through a
progress artifact the flow updates itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class ProgressListener(Protocol):
    def start(self, phase: str, total: int) -> None: ...

    def advance(self, phase: str, done: int = 1, figures: int = 0, failures: int = 0) -> None: ...


_listener: ProgressListener | None = None


def start(phase: str, total: int) -> None:
    """A phase ("fetch", "load") begins with `total` bulletins."""
    if _listener is not None:
        _listener.start(phase, total)


def advance(phase: str, done: int = 1, figures: int = 0, failures: int = 0) -> None:
    """`done` more bulletins finished the phase, with `figures` loaded and `failures` among them."""
    if _listener is not None:
        _listener.advance(phase, done, figures, failures)


@contextmanager
def listening(listener: ProgressListener) -> Iterator[None]:
    """Route progress of flows run in this process to `listener` while the block runs."""
    global _listener
    previous, _listener = _listener, listener
    try:
        yield
    finally:
        _listener = previous


class RichProgress:
    """A rich progress bar per phase: bulletins done/total, figures loaded, failures so far, rate and ETA."""

    def __init__(self, console) -> None:
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        self.bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("bulletins · {task.fields[figures]} figures · {task.fields[failures]} failed · "
                                       "{task.fields[rate]}/s ·"), TimeElapsedColumn(),
                            TextColumn("ETA"), TimeRemainingColumn(), console=console, transient=False)
        self.tasks: dict[str, int] = {}
        self.totals: dict[str, list[int]] = {}

    def __enter__(self) -> RichProgress:
        self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        self.bar.stop()

    def start(self, phase: str, total: int) -> None:
        self.totals[phase] = [0, 0]
        self.tasks[phase] = self.bar.add_task(phase, total=total, figures=0, failures=0, rate="-")

    def advance(self, phase: str, done: int = 1, figures: int = 0, failures: int = 0) -> None:
        counts = self.totals[phase]
        counts[0] += figures
        counts[1] += failures
        task_id = self.tasks[phase]
        self.bar.update(task_id, advance=done, figures=counts[0], failures=counts[1])
        task = self.bar.tasks[task_id]
        if task.elapsed:
            self.bar.update(task_id, rate=f"{task.completed / task.elapsed:.1f}")


class LineProgress:
    """Quiet mode for logs: one line when a phase starts and one per batch of progress, no bar."""

    def __init__(self, console) -> None:
        self.console = console
        self.state: dict[str, list[int]] = {}

    def start(self, phase: str, total: int) -> None:
        self.state[phase] = [0, total, 0, 0]
        self.console.print(f"{phase}: {total} bulletins", highlight=False)

    def advance(self, phase: str, done: int = 1, figures: int = 0, failures: int = 0) -> None:
        state = self.state[phase]
        state[0] += done
        state[2] += figures
        state[3] += failures
        if phase != "fetch" or state[0] == state[1]:
            self.console.print(f"{phase}: {state[0]}/{state[1]} bulletins, {state[2]} figures, {state[3]} failed",
                               highlight=False)
