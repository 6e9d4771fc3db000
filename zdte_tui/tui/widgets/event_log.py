from __future__ import annotations

from textual.widgets import Log


class EventLog(Log):
    """Alert events with their ET time (`e` shows it). Never takes focus: the arrow keys belong
    to the app (replay steps with them)."""

    can_focus = False
