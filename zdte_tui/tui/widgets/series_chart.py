"""The chart pane: one of the chart views (`v` cycles them) over the whole window.

plotext draws it; the widget redraws only when its data, size, theme, view or leg mode changes.
It renders by lines (Textual's line API): the drawing becomes one `Strip` a row, once, which
costs about 5 ms less a refresh than handing Textual the text to lay out.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from zdte_tui.tui.charts.canvas import Drawing, plotext_colour
from zdte_tui.tui.charts.views import DEFAULT_VIEW, VIEWS
from zdte_tui.tui.fit import fit_line
from zdte_tui.tui.themes import SEMANTIC
from zdte_tui.tui.view_model import ChartData

MIN_WIDTH, MIN_HEIGHT = 16, 5
TITLE_MARGIN = 4
"""Cells of the top border a title cannot use: the corners and a space each side."""


class SeriesChart(Widget):
    """`view` names the chart view; `legs` splits the flow view's hedge flow (the `c` key)."""

    view: reactive[str] = reactive(DEFAULT_VIEW)
    legs: reactive[bool] = reactive(False)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._data: ChartData | None = None
        self._key: tuple | None = None
        self._drawing: Drawing = Drawing("")
        self._strips: list[Strip] = []
        self.builds = 0
        """How many times plotext has drawn (tests and benchmarks read it)."""

    def show(self, data: ChartData | None) -> None:
        if data != self._data:
            self._data = data
            self.refresh()

    def watch_view(self) -> None:
        self._title()
        self.refresh()

    def watch_legs(self) -> None:
        self._title()
        self.refresh()

    def on_resize(self) -> None:
        self._title()

    @property
    def title_variants(self) -> tuple[str, ...]:
        chart = VIEWS[self.view]
        return chart.legs_titles if self.legs and chart.legs_titles else chart.titles

    def _title(self) -> None:
        self.border_title = fit_line([self.title_variants], self.size.width - TITLE_MARGIN)

    def render(self) -> Text:
        """The drawing as text (what `render_line` shows a row at a time)."""
        self._current()
        return self._drawing.text

    def render_line(self, y: int) -> Strip:
        strips = self._current()
        return strips[y] if y < len(strips) else Strip.blank(self.content_size.width)

    def _current(self) -> list[Strip]:
        """The drawing's rows, redrawn only when what it depends on changed (render_line asks
        for every row, so the check is kept cheap: the theme stands for the colours)."""
        data = self._data
        width, height = self.content_size.width, self.content_size.height
        if data is None or not data.minutes_et or width < MIN_WIDTH or height < MIN_HEIGHT:
            self._key, self._drawing, self._strips = None, Drawing(""), []
            return self._strips
        key = (id(data), width, height, self.view, self.legs, self.app.theme)
        if key != self._key:
            colours = {
                name: plotext_colour(self.app.theme_variables.get(f"zd-{name}", "white"))
                for name in SEMANTIC
            }
            base = self.rich_style  # the pane's colours, under the chart's own (its frame has none)
            self._drawing = self.draw(data, width, height, colours)
            self._strips = [
                Strip(line).adjust_cell_length(width, base) for line in self._drawing.lines(base)
            ]
            self._key = key
        return self._strips

    def draw(self, data: ChartData, width: int, height: int, colours: dict) -> Drawing:
        self.builds += 1
        return VIEWS[self.view].draw(data, width, height, colours, self.legs)
