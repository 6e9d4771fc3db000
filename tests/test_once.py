"""`zdte-tui once`: golden outputs against a frozen lab on loopback, and an exit code per kind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fault_server import FaultServer
from tests.lab_helpers import frozen_clock
from tests.servers import free_port, running
from tests.tui_helpers import AT, DAY
from zdte_tui.lab.service import Lab
from zdte_tui.serving.access import DAILY_LIMITS, AccessControl, Plan
from zdte_tui.serving.app import create_app

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def lab_url():
    lab = Lab(frozen_clock(AT, DAY), seed=7)
    access = AccessControl(
        {"basic-key": Plan.BASIC}, daily_limits={**DAILY_LIMITS, Plan.GROWTH: 1000}
    )
    with running(create_app(lab, access)) as url:
        yield url


def once(*args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp), "ZDTE_CONFIG": str(tmp / "none.toml")}
    return subprocess.run(
        [sys.executable, "-m", "zdte_tui", "once", *args],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("once_spy.txt", ["SPY"]),
        ("once_spx_15m.csv", ["SPX", "--bar", "15m", "--minutes", "60", "--csv"]),
        ("once_qqq_5m.json", ["qqq", "--bar", "5m", "--minutes", "10", "--json"]),
        ("once_xyz.txt", ["XYZ"]),
    ],
)
def test_golden_outputs(lab_url, tmp_path, name, args):
    out = once(*args, "--base-url", lab_url, "--api-key", "k", tmp=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    assert out.stdout == (GOLDEN / name).read_text()


def test_exit_codes_per_kind(lab_url, tmp_path):
    assert once("SPY", "--base-url", lab_url, tmp=tmp_path).returncode == 3
    plan = once("SPY", "--base-url", lab_url, "--api-key", "basic-key", tmp=tmp_path)
    assert plan.returncode == 4 and "plan error: This endpoint requires the Growth" in plan.stderr
    assert plan.stdout == ""
    refused = once("SPY", "--base-url", f"http://127.0.0.1:{free_port()}", "--api-key", "k",
                   tmp=tmp_path)  # fmt: skip
    assert refused.returncode == 6 and "network error" in refused.stderr
    assert once("SPY", "--bar", "2m", tmp=tmp_path).returncode == 2


def test_quota_and_contract_exit_codes(tmp_path):
    lab = Lab(frozen_clock(AT, DAY), seed=7)
    spent = AccessControl(daily_limits={**DAILY_LIMITS, Plan.GROWTH: 0})
    with running(create_app(lab, spent)) as url:
        quota = once("SPY", "--base-url", url, "--api-key", "k", tmp=tmp_path)
        assert quota.returncode == 5 and "quota error" in quota.stderr
    broken = FaultServer(create_app(lab), lab)
    broken.mode = "invalid_json"
    with running(broken) as url:
        contract = once("SPY", "--base-url", url, "--api-key", "k", tmp=tmp_path)
        assert contract.returncode == 7 and "contract error" in contract.stderr


def test_once_does_not_import_textual(tmp_path):
    code = (
        "import sys\nfrom zdte_tui.cli import main\n"
        "code = main(['once', 'SPY', '--demo', '--minutes', '1'])\n"
        "assert code == 0, code\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'textual'], 'textual loaded'\n"
    )
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path),
           "ZDTE_CONFIG": str(tmp_path / "none.toml")}  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         timeout=60)  # fmt: skip
    assert out.returncode == 0, out.stderr
