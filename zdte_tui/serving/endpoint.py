"""The series endpoint without a web framework: the checks in their order (auth → plan → quota →
parameters, domain.md §4.1), the bodies and headers. The embedded lab answers through this, so
the monitor never imports FastAPI (about 130 ms and 13 MiB at start), and the FastAPI app serves
through it too (FastAPI only documents the parameters): one implementation of every rule.
tests/test_lab_endpoint.py holds the two transports' answers equal, byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from pydantic import TypeAdapter, ValidationError

from zdte_tui.api.address import SERIES_PATH
from zdte_tui.api.bars import BAR_CHOICES, DEFAULT_BAR, DEFAULT_MINUTES, BarSize
from zdte_tui.api.symbols import INVALID_SYMBOL_BODY, InvalidSymbol, normalize_symbol
from zdte_tui.serving.access import AccessControl, Denied
from zdte_tui.serving.bodies import BODIES_KEPT, AnswerCache, Built
from zdte_tui.serving.source import SeriesSource

_BAR = TypeAdapter(BarSize)
_MINUTES = TypeAdapter(int)
_BARS = {bar.value: bar for bar in BarSize}
"""The bar sizes as sent: the usual request is read with a lookup, the rest by pydantic."""
"""The query parameters are read as FastAPI reads them: pydantic's lax mode, last value wins."""

NOT_FOUND = {"detail": "Not Found"}
INVALID_BAR = {"error": "invalid_bar", "message": f"bar must be {BAR_CHOICES}"}
INVALID_MINUTES = {"error": "invalid_minutes", "message": "minutes must be a whole number"}


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: status, JSON body bytes, headers beyond Content-Type."""

    status: int
    body: bytes
    headers: Mapping[str, str]


@dataclass(frozen=True)
class Admitted:
    """A request that passed every check: what to answer, and its rate-limit headers."""

    symbol: str
    bar: BarSize
    minutes: int
    headers: Mapping[str, str]


def _json(status: int, body: Mapping[str, Any], headers: Mapping[str, str] | None = None) -> Answer:
    text = json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return Answer(status, text.encode(), headers or {})


def _last(query: Sequence[tuple[str, str]], name: str) -> str | None:
    values = [value for key, value in query if key == name]
    return values[-1] if values else None


class SeriesEndpoint:
    """`GET /v1/flow/zero-dte/series/{symbol}` over a source (the lab, a relay), no framework."""

    def __init__(
        self, source: SeriesSource, access: AccessControl | None = None, kept: int = BODIES_KEPT
    ) -> None:
        self.source = source
        self.access = access or AccessControl()
        self.bodies = AnswerCache(source, kept)

    def answer(
        self,
        method: str,
        raw_path: str,
        query: Sequence[tuple[str, str]],
        header_key: str | None,
        if_none_match: str | None = None,
    ) -> Answer:
        """The whole answer, built here if it is not held (see `check` for the rules)."""
        checked = self.check(method, raw_path, query, header_key)
        if isinstance(checked, Answer):
            return checked
        try:
            built = self.bodies.get(checked.symbol, checked.bar, checked.minutes)
        except Denied as denied:
            return self.refused(checked, denied)
        return self.finish(checked, built, if_none_match)

    def check(
        self, method: str, raw_path: str, query: Sequence[tuple[str, str]], header_key: str | None
    ) -> Answer | Admitted:
        """Every rule before the body: an error `Answer`, or the request `Admitted`.

        `raw_path` is percent-encoded as sent; the key is `X-Api-Key`'s, else `apiKey`'s.
        An empty symbol (`.../series/`) is a bad symbol (400), a symbol with a `/` another
        path (404). Parameters are checked in FastAPI's order: bar, minutes, then the symbol."""
        path = unquote(raw_path)
        symbol = path.removeprefix(SERIES_PATH)
        if not path.startswith(SERIES_PATH) or "/" in symbol:
            return _json(404, NOT_FOUND)
        if method != "GET":
            return _json(405, {"detail": "Method Not Allowed"}, {"allow": "GET"})
        try:
            grant = self.access.admit(header_key or _last(query, "apiKey"))
        except Denied as denied:
            return _json(denied.status, denied.body, denied.headers)
        raw_bar, raw_minutes = _last(query, "bar"), _last(query, "minutes")
        try:
            bar = (
                DEFAULT_BAR
                if raw_bar is None
                else _BARS.get(raw_bar) or _BAR.validate_python(raw_bar)
            )
        except ValidationError:
            return _json(400, INVALID_BAR, grant.headers)
        try:
            if raw_minutes is None:
                minutes = DEFAULT_MINUTES
            elif raw_minutes.isascii() and raw_minutes.isdigit() and len(raw_minutes) <= 18:
                minutes = int(raw_minutes)  # what pydantic reads it as, without its machinery
            else:
                minutes = _MINUTES.validate_python(raw_minutes)
        except ValidationError:
            return _json(400, INVALID_MINUTES, grant.headers)
        try:
            symbol = normalize_symbol(symbol)
        except InvalidSymbol:
            return _json(400, INVALID_SYMBOL_BODY, grant.headers)
        return Admitted(symbol, bar, minutes, grant.headers)

    def refused(self, admitted: Admitted, denied: Denied) -> Answer:
        """The source refused a valid request (a relay's symbol cap, its upstream down)."""
        return _json(denied.status, denied.body, {**admitted.headers, **denied.headers})

    def finish(self, admitted: Admitted, built: Built, if_none_match: str | None) -> Answer:
        served = self.bodies.serve(admitted.symbol, built, if_none_match, admitted.headers)
        return Answer(served.status, served.body or b"", served.headers)
