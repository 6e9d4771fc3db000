"""Chart views: v and V cycle them, the pane's title names the view, the config remembers it;
in replay the cursor has keys of its own."""

from __future__ import annotations

import tomllib

import pytest

from tests.test_recording import _recorded
from tests.tui_helpers import monitor, settled
from zdte_tui.api.bars import BarSize
from zdte_tui.chart_views import CHART_VIEWS
from zdte_tui.config import ConfigError, load_settings, remember_setting
from zdte_tui.tui.replay import ReplayApp
from zdte_tui.tui.widgets.series_chart import SeriesChart


async def test_v_and_shift_v_cycle_the_views_and_the_title_names_each():
    app = monitor()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        chart = app.query_one(SeriesChart)
        seen = []
        for _ in CHART_VIEWS:
            seen.append(chart.view)
            assert str(chart.border_title).startswith(chart.view)
            before = chart.builds
            await pilot.press("v")
            await pilot.pause()
            assert chart.builds == before + 1  # each view is drawn, from the data already held
        assert seen == list(CHART_VIEWS) and chart.view == "flow"
        await pilot.press("V")
        await pilot.pause()
        assert chart.view == "decay"
        assert len(app.transport.requests) == 1  # no new requests


async def test_each_view_is_in_the_command_palette_and_help():
    app = monitor()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        for name in CHART_VIEWS:
            assert f"View: {name}" in commands
        commands["View: pin"].callback()
        await pilot.pause()
        assert app.query_one(SeriesChart).view == "pin"
        await pilot.press("question_mark")
        await pilot.pause()
        text = app.screen.text
        for words in ("Chart view: next of flow, levels", "Cursor one bar back", "first bar of",
                      "back to the live bar"):  # fmt: skip
            assert words in text


async def test_the_view_is_remembered_in_the_config_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('# my desk\nsymbol = "SPX"\napi_key = "secret-a1b2"\n')
    path.chmod(0o600)
    app = monitor(view="exposure", config_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        assert app.query_one(SeriesChart).view == "exposure"
        await pilot.press("v")
        await pilot.pause()
    text = path.read_text()
    assert text.startswith("# my desk\n") and tomllib.loads(text)["view"] == "pin"
    assert tomllib.loads(text)["api_key"] == "secret-a1b2" and path.stat().st_mode & 0o777 == 0o600
    assert load_settings({}, env={}, config_path=path).view == "pin"


def test_a_bad_view_setting_is_a_clear_error(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('view = "candles"\n')
    with pytest.raises(ConfigError, match="must be one of flow, levels, exposure, pin, decay"):
        load_settings({}, env={}, config_path=path)


def test_remembering_into_a_broken_file_leaves_it_alone(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("bar = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        remember_setting(path, "view", "pin")
    assert path.read_text() == "bar = \n"


async def test_replay_moves_the_cursor_on_comma_and_full_stop(tmp_path):
    recording = _recorded(tmp_path / "r.jsonl", BarSize.M1, 60, 4)
    app = ReplayApp(recording, speed=10, monotonic=lambda: 1000.0, tick_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        await pilot.press("comma", "comma")
        await pilot.pause()
        bars = app._shown.series.bars
        assert app._shown.cursor == bars[-3].t and app.player.index == 0
        await pilot.press("right")  # ← → still step the recording
        await settled(pilot)
        assert app.player.index == 1 and app._shown.cursor == bars[-3].t
        await pilot.press("full_stop", "full_stop", "full_stop", "full_stop")
        await pilot.pause()
        assert app._shown.cursor is None
