"""The pin gauge: score 0-100 with its band (< 30 unlikely, >= 70 strong), probability, magnet."""

from __future__ import annotations

from zdte_tui.tui.fit import fit_line
from zdte_tui.tui.view_model import STRONG_PIN, UNLIKELY_PIN, PinView
from zdte_tui.tui.widgets.model_view import ModelView

BAND_COLOUR = {"STRONG": "$zd-positive-gamma", "UNLIKELY": "$zd-muted"}


def gauge_bar(score: int, cells: int) -> str:
    """`cells` wide: filled to the score, with the band edges (30, 70) marked as ┊ when empty."""
    filled = round(score * cells / 100)
    marks = {round(UNLIKELY_PIN * cells / 100), round(STRONG_PIN * cells / 100)}
    return "".join("█" if i < filled else ("┊" if i in marks else "░") for i in range(cells))


def pin_markup(pin: PinView, width: int, one_line: bool) -> str:
    colour = BAND_COLOUR.get(pin.band, "$zd-magnet")
    score = "—" if pin.score is None else f"{pin.score:>3}"
    head = f"[b]PIN[/] [b {colour}]{score}[/] [{colour}]{pin.band}[/]"
    magnet = f"[$zd-magnet]{pin.magnet}[/]"
    gap = pin.spot_from_magnet
    if one_line:
        arrow = f"[$zd-magnet]→{pin.magnet}[/]"
        return fit_line([[head], [f"P {pin.probability}", ""], [arrow, ""]], width, " ")
    cells = max(width - 22, 6)
    bar = "" if pin.score is None else f" [{colour}]{gauge_bar(pin.score, cells)}[/]"
    near = [f"magnet {magnet}  spot {gap} from magnet", f"magnet {magnet} (spot {gap})"]
    detail = fit_line(
        [[f"P(pin) [b]{pin.probability}[/]"], [*near, f"magnet {magnet}"] if gap else [magnet]],
        width,
    )
    return f"{head}{bar}\n{detail}"


class PinGauge(ModelView[PinView]):
    def markup(self, model: PinView, width: int) -> str:
        return pin_markup(model, width, one_line=self.screen.has_class("-narrow"))
