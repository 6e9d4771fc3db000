"""What `zdte-tui levels` prints: every headline metric of one chain snapshot, as text or JSON."""

from __future__ import annotations

import json
from dataclasses import asdict

from zdte_tui import units
from zdte_tui.lab.metrics import ChainSnapshot, Levels

REGIME_WORDS = {"positive_gamma": "positive gamma", "negative_gamma": "negative gamma"}


def as_json(levels: Levels) -> str:
    data = asdict(levels)
    data["regime"] = levels.regime.value
    for name in ("dealer_delta_call_shares", "dealer_delta_put_shares"):
        data.pop(name)
    return json.dumps(data, indent=2)


def as_text(levels: Levels, chain: ChainSnapshot, source: str) -> str:
    flip = units.price(levels.gamma_flip)
    if levels.gamma_flip is None:
        flip = f"— ({levels.gamma_flip_status})"
    rows = [
        ("net GEX", f"{units.usd_compact(levels.net_gex)} per 1% move"),
        ("net DEX", units.usd_compact(levels.net_dex)),
        ("gamma flip", flip),
        ("call wall", units.price(levels.call_wall)),
        ("put wall", units.price(levels.put_wall)),
        ("magnet", units.price(levels.magnet)),
        ("pin score", "—" if levels.pin_score is None else f"{levels.pin_score} / 100"),
        ("pin probability", units.percent(levels.pin_probability_pct)),
        ("regime", REGIME_WORDS.get(levels.regime.value, "unknown (no flip published)")),
        ("ATM IV", units.percent(None if levels.atm_iv is None else 100 * levels.atm_iv, 2)),
        ("charm", f"{units.usd_compact(levels.charm_dollars_per_hour, signed=True)} per hour"),
    ]
    head = (
        f"{source}: {len(chain.strikes)} strikes, spot {chain.spot:,.2f}, "
        f"{chain.minutes_to_close:g} minutes to close"
    )
    width = max(len(name) for name, _ in rows)
    return "\n".join([head, *(f"{name:<{width}}  {value}" for name, value in rows)])
