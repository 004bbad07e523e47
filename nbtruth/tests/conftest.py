"""The `notebook` fixture: write cells (see factories.py) to a notebook file in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest
from nbformat.v4 import new_notebook

# Other courses' notebooks are data for test_corpus.py, not notebooks of this project: nbval (make test
# passes --nbval) must not re-execute them, nor may the nbtruth plugin hold them to this chapter's style.
collect_ignore = ["corpus"]


@pytest.fixture
def notebook(tmp_path):
    """Write a notebook of these cells and return its path; `paired` also writes its jupytext py:percent twin."""

    def write(*cells, name: str = "lesson", paired: bool = False) -> Path:
        """Write NAME.ipynb (and, paired, NAME.py) in the test's temporary folder."""
        nb = new_notebook(cells=list(cells))
        path = tmp_path / f"{name}.ipynb"
        nbformat.write(nb, str(path))
        if paired:
            jupytext.write(nb, str(path.with_suffix(".py")), fmt="py:percent")
        return path

    return write
