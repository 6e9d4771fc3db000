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


def test_collections_resume_when_connecting_fails(collector):
    pause_for_the_start()

    def connect() -> str:
        raise ImportError("the lab's numpy is missing")

    with pytest.raises(ImportError):
        keeping_what_it_loads(connect)()
    assert gc.isenabled()
