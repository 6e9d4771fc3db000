"""How cost grows (issue 18): each row measured at several sizes, with its slope, for the README.

python -m benchmarks.growth                    (every row; about 12 minutes, tmux for the idle row)
python -m benchmarks.growth refresh lab        (only the rows whose name starts so)

Rows: the refresh CPU of every chart view and of an overview row at 60, 240 and 780 bars; idle
CPU over 60 s for a watchlist of 1, 3 and 5 symbols; `serve` and the relay, CPU per 100 screens
polling twice a minute at 10, 100 and 200 screens; the lab's one 30 s sample at 40, 100 and 200
strikes, and per added symbol.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

from benchmarks.figures import (
    _cpu_seconds,
    _listening,
    _overview_row_costs,
    _refresh_costs,
    _tmux,
)

WINDOWS = ((30, 60), (120, 240), (390, 780))
"""(minutes, bars) of the refresh rows at 30 s bars (390 minutes at 15:52 ET hold about 765)."""
Row = tuple[str, str, str]
"""(what, at each size, the slope and what the cost is proportional to)."""


def _slope(sizes: tuple[int, ...], costs: list[float]) -> float:
    """Least-squares cost per unit of size."""
    mean_x, mean_y = statistics.fmean(sizes), statistics.fmean(costs)
    num = sum((x - mean_x) * (y - mean_y) for x, y in zip(sizes, costs, strict=True))
    return num / sum((x - mean_x) ** 2 for x in sizes)


def refresh_rows() -> list[Row]:
    from zdte_tui.chart_views import CHART_VIEWS

    bars = tuple(b for _, b in WINDOWS)
    rows = []
    for view in CHART_VIEWS:
        costs = [asyncio.run(_refresh_costs(view, minutes, 7))[0] * 1000 for minutes, _ in WINDOWS]
        at = ", ".join(f"{c:.1f}" for c in costs)
        rows.append((f"refresh, {view} view (ms)", at,
                     f"{_slope(bars, costs) * 100:.1f} ms per 100 bars"))  # fmt: skip
    costs = [statistics.median(asyncio.run(_overview_row_costs(minutes))) * 1000
             for minutes, _ in WINDOWS]  # fmt: skip
    rows.append(("refresh, one overview row (ms)", ", ".join(f"{c:.2f}" for c in costs),
                 f"{_slope(bars, costs) * 100:.2f} ms per 100 bars"))  # fmt: skip
    return rows


def _idle_share(symbols: list[str], seconds: float = 60.0) -> float:
    """The monitor's CPU in tmux over `seconds` idle seconds (DEMO), in % of a core."""
    from benchmarks.figures import _monitor_pid

    _tmux("kill-server")
    _tmux("new-session", "-d", "-s", "g", "-x", "120", "-y", "40",
          f"{sys.executable} -m zdte_tui --demo {' '.join(symbols)}")  # fmt: skip
    time.sleep(8)  # every symbol's backfill is in
    pid = _monitor_pid()
    before = _cpu_seconds(pid)
    time.sleep(seconds)
    used = _cpu_seconds(pid) - before
    _tmux("kill-server")
    return 100 * used / seconds


def idle_rows() -> list[Row]:
    counts = (1, 3, 5)
    symbols = ["SPY", "SPX", "QQQ", "IWM", "XSP"]
    shares = [_idle_share(symbols[:n]) for n in counts]
    return [("idle CPU over 60 s, watchlist of 1, 3, 5 (% of a core)",
             ", ".join(f"{s:.2f}" for s in shares),
             f"{_slope(counts, shares):.3f} % per symbol")]  # fmt: skip


async def _screens(port: int, key: str, count: int, seconds: float) -> int:
    """`count` screens each polling once every 30 s, spread evenly, as monitors do once their
    window is held (`bar=1m&minutes=2`); the requests answered."""
    from zdte_tui.api.httpx_import import httpx

    answered = 0
    limits = httpx.Limits(max_connections=count)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits,
                                 headers={"X-Api-Key": key}) as client:  # fmt: skip

        async def screen(index: int) -> None:
            nonlocal answered
            await asyncio.sleep(30.0 * index / count)
            deadline = time.monotonic() + seconds - 30.0 * index / count
            while time.monotonic() < deadline:
                response = await client.get("/v1/flow/zero-dte/series/SPY",
                                            params={"bar": "1m", "minutes": "2"})  # fmt: skip
                answered += response.status_code == 200
                await asyncio.sleep(30.0)

        await asyncio.gather(*(screen(i) for i in range(count)))
    return answered


@contextlib.contextmanager
def _keys_file() -> Iterator[str]:
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as keys:
        keys.write('[keys]\n"screens" = "alpha"\n"desk" = "alpha"\n')
    try:
        yield keys.name
    finally:
        os.unlink(keys.name)


