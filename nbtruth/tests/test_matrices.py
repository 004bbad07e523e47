"""Matrix, vector and indexed formulas: right ones pass, transposed, misshapen or mis-signed ones fail."""

from __future__ import annotations

import pytest
from nbtruth.tensors import Tensor

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


def _verdicts(*statements):
    """The matrix reader's verdict on each statement, read in order in one section."""
    from nbtruth.matrices import MatrixSection, read_matrix_statement

    section = MatrixSection()
    section.new_section("# Test")
    return [read_matrix_statement(section, s) for s in statements]


def test_a_product_over_layers_is_read_at_three_layers():
    from nbtruth.latexmath import expand_layers

    assert expand_layers(r"J = J_L \cdots J_1") == "J = J_3 J_2 J_1"


@pytest.mark.parametrize(("product", "ok"), [(r"J_T\, J_{T-1} \cdots J_1", True), (r"J_1 \cdots J_{T-1}\, J_T", False)])
def test_a_product_of_jacobians_in_the_wrong_order_fails(product, ok):
    *_, verdict = _verdicts(r"h_t \in \mathbb{R}^n", r"h_t = f(h_{t-1})", r"J_t = \partial h_t / \partial h_{t-1}",
                            rf"\frac{{\partial h_T}}{{\partial h_0}} = {product}")
    assert verdict.ok is ok, verdict


@pytest.mark.parametrize(("claim", "ok"), [(r"\Delta y \approx g'(x)\, \Delta x", True),
                                          (r"\Delta y \approx 2 g'(x)\, \Delta x", False)])
def test_a_first_order_change_is_checked(claim, ok):
    *_, verdict = _verdicts("y = g(x)", claim)
    assert verdict.ok is ok, verdict


@pytest.mark.parametrize(("cases", "ok"), [(r"\begin{cases} 1 & x_2 > 0 \\ 0 & x_2 < 0 \end{cases}", True),
                                          (r"\begin{cases} 0 & x_2 > 0 \\ 1 & x_2 < 0 \end{cases}", False)])
def test_a_wrong_case_of_a_piecewise_derivative_fails(cases, ok):
    *_, verdict = _verdicts(r"x \in \mathbb{R}^3", r"y = \max(0, x)",
                            rf"\frac{{\partial y_2}}{{\partial x_2}} = {cases}")
    assert verdict.ok is ok, verdict


@pytest.mark.parametrize(("claim", "ok"), [(r"\frac{\partial L}{\partial \hat{y}_i} = \frac{2}{n}(\hat{y}_i - y_i)",
                                           True),
                                          (r"\frac{\partial L}{\partial \hat{y}_i} = 2(\hat{y}_i - y_i)", False),
                                          (r"\frac{\partial L}{\partial \hat{y}_i} = \frac{1}{n} 2(\hat{y}_i - y_i) "
                                           r"= \frac{2}{n}(y_i - \hat{y}_i)", False)])
def test_a_sum_runs_to_the_dimension_its_bound_names(claim, ok):
    # n is the length of y, not a vector of its own: a dropped 1/n, or a sign in a later link, fails with values
    *_, verdict = _verdicts(r"L = \frac{1}{n}\sum_{i=1}^{n} (\hat{y}_i - y_i)^2", claim)
    assert verdict.ok is ok, verdict
    assert ok or "the left side is" in verdict.message, verdict


@pytest.mark.parametrize(("claim", "ok"), [(r"\frac{\partial L}{\partial \hat{y}_i} = \hat{y}_i - y_i", True),
                                          (r"\frac{\partial L}{\partial \hat{y}_i} = \hat{y}_i + y_i", False),
                                          (r"\frac{\partial L}{\partial \hat{y}_i} = \hat{y}_i", False)])
def test_a_sum_reaches_as_far_as_its_index_is_used(claim, ok):
    # the terms after the first still write i, so they are summed: L is a number, not a number plus a vector
    *_, verdict = _verdicts(r"L = \frac{1}{2}\sum_{i=1}^{n} \hat{y}_i^2 - 2\hat{y}_i y_i + y_i^2", claim)
    assert verdict.ok is ok, verdict


