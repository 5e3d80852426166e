"""Webhook checks that rest on the probe: the URL is valid and public, reachable, enforces signatures, fails over."""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from telnyx_doctor.api.models import MessagingProfile
from telnyx_doctor.checkapi import CheckOptions, check
from telnyx_doctor.evidence.models import DeliveryEvidence
from telnyx_doctor.models import Fix, Result, Severity, Status, worst_status
from telnyx_doctor.numbers import Target
from telnyx_doctor.probe import (
    PROBE_EVENT_TYPE,
    Group,
    HostResolution,
    ProbeResult,
    RecognisedAnswer,
    TlsInfo,
    address_category,
    parse_webhook_url,
    recognise,
    tunnel_service,
    webhook_url_problem,
)
from telnyx_doctor_checks import _fixes as fx
from telnyx_doctor_checks._codes import http_answer
from telnyx_doctor_checks._webhook_states import (
    CERT_WARN_DAYS,
    COLD_START_MARGIN_S,
    TELNYX_SOURCE_RANGE,
    TLS_PROBLEMS,
    AnswerClass,
    answer_class,
    reachable_states,
    signature_states,
    url_states,
)

DOCS_URL = fx.DOCS_WEBHOOKS
PROBE_OFF = "probe_off"
PROBE_HEAD = "probe_head"
NOT_APPLICABLE = "not_applicable"
RERUN_STEP = "Re-run: "
WEBHOOK_URL = fx.ShellVar("WEBHOOK_URL")
FAILOVER_URL = fx.ShellVar("WEBHOOK_FAILOVER_URL")
_SAMPLE = {"data": {"event_type": PROBE_EVENT_TYPE, "record_type": "event", "payload": {}}, "meta": {"attempt": 1}}
_SAMPLE_ARG = shlex.quote(json.dumps(_SAMPLE, separators=(",", ":")))
_FORGED = {"telnyx-timestamp": "0", "telnyx-signature-ed25519": "Zm9yZ2Vk"}


@dataclass(frozen=True)
class Finding:
    """One thing a check noticed; a check's result is the worst of its findings, with all of them listed."""

    status: Status
    summary: str
    details: tuple[str, ...] = ()
    fix: Fix | None = None


def _fix(summary: str, steps: Iterable[str], commands: Iterable[str] = ()) -> Fix:
    # dict.fromkeys: under `doctor probe URL` the re-run and the probe are the same command
    commands = list(dict.fromkeys(commands))
    return Fix(
        summary=summary,
        steps=[_without_listed_command(step, commands) for step in dict.fromkeys(steps)],
        commands=commands,
        docs_url=DOCS_URL,
    )


def _without_listed_command(step: str, commands: list[str]) -> str:
    """A re-run step whose command is among the fix's commands points to it instead of printing it twice."""
    if step.startswith(RERUN_STEP) and step.removeprefix(RERUN_STEP) in commands:
        return "Re-run the doctor with the `doctor` command below."
    return step


def _result(findings: list[Finding], evidence: dict[str, Any]) -> Result:
    """The worst finding decides status and summary; the others become details; their fixes are merged."""
    status = worst_status(f.status for f in findings)
    main = next(f for f in findings if f.status is status)
    details = [*main.details]
    for finding in findings:
        if finding is not main:
            details += [finding.summary, *finding.details]
    if status is Status.PASS:
        return Result.passed(main.summary, details=details, evidence=evidence)
    fix = _merge_fixes([main, *(f for f in findings if f is not main and f.status is not Status.PASS)])
    make = Result.failed if status is Status.FAIL else Result.warned
    return make(main.summary, fix, details=details, evidence=evidence)


def _merge_fixes(findings: list[Finding]) -> Fix:
    fixes = [f.fix for f in findings if f.fix is not None]
    steps = list(dict.fromkeys(step for fix in fixes for step in fix.steps))
    steps.sort(key=lambda step: step.startswith(RERUN_STEP))  # stable: re-running comes last
    return _fix(fixes[0].summary, steps, (command for fix in fixes for command in fix.commands))


def _profile_urls(profile: MessagingProfile | None) -> tuple[str | None, str | None]:
    if profile is None:
        return None, None
    return profile.configured_webhook(), profile.configured_webhook(failover=True)


def _shown(url: str) -> str:
    """The URL as a report may show it: no credentials, query values as `***`."""
    try:
        return parse_webhook_url(url).shown
    except ValueError:
        return url


# --- commands -------------------------------------------------------------------------------------------


def url_arg(url: str, var: fx.ShellVar) -> str:
    """`url` as one shell word, or `"$VAR"` when the URL carries secrets a report must not repeat."""
    if "?" in url or "@" in url.split("://", 1)[-1].split("/", 1)[0]:
        return f'"{var}"'
    return shlex.quote(url)


def _export_step(url: str, var: fx.ShellVar) -> list[str]:
    if not url_arg(url, var).startswith('"$'):
        return []
    return [fx.export_var(var, "the full URL from the messaging profile (the report hides its secrets)")]


