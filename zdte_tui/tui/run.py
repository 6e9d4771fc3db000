"""`zdte-tui [SYMBOL]`: build the data source from the settings and run the monitor."""

from __future__ import annotations

from zdte_tui.config import Settings


def run_monitor(settings: Settings) -> int:
    import sys

    from zdte_tui.tui.app import MonitorApp
    from zdte_tui.tui.hangup import HANGUP_EXIT_CODE, watch_terminal
    from zdte_tui.tui.source import data_source

    app = MonitorApp(
        data_source(settings),
        symbol=settings.symbol,
        bar=settings.bar,
        minutes=settings.minutes,
        theme=settings.theme,
    )

    def hung_up() -> None:
        app.call_from_thread(app.exit, HANGUP_EXIT_CODE)

    watch_terminal(sys.__stdin__.fileno(), hung_up)
    app.run()
    return app.return_code or 0
