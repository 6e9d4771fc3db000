"""Where plotext puts a value on the character grid, so labels that would share a row merge.

plotext maps a value v on an axis spanning `lim` to the canvas row
floor(0.5 + (rows - 1)·(v - low)/(high - low)), for lines and text alike (its
`utility.get_matrix_data`). Labels of levels that map to the same row would overprint, so they
are drawn as one label, `flip·CW`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

PLOT_FRAME_ROWS = 3
"""Rows of a chart's height that are not canvas: the top and bottom frame and the time labels."""
JOINER = "·"


def canvas_row(value: float, low: float, high: float, rows: int) -> int:
    """The canvas row (0 at the bottom) that plotext draws `value` on."""
    if high <= low or rows <= 1:
        return 0
    return math.floor(round(0.5 + (rows - 1) * (value - low) / (high - low), 8))


def rows_of_labels(values: Sequence[float], low: float, high: float, rows: int) -> list[list[int]]:
    """Indices of `values` grouped by the canvas row they land on, bottom row first; each group
    is one label."""
    groups: dict[int, list[int]] = {}
    for index, value in enumerate(values):
        groups.setdefault(canvas_row(value, low, high, rows), []).append(index)
    return [groups[row] for row in sorted(groups)]