def curl_post(url: str, var: fx.ShellVar, headers: dict[str, str] | None = None) -> str:
    """A curl that POSTs a sample event to `url` and prints the status and time, as Telnyx would see them."""
    extra = "".join(f" -H {shlex.quote(f'{name}: {value}')}" for name, value in (headers or {}).items())
    return (
        "curl -sS -o /dev/null -w '%{http_code} in %{time_total}s\\n' --max-time 2 -X POST"
        f"{extra} -H 'Content-Type: application/json' -d {_SAMPLE_ARG} {url_arg(url, var)}"
    )


def rerun(target: Target, options: CheckOptions) -> str:
    """Re-run the webhook checks for this number (or this URL, under `doctor probe`), with the same flags."""
    flags = [
        *(["--allow-private"] if options.allow_private else []),
        *(["--probe", "head"] if options.probe == "head" else []),
    ]
    if "://" in target.value:
        return " ".join(["doctor", "probe", url_arg(target.value, WEBHOOK_URL), *flags])
    return fx.doctor(target, "--only", "'webhook.*'", *flags)


def _openssl(probe: ProbeResult) -> str:
    target = parse_webhook_url(probe.url)
    return (
        f"openssl s_client -connect {shlex.quote(f'{target.host}:{target.port}')} "
        f"-servername {shlex.quote(target.host)} -showcerts </dev/null"
    )


def _dns_fix(host: str) -> Fix:
    return _fix(
        f"Publish an A or AAAA record for {host}.",
        [
            f"Check the name for typos and that {host} has public A/AAAA records.",
            "If the record was just created, wait for its TTL to pass and re-run.",
        ],
        [f"dig +short A {shlex.quote(host)}", f"dig +short AAAA {shlex.quote(host)}"],
    )


_SET_URL_STEP = (
    "In the Mission Control portal open Messaging → Messaging Profiles → your profile, and set the "
    "inbound webhook URL to a public https:// URL your application serves (or PATCH the profile)."
)
_PRIVATE_FIX = _fix(
    "Give the webhook a public address Telnyx can reach.",
    [
        "Point the webhook URL at a host with a public DNS name and public addresses.",
        "For local development, expose the endpoint through a tunnel (ngrok, cloudflared) and use its URL.",
        "If the endpoint is deliberately internal (a sandbox or a test), re-run with --allow-private.",
    ],
)


