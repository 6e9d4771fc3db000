"""The chart views, one per use case of the series (the seed's "Common Use Cases").

Each draws the whole window from `ChartData`: every line told apart by its marker or its label
as well as by colour, axes in their units, times in ET, and the bar cursor where it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

from zdte_tui import units
from zdte_tui.api.regime import Regime
from zdte_tui.tui.charts import canvas
from zdte_tui.tui.charts.canvas import Label
from zdte_tui.tui.charts.drawing import Colour, Drawing
from zdte_tui.tui.charts.plotext_import import plt
from zdte_tui.tui.view_model import ChartData

SPOT_MARKER = "braille"
FLOW_MARKER = "•"
PUT_MARKER = "x"
LEVEL_MARKERS = {"flip": "•", "call-wall": "+", "put-wall": "x", "magnet": "o"}
SHORT_LABELS = {"flip": "flip", "call-wall": "CW", "put-wall": "PW", "magnet": "mag"}
"""Each level line is named on the chart, so it never rests on colour alone."""
LEVEL_BAND = 0.01
"""In the flow view, levels within 1% of the spot range are drawn, widening the price axis."""
PIN_BANDS = ((30, "30 unlikely"), (70, "70 strong"))
PIN_RANGE = (0.0, 100.0)
"""Pin score is 0-100 and pin probability 0-95%: one axis for both."""
REGIME_MARKS = {Regime.POSITIVE: "▲", Regime.NEGATIVE: "▼", Regime.UNKNOWN: "◆"}
SEVERAL = "≋"
"""Several regime changes within one chart column."""

Colours = Mapping[str, Colour]


def usd(value: float) -> str:
    return units.usd_compact(value, signed=True)


def price(value: float) -> str:
    return f"{value:,.2f}"


def pct(value: float) -> str:
    return f"{value:.1f}%"


def _frame(data: ChartData, width: int, height: int) -> list[float]:
    canvas.start(width, height)
    canvas.x_limits(data.minutes_et, width)
    canvas.time_ticks(data.minutes_et, width // 10)
    return list(data.minutes_et)


def draw_flow(data: ChartData, width: int, height: int, colours: Colours, legs: bool) -> Drawing:
    """Spot (left, braille) against cumulative dealer hedge flow (right, • or • calls / x puts),
    with the shown bar's flip, walls and magnet as labelled lines across."""
    xs = _frame(data, width, height)
    canvas.trace(xs, data.spot, colours["spot"], SPOT_MARKER)
    if legs:
        flows = (data.flow_call, data.flow_put)
        canvas.trace(xs, data.flow_call, colours["flow-call"], FLOW_MARKER, "right")
        canvas.trace(xs, data.flow_put, colours["flow-put"], PUT_MARKER, "right")
    else:
        flows = (data.flow_all,)
        canvas.trace(xs, data.flow_all, colours["flow"], FLOW_MARKER, "right")
    spot = canvas.span(data.spot)
    if spot is not None:
        margin = max(abs(spot.high) * LEVEL_BAND, 0.5 * (spot.high - spot.low))
        shown = [ln for ln in data.lines if spot.low - margin <= ln.value <= spot.high + margin]
        found = canvas.span(data.spot, include=[ln.value for ln in shown])
        limits = canvas.set_axis(found, "left", price)
        for line in shown:
            plt.hline(line.value, colours[line.kind])
        rows = height - canvas.PLOT_FRAME_ROWS
        groups = canvas.rows_of_labels([ln.value for ln in shown], *limits, rows)
        for slot, group in enumerate(groups):
            first = shown[group[0]]
            label_x = xs[0] + (0.02 + 0.1 * slot) * (xs[-1] - xs[0])  # staggered
            plt.text(canvas.JOINER.join(SHORT_LABELS[shown[i].kind] for i in group), label_x,
                     first.value, color=colours[first.kind], alignment="left")  # fmt: skip
    flow = canvas.span(*flows)
    if flow is not None:
        canvas.set_axis(flow, "right", usd, count=4)
    canvas.cursor(data.cursor_minute, colours["cursor"])
    return canvas.build()


def draw_levels(data: ChartData, width: int, height: int, colours: Colours, legs: bool) -> Drawing:
    """Spot (braille) with the flip, call wall, put wall and magnet each a step line through the
    window, so their migration shows; a level missing on a bar leaves a gap; each is named at
    its right end."""
    levels = (("flip", data.gamma_flip), ("call-wall", data.call_wall),
              ("put-wall", data.put_wall), ("magnet", data.magnet))  # fmt: skip
    xs = _frame(data, width, height)
    found = canvas.span(data.spot, *(series for _, series in levels))
    if found is None:
        return canvas.build()
    limits = canvas.set_axis(found, "left", price)
    canvas.trace(xs, data.spot, colours["spot"], SPOT_MARKER)
    labels = []
    for kind, series in levels:
        canvas.trace(xs, series, colours[kind], LEVEL_MARKERS[kind], step=True)
        last = next((v for v in reversed(series) if canvas.finite(v)), None)
        if last is not None:
            labels.append(Label(SHORT_LABELS[kind], last, colours[kind]))
    last_spot = next((v for v in reversed(data.spot) if canvas.finite(v)), None)
    if last_spot is not None:
        labels.append(Label("spot", last_spot, colours["spot"]))
    canvas.right_end_labels(labels, xs, limits, width, height, "left")
    canvas.cursor(data.cursor_minute, colours["cursor"])
    return canvas.build()


