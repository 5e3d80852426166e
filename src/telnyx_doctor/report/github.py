"""GitHub Actions output: workflow-command annotations for the log, and Markdown for the step summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from telnyx_doctor.models import CheckResult, NumberReport, Report, Status
from telnyx_doctor.report import markdown
from telnyx_doctor.report._view import clean, summary_line

_COMMANDS: dict[Status, str] = {Status.FAIL: "error", Status.ERROR: "error", Status.WARN: "warning"}


def escape_data(text: str) -> str:
    """Escape a workflow command's message, as @actions/core does (`%`, CR, LF).

    https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value: as a message, plus `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    """One `::error` per failed or errored check, one `::warning` per warning, then a `::notice` summary."""
    return "".join(render_chunks(report, report.numbers))


def render_chunks(header: Report, numbers: Iterable[NumberReport]) -> Iterator[str]:
    """What `render` writes for `header` with `numbers` as its numbers, piece by piece: a number at a time.

    `numbers` is read once, one number at a time, and no number is kept: a fleet's annotations can be
    written from compact storage. Only `header`'s summary is read.
    """
    statuses: Counter[Status] = Counter()
    for number in numbers:
        statuses[number.status] += 1
        lines = [_annotation(number.phone_number, check) for check in number.checks if check.status in _COMMANDS]
        if lines:
            yield "\n".join(lines) + "\n"
    yield f"::notice title=telnyx-doctor::{escape_data(summary_line(header.summary, statuses.elements()))}\n"


def _annotation(phone_number: str, check: CheckResult) -> str:
    title = escape_property(clean(f"{check.id} ({phone_number})"))
    message = check.summary
    if check.fix is not None:
        message += f" — fix: {check.fix.summary}"
    message = "\n".join([message, *check.details])
    return f"::{_COMMANDS[check.status]} title={title}::{escape_data(clean(message))}"


def step_summary(report: Report) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: the compact report (unhealthy numbers and their findings)."""
    return markdown.render(report, compact=True)


def step_summary_chunks(header: Report, numbers: Sequence[NumberReport]) -> Iterator[str]:
    """What `step_summary` writes for `header` with `numbers` as its numbers, piece by piece (see markdown)."""
    return markdown.render_chunks(header, numbers, compact=True)
