"""The key never shows: not on screen, in a screenshot, a toast, an error, a repr or a log."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from tests.servers import running
from tests.tui_helpers import live_monitor, settled, until
from zdte_tui.api.client import SeriesClient
from zdte_tui.api.errors import InsecureTransportError
from zdte_tui.api.key_transport import check_key_transport, is_loopback
from zdte_tui.config import load_settings

KEY = "sk-live-SECRET-0123456789-a1b2"


def _echoing_server() -> FastAPI:
    """A careless server that puts the key it was sent into its error message."""
    app = FastAPI()

    @app.middleware("http")
    async def echo(request, call_next):
        key = request.headers.get("x-api-key", "")
        return JSONResponse({"message": f"key {key} is not valid"}, status_code=401)

    return app


async def test_key_is_nowhere_on_screen_even_when_the_server_echoes_it():
    with running(_echoing_server()) as url:
        app = live_monitor(url, key=KEY)
        async with app.run_test(size=(120, 40)) as pilot:
            assert await until(pilot, lambda: app._connection == "stopped")
            await settled(pilot)
            screen = app.export_screenshot()
            toasts = " ".join(str(n.message) for n in app._notifications)
            for text in (screen, toasts, app._last_error, repr(app._client), repr(app.source)):
                assert KEY not in text
            assert "…a1b2" in app._last_error


def test_plain_http_to_another_host_is_refused_unless_insecure():
    with pytest.raises(InsecureTransportError, match=r"plain http:// to lab\.example"):
        SeriesClient("http://lab.example:8787", KEY)
    SeriesClient("http://lab.example:8787", KEY, allow_insecure=True)
    for loopback in ("http://127.0.0.1:8787", "http://localhost:8787", "http://[::1]:8787"):
        SeriesClient(loopback, KEY)
    SeriesClient("http://lab.example:8787")  # no key, nothing to protect
    SeriesClient("https://lab.example", KEY)


def test_monitor_refuses_to_start_over_plain_http(tmp_path):
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "FLASHALPHA_API_KEY": KEY,
           "ZDTE_CONFIG": str(tmp_path / "none.toml")}  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-m", "zdte_tui", "--base-url", "http://lab.example"],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert out.returncode == 2
    assert "refusing to send the API key over plain http://" in out.stderr
    assert KEY not in out.stderr + out.stdout


def test_config_file_holding_a_key_readable_by_others_draws_a_warning(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(f'api_key = "{KEY}"\n')
    path.chmod(0o644)
    settings = load_settings({}, env={}, config_path=path)
    assert any("readable by others" in w and "chmod 600" in w for w in settings.warnings)
    assert KEY not in repr(settings) and KEY not in " ".join(settings.warnings)
    path.chmod(0o600)
    assert load_settings({}, env={}, config_path=path).warnings == ()


async def test_dns_failure_is_shown_and_the_monitor_keeps_going():
    import socket

    from tests.lab_helpers import frozen_clock
    from tests.tui_helpers import AT, DAY
    from zdte_tui.source import DataSource
    from zdte_tui.tui.app import MonitorApp

    def unresolvable(request):
        try:
            raise socket.gaierror(-2, "Name or service not known")
        except socket.gaierror as exc:
            raise httpx.ConnectError("Name or service not known") from exc

    clock = frozen_clock(AT, DAY)
    transport = httpx.MockTransport(unresolvable)
    source = DataSource(
        "https://lab.invalid",
        lambda: SeriesClient("https://lab.invalid", KEY, transport=transport),
        clock.now,
    )
    app = MonitorApp(source, monotonic=lambda: 1000.0, tick_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        assert await until(pilot, lambda: app._last_error != "")
        assert app._last_error == "network: cannot resolve host lab.invalid"
        assert app._connection == "retrying" and app.is_running


def _httpx_sends_the_key_in_the_clear(base_url: str) -> bool:
    """What the client would do: httpx reads the URL, and a plain http:// one to a host that is
    not this machine carries the key in the clear (a URL httpx refuses sends nothing)."""
    try:
        url = httpx.URL(base_url)
    except httpx.InvalidURL:
        return False
    return url.scheme == "http" and not is_loopback(url.host)


def _refused(base_url: str) -> bool:
    try:
        check_key_transport(base_url, KEY)
    except InsecureTransportError:
        return True
    return False


@pytest.mark.parametrize(
    "base_url",
    ["http://lab.example:8787", "HTTP://Lab.Example", "http://LOCALHOST:8787", "http://[::1]:80",
     "http://127.0.0.2", "http://user:pw@lab.example/", "https://lab.example", "http://localhost.",
     "http://[::ffff:127.0.0.1]", "http://0.0.0.0:8787", "http://10.0.0.1"],
)  # fmt: skip
def test_the_transport_check_reads_a_url_as_httpx_sends_to_it(base_url):
    """The entry point checks with the standard library (httpx loads after the first frame):
    on URLs as people write them, the verdict is the one httpx's own reading gives."""
    assert _refused(base_url) == _httpx_sends_the_key_in_the_clear(base_url)


@pytest.mark.parametrize(
    "base_url",
    ["http://127.0.0.1\\@lab.example", "http://127.0.0.1@lab.example", "http://a@127.0.0.1@lab.example",
     "http://127.0.0.1;@lab.example", "http://127.0.0.1%5C@lab.example", "http://127.0.0.1%00.lab.example",
     "http://localhost\tlab.example", "http://localhost\r\n.lab.example", "http://[::1]lab.example",
     "http://lab.example#@127.0.0.1", "http://lab.example?@127.0.0.1", "http://lab.example\\@127.0.0.1",
     "http://ｌａｂ.example", "http://lab.example:80@127.0.0.1", " http://lab.example",
     "http://lab.example ", "http://127.0.0.1.lab.example", "http://localhost.lab.example",
     "http://0x7f000001.lab.example", "http://[::1%25eth0]", "http://2130706433"],
)  # fmt: skip
def test_no_url_that_httpx_would_send_in_the_clear_passes_the_check(base_url):
    """Hostile spellings (user info, backslashes, encoded bytes, full-width letters, control
    codes): whatever the standard library makes of them, none that httpx would send to a host
    other than this machine over plain http:// gets past the check."""
    if _httpx_sends_the_key_in_the_clear(base_url):
        assert _refused(base_url)
