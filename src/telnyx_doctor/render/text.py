"""The text report for a person at a terminal: findings by area, fixes to copy, a fleet table, one summary line."""

from __future__ import annotations

import json
import textwrap
from io import StringIO
from typing import TYPE_CHECKING, Any

from telnyx_doctor.models import CheckResult, Fix, NumberReport, Report, Status
from telnyx_doctor.render._view import (
    UNHEALTHY,
    areas,
    by_area,
    clean,
    group_status,
    is_not_applicable,
    is_unhealthy,
    summary_line,
)

if TYPE_CHECKING:
    from rich.text import Text

SYMBOLS: dict[Status, str] = {
    Status.PASS: "✓",
    Status.WARN: "!",
    Status.FAIL: "✗",
    Status.SKIP: "–",
    # Not ⚠, which reads as "warning": an error means the check could not decide.
    Status.ERROR: "E",
}
STYLES: dict[Status, str] = {
    Status.PASS: "green",
    Status.WARN: "yellow",
    Status.FAIL: "bold red",
    Status.SKIP: "dim",
    Status.ERROR: "bold magenta",
}
DEFAULT_WIDTH = 100
_NUMBER_HEADING = "phone number"
# Prose is never squeezed narrower than this, however deep the indent or narrow the terminal.
_MIN_PROSE = 24
_AREA_INDENT = 2
_CHECK_INDENT = 4
_BODY_INDENT = 6  # under the check id


def render(report: Report, *, color: bool = False, width: int | None = None, verbose: bool = False) -> str:
    """The report as terminal text; with `color=False` it is plain text with no control codes at all.

    Commands and URLs are never wrapped, so each stays on one line to copy. `verbose` adds the details of
    passing and skipped checks, their evidence, and (for a fleet) the details of healthy numbers too.
    """
    from rich.console import Console

    width = width or DEFAULT_WIDTH
    buffer = StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        force_jupyter=False,
        force_interactive=False,
        color_system="standard" if color else None,
        no_color=not color,
        legacy_windows=False,
        highlight=False,
        markup=False,
        emoji=False,
    )
    out = _Lines(width)
    fleet = len(report.numbers) > 1
    if verbose:
        out.add((_tool_line(report), "dim"))
        out.blank()
    if fleet:
        _fleet_table(out, report)
        out.blank()
    id_width = max((len(c.id) for n in report.numbers for c in n.checks), default=0)
    for number in report.numbers:
        if fleet and not verbose and not is_unhealthy(number):
            continue
        _number(out, number, id_width, verbose=verbose)
        out.blank()
    for plugin in report.tool.plugins:
        if plugin.error:
            note = f"{SYMBOLS[Status.WARN]} plugin {plugin.name} did not load: {plugin.error}"
            out.prose(0, note, STYLES[Status.WARN], hang=2)
    out.prose(0, summary_line(report.summary), STYLES[report.status], hang=2)
    console.print(out.text(styled=color), end="", soft_wrap=True)
    return buffer.getvalue()


