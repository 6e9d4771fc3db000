"""Where the series comes from: the live API, any server implementing it, or the embedded lab."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from typing import TYPE_CHECKING

from zdte_tui.feed.clock import FixedRateClock, SourceClock, UpstreamClock

if TYPE_CHECKING:
    from zdte_tui.api.client import SeriesClient
    from zdte_tui.config import Settings


@dataclass(frozen=True)
class DataSource:
    """`connect` builds the client; it runs once, off the event loop (the lab's imports are heavy).
    `now` is the source's clock: a server's as its answers show it, or the lab's simulated one;
    `clock` (when not just `now` at the wall clock's pace) is how the feed follows it."""

    label: str
    connect: Callable[[], SeriesClient]
    now: Callable[[], datetime]
    clock: SourceClock | None = None

    @property
    def feed_clock(self) -> SourceClock:
        return self.clock or FixedRateClock(self.now)


def data_source(
    settings: Settings, lab_start: time | None = None, lab_speed: float = 1.0
) -> DataSource:
    """The monitor's source; with the embedded lab, `lab_start` (ET) and `lab_speed` set its
    simulated clock as `serve --start --speed` do (to watch the close at any hour)."""
    if settings.uses_lab:
        from zdte_tui.lab.clock import lab_clock

        clock = lab_clock(lab_start, lab_speed)

        def embedded() -> SeriesClient:
            from zdte_tui.lab.embedded import embedded_client

            return embedded_client(clock=clock)

        return DataSource("DEMO", embedded, clock.now, FixedRateClock(clock.now, lab_speed))

    def live() -> SeriesClient:
        from zdte_tui.api.client import SeriesClient  # httpx and pydantic, off the first frame

        return SeriesClient(settings.base_url, settings.api_key, allow_insecure=settings.insecure)

    upstream = UpstreamClock()
    return DataSource(settings.source_label, live, upstream.now, upstream)
