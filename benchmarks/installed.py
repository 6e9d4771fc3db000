"""The package as a user installs it: a venv holding `pip install .` (a wheel, not an editable
install), refreshed from this checkout once a benchmark run, in which the start and memory
figures run their processes, the bare reference app included.

ZDTE_BENCH_VENV names the venv (default: zdte-bench-venv in the temp folder); the first run
installs the dependencies from the package registry, later runs only the package itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("ZDTE_BENCH_VENV", Path(tempfile.gettempdir()) / "zdte-bench-venv"))


@cache
def python() -> str:
    """The installed venv's interpreter, with this checkout's package freshly installed."""
    interpreter = VENV / "bin" / "python"
    if not interpreter.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(interpreter), "-m", "pip", "install", "--quiet", str(ROOT)],
                       check=True)  # fmt: skip
    subprocess.run(
        [str(interpreter), "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall",
         str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    return str(interpreter)


@cache
def _shim() -> str:
    """A folder in the venv holding only `benchmarks` (a link to this one), so that the
    processes import the installed `zdte_tui`, never the checkout's."""
    folder = VENV / "shim"
    link = folder / "benchmarks"
    folder.mkdir(parents=True, exist_ok=True)
    if link.is_symlink() and link.resolve() != ROOT / "benchmarks":
        link.unlink()  # a venv shared by two checkouts runs this one's benchmarks
    if not link.is_symlink():
        link.symlink_to(ROOT / "benchmarks")
    return str(folder)


def app_command(*args: str) -> list[str]:
    """`python -m benchmarks.apps ARGS` in the installed venv (-P: not the current folder)."""
    return [python(), "-P", "-m", "benchmarks.apps", *args]


def app_env() -> dict[str, str]:
    """The processes' environment: the shim on the path, and no config file (a user's remembered
    view or theme would change what is measured)."""
    return {**os.environ, "PYTHONPATH": _shim(), "ZDTE_CONFIG": str(VENV / "no-config.toml")}


def installed_from() -> str:
    """Where the venv's `zdte_tui` is imported from (the benchmarks print it, as proof)."""
    out = subprocess.run(
        [python(), "-P", "-c", "import zdte_tui; print(zdte_tui.__file__)"],
        capture_output=True, text=True, check=True, cwd=_shim(), env=app_env(),
    )  # fmt: skip
    return out.stdout.strip()
