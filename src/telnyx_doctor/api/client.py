"""The async Telnyx API client: one pooled httpx client per run, bounded retries, errors turned into ours."""

from __future__ import annotations

import asyncio
import json
import logging
import random
import socket
import ssl
import time
from collections.abc import AsyncIterator, Mapping
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError

from telnyx_doctor._version import __version__
from telnyx_doctor.api.models import (
    AlphanumericSenderId,
    Brand,
    BrandFeedback,
    Campaign,
    MessagingProfile,
    MessagingSettings,
    PhoneNumberCampaign,
    PhoneNumberRecord,
    ShortCode,
    TollFreeVerification,
)
from telnyx_doctor.api.ratelimit import RateLimiter, retry_after_seconds
from telnyx_doctor.errors import (
    ApiPayloadError,
    ApiStatusError,
    ApiTimeoutError,
    ApiTransportError,
    AuthenticationError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    TelnyxErrorItem,
)

DEFAULT_BASE_URL = "https://api.telnyx.com/v2"
MAX_PAGE_SIZE = 250
# The SDK retries these (reference §1); 409 is left out: for GETs it is never transient.
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
log = logging.getLogger("telnyx_doctor.api")
M = TypeVar("M", bound=BaseModel)


class TelnyxClient:
    """Reads (and, for `doctor fix`, patches) the Telnyx resources the doctor needs."""

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 10.0,
        max_retries: int = 2,
        max_rate_limit_retries: int = 8,
        verify: Any = True,
        transport: httpx.AsyncBaseTransport | None = None,
        limiter: RateLimiter | None = None,
        max_connections: int = 32,
        deadline_at: float | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.max_retries = max_retries
        # time.monotonic() when the run must end: a retry that could not start before it is not waited for,
        # so the report shows what the API last answered instead of only "the deadline passed"
        self.deadline_at = deadline_at
        self.max_rate_limit_retries = max_rate_limit_retries
        self.limiter = limiter or RateLimiter()
        self.requests_sent = 0
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            headers={
                "Authorization": f"Bearer {api_key}",
                "Accept": "application/json",
                "User-Agent": f"telnyx-doctor/{__version__}",
            },
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
            follow_redirects=False,  # a redirect must never carry the key to another host
            verify=verify,
            transport=transport,
            trust_env=False,  # no proxy or .netrc credentials from the environment
        )

    async def __aenter__(self) -> TelnyxClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    # --- transport -------------------------------------------------------------------------------

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        idempotent: bool = True,
    ) -> Any:
        """Send one request with bounded retries; return the parsed JSON body or raise one of our errors.

        `idempotent=False` (sending a message) retries only a 429, which Telnyx answers before accepting
        anything: after a timeout or a 5xx the request may have been carried out, and a retry would repeat it.
        """
        endpoint = self._endpoint(method, path)
        max_retries = self.max_retries if idempotent else 0
        attempt = rate_limited = 0
        while True:
            await self.limiter.acquire()
            started = time.monotonic()
            try:
                try:
                    self.requests_sent += 1
                    response = await self._http.request(method, path, params=params, json=json_body)
                    body = await response.aread()
                finally:
                    self.limiter.release()
            except httpx.TimeoutException as exc:
                error: ApiTransportError = ApiTimeoutError(
                    f"{endpoint} timed out ({type(exc).__name__})",
                    endpoint=endpoint,
                    tip="raise --timeout, or check the network path to the API",
                )
            except httpx.HTTPError as exc:
                error = ApiTransportError(
                    f"{endpoint} failed: {_transport_reason(exc)}",
                    endpoint=endpoint,
                    tip="check --base-url, the network, and TLS trust (--ca-bundle)",
                )
            else:
                elapsed = (time.monotonic() - started) * 1000
                log.debug("%s -> %s in %.0f ms", endpoint, response.status_code, elapsed)
                self.limiter.observe(response.status_code, response.headers)
                if response.status_code < 300 and response.status_code >= 200:
                    return _parse_json(body, response, endpoint)
                retry = _should_retry(response)
                if response.status_code == 429 and retry and rate_limited < self.max_rate_limit_retries:
                    rate_limited += 1
                    if await self._wait_to_retry(_backoff(rate_limited, response.headers)):
                        continue
                if retry and response.status_code != 429 and attempt < max_retries:
                    attempt += 1
                    if await self._wait_to_retry(_backoff(attempt, response.headers)):
                        continue
                raise _status_error(response, body, endpoint)
            if attempt >= max_retries:
                raise error
            attempt += 1
            log.debug("%s: %s; retrying", endpoint, error)
            if not await self._wait_to_retry(_backoff(attempt, None)):
                raise error

    async def _wait_to_retry(self, delay: float) -> bool:
        """Sleep before a retry; False (at once) when the retry could not start before the run's deadline."""
        resume = max(time.monotonic() + delay, self.limiter.paused_until)
        if self.deadline_at is not None and resume >= self.deadline_at:
            return False
        await asyncio.sleep(delay)
        return True

    def _endpoint(self, method: str, path: str) -> str:
        """`GET /v2/phone_numbers`: how errors and logs name a call (without host or query)."""
        return f"{method} {_display_path(self.base_url, path)}"

    async def _get_model(self, path: str, model: type[M], *, enveloped: bool = True) -> M | None:
        """GET one resource; None on 404."""
        try:
            body = await self.request("GET", path)
        except NotFoundError:
            return None
        endpoint = self._endpoint("GET", path)
        return _validate(model, _unwrap(body, endpoint) if enveloped else body, endpoint)

    async def iter_flat(
        self,
        path: str,
        model: type[M],
        params: Mapping[str, Any] | None = None,
        page_size: int = MAX_PAGE_SIZE,
    ) -> AsyncIterator[M]:
        """Every item of a family-A list (`data` + `meta` flat pagination)."""
        page = 1
        while True:
            query = {**(params or {}), "page[number]": page, "page[size]": page_size}
            body = await self.request("GET", path, params=query)
            endpoint = self._endpoint("GET", path)
            items = _unwrap(body, endpoint)
            if not isinstance(items, list):
                raise ApiPayloadError(f"{endpoint} returned no list in `data`", endpoint=endpoint)
            for item in items:
                yield _validate(model, item, endpoint)
            meta = body.get("meta") or {}
            total_pages = meta.get("total_pages")
            if not items or not isinstance(total_pages, int) or page >= total_pages:
                return
            page += 1

    async def iter_records(
        self,
        path: str,
        model: type[M],
        params: Mapping[str, Any] | None = None,
        *,
        page_key: str = "page",
        size_key: str = "recordsPerPage",
        total_key: str = "totalRecords",
        page_size: int = MAX_PAGE_SIZE,
    ) -> AsyncIterator[M]:
        """Every item of a 10DLC (`records`/`totalRecords`) or toll-free (`records`/`total_records`) list."""
        page, seen = 1, 0
        while True:
            query = {**(params or {}), page_key: page, size_key: page_size}
            body = await self.request("GET", path, params=query)
            records = body.get("records") if isinstance(body, dict) else None
            endpoint = self._endpoint("GET", path)
            if not isinstance(records, list):
                raise ApiPayloadError(f"{endpoint} returned no `records` list", endpoint=endpoint)
            for item in records:
                yield _validate(model, item, endpoint)
            seen += len(records)
            total = body.get(total_key)
            if not records or not isinstance(total, int) or seen >= total:
                return
            page += 1

    # --- the facts ---------------------------------------------------------------------------------

    async def get_phone_number(self, e164: str) -> PhoneNumberRecord | None:
        """The number in the account's inventory, or None when the account does not have it."""
        # The filter wants digits: non-numeric characters make it match nothing (reference §4).
        params = {"filter[phone_number]": e164.lstrip("+")}
        async for record in self.iter_flat("/phone_numbers", PhoneNumberRecord, params, page_size=20):
            if record.phone_number == e164:
                return record
        return None

    async def get_messaging_settings(self, e164: str) -> MessagingSettings | None:
        """The number's messaging settings; falls back to the legacy route only if the current one is missing."""
        params = {"filter[phone_number]": e164}
        try:
            async for settings in self.iter_flat("/phone_numbers/messaging", MessagingSettings, params, 20):
                if settings.phone_number == e164:
                    return settings
            return None
        except NotFoundError:
            # a list never 404s for an unknown number: a 404 means the route itself is gone
            log.debug("GET /phone_numbers/messaging is missing; using the legacy route")
        return await self._get_model(f"/messaging_phone_numbers/{quote(e164)}", MessagingSettings)

    async def get_messaging_profile(self, profile_id: str) -> MessagingProfile | None:
        """A messaging profile, or None when the id does not resolve."""
        return await self._get_model(f"/messaging_profiles/{quote(profile_id, safe='')}", MessagingProfile)

    async def get_number_campaign(self, e164: str) -> PhoneNumberCampaign | None:
        """The number's 10DLC campaign assignment, or None when it has none."""
        return await self._get_model(
            f"/10dlc/phone_number_campaigns/{quote(e164, safe='+')}", PhoneNumberCampaign, enveloped=False
        )

    async def get_campaign(self, campaign_id: str) -> Campaign | None:
        """A Telnyx 10DLC campaign."""
        return await self._get_model(f"/10dlc/campaign/{quote(campaign_id, safe='')}", Campaign, enveloped=False)

    async def get_partner_campaign(self, tcr_campaign_id: str) -> Campaign | None:
        """A campaign shared with Telnyx by another provider."""
        path = f"/10dlc/partner_campaigns/{quote(tcr_campaign_id, safe='')}"
        return await self._get_model(path, Campaign, enveloped=False)

    async def get_campaign_operation_status(self, campaign_id: str) -> dict[str, str]:
        """Per-carrier operation status of a campaign (carrier network id → status)."""
        path = f"/10dlc/campaign/{quote(campaign_id, safe='')}/operationStatus"
        try:
            body = await self.request("GET", path)
        except NotFoundError:
            return {}
        if not isinstance(body, dict):
            endpoint = self._endpoint("GET", path)
            raise ApiPayloadError(f"{endpoint} did not return an object", endpoint=endpoint)
        return {str(k): str(v) for k, v in body.items()}

    async def get_brand(self, brand_id: str) -> Brand | None:
        """A 10DLC brand."""
        return await self._get_model(f"/10dlc/brand/{quote(brand_id, safe='')}", Brand, enveloped=False)

    async def get_brand_feedback(self, brand_id: str) -> BrandFeedback | None:
        """Why a brand failed registration or vetting."""
        path = f"/10dlc/brand/feedback/{quote(brand_id, safe='')}"
        return await self._get_model(path, BrandFeedback, enveloped=False)

    async def find_tollfree_verification(self, e164: str) -> TollFreeVerification | None:
        """The most recently updated toll-free verification request naming the number."""
        found: list[TollFreeVerification] = []
        async for request in self.iter_records(
            "/messaging_tollfree/verification/requests",
            TollFreeVerification,
            {"phone_number": e164},
            size_key="page_size",
            total_key="total_records",
            page_size=50,
        ):
            if not request.phone_numbers or any(p.phone_number == e164 for p in request.phone_numbers):
                found.append(request)
        return latest_verification(found)

    async def list_short_codes(self) -> list[ShortCode]:
        """Every short code on the account."""
        return [code async for code in self.iter_flat("/short_codes", ShortCode)]

    async def list_alphanumeric_sender_ids(self) -> list[AlphanumericSenderId]:
        """Every alphanumeric sender ID on the account."""
        return [s async for s in self.iter_flat("/alphanumeric_sender_ids", AlphanumericSenderId)]

    async def assign_profile(self, e164: str, profile_id: str) -> MessagingSettings:
        """PATCH the number's messaging settings onto a profile (`""` unassigns)."""
        path = f"/phone_numbers/{quote(e164, safe='+')}/messaging"
        body = await self.request("PATCH", path, json_body={"messaging_profile_id": profile_id})
        endpoint = self._endpoint("PATCH", path)
        return _validate(MessagingSettings, _unwrap(body, endpoint), endpoint)


