"""The States tables of the check pages: every reference enum value has a row, whose verdict the check gives."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import pytest

from telnyx_doctor.checkapi import Check, CheckContext, CheckOptions, StateDoc
from telnyx_doctor.evidence.models import DeliveryEvidence
from telnyx_doctor.evidence.sendtest_models import FINAL_STATUSES, SendTestOutcome, WebhookAttempt, WebhookEvent
from telnyx_doctor.facts_catalog import (
    PHONE_NUMBER,
    PROFILE,
    TENDLC_ASSIGNMENT,
    TENDLC_BRAND,
    TENDLC_CAMPAIGN,
    TOLLFREE_VERIFICATION,
    WEBHOOK_DELIVERIES,
    WEBHOOK_PROBE,
    WEBHOOK_RESOLUTION,
    BrandFact,
)
from telnyx_doctor.models import Result, Status
from telnyx_doctor.numbers import parse_target
from telnyx_doctor.probe import ErrorKind, HostResolution, ProbeResult, TlsInfo, TlsProblem
from telnyx_doctor.probe.answers import Group
from telnyx_doctor_checks import _webhook_states as ws
from telnyx_doctor_checks import telnyx_doctor_register_checks

from . import factories as f

REPO = Path(__file__).resolve().parents[2]

# The enums of the reference (../shared/reference/telnyx-messaging-api.md), in its order.
PHONE_NUMBER_STATUS = [
    "purchase-pending",
    "purchase-failed",
    "port-pending",
    "port-failed",
    "active",
    "deleted",
    "emergency-only",
    "ported-out",
    "port-out-pending",
    "requirement-info-pending",
    "requirement-info-under-review",
    "requirement-info-exception",
    "provision-pending",
]
ASSIGNMENT_STATUS = [
    "FAILED_ASSIGNMENT",
    "PENDING_ASSIGNMENT",
    "ASSIGNED",
    "PENDING_UNASSIGNMENT",
    "FAILED_UNASSIGNMENT",
]
CAMPAIGN_STATUS = [
    "TCR_PENDING",
    "TCR_SUSPENDED",
    "TCR_EXPIRED",
    "TCR_ACCEPTED",
    "TCR_FAILED",
    "TELNYX_ACCEPTED",
    "TELNYX_FAILED",
    "MNO_PENDING",
    "MNO_ACCEPTED",
    "MNO_REJECTED",
    "MNO_PROVISIONED",
    "MNO_PROVISIONING_FAILED",
]
BRAND_STATUS = ["OK", "REGISTRATION_PENDING", "REGISTRATION_FAILED"]
IDENTITY_STATUS = ["VERIFIED", "UNVERIFIED", "SELF_DECLARED", "VETTED_VERIFIED"]
TOLLFREE_STATUS = [
    "Verified",
    "Rejected",
    "Waiting For Vendor",
    "Waiting For Customer",
    "Waiting For Telnyx",
    "In Progress",
]
WEBHOOK_API_VERSION = ["1", "2", "2010-04-01"]

# check id → the reference enums its States table must cover.
REFERENCE: dict[str, list[list[str]]] = {
    "number.on_account": [PHONE_NUMBER_STATUS],
    "10dlc.campaign_assigned": [ASSIGNMENT_STATUS],
    "10dlc.campaign_active": [CAMPAIGN_STATUS],
    "10dlc.brand_verified": [BRAND_STATUS, IDENTITY_STATUS],
    "tollfree.verified": [TOLLFREE_STATUS],
    "webhook.api_version": [WEBHOOK_API_VERSION],
    "webhook.reachable": [],
    "webhook.signature_enforced": [],
    "webhook.url_valid": [],
    "send.test": [sorted(FINAL_STATUSES)],
}
# (schema, property) in the OpenAPI subset → the list above that must equal its enum.
OPENAPI_ENUMS: dict[tuple[str, str], list[str]] = {
    ("PhoneNumberDetailed", "status"): PHONE_NUMBER_STATUS,
    ("PhoneNumberCampaign", "assignmentStatus"): ASSIGNMENT_STATUS,
    ("TelnyxCampaign_CSP", "campaignStatus"): CAMPAIGN_STATUS,
    ("TelnyxBrand", "status"): BRAND_STATUS,
    ("BrandIdentityStatus", ""): IDENTITY_STATUS,
    ("TFVerificationStatus", ""): TOLLFREE_STATUS,
    ("MessagingProfile", "webhook_api_version"): WEBHOOK_API_VERSION,
}

CHECKS: dict[str, Check] = {c.id: c for c in telnyx_doctor_register_checks()}


@dataclass(frozen=True)
class Case:
    """One situation a States row describes: the target, the facts, the run options."""

    facts: dict[str, Any]
    target: str = f.US
    options: dict[str, Any] = field(default_factory=dict)


def url_probe(**fields: Any) -> ProbeResult:
    """A probe of a healthy HTTPS webhook, with `fields` changed."""
    values: dict[str, Any] = {
        "url": "https://hooks.example.com/telnyx",
        "method": "POST",
        "address": "203.0.113.10",
        "connected": True,
        "tls": TlsInfo(verified=True, issuer="CN=R11", not_after="2031-01-01T00:00:00+00:00", days_left=1500),
        "status_code": 200,
        "reason": "OK",
        "answer_ms": 120.0,
        "signature_sent": True,
    }
    return ProbeResult(**{**values, **fields})


def failed_probe(kind: ErrorKind, **fields: Any) -> ProbeResult:
    """A probe that ended with an error of `kind`."""
    return url_probe(error_kind=kind, error=f"{kind} happened", status_code=None, reason=None, **fields)


UNREAD_DELIVERIES = DeliveryEvidence(state="disabled", since="7d")  # no evidence: the probe's verdict stands


def probed(result: ProbeResult | None, **options: Any) -> Case:
    """A case of webhook.reachable over a probe's result."""
    return Case({PROFILE: f.profile(), WEBHOOK_PROBE: result, WEBHOOK_DELIVERIES: UNREAD_DELIVERIES}, options=options)


