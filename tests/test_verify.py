"""The checkers, fed small notebooks with planted disagreements: each must fail and say where."""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest
from conftest import NOTEBOOKS
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from chainrule_helpers.verify import check_notebook, extract_claims, main, verify_paths

MARKDOWN = "# Title\n\n## Composition\n\nAt $x=3$ we find $\\frac{dz}{dx}=8$."
CODE = "x = 3\nprint(2 * (x + 1))  # 8"


def stdout(text: str):
    return new_output("stream", name="stdout", text=text)


def write_pair(folder: Path, cells, name: str = "01_demo") -> Path:
    """Write NAME.ipynb with the given cells (outputs included) and its paired NAME.py."""
    nb = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                            "language": "python"}})
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, str(path))
    jupytext.write(nb, str(path.with_suffix(".py")), fmt="py:percent")
    return path


def demo_cells(markdown: str = MARKDOWN, code: str = CODE, printed: str = "8\n"):
    return [new_markdown_cell(markdown), new_code_cell(code, outputs=[stdout(printed)], execution_count=1)]


def only(problems, check):
    found = [p for p in problems if p.check == check]
    assert len(found) == 1, problems
    return found[0]


def test_a_consistent_notebook_has_no_problems(tmp_path):
    assert check_notebook(write_pair(tmp_path, demo_cells())) == []


def test_a_changed_expected_output_comment_is_reported_with_both_values(tmp_path):
    path = write_pair(tmp_path, demo_cells(code="x = 3\nprint(2 * (x + 1))  # 9"))
    problem = only(check_notebook(path), "expected output")
    assert problem.notebook == str(path) and problem.cell == 1
    assert "should print '9'" in problem.message and "printed '8'" in problem.message
    assert "01_demo.py line" in str(problem)


def test_a_changed_value_in_the_prose_is_reported_with_the_printed_one(tmp_path):
    path = write_pair(tmp_path, demo_cells(markdown=MARKDOWN.replace("=8$", "=9$")))
    problem = only(check_notebook(path), "prose claim")
    assert problem.notebook == str(path) and problem.cell == 0
    assert "\\frac{dz}{dx}=9" in problem.message and "nearest printed value is 8" in problem.message
    assert "'## Composition'" in problem.message


def test_a_py_edited_without_regenerating_is_reported(tmp_path):
    path = write_pair(tmp_path, demo_cells())
    py = path.with_suffix(".py")
    py.write_text(py.read_text().replace("print(2 * (x + 1))", "print(2 * (x + 2))"))
    problem = only(check_notebook(path), "pairing")
    assert problem.notebook == str(path) and problem.cell == 1
    assert "print(2 * (x + 2))" in problem.message and "print(2 * (x + 1))" in problem.message


def test_changed_tags_and_cell_counts_break_the_pairing(tmp_path):
    path = write_pair(tmp_path, demo_cells())
    nb = nbformat.read(str(path), as_version=4)
    nb.cells[1].metadata["tags"] = ["raises-exception"]
    nb.cells.append(new_markdown_cell("extra"))
    nbformat.write(nb, str(path))
    messages = [p.message for p in check_notebook(path)]
    assert any("tags differs" in m and "raises-exception" in m for m in messages)
    assert any("the .py has 2 cells, the .ipynb has 3" in m for m in messages)


def test_trailing_comments_elsewhere_are_reported(tmp_path):
    code = "x = 3  # an input\nfor i in range(2):\n    print(i)  # 0\nprint(x)  # 3"
    path = write_pair(tmp_path, demo_cells(code=code, printed="0\n1\n3\n"))
    messages = [p.message for p in check_notebook(path) if p.check == "expected output"]
    assert len(messages) == 2
    assert "only on a print line" in messages[0] and "inside a block" in messages[1]


def test_pragmas_are_not_expected_outputs(tmp_path):
    path = write_pair(tmp_path, demo_cells(code="import os  # noqa: F401\nprint(8)  # 8"))
    assert check_notebook(path) == []


def test_prints_that_write_several_lines_are_read_back_from_the_end(tmp_path):
    code = "print('a\\nb')\nprint(8)  # 8\nprint(9)  # 10"
    path = write_pair(tmp_path, demo_cells(code=code, printed="a\nb\n8\n9\n"))
    problem = only(check_notebook(path), "expected output")
    assert "should print '10'" in problem.message and "printed '9'" in problem.message


def test_a_comment_matching_a_later_prints_line_is_not_a_pass(tmp_path):
    # The false pass the old ordered search allowed: print(1) "found" the 7 that print(7) wrote.
    code = "print(1)  # 7\nprint(7)\nprint('x\\ny')"
    path = write_pair(tmp_path, demo_cells(code=code, printed="1\n7\nx\ny\n"))
    problem = only(check_notebook(path), "expected output")
    assert "should print '7'" in problem.message and "printed '1'" in problem.message


def test_a_print_whose_line_the_cell_does_not_fix_is_reported_as_undecidable(tmp_path):
    code = "print('a\\nb')\nprint(8)  # 8\nprint('c\\nd')"
    path = write_pair(tmp_path, demo_cells(code=code, printed="a\nb\n8\nc\nd\n"))
    problem = only(check_notebook(path), "expected output")
    assert "cannot tell which output line `print(8)` wrote" in problem.message


def test_a_loop_that_prints_before_the_last_print_leaves_it_readable_from_the_end(tmp_path):
    code = "for i in range(2):\n    print(i)\nprint('done')  # done"
    path = write_pair(tmp_path, demo_cells(code=code, printed="0\n1\ndone\n"))
    assert not [p for p in check_notebook(path) if p.check == "expected output"]
    bad = write_pair(tmp_path, demo_cells(code=code.replace("# done", "# 1"), printed="0\n1\ndone\n"), "02_bad")
    assert "should print '1'" in only(check_notebook(bad), "expected output").message


