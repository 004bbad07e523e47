"""Every chapter notebook against its own text and the house conventions (CONVENTIONS.md).

nbval re-executes the same notebooks and compares every output; these tests check what nbval
cannot: the .py/.ipynb pairing, the expected-output comments and the values stated in the prose.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from chainrule_course.repository import find

REPO = find(Path(__file__).resolve().parent)
ROOT = REPO.root
NOTEBOOKS = REPO.notebooks

SOURCES = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))
IDS = [p.stem for p in SOURCES]
INDEX = NOTEBOOKS / "00_index.py"
SECTIONS = [p for p in SOURCES if p != INDEX]


def report(problems) -> str:
    return "\n".join(str(p) for p in problems)


def load(py):
    path = py.with_suffix(".ipynb")
    assert path.exists(), f"{py.name} has no generated notebook: run `make execute NB={py}`"
    return path, nbformat.read(str(path), as_version=4)


def test_there_are_notebooks_to_check():
    assert len(SOURCES) >= 3
    assert sorted(NOTEBOOKS.glob("*.ipynb")) == [p.with_suffix(".ipynb") for p in SOURCES]


# Pairing, expected outputs, stated numbers and formulas: nbtruth's pytest plugin checks every
# notebook (switched on in pyproject.toml), one test per notebook and check.


def test_the_map_and_the_readme_list_every_section_in_order():
    linked = re.findall(r"\]\((\d\d_\w+)\.ipynb\)", INDEX.read_text())
    assert linked == [p.stem for p in SECTIONS], "00_index must link every section, in order"
    readme = (ROOT / "README.md").read_text()
    assert re.findall(r"\]\(notebooks/(\d\d_\w+)\.ipynb\)", readme.split("## How verification")[0]) == [
        p.stem for p in SECTIONS
    ] + ["00_index"], "the README's table must list every section, in order, then point to the map"


@pytest.mark.parametrize("py", SECTIONS, ids=[p.stem for p in SECTIONS])
def test_notebook_follows_the_anatomy(py):
    _, nb = load(py)
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert re.match(r"# \d+\. ", markdown[0]), f"{py.name}: the first cell must be the '# N. Title'"
    headings = [line for m in markdown for line in m.splitlines() if line.startswith("## ")]
    assert headings[-2:] == ["## Exercises", "## Summary"], f"{py.name}: must end with Exercises, then Summary"
    bullets = [line for line in markdown[-1].splitlines() if line.startswith("- ")]
    assert 3 <= len(bullets) <= 5, f"{py.name}: the summary has {len(bullets)} bullets, not three to five"
    assert all(c.execution_count is not None for c in code), f"{py.name}: not executed (make execute)"
    assert all(o.output_type != "error" or "raises-exception" in c.metadata.get("tags", [])
               for c in code for o in c.outputs), f"{py.name}: a cell raised without the raises-exception tag"


@pytest.mark.parametrize("py", SOURCES, ids=IDS)
def test_outputs_show_the_reader_no_memory_addresses(py):
    _, nb = load(py)
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            text = out.get("text", "") + out.get("data", {}).get("text/plain", "")
            assert " at 0x" not in text, f"{py.name} cell {i} shows an object's repr: {text.strip()[:80]!r}"


@pytest.mark.parametrize("py", SOURCES, ids=IDS)
def test_random_notebooks_are_seeded_first(py):
    _, nb = load(py)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    if any(re.search(r"torch\.(randn|rand|randint|randperm|normal)\b|\.normal_\(|\.uniform_\(", s) for s in code):
        assert "torch.manual_seed(0)" in code[0], f"{py.name} draws random numbers: seed in its first code cell"


@pytest.mark.parametrize("py", SOURCES, ids=IDS)
def test_figures_are_titled_and_introduced(py):
    _, nb = load(py)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and any("image/png" in o.get("data", {}) for o in cell.outputs):
            assert i > 0 and nb.cells[i - 1].cell_type == "markdown", f"{py.name} cell {i}: say what to look at"
            # The helpers plot_tangent and draw_graph always set a title (tested in test_plots.py).
            titled = re.search(r"title|plot_tangent\(|draw_graph\(", cell.source)
            assert titled, f"{py.name} cell {i}: figure without a title"


def test_assignments_are_paired_and_agree_with_their_text():
    from chainrule_course.verify import verify_paths

    count, problems = verify_paths([ROOT / "assignments"])
    assert count >= 4
    assert not problems, report(problems)
