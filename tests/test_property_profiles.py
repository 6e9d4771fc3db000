"""CI's property tests draw the same examples on every run (the `ci` hypothesis profile)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


@pytest.mark.skipif(not settings().derandomize, reason="a random profile was asked for")
def test_two_runs_of_a_property_draw_the_same_examples():
    drawn: list[list[str]] = [[], []]
    run = 0

    @given(st.text(max_size=8))
    def property_test(text: str) -> None:
        drawn[run].append(text)

    property_test()
    run = 1
    property_test()
    assert drawn[0] == drawn[1] and len(set(drawn[0])) > 10


def test_the_ci_profile_is_the_default_and_derandomized():
    ci = settings.get_profile("ci")
    assert ci.derandomize and ci.database is None
    assert not settings.get_profile("explore").derandomize
