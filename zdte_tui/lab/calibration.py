"""Whole seeded sessions measured against domain.md §5's magnitudes (a typical calm day).

`measure_session` runs one symbol's session from the open to the close and returns the
quantities §5 tabulates; `python -m zdte_tui.lab.calibration SPY SPX QQQ` prints their medians
over seeds. tests/test_lab_calibration.py holds the medians inside the table's ranges.
"""

from __future__ import annotations

import statistics
import sys
from dataclasses import dataclass, fields
from datetime import date

import numpy as np

from zdte_tui.api.market_hours import session_for
from zdte_tui.api.regime import FLIP_AVAILABLE, Regime
from zdte_tui.lab.market import MarketSession
from zdte_tui.lab.metrics import compute_levels, hedge_flow_usd, strike_gex
from zdte_tui.lab.underlyings import UNDERLYINGS

CALIBRATION_DAY = date(2026, 6, 5)
"""A full session (a Friday); the seed varies the day's market."""
MIDDAY = slice(240, 540)
"""Samples 11:30-14:00 ET."""
LAST_HOUR, LAST_HALF_HOUR, LAST_SIX_MINUTES = 120, 60, 12
"""Sample counts at 30 s."""


@dataclass(frozen=True)
class SessionMeasures:
    """One session's §5 quantities: USD in $B (GEX per 1%, charm per hour), OI in contracts."""

    opening_oi: float
    peak_strike_oi: float
    net_gex_median: float
    net_gex_max_abs: float
    gross_gex_midday: float
    """Σ|call GEX| + Σ|put GEX| over the strikes, midday."""
    magnet_gex_midday: float
    magnet_gex_last_half_hour: float
    net_dex_median: float
    charm_midday: float
    charm_last_six_minutes_max_abs: float
    charm_max_abs: float
    flow_call_close: float
    flow_put_close: float
    flow_all_close: float
    pin_score_open: float
    pin_score_last_half_hour: float
    pin_probability_median: float
    flip_distance_pct_median: float
    flip_available_last_hour: float
    """The share of the last hour's samples with a published flip."""
    positive_gamma_share: float
    """The share of the session's samples in positive gamma."""


def measure_session(symbol: str, seed: int, day: date = CALIBRATION_DAY) -> SessionMeasures:
    session = MarketSession(UNDERLYINGS[symbol], session_for(day), seed)
    rows, magnets, gross = [], [], []
    flows = [0.0, 0.0]
    previous = None
    first_oi = None
    for _ in range(session.sample_count):
        sample = session.next_sample()
        chain = sample.chain(session.strikes, session.session_minutes)
        if first_oi is None:
            combined = np.abs(chain.call_contracts) + np.abs(chain.put_contracts)
            first_oi = (float(combined.sum()), float(combined.max()))
        levels = compute_levels(chain)
        call, put = strike_gex(chain)
        net = call + put
        magnets.append(float(np.abs(net).max()) / 1e9)
        gross.append(float(np.abs(call).sum() + np.abs(put).sum()) / 1e9)
        if previous is not None:
            call_delta, put_delta, spot = previous
            flows[0] += hedge_flow_usd(
                call_delta, levels.dealer_delta_call_shares, spot, chain.spot
            )
            flows[1] += hedge_flow_usd(put_delta, levels.dealer_delta_put_shares, spot, chain.spot)
        previous = (levels.dealer_delta_call_shares, levels.dealer_delta_put_shares, chain.spot)
        rows.append(levels)
    gex = [r.net_gex / 1e9 for r in rows]
    charm = [r.charm_dollars_per_hour / 1e9 for r in rows]
    flips = [abs(r.gamma_flip - r.spot) / r.spot * 100 for r in rows if r.gamma_flip is not None]
    assert first_oi is not None
    return SessionMeasures(
        opening_oi=first_oi[0],
        peak_strike_oi=first_oi[1],
        net_gex_median=statistics.median(gex),
        net_gex_max_abs=max(map(abs, gex)),
        gross_gex_midday=statistics.median(gross[MIDDAY]),
        magnet_gex_midday=statistics.median(magnets[MIDDAY]),
        magnet_gex_last_half_hour=statistics.median(magnets[-LAST_HALF_HOUR:]),
        net_dex_median=statistics.median(r.net_dex / 1e9 for r in rows),
        charm_midday=statistics.median(charm[MIDDAY]),
        charm_last_six_minutes_max_abs=max(map(abs, charm[-LAST_SIX_MINUTES:])),
        charm_max_abs=max(map(abs, charm)),
        flow_call_close=flows[0] / 1e9,
        flow_put_close=flows[1] / 1e9,
        flow_all_close=(flows[0] + flows[1]) / 1e9,
        pin_score_open=float(rows[0].pin_score or 0),
        pin_score_last_half_hour=statistics.median(
            r.pin_score or 0 for r in rows[-LAST_HALF_HOUR:]
        ),
        pin_probability_median=statistics.median(r.pin_probability_pct or 0 for r in rows[:-1]),
        flip_distance_pct_median=statistics.median(flips) if flips else float("nan"),
        flip_available_last_hour=sum(
            r.gamma_flip_status == FLIP_AVAILABLE for r in rows[-LAST_HOUR:]
        )
        / LAST_HOUR,
        positive_gamma_share=sum(r.regime is Regime.POSITIVE for r in rows) / len(rows),
    )


def medians(symbol: str, seeds: range) -> dict[str, float]:
    runs = [measure_session(symbol, seed) for seed in seeds]
    return {
        f.name: statistics.median(getattr(r, f.name) for r in runs) for f in fields(SessionMeasures)
    }


def main(symbols: list[str]) -> None:
    for symbol in symbols or ["SPY", "SPX", "QQQ"]:
        found = medians(symbol, range(10))
        print(symbol, "  ".join(f"{k}={v:.3g}" for k, v in found.items()))


if __name__ == "__main__":
    main(sys.argv[1:])
