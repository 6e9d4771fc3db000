"""When to poll next, after a success or a failure: no Textual here.

- Shortly after each 30 s sample lands, never faster than the data can change.
- Transport errors, 5xx and bad bodies: capped exponential backoff with jitter.
- 429: wait what `Retry-After` says (else until the quota resets).
- 401 / 403 / 400 / 404: stop, with a message saying what to do; `r` tries again.
- Outside the session, or no bars (holiday, no 0DTE): a rare check, at most one every 15 minutes.
- A daily request budget (UTC days, like the quotas) paces polls so a session fits the plan.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from zdte_tui.api.bars import SAMPLE_SECONDS
from zdte_tui.api.errors import (
    ApiError,
    AuthError,
    BadRequestError,
    NotFoundError,
    QuotaExceededError,
    TierRestrictedError,
)
from zdte_tui.api.market_hours import ET, next_open, session_for

if TYPE_CHECKING:
    from zdte_tui.api.client import RateLimit

SETTLE = timedelta(seconds=2)
"""Wait this long past a sample instant, so the server has stored it."""
MIN_DELAY = timedelta(seconds=2)
CLOSED_DELAY = timedelta(minutes=15)
"""With no bars in the window, check again at most this often (sooner only for the open)."""
QUOTA_FALLBACK = timedelta(minutes=15)
SYMBOL_CAP = "symbol_cap"
"""The `error` of a relay's 429 for a symbol past the number its upstream quota can carry."""
BUDGET_WARNING_SHARE = 0.10
"""Warn once the day's remaining requests fall below this share of the limit."""


def next_sample_after(moment: datetime) -> datetime:
    """The first :00/:30 sample instant strictly after `moment`."""
    epoch = moment.timestamp()
    return datetime.fromtimestamp((epoch // SAMPLE_SECONDS + 1) * SAMPLE_SECONDS, moment.tzinfo)


def data_delay(as_of: datetime, now: datetime | None = None) -> timedelta:
    """After bars built at `as_of` (the server's clock), from `now` (the same clock; `as_of` when
    not given): just past the next sample. A window older than `now` (a `304 Not Modified`
    re-serves the held one) is looked at again soon, its next sample being due or past."""
    return max(next_sample_after(as_of) + SETTLE - (now or as_of), MIN_DELAY)


def closed_delay(now: datetime) -> timedelta:
    """No bars: the next open (plus settling time), but never more than CLOSED_DELAY away."""
    until_open = next_open(now) - now + SETTLE
    return min(CLOSED_DELAY, max(until_open, MIN_DELAY))


@dataclass
class Backoff:
    """Capped exponential backoff, equal jitter: attempt n waits U(c/2, c), c = base·2ⁿ ≤ cap."""

    base_seconds: float = 2.0
    cap_seconds: float = 120.0
    failures: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def next_delay(self) -> float:
        ceiling = min(self.cap_seconds, self.base_seconds * 2**self.failures)
        self.failures += 1
        return self.rng.uniform(ceiling / 2, ceiling)

    def reset(self) -> None:
        self.failures = 0


@dataclass(frozen=True)
class Decision:
    """`delay_seconds` None means stop polling until the user acts."""

    delay_seconds: float | None
    message: str


def _clock(moment: datetime) -> str:
    return moment.astimezone(ET).strftime("%H:%M ET")


def after_error(error: ApiError, backoff: Backoff, now: datetime) -> Decision:
    if isinstance(error, AuthError):
        return Decision(
            None,
            f"The API key was refused ({error.message}). Set FLASHALPHA_API_KEY or --api-key, "
            "or run with --demo. Press r to try again.",
        )
    if isinstance(error, TierRestrictedError):
        current = error.current_plan or "below Growth"
        needed = error.required_plan or "Growth"
        return Decision(
            None,
            f"Your plan is {current}; this endpoint needs {needed} or higher. Upgrade the key, "
            "or run with --demo. Press r to try again.",
        )
    if isinstance(error, QuotaExceededError):
        wait = (
            timedelta(seconds=error.retry_after_seconds)
            if error.retry_after_seconds is not None
            else QUOTA_FALLBACK
        )
        if error.code == SYMBOL_CAP:
            return Decision(
                wait.total_seconds(), f"{error.message} Asking again at {_clock(now + wait)}."
            )
        return Decision(
            wait.total_seconds(),
            f"Daily quota used up; polling resumes at {_clock(now + wait)}.",
        )
    if isinstance(error, BadRequestError | NotFoundError):
        return Decision(None, f"The server refused the request: {error.message}. Press r to retry.")
    delay = backoff.next_delay()
    return Decision(delay, f"{error.message}; retrying in {delay:.0f} s.")


class RequestBudget:
    """Requests made per UTC day, against the plan's daily quota (trusting `X-RateLimit-*`)."""

    def __init__(self, default_limit: int | None = None) -> None:
        self.default_limit = default_limit
        self.day: date | None = None
        self.used = 0
        self.limit: int | None = default_limit
        self.remaining: int | None = default_limit
        self.unlimited = False
        self._from_headers = False
        """Whether the last count came from the server's headers (they count every replica)."""
        self._warned_day: date | None = None

    def record(self, now: datetime, rate_limit: RateLimit | None) -> None:
        """Count one request made at `now`; headers, when sent, override the count."""
        today = now.astimezone(UTC).date()
        if today != self.day:
            self.day, self.used = today, 0
            self.limit, self.remaining = self.default_limit, self.default_limit
        self.used += 1
        self._from_headers = rate_limit is not None
        if rate_limit is not None:
            self.unlimited = rate_limit.unlimited
            self.limit, self.remaining = rate_limit.limit, rate_limit.remaining
        elif self.limit is not None:
            self.remaining = max(self.limit - self.used, 0)

    def share(self, used_by_all: int) -> None:
        """Requests made today by every relay replica (from Redis): without the upstream's own
        `X-RateLimit-*` headers, the budget left is the quota less those."""
        self.used = max(self.used, used_by_all)
        if not self.unlimited and self.limit is not None and not self._from_headers:
            self.remaining = max(self.limit - self.used, 0)

    def should_warn(self) -> bool:
        """True once a day, when the remaining requests fall below 10% of the limit."""
        if self.limit is None or self.remaining is None or self.day == self._warned_day:
            return False
        if self.remaining < BUDGET_WARNING_SHARE * self.limit:
            self._warned_day = self.day
            return True
        return False

    def pace(self, now: datetime, symbols: int = 1) -> timedelta:
        """The shortest gap between polls of one symbol that keeps the rest of today's session
        within the remaining quota (zero when the quota is unknown or unlimited)."""
        if self.unlimited or self.remaining is None:
            return timedelta(0)
        local = now.astimezone(ET)
        session = session_for(local.date())
        if session is None or local >= session.close:
            return timedelta(0)
        midnight_utc = datetime.combine(
            now.astimezone(UTC).date() + timedelta(days=1), time(0), UTC
        )
        left = min(session.close, midnight_utc) - max(local, session.open)
        return left * symbols / max(self.remaining, 1)


def after_success(
    as_of: datetime, has_bars: bool, now: datetime, budget: RequestBudget, symbols: int = 1
) -> float:
    """Seconds to wait after a good response. Outside the session nothing can change, even while
    the lookback still holds the afternoon's bars, so the check is rare then too."""
    local = now.astimezone(ET)
    session = session_for(local.date())
    in_session = session is not None and session.open <= local <= session.close + SETTLE
    if not has_bars or not in_session:
        return closed_delay(now).total_seconds()
    return max(data_delay(as_of, now), budget.pace(now, symbols)).total_seconds()
