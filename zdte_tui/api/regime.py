"""The gamma regime and the flip status of a bar: plain values that the screens need before any
body is read, kept apart from the pydantic models so that drawing the monitor's layout does not
load pydantic (`api.models` re-exports them)."""

from __future__ import annotations

from enum import StrEnum


class Regime(StrEnum):
    POSITIVE = "positive_gamma"
    NEGATIVE = "negative_gamma"
    UNKNOWN = "unknown"


FLIP_AVAILABLE = "available"
"""The one `gamma_flip_status` that means a flip is published; anything else means "no flip"."""
