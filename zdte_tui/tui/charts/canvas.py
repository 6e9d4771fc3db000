"""plotext as the chart views use it: traces with gaps, step lines, ticks with units, labels
named at a line's right end, the zero line, the bar cursor.

plotext keeps one global figure: each view starts it afresh with `start` and ends with `build`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import NamedTuple

from zdte_tui.tui.charts.drawing import Colour, Drawing
from zdte_tui.tui.charts.plotext_import import plt
from zdte_tui.tui.view_model import Trace
from zdte_tui.tui.widgets.chart_rows import JOINER, PLOT_FRAME_ROWS, rows_of_labels

Side = str
"""plotext's y side: "left" or "right"."""
AXIS_CELLS = 16
"""About how many columns the two y-axes' tick labels take from the canvas."""


def start(width: int, height: int) -> None:
    """A fresh figure. plotext's `clf` keeps the last y ticks set on each side (its defaults
    alias the ticks it sets), so both sides start empty and each view sets the ticks it uses."""
    plt.clf()
    plt.limitsize(False, False)
    plt.plotsize(width, height)
    plt.theme("clear")
    for side in ("left", "right"):
        plt.yticks([], [], yside=side)


def build() -> Drawing:
    return Drawing(plt.build())


def finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def runs(xs: Sequence[float], ys: Trace) -> list[tuple[list[float], list[float]]]:
    """The stretches of consecutive bars that have a value: a bar without one leaves a gap."""
    if None not in ys and all(map(math.isfinite, ys)):  # the usual case, at C speed
        return [(list(xs), list(ys))] if ys else []  # type: ignore[arg-type]
    found: list[tuple[list[float], list[float]]] = []
    current: tuple[list[float], list[float]] | None = None
    for x, y in zip(xs, ys, strict=True):
        if finite(y):
            if current is None:
                current = ([], [])
                found.append(current)
            current[0].append(x)
            current[1].append(float(y))  # type: ignore[arg-type]
        else:
            current = None
    return found


def trace(
    xs: Sequence[float],
    ys: Trace,
    colour: Colour,
    marker: str,
    side: Side = "left",
    step: bool = False,
    clip: tuple[float, float] | None = None,
) -> None:
    """One series; `step` holds each bar's value until the next bar (a level's step line).
    `clip` holds values to a fixed axis: plotext draws a line to a point far off its axis cell
    by cell, which a value off by orders of magnitude turns into gigabytes."""
    if clip is not None:
        ys = tuple(None if y is None else min(max(y, clip[0]), clip[1]) for y in ys)
    following = dict(pairwise(xs))
    for run_x, run_y in runs(xs, ys):
        if step:
            points_x, points_y = [], []
            for x, y in zip(run_x, run_y, strict=True):
                points_x += [x, following.get(x, x)]
                points_y += [y, y]
            run_x, run_y = points_x, points_y
        if len(run_x) == 1:
            plt.scatter(run_x, run_y, color=colour, marker=marker, yside=side)
        else:
            plt.plot(run_x, run_y, color=colour, marker=marker, yside=side)


class Span(NamedTuple):
    """The lowest and highest value a chart axis must show."""

    low: float
    high: float

    @property
    def padded(self) -> tuple[float, float]:
        """The axis limits: 5% of the range on each side (at least a hair on a flat series)."""
        pad = (self.high - self.low) * 0.05 or max(abs(self.high) * 0.01, 0.01)
        return self.low - pad, self.high + pad


def span(*series: Trace, include: Sequence[float] = ()) -> Span | None:
    """The range of every value in `series` and `include`; None when there is no value."""
    lows, highs = [], []
    for values in (*series, include):
        if None in values or not all(map(math.isfinite, values)):  # the usual case: C speed
            values = [v for v in values if finite(v)]
        if values:
            lows.append(min(values))
            highs.append(max(values))
    if not lows:
        return None
    return Span(min(lows), max(highs))  # type: ignore[type-var]


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About `count` round ticks (steps of 1, 2, 2.5 or 5 × a power of ten) within low..high;
    0 is one of them whenever the range spans it."""
    if not high > low:
        return [low]
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    while first <= high + 1e-9 * step and len(ticks) <= 2 * count:
        ticks.append(0.0 if abs(first) < 1e-9 * step else first)
        first += step
    return ticks or [low]


def set_axis(
    found: Span, side: Side, formatter: Callable[[float], str] | None = None, count: int = 5
) -> tuple[float, float]:
    """Limits for `side`, and (with `formatter`) about `count` round ticks with their units."""
    low, high = found.padded
    plt.ylim(low, high, yside=side)
    if formatter is not None:
        ticks = nice_ticks(low, high, count)
        plt.yticks(ticks, [formatter(t) for t in ticks], yside=side)
    return low, high


def time_ticks(minutes: Sequence[float], slots: int) -> None:
    """Round ET times (every 5, 15, 30 or 60 minutes) across the span, at most `slots` of them."""
    low, high = min(minutes), max(minutes)
    for step in (1, 5, 15, 30, 60, 120):
        first = math.ceil(low / step) * step
        ticks = [float(t) for t in range(int(first), int(high) + 1, step)]
        if len(ticks) <= max(slots, 2):
            break
    plt.xticks(ticks, [f"{int(t) // 60:02d}:{int(t) % 60:02d}" for t in ticks])


def x_limits(xs: Sequence[float], width: int, label_cells: int = 0) -> tuple[float, float]:
    """The x range, widened on the right for labels `label_cells` wide, and for a single bar."""
    low, high = xs[0], xs[-1]
    if high <= low:
        low, high = low - 1, high + 1
    canvas = max(width - AXIS_CELLS - label_cells - 1, 4)
    right = high + (high - low) * (label_cells + 1) / canvas if label_cells else high
    plt.xlim(low, right)
    return low, high


class Label(NamedTuple):
    """A level's name written at the chart's right end, at its value, in its colour."""

    name: str
    value: float
    colour: Colour


def right_end_labels(
    labels: Sequence[Label],
    xs: Sequence[float],
    limits: tuple[float, float],
    width: int,
    height: int,
    side: Side,
) -> None:
    """Each label just right of the last bar at its value, the x axis widened to hold the
    longest; labels landing on one row merge (`flip·CW`)."""
    rows = height - PLOT_FRAME_ROWS
    groups = rows_of_labels([lb.value for lb in labels], *limits, rows)
    names = [JOINER.join(labels[i].name for i in group) for group in groups]
    x_limits(xs, width, max(map(len, names), default=0))
    for group, name in zip(groups, names, strict=True):
        first = labels[group[0]]
        plt.text(name, xs[-1], first.value, color=first.colour, alignment="left", yside=side)


def zero_line(limits: tuple[float, float], colour: Colour, side: Side = "left") -> None:
    if limits[0] < 0 < limits[1]:
        plt.hline(0, colour, yside=side)


def cursor(minute: float | None, colour: Colour) -> None:
    """The bar cursor: a vertical line through the chart at the shown bar."""
    if minute is not None:
        plt.vline(minute, colour)