def latest_verification(requests: list[TollFreeVerification]) -> TollFreeVerification | None:
    """The request updated (or created) last; ISO-8601 timestamps sort as text."""
    if not requests:
        return None
    return max(requests, key=lambda r: r.updated_at or r.created_at or "")


def _display_path(base_url: str, path: str) -> str:
    prefix = httpx.URL(base_url).path.rstrip("/")
    return f"{prefix}{path}"


def _unwrap(body: Any, endpoint: str) -> Any:
    if not isinstance(body, dict) or "data" not in body:
        raise ApiPayloadError(f"{endpoint} returned no `data` envelope", endpoint=endpoint)
    return body["data"]


def _validate(model: type[M], value: Any, endpoint: str) -> M:
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise ApiPayloadError(
            f"{endpoint} returned a malformed {model.__name__}: {where}: {first['msg']}", endpoint=endpoint
        ) from None


def _parse_json(body: bytes, response: httpx.Response, endpoint: str) -> Any:
    content_type = response.headers.get("content-type", "")
    if "json" not in content_type:
        raise ApiPayloadError(
            f"{endpoint} answered {response.status_code} with {content_type or 'no content type'}, not JSON",
            endpoint=endpoint,
            tip="check --base-url: it should point at the Telnyx API v2",
        )
    try:
        return json.loads(body)
    except ValueError:
        raise ApiPayloadError(
            f"{endpoint} answered {response.status_code} with a body that is not valid JSON"
            + (" (empty)" if not body else ""),
            endpoint=endpoint,
        ) from None


