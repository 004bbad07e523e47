"""What verification costs: the whole `make test` run against simply running each notebook's .py.

Prints both wall times, measured once each in this run, and their ratio. It asserts nothing about
speed: a slow machine makes both numbers larger and leaves the ratio meaningful. "Simply running"
means the notebook's code cells as one python script, less the cells tagged raises-exception
(which exist to fail, and would stop a script).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], **kwargs) -> float:
    """Run a command to completion and return its wall time in seconds; stop if it fails."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=kwargs.pop("cwd", ROOT), capture_output=True, text=True, **kwargs)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed


def as_script(notebook: Path, folder: Path) -> Path:
    """The notebook's code cells as one python file, without the cells meant to raise."""
    cells = jupytext.read(str(notebook), fmt="py:percent").cells
    code = [c.source for c in cells if c.cell_type == "code" and "raises-exception" not in c.metadata.get("tags", [])]
    script = folder / notebook.name
    script.write_text("\n\n".join(code) + "\n")
    return script


def main() -> None:
    """Measure and print the two wall times and their ratio."""
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
    # The command `make test` runs (with the Makefile's NBVAL options).
    verify = timed([sys.executable, "-m", "pytest", "-q", "--nbval", "--nbval-current-env", "--nbval-sanitize-with",
                    "tests/nbval_sanitize.cfg", "-n", "auto", "--dist", "loadscope",
                    "-m", "not grading and not browser and not portability and not reader",
                    "tests", "nbtruth/tests", "notebooks"])
    env = {**os.environ, "MPLBACKEND": "Agg"}
    with tempfile.TemporaryDirectory() as tmp:
        scripts = [as_script(nb, Path(tmp)) for nb in notebooks]
        plain = sum(timed([sys.executable, str(script)], cwd=ROOT / "notebooks", env=env) for script in scripts)
    print(f"notebooks:                             {len(notebooks)}")
    print(f"whole verification (make test, {os.cpu_count()} workers): {verify:6.1f} s")
    print(f"running each notebook .py with python:  {plain:6.1f} s")
    print(f"ratio verification / plain run:         {verify / plain:6.1f}x")


if __name__ == "__main__":
    main()
