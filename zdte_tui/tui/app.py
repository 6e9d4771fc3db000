"""The monitor app: one request in flight, each result tagged with its ask, stale ones dropped."""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable, Iterable

from textual import events, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from zdte_tui.api.bars import BarSize, clamp_minutes
from zdte_tui.api.client import SeriesClient
from zdte_tui.api.errors import (
    ApiError,
    AuthError,
    HttpError,
    QuotaExceededError,
    TierRestrictedError,
)
from zdte_tui.tui.messages import FetchFailed, SeriesArrived, Wanted
from zdte_tui.tui.polling import Backoff, RequestBudget, after_error, after_success
from zdte_tui.tui.screens.help import HelpScreen
from zdte_tui.tui.screens.symbol import SymbolScreen
from zdte_tui.tui.source import DataSource
from zdte_tui.tui.status import StatusState
from zdte_tui.tui.themes import MonitorTheme, load_themes
from zdte_tui.tui.view_model import SeriesView, build_view
from zdte_tui.tui.widgets.empty_state import EmptyState
from zdte_tui.tui.widgets.flow_chart import FlowChart
from zdte_tui.tui.widgets.levels import LevelsPanel
from zdte_tui.tui.widgets.pin_gauge import PinGauge
from zdte_tui.tui.widgets.regime import RegimeBadge
from zdte_tui.tui.widgets.status_bar import StatusBar

log = logging.getLogger("zdte_tui.tui")

LOOKBACKS = (15, 30, 60, 120, 240, 390)
"""Minutes that `[` and `]` step through."""
BARS = tuple(BarSize)
MIN_COLUMNS, MIN_ROWS = 40, 12
CHART_TITLE = {
    False: "⣿ spot (left) · • dealer hedge flow since 09:30 ET (right)",
    True: "⣿ spot (left) · • calls / x puts hedge flow since 09:30 ET (right)",
}


