"""The lab at the close (domain.md revised 2026-11-24): the 6-minute τ floor, the coverage
window, tie-proof regimes, the slope at the root, the open in a whole-session window, the smile
cap that lets `levels` read any lab chain."""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from datetime import UTC, time

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.lab_helpers import crafted_chain, frozen_clock, market
from zdte_tui.api.bars import BarSize
from zdte_tui.api.models import FLIP_AVAILABLE, Regime
from zdte_tui.api.trading_time import TRADING_MINUTES_PER_YEAR
from zdte_tui.lab import metrics
from zdte_tui.lab.market import IV_CAP
from zdte_tui.lab.metrics import (
    INSUFFICIENT_COVERAGE,
    compute_levels,
    find_gamma_flip,
    gex_profile,
    pin_components,
    published_flip,
    root_is_sensitive,
    strike_interval,
)
from zdte_tui.lab.service import Lab

SPOT = 590.0
CALLS = {590.0: 8000, 591.0: 12000, 592.0: 20000, 595.0: 30000}
PUTS = {585.0: -30000, 588.0: -20000, 589.0: -12000, 590.0: -6000}


def test_greeks_are_floored_at_six_minutes_and_pin_time_is_not():
    at_three = crafted_chain(SPOT, CALLS, PUTS, minutes=3.0)
    at_six = crafted_chain(SPOT, CALLS, PUTS, minutes=6.0)
    assert at_three.tau == at_six.tau == 6 / TRADING_MINUTES_PER_YEAR
    assert metrics.charm_dollars_per_hour(at_three) == metrics.charm_dollars_per_hour(at_six)
    levels3, levels6 = compute_levels(at_three), compute_levels(at_six)
    assert levels3.net_gex == levels6.net_gex and levels3.gamma_flip == levels6.gamma_flip
    time3 = pin_components(at_three, 590.0, 1.0, 1.0, 1.0)["time"]
    time6 = pin_components(at_six, 590.0, 1.0, 1.0, 1.0)["time"]
    assert time3 > time6  # the pin score's time component keeps the true time left
    sigma = metrics.atm_iv(at_six)
    p3 = metrics.pin_probability_pct(at_three, 590.2, sigma, Regime.POSITIVE)
    p6 = metrics.pin_probability_pct(at_six, 590.2, sigma, Regime.POSITIVE)
    assert p3 < p6  # and so does the probability's t (less time, √t smaller)


def test_at_the_close_greeks_stay_finite_and_the_pin_probability_is_null():
    closing = compute_levels(crafted_chain(SPOT, CALLS, PUTS, minutes=0.0))
    assert closing.charm_dollars_per_hour is not None and math.isfinite(
        closing.charm_dollars_per_hour
    )
    assert closing.pin_probability_pct is None  # no time left


def test_coverage_counts_two_strike_intervals_when_the_expected_move_is_smaller():
    """Three strikes with inventory within ±2 intervals, none beyond: available near the close,
    where ±2·EM_rem alone (about ±0.9 USD at 6 minutes) held only one."""
    chain = crafted_chain(SPOT, {591.0: 20000, 592.0: 25000}, {588.0: -30000}, minutes=2.0,
                          span=10)  # fmt: skip
    sigma = metrics.atm_iv(chain)
    em = metrics.expected_move_usd(SPOT, sigma, chain.tau)
    assert 2 * em < 2 * strike_interval(chain.strikes, SPOT)
    assert find_gamma_flip(chain, sigma)[1] != INSUFFICIENT_COVERAGE
    sparse = crafted_chain(SPOT, {593.0: 20000}, {586.0: -30000}, minutes=2.0, span=10)
    assert find_gamma_flip(sparse, metrics.atm_iv(sparse))[1] == INSUFFICIENT_COVERAGE


def test_the_reported_tie_is_positive_gamma_with_the_flip_a_cent_below():
    """SPY, seed 0, 2026-11-24 16:21Z: spot 589.96, unrounded flip 589.9595."""
    assert published_flip(589.96, 589.9595) == (Regime.POSITIVE, 589.95)
    assert published_flip(589.96, 589.9605) == (Regime.NEGATIVE, 589.97)


CENTS = st.integers(50_000, 700_000).map(lambda c: c / 100)


