"""Every check, house style on, fed small notebooks with a planted disagreement: each must fail and say where."""

from __future__ import annotations

import nbformat
import pytest
from nbtruth.checks import numbers
from nbtruth.claims import Claim, extract_claims
from nbtruth.cli import main

from nbtruth import check_notebook, select, verify_paths

from .factories import code, md

# The settings a course with nbtruth's house style passes (a chapter's own regenerate command aside).
SETTINGS = {"style": True, "regenerate": "regenerate the .ipynb from {py}"}
MARKDOWN = "# Title\n\n## Composition\n\nAt $x=3$ we find $\\frac{dz}{dx}=8$."
CODE = "x = 3\nprint(2 * (x + 1))  # 8"


def demo(markdown: str = MARKDOWN, source: str = CODE, printed: str = "8\n") -> list:
    """A section that states a value, and the code cell that prints it."""
    return [md(markdown), code(source, printed)]


def problems_in(path) -> list:
    """Every problem nbtruth finds in one notebook with every check on, house style included."""
    problems, _ = check_notebook(path, select(style=True), SETTINGS)
    return problems


def only(problems: list, check: str):
    """The one problem this check reported, failing the test when there is none or more than one."""
    found = [p for p in problems if p.check == check]
    assert len(found) == 1, problems
    return found[0]


def test_a_consistent_notebook_has_no_problems(notebook):
    assert problems_in(notebook(*demo(), paired=True)) == []


def test_a_changed_expected_output_comment_is_reported_with_both_values(notebook):
    path = notebook(*demo(source="x = 3\nprint(2 * (x + 1))  # 9"), paired=True)
    problem = only(problems_in(path), "expected output")
    assert problem.notebook == str(path) and problem.cell == 1
    assert "should print '9'" in problem.message and "printed '8'" in problem.message
    assert "lesson.py line" in str(problem)


def test_a_changed_value_in_the_prose_is_reported_with_the_printed_one(notebook):
    path = notebook(*demo(markdown=MARKDOWN.replace("=8$", "=9$")), paired=True)
    problem = only(problems_in(path), "prose claim")
    assert problem.notebook == str(path) and problem.cell == 0
    assert "\\frac{dz}{dx}=9" in problem.message and "nearest printed value is 8" in problem.message
    assert "'## Composition'" in problem.message


def test_a_py_edited_without_regenerating_is_reported_with_how_to_regenerate(notebook):
    path = notebook(*demo(), paired=True)
    py = path.with_suffix(".py")
    py.write_text(py.read_text().replace("print(2 * (x + 1))", "print(2 * (x + 2))"))
    problem = only(problems_in(path), "pairing")
    assert problem.notebook == str(path) and problem.cell == 1
    assert "print(2 * (x + 2))" in problem.message and "print(2 * (x + 1))" in problem.message
    assert f"regenerate the .ipynb from {py}" in problem.message


def test_changed_tags_and_cell_counts_break_the_pairing(notebook):
    path = notebook(*demo(), paired=True)
    nb = nbformat.read(str(path), as_version=4)
    nb.cells[1].metadata["tags"] = ["raises-exception"]
    nb.cells.append(md("extra"))
    nbformat.write(nb, str(path))
    messages = [p.message for p in problems_in(path)]
    assert any("tags differs" in m and "raises-exception" in m for m in messages)
    assert any("the .py has 2 cells, the .ipynb has 3" in m for m in messages)


def test_trailing_comments_elsewhere_are_reported(notebook):
    source = "x = 3  # an input\nfor i in range(2):\n    print(i)  # 0\nprint(x)  # 3"
    path = notebook(*demo(source=source, printed="0\n1\n3\n"), paired=True)
    messages = [p.message for p in problems_in(path) if p.check == "trailing comment"]
    assert len(messages) == 2
    assert "only on a print line" in messages[0] and "inside a block" in messages[1]


def test_pragmas_are_not_expected_outputs(notebook):
    path = notebook(*demo(source="import os  # noqa: F401\nprint(8)  # 8"), paired=True)
    assert problems_in(path) == []


def test_prints_that_write_several_lines_are_read_back_from_the_end(notebook):
    source = "print('a\\nb')\nprint(8)  # 8\nprint(9)  # 10"
    path = notebook(*demo(source=source, printed="a\nb\n8\n9\n"), paired=True)
    problem = only(problems_in(path), "expected output")
    assert "should print '10'" in problem.message and "printed '9'" in problem.message


def test_a_comment_matching_a_later_prints_line_is_not_a_pass(notebook):
    # The false pass an ordered search would allow: print(1) "found" the 7 that print(7) wrote.
    source = "print(1)  # 7\nprint(7)\nprint('x\\ny')"
    path = notebook(*demo(source=source, printed="1\n7\nx\ny\n"), paired=True)
    problem = only(problems_in(path), "expected output")
    assert "should print '7'" in problem.message and "printed '1'" in problem.message


def test_a_print_whose_line_the_cell_does_not_fix_is_reported_as_undecidable(notebook):
    source = "s = 'a\\nb'\nprint(s)\nprint(8)  # 8\nprint(s.upper())"
    path = notebook(*demo(source=source, printed="a\nb\n8\nA\nB\n"), paired=True)
    problem = only(problems_in(path), "expected output")
    assert "cannot tell which output line `print(8)` wrote" in problem.message


