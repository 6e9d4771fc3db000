"""The lab's implementation of the series endpoint over the simulated market (domain.md §1)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from zdte_tui.api.bars import MAX_MINUTES, SAMPLE_SECONDS, BarSize, clamp_minutes
from zdte_tui.api.market_hours import CLOSE_ET, ET, previous_trading_day, session_for
from zdte_tui.api.models import DataAsOf, SeriesResponse
from zdte_tui.lab.clock import Clock
from zdte_tui.lab.market import MarketSession
from zdte_tui.lab.store import SessionStore
from zdte_tui.lab.underlyings import UNDERLYINGS
from zdte_tui.serving.window import window_buckets

ENDPOINT_VERSION = "2026.08.25-lab"
NODE = "lab"


class Lab:
    """Serves series for every simulated symbol; holds at most one session per symbol."""

    def __init__(self, clock: Clock, seed: int = 0) -> None:
        self.clock = clock
        self.seed = seed
        self._stores: dict[str, SessionStore] = {}
        self._lock = threading.Lock()

    def store(self, symbol: str, moment: datetime) -> SessionStore | None:
        """The symbol's store for the session on `moment`'s ET date, or None (no 0DTE then)."""
        underlying = UNDERLYINGS.get(symbol)
        session = session_for(moment.astimezone(ET).date())
        if underlying is None or session is None:
            return None
        with self._lock:
            store = self._stores.get(symbol)
            if store is None or store.day != session.day:
                store = SessionStore(MarketSession(underlying, session, self.seed))
                self._stores[symbol] = store
        return store

    def warm_up(self) -> None:
        """Backfill every symbol's session to now, so the first requests are not the slow ones."""
        for symbol in UNDERLYINGS:
            self.series(symbol, BarSize.S30, MAX_MINUTES)

    def now(self) -> datetime:
        return self.clock.now()

    def revision(self, symbol: str) -> int:
        """The sample period the clock is in: a lab sample is computed once, at its instant."""
        return int(self.clock.now().timestamp() // SAMPLE_SECONDS)

    def max_age_seconds(self, symbol: str) -> float:
        """Until the next sample instant, at the clock's speed (a frozen clock is waited on at
        the wall clock's pace, as the feed does)."""
        speed = getattr(self.clock, "speed", 1.0)
        left = SAMPLE_SECONDS - self.clock.now().timestamp() % SAMPLE_SECONDS
        return left / speed if speed > 0 else left

    def series(self, symbol: str, bar: BarSize, minutes: int) -> SeriesResponse:
        """The body of `GET /v1/flow/zero-dte/series/{symbol}?bar=&minutes=` at the clock's now."""
        symbol = symbol.strip().upper()
        now = self.clock.now().astimezone(UTC)
        minutes = clamp_minutes(minutes)
        store = self.store(symbol, now)
        bars = []
        latest = None
        if store is not None:
            count = store.advance_to(now)
            epochs = store.sample_epochs[:count]
            opened = store.market.session.open.timestamp()
            picked = window_buckets(epochs, now.timestamp(), minutes, opened, bar.seconds)
            bars = [store.bar(i, datetime.fromtimestamp(start, UTC)) for start, i in picked]
            latest = store.sample(count - 1).time if count else None
        return SeriesResponse(
            symbol=symbol,
            expiration=now.astimezone(ET).date(),
            as_of=now.replace(microsecond=0),
            bar_size=bar,
            bars=tuple(bars),
            endpoint_version=ENDPOINT_VERSION,
            data_as_of=_provenance(symbol, now, latest),
        )


def _provenance(symbol: str, now: datetime, latest: datetime | None) -> DataAsOf:
    """Which feeds this node has seen and when: spot/options/flow at the latest sample, OI at the
    previous session's 16:00 ET close."""
    underlying = UNDERLYINGS.get(symbol)
    if underlying is None:
        return DataAsOf(node=NODE)
    day = previous_trading_day(now.astimezone(ET).date())
    oi = datetime.combine(day, CLOSE_ET, ET)
    feeds = (
        ("index_feed", "index_options_feed")
        if underlying.index
        else ("equity_feed", "equity_options_feed")
    )
    seen = dict.fromkeys(feeds, latest)
    return DataAsOf(node=NODE, flow_feed=latest, oi_feed=oi, **seen)