@pytest.mark.parametrize(("claim", "ok"), [(r"\frac{\partial y_i}{\partial x_i} = 1 - y_i^2", True),
                                          (r"\frac{\partial y_i}{\partial x_i} = 1 + y_i^2", False)])
def test_an_entrywise_definition_defines_the_whole_vector(claim, ok):
    *_, verdict = _verdicts(r"y_i = \tanh(x_i)", claim)
    assert verdict.ok is ok, verdict


def test_a_step_map_keeps_the_state_shape_so_a_wrong_order_shows_values():
    *_, verdict = _verdicts(r"h_t \in \mathbb{R}^n", r"h_t = f(h_{t-1})", r"J_t = \partial h_t / \partial h_{t-1}",
                            r"\frac{\partial h_T}{\partial h_0} = J_1 \cdots J_{T-1}\, J_T")
    assert verdict.ok is False and "the left side is" in verdict.message, verdict


CHAIN_OF_MAPS = (r"# Longer chains" "\n\n" r"For $z = f_3(f_2(f_1(x)))$, $$\frac{dz}{dx} = f_3'(f_2(f_1(x)))\; "
                 r"f_2'(f_1(x))\; f_1'(x).$$")


def test_a_failure_that_holds_for_scalars_too_is_reported_though_nothing_is_declared(notebook):
    # Nothing declares x a vector: a factor dropped is wrong whatever the shapes, so it is reported.
    problems, coverage = formula_problems(notebook, CHAIN_OF_MAPS)
    assert problems == [] and coverage.checked == 1, (problems, coverage)
    problems, _ = formula_problems(notebook, CHAIN_OF_MAPS.replace(r"\; f_2'(f_1(x))", ""))
    assert len(problems) == 1 and problems[0].cell == 0, problems
    assert "does not show to be vectors or matrices, at a random instance: the left side is" in problems[0].message
    assert "the right side" in problems[0].message


def test_a_failure_only_of_the_guessed_shapes_stays_unchecked(notebook):
    # For scalars the factors commute; only the guess that x is a vector makes the order matter.
    swapped = CHAIN_OF_MAPS.replace(r"f_3'(f_2(f_1(x)))\; f_2'(f_1(x))\; f_1'(x)", r"f_1'(x)\; f_2'(f_1(x))\; "
                                                                                 r"f_3'(f_2(f_1(x)))")
    problems, coverage = formula_problems(notebook, swapped)
    assert problems == [] and coverage.unchecked == 1, (problems, coverage)


@pytest.mark.parametrize("ode", [r"$g'(t) = f(u)$", r"$g'(t) = 2 g(t)$", r"$\frac{du}{dt} = 2u$"])
def test_a_relation_for_an_unknown_map_is_no_identity(notebook, ode):
    # An ODE: g (or f) is what it constrains, not a map the equation holds for.
    problems, coverage = formula_problems(notebook, r"# ODE" "\n\n" r"Let $u = g(t)$ with " + ode + ".")
    assert problems == [] and coverage.checked == 0 and coverage.unchecked == 1, (problems, coverage)


HESSIAN = (r"# Hessian" "\n\n" r"The Hessian is $H_{ij} = \partial^2 f / \partial x_i \partial x_j$. Take "
           r"$f(x) = x_1^2 x_2 + x_2 x_3^3$: $\nabla f = (2 x_1 x_2,\; x_1^2 + x_3^3,\; 3 x_2 x_3^2)$ and "
           r"$$H = \begin{pmatrix} 2x_2 & 2x_1 & 0 \\ 2x_1 & 0 & 3x_3^2 \\ 0 & 3x_3^2 & 6 x_2 x_3 \end{pmatrix}.$$"
           "\n\n" r"At $x = (1, 2, 1)$ and $v = (1, 0, 1)$, $Hv = (4, 5, 12)$.")


