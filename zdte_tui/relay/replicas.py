"""One relay replica among several on one Redis: it polls the upstream only for the symbols whose
lease it holds, writes their samples to Redis, and reads every other symbol's samples from Redis.

Every few seconds (a third of the lease) it renews its leases and tries to take those that have
expired, so when a leaseholder dies another replica takes over within a lease and a check, and
its first poll backfills the session (the feed holds no window for the symbol yet), so the
stored series has no holes. With Redis unreachable the replica keeps what it has: it serves
from memory and goes on polling what it held; when Redis returns it writes back every sample it
polled meanwhile, and the leases are agreed afresh (set only if absent).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import UTC, datetime
from typing import Any, Protocol

from zdte_tui.api.bars import BarSize
from zdte_tui.api.market_hours import ET
from zdte_tui.api.models import SeriesResponse, iso_z
from zdte_tui.feed.clock import SourceClock
from zdte_tui.relay.shared import SharedStore, SharedUnavailable, key_digest
from zdte_tui.relay.store import RelayStore
from zdte_tui.relay.upstream import UpstreamPoller
from zdte_tui.serving.access import AccessControl


class Replica(Protocol):
    """What the coordinator works with: the relay it belongs to."""

    desk: list[str]
    poller: UpstreamPoller
    store: RelayStore
    clock: SourceClock
    access: AccessControl

    def answered(self, symbol: str) -> None: ...

    def poll_soon(self) -> None: ...


class Coordinator:
    def __init__(self, relay: Replica, shared: SharedStore) -> None:
        self.relay = relay
        self.shared = shared
        self.leases: dict[str, float] = {}
        """The symbols this replica polls, and since when (epoch seconds)."""
        self.down: str | None = None
        """Why Redis cannot be reached, while it cannot."""
        self._written: dict[str, float] = {}
        """Per symbol, the epoch of the last sample written to Redis."""
        self._counted = 0
        self.view: dict[str, Any] = {}
        """The leases and replicas as last read, for the status."""
        self.wake = asyncio.Event()

    @property
    def check_seconds(self) -> float:
        return self.shared.lease_ms / 3000

    async def run(self) -> None:
        while True:
            await self.tick()
            self.wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), self.check_seconds)

    async def tick(self) -> None:
        """Renew and take leases, read the others' samples; Redis down: keep what is held."""
        relay, shared = self.relay, self.shared
        try:
            await shared.alive()
            if self.down is not None:
                self.down = None
                await self.flush(everything=True)
            await shared.add_symbols(relay.desk)
            for symbol in sorted(await shared.symbols()):
                if symbol not in relay.desk:
                    relay.desk.append(symbol)
            for symbol in list(relay.desk):
                if symbol in self.leases:
                    # gone (expired while Redis was away) and free: still ours, polled all along
                    if not await shared.renew(symbol) and not await shared.acquire(symbol):
                        self._lose(symbol)
                elif await shared.acquire(symbol):
                    await self._read(symbol)
                    self._gain(symbol)
            await self._share_clock()
            for symbol in relay.desk:
                if symbol not in self.leases:
                    await self._read(symbol)
            await self._share_quotas()
            await self._look()
        except SharedUnavailable as exc:
            self.down = str(exc)

    async def _share_clock(self) -> None:
        """A replica that polls tells the others the upstream's time; one that polls nothing
        takes it (its windows are cut at the upstream's now, a lab at `--speed 60` included)."""
        clock = self.relay.clock
        if self.leases:
            return  # told after each poll (`flush`)
        reading = await self.shared.clock()
        adopt = getattr(clock, "adopt", None)
        if reading is not None and adopt is not None:
            adopt(*reading)

    async def _share_quotas(self) -> None:
        """The screens' requests counted here go into Redis; the totals come back, so a key's
        quota is one across every replica (to within a check's worth of requests)."""
        access = self.relay.access
        day, counted = access.unreported()
        fields = {key_digest(key): key for key in access.known_keys()}
        totals = await self.shared.count_screens(
            day, {key_digest(key): n for key, n in counted.items()}
        )
        access.shared(day, counted, {fields[f]: n for f, n in totals.items() if f in fields})

    def _gain(self, symbol: str) -> None:
        self.leases[symbol] = time.time()
        self.relay.poller.add(symbol)
        self.relay.poll_soon()

    def _lose(self, symbol: str) -> None:
        self.leases.pop(symbol, None)
        self.relay.poller.remove(symbol)

    async def _read(self, symbol: str) -> None:
        """The samples another replica wrote since the last held here."""
        store = self.relay.store
        day = self.relay.clock.now().astimezone(ET).date()
        last = store.last_sample(symbol)
        bars, version, provenance = await self.shared.since(
            symbol, day, last.timestamp() if last else None
        )
        if bars:
            store.put(SeriesResponse(symbol=symbol, expiration=day, as_of=bars[-1].t,
                                     bar_size=BarSize.S30, bars=tuple(bars),
                                     endpoint_version=version, data_as_of=provenance))  # fmt: skip
        if store.last_sample(symbol) is not None:
            self.relay.answered(symbol)

    async def flush(self, everything: bool = False) -> None:
        """Write the samples polled here since the last written (with Redis back: since before
        it went), and count the upstream requests made."""
        if self.down is not None and not everything:
            return
        relay, store = self.relay, self.relay.store
        try:
            made = relay.poller.requests - self._counted
            if made:
                total = await self.shared.count_upstream(datetime.now(UTC).date(), made)
                self._counted += made
                relay.poller.feed.budget.share(total)
            if self.leases and made and relay.clock.settled:
                await self.shared.put_clock(relay.clock.now(), relay.clock.rate)
            for symbol in list(self.leases):
                day, bars, version, provenance = store.held_since(symbol, self._written.get(symbol))
                if bars:
                    await self.shared.put(symbol, day, bars, version, provenance)
                    self._written[symbol] = bars[-1].t.timestamp()
        except SharedUnavailable as exc:
            self.down = str(exc)

    async def _look(self) -> None:
        leases = {}
        for symbol in self.relay.desk:
            lease = await self.shared.lease(symbol)
            if lease is not None:
                leases[symbol] = {"replica": lease.replica, "since": iso_z(_at(lease.since))}
        replicas = await self.shared.replicas()
        self.view = {
            "leases": leases,
            "replicas": {r: iso_z(_at(at)) for r, at in sorted(replicas.items())},
            "upstream_requests_today": await self.shared.upstream_today(datetime.now(UTC).date()),
        }

    async def release(self) -> None:
        """On a clean shutdown: the leases go at once, not at their expiry."""
        with contextlib.suppress(SharedUnavailable):
            await self.flush()
            for symbol in list(self.leases):
                await self.shared.release(symbol)
        self.leases.clear()

    def status(self) -> dict[str, Any]:
        return {
            "url": self.shared.url_shown,
            "replica": self.shared.replica,
            "down": self.down,
            "polling": sorted(self.leases),
            **self.view,
        }


def _at(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)
