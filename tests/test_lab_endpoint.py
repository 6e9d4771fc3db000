"""The embedded lab's framework-free endpoint answers exactly as the FastAPI app does: the same
status, body bytes and rate-limit headers for any request, including malformed ones."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from datetime import UTC, datetime, time

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.lab_helpers import frozen_clock
from tests.properties import examples
from zdte_tui.lab.embedded import LabTransport
from zdte_tui.lab.service import Lab
from zdte_tui.serving.access import AccessControl, Plan
from zdte_tui.serving.app import create_app

NOW = datetime(2026, 6, 5, 18, 45, 12, tzinfo=UTC)
KEYS = {"free-key": Plan.FREE, "basic-key": Plan.BASIC, "alpha-key": Plan.ALPHA}
LIMITS = {Plan.FREE: 5, Plan.BASIC: 3, Plan.GROWTH: 4, Plan.ALPHA: None}
COMPARED_HEADERS = (
    "content-type",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "retry-after",
    "allow",
)


def _pair() -> tuple[httpx.AsyncClient, httpx.AsyncClient]:
    """The FastAPI app and the embedded transport over identical labs and quotas."""

    def lab() -> Lab:
        return Lab(frozen_clock(time(14, 45, 12)), seed=5)

    def access() -> AccessControl:
        return AccessControl(KEYS, now=lambda: NOW, daily_limits=LIMITS)

    server = httpx.ASGITransport(app=create_app(lab(), access()))
    embedded = LabTransport(lab(), access())
    return (
        httpx.AsyncClient(transport=server, base_url="http://lab"),
        httpx.AsyncClient(transport=embedded, base_url="http://lab"),
    )


async def _both(clients, method: str, path: str, params, headers):
    answers = []
    for client in clients:
        response = await client.request(method, path, params=params, headers=headers)
        answers.append(
            (
                response.status_code,
                response.content,
                {h: response.headers.get(h) for h in COMPARED_HEADERS},
            )
        )
    return answers


def _same(method: str, path: str, params=None, headers=None, rounds: int = 1):
    async def run():
        clients = _pair()
        for _ in range(rounds):
            server, embedded = await _both(clients, method, path, params, headers)
            assert server == embedded
        return server

    return asyncio.run(run())


SERIES = "/v1/flow/zero-dte/series/"
CASES = [
    ("GET", SERIES + "SPY", {"bar": "1m", "minutes": "30"}, {"X-Api-Key": "k"}),
    ("GET", SERIES + "spx", {}, {"X-Api-Key": "k"}),
    ("GET", SERIES + "SPY", [("bar", "5m"), ("bar", "1m")], {"X-Api-Key": "k"}),
    ("GET", SERIES + "SPY", {"bar": "2m", "minutes": "x"}, {"X-Api-Key": "k"}),
    ("GET", SERIES + "SPY", {"minutes": "12.0"}, {"X-Api-Key": "k"}),
    ("GET", SERIES + "SPY", {"minutes": ""}, {"X-Api-Key": "k"}),
    ("GET", SERIES + "SPY", {"minutes": "-4"}, {"X-Api-Key": "k"}),
    ("GET", SERIES + "SPY", {"minutes": "100000"}, {"X-Api-Key": "k"}),
    ("GET", SERIES + "SPY", {"apiKey": "q"}, {}),
    ("GET", SERIES + "SPY", {}, {}),
    ("GET", SERIES + "SPY", {}, {"X-Api-Key": "  "}),
    ("GET", SERIES + "SPY", {}, {"X-Api-Key": "free-key"}),
    ("GET", SERIES + "SPY", {}, {"X-Api-Key": "alpha-key"}),
    ("GET", SERIES + "NOPE", {}, {"X-Api-Key": "k"}),
    ("GET", SERIES + "%20qqq", {}, {"X-Api-Key": "k"}),
    ("GET", SERIES + "A%2FB", {}, {"X-Api-Key": "k"}),
    ("GET", SERIES, {}, {"X-Api-Key": "k"}),
    ("GET", SERIES, {"bar": "2m"}, {"X-Api-Key": "k"}),
    ("GET", SERIES, {}, {}),
    ("GET", SERIES + "%20", {}, {"X-Api-Key": "k"}),
    ("GET", SERIES + "A" * 5000, {}, {"X-Api-Key": "k"}),
    ("GET", SERIES + "BRK.B", {}, {"X-Api-Key": "k"}),
    ("GET", SERIES.rstrip("/"), {}, {"X-Api-Key": "k"}),
    ("GET", SERIES + "/", {}, {"X-Api-Key": "k"}),
    ("GET", SERIES + "SPY/", {}, {"X-Api-Key": "k"}),
    ("POST", SERIES, {}, {"X-Api-Key": "k"}),
    ("GET", "/v1/flow/zero-dte/other", {}, {"X-Api-Key": "k"}),
    ("POST", SERIES + "SPY", {}, {"X-Api-Key": "k"}),
]


@pytest.mark.parametrize(("method", "path", "params", "headers"), CASES)
def test_the_same_answer_as_the_server(method, path, params, headers):
    _same(method, path, params, headers)


@pytest.mark.parametrize("symbol", ["", "%20", "A" * 5000, "SP%20Y", "%24SPX"])
def test_a_symbol_that_is_not_one_is_a_400_from_both(symbol):
    status, body, headers = _same("GET", SERIES + symbol, headers={"X-Api-Key": "k"})
    assert (status, json.loads(body)["error"]) == (400, "invalid_symbol")
    assert headers["x-ratelimit-limit"] == "4"


def test_a_well_formed_symbol_without_0dte_is_still_200_with_no_bars():
    status, body, _ = _same("GET", SERIES + "zzz", headers={"X-Api-Key": "k"})
    assert status == 200
    assert (json.loads(body)["symbol"], json.loads(body)["bars"]) == ("ZZZ", [])


def test_quotas_run_out_alike():
    """Basic keys are refused (403) with headers; Growth keys run out (429 with Retry-After)."""
    status = _same("GET", SERIES + "SPY", headers={"X-Api-Key": "k"}, rounds=6)
    assert status[0] == 429
    assert _same("GET", SERIES + "SPY", headers={"X-Api-Key": "basic-key"})[0] == 403


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=6)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    symbol=st.sampled_from(["SPY", "qqq", "XSP", "ZZZ", "", " ", "A" * 11])
    | TEXT.filter(lambda s: s.strip("/.")),
    bar=st.none() | st.sampled_from(["30s", "1m", "5m", "15m"]) | TEXT,
    minutes=st.none() | st.integers(-5, 500).map(str) | TEXT,
    key=st.none() | st.sampled_from(["k", "free-key", "alpha-key"]) | TEXT,
)
def test_any_request_gets_the_same_answer(symbol, bar, minutes, key):
    params = {
        name: value for name, value in (("bar", bar), ("minutes", minutes)) if value is not None
    }
    headers = {"X-Api-Key": key} if key is not None and key.isascii() else {}
    _same("GET", SERIES + httpx.URL(symbol).raw_path.decode(), params, headers)


def test_the_monitor_path_does_not_import_fastapi():
    code = (
        "import sys, asyncio\n"
        "from zdte_tui.lab.embedded import embedded_client\n"
        "async def main():\n"
        "    async with embedded_client(seed=1) as client:\n"
        "        assert (await client.fetch_series('SPY')).response.bars is not None\n"
        "asyncio.run(main())\n"
        "print(sorted(m for m in ('fastapi', 'starlette', 'uvicorn', 'click') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@settings(max_examples=examples(200), deadline=None)
@given(
    raw=st.one_of(
        st.text(max_size=8),
        st.integers(0, 10**30).map(str),
        st.sampled_from(["1" * 5000, "060", "+5", " 5", "٣", "5.0", "1e3"]),
    )
)
def test_minutes_and_bar_are_read_as_pydantic_reads_them(raw):
    """The endpoint reads the usual values without pydantic; every value reads the same."""
    from pydantic import TypeAdapter, ValidationError

    from zdte_tui.api.bars import BarSize
    from zdte_tui.serving.endpoint import SeriesEndpoint

    endpoint = SeriesEndpoint(Lab(frozen_clock(time(14, 45, 12)), seed=5))
    for name, adapter in (("minutes", TypeAdapter(int)), ("bar", TypeAdapter(BarSize))):
        checked = endpoint.check("GET", "/v1/flow/zero-dte/series/SPY", [(name, raw)], "k")
        try:
            expected = adapter.validate_python(raw)
        except ValidationError:
            assert checked.status == 400, (name, raw)
        else:
            assert getattr(checked, name) == expected, (name, raw)
