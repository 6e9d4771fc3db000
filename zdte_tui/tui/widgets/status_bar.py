from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from zdte_tui.tui.status import StatusState, status_markup


class StatusBar(Static):
    """One line; redrawn only when its text changes (the 1 s tick is cheap on the wire)."""

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self._state: StatusState | None = None
        self._markup = ""

    def show(self, state: StatusState) -> None:
        self._state = state
        self._redraw()

    def on_resize(self) -> None:
        self._redraw()

    def _redraw(self) -> None:
        if self._state is None:
            return
        markup = status_markup(self._state, self.size.width or 120)
        if markup != self._markup:
            self._markup = markup
            self.update(Content.from_markup(markup))
