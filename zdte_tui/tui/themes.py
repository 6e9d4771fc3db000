"""Theme files: `[theme]` is a Textual theme, `[colors]` the monitor's semantic colours ($zd-*).

The files live in the top-level `themes/` folder and ship inside the package as `zdte_tui/themes`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import NamedTuple

from textual.theme import Theme

THEME_ORDER = ("dark", "light", "ansi", "mono")
SEMANTIC = (
    "positive-gamma", "negative-gamma", "unknown-gamma", "call-wall", "put-wall", "flip",
    "magnet", "spot", "flow", "flow-call", "flow-put", "up", "down", "muted",
    "gex", "dex", "pin-score", "pin-probability", "charm", "iv", "cursor",
)  # fmt: skip


class ThemeError(ValueError):
    """A theme file that cannot be used; the message names the file."""


class MonitorTheme(NamedTuple):
    """A theme file read: Textual's theme and the monitor's own colours (`zd-*`)."""

    name: str
    theme: Theme
    colors: dict[str, str]


def themes_dir() -> Path:
    """The installed copy inside the package, else the source tree's top-level folder."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "themes", package.parent / "themes"):
        if candidate.is_dir():
            return candidate
    raise ThemeError("no themes folder found (is the package installed completely?)")


def load_theme(path: Path) -> MonitorTheme:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ThemeError(f"{path}: {exc}") from None
    fields = dict(data.get("theme", {}))
    colors = dict(data.get("colors", {}))
    missing = [name for name in SEMANTIC if name not in colors]
    if "name" not in fields or "primary" not in fields or missing:
        raise ThemeError(f"{path}: needs [theme] name and primary, and [colors] {missing}")
    name = fields.pop("name")
    variables = {**fields.pop("variables", {}), **{f"zd-{k}": v for k, v in colors.items()}}
    try:
        theme = Theme(name=f"zdte-{name}", variables=variables, **fields)
    except TypeError as exc:
        raise ThemeError(f"{path}: {exc}") from None
    return MonitorTheme(name, theme, colors)


def load_themes(folder: Path | None = None) -> dict[str, MonitorTheme]:
    """Every theme in the folder, the shipped four first in their cycling order."""
    folder = folder or themes_dir()
    found = {t.name: t for t in (load_theme(p) for p in sorted(folder.glob("*.toml")))}
    ordered = {name: found.pop(name) for name in THEME_ORDER if name in found}
    return {**ordered, **found}
