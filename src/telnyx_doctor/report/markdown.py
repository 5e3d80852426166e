"""The Markdown report for a support ticket: a summary table, each number's checks, and findings with fixes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from telnyx_doctor.models import CheckResult, Fix, NumberReport, Report, Status
from telnyx_doctor.report._view import (
    ADVICE_LABEL,
    UNHEALTHY,
    clean,
    first_finding,
    fixing_command,
    is_unhealthy,
    summary_line,
    to_ascii,
)

EMOJI: dict[Status, str] = {
    Status.PASS: "✅",
    Status.WARN: "⚠️",
    Status.FAIL: "❌",
    Status.SKIP: "➖",
    Status.ERROR: "❓",  # the check could not decide
}
# Findings are listed worst first, as a reader triages them.
_FINDING_ORDER = {Status.FAIL: 0, Status.ERROR: 1, Status.WARN: 2}

# Punctuation that means something inline in CommonMark/GFM. A backslash makes it literal where every
# renderer agrees (https://spec.commonmark.org/0.31.2/#backslash-escapes); Python-Markdown (mkdocs) does not
# take a backslash before < > | ~ and would show it, so those become character references, which all read
# as the character itself. An & that would start a reference is one too.
_INLINE = re.compile(r"([\\`*\[\]<>|~]|&(?=#?\w+;)|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
_REFERENCES = {"<": "&lt;", ">": "&gt;", "|": "&#124;", "~": "&#126;", "&": "&amp;"}
# What turns the start of a line into an ordered-list item, or into a heading, bullet or rule.
_ORDERED_MARKER = re.compile(r"(\d{1,9})([.)])(?=\s|$)")
_BLOCK_MARKER = re.compile(r"(#{1,6}|[-+])(?=\s|$)|[-=]+$")


def render(report: Report, *, compact: bool = False, ascii: bool = False) -> str:
    """The report as GitHub-flavoured Markdown; `compact` lists only unhealthy numbers, findings only.

    `ascii`: plain ASCII throughout (status words without emoji), for a stream that cannot encode emoji.
    The report carries no secrets and this adds nothing about the machine it ran on.
    """
    return "".join(render_chunks(report, report.numbers, compact=compact, ascii=ascii))


def render_chunks(
    header: Report, numbers: Sequence[NumberReport], *, compact: bool = False, ascii: bool = False
) -> Iterator[str]:
    """What `render` writes for `header` with `numbers` as its numbers, piece by piece: a number at a time.

    `numbers` is read one number at a time, twice over (for the summary table, the status counts and the
    run's advice, then for each number's section), and no number is kept: a fleet's report can be written
    from compact storage. Only `header`'s tool, times, status and summary are read.
    """
    scan = _scan(numbers, compact=compact)
    started = False
    for parts in _blocks(header, numbers, scan, compact=compact):
        text = ""
        for part in parts:
            if not part:
                continue
            text += f"\n{part}" if isinstance(part, _More) else f"\n\n{part}" if started else part
            started = True
        if text:
            yield _without_emoji(text) if ascii else text
    yield "\n"


class _More(str):
    """The rest of the part before it (more rows of a table), joined to it by one line break, not a blank line."""


@dataclass
class _Scan:
    """What the document's head needs of every number, gathered in one pass before any number is written."""

    statuses: Counter[Status] = field(default_factory=Counter)
    rows: list[str] = field(default_factory=list)  # the summary table's rows, as Markdown
    hidden: int = 0  # healthy numbers the compact table leaves out
    run: tuple[str, CheckResult] | None = None  # the number whose first finding the run's advice starts from
    first_ids: Counter[str] = field(default_factory=Counter)  # how many numbers have each check first


def _scan(numbers: Iterable[NumberReport], *, compact: bool) -> _Scan:
    """The first pass: per-number summaries only (a table row, a status, a first finding); no number is kept."""
    scan = _Scan()
    for number in numbers:
        scan.statuses[number.status] += 1
        if compact and not is_unhealthy(number):
            scan.hidden += 1
        else:
            scan.rows.append(_summary_row(number))
        finding = first_finding(number.checks)
        if finding is None:
            continue
        scan.first_ids[finding.id] += 1
        if scan.run is None or _RANK.get(finding.status, 2) < _RANK.get(scan.run[1].status, 2):
            scan.run = (number.phone_number, finding)
    return scan