# Two answers of each group of the catalogue of recognised answers: (status, headers, body).
RECOGNISED_SAMPLES: dict[Group, list[tuple[int, dict[str, str], str]]] = {
    Group.TUNNEL: [(404, {"ngrok-error-code": "ERR_NGROK_3200"}, "offline"), (530, {}, "error code: 1033")],
    Group.EDGE: [(403, {"cf-mitigated": "challenge"}, ""), (403, {"server": "awselb/2.0"}, "<html>403</html>")],
    Group.AUTH_WALL: [(401, {"www-authenticate": 'Basic realm="x"'}, "Unauthorized"), (407, {}, "")],
    Group.CSRF: [(403, {}, "CSRF verification failed. Request aborted."), (419, {}, "Page Expired")],
    Group.SIGNATURE: [(400, {}, "Bad signature"), (422, {}, '{"error":"signature verification failed"}')],
}


def recognised_rows(check: str, facts: Callable[[ProbeResult], dict[str, Any]]) -> dict[str, list[Case]]:
    """The States rows of the recognised answers' groups, each with its sample answers."""
    return {
        state.value: [
            Case(facts(url_probe(status_code=code, response_headers=headers, body_excerpt=body)))
            for code, headers, body in RECOGNISED_SAMPLES[group]
        ]
        for group, state in zip(Group, ws.recognised_states(check), strict=True)
    }


def url_case(url: str, *addresses: str, private: tuple[str, ...] = (), target: str = f.US, **options: Any) -> Case:
    """A case of webhook.url_valid: the profile's URL and what its host resolves to."""
    error = None if addresses else "hooks.example.com does not resolve"
    resolution = HostResolution(host="h", port=443, addresses=list(addresses), private=list(private), error=error)
    return Case({PROFILE: f.profile(webhook_url=url), WEBHOOK_RESOLUTION: resolution}, target, options)


def _enum_rows(values: list[str], case: Callable[[str], Case]) -> dict[str, list[Case]]:
    return {f"`{value}`": [case(value)] for value in values}


