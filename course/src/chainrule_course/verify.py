"""The chapter's checkers: nbtruth with every truth check and this chapter's house style.

nbtruth (in `nbtruth/`, a package of its own that any course can install) holds each notebook to
its own text; its docstrings define exactly what is checked. This chapter switches on its style
checks too: every notebook is a jupytext pair, every trailing comment on a print is the line it
prints, and every number the prose states is printed by code of its section. Run it on any folder
of notebooks (exit status 1 and a report naming notebook, cell, `.py` line and both values when
anything disagrees, then one coverage line per notebook):

    python -m chainrule_course verify notebooks/

`make test` runs the same checks through nbtruth's pytest plugin (`nbtruth_style = true` in
pyproject.toml).
"""

from __future__ import annotations

import sys
from pathlib import Path

from nbtruth.checks.numbers import Claim, extract_claims
from nbtruth.cli import main as _main

import nbtruth

__all__ = ["Claim", "SETTINGS", "check_notebook", "extract_claims", "main", "verify_paths"]

SETTINGS = {"style": True, "regenerate": "run `make execute NB={py}` to regenerate the .ipynb from the .py"}


def check_notebook(path: Path) -> list[nbtruth.Problem]:
    """Every check, house style included, on one notebook."""
    return nbtruth.check_notebook(path, nbtruth.select(style=True), SETTINGS)[0]


def verify_paths(paths: list[Path]) -> tuple[int, list[nbtruth.Problem]]:
    """Every check on the notebooks under the paths: how many were checked, and every problem."""
    covered, problems = nbtruth.verify_paths(paths, nbtruth.select(style=True), SETTINGS)
    return len(covered), problems


def main(argv: list[str] | None = None) -> int:
    """Command line: nbtruth with the chapter's settings."""
    return _main(argv, prog="python -m chainrule_course verify", settings=SETTINGS)


if __name__ == "__main__":
    sys.exit(main())
