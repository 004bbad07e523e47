"""The pytest plugin, switched on by one line of configuration; outcomes are counted, not matched."""

from __future__ import annotations

import nbformat

# Imported here so that pytester's in-process runs share one SymPy: it removes modules first
# imported during a run, and a second run would otherwise mix objects of two SymPy copies.
import nbtruth.checks.formulas  # noqa: F401
import sympy.parsing.latex  # noqa: F401
from nbformat.v4 import new_markdown_cell, new_notebook

RIGHT = r"# Chain" "\n\n" r"$y = x + 1$, $z = y^2$, so $\frac{dz}{dy} = 2y$."
QUIET = ("-p", "no:nbval", "-p", "no:xdist", "-p", "no:hypothesispytest", "-p", "no:cacheprovider")


def write(pytester, text: str, name: str = "lesson") -> None:
    """Write a one-cell markdown notebook into pytester's folder."""
    nbformat.write(new_notebook(cells=[new_markdown_cell(text)]), str(pytester.path / f"{name}.ipynb"))


def test_one_line_of_configuration_switches_it_on(pytester):
    pytester.makeini("[pytest]\nnbtruth = true\n")
    write(pytester, RIGHT)
    write(pytester, RIGHT.replace("2y", "3y"), name="wrong")
    result = pytester.runpytest(*QUIET)
    result.assert_outcomes(passed=5, failed=1)  # expected-outputs, numbers, formulas for each notebook
    result.stdout.fnmatch_lines(["*differentiating z = y^{2} gives 2 y*", "*nbtruth coverage*",
                                 "lesson.ipynb: 3 equations*"])


def test_off_by_default_and_style_on_request(pytester):
    write(pytester, RIGHT)
    pytester.runpytest(*QUIET).assert_outcomes()
    result = pytester.runpytest(*QUIET, "--nbtruth-style")
    result.assert_outcomes(passed=5, failed=1)  # no .py twin: the pairing check fails


def test_a_baseline_lets_a_known_problem_pass_and_a_new_one_fail(pytester):
    from nbtruth.cli import main

    write(pytester, RIGHT.replace("2y", "3y"), name="known")
    assert main([str(pytester.path), "--write-baseline", str(pytester.path / "baseline.json"), "--quiet"]) == 0
    pytester.makeini("[pytest]\nnbtruth = true\nnbtruth_baseline = baseline.json\n")
    pytester.runpytest(*QUIET).assert_outcomes(passed=3)
    write(pytester, RIGHT.replace("2y", "4y"), name="new")
    pytester.runpytest(*QUIET).assert_outcomes(passed=5, failed=1)
