"""What moving dependencies changed in the notebooks' outputs, cell by cell, as a short report.

    python -m chainrule_course drift notebooks/*.py              # re-execute into a scratch copy, report
    python -m chainrule_course drift --refresh notebooks/*.py    # re-execute in place (make refresh), report

Each notebook is regenerated from its .py and executed in the current environment, then its text
outputs are compared with the committed .ipynb's, after the same sanitising nbval does (memory
addresses). Figures are not compared (their PNG bytes belong to the installed matplotlib). The
report names each changed cell by its number and .py line and shows a short diff, so that a
maintainer reads "torch rewords the in-place error" at a glance. Exit status: 0 if nothing changed
(or, with --refresh, whatever changed), 1 if something did, 2 if a notebook could not be executed.
"""

from __future__ import annotations

import argparse
import configparser
import difflib
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbtruth.notebook import output_texts, py_cell_lines

from .execute import execute_notebook
from .repository import RepositoryNotFound, find

__all__ = ["CellChange", "Rules", "compare_outputs", "main", "report", "sanitizers"]

MAX_DIFF_LINES = 12


@dataclass(frozen=True)
class CellChange:
    """One code cell whose output changed: its number among all cells, its .py line, and a diff."""

    cell: int
    py_line: int | None
    diff: list[str]


Rules = list[tuple[re.Pattern[str], str]]


def sanitizers(config: Path) -> Rules:
    """nbval's sanitizing rules (an nbval .cfg file): what differs between runs and carries no meaning."""
    parser = configparser.ConfigParser()
    if not parser.read(config):
        raise FileNotFoundError(f"{config}: nbval's sanitizer rules are missing, so memory addresses would be "
                                "compared: restore the file (see tests/nbval_sanitize.cfg in the repository)")
    return [(re.compile(parser[s]["regex"]), parser[s]["replace"]) for s in parser.sections()]


def _text(cell: Any, rules: Rules) -> list[str]:
    """A code cell's text output as nbval compares it: streams, results, and errors by name and message."""
    text = "".join(output_texts(cell))
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            text += f"{out.get('ename')}: {out.get('evalue')}\n"
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text.splitlines()


def compare_outputs(old: Any, new: Any, rules: Rules, py_path: Path | None = None) -> list[CellChange]:
    """The code cells whose text output differs between two versions of the same notebook, after `rules`."""
    lines = py_cell_lines(py_path) if py_path else []
    changes = []
    for index, (before, after) in enumerate(zip(old.cells, new.cells)):
        if before.cell_type != "code" or "nbval-ignore-output" in before.metadata.get("tags", []):
            continue
        was, now = _text(before, rules), _text(after, rules)
        if was != now:
            diff = [line for line in difflib.unified_diff(was, now, lineterm="", n=0) if line[:3] not in ("---", "+++")]
            if len(diff) > MAX_DIFF_LINES:
                diff = diff[:MAX_DIFF_LINES] + [f"... {len(diff) - MAX_DIFF_LINES} more lines"]
            changes.append(CellChange(index, lines[index] if index < len(lines) else None, diff))
    if len(old.cells) != len(new.cells):
        changes.append(CellChange(min(len(old.cells), len(new.cells)), None,
                                  [f"the .py has {len(new.cells)} cells, the committed notebook {len(old.cells)}"]))
    return changes


def report(name: str, changes: list[CellChange], code_cells: int) -> str:
    """A notebook's lines of the report: one line if unchanged, else each changed cell with its diff."""
    if not changes:
        return f"{name}: unchanged"
    lines = [f"{name}: {len(changes)} of {code_cells} code cells changed"]
    for change in changes:
        where = f"cell {change.cell}" + (f" (.py line {change.py_line})" if change.py_line else "")
        lines.append(f"  {where}:")
        lines.extend(f"    {line}" for line in change.diff)
    return "\n".join(lines)


def drift(py_path: Path, refresh: bool, rules: Rules,
          env: dict[str, str] | None = None) -> tuple[list[CellChange], int]:
    """Re-execute one notebook (in place with `refresh`, else into a scratch copy, its kernel given `env`)
    and compare it with the committed one: the changed cells, and how many code cells it has."""
    committed = py_path.with_suffix(".ipynb")
    old = nbformat.read(committed, as_version=4)
    with tempfile.TemporaryDirectory() as scratch:
        out = execute_notebook(py_path, out=None if refresh else Path(scratch) / "new.ipynb", env=env)
        new = nbformat.read(out, as_version=4)
    return compare_outputs(old, new, rules, py_path), sum(c.cell_type == "code" for c in new.cells)


def main(argv: list[str] | None = None) -> int:
    """Command line: report the drift of each named notebook."""
    parser = argparse.ArgumentParser(prog="python -m chainrule_course drift", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path, help="py:percent notebooks (their .ipynb is compared)")
    parser.add_argument("--refresh", action="store_true", help="write the re-executed notebooks in place")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # no debugger warnings from older kernels
    try:
        rules = sanitizers(find().sanitizers)
    except (RepositoryNotFound, FileNotFoundError) as error:
        print(f"drift: {error}", file=sys.stderr)
        return 2
    changed, failed = [], []
    for py_path in args.notebooks:
        try:
            changes, code_cells = drift(py_path, args.refresh, rules)
        except (FileNotFoundError, RuntimeError) as error:
            failed.append(py_path)
            print(f"{py_path}: could not be executed: {error}")
            continue
        print(report(str(py_path.with_suffix(".ipynb")), changes, code_cells), flush=True)
        if changes:
            changed.append(py_path)
    verb = "rewritten; review with git diff before committing" if args.refresh else "would change"
    print(f"\n{len(changed)} of {len(args.notebooks)} notebooks {verb}" + (f"; {len(failed)} failed" if failed else ""))
    return 2 if failed else 1 if changed and not args.refresh else 0


if __name__ == "__main__":
    sys.exit(main())
