"""The chapter's checkers on the chapter's own notebooks: formula errors planted in the real text must fail.

nbtruth's tests (nbtruth/tests) plant every other kind of disagreement in small notebooks of their own.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from chainrule_course.verify import check_notebook

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

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
