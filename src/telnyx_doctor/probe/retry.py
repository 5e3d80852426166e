"""A slow first answer is probed once more, so a cold start is told apart from an endpoint that is always slow.

One sample cannot tell them apart: an app that imports its crypto or opens its pool on first use answers its first
request in 1.3 s and every later one in 20 ms. Telnyx retries a failed attempt, so what matters is the steady time.
The second request is the same forged-signature probe; no URL is probed more than twice in a run.
"""

from __future__ import annotations

from telnyx_doctor.probe.client import ProbeResult, ProbeSettings, probe_url


def is_cold_start(first: ProbeResult, second: ProbeResult) -> bool:
    """True when a slow first answer was followed by a fast one with the same status: the app was warming up."""
    return (
        first.slow
        and second.answered
        and not second.slow
        and second.error_kind is None
        and second.status_code == first.status_code
    )


async def probe_twice_if_slow(url: str, settings: ProbeSettings) -> ProbeResult:
    """Probe `url`; when the answer took longer than `settings.warn_after`, probe once more and keep both times.

    A cold start returns the second (warm) result with the first answer's time in `first_answer_ms`; steady
    slowness returns the first result, judged as before, with the second answer's time in `retry_answer_ms`.
    """
    first = await probe_url(url, settings)
    if not first.slow:
        return first
    second = await probe_url(url, settings)
    if is_cold_start(first, second):
        return second.model_copy(update={"first_answer_ms": first.answer_ms})
    return first.model_copy(update={"retry_answer_ms": second.answer_ms})


__all__ = ["is_cold_start", "probe_twice_if_slow"]
