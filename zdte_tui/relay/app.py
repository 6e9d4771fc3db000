"""The relay as a FastAPI app: the series endpoint from the relay's store, its status, and the
upstream polling loop running for as long as the app does."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Annotated, Any, TextIO

from fastapi import FastAPI, Security
from fastapi.responses import JSONResponse

from zdte_tui.relay.service import Relay
from zdte_tui.serving.access import UNAUTHORIZED, AccessControl
from zdte_tui.serving.app import KEY_HEADER, KEY_QUERY, create_app

STATUS_PATH = "/v1/relay/status"


def create_relay_app(
    relay: Relay, access: AccessControl, request_log: TextIO | None = None
) -> FastAPI:
    @contextlib.asynccontextmanager
    async def polling(_app: FastAPI) -> AsyncIterator[None]:
        task = asyncio.create_task(relay.run(), name="relay-upstream")
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            if relay.coordinator is not None:
                await relay.coordinator.release()
                await relay.coordinator.shared.aclose()
            await relay.poller.client.aclose()

    app = create_app(
        relay,
        access,
        title="zdte-tui relay",
        description="One upstream key, many screens: the Zero-DTE Flow Series, fetched once per "
        "sample from the upstream and served to every screen.",
        lifespan=polling,
        request_log=request_log,
    )

    @app.get(STATUS_PATH, summary="The relay's upstream, symbols and screens today")
    async def status(
        x_api_key: Annotated[str | None, Security(KEY_HEADER)] = None,
        api_key: Annotated[str | None, Security(KEY_QUERY)] = None,
    ) -> Any:
        """Behind a screen key; it spends none of that key's quota."""
        if not access.known(x_api_key or api_key):
            return JSONResponse(UNAUTHORIZED, status_code=401)
        return relay.status()

    return app
