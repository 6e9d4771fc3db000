"""Entry points: `zdte-tui [SYMBOL]` (the monitor) and its subcommands.

Each command imports only what it needs, so `config` never loads Textual or the lab.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import time
from pathlib import Path

from zdte_tui import __version__
from zdte_tui.api.bars import BAR_CHOICES

COMMANDS_HELP = """\
commands:
  zdte-tui [SYMBOL]       the live monitor (the default command)
  zdte-tui once SYMBOL    print the latest levels (or the series as JSON or CSV) and exit
  zdte-tui replay FILE    play a recording back through the monitor
  zdte-tui config         print the effective settings and where each came from
  zdte-tui serve          run the lab as an HTTP server implementing the endpoint
  zdte-tui relay          one upstream key, many screens: fetch once, serve the endpoint
  zdte-tui levels CSV     compute every headline metric from your own chain snapshot

Run `zdte-tui COMMAND --help` for a command's flags.
"""


def _source_flags() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("data source")
    group.add_argument("--api-key", help="FlashAlpha API key (env FLASHALPHA_API_KEY)")
    group.add_argument(
        "--base-url", help="server implementing the endpoint (env FLASHALPHA_BASE_URL)"
    )
    group.add_argument(
        "--demo",
        action="store_const",
        const=True,
        help="use the embedded lab even when an API key is configured",
    )
    group.add_argument("--config", type=Path, help="config file (env ZDTE_CONFIG)")
    group.add_argument(
        "--insecure",
        action="store_const",
        const=True,
        help="allow sending the key over plain http:// to a host that is not this machine",
    )
    return parent


def _view_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "symbols", nargs="*", metavar="SYMBOL",
        help="underlying (default SPY); several make a watchlist (tab switches)",
    )  # fmt: skip
    parser.add_argument("--bar", help=f"bar size: {BAR_CHOICES} (default 1m)")
    parser.add_argument("--minutes", help="lookback in minutes, 1..390 (default 120)")
    parser.add_argument("--theme", help="dark, light, ansi or mono (default dark)")
    parser.add_argument("--view", help="chart view: flow, levels, exposure, pin or decay")
    parser.add_argument("--open-on", help="overview, monitor, or auto (default: the overview "
                        "when the watchlist has several symbols)")  # fmt: skip


def _load(args: argparse.Namespace):
    from zdte_tui.config import load_settings

    names = ("api_key", "base_url", "demo", "insecure", "bar", "minutes", "theme", "view",
             "open_on")  # fmt: skip
    flags = {name: getattr(args, name, None) for name in names}
    symbols = getattr(args, "symbols", None) or []
    flags["symbol"] = symbols[0] if symbols else None
    flags["watchlist"] = symbols if len(symbols) > 1 else None
    return load_settings(flags, config_path=args.config)


def _config_errors(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def wrapped(args: argparse.Namespace) -> int:
        from zdte_tui.api.errors import InsecureTransportError
        from zdte_tui.config import ConfigError

        try:
            return run(args)
        except (ConfigError, InsecureTransportError) as exc:
            print(f"zdte-tui: {exc}", file=sys.stderr)
            return 2

    return wrapped


@_config_errors
def _run_config(args: argparse.Namespace) -> int:
    from zdte_tui.config import describe_settings

    print(describe_settings(_load(args)))
    return 0


def _source_settings(args: argparse.Namespace):
    """Settings for a command that fetches: warnings printed, the key's transport checked
    (an unsafe one raises InsecureTransportError, reported like a bad setting)."""
    from zdte_tui.api.key_transport import check_key_transport

    settings = _load(args)
    for warning in settings.warnings:
        print(f"zdte-tui: warning: {warning}", file=sys.stderr)
    if not settings.uses_lab:
        check_key_transport(settings.base_url, settings.api_key, settings.insecure)
    return settings


@_config_errors
def _run_monitor(args: argparse.Namespace) -> int:
    from zdte_tui.tui.run import run_monitor

    return run_monitor(
        _source_settings(args), record=args.record, lab_start=args.lab_start,
        lab_speed=args.lab_speed,
    )  # fmt: skip


def _positive(text: str) -> float:
    value = _non_negative(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a number > 0, not {text!r}")
    return value


def _start_time(text: str) -> time:
    """HH:MM (an hour or minute may have one digit; spaces around it are ignored), without
    `strptime`: its first call compiles the locale's date patterns, about 3 ms of the start."""
    hours, colon, minutes = text.strip().partition(":")
    try:
        if not (colon and 1 <= len(hours) <= 2 and 1 <= len(minutes) <= 2):
            raise ValueError(text)
        if not (hours.isascii() and hours.isdigit() and minutes.isascii() and minutes.isdigit()):
            raise ValueError(text)
        return time(int(hours), int(minutes))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected HH:MM in ET, like 12:30, not {text!r}"
        ) from None


