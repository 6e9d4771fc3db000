"""The overview's rows, one per watched symbol, from the views the monitor already holds: no
Textual here, no requests.

Each cell is text and a tone (the screen colours tones from the theme; the text alone carries the
meaning). Each column also has a sort value: levels and the flip sort by how near spot is to
them (nearest first), the rest by their value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from zdte_tui import units
from zdte_tui.api.market_hours import ET, session_for
from zdte_tui.api.regime import Regime
from zdte_tui.api.trading_time import tau_years
from zdte_tui.overview_columns import OVERVIEW_COLUMNS
from zdte_tui.tui.sparkline import sparkline
from zdte_tui.tui.view_model import (
    REGIME_WORDS,
    STALE_AFTER,
    STRONG_PIN,
    UNLIKELY_PIN,
    SeriesView,
    age_text,
    et_clock,
)

if TYPE_CHECKING:
    from zdte_tui.api.models import Bar

LABELS = {
    "symbol": "symbol", "spot": "spot", "change": "Δ window", "regime": "regime", "flip": "flip",
    "to_flip": "to flip $ % σ", "call_wall": "call wall", "put_wall": "put wall",
    "magnet": "magnet", "pin": "pin", "pin_probability": "P(pin)", "net_gex": "net GEX",
    "flow": "flow", "trace": "spot trace", "age": "age", "next": "next", "alert": "!",
}  # fmt: skip
NARROW_LABELS = {**LABELS, "to_flip": "to flip $ σ"}
NARROW_COLUMNS = ("symbol", "regime", "to_flip", "pin", "age")
"""What a 40-99 column pane keeps."""
PRIORITY = (*NARROW_COLUMNS, "next", "alert", "spot", "change", "magnet", "call_wall",
            "put_wall", "pin_probability", "net_gex", "flow", "trace", "flip")  # fmt: skip
"""Which columns a wide pane keeps first when they do not all fit."""
RIGHT = frozenset({"spot", "change", "flip", "to_flip", "call_wall", "put_wall", "magnet",
                   "pin_probability", "net_gex", "flow", "age", "next"})  # fmt: skip
ALERT_RECENT = timedelta(minutes=15)
TRACE_CELLS = 10
REGIME_SHORT = {Regime.POSITIVE: "POS", Regime.NEGATIVE: "NEG", Regime.UNKNOWN: "UNK"}
REGIME_TONE = {Regime.POSITIVE: "up", Regime.NEGATIVE: "down", Regime.UNKNOWN: "muted"}


@dataclass(frozen=True)
class Cell:
    text: str
    tone: str | None = None
    """up, down, muted, warning, error, accent; None: the table's own colour."""


@dataclass(frozen=True)
class SymbolState:
    """What the monitor knows of one watched symbol."""

    symbol: str
    view: SeriesView | None
    """Its latest view (None: nothing has landed yet)."""
    error: str | None = None
    """The last request's error, while it stands."""
    alerted_at: datetime | None = None
    next_poll: str = ""
    """When its next poll is due: `12s`, `now`, `queued`, `stopped`."""
    next_poll_seconds: float | None = None


@dataclass(frozen=True)
class OverviewRow:
    symbol: str
    cells: dict[str, Cell]
    sort: dict[str, float | str | None]
    detail: tuple[str, ...]
    """Phrases about the symbol for the line under the table, most important first (its error,
    why it is empty, else its levels: what a narrow pane's columns leave out)."""
    since: str = ""
    """ET time the window (and so the Δ column) starts, `09:30` when it reaches the open."""


def _signed(value: float) -> str:
    return f"{value:+,.2f}"


def _tone(value: float | None) -> str | None:
    if value is None or value == 0:
        return None
    return "up" if value > 0 else "down"


