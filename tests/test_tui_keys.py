"""Pilot tests: each key changes the request the lab receives; pause; symbol; stale results."""

from __future__ import annotations

import asyncio

import pytest

from tests.tui_helpers import RecordingTransport, lab_transport, monitor, settled
from zdte_tui.api.bars import BarSize
from zdte_tui.tui.widgets.empty_state import EmptyState
from zdte_tui.tui.widgets.levels import LevelsPanel
from zdte_tui.tui.widgets.series_chart import SeriesChart


async def test_first_frame_shows_data():
    app = monitor()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        assert app.transport.params[0] == {"bar": "1m", "minutes": "120", "symbol": "SPY"}
        assert app._shown is not None and app._shown.bar_count == 121
        assert "spot" in str(app.query_one(LevelsPanel).render())
        assert app.query_one(SeriesChart).builds == 1


@pytest.mark.parametrize(("key", "bar"), [("1", "30s"), ("2", "1m"), ("3", "5m"), ("4", "15m")])
async def test_bar_keys_change_the_request(key, bar):
    app = monitor(bar=BarSize.M5 if bar == "1m" else BarSize.M1)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        await pilot.press(key)
        await settled(pilot, 2)
        assert app.transport.params[-1]["bar"] == bar
        assert app._shown.bar.value == bar


async def test_b_cycles_bar_sizes():
    app = monitor(bar=BarSize.M15)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        for expected in ("30s", "1m", "5m"):
            await pilot.press("b")
            await settled(pilot)
            assert app.transport.params[-1]["bar"] == expected


async def test_lookback_keys_step_through_the_ladder():
    app = monitor(minutes=60)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        sent = []
        for key in ("right_square_bracket", "right_square_bracket", "right_square_bracket",
                    "right_square_bracket", "left_square_bracket"):  # fmt: skip
            await pilot.press(key)
            await settled(pilot)
            sent.append(app.transport.params[-1]["minutes"])
        # back at 240, the window is still held: only the last minutes are asked for
        assert sent == ["120", "240", "390", "390", "3"]
        assert len(app.transport.requests) == 5  # the press at 390 asked for nothing new


async def test_refresh_key_fetches_again():
    app = monitor()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        await pilot.press("r")
        await settled(pilot, 2)
        assert len(app.transport.requests) == 2


async def test_pause_freezes_the_view_while_data_still_arrives():
    app = monitor()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        frozen = app._shown
        await pilot.press("p")
        await pilot.press("3")
        await settled(pilot, 2)
        assert app.transport.params[-1]["bar"] == "5m"
        assert app._shown is frozen and app._latest is not frozen
        assert "PAUSED" in str(app.query_one("#status").render())
        await pilot.press("p")
        await pilot.pause()
        assert app._shown is app._latest and app._shown.bar is BarSize.M5


async def test_switching_symbol():
    app = monitor()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*"spx", "enter")
        await settled(pilot, 2)
        assert app.transport.params[-1]["symbol"] == "SPX"
        assert app._shown.symbol == "SPX"


async def test_a_symbol_without_0dte_shows_the_empty_state_in_place_of_the_panes():
    """SPY's panes, then ZZZ (no 0DTE: the empty state alone), then SPY's panes again."""
    app = monitor()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)

        def shown() -> tuple[bool, bool, bool]:
            return (app.query_one("#top").display, app.query_one("#bottom").display,
                    app.query_one(EmptyState).display)  # fmt: skip

        assert shown() == (True, True, False)
        for symbol, panes in (("zzz", False), ("spy", True)):
            await pilot.press("s")
            await pilot.pause()
            await pilot.press(*symbol, "enter")
            await settled(pilot)
            await pilot.pause()
            assert shown() == (panes, panes, not panes)
            if not panes:
                assert "No 0DTE samples for ZZZ" in str(app.query_one(EmptyState).render())


async def test_symbol_prompt_escape_keeps_the_symbol_and_bad_input_is_refused():
    app = monitor()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("space", "enter")
        await pilot.pause()
        assert app.screen.id != "_default"  # still prompting: an empty symbol is refused
        await pilot.press("escape")
        await settled(pilot)
        assert app.symbol == "SPY" and len(app.transport.requests) == 1


@pytest.mark.parametrize("typed", ["SP Y", "ABCDEFGHIJK", "$SPX", "1SPY"])
async def test_symbol_prompt_refuses_what_the_endpoint_would_refuse(typed):
    app = monitor()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*typed, "enter")
        await pilot.pause()
        error = str(app.screen.query_one("#prompt-error").render())
        assert "1 to 10 characters" in error  # still prompting, saying what a symbol is
        await pilot.press("escape")
        await settled(pilot)
        assert app.symbol == "SPY" and len(app.transport.requests) == 1


async def test_symbol_prompt_takes_a_dotted_ticker_trimmed_and_upper_cased():
    app = monitor()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*" brk.b ", "enter")
        await settled(pilot, 2)
        assert app.symbol == "BRK.B" and app.transport.params[-1]["symbol"] == "BRK.B"


async def test_stale_results_are_dropped():
    transport = lab_transport()
    app = monitor(transport)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        transport.hold = asyncio.Event()
        await pilot.press("1")  # asks for 30s bars; the answer is held back
        await pilot.pause()
        await pilot.press("4")  # the user moves on to 15m before it lands
        await pilot.pause()
        assert len(transport.requests) == 2 and app._again
        transport.hold.set()
        await settled(pilot, 3)
        assert [p["bar"] for p in transport.params] == ["1m", "30s", "15m"]
        assert app._shown.bar is BarSize.M15


