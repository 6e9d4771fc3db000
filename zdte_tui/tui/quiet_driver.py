"""Textual's Linux driver, its input thread asleep until there is input to read.

Textual's input thread wakes every 0.1 s, keys or none, to see whether it should stop and
whether a lone escape has waited long enough to be a key. That costs about 85 ms of CPU a
minute on our machines: a third of the monitor's idle cost (B3, whose budget is 300 ms a
minute). Here the thread waits on the terminal and on a pipe of its own, with no timeout unless
the parser holds a part of a sequence (then 0.1 s, as Textual's); stopping writes to every live
thread's pipe, so a quit or a suspend is as prompt as before. The loop is Textual's own
otherwise (8.x), except that a terminal at its end is no longer watched (Textual's loop spins
on it). tests/test_tui_quiet_driver.py holds it to reading keys, a lone escape and stopping.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import threading
from codecs import getincrementaldecoder
from collections.abc import Callable
from typing import Any

from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

ESCAPE_WAIT_SECONDS = 0.1
"""How often the parser is asked about a part of a sequence it holds (Textual's interval)."""


class _WakingEvent(threading.Event):
    """The driver's stop flag, which also wakes the input threads when set."""

    def __init__(self, wake: Callable[[], None]) -> None:
        super().__init__()
        self._wake = wake

    def set(self) -> None:
        super().set()
        self._wake()


class QuietLinuxDriver(LinuxDriver):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._wake_lock = threading.Lock()
        self._wake_fds: set[int] = set()
        """The write end of each running input thread's pipe (a SIGCONT may start one while
        the last is still stopping)."""
        self.exit_event = _WakingEvent(self._wake_input)

    def _wake_input(self) -> None:
        with self._wake_lock:  # a thread closes its pipe under the lock: no write lands elsewhere
            for fd in self._wake_fds:
                with contextlib.suppress(OSError):
                    os.write(fd, b"!")

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (Textual's loop, without its idle wake-ups)."""
        wake_read, wake_write = os.pipe()
        with self._wake_lock:
            self._wake_fds.add(wake_write)
        selector = selectors.SelectSelector()
        try:
            selector.register(self.fileno, selectors.EVENT_READ)
            selector.register(wake_read, selectors.EVENT_READ)
            self._read_input(selector)
        finally:
            selector.close()
            with self._wake_lock:
                self._wake_fds.discard(wake_write)
                os.close(wake_write)
            os.close(wake_read)

    def _read_input(self, selector: selectors.BaseSelector) -> None:
        fileno = self.fileno
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode
        watching = [True]  # the terminal, until it ends

        def process(ready: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            keys = [(key, mask) for key, mask in ready if key.fd == fileno]
            for last, (_key, mask) in loop_last(keys):
                if mask & selectors.EVENT_READ:
                    text = decode(os.read(fileno, 1024 * 4), final=final and last)
                    if not text:  # stdin is piped and has ended: nothing more will come
                        selector.unregister(fileno)
                        watching[0] = False
                        break
                    for event in parser.feed(text):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        def timeout() -> float | None:
            holding = getattr(parser, "_timeout_time", ESCAPE_WAIT_SECONDS) is not None
            return ESCAPE_WAIT_SECONDS if holding else None

        try:
            while not self.exit_event.is_set():
                process(selector.select(timeout()))
            if watching[0]:
                selector.unregister(fileno)
            process(selector.select(ESCAPE_WAIT_SECONDS), final=True)
        finally:
            with contextlib.suppress(EOFError, ParseError):
                for _event in parser.feed(""):
                    pass
