"""The fault matrix: every sandbox fault on every route behind a fact, through the CLI, held to the contract.

The matrix account (scenarios/matrix.toml) has one healthy number per route, each with a profile, brand and
campaign of its own. One CLI run per fault breaks a different route for each number, so a number's section of
the report is that cell's outcome. The runs are independent, each on a sandbox of its own; they run once per
module, several at once in two worker processes (matrix_worker.py), and each test then reads its cell.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import SECRETS
from telnyx_doctor.sandbox import load_scenario

from .support import assert_no_traceback, checks_of, valid_report

SCENARIO_FILE = Path(__file__).parent / "scenarios" / "matrix.toml"
SCENARIO = load_scenario(SCENARIO_FILE)

# name → the Fault's fields; the names say what a person would call the fault.
FAULTS: dict[str, dict[str, Any]] = {
    "status_500": {"kind": "status", "status": 500},
    "status_502": {"kind": "status", "status": 502},
    "status_503": {"kind": "status", "status": 503},
    "rate_limit": {"kind": "rate_limit"},
    "rate_limit_retry_after": {"kind": "rate_limit", "retry_after": 1},
    "malformed_json": {"kind": "malformed_json"},
    "wrong_content_type": {"kind": "html"},
    "truncated_body": {"kind": "truncated"},
    "wrong_types": {"kind": "wrong_types"},
    "missing_fields": {"kind": "missing_fields"},
    "unknown_enum": {"kind": "unknown_enum"},
    "empty_200": {"kind": "empty"},
    "hang": {"kind": "hang"},
    "dropped_connection": {"kind": "drop"},
}
RATE_LIMITS = ("rate_limit", "rate_limit_retry_after")
RETRIED = ("status_500", "status_502", "status_503", "truncated_body", "hang", "dropped_connection")
TRANSIENT = RETRIED + RATE_LIMITS
UNREADABLE = ("malformed_json", "wrong_content_type", "wrong_types", "empty_200")
TELNYX_CODES = {"status_500": "10007", "status_502": "10007", "status_503": "10007"}
TELNYX_CODES |= dict.fromkeys(RATE_LIMITS, "10011")
MAX_RETRIES = 2  # TelnyxClient's bound for 5xx and transport failures


@dataclass(frozen=True)
class Route:
    """A route behind one fact, the matrix number whose diagnosis reads it, and which check needs it."""

    number: str
    check: str  # the check that needs the fact (its dependents skip)
    endpoint: str  # how an error names the call
    selectors: tuple[dict[str, str], ...]  # Fault route/query matching this number's requests only
    unknown_enum_fails: str | None  # the check reporting an unknown enum value raw; None: it decides nothing


ROUTES: dict[str, Route] = {
    "phone_numbers": Route(
        "+15550100201",
        "number.on_account",
        "GET /v2/phone_numbers",
        ({"route": "/v2/phone_numbers", "query": "15550100201"},),
        "number.on_account",
    ),
    "messaging_settings": Route(
        "+15550100202",
        "number.messaging_listed",
        "GET /v2/phone_numbers/messaging",
        ({"route": "/v2/phone_numbers/messaging", "query": "15550100202"},),
        None,
    ),
    "messaging_profile": Route(
        "+15550100203",
        "profile.enabled",
        "GET /v2/messaging_profiles/profile-3",
        ({"route": "/v2/messaging_profiles/profile-3"},),
        "webhook.api_version",
    ),
    "10dlc_assignment": Route(
        "+15550100204",
        "10dlc.campaign_assigned",
        "GET /v2/10dlc/phone_number_campaigns/+15550100204",
        ({"route": "/v2/10dlc/phone_number_campaigns/+15550100204"},),
        "10dlc.campaign_assigned",
    ),
    "10dlc_campaign": Route(
        "+15550100205",
        "10dlc.campaign_active",
        "GET /v2/10dlc/campaign/campaign-5",
        ({"route": "/v2/10dlc/campaign/campaign-5"}, {"route": "/v2/10dlc/campaign/campaign-5/operationStatus"}),
        "10dlc.campaign_active",
    ),
    "10dlc_brand": Route(
        "+15550100206",
        "10dlc.brand_verified",
        "GET /v2/10dlc/brand/",
        ({"route": "/v2/10dlc/brand/brand-6"}, {"route": "/v2/10dlc/brand/feedback/brand-6"}),
        "10dlc.brand_verified",
    ),
    "tollfree_verification": Route(
        "+18885550207",
        "tollfree.verified",
        "GET /v2/messaging_tollfree/verification/requests",
        ({"route": "/v2/messaging_tollfree/verification/requests", "query": "18885550207"},),
        "tollfree.verified",
    ),
}


@dataclass(frozen=True)
class Run:
    """One CLI run: for each number it diagnoses, a fault on its route, always (`times` None) or once."""

    cells: tuple[tuple[str, str], ...]  # (fault, route)
    times: int | None = None

    @property
    def faults(self) -> set[str]:
        """The faults this run injects."""
        return {fault for fault, _ in self.cells}


@dataclass
class Outcome:
    """What the run produced, and how often each route's faults fired (their largest count)."""

    code: int
    out: str
    err: str
    served: dict[str, int]
    report: dict[str, Any] | None = None  # parsed and validated by the first test reading it


