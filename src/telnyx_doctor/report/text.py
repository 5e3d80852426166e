"""The text report for a person at a terminal: findings by area, fixes to copy, a fleet table, one summary line."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from io import StringIO
from typing import TYPE_CHECKING, Any

from telnyx_doctor.models import CheckResult, Fix, NumberReport, Report, Status
from telnyx_doctor.report._view import (
    ADVICE_LABEL,
    UNHEALTHY,
    areas,
    by_area,
    clean,
    first_finding,
    fixing_command,
    group_status,
    is_not_applicable,
    is_unhealthy,
    plural,
    summary_line,
    to_ascii,
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


@dataclass(frozen=True)
class TextOptions:
    """How the text report is laid out for its reader.

    `width`: columns to wrap prose to (commands and URLs are never wrapped). `color`: terminal colour codes.
    `ascii`: plain ASCII marks and punctuation, for a stream that cannot encode ✓ and ✗. `verbose`: every
    check with its details and evidence, every number of a fleet, the tool line. `compact`: one line per
    number (its first finding), then the summary. `quiet`: one line per unhealthy number, then the summary.
    """

    width: int = DEFAULT_WIDTH
    color: bool = False
    ascii: bool = False
    compact: bool = False
    verbose: bool = False
    quiet: bool = False


def _options(options: TextOptions | None, overrides: dict[str, Any]) -> TextOptions:
    """`options` with the keyword overrides given (None means not given) applied."""
    known = {f.name for f in fields(TextOptions)}
    unknown = set(overrides) - known
    if unknown:
        raise TypeError(f"unknown text option(s): {', '.join(sorted(unknown))}")
    chosen = {name: value for name, value in overrides.items() if value is not None}
    if chosen.get("width") == 0:
        del chosen["width"]
    return replace(options or TextOptions(), **chosen)


def render(report: Report, options: TextOptions | None = None, **overrides: Any) -> str:
    """The report as terminal text; without colour it is plain text with no control codes at all.

    `overrides` are TextOptions fields by name (`color=True`, `width=80`…), applied over `options`.
    """
    opts = _options(options, overrides)
    printer = _Printer(opts)
    out = _Lines(printer.width)
    for _ in _layout(out, report, report.numbers, opts):
        pass  # the whole report is printed at once
    return printer.print(out)


def render_chunks(
    header: Report, numbers: Sequence[NumberReport], options: TextOptions | None = None, **overrides: Any
) -> Iterator[str]:
    """What `render` writes for `header` with `numbers` as its numbers, piece by piece.

    `numbers` is read one number at a time, twice over at most (for the fleet table's columns, then for the
    details), and no number is kept: a fleet's report can be written from compact storage.
    """
    opts = _options(options, overrides)
    printer = _Printer(opts)
    out = _Lines(printer.width)
    for _ in _layout(out, header, numbers, opts):
        yield printer.print(out)
    yield printer.print(out)


class _Printer:
    """A rich console writing to a buffer: plain text, or text with the styles as terminal codes."""

    def __init__(self, options: TextOptions) -> None:
        from rich.console import Console

        self.width = width = options.width
        self.color = color = options.color
        self.ascii = options.ascii
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
        if self.ascii:
            text = to_ascii(text)
        self.buffer.seek(0)
        self.buffer.truncate()
        return text


def _layout(out: _Lines, report: Report, numbers: Sequence[NumberReport], opts: TextOptions) -> Iterator[None]:
    """Add the report to `out`, pausing after whole lines so that what is there so far may be printed.

    Only `report`'s header is read (tool, summary, status); its numbers are `numbers`.
    """
    fleet = len(numbers) > 1
    if opts.verbose:
        out.add((_tool_line(report), "dim"))
        out.blank()
    elif report.tool.config:  # a config file can change results: always say which one was read
        out.add((f"config: {clean(report.tool.config)}", "dim"))
    rows, columns, id_width = _scan(numbers)
    first = _FirstFindings()
    if opts.compact or opts.quiet:
        phone_width = max((len(row.phone_number) for row in rows), default=0)
        shown = False
        for number, row in zip(numbers, rows, strict=True):
            finding = first.add(number)
            if opts.compact or row.unhealthy:
                _one_line(out, number, finding, phone_width)
                shown = True
                yield
        if shown:  # -q on a healthy run is the summary line alone, with no blank line above it
            out.blank()
    else:
        if fleet:
            yield from _fleet_table(out, rows, columns)
            out.blank()
        for number, row in zip(numbers, rows, strict=True):
            finding = first.add(number)
            if fleet and not opts.verbose and not row.unhealthy:
                continue
            if fleet and not opts.verbose:
                _number_brief(out, number, id_width, finding)
            else:
                _number(out, number, id_width, finding, verbose=opts.verbose)
            out.blank()
            yield
        if fleet and not opts.verbose and any(row.unhealthy for row in rows):
            out.prose(0, "-v shows every finding with its details and its fix in full.", "dim")
            out.blank()
    for plugin in report.tool.plugins:
        if plugin.error:
            note = f"{SYMBOLS[Status.WARN]} plugin {plugin.name} did not load: {plugin.error}"
            out.prose(0, note, STYLES[Status.WARN], hang=2)
    if fleet and not opts.quiet:
        first.close_run(out)
    line = summary_line(report.summary, [row.status for row in rows])
    out.prose(0, line, STYLES[report.status], hang=2)


class _FirstFindings:
    """Each number's first finding, remembered only as far as the run's closing advice needs."""

    def __init__(self) -> None:
        self.run: tuple[str, CheckResult] | None = None  # the first unhealthy number's first finding
        self.sharing = 0  # how many numbers have a first finding from that same check

    def add(self, number: NumberReport) -> CheckResult | None:
        finding = first_finding(number.checks)
        if finding is None:
            return None
        if self.run is None or _rank(finding) < _rank(self.run[1]):
            self.run, self.sharing = (number.phone_number, finding), 0
        if finding.id == self.run[1].id:
            self.sharing += 1
        return finding

    def close_run(self, out: _Lines) -> None:
        if self.run is None:
            return
        phone, finding = self.run
        others = self.sharing - 1
        also = f" (and {plural(others, 'other number')} with the same first finding)" if others else ""
        _advice(out, 0, finding, f"{clean(phone)}{also}: ")
        out.blank()


def _rank(check: CheckResult) -> int:
    """Fail before error before warn: the run's advice starts from the most blocking first finding."""
    return {Status.FAIL: 0, Status.ERROR: 1}.get(check.status, 2)


