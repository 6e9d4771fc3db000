"""The simulated 0DTE underlyings: strike grids and opening dealer inventory (domain.md §3, §5)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zdte_tui.lab.greeks import Floats

PUT_CENTRE_BELOW = (0.0035, 0.0055)
"""Put OI is centred this far below spot (§3 proposes 0.8-1%; 0.35-0.55% brings the median flip
distance inside §5's "usually within ±0.5%", which 0.8-1% put at 0.55-0.60% for SPY and QQQ)."""


CALL_E_FOLD, PUT_E_FOLD = 0.012, 0.015
"""The OI envelopes' e-folding distances as fractions of spot (§3)."""


@dataclass(frozen=True)
class Underlying:
    """One symbol with a 0DTE expiry every weekday.

    `strike_bands` are (max distance from spot as a fraction, strike step USD), innermost first.
    `round_boosts` are (multiple USD, OI factor): listed strikes at round numbers draw more OI; a
    strike takes its strongest boost (multiplied, SPX 100s drew ×4.5 and peak strike OI 59k
    against §5's 10-30k).
    """

    symbol: str
    base_spot: float
    strike_bands: tuple[tuple[float, float], ...]
    call_oi: float
    put_oi: float
    round_boosts: tuple[tuple[float, float], ...]
    index: bool = False

    @property
    def near_interval(self) -> float:
        return self.strike_bands[0][1]

    def strikes(self, spot: float) -> Floats:
        """Listed strikes around `spot`: the near step at the money, wider steps in the wings."""
        inner_step = self.strike_bands[0][1]
        centre = round(spot / inner_step) * inner_step
        found: set[float] = {centre}
        previous_edge = 0.0
        for edge, step in self.strike_bands:
            low = np.floor(spot * (1 - edge) / step) * step
            high = np.ceil(spot * (1 + edge) / step) * step
            for strike in np.arange(low, high + step / 2, step):
                if abs(strike - spot) >= previous_edge * spot or step == inner_step:
                    found.add(round(float(strike), 2))
            previous_edge = edge
        return np.array(sorted(found), dtype=np.float64)

    def opening_inventory(
        self, strikes: Floats, spot: float, rng: np.random.Generator
    ) -> tuple[Floats, Floats]:
        """Dealer contracts at the open from settled OI: +calls, -puts (dealers long calls)."""
        spacing = np.gradient(strikes) if len(strikes) > 1 else np.ones_like(strikes)
        call_centre = spot * (1 + rng.uniform(0.003, 0.005))
        put_centre = spot * (1 - rng.uniform(PUT_CENTRE_BELOW[0], PUT_CENTRE_BELOW[1]))
        calls = np.exp(-np.abs(strikes - call_centre) / (CALL_E_FOLD * spot)) * spacing
        puts = np.exp(-np.abs(strikes - put_centre) / (PUT_E_FOLD * spot)) * spacing
        boost = np.ones_like(strikes)
        for multiple, factor in self.round_boosts:
            at_multiple = np.isclose(np.mod(strikes, multiple), 0) | np.isclose(
                np.mod(strikes, multiple), multiple
            )
            boost[at_multiple] = np.maximum(
                boost[at_multiple], factor
            )  # the strongest, not a product
        calls *= boost * rng.lognormal(0.0, 0.4, len(strikes))
        puts *= boost * rng.lognormal(0.0, 0.4, len(strikes))
        call_total = self.call_oi * rng.uniform(0.85, 1.15)
        put_total = self.put_oi * rng.uniform(0.85, 1.15)
        calls = np.floor(calls * call_total / calls.sum())
        puts = np.floor(puts * put_total / puts.sum())
        return calls, -puts


UNDERLYINGS: dict[str, Underlying] = {
    "SPY": Underlying("SPY", 600.0, ((0.10, 1.0),), 615_000, 570_000, ((5.0, 2.0), (10.0, 1.5))),
    "SPX": Underlying(
        "SPX",
        6000.0,
        ((0.10, 5.0), (0.15, 25.0), (0.25, 50.0), (0.40, 100.0)),
        268_000,
        288_000,
        ((25.0, 2.0), (50.0, 1.5), (100.0, 1.5)),
        index=True,
    ),
    "QQQ": Underlying("QQQ", 520.0, ((0.10, 1.0),), 450_000, 420_000, ((5.0, 2.0), (10.0, 1.5))),
    "IWM": Underlying("IWM", 225.0, ((0.10, 1.0),), 160_000, 170_000, ((5.0, 2.0), (10.0, 1.5))),
    "XSP": Underlying(
        "XSP", 600.0, ((0.10, 1.0),), 40_000, 44_000, ((5.0, 2.0), (10.0, 1.5)), index=True
    ),
}
"""Symbols with a 0DTE expiry every weekday (domain.md §4.3); any other has none."""
