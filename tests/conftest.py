from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def seed_body() -> dict[str, Any]:
    """The seed document's example body, comments removed."""
    return copy.deepcopy(json.loads((FIXTURES / "seed_body.json").read_text()))
