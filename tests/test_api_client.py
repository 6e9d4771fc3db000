from __future__ import annotations

import json
import socket
from datetime import UTC, datetime, time

import httpx
import pytest
import respx

from zdte_tui.api import errors
from zdte_tui.api.bars import BarSize
from zdte_tui.api.client import SeriesClient

BASE = "https://lab.test"
SERIES = f"{BASE}/v1/flow/zero-dte/series/SPY"
KEY = "secret-key-a1b2"


@pytest.fixture
async def client():
    async with SeriesClient(BASE, KEY) as c:
        yield c


@respx.mock
async def test_sends_path_query_and_key(client, seed_body):
    route = respx.get(SERIES).mock(return_value=httpx.Response(200, json=seed_body))
    result = await client.fetch_series(" spy ", "1m", 120)
    request = route.calls.last.request
    assert request.url.path == "/v1/flow/zero-dte/series/SPY"
    assert dict(request.url.params) == {"bar": "1m", "minutes": "120"}
    assert request.headers["X-Api-Key"] == KEY
    assert result.request.symbol == "SPY"
    assert result.response.bars[0].spot == 590.42
    assert result.body_bytes == len(route.calls.last.response.content)


@respx.mock
@pytest.mark.parametrize(("asked", "sent"), [(0, "1"), (-3, "1"), (1000, "390"), (390, "390")])
async def test_minutes_are_clamped(client, seed_body, asked, sent):
    route = respx.get(SERIES).mock(return_value=httpx.Response(200, json=seed_body))
    await client.fetch_series("SPY", BarSize.S30, asked)
    assert route.calls.last.request.url.params["minutes"] == sent


@respx.mock
async def test_symbol_goes_trimmed_and_upper_cased_as_one_path_segment(client, seed_body):
    route = respx.route(method="GET").mock(return_value=httpx.Response(200, json=seed_body))
    await client.fetch_series(" brk.b ", "1m", 10)
    assert route.calls.last.request.url.raw_path.startswith(b"/v1/flow/zero-dte/series/BRK.B?")


@respx.mock
@pytest.mark.parametrize("symbol", ["brk/b?x=1", "A" * 11, "S P Y", "$SPX"])
async def test_a_symbol_the_endpoint_would_refuse_is_refused_before_any_request(client, symbol):
    route = respx.route().mock(return_value=httpx.Response(200))
    with pytest.raises(errors.BadRequestError, match="1 to 10 characters") as refused:
        await client.fetch_series(symbol, "1m", 60)
    assert refused.value.code == "invalid_symbol" and route.call_count == 0


@respx.mock
async def test_invalid_bar_refused_before_any_request(client):
    route = respx.route().mock(return_value=httpx.Response(200))
    with pytest.raises(errors.InvalidBarError, match=r"30s\|1m\|5m\|15m"):
        await client.fetch_series("SPY", "2m", 60)
    with pytest.raises(errors.BadRequestError, match="symbol"):
        await client.fetch_series("   ", "1m", 60)
    assert route.call_count == 0


async def test_no_key_sends_no_header(seed_body):
    with respx.mock:
        route = respx.get(SERIES).mock(return_value=httpx.Response(200, json=seed_body))
        async with SeriesClient(BASE) as anonymous:
            await anonymous.fetch_series("SPY")
        assert "X-Api-Key" not in route.calls.last.request.headers


async def test_timeouts_are_explicit():
    async with SeriesClient(BASE, KEY) as c:
        timeout = c._http.timeout
        assert timeout.connect == 5.0 and timeout.read == 10.0


@respx.mock
async def test_rate_limit_headers_are_surfaced(client, seed_body):
    respx.get(SERIES).mock(
        return_value=httpx.Response(
            200,
            json=seed_body,
            headers={
                "X-RateLimit-Limit": "2500",
                "X-RateLimit-Remaining": "2411",
                "X-RateLimit-Reset": "1780704000",
            },
        )
    )
    limit = (await client.fetch_series("SPY")).rate_limit
    assert (limit.limit, limit.remaining) == (2500, 2411)
    assert limit.reset_at == datetime.fromtimestamp(1780704000, UTC)
    assert not limit.unlimited


@respx.mock
async def test_unlimited_plan_and_absent_headers(client, seed_body):
    respx.get(SERIES).mock(
        side_effect=[
            httpx.Response(200, json=seed_body, headers={"X-RateLimit-Limit": "unlimited"}),
            httpx.Response(200, json=seed_body),
        ]
    )
    assert (await client.fetch_series("SPY")).rate_limit.unlimited
    assert (await client.fetch_series("SPY")).rate_limit is None


