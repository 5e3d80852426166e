"""The catalogue of Telnyx messaging error codes and webhook delivery codes: one row per code, with its source.

Rows come from the Telnyx API error catalog and the messaging error-code reference (reference
`telnyx-evidence.md` §C, `telnyx-messaging-api.md` §12) and the webhook delivery codes (§A.6). Checks, the
sandbox and the generated docs page (docs/codes.md) all read this one table, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class CodeClass(StrEnum):
    """What kind of problem a code reports: who has to act, and how alarming it is."""

    SENDER_CONFIGURATION = "sender_configuration"  # the sender's own settings; a configuration check explains it
    ACCOUNT = "account"  # the Telnyx account (funds, verification level, features)
    PROVISIONING = "provisioning"  # enabling messaging on a number (hosted, ported, toll-free registry)
    RECIPIENT = "recipient"  # the destination: opted out, not routable, invalid
    CARRIER_SPAM = "carrier_spam"  # a carrier or Telnyx spam filter blocked the traffic
    CONTENT = "content"  # the message body or media
    RATE_QUEUE = "rate_queue"  # throughput limits, queue expiry
    TEMPORARY = "temporary"  # platform or carrier trouble that passes
    REQUEST = "request"  # a malformed API request, not a delivery problem
    WEBHOOK_DELIVERY = "webhook_delivery"  # Telnyx could not deliver a webhook to the customer's URL


class Retry(StrEnum):
    """Telnyx's retry advice (messaging error-code reference, "Retriable vs permanent errors", §C.1)."""

    AUTO = "auto"  # genuinely temporary: retry with exponential backoff
    AFTER_FIX = "after_fix"  # reduce rate / fix content first; a blind retry will likely fail
    HOLD = "hold"  # wait (a 24 h block, or provisioning to finish), then send again
    PERMANENT = "permanent"  # do not retry; fix the root cause
    ACTION_REQUIRED = "action_required"  # resolve configuration or compliance, then send again
    BACK_OFF = "back_off"  # an API rate limit: back off and retry
    TELNYX_RETRIES = "telnyx_retries"  # a webhook: Telnyx itself retries (3 per URL, then the failover URL)
    NOT_STATED = "not_stated"  # Telnyx publishes no retry policy for this code


RETRY_ADVICE: dict[Retry, str] = {
    Retry.AUTO: "Temporary: retry with exponential backoff (1 s, 2 s, 4 s, 8 s …).",
    Retry.AFTER_FIX: "Retry only after reducing the rate, fixing the content or relieving the queue.",
    Retry.HOLD: "A temporary hold: wait, do not retry straight away.",
    Retry.PERMANENT: "Permanent: do not retry; fix the cause first.",
    Retry.ACTION_REQUIRED: "Resolve the configuration or compliance problem, then send again.",
    Retry.BACK_OFF: "Back off and retry after the rate-limit window.",
    Retry.TELNYX_RETRIES: "Telnyx retries each webhook up to 3 times per URL, then the failover URL.",
    Retry.NOT_STATED: "Telnyx states no retry policy for this code.",
}


@dataclass(frozen=True)
class CodeEntry:
    """One Telnyx code: what it means, who must act, and which check of the doctor explains it."""

    code: str
    title: str
    cls: CodeClass
    cause: str
    fix: str
    check: str | None  # the check id that explains it, when a configuration check does
    retry: Retry
    source: str  # the section of the reference the row comes from
    refuses_send: bool = False  # sending is refused because of the sender's configuration or account
    known: bool = True  # False for a code the catalogue does not list (see `explain`)

    @property
    def retry_advice(self) -> str:
        """Telnyx's retry advice in words."""
        return RETRY_ADVICE[self.retry]


_C = CodeClass
_R = Retry
_EV = "telnyx-evidence.md"


def _e(
    code: str,
    title: str,
    cls: CodeClass,
    cause: str,
    fix: str,
    check: str | None = None,
    retry: Retry = Retry.NOT_STATED,
    source: str = "",
    *,
    refuses_send: bool = False,
) -> CodeEntry:
    return CodeEntry(code, title, cls, cause, fix, check, retry, f"{_EV} {source}", refuses_send)


