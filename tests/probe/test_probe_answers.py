"""The catalogue of recognised webhook answers: recorded edge/tunnel answers, precedence, tunnel hosts, docs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from telnyx_doctor.docsgen import catalogue_pages
from telnyx_doctor.probe import answers as probe_answers
from telnyx_doctor.probe.answers import BY_ID, ROWS, Group, recognise, tunnel_service

RECORDED = Path(__file__).parent / "recorded"
REPO = Path(__file__).parents[2]


def _fixtures() -> list[Path]:
    return sorted(RECORDED.glob("*.json"))


@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: p.stem)
def test_recorded_answer_is_recognised_as_its_row(path: Path) -> None:
    """Each recorded edge, tunnel or framework answer is recognised as the row it documents (or none)."""
    fixture: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    assert fixture["source"], "every recorded answer names where it comes from"
    answer = recognise(fixture["status"], fixture["headers"], fixture["body"].encode())
    assert (answer.row.id if answer else None) == fixture["expect"]


def test_every_edge_and_tunnel_row_has_a_recorded_answer() -> None:
    """No edge or tunnel row goes untested: each is the expectation of some recorded fixture."""
    expected = {json.loads(p.read_text(encoding="utf-8"))["expect"] for p in _fixtures()}
    rows = {row.id for row in ROWS if row.group in (Group.EDGE, Group.TUNNEL) and row.id != "ngrok.error"}
    assert rows - expected == set()


def test_rows_are_in_precedence_order_with_unique_ids() -> None:
    """The table lists tunnels, then edges, auth walls, CSRF and signature rows, each id once."""
    order = list(Group)
    assert [order.index(r.group) for r in ROWS] == sorted(order.index(r.group) for r in ROWS)
    assert len(BY_ID) == len(ROWS)
    assert {r.group for r in ROWS} == set(Group)


def test_headers_match_whatever_their_case() -> None:
    """Header names match case-insensitively, as HTTP says."""
    for name in ("ngrok-error-code", "NGROK-ERROR-CODE"):
        answer = recognise(404, {name: "ERR_NGROK_3200"}, b"")
        assert answer is not None and answer.row.id == "ngrok.offline"


def test_other_ngrok_codes_fall_to_the_generic_ngrok_row() -> None:
    """An ngrok code the table does not single out is still an ngrok error, not the app's answer."""
    answer = recognise(200, {"Ngrok-Error-Code": "ERR_NGROK_6024"}, b"<html>You are about to visit")
    assert answer is not None and answer.row.id == "ngrok.error" and answer.row.reachable == "fail"


@pytest.mark.parametrize("scheme", ['Basic realm="hooks"', "Bearer", 'Digest realm="x", nonce="1"', "bearer"])
def test_auth_challenges_are_walls(scheme: str) -> None:
    """A 401 with a challenge fails reachability and skips the signature check: the wall answered, not the app."""
    answer = recognise(401, {"WWW-Authenticate": scheme}, b"Unauthorized")
    assert answer is not None and answer.row.id == "auth.challenge"
    assert (answer.row.reachable, answer.row.signature_enforced) == ("fail", "skip")


def test_a_plain_401_is_left_to_the_status_logic() -> None:
    """A 401 without a challenge is how an app rejects a bad signature: not recognised as a wall."""
    assert recognise(401, {"Content-Type": "application/json"}, b'{"error":"invalid signature"}') is None


def test_csrf_pages_win_over_the_signature_row() -> None:
    """Django's CSRF page says "verification", yet it is CSRF, not a signature check (CSRF comes first)."""
    answer = recognise(403, {}, b"<h1>Forbidden (403)</h1><p>CSRF verification failed. Request aborted.</p>")
    assert answer is not None and answer.row.id == "csrf.django"
    rails = recognise(422, {}, b"ActionController::InvalidAuthenticityToken: Can't verify CSRF token authenticity")
    assert rails is not None and rails.row.id == "csrf.rails"


@pytest.mark.parametrize(
    "body", [b"Bad signature", b'{"error":"Signature verification failed"}', b"could not verify webhook"]
)
def test_signature_rejections_by_body_pass_both_checks(body: bytes) -> None:
    """A 400 whose body speaks of the signature means signatures are enforced and the endpoint is reachable."""
    answer = recognise(400, {}, body)
    assert answer is not None and answer.row.id == "signature.rejected"
    assert (answer.row.reachable, answer.row.signature_enforced) == ("pass", "pass")


@pytest.mark.parametrize(
    ("status", "headers", "body"),
    [
        (200, {"Server": "cloudflare", "CF-RAY": "1"}, b"ok"),
        (400, {}, b'{"detail":[{"type":"missing","loc":["body","data"]}]}'),
        (403, {"Server": "AkamaiGHost"}, b"forbidden"),
        (500, {}, b"Internal Server Error"),
        (404, {}, b"Tunnel not here"),
    ],
)
def test_ordinary_answers_are_not_recognised(status: int, headers: dict[str, str], body: bytes) -> None:
    """Answers without a row's full evidence fall to today's logic (an edge's Server header alone is not a block)."""
    assert recognise(status, headers, body) is None


def test_markers_beyond_the_read_window_are_ignored() -> None:
    """Only the first bytes of the body are read, so a huge body cannot make the probe scan megabytes."""
    body = b"x" * probe_answers.BODY_BYTES + b"CSRF verification failed"
    assert recognise(403, {}, body) is None


def test_evidence_names_what_decided() -> None:
    """A recognised answer carries the status, headers and body marker that matched."""
    answer = recognise(530, {"Server": "cloudflare"}, b"error code: 1033")
    assert answer is not None
    assert answer.evidence == ("status 530", "body 'error code: 1033'")


@pytest.mark.parametrize(
    ("url", "service"),
    [
        ("https://abc-123.ngrok-free.app/webhooks", "ngrok"),
        ("https://x.ngrok.io", "ngrok"),
        ("https://quiet-river.trycloudflare.com/hook", "Cloudflare quick tunnel"),
        ("https://tidy-cat-42.loca.lt/", "localtunnel"),
        ("HTTPS://ABC.NGROK-FREE.APP.:443/x", "ngrok"),
        ("abc.lhr.life", "localhost.run"),
        ("https://example.com/webhooks", None),
        ("https://notngrok.io/x", None),
        ("https://ngrok.io.example.com/x", None),
    ],
)
def test_tunnel_hosts_are_recognised_by_suffix(url: str, service: str | None) -> None:
    """A URL on a tunnel service's domain is named; look-alike domains are not."""
    assert tunnel_service(url) == service


def test_answers_page_is_generated_and_current() -> None:
    """docs/webhook-answers.md equals what `make docs` writes, and lists every row."""
    page = catalogue_pages()["webhook-answers.md"]
    assert (REPO / "docs" / "webhook-answers.md").read_text(encoding="utf-8") == page, "run `make docs`"
    assert all(f"| `{row.id}` |" in page for row in ROWS)
