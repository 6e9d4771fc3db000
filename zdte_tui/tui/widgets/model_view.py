"""A pane that renders one view-model value as lines of markup, by Textual's line API: a new
value re-parses and repaints only the lines whose markup changed."""

from __future__ import annotations

from typing import Generic, TypeVar

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from zdte_tui.tui.pane_markup import to_content

Model = TypeVar("Model")


class ModelView(Widget, Generic[Model]):
    """A new sample changes a few of a pane's lines and almost never their number (widths come
    from the layout; only the height follows the text), so a refresh parses and paints the
    changed lines alone, and asks for a layout pass only when the number of lines changed.
    A line wider than the pane is cut, never wrapped: `markup` fits each line to its width."""

    DEFAULT_CSS = "ModelView { height: auto; }"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._model: Model | None = None
        self._markup = ""
        self._lines: list[str] = []
        self._strips: dict[int, Strip] = {}
        self._strips_for: tuple | None = None
        """What the cached strips were drawn for: the width, the theme and the pane's style."""

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
        if markup == self._markup:
            return
        lines = markup.split("\n")
        old, self._markup, self._lines = self._lines, markup, lines
        if len(lines) != len(old) or not self._strips:
            self._strips.clear()
            self.refresh(layout=len(lines) != len(old))
            return
        width = self.size.width
        changed = [y for y, (was, now) in enumerate(zip(old, lines, strict=True)) if was != now]
        for y in changed:
            self._strips.pop(y, None)
        self.refresh(*(Region(0, y, width, 1) for y in changed))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines)

    def render(self) -> Content:
        """The whole text (Textual's text selection and the tests read it)."""
        return Content.from_markup(self._markup)

    def render_line(self, y: int) -> Strip:
        if self.text_selection is not None:  # Textual draws the selection over the whole text
            return super().render_line(y)
        style = self.visual_style
        width = self.size.width
        drawn_for = (width, self.app.theme, style)
        if drawn_for != self._strips_for:
            self._strips.clear()
            self._strips_for = drawn_for
        strip = self._strips.get(y)
        if strip is None:
            strip = Strip.blank(width, style.rich_style)
            if y < len(self._lines):
                line = to_content(self._lines[y])
                segments = [Segment(text, part.rich_style if part else None)
                            for text, part in line.render(style, "", self._get_style)]  # fmt: skip
                strip = Strip(segments).crop_extend(0, width, style.rich_style)
            self._strips[y] = strip
        return strip
