"""Grade an answer variant directly (no sandbox): the source notebook's cells, with one answer cell replaced.

The namespace is built as a student's kernel would be: every code cell of the source notebook in
order (setup and other non-graded cells, the reference solution of every answer cell but the
variant's, which gets the variant's source), and each test cell, hidden parts included, read from
`assignments/*.ipynb` at run time, is run in it in notebook order, recording pass or fail.

A test cell whose names reach no answer cell the variant replaces (directly, or through the answer
cells it uses) and no name the variant defines gives the reference's result; it is taken from the
reference run, which `test_answer_variants.py` asserts passes everything, so that a variant of
assignment 4's first question does not retrain the second question's networks.
"""

from __future__ import annotations

import ast
import contextlib
import io
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nbformat
import torch

ASSIGNMENTS = Path(__file__).resolve().parents[2] / "assignments"


@dataclass(frozen=True)
class Cell:
    """A code cell of the source notebook: its grade_id (None if not graded), role and source."""

    grade_id: str | None
    role: str  # "answer", "test" or "code"
    source: str


@dataclass(frozen=True)
class Outcome:
    """One test cell's result: passed, or the exception it ended with."""

    passed: bool
    detail: str = ""


def _role(cell: nbformat.NotebookNode) -> str:
    meta = cell.metadata.get("nbgrader", {})
    if meta.get("solution"):
        return "answer"
    if meta.get("grade"):
        return "test"
    return "code"


@cache
def cells(assignment: str) -> tuple[Cell, ...]:
    """The code cells of assignments/<assignment>.ipynb, as the instructor wrote them."""
    nb = nbformat.read(ASSIGNMENTS / f"{assignment}.ipynb", as_version=4)
    return tuple(
        Cell(c.metadata.get("nbgrader", {}).get("grade_id"), _role(c), c.source)
        for c in nb.cells
        if c.cell_type == "code"
    )


def test_ids(assignment: str) -> list[str]:
    """The grade_ids of the notebook's test cells, in order."""
    return [c.grade_id for c in cells(assignment) if c.role == "test"]


def answer_ids(assignment: str) -> list[str]:
    """The grade_ids of the notebook's answer cells, in order."""
    return [c.grade_id for c in cells(assignment) if c.role == "answer"]


def defined_names(source: str) -> set[str]:
    """The names a cell binds at its top level (functions, classes, assignments, imports)."""
    names: set[str] = set()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        else:
            names.update(n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))
    return names


def used_names(source: str) -> set[str]:
    """Every name a cell reads."""
    return {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name)}


@cache
def depends_on(assignment: str, test_id: str) -> frozenset[str]:
    """The answer cells a test cell reaches through the names it reads, directly or through other answer cells."""
    answers = {c.grade_id: c.source for c in cells(assignment) if c.role == "answer"}
    test = next(c.source for c in cells(assignment) if c.grade_id == test_id)
    reached: set[str] = set()
    wanted = used_names(test)
    while True:
        new = {gid for gid, src in answers.items() if gid not in reached and defined_names(src) & wanted}
        if not new:
            return frozenset(reached)
        reached |= new
        for gid in new:
            wanted |= used_names(answers[gid])


def run(assignment: str, replace: dict[str, str] | None = None) -> dict[str, Outcome]:
    """Run the notebook with some answer cells replaced; the outcome of each test cell, by grade_id."""
    replace = replace or {}
    namespace: dict = {"__name__": "__main__"}
    outcomes: dict[str, Outcome] = {}
    limit, threads = sys.getrecursionlimit(), torch.get_num_threads()
    torch.set_num_threads(1)  # small tensors: on a busy machine a second thread only waits
    try:
        for cell in cells(assignment):
            source = replace.get(cell.grade_id, cell.source) if cell.role == "answer" else cell.source
            if cell.role == "test":
                if replace and _unaffected(assignment, cell, replace):
                    outcomes[cell.grade_id] = reference(assignment)[cell.grade_id]
                    continue
                outcomes[cell.grade_id] = _run_test(source, cell.grade_id, namespace)
            else:
                try:
                    _exec(source, f"<{assignment} {cell.grade_id or 'cell'}>", namespace)
                except Exception as exc:  # noqa: BLE001 - a broken answer cell is the student's, the tests say so
                    namespace.setdefault("__errors__", []).append(f"{cell.grade_id}: {type(exc).__name__}: {exc}")
    finally:
        sys.setrecursionlimit(limit)
        torch.set_num_threads(threads)
    return outcomes


def _unaffected(assignment: str, cell: Cell, replace: dict[str, str]) -> bool:
    if depends_on(assignment, cell.grade_id) & set(replace):
        return False
    added = set().union(*(defined_names(src) for src in replace.values()))
    return not added & used_names(cell.source)


def _exec(source: str, name: str, namespace: dict) -> None:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        exec(compile(source, name, "exec"), namespace)  # noqa: S102 - the corpus's and the instructor's own code


def _run_test(source: str, grade_id: str, namespace: dict) -> Outcome:
    try:
        _exec(source, f"<test {grade_id}>", namespace)
    except BaseException as exc:  # noqa: BLE001 - any way a test ends badly is a failure, as in grading
        if isinstance(exc, KeyboardInterrupt):
            raise
        message = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        return Outcome(False, f"{type(exc).__name__}: {message}")
    return Outcome(True)


@cache
def reference(assignment: str) -> dict[str, Outcome]:
    """Every test cell's outcome with the instructor's own solution."""
    return run(assignment)
