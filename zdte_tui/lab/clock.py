"""The lab's session clock: the real clock inside a session, or a simulated one anywhere else.

All clocks answer aware UTC datetimes; sessions are looked up in ET.
"""

from __future__ import annotations

import time as _time
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Protocol

from zdte_tui.api.market_hours import ET, last_trading_day, session_for

DEFAULT_SIMULATED_START = time(12, 30)
"""Outside a session the lab shows today's (or the last trading day's) session from 12:30 ET."""


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, aware, in UTC."""
        ...


class WallClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class SimulatedClock:
    """Starts at `start` and runs `speed` times faster than real time (0 freezes it)."""

    def __init__(
        self,
        start: datetime,
        speed: float = 1.0,
        monotonic: Callable[[], float] = _time.monotonic,
    ) -> None:
        if start.tzinfo is None:
            raise ValueError("start must be an aware datetime")
        if speed < 0:
            raise ValueError("speed must not be negative")
        self.start = start.astimezone(UTC)
        self.speed = speed
        self._monotonic = monotonic
        self._origin = monotonic()

    def now(self) -> datetime:
        elapsed = (self._monotonic() - self._origin) * self.speed
        return self.start + timedelta(seconds=elapsed)


def lab_clock(
    start: time | None = None, speed: float = 1.0, real_now: datetime | None = None
) -> Clock:
    """The clock `zdte-tui serve` and the embedded lab use.

    - `start` given: a simulated session at that ET time, on today's date if today has a session,
      else on the last trading day, samples backfilled from 09:30.
    - no `start`, inside a session: the real clock (sped up from now if `speed` != 1).
    - no `start`, outside a session: today's (or the last trading day's) session from 12:30 ET.
    """
    real_now = real_now or datetime.now(UTC)
    et_now = real_now.astimezone(ET)
    session = session_for(et_now.date())
    if start is None and session is not None and session.contains(et_now):
        return WallClock() if speed == 1.0 else SimulatedClock(real_now, speed)
    day = last_trading_day(et_now.date())
    at = start or DEFAULT_SIMULATED_START
    return SimulatedClock(datetime.combine(day, at, ET), speed)
