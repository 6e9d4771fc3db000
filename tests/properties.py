"""Property-test sizes under the active hypothesis profile (registered in conftest.py).

CI runs the `ci` profile: derandomized, so every run draws the same examples. The `explore`
profile draws fresh random examples and ten times as many: `pytest --hypothesis-profile=explore`.
"""

from __future__ import annotations

from hypothesis import settings

CI_MAX_EXAMPLES = 100
EXPLORE_MAX_EXAMPLES = 1_000


def examples(ci: int) -> int:
    """`ci` examples under the CI profile; proportionally more under a wider one."""
    return ci * settings().max_examples // CI_MAX_EXAMPLES