def test_an_unreadable_notebook_is_a_problem_not_a_crash(tmp_path):
    bad = tmp_path / "02_broken.ipynb"
    bad.write_text("{ this is not json")
    (problem,) = check_notebook(bad)
    assert problem.check == "notebook" and "02_broken.ipynb" in problem.message


def test_a_py_without_its_ipynb_is_reported(tmp_path):
    path = write_pair(tmp_path, demo_cells())
    path.unlink()
    count, problems = verify_paths([tmp_path])
    assert count == 0
    assert "no generated .ipynb" in problems[0].message


def test_the_command_line_reports_and_sets_the_exit_code(tmp_path, capsys):
    write_pair(tmp_path, demo_cells())
    assert main([str(tmp_path)]) == 0
    assert "1 notebook(s) checked: 0 problem(s)" in capsys.readouterr().out
    write_pair(tmp_path, demo_cells(code="print(8)  # 9"), name="02_bad")
    assert main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "02_bad.ipynb, cell 1" in out and "2 notebook(s) checked: 1 problem(s)" in out
    assert main([str(tmp_path / "missing")]) == 2


@pytest.mark.parametrize(
    ("markdown", "claims"),
    [
        ("$\\frac{dz}{dx}=8$", [(8.0,)]),
        ("$x=3$, $n = 4$, $(x, y)=(2, 3)$, $a_1 = 5$", []),
        ("$$\\frac{\\partial z}{\\partial x}=10,\\quad \\frac{\\partial z}{\\partial y}=10$$", [(10.0,), (10.0,)]),
        ("$\\sigma(0) = 0.5$ and $\\sigma'(0)\\approx 0.25$", [(0.5,), (0.25,)]),
        ("$\\nabla_x L = [0, 1, 1]$", [(0.0, 1.0, 1.0)]),
        ("$\\frac{dz}{dx} = 2(x+1) = 2 \\cdot 4 = 8.$", [(8.0,)]),
        ("$\\bar{g} = 2.5 \\times 10^{-3}$", [(0.0025,)]),
        ("$\\frac{dz}{dx}=2(x+1)$ and $\\frac{2}{3}$", []),
        ("$$\\frac{dy}{dx}=\\begin{cases}1, & x>0 \\\\ 0, & x<0\\end{cases}$$", []),
        ("$\\frac{dz}{dx}\\Big|_{x=3} = 8$", [(8.0,)]),
    ],
)
def test_what_counts_as_a_claim(markdown, claims):
    assert [c.values for c in extract_claims(markdown)] == claims


@pytest.mark.parametrize(
    ("claim", "printed", "ok"),
    [
        ("$f'=0.6667$", "tensor([ 0.6667, -0.6667])", True),
        ("$f'=0.6667$", "0.666666", True),
        ("$f'=0.667$", "0.6661", False),
        ("$f'=8$", "8.4", False),
        ("$f'=8$", "tensor(8.)", True),
        ("$f'=0.25$", "tensor([0.2500])", True),
        ("$f'=[0, 1, 1]$", "tensor([0., 1., 1.])", True),
        ("$f'=[0, 1, 1]$", "tensor([1., 0., 1.])", False),
        ("$f'=1$", "atol=1e-06", False),
    ],
)
def test_how_a_claim_matches_printed_numbers(tmp_path, claim, printed, ok):
    path = write_pair(tmp_path, demo_cells(markdown=f"## S\n\n{claim}", code=f"print({printed!r})",
                                           printed=printed + "\n"))
    assert (check_notebook(path) == []) is ok


def test_a_claim_must_be_printed_in_its_own_section(tmp_path):
    cells = [
        new_markdown_cell("## One\n\n$\\frac{dz}{dx}=8$"),
        new_markdown_cell("## Two"),
        new_code_cell("print(8)", outputs=[stdout("8\n")], execution_count=1),
    ]
    problem = only(check_notebook(write_pair(tmp_path, cells)), "prose claim")
    assert "no code cell in this section prints a number" in problem.message


def test_output_that_is_not_compared_cannot_back_a_claim(tmp_path):
    cell = new_code_cell("print(8)", outputs=[stdout("8\n")], execution_count=1)
    cell.metadata["tags"] = ["nbval-ignore-output"]
    problem = only(check_notebook(write_pair(tmp_path, [new_markdown_cell("## S\n\n$f'=8$"), cell])), "prose claim")
    assert "no code cell in this section prints a number" in problem.message


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


@pytest.mark.parametrize(("name", "right", "wrong", "claim", "computed"), PLANTED,
                         ids=[f"{n}-{k}" for n in ("01", "03") for k in ("coefficient", "factor", "sign", "variable")])
def test_a_planted_formula_error_in_the_chapter_fails(tmp_path, name, right, wrong, claim, computed):
    nb = nbformat.read(str(NOTEBOOKS / f"{name}.ipynb"), as_version=4)
    edited = [i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and right in c.source]
    assert edited, f"{right!r} is no longer in {name}: update this test"
    nb.cells[edited[0]].source = nb.cells[edited[0]].source.replace(right, wrong, 1)
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, str(path))
    problems = [p for p in check_notebook(path) if p.check == "formula"]
    assert len(problems) == 1 and problems[0].cell == edited[0], problems
    assert claim in problems[0].message and computed in problems[0].message, problems[0].message
