"""The status line: what is shown, how fresh it is, and how the connection and quota stand."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from textual.markup import escape

from zdte_tui.feed.policy import BUDGET_WARNING_SHARE
from zdte_tui.tui.pane_markup import to_content
from zdte_tui.tui.view_model import STALE_AFTER, age_text, et_clock


class StatusState(NamedTuple):
    """Everything the status line shows, gathered from the app and its feed."""

    symbol: str
    expiration: str | None
    bar: str
    minutes: int
    source: str
    as_of: datetime | None
    now: datetime
    next_refresh_seconds: int | None
    requests: int
    """Made today (UTC)."""
    quota_limit: int | None
    quota_remaining: int | None
    unlimited: bool
    connection: str
    """connecting, ok, retrying or stopped."""
    last_error: str
    paused: bool
    pending: bool
    """Paused with newer data waiting."""
    cursor: datetime | None = None
    """The bar the panes show when the cursor is off live."""


ERROR_CHARS = 36
"""The status line shows this much of the last error; the toast has all of it."""
CONNECTION = {
    "connecting": "[$zd-muted]○ connecting[/]",
    "ok": "[$zd-up]● ok[/]",
    "retrying": "[$warning]◌ retrying[/]",
    "stopped": "[$error]✖ stopped[/]",
}


def _quota(state: StatusState) -> str:
    if state.unlimited:
        return f"req {state.requests} · unlimited"
    if state.quota_limit is None or state.quota_remaining is None:
        return f"req {state.requests}"
    text = f"req {state.requests} · {state.quota_remaining}/{state.quota_limit} left"
    low = state.quota_remaining < BUDGET_WARNING_SHARE * state.quota_limit
    return f"[$warning]{text}[/]" if low else text


def status_fields(state: StatusState) -> list[tuple[int, str, int]]:
    """(priority, markup, visible width): lower priority numbers are dropped last."""
    fields: list[tuple[int, str]] = []
    fields.append((0, f"[b]{escape(state.symbol)}[/]"))
    if state.expiration:
        fields.append((4, f"0DTE {state.expiration}"))
    fields.append((1, f"{state.bar}·{state.minutes}m"))
    if state.paused:
        waiting = " · new data waiting" if state.pending else ""
        fields.append((0, f"[b reverse $warning] PAUSED [/]{waiting}"))
    if state.cursor is not None:
        fields.append((0, f"[b reverse $zd-cursor] AT {et_clock(state.cursor)} ET [/] not live"))
    badge = "$warning" if state.source == "DEMO" else "$accent"
    source = state.source.removeprefix("https://").removeprefix("http://")
    fields.append((2, f"[b reverse {badge}] {escape(source)} [/]"))
    if state.as_of is not None:
        age = state.now - state.as_of
        clock = f"{et_clock(state.as_of)} ET"
        if age > STALE_AFTER:
            fields.append((1, f"[b reverse $error] STALE {age_text(age)} [/] {clock}"))
        else:
            fields.append((1, f"{clock} ({age_text(age)})"))
    fields.append((1, CONNECTION.get(state.connection, state.connection)))
    if state.next_refresh_seconds is not None and not state.paused:
        fields.append((5, f"next {state.next_refresh_seconds}s"))
    fields.append((4, _quota(state)))
    if state.last_error:
        error = state.last_error
        if len(error) > ERROR_CHARS:
            error = error[: ERROR_CHARS - 1] + "…"
        fields.append((2, f"[$error]{escape(error)}[/]"))
    return [(p, m, to_content(m).cell_length) for p, m in fields]


def status_markup(state: StatusState, width: int) -> str:
    fields = status_fields(state)
    separator = " │ " if width >= 70 else "│"
    while len(fields) > 1:
        total = sum(w for _, _, w in fields) + len(separator) * (len(fields) - 1)
        if total <= width:
            break
        worst = max(range(len(fields)), key=lambda i: (fields[i][0], i))
        fields.pop(worst)
    return separator.join(m for _, m, _ in fields)
