"""Regular trading sessions in ET: NYSE holidays, 13:00 early closes, next open.

The series is one session's data, so the session rules are part of the contract: `expiration` is
the session date in ET, and a full session is the 390 minutes that bound `minutes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

ET = ZoneInfo("America/New_York")
OPEN_ET = time(9, 30)
CLOSE_ET = time(16, 0)
EARLY_CLOSE_ET = time(13, 0)


@dataclass(frozen=True)
class Session:
    """One regular session: `open` and `close` are aware ET datetimes."""

    day: date
    open: datetime
    close: datetime

    @property
    def minutes(self) -> int:
        return int((self.close - self.open).total_seconds() // 60)

    def contains(self, moment: datetime) -> bool:
        return self.open <= moment <= self.close


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> date:
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Meeus/Jones/Butcher algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _observed(day: date) -> date:
    """Saturday holidays are observed on Friday, Sunday ones on Monday."""
    if day.weekday() == 5:
        return day - timedelta(days=1)
    if day.weekday() == 6:
        return day + timedelta(days=1)
    return day


@cache
def nyse_holidays(year: int) -> frozenset[date]:
    days = {
        _nth_weekday(year, 1, 0, 3),  # Martin Luther King Jr. Day
        _nth_weekday(year, 2, 0, 3),  # Washington's Birthday
        _easter(year) - timedelta(days=2),  # Good Friday
        _last_weekday(year, 5, 0),  # Memorial Day
        _observed(date(year, 7, 4)),
        _nth_weekday(year, 9, 0, 1),  # Labor Day
        _nth_weekday(year, 11, 3, 4),  # Thanksgiving
        _observed(date(year, 12, 25)),
    }
    new_year = date(year, 1, 1)
    if new_year.weekday() != 5:  # NYSE does not observe a Saturday New Year on the Friday before
        days.add(_observed(new_year))
    if year >= 2022:
        days.add(_observed(date(year, 6, 19)))  # Juneteenth
    return frozenset(days)


def is_trading_day(day: date) -> bool:
    return day.weekday() < 5 and day not in nyse_holidays(day.year)


def _early_close(day: date) -> bool:
    thanksgiving = _nth_weekday(day.year, 11, 3, 4)
    candidates = {date(day.year, 7, 3), thanksgiving + timedelta(days=1), date(day.year, 12, 24)}
    return day in candidates


def session_for(day: date) -> Session | None:
    """The regular session on `day`, or None on weekends and holidays."""
    if not is_trading_day(day):
        return None
    close = EARLY_CLOSE_ET if _early_close(day) else CLOSE_ET
    return Session(day, datetime.combine(day, OPEN_ET, ET), datetime.combine(day, close, ET))


def last_trading_day(on_or_before: date) -> date:
    day = on_or_before
    while not is_trading_day(day):
        day -= timedelta(days=1)
    return day


def previous_trading_day(day: date) -> date:
    return last_trading_day(day - timedelta(days=1))


def next_open(after: datetime) -> datetime:
    """The first session open strictly after `after` (any aware datetime), in ET."""
    moment = after.astimezone(ET)
    day = moment.date()
    while True:
        session = session_for(day)
        if session is not None and session.open > moment:
            return session.open
        day += timedelta(days=1)
