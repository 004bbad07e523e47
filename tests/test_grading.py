"""The assignments under nbgrader: sources validate, solutions score full marks, untouched student
versions score zero, and every bad submission gets a row and a reason without stopping the batch.

Slow (it runs nbgrader on about twenty submissions), so `make test-grading` runs it, not `make test`.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

from chainrule_helpers.grading import autograde, check_submission, release, solved_copy

ASSIGNMENTS = ROOT / "assignments"
NAMES = sorted(p.stem for p in ASSIGNMENTS.glob("[0-9][0-9]_*.ipynb"))
A1 = "01_derivatives_by_hand"


def snapshot(folder: Path) -> dict[str, str]:
    """Hash of every file under a folder, to prove grading changed nothing there."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def edit_cell(path: Path, grade_id: str, change) -> None:
    """Apply `change` to the source of the cell with this nbgrader grade_id, in place."""
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            cell.source = change(cell.source)
    nbformat.write(nb, str(path))


def edit_cells(path: Path, change) -> None:
    """Apply `change` to the list of cells, in place."""
    nb = nbformat.read(str(path), as_version=4)
    nb.cells = change(nb.cells)
    nbformat.write(nb, str(path))


def index_of(cells, grade_id: str) -> int:
    return next(i for i, c in enumerate(cells) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def make_bad_submissions(subs: Path, solved: Path) -> None:
    """One student per kind of broken submission of assignment 1, each derived from a correct one."""

    def student(name: str) -> Path:
        path = subs / name / A1 / f"{A1}.ipynb"
        path.parent.mkdir(parents=True)
        shutil.copyfile(solved, path)
        return path

    student("notjson").write_text("{ this is not a notebook")
    edit_cells(student("deleted"), lambda cells: [c for i, c in enumerate(cells) if i != index_of(cells, "test_local")])
    def duplicate_paths(cells):
        copy = nbformat.from_dict(cells[index_of(cells, "paths")])
        copy.id = "duplicated-paths"  # as Jupyter does when a cell is copied and pasted
        return cells + [copy]

    edit_cells(student("duplicated"), duplicate_paths)
    edit_cells(student("reordered"), lambda cells: [cells[index_of(cells, "test_paths")]]
               + [c for i, c in enumerate(cells) if i != index_of(cells, "test_paths")])
    edit_cell(student("endless"), "composition", lambda src: "while True:\n    pass\n" + src)
    edit_cell(student("badimport"), "local", lambda src: "import a_module_that_does_not_exist\n" + src)
    edit_cell(student("chatty"), "vector", lambda src: src + "\nprint('x' * 3_000_000)\n")
    path = student("bigfile")
    nb = nbformat.read(str(path), as_version=4)
    big_output = nbformat.v4.new_output("stream", name="stdout", text="y" * 3_000_000)
    nb.cells[index_of(nb.cells, "paths")].outputs = [big_output]
    nbformat.write(nb, str(path))
    edit_cell(student("redefiner"), "composition",
              lambda src: "def check_gradients(*args, **kwargs):\n    return None\n\n\n"
                          "def grad_composition(x):\n    return x * 0\n")
    edit_cell(student("testeditor"), "test_composition", lambda src: "pass\n")
    edit_cell(subs / "testeditor" / A1 / f"{A1}.ipynb", "composition",
              lambda src: "def grad_composition(x):\n    return x * 0\n")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Release every assignment, build the submissions, autograde them all once."""
    work = tmp_path_factory.mktemp("grading")
    course = work / "course"
    released = {p.parent.name: p for p in release(ASSIGNMENTS, work / "release", course)}
    subs = work / "submissions"
    for name in NAMES:
        solved_copy(released[name], ASSIGNMENTS / f"{name}.ipynb", subs / "solver" / name / f"{name}.ipynb")
        (subs / "blank" / name).mkdir(parents=True)
        shutil.copyfile(released[name], subs / "blank" / name / f"{name}.ipynb")
    make_bad_submissions(subs, subs / "solver" / A1 / f"{A1}.ipynb")
    before = {"submissions": snapshot(subs), "assignments": snapshot(ASSIGNMENTS)}
    rows = autograde(subs, work / "grades.csv", work / "feedback", ASSIGNMENTS, course, cell_timeout=15)
    after = {"submissions": snapshot(subs), "assignments": snapshot(ASSIGNMENTS)}
    by_key = {(r.student, r.assignment): r for r in rows}
    return {"rows": by_key, "before": before, "after": after, "work": work, "released": released}


def test_every_source_notebook_validates():
    sources = sorted(ASSIGNMENTS.glob("*.ipynb"))
    result = subprocess.run([sys.executable, "-m", "nbgrader", "validate", *map(str, sources)],
                            capture_output=True, text=True, timeout=600, cwd=ASSIGNMENTS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("Success! Your notebook passes all the tests.") == len(NAMES), result.stdout


def test_release_strips_solutions_and_hidden_tests(graded):
    assert sorted(graded["released"]) == NAMES
    for path in graded["released"].values():
        text = path.read_text()
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
        assert "raise NotImplementedError()" in text
        nb = nbformat.read(str(path), as_version=4)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("name", NAMES)
def test_each_solution_scores_full_marks(graded, name):
    row = graded["rows"][("solver", name)]
    assert row.max_score > 0 and row.score == row.max_score, row
    assert row.reasons == [], row


@pytest.mark.parametrize("name", NAMES)
def test_an_untouched_release_scores_zero(graded, name):
    row = graded["rows"][("blank", name)]
    assert row.max_score > 0 and row.score == 0, row
    assert not any("could not grade" in r for r in row.reasons), row


@pytest.mark.parametrize(
    ("student", "reason", "full_marks"),
    [
        ("notjson", "not a readable notebook", False),
        ("deleted", "cells deleted: test_local", True),
        ("duplicated", "cells duplicated: paths", True),
        ("reordered", "cells reordered", False),
        ("endless", "cell composition timed out", False),
        ("badimport", "cell local raised ModuleNotFoundError", False),
        ("chatty", None, True),
        ("bigfile", "stored output of 3.0 MB", True),
        ("redefiner", "redefines what the tests use: check_gradients", False),
        ("testeditor", "test cells edited: test_composition", False),
    ],
)
def test_a_bad_submission_gets_a_row_and_a_reason(graded, student, reason, full_marks):
    row = graded["rows"][(student, A1)]
    if reason is not None:
        assert any(reason in r for r in row.reasons), row
    assert (row.score == row.max_score) is full_marks, row
    assert row.max_score > 0


def test_restored_test_cells_still_catch_a_wrong_answer(graded):
    # The test-cell editor and the helper redefiner both answered 0 for question 1 (2 points).
    for student in ("testeditor", "redefiner"):
        row = graded["rows"][(student, A1)]
        assert row.score == row.max_score - 2, row


def test_grading_modifies_neither_sources_nor_submissions(graded):
    assert graded["after"] == graded["before"]


def test_grades_csv_has_a_row_per_submission(graded):
    lines = (graded["work"] / "grades.csv").read_text().splitlines()
    assert lines[0] == "student,assignment,score,max_score,reason"
    # Twelve students, every assignment anyone submitted: the ten who sent only assignment 1 get
    # "no submission" rows for the others.
    assert len(lines) - 1 == len(graded["rows"]) == 12 * len(NAMES)
    assert graded["rows"][("notjson", NAMES[1])].reasons == ["no submission"]


def test_each_graded_student_gets_feedback(graded):
    assert (graded["work"] / "feedback" / "solver" / A1 / f"{A1}.html").exists()


def test_a_submission_cannot_touch_another_students_results(graded, tmp_path):
    solver = graded["work"] / "course" / "autograded" / "solver" / A1
    before = snapshot(solver)
    subs = tmp_path / "subs"
    path = subs / "vandal" / A1 / f"{A1}.ipynb"
    path.parent.mkdir(parents=True)
    shutil.copyfile(graded["released"][A1], path)
    edit_cell(path, "composition", lambda src: (
        "import pathlib\n"
        "for target in pathlib.Path('../..').glob('*/*/*.ipynb'):\n"
        "    target.write_text('vandalised')\n" + src))
    course = graded["work"] / "course"
    autograde(subs, tmp_path / "grades.csv", tmp_path / "feedback", ASSIGNMENTS, course, cell_timeout=15)
    assert snapshot(solver) == before


def test_check_submission_reports_without_grading(graded, tmp_path):
    bad = tmp_path / "x.ipynb"
    bad.write_bytes(b"\x00\x01")
    gradable, reasons = check_submission(bad, graded["released"][A1])
    assert not gradable and "not a readable notebook" in reasons[0]


def test_the_instructor_tools_leave_jupyterlab_consistent():
    result = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
