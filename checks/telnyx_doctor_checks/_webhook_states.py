"""How the webhook probe's outcomes are judged: HTTP answer classes, probe errors, TLS problems and timing.

Telnyx counts a delivery only when the endpoint answers 2xx within 2 s over verified TLS, without redirects;
its error catalog names each way a delivery fails (reference §11.4). The probe checks decide with these
tables and the docs page of `webhook.reachable` shows them, so the two cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from telnyx_doctor.checkapi import StateDoc
from telnyx_doctor.models import Status
from telnyx_doctor.probe import ANSWER_ROWS as ROWS
from telnyx_doctor.probe import TUNNEL_HOSTS, ErrorKind, Group, ProbeSettings, TlsProblem

CERT_WARN_DAYS = 14
TELNYX_SOURCE_RANGE = "192.76.120.192/27"  # where Telnyx webhooks come from (reference §11.4)
BUDGET_S = ProbeSettings.budget
WARN_AFTER_S = ProbeSettings.warn_after
COLD_START_MARGIN_S = 0.5  # a cold start warns only when its first answer came this close to the budget
ANSWERS_PAGE = "[recognised webhook answers](../webhook-answers.md)"


@dataclass(frozen=True)
class AnswerClass:
    """A class of HTTP statuses the probe may get back, and how Telnyx (so the check) treats it."""

    name: str
    codes: tuple[range, ...]  # empty: every status no earlier class took
    verdict: str
    meaning: str

    def matches(self, code: int) -> bool:
        """True when `code` is in this class."""
        return not self.codes or any(code in span for span in self.codes)

    @property
    def status(self) -> Status:
        """The status a probe answered this way gets."""
        return Status(self.verdict.split(" ", 1)[0])


def _codes(*spans: tuple[int, int]) -> tuple[range, ...]:
    """Inclusive (first, last) pairs as ranges."""
    return tuple(range(first, last + 1) for first, last in spans)


# First match wins, so the specific classes come before the catch-alls of their family.
ANSWERS: tuple[AnswerClass, ...] = (
    AnswerClass("ok", _codes((200, 200)), "pass", "Delivered: Telnyx counts the webhook as received."),
    AnswerClass(
        "other_2xx",
        _codes((201, 299)),
        "warn",
        "Telnyx's error catalog counts a 2xx other than 200 as a delivery error (75299), although its webhook "
        "guide accepts any 2xx: answer exactly 200.",
    ),
    AnswerClass(
        "signature_rejected",
        _codes((401, 401), (403, 403)),
        "pass",
        "Reachable, and it rejected the probe's forged signature as an endpoint that verifies Telnyx's "
        "signatures should; real, signed webhooks get through.",
    ),
    AnswerClass(
        "event_rejected",
        _codes((400, 400), (422, 422)),
        "pass (noted)",
        "Reachable; it refused the probe's unknown event type. Fine, as long as message events get 200.",
    ),
    AnswerClass(
        "redirect",
        _codes((300, 399)),
        "fail",
        "Telnyx does not follow redirects (75300): configure the final URL (often https:// or a trailing slash).",
    ),
    AnswerClass(
        "wrong_path",
        _codes((404, 404), (410, 410)),
        "fail",
        "Wrong path (75404): nothing serves webhooks at this URL's path.",
    ),
    AnswerClass("method", _codes((405, 405)), "fail", "The route does not accept POST, which is how Telnyx delivers."),
    AnswerClass(
        "client_error",
        _codes((400, 499)),
        "fail",
        "A failed delivery (75400–75499): Telnyx retries up to 3 times, then sends the event to the failover URL.",
    ),
    AnswerClass(
        "server_error",
        _codes((500, 599)),
        "fail",
        "A server error (75500–75599): the handler crashed or what it depends on is down. The finding also "
        "gives the other reading (an app that lets its signature verification error become a 500 rejects "
        "forged events this way) and points to Telnyx's webhook delivery records, which settle it.",
    ),
    AnswerClass("other", (), "fail", "An unexpected status: not a delivery."),
)


def answer_class(code: int) -> AnswerClass:
    """The class of an HTTP status: the first in ANSWERS that matches."""
    return next(answer for answer in ANSWERS if answer.matches(code))


@dataclass(frozen=True)
class TlsText:
    """One TLS problem: its label on the docs page, what it means, and the finding's wording."""

    label: str
    meaning: str
    template: str  # formatted with error, not_after, host and subject