def _server_pid(port: int) -> int:
    out = subprocess.run(["pgrep", "-f", "--", f"--port {port}"], capture_output=True, text=True)
    return int(out.stdout.split()[0])


def _cpu_per_100(port: int, screens: int, seconds: float = 30.0) -> float:
    """CPU ms per minute per 100 screens of the server on `port`, each polling twice a minute."""
    pid = _server_pid(port)
    before = _cpu_seconds(pid)
    answered = asyncio.run(_screens(port, "screens", screens, seconds))
    used = _cpu_seconds(pid) - before
    if answered < screens:
        raise RuntimeError(f"only {answered} of {screens} screens were answered")
    return used * 1000 * (60 / seconds) * (100 / screens)


def serving_rows() -> list[Row]:
    counts = (10, 100, 200)
    rows = []
    with _keys_file() as keys:
        serve = ["zdte_tui", "serve", "--start", "12:00", "--keys", keys]
        with _listening(serve) as upstream:
            asyncio.run(_screens(upstream, "screens", 1, 1.0))  # the session's backfill, first
            costs = [_cpu_per_100(upstream, n) for n in counts]
            rows.append(("serve: CPU per minute per 100 screens at 10, 100, 200 (ms)",
                         ", ".join(f"{c:.0f}" for c in costs), _per_screen(counts, costs)))
            relay = ["zdte_tui", "relay", "--upstream", f"http://127.0.0.1:{upstream}",
                     "--keys", keys]  # fmt: skip
            with _listening(relay, {**os.environ, "FLASHALPHA_API_KEY": "desk"}) as port:
                asyncio.run(_screens(port, "screens", 1, 11.0))  # the relay's first backfill
                costs = [_cpu_per_100(port, n) for n in counts]
            rows.append(("relay: CPU per minute per 100 screens at 10, 100, 200 (ms)",
                         ", ".join(f"{c:.0f}" for c in costs), _per_screen(counts, costs)))
    return rows


def _per_screen(counts: tuple[int, ...], per_100: list[float]) -> str:
    totals = [c * n / 100 for c, n in zip(per_100, counts, strict=True)]
    return f"{_slope(counts, totals):.2f} ms a minute per added screen"


def _sample_ms(strikes: int | None, symbols: int = 1, samples: int = 120) -> float:
    """Median ms to generate one 30 s sample and compute its levels for `symbols` symbols (each
    a SPY session of its own seed, with `strikes` evenly spaced strikes within ±10% of spot;
    None: SPY's listed strikes, 121)."""
    from zdte_tui.api.market_hours import session_for
    from zdte_tui.lab.market import MarketSession
    from zdte_tui.lab.store import SessionStore
    from zdte_tui.lab.underlyings import UNDERLYINGS

    underlying = UNDERLYINGS["SPY"]
    if strikes is not None:
        step = 2 * 0.10 * underlying.base_spot / (strikes - 1)
        underlying = dataclasses.replace(underlying, strike_bands=((0.10, round(step, 2)),))
    session = session_for(date(2026, 6, 5))
    stores = [SessionStore(MarketSession(underlying, session, seed)) for seed in range(symbols)]
    costs = []
    for index in range(samples):
        moment = datetime.fromtimestamp(session.open.timestamp() + 30 * index, UTC)
        started = time.perf_counter()
        for store in stores:
            store.advance_to(moment)
            store.levels(index)
        costs.append((time.perf_counter() - started) * 1000)
    return statistics.median(costs)


def lab_rows() -> list[Row]:
    counts = (40, 100, 200)
    costs = [_sample_ms(n) for n in counts]
    symbols = (1, 3, 5)
    by_symbols = [_sample_ms(None, n) for n in symbols]
    return [
        ("lab: one 30 s sample at 40, 100, 200 strikes (ms)", ", ".join(f"{c:.2f}" for c in costs),
         f"{_slope(counts, costs) * 100:.2f} ms per 100 strikes"),
        ("lab: one 30 s sample for 1, 3, 5 symbols (ms)", ", ".join(f"{c:.2f}" for c in by_symbols),
         f"{_slope(symbols, by_symbols):.2f} ms per added symbol"),
    ]  # fmt: skip


ROWS: dict[str, Callable[[], list[Row]]] = {
    "refresh": refresh_rows,
    "idle": idle_rows,
    "serving": serving_rows,
    "lab": lab_rows,
}


def main(selected: list[str]) -> int:
    rows: list[Row] = []
    for name, measure in ROWS.items():
        if selected and not any(name.startswith(s) for s in selected):
            continue
        found = measure()
        for row in found:
            print(" | ".join(row), file=sys.stderr, flush=True)
        rows += found
    print("| cost | at each size | grows by |")
    print("|---|---|---|")
    for row in rows:
        print(f"| {' | '.join(row)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
