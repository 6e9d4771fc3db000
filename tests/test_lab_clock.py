from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from zdte_tui.api.market_hours import ET
from zdte_tui.lab.clock import SimulatedClock, WallClock, lab_clock


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_simulated_clock_runs_at_its_speed():
    tick = FakeMonotonic()
    start = datetime(2026, 6, 5, 12, 30, tzinfo=ET)
    clock = SimulatedClock(start, speed=60, monotonic=tick)
    tick.now += 10
    assert clock.now() == datetime(2026, 6, 5, 12, 40, tzinfo=ET)
    assert clock.now().tzinfo is UTC
    with pytest.raises(ValueError):
        SimulatedClock(datetime(2026, 6, 5, 12, 30))


def test_inside_a_session_the_lab_follows_the_real_clock():
    inside = datetime(2026, 6, 5, 11, 0, tzinfo=ET)
    assert isinstance(lab_clock(real_now=inside), WallClock)
    sped = lab_clock(speed=10, real_now=inside)
    assert isinstance(sped, SimulatedClock) and sped.start == inside


@pytest.mark.parametrize(
    ("real", "day"),
    [
        (datetime(2026, 6, 5, 20, 0, tzinfo=ET), date(2026, 6, 5)),  # after the close
        (datetime(2026, 6, 5, 7, 0, tzinfo=ET), date(2026, 6, 5)),  # before the open
        (datetime(2026, 6, 6, 12, 0, tzinfo=ET), date(2026, 6, 5)),  # Saturday
        (datetime(2026, 11, 26, 12, 0, tzinfo=ET), date(2026, 11, 25)),  # Thanksgiving
    ],
)
def test_outside_a_session_the_lab_simulates_from_1230(real, day):
    clock = lab_clock(real_now=real)
    assert isinstance(clock, SimulatedClock)
    assert clock.start == datetime.combine(day, time(12, 30), ET)


def test_start_sets_the_simulated_time():
    clock = lab_clock(start=time(10, 15), speed=0, real_now=datetime(2026, 6, 5, 11, 0, tzinfo=ET))
    assert clock.now() == datetime(2026, 6, 5, 10, 15, tzinfo=ET)
