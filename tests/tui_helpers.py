"""A monitor wired to a seeded lab with a frozen clock, and a transport that records requests."""

from __future__ import annotations

import asyncio
import random
from datetime import date, time

import httpx

from tests.lab_helpers import frozen_clock
from zdte_tui.api.client import SeriesClient
from zdte_tui.feed.policy import Backoff
from zdte_tui.lab.service import Lab
from zdte_tui.serving.app import create_app
from zdte_tui.source import DataSource
from zdte_tui.tui.app import MonitorApp

AT = time(14, 45, 12)
DAY = date(2026, 6, 5)


class RecordingTransport(httpx.AsyncBaseTransport):
    """Passes requests to `inner`, recording each; `hold` (if set) delays answers until released,
    and `fail_after` turns every request after that many into a 503."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests: list[httpx.Request] = []
        self.responses: list[httpx.Response] = []
        self.hold: asyncio.Event | None = None
        self.fail_after: int | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.hold is not None:
            await self.hold.wait()
        if self.fail_after is not None and len(self.requests) > self.fail_after:
            return httpx.Response(503, json={"message": "lab is down for maintenance"})
        response = await self.inner.handle_async_request(request)
        await response.aread()
        self.responses.append(response)
        return response

    @property
    def params(self) -> list[dict[str, str]]:
        return [
            dict(r.url.params) | {"symbol": r.url.path.rsplit("/", 1)[-1]} for r in self.requests
        ]


def lab_transport(at: time = AT, day: date = DAY, seed: int = 7) -> RecordingTransport:
    app = create_app(Lab(frozen_clock(at, day), seed=seed))
    return RecordingTransport(httpx.ASGITransport(app=app))


def monitor(
    transport: RecordingTransport | None = None,
    at: time = AT,
    day: date = DAY,
    label: str = "DEMO",
    **kwargs,
) -> MonitorApp:
    transport = transport or lab_transport(at, day)
    clock = frozen_clock(at, day)
    source = DataSource(
        label,
        lambda: SeriesClient("http://127.0.0.1", "test-key", transport=transport),
        clock.now,
    )
    kwargs.setdefault("backoff", Backoff(rng=random.Random(0)))
    app = MonitorApp(source, monotonic=lambda: 1000.0, tick_seconds=3600, **kwargs)
    app.transport = transport
    return app


async def settled(pilot, requests: int | None = None) -> None:
    """Wait until the monitor has no request in flight (and at least `requests` were answered)."""
    app = pilot.app
    for _ in range(400):
        await pilot.pause()
        done = not app._in_flight and not app._again
        if done and (requests is None or app.answered >= requests):
            break
        await asyncio.sleep(0.01)
    await pilot.pause()


def live_monitor(base_url: str, key: str = "k", read_seconds: float = 0.5, **kwargs) -> MonitorApp:
    """The monitor against a real server, with fast backoff and a short read timeout."""
    from zdte_tui.api.client import Timeouts

    clock = frozen_clock(AT, DAY)
    source = DataSource(
        base_url,
        lambda: SeriesClient(base_url, key, timeouts=Timeouts(1.0, read_seconds)),
        clock.now,
    )
    kwargs.setdefault("backoff", Backoff(base_seconds=0.05, cap_seconds=0.2, rng=random.Random(0)))
    return MonitorApp(source, monotonic=lambda: 1000.0, tick_seconds=3600, **kwargs)


async def until(pilot, condition, seconds: float = 10.0) -> bool:
    """Let the app run until `condition()` holds (or `seconds` pass); whether it held."""
    deadline = asyncio.get_running_loop().time() + seconds
    while asyncio.get_running_loop().time() < deadline:
        await pilot.pause()
        if condition():
            return True
        await asyncio.sleep(0.02)
    return condition()