class MonitorApp(App[int]):
    CSS_PATH = "styles/monitor.tcss"
    TITLE = "zdte-tui"
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (MIN_COLUMNS, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (MIN_ROWS, "-tall")]

    BINDINGS = [
        Binding("1", "set_bar('30s')", "30s bars", id="bar.30s", show=False),
        Binding("2", "set_bar('1m')", "1m bars", id="bar.1m", show=False),
        Binding("3", "set_bar('5m')", "5m bars", id="bar.5m", show=False),
        Binding("4", "set_bar('15m')", "15m bars", id="bar.15m", show=False),
        Binding("b", "cycle_bar", "Bar", id="bar.cycle"),
        Binding(
            "left_square_bracket", "lookback(-1)", "Shorter", id="lookback.shorter", key_display="["
        ),
        Binding(
            "right_square_bracket", "lookback(1)", "Longer", id="lookback.longer", key_display="]"
        ),
        Binding("s", "symbol", "Symbol", id="symbol"),
        Binding("r", "refresh", "Refresh", id="refresh"),
        Binding("p", "pause", "Pause", id="pause"),
        Binding("c", "chart_legs", "Legs", id="chart.legs"),
        Binding("t", "cycle_theme", "Theme", id="theme"),
        Binding("question_mark", "help", "Help", id="help", key_display="?"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    paused: reactive[bool] = reactive(False, init=False)

    def __init__(
        self,
        source: DataSource,
        symbol: str = "SPY",
        bar: BarSize = BarSize.M1,
        minutes: int = 120,
        theme: str = "dark",
        monotonic: Callable[[], float] = time.monotonic,
        tick_seconds: float = 1.0,
        backoff: Backoff | None = None,
    ) -> None:
        self._themes: dict[str, MonitorTheme] = load_themes()
        super().__init__()
        self.source = source
        self.symbol = symbol
        self.bar = bar
        self.minutes = clamp_minutes(minutes)
        self._monotonic = monotonic
        self._tick_seconds = tick_seconds
        self._client: SeriesClient | None = None
        self._in_flight = False
        self._again = False
        self._timer: Timer | None = None
        self._next_refresh_at: float | None = None
        self._shown: SeriesView | None = None
        self._latest: SeriesView | None = None
        self._backoff = backoff or Backoff()
        self._budget = RequestBudget()
        self._stopped = False
        self.answered = 0
        """Requests that have come back, with data or an error."""
        self._connection = "connecting"
        self._last_error = ""
        for entry in self._themes.values():
            self.register_theme(entry.theme)
        self._theme_warning = ""
        if theme not in self._themes:
            self._theme_warning = f"unknown theme {theme!r}; using dark ({', '.join(self._themes)})"
            theme = "dark"
        self.theme = f"zdte-{theme}"

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {f"zd-{k}": v for k, v in load_themes()["dark"].colors.items()}

    # layout

    def compose(self) -> ComposeResult:
        with Vertical(id="main"):
            with Horizontal(id="top"):
                yield LevelsPanel(id="levels")
                yield FlowChart(id="chart")
            with Horizontal(id="bottom"):
                yield PinGauge(id="pin")
                yield RegimeBadge(id="regime")
            yield EmptyState(id="empty")
        yield Static("", id="too-small")
        yield StatusBar(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#levels").border_title = "levels"
        self.query_one("#chart").border_title = CHART_TITLE[False]
        self.query_one("#pin").border_title = "pin"
        self.query_one("#regime").border_title = "regime"
        self._show_placeholder()
        if self._theme_warning:
            self.notify(self._theme_warning, severity="warning")
        self.set_interval(self._tick_seconds, self._tick)
        self._update_status()
        self.fetch_now()

    def on_resize(self, event: events.Resize) -> None:
        size = event.size
        self.query_one("#too-small", Static).update(
            f"Terminal too small: need {MIN_COLUMNS}×{MIN_ROWS}, have {size.width}×{size.height}."
        )

    # fetching

    @property
    def wanted(self) -> Wanted:
        return Wanted(self.symbol, self.bar, self.minutes)

    def fetch_now(self) -> None:
        """Fetch what the view wants; if a request is in flight, fetch again when it lands."""
        if self._in_flight:
            self._again = True
            return
        self._in_flight = True
        self._cancel_timer()
        self._fetch(self.wanted)

    @work(group="fetch", exit_on_error=False)
    async def _fetch(self, wanted: Wanted) -> None:
        try:
            if self._client is None:
                self._client = await asyncio.to_thread(self.source.connect)
            result = await self._client.fetch_series(wanted.symbol, wanted.bar, wanted.minutes)
        except ApiError as exc:
            self.post_message(FetchFailed(wanted, exc))
        except Exception as exc:  # a bug must not stop the monitor: report it and keep going
            log.exception("fetch failed")
            self.post_message(FetchFailed(wanted, ApiError(f"unexpected {type(exc).__name__}")))
        else:
            self.post_message(SeriesArrived(wanted, result))

    def on_series_arrived(self, message: SeriesArrived) -> None:
        self._in_flight = False
        now = self.source.now()
        self._budget.record(now, message.result.rate_limit)
        self._backoff.reset()
        self._connection, self._last_error = "ok", ""
        if self._budget.should_warn():
            self.notify(
                f"Only {self._budget.remaining} of {self._budget.limit} requests left today "
                "(the quota resets at midnight UTC).",
                title="quota",
                severity="warning",
            )
        if message.wanted == self.wanted:
            response = message.result.response
            self._latest = build_view(response, now)
            if not self.paused:
                self._render_view(self._latest)
            self._schedule(after_success(response.as_of, bool(response.bars), now, self._budget))
        self._after_request()

    def on_fetch_failed(self, message: FetchFailed) -> None:
        self._in_flight = False
        error = message.error
        now = self.source.now()
        uncounted = AuthError | TierRestrictedError | QuotaExceededError
        if isinstance(error, HttpError) and not isinstance(error, uncounted):
            self._budget.record(now, None)
        self._last_error = f"{error.kind}: {error.message}"
        if message.wanted == self.wanted:
            decision = after_error(error, self._backoff, now)
            self._stopped = decision.delay_seconds is None
            self._connection = "stopped" if self._stopped else "retrying"
            if self._stopped:
                self._cancel_timer()
            else:
                self._schedule(decision.delay_seconds)
            if self._stopped or self._backoff.failures <= 1:
                self.notify(decision.message, title=f"{error.kind} error", severity="error",
                            timeout=30 if self._stopped else 8)  # fmt: skip
        self._after_request()

    def _after_request(self) -> None:
        self.answered += 1
        if self._again:
            self._again = False
            self.fetch_now()
        self._update_status()

    def _schedule(self, seconds: float) -> None:
        self._cancel_timer()
        self._next_refresh_at = self._monotonic() + seconds
        self._timer = self.set_timer(seconds, self.fetch_now)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._next_refresh_at = None

    # rendering

    def _render_view(self, view: SeriesView) -> None:
        self._shown = view
        empty = self.query_one(EmptyState)
        main = self.query_one("#main")
        main.set_class(view.empty is not None, "-empty")
        if view.empty is not None:
            empty.show(view.empty.message, view.empty.next_open)
            return
        with self.batch_update():
            self.query_one(LevelsPanel).show(view)
            self.query_one(FlowChart).show(view.chart)
            self.query_one(PinGauge).show(view.pin)
            self.query_one(RegimeBadge).show(view.regime)

    def _show_placeholder(self) -> None:
        self.query_one("#main").add_class("-empty")
        self.query_one(EmptyState).show(
            f"Fetching {self.symbol} · {self.bar.value} bars · {self.minutes} minutes",
            f"from {self.source.label}",
        )

    def _tick(self) -> None:
        self._update_status()

    def _update_status(self) -> None:
        shown = self._shown
        countdown = None
        if self._next_refresh_at is not None:
            countdown = max(math.ceil(self._next_refresh_at - self._monotonic()), 0)
        pending = self._latest is not None and self._latest is not shown
        self.query_one(StatusBar).show(
            StatusState(
                symbol=self.symbol,
                expiration=shown.expiration if shown else None,
                bar=self.bar.value,
                minutes=self.minutes,
                source=self.source.label,
                as_of=shown.as_of if shown else None,
                now=self.source.now(),
                next_refresh_seconds=countdown,
                requests=self._budget.used,
                quota_limit=self._budget.limit,
                quota_remaining=self._budget.remaining,
                unlimited=self._budget.unlimited,
                connection=self._connection,
                last_error=self._last_error,
                paused=self.paused,
                pending=pending,
            )
        )

    def _wanted_changed(self) -> None:
        """The last good picture stays up until the new one lands."""
        self._update_status()
        self.fetch_now()

    # actions

    def action_set_bar(self, value: str) -> None:
        bar = BarSize(value)
        if bar is not self.bar:
            self.bar = bar
            self._wanted_changed()

    def action_cycle_bar(self) -> None:
        self.action_set_bar(BARS[(BARS.index(self.bar) + 1) % len(BARS)].value)

    def action_lookback(self, step: int) -> None:
        index = min(range(len(LOOKBACKS)), key=lambda i: abs(LOOKBACKS[i] - self.minutes))
        minutes = LOOKBACKS[min(max(index + step, 0), len(LOOKBACKS) - 1)]
        if minutes != self.minutes:
            self.minutes = minutes
            self._wanted_changed()

    def action_symbol(self) -> None:
        def chosen(symbol: str | None) -> None:
            if symbol and symbol != self.symbol:
                self.symbol = symbol
                self._shown = None
                self._latest = None
                self._show_placeholder()
                self._wanted_changed()

        self.push_screen(SymbolScreen(self.symbol), chosen)

    def action_refresh(self) -> None:
        """Always at once, even after a stop or during a backoff."""
        self._stopped = False
        self.fetch_now()

    def action_pause(self) -> None:
        self.paused = not self.paused

    def watch_paused(self, paused: bool) -> None:
        if not paused and self._latest is not None and self._latest is not self._shown:
            self._render_view(self._latest)
        self.notify("Paused: data still arrives; p resumes" if paused else "Resumed", timeout=2)
        self._update_status()

    def action_chart_legs(self) -> None:
        chart = self.query_one(FlowChart)
        chart.legs = not chart.legs
        chart.border_title = CHART_TITLE[chart.legs]

    def action_cycle_theme(self) -> None:
        names = list(self._themes)
        current = self.theme.removeprefix("zdte-")
        following = names[(names.index(current) + 1) % len(names)] if current in names else names[0]
        self.theme = f"zdte-{following}"
        self.notify(f"Theme: {following}", timeout=2)

    def action_help(self) -> None:
        keys = [(self.get_key_display(b), b.description) for b in self._current_bindings()]
        self.push_screen(HelpScreen(keys))

    def _current_bindings(self) -> list[Binding]:
        """The app's bindings with the keys they are bound to now (after any keymap)."""
        found: dict[str, Binding] = {}
        for bindings in self._bindings.key_to_bindings.values():
            for binding in bindings:
                if binding.id and binding.id not in found:
                    found[binding.id] = binding
        order = [b.id for b in self.BINDINGS if isinstance(b, Binding)]
        return [found[i] for i in order if i in found]

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for binding in self._current_bindings():
            key = self.get_key_display(binding)
            yield SystemCommand(
                binding.description,
                f"{key}: {binding.description}",
                lambda action=binding.action: self.run_action(action),
            )
        yield from super().get_system_commands(screen)
