"""The text report for a person at a terminal: findings by area, fixes to copy, a fleet table, one summary line."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from io import StringIO
from typing import TYPE_CHECKING, Any

from telnyx_doctor.models import CheckResult, Fix, NumberReport, Report, Status
from telnyx_doctor.report._view import (
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
_ROWS_PER_PRINT = 500  # fleet table rows printed at a time when the report is written piece by piece


def render(report: Report, *, color: bool = False, width: int | None = None, verbose: bool = False) -> str:
    """The report as terminal text; with `color=False` it is plain text with no control codes at all.

    Commands and URLs are never wrapped, so each stays on one line to copy. `verbose` adds the details of
    passing and skipped checks, their evidence, and (for a fleet) the details of healthy numbers too.
    """
    printer = _Printer(width or DEFAULT_WIDTH, color=color)
    out = _Lines(printer.width)
    for _ in _layout(out, report, report.numbers, verbose=verbose):
        pass  # the whole report is printed at once
    return printer.print(out)


def render_chunks(
    header: Report,
    numbers: Sequence[NumberReport],
    *,
    color: bool = False,
    width: int | None = None,
    verbose: bool = False,
) -> Iterator[str]:
    """What `render` writes for `header` with `numbers` as its numbers, piece by piece.

    `numbers` is read one number at a time, twice over at most (for the fleet table's columns, then for the
    details), and no number is kept: a fleet's report can be written from compact storage.
    """
    printer = _Printer(width or DEFAULT_WIDTH, color=color)
    out = _Lines(printer.width)
    for _ in _layout(out, header, numbers, verbose=verbose):
        yield printer.print(out)
    yield printer.print(out)


class _Printer:
    """A rich console writing to a buffer: plain text, or text with the styles as terminal codes."""

    def __init__(self, width: int, *, color: bool) -> None:
        from rich.console import Console

        self.width = width
        self.color = color
        self.buffer = StringIO()
        self.console = Console(
            file=self.buffer,
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

    def print(self, out: _Lines) -> str:
        """The lines added to `out` so far as text, taken out of it."""
        self.console.print(out.text(styled=self.color), end="", soft_wrap=True)
        out.runs.clear()
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text


def _layout(out: _Lines, report: Report, numbers: Sequence[NumberReport], *, verbose: bool) -> Iterator[None]:
    """Add the report to `out`, pausing after whole lines so that what is there so far may be printed.

    Only `report`'s header is read (tool, summary, status); its numbers are `numbers`.
    """
    fleet = len(numbers) > 1
    if verbose:
        out.add((_tool_line(report), "dim"))
        out.blank()
    rows, columns, id_width = _scan(numbers)
    if fleet:
        yield from _fleet_table(out, rows, columns)
        out.blank()
    for index, row in enumerate(rows):
        if fleet and not verbose and not row.unhealthy:
            continue
        _number(out, numbers[index], id_width, verbose=verbose)
        out.blank()
        yield
    for plugin in report.tool.plugins:
        if plugin.error:
            note = f"{SYMBOLS[Status.WARN]} plugin {plugin.name} did not load: {plugin.error}"
            out.prose(0, note, STYLES[Status.WARN], hang=2)
    out.prose(0, summary_line(report.summary), STYLES[report.status], hang=2)


@dataclass(frozen=True)
class _Row:
    """What the fleet table and the choice of numbers to detail need of one number."""

    phone_number: str
    kind: str
    status: Status
    worst: dict[str, Status | None]  # the worst status of each of the number's areas
    unhealthy: bool


def _scan(numbers: Iterable[NumberReport]) -> tuple[list[_Row], list[str], int]:
    """One pass over `numbers`: a row for each, the table's area columns, and the widest check id."""
    rows: list[_Row] = []
    id_width = 0

    def each() -> Iterator[NumberReport]:
        nonlocal id_width
        for number in numbers:
            worst = {name: group_status(checks) for name, checks in by_area(number.checks).items()}
            kind = number.kind.value if number.kind is not None else ""
            rows.append(_Row(clean(number.phone_number), kind, number.status, worst, is_unhealthy(number)))
            id_width = max([id_width, *(len(c.id) for c in number.checks)])
            yield number

    columns = areas(each())
    return rows, columns, id_width


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


def _fleet_table(out: _Lines, rows: list[_Row], columns: list[str]) -> Iterator[None]:
    """Rows are numbers, columns are areas; a cell is the worst status of that area's checks.

    When a column per area does not fit the width, one column lists each number's unhealthy areas instead.
    Laid out by hand: rich's Table takes seconds over a fleet of thousands.
    """
    statuses = [f"{SYMBOLS[row.status]} {row.status.value}" for row in rows]
    headings = (_NUMBER_HEADING, "kind", "status")
    cells = ([row.phone_number for row in rows], [row.kind for row in rows], statuses)
    widths = [max(map(len, [h, *column])) for h, column in zip(headings, cells, strict=True)]
    fixed = "  ".join(h.ljust(w) for h, w in zip(headings, widths, strict=True))
    # Two blanks between area columns, or one when that is what it takes to fit them all.
    gap = next((g for g in (2, 1) if len(fixed) + sum(g + len(name) for name in columns) <= out.width), 0)
    by_column = gap > 0
    header = f"{fixed}  {(' ' * gap).join(columns) if by_column else 'unhealthy areas'}"
    out.add((header, "bold"))
    out.add(("─" * len(header), ""))
    for count, (row, overall) in enumerate(zip(rows, statuses, strict=True), 1):
        line = [
            (f"{row.phone_number.ljust(widths[0])}  {row.kind.ljust(widths[1])}  ", ""),
            (overall, STYLES[row.status]),
        ]
        worst = {name: row.worst.get(name) for name in columns}
        if by_column:
            line.append((" " * (widths[2] - len(overall) + 2 - gap), ""))
            for name, status in worst.items():
                left = (len(name) - 1) // 2  # centred under the heading
                symbol = (" ", "") if status is None else (SYMBOLS[status], STYLES[status])
                line += [(" " * (gap + left), ""), symbol, (" " * (len(name) - left - 1), "")]
        else:
            space = " " * (widths[2] - len(overall) + 2)
            for name, status in worst.items():
                if status in UNHEALTHY:
                    line += [(f"{space}{name} ", ""), (SYMBOLS[status], STYLES[status])]
                    space = "  "
        out.add(*line)
        if count % _ROWS_PER_PRINT == 0:
            yield
