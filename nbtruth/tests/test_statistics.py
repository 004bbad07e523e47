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
