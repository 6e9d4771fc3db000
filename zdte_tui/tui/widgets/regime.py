"""The regime badge: positive, negative or unknown gamma, in words and a symbol."""

from __future__ import annotations

from textual.markup import escape

from zdte_tui.api.models import Regime
from zdte_tui.tui.view_model import RegimeView
from zdte_tui.tui.widgets.model_view import ModelView

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


class RegimeBadge(ModelView[RegimeView]):
    def markup(self, model: RegimeView, width: int) -> str:
        return regime_markup(model, one_line=self.screen.has_class("-narrow"))
