"""The grader's pure parts, on small in-memory notebooks: no nbgrader, no kernel, no sandbox needed."""

from __future__ import annotations

import hashlib
import hmac

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from chainrule_helpers.grading.course import Assignment, graded_notebook
from chainrule_helpers.grading.prechecks import Unreadable, read_submission, run_checks
from chainrule_helpers.grading.runner import verify_verdicts


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


def test_the_graded_notebook_keeps_answers_restores_tests_and_puts_back_deleted_cells(tmp_path):
    source = tmp_path / "a.ipynb"
    nbformat.write(SOURCE, str(source))
    assignment = Assignment("a", source, source)
    sub = submission(cell("answer", "def f(x):\n    return 4", answer=True), cell("test_answer", "pass", points=2),
                     cell("answer", "def f(x):\n    return x + x", answer=True))
    graded = graded_notebook(sub, assignment)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in graded.cells]
    assert ids == ["setup", None, "test_answer", "answer"]  # setup restored first; the first copy lost its id
    assert "BEGIN HIDDEN TESTS" in graded.cells[2].source  # the instructor's test, not "pass"
    assert graded.cells[3].source == "def f(x):\n    return x + x"  # the last copy of the answer is graded


def sign(key: bytes, line: str) -> str:
    return f"{line} {hmac.new(key, line.encode(), hashlib.sha256).hexdigest()}"


def test_only_correctly_signed_verdicts_for_the_nonce_sent_count():
    key = b"k" * 32
    text = "\n".join([sign(key, "t1 n1 pass"), sign(b"x" * 32, "t2 n2 pass"), "t2 n2 pass 00",
                      sign(key, "t3 old pass"), sign(key, "t4 n4 fail AssertionError"), sign(key, "t4 n4 pass")])
    verdicts, problems = verify_verdicts(text, key, {"t1": "n1", "t2": "n2", "t3": "n3", "t4": "n4"})
    assert verdicts == {"t1": "pass", "t4": "tamper ran more than once"}
    assert problems.count("a forged verdict line was written") == 2
    assert "t3: a test was started out of turn" in problems
