from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from zdte_tui.api.models import Regime, SeriesResponse
from zdte_tui.tui.status import StatusState, status_markup
from zdte_tui.tui.view_model import age_text, build_view, pin_band


def _series(seed_body, bars) -> SeriesResponse:
    seed_body["bars"] = bars
    return SeriesResponse.model_validate_json(json.dumps(seed_body))


def _bar(seed_body, minute, **changes):
    bar = dict(seed_body["bars"][0], t=f"2026-06-05T18:{minute:02d}:00Z")
    bar.update(changes)
    return bar


NOW = datetime(2026, 6, 5, 18, 45, 12, tzinfo=UTC)


def test_levels_carry_distance_and_move(seed_body):
    series = _series(seed_body, [_bar(seed_body, 43, spot=590.0, call_wall=594.0),
                                 _bar(seed_body, 44)])  # fmt: skip
    view = build_view(series, NOW)
    rows = {row.label: row for row in view.levels}
    assert rows["spot"].value == "590.42" and rows["spot"].move == "▲ 0.42"
    assert rows["call wall"].distance_usd == "+4.58"
    assert rows["call wall"].distance_pct == "+0.78%"
    assert rows["call wall"].move == "▲ 1.00"
    assert rows["put wall"].move == "= 0.00"
    assert rows["gamma flip"].distance_usd == "-1.92"
    metrics = {m.label: m.value for m in view.metrics}
    assert metrics["net GEX"] == "+$1.84B" and metrics["net DEX"] == "+$48.2B"
    assert metrics["ATM IV"] == "12.30%" and metrics["charm"] == "-$3.86M"


def test_null_flip_shows_a_dash_and_the_reason(seed_body):
    bar = _bar(seed_body, 44, gamma_flip=None, gamma_flip_status="no_boundary", regime="unknown")
    series = _series(seed_body, [bar])
    view = build_view(series, NOW)
    flip = view.levels[1]
    assert flip.value == "—" and flip.reason == "no boundary"
    assert view.regime.regime is Regime.UNKNOWN
    assert view.regime.meaning == "no flip: no boundary"
    assert [line.kind for line in view.chart.lines] == ["call-wall", "put-wall", "magnet"]


def test_a_zero_spot_does_not_break_the_view(seed_body):
    """Found by the fuzz test: 0 is a valid spot on the wire; percentages against it are "—"."""
    view = build_view(_series(seed_body, [_bar(seed_body, 44, spot=0.0)]), NOW)
    assert view.levels[1].distance_pct == "—"
    assert view.regime.spot_vs_flip == "spot 588.50 (—) below flip"


def test_regime_change_time_is_in_et(seed_body):
    bars = [_bar(seed_body, 40, regime="negative_gamma"), _bar(seed_body, 41),
            _bar(seed_body, 42)]  # fmt: skip
    view = build_view(_series(seed_body, bars), NOW)
    assert view.regime.since == "since 14:41 ET"
    assert view.regime.spot_vs_flip == "spot 1.92 (0.33%) above flip"


def test_empty_bars_name_the_next_open(seed_body):
    series = _series(seed_body, [])
    friday_evening = datetime(2026, 6, 5, 22, 0, tzinfo=UTC)
    view = build_view(series, friday_evening)
    assert view.empty is not None and view.levels == ()
    assert "No 0DTE samples for SPY" in view.empty.message
    assert view.empty.next_open == "Next session opens Mon 2026-06-08 09:30 ET (in 2d 15h)."


def test_pin_bands():
    assert [pin_band(s) for s in (None, 0, 29, 30, 69, 70, 100)] == [
        "NO MAGNET", "UNLIKELY", "UNLIKELY", "MODERATE", "MODERATE", "STRONG", "STRONG",
    ]  # fmt: skip


def test_age_text():
    assert [age_text(timedelta(seconds=s)) for s in (3, 89, 90, 3600, 7300)] == [
        "3s", "89s", "1m", "60m", "2h01m",
    ]  # fmt: skip


def _state(**changes) -> StatusState:
    fields = dict(
        symbol="SPY", expiration="2026-06-05", bar="1m", minutes=120, source="DEMO",
        as_of=NOW, now=NOW + timedelta(seconds=4), next_refresh_seconds=27, requests=3,
        quota_limit=2500, quota_remaining=2497, unlimited=False, connection="ok", last_error="",
        paused=False, pending=False,
    )  # fmt: skip
    fields.update(changes)
    return StatusState(**fields)


def test_status_line_fits_and_keeps_what_matters_most():
    wide = status_markup(_state(), 200)
    assert "14:45:12 ET (4s)" in wide and "next 27s" in wide
    assert "req 3 · 2497/2500 left" in wide
    assert "$warning" in status_markup(_state(quota_remaining=200), 200)
    narrow = status_markup(_state(paused=True, pending=True), 50)
    assert "SPY" in narrow and "PAUSED" in narrow
    assert "next" not in narrow


def test_status_warns_when_stale():
    stale = status_markup(_state(now=NOW + timedelta(minutes=4)), 200)
    assert "STALE 4m" in stale


def test_status_escapes_server_text():
    text = status_markup(_state(last_error="server: [b]oops"), 200)
    assert "\\[b]oops" in text


def test_status_fields_are_measured_as_drawn_even_with_brackets_in_server_text():
    """Textual's escape leaves `[Errno 111]` as it is and Textual shows it as text: the line's
    fit must count it, or the last fields (the error) would be cut off the pane."""
    from textual.content import Content

    from zdte_tui.tui.status import status_fields

    for error in ("connect: [Errno 111] Connection refused", "got [ x", "[SPY] unknown"):
        for _, markup, width in status_fields(_state(last_error=error)):
            assert width == Content.from_markup(markup).cell_length
        line = status_markup(_state(last_error=error), 80)
        assert Content.from_markup(line).cell_length <= 80
