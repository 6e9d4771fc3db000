"""Alert rules, evaluated on each new bar (live and in replay). No Textual here.

Each rule fires once per event: on the bar where the condition starts, not while it lasts.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from zdte_tui.api.regime import Regime

if TYPE_CHECKING:
    from zdte_tui.api.models import Bar

DEFAULT_STRIKE_STEPS = {"SPX": 5.0, "SPXW": 5.0, "NDX": 10.0, "RUT": 5.0}
"""USD between 0DTE strikes near the money; 1 for any symbol not listed."""


class AlertConfigError(ValueError):
    """An `[alerts]` setting that cannot be used; the message names it."""


@dataclass(frozen=True)
class AlertRules:
    """Which changes raise an alert (a toast and a line in the event log; a bell if `bell`)."""

    regime_change: bool = True
    flip_cross: bool = True
    level_move_strikes: int = 2
    """A wall or the magnet moving by at least this many strikes; 0 turns it off."""
    pin_threshold: int = 70
    """Pin score rising through this; 0 turns it off."""
    wall_proximity_pct: float = 0.1
    """Spot coming within this % of a wall; 0 turns it off."""
    bell: bool = False
    enabled: bool = True
    strike_steps: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_STRIKE_STEPS))

    def strike_step(self, symbol: str) -> float:
        return float(self.strike_steps.get(symbol.upper(), 1.0))

    def toggled(self, name: str) -> AlertRules:
        """The rules with one on/off rule flipped (numeric rules go off, or back to default)."""
        value = getattr(self, name)
        if isinstance(value, bool):
            return replace(self, **{name: not value})
        default = getattr(AlertRules(), name)
        return replace(self, **{name: 0 if value else default})


TOGGLES = {
    "regime_change": "regime change",
    "flip_cross": "spot crossing the flip",
    "level_move_strikes": "walls or magnet moving",
    "pin_threshold": "pin score crossing its threshold",
    "wall_proximity_pct": "spot near a wall",
    "bell": "terminal bell",
}


def rules_from_config(table: Mapping[str, Any]) -> AlertRules:
    """The `[alerts]` table of the config file."""
    known = {f.name: f for f in fields(AlertRules)}
    values: dict[str, Any] = {}
    for name, value in table.items():
        if name not in known:
            raise AlertConfigError(f"[alerts] has no setting {name!r} ({', '.join(known)})")
        default = getattr(AlertRules(), name)
        if name == "strike_steps":
            if not isinstance(value, dict) or not all(
                isinstance(v, int | float) and v > 0 for v in value.values()
            ):
                raise AlertConfigError("[alerts] strike_steps must map symbols to USD, {SPX = 5}")
            values[name] = {
                **DEFAULT_STRIKE_STEPS,
                **{k.upper(): float(v) for k, v in value.items()},
            }
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                raise AlertConfigError(f"[alerts] {name} must be true or false")
            values[name] = value
        else:
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise AlertConfigError(f"[alerts] {name} must be a number >= 0")
            values[name] = type(default)(value)
    return AlertRules(**values)


@dataclass(frozen=True)
class AlertEvent:
    """One alert raised: the bar's time (UTC), the rule's name and what the trader reads."""

    t: datetime
    rule: str
    message: str


def _side(spot: float | None, level: float | None) -> int:
    if spot is None or level is None or spot == level:
        return 0
    return 1 if spot > level else -1


def _near_wall(bar: Bar, pct: float) -> float | None:
    if bar.spot is None or not bar.spot:
        return None
    for wall in (bar.call_wall, bar.put_wall):
        if wall is not None and abs(bar.spot - wall) / bar.spot * 100 <= pct:
            return wall
    return None


def evaluate(symbol: str, before: Bar, bar: Bar, rules: AlertRules) -> list[AlertEvent]:
    """The events that begin on `bar`, given the bar before it."""
    if not rules.enabled:
        return []
    found: list[AlertEvent] = []

    def fire(rule: str, message: str) -> None:
        found.append(AlertEvent(bar.t, rule, f"{symbol}: {message}"))

    if rules.regime_change and before.regime is not bar.regime:
        words = {
            Regime.POSITIVE: "positive",
            Regime.NEGATIVE: "negative",
            Regime.UNKNOWN: "unknown",
        }
        fire("regime_change", f"regime {words[before.regime]} → {words[bar.regime]} gamma")
    if rules.flip_cross and before.gamma_flip is not None and bar.gamma_flip is not None:
        was, now = _side(before.spot, before.gamma_flip), _side(bar.spot, bar.gamma_flip)
        if was and now and was != now:
            direction = "above" if now > 0 else "below"
            fire(
                "flip_cross",
                f"spot {bar.spot:,.2f} crossed {direction} the flip {bar.gamma_flip:,.2f}",
            )
    threshold = rules.pin_threshold
    pins = (before.pin_score, bar.pin_score)
    if threshold and None not in pins and pins[0] < threshold <= pins[1]:
        fire("pin_threshold", f"pin score rose through {threshold} ({bar.pin_score})")
    if rules.wall_proximity_pct:
        wall = _near_wall(bar, rules.wall_proximity_pct)
        if wall is not None and _near_wall(before, rules.wall_proximity_pct) is None:
            fire(
                "wall_proximity_pct",
                f"spot {bar.spot:,.2f} within {rules.wall_proximity_pct:g}% "
                f"of the wall at {wall:,.2f}",
            )
    return found


LEVELS = (("call_wall", "call wall"), ("put_wall", "put wall"), ("magnet", "magnet"))


class AlertTracker:
    """Per symbol: the last bar evaluated (so each new bar is evaluated once) and where each
    level stood when it last alerted (so a wall drifting a strike a bar still alerts)."""

    def __init__(self) -> None:
        self._last: dict[str, datetime] = {}
        self._anchors: dict[tuple[str, str], float] = {}

    def new_events(self, symbol: str, bars: tuple[Bar, ...], rules: AlertRules) -> list[AlertEvent]:
        """Events on bars newer than the last seen; the first call for a symbol only remembers."""
        if not bars:
            return []
        seen = self._last.get(symbol)
        self._last[symbol] = bars[-1].t
        if seen is None:
            self._anchor(symbol, bars[-1], overwrite=True)
            return []
        events: list[AlertEvent] = []
        for before, bar in itertools.pairwise(bars):
            if bar.t > seen:
                events += evaluate(symbol, before, bar, rules)
                events += self._level_moves(symbol, bar, rules)
        return events

    def _anchor(self, symbol: str, bar: Bar, overwrite: bool) -> None:
        for name, _ in LEVELS:
            value = getattr(bar, name)
            if value is not None and (overwrite or (symbol, name) not in self._anchors):
                self._anchors[(symbol, name)] = value

    def _level_moves(self, symbol: str, bar: Bar, rules: AlertRules) -> list[AlertEvent]:
        self._anchor(symbol, bar, overwrite=False)
        if not (rules.enabled and rules.level_move_strikes):
            return []
        step = rules.strike_step(symbol)
        found = []
        for name, label in LEVELS:
            anchor, value = self._anchors.get((symbol, name)), getattr(bar, name)
            if anchor is None or value is None:
                continue
            strikes = (value - anchor) / step
            if abs(strikes) >= rules.level_move_strikes - 1e-9:
                self._anchors[(symbol, name)] = value
                message = (
                    f"{symbol}: {label} moved {anchor:,.2f} → {value:,.2f} ({strikes:+g} strikes)"
                )
                found.append(AlertEvent(bar.t, "level_move_strikes", message))
        return found

    def forget(self, symbol: str) -> None:
        self._last.pop(symbol, None)
