"""A series as a one-line trace of block characters, scaled to its own range."""

from __future__ import annotations

import math
from collections.abc import Sequence

BLOCKS = "▁▂▃▄▅▆▇█"
GAP = " "
"""A cell whose bars have no value."""


def sparkline(values: Sequence[float | None], cells: int) -> str:
    """`cells` characters: each the last value of its share of the bars (last-in-bucket, like
    the endpoint's own downsampling), low to high as ▁ to █. A flat series sits mid-height."""
    if cells <= 0 or not values:
        return ""
    count = len(values)
    shown = min(cells, count)
    picked: list[float | None] = []
    for cell in range(shown):
        start, end = cell * count // shown, (cell + 1) * count // shown
        last = None
        for index in range(end - 1, start - 1, -1):  # from the end: usually the first one
            value = values[index]
            if value is not None and math.isfinite(value):
                last = value
                break
        picked.append(last)
    known = [v for v in picked if v is not None]
    if not known:
        return GAP * len(picked)
    low, high = min(known), max(known)
    top = len(BLOCKS) - 1
    out = []
    for value in picked:
        if value is None:
            out.append(GAP)
        elif high - low <= abs(high) * 1e-12:
            out.append(BLOCKS[top // 2])
        else:
            out.append(BLOCKS[round((value - low) / (high - low) * top)])
    return "".join(out)
