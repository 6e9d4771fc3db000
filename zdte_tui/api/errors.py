"""Typed errors for every documented response of the series endpoint, and for transport failures.

`str(error)` is the user-facing message: the body's `message`, else `detail`, else the status text.
No error ever carries the API key.
"""

from __future__ import annotations


class ApiError(Exception):
    """Base of everything the client raises."""

    kind = "error"
    """A short stable name for the error's family (used for exit codes and the status bar)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class HttpError(ApiError):
    """A non-2xx response."""

    kind = "http"

    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class BadRequestError(HttpError):
    """400: a parameter the server refused."""

    kind = "request"


class InvalidBarError(BadRequestError):
    """400 `invalid_bar`, or a bar the client refused before sending."""


class AuthError(HttpError):
    """401: the key is missing or not valid."""

    kind = "auth"


class TierRestrictedError(HttpError):
    """403 `tier_restricted`: the plan is below the one the endpoint needs."""

    kind = "plan"

    def __init__(
        self,
        status: int,
        message: str,
        code: str | None = None,
        *,
        current_plan: str | None = None,
        required_plan: str | None = None,
    ) -> None:
        super().__init__(status, message, code)
        self.current_plan = current_plan
        self.required_plan = required_plan


class NotFoundError(HttpError):
    """404 (the series endpoint does not use it, but a wrong base URL does)."""

    kind = "not_found"


class QuotaExceededError(HttpError):
    """429: the daily quota is spent. `retry_after_seconds` is the `Retry-After` header, if sent."""

    kind = "quota"

    def __init__(
        self, status: int, message: str, code: str | None = None, *, retry_after_seconds: int | None
    ) -> None:
        super().__init__(status, message, code)
        self.retry_after_seconds = retry_after_seconds


class ServerError(HttpError):
    """5xx: a server fault; worth retrying later."""

    kind = "server"


class TransportError(ApiError):
    """The request did not get a response."""

    kind = "network"


class ConnectRefusedError(TransportError):
    """Nothing listened at the address, or the connection was reset."""


class RequestTimeoutError(TransportError):
    """Connecting or reading took longer than the client's timeout."""


class DnsError(TransportError):
    """The host name did not resolve."""


class InsecureTransportError(ApiError):
    """The key would travel in clear text to a host that is not this machine."""

    kind = "config"


class ContractError(ApiError):
    """A 200 body that is not the documented shape (invalid JSON, wrong types, NaN, too large)."""

    kind = "contract"


class BodyTooLargeError(ContractError):
    """The body exceeded the client's size cap and was not parsed."""
