"""The monitor against a fault-injecting server on loopback: for every fault, no crash, the last
good data still on screen, the error shown, and recovery once the server heals."""

from __future__ import annotations

import pytest

from tests.fault_server import FaultServer
from tests.lab_helpers import frozen_clock
from tests.servers import free_port, running
from tests.tui_helpers import AT, DAY, live_monitor, settled, until
from zdte_tui.api.models import Regime
from zdte_tui.lab.service import Lab
from zdte_tui.serving.app import create_app


@pytest.fixture(scope="module")
def faulty():
    lab = Lab(frozen_clock(AT, DAY), seed=7)
    server = FaultServer(create_app(lab), lab)
    with running(server) as url:
        yield server, url


ERRORS = {
    "invalid_json": "contract",
    "wrong_shape": "contract",
    "nan": "contract",
    "null_in_non_nullable": "contract",
    "oversize": "contract",
    "server_error": "server",
    "slow": "network",
}


@pytest.mark.parametrize("mode", list(ERRORS))
async def test_fault_keeps_last_good_data_and_recovers(faulty, mode):
    server, url = faulty
    server.mode = "ok"
    app = live_monitor(url)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        good = app._shown
        assert good is not None and good.bar_count > 100
        server.mode = mode
        await pilot.press("r")
        assert await until(pilot, lambda: app._last_error != "")
        assert app._last_error.startswith(ERRORS[mode])
        assert app._shown is good, "the last good picture stays on screen"
        assert app.is_running
        status = str(app.query_one("#status").render())
        assert "retrying" in status and ERRORS[mode] in status
        await pilot.press("3")  # the UI still answers keys during the fault
        server.mode = "ok"
        assert await until(pilot, lambda: app._connection == "ok" and app._shown is not good)
        assert app._shown.bar.value == "5m" and app._last_error == ""


@pytest.mark.parametrize("mode", ["unknown_regime", "out_of_order"])
async def test_tolerated_oddities_are_not_errors(faulty, mode):
    server, url = faulty
    server.mode = mode
    app = live_monitor(url)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        assert app._connection == "ok" and app._last_error == ""
        chart = app._shown.chart
        assert list(chart.minutes_et) == sorted(set(chart.minutes_et))
        if mode == "unknown_regime":
            assert app._shown.regime.regime is Regime.UNKNOWN
    server.mode = "ok"


async def test_connection_refused_then_a_server_that_comes_back():
    port = free_port()
    lab = Lab(frozen_clock(AT, DAY), seed=7)
    app = live_monitor(f"http://127.0.0.1:{port}")
    async with app.run_test(size=(120, 40)) as pilot:
        assert await until(pilot, lambda: app._last_error.startswith("network"))
        assert "connection refused" in app._last_error
        with running(create_app(lab), port=port):
            assert await until(pilot, lambda: app._connection == "ok", seconds=15)
            good = app._shown
        await pilot.press("r")
        assert await until(pilot, lambda: app._connection == "retrying")
        assert app._shown is good
        with running(create_app(lab), port=port):
            assert await until(pilot, lambda: app._connection == "ok", seconds=15)


async def test_auth_and_plan_errors_stop_polling_with_advice(faulty):
    from zdte_tui.serving.access import AccessControl, Plan

    lab = Lab(frozen_clock(AT, DAY), seed=7)
    app_server = create_app(lab, AccessControl({"basic-key": Plan.BASIC}))
    with running(app_server) as url:
        for key, words in (("basic-key", "Your plan is Basic"), ("", "API key was refused")):
            app = live_monitor(url, key=key)
            async with app.run_test(size=(120, 40)) as pilot:
                assert await until(pilot, lambda app=app: app._connection == "stopped")
                assert app._timer is None, "no more polling until the user acts"
                toasts = [n.message for n in app._notifications]
                assert any(words in message for message in toasts)
