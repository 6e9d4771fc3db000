"""Recordings of fetched responses (`--record FILE`) and reading them back (`zdte-tui replay`).

JSON lines, append-only, flushed per line. The first line is a header (format, version, symbol,
bar, lookback). Each later line is one response with only the bars that are new or changed since
the previous line of the same window (symbol, bar, lookback; the last, still-forming bucket is
always included), so a watchlist's symbols interleave cheaply; a line with `"reset": true`
carries its whole window (the first of each window). The API key is never written. No Textual here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from zdte_tui.api.models import Bar, SeriesResponse
from zdte_tui.feed.merge import in_window

FORMAT = "zdte-tui-recording"
VERSION = 1


class RecordingError(ValueError):
    """A file that is not a recording at all (a bad line inside one is skipped instead)."""


class Recorder:
    def __init__(self, path: Path, symbol: str, bar: str, minutes: int) -> None:
        self.path = path
        fresh = not path.exists() or path.stat().st_size == 0
        self._handle: IO[str] = path.open("a", encoding="utf-8")
        self._last_t: dict[tuple[str, str, int], datetime | None] = {}
        """Per window (symbol, bar, lookback): the last bar written, so a watchlist's symbols
        each keep their own delta."""
        if fresh:
            self._write({"format": FORMAT, "version": VERSION, "symbol": symbol, "bar": bar,
                         "minutes": minutes})  # fmt: skip

    def _write(self, record: dict) -> None:
        self._handle.write(json.dumps(record, separators=(",", ":")) + "\n")
        self._handle.flush()

    def write(self, series: SeriesResponse, minutes: int) -> None:
        window = (series.symbol, series.bar_size.value, minutes)
        reset = window not in self._last_t
        last = self._last_t.get(window)
        bars = series.bars if last is None else tuple(b for b in series.bars if b.t >= last)
        body = json.loads(series.model_copy(update={"bars": bars}).model_dump_json())
        self._write({"minutes": minutes, "reset": reset, "response": body})
        self._last_t[window] = series.bars[-1].t if series.bars else last

    def close(self) -> None:
        self._handle.close()


@dataclass
class Frame:
    """One recorded response with its whole window rebuilt."""

    series: SeriesResponse
    minutes: int


@dataclass
class Recording:
    header: dict
    frames: list[Frame]
    skipped: list[int] = field(default_factory=list)
    """Line numbers that were corrupt or truncated."""


def read_recording(path: Path) -> Recording:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise RecordingError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        header = json.loads(lines[0]) if lines else {}
    except json.JSONDecodeError:
        header = {}
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise RecordingError(f"{path}: not a zdte-tui recording (no header line)")
    if header.get("version") != VERSION:
        raise RecordingError(f"{path}: recording version {header.get('version')} is not {VERSION}")
    frames: list[Frame] = []
    skipped: list[int] = []
    windows: dict[tuple[str, str, int], dict[datetime, Bar]] = {}
    for number, line in enumerate(lines[1:], start=2):
        try:
            record = json.loads(line)
            series = SeriesResponse.model_validate_json(json.dumps(record["response"]))
            minutes = int(record["minutes"])
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, ValidationError):
            skipped.append(number)
            continue
        key = (series.symbol, series.bar_size.value, minutes)
        if record.get("reset") or key not in windows:
            windows[key] = {}
        bars = windows[key]
        bars.update({bar.t: bar for bar in series.bars})
        window = in_window(bars.values(), series.as_of, minutes, series.bar_size)
        frames.append(Frame(series.model_copy(update={"bars": window}), minutes))
    return Recording(header, frames, skipped)
