"""The endpoint as a FastAPI app: `GET /v1/flow/zero-dte/series/{symbol}`, exactly as documented,
over any `SeriesSource` (`zdte-tui serve` runs it over the lab).

The response models are `zdte_tui.api.models`, so the app's OpenAPI document is the contract.
"""

import logging
import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Annotated, Any
from urllib.parse import parse_qsl, quote

import anyio
from fastapi import Depends, FastAPI, Path, Query, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import APIKeyHeader, APIKeyQuery
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zdte_tui import __version__
from zdte_tui.api.bars import DEFAULT_BAR, DEFAULT_MINUTES, BarSize
from zdte_tui.api.client import SERIES_PATH
from zdte_tui.api.models import ErrorBody, SeriesResponse
from zdte_tui.api.symbols import (
    INVALID_SYMBOL_BODY,
    SYMBOL_RULE,
    InvalidSymbol,
    normalize_symbol,
)
from zdte_tui.serving.access import AccessControl, Denied, Grant
from zdte_tui.serving.bodies import AnswerCache
from zdte_tui.serving.endpoint import INVALID_BAR, INVALID_MINUTES
from zdte_tui.serving.source import SeriesSource

log = logging.getLogger("zdte_tui.serving")

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


class RequestLog:
    """One log line a request, never the key: a plain ASGI middleware (Starlette's
    `BaseHTTPMiddleware` streams every body through a task and a queue, and a 160 KB answer
    cost about a third of the server's time going through it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            if log.isEnabledFor(logging.INFO):
                client = scope["client"][0] if scope.get("client") else "-"
                target = _redacted(scope["path"], scope.get("query_string", b""))
                log.info('%s "%s %s" %d %.1fms', client, scope["method"], target, status,
                         (time.perf_counter() - started) * 1000)  # fmt: skip


KEY_HEADER = APIKeyHeader(name="X-Api-Key", auto_error=False, description="Your API key")
KEY_QUERY = APIKeyQuery(name="apiKey", auto_error=False, description="The key, as a query")


async def admitted(
    request: Request,
    x_api_key: Annotated[str | None, Security(KEY_HEADER)] = None,
    api_key: Annotated[str | None, Security(KEY_QUERY)] = None,
) -> Grant:
    """Auth, plan and quota, before any parameter is validated (domain.md §4.1 check order).
    Async, though it never waits: FastAPI runs a plain function in a worker thread, a hop a
    request."""
    grant = request.app.state.access.admit(x_api_key or api_key)
    request.state.grant = grant
    return grant


LAB_DESCRIPTION = "A simulated 0DTE market serving FlashAlpha's Zero-DTE Flow Series contract."


def create_app(
    source: SeriesSource,
    access: AccessControl | None = None,
    title: str = "zdte-tui lab",
    description: str = LAB_DESCRIPTION,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None,
) -> FastAPI:
    # no redirects between `/series` and `/series/`: the embedded endpoint makes none
    app = FastAPI(
        redirect_slashes=False,
        title=title,
        version=__version__,
        description=description,
        lifespan=lifespan,
    )
    app.state.access = access or AccessControl()

    @app.exception_handler(Denied)
    async def denied(_request: Request, exc: Denied) -> JSONResponse:
        return JSONResponse(exc.body, status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = {str(err["loc"][-1]) for err in exc.errors() if err.get("loc")}
        if "bar" in fields:
            body = INVALID_BAR
        elif "minutes" in fields:
            body = INVALID_MINUTES
        else:
            body = {"error": "invalid_request", "message": "the request is not valid"}
        grant = getattr(request.state, "grant", None)
        return JSONResponse(body, status_code=400, headers=grant.headers if grant else None)

    app.add_middleware(RequestLog)

    bodies = AnswerCache(source)
    app.state.bodies = bodies

    async def answer(
        request: Request, symbol: str, grant: Grant, bar: BarSize, minutes: int
    ) -> Response:
        try:
            symbol = normalize_symbol(symbol)
        except InvalidSymbol:
            return JSONResponse(INVALID_SYMBOL_BODY, status_code=400, headers=grant.headers)
        try:
            built = bodies.cached(symbol, bar, minutes) or await anyio.to_thread.run_sync(
                bodies.get, symbol, bar, minutes
            )
        except Denied as denied:
            headers = {**grant.headers, **denied.headers}
            return JSONResponse(denied.body, status_code=denied.status, headers=headers)
        served = bodies.serve(symbol, built, request.headers.get("if-none-match"), grant.headers)
        if served.body is None:
            return Response(status_code=304, headers=dict(served.headers))
        return Response(served.body, media_type="application/json", headers=dict(served.headers))

    @app.get(
        SERIES_PATH + "{symbol}",
        response_model=SeriesResponse,
        responses=ERROR_RESPONSES,
        summary="Today's 0DTE flow as bars",
    )
    async def series(
        request: Request,
        symbol: Annotated[str, Path(description=SYMBOL_RULE.capitalize())],
        grant: Annotated[Grant, Depends(admitted)],
        bar: Annotated[BarSize, Query(description="Bar size")] = DEFAULT_BAR,
        minutes: Annotated[int, Query(description="Lookback, clamped to 1..390")] = DEFAULT_MINUTES,
    ) -> Response:
        return await answer(request, symbol, grant, bar, minutes)

    @app.get(SERIES_PATH, include_in_schema=False)
    async def series_without_symbol(
        request: Request,
        grant: Annotated[Grant, Depends(admitted)],
        bar: Annotated[BarSize, Query()] = DEFAULT_BAR,
        minutes: Annotated[int, Query()] = DEFAULT_MINUTES,
    ) -> Response:
        """`.../series/` is an empty symbol, a 400 like any other bad symbol."""
        return await answer(request, "", grant, bar, minutes)

    return app
