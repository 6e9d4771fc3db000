"""The panes' markup reader gives exactly Textual's Content, for any markup."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from textual.content import Content
from textual.markup import MarkupError, escape

from tests.properties import examples
from zdte_tui.tui.pane_markup import to_content

STYLES = ["b", "$zd-flip", "b reverse $zd-muted", "$warning", "b $zd-positive-gamma", "i", " "]
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@st.composite
def markup(draw) -> str:
    """Text, tags of the panes' kind and of others, opened and closed in any order."""
    pieces = draw(st.lists(st.one_of(
        TEXT,
        TEXT.map(escape),
        st.sampled_from(STYLES).map(lambda s: f"[{s}]"),
        st.just("[/]"),
        st.sampled_from(["[/b]", "[", "]", "\\[", "[]", "[#ff0000]", "[@click=x]", "[3]", "[$]",
                         "[a.b]", "[$9]", "[a $]", "[[b]", "[Errno 111]"]),
    ), max_size=10))  # fmt: skip
    return "".join(pieces)


def _read(read, text: str):
    try:
        content = read(text)
    except MarkupError as error:
        return "error", str(error)
    return content.plain, [tuple(span) for span in content.spans]


@settings(max_examples=examples(400))
@given(markup())
@example("[b][$zd-flip]nested at one start[/][/] and [i]open to the end")
@example("[[b]y")  # a bracket in the text before a tag: Textual reads no tag
@example("[$error]got [ x[/]")
@example("[$]not a tag[/]")
def test_reads_any_markup_as_textual_does(text):
    assert _read(to_content, text) == _read(Content.from_markup, text)


def test_reads_a_level_row_without_textual_parser():
    row = "[$zd-flip]gamma flip[/] [b]   601.30[/]   -4.48  -0.74% [$zd-muted]= 0.00[/]"
    content = to_content(row)
    assert content.plain == "gamma flip    601.30   -4.48  -0.74% = 0.00"
    assert [tuple(s) for s in content.spans] == [
        (0, 10, "$zd-flip"), (11, 20, "b"), (37, 43, "$zd-muted")
    ]  # fmt: skip
