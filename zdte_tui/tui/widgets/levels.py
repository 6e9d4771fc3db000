"""The key levels: each with its distance from spot and its move since the previous bar."""

from __future__ import annotations

from textual.markup import escape

from zdte_tui.tui.view_model import DOWN, UP, SeriesView
from zdte_tui.tui.widgets.model_view import ModelView

WIDE_METRICS = 60
"""Condensed metrics fit two lines from this width, three below it."""
COMPACT_BELOW = 44
"""Below this many columns the distance in % and the move amount are dropped."""


def _move_markup(move: str, compact: bool) -> str:
    if not move:
        return ""
    colour = (
        "$zd-up" if move.startswith(UP) else "$zd-down" if move.startswith(DOWN) else "$zd-muted"
    )
    return f"[{colour}]{move[0] if compact else move}[/]"


def levels_markup(view: SeriesView, width: int, condensed: bool = False) -> str:
    """`condensed` (narrow panes): the metrics on two lines under the levels."""
    compact = width < COMPACT_BELOW
    lines = []
    for row in view.levels:
        value = f"{row.value:>9}"
        if row.reason:
            detail = f"[$zd-muted]{escape(row.reason)}[/]"
        elif compact:
            detail = f"{row.distance_usd:>7}"
        else:
            detail = f"{row.distance_usd:>7} {row.distance_pct:>7}"
        move = _move_markup(row.move, compact)
        lines.append(f"[$zd-{row.kind}]{row.label:<10}[/] [b]{value}[/] {detail} {move}".rstrip())
    if condensed:
        v = {m.label.strip(): f"[b]{m.value}[/]" for m in view.metrics}
        gex = f"GEX {v['net GEX']}  DEX {v['net DEX']}  IV {v['ATM IV']}"
        flow = f"flow {v['flow all']} since 09:30"
        legs = f"calls {v['calls']}  puts {v['puts']}"
        if width >= WIDE_METRICS:
            return "\n".join([*lines, f"{gex}  charm {v['charm']}/h", f"{flow} ({legs})"])
        return "\n".join([*lines, gex, f"charm {v['charm']}/h  {flow}", legs])
    lines.append("")
    for metric in view.metrics:
        unit = "" if compact else f" [$zd-muted]{metric.unit}[/]"
        lines.append(f"{metric.label:<10} [b]{metric.value:>9}[/]{unit}".rstrip())
    return "\n".join(lines)


class LevelsPanel(ModelView[SeriesView]):
    """Spot, flip, walls, magnet; then net GEX, net DEX, ATM IV and charm, in $K/$M/$B."""

    def markup(self, model: SeriesView, width: int) -> str:
        return levels_markup(model, width, condensed=self.screen.has_class("-narrow"))
