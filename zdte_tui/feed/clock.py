"""The source's clock, as the feed follows it.

A feed paces itself by the source's samples: 30 s of *source* time apart. A real upstream runs at
the wall clock's pace, a lab (`serve --speed 60`, `--lab-speed`) faster. The feed computes every
data delay in source seconds and asks its clock how many local seconds that is.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol


class SourceClock(Protocol):
    def now(self) -> datetime:
        """The source's current instant, aware."""
        ...

    def observe(self, as_of: datetime) -> None:
        """An answer built at `as_of` by the source has just arrived."""
        ...

    def local_seconds(self, source_seconds: float) -> float:
        """How long `source_seconds` of the source's time take here."""
        ...

    @property
    def rate(self) -> float:
        """Source seconds per local second."""
        ...

    @property
    def settled(self) -> bool:
        """Whether the pace is known (False: the feed looks again soon, to learn it)."""
        ...


class FixedRateClock:
    """A clock whose pace is known: the wall clock, or a lab's simulated clock at `speed`."""

    def __init__(self, now: Callable[[], datetime], speed: float = 1.0) -> None:
        self.now = now
        self.speed = speed

    @property
    def rate(self) -> float:
        return self.speed

    def observe(self, as_of: datetime) -> None:
        """The pace is known; nothing to learn."""

    def local_seconds(self, source_seconds: float) -> float:
        """A frozen clock (speed 0) is waited on at the wall clock's pace."""
        return source_seconds / self.speed if self.speed > 0 else source_seconds

    @property
    def settled(self) -> bool:
        return True


RATE_SPAN_SECONDS = 100.0
"""Source seconds between the first and the latest `as_of` before the measured rate is trusted
to 1% (`as_of` is sent in whole seconds)."""
REAL_TIME_TOLERANCE = 0.03
FAST_RATE = 2.0
"""Two answers a local second apart whose `as_of` moved less than this many seconds come from a
clock at the wall clock's pace (or close enough until the span is long enough to tell)."""


class UpstreamClock:
    """An upstream's clock, learnt from the `as_of` of its answers: offset from the latest, rate
    from the first and the latest (a lab served at `--speed 60` runs 60 source seconds a second).

    Before any answer it is the wall clock. After one, the rate is unknown (not `settled`) until a
    second answer shows it."""

    def __init__(
        self,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._monotonic = monotonic
        self._wall = wall
        self._first: tuple[float, datetime] | None = None
        self._latest: tuple[float, datetime] | None = None
        self.rate = 1.0
        """Source seconds per local second."""
        self._observed = 0

    def observe(self, as_of: datetime) -> None:
        here = self._monotonic()
        if self._latest is not None and as_of < self._latest[1] - timedelta(seconds=1):
            self._first, self._observed = None, 0  # the upstream went back: a new clock
        if self._first is None:
            self._first = (here, as_of)
        self._latest = (here, as_of)
        self._observed += 1
        local = here - self._first[0]
        source = (as_of - self._first[1]).total_seconds()
        if local <= 0:
            return
        measured = source / local
        if source < RATE_SPAN_SECONDS:
            self.rate = measured if measured >= FAST_RATE else 1.0
        else:
            self.rate = 1.0 if abs(measured - 1.0) < REAL_TIME_TOLERANCE else max(measured, 0.0)

    def adopt(self, as_of: datetime, seconds_ago: float, rate: float) -> None:
        """Another process's reading of the same upstream's clock: `as_of` seen `seconds_ago`
        wall-clock seconds ago, running at `rate` (a relay replica that does not poll)."""
        here = self._monotonic() - max(seconds_ago, 0.0)
        self._first = self._latest = (here, as_of)
        self.rate = rate
        self._observed = 2

    def now(self) -> datetime:
        if self._latest is None:
            return self._wall()
        here, as_of = self._latest
        return as_of + timedelta(seconds=(self._monotonic() - here) * self.rate)

    def local_seconds(self, source_seconds: float) -> float:
        return source_seconds / self.rate if self.rate > 0 else source_seconds

    @property
    def settled(self) -> bool:
        return self._observed != 1
