"""The collector at start: paused until the first answer is shown, then what loading left is
freed, the rest kept for the run, and collections resume."""

from __future__ import annotations

import asyncio
import gc
import weakref

import pytest

from tests.tui_helpers import lab_transport, monitor, settled, until
from zdte_tui.tui import collector
from zdte_tui.tui.collector import keep_what_is_loaded, keeping_at_connect, pause_for_the_start


class _Node:
    """A cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def real_collector():
    """The real collector around each test, as the suite had it."""
    was_enabled = gc.isenabled()
    yield
    collector._paused = False
    gc.unfreeze()
    if was_enabled:
        gc.enable()


def test_the_loading_leftovers_are_freed_the_rest_kept_then_collections_resume(real_collector):
    pause_for_the_start()
    assert not gc.isenabled()
    frozen = gc.get_freeze_count()
    leftover = _Node()  # garbage the loading leaves behind
    left = weakref.ref(leftover)
    kept = [_Node() for _ in range(100)]  # what the run holds
    del leftover
    keep_what_is_loaded()
    assert gc.isenabled()
    assert left() is None  # collected, not frozen for the run
    assert gc.get_freeze_count() >= frozen + len(kept)


def test_only_the_first_call_after_the_pause_collects_and_keeps(real_collector):
    """Without the pause (an app started by a test) nothing changes; after it, once."""
    gc.disable()
    keep_what_is_loaded()
    assert not gc.isenabled() and gc.get_freeze_count() == 0
    gc.enable()
    pause_for_the_start()
    keep_what_is_loaded()
    frozen = gc.get_freeze_count()
    later = [_Node() for _ in range(100)]
    keep_what_is_loaded()
    assert gc.get_freeze_count() == frozen and later


def test_a_source_computing_its_answers_here_keeps_at_the_connect(real_collector):
    """The embedded lab: what loading left is freed and collections resume as it connects, before
    its first answer (the run's peak); a connect that fails leaves the pause for the answer."""
    pause_for_the_start()
    left: list[weakref.ref] = []

    def connect() -> str:
        leftover = _Node()
        left.append(weakref.ref(leftover))
        if len(left) == 1:
            raise ConnectionError("not yet")
        return "client"

    connected = keeping_at_connect(connect)
    with pytest.raises(ConnectionError):
        connected()
    assert not gc.isenabled()
    assert connected() == "client"
    assert gc.isenabled() and all(ref() is None for ref in left)


@pytest.mark.parametrize("fails", [False, True])
async def test_the_monitor_resumes_collections_once_its_first_answer_is_shown(
    real_collector, fails
):
    """Data or an error: the first answer is drawn with collections still paused, and after the
    frame that shows it they resume."""
    transport = lab_transport()
    transport.fail_after = 0 if fails else None  # a 503 from the first request on
    app = monitor(transport)
    drawn_while: list[bool] = []
    render, update = app._render_view, app._update_status

    def probed_render(view):
        drawn_while.append(gc.isenabled())
        render(view)

    def probed_status():
        if app.answered:
            drawn_while.append(gc.isenabled())
        update()

    app._render_view, app._update_status = probed_render, probed_status
    pause_for_the_start()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        assert app.answered == 1
        assert await until(pilot, gc.isenabled) and not collector.paused()
    assert drawn_while and drawn_while[0] is False


async def test_a_server_that_never_answers_does_not_keep_collections_paused(
    real_collector, monkeypatch
):
    monkeypatch.setattr(collector, "RESUME_BY_SECONDS", 0.2)
    transport = lab_transport()
    transport.hold = asyncio.Event()  # never set: no answer comes
    app = monitor(transport)
    pause_for_the_start()
    async with app.run_test(size=(120, 40)) as pilot:
        assert await until(pilot, gc.isenabled)
        assert app.answered == 0 and not collector.paused()
