from __future__ import annotations

from pathlib import Path

import pytest

from zdte_tui.api.bars import BarSize
from zdte_tui.config import ConfigError, describe_settings, load_settings, mask_key


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_defaults(tmp_path):
    settings = load_settings({}, env={}, config_path=tmp_path / "missing.toml")
    assert settings.symbol == "SPY" and settings.bar is BarSize.M1 and settings.minutes == 120
    assert settings.api_key is None and settings.uses_lab
    assert set(settings.sources.values()) == {"default"}
    assert not settings.config_found


def test_layers_file_env_flags(tmp_path):
    path = _write(tmp_path, 'symbol = "qqq"\nbar = "5m"\nminutes = 60\ntheme = "light"\n')
    env = {"ZDTE_BAR": "15m", "FLASHALPHA_API_KEY": "env-key-00001234"}
    settings = load_settings({"minutes": "30", "symbol": None}, env=env, config_path=path)
    assert settings.symbol == "QQQ" and settings.sources["symbol"] == "file"
    assert settings.bar is BarSize.M15 and settings.sources["bar"] == "env ZDTE_BAR"
    assert settings.minutes == 30 and settings.sources["minutes"] == "flag --minutes"
    assert settings.theme == "light"
    assert settings.api_key == "env-key-00001234" and not settings.uses_lab
    assert settings.source_label == "LIVE"


def test_demo_flag_wins_over_key(tmp_path):
    settings = load_settings(
        {"demo": True}, env={"FLASHALPHA_API_KEY": "k" * 10}, config_path=tmp_path / "x"
    )
    assert settings.uses_lab and settings.source_label == "DEMO"


def test_base_url_without_key_is_that_server(tmp_path):
    settings = load_settings(
        {"base_url": "http://127.0.0.1:8787/"}, env={}, config_path=tmp_path / "x"
    )
    assert not settings.uses_lab
    assert settings.base_url == "http://127.0.0.1:8787"
    assert settings.source_label == "http://127.0.0.1:8787"


def test_config_env_names_the_file(tmp_path):
    path = _write(tmp_path, 'symbol = "IWM"\n')
    settings = load_settings({}, env={"ZDTE_CONFIG": str(path)})
    assert settings.symbol == "IWM" and settings.config_path == path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('bar = "2m"\n', r"bar \(.*config.toml\): bar must be 30s\|1m\|5m\|15m"),
        ('minutes = "lots"\n', "minutes"),
        ("symbol = 5\n", "symbol"),
        ('base_url = "ftp://x"\n', "base_url"),
        ('base_url = "http://[::1"\n', r"base_url .*is not a URL \(Invalid IPv6 URL\)"),
        ('base_url = "http://lab.example:port"\n', r"base_url .*is not a URL"),
        ('base_url = "http://:8787"\n', r"base_url .*names no host"),
        ("bar = \n", "not valid TOML"),
    ],
)
def test_bad_file_values_are_clear_errors(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        load_settings({}, env={}, config_path=_write(tmp_path, text))


@pytest.mark.parametrize(
    ("layer", "where"),
    [("file", "config.toml"), ("env", "env ZDTE_SYMBOL"), ("flag", "flag SYMBOL")],
)
@pytest.mark.parametrize("symbol", ["", " ", "SP Y", "A" * 11, "$SPX", "SPY/X"])
def test_a_symbol_no_ticker_has_is_refused_in_every_layer(tmp_path, layer, where, symbol):
    path = _write(tmp_path, f"symbol = {symbol!r}\n" if layer == "file" else "")
    env = {"ZDTE_SYMBOL": symbol} if layer == "env" else {}
    flags = {"symbol": symbol} if layer == "flag" else {}
    with pytest.raises(ConfigError, match=rf"symbol \(.*{where}.*\): .*1 to 10 characters"):
        load_settings(flags, env=env, config_path=path)


def test_a_bad_symbol_in_the_watchlist_is_refused(tmp_path):
    with pytest.raises(ConfigError, match=r"watchlist \(env ZDTE_WATCHLIST\): 'S P' is not"):
        load_settings({}, env={"ZDTE_WATCHLIST": "SPY,S P"}, config_path=tmp_path / "x")


def test_bad_env_value_names_the_variable(tmp_path):
    with pytest.raises(ConfigError, match="env ZDTE_MINUTES"):
        load_settings({}, env={"ZDTE_MINUTES": "x"}, config_path=tmp_path / "x")


def test_minutes_clamped_and_unknown_keys_warned(tmp_path):
    path = _write(tmp_path, 'minutes = 1000\ncolour = "red"\n[keymap]\nquit = "x"\n')
    settings = load_settings({}, env={}, config_path=path)
    assert settings.minutes == 390
    assert settings.warnings == (f"{path}: unknown setting 'colour' ignored",)


def test_mask_key():
    assert mask_key("abcdefgh1234a1b2") == "…a1b2"
    assert mask_key("short") == "…"
    assert mask_key(None) == "(none)"


def test_describe_masks_key_and_shows_sources(tmp_path):
    settings = load_settings(
        {"api_key": "super-secret-a1b2"}, env={}, config_path=tmp_path / "c.toml"
    )
    text = describe_settings(settings)
    assert "super-secret" not in text
    assert "…a1b2" in text and "flag --api-key" in text
    assert str(tmp_path / "c.toml") in text and "not found" in text
    assert "data source: LIVE" in text
