"""The headless feed, driven by a fake clock and a fake source: no app, no Textual."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tests.tui_helpers import AT, DAY
from zdte_tui.api.bars import BarSize
from zdte_tui.api.client import RateLimit
from zdte_tui.api.errors import AuthError, QuotaExceededError, ServerError
from zdte_tui.api.market_hours import ET
from zdte_tui.feed.feed import Feed, Wanted
from zdte_tui.feed.policy import Backoff
from zdte_tui.lab.service import Lab


@dataclass
class Watch:
    symbol: str = "SPY"
    symbols: list[str] = field(default_factory=lambda: ["SPY", "QQQ"])
    bar: BarSize = BarSize.M1
    minutes: int = 60


class FakeClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


def feed_and_lab(at=AT) -> tuple[Feed, Watch, FakeClock, Lab]:
    clock = FakeClock(datetime.combine(DAY, at, ET))
    watch = Watch()
    feed = Feed(watch, clock.now, Backoff(rng=random.Random(0)))
    return feed, watch, clock, Lab(clock, seed=7)


def answer(feed: Feed, lab: Lab, ask):
    return feed.landed(ask, lab.series(ask.wanted.symbol, ask.wanted.bar, ask.minutes), None)


def test_a_cycle_asks_the_shown_symbol_first_one_request_at_a_time():
    feed, _, _, lab = feed_and_lab()
    feed.cycle()
    first = feed.next_ask()
    assert first.wanted == Wanted("SPY", BarSize.M1, 60) and first.minutes == 60
    assert feed.next_ask() is None  # one in flight
    assert answer(feed, lab, first).shown and feed.after() == 0
    second = feed.next_ask()
    assert second.wanted.symbol == "QQQ" and not answer(feed, lab, second).shown
    delay = feed.after()
    assert delay is not None and 0 < delay <= 32  # the next 30 s sample, then a settle


def test_held_windows_make_the_next_polls_incremental():
    feed, _, clock, lab = feed_and_lab()
    feed.cycle()
    ask = feed.next_ask()
    full = answer(feed, lab, ask).window
    clock.at += timedelta(seconds=30)
    feed.queue, feed.in_flight = ["SPY"], False
    again = feed.next_ask()
    assert again.minutes < ask.minutes  # only the minutes since the last bar held
    merged = answer(feed, lab, again).window
    assert merged.bars[-1].t >= full.bars[-1].t and len(merged.bars) >= len(full.bars) - 1


def test_an_answer_for_a_lookback_since_left_is_dropped():
    feed, watch, _, lab = feed_and_lab()
    feed.cycle()
    ask = feed.next_ask()
    watch.minutes = 30
    assert answer(feed, lab, ask).window is None and ask.wanted not in feed.held


def test_a_cycle_asked_for_in_flight_restarts_when_the_request_lands():
    feed, _, _, lab = feed_and_lab()
    feed.cycle()
    ask = feed.next_ask()
    feed.cycle()
    answer(feed, lab, ask)
    assert feed.after() == 0 and feed.queue == ["SPY", "QQQ"]  # from the top, the shown first


def test_a_bad_key_stops_the_feed_until_resumed_and_spends_no_quota():
    feed, _, _, _ = feed_and_lab()
    feed.cycle()
    failed = feed.failed(feed.next_ask(), AuthError(401, "Invalid API key."))
    assert failed.decision.delay_seconds is None and feed.stopped
    assert feed.after() is None and feed.next_ask() is None and feed.budget.used == 0
    feed.resume()
    assert not feed.stopped and feed.next_ask().wanted.symbol == "SPY"


def test_server_errors_back_off_and_count_against_the_budget():
    feed, _, _, _ = feed_and_lab()
    feed.cycle()
    first = feed.failed(feed.next_ask(), ServerError(503, "down")).decision.delay_seconds
    feed.queue = ["SPY"]
    second = feed.failed(feed.next_ask(), ServerError(503, "down")).decision.delay_seconds
    assert 0 < first < second and feed.budget.used == 2
    feed.queue = ["SPY"]
    quota = feed.failed(feed.next_ask(), QuotaExceededError(429, "quota", retry_after_seconds=600))
    assert quota.decision.delay_seconds == 600 and feed.budget.used == 2


def test_the_budget_trusts_the_servers_headers():
    feed, _, _, lab = feed_and_lab()
    feed.cycle()
    ask = feed.next_ask()
    response = lab.series("SPY", BarSize.M1, 60)
    feed.landed(ask, response, RateLimit(2500, 2000, None))
    assert (feed.budget.limit, feed.budget.remaining) == (2500, 2000)


def test_the_feed_follows_the_sources_clock_not_the_wall():
    """After the close (on the source's clock), nothing can change: the next check is rare."""
    feed, _, clock, lab = feed_and_lab()
    clock.at = clock.at.replace(hour=16, minute=30)
    feed.cycle()
    answer(feed, lab, feed.next_ask())
    assert feed.cycle_delay is not None and feed.cycle_delay >= 15 * 60 - 1