def remaining_sigma_usd(bar: Bar) -> float | None:
    """Spot's remaining 1σ move to the close in USD: spot · ATM IV · √τ (trading-time years)."""
    if bar.spot is None or bar.atm_iv is None or bar.atm_iv <= 0:
        return None
    local = bar.t.astimezone(ET)
    session = session_for(local.date())
    if session is None:
        return None
    minutes = max((session.close - local).total_seconds() / 60, 0.0)
    return bar.spot * bar.atm_iv * math.sqrt(tau_years(minutes))


def _level(level: float | None, spot: float | None) -> tuple[Cell, float | None]:
    if level is None:
        return Cell(units.DASH, "muted"), None
    if spot is None:
        return Cell(units.price(level)), None
    gap = level - spot
    return Cell(f"{units.price(level)} {_signed(gap)}"), abs(gap) / spot if spot else None


def _pin(score: int | None, narrow: bool) -> Cell:
    """A small gauge and the score: five cells of 20 points (three of 33 in a narrow pane)."""
    size = 3 if narrow else 5
    if score is None:
        return Cell(f"{'▱' * size} —", "muted")
    filled = min(size, max(0, round(score * size / 100)))
    tone = "accent" if score >= STRONG_PIN else "muted" if score < UNLIKELY_PIN else None
    return Cell(f"{'▰' * filled}{'▱' * (size - filled)} {score:>2}", tone)


def _to_flip(last: Bar, narrow: bool) -> tuple[Cell, float | None]:
    if last.gamma_flip is None or last.spot is None:
        reason = (last.gamma_flip_status or "no flip").replace("_", " ")
        return Cell(reason, "muted"), None
    gap = last.gamma_flip - last.spot
    sigma_usd = remaining_sigma_usd(last)
    sigmas = gap / sigma_usd if sigma_usd else None
    parts = [_signed(gap)]
    if not narrow:
        parts.append(units.percent(100 * gap / last.spot, 2, signed=True) if last.spot else "")
    if sigmas is not None:
        parts.append(f"{sigmas:+.1f}σ")
    near = abs(sigmas) if sigmas is not None else abs(gap) / last.spot if last.spot else None
    return Cell(" ".join(p for p in parts if p)), near


def _age(view: SeriesView, now: datetime, narrow: bool) -> tuple[Cell, float]:
    age = now - view.as_of
    if age > STALE_AFTER:
        return Cell("STALE" if narrow else f"STALE {age_text(age)}", "error"), age.total_seconds()
    return Cell(age_text(age)), age.total_seconds()


def _empty_cells(text: str, tone: str) -> dict[str, Cell]:
    cells = {column: Cell(units.DASH, "muted") for column in OVERVIEW_COLUMNS}
    cells["regime"] = Cell(text, tone)
    cells["alert"] = Cell(" ")
    return cells


