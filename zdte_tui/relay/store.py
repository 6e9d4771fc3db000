"""The relay's raw store: each symbol's upstream 30 s samples for the day, served as the endpoint.

The upstream is polled at 30 s bars, so every raw sample it holds is one bar of a `bar=30s`
answer; the screens' answers are cut from them by the endpoint's own window and last-in-bucket
rules (`zdte_tui.serving.window`), so a relay answers exactly what its upstream would.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from zdte_tui.api.bars import SAMPLE_SECONDS, BarSize, clamp_minutes
from zdte_tui.api.market_hours import ET, session_for
from zdte_tui.api.models import Bar, DataAsOf, SeriesResponse
from zdte_tui.serving.window import window_buckets


@dataclass
class _Held:
    """One symbol's samples for one ET day, ascending by time."""

    day: date
    bars: list[Bar] = field(default_factory=list)
    epochs: list[int] = field(default_factory=list)
    endpoint_version: str | None = None
    data_as_of: DataAsOf | None = None


class RelayStore:
    def __init__(self, now: Callable[[], datetime]) -> None:
        self.now = now
        self._held: dict[str, _Held] = {}
        self._puts: dict[str, int] = {}
        self._lock = threading.Lock()

    def put(self, response: SeriesResponse) -> int:
        """Merge an upstream `bar=30s` answer; how many samples are new. A new ET day starts the
        symbol afresh; a sample already held is replaced (the still-forming one changes)."""
        if response.bar_size is not BarSize.S30:
            raise ValueError(f"the relay holds 30 s samples, not {response.bar_size.value} bars")
        day = response.as_of.astimezone(ET).date()
        with self._lock:
            held = self._held.get(response.symbol)
            if held is None or held.day != day:
                held = self._held[response.symbol] = _Held(day)
            by_time = dict(zip(held.epochs, held.bars, strict=True))
            before = len(by_time)
            for bar in response.bars:
                by_time[int(bar.t.timestamp())] = bar
            held.epochs = sorted(by_time)
            held.bars = [by_time[epoch] for epoch in held.epochs]
            held.endpoint_version = response.endpoint_version
            held.data_as_of = response.data_as_of
            self._puts[response.symbol] = self._puts.get(response.symbol, 0) + 1
            return len(by_time) - before

    def revision(self, symbol: str) -> tuple[int, int]:
        """Changes when an upstream answer for `symbol` lands, and when the clock enters a new
        sample period (the windows move on then, even with nothing new)."""
        period = int(self.now().timestamp() // SAMPLE_SECONDS)
        return self._puts.get(symbol, 0), period

    def held_since(
        self, symbol: str, after_epoch: float | None
    ) -> tuple[date, list[Bar], str | None, DataAsOf | None]:
        """The ET day held for `symbol`, its samples after `after_epoch` (all if None, the last
        one again if none is newer: it may have been replaced), and the provenance."""
        with self._lock:
            held = self._held.get(symbol)
            if held is None or not held.bars:
                return self.now().astimezone(ET).date(), [], None, None
            start = bisect_right(held.epochs, after_epoch) if after_epoch is not None else 0
            bars = held.bars[min(start, len(held.bars) - 1) :]
            return held.day, bars, held.endpoint_version, held.data_as_of

    def samples(self, symbol: str) -> int:
        held = self._held.get(symbol)
        return len(held.bars) if held else 0

    def last_sample(self, symbol: str) -> datetime | None:
        held = self._held.get(symbol)
        return held.bars[-1].t if held and held.bars else None

    def series(self, symbol: str, bar: BarSize, minutes: int) -> SeriesResponse:
        """The body of `GET /v1/flow/zero-dte/series/{symbol}?bar=&minutes=` now, from what the
        relay holds (a symbol it holds nothing of answers 200 with empty bars, as documented)."""
        now = self.now().astimezone(UTC)
        today = now.astimezone(ET).date()
        session = session_for(today)
        with self._lock:
            held = self._held.get(symbol)
            bars: list[Bar] = []
            if held is not None and held.day == today and session is not None:
                # every held sample was stamped at or before the upstream's now, of which the
                # relay's clock is an estimate: a window built as a sample lands (and then held
                # for the store's revision) keeps that sample even when the estimate lags it,
                # by up to a sample (an upstream whose clock went back leaves later ones held)
                until = now.timestamp()
                if held.epochs:
                    until = max(until, min(held.epochs[-1], until + SAMPLE_SECONDS))
                picked = window_buckets(held.epochs, until, clamp_minutes(minutes),
                                        session.open.timestamp(), bar.seconds)  # fmt: skip
                bars = [replace(held.bars[i], t=datetime.fromtimestamp(t, UTC)) for t, i in picked]
            version = held.endpoint_version if held else None
            provenance = held.data_as_of if held else None
        return SeriesResponse(
            symbol=symbol,
            expiration=today,
            as_of=now.replace(microsecond=0),
            bar_size=bar,
            bars=tuple(bars),
            endpoint_version=version,
            data_as_of=provenance or DataAsOf(node="relay"),
        )
