"""The theme at start is applied as setting it later would: the same variables, classes and
ANSI filter, whatever theme Textual itself started with (`TEXTUAL_THEME`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

STATES = textwrap.dedent(
    """
    import asyncio, json
    from tests.tui_helpers import monitor
    from zdte_tui.tui.themes import THEME_ORDER

    def state(app):
        # the ANSI-to-truecolor filter is private to Textual: read to compare, never changed
        filters = [(type(f).__name__, f.enabled, repr(getattr(f, "_terminal_theme", None)))
                   for f in app._filters]
        return [app.theme, app.theme_variables, sorted(app.classes), filters]

    async def both(theme):
        started = monitor(theme=theme)
        async with started.run_test(size=(120, 40)):
            at_start = state(started)
        changed = monitor(theme=theme)
        async with changed.run_test(size=(120, 40)) as pilot:
            changed.theme = "textual-light" if theme != "light" else "textual-dark"
            changed.theme = f"zdte-{theme}"
            await pilot.pause()
            after_change = state(changed)
        return at_start, after_change

    print(json.dumps({theme: asyncio.run(both(theme)) for theme in THEME_ORDER}))
    """
)


@pytest.mark.parametrize("textual_theme", ["", "ansi-dark", "textual-light"])
def test_the_start_theme_matches_setting_it(textual_theme):
    env = {**os.environ, "TEXTUAL_THEME": textual_theme} if textual_theme else {
        k: v for k, v in os.environ.items() if k != "TEXTUAL_THEME"
    }
    done = subprocess.run([sys.executable, "-c", STATES], capture_output=True, text=True,
                          timeout=120, env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    for theme, (at_start, after_change) in json.loads(done.stdout).items():
        assert at_start == after_change, theme
