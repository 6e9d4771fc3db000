"""One symbol rule for the servers, the client, the settings and the prompt."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zdte_tui.api.symbols import MAX_SYMBOL_LENGTH, InvalidSymbol, is_symbol, normalize_symbol


@pytest.mark.parametrize(
    ("raw", "symbol"),
    [("SPY", "SPY"), (" spx ", "SPX"), ("SPXW", "SPXW"), ("brk.b", "BRK.B"), ("BF-B", "BF-B"),
     ("ZZZ", "ZZZ"), ("A", "A"), ("ABCDEFGHIJ", "ABCDEFGHIJ")],
)  # fmt: skip
def test_tickers_are_trimmed_and_upper_cased(raw, symbol):
    assert normalize_symbol(raw) == symbol


@pytest.mark.parametrize(
    "raw", ["", " ", "\t", "A" * (MAX_SYMBOL_LENGTH + 1), "A" * 5000, "1SPY", ".SPY", "SP Y",
            "SPY/X", "SPY?", "SPÝ", "S\x00", "^SPX", "$SPX", "-"],
)  # fmt: skip
def test_what_no_ticker_looks_like_is_refused_with_the_rule(raw):
    with pytest.raises(InvalidSymbol, match="1 to 10 characters"):
        normalize_symbol(raw)
    assert not is_symbol(raw)


def test_the_message_does_not_echo_a_huge_symbol():
    with pytest.raises(InvalidSymbol) as refused:
        normalize_symbol("A" * 5000)
    assert len(str(refused.value)) < 200


@given(st.text(max_size=20))
def test_an_accepted_symbol_is_a_fixed_point(raw):
    if is_symbol(raw):
        symbol = normalize_symbol(raw)
        assert normalize_symbol(symbol) == symbol
        assert 1 <= len(symbol) <= MAX_SYMBOL_LENGTH and symbol.isascii()
