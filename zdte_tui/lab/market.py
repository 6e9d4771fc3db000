"""The market simulator: one seeded, deterministic 0DTE session per symbol and day (domain.md §3).

Each 30 s step moves spot (GBM, pinned toward the biggest dealer-gamma strike when dealers are
long gamma, wilder when they are short), moves ATM IV against spot, and fills Poisson customer
trades that change dealer inventory. Only greeks are used here; the metrics come downstream.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from zdte_tui.api.bars import SAMPLE_SECONDS
from zdte_tui.api.market_hours import Session
from zdte_tui.api.trading_time import TRADING_MINUTES_PER_YEAR, tau_years
from zdte_tui.lab import greeks
from zdte_tui.lab.greeks import Floats
from zdte_tui.lab.metrics import ChainSnapshot
from zdte_tui.lab.underlyings import Underlying

IV_FLOOR = 0.05
IV_CAP = 3.0
"""The smile is capped at 300%: uncapped, SPX wing strikes reached about 4,000%, beyond what
`zdte-tui levels` accepts of a chain (500%)."""
STEP_YEARS = SAMPLE_SECONDS / 60 / TRADING_MINUTES_PER_YEAR
"""One 30 s step in trading-time years."""

Contracts = NDArray[np.int32]
"""Whole contracts per strike. Every inventory is whole contracts (floored opening OI, rounded
trade sizes), so a session keeps them as int32, half the memory of float64 (0.73 MiB less for
SPY's 781 samples of 123 strikes)."""


def smile(strikes: Floats, spot: float, sigma_atm: float) -> Floats:
    """σ(K) = σ_atm − 3.0·k + 150·k², k = ln(K/S), within 5% and 300% (trading-time basis)."""
    k = np.log(strikes / spot)
    return np.clip(sigma_atm - 3.0 * k + 150.0 * k * k, IV_FLOOR, IV_CAP)


@dataclass(frozen=True, slots=True)
class MarketSample:
    """The market at one sampler instant. Inventory is signed dealer contracts per strike (read
    only: rows of the session's record)."""

    index: int
    time: datetime
    minutes_to_close: float
    spot: float
    sigma_atm: float
    call_contracts: Contracts
    put_contracts: Contracts

    def chain(self, strikes: Floats, session_minutes: float) -> ChainSnapshot:
        iv = smile(strikes, self.spot, self.sigma_atm)
        return ChainSnapshot(
            spot=self.spot,
            minutes_to_close=self.minutes_to_close,
            strikes=strikes,
            call_iv=iv,
            put_iv=iv,
            call_contracts=self.call_contracts.astype(np.float64),
            put_contracts=self.put_contracts.astype(np.float64),
            session_minutes=session_minutes,
        )


def draw_indices(rng: np.random.Generator, weights: Floats, count: int) -> NDArray[np.intp]:
    """`count` indices drawn with probabilities `weights` (summing to 1): the draws of
    `rng.choice(len(weights), count, p=weights)`, one uniform each through the weights' CDF,
    without choice's checks of the weights (a quarter of a 30 s step's cost at 90 trades)."""
    cdf = weights.cumsum()
    cdf /= cdf[-1]
    return cdf.searchsorted(rng.random(count), side="right")


def session_seed(seed: int, symbol: str, day: date) -> list[int]:
    return [seed, zlib.crc32(symbol.encode()), day.toordinal()]


class MarketSession:
    """Generates one session's samples in order, from 09:30 ET to the close, every 30 s."""

    def __init__(self, underlying: Underlying, session: Session, seed: int) -> None:
        self.underlying = underlying
        self.session = session
        self._rng = np.random.default_rng(session_seed(seed, underlying.symbol, session.day))
        rng = self._rng
        spot = underlying.base_spot * math.exp(rng.normal(0.0, 0.02))
        step = underlying.near_interval
        self._spot = round(spot / 0.01) * 0.01
        self.strikes = underlying.strikes(self._spot)
        calls, puts = underlying.opening_inventory(self.strikes, self._spot, rng)
        self._calls, self._puts = calls, puts
        self._sigma_base = rng.uniform(0.11, 0.16)
        self._sigma = self._sigma_base
        self._realised_ratio = rng.uniform(0.8, 1.0)
        self._buy_probability = 0.5 + rng.uniform(0.0, 0.04)
        opening_oi = float(calls.sum() - puts.sum())
        self._contracts_per_step = (
            opening_oi * rng.uniform(0.7, 1.5) / (session.minutes * 60 / SAMPLE_SECONDS)
        )
        self._mean_size = 12.0 if step < 5 else 4.0
        self._next_index = 0
        self.sample_count = session.minutes * 60 // SAMPLE_SECONDS + 1
        self._record = np.zeros((2, self.sample_count, len(self.strikes)), dtype=np.int32)
        """Each sample's call and put inventory; pages are touched only as samples land."""

    @property
    def session_minutes(self) -> float:
        return float(self.session.minutes)

    def time_of(self, index: int) -> datetime:
        return self.session.open + timedelta(seconds=SAMPLE_SECONDS * index)

    def next_sample(self) -> MarketSample:
        """The next sample; the first is the 09:30:00 ET open, before any step."""
        index = self._next_index
        if index >= self.sample_count:
            raise IndexError("the session is over")
        if index > 0:
            self._step(index)
        self._next_index += 1
        moment = self.time_of(index)
        calls, puts = self._recorded(0, index, self._calls), self._recorded(1, index, self._puts)
        return MarketSample(
            index=index,
            time=moment,
            minutes_to_close=(self.session.close - moment).total_seconds() / 60,
            spot=self._spot,
            sigma_atm=self._sigma,
            call_contracts=calls,
            put_contracts=puts,
        )

    def _recorded(self, side: int, index: int, held: Floats) -> Contracts:
        """`held` written to the record's row, and that row as a read-only view."""
        row = self._record[side, index]
        row[:] = held  # whole contracts by construction (tests/test_lab_session.py holds it)
        view = row.view()
        view.flags.writeable = False
        return view

    def _dealer_gamma(self, tau: float) -> tuple[float, float]:
        """Net dealer GEX at spot (USD per 1%) and the strike holding the most of it."""
        iv = smile(self.strikes, self._spot, self._sigma)
        per_strike = (self._calls + self._puts) * greeks.dollar_gamma_per_contract(
            self._spot, self.strikes, tau, iv
        )
        return float(per_strike.sum()), float(self.strikes[int(np.argmax(np.abs(per_strike)))])

    def _step(self, index: int) -> None:
        rng = self._rng
        elapsed = index / (self.sample_count - 1)
        minutes_left = self.session_minutes * (1 - elapsed)
        tau = tau_years(minutes_left)
        net_gex, pin_strike = self._dealer_gamma(tau)
        vol = self._sigma * self._realised_ratio * (1.0 if net_gex >= 0 else 1.2)
        pull = 0.0
        if net_gex > 0:
            pull = 0.03 * elapsed * elapsed * (pin_strike - self._spot) / self._spot
        shock = vol * math.sqrt(STEP_YEARS) * rng.standard_normal()
        previous = self._spot
        self._spot = round(previous * math.exp(shock - 0.5 * vol * vol * STEP_YEARS + pull), 2)
        move = self._spot / previous - 1.0
        revert = 0.02 * (self._sigma_base - self._sigma)
        self._sigma = max(self._sigma - 1.5 * move + revert + rng.normal(0.0, 0.0007), IV_FLOOR)
        self._trade(tau)

    def _trade(self, tau: float) -> None:
        """Customer trades at strikes weighted toward ±1σ of spot; dealers take the other side."""
        rng = self._rng
        one_sigma = max(self._spot * self._sigma * math.sqrt(tau), self.underlying.near_interval)
        distance = np.abs(self.strikes - self._spot)
        weights = np.exp(-0.5 * ((distance - one_sigma) / (0.6 * one_sigma)) ** 2)
        weights /= weights.sum()
        count = rng.poisson(self._contracts_per_step / self._mean_size)
        if count == 0:
            return
        where = draw_indices(rng, weights, count)
        sizes = np.maximum(
            1.0, np.round(rng.lognormal(math.log(self._mean_size) - 0.5, 1.0, count))
        )
        above = self.strikes[where] >= self._spot
        is_call = rng.random(count) < np.where(above, 0.75, 0.25)
        customer_buys = rng.random(count) < self._buy_probability
        dealer_change = np.where(customer_buys, -sizes, sizes)
        np.add.at(self._calls, where[is_call], dealer_change[is_call])
        np.add.at(self._puts, where[~is_call], dealer_change[~is_call])
