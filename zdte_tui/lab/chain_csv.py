"""A user's chain snapshot for `zdte-tui levels`: CSV strike,call_oi,put_oi,call_iv,put_iv.

OI is taken as dealer inventory under the default convention (long calls, short puts); IVs are
decimals on the trading-time basis.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np

from zdte_tui.lab.metrics import ChainSnapshot

COLUMNS = ("strike", "call_oi", "put_oi", "call_iv", "put_iv")
MAX_IV = 5.0
"""A decimal IV above 500% is almost surely a percent typed as a number."""


class ChainFileError(ValueError):
    """A chain file that cannot be used; the message names the file and line."""


def _number(path: Path, line: int, column: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ChainFileError(f"{path}:{line}: {column} is not a number: {text!r}") from None
    if not math.isfinite(value):
        raise ChainFileError(f"{path}:{line}: {column} must be finite, not {text!r}")
    return value


def _check(path: Path, line: int, row: dict[str, float]) -> None:
    if row["strike"] <= 0:
        raise ChainFileError(f"{path}:{line}: strike must be positive")
    for column in ("call_oi", "put_oi"):
        if row[column] < 0:
            raise ChainFileError(f"{path}:{line}: {column} must not be negative")
    for column in ("call_iv", "put_iv"):
        if not 0 < row[column] <= MAX_IV:
            raise ChainFileError(
                f"{path}:{line}: {column} {row[column]:g} is not a decimal IV in (0, {MAX_IV:g}]"
                " (write 12.3% as 0.123)"
            )


def read_chain(path: Path, spot: float, minutes_to_close: float) -> ChainSnapshot:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ChainFileError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ChainFileError(f"{path}: not a UTF-8 text file") from None
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    names = [name.strip().lower() for name in header or []]
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        raise ChainFileError(
            f"{path}:1: header must name {','.join(COLUMNS)} (missing {', '.join(missing)})"
        )
    where = {column: names.index(column) for column in COLUMNS}
    rows: dict[float, dict[str, float]] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) < len(names):
            raise ChainFileError(f"{path}:{line}: expected {len(names)} fields, got {len(cells)}")
        row = {c: _number(path, line, c, cells[i].strip()) for c, i in where.items()}
        _check(path, line, row)
        if row["strike"] in rows:
            raise ChainFileError(f"{path}:{line}: strike {row['strike']:g} appears twice")
        rows[row["strike"]] = row
    if not rows:
        raise ChainFileError(f"{path}: no strikes")
    ordered = [rows[k] for k in sorted(rows)]

    def column(name: str) -> np.ndarray:
        return np.array([r[name] for r in ordered], dtype=np.float64)

    return ChainSnapshot(
        spot=spot,
        minutes_to_close=minutes_to_close,
        strikes=column("strike"),
        call_iv=column("call_iv"),
        put_iv=column("put_iv"),
        call_contracts=column("call_oi"),
        put_contracts=-column("put_oi"),
    )
