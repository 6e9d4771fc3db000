"""`zdte-tui [SYMBOL]`: build the data source from the settings and run the monitor."""

from __future__ import annotations

from zdte_tui.config import Settings


def run_monitor(settings: Settings) -> int:
    from zdte_tui.tui.app import MonitorApp
    from zdte_tui.tui.source import data_source

    app = MonitorApp(
        data_source(settings),
        symbol=settings.symbol,
        bar=settings.bar,
        minutes=settings.minutes,
        theme=settings.theme,
    )
    app.run()
    return app.return_code or 0
