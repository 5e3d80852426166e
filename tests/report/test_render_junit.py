"""Tests for the JUnit XML renderer."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from telnyx_doctor.models import Fix, NumberKind, Report, Status
from telnyx_doctor.report.junit import render

from .factories import MakeCheck, MakeNumber, MakeReport


def _case(root: ET.Element, name: str) -> ET.Element:
    case = root.find(f".//testcase[@name='{name}']")
    assert case is not None, name
    return case


def test_declares_utf8_and_parses(fleet_report: Report) -> None:
    """The output starts with a UTF-8 XML declaration and parses as XML."""
    out = render(fleet_report)
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    assert ET.fromstring(out.encode()).tag == "testsuites"


def test_counts_match_the_checks(fleet_report: Report) -> None:
    """Totals on testsuites and on each testsuite agree with the report's checks."""
    root = ET.fromstring(render(fleet_report))
    summary = fleet_report.summary
    assert root.attrib == {
        "name": "telnyx-doctor",
        "tests": str(summary.pass_ + summary.warn + summary.fail + summary.skip + summary.error),
        "failures": str(summary.fail),
        "errors": str(summary.error),
        "skipped": str(summary.skip),
        "time": "1.234",
    }
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [n.phone_number for n in fleet_report.numbers]
    for suite, number in zip(suites, fleet_report.numbers, strict=True):
        cases = suite.findall("testcase")
        assert suite.get("tests") == str(len(cases)) == str(len(number.checks))
        assert suite.get("failures") == str(len(suite.findall("testcase/failure")))
        assert suite.get("errors") == str(len(suite.findall("testcase/error")))
        assert suite.get("skipped") == str(len(suite.findall("testcase/skipped")))


def test_testcases_name_the_number_and_check(troubled_report: Report) -> None:
    """Each testcase's classname names the number and its name is the check id, with its time in seconds."""
    root = ET.fromstring(render(troubled_report))
    case = _case(root, "number.format")
    assert case.attrib == {"classname": "telnyx-doctor.+15551234567", "name": "number.format", "time": "0.012"}
    assert list(case) == []


def test_fail_becomes_a_failure_with_details_and_fix(troubled_report: Report, campaign_command: str) -> None:
    """A failed check carries a <failure> with its summary, its id as type, and details plus fix as text."""
    failure = _case(ET.fromstring(render(troubled_report)), "10dlc.campaign_assigned").find("failure")
    assert failure is not None
    assert failure.get("message") == "The number is not assigned to a 10DLC campaign"
    assert failure.get("type") == "10dlc.campaign_assigned"
    body = failure.text or ""
    assert body.startswith("US carriers block A2P traffic")
    assert "Fix: Assign the number to an active 10DLC campaign" in body
    assert f"\n    {campaign_command}\n" in body


def test_error_and_skip_map_to_their_elements(troubled_report: Report) -> None:
    """An error carries <error> with what went wrong; a skip carries <skipped> with its reason."""
    root = ET.fromstring(render(troubled_report))
    error = _case(root, "webhook.reachable").find("error")
    assert error is not None
    assert error.get("message") == "The probe timed out after 2 s"
    assert error.text == "POST http://hooks.example.com/telnyx got no answer within 2 s."
    skipped = _case(root, "10dlc.campaign_active").find("skipped")
    assert skipped is not None
    assert skipped.get("message") == "skipped: 10dlc.campaign_assigned failed"


def test_warn_passes_with_the_warning_alongside(troubled_report: Report) -> None:
    """A warning is a passing testcase with the warning in a property and in <system-out>."""
    case = _case(ET.fromstring(render(troubled_report)), "webhook.url_valid")
    assert [child.tag for child in case] == ["properties", "system-out"]
    prop = case.find("properties/property")
    assert prop is not None
    assert prop.attrib == {"name": "warning", "value": "The webhook URL uses http://"}
    out = case.findtext("system-out") or ""
    assert out.startswith("warning: The webhook URL uses http://\n")
    assert "Fix: Serve the webhook over https://" in out


def test_everything_is_escaped(make_check: MakeCheck, make_number: MakeNumber, make_report: MakeReport) -> None:
    """Markup, quotes, newlines and characters XML cannot carry survive as valid, parseable XML."""
    summary = "Got <html> & \"quotes\" 'here'\nsecond line \x00\x1b end"
    fix = Fix(summary="Run ]]> & <that>", commands=["curl -d '<x a=\"1\"/>'"])
    check = make_check("webhook.reachable", Status.FAIL, summary, fix=fix, details=["<b>bold</b> & \x0c"])
    report = make_report([make_number('+1555<&">', NumberKind.US_LONG_CODE, [check])])
    root = ET.fromstring(render(report).encode("utf-8"))
    failure = _case(root, "webhook.reachable").find("failure")
    assert failure is not None
    assert failure.get("message") == "Got <html> & \"quotes\" 'here'\nsecond line \ufffd\ufffd end"
    assert (failure.text or "").startswith("<b>bold</b> & \ufffd\n\nFix: Run ]]> & <that>")
    suite = root.find("testsuite")
    assert suite is not None
    assert suite.get("name") == '+1555<&">'
