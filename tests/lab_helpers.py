"""Shared builders for the lab tests: frozen clocks, simulated sessions, crafted chains."""

from __future__ import annotations

from datetime import date, datetime, time

import numpy as np

from zdte_tui.api.market_hours import ET, session_for
from zdte_tui.lab.clock import SimulatedClock
from zdte_tui.lab.market import MarketSession
from zdte_tui.lab.metrics import ChainSnapshot
from zdte_tui.lab.underlyings import UNDERLYINGS

TRADING_DAY = date(2026, 6, 5)
"""A Friday with a full session (the seed's example date)."""


def frozen_clock(at: time, day: date = TRADING_DAY) -> SimulatedClock:
    return SimulatedClock(datetime.combine(day, at, ET), speed=0)


def market(symbol: str, seed: int = 3, day: date = TRADING_DAY) -> MarketSession:
    return MarketSession(UNDERLYINGS[symbol], session_for(day), seed)


def chains(symbol: str, every: int = 60, seed: int = 3) -> list[ChainSnapshot]:
    """Snapshots through a whole simulated session, one every `every` samples."""
    session = market(symbol, seed)
    found = []
    for index in range(session.sample_count):
        sample = session.next_sample()
        if index % every == 0:
            found.append(sample.chain(session.strikes, session.session_minutes))
    return found


def crafted_chain(
    spot: float,
    calls: dict[float, float],
    puts: dict[float, float],
    minutes: float = 120.0,
    iv: float = 0.13,
    step: float = 1.0,
    span: float = 30.0,
) -> ChainSnapshot:
    """A $`step` grid around spot with the given dealer contracts (+ long, - short)."""
    strikes = np.arange(round(spot - span), round(spot + span) + step / 2, step)
    call = np.array([calls.get(float(k), 0.0) for k in strikes])
    put = np.array([puts.get(float(k), 0.0) for k in strikes])
    ivs = np.full(len(strikes), iv)
    return ChainSnapshot(spot, minutes, strikes, ivs, ivs.copy(), call, put)
