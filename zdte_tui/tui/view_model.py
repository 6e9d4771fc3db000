"""What the monitor shows, computed from a series response: no Textual here.

Times on screen are ET; prices are USD; each level carries its distance from spot and its move
since the previous bar, so meaning never rests on colour alone.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime, timedelta
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

from zdte_tui import units
from zdte_tui.api.market_hours import ET, next_open
from zdte_tui.api.regime import FLIP_AVAILABLE, Regime

if TYPE_CHECKING:
    from zdte_tui.api.bars import BarSize
    from zdte_tui.api.models import Bar, SeriesResponse

UP, DOWN, FLAT = "▲", "▼", "="
STRONG_PIN, UNLIKELY_PIN = 70, 30
STALE_AFTER = timedelta(seconds=90)
"""Three missed 30 s samples."""


Trace = tuple[float | None, ...]
"""One field over the window, a bar a value; None where the bar has no value."""


class LevelRow(NamedTuple):
    """One price level; `kind` names its theme colour (spot, flip, call-wall, put-wall, magnet)."""

    label: str
    kind: str
    value: str
    distance_usd: str
    distance_pct: str
    move: str
    reason: str = ""
    trace: Trace = ()
    """The level over the window, for its sparkline."""


class MetricRow(NamedTuple):
    """One row of the levels pane: label, formatted value, unit, and its trace for the sparkline."""

    label: str
    value: str
    unit: str
    trace: Trace = ()


class ChartLine(NamedTuple):
    """A level drawn across the chart (flip, a wall, the magnet) at the shown bar's value."""

    label: str
    kind: str
    value: float


class ChartData(NamedTuple):
    """The window's series for every chart view, a bar a value (None: the bar has none).

    x is minutes after ET midnight. USD fields are USD (net GEX per 1% move, charm per hour,
    flow cumulative since 09:30 ET); `atm_iv_pct` and `pin_probability_pct` are percent.
    """

    minutes_et: tuple[float, ...]
    spot: Trace
    flow_all: Trace
    flow_call: Trace
    flow_put: Trace
    lines: tuple[ChartLine, ...]
    """The levels at the shown bar, drawn across the flow view."""
    gamma_flip: Trace = ()
    call_wall: Trace = ()
    put_wall: Trace = ()
    magnet: Trace = ()
    net_gex: Trace = ()
    net_dex: Trace = ()
    regime: tuple[Regime, ...] = ()
    pin_score: Trace = ()
    pin_probability_pct: Trace = ()
    charm: Trace = ()
    atm_iv_pct: Trace = ()
    cursor_minute: float | None = None
    """Where the bar cursor is (None: live, no cursor drawn)."""


class PinView(NamedTuple):
    """The pin gauge: score (0-100), its band, P(pin) and the magnet, formatted."""

    score: int | None
    band: str
    probability: str
    magnet: str
    spot_from_magnet: str
    """Spot minus the magnet, signed ("+2.59"); empty when either is missing."""


class RegimeView(NamedTuple):
    """The regime indicator: the gamma regime, what it means for dealers, since when."""

    regime: Regime
    symbol: str
    words: str
    meaning: str
    since: str
    spot_vs_flip: str
    spot_vs_flip_short: str
    """`spot_vs_flip` without the percentage, for narrow panes."""


class EmptyView(NamedTuple):
    """What the panes say when the window has no bars, and when the market next opens."""

    message: str
    next_open: str


class SeriesView(NamedTuple):
    """Everything the panes need from one response."""

    symbol: str
    expiration: str
    bar: BarSize
    as_of: datetime
    levels: tuple[LevelRow, ...]
    metrics: tuple[MetricRow, ...]
    chart: ChartData | None
    pin: PinView | None
    regime: RegimeView | None
    empty: EmptyView | None
    bar_count: int
    series: SeriesResponse
    """The response itself, for export."""
    cursor: datetime | None = None
    """The time of the bar shown when the cursor is on a past bar; None when live."""


def et_clock(moment: datetime, seconds: bool = True) -> str:
    return moment.astimezone(ET).strftime("%H:%M:%S" if seconds else "%H:%M")


def age_text(age: timedelta) -> str:
    seconds = max(int(age.total_seconds()), 0)
    if seconds < 90:
        return f"{seconds}s"
    if seconds < 5400:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


def _signed(value: float, digits: int = 2) -> str:
    return f"{value:+,.{digits}f}"


