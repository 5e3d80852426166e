"""Shared by the sending tests: scenario text of 10DLC-registered numbers, and a real app verifying webhooks."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

# brand B with campaign C, which `number(…, campaign=True)` registers a number on
CAMPAIGN = """
[[brands]]
name = "B"

[[campaigns]]
name = "C"
brand = "B"
"""


def number(phone: str, profile: str | None = None, *, campaign: bool = True, send: str = "") -> str:
    """One `[[numbers]]` entry: on `profile`, on campaign C unless `campaign` is false, with a `send` table."""
    lines = ["", "[[numbers]]", f'phone_number = "{phone}"']
    lines += [f'profile = "{profile}"'] if profile else []
    lines += ['10dlc = { campaign = "C" }'] if campaign else []
    lines += [f"send = {send}"] if send else []
    return "\n".join(lines) + "\n"


class SdkApp:
    """A Flask webhook receiver that verifies each event with the `telnyx` SDK's webhooks.unwrap, on loopback."""

    def __init__(self, public_key: Callable[[], str]) -> None:
        import flask
        import telnyx
        from werkzeug import serving

        self.events: list[str] = []
        self.rejected = 0
        telnyx.Telnyx(api_key="unused", public_key="")  # pay the SDK's first-use cost before the 2 s timeouts
        app = flask.Flask("receiver")

        @app.post("/telnyx")
        def receive() -> Any:
            client = telnyx.Telnyx(api_key="unused", public_key=public_key())
            payload = flask.request.get_data(as_text=True)
            try:
                event = client.webhooks.unwrap(payload, headers=dict(flask.request.headers))
            except ValueError:
                self.rejected += 1
                return {"error": "bad signature"}, 401
            self.events.append(event.data.event_type)
            return {"ok": True}

        self.server = serving.make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}/telnyx"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> SdkApp:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)