@pytest.mark.parametrize(("right", "wrong", "says"), [
    ("6 x_2 x_3", "5 x_2 x_3", r"entry (3, 3) of the left side is 6 x_{2} x_{3}, of the right side 5 x_{2} x_{3}"),
    (r"x_1^2 + x_3^3,", r"x_1^2 + 3x_3^2,", r"entry 2 of the left side is x_{1}^{2} + x_{3}^{3}, of the right side"),
    ("Hv = (4, 5, 12)", "Hv = (4, 6, 12)", "the left side is (4, 5, 12), the right side (4, 6, 12)"),
])
def test_a_gradient_hessian_and_product_written_entry_by_entry_are_checked_exactly(notebook, right, wrong, says):
    problems, coverage = check_notebook(notebook(md(HESSIAN)))
    assert problems == [] and coverage.checked == coverage.stating == 3, (problems, coverage)
    problems, _ = check_notebook(notebook(md(HESSIAN.replace(right, wrong))))
    assert len(problems) == 1 and problems[0].cell == 0 and says in problems[0].message, problems


def test_a_claim_reading_several_earlier_examples_is_not_refuted(notebook):
    # z of one section, J of another: the summary's J is the Jacobian it means, not the last J defined.
    cells = [md(r"# One" "\n\n" r"Let $y = g(x)$ and $z = \tfrac12 \lVert y \rVert^2$."),
             md(r"# Two" "\n\n" r"Here $J = J_3 J_2 J_1$ for three layers."),
             md(r"# Summary" "\n\n" r"$\nabla_x z = J^\top \nabla_y z$.")]
    problems, coverage = check_notebook(notebook(*cells))
    assert problems == [] and coverage.unchecked == 1, (problems, coverage)


def test_a_functions_parameter_is_its_own_name(notebook):
    # `f(h) = w h` in one dimension says nothing about the stream h of a later section; the entries of W_l are
    # then compared at several values of the index, so a transposed index fails.
    text = (r"# Layers" "\n\n" r"In one dimension $f(h) = w h$. " "\n\n" r"# Backward" "\n\n"
            r"With $W_l \in \mathbb{R}^{n \times n}$, $z_l = W_l h_{l-1}$, $h_l = \phi(z_l)$ and "
            r"$\bar{h}_{l-1} = W_l^\top (\phi'(z_l) \odot \bar{h}_l)$, $m_l = [W_l h > 0]$, "
            r"$\bar{h}_{l-1,j} = \sum_{i=1}^{n} W_{l,ij} \phi'(z_{l,i}) \bar{h}_{l,i}$.")
    problems, coverage = formula_problems(notebook, text)
    assert problems == [] and coverage.checked == 1, (problems, coverage)
    problems, _ = formula_problems(notebook, text.replace("W_{l,ij}", "W_{l,ji}"))
    assert len(problems) == 1 and "at a random instance, j = 1: the left side is" in problems[0].message, problems


# Issue 22: row k of a layer's gradient written with the layer's number first (`\bar{W}_{1,k}`, `w_{2,k}`), and the
# inputs as the rows of the batch (`x_b^\top = X_{b,:}`).
HIDDEN = (r"# Symmetry" "\n\n" r"A batch $X \in \mathbb{R}^{B \times 3}$ whose row $b$ is $x_b^\top = X_{b,:}$: "
          r"$H = \tanh(X W_1^\top)$, $y = H w_2$, $L = \frac{1}{B} \sum_b (y_b - t_b)^2$ and "
          r"$\bar{y} = \nabla_y L = \frac{2}{B}(y - t)$. Row $k$ of the gradient: ")


