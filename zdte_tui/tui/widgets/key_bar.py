"""The key hints, one row at the bottom: those that fit the width whole, most useful first.

One widget draws every hint as one line of text. Textual's Footer mounts a widget per hint
(about twenty here); composing, styling and laying those out cost about 35 ms and 1.2 MiB on
the way to the first data frame, and drew nothing until that frame had gone (issue 18). This
row is in the first frame and costs well under a millisecond.

It looks as Textual's compact Footer does, in its colours (`$footer-*`), and does what the
Footer's hints do for a pointer: the hint under it is highlighted and shows its tooltip, and a
click presses the key (a disabled one rings the bell).

Which hints are kept: in the order of `priority` (binding ids), each hint, and the palette's,
that still fits (key, space, description, one cell of margin; the palette's margin is its left
border). The kept ones show in their declared order, the palette's at the right edge. `?` and
the palette list every key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

PALETTE = "palette"
"""Stands for the command palette's hint in `priority`."""
PALETTE_BORDER = "▏"
"""The palette hint's left border, as the Footer draws it (`border-left: vkey`)."""


class Hint(NamedTuple):
    """One key hint: `name` is its binding's id, or PALETTE."""

    key: str
    display: str
    description: str
    name: str
    enabled: bool
    tooltip: str

    @property
    def width(self) -> int:
        """Cells it takes: key, space, description and its margin (the palette's: its border)."""
        return cell_len(self.display) + 1 + cell_len(self.description) + 1


def fit(hints: Sequence[Hint], priority: Sequence[str], width: int) -> list[Hint]:
    """The hints that fit `width` whole, kept in the order of `priority` (unlisted ones last,
    in their own order), shown in their declared order."""

    def rank(index: int) -> tuple[int, int]:
        name = hints[index].name
        return (priority.index(name) if name in priority else len(priority), index)

    room, kept = width, set()
    for index in sorted(range(len(hints)), key=rank):
        if hints[index].width <= room:
            kept.add(index)
            room -= hints[index].width
    return [hint for index, hint in enumerate(hints) if index in kept]


class KeyBar(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--hover",
        "key-bar--palette-border",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        text-wrap: nowrap;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--hover {
            background: $block-hover-background;
        }
        & > .key-bar--palette-border {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, priority: Sequence[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self._priority = tuple(priority)
        self._hover: Hint | None = None
        self._spans: list[tuple[int, int, Hint]] = []
        """Where each shown hint is drawn: first and past-last column, the hint."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        self._leave_hover()
        self.refresh()

    def on_resize(self, _event: events.Resize) -> None:
        self._leave_hover()  # the hints move: the one under the pointer is another

    def _leave_hover(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None

    def hints(self) -> list[Hint]:
        """Every hint the screen's bindings give, in declared order (the first binding of each
        action, as the Footer shows them), then the palette's."""
        app = self.app
        active = self.screen.active_bindings
        hints: dict[str, Hint] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in hints:
                hints[binding.action] = Hint(binding.key, app.get_key_display(binding),
                                             binding.description, binding.id or "", enabled,
                                             tooltip)  # fmt: skip
        found = list(hints.values())
        palette = active.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
        if palette is not None:
            _node, binding, enabled, _tooltip = palette
            tooltip = binding.tooltip or binding.description
            found.append(Hint(binding.key, app.get_key_display(binding), binding.description,
                              PALETTE, enabled, tooltip))  # fmt: skip
        return found

    def render(self) -> Text:
        width = self.size.width
        shown = fit(self.hints(), self._priority, width)
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        hover = Style(bgcolor=self.get_component_rich_style("key-bar--hover").bgcolor)
        border = self.get_component_rich_style("key-bar--palette-border")
        line = Text(no_wrap=True, end="")
        self._spans = []
        for hint in shown:
            if hint.name == PALETTE:  # docked right as the Footer's: over the last margin
                room = width - hint.width - 1 - line.cell_len
                if room >= 0:
                    line.append(" " * room)
                else:
                    line.right_crop(-room)
                line.append(PALETTE_BORDER, border)
            start = line.cell_len
            styles = [key_style, description_style]
            if hint == self._hover:
                styles = [style + hover for style in styles]
            if not hint.enabled:
                styles = [style + Style(dim=True) for style in styles]
            line.append(hint.display, styles[0])
            line.append(" " + hint.description, styles[1])
            self._spans.append((start, line.cell_len, hint))
            line.append(" ")
        line.rstrip()  # the last margin is the row's own background, drawn as the Footer's
        return line

    def _hint_at(self, x: int) -> Hint | None:
        return next((hint for start, end, hint in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hint = self._hint_at(event.x)
        if hint != self._hover:
            self._hover = hint
            self.tooltip = hint.tooltip if hint is not None and hint.tooltip else None
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hover is not None:
            self._leave_hover()
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        hint = self._hint_at(event.x)
        if hint is None:
            return
        if hint.enabled:
            self.app.simulate_key(hint.key)
        else:
            self.app.bell()
