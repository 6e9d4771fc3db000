"""The collector at start: paused until the data side has loaded, its leftovers freed, not kept."""

from __future__ import annotations

import gc
import weakref

import pytest

from zdte_tui.tui.collector import keeping_what_it_loads, pause_for_the_start


class _Node:
    """A cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def collector():
    """The real collector around each test, as the suite had it."""
    was_enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if was_enabled:
        gc.enable()


def test_the_loading_leftovers_are_freed_then_collections_resume(collector):
    pause_for_the_start()
    assert not gc.isenabled()
    left: list[weakref.ref] = []

    def connect() -> str:
        leftover = _Node()  # garbage the loading leaves behind
        left.append(weakref.ref(leftover))
        return "client"

    assert keeping_what_it_loads(connect)() == "client"
    assert gc.isenabled()
    assert left[0]() is None  # collected, not frozen for the run


def test_collections_resume_when_connecting_fails_and_only_a_connect_keeps(collector):
    """A failed connect lets collections resume and keeps nothing for the run (it is tried again
    at the next poll); the one that connects keeps what is loaded, once."""
    pause_for_the_start()
    attempts: list[weakref.ref] = []

    def connect() -> str:
        alive = _Node()  # alive during the attempt only, then garbage
        attempts.append(weakref.ref(alive))
        if len(attempts) < 3:
            raise ConnectionError("the lab is not there yet")
        return "client"

    connected = keeping_what_it_loads(connect)
    frozen = gc.get_freeze_count()
    for _ in range(2):
        with pytest.raises(ConnectionError):
            connected()
        assert gc.isenabled() and gc.get_freeze_count() == frozen
    assert connected() == "client" and gc.get_freeze_count() > frozen
    assert all(attempt() is None for attempt in attempts)  # freed before the rest was kept
