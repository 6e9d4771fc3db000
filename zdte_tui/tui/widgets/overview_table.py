"""The overview's table: a header and a line a symbol, drawn by the line API.

Textual's DataTable re-renders every cell of the table after any cell changes (its caches are
keyed by one update count), about 20 ms for five symbols a landing; this table rebuilds only the
line of the row that changed, well under a millisecond (benchmark B9).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int
    """Cells of content, the gap between columns not included."""
    right: bool


@dataclass(frozen=True)
class TableCell:
    text: str
    tone: str | None = None
    """One of TONES, coloured by the stylesheet (`.overview-table--up`); None: the table's own."""


TONES = ("up", "down", "muted", "warning", "error", "accent", "stale")


class OverviewTable(Widget, can_focus=True):
    COMPONENT_CLASSES = {
        "overview-table--header", "overview-table--cursor",
        *(f"overview-table--{tone}" for tone in TONES),
    }  # fmt: skip
    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", id="overview.up", show=False),
        Binding("down,j", "move(1)", "Down", id="overview.down", show=False),
        Binding("home", "first", "First", id="overview.first", show=False),
        Binding("end", "last", "Last", id="overview.last", show=False),
    ]

    cursor: reactive[int] = reactive(0, init=False)

    class Highlighted(Message):
        def __init__(self, symbol: str) -> None:
            super().__init__()
            self.symbol = symbol

    class Selected(Message):
        def __init__(self, symbol: str) -> None:
            super().__init__()
            self.symbol = symbol

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns: tuple[Column, ...] = ()
        self.gap = 2
        self.order: list[str] = []
        """The symbols top to bottom."""
        self._cells: dict[str, dict[str, TableCell]] = {}
        self._lines: dict[str, Strip] = {}

    # what is shown

    def set_columns(self, columns: Sequence[Column], gap: int) -> None:
        """New columns (the pane's width or the sort changed): every line is drawn afresh."""
        self.columns, self.gap = tuple(columns), gap
        self._lines.clear()
        self.refresh()

    def set_rows(self, order: Sequence[str], cells: Mapping[str, Mapping[str, TableCell]]) -> None:
        """Every row, in `order`; the cursor stays on its symbol."""
        current = self.highlighted
        self.order = list(order)
        self._cells = {symbol: dict(cells[symbol]) for symbol in order}
        self._lines.clear()
        self._set_cursor(self.order.index(current) if current in self.order else 0)
        self.refresh()

    def update_row(self, symbol: str, cells: Mapping[str, TableCell]) -> int:
        """One row's cells; only that row's line is drawn again. How many cells changed."""
        held = self._cells.get(symbol)
        if held is None:
            return 0
        changed = [key for key, cell in cells.items() if held.get(key) != cell]
        if changed:
            held.update(cells)
            self._lines.pop(symbol, None)
            self._refresh_row(self.order.index(symbol))
        return len(changed)

    def reorder(self, order: Sequence[str]) -> None:
        """The same rows in a new order; the cursor stays on its symbol."""
        current = self.highlighted
        self.order = list(order)
        self._set_cursor(self.order.index(current) if current in self.order else 0)
        self.refresh()

    def cell_text(self, symbol: str, key: str) -> str:
        return self._cells[symbol][key].text

    @property
    def highlighted(self) -> str | None:
        return self.order[self.cursor] if 0 <= self.cursor < len(self.order) else None

    # drawing

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == 0:
            return self._header().crop_extend(0, width, None)
        index = y - 1
        if index >= len(self.order):
            return Strip.blank(width)
        symbol = self.order[index]
        line = self._lines.get(symbol)
        if line is None:
            line = self._lines[symbol] = self._row(symbol, index == self.cursor)
        return line.crop_extend(0, width, None)

    def _header(self) -> Strip:
        style = self.get_component_rich_style("overview-table--header")
        cells = [TableCell(c.label) for c in self.columns]
        return self._strip(cells, style)

    def _row(self, symbol: str, cursor: bool) -> Strip:
        row = self._cells[symbol]
        base = self.get_component_rich_style("overview-table--cursor") if cursor else Style()
        return self._strip([row.get(c.key, TableCell("")) for c in self.columns], base)

    def _strip(self, cells: Sequence[TableCell], base: Style) -> Strip:
        segments = [Segment(" ", base)]
        for column, cell in zip(self.columns, cells, strict=True):
            text = cell.text[: column.width]
            text = text.rjust(column.width) if column.right else text.ljust(column.width)
            style = base + self._tone(cell.tone) if cell.tone else base
            segments.append(Segment(text, style))
            segments.append(Segment(" " * self.gap, base))
        return Strip(segments)

    def _tone(self, tone: str) -> Style:
        return self.get_component_rich_style(f"overview-table--{tone}", partial=True)

    def _refresh_row(self, index: int) -> None:
        self.refresh(Region(0, index + 1, self.size.width, 1))

    # the cursor

    def _set_cursor(self, index: int) -> None:
        self.cursor = max(0, min(index, len(self.order) - 1)) if self.order else 0

    def watch_cursor(self, before: int, after: int) -> None:
        for index in (before, after):
            if 0 <= index < len(self.order):
                self._lines.pop(self.order[index], None)
                self._refresh_row(index)
        if self.highlighted is not None:
            self.post_message(self.Highlighted(self.highlighted))

    def action_move(self, step: int) -> None:
        self._set_cursor(self.cursor + step)

    def action_first(self) -> None:
        self._set_cursor(0)

    def action_last(self) -> None:
        self._set_cursor(len(self.order) - 1)

    def on_click(self, event: events.Click) -> None:
        index = event.y - 1
        if 0 <= index < len(self.order):
            self._set_cursor(index)
            if event.chain > 1:
                self.post_message(self.Selected(self.order[index]))