# --- judging a probe --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProbeJudge:
    """Judges one probe the way Telnyx would experience delivering to its URL."""

    probe: ProbeResult
    target: Target
    options: CheckOptions
    what: str  # "the webhook URL", "the failover webhook URL"
    var: fx.ShellVar  # stands for the URL in commands when it carries secrets

    def findings(self) -> list[Finding]:
        """Everything the probe says about whether Telnyx can deliver to the URL."""
        if self.probe.error_kind is not None:
            return [self._error()]
        found = [self._status(), self._timing(), self._certificate()]
        if self.probe.first_answer_ms is not None:  # a cold start leads: the answer time alone would mislead
            found.insert(0, found.pop(1))
        return [finding for finding in found if finding is not None]

    def rerun(self) -> str:
        """The command that runs these checks again."""
        return rerun(self.target, self.options)

    @property
    def host(self) -> str:
        return self.probe.resolution.host if self.probe.resolution is not None else self.probe.url

    def delivery_fix(self, summary: str, steps: Iterable[str]) -> Fix:
        url = self.probe.url
        commands = [curl_post(url, self.var), f"doctor probe {url_arg(url, self.var)}", self.rerun()]
        return _fix(summary, [*_export_step(url, self.var), *steps, RERUN_STEP + self.rerun()], commands)

    def _fail(self, kind: AnswerClass, summary: str, fix_summary: str, *steps: str) -> Finding:
        return Finding(kind.status, summary, fix=self.delivery_fix(fix_summary, steps))

    def _error(self) -> Finding:
        probe, what = self.probe, self.what
        lines = (probe.error,) if probe.error else ()
        if probe.error_kind == "tls":
            return self._tls()
        if probe.error_kind == "invalid_url":
            fix = _fix("Set a valid https:// webhook URL on the messaging profile.", [_SET_URL_STEP])
            return Finding(Status.FAIL, f"{what} is not a usable http(s) URL: {probe.error}", fix=fix)
        if probe.error_kind == "private_address":
            return Finding(Status.FAIL, f"{what} is not reachable from the internet: {probe.error}", fix=_PRIVATE_FIX)
        if probe.error_kind == "dns":
            summary = f"{what}'s host {self.host} does not resolve, so Telnyx cannot deliver (75001)"
            return Finding(Status.FAIL, summary, lines, _dns_fix(self.host))
        if probe.error_kind == "timeout":
            summary = (
                f"{what} did not answer: {probe.error}. Telnyx gives up on an attempt after "
                f"{probe.budget_s:g} s, retries up to 3 times, then tries the failover URL"
            )
            return Finding(Status.FAIL, summary, fix=self._slow_fix())
        refused = probe.error_kind == "refused"
        summary = f"{what} refused the connection (75002)" if refused else f"{what} is unreachable (75002)"
        fix = self.delivery_fix(
            "Make the endpoint accept connections from Telnyx.",
            [
                "Make sure the web server is running and listening on the URL's host and port.",
                f"Allow inbound connections from Telnyx ({TELNYX_SOURCE_RANGE}) through firewalls and security groups.",
            ],
        )
        return Finding(Status.FAIL, summary, lines, fix)

    def _slow_fix(self) -> Fix:
        return self.delivery_fix(
            f"Answer every webhook with 200 within {self.probe.budget_s:g} s.",
            [
                "Acknowledge the webhook with 200 immediately, then process the event in the background "
                "(a queue or a task), not inside the request.",
                "Check what the endpoint waits for: cold starts, database locks, calls to other services.",
            ],
        )

    def _tls(self) -> Finding:
        tls = self.probe.tls or TlsInfo()
        template = TLS_PROBLEMS[tls.problem or "handshake"].template
        error = tls.error or self.probe.error
        reason = template.format(error=error, not_after=tls.not_after, host=self.host, subject=tls.subject)
        if "failover" in self.what:  # nothing comes after the failover: its events are lost
            reason = reason.replace("events go to the failover URL", "events that reach the failover are lost")
        summary = f"{self.what} fails TLS verification: {reason} (75003–75006)"
        steps = [
            "Serve a certificate from a public CA (for example Let's Encrypt) that covers the URL's host name.",
            "Send the full chain: the leaf certificate followed by its intermediates.",
            "Renew certificates before they expire and automate the renewal.",
            RERUN_STEP + self.rerun(),
        ]
        commands = [_openssl(self.probe), self.rerun()]
        fix = _fix("Serve a valid, publicly trusted certificate for the webhook host.", steps, commands)
        return Finding(Status.FAIL, summary, tuple(_certificate_lines(tls)), fix)

    def _status(self) -> Finding:
        probe, what = self.probe, self.what
        code = probe.status_code or 0
        answer = f"{code} {probe.reason or ''}".strip()
        timing = f" in {probe.answer_ms:.0f} ms" if probe.answer_ms is not None else ""
        recognised = recognised_answer(probe)
        if recognised is not None:
            return self._recognised(recognised, answer)
        if probe.method == "HEAD":
            summary = f"{what} is reachable: it answered HEAD with {answer}{timing}"
            return Finding(Status.PASS, summary, ("The POST path was not exercised (--probe head).",))
        kind = answer_class(code)  # the table the docs page shows decides the status
        if kind.name == "ok":
            return Finding(kind.status, f"{what} answered the probe with {answer}{timing}")
        if kind.name == "other_2xx":
            summary = (
                f"{what} answered {answer}, not 200; Telnyx's error catalog counts a 2xx other than 200 "
                "as a delivery error (75299)"
            )
            step = "Return exactly 200 OK from the webhook handler (not 201, 202 or 204)."
            return Finding(kind.status, summary, fix=self.delivery_fix("Answer webhooks with 200 OK.", [step]))
        if kind.name == "signature_rejected":
            summary = f"{what} is reachable and rejected the probe's forged signature with {answer}, as it should"
            return Finding(kind.status, summary)
        if kind.name == "event_rejected":
            note = "Fine if it rejects events it does not know; make sure message events get 200."
            return Finding(kind.status, f"{what} is reachable; it answered the probe event with {answer}", (note,))
        return self._http_failure(kind, answer)

    def _http_failure(self, kind: AnswerClass, answer: str) -> Finding:
        what = self.what
        if kind.name == "redirect":
            where = self.probe.location or "nowhere (no Location header)"
            return self._fail(
                kind,
                f"{what} redirects ({answer}) to {where}; Telnyx does not follow redirects (75300)",
                "Configure the final URL.",
                f"Set the webhook URL to the final address ({where}), e.g. https:// or with its trailing slash.",
            )
        if kind.name == "wrong_path":
            return self._fail(
                kind,
                f"{what} answered {answer}: wrong path (75404)",
                "Fix the webhook path.",
                "Compare the URL's path with the route your application serves for Telnyx webhooks.",
            )
        if kind.name == "method":
            return self._fail(
                kind,
                f"{what} answered {answer}: the endpoint does not accept POST (4xx, 75400–75499)",
                "Accept POST on the webhook route.",
                "Make the webhook route accept POST requests with a JSON body.",
            )
        if kind.name == "client_error":
            return self._fail(
                kind,
                f"{what} answered {answer} (4xx, 75400–75499); Telnyx counts it as a failed delivery",
                "Answer webhooks with 200.",
                "Check the application's logs for why it rejected the probe event, and return 200 for events.",
            )
        if kind.name == "server_error":
            return self._server_error(kind, answer)
        return self._fail(
            kind,
            f"{what} answered with an unexpected status {answer}",
            "Answer webhooks with 200.",
            "Return 200 OK for every webhook.",
        )

    def _timing(self) -> Finding | None:
        probe = self.probe
        if probe.first_answer_ms is not None:
            return self._cold_start(probe.first_answer_ms)
        elapsed = f"{probe.answer_ms:.0f} ms" if probe.answer_ms is not None else "too long"
        limit = f"Telnyx stops waiting after {probe.budget_s:g} s"
        again = _steady_note(probe)
        if probe.timed_out_budget:
            summary = f"{self.what} answered after {elapsed}; {limit}"
            return Finding(Status.FAIL, summary, again, fix=self._slow_fix())
        if probe.slow:
            return Finding(Status.WARN, f"{self.what} took {elapsed} to answer; {limit}", again, fix=self._slow_fix())
        return None

    # --- what the answer's headers and body say (the catalogue of recognised answers) --------------------

    def _recognised(self, recognised: RecognisedAnswer, answer: str) -> Finding:
        """The catalogue's verdict, cause and fix for an answer it recognises (auth wall, CSRF, edge, tunnel…)."""
        row = recognised.row
        how = f"Recognised as {row.name} (`{row.id}`) from {', '.join(recognised.evidence)}."
        if row.reachable == "pass":
            summary = f"{self.what} is reachable and rejected the probe's forged signature with {answer}, saying so"
            return Finding(Status.PASS, summary, (row.cause, how))
        summary = f"{self.what} answered {answer}: {_decapitalised(row.cause).removesuffix('.')}"
        lost = (
            "Telnyx's real deliveries get this same answer, so every webhook is refused: Telnyx retries, tries the "
            "failover URL, then the event is lost."
        )
        fix = self.delivery_fix(row.fix, [row.fix])
        return Finding(Status(row.reachable), summary, (lost, how), fix)

    # --- a server error to the forged probe --------------------------------------------------------------

    def _server_error(self, kind: AnswerClass, answer: str) -> Finding:
        """Still a failure without delivery evidence, but with the other reading of a 5xx and where to look."""
        finding = self._fail(
            kind,
            f"{self.what} answered {answer}: a server error (75500–75599)",
            "Fix the webhook handler.",
            "Check the application's error logs for the probe request and fix the handler.",
            "If the error is the signature verification failing on the forged probe, catch it and answer 401 or "
            "403 instead, so a rejected forgery cannot be mistaken for a broken handler.",
        )
        return Finding(finding.status, finding.summary, SERVER_ERROR_READINGS, finding.fix)

    # --- a slow first answer followed by a fast one --------------------------------------------------------

    def _cold_start(self, first_ms: float) -> Finding:
        """A cold start: the first answer was slow, the one right after it fast; warn only near the budget."""
        probe = self.probe
        second = f"{probe.answer_ms:.0f} ms" if probe.answer_ms is not None else "quickly"
        summary = (
            f"{self.what} had a cold start: the first probe took {first_ms:.0f} ms, a second one right after "
            f"took {second}"
        )
        near = first_ms > (probe.budget_s - COLD_START_MARGIN_S) * 1000
        if not near:
            note = (
                f"Telnyx waits {probe.budget_s:g} s per attempt and retries a failed one, so a first request this "
                "slow is still delivered."
            )
            return Finding(Status.PASS, summary, (note,))
        note = (
            f"The first answer came within {COLD_START_MARGIN_S:g} s of Telnyx's {probe.budget_s:g} s budget "
            "(or past it): after an idle spell, the first delivery may time out and wait for a retry."
        )
        fix = self.delivery_fix(
            "Make the first request after a start or an idle spell fast.",
            [
                "Warm the app up at start (import and initialise the signature verification and clients "
                "before serving), or keep an instance warm.",
                "Acknowledge the webhook with 200 immediately and process the event in the background.",
            ],
        )
        return Finding(Status.WARN, summary, (note,), fix)

    def _certificate(self) -> Finding | None:
        tls = self.probe.tls
        if tls is None or not tls.verified or tls.days_left is None or tls.days_left >= CERT_WARN_DAYS:
            return None
        summary = f"{self.what}'s certificate expires in {tls.days_left} days ({tls.not_after}, issued by {tls.issuer})"
        fix = _fix(
            "Renew the webhook host's certificate now, and automate the renewal.",
            [
                "Renew the certificate (for example `certbot renew`) and reload the server.",
                RERUN_STEP + self.rerun(),
            ],
            [_openssl(self.probe), self.rerun()],
        )
        return Finding(Status.WARN, summary, fix=fix)