@pytest.mark.parametrize(("claim", "says"), [
    (r"$\bar{W}_{1,k} = \sum_b \bar{y}_b\, w_{2,k}\, (1 - H_{bk}^2)\, x_b^\top$", ""),
    (r"$\bar{W}_{1,k} = \sum_b \bar{y}_b\, w_{2,k}\, (1 - H_{bk})\, x_b^\top$", "the left side is"),  # a dropped square
    (r"$\bar{W}_{1,k} = \sum_b \bar{y}_b\, w_{2,b}\, (1 - H_{bk}^2)\, x_b^\top$", "the index b"),  # the wrong index
])
def test_a_row_of_a_numbered_layer_is_that_layers_row(notebook, claim, says):
    problems, coverage = formula_problems(notebook, HIDDEN + claim)
    assert coverage.checked == 2 and len(problems) == bool(says), (problems, coverage)
    assert not says or says in problems[0].message and claim.strip("$").replace("\\,", " ") in problems[0].message, (
        problems)


def test_a_layers_entries_are_read_as_an_entry_where_the_section_writes_no_layer(notebook):
    verdicts = _verdicts(r"W \in \mathbb{R}^{2 \times 3}", r"y = W x", r"y_1 = \sum_j W_{1,j} x_j")
    assert verdicts[-1].ok is True, verdicts


# Outsider run 3 (G5, G6): `q_{in}`, `y_{ref}` are labels of scalars' names, not two indices of a vector.
TANK = (r"### Step 2" "\n\n" r"$$x = h-\bar{h}$$" "\n\n" r"$$u = q-\bar{q}$$" "\n\n" r"where $A=1$, $C=2$, and "
        r"a constant input $q_{in}=\bar{q}_{in}=1$. The input $u=q_{in}-\bar{q}_{in}=0$, and "
        r"$$\frac{dv}{dt} = -\frac{1}{\tau^2}(y-y_{ref}) + K\left(u-u_{ref}\right)$$ with $y = y_{ref} + KU$.")


def test_a_subscript_in_words_is_a_label_not_two_indices(notebook):
    problems, _ = check_notebook(notebook(md(TANK)))
    assert problems == [], problems


@pytest.mark.parametrize("claim", [r"$y_i = \sum_j W_{ji} x_j$", r"$\bar{x}_j = \sum_i \bar{y}_i W_{ji}$"])
def test_two_letter_indices_of_a_declared_matrix_are_still_entries(notebook, claim):
    problems, _ = formula_problems(notebook, LAYER + claim)
    assert len(problems) == 1 and "the shapes do not agree" in problems[0].message, problems


# Outsider run 3 (G9, G13, G6): a failure at sizes the reader guessed (a capital read as a matrix, a bold name of no
# stated size) is unchecked with its reason; with every size given by the text it is a problem.
BLEND = (r"#### Constraint" "\n\n" r"$$V = \sum_{c\in C} x_c$$ and $$\bar{A} = \frac{\sum_{c\in C}x_c A_c}"
         r"{\sum_{c\in C} x_c}$$ so $$0 = \sum_{c\in C}x_c \left(A_c - \bar{A}\right)$$")
STEP = (r"## Step" "\n\n" r"Let $u = u_0 + U$ and $y = y_0 + K U$, so $$\frac{dv}{dt} = -(y - y_0) + K(u - u_0)$$")
BOLD = (r"## Quadratic" "\n\n" r"$$g(\mathbf{w}) = a + \mathbf{b}^T\mathbf{w} + \mathbf{w}^T\mathbf{C}\mathbf{w}$$ "
        r"with $\mathbf{C} = \begin{bmatrix} 1 & 0 \\ 0 & 2 \end{bmatrix}$ at $\mathbf{w} = \begin{bmatrix} 0 \\ 0"
        r" \end{bmatrix}$ where $g(\mathbf{w}) = 0$.")


@pytest.mark.parametrize("text", [BLEND, STEP, BOLD])
def test_a_failure_at_guessed_sizes_is_unchecked(notebook, text):
    problems, coverage = check_notebook(notebook(md(text)))
    assert problems == [] and coverage.checked == 0, (problems, coverage)


