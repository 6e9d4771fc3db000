"""The invariants of domain.md §2.7 over a whole simulated session, through the Lab service."""

from __future__ import annotations

import dataclasses
from datetime import UTC, time

import numpy as np
import pytest

from tests.lab_helpers import TRADING_DAY, frozen_clock
from zdte_tui.api.bars import BarSize, max_bar_count
from zdte_tui.api.models import FLIP_AVAILABLE, Regime
from zdte_tui.lab import greeks
from zdte_tui.lab.market import draw_indices
from zdte_tui.lab.metrics import dealer_delta_shares
from zdte_tui.lab.service import Lab
from zdte_tui.lab.underlyings import UNDERLYINGS


@pytest.fixture(scope="module", params=["SPY", "SPX"])
def full_session(request):
    lab = Lab(frozen_clock(time(16, 0)), seed=11)
    return request.param, lab, lab.series(request.param, BarSize.S30, 390)


def test_full_session_has_every_sample(full_session):
    _symbol, _lab, series = full_session
    assert len(series.bars) == 781  # one full session includes the 09:30:00 open
    assert series.expiration == TRADING_DAY
    assert series.bars[0].t.astimezone(UTC).time() == time(13, 30)  # 09:30 EDT
    assert series.bars[-1].t.astimezone(UTC).time() == time(20, 0)  # 16:00 EDT


def test_invariants(full_session):
    symbol, lab, series = full_session
    strikes = set(lab.store(symbol, series.as_of).market.strikes.tolist())
    previous = None
    for bar in series.bars:
        assert bar.hedge_flow_cumulative_all == (
            bar.hedge_flow_call_cumulative + bar.hedge_flow_put_cumulative
        )
        if bar.gamma_flip is not None:
            assert bar.gamma_flip_status == FLIP_AVAILABLE
            assert (bar.regime is Regime.POSITIVE) == (bar.spot > bar.gamma_flip)
        if bar.gamma_flip_status != FLIP_AVAILABLE:
            assert bar.gamma_flip is None and bar.regime is Regime.UNKNOWN
        assert isinstance(bar.pin_score, int) and 0 <= bar.pin_score <= 100
        if bar.pin_probability_pct is not None:
            assert 0 <= bar.pin_probability_pct <= 95
        assert {bar.call_wall, bar.put_wall, bar.magnet} <= strikes
        assert int(bar.t.timestamp()) % 30 == 0
        if previous is not None:
            assert bar.t > previous.t
        previous = bar


def test_cumulative_flow_is_the_dealer_delta_change(full_session):
    """Invariant 4: cum_all(t) ≈ −[D(t) − D(open)] × average spot."""
    symbol, lab, series = full_session
    store = lab.store(symbol, series.as_of)
    first, last = 0, len(series.bars) - 1
    deltas = [sum(store._deltas[i]) for i in (first, last)]
    spots = [store.sample(i).spot for i in range(first, last + 1)]
    expected = -(deltas[1] - deltas[0]) * float(np.mean(spots))
    gross = abs(series.bars[-1].hedge_flow_call_cumulative) + abs(
        series.bars[-1].hedge_flow_put_cumulative
    )
    assert series.bars[-1].hedge_flow_cumulative_all == pytest.approx(expected, abs=0.05 * gross)


def test_dealer_deltas_by_the_block_are_each_chains_own_to_the_bit():
    """The store computes dealer deltas a block of samples at a time: each is exactly the number
    `dealer_delta_shares` gives its chain alone, and a session advanced in uneven steps (a block
    cut short, a single sample) holds the same deltas and hedge flows as one advanced at once."""
    at_once = Lab(frozen_clock(time(16, 0)), seed=3).store("QQQ", frozen_clock(time(16, 0)).now())
    at_once.advance_to(frozen_clock(time(16, 0)).now())
    stepped = Lab(frozen_clock(time(16, 0)), seed=3).store("QQQ", frozen_clock(time(16, 0)).now())
    for moment in (time(9, 30), time(9, 30, 30), time(10, 2), time(10, 2, 30), time(16, 0)):
        stepped.advance_to(frozen_clock(moment).now())
    assert stepped._deltas == at_once._deltas and stepped._flows == at_once._flows
    strikes = at_once.market.strikes
    for i in range(0, 781, 13):
        chain = at_once.sample(i).chain(strikes, 390.0)
        call = greeks.call_delta(chain.spot, strikes, chain.tau, chain.call_iv)
        alone = (
            100 * np.dot(chain.call_contracts, call),
            100 * np.dot(chain.put_contracts, call - 1),
        )
        assert at_once._deltas[i] == dealer_delta_shares(chain) == alone


def test_magnitudes_are_believable(full_session):
    """domain.md §5 ranges for a calm day, for the quantities the model pins down."""
    symbol, _lab, series = full_session
    scale = 1 if symbol == "SPY" else 10
    spots = [b.spot for b in series.bars]
    assert 540 * scale < min(spots) and max(spots) < 720 * scale
    assert all(0.05 <= b.atm_iv <= 0.40 for b in series.bars)
    assert all(b.net_dex > 0 for b in series.bars[:60])
    dex = series.bars[0].net_dex / 1e9
    assert (15 <= dex <= 40) if symbol == "SPY" else (70 <= dex <= 160)
    opening_pin = series.bars[0].pin_score
    closing_pin = max(b.pin_score for b in series.bars[-60:])
    assert 20 <= opening_pin <= 60 and closing_pin >= 55
    flips = [b for b in series.bars if b.gamma_flip is not None]
    assert len(flips) >= 0.7 * len(series.bars)
    close_to_spot = [abs(b.gamma_flip / b.spot - 1) <= 0.01 for b in flips]
    assert sum(close_to_spot) >= 0.8 * len(flips)


