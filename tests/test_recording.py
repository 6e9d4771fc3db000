"""Record → replay: the same windows, the same panes, a bounded file, bad lines skipped."""

from __future__ import annotations

import json
from datetime import datetime, time

import pytest

from tests.soak_helpers import SteppedTime
from tests.tui_helpers import DAY, lab_transport, monitor, settled
from zdte_tui.api.bars import BarSize
from zdte_tui.api.market_hours import ET
from zdte_tui.lab.clock import SimulatedClock
from zdte_tui.lab.service import Lab
from zdte_tui.recording import Recorder, RecordingError, read_recording
from zdte_tui.tui.replay import ReplayApp
from zdte_tui.tui.widgets.series_chart import SeriesChart


def _session(bar: BarSize, minutes: int, steps: int, start=time(13, 0, 1)):
    ticks = SteppedTime()
    lab = Lab(SimulatedClock(datetime.combine(DAY, start, ET), 1.0, ticks), seed=4)
    for _ in range(steps):
        yield lab.series("SPY", bar, minutes)
        ticks.seconds += 30


def _recorded(path, bar: BarSize, minutes: int, steps: int):
    recorder = Recorder(path, "SPY", bar.value, minutes)
    for series in _session(bar, minutes, steps):
        recorder.write(series, minutes)
    recorder.close()
    return read_recording(path)


def test_windows_read_back_exactly_as_served(tmp_path):
    path = tmp_path / "spy.jsonl"
    recorder = Recorder(path, "SPY", "1m", 60)
    served = list(_session(BarSize.M1, 60, 12))
    for series in served:
        recorder.write(series, 60)
    recorder.close()
    recording = read_recording(path)
    assert recording.header["symbol"] == "SPY" and recording.skipped == []
    assert [f.series for f in recording.frames] == served
    assert "embedded-demo-key" not in path.read_text() and "X-Api-Key" not in path.read_text()


@pytest.mark.slow
def test_a_full_session_at_30s_stays_under_50_mb(tmp_path):
    path = tmp_path / "full.jsonl"
    recorder = Recorder(path, "SPX", "30s", 390)
    for series in _session(BarSize.S30, 390, 781, start=time(9, 30, 1)):
        recorder.write(series, 390)
    recorder.close()
    size = path.stat().st_size
    print(f"full 30 s session recorded: {size / 2**20:.2f} MiB")
    assert size < 50 * 2**20
    frames = read_recording(path).frames
    assert len(frames) == 781 and len(frames[-1].series.bars) == 780