def draw_exposure(
    data: ChartData, width: int, height: int, colours: Colours, legs: bool
) -> Drawing:
    """Net GEX in USD per 1% move (left, braille) and net DEX in USD (right, •), the zero line
    of net GEX, and each regime change marked (▲ to positive, ▼ to negative, ◆ to unknown)."""
    xs = _frame(data, width, height)
    gex = canvas.span(data.net_gex, include=[0.0])
    dex = canvas.span(data.net_dex)
    if gex is None and dex is None:
        return canvas.build()
    if gex is not None:
        limits = canvas.set_axis(gex, "left", usd)
        canvas.zero_line(limits, colours["muted"])
        canvas.trace(xs, data.net_gex, colours["gex"], SPOT_MARKER)
        for x, mark, regime in regime_marks(xs, data.regime, width):
            plt.vline(x, colours["muted"])
            colour = colours[f"{regime.value.split('_')[0]}-gamma"]
            plt.text(mark, x, limits[1], alignment="center", color=colour)
    if dex is not None:
        canvas.set_axis(dex, "right", usd)
        canvas.trace(xs, data.net_dex, colours["dex"], FLOW_MARKER, "right")
    canvas.cursor(data.cursor_minute, colours["cursor"])
    return canvas.build()


def regime_marks(
    xs: list[float], regimes: tuple[Regime, ...], width: int
) -> list[tuple[float, str, Regime]]:
    """Each regime change as (x, mark, regime after it), at most one a chart column: a column
    holding several changes shows `SEVERAL` and the regime it ends in, so no change is hidden and
    the marks never read in an order the regimes could not take."""
    changes = [i for i in range(1, len(regimes)) if regimes[i] is not regimes[i - 1]]
    if not changes:
        return []
    columns = max(width - canvas.AXIS_CELLS, 4)
    span = (xs[-1] - xs[0]) or 1.0
    by_column: dict[int, list[int]] = {}
    for i in changes:
        by_column.setdefault(round((xs[i] - xs[0]) / span * (columns - 1)), []).append(i)
    marks = []
    for found in by_column.values():
        last = found[-1]
        mark = REGIME_MARKS[regimes[last]] if len(found) == 1 else SEVERAL
        marks.append((xs[last], mark, regimes[last]))
    return marks


def draw_pin(data: ChartData, width: int, height: int, colours: Colours, legs: bool) -> Drawing:
    """Pin score 0-100 (braille) and pin probability in % (•) on one 0-100 axis, with the bands
    at 30 (below: a pin is unlikely) and 70 (and above: strong)."""
    xs = _frame(data, width, height)
    limits = canvas.set_axis(canvas.Span(*PIN_RANGE), "left", lambda v: f"{v:.0f}")
    for value, _ in PIN_BANDS:
        plt.hline(value, colours["muted"])
    bands = [Label(text, value, colours["muted"]) for value, text in PIN_BANDS]
    canvas.right_end_labels(bands, xs, limits, width, height, "left")
    canvas.trace(xs, data.pin_score, colours["pin-score"], SPOT_MARKER, clip=PIN_RANGE)
    canvas.trace(xs, data.pin_probability_pct, colours["pin-probability"], FLOW_MARKER,
                 clip=PIN_RANGE)  # fmt: skip
    canvas.cursor(data.cursor_minute, colours["cursor"])
    return canvas.build()


def draw_decay(data: ChartData, width: int, height: int, colours: Colours, legs: bool) -> Drawing:
    """Charm in USD per hour (left, braille, with its zero line: above it time decay makes
    dealers buy) and ATM IV in % (right, •)."""
    xs = _frame(data, width, height)
    charm = canvas.span(data.charm)
    iv = canvas.span(data.atm_iv_pct)
    if charm is not None:
        limits = canvas.set_axis(charm, "left", lambda v: usd(v) + "/h")
        canvas.zero_line(limits, colours["muted"])
        canvas.trace(xs, data.charm, colours["charm"], SPOT_MARKER)
    if iv is not None:
        canvas.set_axis(iv, "right", pct)
        canvas.trace(xs, data.atm_iv_pct, colours["iv"], FLOW_MARKER, "right")
    canvas.cursor(data.cursor_minute, colours["cursor"])
    return canvas.build()


Draw = Callable[[ChartData, int, int, Colours, bool], Drawing]


class ChartView(NamedTuple):
    """A chart view: its name (as `v` cycles them) and the function drawing it."""

    name: str
    draw: Draw


VIEWS: dict[str, ChartView] = {
    view.name: view
    for view in (
        ChartView("flow", draw_flow),
        ChartView("levels", draw_levels),
        ChartView("exposure", draw_exposure),
        ChartView("pin", draw_pin),
        ChartView("decay", draw_decay),
    )
}
