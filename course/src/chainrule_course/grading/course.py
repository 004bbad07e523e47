"""The course as nbgrader sees it: source notebooks, their released versions, and the cells that count.

Releasing is nbgrader's own `generate_assignment`, run in a scratch course under `build/`; it
strips solutions and hidden tests. Everything else reads notebooks directly: which cells are
answers and which are tests (the predicates are defined once, here), how many points each test
is worth, and the notebook a submission is graded as (its answers, the instructor's tests).
"""

from __future__ import annotations

import ast
import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

__all__ = ["Assignment", "grade_cells", "graded_notebook", "is_answer", "is_test", "load_assignments", "release",
           "solved_copy"]

CONFIG = """# Written by chainrule_course.grading: the scratch course nbgrader releases from.
c = get_config()  # noqa: F821
c.CourseDirectory.root = {root!r}
c.CourseDirectory.db_url = {db!r}
"""


def grade_id(cell: Any) -> str | None:
    """The nbgrader grade_id of a cell, or None for an ordinary cell."""
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def is_test(cell: Any) -> bool:
    """An nbgrader test cell: graded, and not an answer."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def is_answer(cell: Any) -> bool:
    """An nbgrader answer cell: the student writes it."""
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution"))


def grade_cells(nb: Any) -> list[tuple[str, Any]]:
    """(grade_id, cell) for every nbgrader cell, in order."""
    return [(gid, cell) for cell in nb.cells if (gid := grade_id(cell)) is not None]


def imported_modules(sources: list[str]) -> list[str]:
    """Every module that import statements in these cells load, in order of first use."""
    modules: dict[str, None] = {}
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules.update((alias.name, None) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules[node.module] = None
    return list(modules)


@dataclass
class Assignment:
    """One assignment: its instructor source, the released student version, and what its tests are worth."""

    name: str
    source: Path
    released: Path

    def notebook(self) -> Any:
        """The instructor's source notebook."""
        return nbformat.read(str(self.source), as_version=4)

    def released_notebook(self) -> Any:
        """The notebook students received: no solutions, no hidden tests."""
        return nbformat.read(str(self.released), as_version=4)

    def tests(self) -> dict[str, str]:
        """grade_id -> full source (hidden tests included) of every test cell."""
        return {gid: cell.source for gid, cell in grade_cells(self.notebook()) if is_test(cell)}

    def setup(self) -> list[str]:
        """The source of the instructor's own code cells (neither answers nor tests), in order."""
        return [cell.source for cell in self.notebook().cells
                if cell.cell_type == "code" and not is_answer(cell) and not is_test(cell)]

    def points(self) -> dict[str, float]:
        """grade_id -> points of every test cell."""
        return {gid: float(cell.metadata["nbgrader"].get("points", 0)) for gid, cell in grade_cells(self.notebook())
                if is_test(cell)}

    def digest(self) -> str:
        """A hash of the source notebook: results graded against another version are stale."""
        return hashlib.sha256(self.source.read_bytes()).hexdigest()


def _nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run one nbgrader command in the scratch course, in its own process."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([sys.executable, "-m", "nbgrader", *args, "--force", "--log-level=WARN"], cwd=course,
                          capture_output=True, text=True, timeout=600, env=env)


def release(assignments: Path, out: Path, course: Path) -> list[Assignment]:
    """Student versions of every assignment in `out/<name>/<name>.ipynb`, released by nbgrader."""
    sources = sorted(assignments.glob("[0-9][0-9]_*.ipynb"))
    if not sources:
        raise FileNotFoundError(f"no assignment notebooks (NN_name.ipynb) in {assignments}")
    if course.exists():
        shutil.rmtree(course)
    course.mkdir(parents=True)
    db = f"sqlite:///{(course / 'gradebook.db').resolve()}"
    (course / "nbgrader_config.py").write_text(CONFIG.format(root=str(course.resolve()), db=db))
    released = []
    for source in sources:
        (course / "source" / source.stem).mkdir(parents=True)
        shutil.copyfile(source, course / "source" / source.stem / source.name)
        result = _nbgrader(course, "generate_assignment", source.stem)
        if result.returncode != 0:
            raise RuntimeError(f"nbgrader could not release {source.stem}:\n{result.stderr[-3000:]}")
        target = out / source.stem
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(course / "release" / source.stem, target)
        released.append(Assignment(source.stem, source, target / source.name))
    return released


def load_assignments(assignments: Path, released: Path) -> dict[str, Assignment]:
    """The assignments already released into `released/` (see `release`), by name."""
    return {src.stem: Assignment(src.stem, src, released / src.stem / src.name)
            for src in sorted(assignments.glob("[0-9][0-9]_*.ipynb")) if (released / src.stem / src.name).exists()}


def graded_notebook(submitted: Any, assignment: Assignment) -> Any:
    """The notebook that is run: the student's cells in their order, every test cell restored from the
    source, every other graded cell from the released version, missing graded cells put back where the
    source has them (an answer as the student received it, never the solution), duplicates resolved to
    the last copy, stored outputs cleared. Nothing of the source but its tests enters this notebook."""
    source = assignment.notebook()
    released = dict(grade_cells(assignment.released_notebook()))
    # A test comes from the source (its hidden part included); anything else as the students got it.
    originals = {gid: cell if is_test(cell) else released.get(gid, _stub(cell)) for gid, cell in grade_cells(source)}
    last = {gid: i for i, cell in enumerate(submitted.cells) if (gid := grade_id(cell)) in originals}
    cells = []
    for i, cell in enumerate(submitted.cells):
        gid = grade_id(cell)
        if gid in originals and last[gid] != i:
            cell = nbformat.from_dict({**cell, "metadata": {k: v for k, v in cell.metadata.items() if k != "nbgrader"}})
        elif gid in originals:
            kept = cell.source if is_answer(originals[gid]) else originals[gid].source
            cell = nbformat.from_dict({**originals[gid], "source": kept})
        cells.append(cell)
    present = {grade_id(c) for c in cells}
    order = [gid for gid, _ in grade_cells(source)]
    for position, gid in enumerate(order):
        if gid not in present:
            before = {g for g in order[:position]}
            at = max((i + 1 for i, c in enumerate(cells) if grade_id(c) in before), default=0)
            cells.insert(at, nbformat.from_dict(originals[gid]))
            present.add(gid)
    for cell in cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    graded = nbformat.v4.new_notebook(metadata=submitted.metadata)
    graded.cells = cells
    return graded


def _stub(cell: Any) -> Any:
    """A graded cell the release somehow lacks: its metadata and type, with nothing of its content."""
    stub = "raise NotImplementedError()" if cell.cell_type == "code" and is_answer(cell) else ""
    return nbformat.from_dict({**cell, "source": stub})


def solved_copy(released: Path, source: Path, out: Path) -> Path:
    """A student's notebook as it would look when every answer is the reference solution."""
    answers = {gid: cell.source for gid, cell in grade_cells(nbformat.read(str(source), as_version=4))
               if is_answer(cell)}
    nb = nbformat.read(str(released), as_version=4)
    for gid, cell in grade_cells(nb):
        if gid in answers:
            cell.source = answers[gid]
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(out))
    return out