@pytest.mark.parametrize(("claim", "says"), [
    # a transposition, every size declared: the message says which name had which size
    (r"$\mathbf{A}^T \mathbf{x} = \mathbf{y}$", r"the shapes do not agree: a matrix product: sizes 2 and 3 "
                                                r"(\mathbf{A}: 2 by 3, \mathbf{x}: 3, \mathbf{y}: 2)"),
    (r"$\mathbf{A} \mathbf{x} + \mathbf{x} = \mathbf{y}$", "the shapes do not agree"),  # a sum of sizes 2 and 3
    (r"$\mathbf{y}^T = \mathbf{x}^T \mathbf{A}$", "the shapes do not agree"),  # a product in the wrong order
])
def test_a_wrong_claim_with_declared_sizes_is_still_reported(notebook, claim, says):
    text = (r"## Map" "\n\n" r"Let $\mathbf{A} \in \mathbb{R}^{2 \times 3}$, $\mathbf{x} \in \mathbb{R}^3$ and "
            r"$\mathbf{y} = \mathbf{A}\mathbf{x}$. Then " + claim + ".")
    problems, _ = formula_problems(notebook, text)
    assert len(problems) == 1 and says in problems[0].message, problems


def test_a_message_marks_the_sizes_the_reader_guessed(notebook):
    """Eleventh tester, cphy: a shape message printed sizes the reader had guessed as if the text gave them; the
    stray vector in `2 p_0 h x_0^T p_0` is a real error, and the message says which sizes are guesses."""
    text = ("## Step\n\nLet $\\mathbf{x}_{1} = \\mathbf{x}_0 + h \\mathbf{p}_0$. Then "
            "$$\\mathbf{x}_1^T \\mathbf{x}_1 = \\mathbf{x}_0^T \\mathbf{x}_0 + 2 \\mathbf{p}_0 h \\mathbf{x}_0^T "
            "\\mathbf{p}_0 + h^2 \\mathbf{p}_0^T \\mathbf{p}_0$$")
    problems, _ = check_notebook(notebook(md(text)))
    assert len(problems) == 1 and "\\mathbf{p_0}: guessed 3" in problems[0].message, problems
    assert "\\mathbf{x_1}: 3" in problems[0].message, problems


# Outsider run 3 (G13, G16, G17): a matrix whose columns are set apart by spacing, or written with dots, has no size
# the reader takes; it ends the name's old definition.
SOLVE = (r"## Solve" "\n\n" r"Take $\mathbf{C} = \begin{bmatrix} 1 & 0 \\ 0 & 2 \end{bmatrix}$ and "
         r"$\mathbf{w} = \begin{bmatrix} 3 \\ 4 \end{bmatrix}$, so $\mathbf{C}\mathbf{w} = \begin{bmatrix} 3 \\ 8"
         r" \end{bmatrix}$.")


@pytest.mark.parametrize("text", [
    SOLVE.replace("1 & 0 \\\\ 0 & 2", "1 \\,\\, 0 \\\\ 0 \\,\\, 2").replace("3 \\\\ 8", "3 \\\\ 9"),
    SOLVE.replace(r"so $", r"and in $N$ dimensions $\mathbf{C} = \begin{bmatrix} c_1 & \cdots & 0 \\ \vdots & \ddots "
                           r"& \vdots \\ 0 & \cdots & c_N \end{bmatrix}$ so $").replace("3 \\\\ 8", "3 \\\\ 9"),
])
def test_a_matrix_of_no_readable_size_is_unchecked_and_ends_the_old_one(notebook, text):
    problems, _ = check_notebook(notebook(md(text)))
    assert problems == [], problems


@pytest.mark.parametrize(("product", "ok"), [("3 \\\\ 8", True), ("3 \\\\ 9", False)])
def test_a_product_with_a_matrix_written_with_ampersands_is_checked(notebook, product, ok):
    problems, coverage = check_notebook(notebook(md(SOLVE.replace("3 \\\\ 8", product))))
    assert len(problems) == (not ok) and coverage.checked == 1, (problems, coverage)
    assert ok or "the left side is [3, 8] (shape [2]), the right side [3, 9]" in problems[0].message, problems


