"""The chart pane's views by name: a setting (`view = "levels"`) and the monitor's `v` key.

`tui/charts/views.py` draws each; this list lives below both so the settings need no Textual.
"""

CHART_VIEWS = ("flow", "levels", "exposure", "pin", "decay")
"""In the order `v` cycles them."""
