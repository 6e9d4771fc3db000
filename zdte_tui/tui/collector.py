"""The cyclic garbage collector told what lives for the whole run, and kept out of the start.

At its first frame the monitor holds about 37,000 tracked objects (Textual, its own modules, the
app), and once it has data about 70,000 (pydantic, httpx, the lab's numpy). They live until exit,
yet every collection walks what is young, and the start allocates hundreds of thousands more:
collecting as it went took 15-23 ms before the first frame (84 young and 8 middle collections
through Textual's and our imports) and 15-25 ms more before the first data. So collections pause
before the monitor's imports, and what is tracked when the app starts is frozen (`gc.freeze()`:
a generation never collected), the few cycles those imports left with it (about 600 objects,
0.13 MB). Once the first answer (data or an error) is on the screen, one collection
frees what the loading left, what remains is frozen too, and collections resume for what is
created from then on (at the latest `RESUME_BY_SECONDS` after the start: a server that never
answers does not keep them paused). That collection walks all that loaded (11-20 ms); at the
connect, it stood between the start and the first data. With the embedded lab, though, the
first answer is the run's peak of memory (the session simulated from the open), so all this is
done as it connects, before that answer (a connect that fails leaves it to the answer, the
error): held through it, what loading and the first frames left raised the peak by 0.9 MiB, and
by 0.5 MiB with only the collection moved before it (P4).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TypeVar

Client = TypeVar("Client")
RESUME_BY_SECONDS = 30.0
_paused = False


def pause_for_the_start() -> None:
    """No collections from here until `keep_what_is_loaded`."""
    global _paused
    gc.disable()
    _paused = True


def keep_the_start() -> None:
    """Everything tracked now (what the start loaded and built) lives until exit: never scan it
    again."""
    gc.freeze()


def paused() -> bool:
    """Collections are paused for the start: `keep_what_is_loaded` has yet to run."""
    return _paused


def keep_what_is_loaded() -> None:
    """The data side has loaded (the first answer is on the screen, or the lab has connected):
    free what the loading left, keep the rest for the run, and resume collections. Once, and
    only after `pause_for_the_start` (an app started otherwise, as in tests, keeps its collector
    as it was)."""
    global _paused
    if not _paused:
        return
    _paused = False
    gc.collect()
    gc.freeze()
    gc.enable()


def keeping_at_connect(connect: Callable[[], Client]) -> Callable[[], Client]:
    """`connect`, then `keep_what_is_loaded` at once: for a source whose first answer is computed
    in this process, the run's peak of memory, with collections on."""

    def connected() -> Client:
        client = connect()
        keep_what_is_loaded()
        return client

    return connected
