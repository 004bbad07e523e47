"""The chapter's checkers on the chapter's own notebooks: formula errors planted in the real text must fail.

nbtruth's tests (nbtruth/tests) plant every other kind of disagreement in small notebooks of their own.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from chainrule_course.verify import check_notebook

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

# Formula errors planted in the chapter's own text: each kind, in two notebooks, must fail with the
# claim as written and what SymPy computed.
PLANTED = [
    ("01_composition", r"\frac{dz}{dy} = 2y, \qquad", r"\frac{dz}{dy} = 3y, \qquad", "= 3y`", "gives 2 y"),
    ("01_composition", r"\cos(x^2)\; 2x", r"\cos(x^2)", r"\cos(x^2) .`", r"gives 2 x e^{\sin"),
    ("01_composition", r"\frac{dv}{du} = \cos u", r"\frac{dv}{du} = -\cos u", r"= -\cos u`",
     r"gives \cos{\left(u \right)}"),
    ("01_composition", r"\frac{du}{dx} = 2x", r"\frac{du}{dv} = 2x", r"\frac{du}{dv} = 2x`", "gives 0"),
    ("03_multiple_paths", r"= 2x + \cos x + e^x", r"= 3x + \cos x + e^x", "= 3x + ", "gives 2 x"),
    ("03_multiple_paths", r"= 2x + \cos x + e^x", r"= 2 + \cos x + e^x", "= 2 + ", "gives 2 x"),
    ("03_multiple_paths", r"= 2x + \cos x + e^x", r"= 2x - \cos x + e^x", r"2x - \cos x", "gives 2 x"),
    ("03_multiple_paths", r"\frac{dz}{dx} = 2x + \cos x", r"\frac{dz}{dy} = 2x + \cos x", r"\frac{dz}{dy}",
     "gives 0"),
]


def planted(tmp_path, name, right, wrong, checks=("formula",)):
    """The formula problems (or those of `checks`) of a copy of notebook `name` whose markdown says `wrong` where it
    said `right`, and the index of the edited cell."""
    nb = nbformat.read(str(NOTEBOOKS / f"{name}.ipynb"), as_version=4)
    edited = [i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and right in c.source]
    assert edited, f"{right!r} is no longer in {name}: update this test"
    nb.cells[edited[0]].source = nb.cells[edited[0]].source.replace(right, wrong, 1)
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, str(path))
    return [p for p in check_notebook(path) if p.check in checks], edited


@pytest.mark.parametrize(("name", "right", "wrong", "claim", "computed"), PLANTED,
                         ids=[f"{n}-{k}" for n in ("01", "03") for k in ("coefficient", "factor", "sign", "variable")])
def test_a_planted_formula_error_in_the_chapter_fails(tmp_path, name, right, wrong, claim, computed):
    problems, edited = planted(tmp_path, name, right, wrong)
    assert len(problems) == 1 and problems[0].cell == edited[0], problems
    assert claim in problems[0].message and computed in problems[0].message, problems[0].message


# Matrix, vector and indexed formula errors planted in section 6 (issue 22): each must fail with the
# equation, what disagrees (both sides' values, or both shapes) and the cell.
PLANTED_MATRICES = [
    ("transposition", r"\bar{x} = W^\top \bar{y},", r"\bar{x} = W \bar{y},", "the shapes do not agree"),
    ("wrong-shape", r"\nabla_X L = \bar{Y} W,", r"\nabla_X L = \bar{Y} W^\top,", "the shapes do not agree"),
    ("sign-in-sum", r"\bar{x}_j = \sum_i \bar{y}_i W_{ij}", r"\bar{x}_j = \sum_i \bar{y}_i (-W_{ij})",
     "the left side is"),
    ("dropped-mean", r"\bar{Y} = \frac{2}{Bm}(Y - T)", r"\bar{Y} = 2(Y - T)", "the right side"),
    ("outer-product-order", r"\bar{W} = \bar{y}\, x^\top", r"\bar{W} = x \bar{y}^\top", "the right side [4, 3]"),
]


@pytest.mark.parametrize(("kind", "right", "wrong", "says"), PLANTED_MATRICES, ids=[p[0] for p in PLANTED_MATRICES])
def test_a_planted_matrix_formula_error_in_section_6_fails(tmp_path, kind, right, wrong, says):
    nb = nbformat.read(str(NOTEBOOKS / "06_linear_layer.ipynb"), as_version=4)
    edited = [i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and right in c.source]
    assert edited, f"{right!r} is no longer in 06_linear_layer: update this test"
    nb.cells[edited[0]].source = nb.cells[edited[0]].source.replace(right, wrong, 1)
    path = tmp_path / "06_linear_layer.ipynb"
    nbformat.write(nb, str(path))
    problems = [p for p in check_notebook(path) if p.check == "formula"]
    assert len(problems) == 1 and problems[0].cell == edited[0], problems
    assert wrong.rstrip(",") in problems[0].message and says in problems[0].message, problems[0].message


# The same in sections 5 and 9 (issue 22): a transposed vector-Jacobian product, a Jacobian whose
# factors are swapped, and a transposed weight gradient in the backward pass of section 9.
PLANTED_ELSEWHERE = [
    ("05_jacobians", "vjp-transposition", r"\nabla_x z = J_g(x)^\top \, \nabla_y z",
     r"\nabla_x z = J_g(x) \, \nabla_y z", "the shapes do not agree"),
    ("05_jacobians", "example-transposition", r"J_g(x)^\top y = (2", r"J_g(x) y = (2", "the shapes do not agree"),
    ("05_jacobians", "jacobian-order", r"J_g(x) = \operatorname{diag}(1 - y^2)\,A",
     r"J_g(x) = A\,\operatorname{diag}(1 - y^2)", "the right side"),
    ("09_training_step", "backward-transposition", r"$\bar{W}_1 = \bar{H}^\top X$", r"$\bar{W}_1 = X^\top \bar{H}$",
     "the right side [4, 3]"),
]


@pytest.mark.parametrize(("name", "kind", "right", "wrong", "says"), PLANTED_ELSEWHERE,
                         ids=[f"{p[0][:2]}-{p[1]}" for p in PLANTED_ELSEWHERE])
def test_a_planted_matrix_formula_error_in_sections_5_and_9_fails(tmp_path, name, kind, right, wrong, says):
    problems, edited = planted(tmp_path, name, right, wrong)
    assert len(problems) == 1 and problems[0].cell == edited[0], problems
    assert says in problems[0].message, problems[0].message


# Sections 7, 8 and 10 (issue 22): a dropped 1/n and a sign flipped in the indexed MSE gradient, a product
# of Jacobians in the wrong order, a wrong case of ReLU's piecewise derivative. Each must fail at its
# cell, quoting the equation as edited and both sides' values.
MSE = r"\frac{\partial L}{\partial \hat{y}_i} = \frac{1}{n}\cdot 2(\hat{y}_i - y_i) = \frac{2}{n}(\hat{y}_i - y_i)."
PLANTED_VALUES = [
    ("08_losses", "dropped-1/n", MSE, r"\frac{\partial L}{\partial \hat{y}_i} = 2(\hat{y}_i - y_i).",
     "= 2(\\hat{y}_i - y_i)"),
    ("08_losses", "sign-in-indexed-gradient", MSE,
     r"\frac{\partial L}{\partial \hat{y}_i} = \frac{1}{n}\cdot 2(y_i - \hat{y}_i) = \frac{2}{n}(y_i - \hat{y}_i).",
     r"\frac{2}{n}(y_i - \hat{y}_i)"),
    ("10_vanishing_exploding", "jacobian-product-order", r"= J_T\, J_{T-1} \cdots J_1 ,",
     r"= J_1 \cdots J_{T-1}\, J_T ,", r"= J_1 \cdots J_{T-1}  J_T"),
    ("07_nonlinearities", "wrong-case", r"1 & x_i > 0 \\ 0 & x_i < 0", r"0 & x_i > 0 \\ 1 & x_i < 0",
     r"\begin{cases} 0 & x_i > 0 \\ 1 & x_i < 0 \end{cases}"),
]


@pytest.mark.parametrize(("name", "kind", "right", "wrong", "shown"), PLANTED_VALUES,
                         ids=[p[1] for p in PLANTED_VALUES])
def test_a_planted_error_in_sections_7_8_and_10_fails_with_both_sides(tmp_path, name, kind, right, wrong, shown):
    problems, edited = planted(tmp_path, name, right, wrong)
    assert len(problems) == 1 and problems[0].cell == edited[0], problems
    message = problems[0].message
    assert shown in message and "the left side is" in message and "the right side" in message, message


# Issue 22: what sections 10 and the chapter map state about drawn weights, a layer's rows and the vector-Jacobian
# product, with an error planted in each. Each must fail at its cell, quoting the equation as it stands and both
# sides' values; a wrong distribution fails the expectation it makes false.
PLANTED_DRAWS = [
    ("10_vanishing_exploding", "relu-mean-square", r"\mathbb{E}\lVert J_l v\rVert^2 = \lVert v\rVert^2",
     r"\mathbb{E}\lVert J_l v\rVert^2 = 2\lVert v\rVert^2", r"\mathbb{E}\lVert J_l v\rVert^2 = 2\lVert v\rVert^2"),
    ("10_vanishing_exploding", "xavier-under-relu", r"$W_{l,ij} \sim \mathcal{N}(0, 2/n)$",
     r"$W_{l,ij} \sim \mathcal{N}(0, 1/n)$", r"\mathbb{E}\lVert J_l v\rVert^2 = \lVert v\rVert^2"),
    ("10_vanishing_exploding", "xavier-variance", r"so $\operatorname{Var}(W) = 1/n$",
     r"so $\operatorname{Var}(W) = 2/n$", r"\operatorname{Var}(W) = 2/n"),
    ("10_vanishing_exploding", "kaiming-variance", r"$\operatorname{Var}(W) = 2/n$, and",
     r"$\operatorname{Var}(W) = 4/n$, and", r"\operatorname{Var}(W) = 4/n"),
    ("10_vanishing_exploding", "kaiming-condition", r"\cdot \frac{1}{2} = 1$", r"\cdot \frac{1}{2} = 2$",
     r"n \operatorname{Var}(W) \cdot \frac{1}{2} = 2"),
    ("10_vanishing_exploding", "dropped-tanh-square", r"(1 - H_{bk}^2)", r"(1 - H_{bk})", r"(1 - H_{bk})  x_b^\top"),
    ("10_vanishing_exploding", "mean-dropped", r"\nabla_y L = \frac{2}{B}(y - t)", r"\nabla_y L = 2(y - t)",
     r"\nabla_y L = 2(y - t)"),
    ("00_index", "vjp-factor", r"$\nabla_x z = J^\top \nabla_y z$", r"$\nabla_x z = 2 J^\top \nabla_y z$",
     r"\nabla_x z = 2 J^\top \nabla_y z"),
]


@pytest.mark.parametrize(("name", "kind", "right", "wrong", "shown"), PLANTED_DRAWS, ids=[p[1] for p in PLANTED_DRAWS])
def test_a_planted_error_about_draws_rows_or_the_vjp_fails_with_both_sides(tmp_path, name, kind, right, wrong, shown):
    problems, edited = planted(tmp_path, name, right, wrong, ("formula", "number"))  # `... = 2`: a number's claim
    assert len(problems) == 1 and problems[0].cell == edited[0], problems
    message = problems[0].message
    assert shown in message and "the left side" in message and "the right side" in message, message


def test_a_transposed_vjp_in_the_chapter_map_fails(tmp_path):
    problems, edited = planted(tmp_path, "00_index", r"$\nabla_x z = J^\top \nabla_y z$",
                               r"$\nabla_x z = J \nabla_y z$")
    assert len(problems) == 1 and problems[0].cell == edited[0], problems
    assert r"`\nabla_x z = J \nabla_y z`" in problems[0].message and "the shapes do not agree" in problems[0].message


# What nbtruth checks in each of the chapter's notebooks today (`nbtruth --style notebooks/`): a change to nbtruth made
# for another course must not leave one of these unchecked. Raise a floor when the chapter gains a checked statement.
CHECKED = {"00_index": 1, "01_composition": 28, "02_local_derivatives": 13, "03_multiple_paths": 11,
           "04_chain_rule_on_graphs": 22, "05_jacobians": 16, "06_linear_layer": 21, "07_nonlinearities": 18,
           "08_losses": 12, "09_training_step": 19, "10_vanishing_exploding": 24, "11_common_mistakes": 2,
           "12_memory_and_grad_modes": 4, "13_summary": 6}


@pytest.mark.parametrize("name", sorted(CHECKED))
def test_nbtruth_still_checks_every_statement_of_the_chapter_it_checked(name):
    from nbtruth import check_notebook as nbtruth_check

    problems, coverage = nbtruth_check(NOTEBOOKS / f"{name}.ipynb", settings={"style": True})
    assert problems == [] and coverage.checked >= CHECKED[name], (coverage, problems)
