"""Inequalities and approximations in a chain (`\\sigma' = \\sigma(1-\\sigma) \\le 0.25`,
`\\sigma'(6) \\approx 0.0025`): right ones pass and are counted, each planted error fails naming the equation,
both sides' values and the cell."""

from __future__ import annotations

import pytest
from nbtruth.formulas import readings
from nbtruth.notebook import Context, read_notebook
from nbtruth.relations import Domain, parse_domain, split_relations

from nbtruth import check_notebook

from .factories import md

SIGMOID = "# Sigmoid\n\nLet $\\sigma(x) = \\frac{1}{1 + e^{-x}}$.\n\n"


def problems_and_coverage(notebook, text: str, intro: str = SIGMOID):
    """The truth problems of a notebook whose second cell says `text`, and its coverage."""
    return check_notebook(notebook(md(intro), md(text)))


@pytest.mark.parametrize(("right", "wrong", "values"), [
    # a bound in the wrong direction
    (r"$\sigma' = \sigma(1-\sigma) \le 0.25$", r"$\sigma' = \sigma(1-\sigma) \ge 0.25$",
     ("the left side `\\sigma(1-\\sigma)` is 1.92875e-22", "the right side `0.25` is 0.25")),
    # a bound that is reached, written as strict
    (r"$\tanh' = 1 - \tanh^2 \le 1$", r"$\tanh' = 1 - \tanh^2 < 1$",
     ("at x = 0 the left side `1 - \\tanh^2` is 1", "the right side `1` is 1")),
    # a bound too tight
    (r"$\sigma'(x) = \sigma(x)(1 - \sigma(x)) > 0$", r"$\sigma'(x) = \sigma(x)(1 - \sigma(x)) > 0.01$",
     ("at x = -50 the left side `\\sigma(x)(1 - \\sigma(x))` is 1.92875e-22", "the right side `0.01` is 0.01")),
])
def test_a_wrong_inequality_fails_with_both_sides_at_a_point(notebook, right, wrong, values):
    problems, coverage = problems_and_coverage(notebook, right)
    assert problems == [] and coverage.checked == coverage.stating == 1, (problems, coverage)
    problems, _ = problems_and_coverage(notebook, wrong)
    assert len(problems) == 1 and problems[0].cell == 1, problems
    assert wrong.strip("$") in problems[0].message and all(v in problems[0].message for v in values), problems


def test_an_inequality_holds_over_the_domain_the_sentence_states(notebook):
    problems, coverage = problems_and_coverage(notebook, r"Indeed $f(x) = x^2 \le x$ for $x \in [0, 1]$.", "# Squares")
    assert problems == [] and coverage.checked == 1, (problems, coverage)
    problems, _ = problems_and_coverage(notebook, r"Indeed $f(x) = x^2 \le x$ for $x \in [0, 2]$.", "# Squares")
    assert len(problems) == 1 and "at x = 1.1 the left side `x^2` is 1.21" in problems[0].message, problems


def test_a_side_outside_its_domain_is_skipped_not_failed(notebook):
    problems, coverage = problems_and_coverage(notebook, r"$g(x) = \log x \le x - 1$", "# Logs")
    assert problems == [] and coverage.checked == 1, (problems, coverage)


@pytest.mark.parametrize(("right", "wrong", "values"), [
    (r"$\sigma'(6) \approx 0.0025$", r"$\sigma'(6) \approx 0.0035$", ("0.00246651", "the right side 0.0035")),
    (r"$\sigma(2) \approx 0.88$", r"$\sigma(2) \approx 0.86$", ("0.880797", "the right side 0.86")),
])
def test_a_wrong_approximation_fails_to_the_digits_written(notebook, right, wrong, values):
    problems, coverage = problems_and_coverage(notebook, right)
    assert problems == [] and coverage.checked == 1, (problems, coverage)
    problems, _ = problems_and_coverage(notebook, wrong)
    assert len(problems) == 1 and problems[0].cell == 1 and problems[0].check == "number", problems
    assert wrong.strip("$") in problems[0].message and all(v in problems[0].message for v in values), problems


def test_an_approximation_between_formulas_is_unchecked_with_its_reason(notebook):
    path = notebook(md(SIGMOID + r"For large $x$, $\sigma'(x) \approx e^{-x}$."))
    found = [r for _, r in readings(Context(path, read_notebook(path))) if r.kind == "unchecked"]
    assert len(found) == 1 and "only a number written after it says how close" in found[0].reason


def test_a_lone_inequality_is_a_condition_not_a_claim(notebook):
    # `for $\rho < 1$` restricts what the sentence says; it is no equation, and no problem.
    problems, coverage = problems_and_coverage(notebook, r"Take $\rho = 2$. It decays for $\rho < 1$.", "# Decay")
    assert problems == [] and coverage.stating == 0


def test_chains_split_at_every_relation_outside_brackets():
    assert split_relations(r"\sigma' = \sigma(1-\sigma) \leq 0.25") == (["\\sigma'", "\\sigma(1-\\sigma)", "0.25"],
                                                                      ["=", "\\leq"])
    assert split_relations(r"\mathbb{1}[H > 0] = m") == (["\\mathbb{1}[H > 0]", "m"], ["="])


@pytest.mark.parametrize(("latex", "domain"), [
    ("x > 0", Domain("x", 0.0, None, True, True)), (r"0 \le x \le 1", Domain("x", 0.0, 1.0, False, False)),
    (r"x \in [0, \infty)", Domain("x", 0.0, None, False, True)), (r"t < 2", Domain("t", None, 2.0, True, True)),
    ("x = 0", None),
])
def test_domains_the_text_states(latex, domain):
    assert parse_domain(latex) == domain
