"""Where the series comes from: the live API, any server implementing it, or the embedded lab."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from zdte_tui.api.client import SeriesClient
from zdte_tui.config import Settings


@dataclass(frozen=True)
class DataSource:
    """`connect` builds the client; it runs once, off the event loop (the lab's imports are heavy).
    `now` is the source's clock: the wall clock, or the lab's simulated one."""

    label: str
    connect: Callable[[], SeriesClient]
    now: Callable[[], datetime]


def _wall() -> datetime:
    return datetime.now(UTC)


def data_source(settings: Settings) -> DataSource:
    if settings.uses_lab:
        from zdte_tui.lab.clock import lab_clock

        clock = lab_clock()

        def embedded() -> SeriesClient:
            from zdte_tui.lab.embedded import embedded_client

            return embedded_client(clock=clock)

        return DataSource("DEMO", embedded, clock.now)

    def live() -> SeriesClient:
        return SeriesClient(settings.base_url, settings.api_key, allow_insecure=settings.insecure)

    return DataSource(settings.source_label, live, _wall)
