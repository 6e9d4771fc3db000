"""A Static that renders one view-model value as markup: again on resize, repainting only when
the markup changes."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.content import Content
from textual.widgets import Static

Model = TypeVar("Model")


class ModelView(Static, Generic[Model]):
    """A pane's text changes every refresh, its number of lines almost never (only its height
    can depend on its text: widths come from the layout), so it repaints without a layout pass
    of the whole screen unless that number changed."""

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self._model: Model | None = None
        self._markup = ""
        self._content = Content("")

    def show(self, model: Model | None) -> None:
        self._model = model
        self._redraw()

    def on_resize(self) -> None:
        self._redraw()

    def markup(self, model: Model, width: int) -> str:
        """The markup for `model` at `width` columns; `self.screen` classes give the layout."""
        raise NotImplementedError

    def _redraw(self) -> None:
        if self._model is None:
            return
        markup = self.markup(self._model, self.content_size.width or self.size.width or 120)
        if markup != self._markup:
            lines_changed = markup.count("\n") != self._markup.count("\n") or not self._markup
            self._markup = markup
            self._content = Content.from_markup(markup)
            self.refresh(layout=lines_changed)

    def render(self) -> Content:
        return self._content
