"""Views of a report that several renderers share: areas, per-area status, the summary line, safe text."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from telnyx_doctor.models import (
    AREA_ORDER,
    CheckResult,
    Fix,
    NumberReport,
    Status,
    Summary,
    area_of,
    area_rank,
    worst_status,
)

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
    return area_of(check_id)


def _area_key(name: str, first_seen: int) -> tuple[int, int]:
    # Areas from plugins keep the order they first appear in.
    return (area_rank(name), 0 if name in AREA_ORDER else first_seen)


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


def plural(count: int, word: str) -> str:
    """`1 number`, `2 numbers`: the count with its noun in the right number."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


# How a number's overall status is counted in the summary line, worst first.
_NUMBER_WORDS: tuple[tuple[Status, str], ...] = (
    (Status.FAIL, "failing"),
    (Status.ERROR, "undecided"),
    (Status.WARN, "with warnings"),
    (Status.PASS, "healthy"),
)


def summary_line(summary: Summary, number_statuses: Iterable[Status] | None = None) -> str:
    """`2 numbers: 1 failing, 1 healthy; checks: 9 passed, 1 warning, 2 failed, 5 skipped, 0 errors`.

    Without `number_statuses` only the count of numbers is given.
    """
    head = plural(summary.numbers, "number")
    if number_statuses is not None:
        counts = Counter(number_statuses)
        parts = [f"{counts[status]} {word}" for status, word in _NUMBER_WORDS if counts[status]]
        if parts:
            head += ": " + ", ".join(parts)
    return (
        f"{head}; checks: {summary.pass_} passed, "
        f"{plural(summary.warn, 'warning')}, {summary.fail} failed, "
        f"{summary.skip} skipped, {plural(summary.error, 'error')}"
    )


# What the closing advice calls a number's (or the run's) first finding, by its status.
ADVICE_LABEL: dict[Status, str] = {Status.FAIL: "Fix first", Status.ERROR: "Look first", Status.WARN: "Then"}

# Which finding to fix first: a blocker before a check that could not decide, before a risk.
_BLOCKING_ORDER = (Status.FAIL, Status.ERROR, Status.WARN)


def first_finding(checks: Sequence[CheckResult]) -> CheckResult | None:
    """The finding to act on first: the first failure in report (cause) order, else error, else warning."""
    for status in _BLOCKING_ORDER:
        for check in checks:
            if check.status is status:
                return check
    return None


_CHANGES_API = re.compile(r"^curl\b.*-X (PATCH|POST|PUT|DELETE)\b.*Authorization: Bearer", re.S)


def fixing_command(fix: Fix | None) -> str | None:
    """The one command that fixes a finding: `doctor fix …`, else an API call that changes something.

    A listing, a probe or a re-run of the doctor fixes nothing, so a fix made only of those has no command.
    """
    if fix is None:
        return None
    for command in fix.commands:
        if command.startswith("doctor fix "):
            return command
    return next((command for command in fix.commands if _CHANGES_API.match(command)), None)


# Characters the report itself uses, and common ones from findings, spelled in ASCII for a stream that
# cannot encode them (a Windows console or a redirect in cp1252, say).
_ASCII = str.maketrans(
    {
        "✓": "+",
        "✗": "x",
        "–": "-",
        "—": "-",
        "−": "-",
        "─": "-",
        "→": "->",
        "←": "<-",
        "·": "-",
        "•": "*",
        "…": "...",
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "≥": ">=",
        "≤": "<=",
        "×": "x",
        "\ufffd": "?",
    }
)


def to_ascii(text: str) -> str:
    """`text` in plain ASCII: marks and punctuation spelled out, accents dropped, anything else as `?`."""
    text = unicodedata.normalize("NFKD", text.translate(_ASCII))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.encode("ascii", "replace").decode("ascii")


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