_SENDER = "§C.2"
_DEST = "§C.3"
_SPAM = "§C.4"
_CONTENT = "§C.5"
_RATE = "§C.6"
_OTHER = "§C.7"
_HOOK = "§A.6"
_OSR_FIX = "Complete the hosted-messaging order (OSR/NNID, LOA) with Telnyx support; then enable messaging again."
_OSR = {
    "40152": "Invalid OSR parameter",
    "40153": "Cannot access OSR",
    "40154": "Unauthorized NNID",
    "40155": "LOA required",
    "40156": "Unauthorized property",
    "40157": "OSR temporarily blocked",
    "40158": "OSR delete failed",
    "40159": "Unknown OSR error",
}
_HOOK_FIX = "Answer Telnyx's POST with a 2xx within 2 s: run `doctor NUMBER --only 'webhook.*'` to see why it does not."
_HTTP_HOOK = {
    "75299": ("Webhook host returned a non-200 HTTP 2XX", "The endpoint answered a 2xx other than 200.", "Answer 200."),
    "75300": (
        "Webhook host returned HTTP 3XX",
        "The endpoint answered a redirect; Telnyx does not follow redirects.",
        "Put the final URL (after the redirect) on the profile.",
    ),
    "75400": (
        "Webhook host returned HTTP 400",
        "The endpoint answered 400 Bad Request.",
        "Find why the app rejects the event (often a body parser or a signature check with the wrong key).",
    ),
    "75404": (
        "Webhook host returned HTTP 404",
        "The URL's path does not exist on the endpoint.",
        "Correct the webhook URL's path, or add the route to the app.",
    ),
    "75499": (
        "Webhook host returned HTTP 4XX",
        "The endpoint answered another 4xx (an auth wall, CSRF protection, a firewall).",
        "Let Telnyx's webhook senders through: no login, no CSRF token, no IP block.",
    ),
    "75500": (
        "Webhook host returned HTTP 500",
        "The app crashed handling the event.",
        "Read the app's logs for the exception at the delivery times.",
    ),
    "75599": (
        "Webhook host returned HTTP 5XX",
        "The endpoint answered another 5xx (a gateway or an overloaded app).",
        "Check the app and anything in front of it (proxy, load balancer, tunnel).",
    ),
}

