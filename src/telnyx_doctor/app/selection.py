"""What a fleet selection names: `--profile` by id or by name, and why a selection holds no number."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from telnyx_doctor.errors import ApiStatusError, AuthenticationError, UsageError

if TYPE_CHECKING:
    from telnyx_doctor.api.client import TelnyxClient

LIST_PROFILES_TIP = 'list them: curl -H "Authorization: Bearer $TELNYX_API_KEY" {base_url}/messaging_profiles'


async def profile_named(client: TelnyxClient, given: str) -> str:
    """The id of the one profile called `given`, asked once `given` listed no number as a profile id.

    An existing profile without numbers, no profile by that id or name, or several profiles of that name
    is a UsageError saying which: a selection that silently diagnoses nothing would pass a CI gate.
    """
    from telnyx_doctor.api.models import MessagingProfile

    try:
        profile = await client.get_messaging_profile(given)
    except AuthenticationError:
        raise
    except ApiStatusError:  # the API refuses what is not shaped like an id: it may be a name
        profile = None
    if profile is not None:
        label = f"{given} ({profile.name})" if profile.name else given
        raise UsageError(f"messaging profile {label} has no phone numbers", tip="assign numbers to it first")
    profiles = [p async for p in client.iter_flat("/messaging_profiles", MessagingProfile)]
    wanted = given.strip().casefold()
    matches = [p for p in profiles if (p.name or "").strip().casefold() == wanted]
    if len(matches) == 1:
        return matches[0].id
    if matches:
        ids = ", ".join(p.id for p in matches)
        message = f"{len(matches)} messaging profiles are named {given!r}: {ids}"
        raise UsageError(message, tip="pass one id: --profile ID")
    names = sorted({p.name for p in profiles if p.name})
    close = difflib.get_close_matches(given, names, n=1)
    tip = f"did you mean --profile {close[0]!r}?" if close else LIST_PROFILES_TIP.format(base_url=client.base_url)
    raise UsageError(f"no messaging profile {given!r} on this account (by id or by name)", tip=tip)


def no_numbers_on_account() -> UsageError:
    """--all on an account without a phone number."""
    return UsageError("--all: the account has no phone numbers", tip="buy or port a number first")
