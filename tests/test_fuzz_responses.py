"""Response handling under fuzz: >= 10,000 generated bodies, no uncaught exception.

Each body goes through the client's parser (ContractError or a series) and, when accepted, the
monitor's view model. Marked `fuzz`; the default test run (and CI) includes it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from tests.properties import examples
from zdte_tui.api.client import _parse_series
from zdte_tui.api.errors import ContractError
from zdte_tui.tui.view_model import build_view

SEED = json.loads((FIXTURES / "seed_body.json").read_text())
NOW = datetime(2026, 6, 5, 18, 45, 12, tzinfo=UTC)
COUNT = {"bodies": 0}

numbers = (
    st.none()
    | st.integers(-(10**15), 10**15)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([0, -0.0, 1e308, -1e308, 5e-324])
)
leaves = (
    numbers
    | st.booleans()
    | st.text(max_size=10)
    | st.sampled_from(
        ["positive_gamma", "negative_gamma", "unknown", "available", "2026-06-05T18:44:00Z"]
    )
)
values = st.recursive(
    leaves,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def bar_bodies(draw) -> bytes:
    body = json.loads(json.dumps(SEED))
    template = body["bars"][0]
    bars = []
    for _ in range(draw(st.integers(0, 4))):
        bar = dict(template)
        minute = draw(st.integers(0, 59))
        bar["t"] = f"2026-06-05T18:{minute:02d}:{draw(st.sampled_from(['00', '30']))}Z"
        for name in draw(st.lists(st.sampled_from(sorted(template)), max_size=4)):
            if draw(st.booleans()):
                bar[name] = draw(values)
            else:
                bar.pop(name, None)
        bars.append(bar)
    body["bars"] = bars
    if draw(st.integers(0, 9)) == 0:
        body[draw(st.sampled_from(sorted(body)))] = draw(values)
    text = json.dumps(body, allow_nan=True)
    if draw(st.integers(0, 19)) == 0:
        cut = draw(st.integers(0, len(text)))
        text = text[:cut]
    return text.encode()


@pytest.mark.fuzz
@settings(max_examples=examples(10_000), deadline=None, suppress_health_check=list(HealthCheck))
@given(bar_bodies())
def test_ten_thousand_bodies_never_raise_anything_but_contract_errors(raw):
    COUNT["bodies"] += 1
    try:
        series = _parse_series(raw)
    except ContractError:
        return
    build_view(series, NOW)


def test_the_fuzz_ran_its_ten_thousand():
    """Runs after the fuzz test in file order; guards against a silently shrunk run."""
    if COUNT["bodies"] == 0:
        pytest.skip("the fuzz test was not selected in this run")
    assert COUNT["bodies"] >= 10_000
