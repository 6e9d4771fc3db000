"""What `zdte-tui levels` prints: every headline metric of one chain snapshot, as text or JSON."""

from __future__ import annotations

import json
from dataclasses import asdict

from zdte_tui import report
from zdte_tui.lab.metrics import ChainSnapshot, Levels


def as_json(levels: Levels) -> str:
    data = asdict(levels)
    data["regime"] = levels.regime.value
    for name in ("dealer_delta_call_shares", "dealer_delta_put_shares"):
        data.pop(name)
    return json.dumps(data, indent=2)


def as_text(levels: Levels, chain: ChainSnapshot, source: str) -> str:
    head = (
        f"{source}: {len(chain.strikes)} strikes, spot {chain.spot:,.2f}, "
        f"{chain.minutes_to_close:g} minutes to close"
    )
    return report.as_text(head, levels)