def _tls_label(problem: TlsProblem) -> str:
    return f"TLS: {ws.TLS_PROBLEMS[problem].label}"


# check id → States row value → the situations it covers. Every row is here, and nothing else.
def sent(state: str = "final", status: str | None = "delivered", hooks: str = "delivered", **more: Any) -> Case:
    """A send.test case: the outcome of a test message whose events got `hooks` at the primary URL."""
    ok = hooks == "delivered"
    attempt = WebhookAttempt(url="primary", delivered=ok, http_status=200 if ok else 500)
    events = [
        WebhookEvent(event_type=e, status=hooks, attempts=[attempt]) for e in ("message.sent", "message.finalized")
    ]  # type: ignore[arg-type]
    outcome = SendTestOutcome(
        to="+1312•••1042",
        run_id="r",
        state=state,
        status=status,
        webhooks=events,
        webhook_urls=1,
        **more,  # type: ignore[arg-type]
    )
    return Case({"send.test": outcome})


SEND_CASES: dict[str, list[Case]] = {
    "`delivered`": [sent()],
    "`delivered`, webhooks failed": [sent(hooks="failed")],
    "`delivery_unconfirmed`": [sent(status="delivery_unconfirmed")],
    "`delivery_failed`, `sending_failed`, `expired`": [
        sent(status=s, codes=["40002"]) for s in ("delivery_failed", "sending_failed", "expired")
    ],
    "refused at send (40xxx)": [sent(state="refused", status=None, codes=[c]) for c in ("40305", "40312", "40010")],
    "no final status in time": [sent(state="timeout", status="sent", seconds=60.0)],
    "no `--send-test` given": [Case({"send.test": None})],
}


