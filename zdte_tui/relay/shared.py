"""What relay replicas share in Redis: each symbol's samples, one lease a symbol (which replica
polls the upstream for it), the upstream's requests of the day, the symbols screens asked for,
and the replicas seen. Needs the `redis` extra (`pip install 'zdte-tui[redis]'`).

Keys (a day is ET for samples, UTC for the request count, as the quotas reset):
- `zdte:samples:{day}:{symbol}`: a sorted set, score the sample's epoch, member its bar (JSON)
- `zdte:meta:{day}:{symbol}`: the upstream's `endpoint_version` and `data_as_of`
- `zdte:lease:{symbol}`: `{replica}|{since}`, set only if absent, with an expiry
- `zdte:upstream:{utc day}`: upstream requests made by any replica
- `zdte:symbols`, `zdte:replicas`: the symbols polled, and each replica's last sign of life
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from pydantic import TypeAdapter

from zdte_tui.api.models import Bar, DataAsOf

BAR = TypeAdapter(Bar)
DAY_SECONDS = 86_400

OWNED = (
    "local held = redis.call('get', KEYS[1])\n"
    "if held and string.find(held, ARGV[1] .. '|', 1, true) == 1 then\n"
)
"""The lease is this replica's (its value starts with the replica's id)."""
RENEW = OWNED + "  return redis.call('pexpire', KEYS[1], ARGV[2])\nend\nreturn 0\n"
RELEASE = OWNED + "  return redis.call('del', KEYS[1])\nend\nreturn 0\n"


class SharedUnavailable(Exception):
    """Redis could not be reached (the message names the URL, never a password)."""


@dataclass(frozen=True)
class Lease:
    replica: str
    since: float
    """Epoch seconds the replica took it."""


def redacted(url: str) -> str:
    """The URL without any password (`redis://:secret@host` → `redis://:***@host`)."""
    if "@" not in url:
        return url
    scheme, _, rest = url.partition("://")
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"


class SharedStore:
    def __init__(self, url: str, replica: str, lease_seconds: float = 15.0) -> None:
        import redis.asyncio as aioredis

        self.url = url
        self.replica = replica
        self.lease_ms = int(lease_seconds * 1000)
        self._errors = (aioredis.RedisError, OSError)
        self.redis = aioredis.from_url(
            url, socket_timeout=2.0, socket_connect_timeout=2.0, decode_responses=True
        )

    async def _call(self, coroutine):
        try:
            return await coroutine
        except self._errors as exc:
            where = redacted(self.url)
            raise SharedUnavailable(f"Redis at {where}: {type(exc).__name__}") from None

    async def check(self) -> None:
        await self._call(self.redis.ping())

    async def aclose(self) -> None:
        await self.redis.aclose()

    # leases

    async def acquire(self, symbol: str) -> bool:
        value = f"{self.replica}|{time.time():.3f}"
        return bool(await self._call(
            self.redis.set(f"zdte:lease:{symbol}", value, nx=True, px=self.lease_ms)
        ))  # fmt: skip

    async def renew(self, symbol: str) -> bool:
        return bool(await self._call(
            self.redis.eval(RENEW, 1, f"zdte:lease:{symbol}", self.replica, self.lease_ms)
        ))  # fmt: skip

    async def release(self, symbol: str) -> None:
        await self._call(self.redis.eval(RELEASE, 1, f"zdte:lease:{symbol}", self.replica))

    async def lease(self, symbol: str) -> Lease | None:
        value = await self._call(self.redis.get(f"zdte:lease:{symbol}"))
        if not value:
            return None
        replica, _, since = value.rpartition("|")
        return Lease(replica, float(since))

    # samples

    async def put(
        self, symbol: str, day: date, bars: Sequence[Bar], version: str | None,
        provenance: DataAsOf | None,
    ) -> None:  # fmt: skip
        if not bars:
            return
        key = f"zdte:samples:{day.isoformat()}:{symbol}"
        members = {BAR.dump_json(bar).decode(): bar.t.timestamp() for bar in bars}
        pipe = self.redis.pipeline(transaction=False)
        pipe.zremrangebyscore(key, min(members.values()), max(members.values()))
        pipe.zadd(key, members)
        pipe.expire(key, 2 * DAY_SECONDS)
        meta = {"endpoint_version": version or "",
                "data_as_of": provenance.model_dump_json() if provenance else ""}  # fmt: skip
        pipe.hset(f"zdte:meta:{day.isoformat()}:{symbol}", mapping=meta)
        pipe.expire(f"zdte:meta:{day.isoformat()}:{symbol}", 2 * DAY_SECONDS)
        await self._call(pipe.execute())

    async def since(
        self, symbol: str, day: date, after_epoch: float | None
    ) -> tuple[list[Bar], str | None, DataAsOf | None]:
        """The samples after `after_epoch` (all, if None), and the upstream's provenance."""
        key = f"zdte:samples:{day.isoformat()}:{symbol}"
        low = "-inf" if after_epoch is None else f"({after_epoch}"
        members = await self._call(self.redis.zrangebyscore(key, low, "+inf"))
        meta = await self._call(self.redis.hgetall(f"zdte:meta:{day.isoformat()}:{symbol}"))
        bars = [BAR.validate_json(member) for member in members]
        provenance = meta.get("data_as_of")
        return (
            bars,
            meta.get("endpoint_version") or None,
            DataAsOf.model_validate_json(provenance) if provenance else None,
        )

    # the desk's day

    @property
    def url_shown(self) -> str:
        return redacted(self.url)

    async def count_upstream(self, utc_day: date, requests: int = 1) -> int:
        key = f"zdte:upstream:{utc_day.isoformat()}"
        pipe = self.redis.pipeline(transaction=False)
        pipe.incrby(key, requests)
        pipe.expire(key, 2 * DAY_SECONDS)
        count, _ = await self._call(pipe.execute())
        return int(count)

    async def count_screens(self, utc_day: date, counted: dict[str, int]) -> dict[str, int]:
        """Add each screen key's requests (by its digest: Redis never holds a key) to today's
        shared counts; every key's count today."""
        key = f"zdte:screens:{utc_day.isoformat()}"
        pipe = self.redis.pipeline(transaction=False)
        for field, requests in counted.items():
            pipe.hincrby(key, field, requests)
        pipe.expire(key, 2 * DAY_SECONDS)
        pipe.hgetall(key)
        *_, totals = await self._call(pipe.execute())
        return {field: int(count) for field, count in totals.items()}

    async def upstream_today(self, utc_day: date) -> int:
        return int(await self._call(self.redis.get(f"zdte:upstream:{utc_day.isoformat()}")) or 0)

    async def put_clock(self, as_of: datetime, rate: float) -> None:
        """The upstream's clock as a polling replica last read it."""
        value = json.dumps({"as_of": as_of.timestamp(), "seen": time.time(), "rate": rate})
        await self._call(self.redis.set("zdte:clock", value, ex=DAY_SECONDS))

    async def clock(self) -> tuple[datetime, float, float] | None:
        """(as_of, wall-clock seconds since it was read, rate), or None."""
        value = await self._call(self.redis.get("zdte:clock"))
        if not value:
            return None
        reading = json.loads(value)
        as_of = datetime.fromtimestamp(reading["as_of"], UTC)
        return as_of, time.time() - reading["seen"], float(reading["rate"])

    async def add_symbols(self, symbols: Sequence[str]) -> None:
        if symbols:
            await self._call(self.redis.sadd("zdte:symbols", *symbols))

    async def symbols(self) -> set[str]:
        return set(await self._call(self.redis.smembers("zdte:symbols")))

    async def alive(self) -> None:
        await self._call(self.redis.hset("zdte:replicas", self.replica, f"{time.time():.3f}"))

    async def replicas(self) -> dict[str, float]:
        seen = await self._call(self.redis.hgetall("zdte:replicas"))
        return {replica: float(at) for replica, at in seen.items()}


def key_digest(key: str) -> str:
    """What Redis holds of a screen's key: enough to count it by, nothing to use it with."""
    return hashlib.sha256(key.encode()).hexdigest()[:24]
