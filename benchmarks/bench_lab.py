"""Lab costs: one SPX 30 s sample (metrics incl. the flip search) and a full-session backfill.

Run: python -m benchmarks.bench_lab
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, date, datetime

from zdte_tui.api.market_hours import session_for
from zdte_tui.lab.market import MarketSession
from zdte_tui.lab.metrics import compute_levels
from zdte_tui.lab.store import SessionStore
from zdte_tui.lab.underlyings import UNDERLYINGS

DAY = date(2026, 6, 5)
END_OF_DAY = datetime(2026, 6, 6, tzinfo=UTC)


def full_backfill_seconds(symbol: str, seed: int) -> tuple[float, int, int]:
    """Seconds to generate and compute every sample of a session; (seconds, samples, strikes)."""
    started = time.perf_counter()
    store = SessionStore(MarketSession(UNDERLYINGS[symbol], session_for(DAY), seed))
    count = store.advance_to(END_OF_DAY)
    for index in range(count):
        store.levels(index)
    return time.perf_counter() - started, count, len(store.market.strikes)


def per_sample_ms(symbol: str, seed: int = 1) -> list[float]:
    """Milliseconds of `compute_levels` for each sample of a session."""
    market = MarketSession(UNDERLYINGS[symbol], session_for(DAY), seed)
    costs = []
    for _ in range(market.sample_count):
        chain = market.next_sample().chain(market.strikes, market.session_minutes)
        started = time.perf_counter()
        compute_levels(chain)
        costs.append((time.perf_counter() - started) * 1000)
    return costs


def main() -> None:
    costs = per_sample_ms("SPX")
    backfills = [full_backfill_seconds("SPX", seed) for seed in range(5)]
    seconds = statistics.median(b[0] for b in backfills)
    _, samples, strikes = backfills[0]
    print(
        f"SPX one sample (metrics + flip search), median of {len(costs)}: "
        f"{statistics.median(costs):.2f} ms (p90 {statistics.quantiles(costs, n=10)[-1]:.2f} ms)"
    )
    print(
        f"SPX full-session backfill ({samples} samples, {strikes} strikes), median of 5: "
        f"{seconds:.3f} s"
    )


if __name__ == "__main__":
    main()
