from __future__ import annotations

from textual.content import Content
from textual.markup import escape
from textual.widgets import Static


class EmptyState(Static):
    """Shown in place of the panes when there is nothing to draw: loading, no bars, no data."""

    def show(self, title: str, detail: str) -> None:
        self.update(Content.from_markup(f"[b]{escape(title)}[/]\n\n{escape(detail)}"))
