"""Titles of the Telnyx error codes the sandbox emits (messaging 40xxx/10xxx, webhook delivery 75xxx)."""

from __future__ import annotations

# Titles as the API error catalogue words them (reference telnyx-evidence.md §A.6 and §C).
TITLES: dict[str, str] = {
    "10004": "Missing required parameter",
    "10015": "Bad Request",
    "10016": "Phone number must be in +E.164 format",
    "40001": "Not routable",
    "40002": "Blocked as spam - temporary",
    "40003": "Blocked as spam - permanent",
    "40004": "Rejected by destination",
    "40005": "Message expired during transmission",
    "40006": "Recipient server unavailable",
    "40008": "Undeliverable",
    "40010": "Not 10DLC registered",
    "40011": "Too many requests",
    "40012": "Invalid messaging destination number",
    "40014": "Message expired in queue",
    "40015": "Blocked as spam - internal",
    "40016": "T-Mobile 10DLC Sending Limit Reached",
    "40017": "AT&T 10DLC Spam Message Rejected",
    "40018": "AT&T 10DLC Sending Limit Reached",
    "40300": "Blocked due to STOP message",
    "40303": "Message not found",
    "40305": "Invalid 'from' address",
    "40306": "Alpha sender not configured",
    "40307": "Alpha sender mismatch",
    "40308": "Invalid 'from' address for MMS",
    "40309": "Invalid destination region",
    "40310": "Invalid 'to' address",
    "40312": "Messaging profile is disabled",
    "40314": "Messaging disabled on account",
    "40315": "Unhealthy 'from' address",
    "40316": "No content provided for message",
    "40320": "Temporarily unusable 'from' address",
    "40321": "No usable numbers on messaging profile",
    "40322": "Blocked due to content",
    "40329": "Tollfree number is not verified",
    "40331": "Missing whitelisted destinations",
    "75000": "Webhook delivery error",
    "75001": "Could not resolve name",
    "75002": "Could not connect to host",
    "75003": "Certificate misconfiguration",
    "75004": "Expired certificate",
    "75005": "Certificate name mismatch",
    "75006": "Untrusted certificate root",
    "75299": "Webhook host returned a non-200 HTTP 2XX",
    "75300": "Webhook host returned HTTP 3XX",
    "75400": "Webhook host returned HTTP 400",
    "75404": "Webhook host returned HTTP 404",
    "75499": "Webhook host returned HTTP 4XX",
    "75500": "Webhook host returned HTTP 500",
    "75599": "Webhook host returned HTTP 5XX",
}

# HTTP status of a send refused with a 403xx-family code: 409 for STOP blocks (its catalogue page says so),
# 422 for the rest (the reference's inferred mapping; the doctor keys on the code, never on the status).
REFUSAL_STATUS: dict[str, int] = {"40300": 409}


def title(code: str | int) -> str:
    """The catalogue title of `code`, or a generic one."""
    return TITLES.get(str(code), "Messaging error")


def delivery_codes(http_status: int | None) -> list[int]:
    """The 75xxx codes Telnyx records for an attempt answered with `http_status` (none for a 2xx)."""
    if http_status is None:
        return [75002]
    if 200 <= http_status < 300:
        return []
    exact = {300: 75300, 400: 75400, 404: 75404, 500: 75500}
    if http_status in exact:
        return [exact[http_status]]
    family = {3: 75300, 4: 75499, 5: 75599}
    return [family.get(http_status // 100, 75000)]
