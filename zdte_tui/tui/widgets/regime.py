"""The regime badge: positive, negative or unknown gamma, in words and a symbol."""

from __future__ import annotations

from textual.markup import escape

from zdte_tui.api.regime import Regime
from zdte_tui.tui.fit import fit_line
from zdte_tui.tui.view_model import RegimeView
from zdte_tui.tui.widgets.model_view import ModelView

COLOUR = {
    Regime.POSITIVE: "$zd-positive-gamma",
    Regime.NEGATIVE: "$zd-negative-gamma",
    Regime.UNKNOWN: "$zd-unknown-gamma",
}


def _since(view: RegimeView) -> list[str]:
    """`regime since 14:41 ET`, shorter, or dropped."""
    return [f"regime {view.since}", view.since, view.since.removesuffix(" ET"), ""]


def regime_markup(view: RegimeView, width: int, one_line: bool) -> str:
    badge = f"[b reverse {COLOUR[view.regime]}] {view.symbol} {view.words} [/]"
    if one_line:
        return fit_line([[badge], _since(view)[1:]], width, sep=" ")
    head = fit_line([[badge], [escape(view.meaning), ""]], width, sep=" ")
    flip = [view.spot_vs_flip, view.spot_vs_flip_short] if view.spot_vs_flip else [""]
    return f"{head}\n{fit_line([flip, _since(view)], width, sep=' · ')}"


class RegimeBadge(ModelView[RegimeView]):
    def markup(self, model: RegimeView, width: int) -> str:
        return regime_markup(model, width, one_line=self.screen.has_class("-narrow"))
