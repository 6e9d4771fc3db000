"""The wire contract and the lab must not drag Textual in (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _loaded_after(import_line: str) -> set[str]:
    code = f"{import_line}\nimport sys\nprint('\\n'.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


@pytest.mark.parametrize(
    "import_line",
    [
        "import zdte_tui.api.models, zdte_tui.api.client, zdte_tui.api.bars, zdte_tui.api.errors",
        "import zdte_tui.api.market_hours",
        "import zdte_tui.config",
        "import zdte_tui.feed.feed, zdte_tui.feed.policy, zdte_tui.feed.merge, zdte_tui.feed.clock",
        "import zdte_tui.relay.store, zdte_tui.relay.upstream, zdte_tui.relay.service, "
        "zdte_tui.relay.app, zdte_tui.relay.run",
    ],
)
def test_no_textual(import_line):
    loaded = _loaded_after(import_line)
    assert "zdte_tui.api.client" in loaded or "zdte_tui" in loaded
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


def test_the_serving_rules_import_neither_textual_nor_the_lab():
    """One implementation of the endpoint's rules, for the lab and the relay alike."""
    loaded = _loaded_after(
        "import zdte_tui.serving.window, zdte_tui.serving.access, zdte_tui.serving.endpoint, "
        "zdte_tui.serving.app, zdte_tui.serving.bodies"
    )
    assert "zdte_tui.serving.app" in loaded
    assert not {m for m in loaded if m == "textual" or m.startswith(("textual.", "zdte_tui.lab"))}
