"""Answers built once per sample: the same bytes as a fresh build, a weak ETag of the bars,
`max-age` to the next sample, `304` on `If-None-Match`; and the client's side of it."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.lab_helpers import TRADING_DAY, frozen_clock
from tests.properties import examples
from zdte_tui.api.bars import BarSize
from zdte_tui.api.client import SeriesClient
from zdte_tui.api.market_hours import ET
from zdte_tui.lab.clock import SimulatedClock
from zdte_tui.lab.embedded import LabTransport
from zdte_tui.lab.service import Lab
from zdte_tui.serving.app import create_app
from zdte_tui.serving.bodies import AnswerCache, etag_matches

SERIES = "/v1/flow/zero-dte/series/"
KEY = {"X-Api-Key": "k"}


@settings(max_examples=examples(40), deadline=None)
@given(
    seconds=st.integers(0, 6 * 3600),
    steps=st.lists(st.integers(0, 45), min_size=1, max_size=4),
    bar=st.sampled_from(list(BarSize)),
    minutes=st.integers(-5, 400),
    symbol=st.sampled_from(["SPY", "SPX", "ZZZ"]),
)
def test_a_cached_answer_is_byte_for_byte_a_fresh_one(seconds, steps, bar, minutes, symbol):
    clock = frozen_clock(time(9, 31))
    clock.start += timedelta(seconds=seconds)
    lab = Lab(clock, seed=2)
    cache = AnswerCache(lab)
    for step in steps:
        clock.start += timedelta(seconds=step)
        served = cache.serve(symbol, cache.get(symbol, bar, minutes), None, {})
        assert served.body == lab.series(symbol, bar, minutes).model_dump_json().encode()


def test_bodies_are_built_once_per_sample():
    clock = frozen_clock(time(11, 0, 1))
    cache = AnswerCache(Lab(clock, seed=2))
    for _ in range(5):
        clock.start += timedelta(seconds=5)
        cache.get("SPY", BarSize.M1, 60)
    assert cache.builds == 1
    clock.start += timedelta(seconds=5)  # 11:00:31: a new sample
    cache.get("SPY", BarSize.M1, 60)
    assert cache.builds == 2


def test_weak_comparison_of_if_none_match():
    assert etag_matches('W/"abc"', 'W/"abc"') and etag_matches('"abc"', 'W/"abc"')
    assert etag_matches('"x", W/"abc"', 'W/"abc"') and etag_matches("*", 'W/"abc"')
    assert not etag_matches('W/"abd"', 'W/"abc"') and not etag_matches(None, 'W/"abc"')


async def test_serve_and_the_embedded_lab_send_the_same_caching_headers_and_304():
    def lab():
        return Lab(frozen_clock(time(14, 45, 12)), seed=5)

    for transport in (httpx.ASGITransport(app=create_app(lab())), LabTransport(lab())):
        async with httpx.AsyncClient(transport=transport, base_url="http://lab") as client:
            first = await client.get(SERIES + "SPY", params={"bar": "5m"}, headers=KEY)
            assert first.headers["Cache-Control"] == "max-age=18"  # to 14:45:30
            etag = first.headers["ETag"]
            again = await client.get(
                SERIES + "SPY", params={"bar": "5m"}, headers={**KEY, "If-None-Match": etag}
            )
            assert again.status_code == 304 and again.content == b""
            assert again.headers["ETag"] == etag and "X-RateLimit-Remaining" in again.headers
            other = await client.get(
                SERIES + "SPY", params={"bar": "1m"}, headers={**KEY, "If-None-Match": etag}
            )
            assert other.status_code == 200 and other.headers["ETag"] != etag


async def test_the_embedded_lab_builds_each_answer_and_keeps_none():
    """Its one client asks each window once a sample: no body is held between two requests (a
    server's endpoint keeps them, above); a 304 is still answered, from a body built anew."""
    transport = LabTransport(Lab(frozen_clock(time(14, 45, 12)), seed=5))
    async with httpx.AsyncClient(transport=transport, base_url="http://lab") as client:
        first = await client.get(SERIES + "SPY", headers=KEY)
        held = {**KEY, "If-None-Match": first.headers["ETag"]}
        again = await client.get(SERIES + "SPY", headers=held)
        assert (first.status_code, again.status_code) == (200, 304)
    bodies = transport.endpoint.bodies
    assert bodies.builds == 2 and bodies.cached("SPY", BarSize.M1, 120) is None


def test_max_age_runs_to_the_next_sample_at_the_clock_speed():
    clock = SimulatedClock(datetime.combine(TRADING_DAY, time(10, 0, 10), ET), 1.0, lambda: 0.0)
    lab = Lab(clock)
    assert lab.max_age_seconds("SPY") == 20
    clock.speed = 10
    assert lab.max_age_seconds("SPY") == 2
    clock.speed = 0
    assert lab.max_age_seconds("SPY") == 20  # frozen: at the wall clock's pace


async def test_the_client_sends_if_none_match_and_takes_a_304_as_nothing_new():
    sent: list[str | None] = []
    clock = frozen_clock(time(12, 0, 5))
    lab_transport = LabTransport(Lab(clock, seed=1))

    async def spy(request: httpx.Request) -> httpx.Response:
        sent.append(request.headers.get("If-None-Match"))
        response = await lab_transport.handle_async_request(request)
        await response.aread()
        return response

    client = SeriesClient("http://127.0.0.1", "k", transport=httpx.MockTransport(spy))
    first = await client.fetch_series("SPY", "1m", 30)
    second = await client.fetch_series("SPY", "1m", 30)
    assert sent[0] is None and sent[1] is not None and sent[1].startswith('W/"')
    assert second.not_modified and not first.not_modified
    assert second.response == first.response and second.max_age_seconds == 25
    clock.start += timedelta(seconds=30)
    third = await client.fetch_series("SPY", "1m", 30)
    assert not third.not_modified and third.response.bars[-1] != first.response.bars[-1]
    assert json.loads(third.response.model_dump_json())["bar_size"] == "1m"
