from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from tests.properties import CI_MAX_EXAMPLES, EXPLORE_MAX_EXAMPLES

settings.register_profile(
    "ci", derandomize=True, database=None, max_examples=CI_MAX_EXAMPLES, print_blob=True
)
settings.register_profile(
    "explore", derandomize=False, max_examples=EXPLORE_MAX_EXAMPLES, print_blob=True
)
settings.load_profile("ci")

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def seed_body() -> dict[str, Any]:
    """The seed document's example body, comments removed."""
    return copy.deepcopy(json.loads((FIXTURES / "seed_body.json").read_text()))


@pytest.fixture
def redis_server(tmp_path):
    """A real Redis on a free loopback port for the test, stopped after it."""
    from tests.redis_server import RedisServer

    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()
