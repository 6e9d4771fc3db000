"""Run every benchmark figure and print a table: figure, measured, budget, PASS/FAIL.

python -m benchmarks            (all; about 3 minutes, needs tmux for B1/B3/B4)
python -m benchmarks B2 B6      (only those whose name starts with one of the arguments)
"""

from __future__ import annotations

import sys

from benchmarks.figures import FIGURES


def main(selected: list[str]) -> int:
    rows = []
    for name, measure in FIGURES.items():
        if selected and not any(name.startswith(s) for s in selected):
            continue
        try:
            measured, budget, passed = measure()
        except Exception as exc:  # a broken measurement is a FAIL with its reason, not a crash
            measured, budget, passed = f"error: {type(exc).__name__}: {exc}", "", False
        rows.append((name, measured, budget, "PASS" if passed else "FAIL"))
        print(f"{name}: {measured} [{rows[-1][3]}]", file=sys.stderr, flush=True)
    widths = [max(len(r[i]) for r in [("figure", "measured", "budget", "result"), *rows])
              for i in range(4)]  # fmt: skip
    print(
        "| "
        + " | ".join(
            h.ljust(w)
            for h, w in zip(("figure", "measured", "budget", "result"), widths, strict=True)
        )
        + " |"
    )
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    return 0 if all(r[3] == "PASS" for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
