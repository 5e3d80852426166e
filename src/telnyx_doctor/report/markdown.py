"""The Markdown report for a support ticket: a summary table, each number's checks, and findings with fixes."""

from __future__ import annotations

import re

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
    headline = summary_line(report.summary, [n.status for n in report.numbers])
    parts = [
        "# telnyx-doctor report",
        f"{EMOJI[report.status]} **{report.status.value}** · {headline}",
        _meta(report),
        "## Summary",
        _summary_table(report, compact=compact),
    ]
    if len(report.numbers) > 1:
        parts.append(_run_advice(report.numbers))
    for number in report.numbers:
        if compact and not is_unhealthy(number):
            continue
        parts.append(f"## {_inline(number.phone_number)}{_kind(number)}: {_status(number.status)}")
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
    out = "\n\n".join(p for p in parts if p) + "\n"
    return _without_emoji(out) if ascii else out


def _advice(finding: CheckResult, after: str = "", lead: str = "") -> str:
    """`**Fix first:** `check.id`: what to do`, as the text report ends a number (and a run) with it."""
    action = finding.fix.summary if finding.fix is not None else finding.summary
    label = ADVICE_LABEL.get(finding.status, "Then")
    line = f"**{label}:** {lead}`{clean(finding.id)}`: {_inline(action)}"
    return f"{line} {after}" if after else line


# Fail before error before warn: the run's advice starts from the most blocking first finding.
_RANK = {Status.FAIL: 0, Status.ERROR: 1}


def _run_advice(numbers: list[NumberReport]) -> str:
    """The run's first finding to act on, with the one command that fixes it; "" when all are healthy."""
    chosen: tuple[NumberReport, CheckResult] | None = None
    for number in numbers:
        finding = first_finding(number.checks)
        if finding is not None and (chosen is None or _RANK.get(finding.status, 2) < _RANK.get(chosen[1].status, 2)):
            chosen = (number, finding)
    if chosen is None:
        return ""
    number, finding = chosen
    others = sum(1 for n in numbers if n is not number and (f := first_finding(n.checks)) and f.id == finding.id)
    also = f" (and {others} other number{'s' if others != 1 else ''} with the same first finding)" if others else ""
    parts = [_advice(finding, lead=f"{_inline(number.phone_number)}{also}: ")]
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
    lines = [f"| {' | '.join(header)} |", f"|{'|'.join(align)}|"]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    return "\n".join(lines)


def _summary_table(report: Report, *, compact: bool) -> str:
    header = ["Number", "Kind", "Status", "Passed", "Warnings", "Failed", "Skipped", "Errors"]
    counted = (Status.PASS, Status.WARN, Status.FAIL, Status.SKIP, Status.ERROR)
    rows: list[list[str]] = []
    for number in report.numbers:
        if compact and not is_unhealthy(number):
            continue
        counts = [str(sum(c.status is status for c in number.checks)) for status in counted]
        kind = number.kind.value if number.kind is not None else ""
        rows.append([_inline(number.phone_number), kind, _status(number.status), *counts])
    hidden = len(report.numbers) - len(rows)
    note = f"\n\n{hidden} healthy number{'s' if hidden != 1 else ''} not listed." if hidden else ""
    if not rows:
        return note.strip()
    return _table(header, ["---"] * 3 + ["---:"] * 5, rows) + note


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
