"""A monotonic clock that tests step by hand."""

from __future__ import annotations


class SteppedTime:
    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self) -> float:
        return self.seconds
