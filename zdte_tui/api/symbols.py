"""Which symbols the endpoint accepts: one rule for the servers, the client, the settings and
the symbol prompt, so a bad symbol is refused the same way everywhere and before any request.

The seed trims and upper-cases the symbol. What remains must look like a ticker: a letter, then
up to nine letters, digits, `.` or `-` (SPY, SPXW, BRK.B, BF-B). A well-formed symbol that has
no 0DTE is not an error: the endpoint answers 200 with empty bars.
"""

from __future__ import annotations

import re

MAX_SYMBOL_LENGTH = 10
SYMBOL_RULE = (
    f"a symbol is 1 to {MAX_SYMBOL_LENGTH} characters: a letter, then letters, digits, '.' or '-'"
)
_TICKER = re.compile(rf"[A-Z][A-Z0-9.\-]{{0,{MAX_SYMBOL_LENGTH - 1}}}")

INVALID_SYMBOL_BODY = {"error": "invalid_symbol", "message": SYMBOL_RULE}
"""The 400 body, in the documented style of `invalid_bar`; it never echoes the symbol."""


class InvalidSymbol(ValueError):
    """Text that is not a symbol; the message says what a symbol is."""


def normalize_symbol(raw: str) -> str:
    """`raw` trimmed and upper-cased, or `InvalidSymbol`."""
    symbol = raw.strip().upper()
    if not _TICKER.fullmatch(symbol):
        shown = symbol if len(symbol) <= 2 * MAX_SYMBOL_LENGTH else symbol[:16] + "…"
        raise InvalidSymbol(f"{shown!r} is not a symbol: {SYMBOL_RULE}")
    return symbol


def is_symbol(raw: str) -> bool:
    try:
        normalize_symbol(raw)
    except InvalidSymbol:
        return False
    return True
