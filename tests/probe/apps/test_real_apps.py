"""Real apps answer a forged-signature POST, and the catalogue reads each answer as a person would."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from telnyx_doctor.probe.answers import recognise

EVENT = '{"data":{"event_type":"message.received","id":"0ccc7b54-4df3-4bca-a65a-3da1ecc777f0","payload":{}}}'


def _post(url: str, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(url, content=EVENT, headers=headers, timeout=10)


def _recognised(response: httpx.Response) -> str | None:
    answer = recognise(response.status_code, response.headers, response.content)
    return answer.row.id if answer else None


@pytest.mark.parametrize(
    ("app", "status", "row"),
    [
        ("flask_verify_400", 400, "signature.rejected"),
        ("fastapi_verify_401", 401, None),
        ("flask_verify_500", 500, None),
        ("fastapi_no_verification", 200, None),
        ("django_csrf", 403, "csrf.django"),
        ("flask_basic_auth", 401, "auth.challenge"),
    ],
)
def test_forged_probe_to_a_real_app_is_read_as_expected(
    app: str, status: int, row: str | None, forged_headers: dict[str, str], request: pytest.FixtureRequest
) -> None:
    """Each real app's answer to a forged signature has its status and is recognised as its row (or left alone)."""
    response = _post(request.getfixturevalue(app), forged_headers)
    assert response.status_code == status
    assert _recognised(response) == row


@pytest.mark.parametrize("app", ["flask_verify_400", "fastapi_verify_401", "flask_verify_500"])
def test_verifying_apps_accept_a_truly_signed_event(
    app: str, signed_headers: Callable[[str], dict[str, str]], request: pytest.FixtureRequest
) -> None:
    """The SDK-verifying apps accept Telnyx's real signature, so their rejections above are the SDK's doing."""
    response = _post(request.getfixturevalue(app), signed_headers(EVENT))
    assert response.status_code == 200


def test_the_auth_wall_lets_credentials_through(flask_basic_auth: str, forged_headers: dict[str, str]) -> None:
    """The wall, not the app, refused the probe: with credentials the same POST is accepted."""
    response = httpx.post(flask_basic_auth, content=EVENT, headers=forged_headers, auth=("user", "pass"), timeout=10)
    assert response.status_code == 200


def test_django_refuses_for_csrf_not_for_the_view(django_csrf: str, forged_headers: dict[str, str]) -> None:
    """Django's CSRF middleware answers before the view: its page names CSRF verification."""
    response = _post(django_csrf, forged_headers)
    assert b"CSRF verification failed" in response.content


def test_cold_start_answers_are_not_recognised(fastapi_cold_start: str, forged_headers: dict[str, str]) -> None:
    """A cold start is a matter of timing, not content: both answers are plain 200s left to the status logic."""
    first, second = _post(fastapi_cold_start, forged_headers), _post(fastapi_cold_start, forged_headers)
    assert (first.status_code, second.status_code) == (200, 200)
    assert _recognised(first) is None and _recognised(second) is None
