"""Keep secrets out of every line the doctor writes: a redactor for text and a logging filter."""

from __future__ import annotations

import logging
from collections.abc import Iterable

REDACTED = "[redacted]"


class Redactor:
    """Replaces every known secret (and its Bearer form) with [redacted]."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def add(self, secret: str) -> None:
        """Start hiding `secret` too."""
        if secret and len(secret) >= 4 and secret not in self._secrets:
            self._secrets.append(secret)
            self._secrets.sort(key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text


class RedactingFilter(logging.Filter):
    """A logging filter that redacts the formatted message."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.redactor(record.getMessage())
        record.args = None
        return True
