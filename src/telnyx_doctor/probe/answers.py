"""The catalogue of webhook answers the probe recognises (auth walls, CSRF, edges, tunnels, signature rejections).

A status code alone cannot tell a CSRF 403 from an app rejecting a forged signature; the headers and the first
bytes of the body can. Each row names its evidence, its verdicts for `webhook.reachable` and
`webhook.signature_enforced`, the cause in plain words, the fix, and where the evidence comes from.

Precedence (first match wins, so the table's order is the rule):
1. tunnels offline: the tunnel answered for an app it could not reach; its own headers/pages prove it;
2. edges and firewalls: a CDN or WAF refused the request before the app saw it;
3. auth walls: a 401/407 carrying a challenge (`WWW-Authenticate` / `Proxy-Authenticate`);
4. framework CSRF protection: the framework refused the POST before the view ran;
5. signature rejections by body: a 400/422 whose body speaks of a signature (after CSRF, whose pages also say
   "verification").
An answer nothing matches returns None: the probe's existing logic judges it as before. Edge rows require a
block marker in the body or a header only the edge sets on a block, never the edge's `Server` header alone, so an
app's own 403 behind a CDN is not mistaken for a firewall block.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal
from urllib.parse import urlsplit

Verdict = Literal["pass", "warn", "fail", "skip"]
BODY_BYTES = 4096  # how much of the body the probe keeps and the markers read (block pages put markers early)
TELNYX_SENDERS = "192.76.120.192/27"  # Telnyx's webhook source subnet (reference: telnyx-evidence.md §A.7)


class Group(StrEnum):
    """The kind of answer, in precedence order."""

    TUNNEL = "tunnel"
    EDGE = "edge"
    AUTH_WALL = "auth_wall"
    CSRF = "csrf"
    SIGNATURE = "signature"


@dataclass(frozen=True)
class HeaderMatch:
    """A header that must be present; with a pattern, its value must also match (case-insensitive search)."""

    name: str
    pattern: str | None = None

    def matches(self, headers: Mapping[str, str]) -> str | None:
        """What matched, for the evidence; None when it does not."""
        value = headers.get(self.name.lower())
        if value is None:
            return None
        if self.pattern is not None and not re.search(self.pattern, value, re.IGNORECASE):
            return None
        return f"header {self.name}: {value[:80]}"


@dataclass(frozen=True)
class AnswerRow:
    """One recognised answer: its evidence, the two verdicts, and what to tell the user."""

    id: str
    group: Group
    name: str
    statuses: frozenset[int]  # empty: any status
    headers: tuple[HeaderMatch, ...]  # all must match
    body: str | None  # a regex searched (case-insensitive) in the first BODY_BYTES of the body
    reachable: Verdict
    signature_enforced: Verdict
    cause: str
    fix: str
    source: str

    def match(self, status: int, headers: Mapping[str, str], text: str) -> tuple[str, ...] | None:
        """The evidence that matched, or None when this row does not describe the answer."""
        if self.statuses and status not in self.statuses:
            return None
        seen = [f"status {status}"]
        for header in self.headers:
            hit = header.matches(headers)
            if hit is None:
                return None
            seen.append(hit)
        if self.body is not None:
            found = re.search(self.body, text, re.IGNORECASE | re.DOTALL)
            if found is None:
                return None
            seen.append(f"body {found.group(0)[:80]!r}")
        return tuple(seen)


@dataclass(frozen=True)
class RecognisedAnswer:
    """A probe answer the catalogue recognised, with the evidence that decided it."""

    row: AnswerRow
    evidence: tuple[str, ...]


_FAIL_SKIP: tuple[Verdict, Verdict] = ("fail", "skip")
_EDGE_FIX = (
    "Let Telnyx's webhook senders through: add an allow rule (or WAF exception) for the webhook path and "
    f"Telnyx's sender range {TELNYX_SENDERS}, and keep the app verifying the Ed25519 signature."
)
_TUNNEL_FIX = "Start the tunnel again, or put the app's permanent public URL on the messaging profile."
_CHALLENGE = r"^\s*(basic|bearer|digest|negotiate|ntlm|hoba|mutual|aws4-hmac-sha256)\b"


def _row(
    id: str,
    group: Group,
    name: str,
    statuses: tuple[int, ...],
    headers: tuple[HeaderMatch, ...],
    body: str | None,
    verdicts: tuple[Verdict, Verdict],
    cause: str,
    fix: str,
    source: str,
) -> AnswerRow:
    return AnswerRow(id, group, name, frozenset(statuses), headers, body, *verdicts, cause, fix, source)


ROWS: tuple[AnswerRow, ...] = (
    # 1. Tunnels offline
    _row(
        "ngrok.offline",
        Group.TUNNEL,
        "ngrok (endpoint offline)",
        (),
        (HeaderMatch("Ngrok-Error-Code", r"ERR_NGROK_3200\b"),),
        None,
        _FAIL_SKIP,
        "The ngrok tunnel is offline: ngrok answered ERR_NGROK_3200 (tunnel not found) because no agent serves "
        "this URL.",
        _TUNNEL_FIX,
        "https://ngrok.com/docs/errors/err_ngrok_3200",
    ),
    _row(
        "ngrok.upstream_down",
        Group.TUNNEL,
        "ngrok (local app not answering)",
        (),
        (HeaderMatch("Ngrok-Error-Code", r"ERR_NGROK_(8012|3004)\b"),),
        None,
        _FAIL_SKIP,
        "The ngrok tunnel is up, but the app behind it is not answering (nothing listens on the forwarded port, "
        "or it sent an invalid response).",
        "Start the app on the port ngrok forwards to (or point ngrok at the right port).",
        "https://ngrok.com/docs/errors/err_ngrok_8012",
    ),
    _row(
        "ngrok.error",
        Group.TUNNEL,
        "ngrok (other error)",
        (),
        (HeaderMatch("Ngrok-Error-Code"),),
        None,
        _FAIL_SKIP,
        "ngrok refused or could not forward the request; the Ngrok-Error-Code header names why.",
        "Look the code up at https://ngrok.com/docs/errors and fix the tunnel, or use a permanent URL.",
        "https://ngrok.com/docs/errors",
    ),
    _row(
        "cloudflared.offline",
        Group.TUNNEL,
        "Cloudflare Tunnel (cloudflared offline)",
        (530,),
        (),
        r"error code:? ?1033|Error 1033",
        _FAIL_SKIP,
        "The Cloudflare Tunnel has no connected cloudflared (error 1033): the tunnel is offline.",
        "Start cloudflared (`cloudflared tunnel run …`), or replace the URL with the app's permanent one.",
        "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-1xxx-errors/",
    ),
    _row(
        "localtunnel.offline",
        Group.TUNNEL,
        "localtunnel (tunnel unavailable)",
        (404, 502, 503, 504),
        (),
        r"Tunnel Unavailable",
        _FAIL_SKIP,
        "The localtunnel (loca.lt) tunnel is offline: no client is connected for this subdomain.",
        _TUNNEL_FIX,
        "https://github.com/localtunnel/localtunnel (loca.lt's answer when no client is connected)",
    ),
    # 2. Edges and firewalls
    _row(
        "cloudflare.challenge",
        Group.EDGE,
        "Cloudflare (bot challenge)",
        (403, 503),
        (HeaderMatch("cf-mitigated", r"challenge"),),
        None,
        _FAIL_SKIP,
        "Cloudflare answered with a browser challenge (bot fight mode or a managed challenge); Telnyx's "
        "deliveries cannot solve it.",
        _EDGE_FIX,
        "https://developers.cloudflare.com/cloudflare-challenges/challenge-types/challenge-pages/detect-response/",
    ),
    _row(
        "cloudflare.1020",
        Group.EDGE,
        "Cloudflare (firewall rule, error 1020)",
        (403,),
        (),
        r"error code:? ?1020|Error 1020",
        _FAIL_SKIP,
        "A Cloudflare firewall rule blocked the request (error 1020: access denied).",
        _EDGE_FIX,
        "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-1xxx-errors/",
    ),
    _row(
        "cloudflare.block",
        Group.EDGE,
        "Cloudflare (WAF block page)",
        (403,),
        (HeaderMatch("Server", r"cloudflare"),),
        r"Sorry, you have been blocked|Attention Required! \| Cloudflare|cf-error-details",
        _FAIL_SKIP,
        "Cloudflare's WAF blocked the request and served its block page.",
        _EDGE_FIX,
        "https://developers.cloudflare.com/waf/reference/cloudflare-challenges/ (block page)",
    ),
    _row(
        "aws.cloudfront_waf",
        Group.EDGE,
        "AWS WAF / CloudFront",
        (403,),
        (HeaderMatch("x-amz-cf-id"),),
        r"Request blocked|The request could not be satisfied",
        _FAIL_SKIP,
        "CloudFront (with AWS WAF) blocked the request before it reached the app.",
        _EDGE_FIX,
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-403-permission-denied.html",
    ),
    _row(
        "aws.alb_waf",
        Group.EDGE,
        "AWS WAF on an Application Load Balancer",
        (403,),
        (HeaderMatch("Server", r"^awselb"),),
        None,
        _FAIL_SKIP,
        "An Application Load Balancer answered 403 itself, which it does when its AWS WAF web ACL blocks a request.",
        _EDGE_FIX,
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html",
    ),
    _row(
        "akamai.denied",
        Group.EDGE,
        "Akamai",
        (403,),
        (),
        r"Access Denied.{0,400}?Reference(&#32;| )(&#35;|#) ?\d+(&#46;|\.)",
        _FAIL_SKIP,
        'Akamai\'s edge denied the request (its "Access Denied … Reference #" page).',
        _EDGE_FIX,
        'https://techdocs.akamai.com/ (Akamai "Access Denied" reference-number pages)',
    ),
    _row(
        "vercel.protection",
        Group.EDGE,
        "Vercel deployment protection",
        (401,),
        (HeaderMatch("Server", r"vercel"),),
        r"Authentication Required|vercel\.com/sso|_vercel_sso_nonce",
        _FAIL_SKIP,
        "Vercel's deployment protection (Vercel Authentication or password protection) asks for a login "
        "before the app runs.",
        "Serve the webhook from a production domain without deployment protection, or add a protection "
        "exception for it; Telnyx cannot send Vercel's bypass header.",
        "https://vercel.com/docs/deployment-protection",
    ),
    # 3. Auth walls
    _row(
        "auth.challenge",
        Group.AUTH_WALL,
        "HTTP authentication (WWW-Authenticate)",
        (401,),
        (HeaderMatch("WWW-Authenticate", _CHALLENGE),),
        None,
        _FAIL_SKIP,
        "An authentication wall (basic, bearer, digest …) answered before the app: Telnyx's deliveries carry no "
        "credentials and answer no challenge, so every webhook is refused the same way.",
        "Exempt the webhook path from the authentication (the app verifies Telnyx's signature instead).",
        "RFC 9110 §11.6.1 (WWW-Authenticate)",
    ),
    _row(
        "auth.proxy",
        Group.AUTH_WALL,
        "Proxy authentication (Proxy-Authenticate)",
        (407,),
        (),
        None,
        _FAIL_SKIP,
        "A proxy in front of the app demands proxy authentication, which Telnyx's deliveries cannot give.",
        "Remove the proxy authentication for the webhook path.",
        "RFC 9110 §15.5.8 (407 Proxy Authentication)",
    ),
    # 4. Framework CSRF protection
    _row(
        "csrf.django",
        Group.CSRF,
        "Django CSRF protection",
        (403,),
        (),
        r"CSRF verification failed",
        _FAIL_SKIP,
        "Django's CSRF middleware refused the POST (no CSRF cookie/token), before the webhook view ran.",
        "Decorate the webhook view with `@csrf_exempt` (django.views.decorators.csrf).",
        "https://docs.djangoproject.com/en/stable/ref/csrf/",
    ),
    _row(
        "csrf.rails",
        Group.CSRF,
        "Rails forgery protection",
        (422,),
        (),
        r"InvalidAuthenticityToken|Can't verify CSRF token authenticity|The change you wanted was rejected",
        _FAIL_SKIP,
        "Rails' forgery protection refused the POST (ActionController::InvalidAuthenticityToken).",
        "Add `skip_forgery_protection` (or `skip_before_action :verify_authenticity_token`) to the webhook controller.",
        "https://api.rubyonrails.org/classes/ActionController/RequestForgeryProtection.html",
    ),
    _row(
        "csrf.laravel",
        Group.CSRF,
        "Laravel CSRF protection",
        (419,),
        (),
        None,
        _FAIL_SKIP,
        "Laravel's VerifyCsrfToken middleware refused the POST (419 Page Expired / CSRF token mismatch).",
        "Add the webhook path to `VerifyCsrfToken::$except` (Laravel 11+: `validateCsrfTokens(except: [...])`).",
        "https://laravel.com/docs/csrf#csrf-excluding-uris",
    ),
    _row(
        "csrf.spring",
        Group.CSRF,
        "Spring Security CSRF protection",
        (403,),
        (),
        r"Invalid CSRF Token '[^']*' was found|Could not verify the provided CSRF token",
        _FAIL_SKIP,
        "Spring Security's CSRF filter refused the POST.",
        'Exclude the webhook path: `http.csrf(csrf -> csrf.ignoringRequestMatchers("/webhooks/**"))`.',
        "https://docs.spring.io/spring-security/reference/servlet/exploits/csrf.html",
    ),
    _row(
        "csrf.express",
        Group.CSRF,
        "Express csurf / CSRF middleware",
        (403,),
        (),
        r"invalid csrf token|EBADCSRFTOKEN",
        _FAIL_SKIP,
        "Express' CSRF middleware (csurf or similar) refused the POST.",
        "Mount the webhook route before the CSRF middleware, or skip it for that path.",
        "https://github.com/expressjs/csurf#ignoring-specific-requests",
    ),
    # 5. Signature rejections by body
    _row(
        "signature.rejected",
        Group.SIGNATURE,
        "Signature rejected (by the body)",
        (400, 422),
        (),
        r"signature|verif(y|ication)",
        ("pass", "pass"),
        "The app rejected the forged signature, and says so: signatures are enforced. 401 or 403 is the "
        "conventional answer, which tells a bad signature apart from a malformed event.",
        "Nothing is required; consider answering 401/403 to a bad signature.",
        'the documented SDK pattern (verify, then answer 400 "Bad signature")',
    ),
)

BY_ID: dict[str, AnswerRow] = {row.id: row for row in ROWS}
# The response headers the rows read (lower case), plus the edge request ids that name a block in a support
# ticket: the probe keeps these and no others, so nothing like a cookie is ever recorded.
HEADER_NAMES: tuple[str, ...] = tuple(
    dict.fromkeys([*(h.name.lower() for row in ROWS for h in row.headers), "proxy-authenticate", "cf-ray"])
)


def recognise(status: int, headers: Mapping[str, str], body: bytes) -> RecognisedAnswer | None:
    """The first catalogue row (in precedence order) that describes the answer, or None if none does."""
    lowered = {name.lower(): value for name, value in headers.items()}
    text = body[:BODY_BYTES].decode("utf-8", errors="replace")
    for row in ROWS:
        evidence = row.match(status, lowered, text)
        if evidence is not None:
            return RecognisedAnswer(row, evidence)
    return None


# Hosts of tunnel and development-share services: a webhook URL on one is a development URL. Sources: each
# service's docs (ngrok domains, Cloudflare quick tunnels, localtunnel, localhost.run, serveo, Microsoft dev
# tunnels, pinggy, tunnelmole, expose).
TUNNEL_HOSTS: dict[str, str] = {
    "ngrok-free.app": "ngrok",
    "ngrok-free.dev": "ngrok",
    "ngrok.app": "ngrok",
    "ngrok.dev": "ngrok",
    "ngrok.io": "ngrok",
    "ngrok.pizza": "ngrok",
    "trycloudflare.com": "Cloudflare quick tunnel",
    "loca.lt": "localtunnel",
    "localtunnel.me": "localtunnel",
    "lhr.life": "localhost.run",
    "lhr.rocks": "localhost.run",
    "localhost.run": "localhost.run",
    "serveo.net": "serveo",
    "serveousercontent.com": "serveo",
    "devtunnels.ms": "Microsoft dev tunnels",
    "pinggy.link": "pinggy",
    "pinggy.online": "pinggy",
    "tunnelmole.net": "tunnelmole",
    "sharedwithexpose.com": "expose",
}


def tunnel_service(url_or_host: str) -> str | None:
    """The tunnel service a URL's (or host's) name belongs to, e.g. `ngrok`; None for any other host."""
    host = urlsplit(url_or_host).hostname if "://" in url_or_host else url_or_host.split(":")[0]
    host = (host or "").lower().rstrip(".")
    for suffix, service in TUNNEL_HOSTS.items():
        if host == suffix or host.endswith("." + suffix):
            return service
    return None


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _evidence(row: AnswerRow) -> str:
    parts = []
    if row.statuses:
        parts.append("status " + "/".join(str(s) for s in sorted(row.statuses)))
    for header in row.headers:
        parts.append(f"`{header.name}`" + (f" ~ `{header.pattern}`" if header.pattern else " present"))
    if row.body is not None:
        parts.append(f"body ~ `{row.body}`")
    return "; ".join(parts)


def docs_page() -> str:
    """The docs page listing every recognised answer (docs/webhook-answers.md, written by docsgen with its marker)."""
    lines = [
        "# Recognised webhook answers",
        "",
        "The webhook probe reads an answer's status, headers and the first bytes of its body. These answers are "
        "recognised, in this order (the first match wins); anything else is judged by the status as before.",
        "",
        *(f"{i}. **{group.value}**" for i, group in enumerate(Group, start=1)),
        "",
        f"Telnyx's webhook senders come from {TELNYX_SENDERS}.",
        "",
        "| id | name | evidence | `webhook.reachable` | `webhook.signature_enforced` | cause | fix | source |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in ROWS:
        cells = [
            f"`{row.id}`",
            row.name,
            _evidence(row),
            row.reachable,
            row.signature_enforced,
            row.cause,
            row.fix,
            row.source,
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines += [
        "",
        "## Tunnel and development hosts",
        "",
        "A webhook URL on one of these hosts is a development URL:",
        "",
        "| host | service |",
        "|---|---|",
    ]
    lines += [f"| `*.{host}` | {service} |" for host, service in TUNNEL_HOSTS.items()]
    return "\n".join(lines) + "\n"
