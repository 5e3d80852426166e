"""The probe-based webhook checks, judged over recorded facts for every verdict."""

from __future__ import annotations

import json
from typing import Any

import pytest

from telnyx_doctor.api.models import MessagingProfile
from telnyx_doctor.checkapi import Check, CheckContext, CheckOptions
from telnyx_doctor.evidence.models import DeliveryEvidence
from telnyx_doctor.facts_catalog import (
    PROFILE,
    WEBHOOK_DELIVERIES,
    WEBHOOK_FAILOVER_PROBE,
    WEBHOOK_PROBE,
    WEBHOOK_RESOLUTION,
)
from telnyx_doctor.models import NumberKind, Result, Status
from telnyx_doctor.numbers import Target, parse_target
from telnyx_doctor.probe import HostResolution, ProbeResult, TlsInfo
from telnyx_doctor_checks.webhook_probe import (
    CHECKS,
    DOCS_URL,
    failover,
    reachable,
    signature_enforced,
    url_valid,
)

URL = "https://hooks.example.com/telnyx"
BACKUP = "https://backup.example.net/telnyx"
TARGET = parse_target("+15551234567")


def profile(url: str | None = URL, failover_url: str | None = BACKUP) -> MessagingProfile:
    return MessagingProfile(id="prof-1", webhook_url=url, webhook_failover_url=failover_url)


def resolution(*addresses: str, private: tuple[str, ...] = (), error: str | None = None) -> HostResolution:
    return HostResolution(
        host="hooks.example.com", port=443, addresses=list(addresses), private=list(private), error=error
    )


def probe(url: str = URL, **fields: Any) -> ProbeResult:
    values: dict[str, Any] = {
        "url": url,
        "method": "POST",
        "resolution": resolution("203.0.113.10"),
        "address": "203.0.113.10",
        "connected": True,
        "tls": TlsInfo(
            verified=True, issuer="CN=R11,O=Let's Encrypt", not_after="2031-01-01T00:00:00+00:00", days_left=1500
        ),
        "status_code": 200,
        "reason": "OK",
        "answer_ms": 120.0,
        "signature_sent": True,
    }
    values.update(fields)
    return ProbeResult(**values)


UNREAD = DeliveryEvidence(state="disabled", since="7d")  # no evidence: the probe's verdict stands


def failed_probe(kind: str, error: str, **fields: Any) -> ProbeResult:
    return probe(error_kind=kind, error=error, status_code=None, reason=None, **fields)


def run(check: Check, facts: dict[str, Any], **options: Any) -> Result:
    facts = {WEBHOOK_DELIVERIES: UNREAD, **facts}
    result = check(CheckContext(target=TARGET, facts=facts, options=CheckOptions(**options)))
    json.dumps(result.evidence)  # evidence must stay JSON
    if result.status in (Status.WARN, Status.FAIL):
        assert result.fix is not None and result.fix.docs_url == DOCS_URL
        assert result.fix.summary and result.fix.steps
    return result


def test_the_module_registers_four_checks_with_their_prerequisites_and_facts() -> None:
    """Each check declares the prerequisite and facts it reads."""
    declared = {c.id: (c.requires, set(c.facts)) for c in CHECKS}
    assert declared == {
        "webhook.url_valid": (("webhook.configured",), {PROFILE, WEBHOOK_RESOLUTION}),
        "webhook.reachable": (("webhook.url_valid",), {WEBHOOK_PROBE, WEBHOOK_DELIVERIES}),
        "webhook.signature_enforced": (("webhook.reachable",), {WEBHOOK_PROBE}),
        "webhook.failover": (("webhook.configured",), {PROFILE, WEBHOOK_FAILOVER_PROBE}),
    }
    assert all(c.cause and c.evidence and c.remedy for c in CHECKS)


# --- webhook.url_valid ---------------------------------------------------------------------------------------


def url_facts(url: str | None, res: HostResolution | None) -> dict[str, Any]:
    return {PROFILE: profile(url), WEBHOOK_RESOLUTION: res}


@pytest.mark.parametrize("url", ["ftp://hooks.example.com/x", "hooks.example.com/telnyx", "https://exa mple.com"])
def test_a_malformed_or_non_http_url_fails(url: str) -> None:
    """A URL Telnyx cannot POST to fails, saying what is wrong."""
    result = run(url_valid, url_facts(url, resolution(error="the URL is malformed")))
    assert result.status is Status.FAIL and "not valid" in result.summary