@pytest.mark.parametrize("bar", list(BarSize))
@pytest.mark.parametrize("minutes", [1, 7, 60, 390])
def test_windows_count_and_alignment(bar, minutes):
    lab = Lab(frozen_clock(time(13, 17, 45)), seed=2)
    series = lab.series("SPY", bar, minutes)
    assert 0 < len(series.bars) <= max_bar_count(minutes, bar)
    assert all(int(b.t.timestamp()) % bar.seconds == 0 for b in series.bars)
    assert all(a.t < b.t for a, b in zip(series.bars, series.bars[1:], strict=False))
    assert series.bar_size is bar


def test_last_bar_is_the_forming_bucket_with_its_latest_sample():
    lab = Lab(frozen_clock(time(13, 17, 45)), seed=2)
    five = lab.series("SPY", BarSize.M5, 60).bars[-1]
    raw = lab.series("SPY", BarSize.S30, 1).bars[-1]
    assert five.t.minute == 15 and raw.t.minute == 17 and raw.t.second == 30
    assert dataclasses.replace(five, t=raw.t) == raw


def test_deterministic_per_seed():
    def body(seed):
        return Lab(frozen_clock(time(11, 0)), seed=seed).series("SPX", BarSize.M1, 30)

    assert body(4) == body(4)
    assert body(4).bars != body(5).bars


@pytest.mark.parametrize("symbol", ["XYZ", "AAPL", ""])
def test_unknown_symbols_have_no_0dte(symbol):
    series = Lab(frozen_clock(time(12, 0)), seed=1).series(symbol, BarSize.M1, 60)
    assert series.bars == () and series.expiration == TRADING_DAY


def test_before_the_open_and_on_a_weekend_there_are_no_bars():
    assert Lab(frozen_clock(time(9, 0)), seed=1).series("SPY", BarSize.M1, 390).bars == ()
    saturday = frozen_clock(time(12, 0), day=TRADING_DAY.replace(day=6))
    assert Lab(saturday, seed=1).series("SPY", BarSize.M1, 390).bars == ()


def test_after_the_close_the_window_runs_out():
    late = Lab(frozen_clock(time(18, 0)), seed=1)
    assert len(late.series("SPY", BarSize.M1, 390).bars) == 271  # 11:30:30 .. 16:00:00
    assert late.series("SPY", BarSize.M1, 60).bars == ()


def test_every_covered_symbol_has_bars_and_a_provenance_envelope():
    lab = Lab(frozen_clock(time(12, 0)), seed=1)
    for symbol, underlying in UNDERLYINGS.items():
        series = lab.series(symbol.lower(), BarSize.M5, 30)
        assert series.symbol == symbol and len(series.bars) == 7
        seen = series.data_as_of
        assert seen.oi_feed.hour == 20  # the previous session's 16:00 EDT close
        assert (seen.index_feed is not None) == underlying.index
        assert (seen.equity_feed is not None) == (not underlying.index)
        assert seen.flow_feed == series.bars[-1].t


def test_each_sample_keeps_its_own_inventory_as_whole_contracts(full_session):
    """Samples are rows of one int32 record: each still reads as the inventory when it was taken
    (later trades do not reach back), cannot be written, and converts exactly to float64."""
    symbol, lab, series = full_session
    store = lab.store(symbol, series.as_of)
    first, last = store.sample(0), store.sample(780)
    assert first.call_contracts.dtype == np.int32
    assert not first.call_contracts.flags.writeable
    with pytest.raises(ValueError):
        first.put_contracts[0] = 1
    session = store.market.__class__(store.market.underlying, store.market.session, lab.seed)
    opening = session.next_sample()
    assert np.array_equal(first.call_contracts, opening.call_contracts)
    assert np.array_equal(first.put_contracts, opening.put_contracts)
    assert not np.array_equal(first.call_contracts, last.call_contracts)  # trading moved it
    assert np.array_equal(last.call_contracts, store.market._calls)  # the close: as it ended
    assert np.array_equal(last.put_contracts, store.market._puts)
    chain = last.chain(store.market.strikes, 390.0)
    assert chain.call_contracts.dtype == np.float64


@pytest.mark.parametrize("seed", [0, 11])
def test_every_session_inventory_is_whole_contracts_within_int32(seed):
    """The record keeps inventory as int32, and a cast would cut a fraction silently: every
    symbol's inventory, at every sample of a whole session, is whole contracts well inside it."""
    for symbol in UNDERLYINGS:
        lab = Lab(frozen_clock(time(16, 0)), seed=seed)
        market = lab.store(symbol, lab.now()).market
        for _ in range(market.sample_count):
            market.next_sample()
            for held in (market._calls, market._puts):
                assert np.array_equal(held, np.round(held))
                assert np.abs(held).max() < 2**31 / 100


@pytest.mark.parametrize("seed", range(5))
def test_trades_are_drawn_as_numpy_choice_draws_them(seed):
    """`draw_indices` draws what `rng.choice(n, count, p=weights)` draws, and leaves the
    generator where choice leaves it: the sessions are the ones choice made."""
    weights = np.exp(-np.random.default_rng(seed).random(121) * 8)
    weights /= weights.sum()
    ours, numpy_choice = np.random.default_rng([seed, 9]), np.random.default_rng([seed, 9])
    for count in (0, 1, 90, 300):
        drawn = draw_indices(ours, weights, count)
        assert np.array_equal(drawn, numpy_choice.choice(len(weights), count, p=weights))
    assert ours.random() == numpy_choice.random()