def _certificate_lines(tls: TlsInfo) -> list[str]:
    if tls.issuer is None:
        return []
    return [f"Certificate: subject {tls.subject}, issued by {tls.issuer}, valid until {tls.not_after}."]


def recognised_answer(probe: ProbeResult) -> RecognisedAnswer | None:
    """The catalogue row describing the probe's answer (from its status, kept headers and body excerpt), if any."""
    if probe.status_code is None:
        return None
    return recognise(probe.status_code, probe.response_headers, probe.body_excerpt.encode("utf-8"))


def _decapitalised(text: str) -> str:
    """A sentence made to follow a colon: a leading article lower-cased; names (Django, Cloudflare…) kept."""
    first, _, rest = text.partition(" ")
    return f"{first.lower()} {rest}" if first in ("A", "An", "The") else text


# The other reading of a 5xx to the forged probe, and where the evidence that settles it lives.
SERVER_ERROR_READINGS = (
    "Another reading: an app that verifies signatures and lets the verification error become a 500 rejects "
    "forged events this way, while Telnyx's real, signed events may still get 200. Answering 401 or 403 to a "
    "bad signature tells the two apart.",
    "The evidence that settles it is Telnyx's webhook delivery records: the portal's Webhook Deliveries tool, "
    "or `GET /v2/webhook_deliveries?filter[status][eq]=failed`, shows whether real deliveries to this URL failed.",
)


