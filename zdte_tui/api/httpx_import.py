"""httpx, imported without its command-line tool.

httpx's `__init__` imports `httpx._main` (click, rich.syntax, pygments: about 20 ms and 3 MiB
on our machines) whenever click is installed, and uvicorn always installs it. Nothing here runs
that CLI, so the submodule is hidden while httpx loads; httpx then defines its own stub `main`.
The hiding is undone at once, so anyone else may still import `httpx._main` afterwards.
"""

from __future__ import annotations

import sys

if "httpx" not in sys.modules:
    sys.modules["httpx._main"] = None  # type: ignore[assignment]  # None makes the import fail
    try:
        import httpx
    finally:
        del sys.modules["httpx._main"]

import httpx

__all__ = ["httpx"]
