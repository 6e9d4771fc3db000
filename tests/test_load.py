"""Load: 50 concurrent clients poll a real `zdte-tui serve` on loopback for 30 s; zero errors.

Bounded in time (30 s) and count (at most 2,000 requests a client). Prints p50 and p99 latency.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time

import httpx
import pytest

from tests.servers import free_port, wait_for_port

CLIENTS = 50
SECONDS = 30.0
MAX_PER_CLIENT = 2_000
SYMBOLS = ("SPY", "SPX", "QQQ", "IWM", "XSP")
BARS = ("30s", "1m", "5m", "15m")


async def _client(base: str, index: int, deadline: float, latencies: list[float], errors: list):
    async with httpx.AsyncClient(base_url=base, headers={"X-Api-Key": "load-alpha"}) as client:
        for request in range(MAX_PER_CLIENT):
            if time.monotonic() >= deadline:
                return
            symbol = SYMBOLS[(index + request) % len(SYMBOLS)]
            params = {"bar": BARS[request % len(BARS)], "minutes": str(30 + 30 * (index % 12))}
            started = time.perf_counter()
            try:
                response = await client.get(f"/v1/flow/zero-dte/series/{symbol}", params=params)
            except httpx.HTTPError as exc:
                errors.append(repr(exc))
                continue
            latencies.append(time.perf_counter() - started)
            if response.status_code != 200 or not response.json()["bars"]:
                errors.append(response.status_code)


@pytest.mark.load
@pytest.mark.slow
def test_fifty_clients_for_thirty_seconds_without_an_error(tmp_path):
    keys = tmp_path / "keys.toml"
    keys.write_text('[keys]\n"load-alpha" = "alpha"\n')
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "zdte_tui", "serve", "--port", str(port), "--start", "14:00",
         "--keys", str(keys)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ},
    )  # fmt: skip
    try:
        wait_for_port(port, 30)
        latencies: list[float] = []
        errors: list = []

        async def run() -> None:
            deadline = time.monotonic() + SECONDS
            base = f"http://127.0.0.1:{port}"
            await asyncio.gather(
                *(_client(base, i, deadline, latencies, errors) for i in range(CLIENTS))
            )

        asyncio.run(run())
    finally:
        server.terminate()
        server.wait(timeout=10)
    cuts = statistics.quantiles(latencies, n=100)
    p50, p99 = cuts[49] * 1000, cuts[98] * 1000
    print(f"load: {len(latencies)} requests from {CLIENTS} clients in {SECONDS:.0f} s, "
          f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, errors {len(errors)}")  # fmt: skip
    assert errors == [], errors[:5]
    assert len(latencies) >= CLIENTS