def _should_retry(response: httpx.Response) -> bool:
    override = response.headers.get("x-should-retry")
    if override in ("true", "false"):
        return bool(override == "true")
    return response.status_code in RETRY_STATUSES


def _backoff(attempt: int, headers: httpx.Headers | None) -> float:
    if headers is not None:
        hinted = retry_after_seconds(headers)
        if hinted is not None:
            return hinted
    base: float = min(0.5 * 2 ** (attempt - 1), 8.0)
    return float(base * (1 - 0.25 * random.random()))


def _transport_reason(exc: httpx.HTTPError) -> str:
    text = str(exc) or type(exc).__name__
    lowered = text.lower()
    causes = _causes(exc)
    host = _host_of(exc)
    if any(isinstance(c, ssl.SSLError) for c in causes) or "certificate" in lowered or "ssl" in lowered:
        return f"TLS error: {text}"
    gaierror = next((c for c in causes if isinstance(c, socket.gaierror)), None)
    if gaierror is not None or "name or service not known" in lowered or "nodename nor servname" in lowered:
        reason = gaierror.strerror if gaierror is not None and gaierror.strerror else text
        return f"DNS lookup of {host or 'the API host'} failed: {reason}"
    if any(isinstance(c, ConnectionRefusedError) for c in causes) or "refused" in lowered:
        return f"connection to {host or 'the API host'} refused"
    if isinstance(exc, httpx.RemoteProtocolError):
        if "incomplete" in lowered or "complete message body" in lowered:
            return f"the server closed the connection in the middle of its answer ({text})"
        return f"the server closed the connection without an answer ({text})"
    return text


