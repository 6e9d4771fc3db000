"""Processes the benchmarks start: the bare reference app, the stack's floor and the monitor,
each reporting when its first frame (with data, for the monitor) is on screen.

python -m benchmarks.apps bare|monitor|layout|layout-lab T0 [--tty] [--full-session]
    [--base-url URL]
python -m benchmarks.apps floor T0 [--url URL]   (without: the embedded lab's first answer)
python -m benchmarks.apps body-server FILE PORT   (P5's reference: a fixed body over FastAPI)
prints `first-frame <seconds since T0>` then exits (headless), or stays up (--tty, for tmux).
"""

from __future__ import annotations

import sys
import time

from benchmarks.lab_moment import LAB_AT

MONITOR_KINDS = ("monitor", "layout", "layout-lab")


def run_timed_monitor(
    kind: str, t0: float, tty: bool, full_session: bool, base_url: str | None
) -> None:
    """The monitor as a user starts it, through `zdte-tui`'s entry point (flags, settings, the
    key's transport check), its app timed (`kind`) to its first frame with data ("monitor"), to
    its first frame at all ("layout"), or to that frame and then, on the event loop, what P3°
    adds to a bare app: the embedded lab's first answer at LAB_AT computed and validated
    ("layout-lab"; the monitor's own first fetch, on the wall clock's lab, is queued behind it
    and starts only after the print). No config file is read: the harness's environment names
    none. Timing the app means importing it first, before the entry point would: so collections
    pause first, as the entry point pauses them before its imports (`tui/run.py`)."""
    from zdte_tui.tui import collector

    collector.pause_for_the_start()
    import zdte_tui.tui.app
    from zdte_tui.cli import main

    layout, then_lab = kind != "monitor", kind == "layout-lab"

    class TimedMonitor(zdte_tui.tui.app.MonitorApp):
        def run(self, **_: object) -> None:
            if tty:
                super().run()
            else:
                super().run(headless=True, size=(120, 40))

        def on_mount(self) -> None:
            if layout:
                self.call_after_refresh(self._painted)

        def _render_view(self, view) -> None:
            super()._render_view(view)
            if view.bar_count and not layout and not getattr(self, "_timed", False):
                self._timed = True
                self.call_after_refresh(self._painted)

        def _painted(self) -> None:
            if then_lab:
                from benchmarks.reference_apps import first_data_without_widgets

                first_data_without_widgets(None)
            print(f"first-frame {time.time() - t0:.4f}", file=sys.__stdout__, flush=True)
            if not tty:
                self.exit()

    zdte_tui.tui.app.MonitorApp = TimedMonitor  # type: ignore[misc]  # what zdte_tui.tui.run builds
    window = (
        ["--bar", "30s", "--minutes", "390"]
        if full_session
        else ["--bar", "1m", "--minutes", "120"]
    )
    lab_start = [] if layout else ["--lab-start", LAB_AT.strftime("%H:%M")]  # no data: no clock
    source = ["--api-key", "bench", "--base-url", base_url] if base_url else ["--demo", *lab_start]
    code = main([*window, *source])
    if code:
        raise SystemExit(code)  # a refused flag or setting: the figure reports the failure


def body_server(path: str, port: int) -> None:
    """P5's reference: the same framework serving a precomputed body, one worker."""
    import uvicorn
    from fastapi import FastAPI
    from fastapi.responses import Response

    with open(path, "rb") as file:
        body = file.read()
    app = FastAPI()

    @app.get("/v1/flow/zero-dte/series/{symbol}")
    async def series(symbol: str) -> Response:
        return Response(body, media_type="application/json")

    uvicorn.run(app, host="127.0.0.1", port=port, access_log=False, log_level="warning")


def main() -> None:
    if sys.argv[1] == "body-server":
        body_server(sys.argv[2], int(sys.argv[3]))
        return
    which, t0 = sys.argv[1], float(sys.argv[2])
    tty = "--tty" in sys.argv
    base_url = sys.argv[sys.argv.index("--base-url") + 1] if "--base-url" in sys.argv else None
    if which in MONITOR_KINDS:
        run_timed_monitor(which, t0, tty, "--full-session" in sys.argv, base_url)
        return
    from benchmarks.reference_apps import BareApp, FloorApp

    if which == "bare":
        app = BareApp(t0, tty)
    else:
        app = FloorApp(t0, sys.argv[sys.argv.index("--url") + 1] if "--url" in sys.argv else None)
    if tty:
        app.run()
    else:
        app.run(headless=True, size=(120, 40))


if __name__ == "__main__":
    main()