def test_a_plain_http_url_warns() -> None:
    """http:// is delivered to, but unencrypted and unauthenticated: a warning."""
    result = run(url_valid, url_facts("http://hooks.example.com/telnyx", resolution("203.0.113.10")))
    assert result.status is Status.WARN and "http://" in result.summary
    assert any("https://hooks.example.com/telnyx" in step for step in result.fix.steps)  # type: ignore[union-attr]


def test_a_host_that_does_not_resolve_fails() -> None:
    """No DNS records means Telnyx cannot deliver (75001)."""
    res = resolution(error="hooks.example.com does not resolve (Name or service not known)")
    result = run(url_valid, url_facts(URL, res))
    assert result.status is Status.FAIL and "75001" in result.summary
    assert any(cmd.startswith("dig") for cmd in result.fix.commands)  # type: ignore[union-attr]


def test_a_private_address_fails() -> None:
    """A host resolving to loopback or private space is unreachable from Telnyx."""
    res = resolution("203.0.113.10", "10.0.0.5", private=("10.0.0.5",))
    result = run(url_valid, url_facts(URL, res))
    assert result.status is Status.FAIL and "10.0.0.5 (private)" in result.summary


def test_a_private_address_passes_with_a_note_under_allow_private() -> None:
    """--allow-private lets a private host pass, saying so."""
    res = resolution("127.0.0.1", private=("127.0.0.1",))
    result = run(url_valid, url_facts(URL, res), allow_private=True)
    assert result.status is Status.PASS
    assert any("--allow-private" in line for line in result.details)


def test_allow_private_does_not_excuse_plain_http() -> None:
    """--allow-private relaxes only the address rule."""
    res = resolution("127.0.0.1", private=("127.0.0.1",))
    result = run(url_valid, url_facts("http://localhost:8080/h", res), allow_private=True)
    assert result.status is Status.WARN


def test_a_public_https_url_passes_listing_its_addresses() -> None:
    """A public host passes with every address it resolves to."""
    result = run(url_valid, url_facts(URL, resolution("203.0.113.10", "2001:db8::10")))
    assert result.status is Status.PASS
    assert "203.0.113.10" in result.summary and "2001:db8::10" in result.summary
    assert result.evidence["addresses"] == ["203.0.113.10", "2001:db8::10"]


def test_credentials_in_the_url_stay_out_of_the_evidence() -> None:
    """User-info in the webhook URL is dropped from what the report shows."""
    result = run(url_valid, url_facts("https://u:hunter2@hooks.example.com/t", resolution("203.0.113.10")))
    assert "hunter2" not in json.dumps(result.evidence)


def test_url_valid_skips_without_a_url() -> None:
    """Without a URL there is nothing to validate (webhook.configured reports that)."""
    result = run(url_valid, url_facts(None, None))
    assert result.status is Status.SKIP


# --- webhook.reachable -------------------------------------------------------------------------------------


def reach(result: ProbeResult | None, **options: Any) -> Result:
    return run(reachable, {PROFILE: profile(), WEBHOOK_PROBE: result}, **options)


def test_reachable_skips_when_probing_is_off() -> None:
    """--probe off skips with the probe_off reason."""
    result = reach(None, probe="off")
    assert result.status is Status.SKIP and result.skipped_because == "probe_off"


def test_a_200_passes() -> None:
    """200 within the budget over verified TLS is what Telnyx needs."""
    result = reach(probe())
    assert result.status is Status.PASS and "200" in result.summary
    assert result.evidence["status_code"] == 200


@pytest.mark.parametrize("status", [201, 202, 204])
def test_a_non_200_success_warns(status: int) -> None:
    """A 2xx other than 200 warns: Telnyx's catalog lists it as 75299."""
    result = reach(probe(status_code=status, reason="Accepted"))
    assert result.status is Status.WARN and "75299" in result.summary


@pytest.mark.parametrize("status", [401, 403])
def test_a_rejected_forged_signature_means_reachable(status: int) -> None:
    """401/403 to the forged probe shows the endpoint is up and checking signatures."""
    assert reach(probe(status_code=status, reason="Unauthorized")).status is Status.PASS


@pytest.mark.parametrize("status", [400, 422])
def test_a_rejected_probe_payload_passes_with_a_note(status: int) -> None:
    """400/422 to the probe event is reachable, with a note about real events."""
    result = reach(probe(status_code=status, reason="Bad Request"))
    assert result.status is Status.PASS and result.details