ERROR_CASES = [
    (
        httpx.Response(400, json={"error": "invalid_bar", "message": "bar must be 30s|1m|5m|15m"}),
        errors.InvalidBarError,
        "bar must be 30s|1m|5m|15m",
    ),
    (
        httpx.Response(400, json={"error": "invalid_minutes", "message": "minutes must be whole"}),
        errors.BadRequestError,
        "minutes must be whole",
    ),
    (
        httpx.Response(
            401, json={"title": "Unauthorized", "status": 401, "detail": "Invalid API key."}
        ),
        errors.AuthError,
        "Invalid API key.",
    ),
    (
        httpx.Response(404, json={"error": "symbol_not_found", "message": "No data for XYZ."}),
        errors.NotFoundError,
        "No data for XYZ.",
    ),
    (httpx.Response(500, text="boom"), errors.ServerError, "Internal Server Error"),
    (httpx.Response(502, text="<html>Bad gateway</html>"), errors.ServerError, "Bad Gateway"),
    (httpx.Response(503, json={"message": "maintenance"}), errors.ServerError, "maintenance"),
    (httpx.Response(418, text=""), errors.HttpError, "I'm a teapot"),
]


@respx.mock
@pytest.mark.parametrize(("response", "kind", "message"), ERROR_CASES)
async def test_status_maps_to_typed_error(client, response, kind, message):
    respx.get(SERIES).mock(return_value=response)
    with pytest.raises(kind) as caught:
        await client.fetch_series("SPY")
    assert type(caught.value) is kind
    assert str(caught.value) == message
    assert caught.value.status == response.status_code


@respx.mock
async def test_403_carries_plans(client):
    respx.get(SERIES).mock(
        return_value=httpx.Response(
            403,
            json={
                "status": "ERROR",
                "error": "tier_restricted",
                "message": "This endpoint requires the Growth plan or higher.",
                "current_plan": "Basic",
                "required_plan": "Growth",
            },
        )
    )
    with pytest.raises(errors.TierRestrictedError) as caught:
        await client.fetch_series("SPY")
    assert (caught.value.current_plan, caught.value.required_plan) == ("Basic", "Growth")
    assert caught.value.code == "tier_restricted"
    assert caught.value.kind == "plan"


QUOTA_BODY = {
    "status": "ERROR",
    "error": "Quota exceeded",
    "message": "You have exceeded your daily API quota of 5 requests on the Free plan.",
    "current_plan": "Free",
    "limit": 5,
    "upgrade_to": "Basic",
    "reset_at": "2026-03-01T00:00:00Z",
}


@respx.mock
@pytest.mark.parametrize(
    ("headers", "seconds"),
    [({"Retry-After": "3600"}, 3600), ({}, None), ({"Retry-After": "soon"}, None)],
)
async def test_429_with_and_without_retry_after(client, headers, seconds):
    respx.get(SERIES).mock(return_value=httpx.Response(429, json=QUOTA_BODY, headers=headers))
    with pytest.raises(errors.QuotaExceededError) as caught:
        await client.fetch_series("SPY")
    assert caught.value.retry_after_seconds == seconds
    assert "daily API quota" in str(caught.value)


@respx.mock
async def test_429_retry_after_as_http_date(client):
    when = "Wed, 21 Oct 2099 07:28:00 GMT"
    respx.get(SERIES).mock(return_value=httpx.Response(429, headers={"Retry-After": when}))
    with pytest.raises(errors.QuotaExceededError) as caught:
        await client.fetch_series("SPY")
    assert caught.value.retry_after_seconds > 365 * 86400


@respx.mock
@pytest.mark.parametrize(
    ("effect", "kind"),
    [
        (httpx.ConnectTimeout("slow"), errors.RequestTimeoutError),
        (httpx.ReadTimeout("slow"), errors.RequestTimeoutError),
        (httpx.RemoteProtocolError("peer closed"), errors.TransportError),
    ],
)
async def test_transport_failures(client, effect, kind):
    respx.get(SERIES).mock(side_effect=effect)
    with pytest.raises(kind) as caught:
        await client.fetch_series("SPY")
    assert "lab.test" in str(caught.value)


@respx.mock
async def test_dns_failure(client):
    def unresolvable(request):
        try:
            raise socket.gaierror(-2, "Name or service not known")
        except socket.gaierror as exc:
            raise httpx.ConnectError("[Errno -2] Name or service not known") from exc

    respx.get(SERIES).mock(side_effect=unresolvable)
    with pytest.raises(errors.DnsError, match=r"cannot resolve host lab\.test"):
        await client.fetch_series("SPY")