CODES: tuple[CodeEntry, ...] = (
    # Sender configuration, account and provisioning (§C.2)
    _e(
        "40010",
        "Not 10DLC registered",
        _C.SENDER_CONFIGURATION,
        "The US long code is not attached to an active 10DLC campaign, and the carrier requires one.",
        "Register a brand and campaign and assign the number to the campaign.",
        "10dlc.campaign_assigned",
        _R.ACTION_REQUIRED,
        _SENDER,
        refuses_send=True,
    ),
    _e(
        "40013",
        "Invalid messaging source number",
        _C.SENDER_CONFIGURATION,
        "The carrier deemed the sending number invalid.",
        "Check the number is active, provisioned and messaging-enabled.",
        "number.messaging_listed",
        source=_SENDER,
        refuses_send=True,
    ),
    _e(
        "40019",
        "AT&T 10DLC Invalid Tag Data",
        _C.SENDER_CONFIGURATION,
        "AT&T rejected the message because of wrong 10DLC tagging (campaign/number assignment).",
        "Verify the number's campaign assignment.",
        "10dlc.campaign_assigned",
        _R.ACTION_REQUIRED,
        _SENDER,
        refuses_send=True,
    ),
    _e(
        "40100",
        "Number not messaging enabled",
        _C.SENDER_CONFIGURATION,
        "The number has no messaging enablement or no messaging profile.",
        "Enable messaging on the number and assign it to a messaging profile.",
        "number.messaging_listed",
        source=_SENDER,
        refuses_send=True,
    ),
    _e(
        "40150",
        "Toll free number not in registry",
        _C.PROVISIONING,
        "The toll-free number is not in the voice registry, so messaging cannot be enabled.",
        "Ask Telnyx support to register the toll-free number, or use another.",
        "number.messaging_listed",
        source=_SENDER,
        refuses_send=True,
    ),
    _e(
        "40151",
        "Message enablement pending with other provider",
        _C.PROVISIONING,
        "Another provider is enabling messaging on the number.",
        "Wait for the other provider's enablement to finish or be released.",
        "number.messaging_listed",
        _R.HOLD,
        _SENDER,
    ),
    *(
        _e(
            code,
            title,
            _C.PROVISIONING,
            f"Hosted messaging enablement failed: {title.lower()}.",
            _OSR_FIX,
            "number.messaging_listed",
            source=_SENDER,
        )
        for code, title in _OSR.items()
    ),
    _e(
        "40305",
        "Invalid 'from' address",
        _C.SENDER_CONFIGURATION,
        "`from` is not a number, short code or alphanumeric id on the sending messaging profile (also when a "
        "number pool drops numbers with ≥ 75 % spam marking).",
        "Assign the number to the messaging profile the message is sent with.",
        "profile.assigned",
        source=_SENDER,
        refuses_send=True,
    ),
    _e(
        "40306",
        "Alpha sender not configured",
        _C.SENDER_CONFIGURATION,
        "The messaging profile has no alphanumeric sender id.",
        "Set `alpha_sender` on the messaging profile.",
        "alphanumeric.registered",
        source=_SENDER,
        refuses_send=True,
    ),
    _e(
        "40307",
        "Alpha sender mismatch",
        _C.SENDER_CONFIGURATION,
        "The alphanumeric `from` differs from the profile's alpha sender.",
        "Send with the profile's alpha sender, or change it on the profile.",
        "alphanumeric.registered",
        source=_SENDER,
        refuses_send=True,
    ),
    _e(
        "40308",
        "Invalid 'from' address for MMS",
        _C.SENDER_CONFIGURATION,
        "MMS can only be sent from US long codes and MMS-configured short codes.",
        "Send MMS from a US long code or an MMS-enabled short code, or send SMS.",
        "number.sms_capable",
        source=_SENDER,
        refuses_send=True,
    ),
    _e(
        "40309",
        "Invalid destination region",
        _C.SENDER_CONFIGURATION,
        "The destination country is not in the profile's whitelisted destinations.",
        "Add the country to the profile's `whitelisted_destinations`.",
        "profile.destinations",
        source=_SENDER,
        refuses_send=True,
    ),
    _e(
        "40311",
        "Invalid messaging profile secret",
        _C.SENDER_CONFIGURATION,
        "The `X-Profile-Secret` header (legacy v1 API) is wrong.",
        "Send the profile's `v1_secret`, or move to API v2.",
        None,
        source=_SENDER,
    ),
    _e(
        "40312",
        "Messaging profile is disabled",
        _C.SENDER_CONFIGURATION,
        "The messaging profile is disabled.",
        "Enable the messaging profile.",
        "profile.enabled",
        source=_SENDER,
        refuses_send=True,
    ),
    _e(
        "40313",
        "Missing messaging profile secret",
        _C.SENDER_CONFIGURATION,
        "The `X-Profile-Secret` header (legacy v1 API) is missing.",
        "Send the profile's `v1_secret`, or move to API v2.",
        None,
        source=_SENDER,
    ),
    _e(
        "40314",
        "Messaging disabled on account",
        _C.ACCOUNT,
        "Messaging is disabled on the whole account.",
        "Contact Telnyx support.",
        None,
        _R.PERMANENT,
        _SENDER,
        refuses_send=True,
    ),
    _e(
        "40315",
        "Unhealthy 'from' address",
        _C.SENDER_CONFIGURATION,
        "The sending number failed Telnyx's health check (delivery success or spam-rejection rate).",
        "Improve the number's traffic (opt-in, content, rate) or send from another number.",
        "number.health",
        _R.ACTION_REQUIRED,
        _SENDER,
        refuses_send=True,
    ),
    _e(
        "40320",
        "Temporarily unusable 'from' address",
        _C.SENDER_CONFIGURATION,
        "The number is in a pending or transitional state (e.g. its purchase is not finalized).",
        "Wait for the number's provisioning to finish.",
        "number.on_account",
        _R.HOLD,
        _SENDER,
        refuses_send=True,
    ),
    _e(
        "40321",
        "No usable numbers on messaging profile",
        _C.SENDER_CONFIGURATION,
        "The profile's number pool is not enabled or has no usable number.",
        "Assign healthy numbers to the profile, or enable its number pool.",
        "profile.assigned",
        source=_SENDER,
        refuses_send=True,
    ),
    _e(
        "40323",
        "Messaging activation failed",
        _C.PROVISIONING,
        "Telnyx could not enable messaging on the number.",
        "Enable messaging again; contact support if it keeps failing.",
        "number.messaging_listed",
        source=_SENDER,
    ),
    _e(
        "40324",
        "Messaging product type change failed",
        _C.PROVISIONING,
        "Telnyx could not change the number's messaging product type.",
        "Retry the change; contact support if it keeps failing.",
        "number.messaging_listed",
        source=_SENDER,
    ),
    _e(
        "40325",
        "Invalid alphanumeric sender ID",
        _C.SENDER_CONFIGURATION,
        "The alphanumeric sender id is invalid.",
        "Use 1–11 letters and digits.",
        None,
        source=_SENDER,
        refuses_send=True,
    ),
    _e(
        "40326",
        "Cannot assign alphanumeric sender ID",
        _C.SENDER_CONFIGURATION,
        "The alphanumeric sender id could not be assigned to the profile.",
        "Check the id's format and the account's verification level (L2 for alphanumeric).",
        None,
        source=_SENDER,
    ),
    _e(
        "40329",
        "Tollfree number is not verified",
        _C.SENDER_CONFIGURATION,
        "The toll-free verification is not submitted, pending or failed.",
        "Complete toll-free verification for the number.",
        "tollfree.verified",
        _R.ACTION_REQUIRED,
        _SENDER,
        refuses_send=True,
    ),
    _e(
        "40330",
        "Tollfree number is not provisioned",
        _C.SENDER_CONFIGURATION,
        "The toll-free number is not yet fully provisioned for messaging.",
        "Wait for provisioning; contact support if it does not finish.",
        "tollfree.verified",
        source=_SENDER,
        refuses_send=True,
    ),
    _e(
        "40331",
        "Missing whitelisted destinations",
        _C.SENDER_CONFIGURATION,
        "The messaging profile has no whitelisted destinations.",
        'Set `whitelisted_destinations` on the profile (e.g. `["US"]`).',
        "profile.destinations",
        source=_SENDER,
        refuses_send=True,
    ),
    _e(
        "40332",
        "Brand cannot be deleted",
        _C.REQUEST,
        "The 10DLC brand still has an active campaign (an administration error, not a send error).",
        "Deactivate the brand's campaigns first.",
        None,
        source=_SENDER,
    ),
    _e(
        "40333",
        "Messaging profile spend limit reached",
        _C.SENDER_CONFIGURATION,
        "Sending would exceed the profile's configured daily spend limit.",
        "Raise or disable the profile's `daily_spend_limit`, or wait for the next day.",
        None,
        _R.ACTION_REQUIRED,
        _SENDER,
        refuses_send=True,
    ),
    _e(
        "20012",
        "Account inactive",
        _C.ACCOUNT,
        "The account is deactivated (it may be out of funds).",
        "Top up or reactivate the account.",
        None,
        source=_SENDER,
        refuses_send=True,
    ),
    _e(
        "20013",
        "Account blocked",
        _C.ACCOUNT,
        "The account is blocked.",
        "Contact Telnyx support.",
        None,
        source=_SENDER,
        refuses_send=True,
    ),
    _e(
        "20014",
        "Account unverified",
        _C.ACCOUNT,
        "The account is not verified.",
        "Verify the account.",
        None,
        source=_SENDER,
        refuses_send=True,
    ),
    _e(
        "20015",
        "Feature not enabled",
        _C.ACCOUNT,
        "A feature (e.g. SMS) is not enabled on the account.",
        "Ask Telnyx to enable the feature.",
        None,
        source=_SENDER,
        refuses_send=True,
    ),
    _e(
        "20016",
        "Account not level 1 verified",
        _C.ACCOUNT,
        "The account lacks level 1 verification.",
        "Complete level 1 verification.",
        None,
        source=_SENDER,
        refuses_send=True,
    ),
    _e(
        "20017",
        "Account not level 2 verified",
        _C.ACCOUNT,
        "The account lacks level 2 verification (needed e.g. for alphanumeric senders).",
        "Complete level 2 verification.",
        None,
        source=_SENDER,
        refuses_send=True,
    ),
    _e(
        "20100",
        "Insufficient Funds",
        _C.ACCOUNT,
        "The account balance is too low.",
        "Top up the balance.",
        None,
        source=_SENDER,
        refuses_send=True,
    ),
    _e(
        "10038",
        "Feature not permitted",
        _C.ACCOUNT,
        "An account-level restriction forbids the feature.",
        "Upgrade the account (telnyx.com/upgrade).",
        None,
        source=_SENDER,
        refuses_send=True,
    ),
    _e(
        "10039",
        "Feature limited",
        _C.ACCOUNT,
        "An account-level restriction limits the feature.",
        "Upgrade the account (telnyx.com/upgrade).",
        None,
        source=_SENDER,
    ),
    # Destination / recipient (§C.3)
    _e(
        "40001",
        "Not routable",
        _C.RECIPIENT,
        "The destination is a landline or a non-routable wireless number.",
        "Check the recipient's number can receive SMS.",
        None,
        _R.PERMANENT,
        _DEST,
    ),
    _e(
        "40004",
        "Rejected by destination",
        _C.RECIPIENT,
        "The recipient's carrier refused the message for an unknown reason.",
        "Retry after a delay; contact support if it persists.",
        None,
        source=_DEST,
    ),
    _e(
        "40006",
        "Recipient server unavailable",
        _C.TEMPORARY,
        "The recipient carrier's server is unavailable or not responding.",
        "Retry with backoff.",
        None,
        _R.AUTO,
        _DEST,
    ),
    _e(
        "40008",
        "Undeliverable",
        _C.TEMPORARY,
        "The recipient's carrier did not accept the message.",
        "Retry with backoff; it may succeed.",
        None,
        _R.AUTO,
        _DEST,
    ),
    _e(
        "40012",
        "Invalid messaging destination number",
        _C.RECIPIENT,
        "The carrier deemed the destination invalid (unowned, deactivated, no credit, or cannot receive short codes).",
        "Check the recipient's number.",
        None,
        source=_DEST,
    ),
    _e(
        "40300",
        "Blocked due to STOP message",
        _C.RECIPIENT,
        "The recipient opted out (texted STOP, CANCEL, END, QUIT or UNSUBSCRIBE) to this sender.",
        "Do not retry; the recipient must text START to opt back in.",
        None,
        _R.PERMANENT,
        _DEST,
    ),
    _e(
        "40301",
        "Unsupported message type for the 'to' address",
        _C.RECIPIENT,
        "Sending from this kind of sender to this destination is not supported.",
        "Send from a sender type the destination supports.",
        None,
        source=_DEST,
    ),
    _e(
        "40310",
        "Invalid 'to' address",
        _C.RECIPIENT,
        "`to` must be one valid number in +E.164.",
        "Correct the destination number.",
        None,
        source=_DEST,
    ),
    _e(
        "40319",
        "Incompatible message type for the 'to' address",
        _C.RECIPIENT,
        "The sender and destination types are incompatible.",
        "Send from a sender type the destination supports.",
        None,
        source=_DEST,
    ),
    _e(
        "10002",
        "Invalid phone number",
        _C.REQUEST,
        "A number in the request is invalid.",
        "Correct the number in the request.",
        None,
        source=_DEST,
    ),
    _e(
        "10016",
        "Phone number must be in +E.164 format",
        _C.REQUEST,
        "A number in the request is not in +E.164 format.",
        "Send numbers as +E.164 (e.g. +13125550100).",
        None,
        source=_DEST,
    ),
    # Carrier / spam filtering (§C.4)
    _e(
        "40002",
        "Blocked as spam - temporary",
        _C.CARRIER_SPAM,
        "A carrier spam filter flagged the message (temporary).",
        "Send slower, change the content, check opt-in practice.",
        None,
        _R.AFTER_FIX,
        _SPAM,
    ),
    _e(
        "40003",
        "Blocked as spam - permanent",
        _C.CARRIER_SPAM,
        "A carrier flagged the message and permanently blocked the sending number.",
        "Send from another number; appeal with proof of opt-in.",
        None,
        _R.PERMANENT,
        _SPAM,
    ),
    _e(
        "40011",
        "Too many requests",
        _C.CARRIER_SPAM,
        "The upstream carrier's rate limit was exceeded, so its spam filter flagged the message.",
        "Slow down to the sender's throughput.",
        None,
        _R.AFTER_FIX,
        _SPAM,
    ),
    _e(
        "40015",
        "Blocked as spam - internal",
        _C.CARRIER_SPAM,
        "Telnyx's own spam filter flagged the message.",
        "Review the content and opt-in practice; contact support to appeal.",
        None,
        _R.ACTION_REQUIRED,
        _SPAM,
    ),
    _e(
        "40017",
        "AT&T 10DLC Spam Message Rejected",
        _C.CARRIER_SPAM,
        "AT&T rejected the message as spam on the 10DLC route.",
        "Change the content to match the campaign's use case; check opt-in.",
        None,
        _R.AFTER_FIX,
        _SPAM,
    ),
    _e(
        "40020",
        "Blocked as potentially artificial inflation of traffic",
        _C.CARRIER_SPAM,
        "2FA traffic looked like artificial inflation and is blocked for 24 hours.",
        "Wait 24 hours; add protections against SMS pumping (rate limits, captcha).",
        None,
        _R.HOLD,
        _SPAM,
    ),
    # Content (§C.5)
    _e(
        "40009",
        "Invalid message body",
        _C.CONTENT,
        "The body is invalid or violates carrier rules.",
        "Fix the body's content or encoding.",
        None,
        source=_CONTENT,
    ),
    _e(
        "40302",
        "Message too large",
        _C.CONTENT,
        "The SMS would exceed the maximum number of parts.",
        "Shorten the text or send MMS.",
        None,
        source=_CONTENT,
    ),
    _e(
        "40304",
        "Invalid combination of message content arguments",
        _C.CONTENT,
        "SMS takes text only; MMS takes media_urls with optional subject/text.",
        "Send text for SMS, media_urls for MMS.",
        None,
        source=_CONTENT,
    ),
    _e(
        "40316",
        "No content provided for message",
        _C.CONTENT,
        "Neither `text` nor `media_urls` was given.",
        "Send text and/or media_urls.",
        None,
        source=_CONTENT,
    ),
    _e(
        "40317",
        "Invalid MMS content",
        _C.CONTENT,
        "More than 10 media items, or 1 MB or more in total.",
        "Send at most 10 media items under 1 MB in total.",
        None,
        source=_CONTENT,
    ),
    _e(
        "40322",
        "Blocked due to content",
        _C.CONTENT,
        "The message contains prohibited content.",
        "Remove the prohibited content.",
        None,
        _R.PERMANENT,
        _CONTENT,
    ),
    _e(
        "40327",
        "Invalid Domain",
        _C.CONTENT,
        "The domain is not allowed for the URL shortener.",
        "Use an allowed domain, or turn the URL shortener off.",
        None,
        source=_CONTENT,
    ),
    _e(
        "40328",
        "SMS exceeds recommended size",
        _C.CONTENT,
        "The SMS has too many parts.",
        "Send as MMS or set `auto_detect=false`.",
        None,
        source=_CONTENT,
    ),
    # Rate limiting / queue / expiry (§C.6)
    _e(
        "40005",
        "Message expired during transmission",
        _C.RATE_QUEUE,
        "The message expired after leaving Telnyx, before it could be delivered.",
        "Check carrier delays; send within the sender's throughput.",
        None,
        _R.AFTER_FIX,
        _RATE,
    ),
    _e(
        "40014",
        "Message expired in queue",
        _C.RATE_QUEUE,
        "Telnyx did not send the message before its validity period passed: sending faster than the "
        "sender's throughput (not billed).",
        "Send within the sender's throughput, or raise it (10DLC campaign class, toll-free verification).",
        None,
        _R.AFTER_FIX,
        _RATE,
    ),
    _e(
        "40016",
        "T-Mobile 10DLC Sending Limit Reached",
        _C.RATE_QUEUE,
        "The brand's T-Mobile daily allotment is used up (resets at midnight PST).",
        "Wait for the reset, or raise the brand's T-Mobile tier.",
        None,
        _R.AFTER_FIX,
        _RATE,
    ),
    _e(
        "40018",
        "AT&T 10DLC Sending Limit Reached",
        _C.RATE_QUEUE,
        "The campaign's AT&T per-minute throughput was exceeded.",
        "Send slower, within the campaign's AT&T limit.",
        None,
        _R.AFTER_FIX,
        _RATE,
    ),
    _e(
        "40318",
        "Message queue full",
        _C.RATE_QUEUE,
        "The sender's queue is full (rate limit × 4 hours of messages).",
        "Back off and retry after a delay.",
        None,
        _R.AFTER_FIX,
        _RATE,
    ),
    _e(
        "10011",
        "Too many requests",
        _C.RATE_QUEUE,
        "The API request rate limit was exceeded (HTTP 429).",
        "Back off per the `x-ratelimit-*` headers.",
        None,
        _R.BACK_OFF,
        _RATE,
    ),
    # Temporary / platform / other (§C.7)
    _e(
        "40007",
        "Loop detected",
        _C.TEMPORARY,
        "Telnyx detected an infinite message loop.",
        "Check auto-replies between the two numbers.",
        None,
        source=_OTHER,
    ),
    _e(
        "40303",
        "Message not found",
        _C.REQUEST,
        "The message id is unknown (a lookup error).",
        "Check the message id (messages older than 10 days cannot be retrieved).",
        None,
        source=_OTHER,
    ),
    _e(
        "41000",
        "WhatsApp Error",
        _C.TEMPORARY,
        "A generic WhatsApp error.",
        "Read the error's detail; contact support if it persists.",
        None,
        source=_OTHER,
    ),
    _e(
        "10007",
        "Unexpected error",
        _C.TEMPORARY,
        "Possibly a problem on Telnyx's side.",
        "Retry, and check status.telnyx.com.",
        None,
        source=_OTHER,
    ),
    _e("10008", "Request timeout", _C.TEMPORARY, "The request timed out.", "Retry.", None, source=_OTHER),
    _e(
        "10015",
        "Bad Request",
        _C.REQUEST,
        "The send request is malformed.",
        "Correct the request.",
        None,
        source=_OTHER,
    ),
    _e(
        "10004",
        "Missing required parameter",
        _C.REQUEST,
        "A required parameter is missing.",
        "Add the parameter the error's `source` names.",
        None,
        source=_OTHER,
    ),
    # Webhook delivery codes (§A.6)
    _e(
        "75000",
        "Webhook delivery error",
        _C.WEBHOOK_DELIVERY,
        "The webhook delivery failed (generic).",
        _HOOK_FIX,
        "webhook.reachable",
        _R.TELNYX_RETRIES,
        _HOOK,
    ),
    _e(
        "75001",
        "Could not resolve name",
        _C.WEBHOOK_DELIVERY,
        "Telnyx could not resolve the webhook URL's host name (DNS).",
        "Correct the host name, or publish its DNS record.",
        "webhook.url_valid",
        _R.TELNYX_RETRIES,
        _HOOK,
    ),
    _e(
        "75002",
        "Could not connect to host",
        _C.WEBHOOK_DELIVERY,
        "Telnyx could not connect to the webhook host (refused or unreachable).",
        "Start the app, open the port, or let Telnyx's webhook senders (192.76.120.192/27) through the firewall.",
        "webhook.reachable",
        _R.TELNYX_RETRIES,
        _HOOK,
    ),
    _e(
        "75003",
        "Certificate misconfiguration",
        _C.WEBHOOK_DELIVERY,
        "The webhook host's certificate could not be verified.",
        "Serve the full certificate chain.",
        "webhook.reachable",
        _R.TELNYX_RETRIES,
        _HOOK,
    ),
    _e(
        "75004",
        "Expired certificate",
        _C.WEBHOOK_DELIVERY,
        "The webhook host's certificate has expired.",
        "Renew the certificate.",
        "webhook.reachable",
        _R.TELNYX_RETRIES,
        _HOOK,
    ),
    _e(
        "75005",
        "Certificate name mismatch",
        _C.WEBHOOK_DELIVERY,
        "The certificate's names do not match the URL's host.",
        "Serve a certificate for the URL's host, or correct the URL.",
        "webhook.reachable",
        _R.TELNYX_RETRIES,
        _HOOK,
    ),
    _e(
        "75006",
        "Untrusted certificate root",
        _C.WEBHOOK_DELIVERY,
        "The certificate is not signed by a trusted authority (e.g. self-signed).",
        "Use a certificate from a public CA (e.g. Let's Encrypt).",
        "webhook.reachable",
        _R.TELNYX_RETRIES,
        _HOOK,
    ),
    *(
        _e(code, title, _C.WEBHOOK_DELIVERY, cause, fix, "webhook.reachable", _R.TELNYX_RETRIES, _HOOK)
        for code, (title, cause, fix) in _HTTP_HOOK.items()
    ),
)

