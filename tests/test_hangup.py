"""When the terminal goes away with SIGHUP ignored, the monitor exits within 5 s."""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time

import pytest

from zdte_tui.tui.hangup import terminal_gone


def _read_until(fd: int, marker: bytes, seconds: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + seconds
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


@pytest.mark.slow
def test_monitor_exits_after_hangup_with_sighup_ignored(tmp_path):
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "HOME": str(tmp_path),
        "ZDTE_CONFIG": str(tmp_path / "none.toml"),
    }
    env.pop("FLASHALPHA_API_KEY", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "zdte_tui", "--demo"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),
    )
    os.close(slave)
    try:
        shown = _read_until(master, b"gamma flip", 30)
        assert b"gamma flip" in shown, "the monitor never drew its panes"
        hung_up = time.monotonic()
        os.close(master)
        process.wait(timeout=15)
        assert time.monotonic() - hung_up < 5.0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_terminal_gone_on_a_closed_pty_and_a_plain_file(tmp_path):
    master, slave = os.openpty()
    assert not terminal_gone(slave)
    os.close(master)
    assert terminal_gone(slave)
    os.close(slave)
    with open(tmp_path / "plain", "w") as handle:
        assert terminal_gone(handle.fileno())
