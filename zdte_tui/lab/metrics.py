"""The metrics engine: pure functions from one chain snapshot to every bar field (domain.md §2).

Dealer inventory is signed contracts (dealers long calls, short puts at the open). Dollar figures
are USD; GEX is USD of dealer delta change per 1% move in spot.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from zdte_tui.api.regime import FLIP_AVAILABLE, Regime
from zdte_tui.api.trading_time import TRADING_HOURS_PER_YEAR, tau_years
from zdte_tui.lab import greeks
from zdte_tui.lab.greeks import CONTRACT_MULTIPLIER, Floats

INSUFFICIENT_COVERAGE = "insufficient_local_coverage"
NO_BOUNDARY = "no_boundary"
SIGN_MISMATCH = "stored_sign_mismatch"
SENSITIVE_ROOT = "sensitive_root"

PIN_WEIGHTS = {"oi": 0.30, "proximity": 0.25, "time": 0.25, "gamma": 0.20}
PIN_PROBABILITY_CAP = 0.95
REGIME_BOOST = {Regime.POSITIVE: 1.20, Regime.NEGATIVE: 0.70, Regime.UNKNOWN: 1.00}


@dataclass(frozen=True)
class ChainSnapshot:
    """One sample of the 0DTE chain. Arrays are per strike, strikes ascending.

    `call_contracts` / `put_contracts` are the dealers' signed inventory in contracts; IVs are
    decimals on the trading-time basis.
    """

    spot: float
    minutes_to_close: float
    strikes: Floats
    call_iv: Floats
    put_iv: Floats
    call_contracts: Floats
    put_contracts: Floats
    session_minutes: float = 390.0

    @property
    def tau(self) -> float:
        return tau_years(self.minutes_to_close)

    @property
    def hours_to_close(self) -> float:
        return max(self.minutes_to_close, 0.0) / 60.0

    @property
    def single_smile(self) -> bool:
        return bool(np.array_equal(self.call_iv, self.put_iv))


@dataclass(frozen=True, slots=True)
class Levels:
    """Every bar field of one sample except `t` and the cumulative hedge flows, plus the dealer
    deltas (shares) the hedge flows are computed from."""

    spot: float
    net_gex: float | None
    net_dex: float | None
    gamma_flip: float | None
    gamma_flip_status: str
    call_wall: float | None
    put_wall: float | None
    magnet: float | None
    pin_score: int | None
    pin_probability_pct: float | None
    regime: Regime
    atm_iv: float | None
    charm_dollars_per_hour: float | None
    dealer_delta_call_shares: float
    dealer_delta_put_shares: float


def strike_interval(strikes: Floats, spot: float) -> float:
    """The strike spacing at the money (USD): the gap between the two strikes around spot."""
    if len(strikes) < 2:
        return 1.0
    i = int(np.clip(np.searchsorted(strikes, spot), 1, len(strikes) - 1))
    return float(strikes[i] - strikes[i - 1])


def atm_iv(chain: ChainSnapshot) -> float | None:
    """The smile (mean of call and put IV) interpolated at spot."""
    if len(chain.strikes) == 0:
        return None
    mid = 0.5 * (chain.call_iv + chain.put_iv)
    return float(np.interp(chain.spot, chain.strikes, mid))


def expected_move_usd(spot: float, sigma_atm: float, tau: float) -> float:
    """The remaining one-sigma move in USD: S * sigma_atm * sqrt(tau)."""
    return spot * sigma_atm * math.sqrt(tau)


def dealer_delta_shares(chain: ChainSnapshot) -> tuple[float, float]:
    """Dealer option delta per leg, in shares: (100 Σ n_c Δc, 100 Σ n_p Δp)."""
    if len(chain.strikes) == 0:
        return 0.0, 0.0
    put_iv = None if chain.single_smile else chain.put_iv[None, :]
    return dealer_delta_rows(
        chain.spot, chain.strikes, chain.tau, chain.call_iv[None, :], put_iv,
        chain.call_contracts[None, :], chain.put_contracts[None, :],
    )[0]  # fmt: skip


def dealer_delta_rows(
    spot: float | Floats,
    strikes: Floats,
    tau: greeks.Years,
    call_iv: Floats,
    put_iv: Floats | None,
    call_contracts: Floats,
    put_contracts: Floats,
) -> list[tuple[float, float]]:
    """`dealer_delta_shares` of a block of chains on one strike grid, one a row (`spot` and `tau`
    columns, the rest of the block's shape): the greeks of the whole block at once, then each
    row's sums a row at a time, so that each is the very number its chain alone gives. `put_iv`
    None: puts on the calls' smile."""
    call = greeks.call_delta(spot, strikes, tau, call_iv)
    put = call - 1.0 if put_iv is None else greeks.put_delta(spot, strikes, tau, put_iv)
    return [
        (
            float(CONTRACT_MULTIPLIER * np.dot(call_contracts[i], call[i])),
            float(CONTRACT_MULTIPLIER * np.dot(put_contracts[i], put[i])),
        )
        for i in range(len(call_contracts))
    ]


def strike_gex(chain: ChainSnapshot, spot: float | None = None) -> tuple[Floats, Floats]:
    """Per-strike call and put GEX (USD per 1%) at `spot` (default: the chain's spot)."""
    spot = chain.spot if spot is None else spot
    tau = chain.tau
    call_dg = greeks.dollar_gamma_per_contract(spot, chain.strikes, tau, chain.call_iv)
    put_dg = (
        call_dg
        if chain.single_smile
        else greeks.dollar_gamma_per_contract(spot, chain.strikes, tau, chain.put_iv)
    )
    return chain.call_contracts * call_dg, chain.put_contracts * put_dg


def gex_profile(chain: ChainSnapshot, levels: Floats) -> Floats:
    """G(L): net GEX (USD per 1%) if spot were each level, IV per strike and tau held fixed."""
    return GexProfile(chain)(levels)


class GexProfile:
    """`gex_profile` of one chain, its held strikes, their smiles and inventory picked once:
    finding the flip asks for G half a dozen times, at a grid, at spot and while bisecting."""

    def __init__(self, chain: ChainSnapshot) -> None:
        held = (chain.call_contracts != 0) | (chain.put_contracts != 0)
        self.strikes = chain.strikes[held]
        self.tau = chain.tau
        self.call_iv = chain.call_iv[held]
        self.put_iv = None if chain.single_smile else chain.put_iv[held]
        self.calls, self.puts = chain.call_contracts[held], chain.put_contracts[held]
        self.net = (chain.call_contracts + chain.put_contracts)[held]

    def __call__(self, levels: Floats) -> Floats:
        grid = np.asarray(levels, dtype=np.float64)[:, None]
        call_dg = greeks.dollar_gamma_per_contract(grid, self.strikes, self.tau, self.call_iv)
        if self.put_iv is None:
            return call_dg @ self.net
        put_dg = greeks.dollar_gamma_per_contract(grid, self.strikes, self.tau, self.put_iv)
        return call_dg @ self.calls + put_dg @ self.puts


SLOPE_SHARE = 0.01
"""A root whose |G′|·interval is under 1% of the window's peak |G| is `sensitive_root`."""


def coverage_half_width(spot: float, sigma_atm: float, tau: float, interval: float) -> float:
    """USD either side of spot that must hold 3 strikes with inventory: max(2·EM_rem, 2 strike
    intervals) (domain.md §2.3, revised 2026-11-24: ±2·EM_rem alone shrank below three strikes
    in the last minutes)."""
    return max(2 * expected_move_usd(spot, sigma_atm, tau), 2 * interval)


def root_is_sensitive(slope_at_root: float, interval: float, peak: float, crowded: bool) -> bool:
    """`sensitive_root`: other roots within 2 intervals, or a slope at the root too flat."""
    return crowded or abs(slope_at_root) * interval < SLOPE_SHARE * peak


def find_gamma_flip(chain: ChainSnapshot, sigma_atm: float) -> tuple[float | None, str]:
    """The root of the repriced GEX profile nearest spot, unrounded, and its status (§2.3)."""
    spot, tau = chain.spot, chain.tau
    interval = strike_interval(chain.strikes, spot)
    reach = coverage_half_width(spot, sigma_atm, tau, interval)
    held = (chain.call_contracts != 0) | (chain.put_contracts != 0)
    if int(np.count_nonzero(held & (np.abs(chain.strikes - spot) <= reach))) < 3:
        return None, INSUFFICIENT_COVERAGE
    sigma_rem = sigma_atm * math.sqrt(tau)
    width = min(max(4 * sigma_rem, 0.005), 0.03)
    step = min(interval / 4, 0.0005 * spot)
    count = math.ceil(2 * width * spot / step) + 1
    levels = np.linspace(spot * (1 - width), spot * (1 + width), count)
    g = GexProfile(chain)
    profile = g(levels)
    signs = np.sign(profile)
    cells = np.flatnonzero(signs[:-1] * signs[1:] < 0)
    if len(cells) == 0:
        return None, NO_BOUNDARY
    roots = np.array([_refine_root(g, levels[i], levels[i + 1], spot) for i in cells])
    nearest = int(np.argmin(np.abs(roots - spot)))
    root = float(roots[nearest])
    g_spot = float(g(np.array([spot]))[0])
    if (spot > root and g_spot < 0) or (spot < root and g_spot > 0):
        return None, SIGN_MISMATCH
    crowded = bool(np.count_nonzero(np.abs(roots - root) <= 2 * interval) > 1)
    if root_is_sensitive(slope_at(g, root), interval, float(np.max(np.abs(profile))), crowded):
        return None, SENSITIVE_ROOT
    return root, FLIP_AVAILABLE


def slope_at(g: GexProfile, level: float) -> float:
    """G′(level): a central difference of the profile there (USD per 1% per USD of spot)."""
    h = 1e-5 * level
    g_down, g_up = g(np.array([level - h, level + h]))
    return float((g_up - g_down) / (2 * h))


def published_flip(spot: float, root: float) -> tuple[Regime, float]:
    """The regime from the unrounded spot and root, and the flip published to cents away from
    spot (domain.md §2.3 rule 7), so "positive exactly when spot > flip" holds on the published
    numbers too: spot is published to cents, and the flip is kept at least a cent off it."""
    shown_spot = round(spot, 2)
    if spot > root:
        flip = min(math.floor(round(root * 100, 6)) / 100, round(shown_spot - 0.01, 2))
        return Regime.POSITIVE, flip
    flip = max(math.ceil(round(root * 100, 6)) / 100, round(shown_spot + 0.01, 2))
    return Regime.NEGATIVE, flip


def _refine_root(g: GexProfile, low: float, high: float, spot: float) -> float:
    """Bisection of G on a bracketing cell to 1e-4 * spot, then linear interpolation."""
    g_low, g_high = g(np.array([low, high]))
    while high - low > 1e-4 * spot:
        mid = 0.5 * (low + high)
        g_mid = float(g(np.array([mid]))[0])
        if (g_mid < 0) == (g_low < 0):
            low, g_low = mid, g_mid
        else:
            high, g_high = mid, g_mid
    if g_high == g_low:
        return 0.5 * (low + high)
    return float(low - g_low * (high - low) / (g_high - g_low))


def _wall(strikes: Floats, exposure: Floats, spot: float) -> float | None:
    """The strike with the largest |exposure|; ties: nearest spot, then the lower strike."""
    size = np.abs(exposure)
    if len(size) == 0 or float(size.max()) == 0.0:
        return None
    order = np.lexsort((strikes, np.abs(strikes - spot), -size))
    return float(strikes[order[0]])


def top3_concentration_pct(chain: ChainSnapshot) -> float:
    """% of all 0DTE contracts (|calls| + |puts|) held at the 3 strikes with the most."""
    combined = np.abs(chain.call_contracts) + np.abs(chain.put_contracts)
    total = float(combined.sum())
    if total == 0.0:
        return 0.0
    top3 = np.sort(combined)[-3:]
    return 100.0 * float(top3.sum()) / total


def pin_components(
    chain: ChainSnapshot, magnet: float, magnet_gex: float, gross_gex: float, em: float
) -> dict[str, float]:
    """The four pin sub-scores on 0..100, before weighting (domain.md §2.4)."""
    concentration = top3_concentration_pct(chain)
    z = abs(chain.spot - magnet) / em if em > 0 else math.inf
    session_hours = chain.session_minutes / 60.0
    share = abs(magnet_gex) / gross_gex if gross_gex > 0 else 0.0
    return {
        "oi": min(max((concentration - 5.0) * 100.0 / 45.0, 0.0), 100.0),
        "proximity": 100.0 * math.exp(-0.5 * z * z),
        "time": min(max(100.0 * (1.0 - chain.hours_to_close / session_hours), 0.0), 100.0),
        "gamma": 100.0 * min(1.0, share / 0.25),
    }


def pin_score(components: dict[str, float]) -> int:
    total = sum(PIN_WEIGHTS[name] * value for name, value in components.items())
    return int(min(max(math.floor(total + 0.5), 0), 100))


def pin_probability_pct(
    chain: ChainSnapshot, magnet: float, sigma_atm: float, regime: Regime
) -> float | None:
    """FlashAlpha's heuristic_v1 for this chain, in percent; None when no time is left."""
    return heuristic_pin_probability_pct(
        distance_fraction=abs(chain.spot - magnet) / chain.spot,
        sigma_remaining=sigma_atm * math.sqrt(chain.tau),
        session_fraction_left=chain.hours_to_close / (chain.session_minutes / 60.0),
        regime=regime,
        concentration_pct=top3_concentration_pct(chain),
    )


def heuristic_pin_probability_pct(
    distance_fraction: float,
    sigma_remaining: float,
    session_fraction_left: float,
    regime: Regime,
    concentration_pct: float,
) -> float | None:
    """heuristic_v1 (domain.md §2.5): exp(−d / (σ_rem·√t)) · B_regime · B_conc, capped at 95%.

    `distance_fraction` is |S − magnet| / S; `sigma_remaining` is σ_atm·√τ as a fraction;
    `session_fraction_left` is hours left / session hours; `concentration_pct` is the top-3 share.
    """
    t = min(max(session_fraction_left, 0.0), 1.0)
    if t <= 0.0 or sigma_remaining <= 0.0:
        return None
    concentration_boost = 1.0 + min(max((concentration_pct - 30.0) / 100.0, 0.0), 0.30)
    p = math.exp(-distance_fraction / (sigma_remaining * math.sqrt(t))) * REGIME_BOOST[regime]
    p = min(max(p * concentration_boost, 0.0), PIN_PROBABILITY_CAP)
    return round(100.0 * p, 1)


def charm_dollars_per_hour(chain: ChainSnapshot) -> float:
    """USD of dealer hedging per trading hour from time decay alone; positive = dealers buy."""
    tau = chain.tau
    call = greeks.charm(chain.spot, chain.strikes, tau, chain.call_iv)
    put = call if chain.single_smile else greeks.charm(chain.spot, chain.strikes, tau, chain.put_iv)
    per_year = np.dot(chain.call_contracts, call) + np.dot(chain.put_contracts, put)
    return float(-chain.spot * CONTRACT_MULTIPLIER * per_year / TRADING_HOURS_PER_YEAR)


def compute_levels(
    chain: ChainSnapshot, dealer_deltas: tuple[float, float] | None = None
) -> Levels:
    """Every headline metric of one chain snapshot; `dealer_deltas` are its
    `dealer_delta_shares` when the caller holds them already (the store has every sample's)."""
    spot = round(chain.spot, 2)
    if dealer_deltas is None:
        dealer_deltas = dealer_delta_shares(chain)
    delta_call, delta_put = dealer_deltas
    sigma_atm = atm_iv(chain)
    if sigma_atm is None:
        return Levels(
            spot, None, None, None, INSUFFICIENT_COVERAGE, None, None, None, None, None,
            Regime.UNKNOWN, None, None, delta_call, delta_put,
        )  # fmt: skip
    call_gex, put_gex = strike_gex(chain)
    net = call_gex + put_gex
    em = expected_move_usd(chain.spot, sigma_atm, chain.tau)
    root, status = find_gamma_flip(chain, sigma_atm)
    flip = None
    regime = Regime.UNKNOWN
    if root is not None:
        regime, flip = published_flip(chain.spot, root)
    near = np.abs(chain.strikes - chain.spot) <= 3 * em
    magnet = _wall(chain.strikes[near], net[near], chain.spot) if near.any() else None
    if magnet is None:
        magnet = _wall(chain.strikes, net, chain.spot)
    score = probability = None
    if magnet is not None:
        magnet_gex = float(net[np.searchsorted(chain.strikes, magnet)])
        gross = float(np.abs(net).sum())
        score = pin_score(pin_components(chain, magnet, magnet_gex, gross, em))
        probability = pin_probability_pct(chain, magnet, sigma_atm, regime)
    return Levels(
        spot=spot,
        net_gex=round(float(net.sum())),
        net_dex=round(chain.spot * (delta_call + delta_put)),
        gamma_flip=flip,
        gamma_flip_status=status,
        call_wall=_wall(chain.strikes, call_gex, chain.spot),
        put_wall=_wall(chain.strikes, put_gex, chain.spot),
        magnet=magnet,
        pin_score=score,
        pin_probability_pct=probability,
        regime=regime,
        atm_iv=round(sigma_atm, 4),
        charm_dollars_per_hour=round(charm_dollars_per_hour(chain)),
        dealer_delta_call_shares=delta_call,
        dealer_delta_put_shares=delta_put,
    )


def hedge_flow_usd(
    previous_delta_shares: float, delta_shares: float, previous_spot: float, spot: float
) -> float:
    """The dealers' re-hedge over one step (USD, + = bought): −ΔD × the step's mean spot."""
    return -(delta_shares - previous_delta_shares) * 0.5 * (spot + previous_spot)
