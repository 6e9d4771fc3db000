"""The regime badge: positive, negative or unknown gamma, in words and a symbol."""

from __future__ import annotations

from textual.content import Content
from textual.markup import escape
from textual.widgets import Static

from zdte_tui.api.models import Regime
from zdte_tui.tui.view_model import RegimeView

COLOUR = {
    Regime.POSITIVE: "$zd-positive-gamma",
    Regime.NEGATIVE: "$zd-negative-gamma",
    Regime.UNKNOWN: "$zd-unknown-gamma",
}


def regime_markup(view: RegimeView, one_line: bool) -> str:
    badge = f"[b reverse {COLOUR[view.regime]}] {view.symbol} {view.words} [/]"
    if one_line:
        return f"{badge} {view.since}"
    detail = " · ".join(part for part in (view.spot_vs_flip, f"regime {view.since}") if part)
    return f"{badge} {escape(view.meaning)}\n{detail}"


class RegimeBadge(Static):
    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self._view: RegimeView | None = None

    def show(self, view: RegimeView | None) -> None:
        self._view = view
        self._redraw()

    def on_resize(self) -> None:
        self._redraw()

    def _redraw(self) -> None:
        if self._view is None:
            return
        one_line = self.screen.has_class("-narrow")
        self.update(Content.from_markup(regime_markup(self._view, one_line)))
