"""Merging a short, recent answer into the window already held (incremental polling).

Under last-in-bucket downsampling a closed bucket never changes, so after the first full window a
poll needs only the buckets since the last bar; the merge replaces the forming bucket, appends the
new ones and trims to the window. The same window rule rebuilds replayed windows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta
from operator import attrgetter
from typing import TYPE_CHECKING

from zdte_tui.api.bars import SAMPLE_SECONDS, BarSize

if TYPE_CHECKING:
    from zdte_tui.api.models import Bar, SeriesResponse


def in_window(bars: Iterable[Bar], as_of: datetime, minutes: int, bar: BarSize) -> tuple[Bar, ...]:
    """The bars the server would serve for this window: a bucket is in when its last raw sample
    (start + bar − 30 s) is later than `as_of − minutes`."""
    since = as_of - timedelta(seconds=minutes * 60 + bar.seconds - SAMPLE_SECONDS)
    return tuple(b for b in sorted(bars, key=attrgetter("t")) if b.t > since)


def merge_window(
    held: SeriesResponse | None, fresh: SeriesResponse, minutes: int
) -> SeriesResponse:
    """`fresh` (possibly a short recent answer) merged into `held`, trimmed to `minutes`."""
    if held is None or (held.symbol, held.bar_size, held.expiration) != (
        fresh.symbol, fresh.bar_size, fresh.expiration
    ):  # fmt: skip
        return fresh
    by_time = {b.t: b for b in held.bars}
    by_time.update({b.t: b for b in fresh.bars})
    window = in_window(by_time.values(), fresh.as_of, minutes, fresh.bar_size)
    return fresh.model_copy(update={"bars": window})


def minutes_to_ask(held: SeriesResponse | None, bar: BarSize, minutes: int, now: datetime) -> int:
    """The lookback a poll needs: the whole window at first, then only what may have changed
    since the last bar held (its bucket, and any after it)."""
    if held is None or not held.bars or held.bar_size is not bar:
        return minutes
    gap = (now - held.bars[-1].t).total_seconds()
    needed = math.ceil((gap + bar.seconds) / 60) + 1
    return max(1, min(needed, minutes))
