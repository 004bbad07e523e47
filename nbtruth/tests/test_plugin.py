"""The pytest plugin, switched on by one line of configuration; outcomes are counted, not matched."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_markdown_cell, new_notebook

RIGHT = r"# Chain" "\n\n" r"$y = x + 1$, $z = y^2$, so $\frac{dz}{dy} = 2y$."


def write(pytester, text: str) -> None:
    nbformat.write(new_notebook(cells=[new_markdown_cell(text)]), str(pytester.path / "lesson.ipynb"))


def test_one_line_of_configuration_switches_it_on(pytester):
    pytester.makeini("[pytest]\nnbtruth = true\n")
    write(pytester, RIGHT)
    result = pytester.runpytest("-p", "no:nbval")
    result.assert_outcomes(passed=3)  # expected-outputs, numbers, formulas
    result.stdout.fnmatch_lines(["*nbtruth coverage*", "lesson.ipynb: 3 equations*"])


def test_a_wrong_formula_fails_its_test(pytester):
    pytester.makeini("[pytest]\nnbtruth = true\n")
    write(pytester, RIGHT.replace("2y", "3y"))
    result = pytester.runpytest("-p", "no:nbval")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*differentiating z = y^{2} gives 2 y*"])


def test_off_by_default_and_style_on_request(pytester):
    write(pytester, RIGHT)
    pytester.runpytest("-p", "no:nbval").assert_outcomes()
    result = pytester.runpytest("-p", "no:nbval", "--nbtruth-style")
    result.assert_outcomes(passed=5, failed=1)  # no .py twin: the pairing check fails
