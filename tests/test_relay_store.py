"""The relay's raw store answers exactly what its upstream (the lab) answers, bar for bar."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from tests.lab_helpers import frozen_clock
from zdte_tui.api.bars import BarSize
from zdte_tui.lab.service import Lab
from zdte_tui.relay.store import RelayStore

LOOKBACKS = (1, 15, 60, 120, 390, 1000, 0)


@pytest.mark.parametrize("at", [time(9, 31, 5), time(14, 45, 12), time(16, 0, 10)])
@pytest.mark.parametrize("symbol", ["SPY", "SPX"])
def test_every_bar_size_and_lookback_equals_the_labs_answer(symbol, at):
    clock = frozen_clock(at)
    lab = Lab(clock, seed=5)
    store = RelayStore(clock.now)
    assert store.put(lab.series(symbol, BarSize.S30, 390)) > 0
    for bar in BarSize:
        for minutes in LOOKBACKS:
            assert store.series(symbol, bar, minutes) == lab.series(symbol, bar, minutes), (
                bar, minutes,
            )  # fmt: skip


def test_incremental_puts_merge_into_the_same_window():
    clock = frozen_clock(time(14, 0, 5))
    lab = Lab(clock, seed=5)
    store = RelayStore(clock.now)
    store.put(lab.series("SPY", BarSize.S30, 390))
    for _ in range(6):  # three more minutes, a sample at a time, as the relay polls
        clock.start += timedelta(seconds=30)
        assert store.put(lab.series("SPY", BarSize.S30, 1)) == 1
    assert store.series("SPY", BarSize.M5, 120) == lab.series("SPY", BarSize.M5, 120)
    assert store.last_sample("SPY") == lab.series("SPY", BarSize.S30, 1).bars[-1].t


def test_a_symbol_not_held_is_200_with_empty_bars_and_other_bar_sizes_are_refused():
    clock = frozen_clock(time(14, 0, 5))
    store = RelayStore(clock.now)
    assert store.series("ZZZ", BarSize.M1, 60).bars == ()
    with pytest.raises(ValueError, match="30 s samples"):
        store.put(Lab(clock, seed=1).series("SPY", BarSize.M1, 60))


def test_a_held_sample_is_served_even_when_the_relays_clock_lags_the_upstreams():
    """The close lands while the relay's estimate of the upstream's clock still reads 15:59:59.6:
    the close is held, so it is served (an answer is built once per revision of the store and
    held until the next, and after the close there is no next)."""
    upstream = frozen_clock(time(16, 0, 0))
    lab = Lab(upstream, seed=5)
    relay_clock = frozen_clock(time(15, 59, 59, 600_000))
    store = RelayStore(relay_clock.now)
    store.put(lab.series("SPY", BarSize.S30, 390))
    served = store.series("SPY", BarSize.S30, 390)
    assert served.bars == lab.series("SPY", BarSize.S30, 390).bars
    assert served.bars[-1].t == upstream.now().replace(second=0)  # the 16:00:00 sample
    relay_clock.start -= timedelta(hours=1)  # far behind (an upstream whose clock went back)
    behind = store.series("SPY", BarSize.S30, 390).bars
    assert behind[-1].t == relay_clock.now() + timedelta(seconds=0.4)  # 15:00:00, no later
