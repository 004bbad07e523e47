"""The `notebook` fixture: write cells (see factories.py) to a notebook file in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_notebook


@pytest.fixture
def notebook(tmp_path):
    """Write a notebook of these cells and return its path."""

    def write(*cells, name: str = "lesson") -> Path:
        path = tmp_path / f"{name}.ipynb"
        nbformat.write(new_notebook(cells=list(cells)), str(path))
        return path

    return write
