from __future__ import annotations

from zdte_tui.tui.status import StatusState, status_markup
from zdte_tui.tui.widgets.model_view import ModelView


class StatusBar(ModelView[StatusState]):
    """One line; the 1 s tick repaints it only when its text changes, and never re-lays out."""

    def markup(self, model: StatusState, width: int) -> str:
        return status_markup(model, width)
