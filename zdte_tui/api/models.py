"""Pydantic models of the series endpoint's bodies (domain.md §1, §2.2, §4.1).

The same models are the lab's response models, so the lab's OpenAPI document is this contract.
Bars are strict: wrong types, NaN and Infinity are contract errors, never silently coerced.
Unknown extra fields are ignored; an unknown `regime` string reads as `unknown`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
)
from pydantic.dataclasses import dataclass

from zdte_tui.api import pydantic_plugins  # noqa: F401  (before the first model is built)
from zdte_tui.api.bars import BarSize
from zdte_tui.api.regime import FLIP_AVAILABLE, Regime


def _to_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def iso_z(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _iso_z_ms(value: datetime) -> str:
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


UtcDatetime = Annotated[
    AwareDatetime, AfterValidator(_to_utc), PlainSerializer(iso_z, return_type=str)
]
"""An aware datetime, normalised to UTC, written as `2026-06-05T18:44:00Z`."""
UtcDatetimeMs = Annotated[
    AwareDatetime, AfterValidator(_to_utc), PlainSerializer(_iso_z_ms, return_type=str)
]
"""As `UtcDatetime`, written with milliseconds (the `data_as_of` feeds)."""


def _regime(value: Any) -> Any:
    """Any string that is not a known regime reads as `unknown` (old docs said `undetermined`)."""
    if isinstance(value, str) and value not in Regime._value2member_map_:
        return Regime.UNKNOWN.value
    return value


RegimeField = Annotated[Regime, BeforeValidator(_regime)]

_WIRE = ConfigDict(strict=True, allow_inf_nan=False, extra="ignore")


class _Wire(BaseModel):
    model_config = ConfigDict(**_WIRE, frozen=True)


@dataclass(frozen=True, slots=True, kw_only=True, config=_WIRE)
class Bar:
    """One downsampled bucket. `t` is the bucket start; dollar fields are USD (see each).

    A slotted dataclass validated by pydantic rather than a model: a full-session window holds
    780 of them, and a model instance also carries a `__dict__` and a set of the fields it was
    given (about 1.6 KB a bar against 0.5 KB).
    """

    t: UtcDatetime
    spot: float | None
    """Underlying mid, USD."""
    net_gex: float | None
    """USD of dealer delta change per 1% move; positive = dealers long gamma."""
    net_dex: float | None
    """USD of dealer option delta."""
    gamma_flip: float | None
    """USD level; null unless `gamma_flip_status == "available"`."""
    gamma_flip_status: str | None = None
    """`available` or a reason code; absent from the published example, so optional."""
    call_wall: float | None
    put_wall: float | None
    magnet: float | None
    pin_score: int | None
    """0..100."""
    pin_probability_pct: float | None
    """Percent, 0..95."""
    regime: RegimeField
    atm_iv: float | None
    """Decimal, annualised on the trading-time basis (0.123 = 12.3%)."""
    charm_dollars_per_hour: float | None
    """USD of dealer hedge flow per trading hour from time decay; positive = dealers buy."""
    hedge_flow_call_cumulative: float | None
    """USD since the 09:30 ET sample; positive = dealers bought the underlying."""
    hedge_flow_put_cumulative: float | None
    hedge_flow_cumulative_all: float | None
    """Calls + puts, exactly."""

    @property
    def flip_available(self) -> bool:
        return self.gamma_flip is not None and self.gamma_flip_status in (None, FLIP_AVAILABLE)


class DataAsOf(_Wire):
    """Provenance envelope: when the serving node last saw each feed (null = not seen)."""

    node: str | None = None
    equity_feed: UtcDatetimeMs | None = None
    equity_options_feed: UtcDatetimeMs | None = None
    index_feed: UtcDatetimeMs | None = None
    index_options_feed: UtcDatetimeMs | None = None
    futures_feed: UtcDatetimeMs | None = None
    futures_options_feed: UtcDatetimeMs | None = None
    flow_feed: UtcDatetimeMs | None = None
    oi_feed: UtcDatetimeMs | None = None
    macro_feed: UtcDatetimeMs | None = None


class SeriesResponse(_Wire):
    """The 200 body. `bars` is ascending by `t` and may be empty (no 0DTE samples in the window)."""

    symbol: str
    expiration: date
    """The session date in ET: today's 0DTE expiry."""
    as_of: UtcDatetime
    """When the server built the response."""
    bar_size: BarSize
    bars: tuple[Bar, ...]
    endpoint_version: str | None = None
    data_as_of: DataAsOf | None = None


class ErrorBody(BaseModel):
    """The documented error bodies share these optional keys (domain.md §4.1)."""

    model_config = ConfigDict(extra="allow")

    error: str | None = None
    message: str | None = None
    title: str | None = None
    status: int | str | None = None
    detail: str | None = None
    current_plan: str | None = None
    required_plan: str | None = None
