"""The `?` overlay: every key, as currently bound (so a remapped key shows its new key)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="help.close"),
        Binding("question_mark", "dismiss", "Close", id="help.close_key", show=False),
        Binding("q", "dismiss", "Close", id="help.close_q", show=False),
    ]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self._keys = keys

    def compose(self) -> ComposeResult:
        width = max(len(key) for key, _ in self._keys)
        parts: list[str | tuple[str, str]] = [("zdte-tui keys\n\n", "bold")]
        for key, what in self._keys:
            parts += [(f"{key:>{width}}", "bold $accent"), f"  {what}\n"]
        parts.append(
            (
                "\nctrl+p opens the command palette with every action.\n"
                "Times are ET; flow is cumulative since 09:30 ET. esc closes.",
                "$text-muted",
            )
        )
        with VerticalScroll(id="help-box"):
            yield Static(Content.assemble(*parts))
