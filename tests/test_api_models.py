from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from zdte_tui.api.bars import BarSize, clamp_minutes, max_bar_count
from zdte_tui.api.models import Bar, Regime, SeriesResponse

NULLABLE = [
    "spot", "net_gex", "net_dex", "gamma_flip", "call_wall", "put_wall", "magnet", "pin_score",
    "pin_probability_pct", "atm_iv", "charm_dollars_per_hour", "hedge_flow_call_cumulative",
    "hedge_flow_put_cumulative", "hedge_flow_cumulative_all",
]  # fmt: skip


def test_seed_body_parses_with_every_field_typed(seed_body):
    series = SeriesResponse.model_validate_json(json.dumps(seed_body))
    assert series.symbol == "SPY"
    assert series.expiration == date(2026, 6, 5)
    assert series.as_of == datetime(2026, 6, 5, 18, 45, 12, tzinfo=UTC)
    assert series.bar_size is BarSize.M1
    (bar,) = series.bars
    assert bar.t == datetime(2026, 6, 5, 18, 44, tzinfo=UTC)
    assert bar.t.utcoffset().total_seconds() == 0
    assert bar.spot == 590.42 and isinstance(bar.spot, float)
    assert bar.net_gex == 1.842e9 and isinstance(bar.net_gex, float)
    assert bar.net_dex == 4.82e10
    assert bar.gamma_flip == 588.5
    assert (bar.call_wall, bar.put_wall, bar.magnet) == (595.0, 585.0, 590.0)
    assert bar.pin_score == 82 and isinstance(bar.pin_score, int)
    assert bar.pin_probability_pct == 64.1
    assert bar.regime is Regime.POSITIVE
    assert bar.atm_iv == 0.123
    assert bar.charm_dollars_per_hour == -3_856_000
    assert bar.hedge_flow_call_cumulative == 18_432_000
    assert bar.hedge_flow_put_cumulative == -9_210_000
    assert bar.hedge_flow_cumulative_all == 9_222_000
    assert bar.gamma_flip_status is None
    assert bar.flip_available
    assert series.endpoint_version is None and series.data_as_of is None


def test_every_nullable_field_null_parses(seed_body):
    bar = seed_body["bars"][0]
    for name in NULLABLE:
        bar[name] = None
    bar["regime"] = "unknown"
    bar["gamma_flip_status"] = "no_boundary"
    series = SeriesResponse.model_validate_json(json.dumps(seed_body))
    parsed = series.bars[0]
    assert all(getattr(parsed, name) is None for name in NULLABLE)
    assert not parsed.flip_available


def test_empty_bars_body_parses():
    body = {
        "symbol": "XYZ",
        "expiration": "2026-06-06",
        "as_of": "2026-06-06T15:00:00Z",
        "bar_size": "30s",
        "bars": [],
    }
    series = SeriesResponse.model_validate_json(json.dumps(body))
    assert series.bars == ()
    assert series.bar_size is BarSize.S30


@pytest.mark.parametrize("label", ["undetermined", "GAMMA_SQUEEZE", ""])
def test_unknown_regime_string_reads_as_unknown(seed_body, label):
    seed_body["bars"][0]["regime"] = label
    assert (
        SeriesResponse.model_validate_json(json.dumps(seed_body)).bars[0].regime is Regime.UNKNOWN
    )


def test_envelope_and_extra_fields(seed_body):
    seed_body["endpoint_version"] = "2026.08.25"
    seed_body["data_as_of"] = {
        "node": "fa2",
        "equity_feed": "2026-06-05T18:45:11.250Z",
        "oi_feed": "2026-06-04T20:00:00.000Z",
        "index_feed": None,
        "brand_new_feed": "2026-06-05T18:45:11.250Z",
    }
    seed_body["bars"][0]["a_future_field"] = [1, 2, 3]
    seed_body["something_else"] = {"x": 1}
    series = SeriesResponse.model_validate_json(json.dumps(seed_body))
    assert series.endpoint_version == "2026.08.25"
    assert series.data_as_of.node == "fa2"
    assert series.data_as_of.equity_feed == datetime(2026, 6, 5, 18, 45, 11, 250000, tzinfo=UTC)
    assert series.data_as_of.index_feed is None
    dumped = json.loads(series.model_dump_json())
    assert dumped["data_as_of"]["equity_feed"] == "2026-06-05T18:45:11.250Z"
    assert dumped["bars"][0]["t"] == "2026-06-05T18:44:00Z"


def test_timestamps_with_offsets_normalise_to_utc(seed_body):
    seed_body["bars"][0]["t"] = "2026-06-05T14:44:00-04:00"
    bar = SeriesResponse.model_validate_json(json.dumps(seed_body)).bars[0]
    assert bar.t == datetime(2026, 6, 5, 18, 44, tzinfo=UTC)
    assert bar.t.tzinfo is UTC


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("spot", "590.42"),
        ("pin_score", 82.5),
        ("net_gex", True),
        ("regime", None),
        ("regime", 3),
        ("t", None),
        ("t", "2026-06-05T18:44:00"),
    ],
)
def test_wrong_types_are_rejected(seed_body, field, value):
    seed_body["bars"][0][field] = value
    with pytest.raises(ValidationError):
        SeriesResponse.model_validate_json(json.dumps(seed_body))


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_numbers_are_rejected(seed_body, literal):
    raw = json.dumps(seed_body).replace("590.42", literal)
    with pytest.raises(ValidationError):
        SeriesResponse.model_validate_json(raw)


def test_bar_sizes_and_lookback_rule():
    assert [b.seconds for b in BarSize] == [30, 60, 300, 900]
    assert [b.value for b in BarSize] == ["30s", "1m", "5m", "15m"]
    assert (clamp_minutes(0), clamp_minutes(-5), clamp_minutes(60), clamp_minutes(1000)) == (
        1,
        1,
        60,
        390,
    )
    assert max_bar_count(60, BarSize.S30) == 121
    assert max_bar_count(60, BarSize.M5) == 13
    with pytest.raises(ValueError, match=r"30s\|1m\|5m\|15m"):
        BarSize.parse("2m")
    with pytest.raises(ValueError):
        BarSize.parse("1M")


def test_bar_model_is_the_documented_field_set():
    documented = {"t", "regime", "gamma_flip_status", *NULLABLE}
    assert {field.name for field in dataclasses.fields(Bar)} == documented


def test_the_models_load_no_pydantic_plugin_machinery():
    """pydantic reads only `get_plugins` from its plugin loader: with the stand-in, the models
    validate and serialise as ever, and the real loader (and its entry-point scan) never runs."""
    code = textwrap.dedent(
        """
        import sys
        from zdte_tui.api.models import SeriesResponse
        from pydantic.plugin import _loader
        body = open(sys.argv[1], "rb").read()
        series = SeriesResponse.model_validate_json(body)
        again = SeriesResponse.model_validate_json(series.model_dump_json())
        print(len(series.bars), again == series, list(_loader.get_plugins()),
              hasattr(_loader, "entry_points"))  # the real loader imports entry_points
        """
    )
    body = Path(__file__).parent / "fixtures" / "seed_body.json"
    done = subprocess.run([sys.executable, "-c", code, str(body)],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.stdout.split() == ["1", "True", "[]", "False"], done.stderr