def overview_row(state: SymbolState, now: datetime, narrow: bool = False) -> OverviewRow:
    """The row of one symbol at `now` (the source's clock)."""
    view = state.view
    bars = view.series.bars if view is not None else ()
    alerted = state.alerted_at is not None and now - state.alerted_at <= ALERT_RECENT
    if not bars:
        if state.error:
            cells, detail = _empty_cells("✖ ERR", "error"), (f"{state.symbol}: {state.error}",)
        elif view is None:
            cells, detail = _empty_cells("… wait", "muted"), (f"{state.symbol}: fetching",)
        else:
            cells = _empty_cells("∅ none", "muted")
            detail = (f"{state.symbol}: no 0DTE samples in this window",)
        cells["symbol"] = Cell(state.symbol, "error" if state.error else None)
        cells["next"] = Cell(state.next_poll or units.DASH)
        if view is not None:
            cells["age"] = _age(view, now, narrow)[0]
        sort = {**dict.fromkeys(OVERVIEW_COLUMNS), "symbol": state.symbol}
        return OverviewRow(state.symbol, cells, sort, detail)
    last, first = bars[-1], bars[0]
    spot = last.spot
    cells: dict[str, Cell] = {}
    sort: dict[str, float | str | None] = dict.fromkeys(OVERVIEW_COLUMNS)
    cells["symbol"] = Cell(state.symbol, "error" if state.error else None)
    sort["symbol"] = state.symbol
    cells["spot"], sort["spot"] = Cell(units.price(spot)), spot
    if spot is not None and first.spot:
        change = spot - first.spot
        share = 100 * change / first.spot
        cells["change"] = Cell(f"{_signed(change)} {units.percent(share, 2, signed=True)}",
                               _tone(change))  # fmt: skip
        sort["change"] = share
    else:
        cells["change"] = Cell(units.DASH, "muted")
    mark, _words, _meaning = REGIME_WORDS[last.regime]
    cells["regime"] = Cell(f"{mark} {REGIME_SHORT[last.regime]}", REGIME_TONE[last.regime])
    sort["regime"] = REGIME_SHORT[last.regime]
    cells["flip"], sort["flip"] = Cell(units.price(last.gamma_flip)), last.gamma_flip
    cells["to_flip"], sort["to_flip"] = _to_flip(last, narrow)
    cells["call_wall"], sort["call_wall"] = _level(last.call_wall, spot)
    cells["put_wall"], sort["put_wall"] = _level(last.put_wall, spot)
    cells["magnet"], sort["magnet"] = _level(last.magnet, spot)
    cells["pin"], sort["pin"] = _pin(last.pin_score, narrow), last.pin_score
    cells["pin_probability"] = Cell(units.percent(last.pin_probability_pct))
    sort["pin_probability"] = last.pin_probability_pct
    cells["net_gex"] = Cell(units.usd_compact(last.net_gex, signed=True), _tone(last.net_gex))
    sort["net_gex"] = last.net_gex
    flow = last.hedge_flow_cumulative_all
    cells["flow"], sort["flow"] = Cell(units.usd_compact(flow, signed=True), _tone(flow)), flow
    cells["trace"] = Cell(sparkline([b.spot for b in bars], TRACE_CELLS), "accent")
    sort["trace"] = sort["change"]
    cells["age"], sort["age"] = _age(view, now, narrow)
    cells["next"], sort["next"] = Cell(state.next_poll or units.DASH), state.next_poll_seconds
    cells["alert"] = Cell("!" if alerted else " ", "warning" if alerted else None)
    sort["alert"] = state.alerted_at.timestamp() if alerted and state.alerted_at else None
    regime = view.regime
    head = f"{state.symbol} {regime.words} {regime.since}" if regime else state.symbol
    detail = (
        f"{state.symbol}: {state.error}" if state.error else head,
        f"flip {cells['flip'].text} ({cells['to_flip'].text})",
        f"call wall {cells['call_wall'].text}",
        f"put wall {cells['put_wall'].text}",
        f"magnet {cells['magnet'].text}",
        f"P(pin) {cells['pin_probability'].text}",
        f"net GEX {cells['net_gex'].text}",
        f"flow {cells['flow'].text} since 09:30",
    )
    return OverviewRow(state.symbol, cells, sort, detail, et_clock(first.t, seconds=False))


def sort_rows(rows: list[OverviewRow], column: str, reverse: bool) -> list[OverviewRow]:
    """By `column`'s sort value (reversed if asked); rows without one last, by symbol."""
    known = [r for r in rows if r.sort.get(column) is not None]
    unknown = sorted((r for r in rows if r.sort.get(column) is None), key=lambda r: r.symbol)
    known.sort(key=lambda r: (r.sort[column], r.symbol), reverse=reverse)
    return known + unknown


def visible_columns(widths: dict[str, int], available: int) -> tuple[str, ...]:
    """The columns that fit `available` cells, each `widths[c]` wide with its padding: the
    narrow set below 100 columns, else as many as fit by `PRIORITY`, left to right as ever."""
    if available < 100:
        kept = set(NARROW_COLUMNS)
    else:
        kept, used = set(), 0
        for column in PRIORITY:
            if used + widths[column] <= available:
                kept.add(column)
                used += widths[column]
    return tuple(c for c in OVERVIEW_COLUMNS if c in kept)
