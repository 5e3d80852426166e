"""Renderers: pure functions from a Report to the text of one output format, imported only when used.

Every renderer returns text ending in one newline, ready to be written out as it is.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from telnyx_doctor.errors import UsageError

if TYPE_CHECKING:
    from telnyx_doctor.models import Report

FORMATS = ("text", "json", "junit", "markdown", "github")
# Terminal presentation: the caller may pass these whatever the format; only text has a use for them.
TEXT_OPTIONS = frozenset({"color", "width", "verbose"})


def render(report: Report, fmt: str, **opts: Any) -> str:
    """Render `report` in format `fmt` (one of FORMATS); `opts` go to that format's renderer.

    The text options (`color`, `width`, `verbose`) are dropped for the other formats; any other option a
    format does not take is a TypeError.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}", tip=f"choose one of: {', '.join(FORMATS)}")
    if fmt != "text":
        opts = {name: value for name, value in opts.items() if name not in TEXT_OPTIONS}
    module = importlib.import_module(f"{__name__}.{fmt}")
    renderer = cast(Callable[..., str], module.render)
    return renderer(report, **opts)
