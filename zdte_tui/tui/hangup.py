"""Exit when the terminal goes away, even with SIGHUP ignored (as under nohup).

Textual 8.2.8 keeps selecting on a dead tty after a hangup and spins a core (ux-anchors §2.7).
A daemon thread checks the tty once a second; when it is gone it asks the app to exit and, in
case shutdown hangs on the dead terminal, ends the process after a short grace period.
"""

from __future__ import annotations

import os
import termios
import threading
import time
from collections.abc import Callable

CHECK_SECONDS = 1.0
GRACE_SECONDS = 2.0
HANGUP_EXIT_CODE = 129
"""128 + SIGHUP, as a shell reports a hung-up job."""


def terminal_gone(fd: int) -> bool:
    try:
        termios.tcgetattr(fd)
    except (termios.error, OSError):
        return True
    return not os.isatty(fd)


def watch_terminal(
    fd: int,
    request_exit: Callable[[], None],
    check_seconds: float = CHECK_SECONDS,
    grace_seconds: float = GRACE_SECONDS,
) -> threading.Thread | None:
    """Start the watchdog on `fd` (None if `fd` is not a terminal to begin with)."""
    if terminal_gone(fd):
        return None

    def watch() -> None:
        while not terminal_gone(fd):
            time.sleep(check_seconds)
        threading.Timer(grace_seconds, os._exit, args=(HANGUP_EXIT_CODE,)).start()
        request_exit()

    thread = threading.Thread(target=watch, name="zdte-hangup-watchdog", daemon=True)
    thread.start()
    return thread
