"""Switching nbtruth on in a course that has a backlog: ignore markers, a baseline, folders, other kernels."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import warnings

import nbformat
from nbformat.v4 import new_markdown_cell, new_notebook
from nbtruth.cli import main

from nbtruth import check_notebook

from .factories import code, md

WRONG = md(r"# D" "\n\n" r"$y = x^2$ and $\frac{dy}{dx} = 3x$")


def test_a_tagged_cell_and_a_marked_cell_are_left_alone(notebook):
    tagged = md(WRONG.source)
    tagged.metadata["tags"] = ["nbtruth-ignore"]
    assert check_notebook(notebook(tagged))[0] == []
    assert check_notebook(notebook(md(WRONG.source + "\n<!-- nbtruth: ignore -->")))[0] == []
    assert len(check_notebook(notebook(WRONG))[0]) == 1


def test_an_ignored_cells_claims_count_as_unchecked(notebook):
    tagged = md(WRONG.source)
    tagged.metadata["tags"] = ["nbtruth-ignore"]
    _, coverage = check_notebook(notebook(tagged))
    assert coverage.unchecked == 1 and coverage.checked == 0


def test_an_inline_marker_leaves_one_line_alone(notebook):
    cells = (md("# O"), code("print(1)  # 2  nbtruth: ignore\nprint(3)  # 4", "1\n3\n"))
    problems, _ = check_notebook(notebook(*cells))
    assert len(problems) == 1 and "line 2" in problems[0].message


def test_a_baseline_reports_only_new_problems(notebook, tmp_path, capsys):
    notebook(WRONG, name="old")
    baseline = tmp_path / "baseline.json"
    assert main([str(tmp_path), "--write-baseline", str(baseline)]) == 0
    assert json.loads(baseline.read_text())["problems"][0]["notebook"] == "old.ipynb"
    assert main([str(tmp_path), "--baseline", str(baseline)]) == 0
    notebook(md(WRONG.source.replace("3x", "4x")), name="new")
    capsys.readouterr()
    assert main([str(tmp_path), "--baseline", str(baseline)]) == 1
    out = capsys.readouterr().out
    assert "new.ipynb" in out and "old.ipynb, cell" not in out and "1 known problem(s)" in out


def test_a_baseline_kept_outside_the_course_still_matches_in_another_checkout(tmp_path, capsys):
    """Eleventh tester: a baseline written beside a laptop's checkout (not under it) named notebooks by absolute path,
    so in a CI runner's checkout, elsewhere, every known problem came back. They are named from the folder checked."""
    import shutil

    laptop, runner = tmp_path / "laptop" / "course", tmp_path / "runner" / "course"
    (laptop / "week1").mkdir(parents=True)
    nbformat.write(new_notebook(cells=[WRONG]), str(laptop / "week1" / "old.ipynb"))
    baseline = tmp_path / "ci" / "baseline.json"
    baseline.parent.mkdir()
    assert main([str(laptop), "--write-baseline", str(baseline)]) == 0
    assert json.loads(baseline.read_text())["problems"][0]["notebook"] == "week1/old.ipynb"
    shutil.copytree(laptop, runner)
    capsys.readouterr()
    assert main([str(runner), "--baseline", str(baseline)]) == 0
    assert "1 known problem(s)" in capsys.readouterr().out


