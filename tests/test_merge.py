"""Incremental polling: short answers merged into the held window equal the full window."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from tests.soak_helpers import SteppedTime
from tests.tui_helpers import DAY, lab_transport, monitor, settled
from zdte_tui.api.bars import BarSize
from zdte_tui.api.market_hours import ET
from zdte_tui.feed.merge import merge_window, minutes_to_ask
from zdte_tui.lab.clock import SimulatedClock
from zdte_tui.lab.service import Lab


@pytest.mark.parametrize("bar", list(BarSize))
@pytest.mark.parametrize("minutes", [15, 60, 390])
def test_merged_short_answers_equal_the_full_window(bar, minutes):
    ticks = SteppedTime()
    lab = Lab(SimulatedClock(datetime.combine(DAY, time(11, 0, 3), ET), 1.0, ticks), seed=6)
    held = lab.series("SPY", bar, minutes)
    for step in range(40):
        ticks.seconds += 30 if step % 7 else 95  # now and then a late poll
        now = lab.clock.now()
        asked = minutes_to_ask(held, bar, minutes, now)
        held = merge_window(held, lab.series("SPY", bar, asked), minutes)
        assert held == lab.series("SPY", bar, minutes)
        assert asked <= 2 * bar.seconds // 60 + 4  # the forming bucket and a late poll, no more


def test_the_first_poll_and_a_new_day_ask_for_the_whole_window():
    assert minutes_to_ask(None, BarSize.M1, 120, datetime(2026, 6, 5, 15, 0, tzinfo=ET)) == 120


async def test_steady_polls_move_a_small_share_of_the_full_window():
    transport = lab_transport()
    app = monitor(transport, bar=BarSize.S30, minutes=390)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        full = len(app._held[app.wanted].model_dump_json())
        await pilot.press("r")
        await settled(pilot, 2)
        assert transport.params[-1]["minutes"] == "2"
        assert app._shown.bar_count == 631  # 09:30:00 .. 14:45:00, every 30 s
    response_sizes = [len(r.content) for r in transport.responses]
    assert response_sizes[1] < 0.10 * response_sizes[0]
    assert abs(response_sizes[0] - full) < 0.05 * full