# Outsider run 3 (G11, G12): `\mathbf{x}_1 = [1; 0]` beside a vector x names a vector of its own; `\mathbf{w}^0` is an
# iterate, not a power.
NUMBERED = (r"## Vectors" "\n\n" r"Let $\mathbf{x} = \begin{bmatrix} 1 \\ 2 \end{bmatrix}$. The first "
            r"$\mathbf{x}_1 = \begin{bmatrix} 1 \\ 0 \end{bmatrix}$ is fixed, and $\mathbf{x}_1^T \mathbf{x} = 1$. "
            r"We start at $\mathbf{w} = \begin{bmatrix} 0 \\ 0 \end{bmatrix}$ and at "
            r"$\mathbf{w}^0 = \begin{bmatrix} 10 \\ 1 \end{bmatrix}$.")


def test_a_numbered_bold_vector_is_a_name_and_an_iterate_no_power(notebook):
    problems, coverage = check_notebook(notebook(md(NUMBERED)))
    assert problems == [] and coverage.checked == 1, (problems, coverage)


def test_a_wrong_claim_about_a_numbered_vector_is_reported(notebook):
    problems, _ = check_notebook(notebook(md(NUMBERED.replace(r"\mathbf{x} = 1$", r"\mathbf{x} = 2$"))))
    assert len(problems) == 1 and "the left side is 1" in problems[0].message, problems


# Outsider run 3 (G22): a relation that gives a name nothing defines (only declared) is no identity.
SHARDS = (r"## Tensor Parallelism" "\n\n" r"We can write it as $Ax=y$, with $A\in\mathbb{R}^{d_y\times d_x}$, "
          r"$x\in\mathbb{R}^{d_x\times B}$ and $y\in\mathbb{R}^{d_y\times B}$, by: $y_i = \sum_{j} A_{i,j} x_j$.")


def test_a_relation_giving_a_declared_name_nothing_defines_is_unchecked(notebook):
    problems, coverage = check_notebook(notebook(md(SHARDS)))
    assert problems == [] and coverage.checked == 0, (problems, coverage)


def test_a_relation_with_the_name_defined_is_checked_and_a_transposition_reported(notebook):
    defined = SHARDS.replace("$Ax=y$", "$y = Ax$")
    problems, coverage = formula_problems(notebook, defined)
    assert problems == [] and coverage.checked == 1, (problems, coverage)
    problems, _ = formula_problems(notebook, defined.replace("A_{i,j} x_j", "A_{j,i} x_j"))
    assert len(problems) == 1 and "the shapes do not agree" in problems[0].message, problems


def test_rank_counts_independent_columns():
    """A row twice another leaves two independent columns of three; a permutation keeps all three."""
    assert Tensor(3, 3, (1.0, 2.0, 3.0, 2.0, 4.0, 6.0, 1.0, 0.0, 1.0)).rank() == 2
    assert Tensor(3, 3, (0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0)).rank() == 3
    assert Tensor(2, 1, (0.0, 0.0)).rank() == 0


DETERMINANTS = (r"# Determinants" "\n\n" r"Let $A = \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}$ and "
                r"$\Sigma = \begin{pmatrix} 2 & 1 \\ 1 & 2 \end{pmatrix}$. ")


@pytest.mark.parametrize("claim", [r"$\det(A) = -2$", r"$\det A = -2$", r"$\operatorname{det}(A) = -2$",
                                   r"$\det\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix} = -2$",
                                   r"$\det\begin{bmatrix} 2 & 0 & 0 \\ 0 & 3 & 0 \\ 1 & 0 & 4 \end{bmatrix} = 24$",
                                   r"$\det \Sigma = 3$", r"$\Sigma^2 = \begin{pmatrix} 5 & 4 \\ 4 & 5 \end{pmatrix}$",
                                   r"$\Sigma^{-1} = \frac{1}{3}\begin{pmatrix} 2 & -1 \\ -1 & 2 \end{pmatrix}$"])
