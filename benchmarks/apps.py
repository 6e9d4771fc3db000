"""Processes the benchmarks start: the bare reference app and the monitor, each reporting when
its first frame (with data, for the monitor) is on screen.

python -m benchmarks.apps bare|monitor T0 [--tty] [--full-session] [--base-url URL]
prints `first-frame <seconds since T0>` then exits (headless), or stays up (--tty, for tmux).
"""

from __future__ import annotations

import sys
import time

from textual.app import App, ComposeResult
from textual.widgets import Static

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


def monitor_app(t0: float, tty: bool, full_session: bool, base_url: str | None):
    from zdte_tui.api.bars import BarSize
    from zdte_tui.config import Settings
    from zdte_tui.source import data_source
    from zdte_tui.tui.app import MonitorApp

    class TimedMonitor(MonitorApp):
        def _render_view(self, view) -> None:
            super()._render_view(view)
            if view.bar_count and not getattr(self, "_timed", False):
                self._timed = True
                self.call_after_refresh(self._painted)

        def _painted(self) -> None:
            print(f"first-frame {time.time() - t0:.4f}", file=sys.__stdout__, flush=True)
            if not tty:
                self.exit()

    bar, minutes = (BarSize.S30, 390) if full_session else (BarSize.M1, 120)
    settings = Settings(api_key="bench", base_url=base_url) if base_url else Settings(demo=True)
    return TimedMonitor(data_source(settings), bar=bar, minutes=minutes)


def main() -> None:
    which, t0 = sys.argv[1], float(sys.argv[2])
    tty = "--tty" in sys.argv
    base_url = sys.argv[sys.argv.index("--base-url") + 1] if "--base-url" in sys.argv else None
    if which == "bare":
        app = BareApp(t0, tty)
    else:
        app = monitor_app(t0, tty, "--full-session" in sys.argv, base_url)
    if tty:
        app.run()
    else:
        app.run(headless=True, size=(120, 40))


if __name__ == "__main__":
    main()
