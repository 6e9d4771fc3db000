"""The monitor app: what is on screen. The feed (`zdte_tui.feed`) decides what to ask and when."""

from __future__ import annotations

import asyncio
import logging
import math
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import constants as textual_constants
from textual import events, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.driver import Driver
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from zdte_tui.alerts import TOGGLES, AlertRules, AlertTracker
from zdte_tui.api.bars import BarSize, clamp_minutes
from zdte_tui.api.errors import (
    ApiError,
)
from zdte_tui.api.symbols import SYMBOL_RULE, is_symbol, normalize_symbol
from zdte_tui.chart_views import CHART_VIEWS
from zdte_tui.config import ConfigError, remember_setting
from zdte_tui.feed.feed import Ask, Feed, Wanted
from zdte_tui.tui import collector
from zdte_tui.tui.messages import FetchFailed, SeriesArrived
from zdte_tui.tui.status import StatusState
from zdte_tui.tui.themes import MonitorTheme, load_themes
from zdte_tui.tui.view_model import (
    SeriesView,
    build_view,
    cursor_index,
    et_clock,
)
from zdte_tui.tui.widgets.empty_state import EmptyState
from zdte_tui.tui.widgets.event_log import EventLog
from zdte_tui.tui.widgets.key_bar import PALETTE, KeyBar
from zdte_tui.tui.widgets.levels import LevelsPanel
from zdte_tui.tui.widgets.pin_gauge import PinGauge
from zdte_tui.tui.widgets.regime import RegimeBadge
from zdte_tui.tui.widgets.series_chart import SeriesChart
from zdte_tui.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from zdte_tui.api.client import SeriesClient
    from zdte_tui.api.models import SeriesResponse
    from zdte_tui.feed.policy import Backoff
    from zdte_tui.recording import Recorder
    from zdte_tui.source import DataSource
    from zdte_tui.tui.overview_model import OverviewRow
    from zdte_tui.tui.screens.overview import OverviewScreen

log = logging.getLogger("zdte_tui.tui")

LOOKBACKS = (15, 30, 60, 120, 240, 390)
"""Minutes that `[` and `]` step through."""
LOOKBACK_RANGE = f"{LOOKBACKS[0]} to {LOOKBACKS[-1]}"
VIEW_LIST = ", ".join(CHART_VIEWS)
BARS = tuple(BarSize)
MIN_COLUMNS, MIN_ROWS = 40, 12


def cursor_bindings(back: str, forward: str, back10: str, forward10: str) -> list[Binding]:
    """The bar cursor's steps, on the keys given (replay puts them on , . < >)."""
    return [
        Binding(back, "cursor(-1)", "Bar back", id="cursor.back", show=False,
                tooltip="Cursor one bar back: the panes show that bar"),
        Binding(forward, "cursor(1)", "Bar forward", id="cursor.forward", show=False,
                tooltip="Cursor one bar forward (past the last bar: live)"),
        Binding(back10, "cursor(-10)", "10 bars back", id="cursor.back10", show=False,
                tooltip="Cursor ten bars back"),
        Binding(forward10, "cursor(10)", "10 bars forward", id="cursor.forward10", show=False,
                tooltip="Cursor ten bars forward"),
    ]  # fmt: skip


