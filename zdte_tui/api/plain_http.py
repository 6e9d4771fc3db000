"""httpx's transport for a plain http:// server, without the TLS context it would never use.

httpx builds an `ssl.SSLContext` with every transport, even with `verify=False`, and the first
one initialises OpenSSL: about 1.1 MiB of memory and 1.4 ms on our machines. A client of a
plain http:// server (a `serve`, a relay on the desk) never meets TLS: it follows no redirects.
So this is httpx's own `AsyncHTTPTransport` (its request handling, errors and closing), with
the connection pool httpx would build, made by httpcore without a context. httpcore makes one
itself only if it ever connects with TLS. tests/test_api_client.py holds both halves.
"""

from __future__ import annotations

from zdte_tui.api.httpx_import import httpx

LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)
"""httpx's default limits (`httpx.AsyncClient` builds its transport with them)."""


class PlainHTTPTransport(httpx.AsyncHTTPTransport):
    def __init__(self, limits: httpx.Limits = LIMITS) -> None:
        # not super().__init__(): it would build the SSL context first
        import httpcore

        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=None,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
        )
