"""A Static that renders one view-model value as markup: again on resize, repainting only when
the markup changes."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.content import Content
from textual.widgets import Static

Model = TypeVar("Model")


class ModelView(Static, Generic[Model]):
    FIXED_SIZE = False
    """True for a widget whose size never depends on its text: it repaints without a layout pass
    (the status line does, once a second)."""

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
            self._markup = markup
            if self.FIXED_SIZE:
                self._content = Content.from_markup(markup)
                self.refresh()
            else:
                self.update(Content.from_markup(markup))

    def render(self) -> Content:
        return self._content if self.FIXED_SIZE else super().render()
