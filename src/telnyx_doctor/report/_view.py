"""Views of a report that several renderers share: areas, per-area status, the summary line, safe text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from telnyx_doctor.models import CheckResult, Fix, NumberReport, Status, Summary, worst_status

UNHEALTHY = frozenset({Status.WARN, Status.FAIL, Status.ERROR})

# C0 controls except tab/newline/carriage return, DEL, C1 controls (0x9b is a one-byte CSI on some
# terminals), lone surrogates and the XML non-characters: nothing a report should carry to a terminal,
# a ticket or an XML parser. https://www.w3.org/TR/xml/#charsets
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """`text` with control characters (other than tab and line breaks) replaced by U+FFFD."""
    return _UNSAFE.sub("\ufffd", text)


def area(check_id: str) -> str:
    """The part of a check id before its first dot (number, profile, webhook, 10dlc and so on)."""
    return check_id.split(".", 1)[0]


# The order a person reads a diagnosis in: the sender, its profile, its webhook, then registration.
# Areas from plugins follow, in order of first appearance.
AREA_ORDER = ("number", "short_code", "alphanumeric", "profile", "webhook", "10dlc", "tollfree")


def _area_key(name: str, first_seen: int) -> tuple[int, int]:
    return (AREA_ORDER.index(name), 0) if name in AREA_ORDER else (len(AREA_ORDER), first_seen)


def by_area(checks: Iterable[CheckResult]) -> dict[str, list[CheckResult]]:
    """Checks grouped by area, areas in reading order (AREA_ORDER first), checks in report order."""
    groups: dict[str, list[CheckResult]] = {}
    for check in checks:
        groups.setdefault(area(check.id), []).append(check)
    order = {name: _area_key(name, i) for i, name in enumerate(groups)}
    return {name: groups[name] for name in sorted(groups, key=order.__getitem__)}


def areas(numbers: Iterable[NumberReport]) -> list[str]:
    """Every area any number has an applicable check in, in reading order."""
    seen: dict[str, None] = {}
    for number in numbers:
        for check in number.checks:
            if not is_not_applicable(check):
                seen.setdefault(area(check.id), None)
    order = {name: _area_key(name, i) for i, name in enumerate(seen)}
    return sorted(seen, key=order.__getitem__)


def is_not_applicable(check: CheckResult) -> bool:
    """True for a check skipped because it does not apply to this kind of sender."""
    return check.status is Status.SKIP and check.skipped_because == "not_applicable"


def group_status(checks: Sequence[CheckResult]) -> Status | None:
    """The worst status of `checks`; skip when every one was skipped; None when there are none."""
    if not checks:
        return None
    if all(c.status is Status.SKIP for c in checks):
        return Status.SKIP
    return worst_status(c.status for c in checks)


def is_unhealthy(number: NumberReport) -> bool:
    """True when any of the number's checks warned, failed or errored."""
    return any(c.status in UNHEALTHY for c in number.checks)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary_line(summary: Summary) -> str:
    """`1 number: 9 passed, 1 warning, 2 failed, 5 skipped, 0 errors`."""
    return (
        f"{_plural(summary.numbers, 'number')}: {summary.pass_} passed, "
        f"{_plural(summary.warn, 'warning')}, {summary.fail} failed, "
        f"{summary.skip} skipped, {_plural(summary.error, 'error')}"
    )


def fix_lines(fix: Fix) -> list[str]:
    """A fix as plain, indented lines: summary, numbered steps, commands (one per line), docs."""
    lines = [f"Fix: {fix.summary}"]
    lines += [f"  {n}. {step}" for n, step in enumerate(fix.steps, 1)]
    if fix.commands:
        lines.append("  Run:")
        lines += [f"    {line}" for command in fix.commands for line in command.splitlines()]
    if fix.docs_url:
        lines.append(f"  Docs: {fix.docs_url}")
    return lines
