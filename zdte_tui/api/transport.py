"""How the client reaches a server over the network: httpx's sync transport, a thread per request.

httpx's async transport runs on httpcore's async pool, whose locks and sockets are anyio's: the
first request loads anyio's asyncio backend, about 16 ms and 0.9 MiB on our machines, on the way
to the first data frame (issue 18). A monitor sends one GET every few seconds, so each request
runs in a thread of its own through httpx's sync transport, over the standard library's sockets:
the timeouts, TLS, pooled connections and errors are still httpx's and httpcore's. A request
whose caller gives up (a poll cancelled, the app quitting) ends or times out in its daemon
thread, unseen, and never holds up an exit.

For a plain http:// server the sync transport is built without the TLS context httpx builds
with every transport, even unverified: the first one initialises OpenSSL, 1.1 MiB and 1.4 ms,
for nothing, as a client that follows no redirects never meets TLS there.
tests/test_api_client.py holds all of this.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading

from zdte_tui.api.httpx_import import httpx

LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)
"""httpx's default limits (what `httpx.Client` builds its transport with)."""


class PlainHTTPTransport(httpx.HTTPTransport):
    """httpx's sync transport (its request handling, errors, closing) over the pool it would
    build, made by httpcore without a TLS context (httpcore makes one only if it ever needs
    TLS)."""

    def __init__(self, limits: httpx.Limits = LIMITS) -> None:
        # not super().__init__(): it would build the TLS context first
        import httpcore

        self._pool = httpcore.ConnectionPool(
            ssl_context=None,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
        )


class ThreadedTransport(httpx.AsyncBaseTransport):
    """An async transport running `sync` in a daemon thread per request. The answer's body is
    read there, `max_body_bytes` and one byte at most (more is refused unread by the client)."""

    def __init__(self, sync: httpx.BaseTransport, max_body_bytes: int) -> None:
        self.sync = sync
        self.max_body_bytes = max_body_bytes

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not isinstance(request.stream, httpx.SyncByteStream):
            raise TypeError("only requests with a body in memory are sent (the client's GETs)")
        loop = asyncio.get_running_loop()
        answered: asyncio.Future[httpx.Response] = loop.create_future()

        def settle(outcome: httpx.Response | BaseException) -> None:
            if answered.done():  # the caller gave up
                return
            if isinstance(outcome, BaseException):
                answered.set_exception(outcome)
            else:
                answered.set_result(outcome)

        def run() -> None:
            outcome: httpx.Response | BaseException
            try:
                outcome = self._exchange(request)
            except BaseException as exc:  # every failure goes to the caller, as it would
                outcome = exc
            with contextlib.suppress(RuntimeError):  # the loop has closed: nobody is waiting
                loop.call_soon_threadsafe(settle, outcome)

        threading.Thread(target=run, name="zdte-http", daemon=True).start()
        return await answered

    def _exchange(self, request: httpx.Request) -> httpx.Response:
        response = self.sync.handle_request(request)
        try:
            chunks, size = [], 0
            for chunk in response.iter_raw():
                chunks.append(chunk)
                size += len(chunk)
                if size > self.max_body_bytes:
                    break
        finally:
            response.close()
        return httpx.Response(response.status_code, headers=response.headers,
                              content=b"".join(chunks), extensions=response.extensions)  # fmt: skip

    async def aclose(self) -> None:
        self.sync.close()


def network_transport(plain_http: bool, max_body_bytes: int) -> ThreadedTransport:
    """The transport to a server over the network: TLS verified, unless `plain_http`."""
    sync = PlainHTTPTransport() if plain_http else httpx.HTTPTransport(verify=True)
    return ThreadedTransport(sync, max_body_bytes)
