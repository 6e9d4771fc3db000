"""The monitor's first frame is its layout and status line, drawn before what only data needs
(httpx, pydantic, plotext, the lab's numpy) is loaded and before any data has come."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
from datetime import time

import pytest

from tests.lab_helpers import frozen_clock
from tests.servers import running
from tests.tui_helpers import lab_transport, monitor, settled, until
from zdte_tui.lab.service import Lab
from zdte_tui.serving.app import create_app
from zdte_tui.tui.widgets.empty_state import EmptyState
from zdte_tui.tui.widgets.series_chart import SeriesChart

DATA_ONLY = ("httpx", "pydantic", "plotext", "numpy")
ON_FIRST_USE = ("zdte_tui.tui.screens.overview", "zdte_tui.tui.screens.help",
                "zdte_tui.tui.screens.prompt")  # fmt: skip
"""Screens loaded when first opened: not for the first frame, nor for the data."""

FIRST_FRAME = textwrap.dedent(
    """
    import gc
    import sys
    import zdte_tui.tui.app
    from zdte_tui.cli import main

    DATA_ONLY = {DATA_ONLY!r}
    ON_FIRST_USE = {ON_FIRST_USE!r}
    FIRST_FRAME_ONLY = "http://127.0.0.1:9" in sys.argv  # nothing listens there

    def loaded():
        return sorted({{m.split(".")[0] for m in sys.modules}} & set(DATA_ONLY))

    class Probe(zdte_tui.tui.app.MonitorApp):
        def run(self, **_):
            return super().run(headless=True, size=(120, 40))

        def on_mount(self):
            self.call_after_refresh(self.first_frame)  # before the monitor's own callbacks

        def first_frame(self):
            status = str(self.query_one("#status").render())
            keys = "keys" if "q Quit" in self.query_one("KeyBar").render().plain else "no keys"
            print("first-frame", loaded(), "status" if "SPY" in status else "no status", keys)
            print("frozen", gc.get_freeze_count(), gc.isenabled())
            if FIRST_FRAME_ONLY:
                self.exit()

        def _render_view(self, view):
            super()._render_view(view)
            if view.bar_count:
                self.call_after_refresh(self.data_frame)

        def data_frame(self):
            print("data", loaded(), [m for m in ON_FIRST_USE if m in sys.modules])
            print("frozen", gc.get_freeze_count(), gc.isenabled())
            self.call_after_refresh(self.next_frame)

        def next_frame(self):
            print("frozen", gc.get_freeze_count(), gc.isenabled())
            self.exit()

    zdte_tui.tui.app.MonitorApp = Probe  # what `zdte-tui` runs, timed by its frames
    sys.exit(main(sys.argv[1:]))
    """
).format(DATA_ONLY=DATA_ONLY, ON_FIRST_USE=ON_FIRST_USE)


def _first_frames(tmp_path, *argv: str, key: str | None = None) -> list[str]:
    """`zdte-tui ARGV` in a fresh interpreter, through its entry point, with no config file."""
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path),
           "ZDTE_CONFIG": str(tmp_path / "none.toml")}  # fmt: skip
    if key:
        env["FLASHALPHA_API_KEY"] = key
    out = subprocess.run([sys.executable, "-c", FIRST_FRAME, *argv], capture_output=True,
                         text=True, timeout=120, check=True, env=env)  # fmt: skip
    return out.stdout.splitlines()


def test_the_layout_is_drawn_before_the_data_side_is_loaded(tmp_path):
    """As `zdte-tui` starts the monitor on the embedded lab: the first frame (with its status
    line and key hints) is painted with none of the data-only libraries loaded; they load
    after it."""
    out = _first_frames(tmp_path, "--demo")
    assert out[0] == "first-frame [] status keys"
    assert out[2] == f"data {sorted(DATA_ONLY)} []"


@pytest.mark.parametrize("source", ["lab", "server"])
def test_what_lives_for_the_run_is_kept_from_the_collector(tmp_path, source):
    """What is loaded for the first frame, and then for the data, is frozen (never rescanned by
    a full collection): tens of thousands of objects, more once the data side has loaded.
    Collections pause from the first frame; with a server they resume once the first answer is
    on the screen (no collection stands between the start and the data), with the embedded lab
    at the connect (its first answer is the run's peak of memory)."""
    if source == "lab":
        out = _first_frames(tmp_path, "--demo")
    else:
        with running(create_app(Lab(frozen_clock(time(11, 0)), seed=7))) as url:
            out = _first_frames(tmp_path, "--base-url", url, key="k" * 24)
    first, data, after = (line.split()[1:] for line in out if line.startswith("frozen"))
    assert out[2].startswith("data ")
    assert int(first[0]) > 20_000 and first[1] == "False"
    assert data[1] == ("True" if source == "lab" else "False")
    assert int(after[0]) > int(first[0]) + 10_000 and after[1] == "True"


NO_COLLECTIONS_THROUGH_THE_IMPORTS = textwrap.dedent(
    """
    import gc
    import sys
    from zdte_tui.tui import collector

    collections = []
    gc.callbacks.append(lambda phase, info: phase == "stop" and collections.append(info))
    seen = {}
    pause, keep = collector.pause_for_the_start, collector.keep_the_start

    def paused():
        seen["paused"] = (len(collections), len(gc.get_objects()), "textual" in sys.modules)
        pause()

    def kept():
        seen["kept"] = (len(collections), len(gc.get_objects()))
        keep()
        raise SystemExit(0)  # the app itself is not the question here

    collector.pause_for_the_start, collector.keep_the_start = paused, kept
    from zdte_tui.cli import main

    try:
        main(sys.argv[1:])
    finally:
        print(*seen["paused"], *seen["kept"])
    """
)


def test_no_collection_runs_through_the_monitors_imports(tmp_path):
    """`zdte-tui` pauses collections before it imports Textual and its own modules, and they
    stay paused while it builds the app: tens of thousands of objects that live for the run,
    never walked by a young collection (there were 84 young and 8 middle ones, 15-23 ms)."""
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path),
           "ZDTE_CONFIG": str(tmp_path / "none.toml")}  # fmt: skip
    probe = [sys.executable, "-c", NO_COLLECTIONS_THROUGH_THE_IMPORTS, "--demo"]
    out = subprocess.run(probe, capture_output=True, text=True, timeout=120, check=True, env=env)
    at_pause, objects_at_pause, textual_loaded, at_start, objects_at_start = (
        int(x) if x.isdigit() else x for x in out.stdout.split()
    )
    assert textual_loaded == "False"
    assert at_start == at_pause
    assert objects_at_start > objects_at_pause + 20_000


def test_with_a_key_the_entry_point_checks_the_transport_without_the_data_side(tmp_path):
    """A key and a loopback server: the entry point checks the key's transport (and lets it
    through) before the first frame, yet loads neither httpx nor pydantic for it (nothing
    listens there: the first frame is all there is)."""
    out = _first_frames(tmp_path, "--base-url", "http://127.0.0.1:9", key="k" * 24)
    assert out[0] == "first-frame [] status keys" and len(out) == 2


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