def _causes(exc: BaseException) -> list[BaseException]:
    """`exc` and what it wraps (httpx → httpcore → anyio → OSError), outermost first."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _host_of(exc: httpx.HTTPError) -> str | None:
    try:
        url = exc.request.url
    except RuntimeError:  # no request attached
        return None
    return f"{url.host}:{url.port}" if url.port else url.host


def parse_error_items(body: bytes) -> tuple[TelnyxErrorItem, ...]:
    """Telnyx `errors` items (or the 10DLC 422 `detail` list) from an error body; empty when unreadable."""
    try:
        data = json.loads(body)
    except ValueError:
        return ()
    items: list[TelnyxErrorItem] = []
    if isinstance(data, dict) and isinstance(data.get("errors"), list):
        for raw in data["errors"]:
            if isinstance(raw, dict):
                code = raw.get("code")
                items.append(
                    TelnyxErrorItem(
                        code=str(code) if code is not None else None,
                        title=_str_or_none(raw.get("title")),
                        detail=_str_or_none(raw.get("detail")),
                    )
                )
    elif isinstance(data, dict) and isinstance(data.get("detail"), list):
        for raw in data["detail"]:
            if isinstance(raw, dict):
                loc = ".".join(str(p) for p in raw.get("loc", []))
                items.append(TelnyxErrorItem(code=None, title=_str_or_none(raw.get("msg")), detail=loc or None))
    return tuple(items)


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _status_error(response: httpx.Response, body: bytes, endpoint: str) -> Exception:
    status = response.status_code
    items = parse_error_items(body)
    described = "; ".join(item.describe() for item in items) or response.reason_phrase or "no detail"
    message = f"{endpoint} answered {status}: {described}"
    if status in (401, 403):
        what = "was rejected" if status == 401 else "is not allowed to read this resource"
        return AuthenticationError(f"the API key {what} ({endpoint} answered {status}: {described})")
    cls: type[ApiStatusError] = ApiStatusError
    if status == 404:
        cls = NotFoundError
    elif status == 429:
        cls = RateLimitedError
    elif status >= 500:
        cls = ServerError
    return cls(message, endpoint=endpoint, status_code=status, errors=items)
