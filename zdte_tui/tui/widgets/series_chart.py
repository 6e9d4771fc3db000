"""The chart pane: one of the chart views (`v` cycles them) over the whole window.

plotext draws it; the widget redraws only when its data, size, theme, view or leg mode changes.
It renders by lines (Textual's line API): each row of the drawing becomes one `Strip`, once. A
new sample is drawn as it arrives, and only the rows that changed (about half of them) are
parsed again and repainted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from zdte_tui.chart_views import DEFAULT_VIEW, LEGS_TITLES, TITLES
from zdte_tui.tui.charts.drawing import Drawing, plotext_colour, row_segments
from zdte_tui.tui.fit import fit_line
from zdte_tui.tui.themes import SEMANTIC

if TYPE_CHECKING:
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
        self._rows: list[str] = []
        self._strips: list[Strip] = []
        self._drawn_on: tuple | None = None
        """The width and base style the strips were made for."""
        self.builds = 0
        """How many times plotext has drawn (tests and benchmarks read it)."""

    def show(self, data: ChartData | None) -> None:
        if data == self._data:
            return
        self._data = data
        if not self.screen.is_active:  # under another screen: drawn when it is next painted
            self.refresh()
            return
        rows = self._rows
        if self._current() is not None and len(rows) == len(self._rows):
            width = self.content_size.width
            pairs = enumerate(zip(rows, self._rows, strict=True))
            changed = [Region(0, y, width, 1) for y, (was, now) in pairs if was != now]
            if changed:
                self.refresh(*changed)
        else:
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
        legs = LEGS_TITLES.get(self.view) if self.legs else None
        return legs or TITLES[self.view]

    def _title(self) -> None:
        self.border_title = fit_line([self.title_variants], self.size.width - TITLE_MARGIN)

    def render(self) -> Text:
        """The drawing as text (what `render_line` shows a row at a time)."""
        self._current()
        return self._drawing.text

    def render_lines(self, crop: Region) -> list[Strip]:
        self._current()  # once a paint, not once a row
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        strips = self._strips
        return strips[y] if y < len(strips) else Strip.blank(self.content_size.width)

    def _current(self) -> list[Strip] | None:
        """The drawing's rows, redrawn when what they depend on changed (the theme stands for
        the colours); a row the same as in the last drawing keeps its strip. None: no chart."""
        data = self._data
        width, height = self.content_size.width, self.content_size.height
        if data is None or not data.minutes_et or width < MIN_WIDTH or height < MIN_HEIGHT:
            self._key, self._drawing, self._rows, self._strips = None, Drawing(""), [], []
            return None
        base = self.rich_style  # the pane's colours, under the chart's own (its frame has none)
        key = (id(data), width, height, self.view, self.legs, self.app.theme)
        if key != self._key:
            colours = {
                name: plotext_colour(self.app.theme_variables.get(f"zd-{name}", "white"))
                for name in SEMANTIC
            }
            self._drawing = self.draw(data, width, height, colours)
            same_frame = self._drawn_on == (width, base)
            kept = dict(zip(self._rows, self._strips, strict=True)) if same_frame else {}
            self._rows = self._drawing.rows
            self._strips = [
                kept.get(row) or Strip(row_segments(row, base)).adjust_cell_length(width, base)
                for row in self._rows
            ]
            self._key, self._drawn_on = key, (width, base)
        return self._strips

    def draw(self, data: ChartData, width: int, height: int, colours: dict) -> Drawing:
        self.builds += 1
        from zdte_tui.tui.charts.views import VIEWS  # plotext loads with the first drawing

        return VIEWS[self.view].draw(data, width, height, colours, self.legs)