def _blocks(header: Report, numbers: Iterable[NumberReport], scan: _Scan, *, compact: bool) -> Iterator[list[str]]:
    """The document's parts, a few at a time: its head and summary table, the run's advice, then each number."""
    headline = summary_line(header.summary, scan.statuses.elements())
    head = ["# telnyx-doctor report", f"{EMOJI[header.status]} **{header.status.value}** · {headline}", _meta(header)]
    yield [*head, "## Summary"]
    yield from _summary_table(scan)
    if sum(scan.statuses.values()) > 1:
        yield [_run_advice(scan)]
    for number in numbers:
        if compact and not is_unhealthy(number):
            continue
        yield _number(number, compact=compact)


def _number(number: NumberReport, *, compact: bool) -> list[str]:
    """One number's section: its heading, its checks (unless compact), its findings and the first to fix."""
    parts = [f"## {_inline(number.phone_number)}{_kind(number)}: {_status(number.status)}"]
    if not compact:
        parts.append(_checks_table(number))
    findings = sorted((c for c in number.checks if c.status in UNHEALTHY), key=lambda c: _FINDING_ORDER[c.status])
    if findings:
        parts.append("### Findings")
        parts += [_finding(check) for check in findings]
    first = first_finding(number.checks)
    if first is not None:
        # Its command is in the finding's fix just above: named, not printed again.
        parts.append(_advice(first, "(its fix is above)"))
    return parts


def _advice(finding: CheckResult, after: str = "", lead: str = "") -> str:
    """`**Fix first:** `check.id`: what to do`, as the text report ends a number (and a run) with it."""
    action = finding.fix.summary if finding.fix is not None else finding.summary
    label = ADVICE_LABEL.get(finding.status, "Then")
    line = f"**{label}:** {lead}`{clean(finding.id)}`: {_inline(action)}"
    return f"{line} {after}" if after else line


# Fail before error before warn: the run's advice starts from the most blocking first finding.
_RANK = {Status.FAIL: 0, Status.ERROR: 1}


def _run_advice(scan: _Scan) -> str:
    """The run's first finding to act on, with the one command that fixes it; "" when all are healthy."""
    if scan.run is None:
        return ""
    phone_number, finding = scan.run
    others = scan.first_ids[finding.id] - 1
    also = f" (and {others} other number{'s' if others != 1 else ''} with the same first finding)" if others else ""
    parts = [_advice(finding, lead=f"{_inline(phone_number)}{also}: ")]
    command = fixing_command(finding.fix)
    if command is not None:
        parts.append(_fence([command]))
    return "\n\n".join(parts)


def _without_emoji(text: str) -> str:
    """`text` in ASCII: each status emoji dropped (the status word beside it stays), the rest spelled out."""
    for emoji in EMOJI.values():
        text = text.replace(f"{emoji} ", "").replace(emoji, "")
    return to_ascii(text)


def _inline(text: str, *, starts_block: bool = False) -> str:
    """`text` on one line, with Markdown punctuation escaped so it shows as written.

    `starts_block`: the text opens a paragraph or list item, where a leading `#`, `-` or `1.` means more.
    """
    line = _INLINE.sub(_escape, " ".join(clean(text).split()))
    if starts_block and _ORDERED_MARKER.match(line):
        return _ORDERED_MARKER.sub(r"\1\\\2", line, count=1)
    if starts_block and re.fullmatch("=+", line):  # a setext underline; `\=` is not an escape everywhere
        return f"&#61;{line[1:]}"
    if starts_block and _BLOCK_MARKER.match(line):
        return f"\\{line}"
    return line


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    return _REFERENCES.get(char, f"\\{char}")


def _status(status: Status) -> str:
    return f"{EMOJI[status]} {status.value}"


