"""Headline metrics as text, for `zdte-tui levels` (a chain snapshot) and `zdte-tui once` (a bar).

Both a lab `Levels` and a wire `Bar` carry these fields under the same names.
"""

from __future__ import annotations

from typing import Protocol

from zdte_tui import units

REGIME_WORDS = {"positive_gamma": "positive gamma", "negative_gamma": "negative gamma"}


class Headline(Protocol):
    net_gex: float | None
    net_dex: float | None
    gamma_flip: float | None
    gamma_flip_status: str | None
    call_wall: float | None
    put_wall: float | None
    magnet: float | None
    pin_score: int | None
    pin_probability_pct: float | None
    atm_iv: float | None
    charm_dollars_per_hour: float | None

    @property
    def regime(self) -> object: ...


def headline_rows(metrics: Headline) -> list[tuple[str, str]]:
    flip = units.price(metrics.gamma_flip)
    if metrics.gamma_flip is None:
        flip = f"— ({metrics.gamma_flip_status or 'not published'})"
    regime = getattr(metrics.regime, "value", str(metrics.regime))
    iv = None if metrics.atm_iv is None else 100 * metrics.atm_iv
    return [
        ("net GEX", f"{units.usd_compact(metrics.net_gex)} per 1% move"),
        ("net DEX", units.usd_compact(metrics.net_dex)),
        ("gamma flip", flip),
        ("call wall", units.price(metrics.call_wall)),
        ("put wall", units.price(metrics.put_wall)),
        ("magnet", units.price(metrics.magnet)),
        ("pin score", "—" if metrics.pin_score is None else f"{metrics.pin_score} / 100"),
        ("pin probability", units.percent(metrics.pin_probability_pct)),
        ("regime", REGIME_WORDS.get(regime, "unknown (no flip published)")),
        ("ATM IV", units.percent(iv, 2)),
        ("charm", f"{units.usd_compact(metrics.charm_dollars_per_hour, signed=True)} per hour"),
    ]


def as_text(head: str, metrics: Headline, extra: list[tuple[str, str]] | None = None) -> str:
    rows = headline_rows(metrics) + (extra or [])
    width = max(len(name) for name, _ in rows)
    return "\n".join([head, *(f"{name:<{width}}  {value}" for name, value in rows)])
