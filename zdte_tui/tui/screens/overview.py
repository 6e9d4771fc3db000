"""The overview: the whole watchlist on one screen, a row a symbol (`o`), drilled into with
`enter`. It renders the rows the app hands it; it never fetches.

Rows update in place: only the line of a row whose cells changed is drawn again, and the rows
are re-sorted only when the sort column's order changed, with the cursor staying on its symbol.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Static

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
from zdte_tui.tui.widgets.key_bar import PALETTE, KeyBar
from zdte_tui.tui.widgets.overview_table import Column, OverviewTable, TableCell

NARROW_BELOW = 100
TOO_SMALL_BELOW = 40


class OverviewScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "open", "Open", id="overview.open",
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
        self._layout: tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...]] = ((), (), ())
        self._seen_widths: dict[str, int] = {}
        self._narrow = False
        self._shown_text: dict[str, str] = {}
        self.writes = 0
        """Cells written to the table (a measure of in-place updates)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="overview-title")
        yield OverviewTable(id="overview-table")
        yield Static("", id="overview-detail")
        yield Static("", id="overview-too-small")
        yield KeyBar(self.FOOTER_PRIORITY)

    @property
    def narrow(self) -> bool:
        return self._narrow

    @property
    def table(self) -> OverviewTable:
        return self.query_one(OverviewTable)

    @property
    def order(self) -> list[str]:
        """The symbols top to bottom."""
        return list(self.table.order)

    def on_resize(self, event: Resize) -> None:
        self.query_one("#overview-too-small", Static).update(
            f"Terminal too small: need {TOO_SMALL_BELOW} columns, have {event.size.width}."
        )
        narrow = event.size.width < NARROW_BELOW
        if narrow != self._narrow:
            self._narrow = narrow
            self._seen_widths = {}
            refresh = getattr(self.app, "refresh_overview", None)
            if refresh is not None:  # narrow panes format some cells shorter: rows afresh
                self.app.call_later(refresh)
        self._apply()

    # rows

    def show(self, rows: Sequence[OverviewRow]) -> None:
        """Every row, as the app sees them now: only changed rows are drawn again."""
        self._rows = {row.symbol: row for row in rows}
        self._apply()

    def show_row(self, row: OverviewRow) -> None:
        """One symbol's row (its poll has landed)."""
        self._rows[row.symbol] = row
        self._apply()

    def _apply(self) -> None:
        if not self.is_mounted:
            return
        table = self.table
        rows = sort_rows(list(self._rows.values()), self.sort_column, self.reverse)
        order = [r.symbol for r in rows]
        widths = self._widths()
        columns = visible_columns(widths, self.size.width or 200)
        gap = 1 if self._narrow else 2
        labels = tuple(self._label(c) for c in columns)
        layout = (columns, labels, tuple(widths[c] for c in columns))
        cells = {r.symbol: self._cells(r, columns) for r in rows}
        if layout != self._layout or set(order) != set(table.order):
            self._layout = layout
            table.set_columns([Column(c, label, widths[c] - gap, c in RIGHT)
                               for c, label in zip(columns, labels, strict=True)], gap)  # fmt: skip
            table.set_rows(order, cells)
            self.writes += len(order) * len(columns)
        else:
            for symbol in order:
                self.writes += table.update_row(symbol, cells[symbol])
            if order != table.order:
                table.reorder(order)
        self._show_title()
        self._show_detail()

    def _widths(self) -> dict[str, int]:
        """Each column's cells on screen with its gap. Widths only grow, so a landing poll
        drops a column only when a value is longer than any before it."""
        labels = NARROW_LABELS if self._narrow else LABELS
        gap = 1 if self._narrow else 2
        for column in OVERVIEW_COLUMNS:
            longest = max((len(r.cells[column].text) for r in self._rows.values()), default=0)
            label = len(labels[column]) + (2 if column == self.sort_column else 0)
            width = max(label, longest) + gap
            self._seen_widths[column] = max(self._seen_widths.get(column, 0), width)
        return self._seen_widths

    def _label(self, column: str) -> str:
        label = (NARROW_LABELS if self._narrow else LABELS)[column]
        if column == self.sort_column:
            label += " ↓" if self.reverse else " ↑"
        return label

    def _cells(self, row: OverviewRow, columns: Sequence[str]) -> dict[str, TableCell]:
        return {c: self._cell(row.cells[c]) for c in columns}

    def _cell(self, cell: Cell) -> TableCell:
        if cell.tone == "error" and cell.text.startswith("STALE"):
            return TableCell(cell.text, "stale")
        return TableCell(cell.text, cell.tone)

    def _show_title(self) -> None:
        direction = "descending" if self.reverse else "ascending"
        label = LABELS[self.sort_column]
        since = next((r.since for r in self._rows.values() if r.since), "")
        window = "the window from the open" if since == "09:30" else f"the window from {since} ET"
        title = fit_line(
            [
                ["[b]watchlist[/b]"],
                [f"{len(self._rows)} symbol{'' if len(self._rows) == 1 else 's'}"],
                [f"Δ over {window}", ""] if since else [""],
                [f"sorted by {label} ({direction})", f"by {label} {'↓' if self.reverse else '↑'}"],
                ["enter opens a symbol", ""],
            ],
            max(self.size.width - 2, 10),
            " · ",
        )
        self._update("#overview-title", title)

    def _show_detail(self) -> None:
        current = self.table.highlighted
        row = self._rows.get(current) if current else None
        line = ""
        if row is not None:
            first, *rest = row.detail
            phrases = [[escape(first)], *([escape(p), ""] for p in rest)]
            line = fit_line(phrases, max(self.size.width - 2, 10), " · ")
        self._update("#overview-detail", line)

    def _update(self, selector: str, markup: str) -> None:
        """A line's text, written only when it changed (an update lays the screen out anew)."""
        if self._shown_text.get(selector) != markup:
            self._shown_text[selector] = markup
            self.query_one(selector, Static).update(markup)

    def on_overview_table_highlighted(self, _event: OverviewTable.Highlighted) -> None:
        self._show_detail()

    def on_overview_table_selected(self, event: OverviewTable.Selected) -> None:
        self._on_open(event.symbol)

    # actions

    def action_open(self) -> None:
        current = self.table.highlighted
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
        self._seen_widths = {}  # the sort arrow moves to another column's label
        self._apply()
