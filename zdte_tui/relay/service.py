"""The relay: what its screens are served from, and the loop that polls its upstream.

Screens ask through the shared endpoint (`zdte_tui.serving`); a symbol not polled yet is polled
from its first ask (the first answer waits for the backfill), up to the number of symbols the
upstream's remaining quota can carry once per sample to the close.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from zdte_tui import __version__
from zdte_tui.api.bars import SAMPLE_SECONDS, BarSize
from zdte_tui.api.client import SeriesClient
from zdte_tui.api.market_hours import ET, session_for
from zdte_tui.api.models import SeriesResponse, iso_z
from zdte_tui.feed.clock import SourceClock, UpstreamClock
from zdte_tui.feed.policy import SETTLE, SYMBOL_CAP, Backoff, RequestBudget, next_sample_after
from zdte_tui.relay.replicas import Coordinator
from zdte_tui.relay.shared import SharedStore
from zdte_tui.relay.store import RelayStore
from zdte_tui.relay.upstream import SymbolTally, UpstreamPoller
from zdte_tui.serving.access import AccessControl, Denied

MAX_SYMBOLS = 16
"""However much quota is left, a relay polls at most this many symbols."""
SERVE_AFTER = SETTLE + timedelta(seconds=2)
"""A sample is served this long after its instant: the relay asks its upstream SETTLE after it,
and the answer takes a moment (the `max-age` screens wait out)."""
FIRST_ANSWER_SECONDS = 10.0
"""A screen's first ask for a symbol not polled yet waits this long for its backfill."""
CAP_RETRY_SECONDS = 900
UNAVAILABLE_RETRY_SECONDS = 30
"""A symbol the relay holds nothing of while its upstream fails is a 503 (not the empty 200 of
a symbol without 0DTE, which a monitor would look at again only in 15 minutes)."""


