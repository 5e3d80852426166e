"""The doctor's one exception tree; every error says what happened and what to do about it.

    DoctorError
    ├── UsageError              bad flag, malformed number, unknown check id        (exit 2)
    ├── ConfigError             an unreadable key file, config file or scenario     (exit 2)
    ├── AuthenticationError     key missing, invalid or forbidden                   (exit 4)
    ├── ApiError                the Telnyx API could not give us a fact             (an `error` result)
    │   ├── ApiStatusError      it answered with an error status and a Telnyx `errors` body
    │   │   ├── NotFoundError       404
    │   │   ├── RateLimitedError    429, after our retries
    │   │   └── ServerError         5xx, after our retries
    │   ├── ApiTransportError   no usable answer: refused, DNS, TLS, dropped
    │   │   └── ApiTimeoutError the per-request timeout passed
    │   └── ApiPayloadError     it answered 2xx with something we cannot read
    ├── PluginError             a plugin broke a contract (duplicate id, bad descriptor)
    └── FactError               a fact could not be established (wraps the cause)

Only the CLI turns these into exit codes and one-line messages; nothing else prints.
"""

from __future__ import annotations

from dataclasses import dataclass


class DoctorError(Exception):
    """Base of every error the doctor raises on purpose."""

    tip: str | None = None

    def __init__(self, message: str, *, tip: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if tip is not None:
            self.tip = tip

    def __str__(self) -> str:
        return self.message


class UsageError(DoctorError):
    """The command line asked for something impossible; nothing ran."""


class ConfigError(DoctorError):
    """A file the run depends on (key file, config, scenario) is missing or malformed."""


class AuthenticationError(DoctorError):
    """The API key is missing, invalid or not allowed to read what the doctor needs."""

    tip = "set TELNYX_API_KEY to a valid v2 API key (Mission Control portal → Keys & Credentials → API Keys)"


class PluginError(DoctorError):
    """A plugin broke a contract: duplicate check id, malformed descriptor, bad hook."""


@dataclass(frozen=True)
class TelnyxErrorItem:
    """One entry of a Telnyx `errors` array."""

    code: str | None
    title: str | None
    detail: str | None = None

    def describe(self) -> str:
        """`40305 Invalid 'from' address: detail` with whatever parts exist."""
        head = " ".join(p for p in (self.code, self.title) if p)
        if self.detail and self.detail != self.title:
            return f"{head}: {self.detail}" if head else self.detail
        return head or "no detail given"


class ApiError(DoctorError):
    """The Telnyx API could not give us what we asked for; `endpoint` says which call."""

    def __init__(self, message: str, *, endpoint: str, tip: str | None = None) -> None:
        super().__init__(message, tip=tip)
        self.endpoint = endpoint


class ApiStatusError(ApiError):
    """The API answered with an error status; `errors` holds its Telnyx error items."""

    def __init__(
        self,
        message: str,
        *,
        endpoint: str,
        status_code: int,
        errors: tuple[TelnyxErrorItem, ...] = (),
        tip: str | None = None,
    ) -> None:
        super().__init__(message, endpoint=endpoint, tip=tip)
        self.status_code = status_code
        self.errors = errors

    @property
    def codes(self) -> tuple[str, ...]:
        """The Telnyx error codes in the body, in order."""
        return tuple(e.code for e in self.errors if e.code)


class NotFoundError(ApiStatusError):
    """404: the resource (or the route itself) does not exist."""


class RateLimitedError(ApiStatusError):
    """429 after our bounded retries."""


class ServerError(ApiStatusError):
    """5xx after our bounded retries."""


class ApiTransportError(ApiError):
    """No usable HTTP answer: connection refused, DNS failure, TLS failure, dropped connection."""


class ApiTimeoutError(ApiTransportError):
    """The per-request timeout passed without an answer."""


class ApiPayloadError(ApiError):
    """The API answered 2xx with a body we cannot read (not JSON, wrong shape, wrong types)."""


class FactError(DoctorError):
    """A fact could not be established; the checks that needed it become `error` results."""

    def __init__(self, fact: str, cause: DoctorError | Exception) -> None:
        detail = str(cause) or type(cause).__name__
        super().__init__(f"could not establish {fact}: {detail}")
        self.fact = fact
        self.cause = cause
