"""The Telnyx error codes the sandbox emits (messaging 40xxx/10xxx, webhook delivery 75xxx): titles and statuses."""

from __future__ import annotations

# The doctor's catalogue is the one source of titles: a simulated error reads as the checks explain it.
from telnyx_doctor.evidence.codes import lookup

# HTTP status of a send refused with a 403xx-family code: 409 for STOP blocks (its catalogue page says so),
# 422 for the rest (the reference's inferred mapping; the doctor keys on the code, never on the status).
REFUSAL_STATUS: dict[str, int] = {"40300": 409}


def title(code: str | int) -> str:
    """The catalogue title of `code`, or a generic one."""
    entry = lookup(code)
    return entry.title if entry is not None else "Messaging error"


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
