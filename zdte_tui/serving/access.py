"""API keys, plans and daily quotas for a server of the series (domain.md §4.1, §4.2).

Check order: auth (401) → plan (403) → quota (429); a request counts against the quota only
once it passes the plan check. Quotas reset at midnight UTC.
"""

from __future__ import annotations

import threading
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import IntEnum
from pathlib import Path
from typing import Any


class Plan(IntEnum):
    FREE = 0
    BASIC = 1
    GROWTH = 2
    ALPHA = 3

    @property
    def title(self) -> str:
        return self.name.capitalize()


DAILY_LIMITS: dict[Plan, int | None] = {
    Plan.FREE: 5,
    Plan.BASIC: 250,
    Plan.GROWTH: 2_500,
    Plan.ALPHA: None,
}
"""Requests a UTC day; None is unlimited."""
REQUIRED_PLAN = Plan.GROWTH
UPGRADE_TO = {Plan.FREE: Plan.BASIC, Plan.BASIC: Plan.GROWTH, Plan.GROWTH: Plan.ALPHA}


UNAUTHORIZED = {"title": "Unauthorized", "status": 401, "detail": "Invalid API key."}


class Denied(Exception):
    """A refusal: the HTTP status, the documented body, and headers to send."""

    def __init__(self, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
        super().__init__(status)
        self.status = status
        self.body = body
        self.headers = headers


@dataclass(frozen=True)
class Grant:
    """An admitted request, and the `X-RateLimit-*` headers for its response."""

    plan: Plan
    headers: dict[str, str]


def load_keys(path: Path) -> dict[str, Plan]:
    """A TOML file with a `[keys]` table of key = plan (free, basic, growth, alpha)."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ValueError(f"{path}: cannot read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML: {exc}") from None
    table = data.get("keys")
    if not isinstance(table, dict):
        raise ValueError(f'{path}: expected a [keys] table of "key" = "plan"')
    plans: dict[str, Plan] = {}
    for key, plan in table.items():
        try:
            plans[key] = Plan[str(plan).upper()]
        except KeyError:
            names = ", ".join(p.name.lower() for p in Plan)
            raise ValueError(
                f"{path}: key …{key[-4:]}: plan {plan!r} is not one of {names}"
            ) from None
    return plans


class AccessControl:
    """Any non-empty key not in `keys` is a Growth key, unless `listed_only` (a relay with a keys
    file: a key not in it is refused)."""

    def __init__(
        self,
        keys: dict[str, Plan] | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        daily_limits: dict[Plan, int | None] | None = None,
        listed_only: bool = False,
    ) -> None:
        self._keys = keys or {}
        self.listed_only = listed_only
        self._limits = daily_limits or DAILY_LIMITS
        self._now = now
        self._used: dict[str, int] = {}
        self._day: date | None = None
        self._lock = threading.Lock()
        self._elsewhere: dict[str, int] = {}
        """Requests other replicas counted today, per key (relay replicas share the quotas)."""
        self._reported: dict[str, int] = {}

    @property
    def listed(self) -> int:
        """Keys in the keys file."""
        return len(self._keys)

    def known(self, key: str | None) -> bool:
        """Whether `key` authenticates (no plan or quota check, nothing counted)."""
        if not key or not key.strip():
            return False
        return key in self._keys or not self.listed_only

    def _roll(self, today: date) -> None:
        if self._day != today:
            self._day, self._used, self._elsewhere, self._reported = today, {}, {}, {}

    def unreported(self) -> tuple[date, dict[str, int]]:
        """Today's (UTC) requests per key not yet shared with the other replicas."""
        day = self._now().date()
        with self._lock:
            self._roll(day)
            return day, {k: n - self._reported.get(k, 0) for k, n in self._used.items()
                         if n > self._reported.get(k, 0)}  # fmt: skip

    def known_keys(self) -> list[str]:
        """The keys listed, and those seen today."""
        with self._lock:
            return list(dict.fromkeys([*self._keys, *self._used]))

    def shared(self, day: date, reported: dict[str, int], totals: dict[str, int]) -> None:
        """`reported` were counted in the shared store, whose totals per key are `totals`: the
        rest of each total was counted by other replicas."""
        with self._lock:
            if self._day != day:
                return
            for key, count in reported.items():
                self._reported[key] = self._reported.get(key, 0) + count
            for key, total in totals.items():
                self._elsewhere[key] = max(total - self._used.get(key, 0), 0)

    def served_today(self) -> tuple[int, int]:
        """Keys that made a counted request today (UTC), and those requests."""
        with self._lock:
            if self._day != self._now().date():
                return 0, 0
            return len(self._used), sum(self._used.values())

    def admit(self, key: str | None) -> Grant:
        """Authenticate, check the plan, count the request; `Denied` if any check fails."""
        if key is None or not self.known(key):
            raise Denied(401, UNAUTHORIZED, {})
        plan = self._keys.get(key, Plan.GROWTH)
        limit = self._limits[plan]
        now = self._now()
        reset = datetime.combine(now.date() + timedelta(days=1), time(0), UTC)
        with self._lock:
            self._roll(now.date())
            used = self._used.get(key, 0) + self._elsewhere.get(key, 0)
            admitted = plan >= REQUIRED_PLAN and (limit is None or used < limit)
            if admitted:
                self._used[key] = self._used.get(key, 0) + 1
                used += 1
        headers = {
            "X-RateLimit-Limit": "unlimited" if limit is None else str(limit),
            "X-RateLimit-Remaining": "unlimited" if limit is None else str(max(limit - used, 0)),
            "X-RateLimit-Reset": str(int(reset.timestamp())),
        }
        if plan < REQUIRED_PLAN:
            body = {
                "status": "ERROR",
                "error": "tier_restricted",
                "message": f"This endpoint requires the {REQUIRED_PLAN.title} plan or higher.",
                "current_plan": plan.title,
                "required_plan": REQUIRED_PLAN.title,
            }
            raise Denied(403, body, headers)
        if not admitted:
            body = {
                "status": "ERROR",
                "error": "Quota exceeded",
                "message": f"You have exceeded your daily API quota of {limit} requests on the "
                f"{plan.title} plan. The quota resets at midnight UTC.",
                "current_plan": plan.title,
                "limit": limit,
                "upgrade_to": UPGRADE_TO[plan].title,
                "reset_at": reset.strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
            retry = max(1, int((reset - now).total_seconds()))
            raise Denied(429, body, {**headers, "Retry-After": str(retry)})
        return Grant(plan, headers)
