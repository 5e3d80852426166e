"""What `doctor sandbox` tells a person: the environment the doctor and the official SDKs read, and the key."""

from __future__ import annotations

from telnyx_doctor.sandbox.server import SandboxInfo


def sdk_environment(info: SandboxInfo) -> dict[str, str]:
    """Variables that point the doctor and the official Telnyx SDKs at this sandbox.

    The doctor reads TELNYX_API_BASE_URL; the official Python SDK reads TELNYX_BASE_URL (with the `/v2`
    suffix), TELNYX_API_KEY and, to verify webhooks, TELNYX_PUBLIC_KEY.
    """
    return {
        "TELNYX_API_BASE_URL": info.base_url,
        "TELNYX_BASE_URL": info.base_url,
        "TELNYX_API_KEY": info.api_key,
        "TELNYX_PUBLIC_KEY": info.webhook_public_key,
    }


def banner_lines(info: SandboxInfo) -> list[str]:
    """The `export` lines and the webhook-signing key, in the order `doctor sandbox` prints them."""
    env = sdk_environment(info)
    notes = {
        "TELNYX_API_BASE_URL": "  # the doctor",
        "TELNYX_BASE_URL": "  # the official SDKs",
        "TELNYX_API_KEY": "  # a sandbox key, not a real one",
        "TELNYX_PUBLIC_KEY": "  # verifies the sandbox's signed webhooks",
    }
    lines = [f"export {name}={value}{notes[name]}" for name, value in env.items()]
    lines.append(f"# webhook signing key (Ed25519, Base64): {info.webhook_public_key}")
    return lines
