"""Checks on a submitted notebook before it runs: each reads the JSON only and returns its reasons.

Guards against the edits that need no code to run: deleted, duplicated or reordered cells, edited
tests, helpers redefined by name, megabytes of stored output. None of them stops grading (the
graded notebook restores what matters, see `course.graded_notebook`); they tell the instructor
what was off. Add a check by writing one function `(submitted, released) -> list[str]` and
listing it in CHECKS.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat

from .course import grade_cells, imported_modules, is_answer, is_test
from .files import NotRegular, read_capped

__all__ = ["CHECKS", "MAX_NOTEBOOK_BYTES", "MAX_OUTPUT_BYTES", "Unreadable", "read_submission", "run_checks"]

MAX_OUTPUT_BYTES = 1_000_000  # stored outputs above this are reported (they are cleared before grading)
MAX_NOTEBOOK_BYTES = 32 << 20  # a submitted notebook larger than this is not read


class Unreadable(ValueError):
    """The submission is not a notebook at all: it gets a row with this reason and is not run."""


def read_submission(path: Path) -> Any:
    """The submitted notebook (a regular file, read without following links, at most MAX_NOTEBOOK_BYTES), or
    Unreadable with a one-line reason."""
    try:
        raw = read_capped(path, MAX_NOTEBOOK_BYTES)
    except NotRegular as exc:
        raise Unreadable(f"the notebook {exc} (not read)") from None
    try:
        nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
        nb.cells  # noqa: B018 - a JSON file that is not a notebook fails here
    except Exception as exc:  # not JSON, not a notebook, unreadable: all end the same way
        raise Unreadable(f"not a readable notebook ({type(exc).__name__}; its text is not quoted)") from None
    if any(not isinstance(cell, dict) or "cell_type" not in cell for cell in nb.cells):
        raise Unreadable("not a readable notebook (a cell without a type)")
    return nb


def deleted_cells(submitted: Any, released: Any) -> list[str]:
    """Graded cells the student removed (they are put back)."""
    ids = {gid for gid, _ in grade_cells(submitted)}
    missing = [gid for gid, _ in grade_cells(released) if gid not in ids]
    return [f"cells deleted: {', '.join(missing)} (restored as released: answers empty)"] if missing else []


def duplicated_cells(submitted: Any, released: Any) -> list[str]:
    """Graded cells that appear twice (the last copy is graded)."""
    ids = [gid for gid, _ in grade_cells(submitted)]
    twice = sorted({gid for gid in ids if ids.count(gid) > 1})
    return [f"cells duplicated: {', '.join(twice)} (the last copy is graded)"] if twice else []


def reordered_cells(submitted: Any, released: Any) -> list[str]:
    """Graded cells moved out of the released order (they run in the submitted order)."""
    expected = [gid for gid, _ in grade_cells(released)]
    order = [gid for gid in dict.fromkeys(gid for gid, _ in grade_cells(submitted)) if gid in expected]
    return ["cells reordered (graded in the submitted order)"] if order != [g for g in expected if g in order] else []


def edited_tests(submitted: Any, released: Any) -> list[str]:
    """Test cells whose text differs from the release (the instructor's version runs)."""
    source_of = {gid: cell.source for gid, cell in grade_cells(released)}
    edited = sorted({gid for gid, cell in grade_cells(submitted)
                     if is_test(cell) and gid in source_of and cell.source != source_of[gid]})
    return [f"test cells edited: {', '.join(edited)} (restored from the source)"] if edited else []


def _bound_names(source: str) -> set[str]:
    """Names a cell binds at top level or assigns as attributes of a name (`m.f = ...`)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        for target in targets:
            if isinstance(target, ast.Name):
                names.add(target.id)
            elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                names.add(f"{target.value.id}.{target.attr}")
    return names


def redefined_helpers(submitted: Any, released: Any) -> list[str]:
    """Answers that rebind a name the tests import (the tests re-import it; flagged for review)."""
    tests = [cell.source for _, cell in grade_cells(released) if is_test(cell)]
    protected = set()
    for source in tests:
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                protected.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    protected |= {module.split(".")[0] for module in imported_modules(tests)}
    found = sorted({name for _, cell in grade_cells(submitted) if is_answer(cell)
                    for name in _bound_names(cell.source) if name.split(".")[0] in protected})
    return [f"redefines what the tests use: {', '.join(found)} (tests re-import their helpers; flagged for review)"] \
        if found else []


def stored_output(submitted: Any, released: Any) -> list[str]:
    """Megabytes of outputs saved in the file (cleared before grading)."""
    size = sum(len(json.dumps(cell.get("outputs", []))) for cell in submitted.cells)
    return [f"stored output of {size / 1e6:.1f} MB (cleared before grading)"] if size > MAX_OUTPUT_BYTES else []


AUTOGRAD = re.compile(r"\.backward\s*\(|\bautograd\b|\btorch\.func\b|\bfunctorch\b")


def forbidden_tools(submitted: Any, released: Any) -> list[str]:
    """Answers that use what the assignment forbids: autograd where its tests forbid it (`forbid_autograd`),
    recursion or a raised recursion limit where its text says "without recursion" (flagged for review; the
    tests enforce both as they run)."""
    text = "\n".join(cell.source for cell in released.cells)
    forbids_autograd = "forbid_autograd" in text
    forbids_recursion = "without recursion" in text
    found = []
    for gid, cell in grade_cells(submitted):
        if not is_answer(cell):
            continue
        if forbids_autograd and AUTOGRAD.search(cell.source):
            found.append(f"answer {gid} uses autograd, which this assignment forbids")
        if forbids_recursion and ("setrecursionlimit" in cell.source or _recursive(cell.source)):
            found.append(f"answer {gid} uses recursion, which this assignment forbids")
    return [f"{reason} (flagged for review)" for reason in found]


def _recursive(source: str) -> bool:
    """A function in this cell that calls itself: by its name, or as a method of an object that is not a module
    (`math.tanh` inside a method `tanh` is not recursion; `node.backward()` inside `backward` is)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    modules = set(sys.stdlib_module_names) | {"torch", "np", "numpy", "nn", "F"} | {
        (alias.asname or alias.name).split(".")[0] for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names}
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or node.name == "__init__":
            continue
        for call in ast.walk(node):
            if not isinstance(call, ast.Call):
                continue
            function = call.func
            if isinstance(function, ast.Name) and function.id == node.name:
                return True
            if (isinstance(function, ast.Attribute) and function.attr == node.name
                    and not (isinstance(function.value, ast.Name) and function.value.id in modules)):
                return True
    return False


CHECKS: list[Callable[[Any, Any], list[str]]] = [deleted_cells, duplicated_cells, reordered_cells, edited_tests,
                                                 redefined_helpers, stored_output, forbidden_tools]


def run_checks(submitted: Any, released: Any) -> list[str]:
    """Every check's reasons, in the order of CHECKS."""
    return [reason for check in CHECKS for reason in check(submitted, released)]