def _steady_note(probe: ProbeResult) -> tuple[str, ...]:
    """When a second probe was slow too, say so: steady slowness, not a cold start."""
    if probe.retry_answer_ms is None:
        return ()
    return (f"A second probe right after took {probe.retry_answer_ms:.0f} ms too: steadily slow, not a cold start.",)


def probe_evidence(probe: ProbeResult) -> dict[str, Any]:
    """The values that decided a probe-based check."""
    evidence: dict[str, Any] = {
        "url": probe.url,
        "method": probe.method,
        "address": probe.address,
        "status_code": probe.status_code,
        "reason": probe.reason,
        "location": probe.location,
        "answer_ms": probe.answer_ms,
        "budget_s": probe.budget_s,
        "timings": probe.timings.model_dump(exclude_none=True),
        "error_kind": probe.error_kind,
        "error": probe.error,
        "first_answer_ms": probe.first_answer_ms,
        "retry_answer_ms": probe.retry_answer_ms,
    }
    recognised = recognised_answer(probe)
    if recognised is not None:
        evidence["recognised_answer"] = recognised.row.id
    if probe.tls is not None:
        evidence["tls"] = probe.tls.model_dump(exclude_none=True)
    return {key: value for key, value in evidence.items() if value is not None}


def _probe_lines(probe: ProbeResult) -> list[str]:
    lines = []
    if probe.connected and probe.address is not None:
        lines.append(f"Connected to {probe.address} ({probe.url}).")
    if probe.tls is not None and probe.tls.verified:
        lines.append(f"TLS verified: issued by {probe.tls.issuer}, valid until {probe.tls.not_after}.")
    return lines


# --- webhook.url_valid ------------------------------------------------------------------------------------


@check(
    "webhook.url_valid",
    title="The webhook URL is a valid URL on a public host",
    severity=Severity.ERROR,
    requires=("webhook.configured",),
    cause="Telnyx can only deliver webhooks to a well-formed http(s) URL whose host resolves to public "
    "addresses; a typo, a missing DNS record or a private address (localhost, 10.x, 192.168.x) means "
    "inbound messages and delivery receipts never arrive. Plain http:// works but is unencrypted.",
    evidence="The profile's webhook_url (credentials and query values hidden), and every A/AAAA address its "
    "host resolves to, with the private ones flagged.",
    remedy="Set a public https:// URL on the messaging profile; publish its DNS records; for local "
    "development use a tunnel, and replace its URL with the app's permanent one before going live. "
    "--allow-private accepts private addresses for internal tests.",
    states=url_states(),
)
def url_valid(
    profile: MessagingProfile | None, webhook_resolution: HostResolution | None, target: Target, options: CheckOptions
) -> Result:
    """The profile's webhook URL is a well-formed http(s) URL whose host resolves to public addresses."""
    url, _ = _profile_urls(profile)
    if url is None:
        return Result.skipped("the profile has no webhook URL to validate", because="webhook.configured")
    problem = webhook_url_problem(url)
    if problem is not None:
        fix = _fix("Set a valid https:// webhook URL on the messaging profile.", [_SET_URL_STEP])
        return Result.failed(f"the webhook URL is not valid: {problem}", fix, evidence={"url": _shown(url)})
    if webhook_resolution is None:
        return Result.errored("the webhook URL's host was not resolved")
    evidence = {"url": _shown(url), **webhook_resolution.model_dump(exclude_none=True)}
    findings = _url_findings(options, url, webhook_resolution)
    tunnel = _tunnel_host_finding(url, target)
    if tunnel is not None:
        evidence["tunnel_service"] = tunnel_service(url)
        findings.append(tunnel)
    return _result(findings, evidence)


