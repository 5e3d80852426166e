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
# Presentation: the caller may pass these whatever the format; each format takes the ones it has a use for.
TEXT_OPTIONS = frozenset({"options", "color", "width", "ascii", "compact", "verbose", "quiet"})
_TAKES: dict[str, frozenset[str]] = {"text": TEXT_OPTIONS, "markdown": frozenset({"compact", "ascii"})}


def render(report: Report, fmt: str, **opts: Any) -> str:
    """Render `report` in format `fmt` (one of FORMATS); `opts` go to that format's renderer.

    The presentation options (TEXT_OPTIONS) a format has no use for are dropped; any other option a format
    does not take is a TypeError.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}", tip=f"choose one of: {', '.join(FORMATS)}")
    takes = _TAKES.get(fmt, frozenset())
    opts = {name: value for name, value in opts.items() if name in takes or name not in TEXT_OPTIONS}
    module = importlib.import_module(f"{__name__}.{fmt}")
    renderer = cast(Callable[..., str], module.render)
    return renderer(report, **opts)