def test_a_redirect_fails_naming_its_target() -> None:
    """Telnyx does not follow redirects (75300)."""
    result = reach(probe(status_code=301, reason="Moved Permanently", location="https://hooks.example.com/telnyx/"))
    assert result.status is Status.FAIL
    assert "https://hooks.example.com/telnyx/" in result.summary and "75300" in result.summary


@pytest.mark.parametrize(("status", "words"), [(404, "wrong path"), (410, "wrong path"), (405, "POST")])
def test_a_wrong_path_or_method_fails(status: int, words: str) -> None:
    """404/410 mean a wrong path, 405 a route that does not take POST."""
    result = reach(probe(status_code=status, reason="Nope"))
    assert result.status is Status.FAIL and words in result.summary


def test_another_client_error_fails() -> None:
    """Any other 4xx is a failed delivery."""
    assert reach(probe(status_code=429, reason="Too Many Requests")).status is Status.FAIL


def test_a_server_error_fails() -> None:
    """5xx fails (75500)."""
    result = reach(probe(status_code=503, reason="Service Unavailable"))
    assert result.status is Status.FAIL and "75500" in result.summary


def test_no_answer_fails_mentioning_telnyx_gives_up() -> None:
    """No answer at all fails: Telnyx gives up after 2 s, retries, then tries the failover URL."""
    result = reach(
        failed_probe("timeout", "no answer within 5 s (while waiting for the response)", timed_out_budget=True)
    )
    assert result.status is Status.FAIL and "failover" in result.summary


def test_an_answer_after_the_budget_fails() -> None:
    """A 200 that arrives after 2 s is a failure for Telnyx."""
    result = reach(probe(answer_ms=2400.0, timed_out_budget=True, slow=True))
    assert result.status is Status.FAIL and "2400 ms" in result.summary


def test_a_slow_answer_warns() -> None:
    """A 200 slower than 1 s warns before it becomes a failure."""
    result = reach(probe(answer_ms=1300.0, slow=True))
    assert result.status is Status.WARN and "1300 ms" in result.summary


@pytest.mark.parametrize(
    ("problem", "words"),
    [
        ("untrusted", "failover"),
        ("expired", "expired on 2020-01-01"),
        ("hostname_mismatch", "does not cover hooks.example.com"),
        ("handshake", "handshake failed"),
    ],
)
def test_a_tls_failure_fails_naming_the_reason(problem: str, words: str) -> None:
    """Each TLS failure fails with its reason and the 75003–75006 range."""
    tls = TlsInfo(verified=False, problem=problem, error="boom", not_after="2020-01-01T00:00:00+00:00", subject="CN=x")
    result = reach(failed_probe("tls", "TLS handshake failed: boom", tls=tls))  # type: ignore[arg-type]
    assert result.status is Status.FAIL and words in result.summary and "75003" in result.summary
    assert any(cmd.startswith("openssl s_client") for cmd in result.fix.commands)  # type: ignore[union-attr]


def test_a_certificate_close_to_expiry_warns_with_issuer_and_date() -> None:
    """A certificate expiring in under 14 days warns with its issuer and expiry."""
    tls = TlsInfo(verified=True, issuer="CN=R11,O=Let's Encrypt", not_after="2026-12-01T00:00:00+00:00", days_left=6)
    result = reach(probe(tls=tls))
    assert result.status is Status.WARN
    assert "Let's Encrypt" in result.summary and "2026-12-01" in result.summary


@pytest.mark.parametrize(
    ("kind", "words"), [("refused", "refused"), ("dns", "does not resolve"), ("connection", "unreachable")]
)
def test_connection_failures_fail(kind: str, words: str) -> None:
    """Refused, unresolvable and dropped connections all fail."""
    result = reach(failed_probe(kind, "could not connect", connected=False, address=None, tls=None))
    assert result.status is Status.FAIL and words in result.summary


def test_the_fix_offers_a_curl_post_and_a_rerun() -> None:
    """A delivery failure's fix includes a curl POST to the URL and a doctor re-run."""
    result = reach(probe(status_code=500, reason="Internal Server Error"))
    commands = result.fix.commands  # type: ignore[union-attr]
    assert any(c.startswith("curl") and "-X POST" in c and URL in c for c in commands)
    assert any(c.startswith("doctor +15551234567") for c in commands)


def test_head_mode_judges_reachability_only() -> None:
    """With --probe head any HTTP answer means reachable."""
    result = reach(
        probe(method="HEAD", status_code=405, reason="Method Not Allowed", signature_sent=False), probe="head"
    )
    assert result.status is Status.PASS and "HEAD" in result.summary


