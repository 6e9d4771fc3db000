"""Soak: the monitor through a whole simulated session at high speed; memory must level off.

780 refreshes of the full-session window (30 s bars, 390 minutes), one per raw sample, with the
chart redrawn each time. RSS after the run may exceed RSS after warm-up by less than 10%.
"""

from __future__ import annotations

import gc
import os
from datetime import datetime, time, timedelta

import httpx
import pytest

from tests.soak_helpers import SteppedTime
from tests.tui_helpers import DAY, RecordingTransport, settled
from zdte_tui.api.bars import BarSize
from zdte_tui.api.client import SeriesClient
from zdte_tui.api.market_hours import ET
from zdte_tui.lab.clock import SimulatedClock
from zdte_tui.lab.service import Lab
from zdte_tui.serving.app import create_app
from zdte_tui.source import DataSource
from zdte_tui.tui.app import MonitorApp
from zdte_tui.tui.widgets.series_chart import SeriesChart

WARM_UP = 120


def rss_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.soak
async def test_a_full_session_at_high_speed_keeps_memory_flat():
    ticks = SteppedTime()
    clock = SimulatedClock(datetime.combine(DAY, time(9, 30, 1), ET), speed=1.0, monotonic=ticks)
    transport = RecordingTransport(httpx.ASGITransport(app=create_app(Lab(clock, seed=9))))
    source = DataSource(
        "DEMO", lambda: SeriesClient("http://127.0.0.1", "k", transport=transport), clock.now
    )
    app = MonitorApp(source, bar=BarSize.S30, minutes=390, tick_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        baseline = None
        for step in range(1, 780):
            ticks.seconds += 30
            app.fetch_now()
            await settled(pilot, step + 1)
            if step == WARM_UP:
                gc.collect()
                baseline = rss_bytes()
        gc.collect()
        final = rss_bytes()
        assert clock.now() >= datetime.combine(DAY, time(15, 59), ET) - timedelta(minutes=1)
        assert app._shown.bar_count == 780
        assert app.query_one(SeriesChart).builds >= 700
        growth = (final - baseline) / baseline
        print(f"soak: RSS after warm-up {baseline / 2**20:.1f} MiB, after the session "
              f"{final / 2**20:.1f} MiB, growth {growth:.1%}")  # fmt: skip
        assert growth < 0.10
