"""The endpoint as a FastAPI app: `GET /v1/flow/zero-dte/series/{symbol}`, exactly as documented,
over any `SeriesSource` (`zdte-tui serve` runs it over the lab).

The response models are `zdte_tui.api.models`, so the app's OpenAPI document is the contract.
"""

import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, suppress
from functools import lru_cache
from typing import Any, TextIO
from urllib.parse import parse_qsl, quote

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.routing import APIRoute
from fastapi.security import APIKeyHeader, APIKeyQuery
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zdte_tui import __version__
from zdte_tui.api.address import SERIES_PATH
from zdte_tui.api.bars import DEFAULT_BAR, DEFAULT_MINUTES, BarSize
from zdte_tui.api.models import ErrorBody, SeriesResponse
from zdte_tui.api.symbols import SYMBOL_RULE
from zdte_tui.serving.access import AccessControl, Denied
from zdte_tui.serving.endpoint import Answer, SeriesEndpoint
from zdte_tui.serving.source import SeriesSource

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "`invalid_bar`, `invalid_minutes`, `invalid_symbol`"},
    401: {"model": ErrorBody, "description": "API key missing or invalid"},
    403: {"model": ErrorBody, "description": "`tier_restricted`: the plan is below Growth"},
    429: {"model": ErrorBody, "description": "Daily quota exceeded; see `Retry-After`"},
}


def _redacted(path: str, query_string: bytes) -> str:
    """The request target with any `apiKey` query value hidden, for the log."""
    if not query_string:
        return path
    text = query_string.decode("latin-1")
    if "apikey" not in text.lower() and "%" not in text:  # nothing that could spell the key
        return f"{path}?{text}"
    query = [
        (name, "***" if name.lower() == "apikey" else value)
        for name, value in parse_qsl(text, keep_blank_values=True)
    ]
    return path + "?" + "&".join(f"{k}={quote(v, safe='*')}" for k, v in query)


@lru_cache(maxsize=4)
def _second_stamp(second: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(second))


def log_stamp(now: float) -> str:
    """`now` (epoch seconds) as `logging` stamps the servers' other lines (`%(asctime)s`)."""
    return f"{_second_stamp(int(now))},{int(now % 1 * 1000):03d}"


class RequestLog:
    """One line a request, never the key, written to `stream` (the server's stderr: line
    buffered, so a line is out before its answer's last byte).

    A plain ASGI middleware: Starlette's `BaseHTTPMiddleware` streams every body through a task
    and a queue, and a 160 KB answer cost about a third of the server's time going through it.
    The line is written to the stream itself, stamped as `logging` stamps the server's other
    lines: on a loaded server a `logging` record (its record, handler lock and formatter) took
    about 45 µs, a sixth of a held answer's time, where writing the line takes about 15 µs."""

    def __init__(self, app: ASGIApp, stream: TextIO) -> None:
        self.app = app
        self.stream = stream

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status, logged = 500, False

        def log_once() -> None:
            nonlocal logged
            if logged:
                return
            logged = True
            client = scope["client"][0] if scope.get("client") else "-"
            target = _redacted(scope["path"], scope.get("query_string", b""))
            spent_ms = (time.perf_counter() - started) * 1000
            with suppress(OSError, ValueError):  # a closed or hung-up stderr fails no answer
                self.stream.write(f'{log_stamp(time.time())} {client} "{scope["method"]} '
                                  f'{target}" {status} {spent_ms:.1f}ms\n')  # fmt: skip

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                log_once()  # before the last byte leaves: a client that has its answer has its line
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            log_once()


KEY_HEADER = APIKeyHeader(name="X-Api-Key", auto_error=False, description="Your API key")
KEY_QUERY = APIKeyQuery(name="apiKey", auto_error=False, description="The key, as a query")