async def test_errors_keep_the_last_good_data():
    transport = lab_transport()
    transport.fail_after = 1
    app = monitor(transport)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        good = app._shown
        await pilot.press("r")
        await settled(pilot, 2)
        assert app._shown is good
        status = str(app.query_one("#status").render())
        assert "server: lab is down for maintenance" in status and "retrying" in status


async def test_chart_legs_toggle_and_theme_cycle():
    app = monitor()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        chart = app.query_one(SeriesChart)
        await pilot.press("c")
        await pilot.pause()
        assert chart.legs and "calls" in chart.border_title and chart.builds == 2
        themes = []
        for _ in range(4):
            await pilot.press("t")
            await pilot.pause()
            themes.append(app.theme)
        assert themes == ["zdte-light", "zdte-ansi", "zdte-mono", "zdte-dark"]


async def test_help_lists_every_key_and_closes():
    app = monitor()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        await pilot.press("question_mark")
        await pilot.pause()
        text = app.screen.text
        for word in ("30s bars", "15m bars", "Bar size: the next", "Shorter lookback window",
                     "Longer lookback window", "Symbol", "Refresh", "Pause", "Flow legs: all",
                     "Theme", "Help", "Quit"):  # fmt: skip
            assert word in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.id == "_default"


async def test_every_action_is_in_the_command_palette():
    app = monitor()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        commands = {c.title: c.help for c in app.get_system_commands(app.screen)}
        for title in ("Bar size", "Shorter lookback", "Longer lookback", "Symbol", "Refresh",
                      "Pause", "Flow legs", "Theme", "Help", "Quit", "30s bars"):  # fmt: skip
            assert title in commands
        assert commands["Shorter lookback"] == "[: Shorter lookback window (15 to 390 minutes)"
        assert commands["Flow legs"] == "c: Flow legs: all hedge flow, or calls and puts"


async def test_resizing_to_tiny_and_back_never_crashes():
    app = monitor()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        for size in ((50, 30), (39, 20), (20, 5), (1, 1), (45, 11), (80, 24), (200, 60)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert app.screen.has_class("-wide")
        await pilot.resize_terminal(30, 20)
        await pilot.pause()
        assert "have 30×20" in str(app.query_one("#too-small").render())


async def test_alerts_fire_once_on_new_bars_into_the_event_log_and_a_toast(seed_body):

    import httpx

    from zdte_tui.alerts import AlertRules

    first = dict(seed_body["bars"][0], t="2026-06-05T18:44:00Z")
    flipped = dict(first, t="2026-06-05T18:45:00Z", regime="negative_gamma", spot=588.0)
    bodies = [dict(seed_body, bars=[first]), dict(seed_body, bars=[first, flipped])]
    served: list[int] = []

    def answer(request):
        served.append(1)
        return httpx.Response(200, json=bodies[min(len(served), len(bodies)) - 1])

    transport = RecordingTransport(httpx.MockTransport(answer))
    app = monitor(transport, alert_rules=AlertRules(regime_change=True, flip_cross=False,
                  level_move_strikes=0, pin_threshold=0, wall_proximity_pct=0))  # fmt: skip
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        log = app.query_one("#events")
        assert log.line_count == 0  # history on first load raises nothing
        for answered in (2, 3):  # the same new bar seen twice alerts once
            await pilot.press("r")
            await settled(pilot, answered)
        assert log.line_count == 1
        assert "14:45 ET  SPY: regime positive → negative gamma" in log.lines[0]
        assert any("regime positive → negative" in str(n.message) for n in app._notifications)
        await pilot.press("e")
        await pilot.pause()
        assert log.has_class("-shown")


async def test_x_exports_the_window_as_csv_and_shift_x_an_svg(tmp_path):
    from zdte_tui.export import series_csv

    app = monitor(export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        await pilot.press("x")
        await pilot.pause()
        csv_path = tmp_path / "SPY-1m-20260605-144512ET.csv"
        assert csv_path.read_text() == series_csv(app._shown.series)
        assert len(csv_path.read_text().splitlines()) == 122
        await pilot.press("X")
        await pilot.pause()
        svg = tmp_path / "SPY-1m-20260605-144512ET.svg"
        assert svg.exists() and "<svg" in svg.read_text()[:200]
        toasts = " ".join(str(n.message) for n in app._notifications)
        assert str(csv_path) in toasts and str(svg) in toasts


async def test_export_to_an_unwritable_place_is_a_toast_not_a_crash(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    app = monitor(export_dir=blocker / "sub")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        await pilot.press("x")
        await pilot.pause()
        assert app.is_running
        assert any("Export failed" in str(n.message) for n in app._notifications)


async def test_keymap_remaps_binding_ids():
    app = monitor(keymap={"bar.cycle": "n", "quit": "Q", "no.such.binding": "z"})
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        await pilot.press("b")
        await settled(pilot)
        assert app.bar is BarSize.M1  # b no longer cycles
        await pilot.press("n")
        await settled(pilot)
        assert app.bar is BarSize.M5
        assert any("no.such.binding" in str(n.message) for n in app._notifications)
        await pilot.press("question_mark")
        await pilot.pause()
        assert "n  Bar" in app.screen.text
