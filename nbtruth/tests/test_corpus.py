"""Notebooks in the styles other courses use: the truth checks report no false problems on them,
and the house-style checks stay off unless asked for."""

from __future__ import annotations

import subprocess
import sys

from nbtruth.cli import main

from nbtruth import check_notebook, select

from .factories import code, md

OTHER_STYLES = [
    # Trailing comments that are remarks, not outputs; no .py twin.
    [md("# Lists\n\nAppending grows a list."),
     code("xs = [1, 2]  # a small list\nxs.append(3)  # now three\nprint(xs)  # prints the list", "[1, 2, 3]\n"),
     code('print("a" + "b")  # strings added with + are concatenated\nprint(len(xs))  # this will call __len__',
          "ab\n3\n")],
    # Math in \( \) and $$, equations that are inputs, and relations nothing defines.
    [md(r"# Physics" "\n\n" r"Take \(m = 2\) and \(v = 3\). Energy is $$E = \frac{1}{2} m v^2$$ and "
        r"momentum \(p = m v\). Newton: \(F = ma\)."),
     code("m, v = 2, 3\nprint(0.5 * m * v**2)", "9.0\n")],
    # Numbers in the prose that no code prints (a different course's habit), and an inline-code dollar.
    [md("# Prices\n\nIt costs `$5` and a derivation gives $\\sin(0) = 0$ and $2^{10} = 1024$."),
     code("print('done')", "done\n")],
]


def test_other_styles_give_no_false_problems(notebook):
    for i, cells in enumerate(OTHER_STYLES):
        problems, _ = check_notebook(notebook(*cells, name=f"style{i}"))
        assert problems == [], problems


def test_style_checks_are_off_unless_asked(notebook):
    path = notebook(*OTHER_STYLES[0], name="remarks")
    problems, _ = check_notebook(path, select(style=True), {"style": True})
    assert {p.check for p in problems} >= {"pairing", "expected output"}


def test_an_expected_output_that_states_a_value_is_checked_in_any_style(notebook):
    path = notebook(md("# Sums"), code("print(1 + 1)  # 3", "2\n"))
    problems, _ = check_notebook(path)
    assert len(problems) == 1 and "should print '3'" in problems[0].message


def test_a_wrong_formula_in_another_style_is_caught(notebook):
    path = notebook(md(r"# Calculus" "\n\n" r"With \(f = x^3\), $$\frac{df}{dx} = 2x^2$$"))
    problems, _ = check_notebook(path)
    assert len(problems) == 1 and "gives 3 x^{2}" in problems[0].message


def test_the_command_prints_a_coverage_line_per_notebook(notebook, tmp_path, capsys):
    notebook(md(r"# A" "\n\n" r"$y = x^2$, $\frac{dy}{dx} = 2x$, $\int y = 1$"), name="a")
    assert main([str(tmp_path)]) == 0
    assert ("a.ipynb: 3 equations, 2 parsed; 1 checked symbolically, 0 checked against printed output, "
            "1 definitions or inputs, 1 unchecked") in capsys.readouterr().out
    notebook(md(r"# A" "\n\n" r"$y = x^2$, $\frac{dy}{dx} = 3x$"), name="a")
    assert main([str(tmp_path)]) == 1
    assert main([str(tmp_path / "missing")]) == 2


def test_installing_nbtruth_brings_no_chapter_and_no_torch():
    probe = "import sys, nbtruth, nbtruth.plugin, nbtruth.cli; print(sorted(m for m in sys.modules " \
            "if m.split('.')[0] in ('torch', 'chainrule_helpers', 'numpy')))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
