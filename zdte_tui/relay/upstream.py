"""The relay's upstream poller: the headless feed, asking the upstream for each symbol's 30 s
samples (the whole session on the first ask of the day, then only the minutes since the last
sample held) and keeping them in the relay's store."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from zdte_tui.api.bars import MAX_MINUTES, BarSize
from zdte_tui.api.client import SeriesClient
from zdte_tui.api.errors import ApiError
from zdte_tui.feed.feed import Feed
from zdte_tui.feed.policy import Backoff
from zdte_tui.relay.store import RelayStore


@dataclass
class UpstreamWatch:
    """What the relay watches: every symbol, at the raw 30 s bars, over the whole session."""

    symbols: list[str]
    bar: BarSize = BarSize.S30
    minutes: int = MAX_MINUTES
    symbol: str = field(init=False)

    def __post_init__(self) -> None:
        self.symbol = self.symbols[0]


class UpstreamPoller:
    def __init__(
        self,
        client: SeriesClient,
        store: RelayStore,
        symbols: Sequence[str],
        now: Callable[[], datetime],
        backoff: Backoff | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.watch = UpstreamWatch(list(symbols))
        self.feed = Feed(self.watch, now, backoff)
        self.requests = 0
        """Upstream requests made."""
        self.last_error: dict[str, str] = {}
        """Per symbol, the last upstream error (cleared by the next good answer)."""

    async def poll(self) -> float | None:
        """One cycle over every symbol, a request at a time; the seconds until the next cycle
        is due (None: polling has stopped, on an error that waiting cannot fix)."""
        self.feed.cycle()
        while (ask := self.feed.next_ask()) is not None:
            symbol = ask.wanted.symbol
            self.requests += 1
            try:
                result = await self.client.fetch_series(symbol, ask.wanted.bar, ask.minutes)
            except ApiError as exc:
                self.feed.failed(ask, exc)
                self.last_error[symbol] = f"{exc.kind}: {exc.message}"
            else:
                landed = self.feed.landed(ask, result.response, result.rate_limit)
                if landed.window is not None:
                    self.store.put(landed.window)
                self.last_error.pop(symbol, None)
            delay = self.feed.after()
            if delay != 0:
                return delay
        return self.feed.after()