def _advice(out: _Lines, indent: int, finding: CheckResult, lead: str = "", *, command_shown: bool = False) -> None:
    """`Fix first: <check>: <what to do>` and, below it, the one command that does it.

    `command_shown`: the finding's fix block (with that command) is on screen just above, so the command is
    not printed a second time.
    """
    action = finding.fix.summary if finding.fix is not None else finding.summary
    label = ADVICE_LABEL.get(finding.status, "Then")
    command = fixing_command(finding.fix)
    text = f"{label}: {lead}{finding.id}: {action}"
    if command is not None and command_shown:
        text += " (command above)"
    for n, line in enumerate(_wrap(text, out.width - indent, hang=2)):
        out.add((" " * indent, ""), (line, "bold" if n == 0 else ""))
    if command is not None and not command_shown:
        out.verbatim(indent + 4, command, "cyan")


def _one_line(out: _Lines, number: NumberReport, finding: CheckResult | None, phone_width: int) -> None:
    """`+15551234567  ✗ fail  profile.assigned: …` (or, for a healthy number, how many checks passed)."""
    status = number.status
    mark = f"{SYMBOLS[status]} {status.value}".ljust(6)
    if finding is None:
        passed = sum(c.status is Status.PASS for c in number.checks)
        said = f"{plural(passed, 'check')} passed"
    else:
        said = f"{finding.id}: {finding.summary}"
    indent = phone_width + 2 + len(mark) + 2
    first, *rest = _wrap(said, out.width - indent)
    out.add((clean(number.phone_number).ljust(phone_width) + "  ", "bold"), (mark, STYLES[status]), ("  " + first, ""))
    for line in rest:
        out.add((" " * indent, ""), (line, ""))


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
    if report.tool.config:
        line += f" · config: {clean(report.tool.config)}"
    return f"{line} · plugins: {plugins}" if plugins else line


