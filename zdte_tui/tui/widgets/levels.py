"""The key levels: each with its distance from spot and its move since the previous bar, and in
wide panes a sparkline of its own series over the window."""

from __future__ import annotations

from textual.markup import escape

from zdte_tui.tui.fit import cells
from zdte_tui.tui.sparkline import sparkline
from zdte_tui.tui.view_model import DOWN, UP, SeriesView, Trace
from zdte_tui.tui.widgets.model_view import ModelView

WIDE_METRICS = 60
"""Condensed metrics fit two lines from this width, three below it."""
COMPACT_BELOW = 44
"""Below this many columns the distance in % and the move amount are dropped."""
ROW_CELLS = 44
"""The widest level row without its sparkline (label, value, $ and % distance, move)."""
MIN_SPARK, MAX_SPARK = 4, 16
"""Sparklines show when at least this many cells are left after a row, and use at most this."""


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
    spark = 0 if condensed else min(width - ROW_CELLS - 1, MAX_SPARK)
    spark = spark if spark >= MIN_SPARK else 0

    def traced(line: str, trace: Trace, kind: str) -> str:
        if not spark or not trace:
            return line
        pad = " " * max(ROW_CELLS - cells(line), 0)
        return f"{line}{pad} [$zd-{kind}]{sparkline(trace, spark)}[/]"

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
        line = f"[$zd-{row.kind}]{row.label:<10}[/] [b]{value}[/] {detail} {move}".rstrip()
        lines.append(traced(line, row.trace, row.kind))
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
        line = f"{metric.label:<10} [b]{metric.value:>9}[/]{unit}".rstrip()
        lines.append(traced(line, metric.trace, "muted"))
    return "\n".join(lines)


class LevelsPanel(ModelView[SeriesView]):
    """Spot, flip, walls, magnet; then net GEX, net DEX, ATM IV and charm, in $K/$M/$B."""

    def markup(self, model: SeriesView, width: int) -> str:
        return levels_markup(model, width, condensed=self.screen.has_class("-narrow"))
