"""The cyclic garbage collector told what lives for the whole run, and kept out of the start.

At its first frame the monitor holds about 37,000 tracked objects (Textual, its own modules, the
app), and once connected about 70,000 (pydantic, httpx, the lab's numpy). They live until exit,
yet every full collection walks them all, and loading the data side allocates hundreds of
thousands more: collecting as it went took 15-25 ms of the 0.4 s before the first data.
So, as the app starts, what is tracked is frozen (`gc.freeze()`: a generation never collected)
and collections pause. Once the data side has loaded, one collection frees what the loading
left (about 1,800 objects, 9 ms), what remains is frozen too, and collections resume for what
is created from then on; they resume as well if connecting fails.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TypeVar

Client = TypeVar("Client")


def pause_for_the_start() -> None:
    """Everything tracked now lives until exit: never scan it again; no collections until
    `keeping_what_it_loads` has connected."""
    gc.freeze()
    gc.disable()


def keeping_what_it_loads(connect: Callable[[], Client]) -> Callable[[], Client]:
    """`connect`; collections resume whether it connected or not (a failed connect is tried
    again at the next poll). Once it has connected, what loading the data side left is freed
    and the rest kept for the run (once: what is alive at a retry is not all for the run)."""
    kept = False

    def connected() -> Client:
        nonlocal kept
        try:
            client = connect()
        finally:
            gc.enable()
        if not kept:
            kept = True
            gc.collect()
            gc.freeze()
        return client

    return connected
