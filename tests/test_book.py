"""The book's staging, on small inputs: pages cut from the README, alt texts, assignments without answers.

The built site itself is tested in a browser by tests/test_book_in_browser.py (`make test-browser`).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from chainrule_course.book import add_alt_text, chapter_map, readme_section, student_version
from chainrule_course.lab import HIDDEN, lab_command
from chainrule_course.launch import repository_url
from chainrule_course.repository import find

REPO = find(Path(__file__).resolve().parent)
ROOT = REPO.root

README = """# chainrule

## The chapter

| 1 | [One](notebooks/01_one.ipynb) |

## For instructors

See [`assignments/`](assignments/) and [the map](notebooks/01_one.ipynb) and [nbval](https://example.org/nbval).

### A sub-heading

Text.

## Next section
"""


def test_a_readme_section_becomes_a_page_with_working_links():
    page = readme_section(README, "For instructors", "https://github.com/o/r")
    assert page.startswith("# For instructors\n")
    assert "[`assignments/`](https://github.com/o/r/tree/main/assignments/)" in page
    assert "[the map](01_one.ipynb)" in page and "(https://example.org/nbval)" in page
    assert "\n## A sub-heading\n" in page and "Next section" not in page
    with pytest.raises(ValueError, match="no section '## Missing'"):
        readme_section(README, "Missing", "https://github.com/o/r")


def test_the_chapter_map_is_the_index_notebooks_table():
    table = chapter_map("# # Map\n#\n# | § | Section |\n# |---|---|\n# | 1 | [One](01_one.ipynb) |\n")
    assert table.splitlines() == ["| § | Section |", "|---|---|", "| 1 | [One](01_one.ipynb) |"]
    with pytest.raises(ValueError, match="no chapter-map table"):
        chapter_map("# # Map without a table\n")


def _figure_notebook(intro: str):
    figure = nbformat.v4.new_code_cell("plt.show()", outputs=[
        nbformat.v4.new_output("display_data", data={"image/png": "iVBOR", "text/plain": "<Figure>"})])
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(intro), figure])


def test_a_figure_takes_its_alt_text_from_the_paragraph_before_it():
    nb = _figure_notebook("## The picture\n\nSome context.\n\nThe **tangent** at $x = 3$ has `slope` 8.")
    assert add_alt_text(nb) == 1
    assert nb.cells[1].metadata["mystnb"]["image"]["alt"] == "The tangent at x = 3 has slope 8."
    with pytest.raises(ValueError, match="no sentence introducing it"):
        add_alt_text(_figure_notebook("### Only a heading"))


def test_students_get_the_assignment_without_solutions_hidden_tests_or_outputs():
    source = ("def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n")
    test = "assert f(1) == 2\n### BEGIN HIDDEN TESTS\nassert f(5) == 10\n### END HIDDEN TESTS\n"
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(source, outputs=[nbformat.v4.new_output("stream", text="done")], execution_count=3),
        nbformat.v4.new_code_cell(test)])
    released = student_version(nb)
    assert released.cells[0].source == "def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n"
    assert released.cells[1].source == "assert f(1) == 2\n"
    assert released.cells[0].outputs == [] and released.cells[0].execution_count is None
    assert "return 2 * x" in nb.cells[0].source, "the instructor's notebook is left as it was"


def test_the_repository_url_is_one_setting(tmp_path):
    assert repository_url(REPO.pyproject).startswith("https://")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    with pytest.raises(ValueError, match="no \\[project.urls\\] Repository"):
        repository_url(tmp_path / "pyproject.toml")


def test_lab_hides_the_py_twins_pairs_them_and_asks_nothing():
    command = lab_command(REPO.notebooks, REPO.jupytext_config, ["--port=0"])
    assert "--ContentsManager.hide_globs=[0-9][0-9]_*.py" in command and HIDDEN[0] == "__pycache__"
    assert "--JupytextConfiguration.formats=ipynb,py:percent" in command
    assert any(option.startswith("--LabApp.app_settings_dir=") for option in command)
    assert command[-1] == "--port=0"