BY_CODE: dict[str, CodeEntry] = {entry.code: entry for entry in CODES}


def normalise(code: object) -> str | None:
    """A code as the catalogue keys it (`"40010"`), from an int, a string, or an error object; None if none."""
    if isinstance(code, dict):
        code = code.get("code")
    if isinstance(code, bool) or code is None:
        return None
    text = str(code).strip()
    return text if text.isdigit() else None


def lookup(code: object) -> CodeEntry | None:
    """The catalogue's row for `code` (int, str or `{"code": …}`), or None when it is not listed."""
    key = normalise(code)
    return BY_CODE.get(key) if key is not None else None


def explain(code: object) -> CodeEntry:
    """The row for `code`; an unlisted code gets an honest placeholder row instead of an error."""
    entry = lookup(code)
    if entry is not None:
        return entry
    key = normalise(code) or str(code)
    webhook = key.startswith("75")
    return CodeEntry(
        code=key,
        title=f"Unknown code {key}",
        cls=_C.WEBHOOK_DELIVERY if webhook else _C.TEMPORARY,
        cause="A code the doctor's catalogue does not list.",
        fix=f"Look it up at https://developers.telnyx.com/api/errors/{key}, or ask Telnyx support.",
        check="webhook.reachable" if webhook else None,
        retry=_R.TELNYX_RETRIES if webhook else _R.NOT_STATED,
        source="not in the catalogue",
        known=False,
    )


