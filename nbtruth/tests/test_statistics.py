"""Expectations and variances of distributions the text states: exact for polynomials, seeded draws otherwise;
each planted error fails naming the equation, both sides' values and the cell."""

from __future__ import annotations

import pytest
from nbtruth.formulas import readings
from nbtruth.notebook import Context, read_notebook

from nbtruth import check_notebook

from .factories import md

NORMAL = r"# Noise" "\n\n" r"Let $X \sim \mathcal{N}(\mu, \sigma^2)$ and $U \sim \mathcal{U}(a, b)$. "


@pytest.mark.parametrize(("right", "wrong", "values"), [
    (r"$\operatorname{Var}(2X + 1) = 4\sigma^2$", r"$\operatorname{Var}(2X + 1) = 2\sigma^2$",
     ("the left side `\\operatorname{Var}(2X + 1)` is 4 \\sigma^{2}", "the right side `2\\sigma^2` is 2 \\sigma^{2}")),
    (r"$\mathbb{E}[X^2] = \mu^2 + \sigma^2$", r"$\mathbb{E}[X^2] = \mu^2$",
     ("is \\mu^{2} + \\sigma^{2}", "the right side `\\mu^2` is \\mu^{2}")),
    (r"$\operatorname{Var}(U) = \frac{(b-a)^2}{12}$", r"$\operatorname{Var}(U) = \frac{(b-a)^2}{6}$",
     ("the left side `\\operatorname{Var}(U)` is", "the right side `\\frac{(b-a)^2}{6}`")),
])
def test_a_wrong_variance_or_expectation_fails_with_both_sides(notebook, right, wrong, values):
    problems, coverage = check_notebook(notebook(md(NORMAL + right)))
    assert problems == [] and coverage.checked == coverage.stating == 1, (problems, coverage)
    problems, _ = check_notebook(notebook(md(NORMAL + wrong)))
    assert len(problems) == 1 and problems[0].cell == 0, problems
    assert wrong.strip("$") in problems[0].message and all(v in problems[0].message for v in values), problems


def test_an_expectation_only_draws_can_give_is_estimated_with_a_stated_bound(notebook):
    text = r"# Gates" "\n\n" r"With $Z \sim \mathcal{N}(0, 1)$, $\mathbb{E}[\frac{1}{1 + e^{-Z}}] = {}$ by symmetry."
    problems, coverage = check_notebook(notebook(md(text.replace("{}", "0.5"))))
    assert problems == [] and coverage.checked == 1, (problems, coverage)
    problems, _ = check_notebook(notebook(md(text.replace("{}", "0.6"))))
    assert len(problems) == 1 and "40000 seeded draws estimate the left side at 0.50" in problems[0].message
    assert "standard error" in problems[0].message and "the other side is 0.6" in problems[0].message, problems


@pytest.mark.parametrize("text", [
    r"The weights have $\operatorname{Var}(W) = 2/n$.",  # no distribution stated for W
    r"Then $\mathbb{E}\lVert J v \rVert^2 = \lVert v \rVert^2$.",  # of a vector's norm
    r"With $Z \sim \mathcal{N}(0, s)$, $\mathbb{E}[\tanh(Z)^2] = 0.3$.",  # a parameter without a value
])
def test_what_no_stated_distribution_decides_is_unchecked_with_its_reason(notebook, text):
    path = notebook(md("# Init\n\n" + text))
    found = [r for _, r in readings(Context(path, read_notebook(path)))
             if r.ok is None and ("mathbb{E}" in r.statement or "Var" in r.statement)]
    assert check_notebook(path)[0] == [] and found and all(r.reason for r in found), found


# A vector or a matrix whose entries the text draws independently (issue 22): the matrix reader computes each side at
# an instance of the other names, an expectation from seeded draws of the whole matrix.
RELU_BLOCK = (r"# Block" "\n\n" r"Take $W \in \mathbb{R}^{n \times n}$ with $W_{ij} \sim \mathcal{N}(0, {var})$, "
              r"the mask $m = [W h > 0]$ and $J = \operatorname{diag}(m)\,W$. For every $v$, ")


