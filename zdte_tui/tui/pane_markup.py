"""The panes' markup read as Textual `Content`, without Textual's general markup parser.

The panes write a small part of Textual's markup: style tags (`[b $zd-flip]`), the closing `[/]`
and nothing else in brackets. Textual's parser runs its CSS tokenizer over every line, about
70 µs a line, on every line of every pane at every sample; this reads that part in a few µs and
hands anything else (a bracket in the text, a named closing tag, an escape, a control code) to
Textual, so the result is always what Textual would have made (tests/test_tui_markup.py).
"""

from __future__ import annotations

import re

from textual.content import Content, Span

_PIECE = re.compile(r"\[(/?)([^\[\]]*)\]")
_STYLE_TAG = re.compile(r"(?:\$?[a-z][a-z0-9_-]*)(?: \$?[a-z][a-z0-9_-]*)*")
"""Style words and theme variables, one space apart, as the panes write them."""
_UNUSUAL = re.compile(r"[\x00-\x1f\x7f-\x9f\\]")
"""Control codes (Textual strips them) and backslashes (escapes): left to Textual."""


def to_content(markup: str) -> Content:
    """`Content.from_markup(markup)`, the same spans and text, faster for the panes' markup."""
    if "[" not in markup or _UNUSUAL.search(markup):
        return Content.from_markup(markup)
    text: list[str] = []
    spans: list[Span] = []
    opened: list[tuple[int, str]] = []
    position = at = 0
    for match in _PIECE.finditer(markup):
        chunk = markup[at : match.start()]
        closing, body = match.groups()
        if "[" in chunk or "]" in chunk or (closing and body):
            return Content.from_markup(markup)
        if not (closing or _STYLE_TAG.fullmatch(body)):
            return Content.from_markup(markup)
        text.append(chunk)
        position += len(chunk)
        if not closing:
            opened.append((position, body))
        elif not opened:
            return Content.from_markup(markup)  # Textual's error for a `[/]` with nothing open
        else:
            start, body = opened.pop()
            if start != position:
                spans.append(Span(start, position, body))
        at = match.end()
    rest = markup[at:]
    if "[" in rest or "]" in rest:
        return Content.from_markup(markup)
    text.append(rest)
    length = position + len(rest)
    spans.extend(Span(start, length, body) for start, body in reversed(opened) if start != length)
    spans.reverse()
    spans.sort(key=lambda span: span.start)
    return Content("".join(text), spans)
