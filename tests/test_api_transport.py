"""The client's network transport: httpx's sync transport in a thread per request."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import textwrap
import threading
from datetime import time

from tests.lab_helpers import frozen_clock
from zdte_tui.api.bars import BarSize
from zdte_tui.api.client import SeriesClient, Timeouts
from zdte_tui.lab.service import Lab


async def test_a_request_its_caller_gives_up_on_holds_nothing_up():
    """A server that takes the connection and never answers: the poll is cancelled (a symbol
    switch, the app quitting) and ends at once, and the client closes, though the request's
    thread still waits out its 10 s read timeout."""
    accepted = threading.Event()
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]

        def take() -> None:
            connection, _ = server.accept()
            accepted.set()
            connection.recv(65536)  # the request, never answered; closed with the server

        threading.Thread(target=take, daemon=True).start()
        client = SeriesClient(f"http://127.0.0.1:{port}", "k", timeouts=Timeouts(5.0, 10.0))
        poll = asyncio.create_task(client.fetch_series("SPY"))
        assert await asyncio.to_thread(accepted.wait, 10)
        poll.cancel()
        done, _ = await asyncio.wait([poll], timeout=5)
        assert done and poll.cancelled()
        await asyncio.wait_for(client.aclose(), timeout=5)


GIVE_UP = textwrap.dedent(
    """
    import asyncio, socket
    from zdte_tui.api.client import SeriesClient, Timeouts

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    async def give_up():
        client = SeriesClient(f"http://127.0.0.1:{server.getsockname()[1]}", "k",
                              timeouts=Timeouts(5.0, 600.0))
        poll = asyncio.create_task(client.fetch_series("SPY"))
        await asyncio.sleep(0.2)
        poll.cancel()

    asyncio.run(give_up())
    print("exiting")
    """
)


def test_a_request_left_waiting_does_not_hold_up_the_exit(tmp_path):
    """Quitting while a request waits on a server that never answers (a 600 s read timeout):
    the process ends now, not when the request's thread gives up."""
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", GIVE_UP], capture_output=True, text=True,
                         timeout=60, check=True, env=env)  # fmt: skip
    assert out.stdout.split() == ["exiting"]


FETCH = textwrap.dedent(
    """
    import asyncio, sys, threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from zdte_tui.api.client import SeriesClient

    BODY = open(sys.argv[1], "rb").read()

    class Series(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Series)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    async def fetch():
        async with SeriesClient(f"http://127.0.0.1:{server.server_port}", "k") as client:
            return await client.fetch_series("SPY", "30s", 390)

    result = asyncio.run(fetch())
    backend = "anyio._backends._asyncio" in sys.modules
    print(len(result.response.bars), "anyio" in sys.modules, backend)
    """
)


def test_a_fetch_over_the_network_loads_no_anyio_backend(tmp_path):
    """The answer of a real HTTP server (the standard library's, in a fresh interpreter, so
    nothing else loads anyio): read whole, while anyio's asyncio backend stays unloaded (httpcore
    imports the anyio package itself)."""
    body = tmp_path / "series.json"
    lab = Lab(frozen_clock(time(16, 0)), seed=0)
    series = lab.series("SPY", BarSize.S30, 390)
    body.write_text(series.model_dump_json())
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", FETCH, str(body)], capture_output=True,
                         text=True, timeout=120, check=True, env=env)  # fmt: skip
    assert out.stdout.split() == [str(len(series.bars)), "True", "False"]