# Areas whose passing findings are evidence worth reading (what Telnyx recorded, a message followed to the end):
# they are shown in full even when nothing is wrong, where a passing setting collapses to a count.
PROOF_AREAS = frozenset({"messages", "send"})


def _header(out: _Lines, number: NumberReport) -> None:
    header: list[tuple[str, str]] = [(clean(number.phone_number), "bold")]
    if number.kind is not None:
        header.append((f"  {number.kind.value}", ""))
    header += [("  ", ""), (f"{SYMBOLS[number.status]} {number.status.value}", STYLES[number.status])]
    out.add(*header)


def _number(out: _Lines, number: NumberReport, id_width: int, finding: CheckResult | None, *, verbose: bool) -> None:
    """A number in full: areas with nothing wrong on one line each (unless verbose), then the first fix."""
    _header(out, number)
    hidden = [] if verbose else [c for c in number.checks if is_not_applicable(c)]
    shown = [c for c in number.checks if c not in hidden]
    groups = by_area(shown)
    name_width = max((len(name) for name in groups), default=0)
    by_id = {c.id: c for c in number.checks}
    for name, checks in groups.items():
        proof = name in PROOF_AREAS and any(c.status is Status.PASS for c in checks)
        if not verbose and not proof and not any(c.status in UNHEALTHY for c in checks):
            _collapsed_area(out, name, name_width, checks, by_id)
            continue
        out.add((" " * _AREA_INDENT, ""), (name, "bold"))
        for run in _skip_runs(checks, by_id, verbose=verbose):
            if isinstance(run, CheckResult):
                _check(out, run, id_width, verbose=verbose)
            else:
                skipped, reason = run
                out.prose(_CHECK_INDENT, f"{SYMBOLS[Status.SKIP]} {', '.join(skipped)}: {reason}", "dim", hang=2)
    if hidden:
        ids = ", ".join(c.id for c in hidden)
        out.prose(_AREA_INDENT, f"{len(hidden)} not applicable here (-v lists them): {ids}", "dim")
    if finding is not None:
        _advice(out, _AREA_INDENT, finding, command_shown=finding.fix is not None and finding in shown)


def _number_brief(out: _Lines, number: NumberReport, id_width: int, finding: CheckResult | None) -> None:
    """A fleet's unhealthy number: its header, each finding on its line, then the first fix."""
    _header(out, number)
    for check in number.checks:
        if check.status in UNHEALTHY:
            _check_line(out, check, id_width, "bold", "")
    if finding is not None:
        _advice(out, _AREA_INDENT, finding)


def _skip_reason(check: CheckResult, by_id: dict[str, CheckResult]) -> str:
    """Why `check` was skipped, named by the check at the root of the chain of skips."""
    seen: set[str] = set()
    current = check
    while current.status is Status.SKIP and current.skipped_because in by_id and current.id not in seen:
        seen.add(current.id)
        current = by_id[current.skipped_because]
    if current is check or current.status is Status.SKIP:
        return clean(check.summary)
    verb = {Status.FAIL: "failed", Status.ERROR: "could not be decided", Status.WARN: "warned"}
    return f"skipped: {current.id} {verb.get(current.status, current.status.value)}"


def _skip_runs(
    checks: list[CheckResult], by_id: dict[str, CheckResult], *, verbose: bool
) -> Iterator[CheckResult | tuple[list[str], str]]:
    """The checks, with each run of two or more skips for one reason folded into (ids, reason)."""
    pending: list[CheckResult] = []
    reason = ""

    def flush() -> Iterator[CheckResult | tuple[list[str], str]]:
        if len(pending) == 1:
            yield pending[0]
        elif pending:
            yield ([c.id for c in pending], reason)
        pending.clear()

    for check in checks:
        if verbose or check.status is not Status.SKIP:
            yield from flush()
            yield check
            continue
        why = _skip_reason(check, by_id)
        if pending and why != reason:
            yield from flush()
        pending.append(check)
        reason = why
    yield from flush()


