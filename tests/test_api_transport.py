"""The client's network transport: httpx's sync transport in a thread per request."""

from __future__ import annotations

import asyncio
import gzip
import os
import re
import socket
import subprocess
import sys
import textwrap
import threading
from datetime import time

import httpcore
import httpx
import pytest
import respx

from tests.lab_helpers import frozen_clock
from zdte_tui.api.bars import BarSize
from zdte_tui.api.client import SeriesClient, Timeouts
from zdte_tui.api.errors import BodyTooLargeError
from zdte_tui.lab.service import Lab


async def test_a_request_its_caller_gives_up_on_holds_nothing_up():
    """A server that takes the connection and never answers: the poll is cancelled (a symbol
    switch, the app quitting) and ends at once, and the client closes, while the request's
    thread still waits for the answer (until the server closes the connection at the end)."""
    accepted = threading.Event()
    checked = threading.Event()
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]

        def take() -> None:
            connection, _ = server.accept()
            with connection:  # held open, never answered, until the test has looked
                accepted.set()
                connection.recv(65536)
                checked.wait(30)

        threading.Thread(target=take, daemon=True).start()
        try:
            client = SeriesClient(f"http://127.0.0.1:{port}", "k", timeouts=Timeouts(5.0, 10.0))
            poll = asyncio.create_task(client.fetch_series("SPY"))
            assert await asyncio.to_thread(accepted.wait, 10)
            poll.cancel()
            done, _ = await asyncio.wait([poll], timeout=5)
            assert done and poll.cancelled()
            await asyncio.wait_for(client.aclose(), timeout=5)
        finally:
            checked.set()


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


@respx.mock
async def test_a_compressed_body_is_refused_before_it_unpacks_whole():
    """50 KB of gzip that unpacks to 50 MiB, under the cap as sent: unpacked and counted a chunk
    at a time, refused a chunk past the 4 MiB cap, never held whole (50 MiB)."""
    packed = gzip.compress(b"\0" * (50 * 1024 * 1024))
    assert len(packed) < 100_000

    def chunks():
        for start in range(0, len(packed), 1024):
            yield packed[start : start + 1024]

    respx.get("https://lab.test/v1/flow/zero-dte/series/SPY").mock(
        return_value=httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=chunks())
    )
    async with SeriesClient("https://lab.test", "k") as client:
        with pytest.raises(BodyTooLargeError) as refused:
            await client.fetch_series("SPY")
    seen_kib = int(re.search(r"\((\d+)\+ KiB\)", str(refused.value)).group(1))
    assert 4096 < seen_kib < 8192


def _proxy_host(client: SeriesClient) -> str | None:
    pool = client._http._transport.sync._pool
    return pool._proxy_url.host.decode() if isinstance(pool, httpcore.HTTPProxy) else None


def _httpx_proxy_host(url: str) -> str | None:
    """What httpx itself would use for `url` with no transport given (its own reading)."""
    pool = httpx.Client()._transport_for_url(httpx.URL(url))._pool
    return pool._proxy_url.host.decode() if isinstance(pool, httpcore.HTTPProxy) else None


@pytest.mark.parametrize(
    ("environment", "url", "proxy"),
    [
        ({"HTTPS_PROXY": "http://proxy.desk:3128"}, "https://lab.test", "proxy.desk"),
        ({"HTTPS_PROXY": "proxy.desk:3128"}, "https://lab.test", "proxy.desk"),
        ({"HTTP_PROXY": "http://proxy.desk:3128"}, "https://lab.test", None),
        ({"HTTP_PROXY": "http://proxy.desk:3128"}, "http://relay.desk:8787", "proxy.desk"),
        ({"ALL_PROXY": "http://all.desk:8080"}, "https://lab.test", "all.desk"),
        ({"HTTPS_PROXY": "http://proxy.desk:3128", "NO_PROXY": "lab.test"}, "https://lab.test",
         None),
        ({"HTTPS_PROXY": "http://proxy.desk:3128", "NO_PROXY": "other.test"},
         "https://lab.test", "proxy.desk"),
        ({}, "https://lab.test", None),
    ],
)  # fmt: skip
def test_the_environment_proxy_is_used_as_httpx_would(monkeypatch, environment, url, proxy):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        for spelling in (name, name.lower()):
            monkeypatch.delenv(spelling, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert _proxy_host(SeriesClient(url, "k", allow_insecure=True)) == proxy
    assert _httpx_proxy_host(url) == proxy
