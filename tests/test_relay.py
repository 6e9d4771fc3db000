"""The relay in process: the lab as its upstream under a quota-limited key, the lab's clock
stepped through a whole session, screens asking through the relay's app with their own keys."""

from __future__ import annotations

import json
import random
from datetime import time, timedelta

import httpx
import pytest

from tests.lab_helpers import frozen_clock
from zdte_tui.api.bars import BarSize
from zdte_tui.api.client import SeriesClient, Timeouts
from zdte_tui.feed.clock import FixedRateClock
from zdte_tui.lab.embedded import LabTransport
from zdte_tui.lab.service import Lab
from zdte_tui.relay.app import STATUS_PATH, create_relay_app
from zdte_tui.relay.service import Relay
from zdte_tui.serving.access import AccessControl, Plan

SCREEN_KEYS = {"screen-1": Plan.GROWTH, "screen-2": Plan.ALPHA, "screen-free": Plan.FREE}
SERIES = "/v1/flow/zero-dte/series/"


class Upstream(LabTransport):
    """The lab behind a Growth key (2,500 requests a day), counting what the relay asks, and
    failing on demand."""

    def __init__(self, lab: Lab) -> None:
        super().__init__(lab, AccessControl(now=lab.clock.now))
        self.asked: list[tuple[str, int]] = []
        self.fault: str | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.asked.append((request.url.path.rsplit("/", 1)[-1], int(request.url.params["minutes"])))
        if self.fault == "503":
            return httpx.Response(503, json={"message": "upstream down"})
        if self.fault == "429":
            return httpx.Response(429, headers={"Retry-After": "120"}, json={"error": "quota"})
        if self.fault == "timeout":
            raise httpx.ReadTimeout("slow", request=request)
        if self.fault == "garbage":
            return httpx.Response(200, content=b'{"symbol": "SPY", "bars": [1, 2')
        return await super().handle_async_request(request)


def desk(at: time = time(9, 30, 2), symbols=("SPY", "SPX")):
    clock = frozen_clock(at)
    lab = Lab(clock, seed=11)
    upstream = Upstream(lab)
    client = SeriesClient(
        "http://127.0.0.1", "desk-key", transport=upstream, timeouts=Timeouts(read_seconds=1)
    )
    access = AccessControl(SCREEN_KEYS, now=clock.now, listed_only=True)
    relay = Relay(client, symbols, FixedRateClock(clock.now), access)
    screens = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_relay_app(relay, access)),
        base_url="http://relay",
    )
    return relay, screens, clock, lab, upstream


def without_as_of(body: bytes) -> dict:
    data = json.loads(body)
    data.pop("as_of")
    return data


async def ask(screens, symbol, bar="1m", minutes=60, key="screen-1", **headers):
    return await screens.get(
        SERIES + symbol,
        params={"bar": bar, "minutes": str(minutes)},
        headers={"X-Api-Key": key, **headers},
    )


async def test_a_whole_session_costs_one_upstream_request_per_sample_however_many_screens():
    relay, screens, clock, lab, upstream = desk()
    rng = random.Random(3)
    compared = 0
    for step in range(781):  # 09:30:00 .. 16:00:00, each sample 2 s after its instant
        if step:
            clock.start += timedelta(seconds=30)
        delay = await relay.poller.poll()
        assert delay is not None and 0 < delay <= 32
        for screen in range(6):
            symbol = ("SPY", "SPX")[screen % 2]
            bar = rng.choice(list(BarSize))
            minutes = rng.choice([1, 15, 60, 120, 390])
            answer = await ask(screens, symbol, bar.value, minutes, key="screen-2")
            assert answer.status_code == 200
            if step % 40 == 0 or step > 775:
                expected = lab.series(symbol, bar, minutes).model_dump_json().encode()
                assert without_as_of(answer.content) == without_as_of(expected)
                compared += 1
    asked = {s: sum(1 for name, _ in upstream.asked if name == s) for s in ("SPY", "SPX")}
    assert asked == {"SPY": 781, "SPX": 781}  # 09:30:00 to 16:00:00
    assert upstream.asked[:2] == [("SPY", 390), ("SPX", 390)]
    assert max(minutes for _, minutes in upstream.asked[2:]) <= 3  # only the minutes since
    assert relay.store.samples("SPY") == relay.store.samples("SPX") == 781
    assert compared >= 6 * 25
    clock.start += timedelta(seconds=30)  # 16:00:32: the close is held; nothing until the open
    delay = await relay.poller.poll()
    assert delay == timedelta(hours=65, minutes=29, seconds=28 + 2).total_seconds()  # Monday
    status = (await screens.get(STATUS_PATH, headers={"X-Api-Key": "screen-1"})).json()
    assert status["symbols"]["SPY"]["backfilled"] == 1
    assert status["symbols"]["SPY"]["upstream_requests"] == 782
    assert status["upstream"]["requests_today"] == 1564
    assert status["upstream"]["quota_remaining"] == 2500 - 1564
    assert status["screens_today"] == {"keys": 1, "requests": 781 * 6}


