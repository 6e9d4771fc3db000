"""The overview's columns by id: the sort setting (`overview_sort = "pin"`) and the screen's
`s` key. `tui/overview_model.py` fills each; this list lives below both so the settings need no
Textual."""

OVERVIEW_COLUMNS = (
    "symbol", "spot", "change", "regime", "flip", "to_flip", "call_wall", "put_wall", "magnet",
    "pin", "pin_probability", "net_gex", "flow", "trace", "age", "next", "alert",
)  # fmt: skip
"""Left to right; `s` cycles the sort through them in this order."""
