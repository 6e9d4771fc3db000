"""The feed: what to ask next, one request at a time, and what each answer changes.

A front end (the monitor, the relay to come) says what it watches (`Watching`), sends the
`Ask` that `next_ask` hands it, and reports back with `landed` or `failed`; `after` then tells it
whether to ask again at once or in how many seconds. The feed holds the whole window per ask,
merged from incremental polls, the day's request budget and the backoff. No I/O, no clock of its
own: the source's clock (`feed.clock`) says what time it is there and how long its seconds take
here, so a lab at `--speed 60` is followed as faithfully as the real one. No Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from zdte_tui.api.errors import (
    ApiError,
    AuthError,
    HttpError,
    QuotaExceededError,
    TierRestrictedError,
)
from zdte_tui.feed.clock import FixedRateClock, SourceClock
from zdte_tui.feed.merge import merge_window, minutes_to_ask
from zdte_tui.feed.policy import Backoff, Decision, RequestBudget, after_error, after_success

if TYPE_CHECKING:
    from zdte_tui.api.bars import BarSize
    from zdte_tui.api.client import RateLimit
    from zdte_tui.api.models import SeriesResponse


@dataclass(frozen=True)
class Wanted:
    """What the front end asks for; a result for anything else is stale and dropped."""

    symbol: str
    bar: BarSize
    minutes: int


class Watching(Protocol):
    """What the front end watches now: the symbol shown first, then the rest, at one bar size and
    lookback."""

    symbol: str
    symbols: Sequence[str]
    bar: BarSize
    minutes: int


@dataclass(frozen=True)
class Ask:
    """One request: what is wanted, and the minutes actually asked (only those since the last bar
    held, when a window is held)."""

    wanted: Wanted
    minutes: int


@dataclass(frozen=True)
class Landed:
    """An answer merged: `window` is the whole window now held (None: the ask is no longer
    wanted, the answer is dropped)."""

    window: SeriesResponse | None
    shown: bool
    """Whether it is the window the front end shows first."""


@dataclass(frozen=True)
class Failed:
    """A failed request; `decision` is what to do about it when it was the shown ask."""

    decision: Decision | None


ERRORS_NOT_COUNTED = (AuthError, TierRestrictedError, QuotaExceededError)
"""Refusals that do not spend a request of the day's quota."""
PROBE_SECONDS = 1.0
"""While the source's pace is unknown, look again this soon (local seconds) to learn it."""
MIN_LOCAL_SECONDS = 0.05
"""However fast the source's clock runs, polls are at least this far apart here."""


class Feed:
    def __init__(
        self,
        watching: Watching,
        clock: SourceClock | Callable[[], datetime],
        backoff: Backoff | None = None,
        budget: RequestBudget | None = None,
        delay_after: Callable[[SeriesResponse, datetime], float | None] | None = None,
    ) -> None:
        self.watching = watching
        self.clock: SourceClock = FixedRateClock(clock) if callable(clock) else clock
        self.now = self.clock.now
        self.backoff = backoff or Backoff()
        self.budget = budget or RequestBudget()
        self._delay_after = delay_after or self.delay_after_success
        self.queue: list[str] = []
        self.held: dict[Wanted, SeriesResponse] = {}
        """The whole window per ask, merged from incremental polls."""
        self.in_flight = False
        self.again = False
        """A cycle was asked for while a request was in flight: it restarts when that lands."""
        self.stopped = False
        """An error that polling cannot fix (401, 403, 400, 404): only `resume` polls again."""
        self.cycle_delay: float | None = None

    @property
    def shown(self) -> Wanted:
        w = self.watching
        return Wanted(w.symbol, w.bar, w.minutes)

    def cycle(self) -> None:
        """Start a polling cycle: the shown symbol first, then the rest, one request at a time.
        With a request in flight, the cycle restarts when it lands."""
        w = self.watching
        self.queue = [s for s in dict.fromkeys([w.symbol, *w.symbols]) if s]
        if self.in_flight:
            self.again = True

    def resume(self) -> None:
        """After a stop (`r`): poll again."""
        self.stopped = False
        self.cycle()

    def next_ask(self) -> Ask | None:
        """The next request to send, or None (one is in flight, or the cycle is done)."""
        if self.in_flight or not self.queue:
            return None
        w = self.watching
        wanted = Wanted(self.queue.pop(0), w.bar, w.minutes)
        self.in_flight = True
        asked = minutes_to_ask(self.held.get(wanted), wanted.bar, wanted.minutes, self.now())
        return Ask(wanted, asked)

    def current(self, wanted: Wanted) -> bool:
        """Whether an answer is still wanted: a watched symbol at today's bar and lookback."""
        w = self.watching
        return (wanted.bar, wanted.minutes) == (w.bar, w.minutes) and wanted.symbol in w.symbols

    def landed(
        self,
        ask: Ask,
        response: SeriesResponse,
        rate_limit: RateLimit | None,
        not_modified: bool = False,
        max_age_seconds: float | None = None,
    ) -> Landed:
        """`not_modified`: the answer was a `304`, `response` the one held from before;
        `max_age_seconds`: the server's `Cache-Control: max-age`, which the next poll waits out
        (a relay serves a sample a little after it polled its own upstream for it)."""
        self.in_flight = False
        if not not_modified:
            self.clock.observe(response.as_of)
        now = self.now()
        self.budget.record(now, rate_limit)
        self.backoff.reset()
        if not self.current(ask.wanted):
            return Landed(None, False)
        window = merge_window(self.held.get(ask.wanted), response, ask.wanted.minutes)
        self.held[ask.wanted] = window
        shown = ask.wanted == self.shown
        if shown:
            delay = self._local(self._delay_after(window, now))
            if delay is not None and max_age_seconds:
                delay = max(delay, max_age_seconds)
            self.cycle_delay = delay
        return Landed(window, shown)

    def _local(self, source_seconds: float | None) -> float | None:
        """A data delay in the source's seconds, as local seconds to wait."""
        if source_seconds is None:
            return None
        local = max(self.clock.local_seconds(source_seconds), MIN_LOCAL_SECONDS)
        return local if self.clock.settled else min(local, PROBE_SECONDS)

    def failed(self, ask: Ask, error: ApiError) -> Failed:
        self.in_flight = False
        now = self.now()
        if isinstance(error, HttpError) and not isinstance(error, ERRORS_NOT_COUNTED):
            self.budget.record(now, None)
        if ask.wanted != self.shown:
            return Failed(None)
        decision = after_error(error, self.backoff, now)
        self.stopped = decision.delay_seconds is None
        self.cycle_delay = decision.delay_seconds
        if self.stopped:
            self.queue.clear()
        return Failed(decision)

    def after(self) -> float | None:
        """After an answer: 0 to ask again now (the cycle goes on or restarts), else the seconds
        until the next cycle, or None (no poll is due)."""
        if self.again:
            self.again = False
            self.cycle()
            return 0.0
        if self.queue:
            return 0.0
        if self.cycle_delay is not None and not self.stopped:
            return self.cycle_delay
        return None

    def delay_after_success(self, window: SeriesResponse, now: datetime) -> float | None:
        """Seconds until the next poll after good data, paced by the day's budget."""
        return after_success(
            window.as_of, bool(window.bars), now, self.budget, symbols=len(self.watching.symbols)
        )