CASES: dict[str, dict[str, list[Case]]] = {
    "number.on_account": {
        **_enum_rows(PHONE_NUMBER_STATUS, lambda s: Case({PHONE_NUMBER: f.record(s)})),
        "not on the account": [Case({PHONE_NUMBER: None})],
        "any other value": [Case({PHONE_NUMBER: f.record("suspended")})],
    },
    "10dlc.campaign_assigned": {
        **_enum_rows(ASSIGNMENT_STATUS, lambda s: Case({TENDLC_ASSIGNMENT: f.tendlc_assignment(s)})),
        "no assignment": [Case({TENDLC_ASSIGNMENT: None})],
        "any other value, or none": [
            Case({TENDLC_ASSIGNMENT: f.tendlc_assignment("SOMETHING_NEW")}),
            Case({TENDLC_ASSIGNMENT: f.tendlc_assignment(None)}),
        ],
    },
    "10dlc.campaign_active": {
        "`MNO_PROVISIONED`, `status` `ACTIVE`": [Case({TENDLC_CAMPAIGN: f.campaign()})],
        **_enum_rows(
            [s for s in CAMPAIGN_STATUS if s != "MNO_PROVISIONED"],
            lambda s: Case({TENDLC_CAMPAIGN: f.campaign(s)}),
        ),
        "`MNO_PROVISIONED`, `isTMobileSuspended` true": [Case({TENDLC_CAMPAIGN: f.campaign(isTMobileSuspended=True)})],
        "`MNO_PROVISIONED`, another `status` (`EXPIRED`, `SUSPENDED`)": [
            Case({TENDLC_CAMPAIGN: f.campaign(status="EXPIRED")}),
            Case({TENDLC_CAMPAIGN: f.campaign(status="SUSPENDED")}),
        ],
        "`MNO_PROVISIONED`, no `status` (a Telnyx campaign)": [Case({TENDLC_CAMPAIGN: f.campaign(status=None)})],
        "`MNO_PROVISIONED`, no `status` (a partner campaign)": [
            Case({TENDLC_CAMPAIGN: f.campaign(status=None, source="partner")})
        ],
        "campaign not found": [Case({TENDLC_CAMPAIGN: None})],
        "any other `campaignStatus`": [
            Case({TENDLC_CAMPAIGN: f.campaign("SOMETHING_NEW")}),
            Case({TENDLC_CAMPAIGN: f.campaign(None)}),
        ],
    },
    "10dlc.brand_verified": {
        **{
            f"status `OK`, identityStatus `{i}`": [Case({TENDLC_BRAND: f.brand("OK", i)})]
            for i in ["VERIFIED", "VETTED_VERIFIED", "SELF_DECLARED", "UNVERIFIED"]
        },
        **{
            f"status `{s}` (any identityStatus)": [
                Case({TENDLC_BRAND: f.brand(s, i)}) for i in [*IDENTITY_STATUS, "SOMETHING_NEW", None]
            ]
            for s in ["REGISTRATION_PENDING", "REGISTRATION_FAILED"]
        },
        "brand not found": [
            Case({TENDLC_BRAND: None}),
            Case({TENDLC_BRAND: BrandFact(brand=None, brand_id=f.BRAND_ID)}),
        ],
        "any other `status` or `identityStatus`": [
            Case({TENDLC_BRAND: f.brand("SOMETHING_NEW", "VERIFIED")}),
            Case({TENDLC_BRAND: f.brand("OK", "SOMETHING_NEW")}),
            Case({TENDLC_BRAND: f.brand("OK", None)}),
        ],
    },
    "tollfree.verified": {
        **_enum_rows(
            TOLLFREE_STATUS, lambda s: Case({TOLLFREE_VERIFICATION: f.tollfree(s, "Missing opt-in")}, f.TOLL_FREE)
        ),
        "none submitted": [Case({TOLLFREE_VERIFICATION: None}, f.TOLL_FREE)],
        "any other value (e.g. `Pending`, `Approved`)": [
            Case({TOLLFREE_VERIFICATION: f.tollfree(s)}, f.TOLL_FREE) for s in ["Pending", "Approved"]
        ],
    },
    "webhook.api_version": {
        **_enum_rows(WEBHOOK_API_VERSION, lambda v: Case({PROFILE: f.profile(webhook_api_version=v)})),
        "absent": [Case({PROFILE: f.profile(webhook_api_version=None)})],
        "any other value": [Case({PROFILE: f.profile(webhook_api_version="3")})],
    },
    "webhook.url_valid": {
        "a well-formed http(s) URL whose host resolves to public addresses": [
            url_case("https://hooks.example.com/telnyx", "203.0.113.10")
        ],
        "a malformed or non-http(s) URL": [url_case("ftp://hooks.example.com/x", "203.0.113.10")],
        "a host that does not resolve": [url_case("https://hooks.example.com/telnyx")],
        "a host resolving to private or loopback addresses": [
            url_case("https://hooks.example.com/telnyx", "10.0.0.5", private=("10.0.0.5",))
        ],
        "plain `http://`": [url_case("http://hooks.example.com/telnyx", "203.0.113.10")],
        next(doc.value for doc in ws.url_states() if doc.value.startswith("a tunnel")): [
            url_case("https://abc-123.ngrok-free.app/telnyx", "203.0.113.10"),
            url_case("https://quiet-river.trycloudflare.com/hook", "203.0.113.10"),
        ],
    },
    "webhook.signature_enforced": {
        **recognised_rows("signature_enforced", lambda p: {WEBHOOK_PROBE: p}),
        "HTTP `200`–`299`": [Case({WEBHOOK_PROBE: url_probe(status_code=code)}) for code in (200, 204)],
        "HTTP `401`, `403`": [Case({WEBHOOK_PROBE: url_probe(status_code=code)}) for code in (401, 403)],
        "any other answer, or none": [
            Case({WEBHOOK_PROBE: url_probe(status_code=500)}),
            Case({WEBHOOK_PROBE: url_probe(status_code=400, body_excerpt='{"detail":"missing field"}')}),
            Case({WEBHOOK_PROBE: failed_probe("timeout")}),
            Case({WEBHOOK_PROBE: None}),
        ],
        "`--probe head` or `--probe off`": [
            Case({WEBHOOK_PROBE: url_probe(method="HEAD", signature_sent=False)}, options={"probe": "head"}),
            Case({WEBHOOK_PROBE: None}, options={"probe": "off"}),
        ],
    },
    "send.test": SEND_CASES,
    "webhook.reachable": {
        **recognised_rows(
            "reachable", lambda p: {PROFILE: f.profile(), WEBHOOK_PROBE: p, WEBHOOK_DELIVERIES: UNREAD_DELIVERIES}
        ),
        "HTTP `200`": [probed(url_probe())],
        "HTTP `201`–`299`": [probed(url_probe(status_code=code)) for code in (201, 202, 204, 299)],
        "HTTP `401`, `403`": [probed(url_probe(status_code=code)) for code in (401, 403)],
        "HTTP `400`, `422`": [probed(url_probe(status_code=code)) for code in (400, 422)],
        "HTTP `300`–`399`": [probed(url_probe(status_code=code, location="https://x.example/")) for code in (301, 308)],
        "HTTP `404`, `410`": [probed(url_probe(status_code=code)) for code in (404, 410)],
        "HTTP `405`": [probed(url_probe(status_code=405))],
        "HTTP `400`–`499` (the others)": [probed(url_probe(status_code=code)) for code in (402, 408, 429, 499)],
        "HTTP `500`–`599`": [probed(url_probe(status_code=code)) for code in (500, 503)],
        "any other HTTP status": [probed(url_probe(status_code=code)) for code in (102, 600)],
        "an answer after more than 2 s": [probed(url_probe(answer_ms=2600.0, timed_out_budget=True, slow=True))],
        "an answer after more than 1 s, and a second probe right after it slow too": [
            probed(url_probe(answer_ms=1500.0, slow=True, retry_answer_ms=1400.0)),
            probed(url_probe(answer_ms=1500.0, slow=True)),
        ],
        "a first answer after more than 1 s, and a second probe right after it faster": [
            probed(url_probe(answer_ms=30.0, first_answer_ms=code)) for code in (1100.0, 1499.0)
        ],
        "a cold start whose first answer came after more than 1.5 s": [
            probed(url_probe(answer_ms=30.0, first_answer_ms=code)) for code in (1600.0, 2400.0)
        ],
        "a certificate that expires within 14 days": [
            probed(url_probe(tls=TlsInfo(verified=True, issuer="CN=R11", not_after="2030-01-05", days_left=5)))
        ],
        **{
            _tls_label(problem): [probed(failed_probe("tls", tls=TlsInfo(problem=problem, error="bad")))]
            for problem in get_args(TlsProblem)
        },
        **{label: [probed(failed_probe(kind))] for kind, (label, _) in ws.PROBE_ERRORS.items()},
        "any answer to a HEAD probe (`--probe head`)": [
            probed(url_probe(method="HEAD", status_code=code), probe="head") for code in (200, 405, 500)
        ],
        "`--probe off`": [probed(None, probe="off")],
        "no webhook URL": [probed(None)],
    },
}


