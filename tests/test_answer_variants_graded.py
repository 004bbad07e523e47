"""The sandboxed tier of the answer-variant corpus: every variant graded end to end, as a class would be.

The fast tier (test_answer_variants.py) runs each variant against the source notebooks' tests in
one process; here each becomes a student's notebook (the released notebook with the reference in
every answer cell but the variant's), the whole corpus is graded in one sandboxed batch, and the
grades must agree: a correct answer gets full marks, a misconception loses the points of the
question it gets wrong and only those. Marked `grading`: `make test-grading` runs it.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from answer_variants import VARIANTS, judged
from chainrule_course.grading.batch import Settings, grade_all
from chainrule_course.grading.cli import ensure_released
from chainrule_course.grading.course import grade_id, solved_copy
from chainrule_course.repository import find

pytestmark = pytest.mark.grading

ASSIGNMENTS = find(Path(__file__).resolve().parent).assignments


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Every variant as one student's submission, graded in one sandboxed batch: student -> row."""
    work = tmp_path_factory.mktemp("variants")
    released = ensure_released(ASSIGNMENTS, work / "build")
    subs = work / "submissions"
    for variant in VARIANTS:
        name = variant.assignment
        path = solved_copy(released / name / f"{name}.ipynb", ASSIGNMENTS / f"{name}.ipynb",
                           subs / variant.id / name / f"{name}.ipynb")
        nb = nbformat.read(str(path), as_version=4)
        for cell in nb.cells:
            if grade_id(cell) == variant.cell:
                cell.source = variant.source
        nbformat.write(nb, str(path))
    rows = grade_all(subs, ASSIGNMENTS, released, work / "build", work / "grades.csv", Settings(), progress=False)
    return {row.student: row for row in rows}


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.id for v in VARIANTS])
def test_each_variant_is_graded_right_end_to_end(graded, variant):
    row = graded[variant.id]
    failed = {gid: test["detail"] or test["status"] for gid, test in row.tests.items() if test["status"] != "passed"}
    assert row.tests, row
    assert judged(variant, failed) == "", f"{variant.id} ({variant.why}): {judged(variant, failed)}; {row.reasons}"


def test_the_graded_corpus_has_every_kind_of_answer(graded):
    kinds = {(v.assignment, v.kind) for v in VARIANTS}
    assert len(kinds) == 8 and len(graded) == len(VARIANTS)
