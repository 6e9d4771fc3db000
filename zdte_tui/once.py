"""`zdte-tui once`: fetch once, print to stdout, exit; for scripts and cron. No Textual here.

stdout carries data only; errors go to stderr with an exit code per kind.
"""

from __future__ import annotations

import asyncio
import sys

from zdte_tui import units
from zdte_tui.api.bars import BarSize
from zdte_tui.api.errors import ApiError
from zdte_tui.api.market_hours import ET
from zdte_tui.api.models import SeriesResponse
from zdte_tui.config import Settings
from zdte_tui.export import series_csv
from zdte_tui.report import as_text
from zdte_tui.source import data_source

EXIT_CODES = {
    "auth": 3,
    "plan": 4,
    "quota": 5,
    "network": 6,
    "server": 6,
    "contract": 7,
    "request": 8,
    "not_found": 8,
    "config": 2,
}
"""Exit code by error kind; anything else is 1. 2 is also a bad flag or setting."""


def latest_text(series: SeriesResponse) -> str:
    if not series.bars:
        return (
            f"{series.symbol}: no 0DTE samples in the window "
            "(market closed, a holiday, or no 0DTE expiry today)"
        )
    last = series.bars[-1]
    when = last.t.astimezone(ET).strftime("%Y-%m-%d %H:%M:%S ET")
    head = f"{series.symbol} 0DTE {series.expiration}, {series.bar_size.value} bar at {when}"
    spot = "—" if last.spot is None else f"{last.spot:,.2f}"
    flow = units.usd_compact(last.hedge_flow_cumulative_all, signed=True)
    extra = [("spot", spot), ("hedge flow", f"{flow} since 09:30 ET")]
    return as_text(head, last, extra)


async def _fetch(settings: Settings, symbol: str, bar: BarSize, minutes: int) -> SeriesResponse:
    async with data_source(settings).connect() as client:
        return (await client.fetch_series(symbol, bar, minutes)).response


def run_once(settings: Settings, output: str) -> int:
    try:
        series = asyncio.run(_fetch(settings, settings.symbol, settings.bar, settings.minutes))
    except ApiError as exc:
        print(f"zdte-tui once: {exc.kind} error: {exc.message}", file=sys.stderr)
        return EXIT_CODES.get(exc.kind, 1)
    if output == "json":
        sys.stdout.write(series.model_dump_json(indent=2) + "\n")
    elif output == "csv":
        sys.stdout.write(series_csv(series))
    else:
        sys.stdout.write(latest_text(series) + "\n")
    return 0
