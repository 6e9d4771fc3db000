"""plotext, imported without its documentation system.

At import, plotext's `_core` runs `plotext._doc` (about 700 lines of `doc(...)` calls) and then
`add(f)` on each of its functions, to give every function a coloured `.doc()` help. That takes
about 11 ms and 0.5 MiB on our machines, on the way to the monitor's first chart, and nothing
here reads that help. So when plotext is not loaded yet, its two documentation modules are
stood in for by empty ones while it loads, then taken out of `sys.modules` again: anyone may
still import them afterwards. plotext is pinned to 5.3.x, whose `_core` and `_figure` use only
`documentation` and `add` from them (tests/test_chart_views.py draws through this import).
"""

from __future__ import annotations

import sys
import types

DOC_MODULES = ("plotext._doc", "plotext._doc_utils")


def _stand_ins() -> dict[str, types.ModuleType]:
    utils = types.ModuleType("plotext._doc_utils")
    utils.documentation = None  # type: ignore[attr-defined]
    utils.add = lambda function: None  # type: ignore[attr-defined]
    return {"plotext._doc": types.ModuleType("plotext._doc"), "plotext._doc_utils": utils}


if "plotext" in sys.modules:
    import plotext as plt
else:
    sys.modules.update(_stand_ins())
    try:
        import plotext as plt
    finally:
        for name in DOC_MODULES:
            del sys.modules[name]

__all__ = ["plt"]
