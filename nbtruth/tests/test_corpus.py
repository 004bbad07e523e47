"""Notebooks in the styles other courses use: the truth checks report no false problems on them,
and the house-style checks stay off unless asked for."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbtruth.cli import main
from nbtruth.formulas import readings
from nbtruth.notebook import Context, read_notebook, split_top_level

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


def test_a_notebook_that_states_nothing_says_so_rather_than_0_of_0(notebook, tmp_path, capsys):
    """17 of one course's 23 notebooks printed `0 of 0 stating equations checked` (round 66's tester)."""
    notebook(md(r"# A" "\n\n" r"Let $y = x^2$."), name="a")
    notebook(md(r"# B" "\n\n" r"$y = x^2$, $\frac{dy}{dx} = 2x$"), name="b")
    assert main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "a.ipynb: 1 equations, 1 parsed" in out and "; no stating equation: nothing to check" in out
    assert "0 of 0" not in out and "all 2 notebooks: 1 of 1 stating equations checked (100 %)" in out


def test_installing_nbtruth_brings_no_chapter_and_no_torch():
    probe = "import sys, nbtruth, nbtruth.plugin, nbtruth.cli; print(sorted(m for m in sys.modules " \
            "if m.split('.')[0] in ('torch', 'chainrule_helpers', 'numpy')))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# ------------------------------------------------------------------ a real-world corpus (issue 24)

CORPUS = Path(__file__).parent / "corpus"
COURSES = sorted(p for p in CORPUS.iterdir() if p.is_dir())


def _notebooks(course: Path) -> list[Path]:
    """The executed notebooks of one course of the corpus."""
    return sorted(course.glob("*.ipynb"))


def test_the_corpus_is_five_courses_with_their_licences():
    assert len(COURSES) >= 5 and sum(len(_notebooks(c)) for c in COURSES) >= 30
    for course in COURSES:
        assert (course / "LICENSE").is_file() and "Source: https://github.com/" in (course / "SOURCE.md").read_text()


@pytest.mark.parametrize("course", COURSES, ids=[c.name for c in COURSES])
def test_unchanged_notebooks_of_other_courses_give_no_problem(course):
    for path in _notebooks(course):
        problems, _ = check_notebook(path)
        assert problems == [], problems


def _planted(tmp_path: Path, source: Path, cell: int, text: str) -> Path:
    """A copy of a corpus notebook with one cell's source replaced."""
    nb = nbformat.read(str(source), as_version=4)
    nb.cells[cell].source = text
    target = tmp_path / source.name
    nbformat.write(nb, str(target))
    return target


def _checked_claims(kinds: tuple[str, ...]) -> list[tuple[Path, int, str]]:
    """(notebook, cell, statement) of every corpus claim of these kinds that nbtruth checked and found true."""
    found = []
    for course in COURSES:
        for path in _notebooks(course):
            ctx = Context(path, read_notebook(path))
            found += [(path, r.cell, r.statement) for _, r in readings(ctx) if r.ok and r.kind in kinds]
    return found


def test_a_planted_error_in_a_formula_of_the_corpus_is_caught_or_left_unchecked_never_passed(tmp_path):
    planted_in = 0
    for path, cell, statement in _checked_claims(("identity", "derivative")):
        sides = split_top_level(statement, ("=",))
        if re.fullmatch(r"\\?[A-Za-z]+(_\{?\w+\}?)?|\w+\([^()]*\)", sides[0].strip()):
            continue  # a name restated: written differently, it is the name reused for a new example
        wrong = "=".join([sides[0], f" 2 ({sides[1]}) ", *sides[2:]]).strip()  # the first link's right side doubled
        # a cell of its own right after the claim's, as the reader spells it (`{\\bf F}` is read `\\mathbf{F}`)
        nb = nbformat.read(str(path), as_version=4)
        nb.cells.insert(cell + 1, nbformat.v4.new_markdown_cell(f"So\n\n$${wrong}$$"))
        planted = tmp_path / path.name
        nbformat.write(nb, str(planted))
        found = [r for _, r in readings(Context(planted, read_notebook(planted))) if r.statement == wrong]
        assert found and found[0].ok is not True, (path.name, wrong)
        planted_in += 1
    assert planted_in, "no claim of the corpus was planted in"

PLANTED = [(r"$$\frac{d}{dq}\left[3q^2 - 4q\right] = 6q - 4$$", "6q - 4", "6q + 4"),  # a flipped sign
           (r"$$\frac{d}{dq} q^2 = 2q$$", "2q$", "3q$")]  # a changed coefficient


@pytest.mark.parametrize("course", COURSES, ids=[c.name for c in COURSES])
def test_a_formula_planted_in_every_corpus_notebook_is_caught_right_and_wrong(tmp_path, course):
    for path in _notebooks(course):
        nb = read_notebook(path)
        cell = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown")
        for text, right, wrong in PLANTED:
            source = nb.cells[cell].source + "\n\n" + text
            assert not check_notebook(_planted(tmp_path, path, cell, source))[0], path.name
            assert len(check_notebook(_planted(tmp_path, path, cell, source.replace(right, wrong)))[0]) == 1


def test_a_planted_error_in_arithmetic_of_the_corpus_is_caught(tmp_path):
    for path, cell, statement in _checked_claims(("arithmetic", "number")):
        digits = re.search(r"(\d)(?!.*\d)", statement)
        if not digits or not statement.rstrip()[-1].isdigit():
            continue
        wrong = statement[:digits.start()] + str((int(digits.group(1)) + 3) % 10) + statement[digits.end():]
        source = read_notebook(path).cells[cell].source
        if statement.strip() in source:
            planted = _planted(tmp_path, path, cell, source.replace(statement.strip(), wrong.strip(), 1))
            assert check_notebook(planted)[0]


def _one_number_cells() -> list[tuple[Path, int, str, float]]:
    """(notebook, cell, source, value) of corpus code cells with one top-level print that printed one number."""
    found = []
    for course in COURSES:
        for path in _notebooks(course):
            for i, cell in enumerate(read_notebook(path).cells):
                lines = cell.source.splitlines() if cell.cell_type == "code" else []
                out = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stdout").split()
                if (len(lines) == 1 and lines[0].startswith("print(") and "#" not in lines[0] and len(out) == 1
                        and re.fullmatch(r"-?\d+\.\d{3,}", out[0])):
                    found.append((path, i, lines[0], float(out[0])))
    return found


def test_expected_output_comments_planted_in_the_corpus_are_compared_to_the_digits_written(tmp_path):
    cells = _one_number_cells()
    assert len(cells) >= 3
    for path, cell, line, value in cells:
        assert not check_notebook(_planted(tmp_path, path, cell, f"{line}  # {value:.2f}"))[0]
        assert check_notebook(_planted(tmp_path, path, cell, f"{line}  # {value + 1:.2f}"))[0]