def _non_negative(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number >= 0, not {text!r}")
    return value


def _run_serve(args: argparse.Namespace) -> int:
    from zdte_tui.lab.serve import serve
    from zdte_tui.serving.access import load_keys

    try:
        keys = load_keys(args.keys) if args.keys else {}
    except ValueError as exc:
        print(f"zdte-tui serve: {exc}", file=sys.stderr)
        return 2
    return serve(args.host, args.port, args.seed, args.speed, args.start, keys)


def _symbol_list(text: str) -> list[str]:
    from zdte_tui.api.symbols import InvalidSymbol, normalize_symbol

    try:
        return list(dict.fromkeys(normalize_symbol(s) for s in text.split(",") if s.strip()))
    except InvalidSymbol as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


@_config_errors
def _run_relay(args: argparse.Namespace) -> int:
    from zdte_tui.relay.run import RelayError, fetch_status, format_status, run_relay

    settings = _load(args)
    try:
        if args.status is not None:
            url = args.status or settings.base_url
            status = fetch_status(url, settings.api_key)
            print(json.dumps(status, indent=2) if args.json else format_status(status))
            return 0
        if args.api_key is not None:
            raise RelayError(
                "the relay's upstream key is read from FLASHALPHA_API_KEY or the config file, "
                "not a flag (flags show in `ps`); --api-key is for --status"
            )
        if args.upstream:
            from zdte_tui.api.key_transport import check_key_transport

            check_key_transport(args.upstream, settings.api_key, settings.insecure)
        return run_relay(settings, args.host, args.port, args.upstream, args.keys, args.symbols,
                         args.redis, args.lease)  # fmt: skip
    except RelayError as exc:
        print(f"zdte-tui relay: {exc}", file=sys.stderr)
        return 2


def _relay_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zdte-tui relay",
        description="One desk key, many screens: poll the upstream once per 30 s sample for each "
        "symbol and serve GET /v1/flow/zero-dte/series/{symbol} to every screen "
        "(`zdte-tui --base-url http://HOST:8788 --api-key SCREEN-KEY`). The upstream key is "
        "FLASHALPHA_API_KEY or the config file's api_key.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on "
                        "(default 127.0.0.1; any other needs --keys)")  # fmt: skip
    parser.add_argument("--port", type=int, default=8788, help="port (default 8788)")
    parser.add_argument("--upstream", help="server to poll (default: the configured base_url, "
                        "FlashAlpha unless set)")  # fmt: skip
    parser.add_argument("--keys", type=Path, help='screens\' keys: TOML with a [keys] table of '
                        '"key" = "free|basic|growth|alpha" (quotas per UTC day)')  # fmt: skip
    parser.add_argument("--symbols", type=_symbol_list, default=[], metavar="SPY,SPX",
                        help="polled from the start; others from a screen's first ask, up to "
                        "what the upstream quota carries to the close")  # fmt: skip
    parser.add_argument("--redis", metavar="URL", help="replicas share samples, leases and "
                        "quota counts in this Redis (redis://host:6379/0; needs the redis "
                        "extra: pip install 'zdte-tui[redis]')")  # fmt: skip
    parser.add_argument("--lease", type=_positive, default=15.0, metavar="SECONDS",
                        help="with --redis: a symbol's lease (default 15; a dead leaseholder's "
                        "symbols are taken over within about 1⅓ of it)")  # fmt: skip
    parser.add_argument("--status", nargs="?", const="", metavar="URL",
                        help="print a running relay's status (default URL: the configured "
                        "base_url) and exit")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="with --status: print the JSON")
    parser.add_argument("--api-key", help="with --status: a screen key to ask with")
    parser.add_argument("--config", type=Path, help="config file (env ZDTE_CONFIG)")
    parser.add_argument(
        "--insecure", action="store_const", const=True,
        help="allow the upstream key over plain http:// to another host",
    )  # fmt: skip
    parser.set_defaults(run=_run_relay)
    return parser


def _run_levels(args: argparse.Namespace) -> int:
    from zdte_tui.lab.chain_csv import ChainFileError, read_chain
    from zdte_tui.lab.levels_report import as_json, as_text
    from zdte_tui.lab.metrics import compute_levels

    try:
        chain = read_chain(args.chain, args.spot, args.minutes_to_close)
    except ChainFileError as exc:
        print(f"zdte-tui levels: {exc}", file=sys.stderr)
        return 2
    levels = compute_levels(chain)
    print(as_json(levels) if args.json else as_text(levels, chain, str(args.chain)))
    return 0


