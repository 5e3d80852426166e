"""The exit codes of every command (docs/cli.md and DESIGN's contract)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

EXIT_OK = 0  # healthy
EXIT_UNHEALTHY = 1  # at least one check failed (or warned, under --fail-on warn)
EXIT_USAGE = 2  # bad flag, malformed number, unknown check id: nothing ran
EXIT_INCOMPLETE = 3  # a check could not decide
EXIT_AUTH = 4  # the key is missing, invalid or forbidden
EXIT_INTERNAL = 5  # a bug in the doctor itself
EXIT_INTERRUPTED = 130


class ReaderGone(Exception):
    """stdout's reader went away (`doctor … | head -1`); `code` is the run's own exit code, piped or not."""

    def __init__(self, code: int) -> None:
        super().__init__(f"stdout closed; exit code {code}")
        self.code = code


@contextmanager
def keeping_exit_code(code: int) -> Iterator[None]:
    """Around writing a finished run's output: a closed pipe ends the command with the run's exit code."""
    try:
        yield
    except BrokenPipeError:
        raise ReaderGone(code) from None
