"""Entry points: `zdte-tui [SYMBOL]` (the monitor) and its subcommands.

Each command imports only what it needs, so `config` never loads Textual or the lab.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from zdte_tui import __version__
from zdte_tui.api.bars import BAR_CHOICES

COMMANDS_HELP = """\
commands:
  zdte-tui [SYMBOL]       the live monitor (the default command)
  zdte-tui config         print the effective settings and where each came from
  zdte-tui serve          run the lab as an HTTP server implementing the endpoint
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
    return parent


def _view_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("symbol", nargs="?", metavar="SYMBOL", help="underlying (default SPY)")
    parser.add_argument("--bar", help=f"bar size: {BAR_CHOICES} (default 1m)")
    parser.add_argument("--minutes", help="lookback in minutes, 1..390 (default 120)")
    parser.add_argument("--theme", help="dark, light, ansi or mono (default dark)")


def _load(args: argparse.Namespace):
    from zdte_tui.config import load_settings

    flags = {
        name: getattr(args, name, None)
        for name in ("api_key", "base_url", "demo", "symbol", "bar", "minutes", "theme")
    }
    return load_settings(flags, config_path=args.config)


def _config_errors(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def wrapped(args: argparse.Namespace) -> int:
        from zdte_tui.config import ConfigError

        try:
            return run(args)
        except ConfigError as exc:
            print(f"zdte-tui: {exc}", file=sys.stderr)
            return 2

    return wrapped


@_config_errors
def _run_config(args: argparse.Namespace) -> int:
    from zdte_tui.config import describe_settings

    print(describe_settings(_load(args)))
    return 0


@_config_errors
def _run_monitor(args: argparse.Namespace) -> int:
    from zdte_tui.tui.run import run_monitor

    return run_monitor(_load(args))


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
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in SUBCOMMANDS:
        parser = SUBCOMMANDS[argv.pop(0)]()
    else:
        parser = _monitor_parser()
    args = parser.parse_args(argv)
    return args.run(args)