def _url_findings(options: CheckOptions, url: str, resolution: HostResolution) -> list[Finding]:
    if resolution.error is not None:
        summary = f"the webhook host {resolution.host} does not resolve (75001)"
        return [Finding(Status.FAIL, summary, (resolution.error,), _dns_fix(resolution.host))]
    findings = [_address_finding(options, resolution)]
    if parse_webhook_url(url).scheme == "http":
        findings.append(_plain_http_finding(url))
    return findings


def _address_finding(options: CheckOptions, resolution: HostResolution) -> Finding:
    addresses = ", ".join(resolution.addresses)
    if not resolution.private:
        return Finding(Status.PASS, f"the webhook host {resolution.host} resolves to {addresses}")
    private = ", ".join(f"{a} ({address_category(a)})" for a in resolution.private)
    if options.allow_private:
        summary = f"the webhook host {resolution.host} resolves to {addresses}"
        return Finding(Status.PASS, summary, (f"Private addresses allowed by --allow-private: {private}.",))
    summary = f"the webhook host {resolution.host} resolves to addresses Telnyx cannot reach: {private}"
    return Finding(Status.FAIL, summary, fix=_PRIVATE_FIX)


def _tunnel_host_finding(url: str, target: Target) -> Finding | None:
    """A tunnel or dev-share host is a development URL: a warning on a live profile, a note under `doctor probe`."""
    service = tunnel_service(url)
    if service is None:
        return None
    host = parse_webhook_url(url).host
    if "://" in target.value:  # `doctor probe URL`: testing a tunnel before wiring it is what tunnels are for
        note = f"{host} is a {service} development URL: fine for testing, not for a live messaging profile."
        return Finding(Status.PASS, f"the webhook host {host} is a {service} tunnel", (note,))
    summary = (
        f"the webhook URL is a development URL ({service}: {host}) on a live messaging profile: when the tunnel "
        "or the laptop behind it stops, every webhook is lost"
    )
    fix = _fix(
        "Put the app's permanent public URL on the messaging profile.",
        [
            "Deploy the webhook handler where it stays up, with a stable https:// URL of your own domain.",
            _SET_URL_STEP,
            "Keep tunnels for development profiles, not the one live numbers use.",
        ],
    )
    return Finding(Status.WARN, summary, fix=fix)


def _plain_http_finding(url: str) -> Finding:
    summary = "the webhook URL uses plain http://: Telnyx delivers to it, but unencrypted and unauthenticated"
    https = "https://" + url.split("://", 1)[1]
    fix = _fix(
        "Serve the webhook over https:// and update the profile's URL.",
        [
            "Put a publicly trusted TLS certificate on the webhook host.",
            f"Change the profile's webhook URL to {_shown(https)}.",
            "Verify the telnyx-signature-ed25519 header so forged events are rejected.",
        ],
    )
    return Finding(Status.WARN, summary, fix=fix)


# --- webhook.reachable ------------------------------------------------------------------------------------


@check(
    "webhook.reachable",
    title="Telnyx can deliver to the webhook URL",
    severity=Severity.ERROR,
    requires=("webhook.url_valid",),
    cause="Telnyx counts a webhook delivered only when the endpoint answers 2xx (ideally 200) within 2 s "
    "over a verified TLS connection, without redirects; otherwise it retries up to 3 times, then goes to "
    "the failover URL, and the event is lost when that fails too.",
    evidence="A probe POST of a signed, clearly-marked test event (event_type telnyx_doctor.probe) to the URL: "
    "the address connected to, the certificate, the status, the Location of a redirect, and the timings.",
    remedy="Answer 200 immediately and process events in the background; serve a publicly trusted "
    "certificate; configure the final URL rather than one that redirects; accept POST on the webhook path.",
    states=reachable_states(),
)
def reachable(
    webhook_probe: ProbeResult | None, target: Target, options: CheckOptions, webhook_deliveries: DeliveryEvidence
) -> Result:
    """A probe POST to the webhook URL gets a usable answer: verified TLS, no redirect, 2xx or 401/403, in time."""
    probe = webhook_probe
    if options.probe == "off":
        return Result.skipped("not probed: --probe off", because=PROBE_OFF)
    if probe is None:
        return Result.skipped("the profile has no webhook URL to probe", because=NOT_APPLICABLE)
    findings = ProbeJudge(probe, target, options, "the webhook URL", WEBHOOK_URL).findings()
    result = _result(findings, probe_evidence(probe))
    result = evidence_outranks_probe(result, probe, webhook_deliveries, rerun(target, options))
    return result.model_copy(update={"details": [*result.details, *_probe_lines(probe)]})


