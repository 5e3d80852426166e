"""Request budgets against the sandbox's counters: one number reads each resource once; fleets read lists."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import RunCli, serve
from telnyx_doctor.sandbox import SandboxServer, synthetic_scenario

from .support import account_numbers, by_number, fetched_twice, served, statuses, valid_report

HEALTHY = "+15550100001"
HEALTHY_TOLL_FREE = "+18885550101"
BUDGET = 0.05  # API requests per number a 1,000-number fleet may cost (the goal at 10,000)


@pytest.fixture(scope="module")
def account_1000() -> Iterator[SandboxServer]:
    """A 1,000-number synthetic account."""
    yield from serve(synthetic_scenario(1000, seed=11))


def test_one_us_long_code_reads_each_resource_once(run_cli: RunCli, fresh_sandbox: SandboxServer) -> None:
    """One US long code costs seven configuration requests, one per resource, four evidence requests (message
    records per direction, deliveries per webhook URL), and one probe per webhook URL."""
    result = run_cli(HEALTHY, "--format", "json", server=fresh_sandbox)
    assert result.code == 0, result.err
    assert fresh_sandbox.state.requests.snapshot() == {
        "GET /v2/phone_numbers": 1,
        "GET /v2/phone_numbers/messaging": 1,
        "GET /v2/messaging_profiles/{id}": 1,
        "GET /v2/10dlc/phone_number_campaigns/{phoneNumber}": 1,
        "GET /v2/10dlc/campaign/{campaignId}": 1,
        "GET /v2/10dlc/campaign/{campaignId}/operationStatus": 1,
        "GET /v2/10dlc/brand/{brandId}": 1,
        "GET /v2/detail_records": 2,
        "GET /v2/webhook_deliveries": 2,
    }
    assert served(fresh_sandbox) == 11  # the counter the fleet budgets below rely on does count
    assert fetched_twice(fresh_sandbox) == {}
    assert fresh_sandbox.state.webhook_requests.total == 2  # the primary URL and the failover URL


def test_one_toll_free_number_reads_each_resource_once(run_cli: RunCli, fresh_sandbox: SandboxServer) -> None:
    """A toll-free number reads its four resources once each, its evidence, and nothing of 10DLC."""
    result = run_cli(HEALTHY_TOLL_FREE, "--format", "json", server=fresh_sandbox)
    assert result.code == 0, result.err
    assert fresh_sandbox.state.requests.snapshot() == {
        "GET /v2/phone_numbers": 1,
        "GET /v2/phone_numbers/messaging": 1,
        "GET /v2/messaging_profiles/{id}": 1,
        "GET /v2/messaging_tollfree/verification/requests": 1,
        "GET /v2/detail_records": 2,
        "GET /v2/webhook_deliveries": 2,
    }


def test_a_1000_number_fleet_stays_within_its_request_budget(
    run_cli: RunCli, account_1000: SandboxServer, tmp_path: Path
) -> None:
    """1,000 numbers from a file cost at most 0.05 requests each, read nothing twice, and all get a report."""
    numbers = sorted(account_numbers(account_1000))
    listing = tmp_path / "numbers.txt"
    listing.write_text("# the whole account\n" + "\n".join(numbers) + "\n")
    account_1000.state.reset_counters()
    # Probes are not API requests, and one of this account's webhooks takes 2.5 s to answer.
    result = run_cli("--from-file", str(listing), "--format", "json", "--probe", "off", server=account_1000)
    report = valid_report(result.out)
    assert result.code == 1, result.err  # the account has broken numbers, and nothing errored
    assert [n["phone_number"] for n in report["numbers"]] == numbers
    assert "error" not in statuses(report)
    assert served(account_1000) <= BUDGET * len(numbers), account_1000.state.requests.snapshot()
    assert fetched_twice(account_1000) == {}


def test_all_reports_every_number_on_the_account(run_cli: RunCli, account_200: SandboxServer) -> None:
    """--all covers the account (numbers without messaging settings too) in a few requests, one probe a URL."""
    account_200.state.reset_counters()
    result = run_cli("--all", "--format", "json", server=account_200)
    report = valid_report(result.out)
    reported = by_number(report)
    assert set(reported) == account_numbers(account_200)
    assert len(report["numbers"]) == len(reported) == report["summary"]["numbers"]
    unlisted = [n.phone_number for n in account_200.state.account.numbers if not n.spec.messaging]
    assert unlisted, "the synthetic account should have a number without messaging settings"
    for number in unlisted:
        checks = {c["id"]: c["status"] for c in reported[number]["checks"]}
        assert checks["number.messaging_listed"] == "fail"
    # + the account's evidence: one page of message records and one of webhook deliveries
    assert served(account_200) <= 0.1 * len(reported) + 2, account_200.state.requests.snapshot()
    assert fetched_twice(account_200) == {}
    probed = {
        c["evidence"]["url"]
        for n in report["numbers"]
        for c in n["checks"]
        if c["id"] in ("webhook.reachable", "webhook.failover") and "url" in c["evidence"]
    }
    assert len(probed) > 3
    assert account_200.state.webhook_requests.total == len(probed)  # each distinct URL once


def test_profile_selects_exactly_the_numbers_on_it(run_cli: RunCli, account_200: SandboxServer) -> None:
    """--profile ID diagnoses every number with messaging settings on that profile, and no other."""
    account = account_200.state.account
    profile = next(p for p in account.profiles if p.name == "Fleet Primary")
    expected = {n.phone_number for n in account.numbers if n.profile_id == profile.id and n.spec.messaging}
    assert len(expected) > 10
    result = run_cli("--profile", profile.id, "--format", "json", server=account_200)
    report = valid_report(result.out)
    assert set(by_number(report)) == expected
    assert len(report["numbers"]) == len(expected)


def test_explicit_numbers_come_first_then_the_profiles_once_each(run_cli: RunCli, account_200: SandboxServer) -> None:
    """Numbers given with --profile are reported first, the profile's follow sorted, none twice."""
    account = account_200.state.account
    profile = next(p for p in account.profiles if p.name == "Fleet Support")
    on_profile = sorted(n.phone_number for n in account.numbers if n.profile_id == profile.id and n.spec.messaging)
    elsewhere = next(n.phone_number for n in account.numbers if n.profile_id != profile.id)
    result = run_cli(elsewhere, on_profile[1], "--profile", profile.id, "--format", "json", server=account_200)
    order = [n["phone_number"] for n in valid_report(result.out)["numbers"]]
    assert order == [elsewhere, on_profile[1], *[n for n in on_profile if n != on_profile[1]]]
