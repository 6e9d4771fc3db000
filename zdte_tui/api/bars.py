"""Bar sizes and the lookback rule, shared by the client, the lab and the UI."""

from __future__ import annotations

from enum import StrEnum

MIN_MINUTES = 1
MAX_MINUTES = 390
"""One full regular session, 09:30-16:00 ET."""
DEFAULT_MINUTES = 60
"""The endpoint's default lookback when `minutes` is not sent."""
SAMPLE_SECONDS = 30
"""The raw sampler's period: one sample at every :00 and :30 ET."""


class BarSize(StrEnum):
    """A bar size the endpoint accepts; the value is the wire string (case-sensitive)."""

    S30 = "30s"
    M1 = "1m"
    M5 = "5m"
    M15 = "15m"

    @property
    def seconds(self) -> int:
        return _BAR_SECONDS[self]

    @classmethod
    def parse(cls, value: str) -> BarSize:
        """The bar for a wire string; `ValueError` naming the allowed values otherwise."""
        try:
            return cls(value)
        except ValueError:
            raise ValueError(f"bar must be {BAR_CHOICES}, not {value!r}") from None


_BAR_SECONDS = {BarSize.S30: 30, BarSize.M1: 60, BarSize.M5: 300, BarSize.M15: 900}
BAR_CHOICES = "|".join(b.value for b in BarSize)
DEFAULT_BAR = BarSize.S30
"""The endpoint's default bar when `bar` is not sent."""


def clamp_minutes(minutes: int) -> int:
    """The lookback the endpoint actually serves: `minutes` clamped into 1..390."""
    return max(MIN_MINUTES, min(MAX_MINUTES, int(minutes)))


def max_bar_count(minutes: int, bar: BarSize) -> int:
    """The most bars a window of `minutes` can hold at `bar` (ceil(minutes*60/bar_s) + 1)."""
    return -(-clamp_minutes(minutes) * 60 // bar.seconds) + 1