TLS_PROBLEMS: dict[TlsProblem, TlsText] = {
    "untrusted": TlsText(
        "certificate not trusted",
        "Self-signed, or from a private CA, or served without its intermediates: Telnyx cannot verify it, "
        "so every attempt fails and events go to the failover URL.",
        "its certificate is not trusted ({error}); Telnyx cannot verify it, so every attempt fails "
        "and events go to the failover URL",
    ),
    "expired": TlsText(
        "certificate expired",
        "Telnyx refuses an expired certificate: renew it (and automate the renewal).",
        "its certificate expired on {not_after}",
    ),
    "not_yet_valid": TlsText(
        "certificate not valid yet",
        "Its validity starts in the future: check the server's clock and the certificate.",
        "its certificate is not valid yet ({error}); check the server's clock and certificate",
    ),
    "hostname_mismatch": TlsText(
        "certificate for another host name",
        "The certificate does not cover the URL's host name, so Telnyx cannot trust the connection.",
        "its certificate does not cover {host} ({error}; certificate subject {subject})",
    ),
    "handshake": TlsText(
        "handshake failed",
        "No TLS session could be set up: is the port serving TLS 1.2 or later?",
        "the TLS handshake failed ({error}); is the port serving TLS 1.2 or later?",
    ),
}

# What each probe error other than "tls" (see TLS_PROBLEMS) means; every error is a failure.
PROBE_ERRORS: dict[ErrorKind, tuple[str, str]] = {
    "invalid_url": ("not a usable http(s) URL", "Telnyx cannot deliver to it; set a valid https:// URL."),
    "private_address": (
        "a private or loopback address (without `--allow-private`)",
        "The internet cannot reach it (localhost, 10.x, 192.168.x…), so neither can Telnyx.",
    ),
    "dns": ("the host does not resolve", "No A/AAAA record: Telnyx cannot deliver (75001)."),
    "refused": (
        "connection refused",
        "Nothing listens on the URL's host and port, or a firewall rejects the connection (75002).",
    ),
    "connection": (
        "connection failed",
        f"The connection failed or was reset before an answer (75002); allow Telnyx ({TELNYX_SOURCE_RANGE}) "
        "through firewalls.",
    ),
    "timeout": (
        "no answer at all",
        f"Telnyx gives up on an attempt after {BUDGET_S:g} s, retries up to 3 times, then tries the failover URL.",
    ),
}


# What each group of recognised answers means for a delivery; the rows themselves are on the answers page.
_GROUP_MEANINGS: dict[Group, tuple[str, str]] = {
    Group.TUNNEL: (
        "a tunnel's own error answer",
        "The tunnel is offline (or cannot reach the app): start it, or put the app's permanent URL on the profile.",
    ),
    Group.EDGE: (
        "an edge or firewall's block answer",
        f"A CDN or WAF refused the request before the app saw it: let Telnyx's webhook senders ({TELNYX_SOURCE_RANGE}) "
        "through.",
    ),
    Group.AUTH_WALL: (
        "an authentication challenge (401 with `WWW-Authenticate`, 407)",
        "An auth wall answered, not the app: Telnyx's deliveries carry no credentials, so every one is refused.",
    ),
    Group.CSRF: (
        "a framework's CSRF refusal",
        "The framework refused the POST before the view ran: exempt the webhook route (`csrf_exempt`, "
        "`skip_forgery_protection`, `VerifyCsrfToken::$except`, …).",
    ),
    Group.SIGNATURE: (
        "a 400/422 whose body speaks of the signature or its verification",
        "Reachable, and it rejected the forged signature; 401/403 is the conventional answer to a bad signature.",
    ),
}


def _group_verdict(group: Group, check: str) -> str:
    verdicts = {getattr(row, check) for row in ROWS if row.group is group}
    assert len(verdicts) == 1, f"the {group} rows disagree on {check}"  # one verdict per group keeps docs honest
    return str(verdicts.pop())


def recognised_states(check: str) -> list[StateDoc]:
    """One state per group of recognised answers, in precedence order (they are read before the status)."""
    states = []
    for group in Group:
        label, meaning = _GROUP_MEANINGS[group]
        names = ", ".join(row.name for row in ROWS if row.group is group)
        states.append(StateDoc(f"{label} ({names}; see {ANSWERS_PAGE})", _group_verdict(group, check), meaning))
    return states


