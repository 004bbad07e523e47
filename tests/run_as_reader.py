"""Run a notebook's code cells the way a reader's plain Python would, with the standard library alone.

    python tests/run_as_reader.py notebooks/01_composition.ipynb [more.ipynb ...]

Used by tests/test_reader_env.py inside a fresh environment that holds only the helpers' declared
dependencies (torch, numpy, matplotlib): no Jupyter, no nbformat, no course tooling. Each code cell
runs in one namespace, in order; a cell tagged raises-exception must raise, every other must not.
Prints one line per notebook and exits 1 if any cell misbehaved.
"""

import json
import os
import sys
import traceback

os.environ.setdefault("MPLBACKEND", "Agg")  # no screen: figures are drawn, not shown


def run(path: str) -> str | None:
    """Run one notebook's cells; None if each behaved, else what went wrong and where."""
    with open(path, encoding="utf-8") as handle:
        cells = [c for c in json.load(handle)["cells"] if c["cell_type"] == "code"]
    namespace: dict = {"__name__": "__main__"}
    os.chdir(os.path.dirname(os.path.abspath(path)))
    for number, cell in enumerate(cells):
        source = "".join(cell["source"])
        meant_to_raise = "raises-exception" in cell.get("metadata", {}).get("tags", [])
        try:
            exec(compile(source, f"{path} code cell {number}", "exec"), namespace)
        except Exception:
            if not meant_to_raise:
                return f"code cell {number} raised:\n{traceback.format_exc(limit=3)}"
            continue
        if meant_to_raise:
            return f"code cell {number} is tagged raises-exception but raised nothing"
    return None


def main(paths: list[str]) -> int:
    """Run each notebook; one line each, and the problems."""
    here = os.getcwd()
    failed = 0
    for path in paths:
        os.chdir(here)
        problem = run(path)
        print(f"{path}: {'ok' if problem is None else problem}", flush=True)
        failed += problem is not None
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
