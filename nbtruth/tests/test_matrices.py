"""Matrix, vector and indexed formulas: right ones pass, transposed, misshapen or mis-signed ones fail."""

from __future__ import annotations

import pytest

from nbtruth import check_notebook

from .factories import md

LAYER = (r"# Layer" "\n\n" r"Let $W \in \mathbb{R}^{m \times n}$, $x \in \mathbb{R}^n$, $y = Wx$ and "
         r"$\bar{y} = \nabla_y L$. ")


def formula_problems(notebook, text):
    """The formula problems of a one-cell notebook, and its coverage."""
    problems, coverage = check_notebook(notebook(md(text)))
    return [p for p in problems if p.check == "formula"], coverage


@pytest.mark.parametrize("claim", [r"$\bar{x} = W^\top \bar{y}$", r"$\bar{W} = \bar{y} x^\top$",
                                   r"$\bar{x}_j = \sum_i \bar{y}_i W_{ij}$", r"$y_i = \sum_j W_{ij} x_j$"])
def test_a_true_matrix_claim_passes_and_is_counted(notebook, claim):
    problems, coverage = formula_problems(notebook, LAYER + claim)
    assert problems == [] and coverage.checked == 1, (problems, coverage)


@pytest.mark.parametrize(("claim", "says"), [
    (r"$\bar{x} = W \bar{y}$", "the shapes do not agree"),  # a transposition
    (r"$\bar{W} = x \bar{y}^\top$", "the shapes do not agree"),  # a product in the wrong order
    (r"$\bar{x}_j = \sum_i \bar{y}_i (-W_{ij})$", "the left side is"),  # a sign inside a sum
    (r"$\bar{x} = 2 W^\top \bar{y}$", "the right side"),  # a wrong factor
])
def test_a_wrong_matrix_claim_fails_with_both_sides(notebook, claim, says):
    problems, _ = formula_problems(notebook, LAYER + claim)
    assert len(problems) == 1 and says in problems[0].message and problems[0].cell == 0, problems


def test_matrix_claims_about_names_nothing_defines_stay_unchecked(notebook):
    problems, coverage = formula_problems(notebook, r"# Prose" "\n\n" r"$\nabla_X E = G \odot s^\top$")
    assert problems == [] and coverage.checked == 0 and coverage.unchecked == 1, coverage