RUNS = [Run(tuple((f, r) for r in ROUTES)) for f in FAULTS if f not in RATE_LIMITS]
RUNS += [Run(((f, r),)) for f in RATE_LIMITS for r in ROUTES]  # a 429 pauses every request of its run
# Once-only faults do not outlast a retry, so one run can mix kinds: two runs, the kinds rotated over the
# routes, retry every transient kind on one route or two (the persistent runs above cover every route).
ONCE = [
    Run(tuple((TRANSIENT[(i + shift) % len(TRANSIENT)], r) for i, r in enumerate(ROUTES)), times=1)
    for shift in (0, len(TRANSIENT) - len(ROUTES))
]


def _argv(run: Run) -> list[str]:
    argv = [ROUTES[r].number for _, r in run.cells]
    argv += ["--format", "json", "--probe", "off", "--allow-private", "--no-config"]
    # A hang costs a timeout per attempt, so keep it short there; elsewhere a generous one, so that a loaded
    # machine never turns a slow connect into an extra, uncounted attempt.
    argv += ["--timeout", "1" if "hang" in run.faults else "5"]
    if run.times is None and run.faults & set(RATE_LIMITS):
        # Without it, 8 rate-limit retries (honouring Retry-After) take 8-40 s; under --deadline the client
        # stops retrying when the next attempt could not start in time, and reports the 429 it got.
        argv += ["--deadline", "2"]
    return argv


def _job(run: Run) -> tuple[dict[str, Any], list[str]]:
    """The worker's job for a run, and the route each of its faults belongs to."""
    faults, owners = [], []
    for fault, route in run.cells:
        for selector in ROUTES[route].selectors:
            faults.append({**FAULTS[fault], **selector, "times": run.times})
            owners.append(route)
    return {"argv": _argv(run), "faults": faults}, owners


