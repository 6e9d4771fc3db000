"""The embedded lab's clock in every DEMO figure."""

from __future__ import annotations

from datetime import time

LAB_AT = time(16, 0)
"""ET, as `serve --start 16:00` for the keyed figures: the whole session held, so a figure does
not depend on the hour it is measured at (a morning lab holds a fraction of the samples a 16:00
one does)."""
