"""Ed25519 webhook signatures as Telnyx makes them: over `<telnyx-timestamp>|<raw body>`, 300 s tolerance."""

from __future__ import annotations

import base64
import binascii
import time
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SIGNATURE_HEADER = "telnyx-signature-ed25519"
TIMESTAMP_HEADER = "telnyx-timestamp"
TOLERANCE_SECONDS = 300  # the SDK's TIMESTAMP_TOLERANCE_SECONDS (reference §11.3)


def signed_payload(timestamp: str, body: bytes) -> bytes:
    """The exact bytes Telnyx signs."""
    return timestamp.encode() + b"|" + body


@dataclass(frozen=True)
class WebhookSigner:
    """The sandbox's signing key: it signs like Telnyx and verifies like a careful webhook endpoint."""

    private_key: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> WebhookSigner:
        """A fresh key pair."""
        return cls(Ed25519PrivateKey.generate())

    @property
    def public_key(self) -> Ed25519PublicKey:
        """The public half."""
        return self.private_key.public_key()

    @property
    def public_key_b64(self) -> str:
        """The public key as Mission Control shows it: Base64 of the 32 raw bytes."""
        raw = self.public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
        return base64.b64encode(raw).decode()

    def sign(self, body: bytes, timestamp: int | None = None) -> dict[str, str]:
        """The two headers Telnyx sends with a webhook carrying `body`."""
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        signature = self.private_key.sign(signed_payload(stamp, body))
        return {SIGNATURE_HEADER: base64.b64encode(signature).decode(), TIMESTAMP_HEADER: stamp}

    def verify(self, headers: Mapping[str, str], body: bytes, *, now: float | None = None) -> str | None:
        """None when the headers carry a valid, fresh signature of `body`; otherwise the reason it fails."""
        lowered = {k.lower(): v for k, v in headers.items()}
        signature_b64 = lowered.get(SIGNATURE_HEADER)
        stamp = lowered.get(TIMESTAMP_HEADER)
        if not signature_b64 or not stamp:
            return f"missing {SIGNATURE_HEADER} or {TIMESTAMP_HEADER} header"
        try:
            moment = int(stamp)
        except ValueError:
            return f"{TIMESTAMP_HEADER} is not a Unix time"
        current = time.time() if now is None else now
        if abs(current - moment) > TOLERANCE_SECONDS:
            return f"{TIMESTAMP_HEADER} is more than {TOLERANCE_SECONDS} s away from now"
        try:
            signature = base64.b64decode(signature_b64, validate=True)
        except (binascii.Error, ValueError):
            return f"{SIGNATURE_HEADER} is not Base64"
        try:
            self.public_key.verify(signature, signed_payload(stamp, body))
        except InvalidSignature:
            return "the signature does not match the body and timestamp"
        return None
