"""The async client of the series endpoint, on `httpx.AsyncClient`.

It takes an injected transport, so one client talks to the real API, a local `zdte-tui serve`,
or the lab's ASGI app in-process.
"""

from __future__ import annotations

import itertools
import socket
from datetime import UTC, datetime
from typing import NamedTuple
from urllib.parse import quote

from pydantic import ValidationError

from zdte_tui import __version__
from zdte_tui.api.address import DEFAULT_BASE_URL, SERIES_PATH
from zdte_tui.api.bars import DEFAULT_BAR, DEFAULT_MINUTES, BarSize, clamp_minutes
from zdte_tui.api.errors import (
    ApiError,
    AuthError,
    BadRequestError,
    BodyTooLargeError,
    ConnectRefusedError,
    ContractError,
    DnsError,
    HttpError,
    InvalidBarError,
    NotFoundError,
    QuotaExceededError,
    RequestTimeoutError,
    ServerError,
    TierRestrictedError,
    TransportError,
)
from zdte_tui.api.httpx_import import httpx
from zdte_tui.api.key_transport import check_key_transport
from zdte_tui.api.models import ErrorBody, SeriesResponse
from zdte_tui.api.symbols import InvalidSymbol, normalize_symbol
from zdte_tui.api.transport import network_transport

MAX_BODY_BYTES = 4 * 1024 * 1024
"""A full session at 30 s is about 0.3 MB; anything past 4 MB is refused unparsed."""
VALIDATED_REQUESTS = 32
"""The answers kept for `If-None-Match`, the most recently asked."""


class Timeouts(NamedTuple):
    """How long a request may wait to connect and then for the answer (seconds)."""

    connect_seconds: float = 5.0
    read_seconds: float = 10.0


class SeriesRequest(NamedTuple):
    """A request as sent: symbol trimmed and upper-cased, minutes clamped."""

    symbol: str
    bar: BarSize
    minutes: int

    @classmethod
    def build(
        cls, symbol: str, bar: BarSize | str = DEFAULT_BAR, minutes: int = DEFAULT_MINUTES
    ) -> SeriesRequest:
        """Normalise a request the way the server would, refusing what it would refuse."""
        try:
            clean = normalize_symbol(symbol)
        except InvalidSymbol as exc:
            raise BadRequestError(400, str(exc), "invalid_symbol") from None
        try:
            bar = BarSize.parse(bar) if isinstance(bar, str) else bar
        except ValueError as exc:
            raise InvalidBarError(400, str(exc), "invalid_bar") from None
        return cls(clean, bar, clamp_minutes(minutes))

    @property
    def path(self) -> str:
        return SERIES_PATH + quote(self.symbol, safe="")


class RateLimit(NamedTuple):
    """The `X-RateLimit-*` headers. `limit`/`remaining` are None when the plan is unlimited."""

    limit: int | None
    remaining: int | None
    reset_at: datetime | None

    @property
    def unlimited(self) -> bool:
        return self.limit is None


class SeriesResult(NamedTuple):
    """One answer, validated, with what its headers said (rate limit, freshness)."""

    request: SeriesRequest
    response: SeriesResponse
    rate_limit: RateLimit | None
    body_bytes: int
    not_modified: bool = False
    """The server answered `304 Not Modified`: `response` is the one it sent before."""
    max_age_seconds: int | None = None
    """`Cache-Control: max-age`: the answer stays fresh this long (wall-clock seconds)."""


