"""When to poll: shortly after each 30 s sample lands, never faster than the data can change."""

from __future__ import annotations

from datetime import datetime, timedelta

from zdte_tui.api.bars import SAMPLE_SECONDS

SETTLE = timedelta(seconds=2)
"""Wait this long past a sample instant, so the server has stored it."""
MIN_DELAY = timedelta(seconds=2)
NO_DATA_DELAY = timedelta(minutes=5)
"""With no bars in the window (closed, holiday, no 0DTE), check again this often."""


def next_sample_after(moment: datetime) -> datetime:
    """The first :00/:30 sample instant strictly after `moment`."""
    epoch = moment.timestamp()
    return datetime.fromtimestamp((epoch // SAMPLE_SECONDS + 1) * SAMPLE_SECONDS, moment.tzinfo)


def refresh_delay(as_of: datetime, has_bars: bool) -> timedelta:
    """Real time to wait after a response built at `as_of` (the server's clock) before the next."""
    if not has_bars:
        return NO_DATA_DELAY
    return max(next_sample_after(as_of) - as_of + SETTLE, MIN_DELAY)
