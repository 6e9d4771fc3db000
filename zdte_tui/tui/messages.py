"""Messages the refresh worker posts; handlers on the app own every state change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from zdte_tui.api.client import SeriesResult
    from zdte_tui.api.errors import ApiError
    from zdte_tui.feed.feed import Ask


class SeriesArrived(Message):
    def __init__(self, ask: Ask, result: SeriesResult) -> None:
        super().__init__()
        self.ask = ask
        self.result = result


class FetchFailed(Message):
    def __init__(self, ask: Ask, error: ApiError) -> None:
        super().__init__()
        self.ask = ask
        self.error = error
