"""Spot (left axis) against cumulative dealer hedge flow (right axis), with the key levels.

plotext 5 draws it; the widget redraws only when its data, size, theme or leg mode changes.
"""

from __future__ import annotations

import math

import plotext as plt
from rich.text import Text
from textual.color import Color
from textual.reactive import reactive
from textual.widget import Widget

from zdte_tui import units
from zdte_tui.tui.fit import fit_line
from zdte_tui.tui.view_model import ChartData
from zdte_tui.tui.widgets.chart_rows import JOINER, PLOT_FRAME_ROWS, rows_of_labels

MIN_WIDTH, MIN_HEIGHT = 16, 5
FLOW_MARKER = "•"
PUT_MARKER = "x"
"""Spot is drawn in braille, flow in dots (puts in x): told apart without colour."""
LEVEL_BAND = 0.01
"""Levels within 1% of the spot range are drawn, widening the price axis to fit them."""
SHORT_LABELS = {"flip": "flip", "call-wall": "CW", "put-wall": "PW", "magnet": "mag"}
"""Each level line is named on the chart, so it never rests on colour alone."""
ANSI_NAMES = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")


def plotext_colour(value: str) -> str | tuple[int, int, int]:
    """A theme colour as plotext wants it: its ANSI name (so ANSI themes follow the terminal's
    palette) or an RGB triple."""
    if value.startswith("ansi_"):
        name = value.removeprefix("ansi_")
        if name.startswith("bright_") and name.removeprefix("bright_") in ANSI_NAMES:
            return name.removeprefix("bright_") + "+"
        return name if name in ANSI_NAMES else "default"
    try:
        colour = Color.parse(value)
    except Exception:
        return "default"
    return (colour.r, colour.g, colour.b)


def time_ticks(minutes: tuple[float, ...], slots: int) -> tuple[list[float], list[str]]:
    """Round ET times (every 5, 15, 30 or 60 minutes) across the span, at most `slots` of them."""
    low, high = min(minutes), max(minutes)
    for step in (1, 5, 15, 30, 60, 120):
        first = math.ceil(low / step) * step
        ticks = [float(t) for t in range(int(first), int(high) + 1, step)]
        if len(ticks) <= max(slots, 2):
            break
    return ticks, [f"{int(t) // 60:02d}:{int(t) % 60:02d}" for t in ticks]


def flow_ticks(series: list[tuple[float, ...]], count: int = 4) -> tuple[list[float], list[str]]:
    values = [v for s in series for v in s]
    low, high = min(values), max(values)
    if high - low < 1:
        low, high = low - 1, high + 1
    ticks = [low + (high - low) * i / (count - 1) for i in range(count)]
    return ticks, [units.usd_compact(t, signed=True) for t in ticks]


TITLES = {
    False: (
        "⣿ spot (left) · • dealer hedge flow since 09:30 ET (right)",
        "⣿ spot (left) · • hedge flow since 09:30 ET (right)",
        "⣿ spot · • hedge flow since 09:30 ET",
        "⣿ spot · • hedge flow",
    ),
    True: (
        "⣿ spot (left) · • calls / x puts hedge flow since 09:30 ET (right)",
        "⣿ spot (left) · • calls / x puts since 09:30 ET (right)",
        "⣿ spot · • calls / x puts since 09:30 ET",
        "⣿ spot · • calls / x puts",
    ),
}
"""The pane's title, longest first: the widest that fits is shown whole."""
TITLE_MARGIN = 4
"""Cells of the top border a title cannot use: the corners and a space each side."""


class FlowChart(Widget):
    """`legs` False: all hedge flow; True: the call and put legs (the `c` key)."""

    legs: reactive[bool] = reactive(False)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._data: ChartData | None = None
        self._key: tuple | None = None
        self._text: Text = Text()
        self.builds = 0
        """How many times plotext has drawn (tests and benchmarks read it)."""

    def show(self, data: ChartData | None) -> None:
        if data != self._data:
            self._data = data
            self.refresh()

    def watch_legs(self) -> None:
        self._title()
        self.refresh()

    def on_resize(self) -> None:
        self._title()

    def _title(self) -> None:
        room = self.size.width - TITLE_MARGIN
        self.border_title = fit_line([TITLES[self.legs]], room)

    def render(self) -> Text:
        data = self._data
        width, height = self.content_size.width, self.content_size.height
        if data is None or len(data.spot) < 2 or width < MIN_WIDTH or height < MIN_HEIGHT:
            return Text("")
        colours = {
            name: plotext_colour(self.app.theme_variables.get(f"zd-{name}", "white"))
            for name in (
                "spot",
                "flow",
                "flow-call",
                "flow-put",
                "flip",
                "call-wall",
                "put-wall",
                "magnet",
            )
        }
        key = (id(data), width, height, self.legs, tuple(colours.items()))
        if key != self._key:
            self._text = self._draw(data, width, height, colours)
            self._key = key
        return self._text

    def _draw(self, data: ChartData, width: int, height: int, colours: dict) -> Text:
        self.builds += 1
        xs = list(data.minutes_et)
        plt.clf()
        plt.limitsize(False, False)
        plt.plotsize(width, height)
        plt.theme("clear")
        plt.plot(xs, list(data.spot), color=colours["spot"], marker="braille")
        if self.legs:
            flows = [data.flow_call, data.flow_put]
            plt.plot(xs, list(data.flow_call), yside="right", color=colours["flow-call"],
                     marker=FLOW_MARKER)  # fmt: skip
            plt.plot(xs, list(data.flow_put), yside="right", color=colours["flow-put"],
                     marker=PUT_MARKER)  # fmt: skip
        else:
            flows = [data.flow_all]
            plt.plot(xs, list(data.flow_all), yside="right", color=colours["flow"],
                     marker=FLOW_MARKER)  # fmt: skip
        spot_low, spot_high = min(data.spot), max(data.spot)
        margin = max(spot_high * LEVEL_BAND, 0.5 * (spot_high - spot_low))
        shown = [ln for ln in data.lines if spot_low - margin <= ln.value <= spot_high + margin]
        low = min([spot_low, *(ln.value for ln in shown)])
        high = max([spot_high, *(ln.value for ln in shown)])
        pad = max((high - low) * 0.05, 0.01)
        plt.ylim(low - pad, high + pad)
        for line in shown:
            plt.hline(line.value, colours[line.kind])
        span = xs[-1] - xs[0]
        rows = height - PLOT_FRAME_ROWS
        groups = rows_of_labels([ln.value for ln in shown], low - pad, high + pad, rows)
        for slot, group in enumerate(groups):
            first = shown[group[0]]
            label_x = xs[0] + (0.02 + 0.1 * slot) * span  # staggered: close levels stay legible
            plt.text(
                JOINER.join(SHORT_LABELS[shown[i].kind] for i in group), label_x, first.value,
                color=colours[first.kind], alignment="left",
            )  # fmt: skip
        ticks, labels = time_ticks(data.minutes_et, width // 10)
        plt.xticks(ticks, labels)
        ticks, labels = flow_ticks(flows)
        plt.yticks(ticks, labels, yside="right")
        return Text.from_ansi(plt.build(), no_wrap=True)
