"""Fleet runs against the sandbox: 429 storms, failing lists, the streamed reports, and bulk facts' findings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from conftest import RunCli
from telnyx_doctor.app.session import Diagnosis
from telnyx_doctor.models import Report
from telnyx_doctor.report import render
from telnyx_doctor.sandbox import Fault, SandboxServer

from .support import account_numbers, by_number, fetched_twice, served, statuses, valid_report

# Summaries that quote a measured time, so two runs word them differently.
TIMED = {"webhook.reachable", "webhook.failover"}


def test_a_429_storm_slows_the_run_but_loses_no_number(run_cli: RunCli, fresh_200: SandboxServer) -> None:
    """List routes answering 429 with Retry-After, under a low request rate, cost time but no number or check."""
    state = fresh_200.state
    storm = state.faults.add(Fault(kind="rate_limit", route="/v2/phone_numbers*", retry_after=1, times=2))
    state.settings.rate_limit = 20
    result = run_cli("--all", "--format", "json", server=fresh_200)
    report = valid_report(result.out)
    assert result.code == 1, result.err  # unhealthy numbers, and not "incomplete"
    assert set(by_number(report)) == account_numbers(fresh_200)
    assert "error" not in statuses(report)
    assert next(s.hits for s in state.faults.statuses() if s.fault is storm) == 2
    # + the account's evidence: one page of message records and one of webhook deliveries
    assert served(fresh_200) <= 0.1 * len(report["numbers"]) + 2, state.requests.snapshot()
    assert fetched_twice(fresh_200) == {}


def test_a_list_the_api_keeps_refusing_falls_back_to_per_number_requests(
    run_cli: RunCli, fresh_200: SandboxServer, tmp_path: Path
) -> None:
    """When the API refuses the 10DLC list, its numbers are asked about one by one and still get their answer."""
    state = fresh_200.state
    state.faults.add(Fault(kind="status", status=422, route="/v2/10dlc/phone_number_campaigns"))
    numbers = sorted(n.phone_number for n in state.account.numbers if n.phone_number.startswith("+1555"))[:12]
    listing = tmp_path / "numbers.txt"
    listing.write_text("\n".join(numbers))
    result = run_cli("--from-file", str(listing), "--format", "json", "--probe", "off", server=fresh_200)
    report = valid_report(result.out)
    assert "error" not in statuses(report), result.out
    decided = [n for n in report["numbers"] if _status(n, "10dlc.campaign_assigned") in ("pass", "fail")]
    assert len(decided) >= len(numbers) // 2
    assert state.requests.get("GET /v2/10dlc/phone_number_campaigns/{phoneNumber}") >= len(decided)
    assert fetched_twice(fresh_200) == {}


def test_a_fleets_json_is_exactly_what_the_json_renderer_writes(
    run_cli: RunCli, account_200: SandboxServer, tmp_path: Path
) -> None:
    """A fleet's JSON report, written number by number to stdout or -o, is the JSON renderer's text."""
    result = run_cli("--all", "--format", "json", server=account_200)
    assert result.out == render(Report.model_validate_json(result.out), "json")
    numbers = tmp_path / "numbers.txt"
    numbers.write_text("\n".join(sorted(account_numbers(account_200))[:12]))
    path = tmp_path / "report.json"
    written = run_cli("--from-file", str(numbers), "--format", "json", "-o", str(path), server=account_200)
    text = path.read_text(encoding="utf-8")
    assert written.out == "" and text == render(Report.model_validate_json(text), "json")
    assert len(valid_report(text)["numbers"]) == 12


def test_a_fleets_text_and_junit_are_exactly_what_their_renderers_write(
    run_cli: RunCli, account_200: SandboxServer, tmp_path: Path
) -> None:
    """A fleet's text and JUnit reports, written number by number, are those renderers' text for its report."""
    report = Report.model_validate_json(run_cli("--all", "--probe", "off", "--format", "json", server=account_200).out)
    shown = run_cli("--all", "--probe", "off", "--format", "text", "--color", "never", server=account_200)
    assert shown.out == render(report, "text")
    path = tmp_path / "report.xml"
    written = run_cli("--all", "--probe", "off", "--format", "junit", "-o", str(path), server=account_200)
    assert written.out == ""
    assert _untimed(path.read_text(encoding="utf-8")) == _untimed(render(report, "junit"))


def test_a_fleets_markdown_and_github_reports_are_streamed_and_exactly_their_renderers(
    run_cli: RunCli, account_200: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Markdown, GitHub annotations and the step summary of a fleet are written from compact storage, never
    from a whole report held in memory, and are those renderers' text for the fleet's report."""
    report = Report.model_validate_json(run_cli("--all", "--probe", "off", "--format", "json", server=account_200).out)
    built: list[Diagnosis] = []
    whole_report = Diagnosis.report

    def spied(diagnosis: Diagnosis) -> Report:
        built.append(diagnosis)
        return whole_report(diagnosis)

    monkeypatch.setattr(Diagnosis, "report", spied)
    shown = run_cli("--all", "--probe", "off", "--format", "markdown", "--color", "never", server=account_200)
    assert _unstamped(shown.out) == _unstamped(render(report, "markdown"))
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    github = run_cli("--all", "--probe", "off", "--format", "github", server=account_200,
                     env={"GITHUB_STEP_SUMMARY": str(summary)})  # fmt: skip
    assert github.out == render(report, "github")
    written = summary.read_text(encoding="utf-8")
    assert _unstamped(written) == _unstamped(f"earlier step\n{render(report, 'markdown', compact=True)}\n")
    assert "**Fix first:**" in written and "::error title=" in github.out
    assert built == []  # the streamed path: no whole report was built for either format


def test_bulk_facts_give_the_findings_per_number_facts_give(
    run_cli: RunCli, account_200: SandboxServer, tmp_path: Path
) -> None:
    """A number's findings are the same whether its facts came from list pages or from its own requests."""
    fleet = by_number(valid_report(run_cli("--all", "--format", "json", server=account_200).out))
    sample = sorted(fleet)[::10]  # long codes and toll-free, healthy and broken
    assert len(sample) > 10
    assert {fleet[n]["kind"] for n in sample} >= {"us_long_code", "toll_free"}
    assert {fleet[n]["status"] for n in sample} >= {"pass", "fail"}
    for start in range(0, len(sample), 10):  # ten or fewer numbers are asked about one by one
        part = run_cli(*sample[start : start + 10], "--format", "json", server=account_200)
        numbers = valid_report(part.out)["numbers"]
        assert [n["phone_number"] for n in numbers] == sample[start : start + 10]
        for number in numbers:
            alone = number["checks"]
            together = fleet[number["phone_number"]]["checks"]
            assert [_finding(c) for c in alone] == [_finding(c) for c in together], number["phone_number"]


def _status(number: dict[str, Any], check_id: str) -> str:
    return str(next(c["status"] for c in number["checks"] if c["id"] == check_id))


def _finding(check: dict[str, object]) -> tuple[object, ...]:
    summary = None if check["id"] in TIMED else check["summary"]
    return check["id"], check["status"], check["skipped_because"], summary


def _untimed(xml: str) -> str:
    """JUnit XML with its measured times and start times blanked, for comparing two runs."""
    return re.sub(r' (time|timestamp)="[^"]*"', r' \1=""', xml)


def _unstamped(markdown: str) -> str:
    """A Markdown report with its start time and duration blanked, for comparing two runs."""
    return re.sub(r"started \S+ · took [\d.]+ s", "started T · took D s", markdown)
