"""Relay replicas on a real Redis (started on a free loopback port): leases, one poller a
symbol, takeover with a backfill, and Redis lost and back, all against the lab as upstream."""

from __future__ import annotations

import asyncio
import json
from datetime import time, timedelta

import httpx

from tests.lab_helpers import frozen_clock
from tests.test_relay import SCREEN_KEYS, Upstream, ask
from zdte_tui.api.bars import BarSize
from zdte_tui.api.client import SeriesClient, Timeouts
from zdte_tui.feed.clock import FixedRateClock
from zdte_tui.lab.service import Lab
from zdte_tui.relay.app import create_relay_app
from zdte_tui.relay.service import Relay
from zdte_tui.relay.shared import SharedStore, SharedUnavailable, redacted
from zdte_tui.serving.access import AccessControl, Plan

LEASE = 0.6
"""Seconds: short, so the tests see leases expire."""


async def test_a_lease_is_taken_once_renewed_by_its_holder_and_taken_over_after_expiry(
    redis_server,
):
    a = SharedStore(redis_server.url, "replica-a", LEASE)
    b = SharedStore(redis_server.url, "replica-b", LEASE)
    assert await a.acquire("SPY") and not await b.acquire("SPY")
    assert not await b.renew("SPY")  # not b's to renew
    await asyncio.sleep(LEASE * 0.6)
    assert await a.renew("SPY")
    await asyncio.sleep(LEASE * 0.6)
    assert not await b.acquire("SPY")  # renewed: still a's
    assert (await b.lease("SPY")).replica == "replica-a"
    await asyncio.sleep(LEASE * 1.2)  # a stopped renewing
    assert await b.acquire("SPY") and (await a.lease("SPY")).replica == "replica-b"
    assert not await a.renew("SPY")
    await b.release("SPY")
    assert await a.lease("SPY") is None
    await a.aclose()
    await b.aclose()


async def test_unreachable_redis_is_a_clear_error_naming_the_url_without_its_password():
    shared = SharedStore("redis://:s3cret@127.0.0.1:1/0", "x")
    try:
        await shared.check()
    except SharedUnavailable as exc:
        assert "127.0.0.1:1" in str(exc) and "s3cret" not in str(exc)
    else:
        raise AssertionError("expected SharedUnavailable")
    assert redacted("redis://user:pw@host:6379/0") == "redis://user:***@host:6379/0"


def replica(name: str, url: str, clock, lab: Lab, upstream: Upstream, limits=None):
    client = SeriesClient("http://127.0.0.1", "desk-key", transport=upstream,
                          timeouts=Timeouts(read_seconds=1))  # fmt: skip
    access = AccessControl(SCREEN_KEYS, now=clock.now, listed_only=True, daily_limits=limits)
    shared = SharedStore(url, name, LEASE)
    relay = Relay(client, ["SPY", "SPX"], FixedRateClock(clock.now), access, shared=shared)
    screens = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_relay_app(relay, access)),
        base_url="http://relay",
    )
    return relay, screens


def without_as_of(body: bytes) -> dict:
    data = json.loads(body)
    data.pop("as_of")
    return data


async def step(relays, clock, seconds=30):
    """A sample: the clock moves on, each replica polls what it holds, writes, and syncs."""
    clock.start += timedelta(seconds=seconds)
    for relay in relays:
        await relay.poller.poll()
        await relay.coordinator.flush()
    for relay in relays:
        await relay.coordinator.tick()


