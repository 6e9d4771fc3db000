"""Vectorised Black-Scholes greeks for 0DTE, with r = q = 0 (domain.md §0).

Time is in trading-time years: tau = max(minutes_to_close, 6) / (252 * 390), a number, or a
column of them for a block of chains one a row. Charm is the change in delta per year of elapsed
time (Haug's DdeltaDtime), which with r = q = 0 is phi(d1)*d2/(2*tau) for both calls and puts.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

CONTRACT_MULTIPLIER = 100

Floats = NDArray[np.float64]
Years = float | Floats
"""tau: one chain's, or a column of them (one a row of a block of chains)."""
_SQRT2 = math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_erfc = np.frompyfunc(math.erfc, 1, 1)


def norm_cdf(x: ArrayLike) -> Floats:
    """The standard normal CDF to double precision (math.erfc, element by element)."""
    return 0.5 * _erfc(-np.asarray(x, dtype=np.float64) / _SQRT2).astype(np.float64)


def norm_pdf(x: ArrayLike) -> Floats:
    x = np.asarray(x, dtype=np.float64)
    return _INV_SQRT_2PI * np.exp(-0.5 * x * x)


def d1_d2(
    spot: ArrayLike, strike: ArrayLike, tau: Years, sigma: ArrayLike
) -> tuple[Floats, Floats]:
    spot, strike, sigma = (np.asarray(a, dtype=np.float64) for a in (spot, strike, sigma))
    vol_root_t = sigma * np.sqrt(tau)
    d1 = (np.log(spot / strike) + 0.5 * sigma * sigma * tau) / vol_root_t
    return d1, d1 - vol_root_t


def call_delta(spot: ArrayLike, strike: ArrayLike, tau: Years, sigma: ArrayLike) -> Floats:
    d1, _ = d1_d2(spot, strike, tau, sigma)
    return norm_cdf(d1)


def put_delta(spot: ArrayLike, strike: ArrayLike, tau: Years, sigma: ArrayLike) -> Floats:
    return call_delta(spot, strike, tau, sigma) - 1.0


def gamma(spot: ArrayLike, strike: ArrayLike, tau: Years, sigma: ArrayLike) -> Floats:
    """Per share, per dollar of spot; the same for calls and puts."""
    d1, _ = d1_d2(spot, strike, tau, sigma)
    return norm_pdf(d1) / (np.asarray(spot) * np.asarray(sigma) * np.sqrt(tau))


def charm(spot: ArrayLike, strike: ArrayLike, tau: Years, sigma: ArrayLike) -> Floats:
    """d(delta)/d(elapsed time) per trading-time year; calls and puts alike when r = q = 0."""
    d1, d2 = d1_d2(spot, strike, tau, sigma)
    return norm_pdf(d1) * d2 / (2.0 * tau)


def dollar_gamma_per_contract(
    spot: ArrayLike, strike: ArrayLike, tau: Years, sigma: ArrayLike
) -> Floats:
    """USD of delta change per 1% move, for one long contract: gamma * 100 * S^2 * 0.01."""
    spot = np.asarray(spot, dtype=np.float64)
    return gamma(spot, strike, tau, sigma) * CONTRACT_MULTIPLIER * spot * spot * 0.01