PARAMETERS = [
    {"name": "symbol", "in": "path", "required": True,
     "description": SYMBOL_RULE.capitalize(), "schema": {"type": "string", "title": "Symbol"}},
    {"name": "bar", "in": "query", "required": False, "description": "Bar size",
     "schema": {"type": "string", "enum": [b.value for b in BarSize],
                "default": DEFAULT_BAR.value}},
    {"name": "minutes", "in": "query", "required": False,
     "description": "Lookback, clamped to 1..390",
     "schema": {"type": "integer", "default": DEFAULT_MINUTES}},
]  # fmt: skip
KEY_SCHEMES = {
    "APIKeyHeader": {"type": "apiKey", "in": "header", "name": "X-Api-Key",
                     "description": "Your API key"},
    "APIKeyQuery": {"type": "apiKey", "in": "query", "name": "apiKey",
                    "description": "The key, as a query"},
}  # fmt: skip
KEY_SECURITY = [{"APIKeyHeader": []}, {"APIKeyQuery": []}]


class RequestRoute(APIRoute):
    """A documented route whose endpoint takes the `Request` and reads its own parameters
    (`SeriesEndpoint.check` holds every rule; `openapi_extra` documents them). FastAPI's
    dependency solving is skipped: it was about 40 µs of a held answer's 90 µs in the app. So
    the route takes no `dependencies=` (nor overrides of them): none would run."""

    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        return self.endpoint


def _response(answer: Answer) -> Response:
    if answer.status == 304:
        return Response(status_code=304, headers=dict(answer.headers))
    return Response(answer.body, status_code=answer.status, media_type="application/json",
                    headers=dict(answer.headers))  # fmt: skip


LAB_DESCRIPTION = "A simulated 0DTE market serving FlashAlpha's Zero-DTE Flow Series contract."


def create_app(
    source: SeriesSource,
    access: AccessControl | None = None,
    title: str = "zdte-tui lab",
    description: str = LAB_DESCRIPTION,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None,
    request_log: TextIO | None = None,
) -> FastAPI:
    """The app over `source`; with `request_log`, a line a request to that stream."""
    # no redirects between `/series` and `/series/`: the embedded endpoint makes none
    app = FastAPI(
        redirect_slashes=False,
        title=title,
        version=__version__,
        description=description,
        lifespan=lifespan,
    )
    app.state.access = access or AccessControl()

    if request_log is not None:
        app.add_middleware(RequestLog, stream=request_log)
    endpoint = SeriesEndpoint(source, app.state.access)
    app.state.bodies = endpoint.bodies

    # through the framework-free endpoint, its rules and bodies; the body is built in a worker
    # thread only when it is not held for this sample (the lab may have to compute)
    async def answer(request: Request) -> Response:
        scope = request.scope
        raw_path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        text = scope.get("query_string", b"").decode("latin-1")
        query = parse_qsl(text, keep_blank_values=True)
        key = request.headers.get("x-api-key")
        checked = endpoint.check(request.method, raw_path, query, key)
        if isinstance(checked, Answer):
            return _response(checked)
        bodies = endpoint.bodies
        try:
            built = bodies.cached(checked.symbol, checked.bar, checked.minutes)
            if built is None:
                built = await anyio.to_thread.run_sync(
                    bodies.get, checked.symbol, checked.bar, checked.minutes
                )
        except Denied as denied:
            return _response(endpoint.refused(checked, denied))
        return _response(endpoint.finish(checked, built, request.headers.get("if-none-match")))

    app.router.add_api_route(
        SERIES_PATH + "{symbol}",
        answer,
        methods=["GET"],
        route_class_override=RequestRoute,
        response_model=SeriesResponse,
        responses=ERROR_RESPONSES,
        summary="Today's 0DTE flow as bars",
        name="series",
        openapi_extra={"parameters": PARAMETERS, "security": KEY_SECURITY},
    )
    # `.../series/` is an empty symbol, a 400 like any other bad symbol
    app.router.add_api_route(
        SERIES_PATH, answer, methods=["GET"], route_class_override=RequestRoute,
        include_in_schema=False,
    )  # fmt: skip

    documented = app.openapi

    def openapi() -> dict[str, Any]:
        """FastAPI's document, with the key's two schemes (no dependency declares them: the
        endpoint checks the key itself)."""
        schema = documented()
        schema.setdefault("components", {}).setdefault("securitySchemes", {}).update(KEY_SCHEMES)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
