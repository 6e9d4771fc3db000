"""Settings: defaults < the TOML file < environment < CLI flags, each with where it came from."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from zdte_tui.alerts import AlertConfigError, AlertRules, rules_from_config
from zdte_tui.api.address import DEFAULT_BASE_URL
from zdte_tui.api.bars import BarSize, clamp_minutes
from zdte_tui.api.symbols import normalize_symbol
from zdte_tui.chart_views import CHART_VIEWS
from zdte_tui.overview_columns import OVERVIEW_COLUMNS

APP_NAME = "zdte-tui"
CONFIG_ENV = "ZDTE_CONFIG"


class ConfigError(Exception):
    """A setting that cannot be used; the message names the setting and where it came from."""


def default_config_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def mask_key(key: str | None) -> str:
    """`…a1b2`: enough to tell two keys apart, never enough to use one."""
    if not key:
        return "(none)"
    return "…" + key[-4:] if len(key) >= 8 else "…"


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value.strip()


def _optional_text(value: Any) -> str | None:
    return _text(value) or None


def _symbol(value: Any) -> str:
    return normalize_symbol(_text(value))


def _symbols(value: Any) -> tuple[str, ...]:
    """A list of symbols, or one comma-separated string of them."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise ValueError('must be a list of symbols, like ["SPY", "SPX"]')
    return tuple(dict.fromkeys(_symbol(item) for item in items if str(item).strip()))


def _bar(value: Any) -> BarSize:
    return BarSize.parse(_text(value))


def _minutes(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("must be a whole number of minutes")
    try:
        return clamp_minutes(int(value))
    except (TypeError, ValueError):
        raise ValueError(f"must be a whole number of minutes, not {value!r}") from None


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"must be true or false, not {value!r}")


def _one_of(choices: tuple[str, ...]) -> Callable[[Any], str]:
    """A setting that is one of `choices` (case-insensitive)."""

    def parse(value: Any) -> str:
        choice = _text(value).lower()
        if choice not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}, not {value!r}")
        return choice

    return parse


OPEN_ON = ("auto", "overview", "monitor")


def _base_url(value: Any) -> str:
    url = _text(value).rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"must start with http:// or https://, not {url!r}")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (reading it checks it)
    except ValueError as exc:
        raise ValueError(f"is not a URL ({exc}): {url!r}") from None
    if not parts.hostname:
        raise ValueError(f"names no host: {url!r}")
    return url


@dataclass(frozen=True)
class _Spec:
    """How one setting is read: its default, its parser, its environment variable and flag."""

    default: Any
    parse: Callable[[Any], Any]
    env: str
    flag: str
    secret: bool = False


SPECS: dict[str, _Spec] = {
    "api_key": _Spec(None, _optional_text, "FLASHALPHA_API_KEY", "--api-key", secret=True),
    "base_url": _Spec(DEFAULT_BASE_URL, _base_url, "FLASHALPHA_BASE_URL", "--base-url"),
    "symbol": _Spec("SPY", _symbol, "ZDTE_SYMBOL", "SYMBOL"),
    "watchlist": _Spec((), _symbols, "ZDTE_WATCHLIST", "SYMBOL SYMBOL ..."),
    "bar": _Spec(BarSize.M1, _bar, "ZDTE_BAR", "--bar"),
    "minutes": _Spec(120, _minutes, "ZDTE_MINUTES", "--minutes"),
    "theme": _Spec("dark", _text, "ZDTE_THEME", "--theme"),
    "view": _Spec("flow", _one_of(CHART_VIEWS), "ZDTE_VIEW", "--view"),
    "open_on": _Spec("auto", _one_of(OPEN_ON), "ZDTE_OPEN_ON", "--open-on"),
    "overview_sort": _Spec("symbol", _one_of(OVERVIEW_COLUMNS), "ZDTE_OVERVIEW_SORT", "(s key)"),
    "overview_reverse": _Spec(False, _flag, "ZDTE_OVERVIEW_REVERSE", "(S key)"),
    "demo": _Spec(False, _flag, "ZDTE_DEMO", "--demo"),
    "insecure": _Spec(False, _flag, "ZDTE_INSECURE", "--insecure"),
}


TABLES = ("keymap", "alerts")
"""Config-file tables, read by the features that own them."""


