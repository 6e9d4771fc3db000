from __future__ import annotations

import subprocess
import sys


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zdte_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_help_lists_commands_and_flags():
    out = _run("--help")
    assert out.returncode == 0
    for word in (
        "config",
        "serve",
        "levels",
        "--bar",
        "--minutes",
        "--demo",
        "--api-key",
        "--base-url",
        "--theme",
        "SYMBOL",
    ):
        assert word in out.stdout


def test_config_command_masks_key_and_names_sources(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "FLASHALPHA_API_KEY": "live-secret-key-9z8y",
        "ZDTE_CONFIG": str(tmp_path / "config.toml"),
    }
    (tmp_path / "config.toml").write_text('symbol = "spx"\n')
    out = _run("config", "--bar", "5m", env=env)
    assert out.returncode == 0, out.stderr
    assert "live-secret" not in out.stdout + out.stderr
    assert "…9z8y" in out.stdout
    assert "env FLASHALPHA_API_KEY" in out.stdout
    assert "SPX" in out.stdout and "flag --bar" in out.stdout
    assert str(tmp_path / "config.toml") in out.stdout


def test_config_error_is_one_clear_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "ZDTE_CONFIG": str(tmp_path / "c")}
    out = _run("config", "--bar", "2m", env=env)
    assert out.returncode == 2
    assert out.stderr.strip() == "zdte-tui: bar (flag --bar): bar must be 30s|1m|5m|15m, not '2m'"


def test_a_bad_symbol_on_the_command_line_is_refused_before_any_request(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "ZDTE_CONFIG": str(tmp_path / "c")}
    out = _run("once", "A" * 5000, "--demo", env=env)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith("zdte-tui: symbol (flag SYMBOL): 'AAAAAAAAAAAAAAAA…' is not")
    assert len(out.stderr) < 200


def test_the_embedded_labs_clock_can_start_at_the_close(tmp_path):
    from datetime import time

    from zdte_tui.api.market_hours import ET
    from zdte_tui.config import load_settings
    from zdte_tui.source import data_source

    settings = load_settings({"demo": True}, env={}, config_path=tmp_path / "none.toml")
    source = data_source(settings, lab_start=time(15, 30), lab_speed=0)
    assert source.label == "DEMO" and source.now().astimezone(ET).time() == time(15, 30)
    assert "--lab-start" in _run("--help").stdout