def test_corrupt_and_truncated_lines_are_skipped(tmp_path):
    path = tmp_path / "bad.jsonl"
    recorder = Recorder(path, "SPY", "5m", 30)
    for series in _session(BarSize.M5, 30, 3):
        recorder.write(series, 30)
    recorder.close()
    lines = path.read_text().splitlines()
    lines.insert(2, "{not json")
    lines.append(lines[-1][: len(lines[-1]) // 2])
    path.write_text("\n".join(lines) + "\n")
    recording = read_recording(path)
    assert recording.skipped == [3, 6]
    assert len(recording.frames) == 3


@pytest.mark.parametrize("text", ["", "hello\n", json.dumps({"format": "other"}) + "\n"])
def test_a_file_that_is_not_a_recording_is_refused(tmp_path, text):
    path = tmp_path / "x.jsonl"
    path.write_text(text)
    with pytest.raises(RecordingError, match="not a zdte-tui recording"):
        read_recording(path)


def _panes(app) -> tuple:
    return (
        app.query_one("#levels")._markup,
        str(app.query_one(SeriesChart).render()),
        app.query_one("#pin")._markup,
        app.query_one("#regime")._markup,
    )


async def test_replay_renders_the_same_panes_as_live(tmp_path):
    path = tmp_path / "live.jsonl"
    live = monitor(lab_transport(), record=path)
    async with live.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        await pilot.press("r")
        await settled(pilot, 2)
        live_panes = _panes(live)
    replay = ReplayApp(read_recording(path), speed=0, tick_seconds=3600)
    async with replay.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        assert _panes(replay) == live_panes
        assert "REPLAY" in str(replay.query_one("#status").render())


async def test_replay_keys_step_seek_speed_and_pause(tmp_path):
    recording = _recorded(tmp_path / "steps.jsonl", BarSize.M1, 30, 10)
    app = ReplayApp(recording, speed=10, tick_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        await pilot.press("right", "right")
        await settled(pilot)
        assert app.paused and app.player.index == 2
        assert app._shown.as_of == app.player.frame.series.as_of
        await pilot.press("left")
        await settled(pilot)
        assert app.player.index == 1
        await pilot.press("plus", "plus")
        assert app.player.speed == 60
        await pilot.press("minus")
        assert app.player.speed == 30
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"13:03", "enter")
        await settled(pilot)
        assert (
            app.player.frame.series.as_of.astimezone(ET).strftime("%H:%M:%S") == "13:02:31"
        )  # the last frame at or before 13:03
        await pilot.press("3")  # bar size is the recording's
        await pilot.pause()
        assert app.bar is BarSize.M1
        await pilot.press("p")  # play again: it reaches the end on its own
        for _ in range(200):
            await pilot.pause(0.02)
            if app.player.index == 9:
                break
        assert app.player.index == 9


async def test_replay_help_lists_the_monitor_keys_and_its_own(tmp_path):
    app = ReplayApp(_recorded(tmp_path / "h.jsonl", BarSize.M1, 30, 2), speed=0, tick_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        await pilot.press("question_mark")
        await pilot.pause()
        text = app.screen.text
        for words in ("Pause", "Quit", "Back", "Forward", "Faster", "Slower", "Seek"):
            assert words in text


def test_a_watchlist_recording_keeps_each_symbols_delta_and_replays_one_symbol(tmp_path):
    path = tmp_path / "watch.jsonl"
    recorder = Recorder(path, "SPY", "1m", 60)
    ticks = SteppedTime()
    lab = Lab(SimulatedClock(datetime.combine(DAY, time(13, 0, 1), ET), 1.0, ticks), seed=4)
    served = {"SPY": [], "SPX": []}
    for _ in range(6):
        for symbol in ("SPY", "SPX"):
            series = lab.series(symbol, BarSize.M1, 60)
            served[symbol].append(series)
            recorder.write(series, 60)
        ticks.seconds += 30
    recorder.close()
    lines = [json.loads(line) for line in path.read_text().splitlines()[1:]]
    assert [line["reset"] for line in lines] == [True, True] + [False] * 10
    assert max(len(line["response"]["bars"]) for line in lines[2:]) <= 2
    recording = read_recording(path)
    assert [f.series for f in recording.frames if f.series.symbol == "SPX"] == served["SPX"]
    app = ReplayApp(recording, symbol="spx", speed=0)
    assert [f.series.symbol for f in app.player.frames] == ["SPX"] * 6
    with pytest.raises(ValueError, match="no QQQ responses"):
        ReplayApp(recording, symbol="QQQ")


async def test_a_watchlist_recording_replays_on_the_overview_every_symbol_at_each_step(tmp_path):
    path = tmp_path / "watch.jsonl"
    recorder = Recorder(path, "SPY", "1m", 60)
    ticks = SteppedTime()
    lab = Lab(SimulatedClock(datetime.combine(DAY, time(13, 0, 1), ET), 1.0, ticks), seed=4)
    served = {"SPY": [], "SPX": []}
    for _ in range(4):
        for symbol in ("SPY", "SPX"):
            series = lab.series(symbol, BarSize.M1, 60)
            served[symbol].append(series)
            recorder.write(series, 60)
            ticks.seconds += 1  # the watchlist is polled in turn, a moment apart
        ticks.seconds += 28
    recorder.close()
    app = ReplayApp(read_recording(path), speed=0, monotonic=lambda: 1000.0, tick_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 2)
        assert app.screen is app.overview and app.overview.order == ["SPX", "SPY"]
        for step in range(3):
            for symbol in ("SPY", "SPX"):
                spot = served[symbol][step].bars[-1].spot
                assert app.overview.table.cell_text(symbol, "spot") == f"{spot:,.2f}"
            await pilot.press("o")  # the replay's keys are the monitor's
            await pilot.press("right")
            await settled(pilot)
            await pilot.press("o")
            await settled(pilot)