async def test_connection_refused_on_loopback():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with SeriesClient(f"http://127.0.0.1:{port}", KEY) as c:
        with pytest.raises(errors.ConnectRefusedError, match="connection refused"):
            await c.fetch_series("SPY")


@respx.mock
@pytest.mark.parametrize(
    "body",
    [b"not json", b'{"symbol": "SPY"}', b"[]", b"", b'{"symbol":"SPY","bars":NaN}'],
)
async def test_bad_bodies_are_contract_errors(client, body):
    respx.get(SERIES).mock(return_value=httpx.Response(200, content=body))
    with pytest.raises(errors.ContractError):
        await client.fetch_series("SPY")


@respx.mock
async def test_oversized_body_is_refused(seed_body):
    big = json.dumps(seed_body).encode() + b" " * 5000
    respx.get(SERIES).mock(return_value=httpx.Response(200, content=big))
    async with SeriesClient(BASE, KEY, max_body_bytes=4096) as small:
        with pytest.raises(errors.BodyTooLargeError, match="refused"):
            await small.fetch_series("SPY")


@respx.mock
async def test_oversized_streamed_body_without_length():
    """Refused once past the cap, and read no further than that (not to its end)."""
    pulled = []

    def chunks():
        for n in range(100):
            pulled.append(n)
            yield b" " * 1024

    respx.get(SERIES).mock(return_value=httpx.Response(200, content=chunks()))
    async with SeriesClient(BASE, KEY, max_body_bytes=4096) as small:
        with pytest.raises(errors.BodyTooLargeError):
            await small.fetch_series("SPY")
    assert len(pulled) == 5  # 5 KiB: past 4 KiB, so nothing more is read


@respx.mock
async def test_bars_out_of_order_and_duplicated_are_sorted_and_deduplicated(client, seed_body):
    first = seed_body["bars"][0]
    later = dict(first, t="2026-06-05T18:45:00Z", spot=591.0)
    replaced = dict(first, spot=590.5)
    seed_body["bars"] = [later, first, replaced]
    respx.get(SERIES).mock(return_value=httpx.Response(200, json=seed_body))
    bars = (await client.fetch_series("SPY")).response.bars
    assert [b.t.minute for b in bars] == [44, 45]
    assert [b.spot for b in bars] == [590.5, 591.0]


@respx.mock
async def test_key_never_appears_in_errors_or_reprs(client):
    respx.get(SERIES).mock(return_value=httpx.Response(401, json={"detail": "Invalid API key."}))
    with pytest.raises(errors.AuthError) as caught:
        await client.fetch_series("SPY")
    for text in (str(caught.value), repr(caught.value), repr(client)):
        assert KEY not in text


def _tls_verify_mode(client: SeriesClient) -> int:
    return client._http._transport.sync._pool._ssl_context.verify_mode


def _no_tls_context(*_args, **_kwargs):
    raise AssertionError("a TLS context was built for a plain http:// client")


def test_https_verifies_certificates_and_plain_http_builds_no_tls_context(monkeypatch):
    import ssl

    assert _tls_verify_mode(SeriesClient(BASE, KEY)) == ssl.CERT_REQUIRED
    assert _tls_verify_mode(SeriesClient("HTTPS://lab.test", KEY)) == ssl.CERT_REQUIRED
    monkeypatch.setattr(ssl, "SSLContext", _no_tls_context)
    loopback = SeriesClient("http://127.0.0.1:8787", KEY)
    assert loopback._http._transport.sync._pool._ssl_context is None  # no TLS on http://
    assert loopback._http.follow_redirects is False  # so no request ever reaches https:// from it


async def test_a_plain_http_server_answers_through_httpx_without_tls(monkeypatch):
    """httpx's own request handling over the pool built without a context: a real answer from
    a loopback lab, and not one TLS context built on the way."""
    import ssl

    from tests.lab_helpers import frozen_clock
    from tests.servers import running
    from zdte_tui.lab.service import Lab
    from zdte_tui.serving.app import create_app

    with running(create_app(Lab(frozen_clock(time(14, 45, 12)), seed=5))) as url:
        monkeypatch.setattr(ssl, "SSLContext", _no_tls_context)
        async with SeriesClient(url, "any-key") as lab:
            result = await lab.fetch_series("SPY", "1m", 5)
    assert result.response.symbol == "SPY" and result.response.bars
