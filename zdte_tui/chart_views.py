"""The chart pane's views by name and title: a setting (`view = "levels"`), the monitor's `v`
key and the pane's title.

`tui/charts/views.py` draws each; this list lives below both so that the settings need no
Textual and the monitor's first frame needs no plotext.
"""

CHART_VIEWS = ("flow", "levels", "exposure", "pin", "decay")
"""In the order `v` cycles them."""
DEFAULT_VIEW = CHART_VIEWS[0]

TITLES: dict[str, tuple[str, ...]] = {
    "flow": ("flow · ⣿ spot (left) · • dealer hedge flow since 09:30 ET (right)",
             "flow · ⣿ spot (left) · • hedge flow since 09:30 ET (right)",
             "flow · ⣿ spot · • hedge flow since 09:30 ET", "flow · ⣿ spot · • hedge flow",
             "flow"),
    "levels": ("levels · ⣿ spot · • flip · + call wall · x put wall · o magnet (USD)",
               "levels · ⣿ spot · • flip · + CW · x PW · o magnet",
               "levels · • flip + CW x PW o mag", "levels · ⣿ spot • + x o",
               "levels"),
    "exposure": ("exposure · ⣿ net GEX $ per 1% (left) · • net DEX $ (right) · ▲▼◆≋ regime change",
                 "exposure · ⣿ net GEX $/1% (left) · • net DEX $ (right) · ▲▼◆≋ regime",
                 "exposure · ⣿ GEX $/1% · • DEX $ · ▲▼◆≋ regime", "exposure · ⣿ GEX · • DEX",
                 "exposure"),
    "pin": ("pin · ⣿ pin score 0-100 · • pin probability % · bands 30 / 70",
            "pin · ⣿ score 0-100 · • probability % · bands 30 / 70", "pin · ⣿ score · • P %",
            "pin"),
    "decay": ("decay · ⣿ charm $ per hour (left) · • ATM IV % (right)",
              "decay · ⣿ charm $/h (left) · • ATM IV % (right)", "decay · ⣿ charm $/h · • IV %",
              "decay"),
}  # fmt: skip
"""Each view's pane title, longest first; the widest that fits is shown whole."""
LEGS_TITLES: dict[str, tuple[str, ...]] = {
    "flow": ("flow · ⣿ spot (left) · • calls / x puts hedge flow since 09:30 ET (right)",
             "flow · ⣿ spot (left) · • calls / x puts since 09:30 ET (right)",
             "flow · ⣿ spot · • calls / x puts since 09:30 ET", "flow · ⣿ spot · • calls / x puts",
             "flow"),
}  # fmt: skip
"""The titles when the flow legs are split (`c`), for views that draw them."""
