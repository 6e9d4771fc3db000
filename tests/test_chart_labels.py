"""Level labels on the chart: levels on one character row share one label, at every size."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zdte_tui.tui.charts.views import draw_flow
from zdte_tui.tui.themes import SEMANTIC
from zdte_tui.tui.view_model import ChartData, ChartLine
from zdte_tui.tui.widgets.chart_rows import canvas_row, rows_of_labels

COLOURS = dict.fromkeys(SEMANTIC, "white")


def chart(lines: tuple[ChartLine, ...], count: int = 60) -> ChartData:
    spot = tuple(588 + 4 * i / (count - 1) for i in range(count))
    return ChartData(
        minutes_et=tuple(780.0 + i for i in range(count)),
        spot=spot,
        flow_all=tuple(1e9 * i for i in range(count)),
        flow_call=tuple(2e9 * i for i in range(count)),
        flow_put=tuple(-1e9 * i for i in range(count)),
        lines=lines,
    )


def drawn(data: ChartData, width: int, height: int) -> list[str]:
    return draw_flow(data, width, height, COLOURS, False).plain.splitlines()


LABEL = re.compile(r"(?:flip|CW|PW|mag)(?:·(?:flip|CW|PW|mag))*")


@pytest.mark.parametrize("width", [40, 50, 66, 100, 120])
@pytest.mark.parametrize("height", [6, 10, 17, 24, 36])
def test_close_levels_share_one_readable_label(width, height):
    lines = (
        ChartLine("flip", "flip", 590.04),
        ChartLine("call wall", "call-wall", 590.00),
        ChartLine("put wall", "put-wall", 588.00),
        ChartLine("magnet", "magnet", 588.02),
    )
    rows = drawn(chart(lines), width, height)
    labels = [(i, m.group()) for i, row in enumerate(rows) for m in LABEL.finditer(row)]
    names = [name for _, label in labels for name in label.split("·")]
    assert sorted(names) == ["CW", "PW", "flip", "mag"]  # each level named once, whole
    assert len({i for i, _ in labels}) == len(labels)  # never two labels on one row
    for index, _ in labels:
        assert "─" in rows[index]  # a label sits on its own level's line


def test_levels_a_row_apart_keep_their_own_labels():
    lines = (ChartLine("flip", "flip", 591.5), ChartLine("call wall", "call-wall", 589.0))
    text = "\n".join(drawn(chart(lines), 100, 30))
    assert "flip·CW" not in text and "flip" in text and "CW" in text


@given(
    values=st.lists(st.floats(580, 600), min_size=1, max_size=6),
    rows=st.integers(2, 60),
)
def test_label_groups_partition_the_levels_and_never_share_a_row(values, rows):
    groups = rows_of_labels(values, 579.0, 601.0, rows)
    assert sorted(i for group in groups for i in group) == list(range(len(values)))
    landed = [{canvas_row(values[i], 579.0, 601.0, rows) for i in group} for group in groups]
    assert all(len(row) == 1 for row in landed)
    assert len({next(iter(row)) for row in landed}) == len(groups)
