"""Answers built once per sample, served as bytes until the next, with their caching headers.

Between two samples the bars of any window stay the same (a window drops its oldest sample and
gains a new one only at :00 and :30, and a relay's store changes only when its upstream poll
lands), so each answer's body is built once per source revision. Only `as_of`, the time the
answer is served, differs from one request to the next: it is written into the stored bytes.

`ETag` is a weak validator of the bars (everything but `as_of`); `Cache-Control: max-age` runs
to the next sample the source expects (whole seconds, rounded down, so a lab at `--speed 60`
says 0), so an ordinary HTTP cache can stand in front; `Vary: X-Api-Key` keeps one screen's
answer (and its rate limits) from being served to another key.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC

from zdte_tui.api.bars import BarSize, clamp_minutes
from zdte_tui.api.models import iso_z
from zdte_tui.serving.source import SeriesSource

AS_OF_KEY = b'"as_of":"'
BODIES_KEPT = 512
"""Answers kept (symbol × bar × lookback); the oldest asked goes first."""


@dataclass
class Built:
    """One answer's body, its `as_of` value starting at byte `as_of_start`, and its validator.

    Only `as_of` differs between requests, and only once a second of the source's clock (it has
    whole seconds): the body of the last `as_of` served is kept and the next one is written from
    it, so a busy server copies a body (0.3 MB for a full session at 30 s, about 0.1 ms) once
    per second of that clock (a lab at `--speed 60`, sixty times a second), not at every
    request. `as_of` is ASCII, so its characters are its bytes."""

    etag: str
    as_of_start: int
    _last: tuple[str, bytes]
    """The last `as_of` text served and its whole body, swapped as one (threads serve too)."""

    def body(self, as_of_text: str) -> bytes:
        last_as_of, last_body = self._last
        if as_of_text != last_as_of:
            start = self.as_of_start
            view = memoryview(last_body)
            last_body = b"".join(
                (view[:start], as_of_text.encode(), view[start + len(last_as_of) :])
            )
            self._last = (as_of_text, last_body)
        return last_body


def build(source: SeriesSource, symbol: str, bar: BarSize, minutes: int) -> Built:
    data = source.series(symbol, bar, minutes).model_dump_json().encode()
    start = data.index(AS_OF_KEY) + len(AS_OF_KEY)
    end = data.index(b'"', start)
    digest = hashlib.blake2b(data[:start] + data[end:], digest_size=12).hexdigest()
    return Built(f'W/"{digest}"', start, (data[start:end].decode(), data))


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """`If-None-Match` by weak comparison (RFC 9110 §13.1.2): any listed tag, or `*`."""
    if not if_none_match:
        return False
    wanted = etag.removeprefix("W/")
    for tag in if_none_match.split(","):
        tag = tag.strip()
        if tag == "*" or tag.removeprefix("W/") == wanted:
            return True
    return False


@dataclass(frozen=True)
class Served:
    """What to send for a valid request: 200 with `body`, or 304 (`body` None)."""

    status: int
    body: bytes | None
    headers: Mapping[str, str]


class AnswerCache:
    def __init__(self, source: SeriesSource, kept: int = BODIES_KEPT) -> None:
        self.source = source
        self.kept = kept
        self._built: OrderedDict[tuple[str, BarSize, int], tuple[object, Built]] = OrderedDict()
        self._lock = threading.Lock()
        self.builds = 0
        """Bodies built (a miss); the rest were served from what was built."""

    def cached(self, symbol: str, bar: BarSize, minutes: int) -> Built | None:
        """The body built at the source's current revision, if there is one (no work)."""
        key = (symbol, bar, clamp_minutes(minutes))
        revision = self.source.revision(symbol)
        with self._lock:
            held = self._built.get(key)
            if held is None or held[0] != revision:
                return None
            self._built.move_to_end(key)
            return held[1]

    def get(self, symbol: str, bar: BarSize, minutes: int) -> Built:
        """The body at the current revision, built now if it is not held (the slow path)."""
        found = self.cached(symbol, bar, minutes)
        if found is not None:
            return found
        revision = self.source.revision(symbol)
        built = build(self.source, symbol, bar, minutes)
        with self._lock:
            self.builds += 1
            self._built[(symbol, bar, clamp_minutes(minutes))] = (revision, built)
            while len(self._built) > self.kept:
                self._built.popitem(last=False)
        return built

    def serve(
        self, symbol: str, built: Built, if_none_match: str | None, headers: Mapping[str, str]
    ) -> Served:
        """The answer for `built` now: its body with today's `as_of`, or a 304 when the client
        holds these bars already; `headers` (the rate limits) go on either."""
        max_age = max(0, math.floor(self.source.max_age_seconds(symbol)))
        sent = {
            **headers,
            "ETag": built.etag,
            "Cache-Control": f"max-age={max_age}",
            "Vary": "X-Api-Key",
        }
        if etag_matches(if_none_match, built.etag):
            return Served(304, None, sent)
        as_of = self.source.now().astimezone(UTC).replace(microsecond=0)
        return Served(200, built.body(iso_z(as_of)), sent)
