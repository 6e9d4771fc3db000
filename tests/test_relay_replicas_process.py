"""Two `zdte-tui relay --redis` processes on one real Redis, `zdte-tui serve` at ten times speed as
their upstream, screens on both; the leaseholder is killed with SIGKILL mid-session."""

from __future__ import annotations

import asyncio
import signal
import time

import httpx
import pytest

from tests.servers import free_port, zdte_process
from zdte_tui.cli import main

DESK_KEY = "desk-secret-9921"
KEYS = '[keys]\n"screen-a" = "alpha"\n"screen-b" = "alpha"\n'
SERIES = "/v1/flow/zero-dte/series/SPY"


def test_redis_unreachable_at_start_is_a_clear_error(capsys, monkeypatch):
    monkeypatch.setenv("FLASHALPHA_API_KEY", DESK_KEY)
    assert main(["relay", "--redis", "redis://:pw@127.0.0.1:1/0"]) == 2
    err = capsys.readouterr().err
    assert "cannot reach Redis at redis://:***@127.0.0.1:1/0" in err and "pw@" not in err


async def _status(client: httpx.AsyncClient) -> dict:
    return (await client.get("/v1/relay/status", headers={"X-Api-Key": "screen-b"})).json()


def _caught_up(relay_port: int, lab_port: int, seconds: float = 40.0) -> tuple[dict, dict]:
    """The relay's full session and the lab's, read together once the relay has polled the
    lab's latest sample: a sample that lands at the lab is the relay's only after its next poll
    (a second or two later), so a read in between finds the relay one bar behind, as designed.
    After `seconds` (more than a sample), the last pair read, whatever it holds."""
    deadline = time.monotonic() + seconds
    while True:
        held = httpx.get(f"http://127.0.0.1:{relay_port}{SERIES}",
                         params={"bar": "30s", "minutes": "390"},
                         headers={"X-Api-Key": "screen-a"}).json()  # fmt: skip
        truth = httpx.get(f"http://127.0.0.1:{lab_port}{SERIES}",
                          params={"bar": "30s", "minutes": "390"},
                          headers={"X-Api-Key": "anyone"}).json()  # fmt: skip
        if held["bars"] == truth["bars"] or time.monotonic() > deadline:
            return held, truth
        time.sleep(0.5)


@pytest.mark.slow
def test_the_leaseholder_killed_the_other_replica_takes_over_without_a_hole(tmp_path, redis_server):
    keys = tmp_path / "keys.toml"
    keys.write_text(KEYS)
    lab_port, a_port, b_port = free_port(), free_port(), free_port()
    lab = ["serve", "--port", str(lab_port), "--start", "15:45", "--speed", "10"]

    def relay(port: int) -> list[str]:
        upstream = f"http://127.0.0.1:{lab_port}"
        return ["relay", "--port", str(port), "--keys", str(keys), "--symbols", "SPY",
                "--upstream", upstream, "--redis", redis_server.url]  # fmt: skip

    env = {"FLASHALPHA_API_KEY": DESK_KEY}
    statuses: list[int] = []

    async def run(a_process) -> tuple[float, dict, dict]:
        base_a, base_b = f"http://127.0.0.1:{a_port}", f"http://127.0.0.1:{b_port}"
        async with (
            httpx.AsyncClient(base_url=base_a, timeout=5) as a,
            httpx.AsyncClient(base_url=base_b, timeout=5) as b,
        ):
            first = await _status(a)
            assert first["redis"]["polling"] == ["SPY"]  # a started first: the lease is a's
            deadline = time.monotonic() + 8
            while time.monotonic() < deadline:  # screens on both replicas
                for client in (a, b):
                    answer = await client.get(SERIES, headers={"X-Api-Key": "screen-a"})
                    statuses.append(answer.status_code)
                await asyncio.sleep(0.5)
            a_process.send_signal(signal.SIGKILL)
            killed = time.monotonic()
            taken = None
            while time.monotonic() - killed < 60:
                answer = await b.get(SERIES, headers={"X-Api-Key": "screen-a"})
                statuses.append(answer.status_code)
                status = await _status(b)
                if taken is None and status["redis"]["polling"] == ["SPY"]:
                    taken = time.monotonic() - killed
                last = status["symbols"]["SPY"]["last_sample"]
                if last and last.endswith(("T21:00:00Z", "T20:00:00Z")):
                    break  # the close (16:00 ET, in EST or EDT) is held
                await asyncio.sleep(0.5)
            return taken or float("inf"), first, await _status(b)

    with (
        zdte_process(lab, lab_port),
        zdte_process(relay(a_port), a_port, env) as a_process,
    ):
        time.sleep(1.0)
        with zdte_process(relay(b_port), b_port, env):
            taken, first, status = asyncio.run(run(a_process))
            held, truth = _caught_up(b_port, lab_port)
    print(
        f"takeover after SIGKILL: {taken:.1f} s; upstream requests "
        f"{status['redis']['upstream_requests_today']}"
    )
    assert taken <= 35
    assert set(statuses) == {200}, statuses  # no 5xx from either replica, before or after
    assert held["bars"] == truth["bars"]  # the stored session, bar for bar the upstream's
    polled = [bar for bar in truth["bars"] if bar["t"] > first["as_of"]]  # samples since a began
    # one a sample, desk-wide; plus a's first backfill and b's on takeover, and each one probe
    assert status["redis"]["upstream_requests_today"] <= len(polled) + 4
