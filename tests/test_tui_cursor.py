"""The bar cursor: the panes show bar k, new data does not move it, end returns to live."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import httpx

from tests.lab_helpers import TRADING_DAY
from tests.tui_helpers import AT, RecordingTransport, settled
from zdte_tui import units
from zdte_tui.api.bars import BarSize
from zdte_tui.api.client import SeriesClient
from zdte_tui.api.market_hours import ET
from zdte_tui.feed.policy import Backoff
from zdte_tui.lab.service import Lab
from zdte_tui.serving.app import create_app
from zdte_tui.source import DataSource
from zdte_tui.tui.app import MonitorApp
from zdte_tui.tui.status import status_markup
from zdte_tui.tui.view_model import REGIME_WORDS, et_clock
from zdte_tui.tui.widgets.levels import LevelsPanel
from zdte_tui.tui.widgets.pin_gauge import PinGauge
from zdte_tui.tui.widgets.regime import RegimeBadge
from zdte_tui.tui.widgets.series_chart import SeriesChart
from zdte_tui.tui.widgets.status_bar import StatusBar


class Settable:
    """A clock the test moves: the lab's and the monitor's."""

    def __init__(self) -> None:
        self.at = datetime.combine(TRADING_DAY, AT, ET)

    def now(self) -> datetime:
        return self.at


def cursor_monitor(**kwargs) -> tuple[MonitorApp, Settable]:
    clock = Settable()
    transport = RecordingTransport(httpx.ASGITransport(app=create_app(Lab(clock, seed=7))))
    source = DataSource(
        "DEMO", lambda: SeriesClient("http://127.0.0.1", "k", transport=transport), clock.now
    )
    app = MonitorApp(source, monotonic=lambda: 1000.0, tick_seconds=3600,
                     backoff=Backoff(rng=random.Random(0)), **kwargs)  # fmt: skip
    app.transport = transport
    return app, clock


def _text(widget) -> str:
    return str(widget.render())


def assert_panes_show(app: MonitorApp, k: int) -> None:
    bars = app._shown.series.bars
    bar, before = bars[k], bars[k - 1]
    levels = _text(app.query_one(LevelsPanel))
    for value in (bar.spot, bar.call_wall, bar.put_wall, bar.magnet):
        assert units.price(value) in levels
    assert units.usd_compact(bar.net_gex, signed=True) in levels
    assert units.usd_compact(bar.hedge_flow_cumulative_all, signed=True) in levels
    spot_move = bar.spot - before.spot
    if abs(spot_move) >= 0.005:
        assert f"{abs(spot_move):,.2f}" in levels  # the move since the bar before it
    pin = _text(app.query_one(PinGauge))
    assert f"{bar.pin_score:>3}" in pin and units.percent(bar.pin_probability_pct) in pin
    assert REGIME_WORDS[bar.regime][1] in _text(app.query_one(RegimeBadge))


async def test_the_panes_show_the_bar_under_the_cursor():
    app, _ = cursor_monitor()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        bars = app._shown.series.bars
        for keys, k in ((["left"], -2), (["left"] * 2, -4), (["shift+left"], -14),
                        (["home"], 0), (["right"], 1)):  # fmt: skip
            await pilot.press(*keys)
            await pilot.pause()
            k = k % len(bars)
            assert app._shown.cursor == bars[k].t
            if k:
                assert_panes_show(app, k)
            assert app.query_one(SeriesChart)._data.cursor_minute is not None
        status = _text(app.query_one(StatusBar))
        assert f"AT {et_clock(bars[1].t)} ET" in status and "not live" in status
        await pilot.press("end")
        await pilot.pause()
        assert app.cursor is None and app._shown.cursor is None
        assert_panes_show(app, len(bars) - 1)
        assert "not live" not in _text(app.query_one(StatusBar))
        assert app.query_one(SeriesChart)._data.cursor_minute is None


async def test_new_data_does_not_move_the_cursor_and_escape_returns_to_the_last_bar():
    app, clock = cursor_monitor()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        await pilot.press("left", "left", "left")
        await pilot.pause()
        held = app._shown.cursor
        count = len(app._shown.series.bars)
        clock.at += timedelta(minutes=3)
        await pilot.press("r")
        await settled(pilot, 2)
        bars = app._shown.series.bars
        assert len(app.transport.requests) == 2 and bars[-1].t > held
        assert app._shown.cursor == held and len(bars) >= count
        assert_panes_show(app, [b.t for b in bars].index(held))
        await pilot.press("escape")
        await pilot.pause()
        assert app._shown.cursor is None
        assert_panes_show(app, len(bars) - 1)


async def test_a_bar_size_change_keeps_the_cursor_on_its_time():
    app, _ = cursor_monitor(bar=BarSize.S30, minutes=60)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        await pilot.press(*["left"] * 21)  # ten and a half minutes back at 30 s bars
        await pilot.pause()
        held = app._shown.cursor
        await pilot.press("3")  # 5m bars
        await settled(pilot, 2)
        shown = app._shown.cursor
        assert shown <= held < shown + timedelta(minutes=5)  # the 5 m bar holding that time
        await pilot.press("1")
        await settled(pilot, 3)
        assert app._shown.cursor == held  # and back on the very bar at 30 s


async def test_a_cursor_left_out_of_a_shorter_window_goes_live_and_says_so():
    app, _ = cursor_monitor(minutes=120)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        await pilot.press("home")
        await pilot.pause()
        assert app._shown.cursor is not None
        await pilot.press("left_square_bracket")  # 60 minutes: the first bar is gone
        await settled(pilot, 2)
        assert app.cursor is None and app._shown.cursor is None
        assert any("not in this window" in str(n.message) for n in app._notifications)


def test_the_status_line_says_the_view_is_not_live():
    from tests.test_tui_view_model import _state

    at = datetime(2026, 6, 5, 15, 15, tzinfo=ET)
    assert "AT 11:15:00 ET" in status_markup(_state(cursor=at - timedelta(hours=4)), 120)
    assert "not live" in status_markup(_state(cursor=at), 50)


async def test_the_view_and_cursor_follow_every_symbol_of_a_watchlist():
    app, _ = cursor_monitor(watchlist=("SPY", "QQQ"), view="levels", open_on="monitor")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 2)
        await pilot.press("left", "left")
        await pilot.pause()
        held = app._shown.cursor
        await pilot.press("tab")
        await settled(pilot)
        assert app._shown.symbol == "QQQ" and app._shown.cursor == held
        assert app.query_one(SeriesChart).view == "levels"
        assert_panes_show(app, [b.t for b in app._shown.series.bars].index(held))
