"""`zdte-tui relay` as a user runs it: its flags' refusals, then real processes on loopback
(`zdte-tui serve` as the upstream, the relay in front with a keys file, screens through it)."""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import subprocess
import sys
import time

import httpx
import pytest

from tests.servers import cpu_seconds, free_port, zdte_process
from zdte_tui.api.client import SeriesClient
from zdte_tui.cli import main

DESK_KEY = "desk-secret-4417"
KEYS = '[keys]\n"screen-a" = "alpha"\n"screen-b" = "alpha"\n'


def test_no_keys_file_no_listening_beyond_loopback(capsys, monkeypatch):
    monkeypatch.setenv("FLASHALPHA_API_KEY", DESK_KEY)
    assert main(["relay", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err
    assert "refusing to listen on 0.0.0.0 without --keys" in err and DESK_KEY not in err


def test_the_upstream_key_comes_from_settings_never_a_flag(capsys, monkeypatch, tmp_path):
    monkeypatch.delenv("FLASHALPHA_API_KEY", raising=False)
    monkeypatch.setenv("ZDTE_CONFIG", str(tmp_path / "none.toml"))
    assert main(["relay"]) == 2
    assert "needs the desk's upstream key: set FLASHALPHA_API_KEY" in capsys.readouterr().err
    assert main(["relay", "--api-key", DESK_KEY]) == 2
    err = capsys.readouterr().err
    assert "not a flag" in err and DESK_KEY not in err


def test_a_bad_symbols_list_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["relay", "--symbols", "SPY,9BAD"])
    assert exit_.value.code == 2 and "--symbols" in capsys.readouterr().err


def status(url: str, key: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zdte_tui", "relay", "--status", url, "--api-key", key, *extra],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip


@pytest.mark.slow
def test_serve_then_relay_then_screens_one_upstream_request_per_sample(tmp_path):
    keys = tmp_path / "keys.toml"
    keys.write_text(KEYS)
    lab_port, relay_port = free_port(), free_port()
    lab = ["serve", "--port", str(lab_port), "--start", "10:00", "--speed", "20"]
    relay = ["relay", "--port", str(relay_port), "--keys", str(keys), "--symbols", "SPY",
             "--upstream", f"http://127.0.0.1:{lab_port}"]  # fmt: skip
    log = tmp_path / "relay.log"
    url = f"http://127.0.0.1:{relay_port}"
    with (
        zdte_process(lab, lab_port),
        zdte_process(relay, relay_port, {"FLASHALPHA_API_KEY": DESK_KEY}, log),
    ):
        time.sleep(12)  # 240 s of the lab's session: 8 samples

        async def screen(key: str) -> tuple[int, int]:
            async with SeriesClient(url, key) as client:
                first = await client.fetch_series("SPY", "1m", 60)
                qqq = await client.fetch_series("QQQ", "5m", 30)  # polled from this ask on
                return len(first.response.bars), len(qqq.response.bars)

        spy_bars, qqq_bars = asyncio.run(screen("screen-a"))
        assert spy_bars >= 33 and qqq_bars >= 7  # the QQQ backfill waited for, not empty
        shown = status(url, "screen-b")
        data = json.loads(status(url, "screen-b", "--json").stdout)
        refused = status(url, "someone-else")
    assert shown.returncode == 0, shown.stderr
    assert "SPY" in shown.stdout and "per new sample" in shown.stdout
    spy = data["symbols"]["SPY"]
    assert spy["backfilled"] == 61  # the first ask: 09:30..10:00
    new_samples = spy["samples"] - 61
    assert new_samples >= 6
    assert spy["upstream_requests"] <= new_samples + 2  # the backfill, one probe, one a sample
    assert 18 <= data["upstream"]["clock_rate"] <= 22  # the lab's speed, learnt
    assert data["screens_today"]["keys"] == 1
    assert refused.returncode == 2 and "refused the key" in refused.stderr
    text = log.read_text()
    assert DESK_KEY not in text and "screen-a" not in text
    assert "zdte-tui relay on http://127.0.0.1" in text
    assert "GET /v1/flow/zero-dte/series/SPY" in text


SCREENS = 200
LOAD_SECONDS = 60.0


@pytest.mark.slow
@pytest.mark.load
def test_two_hundred_screens_polling_twice_a_minute(tmp_path):
    keys = tmp_path / "keys.toml"
    keys.write_text("[keys]\n" + "".join(f'"screen-{i}" = "alpha"\n' for i in range(SCREENS)))
    lab_port, relay_port = free_port(), free_port()
    lab = ["serve", "--port", str(lab_port), "--start", "14:00"]
    relay = ["relay", "--port", str(relay_port), "--keys", str(keys), "--symbols", "SPY,SPX",
             "--upstream", f"http://127.0.0.1:{lab_port}"]  # fmt: skip
    url = f"http://127.0.0.1:{relay_port}"
    latencies: list[float] = []
    statuses: list[int] = []
    rng = random.Random(15)

    async def screen(index: int, client: httpx.AsyncClient, start: float) -> None:
        offset = rng.uniform(0, 30)
        for poll in range(int(LOAD_SECONDS // 30)):
            await asyncio.sleep(max(0.0, start + offset + 30 * poll - time.monotonic()))
            params = {"bar": rng.choice(["30s", "1m", "5m", "15m"]),
                      "minutes": str(rng.choice([15, 30, 60, 120, 240, 390]))}  # fmt: skip
            began = time.perf_counter()
            response = await client.get(
                f"/v1/flow/zero-dte/series/{rng.choice(['SPY', 'SPX'])}",
                params=params,
                headers={"X-Api-Key": f"screen-{index}"},
            )
            latencies.append(time.perf_counter() - began)
            statuses.append(response.status_code)

    async def desk(pid: int) -> float:
        limits = httpx.Limits(max_connections=SCREENS)
        async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
            await client.get("/v1/flow/zero-dte/series/SPY", headers={"X-Api-Key": "screen-0"})
            used = cpu_seconds(pid)
            start = time.monotonic()
            await asyncio.gather(*(screen(i, client, start) for i in range(SCREENS)))
            return cpu_seconds(pid) - used

    with (
        zdte_process(lab, lab_port),
        zdte_process(relay, relay_port, {"FLASHALPHA_API_KEY": DESK_KEY}) as process,
    ):
        cpu = asyncio.run(desk(process.pid))
    cuts = statistics.quantiles(latencies, n=100)
    p50, p99 = cuts[49] * 1000, cuts[98] * 1000
    print(f"relay load: {len(latencies)} requests from {SCREENS} screens in {LOAD_SECONDS:.0f} s, "
          f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, relay CPU {cpu:.2f} s "
          f"({cpu / LOAD_SECONDS * 100:.1f}% of a core)")  # fmt: skip
    assert len(statuses) == SCREENS * 2
    assert set(statuses) == {200}
