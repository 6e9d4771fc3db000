"""What a server of the series serves from."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime
from typing import Protocol

from zdte_tui.api.bars import BarSize
from zdte_tui.api.models import SeriesResponse


class SeriesSource(Protocol):
    """Anything that answers the endpoint's body for a valid request: the lab, the relay."""

    def series(self, symbol: str, bar: BarSize, minutes: int) -> SeriesResponse:
        """The body of `GET /v1/flow/zero-dte/series/{symbol}?bar=&minutes=`, now; `symbol`
        already normalised, `minutes` possibly outside 1..390 (the source clamps it)."""
        ...

    def now(self) -> datetime:
        """The source's clock (the `as_of` of its answers)."""
        ...

    def revision(self, symbol: str) -> Hashable:
        """Changes whenever any answer for `symbol` (but its `as_of`) could change."""
        ...

    def max_age_seconds(self, symbol: str) -> float:
        """Wall-clock seconds until `symbol`'s next sample is expected (an answer's `max-age`)."""
        ...
