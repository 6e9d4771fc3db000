"""The key bar: the hints that fit, by priority; a pointer highlights, explains and presses them."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding

from tests.tui_helpers import monitor, settled
from zdte_tui.tui.widgets.key_bar import PALETTE, Hint, KeyBar, fit


def _hint(name: str, description: str) -> Hint:
    return Hint(name[0], name[0], description, name, True, "")


def test_fit_keeps_hints_by_priority_and_shows_them_in_declared_order():
    hints = [_hint("alpha", "Alpha"), _hint("bravo", "Bravo"), _hint("charlie", "Charlie"),
             _hint(PALETTE, "palette")]  # fmt: skip
    widths = [hint.width for hint in hints]
    assert widths == [8, 8, 10, 10]
    priority = ["charlie", PALETTE, "alpha"]
    assert fit(hints, priority, 36) == hints
    assert fit(hints, priority, 35) == [hints[0], hints[2], hints[3]]  # bravo is unlisted: last
    assert fit(hints, priority, 27) == [hints[2], hints[3]]
    assert fit(hints, priority, 19) == [hints[0], hints[2]]  # the palette's 10 did not fit
    assert fit(hints, priority, 9) == [hints[0]]  # charlie's 10 do not fit: the next that does
    assert fit(hints, priority, 7) == []


def _row(app: App) -> str:
    return "".join(segment.text for segment in app.screen._compositor.render_strips()[-1])


async def test_a_click_on_a_hint_presses_its_key():
    app = monitor()
    async with app.run_test(size=(120, 30)) as pilot:
        await settled(pilot, 1)
        assert app.view == "flow"
        x = _row(app).index("v View")
        assert await pilot.click(KeyBar, offset=(x + 3, 0))
        await pilot.pause()
        assert app.view == "levels"


async def test_the_hint_under_the_pointer_is_highlighted_and_shows_its_tooltip():
    app = monitor()
    async with app.run_test(size=(120, 30)) as pilot:
        await settled(pilot, 1)
        bar = app.query_one(KeyBar)
        x = _row(app).index("v View")

        def background(column: int):
            strip = app.screen._compositor.render_strips()[-1]
            return strip.crop(column, column + 1)._segments[0].style.bgcolor

        plain = background(x)
        await pilot.hover(KeyBar, offset=(x + 1, 0))
        await pilot.pause()
        assert bar.tooltip == next(b.tooltip for b in app._current_bindings() if b.key == "v")
        assert background(x) != plain and background(x + 5) == background(x)
        assert background(x + 6) == plain  # the margin after the hint is not highlighted
        await pilot.hover(KeyBar, offset=(x + 6, 0))
        await pilot.pause()
        assert bar.tooltip is None and background(x) == plain


async def test_a_resize_moves_the_hints_and_leaves_none_highlighted():
    app = monitor()
    async with app.run_test(size=(120, 30)) as pilot:
        await settled(pilot, 1)
        bar = app.query_one(KeyBar)
        await pilot.hover(KeyBar, offset=(_row(app).index("v View") + 1, 0))
        await pilot.pause()
        assert bar.tooltip is not None
        await pilot.resize_terminal(60, 30)
        await pilot.pause()
        assert bar.tooltip is None and bar._hover is None


class _OneKey(App[None]):
    """One key, its action enabled or (check_action says None) disabled: shown, dimmed."""

    BINDINGS = [Binding("n", "nothing", "Nothing yet", id="nothing")]
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, enabled: bool) -> None:
        super().__init__()
        self.enabled = enabled
        self.bells = self.ran = 0

    def compose(self) -> ComposeResult:
        yield KeyBar(["nothing"])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return True if self.enabled or action != "nothing" else None

    def action_nothing(self) -> None:
        self.ran += 1

    def bell(self) -> None:
        self.bells += 1


async def _click_the_hint(enabled: bool) -> tuple[object, int, int]:
    """The description's colour, the bells rung and the actions run after one click."""
    app = _OneKey(enabled)
    async with app.run_test(size=(40, 3)) as pilot:
        await pilot.pause()
        strip = app.screen._compositor.render_strips()[-1]
        assert "".join(s.text for s in strip).startswith("n Nothing yet")
        colour = strip.crop(3, 4)._segments[0].style.color
        assert await pilot.click(KeyBar, offset=(2, 0))
        await pilot.pause()
        return colour, app.bells, app.ran


async def test_a_disabled_hint_is_dimmed_and_a_click_on_it_rings_the_bell():
    enabled_colour, bells, ran = await _click_the_hint(enabled=True)
    assert (bells, ran) == (0, 1)
    disabled_colour, bells, ran = await _click_the_hint(enabled=False)
    assert (bells, ran) == (1, 0)
    assert disabled_colour != enabled_colour