def test_several_findings_are_all_reported() -> None:
    """A slow 204 reports both findings and merges their fixes."""
    result = reach(probe(status_code=204, reason="No Content", answer_ms=1500.0, slow=True))
    assert result.status is Status.WARN
    assert any("1500 ms" in line for line in result.details)
    assert len(result.fix.steps) > 2  # type: ignore[union-attr]


# --- webhook.signature_enforced ------------------------------------------------------------------------------


def signature(result: ProbeResult | None, **options: Any) -> Result:
    return run(signature_enforced, {WEBHOOK_PROBE: result}, **options)


@pytest.mark.parametrize(("mode", "reason"), [("off", "probe_off"), ("head", "probe_head")])
def test_signature_check_skips_without_a_signed_probe(mode: str, reason: str) -> None:
    """HEAD and no probe at all say nothing about signatures."""
    result = signature(None if mode == "off" else probe(method="HEAD", signature_sent=False), probe=mode)
    assert result.status is Status.SKIP and result.skipped_because == reason


def test_accepting_a_forged_signature_warns_with_how_to_verify() -> None:
    """A 2xx to the forged signature warns, explaining Ed25519 verification and the 300 s window."""
    result = signature(probe())
    assert result.status is Status.WARN and "forge" in result.summary
    steps = " ".join(result.fix.steps)  # type: ignore[union-attr]
    assert "telnyx-signature-ed25519" in steps and "{telnyx-timestamp}|{raw request body}" in steps
    assert "300 s" in steps and "Public Key" in steps and "SDK" in steps


@pytest.mark.parametrize("status", [401, 403])
def test_rejecting_a_forged_signature_passes(status: int) -> None:
    """401/403 to the forged signature is what a verifying endpoint answers."""
    assert signature(probe(status_code=status, reason="Forbidden")).status is Status.PASS


@pytest.mark.parametrize("result", [probe(status_code=404, reason="Not Found"), failed_probe("timeout", "slow")])
def test_other_answers_cannot_tell(result: ProbeResult) -> None:
    """Any other answer (or none) skips with the reason."""
    outcome = signature(result)
    assert outcome.status is Status.SKIP and outcome.summary.startswith("cannot tell")


# --- webhook.failover ----------------------------------------------------------------------------------------


def fail_over(prof: MessagingProfile, result: ProbeResult | None, **options: Any) -> Result:
    return run(failover, {PROFILE: prof, WEBHOOK_FAILOVER_PROBE: result}, **options)


def test_no_failover_url_warns() -> None:
    """Without a failover URL one bad deploy loses events."""
    result = fail_over(profile(failover_url=None), None)
    assert result.status is Status.WARN
    assert any("PATCH" in c and "messaging_profiles/prof-1" in c for c in result.fix.commands)  # type: ignore[union-attr]


def test_a_failover_equal_to_the_primary_warns() -> None:
    """A failover URL that is the primary (up to case and default port) adds nothing."""
    result = fail_over(profile(failover_url="HTTPS://Hooks.Example.com:443/telnyx"), probe(URL))
    assert result.status is Status.WARN and "same as the primary" in result.summary


def test_a_working_failover_passes() -> None:
    """A distinct, reachable failover URL passes."""
    assert fail_over(profile(), probe(BACKUP)).status is Status.PASS


def test_an_unusable_failover_fails() -> None:
    """A failover URL Telnyx cannot deliver to fails like the primary would."""
    result = fail_over(profile(), probe(BACKUP, status_code=404, reason="Not Found"))
    assert result.status is Status.FAIL and "failover" in result.summary


def test_a_slow_failover_passes_with_a_note() -> None:
    """Only an unusable failover counts against it; a warning becomes a note."""
    result = fail_over(profile(), probe(BACKUP, answer_ms=1200.0, slow=True))
    assert result.status is Status.PASS and any("1200 ms" in line for line in result.details)


def test_an_unprobed_failover_passes_when_configured() -> None:
    """With probing off a configured failover URL passes, noting it was not probed."""
    result = fail_over(profile(), None, probe="off")
    assert result.status is Status.PASS and "Not probed (--probe off)." in result.details


def test_an_unprobed_malformed_failover_fails() -> None:
    """A malformed failover URL fails even when nothing is probed."""
    result = fail_over(profile(failover_url="backup.example.net"), None, probe="off")
    assert result.status is Status.FAIL


