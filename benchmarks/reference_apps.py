"""The reference apps of the start figures: the bare Textual app and the stack's floor (see
`benchmarks.apps`). Apart from it, so that the monitor's process imports no Textual before
`zdte-tui`'s entry point does."""

from __future__ import annotations

import sys
import time

from textual.app import App, ComposeResult
from textual.widgets import Static

from benchmarks.lab_moment import LAB_AT

MARKER = "READY-MARKER"


class BareApp(App[None]):
    """The reference: a bare Textual app with one Static."""

    def __init__(self, t0: float, tty: bool) -> None:
        super().__init__()
        self.t0, self.tty = t0, tty

    def compose(self) -> ComposeResult:
        yield Static(MARKER)

    def on_mount(self) -> None:
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        print(f"first-frame {time.time() - self.t0:.4f}", file=sys.__stdout__, flush=True)
        if not self.tty:
            self.exit()


class FloorApp(BareApp):
    """The least any monitor on this stack does before data is on screen: the bare app, plus
    httpx fetching a series body from a loopback server (`url`), the pydantic models validating
    it, and plotext. No widgets of ours. Without `url`, the body is the embedded lab's first
    answer at LAB_AT instead, computed in-process (httpx still loaded, as the embedded lab's
    transport is an httpx one)."""

    def __init__(self, t0: float, url: str | None) -> None:
        super().__init__(t0, tty=False)
        self.url = url

    async def on_mount(self) -> None:
        body = None
        if self.url:
            from zdte_tui.api.httpx_import import httpx

            async with httpx.AsyncClient(verify=False) as client:
                body = (await client.get(self.url)).content
        first_data_without_widgets(body)
        super().on_mount()


def first_data_without_widgets(body: bytes | None) -> None:
    """What every monitor on this stack does before data can be drawn: load httpx, plotext and
    the pydantic models, and validate the body (`None`: the embedded lab's first answer at
    LAB_AT, computed here)."""
    import plotext  # noqa: F401  (its import is the cost being measured)

    from zdte_tui.api.httpx_import import httpx  # noqa: F401  (any source's client is httpx's)
    from zdte_tui.api.models import SeriesResponse

    SeriesResponse.model_validate_json(_lab_first_answer() if body is None else body)


def _lab_first_answer() -> bytes:
    from zdte_tui.api.bars import BarSize
    from zdte_tui.lab.clock import lab_clock
    from zdte_tui.lab.service import Lab

    return Lab(lab_clock(LAB_AT), 0).series("SPY", BarSize.M1, 120).model_dump_json().encode()