def test_a_determinant_and_a_matrix_named_in_capital_greek_are_computed(notebook, claim):
    """`\\det\\begin{pmatrix}` (round 67's missed plant) and `\\Omega = \\begin{pmatrix}` were "the matrix reader
    cannot read it"; `\\det(A) = -2` beside a defined A was "no check applies"."""
    problems, coverage = formula_problems(notebook, DETERMINANTS + claim)
    assert problems == [] and coverage.checked == 1, (problems, coverage)


@pytest.mark.parametrize(("claim", "says"), [
    (r"$\det(A) = 2$", "the left side is -2, the right side 2"),
    (r"$\det\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix} = 10$", "the left side is -2"),
    (r"$\det \Sigma = 5$", "the left side is 3"),
    (r"$\Sigma^2 = \begin{pmatrix} 5 & 4 \\ 4 & 4 \end{pmatrix}$", "the left side is [5, 4, 4, 5]"),
    (r"$\det\begin{pmatrix} 1 & 2 & 3 \\ 4 & 5 & 6 \end{pmatrix} = 0$", "the shapes do not agree"),
])
def test_a_wrong_determinant_or_greek_matrix_claim_fails(notebook, claim, says):
    problems, _ = check_notebook(notebook(md(DETERMINANTS + claim)))  # a number claim or a formula one
    assert len(problems) == 1 and says in problems[0].message, problems


def test_the_determinant_changes_sign_with_each_row_swap():
    assert Tensor.build(3, 3, lambda i, j: [[0, 1, 0], [1, 0, 0], [0, 0, 1]][i][j]).determinant() == -1
    assert Tensor.build(2, 2, lambda i, j: [[1, 2], [2, 4]][i][j]).determinant() == 0


@pytest.mark.parametrize("claim", [r"$$\nabla_x \|x\|_2^2 = 2x$$", r"$$\nabla_x \|Ax + b\|_2^2 = 2A^T (Ax + b)$$",
                                   r"$$\nabla_w \lVert Xw - y \rVert_2^2 = 2X^\top (Xw - y)$$",
                                   r"$$\nabla_x (x^T A x) = (A + A^T) x$$", r"$$\nabla_x (b^T x) = b$$",
                                   r"$$\nabla_x \langle a, x \rangle = a$$",
                                   r"$$\nabla_x \langle Ax, x \rangle = (A + A^T) x$$"])
def test_a_gradient_of_a_written_formula_holds_for_names_nothing_defines(notebook, claim):
    """ml-mipt's `\\nabla_x \\|Ax + b\\|_2^2 = 2 A^T (Ax + b)` (round 68): `\\|` was read as a command `\\normAx`, a
    norm's `_2` stopped the reader, `\\langle a, x \\rangle` was unread, and a claim in names nothing defines was never
    computed. The gradient of a formula written out is an identity of matrix calculus: it holds, or not, for every
    value of its names."""
    problems, coverage = formula_problems(notebook, "# Gradients\n\n" + claim)
    assert problems == [] and coverage.checked == 1, (problems, coverage)


@pytest.mark.parametrize("claim", [r"$$\nabla_x \|x\|_2^2 = x$$", r"$$\nabla_x \|Ax + b\|_2^2 = A^T (Ax + b)$$",
                                   r"$$\nabla_w \|Xw - y\|_2^2 = 2X^T (Xw - y) + 1$$",
                                   r"$$\nabla_x \langle Ax, x \rangle = 2 A^T x + x$$"])
def test_a_wrong_gradient_of_a_written_formula_is_reported(notebook, claim):
    problems, _ = formula_problems(notebook, "# Gradients\n\n" + claim)
    assert len(problems) == 1 and "the left side" in problems[0].message, problems


def test_a_norm_other_than_the_euclidean_is_left_unread(notebook):
    problems, coverage = formula_problems(notebook, r"# Norms" "\n\n" r"$$\nabla_x \|x\|_1 = 2x$$")
    assert problems == [] and coverage.checked == 0, (problems, coverage)