@given(spot=CENTS, offset=st.floats(-0.005, 0.005, allow_nan=False))
def test_ties_within_half_a_cent_keep_the_published_numbers_consistent(spot, offset):
    root = spot + offset
    assume(root != spot)
    regime, flip = published_flip(spot, root)
    assert (regime is Regime.POSITIVE) == (spot > root)  # decided on unrounded values
    assert (regime is Regime.POSITIVE) == (round(spot, 2) > flip)  # and true when published
    assert flip == round(flip, 2) and abs(flip - root) < 0.02


@given(spot=st.floats(50, 7000, allow_nan=False), root=st.floats(50, 7000, allow_nan=False))
def test_any_published_flip_is_on_the_side_of_spot_its_regime_says(spot, root):
    regime, flip = published_flip(spot, root)
    assert (regime is Regime.POSITIVE) == (round(spot, 2) > flip) == (spot > root)
    assert flip <= root if regime is Regime.POSITIVE else flip >= root


@pytest.mark.parametrize(("ratio", "sensitive"), [(0.0099, True), (0.01008, False), (0.02, False)])
def test_the_slope_rule_is_one_percent_of_the_peak_at_the_root(ratio, sensitive):
    assert root_is_sensitive(ratio * 1e9 / 1.0, 1.0, 1e9, crowded=False) is sensitive
    assert root_is_sensitive(0.5, 1.0, 1.0, crowded=True)


@given(
    calls=st.dictionaries(st.sampled_from([float(k) for k in range(586, 596)]),
                          st.integers(0, 40_000), min_size=2, max_size=6),
    puts=st.dictionaries(st.sampled_from([float(k) for k in range(584, 594)]),
                         st.integers(-40_000, 0), min_size=2, max_size=6),
    minutes=st.sampled_from([10.0, 60.0, 200.0]),
)  # fmt: skip
def test_sensitive_root_is_judged_by_the_slope_at_the_refined_root(calls, puts, minutes):
    chain = crafted_chain(SPOT, calls, puts, minutes=minutes)
    sigma = metrics.atm_iv(chain)
    root, status = find_gamma_flip(chain, sigma)
    assume(status == FLIP_AVAILABLE and root is not None)
    interval = strike_interval(chain.strikes, SPOT)
    h = 1e-3 * interval  # an independent central difference, a coarser step than the engine's
    slope = float(np.diff(gex_profile(chain, np.array([root - h, root + h])))[0] / (2 * h))
    width = min(max(4 * sigma * math.sqrt(chain.tau), 0.005), 0.03)
    window = np.linspace(SPOT * (1 - width), SPOT * (1 + width), 2001)
    peak = float(np.max(np.abs(gex_profile(chain, window))))
    assert abs(slope) * interval >= 0.0099 * peak  # published: not flat at the root


@pytest.mark.parametrize("bar", list(BarSize))
def test_a_whole_session_query_at_the_close_starts_at_the_open(bar):
    lab = Lab(frozen_clock(time(16, 0, 10)), seed=0)
    series = lab.series("SPY", bar, 390)
    assert series.bars[0].t.astimezone(UTC).time() == time(13, 30)  # 09:30 ET, first bucket
    assert series.bars[-1].t.astimezone(UTC).time() == time(20, 0)  # the 16:00 bucket
    if bar is BarSize.S30:
        assert len(series.bars) == 781


def test_every_lab_iv_is_within_the_cap_and_a_lab_chain_reads_back_through_levels(tmp_path):
    session = market("SPX", seed=3)
    chain = session.next_sample().chain(session.strikes, session.session_minutes)
    assert float(chain.call_iv.max()) <= IV_CAP
    path = tmp_path / "chain.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["strike", "call_oi", "put_oi", "call_iv", "put_iv"])
        for row in zip(chain.strikes, chain.call_contracts, -chain.put_contracts, chain.call_iv,
                       chain.put_iv, strict=True):  # fmt: skip
            writer.writerow([repr(float(v)) for v in row])
    out = subprocess.run(
        [sys.executable, "-m", "zdte_tui", "levels", str(path), "--spot", repr(chain.spot),
         "--minutes-to-close", repr(chain.minutes_to_close), "--json"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    ours = compute_levels(chain)
    theirs = json.loads(out.stdout)
    for name in ("net_gex", "net_dex", "gamma_flip", "call_wall", "put_wall", "magnet",
                 "pin_score", "atm_iv", "charm_dollars_per_hour"):  # fmt: skip
        assert theirs[name] == getattr(ours, name), name
    assert theirs["regime"] == ours.regime.value
