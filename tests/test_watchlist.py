from __future__ import annotations

import asyncio

import pytest

from tests.tui_helpers import monitor, settled
from zdte_tui.api.client import RateLimit
from zdte_tui.config import load_settings
from zdte_tui.feed.policy import RequestBudget


async def test_a_cycle_polls_every_symbol_in_turn_shown_first():
    app = monitor(symbol="SPY", watchlist=["SPY", "SPX", "QQQ"], open_on="monitor")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 3)
        assert [p["symbol"] for p in app.transport.params] == ["SPY", "SPX", "QQQ"]
        assert set(app._views) == {"SPY", "SPX", "QQQ"}
        assert app._shown.symbol == "SPY"
        assert "SPY 1/3" in str(app.query_one("#status").render())
        assert app._timer is not None  # the next cycle waits for the next sample


async def test_switching_shows_the_symbols_last_picture_at_once_then_polls_it_first():
    app = monitor(symbol="SPY", watchlist=["SPY", "SPX", "QQQ"], open_on="monitor")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 3)
        spx_view = app._views["SPX"]
        app.transport.hold = asyncio.Event()  # answers wait: what shows is the cached picture
        await pilot.press("tab")
        assert app._shown is spx_view and app.symbol == "SPX"
        app.transport.hold.set()
        await settled(pilot, 6)
        assert [p["symbol"] for p in app.transport.params[3:]] == ["SPX", "SPY", "QQQ"]
        await pilot.press("f3")
        await settled(pilot, 9)
        assert app.symbol == "QQQ" and app._shown.symbol == "QQQ"
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.symbol == "SPX"


def test_pacing_shares_the_quota_across_the_watchlist():
    from datetime import datetime

    from zdte_tui.api.market_hours import ET

    budget = RequestBudget()
    now = datetime(2026, 6, 5, 10, 0, tzinfo=ET)
    budget.record(now, RateLimit(2500, 1000, None))
    one, three = budget.pace(now, symbols=1), budget.pace(now, symbols=3)
    assert three == 3 * one and three.total_seconds() == pytest.approx(6 * 3600 * 3 / 1000)


def test_watchlist_from_flags_env_and_file(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('watchlist = ["spy", "spx", "qqq"]\n')
    from_file = load_settings({}, env={}, config_path=path)
    assert from_file.symbols == ("SPY", "SPX", "QQQ")
    from_env = load_settings({}, env={"ZDTE_WATCHLIST": "iwm, xsp"}, config_path=path)
    assert from_env.symbols == ("IWM", "XSP")
    flags = load_settings({"symbol": "SPX", "watchlist": ["SPX", "SPY"]}, env={}, config_path=path)
    assert flags.symbols == ("SPX", "SPY")
    single = load_settings({"symbol": "QQQ"}, env={}, config_path=path)
    assert single.symbols == ("QQQ", "SPY", "SPX")
