"""Builders for a finding's Fix: curl commands against the real Telnyx API, doctor commands, docs links."""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from telnyx_doctor.models import Fix, NumberKind
from telnyx_doctor.numbers import Target

API_BASE = "https://api.telnyx.com/v2"
# The key is always read from the environment: a fix never carries a literal key.
AUTH = '-H "Authorization: Bearer $TELNYX_API_KEY"'
JSON = '-H "Content-Type: application/json"'

_DOCS = "https://developers.telnyx.com"
DOCS_NUMBER_CONFIG = f"{_DOCS}/docs/messaging/messages/phone-number-configuration"
DOCS_PROFILES = f"{_DOCS}/docs/messaging/messages/messaging-profiles-overview"
DOCS_WEBHOOKS = f"{_DOCS}/docs/messaging/messages/receiving-webhooks"
DOCS_BUY_NUMBER = f"{_DOCS}/docs/numbers/phone-numbers/buy-phone-number"
DOCS_PORTING = f"{_DOCS}/docs/numbers/porting/messaging-porting"
DOCS_10DLC = f"{_DOCS}/docs/messaging/10dlc/quickstart"
DOCS_10DLC_ASSIGNMENT = f"{_DOCS}/docs/messaging/10dlc/phone-number-assignment"
DOCS_10DLC_CAMPAIGN = f"{_DOCS}/docs/messaging/10dlc/campaign-registration"
DOCS_10DLC_TROUBLESHOOTING = f"{_DOCS}/docs/messaging/10dlc/troubleshooting"
DOCS_TOLL_FREE = f"{_DOCS}/docs/messaging/toll-free-verification"
DOCS_SHORT_CODE = f"{_DOCS}/docs/messaging/messages/short-code"
DOCS_ALPHANUMERIC = f"{_DOCS}/docs/messaging/messages/alphanumeric-sender-id"


def docs_error(code: str) -> str:
    """The Telnyx docs page of one error code (the URL Telnyx puts in `errors[].meta.url`)."""
    return f"{_DOCS}/docs/overview/errors/{code}"


@dataclass(frozen=True)
class ShellVar:
    """A value the user supplies through an environment variable, e.g. `$MESSAGING_PROFILE_ID`."""

    name: str

    def __str__(self) -> str:
        return f"${self.name}"


PROFILE_ID_VAR = ShellVar("MESSAGING_PROFILE_ID")


def seg(value: str | ShellVar) -> str:
    """One URL path segment, percent-encoded (an E.164 `+` stays literal, as the Telnyx SDK sends it)."""
    return str(value) if isinstance(value, ShellVar) else quote(value, safe="+")


def curl(
    method: str,
    path: str,
    *,
    query: Mapping[str, str | ShellVar] | None = None,
    body: Mapping[str, Any] | None = None,
    body_file: str | None = None,
) -> str:
    """A one-line curl command against the real API; `path` starts at `/`, after `/v2`."""
    url = API_BASE + path
    if query:
        url += "?" + "&".join(f"{quote(key, safe='[]')}={_query_value(value)}" for key, value in query.items())
    parts = ["curl", "-X", method.upper(), f'"{url}"', AUTH]
    if body is not None:
        parts += [JSON, "-d", _json_arg(body)]
    elif body_file is not None:
        parts += [JSON, "-d", shlex.quote("@" + body_file)]
    return " ".join(parts)


def _query_value(value: str | ShellVar) -> str:
    return str(value) if isinstance(value, ShellVar) else quote(value, safe="")


def _json_arg(body: Mapping[str, Any]) -> str:
    """The body as one shell word: single-quoted, or double-quoted when it must expand a ShellVar."""
    tokens: dict[str, str] = {}

    def swap(value: Any) -> Any:
        if isinstance(value, ShellVar):
            token = f"@@{value.name}@@"
            tokens[token] = str(value)
            return token
        if isinstance(value, Mapping):
            return {key: swap(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [swap(item) for item in value]
        return value

    text = json.dumps(swap(body))
    if not tokens:
        return shlex.quote(text)
    for char in ("\\", '"', "$", "`"):
        text = text.replace(char, "\\" + char)
    for token, var in tokens.items():
        text = text.replace(token, var)
    return f'"{text}"'


LIST_PROFILES = curl("GET", "/messaging_profiles", query={"page[size]": "250"})
LIST_SHORT_CODES = curl("GET", "/short_codes", query={"page[size]": "250"})


def attach_short_code_cmd(short_code_id: str | ShellVar) -> str:
    """The call that puts a short code on the profile named in $MESSAGING_PROFILE_ID."""
    return curl("PATCH", f"/short_codes/{seg(short_code_id)}", body={"messaging_profile_id": PROFILE_ID_VAR})


def create_sender_id_cmd(sender_id: str) -> str:
    """The call that creates an alphanumeric sender ID on the profile named in $MESSAGING_PROFILE_ID."""
    body = {"alphanumeric_sender_id": sender_id, "messaging_profile_id": PROFILE_ID_VAR}
    return curl("POST", "/alphanumeric_sender_ids", body=body)


def patch_profile_cmd(profile_id: str | ShellVar, body: Mapping[str, Any]) -> str:
    """The call that changes one messaging profile."""
    return curl("PATCH", f"/messaging_profiles/{seg(profile_id)}", body=body)


def doctor_arg(target: Target) -> str:
    """The target as the doctor CLI reads it back (sender IDs get their `alpha:` prefix)."""
    value = f"alpha:{target.value}" if target.kind is NumberKind.ALPHANUMERIC else target.value
    return shlex.quote(value)


def doctor(target: Target, *args: str) -> str:
    """A doctor command about `target`, e.g. a re-check limited to some checks."""
    return " ".join(["doctor", doctor_arg(target), *args])


def recheck(target: Target, *check_ids: str) -> str:
    """Re-run only `check_ids` for `target`."""
    return doctor(target, "--only", shlex.quote(",".join(check_ids)))


def doctor_fix(target: Target) -> str:
    """Let the doctor assign `target` to the profile named in $MESSAGING_PROFILE_ID."""
    return f'doctor fix {doctor_arg(target)} --profile-id "{PROFILE_ID_VAR}"'


def export_var(var: ShellVar, hint: str) -> str:
    """A step telling the user which value to put in `var`."""
    return f"Set {var.name} to {hint}: export {var.name}=<value>"


def make_fix(
    summary: str,
    *,
    steps: Sequence[str],
    commands: Sequence[str],
    docs_url: str,
    safe_to_autofix: bool = False,
) -> Fix:
    """A Fix with every field the report promises."""
    return Fix(
        summary=summary,
        steps=list(steps),
        commands=list(commands),
        docs_url=docs_url,
        safe_to_autofix=safe_to_autofix,
    )
