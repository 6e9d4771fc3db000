"""The feed follows its source's clock: an upstream's learnt from its `as_of`, a lab's known."""

from __future__ import annotations

import itertools
from datetime import datetime, time, timedelta

from tests.lab_helpers import TRADING_DAY
from tests.test_feed import Watch
from zdte_tui.api.bars import BarSize
from zdte_tui.api.market_hours import ET
from zdte_tui.feed.clock import FixedRateClock, UpstreamClock
from zdte_tui.feed.feed import PROBE_SECONDS, Feed
from zdte_tui.lab.clock import SimulatedClock
from zdte_tui.lab.service import Lab

START = datetime.combine(TRADING_DAY, time(11, 0, 3), ET)


class Monotonic:
    def __init__(self) -> None:
        self.seconds = 100.0

    def __call__(self) -> float:
        return self.seconds


def test_before_any_answer_the_upstream_clock_is_the_wall_clock():
    clock = UpstreamClock(Monotonic(), wall=lambda: START)
    assert clock.now() == START and clock.rate == 1.0 and clock.settled


def test_the_rate_is_learnt_from_two_answers_and_the_offset_from_the_latest():
    local = Monotonic()
    clock = UpstreamClock(local)
    clock.observe(START)
    assert not clock.settled and clock.now() == START
    local.seconds += 1.0
    clock.observe(START + timedelta(seconds=60))
    assert clock.settled and clock.rate == 60.0
    local.seconds += 0.5
    assert clock.now() == START + timedelta(seconds=90)
    assert clock.local_seconds(30) == 0.5


def test_a_real_time_upstream_is_taken_at_rate_one_despite_whole_second_as_of():
    local = Monotonic()
    clock = UpstreamClock(local)
    for step in range(1, 40):
        local.seconds += 7.3
        clock.observe(START + timedelta(seconds=int(7.3 * step)))
        assert clock.rate == 1.0


def test_an_upstream_clock_that_goes_back_is_learnt_afresh():
    local = Monotonic()
    clock = UpstreamClock(local)
    clock.observe(START)
    local.seconds += 1
    clock.observe(START + timedelta(seconds=60))
    local.seconds += 1
    clock.observe(START - timedelta(hours=2))  # the lab was restarted at another time
    assert not clock.settled and clock.now() == START - timedelta(hours=2)


def sped_up_lab(speed: float):
    local = Monotonic()
    lab_clock = SimulatedClock(START, speed, local)
    return Lab(lab_clock, seed=4), local


def test_a_feed_follows_a_lab_at_speed_60_one_poll_a_sample():
    lab, local = sped_up_lab(60)
    clock = UpstreamClock(local)
    feed = Feed(Watch(symbols=["SPY"], bar=BarSize.S30), clock)
    delays, held = [], []
    for _ in range(12):
        feed.cycle()
        ask = feed.next_ask()
        window = feed.landed(ask, lab.series("SPY", ask.wanted.bar, ask.minutes), None).window
        held.append(window.bars[-1].t)
        delays.append(feed.after())
        local.seconds += delays[-1]
    assert delays[0] == PROBE_SECONDS  # learning the pace
    # then each sample, 30 s of the lab's time (half a second here), 2 s after it lands
    assert all(0.4 <= delay <= 32 / 60 for delay in delays[2:])
    steps = [(b - a).total_seconds() for a, b in itertools.pairwise(held[2:])]
    assert steps == [30.0] * 9  # a new sample each poll, none missed


def test_a_known_rate_needs_no_probe_and_max_age_is_waited_out():
    lab, _local = sped_up_lab(5)
    feed = Feed(Watch(symbols=["SPY"]), FixedRateClock(lab.clock.now, 5))
    feed.cycle()
    ask = feed.next_ask()
    feed.landed(ask, lab.series("SPY", ask.wanted.bar, ask.minutes), None)
    assert feed.after() == (30 - 3 + 2) / 5
    feed.cycle()
    ask = feed.next_ask()
    feed.landed(ask, lab.series("SPY", ask.wanted.bar, ask.minutes), None, max_age_seconds=20)
    assert feed.after() == 20


def test_a_304_with_the_next_sample_due_looks_again_soon():
    lab, local = sped_up_lab(1)
    feed = Feed(Watch(symbols=["SPY"]), FixedRateClock(lab.clock.now))
    feed.cycle()
    ask = feed.next_ask()
    held = lab.series("SPY", ask.wanted.bar, ask.minutes)
    feed.landed(ask, held, None)
    local.seconds += 29  # 11:00:32: the relay has not the 11:00:30 sample yet
    feed.cycle()
    ask = feed.next_ask()
    feed.landed(ask, held, None, not_modified=True)
    assert feed.after() == 2.0


def test_a_clock_read_elsewhere_is_adopted_with_its_rate():
    local = Monotonic()
    clock = UpstreamClock(local)
    clock.adopt(START, seconds_ago=2.0, rate=60.0)  # a replica that polls read it 2 s ago
    assert clock.settled and clock.now() == START + timedelta(seconds=120)
    local.seconds += 0.5
    assert clock.now() == START + timedelta(seconds=150)
