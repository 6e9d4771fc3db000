from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from tests.lab_helpers import chains, crafted_chain
from zdte_tui.api.models import FLIP_AVAILABLE, Regime
from zdte_tui.api.trading_time import TRADING_HOURS_PER_YEAR
from zdte_tui.lab import metrics
from zdte_tui.lab.metrics import compute_levels, dealer_delta_shares, gex_profile

SPY_CHAINS = chains("SPY", every=90)
SPX_CHAINS = chains("SPX", every=130)
ALL_CHAINS = [pytest.param(c, id=f"{'SPX' if c.spot > 2000 else 'SPY'}-{c.minutes_to_close:g}m")
              for c in SPY_CHAINS + SPX_CHAINS]  # fmt: skip


def _with_spot(chain, spot):
    return dataclasses.replace(chain, spot=spot)


@pytest.mark.parametrize("chain", ALL_CHAINS)
def test_net_gex_is_the_finite_difference_of_dealer_delta(chain):
    eps = 1e-3 * chain.spot * metrics.atm_iv(chain) * np.sqrt(chain.tau)
    up = sum(dealer_delta_shares(_with_spot(chain, chain.spot + eps)))
    down = sum(dealer_delta_shares(_with_spot(chain, chain.spot - eps)))
    expected = 0.01 * chain.spot**2 * (up - down) / (2 * eps)
    call_gex, put_gex = metrics.strike_gex(chain)
    assert float((call_gex + put_gex).sum()) == pytest.approx(expected, rel=1e-5, abs=1e3)
    assert compute_levels(chain).net_gex == pytest.approx(expected, rel=1e-5, abs=1e3)


@pytest.mark.parametrize("chain", ALL_CHAINS)
def test_flip_regime_and_status_agree(chain):
    levels = compute_levels(chain)
    if levels.gamma_flip_status != FLIP_AVAILABLE:
        assert levels.gamma_flip is None and levels.regime is Regime.UNKNOWN
        return
    flip = levels.gamma_flip
    tol = 1e-4 * chain.spot + 0.005
    below, above = gex_profile(chain, np.array([flip - tol, flip + tol]))
    assert below * above < 0, "the published flip is a root of the repriced profile"
    assert (levels.regime is Regime.POSITIVE) == (levels.spot > flip)


def test_most_simulated_bars_publish_a_flip():
    statuses = [compute_levels(c).gamma_flip_status for c in SPY_CHAINS + SPX_CHAINS]
    assert statuses.count(FLIP_AVAILABLE) >= 0.7 * len(statuses)


@pytest.mark.parametrize("chain", ALL_CHAINS)
def test_levels_are_listed_strikes_and_scores_in_range(chain):
    levels = compute_levels(chain)
    listed = set(chain.strikes.tolist())
    for level in (levels.call_wall, levels.put_wall, levels.magnet):
        assert level in listed
    assert isinstance(levels.pin_score, int) and 0 <= levels.pin_score <= 100
    if levels.pin_probability_pct is not None:
        assert 0 <= levels.pin_probability_pct <= 95
    assert levels.net_dex > 0


def test_charm_matches_the_flow_of_a_frozen_bar():
    """Invariant 3: inventory, IV and spot frozen for a bar, the re-hedge flow ≈ charm × hours."""
    chain = SPY_CHAINS[2]
    bar_minutes = 1.0
    later = dataclasses.replace(chain, minutes_to_close=chain.minutes_to_close - bar_minutes)
    before, after = sum(dealer_delta_shares(chain)), sum(dealer_delta_shares(later))
    flow = metrics.hedge_flow_usd(before, after, chain.spot, chain.spot)
    charm = metrics.charm_dollars_per_hour(chain)
    assert flow == pytest.approx(charm * bar_minutes / 60, rel=0.02)
    assert TRADING_HOURS_PER_YEAR == 1638


def test_status_insufficient_coverage_on_an_empty_or_thin_chain():
    thin = crafted_chain(600.0, {610.0: 1000}, {590.0: -1000})
    assert metrics.find_gamma_flip(thin, 0.13) == (None, metrics.INSUFFICIENT_COVERAGE)
    levels = compute_levels(crafted_chain(600.0, {}, {}))
    assert levels.gamma_flip is None and levels.regime is Regime.UNKNOWN
    assert levels.call_wall is None and levels.magnet is None and levels.pin_score is None


def test_status_no_boundary_when_dealers_are_long_gamma_everywhere():
    calls = {float(k): 1000.0 for k in range(590, 611)}
    assert metrics.find_gamma_flip(crafted_chain(600.0, calls, {}), 0.13) == (
        None,
        metrics.NO_BOUNDARY,
    )


def test_status_sign_mismatch_on_an_inverted_profile():
    calls = {float(k): -3000.0 for k in range(596, 611)}
    puts = {float(k): 3000.0 for k in range(585, 595)}
    flip, status = metrics.find_gamma_flip(crafted_chain(598.0, calls, puts), 0.13)
    assert (flip, status) == (None, metrics.SIGN_MISMATCH)


def test_clean_book_publishes_a_flip_between_put_and_call_mass():
    calls = {float(k): 3000.0 for k in range(600, 612)}
    puts = {float(k): -3000.0 for k in range(588, 599)}
    chain = crafted_chain(601.0, calls, puts)
    flip, status = metrics.find_gamma_flip(chain, 0.13)
    assert status == FLIP_AVAILABLE and 595 < flip < 601
    assert compute_levels(chain).regime is Regime.POSITIVE


def test_wall_ties_go_to_the_nearest_strike_then_the_lower():
    strikes = np.array([595.0, 600.0, 605.0])
    assert metrics._wall(strikes, np.array([5.0, 1.0, 5.0]), 601.0) == 605.0
    assert metrics._wall(strikes, np.array([5.0, 1.0, 5.0]), 600.0) == 595.0
    assert metrics._wall(strikes, np.zeros(3), 600.0) is None


def test_pin_score_weights_the_documented_example():
    assert metrics.pin_score({"oi": 78, "proximity": 92, "time": 81, "gamma": 70}) == 81


def test_pin_components_match_the_documented_checks():
    chain = crafted_chain(590.42, {590.0: 1000}, {}, minutes=75)
    parts = metrics.pin_components(chain, 590.0, 1.0, 1.0, em=1.05)
    assert parts["proximity"] == pytest.approx(92.3, abs=0.1)
    assert parts["time"] == pytest.approx(80.8, abs=0.1)
    assert parts["gamma"] == 100.0


def test_pin_probability_reproduces_the_published_worked_example():
    """d = 0.0007, σ = 0.0034, t = 1.1 h, positive gamma, concentration 44% → 0.83."""
    p = metrics.heuristic_pin_probability_pct(0.0007, 0.0034, 1.1 / 6.5, Regime.POSITIVE, 44.0)
    assert p == pytest.approx(83.0, abs=0.5)
    assert metrics.heuristic_pin_probability_pct(0.0, 0.01, 0.5, Regime.POSITIVE, 80.0) == 95.0
    assert metrics.heuristic_pin_probability_pct(0.001, 0.01, 0.0, Regime.POSITIVE, 40.0) is None


def test_atm_iv_interpolates_the_smile_at_spot():
    chain = crafted_chain(600.5, {}, {}, iv=0.12)
    assert metrics.atm_iv(chain) == pytest.approx(0.12)
