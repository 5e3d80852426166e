"""Where the CLI writes: the streams, redacted `error:`/`warning:` lines, logging, and the progress bar."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from telnyx_doctor.plugins import Registry
    from telnyx_doctor.redact import Redactor


class Streams(NamedTuple):
    """Where output goes; tests pass their own."""

    stdout: TextIO
    stderr: TextIO


class Console:
    """stderr messages, redacted; `error:` and `tip:` lines per the CLI contract."""

    def __init__(self, streams: Streams, redactor: Redactor, quiet: bool = False) -> None:
        self.streams = streams
        self.redactor = redactor
        self.quiet = quiet

    def error(self, message: str, tip: str | None = None) -> None:
        """One `error:` line, and a `tip:` line when it helps."""
        self._write(f"error: {one_line(message)}")
        if tip:
            self._write(f"tip: {one_line(tip)}")

    def warn(self, message: str) -> None:
        """A warning (silenced by -q)."""
        if not self.quiet:
            self._write(f"warning: {one_line(message)}")

    def info(self, message: str) -> None:
        """A note (silenced by -q)."""
        if not self.quiet:
            self._write(message)

    def _write(self, line: str) -> None:
        self.streams.stderr.write(self.redactor(line) + "\n")
        self.streams.stderr.flush()


def one_line(text: str) -> str:
    """`text` with line breaks and other unprintable characters escaped, as it may echo what the user typed."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def configure_logging(verbosity: int, console: Console) -> None:
    """-v: log the doctor's API calls and probes to stderr, redacted."""
    import logging

    from telnyx_doctor.redact import RedactingFilter

    if not verbosity:
        return
    handler = logging.StreamHandler(console.streams.stderr)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(console.redactor))
    logger = logging.getLogger("telnyx_doctor")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG)
    logger.propagate = False


def load_plugins(console: Console) -> Registry:
    """Load the plugins, warning (never failing) about any that did not load."""
    from telnyx_doctor.plugins import load_registry

    registry = load_registry()
    for plugin in registry.load_errors:
        console.warn(f"plugin {plugin.name!r} was not loaded: {plugin.error}")
    return registry


class ProgressBar:
    """A run's progress on stderr (a rich bar); see `progress_bar` for when there is one."""

    def __init__(self, bar: Progress) -> None:
        self.bar = bar
        self.task: TaskID = bar.add_task("diagnosing", total=None)

    def collecting(self) -> None:
        """A fleet's lists are being read."""
        self.bar.update(self.task, description="reading lists", total=None)

    def diagnosing(self, total: int) -> None:
        """`total` numbers are being diagnosed."""
        self.bar.update(self.task, description="diagnosing", total=total, completed=0)

    def advance(self) -> None:
        """One more number finished."""
        self.bar.advance(self.task)


def progress_bar(console: Console, total: int, *, verbose: bool) -> Progress | None:
    """A progress bar on stderr for a fleet at a terminal; None for one target, -q, -v, TERM=dumb, a pipe or file."""
    import os

    from telnyx_doctor.report.terminal import allows_live_display

    stream = console.streams.stderr
    if total <= 1 or console.quiet or verbose or not allows_live_display(stream, os.environ):
        return None
    from rich.console import Console as RichConsole
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=RichConsole(file=stream, stderr=True),
        transient=True,
    )
