"""A series as CSV, one bar a row (used by `once --csv` and the monitor's `x`)."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import datetime
from pathlib import Path

from zdte_tui.api.market_hours import ET
from zdte_tui.api.models import Bar, SeriesResponse

CSV_COLUMNS = [field.name for field in dataclasses.fields(Bar)]


def series_csv(series: SeriesResponse) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in series.model_dump(mode="json", include={"bars"})["bars"]:
        writer.writerow(["" if row[name] is None else row[name] for name in CSV_COLUMNS])
    return out.getvalue()


def export_name(series: SeriesResponse, now: datetime, suffix: str) -> str:
    """`SPY-1m-20260605-144512ET.csv`: symbol, bar size and the ET time of the export."""
    stamp = now.astimezone(ET).strftime("%Y%m%d-%H%M%S")
    return f"{series.symbol}-{series.bar_size.value}-{stamp}ET.{suffix}"


def write_csv(series: SeriesResponse, folder: Path, now: datetime) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / export_name(series, now, "csv")
    path.write_text(series_csv(series), encoding="utf-8")
    return path
