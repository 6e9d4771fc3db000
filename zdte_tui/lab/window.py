"""Windowing and last-in-bucket downsampling of raw 30 s samples (domain.md §1)."""

from __future__ import annotations

from collections.abc import Sequence


def last_in_bucket(
    sample_epochs: Sequence[int], since_epoch: float, until_epoch: float, bar_seconds: int
) -> list[tuple[int, int]]:
    """(bucket start epoch, sample index) for each bucket in the window, ascending.

    The window keeps samples with since < t <= until; each bucket floor(t / bar) keeps its last
    sample, so cumulative values stay current. `sample_epochs` must be ascending.
    """
    kept: dict[int, int] = {}
    for index, epoch in enumerate(sample_epochs):
        if epoch <= since_epoch:
            continue
        if epoch > until_epoch:
            break
        kept[epoch - epoch % bar_seconds] = index
    return list(kept.items())