def run(check_id: str, case: Case) -> Result:
    """Run a check over a case's facts."""
    ctx = CheckContext(target=parse_target(case.target), facts=case.facts, options=CheckOptions(**case.options))
    return CHECKS[check_id](ctx)


def rows() -> Iterator[tuple[str, StateDoc]]:
    """Every (check id, States row) of the checks that have a States table."""
    for check_id in REFERENCE:
        for doc in CHECKS[check_id].states:
            yield check_id, doc


def test_the_checks_with_a_states_table() -> None:
    """Exactly the registration, inventory and webhook checks whose values are many carry a States table."""
    evidence = {"messages.recent_failures", "webhook.deliveries"}  # their tables are tested in tests/evidence
    assert {c.id for c in CHECKS.values() if c.states} - evidence == set(REFERENCE)


@pytest.mark.parametrize("check_id", sorted(REFERENCE))
def test_every_reference_value_has_a_row(check_id: str) -> None:
    """Each value of the reference enums the check reads appears, in backticks, in a row of its States table."""
    shown = " ".join(doc.value for doc in CHECKS[check_id].states)
    missing = [value for enum in REFERENCE[check_id] for value in enum if f"`{value}`" not in shown]
    assert not missing, f"{check_id} documents no state for {missing}"


@pytest.mark.parametrize("check_id", sorted(REFERENCE))
def test_every_row_is_exercised_here(check_id: str) -> None:
    """This file has situations for each row of the check's States table, and for no row it lacks."""
    documented = [doc.value for doc in CHECKS[check_id].states]
    assert len(documented) == len(set(documented)), "two rows share a value"
    assert set(documented) == set(CASES[check_id])


