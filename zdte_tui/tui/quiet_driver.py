"""Textual's Linux driver, its input thread asleep until there is input to read.

Textual's input thread wakes every 0.1 s, keys or none, to see whether it should stop and
whether a lone escape has waited long enough to be a key. That costs about 85 ms of CPU a
minute on our machines: a third of the monitor's idle cost (B3, whose budget is 300 ms a
minute). Here the thread waits on the terminal and on a pipe of its own, with no timeout unless
the parser holds a part of a sequence (then 0.1 s, as Textual's); stopping writes to the pipe,
so a quit or a suspend is as prompt as before. The loop is Textual's own otherwise (8.x);
tests/test_tui_quiet_driver.py holds it to reading keys, a lone escape and stopping.
"""

from __future__ import annotations

import contextlib
import os
import selectors
from codecs import getincrementaldecoder
from collections.abc import Callable
from threading import Event
from typing import Any

from textual._loop import loop_last
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

ESCAPE_WAIT_SECONDS = 0.1
"""How often the parser is asked about a part of a sequence it holds (Textual's interval)."""


class _WakingEvent(Event):
    """The driver's stop flag, which also wakes the input thread when set."""

    def __init__(self, wake: Callable[[], None]) -> None:
        super().__init__()
        self._wake = wake

    def set(self) -> None:
        super().set()
        self._wake()


class QuietLinuxDriver(LinuxDriver):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._wake_fd: int | None = None
        self.exit_event = _WakingEvent(self._wake_input)

    def _wake_input(self) -> None:
        fd = self._wake_fd
        if fd is not None:
            with contextlib.suppress(OSError):
                os.write(fd, b"!")

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (Textual's loop, without its idle wake-ups)."""
        wake_read, self._wake_fd = os.pipe()
        selector = selectors.SelectSelector()
        try:
            selector.register(self.fileno, selectors.EVENT_READ)
            selector.register(wake_read, selectors.EVENT_READ)
            self._read_input(selector)
        finally:
            wake_write, self._wake_fd = self._wake_fd, None
            selector.close()
            os.close(wake_read)
            os.close(wake_write)

    def _read_input(self, selector: selectors.BaseSelector) -> None:
        fileno = self.fileno
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def process(ready: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            keys = [(key, mask) for key, mask in ready if key.fd == fileno]
            for last, (_key, mask) in loop_last(keys):
                if mask & selectors.EVENT_READ:
                    text = decode(os.read(fileno, 1024 * 4), final=final and last)
                    if not text:  # stdin is piped and has ended
                        break
                    for event in parser.feed(text):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        def timeout() -> float | None:
            holding = getattr(parser, "_timeout_time", ESCAPE_WAIT_SECONDS) is not None
            return ESCAPE_WAIT_SECONDS if holding else None

        while not self.exit_event.is_set():
            process(selector.select(timeout()))
        selector.unregister(fileno)
        process(selector.select(ESCAPE_WAIT_SECONDS), final=True)
