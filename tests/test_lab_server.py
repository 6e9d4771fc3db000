"""The lab through a real uvicorn server on a loopback port, as any client would see it."""

from __future__ import annotations

import io
import json
import logging
import re
import shutil
import subprocess
from datetime import UTC, datetime, time

import httpx
import pytest
import requests

from tests.lab_helpers import frozen_clock
from tests.servers import running
from zdte_tui.api.models import SeriesResponse
from zdte_tui.api.symbols import SYMBOL_RULE
from zdte_tui.lab.service import Lab
from zdte_tui.serving.access import AccessControl, Plan
from zdte_tui.serving.app import create_app, log_stamp

KEYS = {"free-key": Plan.FREE, "basic-key": Plan.BASIC, "alpha-key": Plan.ALPHA}
NOW = datetime(2026, 6, 5, 18, 45, 12, tzinfo=UTC)


class Wall:
    """A settable UTC wall clock for quotas."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
def wall():
    return Wall()


@pytest.fixture(scope="module")
def base_url(wall):
    access = AccessControl(KEYS, now=wall, daily_limits={**_limits(), Plan.GROWTH: 1000})
    app = create_app(Lab(frozen_clock(time(14, 45, 12)), seed=5), access)
    with running(app) as url:
        yield url


def _limits():
    from zdte_tui.serving.access import DAILY_LIMITS

    return dict(DAILY_LIMITS)


def _get(base_url, path="/v1/flow/zero-dte/series/SPY", key="k", **params):
    headers = {"X-Api-Key": key} if key is not None else {}
    return httpx.get(base_url + path, params=params, headers=headers, timeout=10)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_seed_curl_example_works_unchanged_but_for_the_host(base_url):
    out = subprocess.run(
        [
            "curl", "-s", "-H", "X-Api-Key: YOUR_API_KEY",
            f"{base_url}/v1/flow/zero-dte/series/SPY?bar=1m&minutes=120",
        ],
        capture_output=True, check=True, timeout=30,
    )  # fmt: skip
    body = json.loads(out.stdout)
    assert len(body["bars"]) in (120, 121)
    assert body["symbol"] == "SPY" and body["bar_size"] == "1m"


def test_the_seed_python_example_works_unchanged_but_for_the_host(base_url):
    resp = requests.get(
        f"{base_url}/v1/flow/zero-dte/series/SPY",
        params={"bar": "1m", "minutes": 120},
        headers={"X-Api-Key": "YOUR_API_KEY"},
        timeout=30,
    )
    data = resp.json()
    assert len(data["bars"]) in (120, 121)
    assert SeriesResponse.model_validate_json(resp.content).bars[-1].t.minute == 45


def test_success_body_and_headers(base_url):
    resp = _get(base_url, path="/v1/flow/zero-dte/series/%20spx%20", bar="5m", minutes="30")
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "application/json"
    assert resp.headers["x-ratelimit-limit"] == "1000"
    assert int(resp.headers["x-ratelimit-remaining"]) < 1000
    assert resp.headers["x-ratelimit-reset"] == str(
        int(datetime(2026, 6, 6, tzinfo=UTC).timestamp())
    )
    body = resp.json()
    assert body["symbol"] == "SPX" and body["expiration"] == "2026-06-05"
    assert body["as_of"] == "2026-06-05T18:45:12Z"
    assert body["bars"][-1]["t"] == "2026-06-05T18:45:00Z"
    assert body["endpoint_version"] and body["data_as_of"]["node"] == "lab"
    assert body["data_as_of"]["index_feed"] == "2026-06-05T18:45:00.000Z"


def test_defaults_are_30s_and_60_minutes(base_url):
    body = _get(base_url).json()
    assert body["bar_size"] == "30s" and len(body["bars"]) == 120


@pytest.mark.parametrize(("asked", "count"), [("0", 2), ("-5", 2), ("1000", 316), ("390", 316)])
def test_minutes_are_clamped(base_url, asked, count):
    assert len(_get(base_url, bar="1m", minutes=asked).json()["bars"]) == count


def test_unknown_symbol_is_200_with_empty_bars(base_url):
    resp = _get(base_url, path="/v1/flow/zero-dte/series/xyz")
    assert resp.status_code == 200
    assert resp.json()["bars"] == [] and resp.json()["symbol"] == "XYZ"


@pytest.mark.parametrize("symbol", ["", "%20", "A" * 5000, "SP%2BY"])
def test_a_symbol_that_is_not_one_is_400_invalid_symbol(base_url, symbol):
    resp = _get(base_url, path="/v1/flow/zero-dte/series/" + symbol)
    assert resp.status_code == 400
    assert resp.json() == {"error": "invalid_symbol", "message": SYMBOL_RULE}
    assert "x-ratelimit-remaining" in resp.headers


@pytest.mark.parametrize("bar", ["2m", "1M", "", "30S"])
def test_invalid_bar(base_url, bar):
    resp = _get(base_url, bar=bar)
    assert resp.status_code == 400
    assert resp.json() == {"error": "invalid_bar", "message": "bar must be 30s|1m|5m|15m"}
    assert "x-ratelimit-remaining" in resp.headers


@pytest.mark.parametrize("minutes", ["abc", "1.5", ""])
def test_non_integer_minutes(base_url, minutes):
    resp = _get(base_url, minutes=minutes)
    assert resp.status_code == 400 and resp.json()["error"] == "invalid_minutes"


@pytest.mark.parametrize("key", [None, ""])
def test_missing_key_is_401_before_anything_else(base_url, key):
    resp = _get(base_url, key=key, bar="2m")
    assert resp.status_code == 401
    assert resp.json() == {"title": "Unauthorized", "status": 401, "detail": "Invalid API key."}
    assert "x-ratelimit-limit" not in resp.headers


def test_key_in_the_query_string_is_accepted(base_url):
    resp = httpx.get(base_url + "/v1/flow/zero-dte/series/SPY?apiKey=k&minutes=5")
    assert resp.status_code == 200
    blank = httpx.get(base_url + "/v1/flow/zero-dte/series/SPY?apiKey=%20%20")
    assert blank.status_code == 401


@pytest.mark.parametrize(("key", "plan"), [("free-key", "Free"), ("basic-key", "Basic")])
def test_plans_below_growth_are_403(base_url, key, plan):
    resp = _get(base_url, key=key)
    assert resp.status_code == 403
    assert resp.json() == {
        "status": "ERROR",
        "error": "tier_restricted",
        "message": "This endpoint requires the Growth plan or higher.",
        "current_plan": plan,
        "required_plan": "Growth",
    }


def test_alpha_is_unlimited(base_url):
    resp = _get(base_url, key="alpha-key", minutes="1")
    assert resp.headers["x-ratelimit-limit"] == "unlimited"
    assert resp.headers["x-ratelimit-remaining"] == "unlimited"


def test_quota_429_with_retry_after_and_reset_at_midnight_utc(wall):
    access = AccessControl(now=wall, daily_limits={**_limits(), Plan.GROWTH: 3})
    app = create_app(Lab(frozen_clock(time(12, 0)), seed=1), access)
    with running(app) as url:
        remaining = [
            _get(url, key="q", minutes="1").headers["x-ratelimit-remaining"] for _ in "abc"
        ]
        assert remaining == ["2", "1", "0"]
        refused = _get(url, key="q", minutes="1")
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == str(5 * 3600 + 14 * 60 + 48)
        assert refused.json()["error"] == "Quota exceeded"
        assert refused.json()["reset_at"] == "2026-06-06T00:00:00Z"
        assert _get(url, key="other", minutes="1").status_code == 200
        wall.now = datetime(2026, 6, 6, 0, 0, 1, tzinfo=UTC)
        assert _get(url, key="q", minutes="1").status_code == 200
        wall.now = NOW


def test_openapi_document_is_the_contract(base_url):
    spec = httpx.get(base_url + "/openapi.json").json()
    operation = spec["paths"]["/v1/flow/zero-dte/series/{symbol}"]["get"]
    assert set(operation["responses"]) >= {"200", "400", "401", "403", "429"}
    assert "422" not in operation["responses"]  # bad parameters are the documented 400s
    bar_schema = spec["components"]["schemas"]["Bar"]
    assert set(bar_schema["properties"]) >= {"t", "spot", "gamma_flip_status", "regime"}
    params = {p["name"]: p for p in operation["parameters"]}
    assert set(params) >= {"symbol", "bar", "minutes"}
    schemes = spec["components"]["securitySchemes"]
    assert {s["name"] for s in schemes.values()} == {"X-Api-Key", "apiKey"}


def test_log_line_per_request_never_shows_the_key():
    lines = io.StringIO()
    app = create_app(Lab(frozen_clock(time(14, 45, 12)), seed=5), request_log=lines)
    with running(app) as url:
        httpx.get(url + "/v1/flow/zero-dte/series/SPY?apiKey=top-secret-9&minutes=1")
        _get(url, key="header-secret-8", minutes="1")
        httpx.get(url + "/v1/flow/zero-dte/series/SPY?api%4Bey=encoded-secret-7")
        logged = lines.getvalue().splitlines()  # each line is written before its answer's end
    assert len(logged) == 3 and "apiKey=***" in logged[2]
    assert "apiKey=***" in logged[0] and " 200 " in logged[0]
    assert re.fullmatch(r'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} 127\.0\.0\.1 "GET '
                        r'/v1/flow/zero-dte/series/SPY\?minutes=1" 200 \d+\.\dms', logged[1])
    assert not any("secret" in line for line in logged)


def test_a_log_that_cannot_be_written_fails_no_answer():
    closed = io.StringIO()
    closed.close()  # as a hung-up terminal's stderr: every write raises
    app = create_app(Lab(frozen_clock(time(14, 45, 12)), seed=5), request_log=closed)
    with running(app) as url:
        assert _get(url, minutes="1").status_code == 200


@pytest.mark.parametrize("created", [1_780_000_000.0, 1_780_000_000.25, 1_780_000_059.999])
def test_the_log_stamp_reads_as_logging_stamps(created):
    record = logging.makeLogRecord({"msg": "x", "created": created,
                                    "msecs": int(created % 1 * 1000)})  # fmt: skip
    assert log_stamp(created) == logging.Formatter().formatTime(record)
