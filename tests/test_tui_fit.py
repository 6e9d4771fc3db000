"""At every width the footer shows whole key hints and the panes whole phrases."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.content import Content
from textual.markup import escape

from tests.tui_helpers import monitor, settled
from zdte_tui.chart_views import TITLES
from zdte_tui.tui.fit import cells, fit_line
from zdte_tui.tui.widgets.pin_gauge import PinGauge
from zdte_tui.tui.widgets.regime import RegimeBadge
from zdte_tui.tui.widgets.series_chart import SeriesChart

WIDTHS = [40, 45, 50, 60, 80, 99, 100, 101, 110, 120, 140, 200]


async def _bottom_row(pilot) -> str:
    """The footer row's text, as drawn."""
    app = pilot.app
    strips = app.screen._compositor.render_strips()
    return "".join(segment.text for segment in strips[-1]).rstrip()


@pytest.mark.parametrize("width", WIDTHS)
async def test_the_footer_shows_only_whole_hints(width):
    app = monitor()
    async with app.run_test(size=(width, 30)) as pilot:
        await settled(pilot, 1)
        await pilot.pause()
        row = await _bottom_row(pilot)
        hints = [
            f"{app.get_key_display(b)} {b.description}" for b in app._current_bindings() if b.show
        ] + ["^p palette"]
        rest = row.replace("▏", " ")
        for hint in sorted(hints, key=len, reverse=True):
            rest = rest.replace(hint, " ")
        assert rest.strip() == "", f"not a whole hint at {width} columns: {rest.strip()!r}"
        assert "? Help" in row and "q Quit" in row
        if width >= 100:
            assert "[ Shorter lookback" in row and "] Longer lookback" in row
            assert "b Bar size" in row and "c Flow legs" in row


@pytest.mark.parametrize("width", [*WIDTHS, 103, 107, 113])
async def test_pin_and_regime_lines_fit_their_panes_whole(width):
    app = monitor()
    async with app.run_test(size=(width, 30)) as pilot:
        await settled(pilot, 1)
        await pilot.pause()
        for pane in (app.query_one(PinGauge), app.query_one(RegimeBadge)):
            room = pane.content_size.width
            for line in pane._markup.splitlines():
                assert cells(line) <= room, f"{type(pane).__name__} at {width}: {line!r}"
        chart = app.query_one(SeriesChart)
        if width >= 100:  # the chart pane has a border and a title in the wide layout
            assert chart.border_title in TITLES["flow"]
            assert cells(chart.border_title) <= chart.size.width - 4


def test_fit_line_shortens_the_last_parts_first_and_keeps_the_first():
    parts = [["P(pin) 41.7%"], ["magnet 605.00  spot +1.04 from magnet", "magnet 605.00"]]
    assert fit_line(parts, 80) == "P(pin) 41.7%  magnet 605.00  spot +1.04 from magnet"
    assert fit_line(parts, 30) == "P(pin) 41.7%  magnet 605.00"
    assert fit_line(parts, 5) == "P(pin) 41.7%  magnet 605.00"
    assert fit_line([["a"], ["bbbb", ""]], 3) == "a"


@given(
    texts=st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"),
                                         exclude_characters="[]\\")) | st.just("[b] and [/]"),
                   min_size=1, max_size=4),
    tags=st.lists(st.sampled_from(["b", "$zd-flip", "b reverse $zd-muted", "$warning"]),
                  min_size=4, max_size=4),
)  # fmt: skip
def test_cells_measures_markup_as_textual_draws_it(texts, tags):
    """Text from a server is escaped; a tag-like text then shows as text, as measured."""
    markup = "".join(f"[{tag}]{escape(text)}[/]" for text, tag in zip(texts, tags, strict=False))
    assert cells(markup) == Content.from_markup(markup).cell_length