def _collapsed_area(
    out: _Lines, name: str, name_width: int, checks: list[CheckResult], by_id: dict[str, CheckResult]
) -> None:
    """`✓ number  5 checks passed` or `– webhook  6 checks skipped: profile.assigned failed`."""
    passed = sum(c.status is Status.PASS for c in checks)
    skipped = [c for c in checks if c.status is Status.SKIP]
    if passed:
        status, said = Status.PASS, f"{plural(passed, 'check')} passed"
        if skipped:
            said += f", {len(skipped)} skipped"
    else:
        reasons = {_skip_reason(c, by_id) for c in skipped}
        said = f"{plural(len(skipped), 'check')} skipped"
        if len(reasons) == 1:
            reason = reasons.pop()
            # a chain's root reads "skipped: X failed"; a check's own reason is its summary
            said += reason.removeprefix("skipped") if reason.startswith("skipped:") else f": {reason}"
        status = Status.SKIP
    column = _AREA_INDENT + 2 + name_width + 2
    lines = _wrap(said, out.width - column)
    out.add(
        (" " * _AREA_INDENT, ""),
        (SYMBOLS[status], STYLES[status]),
        (" ", ""),
        (name.ljust(name_width), "bold" if status is Status.PASS else "dim"),
        ("  ", ""),
        (lines[0], "dim" if status is Status.SKIP else ""),
    )
    for line in lines[1:]:
        out.add((" " * column, ""), (line, "dim" if status is Status.SKIP else ""))


def _check(out: _Lines, check: CheckResult, id_width: int, *, verbose: bool) -> None:
    status = check.status
    summary_style = "dim" if status is Status.SKIP else ""
    _check_line(out, check, id_width, "bold" if status is not Status.SKIP else "dim", summary_style)
    if status in (Status.WARN, Status.FAIL, Status.ERROR) or verbose:
        for detail in check.details:
            out.prose(_BODY_INDENT, detail, summary_style)
    if verbose and check.evidence:
        _evidence(out, check.evidence)
    if check.fix is not None and (status in (Status.WARN, Status.FAIL, Status.ERROR) or verbose):
        _fix(out, check.fix, check.id)


def _check_line(out: _Lines, check: CheckResult, id_width: int, id_style: str, summary_style: str) -> None:
    """`✗ check.id  summary`, the summary wrapped in its column, or under the id when too narrow for one."""
    status = check.status
    column = _CHECK_INDENT + 2 + id_width + 2
    head = [
        (" " * _CHECK_INDENT, ""),
        (SYMBOLS[status], STYLES[status]),
        (" ", ""),
        (check.id.ljust(id_width), id_style),
    ]
    if out.width - column >= _MIN_PROSE:
        first, *rest = _wrap(check.summary, out.width - column)
        out.add(*head, ("  ", ""), (first, summary_style))
        for line in rest:
            out.add((" " * column, ""), (line, summary_style))
    else:
        out.add(*head)
        out.prose(_BODY_INDENT, check.summary, summary_style)


def _evidence(out: _Lines, evidence: dict[str, Any]) -> None:
    out.add((" " * _BODY_INDENT, ""), ("Evidence:", "dim"))
    for key, value in evidence.items():
        shown = json.dumps(value, ensure_ascii=False, default=str)
        out.verbatim(_BODY_INDENT + 2, f"{key}: {shown}", "dim")


def _fix(out: _Lines, fix: Fix, check_id: str) -> None:
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
    # The check's page, online and offline, on one line.
    offline = f"doctor explain {clean(check_id)}"
    if fix.docs_url:
        out.add(
            (" " * (_BODY_INDENT + 2), ""),
            ("Docs: ", "bold"),
            (clean(fix.docs_url), "underline"),
            (" · ", "dim"),
            (offline, "cyan"),
        )
    else:
        out.add((" " * (_BODY_INDENT + 2), ""), ("Docs: ", "bold"), (offline, "cyan"))


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
