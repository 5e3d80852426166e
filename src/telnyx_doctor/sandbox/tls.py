"""A throwaway certificate authority and a `localhost` certificate for the TLS webhook server."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import trustme


@dataclass(frozen=True)
class TlsFiles:
    """PEM files: the CA to trust (`--ca-bundle`) and the server's key with its certificate chain."""

    ca_file: Path
    server_pem: Path


def make_tls_files(directory: Path) -> TlsFiles:
    """Create a CA and a certificate for localhost, 127.0.0.1 and ::1 in `directory`."""
    ca = trustme.CA(organization_name="telnyx-doctor sandbox")
    server = ca.issue_cert("localhost", "127.0.0.1", "::1")
    files = TlsFiles(ca_file=directory / "sandbox-ca.pem", server_pem=directory / "localhost.pem")
    ca.cert_pem.write_to_path(str(files.ca_file))
    server.private_key_and_cert_chain_pem.write_to_path(str(files.server_pem))
    return files
