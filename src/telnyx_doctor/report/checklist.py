"""The `--list-checks` listing: every check's id, title, what a failure of it means, and its plugin; text or JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Protocol

from telnyx_doctor.errors import UsageError
from telnyx_doctor.models import Severity

LIST_FORMATS = ("text", "json")

# What a check's severity means when it does not pass, in words that are not a report status: a check's
# status can be `error` (it could not decide), so its severity is not printed as the bare word "error".
IMPACT: dict[Severity, str] = {
    Severity.ERROR: "blocker",
    Severity.WARNING: "risk",
    Severity.INFO: "note",
}
_HEADINGS = ("ID", "TITLE", "IMPACT", "PLUGIN")
_LEGEND = (
    "IMPACT: blocker = when it fails, messages fail (severity error); risk = a warning (severity warning); "
    "note = for information (severity info)."
)


class ListedCheck(Protocol):
    """What the listing reads of a check descriptor."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def plugin(self) -> str: ...
    @property
    def requires(self) -> Sequence[str]: ...


def render_check_list(checks: Iterable[ListedCheck], fmt: str = "text") -> str:
    """The checks (already in run order) as an aligned table with a legend, or as a JSON array."""
    checks = list(checks)
    if fmt == "json":
        items = [
            {
                "id": c.id,
                "title": c.title,
                "severity": c.severity.value,
                "impact": IMPACT[c.severity],
                "plugin": c.plugin,
                "requires": list(c.requires),
            }
            for c in checks
        ]
        return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
    if fmt != "text":
        raise UsageError(f"--list-checks cannot be written as {fmt!r}", tip=f"choose one of: {', '.join(LIST_FORMATS)}")
    rows = [_HEADINGS, *((c.id, c.title, IMPACT[c.severity], c.plugin) for c in checks)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_HEADINGS))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    return "\n".join([*lines, "", _LEGEND]) + "\n"
