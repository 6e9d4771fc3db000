"""Every chart view draws any valid window: one bar, null levels, gaps, flat, huge, negative."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.properties import examples
from zdte_tui.api.models import Regime
from zdte_tui.chart_views import CHART_VIEWS, LEGS_TITLES, TITLES
from zdte_tui.tui.charts.canvas import runs
from zdte_tui.tui.charts.views import VIEWS
from zdte_tui.tui.themes import SEMANTIC
from zdte_tui.tui.view_model import ChartData, ChartLine

COLOURS = dict.fromkeys(SEMANTIC, "white")
MAGNITUDES = st.sampled_from([1e-6, 1e-2, 1.0, 600.0, 6e3, 2e9, 5e13])


@st.composite
def windows(draw) -> ChartData:
    count = draw(st.integers(1, 80))
    scale = draw(MAGNITUDES)
    shape = draw(st.sampled_from(["random", "flat", "null", "alternate"]))

    def series(nullable: bool = True, sign: bool = True) -> tuple[float | None, ...]:
        if shape == "flat":
            value = draw(st.floats(-1, 1)) * scale if sign else scale
            return (value,) * count
        low = -scale if sign else 0.0
        values = draw(st.lists(st.floats(low, scale), min_size=count, max_size=count))
        if nullable and shape == "null":
            return (None,) * count
        if nullable and shape == "alternate":
            return tuple(None if i % 2 else v for i, v in enumerate(values))
        return tuple(values)

    regimes = draw(st.lists(st.sampled_from(list(Regime)), min_size=count, max_size=count))
    cursor = draw(st.none() | st.integers(0, count - 1))
    minutes = tuple(570.0 + 0.5 * i for i in range(count))
    kinds = ("flip", "call-wall", "put-wall", "magnet")
    lines = tuple(ChartLine(k, k, v) for k, v in zip(kinds, series(False), strict=False))
    return ChartData(
        minutes_et=minutes, spot=series(), flow_all=series(), flow_call=series(),
        flow_put=series(), lines=lines, gamma_flip=series(), call_wall=series(),
        put_wall=series(), magnet=series(), net_gex=series(), net_dex=series(),
        regime=tuple(regimes), pin_score=series(sign=False),
        pin_probability_pct=series(sign=False), charm=series(), atm_iv_pct=series(sign=False),
        cursor_minute=None if cursor is None else minutes[cursor],
    )  # fmt: skip


@settings(max_examples=examples(60), deadline=None)
@given(
    data=windows(),
    name=st.sampled_from(CHART_VIEWS),
    size=st.sampled_from([(16, 5), (40, 12), (66, 20), (118, 36)]),
    legs=st.booleans(),
)
def test_every_view_draws_any_valid_window(data, name, size, legs):
    width, height = size
    lines = VIEWS[name].draw(data, width, height, COLOURS, legs).plain.splitlines()
    assert len(lines) == height
    assert all(len(line) == width for line in lines)


def test_every_view_is_registered_with_titles():
    assert tuple(VIEWS) == tuple(TITLES) == CHART_VIEWS
    for name, titles in (*TITLES.items(), *LEGS_TITLES.items()):
        assert titles[-1] == name  # the narrowest title still names the view


def test_runs_split_at_gaps():
    xs = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert runs(xs, (1.0, None, 3.0, 4.0, math.nan)) == [([1.0], [1.0]), ([3.0, 4.0], [3.0, 4.0])]


@pytest.mark.parametrize("name", CHART_VIEWS)
def test_the_cursor_draws_a_vertical_line_in_every_view(name):
    count = 40
    minutes = tuple(780.0 + i for i in range(count))
    trace = tuple(1.0 + i for i in range(count))
    data = ChartData(
        minutes_et=minutes, spot=trace, flow_all=trace, flow_call=trace, flow_put=trace,
        lines=(), gamma_flip=trace, call_wall=trace, put_wall=trace, magnet=trace,
        net_gex=trace, net_dex=trace, regime=(Regime.POSITIVE,) * count, pin_score=trace,
        pin_probability_pct=trace, charm=trace, atm_iv_pct=trace,
    )  # fmt: skip
    live = VIEWS[name].draw(data, 80, 24, COLOURS, False).plain
    marked = (
        VIEWS[name]
        .draw(data._replace(cursor_minute=minutes[10]), 80, 24, COLOURS, False)
        .plain
    )
    before, after = live.splitlines()[1:-3], marked.splitlines()[1:-3]

    def added(i: int) -> int:
        return sum(a[i] == "│" != b[i] for a, b in zip(after, before, strict=True))

    assert max(added(i) for i in range(80)) >= len(after) // 2  # a vertical line, most rows


def test_sparkline_keeps_the_last_value_of_each_cell_and_shows_gaps():
    from zdte_tui.tui.sparkline import sparkline

    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8], 8) == "▁▂▃▄▅▆▇█"
    assert sparkline([1.0, None, 3.0], 8) == "▁ █"
    assert sparkline([5.0] * 100, 8) == "▄" * 8  # flat: mid-height
    assert sparkline(list(range(120)), 8) == "▁▂▃▄▅▆▇█"  # 15 bars a cell, the last of each
    assert sparkline([None, None], 4) == "  " and sparkline([], 4) == ""


def test_regime_marks_never_hide_a_change_or_read_in_an_impossible_order():
    from zdte_tui.tui.charts.views import REGIME_MARKS, SEVERAL, regime_marks

    pos, neg = Regime.POSITIVE, Regime.NEGATIVE
    regimes = (pos,) * 50 + (neg, pos) * 5 + (pos,) * 40 + (neg,) * 10
    xs = [float(i) for i in range(len(regimes))]
    marks = regime_marks(xs, regimes, 40)
    assert any(mark == SEVERAL for _, mark, _ in marks)  # ten changes share a few columns
    assert marks[-1] == (100.0, REGIME_MARKS[neg], neg)  # a lone change keeps its own mark
    for (_, a, _), (_, b, _) in pairwise(marks):  # two lone changes in a row alternate
        assert SEVERAL in (a, b) or a != b


def test_price_and_money_axes_tick_at_round_values():
    from zdte_tui.tui.charts.canvas import nice_ticks

    assert nice_ticks(598.9, 606.0) == [600, 602, 604, 606]
    assert 0.0 in nice_ticks(-2.38e9, 1.48e9)  # the zero line is labelled
    assert nice_ticks(5.0, 5.0) == [5.0]