@dataclass(frozen=True)
class Settings:
    """Every setting, resolved: defaults < config file < environment < flags."""

    api_key: str | None = field(default=None, repr=False)
    base_url: str = DEFAULT_BASE_URL
    symbol: str = "SPY"
    watchlist: tuple[str, ...] = ()
    """Several symbols polled in turn; the monitor starts on `symbol`, else the first."""
    bar: BarSize = BarSize.M1
    minutes: int = 120
    theme: str = "dark"
    view: str = "flow"
    """The chart view the monitor opens on; the monitor writes it back when `v` changes it."""
    open_on: str = "auto"
    """`overview`, `monitor`, or `auto`: the overview when the watchlist has several symbols."""
    overview_sort: str = "symbol"
    """The overview's sort column; the overview writes it back when `s` changes it."""
    overview_reverse: bool = False
    demo: bool = False
    insecure: bool = False
    config_path: Path | None = None
    config_found: bool = False
    alerts: AlertRules = field(default_factory=AlertRules)
    keymap: Mapping[str, str] = field(default_factory=dict)
    """Binding id -> key(s), from the `[keymap]` table."""
    export_dir: Path = field(default_factory=Path.cwd)
    sources: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def uses_lab(self) -> bool:
        """No key and no server named, or `--demo`: the embedded lab answers."""
        if self.demo:
            return True
        return self.api_key is None and self.sources.get("base_url", "default") == "default"

    @property
    def source_label(self) -> str:
        if self.uses_lab:
            return "DEMO"
        return "LIVE" if self.base_url == DEFAULT_BASE_URL else self.base_url

    def display_value(self, name: str) -> str:
        value = getattr(self, name)
        if SPECS[name].secret:
            return mask_key(value)
        if isinstance(value, tuple):
            return ",".join(value) or "—"
        return str(value)

    @property
    def symbols(self) -> tuple[str, ...]:
        """The symbol shown first, then the rest of the watchlist."""
        if self.sources.get("symbol", "default") == "default" and self.watchlist:
            return self.watchlist
        return tuple(dict.fromkeys((self.symbol, *self.watchlist)))


def _read_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


def _permission_warnings(path: Path, values: dict[str, Any]) -> list[str]:
    """Like ssh with a private key: a key in a file others can read draws a warning."""
    if not values.get("api_key"):
        return []
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        return []
    if mode & 0o077:
        return [
            f"{path} holds an API key and is readable by others (mode {mode:o}); "
            f"run: chmod 600 {path}"
        ]
    return []


def load_settings(
    flags: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    config_path: Path | None = None,
) -> Settings:
    """Merge the layers. `flags` holds only what the user typed (None means not given)."""
    flags = {k: v for k, v in (flags or {}).items() if v is not None}
    env = os.environ if env is None else env
    if config_path is None:
        config_path = Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else default_config_path()
    file_values = _read_file(config_path)
    warnings = _permission_warnings(config_path, file_values)
    warnings += [
        f"{config_path}: unknown setting {name!r} ignored"
        for name, value in file_values.items()
        if name not in SPECS and name not in TABLES and name != "export_dir"
    ]
    keymap = file_values.get("keymap", {})
    if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
        raise ConfigError(f'{config_path}: [keymap] must map binding ids to keys, like quit = "x"')
    try:
        alerts = rules_from_config(file_values.get("alerts", {}))
    except AlertConfigError as exc:
        raise ConfigError(f"{config_path}: {exc}") from None
    export_dir = file_values.get("export_dir", env.get("ZDTE_EXPORT_DIR"))
    if export_dir is not None and not isinstance(export_dir, str):
        raise ConfigError(f"{config_path}: export_dir must be a path string")
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for name, spec in SPECS.items():
        layers = (
            ("flag " + spec.flag, flags.get(name)),
            ("env " + spec.env, env.get(spec.env)),
            ("file", file_values.get(name)),
        )
        source, raw = next(((s, v) for s, v in layers if v is not None), ("default", None))
        if raw is None:
            values[name], sources[name] = spec.default, "default"
            continue
        try:
            values[name] = spec.parse(raw)
        except ValueError as exc:
            where = f"{config_path}" if source == "file" else source
            raise ConfigError(f"{name} ({where}): {exc}") from None
        sources[name] = source
    return Settings(
        **values,
        alerts=alerts,
        keymap=dict(keymap),
        export_dir=Path(export_dir).expanduser() if export_dir else Path.cwd(),
        config_path=config_path,
        config_found=config_path.is_file(),
        sources=sources,
        warnings=tuple(warnings),
    )


def remember_setting(path: Path, name: str, value: str | bool) -> None:
    """Set `name = value` in the TOML file at `path`, keeping its comments, order and mode (a
    file holding a key stays private); the file is created if missing. `OSError` or
    `ConfigError` on failure, leaving the file as it was."""
    import tomlkit

    try:
        text = path.read_text(encoding="utf-8")
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        text, mode = "", 0o600
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    document[name] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(path.name + ".new")
    draft.write_text(tomlkit.dumps(document), encoding="utf-8")
    draft.chmod(mode)
    draft.replace(path)


def describe_settings(settings: Settings) -> str:
    """The text of `zdte-tui config`: effective values, their sources, the file path, the source."""
    found = "" if settings.config_found else " (not found; defaults apply)"
    lines = [f"config file: {settings.config_path}{found}", ""]
    width = max(len(name) for name in SPECS)
    values = {name: settings.display_value(name) for name in SPECS}
    value_width = max(len(v) for v in values.values())
    lines.append(f"{'setting':<{width}}  {'value':<{value_width}}  source")
    for name in SPECS:
        lines.append(f"{name:<{width}}  {values[name]:<{value_width}}  {settings.sources[name]}")
    lines.append("")
    if settings.uses_lab:
        lines.append("data source: DEMO (the embedded lab; set an API key for live data)")
    else:
        lines.append(f"data source: {settings.source_label} ({settings.base_url})")
    lines.extend(f"warning: {w}" for w in settings.warnings)
    return "\n".join(lines)
