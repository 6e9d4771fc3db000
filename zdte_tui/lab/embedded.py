"""The embedded lab: the series client talking to the lab's ASGI app in-process (no network)."""

from __future__ import annotations

import httpx

from zdte_tui.api.client import SeriesClient, Timeouts
from zdte_tui.lab.clock import Clock, lab_clock
from zdte_tui.lab.server import create_app
from zdte_tui.lab.service import Lab

EMBEDDED_BASE_URL = "http://127.0.0.1"
"""Never dialled: the ASGI transport answers in-process."""
EMBEDDED_KEY = "embedded-demo-key"


def embedded_client(
    seed: int = 0, clock: Clock | None = None, timeouts: Timeouts | None = None
) -> SeriesClient:
    """A `SeriesClient` whose requests are answered by an in-process lab."""
    app = create_app(Lab(clock or lab_clock(), seed))
    return SeriesClient(
        EMBEDDED_BASE_URL, EMBEDDED_KEY, transport=httpx.ASGITransport(app=app), timeouts=timeouts
    )