def test_prints_of_text_alone_fix_the_lines_around_them(notebook):
    """The thirty-third tester's planted `print(my_array[3])  # 50`: a cell opens with a print of unknown length, then
    alternates headings printed from string literals with annotated prints. A literal's lines are known before the
    cell runs (and must be where the count puts them), so reading back from the end reaches every annotated print."""
    source = ("a = [10, 20, 30, 40, 50]\nprint('array:\\n', a)\nprint('\\na[3] ->')\nprint(a[3])  # 50\n"
              "print('\\na[2:4] ->')\nprint(a[2:4])  # [30, 40]")
    printed = "array:\n [10, 20, 30, 40, 50]\n\na[3] ->\n40\n\na[2:4] ->\n[30, 40]\n"
    path = notebook(*demo(source=source, printed=printed), paired=True)
    problem = only(problems_in(path), "expected output")
    assert "`print(a[3])` should print '50'" in problem.message and "printed '40'" in problem.message


def test_a_call_between_prints_may_print_so_it_fixes_nothing(notebook):
    """A bare call (`show()`) may write lines of its own, like a print inside a block: counting from the first line
    stops at it, so `print(8)` is not compared with the line `show()` wrote, and stays undecided in house style."""
    source = "print('a')\nshow()\nprint(8)  # 8\nprint(s)"
    path = notebook(*demo(source="def show():\n    print('extra')\ns = 'x\\ny'", printed=""),
                    code(source, "a\nextra\n8\nx\ny\n"), paired=True)
    assert "cannot tell which output line `print(8)` wrote" in only(problems_in(path), "expected output").message


def test_a_loop_that_prints_before_the_last_print_leaves_it_readable_from_the_end(notebook):
    source = "for i in range(2):\n    print(i)\nprint('done')  # done"
    path = notebook(*demo(source=source, printed="0\n1\ndone\n"), paired=True)
    assert not [p for p in problems_in(path) if p.check == "expected output"]
    bad = notebook(*demo(source=source.replace("# done", "# 1"), printed="0\n1\ndone\n"), name="bad", paired=True)
    assert "should print '1'" in only(problems_in(bad), "expected output").message


def test_an_unreadable_notebook_is_a_problem_not_a_crash(tmp_path):
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{ this is not json")
    (problem,) = problems_in(broken)
    assert problem.check == "notebook" and "broken.ipynb" in problem.message


def test_nbtruths_own_failure_on_one_notebook_is_a_problem_and_the_others_are_checked(notebook, tmp_path):
    """A notebook nbtruth itself fails on (a bug of its reader) is one problem that says so; the batch goes on."""
    from nbtruth.registry import Check

    def failing(ctx):
        """Fail on the notebook named bad."""
        if ctx.path.stem == "bad":
            raise IndexError("list index out of range")
        return []

    good, bad = notebook(md("## A\n\n$1 + 1 = 2$"), name="good"), notebook(md("## B"), name="bad")
    covered, problems = verify_paths([good, bad], [Check("failing", "truth", failing)])
    assert [c is not None for _, c in covered] == [True, False]
    (problem,) = problems
    assert problem.check == "internal" and "nbtruth's error, not the notebook's" in problem.message
    assert "IndexError" in problem.message


def test_a_py_without_its_ipynb_is_reported(notebook):
    path = notebook(*demo(), paired=True)
    path.unlink()
    covered, problems = verify_paths([path.parent], select(style=True), SETTINGS)
    assert covered == []
    assert "no generated .ipynb" in problems[0].message


@pytest.mark.parametrize(("flags", "settings"), [(["--style"], None), ([], SETTINGS)], ids=["flag", "settings"])
def test_the_command_line_reports_and_sets_the_exit_code(notebook, tmp_path, capsys, flags, settings):
    notebook(*demo(), paired=True)
    assert main([*flags, str(tmp_path)], settings=settings) == 0
    assert "1 notebook(s) checked: 0 problem(s)" in capsys.readouterr().out
    notebook(*demo(source="print(8)  # 9"), name="bad", paired=True)
    assert main([*flags, str(tmp_path)], settings=settings) == 1
    out = capsys.readouterr().out
    assert "bad.ipynb, cell 1" in out and "2 notebook(s) checked: 1 problem(s)" in out
    assert main([*flags, str(tmp_path / "missing")], settings=settings) == 2


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
def test_how_a_claim_matches_printed_numbers(notebook, claim, printed, ok):
    path = notebook(md(f"## S\n\n{claim}"), code(f"print({printed!r})", printed + "\n"), paired=True)
    assert (problems_in(path) == []) is ok


def test_a_claim_must_be_printed_in_its_own_section(notebook):
    path = notebook(md("## One\n\n$\\frac{dz}{dx}=8$"), md("## Two"), code("print(8)", "8\n"), paired=True)
    problem = only(problems_in(path), "prose claim")
    assert "no code cell in this section prints a number" in problem.message


def test_output_that_is_not_compared_cannot_back_a_claim(notebook):
    path = notebook(md("## S\n\n$f'=8$"), code("print(8)", "8\n", tags=("nbval-ignore-output",)), paired=True)
    problem = only(problems_in(path), "prose claim")
    assert "no code cell in this section prints a number" in problem.message


def test_claims_stay_importable_where_courses_import_them():
    assert (numbers.Claim, numbers.extract_claims) == (Claim, extract_claims)