def test_folders_are_searched_with_their_subfolders_but_not_checkpoints(tmp_path, capsys):
    for folder in ("lessons/week1", "lessons/week2", "lessons/week1/.ipynb_checkpoints"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        nbformat.write(new_notebook(cells=[new_markdown_cell("# A")]), str(tmp_path / folder / "a.ipynb"))
    assert main([str(tmp_path / "lessons"), "--quiet"]) == 0
    assert "2 notebook(s) checked" in capsys.readouterr().out


def test_progress_names_each_notebook_as_it_is_read_then_the_time_it_took(tmp_path, capsys):
    """`--progress`: a course whose run takes long shows, on stderr, which notebook is being read, and each line ends
    with that notebook's own time, the last one's too (round 65's tester read a line's time, given then for the
    notebook before, as the next one's); the report on stdout is unchanged."""
    for name in ("a", "b"):
        nbformat.write(new_notebook(cells=[new_markdown_cell("# A\n\n$1 + 1 = 2$")]), str(tmp_path / f"{name}.ipynb"))
    assert main([str(tmp_path), "--quiet", "--progress"]) == 0
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert len(lines) == 2
    for k, name in enumerate("ab"):
        assert re.fullmatch(rf"\[{k + 1}/2\] {re.escape(str(tmp_path / f'{name}.ipynb'))} \.\.\. \d+\.\d s", lines[k])
    assert "[1/2]" not in out and "2 notebook(s) checked" in out


def test_an_empty_notebook_file_is_one_problem_even_when_unchecked_statements_are_explained(notebook, tmp_path,
                                                                                            capsys):
    """An eighth tester's course holds a 0-byte .ipynb: reported as a problem, never a traceback, with or without
    --explain-unchecked, and the other notebooks are still checked. Both totals count the same notebooks (the
    thirteenth tester saw "all 45 notebooks" above "46 notebook(s) checked")."""
    notebook(WRONG, name="lesson")
    notebook(md("# E\n\n$y = 2$"), code("y = 2"), name="other")
    (tmp_path / "empty.ipynb").write_text("")
    for extra in ([], ["--explain-unchecked"]):
        capsys.readouterr()
        assert main([str(tmp_path), *extra]) == 1
        out = capsys.readouterr().out
        assert "empty.ipynb" in out and "not a valid notebook" in out and "lesson.ipynb, cell 0" in out
        assert "all 2 notebooks: " in out
        assert "2 notebook(s) checked (1 file(s) not read, each reported as a problem): 2 problem(s)" in out


def test_a_notebook_cut_off_says_where_it_ends(tmp_path, capsys):
    """Round 83: a course's notebook stops mid-cell at HEAD; nbformat's message quoted the file's start, `Notebook
    does not appear to be JSON: ''`, as if the file were empty. The message says where the JSON stops and that the
    file ends there; an empty file is said to be empty."""
    (tmp_path / "cut.ipynb").write_text('{\n "cells": [\n  {\n   "cell_type":')
    (tmp_path / "empty.ipynb").write_text("")
    assert main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    cut = "cut.ipynb is not a valid notebook: not JSON (Expecting value at line 4 column 16: the file ends there"
    assert f"{cut}, cut off)" in out
    assert "empty.ipynb is not a valid notebook: not JSON (the file is empty)" in out


def test_an_expected_output_no_line_is_held_to_is_explained(notebook, capsys):
    """The thirty-third tester: `--explain-unchecked` gave a reason for equations only, none for a print's comment
    that nbtruth could not place in a cell of many prints. It lists that comment with why it was not compared."""
    path = notebook(md("# O"), code("s = 'a\\nb'\nprint(s)\nprint(8)  # 8\nprint(s)", "a\nb\n8\na\nb\n"))
    assert main([str(path), "--explain-unchecked"]) == 0
    out = capsys.readouterr().out
    assert "cell 1: unchecked `print(8) # 8`: the cell's prints do not write one line each" in out


def test_no_notebook_found_is_an_error_that_says_so(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main([str(tmp_path / "empty")]) == 2
    assert "no notebook (.ipynb) found" in capsys.readouterr().err


def test_a_jupyter_books_sources_point_to_its_executed_pages(notebook, tmp_path, capsys):
    """rwexler's chem-402-5020 (round 54) keeps MyST `.md` pages, and its executed notebooks only under the build's
    `_build/jupyter_execute`, which the search skips as a copy. The error names that folder, and naming it checks
    them."""
    book = tmp_path / "book"
    (book / "_build" / "jupyter_execute" / "ch1").mkdir(parents=True)
    (book / "ch1.md").write_text("# Chapter 1\n")
    built = notebook(md("## A\n\n$2 + 2 = 5$"))
    (book / "_build" / "jupyter_execute" / "ch1" / "page.ipynb").write_bytes(built.read_bytes())
    assert main([str(book)]) == 2
    err = capsys.readouterr().err
    assert f"executed pages are under {book / '_build' / 'jupyter_execute'}" in err and "MyST .md pages" in err
    assert main([str(book / "_build" / "jupyter_execute")]) == 1


def test_notebooks_skipped_as_copies_are_counted_in_the_summary(notebook, tmp_path, capsys):
    """jorts64's Tecnologia-i-Enginyeria (round 75) commits `_build` copies beside its notebooks: 63 files, 21
    checked, and nothing said why. The summary counts the notebooks in build, checkpoint or hidden folders it skipped
    and names one; where there are none it says nothing."""
    course = tmp_path / "course"
    (course / "_build").mkdir(parents=True)
    (course / ".ipynb_checkpoints").mkdir()
    page = notebook(md("## A\n\n$2 + 2 = 4$"))
    for where in ("lesson.ipynb", "_build/lesson.ipynb", ".ipynb_checkpoints/lesson-checkpoint.ipynb"):
        (course / where).write_bytes(page.read_bytes())
    assert main([str(course)]) == 0
    out = capsys.readouterr().out
    assert "2 notebook(s) in build, checkpoint or hidden folders skipped as copies (such as " in out
    assert "1 notebook(s) checked: 0 problem(s)" in out
    assert main([str(course / "lesson.ipynb")]) == 0
    assert "skipped as copies" not in capsys.readouterr().out


def test_another_kernel_language_gets_the_language_independent_checks_said_once(notebook, capsys):
    path = notebook(md("# R\n\n" + WRONG.source.split("\n\n")[1]), code("a <- 8\nprint(a^2)  # 64", "[1] 64\n"))
    nb = nbformat.read(str(path), as_version=4)
    nb.metadata["kernelspec"] = {"name": "ir", "language": "R", "display_name": "R"}
    nbformat.write(nb, str(path))
    problems, coverage = check_notebook(path)
    assert [p.check for p in problems] == ["formula"]
    assert "kernel language r" in coverage.note
    assert main([str(path), "--quiet"]) == 1
    assert capsys.readouterr().out.count("kernel language r") == 1
    # eleventh tester: a course of 50 Julia notebooks repeated the note on every coverage line
    second = path.with_name("second.ipynb")
    second.write_text(path.read_text())
    assert main([str(path.parent)]) == 1
    out = capsys.readouterr().out
    assert out.count("kernel language r") == 1 and "2 notebook(s): kernel language r" in out


def test_every_spelling_of_python_is_python(notebook):
    """QuantEcon's kernelspec says `python3`: it was told only the language-independent checks ran."""
    path = notebook(md("# P"), code("a = 8\nprint(a**2)  # 65", "64\n"))
    nb = nbformat.read(str(path), as_version=4)
    for spelling in ("python3", "Python 3", "ipython3", "python3.11"):
        nb.metadata["kernelspec"] = {"name": "python3", "language": spelling, "display_name": "Python"}
        nbformat.write(nb, str(path))
        problems, coverage = check_notebook(path)
        assert coverage.note == "" and [p.check for p in problems] == ["expected output"], spelling


def test_old_notebooks_without_cell_ids_print_no_nbformat_warning(tmp_path):
    """Eleventh tester: nbformat's MissingIDFieldWarning landed in the output, once per old notebook."""
    raw = {"nbformat": 4, "nbformat_minor": 4, "metadata": {},
           "cells": [{"cell_type": "markdown", "metadata": {}, "source": "# A\n\n$x = 2$, so $x^2 = 4$."}]}
    (tmp_path / "old.ipynb").write_text(json.dumps(raw))
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        assert main([str(tmp_path)]) == 0
    assert not [w for w in seen if "MissingIDField" in w.category.__name__], seen


def test_a_notebook_whose_headings_are_all_third_level_names_them_in_its_problems(notebook):
    """Eleventh tester: with only `###` headings, problems were reported `(under '(before the first heading)')`."""
    problems, _ = check_notebook(notebook(md("### Spectrum\n\nLet $x = 2$. So $x^2 = 5$.")))
    assert len(problems) == 1 and problems[0].message.endswith("(under '### Spectrum')"), problems


def test_a_problem_in_a_cell_of_several_headings_names_the_heading_above_it(notebook):
    """Thirteenth tester: a markdown cell with two `##` parts labelled every problem with the last heading."""
    cell = md("## A\n\nLet $y = 2$ and $z = 3y = 7$.\n\n## B\n\nLet $y = 5$. Then $w = 2y = 11$.")
    problems, _ = check_notebook(notebook(cell))
    assert sorted(p.message.rsplit("(under ", 1)[1] for p in problems) == ["'## A')", "'## B')"], problems


def test_a_problem_names_the_nearest_heading_of_any_level_above_it(notebook):
    """Round 65's tester: a problem under `### Problem 8.3`, many `###` parts after `## Problem 6.4`, was filed under
    `## Problem 6.4`; a heading below the statement in its own cell is not named."""
    cells = [md("## Problem 6.4\n\nSee below."), md("### Problem 8.3\n\nLet $y = 2$. So $z = 3y = 7$.\n\n### Next")]
    problems, _ = check_notebook(notebook(*cells))
    assert len(problems) == 1 and problems[0].message.endswith("(under '### Problem 8.3')"), problems


def test_a_figures_options_and_a_display_over_a_rule_are_no_headings(notebook):
    """Fourteenth tester: a MyST figure's `height: 200px` over `---` (inside an admonition) and `\\end{bmatrix}` over
    a line `=` in a display were taken for headings: problems were filed "under '## height: 200px'"."""
    figure = "````{admonition} Problem\n```{figure} a.png\n---\nheight: 200px\n---\nA magnet\n```\n````"
    display = "$$ M =\n\\begin{bmatrix}\n1 \\\\ 2\n\\end{bmatrix}\n= \n\\begin{bmatrix}\n1 \\\\ 2\n\\end{bmatrix}$$"
    cells = [md(f"## Fields\n\nLet $y = 2$.\n\n{figure}\n\n{display}\n\nSo $z = 3y = 7$.")]
    problems, _ = check_notebook(notebook(*cells))
    assert len(problems) == 1 and problems[0].message.endswith("(under '## Fields')"), problems


def test_a_reader_that_stops_reading_ends_the_run_quietly(tmp_path):
    """`nbtruth course/ | head -1`: when the pipe closes before the run writes, it ends without a traceback (round
    30); `true` closes it at once, long before nbtruth has read its notebooks."""
    for k in range(3):
        nbformat.write(new_notebook(cells=[new_markdown_cell(f"## Part {k}\n\n$x = {k}$")]), tmp_path / f"n{k}.ipynb")
    result = subprocess.run(["bash", "-c", f"{sys.executable} -m nbtruth {tmp_path} | true; echo ${{PIPESTATUS[0]}}"],
                            capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "0"
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr


def test_the_coverage_line_counts_expected_output_comments_compared(notebook, capsys):
    """Round 79's tester: a notebook whose only check is an expected-output comment printed `no stating equation:
    nothing to check`, though that comment was compared (and reported when wrong). The coverage line counts the
    comments held to an output line, a remark not among them."""
    path = notebook(code("print(2 + 2)  # 4\nprint(3)  # the count", "4\n3\n"))
    assert main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "no stating equation, 1 expected-output comment(s) compared" in out and "nothing to check" not in out
    assert main([str(notebook(md("## Empty\n\nNo math here.")))]) == 0
    assert "no stating equation: nothing to check" in capsys.readouterr().out
