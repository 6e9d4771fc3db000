"""The relay's poller against the lab as upstream: a request per symbol per sample, the whole
session on the first, and the store then answers as the lab does."""

from __future__ import annotations

from datetime import time, timedelta

import httpx

from tests.lab_helpers import frozen_clock
from zdte_tui.api.bars import BarSize
from zdte_tui.api.client import SeriesClient
from zdte_tui.lab.embedded import LabTransport
from zdte_tui.lab.service import Lab
from zdte_tui.relay.store import RelayStore
from zdte_tui.relay.upstream import UpstreamPoller


class CountingTransport(LabTransport):
    def __init__(self, lab: Lab) -> None:
        super().__init__(lab)
        self.asked: list[tuple[str, str]] = []
        self.fail = False

    async def handle_async_request(self, request):
        self.asked.append((request.url.path.rsplit("/", 1)[-1], request.url.params["minutes"]))
        if self.fail:
            return httpx.Response(503, json={"message": "upstream down"})
        return await super().handle_async_request(request)


def relay(at=time(14, 0, 5)):
    clock = frozen_clock(at)
    lab = Lab(clock, seed=5)
    transport = CountingTransport(lab)
    client = SeriesClient("http://127.0.0.1", "desk-key", transport=transport)
    store = RelayStore(clock.now)
    return UpstreamPoller(client, store, ["SPY", "SPX"], clock.now), clock, lab, transport, store


async def test_one_request_per_symbol_per_sample_whole_session_first():
    poller, clock, lab, transport, store = relay()
    delay = await poller.poll()
    assert transport.asked == [("SPY", "390"), ("SPX", "390")] and 0 < delay <= 32
    for _ in range(10):  # ten more samples
        clock.start += timedelta(seconds=30)
        await poller.poll()
    assert poller.requests == 22  # one per symbol per sample
    assert all(int(m) <= 3 for _, m in transport.asked[2:])  # only the minutes since the last
    for symbol in ("SPY", "SPX"):
        for bar in BarSize:
            assert store.series(symbol, bar, 60) == lab.series(symbol, bar, 60)


async def test_an_upstream_fault_keeps_the_last_good_samples_and_says_so():
    poller, clock, _lab, transport, store = relay()
    await poller.poll()
    held = store.series("SPY", BarSize.M1, 30)
    transport.fail = True
    clock.start += timedelta(seconds=30)
    delay = await poller.poll()
    assert delay is not None and delay > 0  # backs off, does not stop
    assert poller.last_error["SPY"].startswith("server")
    assert store.series("SPY", BarSize.M1, 30).bars[-1] == held.bars[-1]  # no hole, no loss
    assert store.last_sample("SPY") == held.bars[-1].t
