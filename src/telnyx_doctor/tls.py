"""TLS trust for API calls and probes: the system store, certifi, SSL_CERT_FILE/SSL_CERT_DIR, and --ca-bundle."""

from __future__ import annotations

import ssl
from pathlib import Path

from telnyx_doctor.errors import ConfigError


def make_ssl_context(ca_bundle: str | Path | None = None) -> ssl.SSLContext:
    """A verifying client context trusting the usual stores plus `ca_bundle`."""
    context = ssl.create_default_context()  # honours SSL_CERT_FILE / SSL_CERT_DIR
    try:
        import certifi

        context.load_verify_locations(cafile=certifi.where())
    except (ImportError, OSError):  # certifi is optional: the system store may be enough
        pass
    if ca_bundle is not None:
        try:
            context.load_verify_locations(cafile=str(ca_bundle))
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(
                f"cannot read --ca-bundle {str(ca_bundle)!r}: {exc.strerror or exc}",
                tip="pass a PEM file of CA certificates",
            ) from None
    return context
