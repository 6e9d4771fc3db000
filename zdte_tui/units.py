"""Money, levels and percentages formatted for people (the monitor and one-shot commands)."""

from __future__ import annotations

DASH = "—"


def usd_compact(value: float | None, signed: bool = False) -> str:
    """`$1.84B`, `-$312M`, `$45.2K`: three significant figures in $K/$M/$B units."""
    if value is None:
        return DASH
    sign = "-" if value < 0 else ("+" if signed and value > 0 else "")
    size = abs(value)
    for unit, scale in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if size >= scale * 0.9995:
            scaled = size / scale
            digits = 2 if scaled < 10 else 1 if scaled < 100 else 0
            return f"{sign}${scaled:.{digits}f}{unit}"
    return f"{sign}${size:.0f}"


def price(value: float | None) -> str:
    return DASH if value is None else f"{value:,.2f}"


def percent(value: float | None, digits: int = 1, signed: bool = False) -> str:
    """`value` is already in percent."""
    if value is None:
        return DASH
    return f"{value:+.{digits}f}%" if signed else f"{value:.{digits}f}%"