def test_rerun_commands_keep_the_run_flags_and_fit_doctor_probe() -> None:
    """Under `doctor probe URL` the re-run is that command again, with the run's --allow-private."""
    target = Target(raw=URL, value=URL, kind=NumberKind.US_LONG_CODE)
    facts = {
        PROFILE: profile(),
        WEBHOOK_PROBE: probe(status_code=500, reason="Internal Server Error"),
        WEBHOOK_DELIVERIES: UNREAD,
    }
    result = reachable(CheckContext(target=target, facts=facts, options=CheckOptions(allow_private=True)))
    commands = result.fix.commands  # type: ignore[union-attr]
    assert f"doctor probe {URL} --allow-private" in commands
    assert len(commands) == len(set(commands))


def test_commands_stand_in_a_variable_for_a_url_with_secrets() -> None:
    """When the URL has a query, commands use "$WEBHOOK_URL" and a step says how to set it."""
    shown = "https://hooks.example.com/telnyx?token=***"
    result = reach(probe(url=shown, status_code=500, reason="Internal Server Error"))
    fix = result.fix
    assert fix is not None
    assert any(c.startswith("curl") and c.endswith('"$WEBHOOK_URL"') for c in fix.commands)
    assert any("export WEBHOOK_URL=" in step for step in fix.steps)
    assert "***" not in " ".join(fix.commands)


def test_a_sender_id_rerun_keeps_its_alpha_prefix() -> None:
    """Re-run commands read the target back the way the CLI parses it."""
    target = parse_target("alpha:1800FLOWERS")
    facts = {PROFILE: profile(), WEBHOOK_PROBE: probe(status_code=404, reason="Not Found"), WEBHOOK_DELIVERIES: UNREAD}
    result = reachable(CheckContext(target=target, facts=facts))
    assert "doctor alpha:1800FLOWERS --only 'webhook.*'" in result.fix.commands  # type: ignore[union-attr]


def test_an_untrusted_failover_certificate_speaks_of_the_failover() -> None:
    """The failover's TLS finding names the failover and does not send its events to 'the failover URL'."""
    tls = TlsInfo(verified=False, problem="untrusted", error="boom", subject="CN=x")
    result = fail_over(profile(), failed_probe("tls", "TLS handshake failed: boom", url=BACKUP, tls=tls))
    assert result.status is Status.FAIL and result.summary.startswith("the failover webhook URL")
    assert "go to the failover URL" not in result.summary and "are lost" in result.summary


# --- recognised answers (the catalogue), 5xx readings, cold starts, tunnel hosts ------------------------------


def answered(status: int, headers: dict[str, str], body: str, **fields: Any) -> ProbeResult:
    """A probe whose answer carried these (kept) headers and this body excerpt."""
    return probe(status_code=status, reason="", response_headers=headers, body_excerpt=body, **fields)


BASIC_WALL = answered(401, {"www-authenticate": 'Basic realm="hooks"'}, "Unauthorized")


def test_an_auth_wall_fails_reachability_and_the_signature_check_cannot_tell() -> None:
    """A 401 with a challenge is a wall Telnyx cannot pass; it says nothing about the app's signature check."""
    result = reach(BASIC_WALL)
    assert result.status is Status.FAIL and "authentication wall" in result.summary
    assert result.evidence["recognised_answer"] == "auth.challenge"
    assert "Exempt the webhook path" in result.fix.summary  # type: ignore[union-attr]
    skipped = signature(BASIC_WALL)
    assert skipped.status is Status.SKIP and "the wall, not the app, refused" in skipped.summary


@pytest.mark.parametrize(
    ("status", "body", "framework", "exemption"),
    [
        (403, "<p>CSRF verification failed. Request aborted.</p>", "Django", "@csrf_exempt"),
        (422, "ActionController::InvalidAuthenticityToken", "Rails", "skip_forgery_protection"),
        (419, "Page Expired", "Laravel", "VerifyCsrfToken::$except"),
    ],
)
def test_csrf_refusals_fail_naming_the_framework_and_its_exemption(
    status: int, body: str, framework: str, exemption: str
) -> None:
    """A framework's CSRF refusal fails, naming the framework in the summary and its exemption in the fix."""
    result = reach(answered(status, {}, body))
    assert result.status is Status.FAIL and framework in result.summary
    assert exemption in result.fix.summary  # type: ignore[union-attr]


