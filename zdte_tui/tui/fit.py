"""Lines fitted to a pane's width by whole phrases, so that no line ends on half a phrase."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.cells import cell_len

_TAG = re.compile(r"(?<!\\)\[[^\[\]]*\]")
"""A markup tag (`[b]`, `[/]`, `[$zd-flip]`); an escaped bracket (`\\[`) is text."""


def cells(markup: str) -> int:
    """The width of `markup` on screen, in terminal cells: its text without the tags. Parsing
    the markup (Textual's `Content.from_markup`) costs about 100 times as much, on every line
    of every pane at every refresh."""
    return cell_len(_TAG.sub("", markup).replace("\\[", "["))


def fit_line(parts: Sequence[Sequence[str]], width: int, sep: str = "  ") -> str:
    """One line of `parts`, each given as its variants (markup), longest first.

    Every part starts at its longest variant; while the line is wider than `width` cells, the
    last part that has a shorter variant moves to it (an empty variant drops the part). A part
    given one variant is never shortened, so the first parts are the ones that always show.
    """
    chosen = [0] * len(parts)

    def line() -> str:
        return sep.join(v for p, i in zip(parts, chosen, strict=True) if (v := p[i]))

    while cells(line()) > width:
        shorter = [i for i, part in enumerate(parts) if chosen[i] < len(part) - 1]
        if not shorter:
            break
        chosen[shorter[-1]] += 1
    return line()
