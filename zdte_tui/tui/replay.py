"""`zdte-tui replay FILE`: a recording played back through the monitor's own screens.

p pauses, ← → step a frame, + − change speed, g seeks to an ET time; the bar cursor moves on
, . (ten bars: < >). Alerts are evaluated on each new bar, as live. The status line says REPLAY.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING

from textual.binding import Binding

from zdte_tui.api.client import SeriesRequest, SeriesResult
from zdte_tui.api.market_hours import ET
from zdte_tui.source import DataSource
from zdte_tui.tui.app import MonitorApp, cursor_bindings
from zdte_tui.tui.screens.prompt import PromptScreen
from zdte_tui.tui.widgets.key_bar import PALETTE

if TYPE_CHECKING:
    from zdte_tui.api.bars import BarSize
    from zdte_tui.api.models import SeriesResponse
    from zdte_tui.recording import Frame, Recording

SPEEDS = (1, 2, 5, 10, 30, 60, 120, 300)
MIN_FRAME_SECONDS = 0.05


class Player:
    """A cursor over the frames of a recording, and the playback speed.

    The frames of `symbol` (the first recorded, unless named) set the pace; every other symbol
    of a watchlist recording shows its latest frame recorded before the next of those (the
    monitor polled the watchlist in turn, the shown symbol first)."""

    def __init__(self, recording: Recording, speed: float = 10, symbol: str | None = None) -> None:
        symbol = (symbol or "").upper() or (
            recording.frames[0].series.symbol if recording.frames else ""
        )
        self.frames = [f for f in recording.frames if f.series.symbol == symbol]
        if not self.frames:
            recorded = sorted({f.series.symbol for f in recording.frames}) or ["nothing"]
            raise ValueError(f"the recording holds no {symbol or 'readable'} responses "
                             f"(it has {', '.join(recorded)})")  # fmt: skip
        recorded = dict.fromkeys(f.series.symbol for f in recording.frames)
        self.symbols = [symbol, *(s for s in recorded if s != symbol)]
        by_time = sorted(recording.frames, key=lambda f: f.series.as_of)
        self._by_symbol = {s: [f for f in by_time if f.series.symbol == s] for s in self.symbols}
        self.index = 0
        self.speed = speed

    def frame_for(self, symbol: str) -> Frame | None:
        """`symbol`'s frame at this step: its last recorded before the next step's."""
        if symbol == self.symbols[0]:
            return self.frame
        frames = self._by_symbol.get(symbol, [])
        if self.index + 1 < len(self.frames):
            until = self.frames[self.index + 1].series.as_of
            before = [f for f in frames if f.series.as_of < until]
        else:
            before = frames
        return before[-1] if before else None

    @property
    def frame(self):
        return self.frames[self.index]

    def now(self) -> datetime:
        return self.frame.series.as_of

    def step(self, by: int) -> bool:
        """Move by `by` frames; False at either end."""
        target = min(max(self.index + by, 0), len(self.frames) - 1)
        moved = target != self.index
        self.index = target
        return moved

    def seek(self, at: time) -> None:
        """The last frame at or before `at` (ET) on the recording's day, else the first."""
        day = self.frames[0].series.as_of.astimezone(ET).date()
        moment = datetime.combine(day, at, ET)
        before = [i for i, f in enumerate(self.frames) if f.series.as_of <= moment]
        self.index = before[-1] if before else 0

    def gap_seconds(self) -> float | None:
        """Real seconds until the next frame at this speed; None at the end."""
        if self.index + 1 >= len(self.frames) or self.speed <= 0:
            return None
        gap = (self.frames[self.index + 1].series.as_of - self.now()).total_seconds()
        return max(gap / self.speed, MIN_FRAME_SECONDS)


class ReplayClient:
    """Answers the monitor's requests with the player's current frame."""

    def __init__(self, player: Player) -> None:
        self.player = player

    async def fetch_series(self, symbol: str, bar: BarSize | str, minutes: int) -> SeriesResult:
        """`symbol`'s frame at this step; a symbol not recorded yet answers as the endpoint does
        for a symbol it holds nothing of (200, no bars)."""
        frame = self.player.frame_for(symbol)
        if frame is None:
            shown = self.player.frame.series
            empty = shown.model_copy(update={"symbol": symbol, "bars": ()})
            return SeriesResult(SeriesRequest(symbol, shown.bar_size, minutes), empty, None, 0)
        request = SeriesRequest(frame.series.symbol, frame.series.bar_size, frame.minutes)
        return SeriesResult(request, frame.series, None, 0)

    async def aclose(self) -> None:
        return None


