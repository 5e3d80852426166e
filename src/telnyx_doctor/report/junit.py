"""The JUnit XML report for CI test dashboards: one testsuite per number, one testcase per check."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import assert_never

from telnyx_doctor.models import CheckResult, NumberReport, Report, Status
from telnyx_doctor.report._view import clean, fix_lines

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
SUITES_NAME = "telnyx-doctor"


def render(report: Report) -> str:
    """The report as JUnit XML: fail → <failure>, error → <error>, skip → <skipped>, warn passes with a note.

    Counts are taken from the checks themselves, so the XML always adds up whatever the summary says.
    """
    root = _root(report, report.numbers)
    for number in report.numbers:
        root.append(_suite(number, report.started_at))
    ET.indent(root, space="  ")
    return f"{XML_DECLARATION}\n{ET.tostring(root, encoding='unicode')}\n"


def render_chunks(header: Report, numbers: Sequence[NumberReport]) -> Iterator[str]:
    """What `render` writes for `header` with `numbers` as its numbers, piece by piece: a testsuite at a time.

    `numbers` is read one number at a time, twice over (for the counts, then for the suites), and no number
    is kept: a fleet's report can be written from compact storage.
    """
    root = _root(header, numbers)
    if not numbers:
        yield f"{XML_DECLARATION}\n{ET.tostring(root, encoding='unicode')}\n"
        return
    root.text = _MARK  # stands for the suites, to split the root's start tag from its end tag
    start, _, end = ET.tostring(root, encoding="unicode").partition(_MARK)
    yield f"{XML_DECLARATION}\n{start}"
    for number in numbers:
        suite = _suite(number, header.started_at)
        ET.indent(suite, space="  ", level=1)  # as ET.indent lays it out within the whole tree
        yield f"\n  {ET.tostring(suite, encoding='unicode')}"
    yield f"\n{end}\n"


_MARK = "#"  # in no attribute of the root


def _root(report: Report, numbers: Iterable[NumberReport]) -> ET.Element:
    """The <testsuites> element, with the counts of every check of `numbers` and no suites yet."""
    root = ET.Element("testsuites", {"name": SUITES_NAME})
    _counts(root, Counter(c.status for n in numbers for c in n.checks), report.duration_ms)
    return root


def _seconds(ms: int) -> str:
    return f"{ms / 1000:.3f}"


def _counts(element: ET.Element, statuses: Counter[Status], duration_ms: int) -> None:
    """Set the tests/failures/errors/skipped/time attributes every JUnit consumer reads."""
    element.set("tests", str(statuses.total()))
    for attribute, status in (("failures", Status.FAIL), ("errors", Status.ERROR), ("skipped", Status.SKIP)):
        element.set(attribute, str(statuses[status]))
    element.set("time", _seconds(duration_ms))


def _suite(number: NumberReport, started_at: str) -> ET.Element:
    """One number's <testsuite>: its counts, kind and status, and a testcase per check."""
    phone_number = clean(number.phone_number)
    suite = ET.Element("testsuite", {"name": phone_number})
    _counts(suite, Counter(c.status for c in number.checks), sum(c.duration_ms for c in number.checks))
    suite.set("timestamp", clean(started_at))
    properties = ET.SubElement(suite, "properties")
    if number.kind is not None:
        ET.SubElement(properties, "property", {"name": "kind", "value": number.kind.value})
    ET.SubElement(properties, "property", {"name": "status", "value": number.status.value})
    for check in number.checks:
        _case(suite, check, f"{SUITES_NAME}.{phone_number}")
    return suite


def _case(suite: ET.Element, check: CheckResult, classname: str) -> None:
    case = ET.SubElement(
        suite,
        "testcase",
        {"classname": classname, "name": clean(check.id), "time": _seconds(check.duration_ms)},
    )
    summary = clean(check.summary)
    match check.status:
        case Status.FAIL:
            failure = ET.SubElement(case, "failure", {"message": summary, "type": clean(check.id)})
            failure.text = _body(check)
        case Status.ERROR:
            error = ET.SubElement(case, "error", {"message": summary, "type": clean(check.id)})
            error.text = _body(check)
        case Status.SKIP:
            ET.SubElement(case, "skipped", {"message": summary})
        case Status.WARN:
            # JUnit has no "warning": the case passes, and the warning rides where dashboards show it.
            properties = ET.SubElement(case, "properties")
            ET.SubElement(properties, "property", {"name": "warning", "value": summary})
            ET.SubElement(case, "system-out").text = f"warning: {summary}\n{_body(check)}"
        case Status.PASS:
            pass
        case _:
            assert_never(check.status)


def _body(check: CheckResult) -> str:
    """Details, then the fix, as plain lines."""
    lines: Iterable[str] = check.details
    if check.fix is not None:
        lines = [*check.details, *([""] if check.details else []), *fix_lines(check.fix)]
    return clean("\n".join(lines))