@pytest.fixture(scope="module")
def matrix() -> dict[Run, Outcome]:
    """Every run's outcome: the runs split over two worker processes, each running several at once."""
    runs = ONCE + RUNS  # the longest first, so no worker is left with a long tail
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELNYX_", "GITHUB_"))}
    env.update(TELNYX_API_KEY=SCENARIO.spec.account.api_key, TELNYX_DOCTOR_PLUGINS="")
    SECRETS.append(SCENARIO.spec.account.api_key)
    shares = [runs[0::2], runs[1::2]]
    workers = [
        subprocess.Popen(
            [sys.executable, str(Path(__file__).parent / "matrix_worker.py"), str(SCENARIO_FILE), "4"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in shares
    ]
    outcomes: dict[Run, Outcome] = {}
    for worker, share in zip(workers, shares, strict=True):
        jobs = [_job(run) for run in share]
        assert worker.stdin is not None
        worker.stdin.write(json.dumps([job for job, _ in jobs]))
        worker.stdin.close()
    for worker, share in zip(workers, shares, strict=True):
        assert worker.stdout is not None
        results = json.loads(worker.stdout.read())
        assert worker.wait(timeout=60) == 0
        for run, result in zip(share, results, strict=True):
            served: dict[str, int] = {}
            for route, hits in zip(_job(run)[1], result["hits"], strict=True):
                served[route] = max(served.get(route, 0), hits)
            outcomes[run] = Outcome(result["code"], result["out"], result["err"], served)
    return outcomes


def _report(outcome: Outcome, outputs: list[str]) -> dict[str, Any]:
    """The run's valid JSON report, after the checks every run must pass."""
    outputs.extend([outcome.out, outcome.err])
    if outcome.report is None:
        assert_no_traceback(outcome.out, outcome.err)
        assert outcome.err == ""
        report = valid_report(outcome.out)
        statuses = {c["status"] for n in report["numbers"] for c in n["checks"]}
        expected = 1 if "fail" in statuses else 3 if "error" in statuses else 0
        assert outcome.code == report["exit_code"] == expected, statuses
        outcome.report = report
    return outcome.report


CELLS = [(fault, route) for fault in FAULTS for route in ROUTES]


@pytest.mark.parametrize(("fault", "route"), CELLS, ids=[f"{f}-{r}" for f, r in CELLS])
def test_a_persistent_fault_gets_the_contracts_answer(
    matrix: dict[Run, Outcome], outputs: list[str], fault: str, route: str
) -> None:
    """A fault on every request of a route ends in a valid report and the contract's verdict, never a crash."""
    outcome = matrix[next(r for r in RUNS if (fault, route) in r.cells)]
    report = _report(outcome, outputs)
    where = ROUTES[route]
    checks = checks_of(report, where.number)
    status = report_status(report, where.number)
    owner = checks[where.check]
    served = outcome.served[route]
    assert served >= 1, "the fault never fired"
    if fault in TRANSIENT or fault in UNREADABLE:
        # could not decide: an `error` naming the call (exit 3 for this number), its dependents skipped
        assert (status, owner["status"]) == ("error", "error"), owner
        assert where.endpoint in owner["summary"], owner["summary"]
        assert owner["evidence"]["endpoint"].startswith(where.endpoint), owner["evidence"]
        dependents = [c for c in checks.values() if where.check in c["requires"]]
        assert all(c["status"] == "skip" for c in dependents), dependents
        assert all(c["skipped_because"] in (where.check, "not_applicable") for c in dependents), dependents
    if fault in TELNYX_CODES:
        assert owner["evidence"]["telnyx_codes"] == [TELNYX_CODES[fault]], owner["evidence"]
        assert TELNYX_CODES[fault] in owner["summary"], owner["summary"]
    if fault in RETRIED:
        assert served == 1 + MAX_RETRIES, (outcome.served, owner["summary"])  # retried, only within the bound
    if fault in RATE_LIMITS:
        assert 2 <= served <= 9  # retried until the deadline; never more than 1 + 8 retries
        assert owner["evidence"]["status_code"] == 429
    if fault in UNREADABLE:
        assert served == 1  # a 2xx that cannot be read is not retried
    if fault == "hang":
        assert "timed out" in owner["summary"]
    if fault == "truncated_body":
        assert "the server closed the connection in the middle of its answer" in owner["summary"]
    if fault == "dropped_connection":
        assert "the server closed the connection without an answer" in owner["summary"]
    if fault == "missing_fields":
        _assert_missing_fields(route, status, owner)
    if fault == "unknown_enum":
        _assert_unknown_enum(route, status, checks)


def report_status(report: dict[str, Any], number: str) -> str:
    """The status of one number in the report."""
    return str(next(n["status"] for n in report["numbers"] if n["phone_number"] == number))


def _assert_missing_fields(route: str, status: str, owner: dict[str, Any]) -> None:
    if route == "10dlc_campaign":
        # every campaign field is optional in the API: an absent campaignStatus is reported raw, as a finding
        assert owner["status"] in ("fail", "warn") and status == owner["status"], owner
        assert "(absent)" in owner["summary"]
    else:
        assert (status, owner["status"]) == ("error", "error"), owner
        assert "Field required" in owner["summary"] and "GET /v2/" in owner["summary"], owner["summary"]


def _assert_unknown_enum(route: str, status: str, checks: dict[str, dict[str, Any]]) -> None:
    # The payload is readable: the check owning the value reports it raw (api/models.py keeps enums as strings).
    assert not [c["id"] for c in checks.values() if c["status"] == "error"]
    failing = ROUTES[route].unknown_enum_fails
    if failing is None:
        assert status == "pass"
        return
    assert checks[failing]["status"] in ("fail", "warn") and checks[failing]["fix"] is not None
    shown = checks[failing]["summary"].lower().replace("_", " ").replace("-", " ")
    assert "sandbox unknown" in shown, checks[failing]["summary"]


@pytest.mark.parametrize("fault", TRANSIENT)
def test_a_fault_that_happens_once_is_retried_away(matrix: dict[Run, Outcome], outputs: list[str], fault: str) -> None:
    """A transient fault on the first request of any route is retried away: the verdict is the real state."""
    runs = [r for r in ONCE if fault in r.faults]
    assert runs
    for run in runs:
        outcome = matrix[run]
        report = _report(outcome, outputs)
        assert outcome.code == 0, outcome.out
        assert outcome.served == dict.fromkeys(ROUTES, 1)
        assert {c["status"] for n in report["numbers"] for c in n["checks"]} <= {"pass", "skip"}


def test_the_matrix_covers_every_fault_kind_and_route() -> None:
    """Every fault kind the sandbox has (but a plain delay) is a column, and every matrix number a route."""
    from typing import get_args

    from telnyx_doctor.sandbox.faults import FaultKind

    assert {f["kind"] for f in FAULTS.values()} == set(get_args(FaultKind)) - {"delay"}
    assert sorted(r.number for r in ROUTES.values()) == sorted(SCENARIO.numbers)
