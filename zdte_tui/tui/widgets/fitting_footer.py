"""Textual's Footer, showing only the key hints that fit the width whole, most useful first.

Textual's own Footer clips the last hint mid-word and docks the palette hint over it. This one
measures the compact hints (key, space, description, one cell of margin) and keeps, in the
order given by `priority` (binding ids), each hint and the palette hint that still fits; the
kept ones show in their declared order. `?` and the palette list every key.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

PALETTE = "palette"
"""Stands for the command palette's hint in `priority`."""


def _width(key: FooterKey) -> int:
    """Cells a compact hint takes: its text and its margin (the palette's: its left border)."""
    return cell_len(key.key_display) + 1 + cell_len(key.description) + 1


class FittingFooter(Footer):
    def __init__(self, priority: Sequence[str], **kwargs) -> None:
        super().__init__(compact=True, **kwargs)
        self._priority = list(priority)
        self._fitted_width = 0

    def compose(self) -> ComposeResult:
        hints = [hint for hint in super().compose() if isinstance(hint, FooterKey)]
        ids = {
            binding.action: binding.id
            for _node, binding, _enabled, _tooltip in self.screen.active_bindings.values()
        }

        def name(hint: FooterKey) -> str:
            return PALETTE if hint.has_class("-command-palette") else ids.get(hint.action) or ""

        def rank(hint: FooterKey) -> int:
            found = name(hint)
            return self._priority.index(found) if found in self._priority else len(self._priority)

        room = self._fitted_width = self.size.width or self.app.size.width
        kept: set[int] = set()
        for index in sorted(range(len(hints)), key=lambda i: (rank(hints[i]), i)):
            width = _width(hints[index])
            if width <= room:
                kept.add(index)
                room -= width
        yield from (hint for index, hint in enumerate(hints) if index in kept)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._fitted_width:
            self.call_after_refresh(self.recompose)
