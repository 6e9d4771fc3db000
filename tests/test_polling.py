from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from zdte_tui.api import errors
from zdte_tui.api.client import RateLimit
from zdte_tui.api.market_hours import ET
from zdte_tui.feed.policy import (
    CLOSED_DELAY,
    Backoff,
    RequestBudget,
    after_error,
    after_success,
    closed_delay,
    data_delay,
)

NOW = datetime(2026, 6, 5, 14, 45, 12, tzinfo=ET)


def test_data_delay_lands_just_after_the_next_sample():
    assert data_delay(NOW) == timedelta(seconds=20)
    assert data_delay(NOW.replace(second=29, microsecond=500_000)) == timedelta(seconds=2.5)


def test_closed_checks_are_rare_but_catch_the_open():
    assert closed_delay(datetime(2026, 6, 5, 18, 0, tzinfo=ET)) == CLOSED_DELAY
    just_before_open = datetime(2026, 6, 8, 9, 25, tzinfo=ET)
    assert closed_delay(just_before_open) == timedelta(minutes=5, seconds=2)


def test_backoff_doubles_with_jitter_up_to_the_cap_and_resets():
    backoff = Backoff(base_seconds=2, cap_seconds=60, rng=random.Random(1))
    delays = [backoff.next_delay() for _ in range(8)]
    ceilings = [2, 4, 8, 16, 32, 60, 60, 60]
    assert all(c / 2 <= d <= c for d, c in zip(delays, ceilings, strict=True))
    assert len(set(delays)) == len(delays)
    backoff.reset()
    assert backoff.next_delay() <= 2


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (errors.AuthError(401, "Invalid API key."), "FLASHALPHA_API_KEY"),
        (
            errors.TierRestrictedError(
                403, "needs Growth", current_plan="Basic", required_plan="Growth"
            ),
            "Your plan is Basic; this endpoint needs Growth",
        ),
        (errors.BadRequestError(400, "bad"), "refused the request"),
        (errors.NotFoundError(404, "nope"), "refused the request"),
    ],
)
def test_errors_that_stop_polling(error, words):
    decision = after_error(error, Backoff(), NOW)
    assert decision.delay_seconds is None and words in decision.message


def test_quota_waits_for_retry_after_or_a_fallback():
    told = after_error(errors.QuotaExceededError(429, "q", retry_after_seconds=600), Backoff(), NOW)
    assert told.delay_seconds == 600 and "14:55 ET" in told.message
    untold = after_error(
        errors.QuotaExceededError(429, "q", retry_after_seconds=None), Backoff(), NOW
    )
    assert untold.delay_seconds == 900


@pytest.mark.parametrize(
    "error",
    [
        errors.ServerError(503, "down"),
        errors.ConnectRefusedError("refused"),
        errors.ContractError("bad body"),
        errors.RequestTimeoutError("slow"),
    ],
)
def test_transient_errors_back_off(error):
    backoff = Backoff(rng=random.Random(0))
    first = after_error(error, backoff, NOW).delay_seconds
    second = after_error(error, backoff, NOW).delay_seconds
    assert 1 <= first <= 2 and 2 <= second <= 4


def test_budget_counts_per_utc_day_and_trusts_headers():
    budget = RequestBudget(default_limit=2500)
    late = datetime(2026, 6, 5, 23, 59, tzinfo=UTC)
    budget.record(late, None)
    budget.record(late, None)
    assert (budget.used, budget.remaining) == (2, 2498)
    budget.record(late + timedelta(minutes=2), None)
    assert (budget.used, budget.remaining) == (1, 2499)
    budget.record(late + timedelta(minutes=3), RateLimit(2500, 300, None))
    assert budget.remaining == 300


def test_budget_warns_once_below_ten_percent():
    budget = RequestBudget()
    budget.record(NOW, RateLimit(2500, 300, None))
    assert not budget.should_warn()
    budget.record(NOW, RateLimit(2500, 240, None))
    assert budget.should_warn()
    budget.record(NOW, RateLimit(2500, 239, None))
    assert not budget.should_warn()


def test_pacing_stretches_polls_to_last_the_session():
    budget = RequestBudget()
    budget.record(NOW, RateLimit(2500, 100, None))
    gap = budget.pace(NOW, symbols=3)
    # 1 h 14 m 48 s left in the session, three symbols, 100 requests: one poll every 2 min 14 s
    assert gap == timedelta(seconds=(75 * 60 - 12) * 3 / 100)
    assert after_success(NOW, True, NOW, budget, symbols=3) == gap.total_seconds()
    budget.record(NOW, RateLimit(None, None, None))
    assert budget.pace(NOW) == timedelta(0)
    assert after_success(NOW, True, NOW, budget) == 20


def test_no_bars_means_a_rare_check():
    assert after_success(NOW, False, datetime(2026, 6, 6, 12, 0, tzinfo=ET), RequestBudget()) == 900


def test_after_the_close_the_check_is_rare_even_with_bars_in_the_window():
    evening = datetime(2026, 6, 5, 16, 30, tzinfo=ET)
    assert after_success(evening, True, evening, RequestBudget()) == 900
    last_sample = datetime(2026, 6, 5, 16, 0, 1, tzinfo=ET)
    assert after_success(last_sample, True, last_sample, RequestBudget()) == 31  # data cadence