def _kind(number: NumberReport) -> str:
    return f" ({number.kind.value})" if number.kind is not None else ""


def _meta(report: Report) -> str:
    tool = report.tool
    meta = f"{tool.name} {_inline(tool.version)} · started {_inline(report.started_at)}"
    meta += f" · took {report.duration_ms / 1000:.2f} s · exit code {report.exit_code}"
    loaded = [f"{p.name} {p.version}" if p.version else p.name for p in tool.plugins if not p.error]
    if loaded:
        meta += f" · plugins: {_inline(', '.join(loaded))}"
    broken = [f"- plugin {_inline(p.name)} did not load: {_inline(p.error)}" for p in tool.plugins if p.error]
    return "\n".join([meta, *([""] if broken else []), *broken])


def _table(header: list[str], align: list[str], rows: list[list[str]]) -> str:
    return "\n".join([*_table_head(header, align), *(_row(row) for row in rows)])


def _table_head(header: list[str], align: list[str]) -> list[str]:
    return [_row(header), f"|{'|'.join(align)}|"]


def _row(cells: list[str]) -> str:
    return f"| {' | '.join(cells)} |"


_SUMMARY_HEADER = ["Number", "Kind", "Status", "Passed", "Warnings", "Failed", "Skipped", "Errors"]
_COUNTED = (Status.PASS, Status.WARN, Status.FAIL, Status.SKIP, Status.ERROR)
_ROWS_PER_CHUNK = 500  # summary table rows written at a time


def _summary_row(number: NumberReport) -> str:
    counts = [str(sum(c.status is status for c in number.checks)) for status in _COUNTED]
    kind = number.kind.value if number.kind is not None else ""
    return _row([_inline(number.phone_number), kind, _status(number.status), *counts])


def _summary_table(scan: _Scan) -> Iterator[list[str]]:
    """The summary table, some rows at a time, then how many healthy numbers it leaves out."""
    rows = scan.rows
    for start in range(0, len(rows), _ROWS_PER_CHUNK):
        batch = "\n".join(rows[start : start + _ROWS_PER_CHUNK])
        if start:
            yield [_More(batch)]
        else:
            yield ["\n".join([*_table_head(_SUMMARY_HEADER, ["---"] * 3 + ["---:"] * 5), batch])]
    hidden = scan.hidden
    if hidden:
        yield [f"{hidden} healthy number{'s' if hidden != 1 else ''} not listed."]


def _checks_table(number: NumberReport) -> str:
    rows = [[_status(c.status), f"`{clean(c.id)}`", _inline(c.summary)] for c in number.checks]
    return _table(["Status", "Check", "Summary"], ["---"] * 3, rows)


def _finding(check: CheckResult) -> str:
    parts = [f"#### {_status(check.status)}: `{clean(check.id)}`", _inline(check.summary, starts_block=True)]
    if check.details:
        parts.append("\n".join(f"- {_inline(detail, starts_block=True)}" for detail in check.details))
    if check.fix is not None:
        parts += _fix(check.fix, check.id)
    return "\n\n".join(parts)


def _fix(fix: Fix, check_id: str) -> list[str]:
    parts = [f"**Fix:** {_inline(fix.summary)}"]
    if fix.steps:
        parts.append("\n".join(f"{n}. {_inline(step, starts_block=True)}" for n, step in enumerate(fix.steps, 1)))
    if fix.commands:
        parts.append(_fence(fix.commands))
    offline = f"`doctor explain {clean(check_id)}`"
    if fix.docs_url:
        url = clean(fix.docs_url)
        shown = f"<{url}>" if re.fullmatch(r"[^\s<>]+", url) else _inline(url)
        parts.append(f"Docs: {shown} · {offline}")
    else:
        parts.append(f"Docs: {offline}")
    return parts


def _fence(commands: list[str]) -> str:
    """Commands in a fenced sh block longer than any run of backticks inside, so none can close it early."""
    text = "\n".join(clean(command) for command in commands)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}sh\n{text}\n{fence}"
