"""The `?` overlay: every key, as currently bound (so a remapped key shows its new key)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
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

    @property
    def text(self) -> str:
        """The keys as plain text, a key and its description a line."""
        width = max(len(key) for key, _ in self._keys)
        return "\n".join(f"{key:>{width}}  {what}" for key, what in self._keys)

    def compose(self) -> ComposeResult:
        """Keys in one column, what they do in the other: a long description wraps in its own
        column instead of under the keys."""
        with VerticalScroll(id="help-box"):
            yield Static(Content.styled("zdte-tui keys\n", "bold"))
            with Container(id="help-keys"):
                for key, what in self._keys:
                    yield Static(key, classes="help-key")
                    yield Static(Content(what))
            yield Static(
                Content.styled(
                    "\nctrl+p opens the command palette with every action. Times are ET; flow is "
                    "cumulative since 09:30 ET. esc closes.",
                    "$text-muted",
                )
            )
