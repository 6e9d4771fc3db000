from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import TypeAdapter

from tests.conftest import FIXTURES
from zdte_tui.alerts import AlertConfigError, AlertRules, AlertTracker, evaluate, rules_from_config
from zdte_tui.api.models import Bar

BAR = TypeAdapter(Bar)
SEED_BAR = json.loads((FIXTURES / "seed_body.json").read_text())["bars"][0]
START = datetime(2026, 6, 5, 18, 0, tzinfo=UTC)


def bars(*changes: dict) -> tuple[Bar, ...]:
    """One bar a minute from 14:00 ET, each the seed bar with its changes."""
    made = []
    for i, change in enumerate(changes):
        body = dict(SEED_BAR, t=(START + timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%SZ"))
        body.update(change)
        made.append(BAR.validate_json(json.dumps(body)))
    return tuple(made)


def fired(series: tuple[Bar, ...], rules: AlertRules, symbol: str = "SPY") -> list[str]:
    tracker = AlertTracker()
    tracker.new_events(symbol, series[:1], rules)
    return [e.rule for e in tracker.new_events(symbol, series, rules)]


ONLY = {name: AlertRules(**{
    "regime_change": name == "regime_change",
    "flip_cross": name == "flip_cross",
    "level_move_strikes": 2 if name == "level_move_strikes" else 0,
    "pin_threshold": 70 if name == "pin_threshold" else 0,
    "wall_proximity_pct": 0.1 if name == "wall_proximity_pct" else 0,
}) for name in ("regime_change", "flip_cross", "level_move_strikes", "pin_threshold",
                "wall_proximity_pct")}  # fmt: skip


def test_regime_change_fires_once_per_change():
    series = bars({}, {}, {"regime": "negative_gamma"}, {"regime": "negative_gamma"}, {})
    assert fired(series, ONLY["regime_change"]) == ["regime_change", "regime_change"]


def test_spot_crossing_the_flip_fires_once_per_cross():
    series = bars({"spot": 589.0}, {"spot": 588.0}, {"spot": 587.9}, {"spot": 588.6}, {})
    events = fired(series, ONLY["flip_cross"])
    assert events == ["flip_cross", "flip_cross"]
    tracker = AlertTracker()
    tracker.new_events("SPY", series[:1], ONLY["flip_cross"])
    messages = [e.message for e in tracker.new_events("SPY", series, ONLY["flip_cross"])]
    assert messages[0] == "SPY: spot 588.00 crossed below the flip 588.50"


def test_walls_and_magnet_moving_by_n_strikes_from_where_they_last_alerted():
    drift = bars({}, {"call_wall": 596.0}, {"call_wall": 597.0}, {"call_wall": 597.0},
                 {"call_wall": 597.0, "magnet": 588.0})  # fmt: skip
    assert fired(drift, ONLY["level_move_strikes"]) == ["level_move_strikes"] * 2
    spx = bars({"call_wall": 6000.0}, {"call_wall": 6005.0}, {"call_wall": 6010.0},
               {"call_wall": 6015.0})  # fmt: skip
    assert fired(spx, ONLY["level_move_strikes"], symbol="SPX") == ["level_move_strikes"]


def test_pin_score_crossing_the_threshold():
    series = bars({"pin_score": 60}, {"pin_score": 71}, {"pin_score": 75}, {"pin_score": 65},
                  {"pin_score": 70})  # fmt: skip
    assert fired(series, ONLY["pin_threshold"]) == ["pin_threshold", "pin_threshold"]


def test_spot_coming_near_a_wall():
    series = bars({"spot": 592.0}, {"spot": 594.6}, {"spot": 594.7}, {"spot": 592.0},
                  {"spot": 585.3})  # fmt: skip
    assert fired(series, ONLY["wall_proximity_pct"]) == ["wall_proximity_pct"] * 2


def test_history_on_first_load_raises_nothing_and_bars_are_evaluated_once():
    tracker = AlertTracker()
    rules = ONLY["regime_change"]
    first = bars({}, {"regime": "negative_gamma"}, {})
    assert tracker.new_events("SPY", first, rules) == []
    assert tracker.new_events("SPY", first, rules) == []
    grown = bars({}, {"regime": "negative_gamma"}, {}, {"regime": "negative_gamma"})
    assert [e.rule for e in tracker.new_events("SPY", grown, rules)] == ["regime_change"]


def test_muted_rules_fire_nothing():
    series = bars({}, {"regime": "negative_gamma"})
    assert evaluate("SPY", series[0], series[1], AlertRules().toggled("enabled")) == []


def test_rules_from_the_config_table():
    rules = rules_from_config({"pin_threshold": 80, "bell": True, "strike_steps": {"spy": 0.5}})
    assert rules.pin_threshold == 80 and rules.bell and rules.strike_step("SPY") == 0.5
    assert rules.strike_step("SPX") == 5.0
    for bad, words in (({"pin_threshold": "high"}, "number"), ({"bell": 1}, "true or false"),
                       ({"nope": 1}, "no setting 'nope'")):  # fmt: skip
        with pytest.raises(AlertConfigError, match=words):
            rules_from_config(bad)
