"""An ASGI app that serves the lab, or one chosen fault, for the monitor's fault tests."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

from zdte_tui.api.bars import BarSize


def _mutated(good: dict, change: Callable[[dict], None]) -> bytes:
    body = json.loads(json.dumps(good))
    change(body)
    return json.dumps(body).encode()


def fault_bodies(good: dict) -> dict[str, bytes]:
    """The 200 bodies of each bad-input mode, made from one good body."""

    def set_first(name, value):
        return lambda body: body["bars"][0].__setitem__(name, value)

    def reorder(body):
        body["bars"] = list(reversed(body["bars"])) + body["bars"][:3]

    def relabel(body):
        for bar in body["bars"]:
            bar["regime"] = "gamma_squeeze"

    return {
        "invalid_json": b'{"symbol": "SPY", "bars": [',
        "wrong_shape": _mutated(good, lambda body: body.__setitem__("bars", {"t": 1})),
        "nan": json.dumps(good).replace('"spot": ', '"spot": NaN, "was": ', 1).encode(),
        "null_in_non_nullable": _mutated(good, set_first("t", None)),
        "oversize": json.dumps({**good, "padding": "x" * (5 * 1024 * 1024)}).encode(),
        "unknown_regime": _mutated(good, relabel),
        "out_of_order": _mutated(good, reorder),
    }


class FaultServer:
    """`mode` is `ok`, `slow`, `server_error`, or a key of `fault_bodies`."""

    def __init__(self, lab_app, lab) -> None:
        self.lab_app = lab_app
        self.mode = "ok"
        good = json.loads(lab.series("SPY", BarSize.M1, 120).model_dump_json())
        self.bodies = fault_bodies(good)
        self.slow_seconds = 3.0

    async def __call__(self, scope, receive, send) -> None:
        mode = self.mode
        if scope["type"] != "http" or mode == "ok":
            await self.lab_app(scope, receive, send)
            return
        if mode == "slow":
            await asyncio.sleep(self.slow_seconds)
            await self.lab_app(scope, receive, send)
            return
        status, body = (500, b"boom") if mode == "server_error" else (200, self.bodies[mode])
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