async def test_two_replicas_poll_each_symbol_once_and_the_survivor_takes_over_without_a_hole(
    redis_server,
):
    clock = frozen_clock(time(10, 0, 2))
    lab = Lab(clock, seed=11)
    upstream = Upstream(lab)
    a, screens_a = replica("replica-a", redis_server.url, clock, lab, upstream)
    b, screens_b = replica("replica-b", redis_server.url, clock, lab, upstream)
    await a.coordinator.tick()  # a starts first: both leases are a's
    await b.coordinator.tick()
    assert sorted(a.coordinator.leases) == ["SPX", "SPY"] and b.coordinator.leases == {}
    for _ in range(10):
        await step([a, b], clock)
    asked = [name for name, _ in upstream.asked]
    assert asked.count("SPY") == 10 and asked.count("SPX") == 10  # one a sample, desk-wide
    for screens in (screens_a, screens_b):
        answer = await ask(screens, "SPY", "1m", 30, key="screen-2")
        assert answer.status_code == 200
        assert without_as_of(answer.content) == without_as_of(
            lab.series("SPY", BarSize.M1, 30).model_dump_json().encode()
        )
    # a dies (no release): its leases expire, b takes them and backfills what it missed
    before = len(upstream.asked)
    await asyncio.sleep(LEASE * 1.3)
    clock.start += timedelta(seconds=90)  # three samples while nobody polled
    await b.coordinator.tick()
    assert sorted(b.coordinator.leases) == ["SPX", "SPY"]
    await b.poller.poll()
    await b.coordinator.flush()
    for _ in range(5):
        await step([b], clock)
    assert len(upstream.asked) - before == 2 * 6  # the backfill, then one a sample
    for symbol in ("SPY", "SPX"):
        served = await ask(screens_b, symbol, "30s", 390, key="screen-2")
        assert served.status_code == 200
        assert without_as_of(served.content) == without_as_of(
            lab.series(symbol, BarSize.S30, 390).model_dump_json().encode()
        )  # bar for bar the upstream's whole session: no hole
    status = b.status()["redis"]
    assert status["leases"]["SPY"]["replica"] == "replica-b"
    assert set(status["replicas"]) == {"replica-a", "replica-b"}
    assert status["upstream_requests_today"] == len(upstream.asked)


async def test_redis_lost_and_back_no_5xx_and_no_hole(redis_server):
    clock = frozen_clock(time(11, 0, 2))
    lab = Lab(clock, seed=12)
    upstream = Upstream(lab)
    a, screens_a = replica("replica-a", redis_server.url, clock, lab, upstream)
    b, screens_b = replica("replica-b", redis_server.url, clock, lab, upstream)
    await a.coordinator.tick()
    await b.coordinator.tick()
    await step([a, b], clock)
    redis_server.stop()
    for _ in range(4):
        await step([a, b], clock)  # a keeps polling what it held; b serves what it has
        for screens in (screens_a, screens_b):
            answer = await ask(screens, "SPY", "30s", 60, key="screen-2")
            assert answer.status_code == 200
    assert a.coordinator.down and b.coordinator.down
    assert "Redis at redis://127.0.0.1" in a.status()["redis"]["down"]
    assert [name for name, _ in upstream.asked].count("SPY") == 5  # only a polled, all along
    redis_server.start()  # with its append-only file: what was written before is back
    await step([a, b], clock)
    await step([a, b], clock)
    assert a.coordinator.down is None and b.coordinator.down is None
    for screens in (screens_a, screens_b):
        served = await ask(screens, "SPY", "30s", 390, key="screen-2")
        assert without_as_of(served.content) == without_as_of(
            lab.series("SPY", BarSize.S30, 390).model_dump_json().encode()
        )
    assert sorted(a.coordinator.leases) == ["SPX", "SPY"] and b.coordinator.leases == {}


async def test_a_screen_keys_quota_is_one_across_replicas_and_redis_never_holds_the_key(
    redis_server,
):
    clock = frozen_clock(time(13, 0, 2))
    lab = Lab(clock, seed=13)
    upstream = Upstream(lab)
    limits = {Plan.FREE: 5, Plan.BASIC: 250, Plan.GROWTH: 4, Plan.ALPHA: None}
    a, screens_a = replica("replica-a", redis_server.url, clock, lab, upstream, limits)
    b, screens_b = replica("replica-b", redis_server.url, clock, lab, upstream, limits)
    await step([a, b], clock)
    for _ in range(3):
        assert (await ask(screens_a, "SPY", key="screen-1")).status_code == 200
    await a.coordinator.tick()
    await b.coordinator.tick()
    assert (await ask(screens_b, "SPY", key="screen-1")).status_code == 200  # the 4th of 4
    refused = await ask(screens_b, "SPY", key="screen-1")
    assert refused.status_code == 429 and refused.headers["X-RateLimit-Remaining"] == "0"
    dump = json.dumps(await b.coordinator.shared.redis.hgetall(
        f"zdte:screens:{clock.now().date().isoformat()}"
    ))  # fmt: skip
    assert "screen-1" not in dump and "4" in dump
