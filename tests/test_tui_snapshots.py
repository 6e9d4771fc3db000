"""SVG snapshots: frozen clock (2026-06-05 14:45:12 ET), seeded lab, frozen countdown."""

from __future__ import annotations

from datetime import time

import pytest

from tests.tui_helpers import lab_transport, monitor, settled
from zdte_tui.chart_views import CHART_VIEWS
from zdte_tui.tui.themes import THEME_ORDER

SIZES = {"wide": (120, 40), "compact": (80, 24), "side-pane": (50, 30)}


async def _loaded(pilot) -> None:
    await settled(pilot, 1)


@pytest.mark.parametrize("size", list(SIZES))
def test_main_view(snap_compare, size):
    assert snap_compare(monitor(), terminal_size=SIZES[size], run_before=_loaded)


@pytest.mark.parametrize("size", [(120, 40), (50, 30)], ids=["wide", "side-pane"])
@pytest.mark.parametrize("view", CHART_VIEWS)
def test_chart_views(snap_compare, view, size):
    assert snap_compare(monitor(view=view), terminal_size=size, run_before=_loaded)


@pytest.mark.parametrize("size", [(120, 40), (50, 30)], ids=["wide", "side-pane"])
def test_cursor_on_a_past_bar(snap_compare, size):
    async def back(pilot):
        await settled(pilot, 1)
        await pilot.press("shift+left", "shift+left", "shift+left", "left")
        await pilot.pause()

    assert snap_compare(monitor(view="levels"), terminal_size=size, run_before=back)


@pytest.mark.parametrize("theme", THEME_ORDER)
def test_themes(snap_compare, theme):
    assert snap_compare(monitor(theme=theme), terminal_size=(120, 40), run_before=_loaded)


def test_help_overlay(snap_compare):
    async def open_help(pilot):
        await settled(pilot, 1)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(monitor(), terminal_size=(120, 40), run_before=open_help)


def test_empty_bars_state(snap_compare):
    app = monitor(at=time(18, 30), symbol="SPY", minutes=60)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_loaded)


def test_unknown_symbol_state(snap_compare):
    assert snap_compare(monitor(symbol="XYZ"), terminal_size=(80, 24), run_before=_loaded)


def test_error_keeps_last_good_data(snap_compare):
    transport = lab_transport()
    transport.fail_after = 1

    async def fail_second(pilot):
        await settled(pilot, 1)
        await pilot.press("r")
        await settled(pilot, 2)

    assert snap_compare(monitor(transport), terminal_size=(120, 40), run_before=fail_second)


def test_legs_and_lookback(snap_compare):
    async def legs(pilot):
        await settled(pilot, 1)
        await pilot.press("c", "right_square_bracket", "3")
        await settled(pilot)

    assert snap_compare(monitor(), terminal_size=(120, 40), run_before=legs)


def test_too_small(snap_compare):
    assert snap_compare(monitor(), terminal_size=(36, 10), run_before=_loaded)


def test_replay(snap_compare, tmp_path):
    from tests.test_recording import _recorded
    from zdte_tui.api.bars import BarSize
    from zdte_tui.tui.replay import ReplayApp

    recording = _recorded(tmp_path / "r.jsonl", BarSize.M1, 60, 4)
    app = ReplayApp(recording, speed=10, monotonic=lambda: 1000.0, tick_seconds=3600)

    async def step(pilot):
        await settled(pilot, 1)
        await pilot.press("right", "right")
        await settled(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=step)


def test_watchlist_and_event_log(snap_compare):
    async def show_events(pilot):
        await settled(pilot, 3)
        await pilot.press("e")
        await pilot.pause()

    app = monitor(symbol="SPY", watchlist=["SPY", "SPX", "QQQ"], open_on="monitor")
    assert snap_compare(app, terminal_size=(120, 40), run_before=show_events)


@pytest.mark.parametrize("size", [(120, 40), (60, 24)], ids=["wide", "narrow"])
def test_overview(snap_compare, size):
    """Five symbols: ZZZ has no 0DTE (empty bars), QQQ's requests fail (503)."""
    from tests.test_tui_overview import watchlist_monitor

    async def filled(pilot):
        await settled(pilot, 5)
        await pilot.press("down")  # the detail line shows the highlighted symbol's state
        await pilot.pause()

    assert snap_compare(watchlist_monitor(), terminal_size=size, run_before=filled)
