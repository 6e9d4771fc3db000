"""The `s` prompt: type a symbol, enter to switch, escape to keep the current one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import Function
from textual.widgets import Input, Label


def valid_symbol(text: str) -> bool:
    clean = text.strip()
    return 0 < len(clean) <= 12 and all(c.isalnum() or c in "._-^/" for c in clean)


class SymbolScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="symbol.cancel")]

    def __init__(self, current: str) -> None:
        super().__init__()
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="symbol-box"):
            yield Label("Symbol (SPY, SPX, QQQ, IWM, XSP have a 0DTE every weekday)")
            yield Input(
                placeholder=self._current,
                validators=[Function(valid_symbol, "letters, digits and . _ - ^ / only")],
                id="symbol-input",
            )
            yield Label("", id="symbol-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.validation_result is not None and not event.validation_result.is_valid:
            self.query_one("#symbol-error", Label).update(
                "; ".join(event.validation_result.failure_descriptions)
            )
            return
        self.dismiss(event.value.strip().upper())

    def action_cancel(self) -> None:
        self.dismiss(None)
