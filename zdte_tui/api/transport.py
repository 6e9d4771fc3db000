"""How the client reaches a server over the network: httpx's sync transport, a thread per request.

httpx's async transport runs on httpcore's async pool, whose locks and sockets are anyio's: the
first request loads anyio's asyncio backend, about 16 ms and 0.9 MiB on our machines, on the way
to the first data frame (issue 18). A monitor sends one GET every few seconds, so each request
runs in a thread of its own through httpx's sync transport, over the standard library's sockets:
the timeouts, TLS, proxies, pooled connections and errors are still httpx's and httpcore's. A
request whose caller gives up (a poll cancelled, the app quitting) ends or times out in its
daemon thread, unseen, and never holds up an exit.

For a plain http:// server the sync transport is built without the TLS context httpx builds
with every transport, even unverified: the first one initialises OpenSSL, 1.1 MiB and 1.4 ms,
for nothing, as a client that follows no redirects never meets TLS there.
tests/test_api_transport.py and tests/test_api_client.py hold all of this.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import urllib.request
from collections.abc import AsyncIterator, Sequence
from urllib.parse import urlsplit

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


class _RawChunks(httpx.AsyncByteStream):
    """The answer's body as it came off the wire, chunk by chunk: the client decodes (gunzips)
    and counts each in turn, and stops at its cap, so a small compressed body never unpacks
    whole."""

    def __init__(self, chunks: Sequence[bytes]) -> None:
        self._chunks = chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._chunks:
            yield chunk


class ThreadedTransport(httpx.AsyncBaseTransport):
    """An async transport running `sync` in a daemon thread per request. The thread reads the
    answer's body as it came (still compressed, if it was) up to the chunk that takes it past
    `max_body_bytes`, and none of it when its declared length is past that: the client refuses
    both."""

    def __init__(self, sync: httpx.BaseTransport, max_body_bytes: int) -> None:
        self.sync = sync
        self.max_body_bytes = max_body_bytes

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not isinstance(request.stream, httpx.SyncByteStream):
            raise TypeError("only requests with a body in memory are sent (the client's GETs)")
        loop = asyncio.get_running_loop()
        answered: asyncio.Future[httpx.Response] = loop.create_future()

        def settle(outcome: httpx.Response | Exception) -> None:
            if answered.done():  # the caller gave up
                return
            if isinstance(outcome, Exception):
                answered.set_exception(outcome)
            else:
                answered.set_result(outcome)

        def run() -> None:
            outcome: httpx.Response | Exception
            try:
                outcome = self._exchange(request)
            except Exception as exc:  # every failure goes to the caller, as it would
                outcome = exc
            with contextlib.suppress(RuntimeError):  # the loop has closed: nobody is waiting
                loop.call_soon_threadsafe(settle, outcome)

        threading.Thread(target=run, name="zdte-http", daemon=True).start()
        return await answered

    def _exchange(self, request: httpx.Request) -> httpx.Response:
        response = self.sync.handle_request(request)
        chunks: list[bytes] = []
        try:
            declared = response.headers.get("content-length", "")
            if not (declared.isdigit() and int(declared) > self.max_body_bytes):
                size = 0
                for chunk in response.iter_raw():
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > self.max_body_bytes:
                        break
        finally:
            response.close()
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=_RawChunks(chunks),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        self.sync.close()


def environment_proxy(url: str) -> str | None:
    """The proxy the environment names for `url` (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, less
    NO_PROXY), read with urllib's `getproxies` as httpx reads it; None: connect directly."""
    proxies = urllib.request.getproxies()
    parts = urlsplit(url)
    proxy = proxies.get(parts.scheme) or proxies.get("all")
    if not proxy or urllib.request.proxy_bypass_environment(parts.hostname or "", proxies):
        return None
    return proxy if "://" in proxy else f"http://{proxy}"


def network_transport(base_url: str, max_body_bytes: int) -> ThreadedTransport:
    """The transport to the server at `base_url`: TLS verified unless the scheme is plain http,
    through the proxy the environment names, if any."""
    proxy = environment_proxy(base_url)
    plain = urlsplit(base_url).scheme == "http"
    if proxy is not None:
        sync: httpx.BaseTransport = httpx.HTTPTransport(verify=not plain, proxy=proxy)
    elif plain:
        sync = PlainHTTPTransport()
    else:
        sync = httpx.HTTPTransport(verify=True)
    return ThreadedTransport(sync, max_body_bytes)
