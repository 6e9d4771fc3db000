"""pydantic without its plugin loader: import this before the first model is built.

The first schema pydantic builds imports `pydantic.plugin._loader`, which imports
`importlib.metadata` (email, zipfile, csv) and scans every installed distribution for
`pydantic` entry points: 20-30 ms and 0.8 MiB on our machines, on the way to reading the first
answer. zdte-tui uses no pydantic plugin. So, unless the loader is loaded already, a stand-in
whose `get_plugins` finds none takes its place for the life of the process: what
`PYDANTIC_DISABLE_PLUGINS=__all__` does, without the import and the scan. pydantic 2.7 to 2.x
reads only `get_plugins` from that module (tests/test_api_models.py holds this).
"""

from __future__ import annotations

import sys
import types

LOADER = "pydantic.plugin._loader"

if LOADER not in sys.modules:
    _stand_in = types.ModuleType(LOADER, "No pydantic plugins in zdte-tui (see zdte_tui.api).")
    _stand_in.get_plugins = tuple  # type: ignore[attr-defined]  # () : no plugins
    sys.modules[LOADER] = _stand_in
