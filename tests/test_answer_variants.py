"""The fast tier of the answer-variant corpus: every variant graded by the source notebooks' own tests, no sandbox.

A correct answer written differently gets full marks; a misconception loses the points of the
question it gets wrong, and only those (tests/answer_variants/; `python tests/answer_variants/table.py`
prints the table).
"""

from __future__ import annotations

import ast
from collections import Counter

import pytest
from answer_variants import ASSIGNMENTS_CORPUS, VARIANTS, outcomes, runner, verdict


@pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS_CORPUS))
def test_the_reference_solution_passes_every_test_cell(assignment):
    failed = {gid: o.detail for gid, o in runner.reference(assignment).items() if not o.passed}
    assert not failed, f"{assignment}: the instructor's solution fails {failed}"


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.id for v in VARIANTS])
def test_each_variant_is_graded_right(variant):
    assert verdict(variant) == "", f"{variant.id} ({variant.why}): {verdict(variant)}"


@pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS_CORPUS))
def test_every_question_has_three_correct_answers_and_three_misconceptions(assignment):
    variants = ASSIGNMENTS_CORPUS[assignment]
    assert {v.cell for v in variants} == set(runner.answer_ids(assignment)), "every answer cell has variants"
    correct = Counter(q for v in variants if v.kind == "correct" for q in v.questions)
    wrong = Counter(q for v in variants if v.kind == "misconception" for q in v.questions)
    for question in runner.test_ids(assignment):
        assert correct[question] >= 3, f"{assignment} {question}: {correct[question]} correct variants"
        assert wrong[question] >= 3, f"{assignment} {question}: {wrong[question]} misconceptions"


@pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS_CORPUS))
def test_variants_target_real_cells_and_none_is_the_reference(assignment):
    tests, answers = (
        set(runner.test_ids(assignment)),
        {c.grade_id: c.source for c in runner.cells(assignment) if c.role == "answer"},
    )
    for v in ASSIGNMENTS_CORPUS[assignment]:
        assert set(v.questions) <= tests, f"{v.id}: {v.questions} are not all test cells of {assignment}"
        assert ast.dump(ast.parse(v.source)) != ast.dump(ast.parse(answers[v.cell])), f"{v.id} copies the solution"
    names = [v.id for v in ASSIGNMENTS_CORPUS[assignment]]
    assert len(names) == len(set(names)), "variant ids are unique"


def test_a_misconception_fails_the_question_it_targets():
    # The expert's case: a loss divided by len() loses question 1's points, not question 2's.
    (variant,) = [v for v in VARIANTS if v.assignment.startswith("03") and v.name == "loss_by_rows"]
    results = outcomes(variant)
    assert not results["test_mse"].passed and results["test_network"].passed and results["test_sgd"].passed
