"""Messages the refresh worker posts; handlers on the app own every state change."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from zdte_tui.api.bars import BarSize
from zdte_tui.api.client import SeriesResult
from zdte_tui.api.errors import ApiError


@dataclass(frozen=True)
class Wanted:
    """What the view asks for; a result for anything else is stale and dropped."""

    symbol: str
    bar: BarSize
    minutes: int


class SeriesArrived(Message):
    def __init__(self, wanted: Wanted, result: SeriesResult) -> None:
        super().__init__()
        self.wanted = wanted
        self.result = result


class FetchFailed(Message):
    def __init__(self, wanted: Wanted, error: ApiError) -> None:
        super().__init__()
        self.wanted = wanted
        self.error = error