def evidence_outranks_probe(result: Result, probe: ProbeResult, recorded: DeliveryEvidence, again: str) -> Result:
    """Telnyx's own recent deliveries to the URL correct a failed probe (the probe's verdict stands without them).

    The probe is signed with a key Telnyx never uses, so an app that lets a failed verification become a 4xx
    or 5xx fails the probe while every real, signed delivery succeeds: that is a warning (answer 401/403),
    not a broken endpoint. A probe failure that Telnyx's deliveries share is a failure with them as evidence.
    """
    if result.status is not Status.FAIL or recorded.state != "read":
        return result
    attempts = [a for d in recorded.deliveries for a in d.attempts if a.url == probe.url]
    if not attempts:
        return result
    newest = attempts[0]
    ok = sum(1 for a in attempts if a.delivered)
    seen = {"attempts": len(attempts), "delivered": ok, "newest_delivered": newest.delivered, "window": recorded.since}
    evidence = {**result.evidence, "deliveries": seen}
    counts = f"{ok} of Telnyx's {len(attempts)} recent signed delivery attempts to it succeeded"
    code = probe.status_code
    if newest.delivered and probe.error_kind is None and code is not None and code >= 400:
        fix = _fix(
            "Answer 401 or 403 when signature verification fails, not an error status.",
            [
                f"The endpoint answered the forged probe {code}, while Telnyx's signed deliveries succeed: it "
                "works, but a failed verification becomes a {code} instead of a rejection.".replace(
                    "{code}", str(code)
                ),
                "Catch the verification error in the webhook handler and answer 401 (or 403).",
                RERUN_STEP + again,
            ],
            [again],
        )
        summary = (
            f"the webhook URL answered the forged-signature probe with {code}, but {counts}: the endpoint "
            "works and rejects bad signatures with the wrong status (answer 401/403)"
        )
        return Result.warned(summary, fix, details=[result.summary, *result.details], evidence=evidence)
    if not newest.delivered:
        failing = f"Telnyx's own deliveries fail too: {counts}; the newest got {http_answer(newest.http_status)}"
        return result.model_copy(update={"details": [failing, *result.details], "evidence": evidence})
    return result


# --- webhook.signature_enforced ---------------------------------------------------------------------------


@check(
    "webhook.signature_enforced",
    title="The webhook endpoint rejects forged signatures",
    severity=Severity.WARNING,
    requires=("webhook.reachable",),
    cause="Anyone who learns the webhook URL can post fake inbound messages or delivery receipts to it "
    "unless the endpoint verifies Telnyx's Ed25519 signature.",
    evidence="The status the endpoint returned to the probe, which was signed with a throwaway key that "
    "Telnyx never uses: an endpoint verifying with the account's public key must reject it.",
    remedy="Verify telnyx-signature-ed25519 over '{telnyx-timestamp}|{raw body}' with the account's public "
    "key and reject timestamps more than 300 s away from now; answer 401 or 403 when verification fails.",
    states=signature_states(),
)
def signature_enforced(webhook_probe: ProbeResult | None, target: Target, options: CheckOptions) -> Result:
    """The endpoint rejects a webhook whose Ed25519 signature was made with a key that is not Telnyx's."""
    probe = webhook_probe
    if options.probe == "off":
        return Result.skipped("not probed: --probe off", because=PROBE_OFF)
    if options.probe == "head" or (probe is not None and probe.method == "HEAD"):
        return Result.skipped("a HEAD probe sends no signature (--probe head)", because=PROBE_HEAD)
    if probe is None:
        return Result.skipped("the profile has no webhook URL to probe", because=NOT_APPLICABLE)
    code = probe.status_code
    evidence = {"url": probe.url, "status_code": code, "signature_sent": probe.signature_sent}
    recognised = recognised_answer(probe)
    if recognised is not None:
        return _signature_by_answer(recognised, code, evidence)
    if code is not None and 200 <= code < 300:
        return Result.warned(
            f"the webhook endpoint accepted an event with a forged signature ({code}): anyone can forge "
            "events to this endpoint",
            _signature_fix(probe, rerun(target, options)),
            details=["Verifying after acknowledging is fine too, as long as unverified events are then discarded."],
            evidence=evidence,
        )
    if code in (401, 403):
        return Result.passed(f"the webhook endpoint rejected a forged signature with {code}", evidence=evidence)
    seen = f"it answered {code}" if code is not None else "it did not answer"
    return Result.skipped(f"cannot tell whether signatures are verified: {seen}", because=NOT_APPLICABLE)


# Who refused the probe, when the catalogue says it was not the app.
_REFUSED_BY = {
    Group.TUNNEL: "the tunnel",
    Group.EDGE: "the edge",
    Group.AUTH_WALL: "the wall",
    Group.CSRF: "the framework's CSRF protection",
}


def _signature_by_answer(recognised: RecognisedAnswer, code: int | None, evidence: dict[str, Any]) -> Result:
    """The catalogue's signature verdict: enforced when the body says so; unknowable when something else refused."""
    row = recognised.row
    evidence = {**evidence, "recognised_answer": row.id}
    if row.signature_enforced == "pass":
        summary = f"the webhook endpoint rejected a forged signature with {code}, and its answer says so"
        return Result.passed(summary, details=[row.cause], evidence=evidence)
    who = _REFUSED_BY.get(row.group, "something in front of the app")
    summary = f"cannot tell whether signatures are verified: {who}, not the app, refused the probe ({row.name}, {code})"
    return Result.skipped(summary, because=NOT_APPLICABLE)


