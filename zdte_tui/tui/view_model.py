"""What the monitor shows, computed from a series response: no Textual here.

Times on screen are ET; prices are USD; each level carries its distance from spot and its move
since the previous bar, so meaning never rests on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from zdte_tui import units
from zdte_tui.api.bars import BarSize
from zdte_tui.api.market_hours import ET, next_open
from zdte_tui.api.models import FLIP_AVAILABLE, Bar, Regime, SeriesResponse

UP, DOWN, FLAT = "▲", "▼", "="
STRONG_PIN, UNLIKELY_PIN = 70, 30
STALE_AFTER = timedelta(seconds=90)
"""Three missed 30 s samples."""


@dataclass(frozen=True)
class LevelRow:
    """One price level; `kind` names its theme colour (spot, flip, call-wall, put-wall, magnet)."""

    label: str
    kind: str
    value: str
    distance_usd: str
    distance_pct: str
    move: str
    reason: str = ""


@dataclass(frozen=True)
class MetricRow:
    label: str
    value: str
    unit: str


@dataclass(frozen=True)
class ChartLine:
    label: str
    kind: str
    value: float


@dataclass(frozen=True)
class ChartData:
    """Minutes after ET midnight on x; spot on the left axis, cumulative flow (USD) on the right."""

    minutes_et: tuple[float, ...]
    spot: tuple[float, ...]
    flow_all: tuple[float, ...]
    flow_call: tuple[float, ...]
    flow_put: tuple[float, ...]
    lines: tuple[ChartLine, ...]


@dataclass(frozen=True)
class PinView:
    score: int | None
    band: str
    probability: str
    magnet: str
    spot_from_magnet: str
    """Spot minus the magnet, signed ("+2.59"); empty when either is missing."""


@dataclass(frozen=True)
class RegimeView:
    regime: Regime
    symbol: str
    words: str
    meaning: str
    since: str
    spot_vs_flip: str
    spot_vs_flip_short: str
    """`spot_vs_flip` without the percentage, for narrow panes."""


@dataclass(frozen=True)
class EmptyView:
    message: str
    next_open: str


@dataclass(frozen=True)
class SeriesView:
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


def _levels(last: Bar, previous: Bar | None) -> tuple[LevelRow, ...]:
    def before(name: str) -> float | None:
        return getattr(previous, name) if previous is not None else None

    reason = ""
    if last.gamma_flip is None:
        reason = (last.gamma_flip_status or "not published").replace("_", " ")
    spot = last.spot
    return (
        _level("spot", "spot", spot, before("spot"), spot),
        _level("gamma flip", "flip", last.gamma_flip, before("gamma_flip"), spot, reason),
        _level("call wall", "call-wall", last.call_wall, before("call_wall"), spot),
        _level("put wall", "put-wall", last.put_wall, before("put_wall"), spot),
        _level("magnet", "magnet", last.magnet, before("magnet"), spot),
    )


def _metrics(last: Bar) -> tuple[MetricRow, ...]:
    iv = None if last.atm_iv is None else 100 * last.atm_iv
    return (
        MetricRow("net GEX", units.usd_compact(last.net_gex, signed=True), "per 1%"),
        MetricRow("net DEX", units.usd_compact(last.net_dex, signed=True), ""),
        MetricRow("ATM IV", units.percent(iv, 2), ""),
        MetricRow("charm", units.usd_compact(last.charm_dollars_per_hour, signed=True), "per h"),
        MetricRow(
            "flow all",
            units.usd_compact(last.hedge_flow_cumulative_all, signed=True),
            "since 09:30",
        ),
        MetricRow("  calls", units.usd_compact(last.hedge_flow_call_cumulative, signed=True), ""),
        MetricRow("  puts", units.usd_compact(last.hedge_flow_put_cumulative, signed=True), ""),
    )


def _chart(bars: tuple[Bar, ...], last: Bar) -> ChartData:
    usable = [b for b in bars if b.spot is not None]

    def minutes(b: Bar) -> float:
        local = b.t.astimezone(ET)
        return local.hour * 60 + local.minute + local.second / 60

    def flow(value: float | None) -> float:
        return 0.0 if value is None else value

    lines = tuple(
        ChartLine(label, kind, value)
        for label, kind, value in (
            ("flip", "flip", last.gamma_flip),
            ("call wall", "call-wall", last.call_wall),
            ("put wall", "put-wall", last.put_wall),
            ("magnet", "magnet", last.magnet),
        )
        if value is not None
    )
    return ChartData(
        minutes_et=tuple(minutes(b) for b in usable),
        spot=tuple(b.spot for b in usable),
        flow_all=tuple(flow(b.hedge_flow_cumulative_all) for b in usable),
        flow_call=tuple(flow(b.hedge_flow_call_cumulative) for b in usable),
        flow_put=tuple(flow(b.hedge_flow_put_cumulative) for b in usable),
        lines=lines,
    )


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


def build_view(series: SeriesResponse, now: datetime) -> SeriesView:
    """The view of one response at `now` (the data source's clock)."""
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
    last = bars[-1]
    previous = bars[-2] if len(bars) > 1 else None
    return SeriesView(
        levels=_levels(last, previous),
        metrics=_metrics(last),
        chart=_chart(bars, last),
        pin=_pin(last),
        regime=_regime(bars, last),
        empty=None,
        **common,
    )