class ReplayApp(MonitorApp):
    BINDINGS = [
        Binding("left", "step(-1)", "Back", id="replay.back"),
        Binding("right", "step(1)", "Forward", id="replay.forward"),
        Binding("plus,equals_sign", "speed(1)", "Faster", id="replay.faster", key_display="+"),
        Binding("minus", "speed(-1)", "Slower", id="replay.slower", key_display="-"),
        Binding("g", "seek", "Seek", id="replay.seek"),
        # ← → step the recording here, so the bar cursor moves on , . (and < > ten bars)
        *cursor_bindings("comma", "full_stop", "less_than_sign", "greater_than_sign"),
    ]
    FOOTER_PRIORITY = (
        "help", "quit", "replay.back", "replay.forward", "replay.faster", "replay.slower",
        "replay.seek", "pause", "chart.legs", PALETTE, *MonitorApp.FOOTER_PRIORITY,
    )  # fmt: skip
    """In replay the symbol, bar and lookback are the recording's: its own keys come first."""

    def __init__(
        self, recording: Recording, speed: float = 10, symbol: str | None = None, **kwargs
    ) -> None:
        self.player = Player(recording, speed, symbol)
        first: SeriesResponse = self.player.frame.series
        source = DataSource("REPLAY", lambda: ReplayClient(self.player), self.player.now)
        kwargs.setdefault("symbol", first.symbol)
        kwargs.setdefault("watchlist", self.player.symbols)
        super().__init__(source, bar=first.bar_size, minutes=self.player.frame.minutes, **kwargs)
        self._skipped = recording.skipped

    def on_mount(self) -> None:
        """Besides the monitor's `on_mount` (Textual calls each class's handler, this first)."""
        if self._skipped:
            lines = ", ".join(map(str, self._skipped[:5])) + (
                " …" if len(self._skipped) > 5 else ""
            )
            self.notify(f"Skipped {len(self._skipped)} corrupt or truncated line(s): {lines}",
                        title="replay", severity="warning")  # fmt: skip

    def _follow_frame(self) -> None:
        """Ask for what the current frame holds (a recording may change bar or lookback)."""
        frame = self.player.frame
        self.bar, self.minutes = frame.series.bar_size, frame.minutes
        self.fetch_now()

    def _delay_after(self, response: SeriesResponse, now: datetime) -> float | None:
        return None if self.paused else self.player.gap_seconds()

    def _timer_fired(self) -> None:
        if self.player.step(1):
            self._follow_frame()
        else:
            self.notify("End of the recording.", title="replay")

    def _source_label(self) -> str:
        return f"REPLAY {self.player.speed:g}× {self.player.index + 1}/{len(self.player.frames)}"

    def _frozen(self) -> bool:
        """In replay, pause stops the playback; stepping still shows each frame."""
        return False

    def watch_paused(self, paused: bool) -> None:
        if paused:
            self._cancel_timer()
        elif (gap := self.player.gap_seconds()) is not None:
            self._schedule(gap)
        self.notify("Replay paused" if paused else "Replay playing", timeout=2)
        self._update_status()

    def action_step(self, by: int) -> None:
        self.paused = True
        if self.player.step(by):
            self._follow_frame()

    def action_speed(self, direction: int) -> None:
        index = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - self.player.speed))
        self.player.speed = SPEEDS[min(max(index + direction, 0), len(SPEEDS) - 1)]
        if not self.paused and (gap := self.player.gap_seconds()) is not None:
            self._schedule(gap)
        self._update_status()

    def action_seek(self) -> None:
        def chosen(text: str | None) -> None:
            if text:
                self.player.seek(datetime.strptime(text, "%H:%M").time())
                self._follow_frame()

        self.push_screen(PromptScreen("Seek to an ET time (HH:MM)", "14:30", _valid_clock), chosen)

    def _fixed(self) -> None:
        self.notify("In replay the symbol, bar and lookback are the recording's.", timeout=3)

    def action_set_bar(self, value: str) -> None:
        self._fixed()

    def action_lookback(self, step: int) -> None:
        self._fixed()

    def action_symbol(self) -> None:
        self._fixed()


def _valid_clock(text: str) -> bool:
    try:
        datetime.strptime(text.strip(), "%H:%M")
    except ValueError:
        return False
    return True