def samples_left(now: datetime) -> int:
    """Upstream polls one symbol needs from `now` to today's close, at one per sample (a whole
    session, 781, before the open; at least 1, the backfill, after the close)."""
    local = now.astimezone(ET)
    session = session_for(local.date())
    if session is None or local >= session.close:
        return 1
    start = max(local, session.open)
    return int((session.close - start).total_seconds() // SAMPLE_SECONDS) + 1


class Relay:
    def __init__(
        self,
        client: SeriesClient,
        symbols: Sequence[str] = (),
        clock: SourceClock | None = None,
        access: AccessControl | None = None,
        backoff: Backoff | None = None,
        budget: RequestBudget | None = None,
        upstream_url: str = "",
        shared: SharedStore | None = None,
    ) -> None:
        self.clock: SourceClock = clock or UpstreamClock()
        self.store = RelayStore(self.clock.now)
        self.access = access or AccessControl()
        self.upstream_url = upstream_url
        self.desk = list(dict.fromkeys(symbols))
        """Every symbol the desk's relays poll (with replicas, the others' too)."""
        self.poller = UpstreamPoller(
            client, self.store, () if shared else symbols, self.clock, backoff, budget,
            on_answer=self.answered, pinned=symbols,
            desk_symbols=(lambda: len(self.desk)) if shared else None,
        )  # fmt: skip
        self.coordinator = Coordinator(self, shared) if shared else None
        """With `--redis`: this replica's leases and what it shares."""
        self._first_answer: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._loop_thread: int | None = None
        self.started = datetime.now(UTC)

    # the source the endpoint serves from

    def now(self) -> datetime:
        return self.clock.now()

    def revision(self, symbol: str) -> tuple[int, int]:
        return self.store.revision(symbol)

    def max_age_seconds(self, symbol: str) -> float:
        """Until the relay expects to serve the sample after the last it holds of `symbol`."""
        now = self.clock.now()
        last = self.store.last_sample(symbol)
        after = last if last is not None and last > now - SERVE_AFTER else now - SERVE_AFTER
        served = next_sample_after(after) + SERVE_AFTER
        return max(self.clock.local_seconds((served - now).total_seconds()), 0.0)

    def series(self, symbol: str, bar: BarSize, minutes: int) -> SeriesResponse:
        """From the store; a symbol asked for the first time is polled from now on (its first
        answer waits for the upstream's), or refused past the cap."""
        self._watch(symbol)
        tally = self.poller.tally.get(symbol)
        if tally is not None and tally.last_error and self.store.last_sample(symbol) is None:
            raise Denied(503, _unavailable_body(symbol, tally.last_error),
                         {"Retry-After": str(UNAVAILABLE_RETRY_SECONDS)})  # fmt: skip
        return self.store.series(symbol, bar, minutes)

    # symbols

    def symbol_cap(self) -> int:
        """How many symbols the upstream's remaining quota carries, one poll a sample, to the
        close (at least those given with `--symbols`)."""
        budget = self.poller.feed.budget
        pinned = len(self.poller.pinned)
        if budget.unlimited or budget.remaining is None:
            return max(pinned, MAX_SYMBOLS)
        fits = budget.remaining // samples_left(self.clock.now())
        return max(pinned, min(MAX_SYMBOLS, fits))

    def _watch(self, symbol: str) -> None:
        poller = self.poller
        polled = self.desk if self.coordinator else poller.watch.symbols
        if symbol in polled or symbol in poller.empty:
            return
        with self._lock:
            waiting = self._first_answer.get(symbol)
            if waiting is None:
                cap = self.symbol_cap()
                if len(polled) >= cap:
                    raise Denied(429, _cap_body(symbol, cap, polled),
                                 {"Retry-After": str(CAP_RETRY_SECONDS)})  # fmt: skip
                waiting = self._first_answer[symbol] = threading.Event()
                if self._loop is None:
                    self._add(symbol)
                else:
                    self._loop.call_soon_threadsafe(self._add, symbol)
        if self._loop is not None and self._loop_thread != threading.get_ident():
            waiting.wait(FIRST_ANSWER_SECONDS)

    def _add(self, symbol: str) -> None:
        """A screen's new symbol: polled here, or (with replicas) by whoever takes its lease."""
        if self.coordinator is not None:
            if symbol not in self.desk:
                self.desk.append(symbol)
            self.coordinator.wake.set()
            return
        self.poller.add(symbol)
        self.poll_soon()

    def poll_soon(self) -> None:
        """Ask the queued symbols now, without waiting for the next cycle."""
        if self._wake is not None:
            self._wake.set()

    def answered(self, symbol: str) -> None:
        """`symbol` has data (or an error) to answer a screen's first ask with."""
        event = self._first_answer.get(symbol)
        if event is not None:
            event.set()

    # the polling loop

    async def run(self) -> None:
        """Poll the upstream for ever: a whole cycle when one is due, and a symbol a screen has
        just asked for at once (without re-asking the others)."""
        loop = self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._wake = asyncio.Event()
        for symbol in self.poller.watch.symbols:
            self._first_answer.setdefault(symbol, threading.Event())
        sharing = None
        if self.coordinator is not None:
            await self.coordinator.tick()
            sharing = asyncio.create_task(self.coordinator.run(), name="relay-leases")
        try:
            await self._poll_for_ever(loop)
        finally:
            if sharing is not None:
                sharing.cancel()

    async def _poll_for_ever(self, loop: asyncio.AbstractEventLoop) -> None:
        next_cycle = loop.time()
        while True:
            self._wake.clear()
            if loop.time() >= next_cycle:
                delay = await self.poller.poll()
                next_cycle = math.inf if delay is None else loop.time() + delay
            else:
                delay = await self.poller.poll(cycle=False)
                if delay is not None and next_cycle == math.inf:
                    next_cycle = loop.time() + delay
            if self.coordinator is not None:
                await self.coordinator.flush()
            timeout = next_cycle - loop.time()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._wake.wait(), None if timeout == math.inf else max(timeout, 0.0)
                )

    # status

    def status(self) -> dict[str, Any]:
        """`GET /v1/relay/status`: the upstream's day, each symbol's samples, the screens'."""
        now = self.clock.now()
        budget = self.poller.feed.budget
        keys, requests = self.access.served_today()
        symbols: dict[str, Any] = {}
        for symbol in dict.fromkeys([*self.desk, *self.poller.tally]):
            tally = self.poller.tally.get(symbol) or SymbolTally()
            last = self.store.last_sample(symbol)
            samples = self.store.samples(symbol)
            symbols[symbol] = {
                "polled": symbol in self.poller.watch.symbols,
                "pinned": symbol in self.poller.pinned,
                "no_0dte_today": symbol in self.poller.empty,
                "samples": samples,
                "backfilled": tally.backfilled,
                "last_sample": iso_z(last) if last else None,
                "age_seconds": round((now - last).total_seconds(), 1) if last else None,
                "upstream_requests": tally.requests,
                "last_error": tally.last_error,
            }
        return {
            "relay": f"zdte-tui {__version__}",
            "as_of": iso_z(now),
            "started": iso_z(self.started),
            "upstream": {
                "url": self.upstream_url,
                "requests_today": budget.used,
                "quota_limit": "unlimited" if budget.unlimited else budget.limit,
                "quota_remaining": "unlimited" if budget.unlimited else budget.remaining,
                "stopped": self.poller.stopped_because,
                "last_error": next(reversed(self.poller.last_error.values()), None),
                "clock_rate": round(self.clock.rate, 3),
            },
            "symbol_cap": self.symbol_cap(),
            "symbols": symbols,
            "screens_today": {"keys": keys, "requests": requests},
            **({"redis": self.coordinator.status()} if self.coordinator else {}),
        }


def _cap_body(symbol: str, cap: int, polled: Sequence[str]) -> dict[str, Any]:
    return {
        "status": "ERROR",
        "error": SYMBOL_CAP,
        "message": f"This relay polls at most {cap} symbols ({', '.join(polled)}), so that its "
        f"upstream quota lasts to the close; {symbol} would be one more.",
        "cap": cap,
        "symbols": list(polled),
    }


def _unavailable_body(symbol: str, error: str) -> dict[str, Any]:
    return {
        "status": "ERROR",
        "error": "upstream_unavailable",
        "message": f"The relay holds no samples of {symbol} yet; its upstream answered: {error}",
    }
