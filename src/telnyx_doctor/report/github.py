"""GitHub Actions output: workflow-command annotations for the log, and Markdown for the step summary."""

from __future__ import annotations

from telnyx_doctor.models import CheckResult, Report, Status
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
    lines = [
        _annotation(number.phone_number, check)
        for number in report.numbers
        for check in number.checks
        if check.status in _COMMANDS
    ]
    lines.append(
        f"::notice title=telnyx-doctor::{escape_data(summary_line(report.summary, [n.status for n in report.numbers]))}"
    )
    return "\n".join(lines) + "\n"


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
