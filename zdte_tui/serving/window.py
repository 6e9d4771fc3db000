"""Windowing and last-in-bucket downsampling of raw 30 s samples (domain.md §1), for any store."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from zdte_tui.api.bars import SAMPLE_SECONDS


def window_since(as_of_epoch: float, minutes: int, open_epoch: float) -> float:
    """The exclusive start of a `minutes` window ending at `as_of`: samples later than it are in.

    A window that reaches back into the open's sample period includes the 09:30:00 ET sample:
    390 minutes is "one full RTH session" (the seed), so a whole-session query at the close
    holds all 781 samples, and every bar size starts at the first bucket (revised 2026-11-24).
    """
    since = as_of_epoch - 60 * minutes
    return open_epoch - 1 if since < open_epoch + SAMPLE_SECONDS else since


def last_in_bucket(
    sample_epochs: Sequence[int], since_epoch: float, until_epoch: float, bar_seconds: int
) -> list[tuple[int, int]]:
    """(bucket start epoch, sample index) for each bucket in the window, ascending.

    The window keeps samples with since < t <= until; each bucket floor(t / bar) keeps its last
    sample, so cumulative values stay current. `sample_epochs` must be ascending.
    """
    kept: dict[int, int] = {}
    first = bisect_right(sample_epochs, since_epoch)
    last = bisect_right(sample_epochs, until_epoch)
    for index in range(first, last):
        epoch = sample_epochs[index]
        kept[epoch - epoch % bar_seconds] = index
    return list(kept.items())


def window_buckets(
    sample_epochs: Sequence[int],
    as_of_epoch: float,
    minutes: int,
    open_epoch: float,
    bar_seconds: int,
) -> list[tuple[int, int]]:
    """The endpoint's window of a session's raw samples: (bucket start epoch, sample index) for
    each `bar_seconds` bucket of the last `minutes` to `as_of`, the last sample in each."""
    since = window_since(as_of_epoch, minutes, open_epoch)
    return last_in_bucket(sample_epochs, since, as_of_epoch, bar_seconds)