async def test_a_screen_symbol_is_polled_from_its_first_ask_up_to_the_cap():
    relay, screens, clock, lab, upstream = desk(time(10, 0, 2))
    await relay.poller.poll()  # Growth: 2,500 a day carries 3 symbols from 10:00 to the close
    assert relay.symbol_cap() == 3
    first = await ask(screens, "QQQ")
    assert first.status_code == 200 and json.loads(first.content)["bars"] == []  # not yet
    await relay.poller.poll(cycle=False)  # the relay's loop does this at once
    assert upstream.asked[-1] == ("QQQ", 390)
    answer = await ask(screens, "QQQ")
    assert without_as_of(answer.content) == without_as_of(
        lab.series("QQQ", BarSize.M1, 60).model_dump_json().encode()
    )
    refused = await ask(screens, "IWM")
    body = refused.json()
    assert refused.status_code == 429 and body["error"] == "symbol_cap" and body["cap"] == 3
    assert "at most 3 symbols (SPY, SPX, QQQ)" in body["message"]
    assert refused.headers["Retry-After"] == "900" and "X-RateLimit-Remaining" in refused.headers
    clock.start += timedelta(seconds=30)
    await relay.poller.poll()
    assert [name for name, _ in upstream.asked[-3:]] == ["SPY", "SPX", "QQQ"]


async def test_an_unknown_symbol_is_answered_empty_and_not_polled_again():
    relay, screens, clock, _lab, upstream = desk(time(11, 0, 2))
    await relay.poller.poll()
    await ask(screens, "ZZZZ")
    await relay.poller.poll(cycle=False)
    clock.start += timedelta(seconds=30)
    await relay.poller.poll()
    assert [name for name, _ in upstream.asked].count("ZZZZ") == 1
    answer = await ask(screens, "ZZZZ")
    assert answer.status_code == 200 and answer.json()["bars"] == []
    assert relay.status()["symbols"]["ZZZZ"]["no_0dte_today"] is True


@pytest.mark.parametrize("fault", ["503", "429", "timeout", "garbage"])
async def test_upstream_faults_keep_the_last_good_samples_and_the_status_says_so(fault):
    relay, screens, clock, _lab, upstream = desk(time(12, 0, 2))
    await relay.poller.poll()
    before = (await ask(screens, "SPY", "30s", 30)).json()["bars"]
    upstream.fault = fault
    for _ in range(3):
        clock.start += timedelta(seconds=30)
        delay = await relay.poller.poll()
        assert delay is not None and delay > 0  # backs off or waits; never stops
        for symbol in ("SPY", "SPX"):
            answer = await ask(screens, symbol, "30s", 30)
            assert answer.status_code == 200
    after = (await ask(screens, "SPY", "30s", 30)).json()["bars"]
    assert after[-1] == before[-1]  # the last good sample, still served
    status = (await screens.get(STATUS_PATH, headers={"X-Api-Key": "screen-2"})).json()
    assert status["symbols"]["SPY"]["last_error"]
    assert status["upstream"]["last_error"]
    assert status["symbols"]["SPY"]["age_seconds"] >= 90
    upstream.fault = None
    clock.start += timedelta(seconds=150)
    await relay.poller.poll()
    healed = (await ask(screens, "SPY", "30s", 30)).json()["bars"]
    assert len(healed) == len(before) and healed[-1]["t"] > before[-1]["t"]  # no hole
    times = [bar["t"] for bar in healed]
    assert times == sorted(set(times))
    assert relay.status()["symbols"]["SPY"]["last_error"] is None


async def test_a_refused_upstream_key_stops_polling_and_says_why():
    relay, _screens, _clock, _lab, upstream = desk()
    upstream.endpoint.access = AccessControl({"desk-key": Plan.BASIC})
    assert await relay.poller.poll() is None
    status = relay.status()
    assert "Basic" in status["upstream"]["stopped"] and "Growth" in status["upstream"]["stopped"]
    assert len(upstream.asked) == 1


async def test_screens_need_a_listed_key_and_their_own_quota():
    relay, screens, _clock, _lab, _upstream = desk()
    await relay.poller.poll()
    assert (await ask(screens, "SPY", key="screen-1")).status_code == 200
    assert (await ask(screens, "SPY", key="made-up")).status_code == 401
    assert (await ask(screens, "SPY", key="screen-free")).status_code == 403
    assert (await screens.get(STATUS_PATH)).status_code == 401
    assert (await screens.get(STATUS_PATH, headers={"X-Api-Key": "made-up"})).status_code == 401
    used = relay.access.served_today()
    assert used == (1, 1)  # refusals spend no screen's quota


async def test_the_relay_answers_carry_caching_headers_and_304():
    relay, screens, clock, _lab, _upstream = desk(time(13, 0, 3))
    await relay.poller.poll()
    first = await ask(screens, "SPY")
    etag = first.headers["ETag"]
    assert etag.startswith('W/"') and first.headers["Vary"] == "X-Api-Key"
    assert first.headers["Cache-Control"] == "max-age=31"  # 13:00:30 is served at 13:00:34
    clock.start += timedelta(seconds=10)
    again = await ask(screens, "SPY", **{"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == "max-age=21"
    clock.start += timedelta(seconds=20)
    await relay.poller.poll()
    moved = await ask(screens, "SPY", **{"If-None-Match": etag})
    assert moved.status_code == 200 and moved.headers["ETag"] != etag


async def test_a_symbol_held_nothing_of_while_the_upstream_fails_is_a_503_not_an_empty_day():
    relay, screens, clock, _lab, upstream = desk(time(12, 0, 2))
    upstream.fault = "503"
    await relay.poller.poll()
    answer = await ask(screens, "SPY")
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "30"
    assert answer.json()["error"] == "upstream_unavailable" and "upstream down" in answer.text
    upstream.fault = None
    clock.start += timedelta(seconds=30)
    await relay.poller.poll()
    assert (await ask(screens, "SPY")).status_code == 200