@pytest.mark.parametrize(("var", "claim", "ok"), [
    ("2/n", r"$\mathbb{E}\lVert J v\rVert^2 = \lVert v\rVert^2$.", True),
    ("2/n", r"$\mathbb{E}\lVert W v\rVert^2 = 2\lVert v\rVert^2$.", True),
    ("2/n", r"$\mathbb{E}\lVert J v\rVert^2 = 2\lVert v\rVert^2$.", False),  # the mask's half forgotten
    ("1/n", r"$\mathbb{E}\lVert J v\rVert^2 = \lVert v\rVert^2$.", False),  # Xavier's variance under ReLU
])
def test_an_expectation_over_a_drawn_matrix_is_estimated_and_a_wrong_one_fails(notebook, var, claim, ok):
    problems, coverage = check_notebook(notebook(md(RELU_BLOCK.replace("{var}", var) + claim)))
    assert coverage.checked == 1, coverage
    if ok:
        assert problems == [], problems
    else:
        assert len(problems) == 1 and problems[0].cell == 0, problems
        message = problems[0].message
        assert claim.strip("$.") in message and "seeded draws, standard error" in message, message
        assert "the left side" in message and "the right side" in message, message


@pytest.mark.parametrize(("claim", "ok"), [
    (r"$\operatorname{Var}(W) = 1/n$", True),
    (r"$\operatorname{Var}(W) = 2/n$", False),
    (r"$n \operatorname{Var}(W) \cdot 2 = 2$", True),
    (r"$n \operatorname{Var}(W) \cdot 2 = 1$", False),
    (r"$\mathbb{E}[W] = 0$", True),
])
def test_the_variance_of_drawn_entries_is_the_distributions_exactly(notebook, claim, ok):
    text = (r"# Xavier" "\n\n" r"On a square layer $W \in \mathbb{R}^{n \times n}$, "
            r"$W_{ij} \sim \mathcal{N}(0, 2/(n + n))$: " + claim + ".")
    problems, coverage = check_notebook(notebook(md(text)))
    assert coverage.checked == 1 and (problems == []) == ok, (problems, coverage)
    assert ok or claim.strip("$") in problems[0].message and "the right side" in problems[0].message, problems


@pytest.mark.parametrize("text", [
    # an approximation between expectations: how close is not stated
    r"With $W_{ij} \sim \mathcal{N}(0, 1/n)$, $\mathbb{E}[y_j^2] \approx n \operatorname{Var}(W) \mathbb{E}[x_i^2]$.",
    # a distribution of another section's W, and a shape nothing declares: draws of a guessed shape decide nothing
    r"With $A \sim \mathcal{N}(0, 1)$, $\mathbb{E}\lVert A v\rVert^2 = 5 \lVert v\rVert^2$.",
])
def test_what_the_drawn_entries_do_not_decide_stays_unchecked_with_its_reason(notebook, text):
    path = notebook(md("# Draws\n\n" + text))
    found = [r for _, r in readings(Context(path, read_notebook(path))) if "mathbb{E}" in r.statement]
    assert check_notebook(path)[0] == [] and found and all(r.ok is None and r.reason for r in found), found


def test_the_arguments_of_expectations_and_variances_are_found():
    from nbtruth.statistics import statistic_spans

    spans = statistic_spans(r"n \operatorname{Var}(W)\, \mathbb{E}\big[\phi'(z)^2\big] + \mathbb{E}\lVert J v\rVert^2")
    assert [(kind, argument) for kind, argument, _, _ in spans] == [
        ("Var", "W"), ("E", r"\phi'(z)^2"), ("E", r"\lVert J v\rVert^2")]
    with pytest.raises(ValueError, match="no argument"):
        statistic_spans(r"\mathbb{E} = 1")


def test_moments_and_estimates_of_each_family():
    from nbtruth.statistics import Distribution, estimate, moments

    assert moments(Distribution("uniform", (0, 6))) == (3.0, 3.0)
    assert moments(Distribution("exponential", (2,))) == (0.5, 0.25)
    assert moments(Distribution("bernoulli", (0.25,))) == (0.25, 0.1875)
    mean = estimate("E", [0.0, 1.0, 5.0])
    assert mean.value == pytest.approx(2.0) and mean.error == pytest.approx((7 / 3) ** 0.5)
    assert estimate("Var", [0.0, 1.0, 5.0]).value == pytest.approx(7.0)
    with pytest.raises(ValueError, match="two draws"):
        estimate("E", [1.0])


@pytest.mark.parametrize(("written", "ok"), [("0.33", True), ("0.34", False)])
def test_an_exact_variance_written_as_a_number_is_checked_to_its_digits(notebook, written, ok):
    text = (r"# Small" "\n\n" r"With $W \in \mathbb{R}^{3 \times 3}$ and $W_{ij} \sim \mathcal{U}(-1, 1)$, "
            rf"$\operatorname{{Var}}(W) = {written}$.")
    problems, coverage = check_notebook(notebook(md(text)))
    assert coverage.checked == 1 and (problems == []) == ok, (problems, coverage)
