"""The drift report: which cells' outputs changed, told briefly enough to read at a glance."""

from __future__ import annotations

from pathlib import Path

import nbformat
from chainrule_course.drift import compare_outputs, report, sanitizers
from chainrule_course.repository import find

RULES = sanitizers(find(Path(__file__).resolve().parent).sanitizers)


def notebook(*outputs: list) -> nbformat.NotebookNode:
    """A notebook of a markdown cell, then one code cell per list of outputs."""
    cells = [nbformat.v4.new_markdown_cell("# Title")]
    cells += [nbformat.v4.new_code_cell(f"cell {i}", outputs=out) for i, out in enumerate(outputs)]
    return nbformat.v4.new_notebook(cells=cells)


def stream(text: str):
    return nbformat.v4.new_output("stream", text=text)


def error(name: str, message: str):
    return nbformat.v4.new_output("error", ename=name, evalue=message, traceback=["..."])


def test_an_unchanged_notebook_reports_one_line():
    old = notebook([stream("tensor(8.)\n")], [stream("<Figure at 0x7f00aa>\n")])
    new = notebook([stream("tensor(8.)\n")], [stream("<Figure at 0x7fffff>\n")])  # addresses are sanitised
    assert compare_outputs(old, new, RULES) == []
    assert report("01.ipynb", [], 2) == "01.ipynb: unchanged"


def test_a_reworded_error_is_named_by_cell_with_a_short_diff():
    old = notebook([stream("ok\n")], [error("RuntimeError", "one of the variables needed was modified")])
    new = notebook([stream("ok\n")], [error("RuntimeError", "a variable needed for gradient computation was modified")])
    (change,) = compare_outputs(old, new, RULES)
    assert change.cell == 2
    assert change.diff == ["@@ -1 +1 @@", "-RuntimeError: one of the variables needed was modified",
                           "+RuntimeError: a variable needed for gradient computation was modified"]
    text = report("11.ipynb", [change], 2)
    assert text.splitlines()[0] == "11.ipynb: 1 of 2 code cells changed"
    assert "  cell 2:" in text


def test_long_diffs_are_cut_and_ignored_cells_skipped():
    old = notebook([stream("".join(f"norm {i}\n" for i in range(40)))], [stream("0.12 s\n")])
    new = notebook([stream("".join(f"norm {i}.5\n" for i in range(40)))], [stream("0.31 s\n")])
    new.cells[2].metadata["tags"] = old.cells[2].metadata["tags"] = ["nbval-ignore-output"]
    (change,) = compare_outputs(old, new, RULES)
    assert len(change.diff) == 13 and change.diff[-1].startswith("... ")
