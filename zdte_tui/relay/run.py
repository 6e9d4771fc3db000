"""`zdte-tui relay`: the relay under uvicorn, and `--status` printed for a person.

The upstream key is the monitor's own setting (FLASHALPHA_API_KEY or the config file); it is
never printed or logged, and it is not taken from a flag (flags show in `ps`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import sys
from pathlib import Path
from typing import Any

from zdte_tui.api.client import SeriesClient
from zdte_tui.api.httpx_import import httpx
from zdte_tui.api.key_transport import is_loopback
from zdte_tui.config import Settings
from zdte_tui.relay.app import STATUS_PATH, create_relay_app
from zdte_tui.relay.service import Relay
from zdte_tui.serving.access import AccessControl, load_keys

log = logging.getLogger("zdte_tui.relay")


class RelayError(Exception):
    """A setting the relay cannot start with; the message says what to do."""


def replica_name(port: int) -> str:
    return f"{socket.gethostname()}:{port}:{os.getpid()}"


def check_redis(url: str) -> None:
    """Redis must answer before the relay listens: a clear error naming the URL, else."""
    try:
        from zdte_tui.relay.shared import SharedStore, SharedUnavailable

        SharedStore(url, "check")
    except ImportError:
        raise RelayError("--redis needs the redis client: pip install 'zdte-tui[redis]'") from None

    async def ping() -> None:
        shared = SharedStore(url, "check")
        try:
            await shared.check()
        finally:
            await shared.aclose()

    try:
        asyncio.run(ping())
    except SharedUnavailable as exc:
        raise RelayError(f"cannot reach {exc}; start Redis or fix --redis") from None


def build_relay(
    settings: Settings,
    host: str,
    upstream: str | None,
    keys_path: Path | None,
    symbols: list[str],
    redis_url: str | None = None,
    replica: str = "",
    lease_seconds: float = 15.0,
) -> tuple[Relay, AccessControl]:
    if keys_path is None and not is_loopback(host):
        raise RelayError(
            f"refusing to listen on {host} without --keys: every screen on the network could "
            "spend the desk's upstream quota. Give each screen a key in a keys file, or listen "
            "on 127.0.0.1."
        )
    if not settings.api_key:
        raise RelayError(
            "the relay needs the desk's upstream key: set FLASHALPHA_API_KEY or api_key in the "
            "config file (`zdte-tui config` shows where it looks)"
        )
    try:
        keys = load_keys(keys_path) if keys_path else {}
    except ValueError as exc:
        raise RelayError(str(exc)) from None
    access = AccessControl(keys, listed_only=keys_path is not None)
    base_url = upstream or settings.base_url
    client = SeriesClient(base_url, settings.api_key, allow_insecure=settings.insecure)
    shared = None
    if redis_url:
        from zdte_tui.relay.shared import SharedStore

        shared = SharedStore(redis_url, replica, lease_seconds)
    relay = Relay(client, symbols, access=access, upstream_url=base_url, shared=shared)
    return relay, access


def run_relay(
    settings: Settings,
    host: str,
    port: int,
    upstream: str | None,
    keys_path: Path | None,
    symbols: list[str],
    redis_url: str | None = None,
    lease_seconds: float = 15.0,
) -> int:
    import uvicorn

    if redis_url:
        check_redis(redis_url)
    relay, access = build_relay(settings, host, upstream, keys_path, symbols, redis_url,
                                replica_name(port), lease_seconds)  # fmt: skip
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr, force=True
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # the upstream's, one per sample
    screens = f"{access.listed} screen keys" if access.listed_only else "any key (loopback)"
    log.info(
        "zdte-tui relay on http://%s:%d  upstream %s, symbols %s, %s%s",
        host, port, relay.upstream_url, ",".join(symbols) or "as screens ask", screens,
        f", replica {relay.coordinator.shared.replica} on {relay.coordinator.shared.url_shown}"
        if relay.coordinator else "",
    )  # fmt: skip
    app = create_relay_app(relay, access, request_log=sys.stderr)
    uvicorn.run(app, host=host, port=port, access_log=False, log_level="warning")
    return 0


def fetch_status(url: str, key: str | None) -> dict[str, Any]:
    headers = {"X-Api-Key": key} if key else {}
    try:
        response = httpx.get(url.rstrip("/") + STATUS_PATH, headers=headers, timeout=10.0)
    except httpx.HTTPError as exc:
        raise RelayError(f"cannot reach the relay at {url}: {type(exc).__name__}") from None
    if response.status_code == 401:
        raise RelayError(
            "the relay refused the key: give a screen key with --api-key or FLASHALPHA_API_KEY"
        )
    if response.status_code != 200:
        raise RelayError(f"the relay answered HTTP {response.status_code} at {STATUS_PATH}")
    try:
        return response.json()
    except json.JSONDecodeError:
        raise RelayError(f"the relay's {STATUS_PATH} is not JSON") from None


def _count(value: Any) -> str:
    return "?" if value is None else str(value)


def format_status(status: dict[str, Any]) -> str:
    """The status for a person: the upstream's day, then one line per symbol."""
    up = status["upstream"]
    screens = status["screens_today"]
    lines = [
        f"{status['relay']} at {status['as_of']} (up since {status['started']})",
        f"upstream {up['url']}: {up['requests_today']} requests today, "
        f"{_count(up['quota_remaining'])} of {_count(up['quota_limit'])} left",
    ]
    if up.get("stopped"):
        lines.append(f"  STOPPED: {up['stopped']}")
    if up.get("last_error"):
        lines.append(f"  last error: {up['last_error']}")
    shared = status.get("redis")
    if shared:
        state = f"DOWN ({shared['down']})" if shared["down"] else "ok"
        lines.append(f"redis {shared['url']}: {state}; this replica {shared['replica']} polls "
                     f"{', '.join(shared['polling']) or 'nothing'}; the desk's upstream "
                     f"requests today: {shared.get('upstream_requests_today', '?')}")  # fmt: skip
        for replica, seen in shared.get("replicas", {}).items():
            lines.append(f"  replica {replica}: last seen {seen}")
        for symbol, lease in shared.get("leases", {}).items():
            lines.append(f"  lease {symbol}: {lease['replica']} since {lease['since']}")
    lines.append(f"screens today: {screens['keys']} keys, {screens['requests']} requests")
    lines.append(f"symbols (cap {status['symbol_cap']}):")
    lines.append(
        f"  {'symbol':<8}{'samples':>8}{'backfill':>10}{'upstream':>10}{'per new sample':>16}"
        "  last sample"
    )
    for symbol, row in status["symbols"].items():
        samples, asked, backfill = row["samples"], row["upstream_requests"], row["backfilled"]
        new = samples - backfill
        ratio = f"{(asked - 1) / new:.2f}" if new > 0 and asked else "-"
        if row["no_0dte_today"]:
            last = "no 0DTE today"
        elif row["last_sample"]:
            last = f"{row['last_sample']} ({row['age_seconds']:g} s ago)"
        else:
            last = "none yet"
        if row["last_error"]:
            last += f"  error: {row['last_error']}"
        lines.append(f"  {symbol:<8}{samples:>8}{backfill:>10}{asked:>10}{ratio:>16}  {last}")
    return "\n".join(lines)
