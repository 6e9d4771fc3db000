"""The raw sample store: one symbol's session of 30 s samples, bounded to that session.

Samples are generated in order up to the clock's now. Dealer deltas (for the cumulative hedge
flows) are computed for every sample as it arrives, a block of new samples at a time; the full
metrics only for samples that are actually served, and then kept.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from zdte_tui.api.models import Bar
from zdte_tui.api.trading_time import tau_years
from zdte_tui.lab.market import MarketSample, MarketSession, smile
from zdte_tui.lab.metrics import Levels, compute_levels, dealer_delta_rows, hedge_flow_usd

DELTA_BLOCK = 16
"""Samples whose dealer deltas are computed at once: numpy's cost per call, not per strike, is
most of one sample's. The block's temporaries peak at about 0.2 MiB for SPY and 0.5 MiB for SPX
(`norm_cdf` holds a Python float a cell, tracemalloc); 64 took 0.8 and 1.7 MiB for no gain."""


@dataclass(frozen=True, slots=True)
class HedgeFlow:
    """Cumulative dealer hedge flow since the 09:30 sample, USD (+ = dealers bought)."""

    call_usd: float
    put_usd: float

    @property
    def all_usd(self) -> float:
        return self.call_usd + self.put_usd


def to_bar(t: datetime, levels: Levels, flow: HedgeFlow) -> Bar:
    call, put = round(flow.call_usd), round(flow.put_usd)
    return Bar(
        t=t,
        spot=levels.spot,
        net_gex=levels.net_gex,
        net_dex=levels.net_dex,
        gamma_flip=levels.gamma_flip,
        gamma_flip_status=levels.gamma_flip_status,
        call_wall=levels.call_wall,
        put_wall=levels.put_wall,
        magnet=levels.magnet,
        pin_score=levels.pin_score,
        pin_probability_pct=levels.pin_probability_pct,
        regime=levels.regime,
        atm_iv=levels.atm_iv,
        charm_dollars_per_hour=levels.charm_dollars_per_hour,
        hedge_flow_call_cumulative=float(call),
        hedge_flow_put_cumulative=float(put),
        hedge_flow_cumulative_all=float(call + put),
    )


class SessionStore:
    """Thread-safe: the server computes in worker threads."""

    def __init__(self, market: MarketSession) -> None:
        self.market = market
        self._samples: list[MarketSample] = []
        self._epochs: list[int] = []
        self._flows: list[HedgeFlow] = []
        self._deltas: list[tuple[float, float]] = []
        self._levels: dict[int, Levels] = {}
        self._bars: dict[tuple[int, datetime], Bar] = {}
        self._lock = threading.Lock()

    @property
    def day(self):
        return self.market.session.day

    @property
    def sample_epochs(self) -> list[int]:
        """Each held sample's time, in epoch seconds (kept as samples land: every request reads
        them all)."""
        return self._epochs

    def advance_to(self, moment: datetime) -> int:
        """Generate every sample stamped at or before `moment`; the number of samples held."""
        with self._lock:
            market = self.market
            while len(self._samples) < market.sample_count:
                if market.time_of(len(self._samples)) > moment:
                    break
                sample = market.next_sample()
                self._samples.append(sample)
                self._epochs.append(int(sample.time.timestamp()))
            for start in range(len(self._deltas), len(self._samples), DELTA_BLOCK):
                self._hedge(self._samples[start : start + DELTA_BLOCK])
            return len(self._samples)

    def _hedge(self, block: list[MarketSample]) -> None:
        """The dealer deltas of a block of new samples, and the hedge flows they add up to."""
        market = self.market
        spot = np.array([[sample.spot] for sample in block])
        tau = np.array([[tau_years(sample.minutes_to_close)] for sample in block])
        smiles = smile(market.strikes, spot, np.array([[sample.sigma_atm] for sample in block]))
        calls = np.array([sample.call_contracts for sample in block], dtype=np.float64)
        puts = np.array([sample.put_contracts for sample in block], dtype=np.float64)
        deltas = dealer_delta_rows(spot, market.strikes, tau, smiles, None, calls, puts)
        for sample, (call, put) in zip(block, deltas, strict=True):
            if self._flows:
                before = self._samples[len(self._flows) - 1]
                (call0, put0), flow0 = self._deltas[-1], self._flows[-1]
                flow = HedgeFlow(
                    flow0.call_usd + hedge_flow_usd(call0, call, before.spot, sample.spot),
                    flow0.put_usd + hedge_flow_usd(put0, put, before.spot, sample.spot),
                )
            else:
                flow = HedgeFlow(0.0, 0.0)
            self._deltas.append((call, put))
            self._flows.append(flow)

    def sample(self, index: int) -> MarketSample:
        return self._samples[index]

    def levels(self, index: int) -> Levels:
        with self._lock:
            found = self._levels.get(index)
            if found is None:
                chain = self._samples[index].chain(self.market.strikes, self.market.session_minutes)
                found = self._levels[index] = compute_levels(chain, self._deltas[index])
            return found

    def bar(self, index: int, t: datetime) -> Bar:
        """The served bar for raw sample `index`, stamped with its bucket start `t` (kept: a
        sample's bar never changes once it is served)."""
        found = self._bars.get((index, t))
        if found is None:
            found = self._bars[(index, t)] = to_bar(t, self.levels(index), self._flows[index])
        return found