class MonitorApp(App[int]):
    CSS_PATH = Path(__file__).parent / "styles" / "monitor.tcss"
    TITLE = "zdte-tui"
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (MIN_COLUMNS, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (MIN_ROWS, "-tall")]

    BINDINGS = [
        Binding("1", "set_bar('30s')", "30s bars", id="bar.30s", show=False),
        Binding("2", "set_bar('1m')", "1m bars", id="bar.1m", show=False),
        Binding("3", "set_bar('5m')", "5m bars", id="bar.5m", show=False),
        Binding("4", "set_bar('15m')", "15m bars", id="bar.15m", show=False),
        Binding(
            "b",
            "cycle_bar",
            "Bar size",
            id="bar.cycle",
            tooltip="Bar size: the next of 30s, 1m, 5m, 15m",
        ),
        Binding(
            "left_square_bracket",
            "lookback(-1)",
            "Shorter lookback",
            id="lookback.shorter",
            key_display="[",
            tooltip=f"Shorter lookback window ({LOOKBACK_RANGE} minutes)",
        ),
        Binding(
            "right_square_bracket",
            "lookback(1)",
            "Longer lookback",
            id="lookback.longer",
            key_display="]",
            tooltip=f"Longer lookback window ({LOOKBACK_RANGE} minutes)",
        ),
        Binding("s", "symbol", "Symbol", id="symbol"),
        # priority: tab would otherwise move focus; nothing on the main screen takes focus
        Binding(
            "tab", "next_symbol(1)", "Next symbol", id="watchlist.next", show=False, priority=True
        ),
        Binding(
            "shift+tab",
            "next_symbol(-1)",
            "Previous symbol",
            id="watchlist.previous",
            show=False,
            priority=True,
        ),
        # the symbol's number on function keys: 1-4 are bar sizes, and alt+N reaches an app
        # inside tmux as an 8-bit byte (alt+3 arrives as "£")
        *(
            Binding(f"f{n}", f"show_symbol({n})", f"Symbol {n}", id=f"watchlist.{n}", show=False)
            for n in range(1, 10)
        ),
        Binding(
            "v", "cycle_view(1)", "View", id="view.next", tooltip=f"Chart view: next of {VIEW_LIST}"
        ),
        Binding(
            "V",
            "cycle_view(-1)",
            "Previous view",
            id="view.previous",
            show=False,
            tooltip="Chart view: the previous one",
        ),
        *cursor_bindings("left", "right", "shift+left", "shift+right"),
        Binding(
            "home",
            "cursor_first",
            "First bar",
            id="cursor.first",
            show=False,
            tooltip="Cursor on the first bar of the window",
        ),
        Binding(
            "end,escape",
            "cursor_live",
            "Live",
            id="cursor.live",
            show=False,
            key_display="end/esc",
            tooltip="Cursor off: back to the live bar",
        ),
        Binding(
            "o",
            "overview",
            "Overview",
            id="overview",
            tooltip="Overview: the whole watchlist, a row a symbol (enter opens one)",
        ),
        Binding("r", "refresh", "Refresh", id="refresh"),
        Binding("p", "pause", "Pause", id="pause"),
        Binding(
            "c",
            "chart_legs",
            "Flow legs",
            id="chart.legs",
            tooltip="Flow legs: all hedge flow, or calls and puts",
        ),
        Binding("t", "cycle_theme", "Theme", id="theme"),
        Binding("e", "events", "Events", id="events"),
        Binding("a", "alerts", "Alerts on/off", id="alerts", show=False),
        Binding("x", "export_csv", "Export CSV", id="export.csv"),
        Binding("X", "export_svg", "Screenshot", id="export.svg", show=False),
        Binding("question_mark", "help", "Help", id="help", key_display="?"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    FOOTER_PRIORITY = (
        "help", "quit", "view.next", "symbol", "bar.cycle", "lookback.shorter",
        "lookback.longer", "chart.legs", "overview", PALETTE, "pause", "refresh", "events",
        "export.csv", "theme",
    )  # fmt: skip
    """Which key hints the footer keeps first when they do not all fit (binding ids)."""

    paused: reactive[bool] = reactive(False, init=False)

    def __init__(
        self,
        source: DataSource,
        symbol: str = "SPY",
        bar: BarSize = BarSize.M1,
        minutes: int = 120,
        theme: str = "dark",
        view: str = CHART_VIEWS[0],
        config_path: Path | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        tick_seconds: float = 1.0,
        backoff: Backoff | None = None,
        keymap: Mapping[str, str] | None = None,
        export_dir: Path | None = None,
        alert_rules: AlertRules | None = None,
        record: Path | None = None,
        watchlist: Sequence[str] = (),
        overview_sort: str = "symbol",
        overview_reverse: bool = False,
        open_on: str = "auto",
    ) -> None:
        self._themes: dict[str, MonitorTheme] = load_themes()
        super().__init__()
        self.source = source
        self.symbols = list(dict.fromkeys([symbol, *(watchlist or ())]))
        """The watchlist; `symbol` is the one shown."""
        self.symbol = symbol
        self._views: dict[str, SeriesView] = {}
        self.bar = bar
        self.minutes = clamp_minutes(minutes)
        self.view = view if view in CHART_VIEWS else CHART_VIEWS[0]
        self._config_path = config_path
        """Where `v` remembers the view (None: not remembered, as in tests)."""
        self.cursor: datetime | None = None
        """The time the bar cursor is on; None when the view is live."""
        self._monotonic = monotonic
        self._tick_seconds = tick_seconds
        self._client: SeriesClient | None = None
        self._timer: Timer | None = None
        self._next_refresh_at: float | None = None
        self._shown: SeriesView | None = None
        self._latest: SeriesView | None = None
        self._recorder: Recorder | None = None
        if record:
            from zdte_tui.recording import Recorder

            self._recorder = Recorder(record, symbol, bar.value, self.minutes)
        self.alert_rules = alert_rules or AlertRules()
        self._alerts = AlertTracker()
        self._keymap = dict(keymap or {})
        self._export_dir = export_dir or Path.cwd()
        self.feed = Feed(self, source.feed_clock, backoff, delay_after=self._delay_after)
        self.answered = 0
        """Requests that have come back, with data or an error."""
        self._connection = "connecting"
        self._last_error = ""
        self._errors: dict[str, str] = {}
        """Per symbol, the last request's error while it stands (the overview shows them)."""
        self._alerted: dict[str, datetime] = {}
        self._asking: str | None = None
        self._overview_sort = (overview_sort, overview_reverse)
        self._overview: OverviewScreen | None = None
        """The overview last opened (the screens load on first use, after the first frame)."""
        self._open_on = open_on
        for entry in self._themes.values():
            self.register_theme(entry.theme)
        self._theme_warning = ""
        if theme not in self._themes:
            self._theme_warning = f"unknown theme {theme!r}; using dark ({', '.join(self._themes)})"
            theme = "dark"
        self._set_first_theme(f"zdte-{theme}")

    def _set_first_theme(self, name: str) -> None:
        """The theme at start. Setting `theme` parses every stylesheet a second time once the
        app runs (about 10 ms before the first frame). The stylesheets are not parsed yet, so
        when the chosen theme is as dark and as ANSI as the one Textual started with (its
        dark-mode class and ANSI filter fit both), it only gives them its variables now; any
        other is set as a later change is (a light theme, an ANSI one, `TEXTUAL_THEME`)."""
        chosen, started = self.get_theme(name), self.current_theme
        if chosen is None or (chosen.dark, chosen.ansi) != (started.dark, started.ansi):
            self.theme = name
            return
        self.set_reactive(App.theme, name)
        self.set_class(True, f"-theme-{name}", update=False)
        self.stylesheet.set_variables(self.get_css_variables())

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {f"zd-{k}": v for k, v in self._themes["dark"].colors.items()}

    # layout

    def get_driver_class(self) -> type[Driver]:
        """Textual's choice of driver, but for its Linux driver the one whose input thread
        sleeps until there is input (`quiet_driver.py`)."""
        chosen = super().get_driver_class()
        if sys.platform == "win32" or textual_constants.DRIVER is not None:
            return chosen  # Windows', or a driver asked for by name (TEXTUAL_DRIVER)
        from zdte_tui.tui.quiet_driver import QuietLinuxDriver

        return QuietLinuxDriver

    def compose(self) -> ComposeResult:
        with Vertical(id="main"):
            with Horizontal(id="top"):
                yield LevelsPanel(id="levels")
                yield SeriesChart(id="chart")
            with Horizontal(id="bottom"):
                yield PinGauge(id="pin")
                yield RegimeBadge(id="regime")
            yield EmptyState(id="empty")
        yield EventLog(id="events", max_lines=500)
        yield Static("", id="too-small")
        yield StatusBar(id="status")
        yield KeyBar(self.FOOTER_PRIORITY)

    def on_mount(self) -> None:
        self.query_one("#levels").border_title = "levels"
        self.query_one(SeriesChart).view = self.view
        self.query_one("#pin").border_title = "pin"
        self.query_one("#regime").border_title = "regime"
        self.query_one("#events").border_title = "events (e hides)"
        self._show_placeholder()
        if self._theme_warning:
            self.notify(self._theme_warning, severity="warning")
        if self._keymap:
            known = set(self._binding_order())
            unknown = sorted(set(self._keymap) - known)
            if unknown:
                self.notify(f"[keymap] ignores unknown binding ids: {', '.join(unknown)}",
                            severity="warning")  # fmt: skip
            self.set_keymap({k: v for k, v in self._keymap.items() if k in known})
        self.set_interval(self._tick_seconds, self._tick)
        self.set_timer(collector.RESUME_BY_SECONDS, collector.keep_what_is_loaded)
        self._update_status()
        # the layout's first frame comes first: the first fetch loads what only data needs
        # (httpx, pydantic, the lab; plotext with the first drawing)
        self.call_after_refresh(self.fetch_now)
        if self._open_on == "overview" or (self._open_on == "auto" and len(self.symbols) > 1):
            self.action_overview()

    def on_unmount(self) -> None:
        if self._recorder is not None:
            self._recorder.close()

    def on_resize(self, event: events.Resize) -> None:
        size = event.size
        self.query_one("#too-small", Static).update(
            f"Terminal too small: need {MIN_COLUMNS}×{MIN_ROWS}, have {size.width}×{size.height}."
        )

    # fetching

    @property
    def wanted(self) -> Wanted:
        return self.feed.shown

    # the feed's state, as the tests and the benchmarks read it
    @property
    def _in_flight(self) -> bool:
        return self.feed.in_flight

    @property
    def _again(self) -> bool:
        return self.feed.again

    @property
    def _held(self) -> dict[Wanted, SeriesResponse]:
        return self.feed.held

    def fetch_now(self) -> None:
        """Start a polling cycle (the feed's): the shown symbol first, then the watchlist."""
        self.feed.cycle()
        self._pump()

    def _pump(self) -> None:
        ask = self.feed.next_ask()
        if ask is not None:
            self._cancel_timer()
            self._asking = ask.wanted.symbol
            self._fetch(ask)

    @work(group="fetch", exit_on_error=False)
    async def _fetch(self, ask: Ask) -> None:
        wanted = ask.wanted
        try:
            if self._client is None:
                self._client = await asyncio.to_thread(self.source.connect)
            result = await self._client.fetch_series(wanted.symbol, wanted.bar, ask.minutes)
        except ApiError as exc:
            self.post_message(FetchFailed(ask, exc))
        except Exception as exc:  # a bug must not stop the monitor: report it and keep going
            log.exception("fetch failed")
            self.post_message(FetchFailed(ask, ApiError(f"unexpected {type(exc).__name__}")))
        else:
            self.post_message(SeriesArrived(ask, result))

    def on_series_arrived(self, message: SeriesArrived) -> None:
        result = message.result
        self._asking = None
        self._errors.pop(message.ask.wanted.symbol, None)
        landed = self.feed.landed(
            message.ask, result.response, result.rate_limit, result.not_modified,
            result.max_age_seconds,
        )  # fmt: skip
        self._connection, self._last_error = "ok", ""
        budget = self.feed.budget
        if budget.should_warn():
            self.notify(
                f"Only {budget.remaining} of {budget.limit} requests left today "
                "(the quota resets at midnight UTC).",
                title="quota",
                severity="warning",
            )
        if landed.window is not None:
            response = landed.window
            self._raise_alerts(response)
            if self._recorder is not None:
                self._recorder.write(response, self.minutes)
            view = build_view(response, self.source.now(), self.cursor)
            self._views[message.ask.wanted.symbol] = view
            if landed.shown:
                self._latest = view
                if not self._frozen():
                    self._render_view(view)
        self._after_request()
        self._overview_row(message.ask.wanted.symbol)

    def on_fetch_failed(self, message: FetchFailed) -> None:
        error = message.error
        self._asking = None
        failed = self.feed.failed(message.ask, error)
        self._last_error = f"{error.kind}: {error.message}"
        self._errors[message.ask.wanted.symbol] = self._last_error
        decision = failed.decision
        if decision is not None:
            stopped = self.feed.stopped
            self._connection = "stopped" if stopped else "retrying"
            if stopped or self.feed.backoff.failures <= 1:
                self.notify(decision.message, title=f"{error.kind} error", severity="error",
                            timeout=30 if stopped else 8)  # fmt: skip
        self._after_request()
        self._overview_row(message.ask.wanted.symbol)

    def _raise_alerts(self, response: SeriesResponse) -> None:
        """Alerts fire on new bars whether or not the view is paused."""
        events = self._alerts.new_events(response.symbol, response.bars, self.alert_rules)
        if events:
            self._alerted[response.symbol] = self.source.now()
        log = self.query_one(EventLog)
        for event in events:
            line = f"{et_clock(event.t, seconds=False)} ET  {event.message}"
            log.write_line(line)
            self.notify(event.message, title=f"alert · {et_clock(event.t, seconds=False)} ET",
                        severity="warning", timeout=10)  # fmt: skip
        if events and self.alert_rules.bell:
            self.bell()

    def _delay_after(self, response: SeriesResponse, now: datetime) -> float | None:
        """Seconds until the next poll after good data (None: no poll); replay overrides it."""
        return self.feed.delay_after_success(response, now)

    def _timer_fired(self) -> None:
        self.fetch_now()

    def _source_label(self) -> str:
        return self.source.label

    def _symbol_label(self) -> str:
        if len(self.symbols) == 1:
            return self.symbol
        return f"{self.symbol} {self.symbols.index(self.symbol) + 1}/{len(self.symbols)}"

    def _frozen(self) -> bool:
        """Live, pause freezes the view while data keeps arriving."""
        return self.paused

    def _after_request(self) -> None:
        """Next in the cycle, a restarted cycle, or a timer for the next one."""
        self.answered += 1
        if collector.paused():  # once this answer is on the screen
            self.call_after_refresh(collector.keep_what_is_loaded)
        delay = self.feed.after()
        if delay == 0:
            self._pump()
        elif delay is not None:
            self._schedule(delay)
        self._update_status()

    def _schedule(self, seconds: float) -> None:
        """The next cycle's timer; the overview's rows learn when it is due."""
        self._cancel_timer()
        self._next_refresh_at = self._monotonic() + seconds
        self._timer = self.set_timer(seconds, self._timer_fired)
        self.refresh_overview()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._next_refresh_at = None

    # rendering

    def _render_view(self, view: SeriesView) -> None:
        view = self._at_cursor(view)
        self._shown = view
        self._show_empty(view.empty is not None)
        if view.empty is not None:
            self.query_one(EmptyState).show(view.empty.message, view.empty.next_open)
            return
        with self.batch_update():
            at = "" if view.cursor is None else f" · at {et_clock(view.cursor)} ET"
            for pane in ("levels", "pin", "regime"):
                widget = self.query_one(f"#{pane}")
                if widget.border_title != f"{pane}{at}":  # setting it repaints the whole pane
                    widget.border_title = f"{pane}{at}"
            self.query_one(LevelsPanel).show(view)
            self.query_one(SeriesChart).show(view.chart)
            self.query_one(PinGauge).show(view.pin)
            self.query_one(RegimeBadge).show(view.regime)

    def _at_cursor(self, view: SeriesView) -> SeriesView:
        """`view` at the cursor's bar. A cursor that has left the window (a shorter lookback,
        a symbol with a later first bar) goes back to live, and says so."""
        bars = view.series.bars
        if not bars:
            return view
        if self.cursor is not None and self.cursor < bars[0].t:
            clock = et_clock(self.cursor)
            self.cursor = None
            self.notify(f"{clock} ET is not in this window: back to live.", timeout=4)
        elif self.cursor is not None and self.cursor >= bars[-1].t:
            self.cursor = None
        index = cursor_index(bars, self.cursor)
        shown_at = None if index is None else bars[index].t
        if view.cursor != shown_at:
            view = build_view(view.series, self.source.now(), self.cursor)
        return view

    def _show_empty(self, empty: bool) -> None:
        """The panes, or the empty state in their place. Their `display` is set rather than a
        class on #main, whose change restyled every pane (about 3 ms, before the first frame and
        again with the first data)."""
        state = self.query_one(EmptyState)
        if state.display != empty:
            self.query_one("#top").display = self.query_one("#bottom").display = not empty
            state.display = empty

    def _show_placeholder(self) -> None:
        self._show_empty(True)
        self.query_one(EmptyState).show(
            f"Fetching {self.symbol} · {self.bar.value} bars · {self.minutes} minutes",
            f"from {self.source.label}",
        )

    def _tick(self) -> None:
        self._update_status()
        self.refresh_overview()

    # the overview

    @property
    def overview(self) -> OverviewScreen | None:
        """The overview, when it is on the screen stack."""
        shown = self._overview
        return shown if shown is not None and shown in self.screen_stack else None

    def action_overview(self) -> None:
        shown = self.overview
        if shown is not None:
            if self.screen is shown:
                shown.dismiss()
            return
        from zdte_tui.tui.screens.overview import OverviewScreen

        sort, reverse = self._overview_sort
        self._overview = OverviewScreen(sort, reverse, self._open_from_overview,
                                        self._sorted_overview)  # fmt: skip
        self.push_screen(self._overview)
        self.call_later(self.refresh_overview)

    def _row(self, symbol: str, now: datetime, narrow: bool) -> OverviewRow:
        """`symbol`'s overview row (the overview's model loads with the overview)."""
        from zdte_tui.tui.overview_model import SymbolState, overview_row

        if self._asking == symbol:
            due, seconds = "now", 0.0
        elif symbol in self.feed.queue:
            due, seconds = "queued", 0.0
        elif self.feed.stopped:
            due, seconds = "stopped", None
        elif self._next_refresh_at is not None:
            seconds = max(math.ceil(self._next_refresh_at - self._monotonic()), 0)
            due = f"{seconds}s"
        else:
            due, seconds = "", None
        state = SymbolState(symbol, self._views.get(symbol), self._errors.get(symbol),
                            self._alerted.get(symbol), due, seconds)  # fmt: skip
        return overview_row(state, now, narrow)

    def _overview_row(self, symbol: str) -> None:
        """A poll of `symbol` landed: its row, and only its row."""
        overview = self.overview
        if overview is not None and symbol in self.symbols:
            overview.show_row(self._row(symbol, self.source.now(), overview.narrow))

    def refresh_overview(self) -> None:
        overview = self.overview
        if overview is not None:
            now = self.source.now()
            overview.show([self._row(s, now, overview.narrow) for s in self.symbols])

    def _open_from_overview(self, symbol: str) -> None:
        overview = self.overview
        if overview is not None and self.screen is overview:
            overview.dismiss()
        self._switch_to(symbol)

    def _sorted_overview(self, column: str, reverse: bool) -> None:
        self._overview_sort = (column, reverse)
        if self._config_path is not None:
            try:
                remember_setting(self._config_path, "overview_sort", column)
                remember_setting(self._config_path, "overview_reverse", reverse)
            except (OSError, ConfigError) as exc:
                self.notify(f"Sort not remembered: {exc}", severity="warning", timeout=6)

    def _update_status(self) -> None:
        shown = self._shown
        countdown = None
        if self._next_refresh_at is not None:
            countdown = max(math.ceil(self._next_refresh_at - self._monotonic()), 0)
        latest = self._latest
        pending = latest is not None and shown is not None and latest.series is not shown.series
        self.query_one(StatusBar).show(
            StatusState(
                symbol=self._symbol_label(),
                expiration=shown.expiration if shown else None,
                bar=self.bar.value,
                minutes=self.minutes,
                source=self._source_label(),
                as_of=shown.as_of if shown else None,
                now=self.source.now(),
                next_refresh_seconds=countdown,
                requests=self.feed.budget.used,
                quota_limit=self.feed.budget.limit,
                quota_remaining=self.feed.budget.remaining,
                unlimited=self.feed.budget.unlimited,
                connection=self._connection,
                last_error=self._last_error,
                paused=self.paused,
                pending=pending,
                cursor=shown.cursor if shown else None,
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
            symbol = normalize_symbol(symbol) if symbol else None
            if symbol and symbol != self.symbol:
                self.symbols[self.symbols.index(self.symbol)] = symbol
                self.symbols = list(dict.fromkeys(self.symbols))
                self.symbol = symbol
                self._shown = None
                self._latest = None
                self._show_placeholder()
                self._wanted_changed()

        from zdte_tui.tui.screens.prompt import SYMBOL_PROMPT, PromptScreen

        prompt = PromptScreen(SYMBOL_PROMPT, self.symbol, is_symbol, SYMBOL_RULE.capitalize())
        self.push_screen(prompt, chosen)

    def action_next_symbol(self, step: int) -> None:
        if len(self.screen_stack) > 1:
            return
        index = self.symbols.index(self.symbol)
        self._switch_to(self.symbols[(index + step) % len(self.symbols)])

    def action_show_symbol(self, number: int) -> None:
        if 1 <= number <= len(self.symbols):
            self._switch_to(self.symbols[number - 1])

    def _switch_to(self, symbol: str) -> None:
        if symbol == self.symbol:
            return
        self.symbol = symbol
        self._shown = None
        self._latest = self._views.get(symbol)
        if self._latest is not None:
            self._render_view(self._latest)
        else:
            self._show_placeholder()
        self._wanted_changed()

    def action_refresh(self) -> None:
        """Always at once, even after a stop or during a backoff."""
        self.feed.resume()
        self._pump()

    def action_pause(self) -> None:
        self.paused = not self.paused

    def watch_paused(self, paused: bool) -> None:
        if not paused and self._latest is not None and self._latest is not self._shown:
            self._render_view(self._latest)
        self.notify("Paused: data still arrives; p resumes" if paused else "Resumed", timeout=2)
        self._update_status()

    def action_chart_legs(self) -> None:
        chart = self.query_one(SeriesChart)
        chart.legs = not chart.legs

    def action_cycle_view(self, step: int) -> None:
        index = CHART_VIEWS.index(self.view)
        self.action_show_view(CHART_VIEWS[(index + step) % len(CHART_VIEWS)])

    def action_show_view(self, name: str) -> None:
        if name not in CHART_VIEWS or name == self.view:
            return
        self.view = name
        self.query_one(SeriesChart).view = name
        if self._config_path is not None:
            try:
                remember_setting(self._config_path, "view", name)
            except (OSError, ConfigError) as exc:
                self.notify(f"View not remembered: {exc}", severity="warning", timeout=6)

    def action_cursor(self, step: int) -> None:
        """Move the cursor `step` bars from the bar shown (live: the last bar)."""
        if self._shown is None or not self._shown.series.bars:
            return
        bars = self._shown.series.bars
        times = [b.t for b in bars]
        here = times.index(self._shown.cursor) if self._shown.cursor in times else len(bars) - 1
        target = min(max(here + step, 0), len(bars) - 1)
        self._move_cursor(None if target == len(bars) - 1 else times[target])

    def action_cursor_first(self) -> None:
        if self._shown is not None and len(self._shown.series.bars) > 1:
            self._move_cursor(self._shown.series.bars[0].t)

    def action_cursor_live(self) -> None:
        self._move_cursor(None)

    def _move_cursor(self, at: datetime | None) -> None:
        if at == self.cursor:
            return
        self.cursor = at
        if self._shown is not None and self._shown.empty is None:
            self._render_view(self._shown)
            self._update_status()

    def action_cycle_theme(self) -> None:
        names = list(self._themes)
        current = self.theme.removeprefix("zdte-")
        following = names[(names.index(current) + 1) % len(names)] if current in names else names[0]
        self.theme = f"zdte-{following}"
        self.notify(f"Theme: {following}", timeout=2)

    def action_export_csv(self) -> None:
        if self._shown is None:
            self.notify("Nothing to export yet.", severity="warning")
            return
        from zdte_tui.export import write_csv

        try:
            path = write_csv(self._shown.series, self._export_dir, self.source.now())
        except OSError as exc:
            self.notify(f"Export failed: {exc.strerror} ({self._export_dir})", severity="error")
            return
        self.notify(f"Wrote {self._shown.bar_count} bars to {path}", title="export")

    def action_export_svg(self) -> None:
        from zdte_tui.export import export_name

        series = self._shown.series if self._shown else None
        name = export_name(series, self.source.now(), "svg") if series else None
        try:
            path = self.save_screenshot(filename=name, path=str(self._export_dir))
        except OSError as exc:
            self.notify(f"Screenshot failed: {exc.strerror} ({self._export_dir})", severity="error")
            return
        self.notify(f"Saved the screen to {path}", title="screenshot")

    def action_events(self) -> None:
        self.query_one("#events").toggle_class("-shown")

    def action_alerts(self) -> None:
        self.alert_rules = self.alert_rules.toggled("enabled")
        self.notify("Alerts on" if self.alert_rules.enabled else "Alerts muted", timeout=2)

    def toggle_alert_rule(self, name: str) -> None:
        self.alert_rules = self.alert_rules.toggled(name)
        state = "on" if getattr(self.alert_rules, name) else "off"
        self.notify(f"Alert for {TOGGLES[name]}: {state}", timeout=3)

    def action_help(self) -> None:
        from zdte_tui.tui.screens.help import HelpScreen

        keys = []
        for binding in self._current_bindings():
            number = binding.id.removeprefix("watchlist.")
            if number.isdigit():  # nine "symbol N" keys read as one line
                if number == "1":
                    keys.append(("F1…F9", "Symbol N of the watchlist"))
                continue
            keys.append((self.get_key_display(binding), binding.tooltip or binding.description))
        self.push_screen(HelpScreen(keys))

    def _current_bindings(self) -> list[Binding]:
        """The app's bindings with the keys they are bound to now (after any keymap)."""
        found: dict[str, Binding] = {}
        for active in self.screen_stack[0].active_bindings.values():
            binding = active.binding
            if binding.id and binding.id not in found:
                found[binding.id] = binding
        return [found[i] for i in self._binding_order() if i in found]

    @classmethod
    def _binding_order(cls) -> list[str]:
        """Binding ids in declaration order, the monitor's first, then any subclass's."""
        owners = [c for c in reversed(cls.__mro__) if issubclass(c, MonitorApp)]
        ids = [b.id for c in owners for b in c.__dict__.get("BINDINGS", []) if b.id]
        return list(dict.fromkeys(ids))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for binding in self._current_bindings():
            key = self.get_key_display(binding)
            yield SystemCommand(
                binding.description,
                f"{key}: {binding.tooltip or binding.description}",
                lambda action=binding.action: self.run_action(action),
            )
        for name in CHART_VIEWS:
            yield SystemCommand(
                f"View: {name}",
                f"show the {name} chart view (v cycles them)",
                lambda name=name: self.action_show_view(name),
            )
        for name, words in TOGGLES.items():
            yield SystemCommand(
                f"Toggle alert: {words}",
                f"turn the {words} alert on or off",
                lambda name=name: self.toggle_alert_rule(name),
            )
        yield from super().get_system_commands(screen)