def _signature_fix(probe: ProbeResult, again: str) -> Fix:
    return _fix(
        "Verify the telnyx-signature-ed25519 header on every webhook and reject what does not verify.",
        [
            "Copy the account's public key: Mission Control portal → Keys & Credentials → Public Key "
            "(Base64, 32 bytes).",
            "On each request, verify the Base64 telnyx-signature-ed25519 header as an Ed25519 signature over "
            "the bytes '{telnyx-timestamp}|{raw request body}' (the body exactly as received, not re-serialised).",
            "Reject the request when |now − telnyx-timestamp| > 300 s, to stop replays.",
            "Answer 401 or 403 when verification fails, 200 when it succeeds.",
            "The Telnyx SDKs do this for you: the Python SDK's webhooks.unwrap helper verifies the signature "
            "with the key in TELNYX_PUBLIC_KEY.",
            *_export_step(probe.url, WEBHOOK_URL),
            RERUN_STEP + again,
        ],
        [curl_post(probe.url, WEBHOOK_URL, _FORGED), again],
    )


# --- webhook.failover -------------------------------------------------------------------------------------


@check(
    "webhook.failover",
    title="A working failover webhook URL is configured",
    severity=Severity.WARNING,
    requires=("webhook.configured",),
    cause="When the primary webhook URL fails 3 attempts, Telnyx sends the event to the failover URL; "
    "without one (or with one equal to the primary, or one that is down) a single bad deploy loses events.",
    evidence="The profile's webhook_failover_url, compared with webhook_url, and a probe of it.",
    remedy="Set webhook_failover_url to a second endpoint on separate infrastructure and keep it healthy.",
)
def failover(
    profile: MessagingProfile | None, webhook_failover_probe: ProbeResult | None, target: Target, options: CheckOptions
) -> Result:
    """A failover webhook URL is configured, differs from the primary, and Telnyx can deliver to it."""
    primary, url = _profile_urls(profile)
    again = rerun(target, options)
    if url is None:
        return Result.warned(
            "no failover webhook URL: when the primary URL fails, events are lost",
            _failover_fix(profile, again),
            evidence={"webhook_failover_url": None},
        )
    if primary is not None and _same_url(primary, url):
        return Result.warned(
            "the failover webhook URL is the same as the primary, so it adds no redundancy",
            _failover_fix(profile, again),
            evidence={"webhook_url": _shown(primary), "webhook_failover_url": _shown(url)},
        )
    return _judge_failover(target, options, profile, url, webhook_failover_probe)


def _judge_failover(
    target: Target, options: CheckOptions, profile: MessagingProfile | None, url: str, probe: ProbeResult | None
) -> Result:
    again = rerun(target, options)
    problem = webhook_url_problem(url)
    evidence = {"webhook_failover_url": _shown(url)}
    if probe is None and problem is not None:
        summary = f"the failover webhook URL is not valid: {problem}"
        return Result.failed(summary, _failover_fix(profile, again), evidence=evidence)
    if probe is None:
        summary = f"a failover webhook URL is configured: {_shown(url)}"
        return Result.passed(summary, details=["Not probed (--probe off)."], evidence=evidence)
    judge = ProbeJudge(probe, target, options, "the failover webhook URL", FAILOVER_URL)
    result = _result(judge.findings(), probe_evidence(probe))
    if result.status is not Status.WARN:
        return result
    notes = [result.summary, *result.details]  # only an unusable failover URL counts against it
    summary = f"a failover webhook URL is configured and reachable: {probe.url}"
    return Result.passed(summary, details=notes, evidence=result.evidence)


def _same_url(first: str, second: str) -> bool:
    try:
        return parse_webhook_url(first).url == parse_webhook_url(second).url
    except ValueError:
        return first.strip() == second.strip()


def _failover_fix(profile: MessagingProfile | None, again: str) -> Fix:
    profile_id = profile.id if profile is not None else fx.PROFILE_ID_VAR
    body = {"webhook_failover_url": "https://backup.example.com/telnyx/webhooks"}
    return _fix(
        "Configure a failover webhook URL on separate infrastructure.",
        [
            "Deploy a second webhook endpoint that does not share the primary's host, region or deploy.",
            "In the Mission Control portal open Messaging → Messaging Profiles → your profile and set the "
            "failover webhook URL (or PATCH webhook_failover_url through the API, replacing the example URL).",
            RERUN_STEP + again,
        ],
        [fx.patch_profile_cmd(profile_id, body), again],
    )


CHECKS = [url_valid, reachable, signature_enforced, failover]

__all__ = ["CHECKS", "ProbeJudge", "failover", "reachable", "signature_enforced", "url_valid"]