def test_an_edge_block_fails_naming_the_edge_and_telnyx_senders() -> None:
    """A Cloudflare firewall block fails, naming Cloudflare, and the fix lets Telnyx's sender range through."""
    result = reach(answered(403, {"server": "cloudflare", "cf-ray": "1"}, "error code: 1020"))
    assert result.status is Status.FAIL and "Cloudflare" in result.summary
    assert "192.76.120.192/27" in result.fix.summary  # type: ignore[union-attr]


def test_an_offline_tunnel_fails_saying_the_tunnel_is_offline() -> None:
    """ngrok's own offline answer is the tunnel's, not the app's: fail, start the tunnel or replace the URL."""
    result = reach(answered(404, {"ngrok-error-code": "ERR_NGROK_3200"}, "offline"))
    assert result.status is Status.FAIL and "tunnel is offline" in result.summary
    assert "Start the tunnel" in result.fix.summary  # type: ignore[union-attr]


def test_a_signature_rejection_by_body_passes_both_checks() -> None:
    """400 "Bad signature" is reachable (noting 401/403 is conventional) and proves signatures are enforced."""
    bad = answered(400, {"content-type": "text/plain"}, "Bad signature")
    result = reach(bad)
    assert result.status is Status.PASS and any("401 or 403" in line for line in result.details)
    assert signature(bad).status is Status.PASS


def test_a_plain_400_keeps_todays_verdicts() -> None:
    """A 400 whose body does not speak of signatures is judged by its status, as before."""
    plain = answered(400, {}, '{"detail":"missing field data"}')
    assert reach(plain).status is Status.PASS
    assert signature(plain).status is Status.SKIP


def test_a_server_error_still_fails_but_gives_the_other_reading() -> None:
    """A 5xx to the forged probe fails, says a verifying app may answer this way, and points at delivery records."""
    result = reach(probe(status_code=500, reason="Internal Server Error"))
    assert result.status is Status.FAIL
    details = " ".join(result.details)
    assert "verification error become a 500" in details and "webhook_deliveries" in details
    assert any("401 or 403" in step for step in result.fix.steps)  # type: ignore[union-attr]


@pytest.mark.parametrize(("first_ms", "status"), [(1200.0, Status.PASS), (1700.0, Status.WARN), (2300.0, Status.WARN)])
def test_a_cold_start_gives_both_times(first_ms: float, status: Status) -> None:
    """A slow first answer and a fast second one is a cold start: pass, or warn within 0.5 s of the budget."""
    result = reach(probe(answer_ms=25.0, first_answer_ms=first_ms))
    assert result.status is status
    assert "cold start" in result.summary and f"{first_ms:.0f} ms" in result.summary and "25 ms" in result.summary
    assert result.evidence["first_answer_ms"] == first_ms


def test_steady_slowness_keeps_the_warning_and_says_it_is_steady() -> None:
    """When the second probe is slow too, the verdict is today's, with the second time noted."""
    result = reach(probe(answer_ms=1300.0, slow=True, retry_answer_ms=1250.0))
    assert result.status is Status.WARN and "1300 ms" in result.summary
    assert any("1250 ms" in line and "not a cold start" in line for line in result.details)


def test_a_recognised_failover_answer_fails_the_failover() -> None:
    """The failover's reachability reads the catalogue too: a basic-auth wall there is a failure."""
    wall = answered(401, {"www-authenticate": "Basic"}, "", url=BACKUP)
    result = fail_over(profile(), wall)
    assert result.status is Status.FAIL and result.summary.startswith("the failover webhook URL")


def test_a_tunnel_host_on_a_profile_warns() -> None:
    """An ngrok URL on a live profile is a development URL: a warning of its own, naming the service."""
    result = run(url_valid, url_facts("https://abc-1.ngrok-free.app/hook", resolution("203.0.113.10")))
    assert result.status is Status.WARN and "development URL" in result.summary and "ngrok" in result.summary
    assert result.evidence["tunnel_service"] == "ngrok"


def test_a_tunnel_host_under_doctor_probe_is_only_noted() -> None:
    """Testing a tunnel URL with `doctor probe URL` is what tunnels are for: a pass with a note."""
    url = "https://abc-1.ngrok-free.app/hook"
    target = Target(raw=url, value=url, kind=NumberKind.US_LONG_CODE)
    facts = url_facts(url, resolution("203.0.113.10"))
    result = url_valid(CheckContext(target=target, facts=facts, options=CheckOptions()))
    assert result.status is Status.PASS and any("development URL" in line for line in result.details)
