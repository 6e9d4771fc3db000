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