def _share_pct(part: float, whole: float | None) -> float | None:
    """`part` as a percent of `whole`; None when there is nothing to divide by (spot 0 or null)."""
    return 100 * part / whole if whole else None


def _move(now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return ""
    change = now - before
    if abs(change) < 0.005:
        return f"{FLAT} 0.00"
    return f"{UP if change > 0 else DOWN} {abs(change):,.2f}"


def _level(label: str, kind: str, value: float | None, before: float | None, spot: float | None,
           reason: str = "") -> LevelRow:  # fmt: skip
    if value is None:
        return LevelRow(label, kind, units.DASH, "", "", "", reason)
    if spot is None or kind == "spot":
        return LevelRow(label, kind, units.price(value), "", "", _move(value, before))
    gap = value - spot
    return LevelRow(
        label,
        kind,
        units.price(value),
        _signed(gap),
        units.percent(_share_pct(gap, spot), 2, signed=True),
        _move(value, before),
    )


def _levels(last: Bar, previous: Bar | None, chart: ChartData) -> tuple[LevelRow, ...]:
    def before(name: str) -> float | None:
        return getattr(previous, name) if previous is not None else None

    reason = ""
    if last.gamma_flip is None:
        reason = (last.gamma_flip_status or "not published").replace("_", " ")
    spot = last.spot
    rows = (
        (_level("spot", "spot", spot, before("spot"), spot), chart.spot),
        (_level("gamma flip", "flip", last.gamma_flip, before("gamma_flip"), spot, reason),
         chart.gamma_flip),
        (_level("call wall", "call-wall", last.call_wall, before("call_wall"), spot),
         chart.call_wall),
        (_level("put wall", "put-wall", last.put_wall, before("put_wall"), spot), chart.put_wall),
        (_level("magnet", "magnet", last.magnet, before("magnet"), spot), chart.magnet),
    )  # fmt: skip
    return tuple(row._replace(trace=trace) for row, trace in rows)


def _metrics(last: Bar, chart: ChartData) -> tuple[MetricRow, ...]:
    iv = None if last.atm_iv is None else 100 * last.atm_iv

    def usd(value: float | None) -> str:
        return units.usd_compact(value, signed=True)

    return (
        MetricRow("net GEX", usd(last.net_gex), "per 1%", chart.net_gex),
        MetricRow("net DEX", usd(last.net_dex), "", chart.net_dex),
        MetricRow("ATM IV", units.percent(iv, 2), "", chart.atm_iv_pct),
        MetricRow("charm", usd(last.charm_dollars_per_hour), "per h", chart.charm),
        MetricRow("flow all", usd(last.hedge_flow_cumulative_all), "since 09:30", chart.flow_all),
        MetricRow("  calls", usd(last.hedge_flow_call_cumulative), "", chart.flow_call),
        MetricRow("  puts", usd(last.hedge_flow_put_cumulative), "", chart.flow_put),
    )


@lru_cache(maxsize=2048)
def _minutes_et(moment: datetime) -> float:
    """Minutes since midnight ET (cached: a window's bars are the same from one sample to the
    next, and converting each to ET took most of a view's build)."""
    local = moment.astimezone(ET)
    return local.hour * 60 + local.minute + local.second / 60


def _chart(bars: tuple[Bar, ...], shown: Bar, cursor: bool) -> ChartData:
    def trace(name: str) -> Trace:
        return tuple(map(attrgetter(name), bars))  # C speed: 14 fields × 781 bars a refresh

    lines = tuple(
        ChartLine(label, kind, value)
        for label, kind, value in (
            ("flip", "flip", shown.gamma_flip),
            ("call wall", "call-wall", shown.call_wall),
            ("put wall", "put-wall", shown.put_wall),
            ("magnet", "magnet", shown.magnet),
        )
        if value is not None
    )
    return ChartData(
        minutes_et=tuple(_minutes_et(b.t) for b in bars),
        spot=trace("spot"),
        flow_all=trace("hedge_flow_cumulative_all"),
        flow_call=trace("hedge_flow_call_cumulative"),
        flow_put=trace("hedge_flow_put_cumulative"),
        lines=lines,
        gamma_flip=trace("gamma_flip"),
        call_wall=trace("call_wall"),
        put_wall=trace("put_wall"),
        magnet=trace("magnet"),
        net_gex=trace("net_gex"),
        net_dex=trace("net_dex"),
        regime=tuple(b.regime for b in bars),
        pin_score=trace("pin_score"),
        pin_probability_pct=trace("pin_probability_pct"),
        charm=trace("charm_dollars_per_hour"),
        atm_iv_pct=tuple(None if v is None else 100 * v for v in trace("atm_iv")),
        cursor_minute=_minutes_et(shown.t) if cursor else None,
    )


def cursor_index(bars: tuple[Bar, ...], at: datetime | None) -> int | None:
    """The bar shown for a cursor at `at`: the last bar starting at or before it (None: live,
    or `at` is before the window)."""
    if at is None:
        return None
    index = bisect_right([b.t for b in bars], at) - 1
    return index if index >= 0 else None


def pin_band(score: int | None) -> str:
    if score is None:
        return "NO MAGNET"
    if score >= STRONG_PIN:
        return "STRONG"
    if score < UNLIKELY_PIN:
        return "UNLIKELY"
    return "MODERATE"


def _pin(last: Bar) -> PinView:
    gap = ""
    if last.magnet is not None and last.spot is not None:
        gap = _signed(last.spot - last.magnet)
    return PinView(
        score=last.pin_score,
        band=pin_band(last.pin_score),
        probability=units.percent(last.pin_probability_pct),
        magnet=units.price(last.magnet),
        spot_from_magnet=gap,
    )


REGIME_WORDS = {
    Regime.POSITIVE: ("▲", "POSITIVE GAMMA", "dealers dampen moves"),
    Regime.NEGATIVE: ("▼", "NEGATIVE GAMMA", "dealers amplify moves"),
    Regime.UNKNOWN: ("◆", "UNKNOWN GAMMA", "no flip published"),
}


def _regime(bars: tuple[Bar, ...], last: Bar) -> RegimeView:
    symbol, words, meaning = REGIME_WORDS[last.regime]
    if last.regime is Regime.UNKNOWN and last.gamma_flip_status not in (None, FLIP_AVAILABLE):
        meaning = f"no flip: {last.gamma_flip_status.replace('_', ' ')}"
    since = "whole window"
    for before, after in zip(reversed(bars[:-1]), reversed(bars[1:]), strict=True):
        if before.regime is not after.regime:
            since = f"since {et_clock(after.t, seconds=False)} ET"
            break
    versus = short = ""
    if last.gamma_flip is not None and last.spot is not None:
        gap = last.spot - last.gamma_flip
        side = "above" if gap > 0 else "below"
        share = _share_pct(abs(gap), last.spot)
        versus = f"spot {abs(gap):,.2f} ({units.percent(share, 2)}) {side} flip"
        short = f"spot {abs(gap):,.2f} {side} flip"
    return RegimeView(last.regime, symbol, words, meaning, since, versus, short)


def _empty(series: SeriesResponse, now: datetime) -> EmptyView:
    opens = next_open(now)
    wait = opens - now.astimezone(ET)
    hours = int(wait.total_seconds() // 3600)
    span = (
        f"{hours // 24}d {hours % 24}h" if hours >= 24 else f"{hours}h {wait.seconds % 3600 // 60}m"
    )
    return EmptyView(
        message=f"No 0DTE samples for {series.symbol} in this window "
        "(market closed, a holiday, or no 0DTE expiry today).",
        next_open=f"Next session opens {opens:%a %Y-%m-%d %H:%M} ET (in {span}).",
    )


def build_view(series: SeriesResponse, now: datetime, cursor: datetime | None = None) -> SeriesView:
    """The view of one response at `now` (the data source's clock). With a `cursor` time the
    panes show the bar at that time (see `cursor_index`) and its moves since the bar before;
    the chart still shows the whole window, with the bar marked."""
    bars = series.bars
    common = {
        "symbol": series.symbol,
        "expiration": series.expiration.isoformat(),
        "bar": series.bar_size,
        "as_of": series.as_of,
        "bar_count": len(bars),
        "series": series,
    }
    if not bars:
        return SeriesView(levels=(), metrics=(), chart=None, pin=None, regime=None,
                          empty=_empty(series, now), **common)  # fmt: skip
    index = cursor_index(bars, cursor)
    at_past_bar = index is not None and index < len(bars) - 1
    k = index if at_past_bar else len(bars) - 1
    shown = bars[k]
    previous = bars[k - 1] if k > 0 else None
    chart = _chart(bars, shown, at_past_bar)
    return SeriesView(
        levels=_levels(shown, previous, chart),
        metrics=_metrics(shown, chart),
        chart=chart,
        pin=_pin(shown),
        regime=_regime(bars[: k + 1], shown),
        empty=None,
        cursor=shown.t if at_past_bar else None,
        **common,
    )
