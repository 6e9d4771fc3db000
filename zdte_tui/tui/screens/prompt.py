"""A one-line prompt: enter submits (if valid), escape cancels. Used for the symbol and for seek."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import Function
from textual.widgets import Input, Label

SYMBOL_PROMPT = "Symbol (SPY, SPX, QQQ, IWM, XSP have a 0DTE every weekday)"


class PromptScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(
        self,
        label: str,
        placeholder: str,
        valid: Callable[[str], bool],
        refusal: str = "not a valid entry",
    ) -> None:
        super().__init__()
        self._label = label
        self._placeholder = placeholder
        self._valid = valid
        self._refusal = refusal

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(self._label)
            yield Input(
                placeholder=self._placeholder,
                validators=[Function(self._valid, self._refusal)],
                id="prompt-input",
            )
            yield Label("", id="prompt-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.validation_result is not None and not event.validation_result.is_valid:
            self.query_one("#prompt-error", Label).update(
                "; ".join(event.validation_result.failure_descriptions)
            )
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