def refused_by_configuration() -> frozenset[str]:
    """Codes that mean sending is refused because of the sender's configuration or account."""
    return frozenset(entry.code for entry in CODES if entry.refuses_send)


def refusing_codes(check_id: str) -> tuple[CodeEntry, ...]:
    """The codes a send would be refused with when `check_id` does not pass (for a send test to refuse first)."""
    return tuple(entry for entry in CODES if entry.refuses_send and entry.check == check_id)


def by_class(cls: CodeClass, codes: Iterable[CodeEntry] = CODES) -> tuple[CodeEntry, ...]:
    """The rows of one class, in catalogue order."""
    return tuple(entry for entry in codes if entry.cls is cls)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def docs_page() -> str:
    """The docs page listing every code (docs/codes.md, written by docsgen with its marker)."""
    lines = [
        "# Telnyx error codes",
        "",
        "Every messaging error code and webhook delivery code the doctor knows: what it means, what to do, "
        "and the check that explains it. Sources: the Telnyx API error catalog, the messaging error-code "
        "reference and the webhook delivery codes (see each row's section of the evidence reference).",
        "",
        "Retry advice, as Telnyx publishes it:",
        "",
        *(f"- **{retry.value}**: {advice}" for retry, advice in RETRY_ADVICE.items()),
    ]
    for cls in CodeClass:
        rows = by_class(cls)
        if not rows:
            continue
        lines += ["", f"## {cls.value}", "", "| code | title | cause | fix | check | retry | refuses a send |"]
        lines.append("|---|---|---|---|---|---|---|")
        for e in rows:
            check = f"[`{e.check}`](checks/{e.check}.md)" if e.check else "–"
            cells = [
                e.code,
                _cell(e.title),
                _cell(e.cause),
                _cell(e.fix),
                check,
                e.retry.value,
                "yes" if e.refuses_send else "",
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
