"""Downsampling: for any window and bar size, each bar is the last raw sample of its bucket."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.properties import examples
from zdte_tui.api.bars import BarSize, max_bar_count
from zdte_tui.serving.window import last_in_bucket

OPEN = 1_780_666_200  # 2026-06-05 13:30:00Z, 09:30 EDT
SAMPLES = [OPEN + 30 * i for i in range(781)]


@settings(max_examples=examples(400), deadline=None)
@given(
    until=st.integers(OPEN - 600, OPEN + 781 * 30 + 3600),
    minutes=st.integers(1, 390),
    bar=st.sampled_from(list(BarSize)),
)
def test_each_bar_is_the_last_sample_of_its_bucket(until, minutes, bar):
    since = until - minutes * 60
    picked = last_in_bucket(SAMPLES, since, until, bar.seconds)
    in_window = [t for t in SAMPLES if since < t <= until]
    assert len(picked) <= max_bar_count(minutes, bar)
    assert [start for start, _ in picked] == sorted({t - t % bar.seconds for t in in_window})
    for start, index in picked:
        assert start % bar.seconds == 0
        assert start <= SAMPLES[index] < start + bar.seconds
        bucket = [t for t in in_window if start <= t < start + bar.seconds]
        assert SAMPLES[index] == max(bucket)