class SeriesClient:
    """Fetches the series. Every failure is an `ApiError`; the key never leaves its header."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        api_key: str | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeouts: Timeouts | None = None,
        max_body_bytes: int = MAX_BODY_BYTES,
        allow_insecure: bool = False,
    ) -> None:
        check_key_transport(base_url, api_key, allow_insecure)
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self.timeouts = timeouts = timeouts or Timeouts()
        self.max_body_bytes = max_body_bytes
        self._validated: dict[SeriesRequest, tuple[str, SeriesResponse]] = {}
        """Per request, the `ETag` of its last answer and the answer, for `If-None-Match`."""
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            # threads, TLS verified unless plain http (redirects are not followed), the
            # environment's proxy: see there
            transport=transport or network_transport(self.base_url, max_body_bytes),
            timeout=httpx.Timeout(timeouts.read_seconds, connect=timeouts.connect_seconds),
            headers={"User-Agent": f"zdte-tui/{__version__}", "Accept": "application/json"},
        )

    def __repr__(self) -> str:
        return f"SeriesClient(base_url={self.base_url!r})"

    async def __aenter__(self) -> SeriesClient:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def fetch_series(
        self, symbol: str, bar: BarSize | str = DEFAULT_BAR, minutes: int = DEFAULT_MINUTES
    ) -> SeriesResult:
        request = SeriesRequest.build(symbol, bar, minutes)
        headers = {"X-Api-Key": self._api_key} if self._api_key else {}
        validated = self._validated.get(request)
        if validated is not None:
            headers["If-None-Match"] = validated[0]
        params = {"bar": request.bar.value, "minutes": str(request.minutes)}
        try:
            async with self._http.stream(
                "GET", request.path, params=params, headers=headers
            ) as response:
                body = await self._read_capped(response)
        except httpx.TimeoutException:
            raise RequestTimeoutError(
                f"{self._host} did not answer within {self.timeouts.read_seconds:g} s"
            ) from None
        except httpx.ConnectError as exc:
            if _caused_by_dns(exc):
                raise DnsError(f"cannot resolve host {self._host}") from None
            raise ConnectRefusedError(
                f"cannot connect to {self._host}: connection refused"
            ) from None
        except httpx.TransportError as exc:
            raise TransportError(
                f"connection to {self._host} failed: {type(exc).__name__}"
            ) from None
        if response.status_code == 304 and validated is not None:
            return SeriesResult(
                request,
                validated[1],
                _rate_limit(response.headers),
                len(body),
                not_modified=True,
                max_age_seconds=_max_age(response.headers),
            )
        if response.status_code != 200:
            error = _http_error(response, body)
            if self._api_key and self._api_key in error.message:
                error.message = error.message.replace(self._api_key, "…" + self._api_key[-4:])
                error.args = (error.message,)
            raise error
        series = _parse_series(body)
        etag = response.headers.get("etag")
        self._validated.pop(request, None)
        if etag:
            self._validated[request] = (etag, series)
            while len(self._validated) > VALIDATED_REQUESTS:
                del self._validated[next(iter(self._validated))]
        return SeriesResult(
            request,
            series,
            _rate_limit(response.headers),
            len(body),
            max_age_seconds=_max_age(response.headers),
        )

    @property
    def _host(self) -> str:
        return httpx.URL(self.base_url).host or self.base_url

    async def _read_capped(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            raise BodyTooLargeError(_too_large(int(declared), self.max_body_bytes))
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > self.max_body_bytes:
                raise BodyTooLargeError(_too_large(size, self.max_body_bytes))
            chunks.append(chunk)
        return b"".join(chunks)


def _too_large(size: int, cap: int) -> str:
    return f"response body over {cap // 1024} KiB ({size // 1024}+ KiB) refused"


def _caused_by_dns(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return True
        text = str(seen).lower()
        if "name or service not known" in text or "nodename nor servname" in text:
            return True
        if "temporary failure in name resolution" in text:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _parse_series(body: bytes) -> SeriesResponse:
    try:
        series = SeriesResponse.model_validate_json(body)
    except ValidationError as exc:
        raise ContractError(
            f"response is not the documented series shape: {_first_error(exc)}"
        ) from None
    except (ValueError, RecursionError) as exc:
        raise ContractError(f"response is not valid JSON: {type(exc).__name__}") from None
    return _sorted_unique(series)


def _sorted_unique(series: SeriesResponse) -> SeriesResponse:
    """Bars ascending by `t`, one per timestamp (the last sent wins): a glitch, not an error."""
    bars = series.bars
    if all(a.t < b.t for a, b in itertools.pairwise(bars)):
        return series
    by_time = {bar.t: bar for bar in bars}
    return series.model_copy(update={"bars": tuple(by_time[t] for t in sorted(by_time))})


def _first_error(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False, include_input=False)
    if not errors:
        return "invalid"
    first = errors[0]
    where = ".".join(str(part) for part in first["loc"]) or "body"
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where}: {first['msg']}{more}"


def _error_body(body: bytes) -> ErrorBody:
    try:
        return ErrorBody.model_validate_json(body)
    except (ValidationError, ValueError, RecursionError):
        return ErrorBody()


def _http_error(response: httpx.Response, body: bytes) -> ApiError:
    status = response.status_code
    parsed = _error_body(body)
    message = parsed.message or parsed.detail or response.reason_phrase or f"HTTP {status}"
    code = parsed.error
    if status == 400:
        if code == "invalid_bar":
            return InvalidBarError(status, message, code)
        return BadRequestError(status, message, code)
    if status == 401:
        return AuthError(status, message, code)
    if status == 403:
        return TierRestrictedError(
            status,
            message,
            code,
            current_plan=parsed.current_plan,
            required_plan=parsed.required_plan,
        )
    if status == 404:
        return NotFoundError(status, message, code)
    if status == 429:
        return QuotaExceededError(
            status, message, code, retry_after_seconds=_retry_after(response.headers)
        )
    if status >= 500:
        return ServerError(status, message, code)
    return HttpError(status, message, code)


def _retry_after(headers: httpx.Headers) -> int | None:
    """`Retry-After` as whole seconds: either form (delta-seconds or HTTP-date); None if absent."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return int(value)
    from email.utils import parsedate_to_datetime  # the email package, for this rare form only

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0, int((when - datetime.now(UTC)).total_seconds()))


def _header_int(value: str | None) -> int | None:
    if value is None:
        return None
    value = value.strip()
    return int(value) if value.isdigit() else None


def _rate_limit(headers: httpx.Headers) -> RateLimit | None:
    limit_text = headers.get("x-ratelimit-limit")
    if limit_text is None:
        return None
    reset = _header_int(headers.get("x-ratelimit-reset"))
    reset_at = datetime.fromtimestamp(reset, UTC) if reset is not None else None
    return RateLimit(
        limit=_header_int(limit_text),
        remaining=_header_int(headers.get("x-ratelimit-remaining")),
        reset_at=reset_at,
    )


def _max_age(headers: httpx.Headers) -> int | None:
    for directive in headers.get("cache-control", "").split(","):
        name, _, value = directive.strip().partition("=")
        if name.lower() == "max-age":
            return _header_int(value.strip('"'))
    return None
