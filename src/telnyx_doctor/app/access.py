"""How the doctor reaches the API: the key and the base URL, from arguments, files or the environment."""

from __future__ import annotations

import os
import re

from telnyx_doctor.errors import AuthenticationError, ConfigError, UsageError

DEFAULT_BASE_URL = "https://api.telnyx.com/v2"


def api_key_from(key: str | None = None, *, key_file: str | None = None) -> str:
    """`key`, else the key in `key_file`, else TELNYX_API_KEY; missing or malformed → AuthenticationError."""
    from pathlib import Path

    if key is None and key_file:
        try:
            key = Path(key_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise ConfigError(f"cannot read --api-key-file {key_file!r}: {reason}") from None
        if not key.strip():
            raise AuthenticationError(
                f"the key file {key_file} is empty", tip="write the API v2 key into it, alone on one line"
            )
    key = (os.environ.get("TELNYX_API_KEY", "") if key is None else key).strip()
    if not key:
        raise AuthenticationError("no API key", tip="export TELNYX_API_KEY=… or pass --api-key-file PATH")
    if any(ch.isspace() for ch in key) or not key.isprintable():
        raise AuthenticationError(
            "the API key contains spaces or control characters",
            tip="check the key file: it should hold the key alone on one line",
        )
    return key


def base_url_from(url: str | None = None, *, source: str = "base_url") -> str:
    """`url`, else TELNYX_API_BASE_URL, else the real API; one that is not an http(s) URL is a UsageError."""
    import httpx

    if not url:
        source, url = "TELNYX_API_BASE_URL", os.environ.get("TELNYX_API_BASE_URL")
    if not url:
        return DEFAULT_BASE_URL
    try:
        parsed = httpx.URL(url)
        valid = parsed.scheme in ("http", "https") and bool(parsed.host) and 0 < (parsed.port or 443) < 65536
    except httpx.InvalidURL:
        valid = False
    if not valid:
        shown = re.sub(r"(?<=://)[^/@]*@", "", url)  # never echo credentials embedded in the URL
        raise UsageError(f"{source} {shown!r} is not an http(s) URL", tip=f"for example {DEFAULT_BASE_URL}")
    return url


def key_file_warning(key_file: str) -> str | None:
    """A warning when others on this machine may read the key file (as ssh warns of a private key)."""
    import stat

    try:
        mode = os.stat(key_file).st_mode
    except OSError:
        return None
    if os.name != "posix" or not mode & (stat.S_IRGRP | stat.S_IROTH):
        return None
    return (
        f"the key file {key_file} is readable by other users (mode {stat.S_IMODE(mode):04o}); "
        f"restrict it: chmod 600 {key_file}"
    )
