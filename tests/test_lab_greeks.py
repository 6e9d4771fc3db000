from __future__ import annotations

import numpy as np
import pytest

from zdte_tui.api.trading_time import TRADING_HOURS_PER_YEAR, tau_years
from zdte_tui.lab import greeks

STRIKES = np.arange(570.0, 611.0, 1.0)
CASES = [(590.42, 75.0, 0.123), (600.0, 390.0, 0.15), (612.3, 5.0, 0.20), (5900.0, 200.0, 0.11)]


def _derivative(f, x: float, h: float) -> np.ndarray:
    """Five-point central difference: error O(h^4)."""
    return (8 * (f(x + h) - f(x - h)) - (f(x + 2 * h) - f(x - 2 * h))) / (12 * h)


def _meaningful(spot: float, tau: float, sigma: float, strikes: np.ndarray) -> np.ndarray:
    d1, _ = greeks.d1_d2(spot, strikes, tau, sigma)
    return np.abs(d1) < 3


@pytest.mark.parametrize(("spot", "minutes", "sigma"), CASES)
def test_gamma_is_the_spot_derivative_of_delta(spot, minutes, sigma):
    strikes = STRIKES * spot / 590.0
    tau = tau_years(minutes)
    h = 1e-3 * spot * sigma * np.sqrt(tau)  # small against the one-sigma move
    for delta in (greeks.call_delta, greeks.put_delta):
        numeric = _derivative(lambda s, d=delta: d(s, strikes, tau, sigma), spot, h)
        analytic = greeks.gamma(spot, strikes, tau, sigma)
        keep = _meaningful(spot, tau, sigma, strikes)
        assert keep.sum() > 3
        np.testing.assert_allclose(analytic[keep], numeric[keep], rtol=1e-6)


@pytest.mark.parametrize(("spot", "minutes", "sigma"), CASES)
def test_charm_is_the_time_derivative_of_delta(spot, minutes, sigma):
    strikes = STRIKES * spot / 590.0
    tau = tau_years(minutes)
    h = tau * 1e-3
    for delta in (greeks.call_delta, greeks.put_delta):
        # elapsed time runs against tau: d(delta)/dt = -d(delta)/d(tau)
        numeric = -_derivative(lambda t, d=delta: d(spot, strikes, t, sigma), tau, h)
        analytic = greeks.charm(spot, strikes, tau, sigma)
        keep = _meaningful(spot, tau, sigma, strikes) & (
            np.abs(analytic) > 1e-3 * np.abs(analytic).max()
        )
        np.testing.assert_allclose(analytic[keep], numeric[keep], rtol=1e-6)


def test_charm_signs_drift_deltas_toward_expiry_values():
    spot, tau, sigma = 600.0, tau_years(60), 0.13
    otm_call, itm_call = greeks.charm(spot, np.array([605.0, 595.0]), tau, sigma)
    assert otm_call < 0 < itm_call


def test_tau_floor_and_basis():
    assert tau_years(0) == tau_years(6) == 6 / (252 * 390)  # the 0.1 h floor
    assert tau_years(1) == tau_years(6) < tau_years(6.5)
    assert tau_years(390) == 390 / (252 * 390)
    assert TRADING_HOURS_PER_YEAR == 1638


def test_norm_cdf_is_exact_in_the_tails():
    assert greeks.norm_cdf(np.array([-10.0]))[0] == pytest.approx(7.619853024160527e-24, rel=1e-12)
    assert greeks.norm_cdf(np.array([0.0]))[0] == 0.5


def test_atm_straddle_matches_the_documented_example():
    """At 1.25 h left with IV 0.123 and spot 590.42 the ATM straddle is about $1.60 (domain §0)."""
    sigma_rem = 0.123 * np.sqrt(tau_years(75))
    straddle = 590.42 * sigma_rem * np.sqrt(2 / np.pi)
    assert straddle == pytest.approx(1.60, abs=0.03)
