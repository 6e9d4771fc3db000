"""Ten seeded sessions per symbol against domain.md §5's magnitudes (revised 2026-11-24).

§5 is itself one simulated calm day, a guide rather than market data, so each median must fall
inside its range widened by 5% of the range's bounds. QQQ has no column in §5: it is held to the
unit-free rows (flip distance, flips available late, pin score) and to a bound on charm.
Marked slow: about 20 s, run in CI."""

from __future__ import annotations

import statistics
from dataclasses import fields

import pytest

from zdte_tui.lab.calibration import SessionMeasures, measure_session, medians

SEEDS = range(10)
MARGIN = 0.05
TABLE: dict[str, dict[str, tuple[float, float]]] = {
    "SPY": {
        "opening_oi": (0.8e6, 1.5e6),
        "peak_strike_oi": (40e3, 130e3),
        "net_gex_median": (-2, 6),
        "gross_gex_midday": (16, 25),
        "magnet_gex_midday": (1, 3.5),
        "net_dex_median": (20, 30),
        "charm_midday": (0.3, 0.6),
        "flow_call_close": (-11, 11),
        "flow_put_close": (-11, 11),
        "flow_all_close": (-5, 5),
        "pin_score_open": (35, 55),
        "pin_score_last_half_hour": (70, 80),
        "pin_probability_median": (20, 95),
        "flip_distance_pct_median": (0, 0.5),
    },
    "SPX": {
        "opening_oi": (0.3e6, 0.8e6),
        "peak_strike_oi": (10e3, 30e3),
        "net_gex_median": (-2, 15),
        "gross_gex_midday": (80, 100),
        "magnet_gex_midday": (3, 10),
        "magnet_gex_last_half_hour": (10, 30),
        "net_dex_median": (100, 130),
        "charm_midday": (0.9, 3),
        "flow_call_close": (-45, 45),
        "flow_put_close": (-45, 45),
        "flow_all_close": (-25, 25),
        "pin_score_open": (25, 45),
        "pin_score_last_half_hour": (65, 75),
        "pin_probability_median": (20, 95),
        "flip_distance_pct_median": (0, 0.5),
        "positive_gamma_share": (0.5, 1.0),
    },
    "QQQ": {
        "pin_score_last_half_hour": (70, 80),
        "flip_distance_pct_median": (0, 0.5),
    },
}
"""§5's rows, by the names of `SessionMeasures` ($B for USD, contracts for OI)."""
CHARM_AT_THE_CLOSE = {"SPY": 5.0, "QQQ": 5.0, "SPX": 20.0}
"""§5's charm in the last 6 minutes (at the τ floor), the largest it reads all day: $B/h."""


def _widened(low: float, high: float) -> tuple[float, float]:
    return low - MARGIN * abs(low), high + MARGIN * abs(high)


@pytest.fixture(scope="module", params=sorted(TABLE))
def measured(request) -> tuple[str, list[SessionMeasures]]:
    symbol = request.param
    return symbol, [measure_session(symbol, seed) for seed in SEEDS]


@pytest.mark.slow
def test_medians_fall_inside_the_tables_ranges(measured):
    symbol, runs = measured
    found = {f.name: statistics.median(getattr(r, f.name) for r in runs) for f in fields(runs[0])}
    outside = {
        name: (round(found[name], 3), bounds)
        for name, bounds in TABLE[symbol].items()
        if not _widened(*bounds)[0] <= found[name] <= _widened(*bounds)[1]
    }
    assert not outside, f"{symbol}: medians outside §5: {outside}"


@pytest.mark.slow
def test_the_flip_is_published_on_most_bars_of_the_last_hour(measured):
    symbol, runs = measured
    shares = [r.flip_available_last_hour for r in runs]
    assert statistics.median(shares) > 0.5, f"{symbol}: {shares}"


@pytest.mark.slow
def test_no_sample_reads_more_charm_than_the_close_does(measured):
    symbol, runs = measured
    worst = max(r.charm_max_abs for r in runs)
    assert worst <= CHARM_AT_THE_CLOSE[symbol], f"{symbol}: {worst:.2f} $B/h"


def test_medians_cover_every_measure():
    assert set(medians("XSP", range(1))) == {f.name for f in fields(SessionMeasures)}
