"""The overview: the whole watchlist on one screen, a row a symbol (`o`), drilled into with
`enter`. It renders the rows the app hands it; it never fetches.

Rows update in place: only the cells whose text changed are written, and the rows are re-sorted
only when the sort column's order changed, with the cursor staying on its symbol.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.widgets.data_table import CellDoesNotExist

from zdte_tui.overview_columns import OVERVIEW_COLUMNS
from zdte_tui.tui.fit import fit_line
from zdte_tui.tui.overview_model import (
    LABELS,
    NARROW_LABELS,
    RIGHT,
    Cell,
    OverviewRow,
    sort_rows,
    visible_columns,
)
from zdte_tui.tui.widgets.fitting_footer import PALETTE, FittingFooter

CELL_PADDING = 1
"""Blank cells on each side of a column (DataTable's own default)."""
NARROW_BELOW = 100
TOO_SMALL_BELOW = 40


class OverviewScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "open", "Open", id="overview.open", priority=True,
                tooltip="Open the highlighted symbol in the monitor"),
        Binding("o,escape", "close", "Monitor", id="overview.close", key_display="o/esc",
                tooltip="Back to the monitor"),
        Binding("s", "sort", "Sort", id="overview.sort",
                tooltip="Sort by the next column"),
        Binding("S", "reverse", "Reverse", id="overview.reverse",
                tooltip="Reverse the sort"),
    ]  # fmt: skip
    FOOTER_PRIORITY = ("help", "quit", "overview.open", "overview.close", "overview.sort",
                       "overview.reverse", "bar.cycle", PALETTE)  # fmt: skip

    def __init__(
        self,
        sort: str,
        reverse: bool,
        on_open: Callable[[str], None],
        on_sort: Callable[[str, bool], None],
    ) -> None:
        super().__init__()
        self.sort_column = sort if sort in OVERVIEW_COLUMNS else "symbol"
        self.reverse = reverse
        self._on_open = on_open
        self._on_sort = on_sort
        self._rows: dict[str, OverviewRow] = {}
        self._order: list[str] = []
        self._columns: tuple[str, ...] = ()
        self._labels: tuple[str, ...] = ()
        self._seen_widths: dict[str, int] = {}
        self._narrow = False
        self.writes = 0
        """Cells written to the table (a measure of in-place updates)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="overview-title")
        yield DataTable(id="overview-table", cursor_type="row", cell_padding=CELL_PADDING)
        yield Static("", id="overview-detail")
        yield Static("", id="overview-too-small")
        yield FittingFooter(self.FOOTER_PRIORITY)

    @property
    def narrow(self) -> bool:
        return self._narrow

    @property
    def table(self) -> DataTable:
        return self.query_one("#overview-table", DataTable)

    @property
    def order(self) -> list[str]:
        """The symbols top to bottom."""
        return list(self._order)

    def on_resize(self, event: Resize) -> None:
        self.query_one("#overview-too-small", Static).update(
            f"Terminal too small: need {TOO_SMALL_BELOW} columns, have {event.size.width}."
        )
        narrow = event.size.width < NARROW_BELOW
        if narrow != self._narrow:
            self._narrow = narrow
            self._seen_widths = {}
            self.app.call_later(self._ask_rows)
        else:
            self._rebuild()

    def _ask_rows(self) -> None:
        """Narrow panes format some cells shorter: the app builds the rows again."""
        refresh = getattr(self.app, "refresh_overview", None)
        if refresh is not None:
            refresh()

    # rows

    def show(self, rows: Sequence[OverviewRow]) -> None:
        """Every row, as the app sees them now: only changed cells are written."""
        for row in rows:
            self._rows[row.symbol] = row
        for symbol in list(self._rows):
            if symbol not in {r.symbol for r in rows}:
                del self._rows[symbol]
        self._apply()

    def show_row(self, row: OverviewRow) -> None:
        """One symbol's row (its poll has landed)."""
        self._rows[row.symbol] = row
        self._apply()

    def _apply(self) -> None:
        order = [r.symbol for r in sort_rows(list(self._rows.values()), self.sort_column,
                                             self.reverse)]  # fmt: skip
        columns = visible_columns(self._widths(), self.size.width or 200)
        labels = tuple(self._label(c).plain for c in columns)
        if (columns, labels) != (self._columns, self._labels) or set(order) != set(self._order):
            self._order = order
            self._rebuild()
            return
        table = self.table
        for symbol in order:
            row = self._rows[symbol]
            for column in columns:
                text = self._text(row.cells[column], column)
                if table.get_cell(symbol, column) != text:
                    table.update_cell(symbol, column, text, update_width=True)
                    self.writes += 1
        if order != self._order:
            self._order = order
            self._sort_table()
        self._show_title()
        self._show_detail()

    def _widths(self) -> dict[str, int]:
        """Each column's cells on screen, padding included (a narrow pane has none: each cell
        starts with a space instead). Widths only grow, so a landing poll drops a column only
        when a value is longer than any before it."""
        labels = NARROW_LABELS if self._narrow else LABELS
        padding = 1 if self._narrow else 2 * CELL_PADDING
        for column in OVERVIEW_COLUMNS:
            longest = max((len(r.cells[column].text) for r in self._rows.values()), default=0)
            width = max(len(labels[column]) + 2, longest) + padding
            self._seen_widths[column] = max(self._seen_widths.get(column, 0), width)
        return self._seen_widths

    def _label(self, column: str) -> Text:
        labels = NARROW_LABELS if self._narrow else LABELS
        label = labels[column]
        if column == self.sort_column:
            label += " ↓" if self.reverse else " ↑"
        if self._narrow:
            label = " " + label
        return Text(label, justify="right" if column in RIGHT else "left", style="bold")

    def _text(self, cell: Cell, column: str) -> Text:
        style = ""
        if cell.tone is not None:
            variables = self.app.theme_variables
            name = {"up": "zd-up", "down": "zd-down", "muted": "text-muted", "warning": "warning",
                    "error": "error", "accent": "zd-spot"}.get(cell.tone, "")  # fmt: skip
            style = variables.get(name, "")
            if cell.tone == "error" and cell.text.startswith("STALE"):
                style = f"reverse bold {style}"
        text = " " + cell.text if self._narrow else cell.text
        return Text(text, style=style, justify="right" if column in RIGHT else "left")

    def _rebuild(self) -> None:
        """Columns changed (width, a new symbol): the table afresh, the cursor on its symbol."""
        if not self.is_mounted:
            return
        table = self.table
        current = self._highlighted()
        self._columns = visible_columns(self._widths(), self.size.width or 200)
        self._labels = tuple(self._label(c).plain for c in self._columns)
        table.clear(columns=True)
        table.cell_padding = 0 if self._narrow else CELL_PADDING
        for column in self._columns:
            table.add_column(self._label(column), key=column)
        for symbol in self._order:
            row = self._rows[symbol]
            table.add_row(*(self._text(row.cells[c], c) for c in self._columns), key=symbol)
        self.writes += len(self._order) * len(self._columns)
        if current in self._order:
            table.move_cursor(row=self._order.index(current), animate=False)
        self._show_title()
        self._show_detail()

    def _sort_table(self) -> None:
        table = self.table
        current = self._highlighted()
        rank = {symbol: i for i, symbol in enumerate(self._order)}
        table.sort(key=lambda row: rank[self._symbol_of(row)])
        if current in rank:
            table.move_cursor(row=rank[current], animate=False)

    def _symbol_of(self, cells: Sequence[object]) -> str:
        first = cells[0]
        return (first.plain if isinstance(first, Text) else str(first)).strip()

    def _highlighted(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except CellDoesNotExist:
            return None
        return str(key.value) if key.value is not None else None

    def _show_title(self) -> None:
        direction = "descending" if self.reverse else "ascending"
        label = LABELS[self.sort_column]
        since = next((r.since for r in self._rows.values() if r.since), "")
        window = "the window from the open" if since == "09:30" else f"the window from {since} ET"
        title = fit_line(
            [
                ["[b]watchlist[/b]"],
                [f"{len(self._rows)} symbols"],
                [f"Δ over {window}", ""] if since else [""],
                [f"sorted by {label} ({direction})", f"by {label} {'↓' if self.reverse else '↑'}"],
                ["enter opens a symbol", ""],
            ],
            max(self.size.width - 2, 10),
            " · ",
        )
        self.query_one("#overview-title", Static).update(title)

    def _show_detail(self) -> None:
        current = self._highlighted()
        row = self._rows.get(current) if current else None
        line = ""
        if row is not None:
            first, *rest = row.detail
            phrases = [[escape(first)], *([escape(p), ""] for p in rest)]
            line = fit_line(phrases, max(self.size.width - 2, 10), " · ")
        self.query_one("#overview-detail", Static).update(line)

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self._on_open(str(event.row_key.value))

    # actions

    def action_open(self) -> None:
        current = self._highlighted()
        if current is not None:
            self._on_open(current)

    def action_close(self) -> None:
        self.dismiss()

    def action_sort(self) -> None:
        index = OVERVIEW_COLUMNS.index(self.sort_column)
        self.sort_column = OVERVIEW_COLUMNS[(index + 1) % len(OVERVIEW_COLUMNS)]
        self._sorted()

    def action_reverse(self) -> None:
        self.reverse = not self.reverse
        self._sorted()

    def _sorted(self) -> None:
        self._on_sort(self.sort_column, self.reverse)
        self._order = []
        self._columns = ()
        self._apply()