def _serve_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zdte-tui serve",
        description="Run the lab as an HTTP server implementing "
        "GET /v1/flow/zero-dte/series/{symbol} over a simulated 0DTE market "
        "(SPY, SPX, QQQ, IWM, XSP).",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument("--port", type=int, default=8787, help="port (default 8787)")
    parser.add_argument("--seed", type=int, default=0, help="market seed (default 0)")
    parser.add_argument(
        "--speed",
        type=_non_negative,
        default=1.0,
        help="session speed multiple (default 1; 0 freezes)",
    )
    parser.add_argument(
        "--start",
        type=_start_time,
        help="simulate the session from this ET time (HH:MM), backfilled from 09:30",
    )
    parser.add_argument(
        "--keys",
        type=Path,
        help='TOML file with a [keys] table of "key" = "free|basic|growth|alpha"',
    )
    parser.set_defaults(run=_run_serve)
    return parser


def _levels_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zdte-tui levels",
        description="Compute every headline metric from your own 0DTE chain snapshot. CSV header: "
        "strike,call_oi,put_oi,call_iv,put_iv (IV as decimals on the trading-time basis; OI is "
        "taken as dealer inventory, long calls and short puts).",
    )
    parser.add_argument("chain", type=Path, metavar="CHAIN.csv")
    parser.add_argument("--spot", type=float, required=True, help="underlying price, USD")
    parser.add_argument(
        "--minutes-to-close",
        type=_non_negative,
        default=60.0,
        help="minutes left to 16:00 ET (default 60)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(run=_run_levels)
    return parser


@_config_errors
def _run_once(args: argparse.Namespace) -> int:
    from zdte_tui.once import run_once

    return run_once(_source_settings(args), args.output)


def _once_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zdte-tui once",
        description="Fetch once and print: the latest levels as text, or the whole series as JSON "
        "or CSV. Exit codes: 0 ok, 2 bad flag or setting, 3 auth, 4 plan, 5 quota, "
        "6 network or server, 7 contract (a body not of the documented shape), 8 request refused.",
        parents=[_source_flags()],
    )
    _view_flags(parser)
    formats = parser.add_mutually_exclusive_group()
    formats.add_argument("--json", dest="output", action="store_const", const="json",
                         help="the whole series as JSON")  # fmt: skip
    formats.add_argument("--csv", dest="output", action="store_const", const="csv",
                         help="the whole series as CSV, one bar a row")  # fmt: skip
    parser.set_defaults(run=_run_once, output="text")
    return parser


@_config_errors
def _run_replay(args: argparse.Namespace) -> int:
    from zdte_tui.tui.run import run_replay

    return run_replay(args.recording, args.speed, args.symbol, _load(args))


def _replay_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zdte-tui replay",
        description="Play a recording made with --record back through the monitor's screens. "
        "Keys: p pause, left/right step, + and - speed, g seek to an ET time, "
        "comma and full stop move the bar cursor.",
    )
    parser.add_argument("recording", type=Path, metavar="FILE")
    parser.add_argument("--speed", type=_non_negative, default=10.0,
                        help="playback speed multiple (default 10)")  # fmt: skip
    parser.add_argument("--symbol", help="which recorded symbol to play (default: the first)")
    parser.add_argument("--theme", help="dark, light, ansi or mono")
    parser.add_argument("--view", help="chart view: flow, levels, exposure, pin or decay")
    parser.add_argument("--config", type=Path, help="config file (env ZDTE_CONFIG)")
    parser.set_defaults(run=_run_replay)
    return parser


def _monitor_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zdte-tui",
        description="A terminal monitor for the 0DTE flow series: levels, flow chart, pin, regime.",
        epilog=COMMANDS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[_source_flags()],
    )
    parser.add_argument("--version", action="version", version=f"zdte-tui {__version__}")
    _view_flags(parser)
    parser.add_argument(
        "--record", type=Path, metavar="FILE",
        help="append every fetched response to FILE (JSON lines; replay with `zdte-tui replay`)",
    )  # fmt: skip
    parser.add_argument(
        "--lab-start", type=_start_time, metavar="HH:MM",
        help="with the embedded lab: simulate the session from this ET time (like serve --start)",
    )  # fmt: skip
    parser.add_argument(
        "--lab-speed", type=_non_negative, default=1.0, metavar="X",
        help="with the embedded lab: run its session X times faster (default 1)",
    )  # fmt: skip
    parser.set_defaults(run=_run_monitor)
    return parser


def _config_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zdte-tui config",
        description="Print the effective settings, where each came from, and the config file path.",
        parents=[_source_flags()],
    )
    _view_flags(parser)
    parser.set_defaults(run=_run_config)
    return parser


SUBCOMMANDS: dict[str, Callable[[], argparse.ArgumentParser]] = {
    "config": _config_parser,
    "once": _once_parser,
    "replay": _replay_parser,
    "serve": _serve_parser,
    "relay": _relay_parser,
    "levels": _levels_parser,
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in SUBCOMMANDS:
        parser = SUBCOMMANDS[argv.pop(0)]()
    else:
        parser = _monitor_parser()
    args = parser.parse_args(argv)
    return args.run(args)
