from __future__ import annotations

import argparse
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from zdte_tui.cli import _start_time

CHAIN = """strike,call_oi,put_oi,call_iv,put_iv
585,1200,9000,0.16,0.17
588,2500,12000,0.14,0.15
590,20000,15000,0.125,0.13
592,18000,6000,0.12,0.125
595,30000,2500,0.118,0.12
600,12000,800,0.13,0.13
"""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zdte_tui", *args], capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def chain(tmp_path) -> Path:
    path = tmp_path / "chain.csv"
    path.write_text(CHAIN)
    return path


def test_levels_text(chain):
    out = _run("levels", str(chain), "--spot", "590.42", "--minutes-to-close", "75")
    assert out.returncode == 0, out.stderr
    for label in ("net GEX", "net DEX", "gamma flip", "call wall", "put wall", "magnet",
                  "pin score", "pin probability", "regime", "ATM IV", "charm"):  # fmt: skip
        assert label in out.stdout
    assert "6 strikes, spot 590.42, 75 minutes to close" in out.stdout


def test_levels_json_uses_the_same_engine(chain):
    from zdte_tui.lab.chain_csv import read_chain
    from zdte_tui.lab.metrics import compute_levels

    out = _run("levels", str(chain), "--spot", "590.42", "--json")
    data = json.loads(out.stdout)
    expected = compute_levels(read_chain(chain, 590.42, 60.0))
    assert data["gamma_flip"] == expected.gamma_flip
    assert data["net_gex"] == expected.net_gex
    assert data["regime"] == expected.regime.value
    assert data["gamma_flip_status"] == "available"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("strike,call_oi\n590,1\n", "chain.csv:1: header must name"),
        (CHAIN + "601,abc,1,0.1,0.1\n", "chain.csv:8: call_oi is not a number: 'abc'"),
        (CHAIN + "602,1,-1,0.1,0.1\n", "chain.csv:8: put_oi must not be negative"),
        (CHAIN + "603,1,1,13.0,0.1\n", "chain.csv:8: call_iv 13 is not a decimal IV"),
        (CHAIN + "590,1,1,0.1,0.1\n", "chain.csv:8: strike 590 appears twice"),
        (CHAIN + "604,1,1\n", "chain.csv:8: expected 5 fields, got 3"),
        ("strike,call_oi,put_oi,call_iv,put_iv\n", "no strikes"),
    ],
)
def test_bad_csv_names_the_line(tmp_path, text, message):
    path = tmp_path / "chain.csv"
    path.write_text(text)
    out = _run("levels", str(path), "--spot", "590")
    assert out.returncode == 2
    assert message in out.stderr
    assert "Traceback" not in out.stderr


def test_serve_flag_errors_are_clear(tmp_path):
    assert "expected HH:MM" in _run("serve", "--start", "25h").stderr
    assert "expected a number >= 0" in _run("serve", "--speed", "-1").stderr
    keys = tmp_path / "keys.toml"
    keys.write_text('[keys]\n"abcd1234" = "platinum"\n')
    out = _run("serve", "--keys", str(keys))
    assert out.returncode == 2 and "plan 'platinum' is not one of" in out.stderr
    assert "abcd1234" not in out.stderr


def test_embedded_client_is_one_line():
    import asyncio
    from datetime import datetime

    from zdte_tui.api.market_hours import ET
    from zdte_tui.lab.clock import SimulatedClock
    from zdte_tui.lab.embedded import embedded_client

    async def fetch():
        clock = SimulatedClock(datetime(2026, 6, 5, 12, 0, tzinfo=ET), speed=0)
        async with embedded_client(seed=1, clock=clock) as client:
            return await client.fetch_series("spy", "1m", 30)

    result = asyncio.run(fetch())
    assert len(result.response.bars) == 31
    assert result.rate_limit.limit == 2500


@pytest.mark.parametrize(
    "text",
    ["12:30", "9:30", "09:05", "9:5", "00:00", "23:59", "24:00", "12:60", "1230", "12:3x", "",
     ":30", "12:", "123:00", "١٢:٣٠", "+1:30", "12:300", "-1:30", "12:30:00"],
)  # fmt: skip
def test_a_start_time_reads_as_strptime_reads_hh_mm(text):
    """`--start` / `--lab-start` parse HH:MM without strptime, to the same times and refusals
    (spaces around the time aside: `strptime` refuses them, and they are read past)."""
    try:
        expected = datetime.strptime(text, "%H:%M").time()
    except ValueError:
        with pytest.raises(argparse.ArgumentTypeError, match="expected HH:MM"):
            _start_time(text)
    else:
        assert _start_time(text) == expected


@pytest.mark.parametrize("text", [" 12:30", "12:30 ", "\t9:05\n"])
def test_spaces_around_a_start_time_are_read_past(text):
    assert _start_time(text) == datetime.strptime(text.strip(), "%H:%M").time()