def reachable_states() -> tuple[StateDoc, ...]:
    """The States table of `webhook.reachable`: answers, timing, certificates, errors, and when it skips."""
    return (
        *recognised_states("reachable"),
        *_answer_states(),
        StateDoc(
            f"an answer after more than {BUDGET_S:g} s",
            "fail",
            "Too late: Telnyx has stopped waiting and counts the attempt failed. Acknowledge with 200 at once "
            "and process the event in the background.",
        ),
        StateDoc(
            f"an answer after more than {WARN_AFTER_S:g} s, and a second probe right after it slow too",
            "warn",
            f"In time, but close to Telnyx's {BUDGET_S:g} s limit: a slower moment means failed deliveries.",
        ),
        StateDoc(
            f"a first answer after more than {WARN_AFTER_S:g} s, and a second probe right after it faster",
            "pass",
            "A cold start (imports, connection pools): the finding gives both times. Telnyx retries a slow first "
            "delivery, so steady speed is what counts.",
        ),
        StateDoc(
            f"a cold start whose first answer came after more than {BUDGET_S - COLD_START_MARGIN_S:g} s",
            "warn",
            f"Within {COLD_START_MARGIN_S:g} s of Telnyx's {BUDGET_S:g} s budget (or past it): after an idle "
            "spell the first delivery may time out and wait for a retry.",
        ),
        StateDoc(
            f"a certificate that expires within {CERT_WARN_DAYS} days",
            "warn",
            "Deliveries stop the day it expires: renew it now and automate the renewal.",
        ),
        *(
            StateDoc(f"TLS: {text.label}", "fail", f"{text.meaning.removesuffix('.')} (75003–75006).")
            for text in TLS_PROBLEMS.values()
        ),
        *(StateDoc(label, "fail", meaning) for label, meaning in PROBE_ERRORS.values()),
        StateDoc(
            "any answer to a HEAD probe (`--probe head`)",
            "pass (noted)",
            "Reachable; a HEAD probe does not exercise the POST path, so its status is not judged.",
        ),
        StateDoc("`--probe off`", "skip", "Not probed: the endpoint is left alone."),
        StateDoc("no webhook URL", "skip", "Nothing to probe (webhook.configured reports it)."),
    )


def signature_states() -> tuple[StateDoc, ...]:
    """The States table of `webhook.signature_enforced`: recognised answers first, then the status."""
    skipped = {
        Group.TUNNEL: "The tunnel, not the app, answered: nothing can be told about signatures.",
        Group.EDGE: "The edge, not the app, refused: nothing can be told about signatures.",
        Group.AUTH_WALL: "The wall, not the app, refused: nothing can be told about signatures.",
        Group.CSRF: "The framework's CSRF protection refused before the view ran: nothing can be told.",
        Group.SIGNATURE: "The app says it rejected the forged signature: signatures are enforced.",
    }
    recognised = [
        StateDoc(state.value, state.verdict, skipped[group])
        for group, state in zip(Group, recognised_states("signature_enforced"), strict=True)
    ]
    return (
        *recognised,
        StateDoc("HTTP `200`–`299`", "warn", "It accepted an event with a forged signature: anyone can forge events."),
        StateDoc("HTTP `401`, `403`", "pass", "It rejected the forged signature, as a verifying endpoint should."),
        StateDoc("any other answer, or none", "skip", "Cannot tell whether signatures are verified."),
        StateDoc("`--probe head` or `--probe off`", "skip", "No signed probe was sent."),
    )


def url_states() -> tuple[StateDoc, ...]:
    """The States table of `webhook.url_valid`: the URL, its addresses, its scheme and development hosts."""
    services = ", ".join(dict.fromkeys(TUNNEL_HOSTS.values()))
    return (
        StateDoc("a well-formed http(s) URL whose host resolves to public addresses", "pass", "Telnyx can address it."),
        StateDoc("a malformed or non-http(s) URL", "fail", "Telnyx cannot deliver to it."),
        StateDoc("a host that does not resolve", "fail", "No A/AAAA record: Telnyx cannot deliver (75001)."),
        StateDoc(
            "a host resolving to private or loopback addresses",
            "fail",
            "Unreachable from the internet; `--allow-private` accepts it for internal tests (pass, noted).",
        ),
        StateDoc("plain `http://`", "warn", "Delivered, but unencrypted and unauthenticated."),
        StateDoc(
            f"a tunnel or development host ({services}; see {ANSWERS_PAGE})",
            "warn",
            "A development URL on a live profile: when the tunnel stops, every webhook is lost. Under "
            "`doctor probe URL` it is only noted.",
        ),
    )


def _answer_states() -> list[StateDoc]:
    docs: list[StateDoc] = []
    taken: set[int] = set()
    for answer in ANSWERS:
        codes = {code for span in answer.codes for code in span}
        label = "HTTP " + ", ".join(_span_label(span) for span in answer.codes) if codes else "any other HTTP status"
        if codes & taken:
            label += " (the others)"
        taken |= codes
        docs.append(StateDoc(label, answer.verdict, answer.meaning))
    return docs


def _span_label(span: range) -> str:
    first, last = span[0], span[-1]
    return f"`{first}`" if first == last else f"`{first}`–`{last}`"
