from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from zdte_tui.api.market_hours import (
    ET,
    is_trading_day,
    last_trading_day,
    next_open,
    nyse_holidays,
    session_for,
)


def test_2026_nyse_holidays():
    assert nyse_holidays(2026) == {
        date(2026, 1, 1),
        date(2026, 1, 19),
        date(2026, 2, 16),
        date(2026, 4, 3),
        date(2026, 5, 25),
        date(2026, 6, 19),
        date(2026, 7, 3),
        date(2026, 9, 7),
        date(2026, 11, 26),
        date(2026, 12, 25),
    }


def test_saturday_new_year_is_not_observed_on_the_friday_before():
    assert date(2021, 12, 31) not in nyse_holidays(2021)
    assert date(2022, 1, 1) not in nyse_holidays(2022)


@pytest.mark.parametrize(
    ("day", "close"),
    [(date(2026, 11, 27), time(13)), (date(2026, 12, 24), time(13)), (date(2026, 6, 5), time(16))],
)
def test_session_hours(day, close):
    session = session_for(day)
    assert session.open.time() == time(9, 30) and session.close.time() == close
    assert session.minutes == (390 if close == time(16) else 210)


def test_weekends_and_holidays_have_no_session():
    assert session_for(date(2026, 11, 28)) is None
    assert not is_trading_day(date(2026, 11, 26))
    assert last_trading_day(date(2026, 11, 29)) == date(2026, 11, 27)


def test_next_open():
    wednesday_evening = datetime(2026, 11, 25, 21, 0, tzinfo=ET)
    assert next_open(wednesday_evening) == datetime(2026, 11, 27, 9, 30, tzinfo=ET)
    during = datetime(2026, 6, 5, 15, 0, tzinfo=UTC)
    assert next_open(during) == datetime(2026, 6, 8, 9, 30, tzinfo=ET)
