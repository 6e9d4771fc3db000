"""`zdte-tui [SYMBOL]`: build the data source from the settings and run the monitor."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from zdte_tui.config import Settings


def run_monitor(
    settings: Settings,
    record: Path | None = None,
    lab_start: time | None = None,
    lab_speed: float = 1.0,
) -> int:
    import dataclasses
    import sys

    from zdte_tui.tui import collector

    collector.pause_for_the_start()  # before the imports: what they build lives for the run
    from zdte_tui.source import data_source
    from zdte_tui.tui.app import MonitorApp
    from zdte_tui.tui.hangup import HANGUP_EXIT_CODE, watch_terminal

    source = data_source(settings, lab_start, lab_speed)
    if settings.uses_lab:  # its first answer, computed here, is the run's peak of memory
        source = dataclasses.replace(source, connect=collector.keeping_at_connect(source.connect))
    app = MonitorApp(
        source,
        symbol=settings.symbols[0],
        watchlist=settings.symbols,
        bar=settings.bar,
        minutes=settings.minutes,
        theme=settings.theme,
        view=settings.view,
        config_path=settings.config_path,
        keymap=settings.keymap,
        alert_rules=settings.alerts,
        record=record,
        export_dir=settings.export_dir,
        overview_sort=settings.overview_sort,
        overview_reverse=settings.overview_reverse,
        open_on=settings.open_on,
    )

    def hung_up() -> None:
        app.call_from_thread(app.exit, HANGUP_EXIT_CODE)

    watch_terminal(sys.__stdin__.fileno(), hung_up)
    collector.keep_the_start()
    app.run()
    return app.return_code or 0


def run_replay(path: Path, speed: float, symbol: str | None, settings: Settings) -> int:
    import sys

    from zdte_tui.recording import RecordingError, read_recording
    from zdte_tui.tui.replay import ReplayApp

    try:
        recording = read_recording(path)
        app = ReplayApp(
            recording, speed=speed, symbol=symbol, theme=settings.theme, view=settings.view,
            config_path=settings.config_path, keymap=settings.keymap,
            alert_rules=settings.alerts, export_dir=settings.export_dir,
        )  # fmt: skip
    except (RecordingError, ValueError) as exc:
        print(f"zdte-tui replay: {exc}", file=sys.stderr)
        return 2
    app.run()
    return app.return_code or 0
