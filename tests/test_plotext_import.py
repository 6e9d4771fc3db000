"""plotext loaded without its documentation draws exactly as plotext does, and loads no doc."""

from __future__ import annotations

import subprocess
import sys

DRAW = """
import sys
{imports}
plt.clf(); plt.plotsize(60, 15); plt.theme("clear")
plt.plot([1, 2, 3, 5, 8], [2, 7, 1, 8, 2], marker="braille", color="red")
plt.scatter([1, 4], [3, 5], marker="x", yside="right")
plt.text("CW", 2, 7, alignment="left"); plt.hline(4); plt.xticks([1, 8], ["09:30", "16:00"])
print(repr(plt.build()))
print("plotext._doc" in sys.modules, "plotext._doc_utils" in sys.modules)
"""


def _run(imports: str) -> list[str]:
    code = DRAW.format(imports=imports)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_plotext_without_its_docs_draws_the_same_picture():
    ours = _run("from zdte_tui.tui.charts.plotext_import import plt")
    plain = _run("import plotext as plt")
    assert ours[0] == plain[0] and "CW" in ours[0]
    assert ours[1] == "False False" and plain[1] == "True True"


def test_the_doc_modules_can_still_be_imported_afterwards():
    code = (
        "from zdte_tui.tui.charts.plotext_import import plt\n"
        "import plotext._doc_utils\n"
        "print(plotext._doc_utils.documentation is not None)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "True", done.stderr
