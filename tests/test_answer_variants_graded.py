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
from chainrule_course.grading.diagnosis import load_probes
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
    return {"rows": {(row.student, row.assignment): row for row in rows}, "feedback": work / "build" / "feedback"}


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.id for v in VARIANTS])
def test_each_variant_is_graded_right_end_to_end(graded, variant):
    row = graded["rows"][(variant.id, variant.assignment)]
    failed = {gid: test["detail"] or test["status"] for gid, test in row.tests.items() if test["status"] != "passed"}
    assert row.tests, row
    assert judged(variant, failed) == "", f"{variant.id} ({variant.why}): {judged(variant, failed)}; {row.reasons}"


def test_the_graded_corpus_has_every_kind_of_answer(graded):
    kinds = {(v.assignment, v.kind) for v in VARIANTS}
    graded_here = [key for key, row in graded["rows"].items() if row.tests]
    assert len(kinds) == 2 * len({v.assignment for v in VARIANTS}) and len(graded_here) == len(VARIANTS)


PROBED = {name for probe in load_probes(ASSIGNMENTS / "misconceptions.toml") for name in probe.tests}
MISTAKES = [v for v in VARIANTS if v.kind == "misconception" and any(f"{v.assignment}/{q}" in PROBED
                                                                      for q in v.questions)]


@pytest.mark.parametrize("variant", MISTAKES, ids=[v.id for v in MISTAKES])
def test_a_misconception_gets_a_counterexample_from_its_own_code(graded, variant):
    page = (graded["feedback"] / variant.id / variant.assignment / f"{variant.assignment}.html").read_text()
    # A counterexample, or, for an answer that used autograd, the rule it broke (its values may well be right).
    assert ", expected " in page or "raised" in page or "the question forbids" in page, variant.id
    assert "BEGIN HIDDEN" not in page and "linspace(-2.0, 3.0, 7)" not in page


def test_the_librarys_misconceptions_are_named_with_the_section_that_explains_them(graded):
    # The library (assignments/misconceptions.toml) names all 80 of these in process; each new entry raises the bar.
    named = [v.id for v in MISTAKES
             if any(t.get("misconception") for t in graded["rows"][(v.id, v.assignment)].tests.values())]
    assert len(named) >= 80, named
