"""The embedded lab: the series client answered in-process by the lab's endpoint (no network, no
web framework on the monitor's start path)."""

from __future__ import annotations

import asyncio

from zdte_tui.api.client import SeriesClient, Timeouts
from zdte_tui.api.httpx_import import httpx
from zdte_tui.lab.clock import Clock, lab_clock
from zdte_tui.lab.service import Lab
from zdte_tui.serving.access import AccessControl
from zdte_tui.serving.endpoint import SeriesEndpoint

EMBEDDED_BASE_URL = "http://127.0.0.1"
"""Never dialled: the transport answers in-process."""
EMBEDDED_KEY = "embedded-demo-key"
EMBEDDED_BODIES_KEPT = 0
"""Answers the embedded lab keeps between requests: none. Its one client asks each window once a
sample, so a body kept would seldom be served again; a full session's at 30 s is 0.3 MB, and
the monitor's peak RSS is 0.7 MiB lower without it (measured, P4)."""


class LabTransport(httpx.AsyncBaseTransport):
    """An httpx transport answering from a `SeriesEndpoint`. The lab's work runs in a thread, so
    the event loop keeps turning (keys, the clock) through a long backfill."""

    def __init__(self, lab: Lab, access: AccessControl | None = None) -> None:
        self.endpoint = SeriesEndpoint(lab, access, EMBEDDED_BODIES_KEPT)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        query = request.url.params.multi_items()
        key = request.headers.get("X-Api-Key")
        raw_path = request.url.raw_path.decode("ascii").split("?", 1)[0]
        answer = await asyncio.to_thread(
            self.endpoint.answer,
            request.method,
            raw_path,
            query,
            key,
            request.headers.get("If-None-Match"),
        )
        headers = {"content-type": "application/json", **answer.headers}
        if answer.status == 304:
            del headers["content-type"]
        return httpx.Response(answer.status, headers=headers, content=answer.body)


def embedded_client(
    seed: int = 0, clock: Clock | None = None, timeouts: Timeouts | None = None
) -> SeriesClient:
    """A `SeriesClient` whose requests are answered by an in-process lab."""
    transport = LabTransport(Lab(clock or lab_clock(), seed))
    return SeriesClient(EMBEDDED_BASE_URL, EMBEDDED_KEY, transport=transport, timeouts=timeouts)
