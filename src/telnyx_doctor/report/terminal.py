"""What the terminal a report goes to allows: its width, colour, live redraws and the characters it can encode."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TextIO

from telnyx_doctor.report._view import plural, to_ascii
from telnyx_doctor.report.text import DEFAULT_WIDTH, TextOptions

# plural and to_ascii are the wording helpers the CLI's own lines share with the renderers
__all__ = [
    "allows_live_display",
    "can_encode_marks",
    "is_dumb",
    "plural",
    "terminal_width",
    "text_options",
    "to_ascii",
    "wants_color",
]

# The marks the text and Markdown reports use; a stream that cannot encode all of them gets plain ASCII.
MARKS = "✓✗–─·✅⚠️❌➖❓"
MIN_WIDTH = 40


def _isatty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def is_dumb(environ: Mapping[str, str]) -> bool:
    """True for TERM=dumb: no colour and no cursor movement (progress bars, live redraws)."""
    return environ.get("TERM", "") == "dumb"


def can_encode_marks(stream: TextIO) -> bool:
    """True when `stream` can write every mark the reports use (cp1252, for one, cannot write ✓)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        MARKS.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def wants_color(choice: str, stream: TextIO, environ: Mapping[str, str]) -> bool:
    """`--color always|never|auto`: auto means a terminal that is not dumb, without NO_COLOR set."""
    if choice == "always":
        return True
    if choice == "never" or environ.get("NO_COLOR") or is_dumb(environ):
        return False
    return _isatty(stream)


def allows_live_display(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """True when progress bars and other redraws may be drawn on `stream`: a terminal, not a dumb one."""
    return _isatty(stream) and not is_dumb(environ)


def terminal_width(stream: TextIO, environ: Mapping[str, str]) -> int:
    """COLUMNS when set, else the terminal's own width, else DEFAULT_WIDTH; never below MIN_WIDTH."""
    columns = environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(int(columns), MIN_WIDTH)
    if _isatty(stream):
        try:
            return max(os.get_terminal_size(stream.fileno()).columns, MIN_WIDTH)
        except (OSError, ValueError):
            pass
    return DEFAULT_WIDTH


def text_options(
    stream: TextIO,
    environ: Mapping[str, str],
    *,
    color: str = "auto",
    width: int | None = None,
    compact: bool = False,
    verbose: bool = False,
    quiet: bool = False,
) -> TextOptions:
    """The text report's options for writing to `stream`, from the flags and the environment."""
    return TextOptions(
        width=width or terminal_width(stream, environ),
        color=wants_color(color, stream, environ),
        ascii=not can_encode_marks(stream),
        compact=compact,
        verbose=verbose,
        quiet=quiet,
    )
