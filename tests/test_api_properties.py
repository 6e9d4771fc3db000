"""Whatever the server sends with a 200, the client raises nothing but ContractError."""

from __future__ import annotations

import json

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.properties import examples
from zdte_tui.api.client import SeriesClient
from zdte_tui.api.errors import ContractError

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def _client_answering(body: bytes) -> SeriesClient:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    return SeriesClient("https://lab.test", "k", transport=transport)


async def _outcome(body: bytes) -> str:
    async with _client_answering(body) as client:
        try:
            await client.fetch_series("SPY")
        except ContractError:
            return "contract"
    return "ok"


@settings(max_examples=examples(150), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(json_values)
async def test_arbitrary_json_is_ok_or_contract_error(value):
    assert await _outcome(json.dumps(value).encode()) in ("ok", "contract")


@settings(max_examples=examples(100), deadline=None)
@given(st.binary(max_size=200))
async def test_arbitrary_bytes_are_ok_or_contract_error(raw):
    assert await _outcome(raw) in ("ok", "contract")


@pytest.fixture(scope="module")
def seed_text():
    from tests.conftest import FIXTURES

    return (FIXTURES / "seed_body.json").read_text()


@settings(
    max_examples=examples(300),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
async def test_mutated_valid_bodies_are_ok_or_contract_error(seed_text, data):
    body = json.loads(seed_text)
    bar = body["bars"][0]
    target = data.draw(st.sampled_from([body, bar]))
    key = data.draw(st.sampled_from(sorted(target)))
    action = data.draw(st.sampled_from(["replace", "delete", "duplicate_bars"]))
    if action == "replace":
        target[key] = data.draw(json_values)
    elif action == "delete":
        del target[key]
    else:
        body["bars"] = body["bars"] * data.draw(st.integers(0, 3))
    assert await _outcome(json.dumps(body).encode()) in ("ok", "contract")
