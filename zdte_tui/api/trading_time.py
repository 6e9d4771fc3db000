"""Time to expiry on the trading-time basis (domain.md §0): the basis of the series' ATM IV, so
the lab's greeks and the monitor's remaining-σ distances use the same years."""

from __future__ import annotations

TRADING_MINUTES_PER_YEAR = 252 * 390
TRADING_HOURS_PER_YEAR = TRADING_MINUTES_PER_YEAR / 60
"""1,638 trading hours a year: the basis of tau and of charm per hour."""
MINUTES_FLOOR = 6.0
"""Greeks are computed with at least 6 minutes (0.1 h) left (domain.md §0, revised 2026-11-24):
gamma grows like 1/√τ and charm like 1/τ, so a 1-minute floor made the last samples read tens of
$B/h of charm. The pin score's time component and the pin probability's t use the true time."""


def tau_years(minutes_to_close: float) -> float:
    """Trading-time years left, floored at `MINUTES_FLOOR`."""
    return max(float(minutes_to_close), MINUTES_FLOOR) / TRADING_MINUTES_PER_YEAR
