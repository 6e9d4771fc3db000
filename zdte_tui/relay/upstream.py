"""The relay's upstream poller: the headless feed, asking the upstream for each symbol's 30 s
samples (the whole session on the first ask of the day, then only the minutes since the last
sample held) and keeping them in the relay's store."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from zdte_tui.api.bars import MAX_MINUTES, SAMPLE_SECONDS, BarSize
from zdte_tui.api.client import SeriesClient
from zdte_tui.api.errors import ApiError, BadRequestError, NotFoundError
from zdte_tui.api.market_hours import ET, next_open, session_for
from zdte_tui.api.models import SeriesResponse
from zdte_tui.feed.clock import SourceClock
from zdte_tui.feed.feed import Feed
from zdte_tui.feed.policy import MIN_DELAY, SETTLE, Backoff, RequestBudget, after_success
from zdte_tui.relay.store import RelayStore

LATE_RETRY_FOR = timedelta(seconds=20)
"""An upstream answer without the sample that should be in it is asked again (every
MIN_DELAY) for this long past the sample instant, then the next sample is waited for."""
EMPTY_AFTER_OPEN = timedelta(minutes=1)
"""A symbol asked for by a screen whose upstream answer has no bars this long into the session
has no 0DTE today (or is unknown): it is answered empty and not polled again today."""


@dataclass
class UpstreamWatch:
    """What the relay watches: every symbol, at the raw 30 s bars, over the whole session."""

    symbols: list[str]
    bar: BarSize = BarSize.S30
    minutes: int = MAX_MINUTES
    symbol: str = field(init=False)

    def __post_init__(self) -> None:
        self.symbol = self.symbols[0] if self.symbols else ""


@dataclass
class SymbolTally:
    requests: int = 0
    """Upstream requests for this symbol today (the process's day)."""
    last_error: str | None = None
    """The last upstream error (cleared by the next good answer)."""
    answered: bool = False
    backfilled: int = 0
    """Samples held after this process's first good answer (the rest came one poll a sample)."""
    answered_well: bool = False


class UpstreamPoller:
    def __init__(
        self,
        client: SeriesClient,
        store: RelayStore,
        symbols: Sequence[str],
        clock: SourceClock | Callable[[], datetime],
        backoff: Backoff | None = None,
        budget: RequestBudget | None = None,
        on_answer: Callable[[str], None] = lambda _symbol: None,
        pinned: Sequence[str] | None = None,
        desk_symbols: Callable[[], int] | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.pinned = list(dict.fromkeys(symbols if pinned is None else pinned))
        """Given with `--symbols`: never dropped, whatever their answers."""
        self.watch = UpstreamWatch(list(dict.fromkeys(symbols)))
        self._desk_symbols = desk_symbols
        """How many symbols the whole desk polls (replicas share the quota); default: these."""
        self.feed = Feed(self.watch, clock, backoff, budget, delay_after=self._delay_after)
        self.tally: dict[str, SymbolTally] = {s: SymbolTally() for s in self.watch.symbols}
        self.empty: set[str] = set()
        """Screens' symbols with no 0DTE today: answered empty, not polled."""
        self.stopped_because: str | None = None
        self._on_answer = on_answer

    @property
    def requests(self) -> int:
        """Upstream requests made."""
        return sum(t.requests for t in self.tally.values())

    @property
    def last_error(self) -> dict[str, str]:
        return {s: t.last_error for s, t in self.tally.items() if t.last_error}

    def add(self, symbol: str) -> None:
        """Poll `symbol` too, from the next ask (a screen asked for it)."""
        if symbol in self.watch.symbols or symbol in self.empty:
            return
        self.watch.symbols.append(symbol)
        self.watch.symbol = self.watch.symbol or symbol
        self.tally.setdefault(symbol, SymbolTally())
        if not self.feed.stopped and symbol not in self.feed.queue:
            self.feed.queue.append(symbol)

    def remove(self, symbol: str) -> None:
        """Stop polling `symbol` (another replica holds its lease now); asked again, its window
        is backfilled afresh."""
        if symbol in self.watch.symbols:
            self.watch.symbols.remove(symbol)
            self.watch.symbol = self.watch.symbols[0] if self.watch.symbols else ""
        self.feed.queue = [s for s in self.feed.queue if s != symbol]
        self.feed.held = {w: v for w, v in self.feed.held.items() if w.symbol != symbol}

    async def poll(self, cycle: bool = True) -> float | None:
        """One cycle over every symbol, a request at a time (`cycle` False: only the symbols
        queued by `add`); the seconds until the next cycle is due (None: polling has stopped,
        on an error that waiting cannot fix, or nothing is polled yet)."""
        if cycle:
            self.feed.cycle()
        while (ask := self.feed.next_ask()) is not None:
            symbol = ask.wanted.symbol
            tally = self.tally.setdefault(symbol, SymbolTally())
            tally.requests += 1
            try:
                result = await self.client.fetch_series(symbol, ask.wanted.bar, ask.minutes)
            except ApiError as exc:
                failed = self.feed.failed(ask, exc)
                tally.last_error = f"{exc.kind}: {exc.message}"
                if failed.decision is not None and self.feed.stopped:
                    self.stopped_because = failed.decision.message
                elif isinstance(exc, BadRequestError | NotFoundError) and symbol not in self.pinned:
                    self._drop(symbol)
            else:
                landed = self.feed.landed(
                    ask, result.response, result.rate_limit, result.not_modified,
                    result.max_age_seconds,
                )  # fmt: skip
                if landed.window is not None:
                    self.store.put(landed.window)
                    if not tally.answered_well:  # the first answer: the backfill
                        tally.backfilled = self.store.samples(symbol)
                        tally.answered_well = True
                    if self._has_no_0dte(symbol, landed.window):
                        self._drop(symbol)
                tally.last_error = None
                self.stopped_because = None
            tally.answered = True
            self._on_answer(symbol)
            delay = self.feed.after()
            if delay != 0:
                return delay
        return self.feed.after()

    def _drop(self, symbol: str) -> None:
        self.empty.add(symbol)
        if symbol in self.watch.symbols and len(self.watch.symbols) > 1:
            self.watch.symbols.remove(symbol)
            self.watch.symbol = self.watch.symbols[0]

    def _has_no_0dte(self, symbol: str, window: SeriesResponse) -> bool:
        if symbol in self.pinned or window.bars:
            return False
        local = window.as_of.astimezone(ET)
        session = session_for(local.date())
        return session is not None and session.open + EMPTY_AFTER_OPEN <= local <= session.close

    def _delay_after(self, window: SeriesResponse, now: datetime) -> float | None:
        """As the feed paces it, but an answer missing the sample it should hold (the upstream
        had not stored it yet) is asked again soon, and outside the session nothing is asked
        until the next open (the monitor's 15-minute checks would cost 70 requests a night a
        symbol, and the relay holds the whole session already)."""
        local = now.astimezone(ET)
        today = session_for(local.date())
        if today is None or not today.open <= local <= today.close + SETTLE:
            return (next_open(now) - now + SETTLE).total_seconds()  # the store holds the close
        if self._desk_symbols is not None:
            delay: float | None = after_success(window.as_of, bool(window.bars), now,
                                                self.feed.budget, self._desk_symbols())  # fmt: skip
        else:
            delay = self.feed.delay_after_success(window, now)
        if not window.bars:
            return delay
        due = datetime.fromtimestamp(
            window.as_of.timestamp() // SAMPLE_SECONDS * SAMPLE_SECONDS, window.as_of.tzinfo
        )
        session = session_for(due.astimezone(ET).date())
        in_session = session is not None and session.open <= due <= session.close
        late = window.bars[-1].t < due and window.as_of - due <= LATE_RETRY_FOR
        if in_session and late and window.as_of - due >= SETTLE:
            return min(delay, MIN_DELAY.total_seconds()) if delay is not None else delay
        return delay
