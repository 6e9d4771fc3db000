"""The monitor's first frame is its layout and status line, drawn before what only data needs
(httpx, pydantic, plotext, the lab's numpy) is loaded and before any data has come."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap

from tests.tui_helpers import lab_transport, monitor, settled, until
from zdte_tui.tui.widgets.empty_state import EmptyState
from zdte_tui.tui.widgets.series_chart import SeriesChart

DATA_ONLY = ("httpx", "pydantic", "plotext", "numpy")
ON_FIRST_USE = ("zdte_tui.tui.screens.overview", "zdte_tui.tui.screens.help",
                "zdte_tui.tui.screens.prompt")  # fmt: skip
"""Screens loaded when first opened: not for the first frame, nor for the data."""

FIRST_FRAME = textwrap.dedent(
    """
    import sys
    from zdte_tui.config import load_settings
    from zdte_tui.source import data_source
    from zdte_tui.tui.app import MonitorApp

    DATA_ONLY = {DATA_ONLY!r}
    ON_FIRST_USE = {ON_FIRST_USE!r}

    def loaded():
        return sorted({{m.split(".")[0] for m in sys.modules}} & set(DATA_ONLY))

    class Probe(MonitorApp):
        def on_mount(self):
            self.call_after_refresh(self.first_frame)  # before the monitor's own callbacks

        def first_frame(self):
            status = str(self.query_one("#status").render())
            print("first-frame", loaded(), "status" if "DEMO" in status else "no status")

        def _render_view(self, view):
            super()._render_view(view)
            if view.bar_count:
                self.call_after_refresh(self.data_frame)

        def data_frame(self):
            print("data", loaded(), [m for m in ON_FIRST_USE if m in sys.modules])
            self.exit()

    Probe(data_source(load_settings({{"demo": True}}, None))).run(headless=True, size=(120, 40))
    """
).format(DATA_ONLY=DATA_ONLY, ON_FIRST_USE=ON_FIRST_USE)


def test_the_layout_is_drawn_before_the_data_side_is_loaded():
    """As `zdte-tui` starts the monitor, in a fresh interpreter: the first frame (with its
    status line) is painted with none of the data-only libraries loaded; they load after it."""
    out = subprocess.run([sys.executable, "-c", FIRST_FRAME], capture_output=True, text=True,
                         timeout=120, check=True).stdout.splitlines()  # fmt: skip
    assert out[0] == "first-frame [] status"
    assert out[1] == f"data {sorted(DATA_ONLY)} []"


async def test_the_first_frame_shows_the_layout_and_status_before_any_data():
    transport = lab_transport()
    transport.hold = asyncio.Event()  # the first answer waits
    app = monitor(transport)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.answered == 0 and not transport.responses
        status = str(app.query_one("#status").render())
        assert "SPY" in status and "connecting" in status
        assert "Fetching SPY" in str(app.query_one(EmptyState).render())
        assert app.query_one(SeriesChart).builds == 0
        assert await until(pilot, lambda: len(transport.requests) == 1)
        transport.hold.set()
        await settled(pilot, 1)
        assert app.answered == 1 and app.query_one(SeriesChart).builds == 1
