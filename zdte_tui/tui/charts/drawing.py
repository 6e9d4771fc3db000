"""plotext's drawings as the chart pane shows them: its ANSI text cut into rows of segments,
and the theme's colours as plotext names them. Nothing here needs plotext itself, so the
monitor's first frame (the chart pane's frame and title) comes before plotext is loaded.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color

ANSI_NAMES = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
Colour = str | tuple[int, int, int]


def plotext_colour(value: str) -> Colour:
    """A theme colour as plotext wants it: its ANSI name (so ANSI themes follow the terminal's
    palette) or an RGB triple."""
    if value.startswith("ansi_"):
        name = value.removeprefix("ansi_")
        if name.startswith("bright_") and name.removeprefix("bright_") in ANSI_NAMES:
            return name.removeprefix("bright_") + "+"
        return name if name in ANSI_NAMES else "default"
    try:
        colour = Color.parse(value)
    except Exception:
        return "default"
    return (colour.r, colour.g, colour.b)


_SGR = re.compile(r"\x1b\[([0-9;]*)m")


@lru_cache(maxsize=512)
def _sgr_style(params: str) -> Style:
    """One SGR sequence's style, as Rich reads it (a drawing uses a handful, over and over)."""
    marked = Text.from_ansi(f"\x1b[{params}mX")
    return marked.spans[0].style if marked.spans else Style()  # type: ignore[return-value]


class Drawing:
    """plotext's drawing: its ANSI text, cut into lines of segments directly. Rich's decoder
    and `Text.render` took 6-7 ms of a full-session refresh; this takes well under one."""

    def __init__(self, ansi: str) -> None:
        self.ansi = ansi

    @property
    def plain(self) -> str:
        return _SGR.sub("", self.ansi)

    @property
    def text(self) -> Text:
        return Text.from_ansi(self.ansi, no_wrap=True)

    @property
    def rows(self) -> list[str]:
        """The drawing's rows, as plotext's ANSI text."""
        return self.ansi.split("\n")

    def lines(self, base: Style | None = None) -> list[list[Segment]]:
        """The drawing's rows as segments; `base` (the pane's colours) under each one's style."""
        return [row_segments(row, base) for row in self.rows]


def row_segments(row: str, base: Style | None = None) -> list[Segment]:
    """One row of plotext's ANSI text as segments, `base` under every segment's own style."""
    segments: list[Segment] = []
    style: Style | None = base
    at = 0
    for match in _SGR.finditer(row):
        if match.start() > at:
            segments.append(Segment(row[at : match.start()], style))
        params = match.group(1)
        if params in ("", "0"):
            style = base
        else:
            style = _sgr_style(params) if style is None else style + _sgr_style(params)
        at = match.end()
    if at < len(row):
        segments.append(Segment(row[at:], style))
    return segments


