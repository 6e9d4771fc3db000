"""`zdte-tui serve`: the lab under uvicorn, one log line per request, never the key."""

from __future__ import annotations

import logging
import sys
import time
from datetime import time as clock_time

from zdte_tui.api.market_hours import ET
from zdte_tui.lab.clock import lab_clock
from zdte_tui.lab.service import Lab
from zdte_tui.serving.access import AccessControl, Plan
from zdte_tui.serving.app import create_app


def serve(
    host: str,
    port: int,
    seed: int,
    speed: float,
    start: clock_time | None,
    keys: dict[str, Plan],
) -> int:
    import uvicorn

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr, force=True
    )
    log = logging.getLogger("zdte_tui.lab")
    clock = lab_clock(start, speed)
    lab = Lab(clock, seed)
    started = time.perf_counter()
    lab.warm_up()
    log.info("sessions backfilled in %.2f s", time.perf_counter() - started)
    now_et = clock.now().astimezone(ET)
    log.info(
        "zdte-tui lab on http://%s:%d  session %s, clock at %s ET, speed %gx, seed %d, %d keys",
        host, port, now_et.date(), now_et.strftime("%H:%M:%S"), speed, seed, len(keys),
    )  # fmt: skip
    app = create_app(lab, AccessControl(keys), request_log=sys.stderr)
    uvicorn.run(app, host=host, port=port, access_log=False, log_level="warning")
    return 0
