"""The grader's pure parts, on small in-memory notebooks: no nbgrader, no kernel, no sandbox needed."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import nbformat
import pytest
from chainrule_course.grading.course import Assignment, graded_notebook
from chainrule_course.grading.files import describe, read_capped
from chainrule_course.grading.prechecks import MAX_NOTEBOOK_BYTES, Unreadable, read_submission, run_checks
from nbformat.v4 import new_code_cell, new_notebook


def cell(grade_id: str, source: str, *, answer: bool = False, points: int = 0):
    """A code cell with nbgrader metadata: an answer, a test (points > 0) or a locked cell."""
    meta = {"grade_id": grade_id, "solution": answer, "grade": points > 0, "locked": not answer,
            "schema_version": 3, "task": False}
    if points:
        meta["points"] = points
    return new_code_cell(source, metadata={"nbgrader": meta})


TEST = "import math\nassert f(2) == math.pow(2, 2)"
RELEASED = new_notebook(cells=[cell("setup", "import math"), cell("answer", "raise NotImplementedError()", answer=True),
                               cell("test_answer", TEST, points=2)])
SOURCE = new_notebook(cells=[cell("setup", "import math"), cell("answer", "def f(x):\n    return x * x", answer=True),
                             cell("test_answer", TEST + "\n### BEGIN HIDDEN TESTS\nassert f(3) == 9\n"
                                                 "### END HIDDEN TESTS", points=2)])


def submission(*cells):
    return new_notebook(cells=list(cells))


def test_a_clean_submission_has_no_reasons():
    sub = submission(cell("setup", "import math"), cell("answer", "def f(x):\n    return x * x", answer=True),
                     cell("test_answer", TEST, points=2))
    assert run_checks(sub, RELEASED) == []


@pytest.mark.parametrize(("cells", "reason"), [
    ([cell("setup", "import math"), cell("answer", "f = abs", answer=True)], "cells deleted: test_answer"),
    ([cell("test_answer", TEST, points=2), cell("setup", "import math"),
      cell("answer", "f = abs", answer=True)], "cells reordered"),
    ([cell("setup", "import math"), cell("answer", "f = abs", answer=True), cell("answer", "f = abs", answer=True),
      cell("test_answer", TEST, points=2)], "cells duplicated: answer"),
    ([cell("setup", "import math"), cell("answer", "f = abs", answer=True), cell("test_answer", "pass", points=2)],
     "test cells edited: test_answer"),
    ([cell("setup", "import math"), cell("answer", "math.sqrt = abs\ndef f(x):\n    return x", answer=True),
      cell("test_answer", TEST, points=2)], "redefines what the tests use: math.sqrt"),
])
def test_each_edit_visible_in_the_file_has_its_reason(cells, reason):
    reasons = run_checks(submission(*cells), RELEASED)
    assert any(reason in r for r in reasons), reasons


def test_an_unreadable_file_is_a_reason_not_a_crash(tmp_path):
    path = tmp_path / "x.ipynb"
    path.write_bytes(b"\x00\x01 not json")
    with pytest.raises(Unreadable, match="not a readable notebook"):
        read_submission(path)


def assignment_of(tmp_path) -> Assignment:
    """SOURCE as the instructor wrote it and RELEASED as the students received it, on disk."""
    source, released = tmp_path / "source.ipynb", tmp_path / "released.ipynb"
    nbformat.write(SOURCE, str(source))
    nbformat.write(RELEASED, str(released))
    return Assignment("a", source, released)


def test_the_graded_notebook_keeps_answers_restores_tests_and_puts_back_deleted_cells(tmp_path):
    assignment = assignment_of(tmp_path)
    sub = submission(cell("answer", "def f(x):\n    return 4", answer=True), cell("test_answer", "pass", points=2),
                     cell("answer", "def f(x):\n    return x + x", answer=True))
    graded = graded_notebook(sub, assignment)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in graded.cells]
    assert ids == ["setup", None, "test_answer", "answer"]  # setup restored first; the first copy lost its id
    assert "BEGIN HIDDEN TESTS" in graded.cells[2].source  # the instructor's test, not "pass"
    assert graded.cells[3].source == "def f(x):\n    return x + x"  # the last copy of the answer is graded


@pytest.mark.parametrize("kind", ["symlink to a secret", "symlink to a notebook", "fifo", "folder", "device",
                                  "dangling link", "too large"])
def test_a_file_that_is_not_a_regular_notebook_is_refused_unread(tmp_path, kind):
    secret = tmp_path / "secret.ipynb"
    secret.write_text(nbformat.writes(new_notebook()))
    path = tmp_path / "sub.ipynb"
    if kind.startswith("symlink"):
        path.symlink_to("/etc/passwd" if kind == "symlink to a secret" else secret)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "dangling link":
        path.symlink_to(tmp_path / "nowhere")
    else:
        path.write_bytes(b" " * (MAX_NOTEBOOK_BYTES + 1))
    start = time.monotonic()
    with pytest.raises(Unreadable) as error:
        read_submission(path)
    assert time.monotonic() - start < 5  # a FIFO must not block the reader
    assert "(not read)" in str(error.value) and "root:" not in str(error.value)


def test_describe_names_what_a_path_is_without_following_it(tmp_path):
    (tmp_path / "f").write_text("x")
    (tmp_path / "l").symlink_to(tmp_path / "f")
    os.mkfifo(tmp_path / "p")
    assert [describe(tmp_path / n) for n in ("f", "l", "p")] == [None, "a symbolic link", "a FIFO"]
    assert describe(tmp_path) == "a folder" and describe(tmp_path / "none") == "missing"
    assert read_capped(Path("/etc/hostname"), 10, tail=True) == Path("/etc/hostname").read_bytes()[-10:]


def test_a_readable_submission_comes_back_whole(tmp_path):
    path = tmp_path / "s.ipynb"
    nbformat.write(SOURCE, str(path))
    nb = read_submission(path)
    assert nb.nbformat == 4 and [c.source for c in nb.cells] == [c.source for c in SOURCE.cells]


@pytest.mark.parametrize(("content", "reason"), [
    (b'{"cells": [1]', "not a readable notebook (NotJSONError; its text is not quoted)"),
    (b'{"nbformat": 4, "nbformat_minor": 5, "cells": []}',
     "not a readable notebook (ValidationError; its text is not quoted)"),
    (b'=cmd|" /C calc"!A0', "not a readable notebook (NotJSONError; its text is not quoted)"),
    (b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"metadata": {}, "source": "x", "id": "a"}]}',
     "not a readable notebook (a cell without a type)"),
])
def test_an_unreadable_file_gets_one_exact_line(tmp_path, content, reason):
    path = tmp_path / "x.ipynb"
    path.write_bytes(content)
    with pytest.raises(Unreadable) as info:
        read_submission(path)
    assert str(info.value) == reason


def test_reasons_name_every_cell_they_concern():
    released = submission(cell("a", "x = 1", answer=True), cell("t1", "assert x", points=1),
                          cell("b", "y = 1", answer=True), cell("t2", "assert y", points=1))
    gone = submission(cell("a", "x = 1", answer=True))
    assert run_checks(gone, released) == ["cells deleted: t1, b, t2 (restored as released: answers empty)"]
    twice = submission(*released.cells, cell("a", "x = 2", answer=True), cell("b", "y = 2", answer=True))
    assert "cells duplicated: a, b (the last copy is graded)" in run_checks(twice, released)
    edited = submission(cell("a", "x = 1", answer=True), cell("t1", "pass", points=1),
                        cell("b", "y = 1", answer=True), cell("t2", "pass", points=1))
    assert run_checks(edited, released) == ["test cells edited: t1, t2 (restored from the source)"]
    moved = submission(released.cells[2], released.cells[3], released.cells[0], released.cells[1])
    assert run_checks(moved, released) == ["cells reordered (graded in the submitted order)"]


@pytest.mark.parametrize("answer", ["np = None", "sqrt = abs", "np: object = 3", "sqrt += 1",
                                    "class sqrt: pass", "np.sum = sum"])
def test_rebinding_any_name_a_test_imports_is_flagged(answer):
    released = submission(cell("a", "", answer=True),
                          cell("t", "import numpy as np\nfrom math import sqrt\nassert f()", points=1))
    reasons = run_checks(submission(cell("a", answer, answer=True), released.cells[1]), released)
    assert len(reasons) == 1 and reasons[0].startswith("redefines what the tests use: ")
    assert reasons[0].endswith(" (tests re-import their helpers; flagged for review)")


def test_stored_output_is_reported_above_one_megabyte_in_megabytes():
    def with_output(size):
        code = new_code_cell("print()", outputs=[nbformat.v4.new_output("stream", text="x" * size)])
        return submission(code)
    overhead = len(json.dumps([nbformat.v4.new_output("stream", text="")]))
    at_limit = with_output(1_000_000 - overhead)  # exactly 1 MB of stored output: not yet reported
    assert sum(len(json.dumps(c.outputs)) for c in at_limit.cells) == 1_000_000
    assert not [r for r in run_checks(at_limit, RELEASED) if r.startswith("stored")]
    assert [r for r in run_checks(with_output(1_000_001 - overhead), RELEASED) if r.startswith("stored")]
    reasons = [r for r in run_checks(with_output(2_500_000), RELEASED) if r.startswith("stored")]
    assert reasons == ["stored output of 2.5 MB (cleared before grading)"]


def test_the_cell_predicates_read_nbgrader_metadata_and_tolerate_its_absence():
    from chainrule_course.grading.course import grade_id, is_answer, is_test

    plain = {"cell_type": "code", "source": ""}
    assert (grade_id(plain), is_test(plain), is_answer(plain)) == (None, False, False)
    autograded_answer = {"metadata": {"nbgrader": {"grade_id": "a", "grade": True, "solution": True}}}
    assert (is_test(autograded_answer), is_answer(autograded_answer)) == (False, True)
    locked = {"metadata": {"nbgrader": {"grade_id": "l", "grade": False, "solution": False}}}
    assert (grade_id(locked), is_test(locked), is_answer(locked)) == ("l", False, False)


def test_imported_modules_reads_past_a_cell_that_does_not_parse():
    from chainrule_course.grading.course import imported_modules

    sources = ["import torch", "def broken(:", "from math import sqrt\nfrom . import sibling\nimport os.path"]
    assert imported_modules(sources) == ["torch", "math", "os.path"]


def test_deleted_cells_come_back_right_after_the_cells_before_them(tmp_path):
    sub = submission(cell("setup", "import math"), nbformat.v4.new_markdown_cell("my notes"),
                     cell("test_answer", TEST, points=2))
    sub.cells[2].outputs = [nbformat.v4.new_output("stream", text="old")]
    graded = graded_notebook(sub, assignment_of(tmp_path))
    ids = [c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in graded.cells]
    assert ids == ["setup", "answer", None, "test_answer"]  # the answer returns right after setup
    assert graded.cells[1].source == "raise NotImplementedError()"  # as released, never the solution
    assert all(c.outputs == [] and c.execution_count is None for c in graded.cells if c.cell_type == "code")
    assert "outputs" not in graded.cells[2]  # the markdown cell is left as it was


@pytest.mark.parametrize("kept", [[], ["setup"], ["test_answer"], ["answer"]], ids=["nothing", "setup only",
                                                                                   "test only", "answer emptied"])
def test_a_deleted_or_emptied_answer_never_comes_back_as_the_solution(tmp_path, kept):
    cells = {"setup": cell("setup", "import math"), "answer": cell("answer", "", answer=True),
             "test_answer": cell("test_answer", TEST, points=2)}
    graded = graded_notebook(submission(*(cells[k] for k in kept)), assignment_of(tmp_path))
    text = "\n".join(c.source for c in graded.cells)
    assert "return x * x" not in text  # the reference answer
    answer = next(c for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "answer")
    assert answer.source == ("" if "answer" in kept else "raise NotImplementedError()")
    # The only thing of the source in the graded notebook: its test, hidden part included.
    test = next(c for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_answer")
    assert "BEGIN HIDDEN TESTS" in test.source and text.count("BEGIN HIDDEN TESTS") == 1


def test_feedback_shows_answers_visible_tests_and_one_word_per_test(tmp_path):
    from chainrule_course.grading.feedback import write_feedback
    from chainrule_course.grading.runner import TestResult

    released_path, source_path = tmp_path / "released.ipynb", tmp_path / "source.ipynb"
    released = submission(cell("answer", "raise NotImplementedError()", answer=True),
                          cell("t1", "assert f(2) < 5", points=2), cell("t2", "assert f(3) == 9", points=3),
                          cell("t3", "assert f(0) == 0", points=1))
    nbformat.write(released, str(released_path))
    nbformat.write(SOURCE, str(source_path))
    submitted = submission(cell("answer", "def f(x):\n    return x * x  # <b>mine</b>", answer=True))
    results = {"t1": TestResult("t1", 2, "passed"), "t2": TestResult("t2", 3, "failed", "AssertionError"),
               "t3": TestResult("t3", 1, "failed", "error")}
    page = write_feedback(tmp_path / "out" / "fb.html", "ada", Assignment("a1", source_path, released_path),
                          submitted, results).read_text()
    assert "<title>a1: feedback for ada</title>" in page and "Score: <strong>2 / 6</strong>" in page
    assert "return x * x  # &lt;b&gt;mine&lt;/b&gt;" in page  # the student's own answer, escaped
    assert "<tr><td>t1</td><td>2 / 2</td><td class='passed'>passed</td></tr>" in page
    assert "<td class='failed'>failed (AssertionError)</td>" in page
    assert "<tr><td>t3</td><td>0 / 1</td><td class='failed'>failed</td></tr>" in page
    assert "assert f(3) == 9" in page and "HIDDEN" not in page and "f(3) == 9\n###" not in page
    assert page.count("<h2>Test ") == 3 and page.count("<h2>Your answer: answer</h2>") == 1


def test_an_assignment_reads_its_tests_points_and_digest_and_solved_copies_fill_every_answer(tmp_path):
    from chainrule_course.grading.course import load_assignments, solved_copy

    (tmp_path / "src").mkdir()
    source = tmp_path / "src" / "01_demo.ipynb"
    nbformat.write(SOURCE, str(source))
    released_dir = tmp_path / "released" / "01_demo"
    released_dir.mkdir(parents=True)
    nbformat.write(RELEASED, str(released_dir / "01_demo.ipynb"))
    (tmp_path / "src" / "02_unreleased.ipynb").write_text(nbformat.writes(SOURCE))
    assignments = load_assignments(tmp_path / "src", tmp_path / "released")
    assert list(assignments) == ["01_demo"]  # only what has been released
    demo = assignments["01_demo"]
    assert demo.points() == {"test_answer": 2.0}
    assert demo.tests() == {"test_answer": SOURCE.cells[2].source}
    assert demo.digest() == hashlib.sha256(source.read_bytes()).hexdigest()
    solved = nbformat.read(str(solved_copy(demo.released, source, tmp_path / "out" / "s.ipynb")), as_version=4)
    assert [c.source for c in solved.cells] == ["import math", "def f(x):\n    return x * x", TEST]


def test_a_grading_process_that_dies_is_charged_to_its_own_submission_and_not_stored(tmp_path):
    import multiprocessing

    from chainrule_course.grading.batch import Job, Settings, _collect

    source = tmp_path / "a.ipynb"
    nbformat.write(SOURCE, str(source))
    job = Job("s", Assignment("a", source, source), tmp_path, tmp_path, Settings())
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=os._exit, args=(3,))
    process.start()
    send.close()
    process.join(10)
    row = _collect(job, process, receive, late=False)
    assert row.student == "s" and row.score == 0 and not row.graded
    assert row.reasons == ["the grading process died on this submission (exit code 3); not a grade: the next run "
                           "grades it again"]


@pytest.mark.parametrize(
    ("answer", "text", "flagged"),
    [
        ("def f(x):\n    return torch.autograd.grad(x.sum(), x)[0]", "with forbid_autograd():", "autograd"),
        ("def f(x):\n    x.sum().backward()\n    return x.grad", "with forbid_autograd():", "autograd"),
        ("def f(x):\n    return 2 * x", "with forbid_autograd():", None),
        ("def f(x):\n    x.sum().backward()\n    return x.grad", "no rule here", None),
        ("def build(v, seen):\n    for p in v._parents:\n        build(p, seen)", "without recursion", "recursion"),
        ("import sys\nsys.setrecursionlimit(100_000)", "without recursion", "recursion"),
        ("def backward(self):\n    stack = [self]\n    while stack:\n        stack.pop()._backward()",
         "without recursion", None),
        ("def tanh(self):\n    return math.tanh(self.data)", "without recursion", None),
        ("def backward(self):\n    for p in self._parents:\n        p.backward()", "without recursion", "recursion"),
    ],
)
def test_answers_using_a_forbidden_tool_are_flagged_for_review(answer, text, flagged):
    released = new_notebook(cells=[new_code_cell(text)])
    submitted = new_notebook(cells=[cell("answer", answer, answer=True)])
    reasons = run_checks(submitted, released)
    if flagged is None:
        assert not any("forbids" in r for r in reasons), reasons
    else:
        assert reasons == [f"answer answer uses {flagged}, which this assignment forbids (flagged for review)"]