class _Lines:
    """Builds the report line by line as styled runs, wrapping prose itself and never a command."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.runs: list[tuple[str, str]] = []

    def add(self, *parts: tuple[str, str]) -> None:
        """One line made of (content, style) parts; blanks at its end are dropped."""
        line = list(parts)
        while line and not line[-1][0].rstrip(" "):
            line.pop()
        if line:
            line[-1] = (line[-1][0].rstrip(" "), line[-1][1])
        for content, style in line:
            # Adjacent runs of one style are merged: rich renders a long report span by span.
            if self.runs and self.runs[-1][1] == style:
                self.runs[-1] = (self.runs[-1][0] + content, style)
            else:
                self.runs.append((content, style))
        self.blank()

    def blank(self) -> None:
        """An empty line (or the end of the current one)."""
        self.runs.append(("\n", ""))

    def prose(self, indent: int, content: str, style: str = "", *, hang: int = 0) -> None:
        """`content` wrapped to the width at `indent`; continuation lines indented `hang` more."""
        for line in _wrap(content, self.width - indent, hang):
            self.add((" " * indent, ""), (line, style))

    def verbatim(self, indent: int, content: str, style: str = "") -> None:
        """`content` as is, each of its lines on one unwrapped line at `indent`, for copying."""
        for line in clean(content).splitlines() or [""]:
            self.add((" " * indent, ""), (line, style))

    def text(self, *, styled: bool) -> Text:
        """Everything added so far as one rich Text, with or without its styles."""
        from rich.text import Text

        if not styled:
            return Text("".join(content for content, _ in self.runs))
        text = Text()
        for content, style in self.runs:
            text.append(content, style=style or None)
        return text


def _wrap(content: str, width: int, hang: int = 0) -> list[str]:
    """Paragraphs of `content` wrapped to `width` without breaking words, URLs or hyphenated names."""
    lines: list[str] = []
    for paragraph in clean(content).splitlines() or [""]:
        body = paragraph.lstrip(" ")
        lead = " " * (len(paragraph) - len(body))
        wrapped = textwrap.wrap(
            body,
            width=max(width, _MIN_PROSE),
            initial_indent=lead,
            subsequent_indent=lead + " " * hang,
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines += wrapped or [lead]
    return lines


def _tool_line(report: Report) -> str:
    plugins = ", ".join(f"{p.name} {p.version}" if p.version else p.name for p in report.tool.plugins if not p.error)
    plugins = clean(plugins)
    line = f"{report.tool.name} {clean(report.tool.version)} · started {clean(report.started_at)}"
    line += f" · took {report.duration_ms / 1000:.2f} s"
    return f"{line} · plugins: {plugins}" if plugins else line


def _number(out: _Lines, number: NumberReport, id_width: int, *, verbose: bool) -> None:
    header: list[tuple[str, str]] = [(clean(number.phone_number), "bold")]
    if number.kind is not None:
        header.append((f"  {number.kind.value}", ""))
    header += [("  ", ""), (f"{SYMBOLS[number.status]} {number.status.value}", STYLES[number.status])]
    out.add(*header)
    hidden = [] if verbose else [c for c in number.checks if is_not_applicable(c)]
    shown = [c for c in number.checks if c not in hidden]
    for name, checks in by_area(shown).items():
        out.add((" " * _AREA_INDENT, ""), (name, "bold"))
        for check in checks:
            _check(out, check, id_width, verbose=verbose)
    if hidden:
        ids = ", ".join(c.id for c in hidden)
        out.prose(_AREA_INDENT, f"{len(hidden)} not applicable here (-v lists them): {ids}", "dim")


def _check(out: _Lines, check: CheckResult, id_width: int, *, verbose: bool) -> None:
    status = check.status
    column = _CHECK_INDENT + 2 + id_width + 2
    summary_style = "dim" if status is Status.SKIP else ""
    head = [(" " * _CHECK_INDENT, ""), (SYMBOLS[status], STYLES[status]), (" ", "")]
    head.append((check.id.ljust(id_width), "bold" if status is not Status.SKIP else "dim"))
    if out.width - column >= _MIN_PROSE:
        first, *rest = _wrap(check.summary, out.width - column)
        out.add(*head, ("  ", ""), (first, summary_style))
        for line in rest:
            out.add((" " * column, ""), (line, summary_style))
    else:
        # Too narrow for a summary column: the summary goes under the id instead.
        out.add(*head)
        out.prose(_BODY_INDENT, check.summary, summary_style)
    if status in (Status.WARN, Status.FAIL, Status.ERROR) or verbose:
        for detail in check.details:
            out.prose(_BODY_INDENT, detail, summary_style)
    if verbose and check.evidence:
        _evidence(out, check.evidence)
    if check.fix is not None and (status in (Status.WARN, Status.FAIL, Status.ERROR) or verbose):
        _fix(out, check.fix)


def _evidence(out: _Lines, evidence: dict[str, Any]) -> None:
    out.add((" " * _BODY_INDENT, ""), ("Evidence:", "dim"))
    for key, value in evidence.items():
        shown = json.dumps(value, ensure_ascii=False, default=str)
        out.verbatim(_BODY_INDENT + 2, f"{key}: {shown}", "dim")


def _fix(out: _Lines, fix: Fix) -> None:
    label = "Fix: "
    first, *rest = _wrap(fix.summary, out.width - _BODY_INDENT - len(label))
    out.add((" " * _BODY_INDENT, ""), (label, "bold"), (first, ""))
    for line in rest:
        out.add((" " * (_BODY_INDENT + len(label)), ""), (line, ""))
    for n, step in enumerate(fix.steps, 1):
        out.prose(_BODY_INDENT + 2, f"{n}. {step}", hang=len(f"{n}. "))
    if fix.commands:
        out.add((" " * (_BODY_INDENT + 2), ""), ("Run:", "bold"))
        for command in fix.commands:
            out.verbatim(_BODY_INDENT + 4, command, "cyan")
    if fix.docs_url:
        out.add((" " * (_BODY_INDENT + 2), ""), ("Docs: ", "bold"), (clean(fix.docs_url), "underline"))


def _fleet_table(out: _Lines, report: Report) -> None:
    """Rows are numbers, columns are areas; a cell is the worst status of that area's checks.

    When a column per area does not fit the width, one column lists each number's unhealthy areas instead.
    Laid out by hand: rich's Table takes seconds over a fleet of thousands.
    """
    columns = areas(report.numbers)
    numbers = [clean(n.phone_number) for n in report.numbers]
    kinds = [n.kind.value if n.kind is not None else "" for n in report.numbers]
    statuses = [f"{SYMBOLS[n.status]} {n.status.value}" for n in report.numbers]
    headings = (_NUMBER_HEADING, "kind", "status")
    widths = [max(map(len, [h, *cells])) for h, cells in zip(headings, (numbers, kinds, statuses), strict=True)]
    fixed = "  ".join(h.ljust(w) for h, w in zip(headings, widths, strict=True))
    # Two blanks between area columns, or one when that is what it takes to fit them all.
    gap = next((g for g in (2, 1) if len(fixed) + sum(g + len(name) for name in columns) <= out.width), 0)
    by_column = gap > 0
    header = f"{fixed}  {(' ' * gap).join(columns) if by_column else 'unhealthy areas'}"
    out.add((header, "bold"))
    out.add(("─" * len(header), ""))
    for number, phone_number, kind, overall in zip(report.numbers, numbers, kinds, statuses, strict=True):
        row = [(f"{phone_number.ljust(widths[0])}  {kind.ljust(widths[1])}  ", ""), (overall, STYLES[number.status])]
        grouped = by_area(number.checks)
        worst = {name: group_status(grouped.get(name, [])) for name in columns}
        if by_column:
            row.append((" " * (widths[2] - len(overall) + 2 - gap), ""))
            for name, status in worst.items():
                left = (len(name) - 1) // 2  # centred under the heading
                symbol = (" ", "") if status is None else (SYMBOLS[status], STYLES[status])
                row += [(" " * (gap + left), ""), symbol, (" " * (len(name) - left - 1), "")]
        else:
            space = " " * (widths[2] - len(overall) + 2)
            for name, status in worst.items():
                if status in UNHEALTHY:
                    row += [(f"{space}{name} ", ""), (SYMBOLS[status], STYLES[status])]
                    space = "  "
        out.add(*row)