@pytest.mark.parametrize(("check_id", "doc"), list(rows()), ids=[f"{c}:{d.value}" for c, d in rows()])
def test_the_row_verdict_is_what_the_check_returns(check_id: str, doc: StateDoc) -> None:
    """Run over each situation a row describes, the check gives the row's status, and its qualifier holds."""
    assert CASES[check_id][doc.value], f"no situation for the row {doc.value!r}"
    for case in CASES[check_id][doc.value]:
        result = run(check_id, case)
        assert result.status is doc.status, (doc, result.summary)
        if doc.qualifier == "pending":
            assert "yet" in result.summary, result.summary
        if doc.qualifier == "blocked":
            assert "yet" not in result.summary, result.summary
        if doc.qualifier == "noted":
            assert result.details, result


def test_the_http_rows_describe_every_status_code() -> None:
    """For any HTTP status, the first webhook.reachable row whose codes include it gives the probe's verdict."""
    docs = [doc for doc in CHECKS["webhook.reachable"].states if "HTTP" in doc.value]
    wrong = {}
    for code in range(100, 700):
        doc = next(d for d in docs if _listed(code, d.value) or d.value == "any other HTTP status")
        status = run("webhook.reachable", probed(url_probe(status_code=code))).status
        if status is not doc.status:
            wrong[code] = (doc.value, doc.verdict, status.value)
    assert not wrong


def _listed(code: int, label: str) -> bool:
    spans = re.findall(r"`(\d+)`(?:–`(\d+)`)?", label)
    return any(int(first) <= code <= int(last or first) for first, last in spans)


def test_every_probe_error_and_tls_problem_has_a_row() -> None:
    """Each probe error kind and each TLS problem the probe can report is explained."""
    assert set(ws.PROBE_ERRORS) | {"tls"} == set(get_args(ErrorKind))
    assert set(ws.TLS_PROBLEMS) == set(get_args(TlsProblem))


@pytest.mark.parametrize("verdict", ["maybe", "fail(pending)", "FAIL", "fail (Pending)", "pass ()"])
def test_a_malformed_verdict_is_refused(verdict: str) -> None:
    """A verdict is a status with an optional lowercase qualifier in parentheses."""
    with pytest.raises(ValueError, match="verdict"):
        StateDoc("`X`", verdict, "meaning")


def test_a_verdict_splits_into_status_and_qualifier() -> None:
    """`fail (action needed)` is a fail qualified as action needed."""
    doc = StateDoc("`X`", "fail (action needed)", "meaning")
    assert (doc.status, doc.qualifier) == (Status.FAIL, "action needed")
    assert StateDoc("`X`", "warn", "meaning").qualifier == ""


def _openapi_dir() -> Path | None:
    configured = os.environ.get("TELNYX_DOCTOR_OPENAPI_DIR")
    folder = Path(configured) if configured else REPO.parent / "shared" / "reference" / "openapi"
    return folder if (folder / "telnyx-openapi-subset.json").is_file() else None


@pytest.mark.skipif(_openapi_dir() is None, reason="the Telnyx OpenAPI subset (../shared/reference/openapi) is absent")
@pytest.mark.parametrize(("schema", "prop"), list(OPENAPI_ENUMS))
def test_the_enums_here_are_the_openapi_enums(schema: str, prop: str) -> None:
    """The enum lists this file checks against are the ones in the Telnyx OpenAPI subset."""
    folder = _openapi_dir()
    assert folder is not None
    spec = json.loads((folder / "telnyx-openapi-subset.json").read_text(encoding="utf-8"))
    node = spec["components"]["schemas"][schema]
    if prop:
        node = node["properties"][prop]
    assert node["enum"] == OPENAPI_ENUMS[(schema, prop)]
