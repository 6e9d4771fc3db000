"""The quiet driver on a real terminal (a pty): keys and a lone escape arrive, a quit is prompt,
and while idle its input thread does not wake (Textual's own wakes ten times a second)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

APP = textwrap.dedent(
    """
    import sys
    from textual.app import App
    from textual.binding import Binding
    from textual.drivers.linux_driver import LinuxDriver
    from textual.widgets import Static
    from zdte_tui.tui.quiet_driver import QuietLinuxDriver

    LOG = open(sys.argv[1], "a", buffering=1)

    class Keys(App):
        BINDINGS = [Binding("x", "note('x')"), Binding("escape", "note('escape')"),
                    Binding("q", "quit")]

        def compose(self):
            yield Static("keys")

        def on_mount(self):
            self.call_after_refresh(self.action_note, "ready")
            if sys.argv[3:] == ["ended"]:  # stdin has ended: nothing can quit but a timer
                self.set_timer(4, self.exit)

        def action_note(self, what):
            LOG.write(what + "\\n")

    driver = QuietLinuxDriver if sys.argv[2] == "quiet" else LinuxDriver
    Keys(driver_class=driver).run()
    LOG.write("exited\\n")
    """
)


def _wakeups(pid: int) -> dict[str, int]:
    """Each thread's voluntary context switches so far (a wake-up after a wait)."""
    found = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        for line in (task / "status").read_text().splitlines():
            if line.startswith("voluntary_ctxt_switches:"):
                found[task.name] = int(line.split()[1])
    return found


def _until(check, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def _start_on_a_pty(log: Path, *args: str, stdin=None) -> tuple[subprocess.Popen, int]:
    """The app drawing to a new pty (reading from it too, unless `stdin` is given), once it has
    drawn its first frame; and the pty's own end, to type on."""
    log.touch()
    main, terminal = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    app = subprocess.Popen([sys.executable, "-c", APP, str(log), *args],
                           stdin=terminal if stdin is None else stdin, stdout=terminal,
                           stderr=terminal, env=env, close_fds=True)  # fmt: skip
    os.close(terminal)
    threading.Thread(target=_drain, args=(main,), daemon=True).start()
    if not _until(lambda: "ready" in log.read_text().split()):
        app.kill()
        os.close(main)
        raise AssertionError("the app drew no first frame on the pty")
    return app, main


def _run_on_a_pty(tmp_path: Path, driver: str) -> tuple[int, list[str]]:
    """The busiest thread's wake-ups over 2 idle seconds, and what the app saw of the keys."""
    log = tmp_path / f"{driver}.log"
    app, main = _start_on_a_pty(log, driver)
    try:
        time.sleep(0.5)
        before = _wakeups(app.pid)
        time.sleep(2.0)
        after = _wakeups(app.pid)
        busiest = max(after[tid] - before.get(tid, 0) for tid in after)
        os.write(main, b"x")
        assert _until(lambda: "x" in log.read_text().split())
        os.write(main, b"\x1b")  # a lone escape: a key once its wait is over
        assert _until(lambda: "escape" in log.read_text().split())
        os.write(main, b"q")
        app.wait(timeout=20)
        return busiest, log.read_text().split()
    finally:
        if app.poll() is None:
            app.kill()
        os.close(main)


def _drain(fd: int) -> None:
    """Read what the app draws, so that its writes never block on a full terminal."""
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass


@pytest.mark.skipif(sys.platform == "win32", reason="a Linux driver on a pty")
def test_keys_and_a_lone_escape_arrive_and_idle_input_does_not_wake(tmp_path):
    quiet, seen = _run_on_a_pty(tmp_path, "quiet")
    assert seen == ["ready", "x", "escape", "exited"]
    textual, seen = _run_on_a_pty(tmp_path, "textual")
    assert seen == ["ready", "x", "escape", "exited"]
    assert textual >= 15  # Textual's input thread: ten a second
    assert quiet <= 3


@pytest.mark.skipif(sys.platform == "win32", reason="Windows keeps Textual's own driver")
def test_the_monitor_runs_on_the_quiet_driver_unless_one_is_named(monkeypatch):
    from textual import constants
    from textual.drivers.linux_driver import LinuxDriver

    from tests.tui_helpers import monitor
    from zdte_tui.tui.quiet_driver import QuietLinuxDriver

    assert monitor().driver_class is QuietLinuxDriver
    monkeypatch.setattr(constants, "DRIVER", "textual.drivers.linux_driver:LinuxDriver")
    assert monitor().driver_class is LinuxDriver  # TEXTUAL_DRIVER is the user's choice


@pytest.mark.skipif(sys.platform == "win32", reason="a Linux driver on a pty")
def test_a_terminal_input_that_has_ended_is_not_watched_any_more(tmp_path):
    """stdin piped from an empty file (drawing to a pty): its end is read once, then the input
    thread sleeps (Textual's own loop reads the end again and again, at full speed)."""
    log = tmp_path / "ended.log"
    with open(os.devnull, "rb") as ended:
        app, main = _start_on_a_pty(log, "quiet", "ended", stdin=ended)
    try:
        time.sleep(0.5)
        before = _cpu_seconds(app.pid)
        time.sleep(2.0)
        used = _cpu_seconds(app.pid) - before
        app.wait(timeout=20)
    finally:
        if app.poll() is None:
            app.kill()
        os.close(main)
    assert used < 0.5  # not spinning on the end (that is 2 s of CPU in these 2 s)
    assert log.read_text().split() == ["ready", "exited"]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
